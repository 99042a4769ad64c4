"""The retry policy: what is retried, how long it waits, when it gives up."""

from __future__ import annotations

import pytest

from osu_core import (
    NO_RETRY,
    HTTPError,
    InvalidArgument,
    RateLimitError,
    ReplayUnavailable,
    RequestTimeoutError,
    ResponseError,
    ResponseTooLargeError,
    RetryPolicy,
    RouteNotFound,
    TransportError,
    TransportFailure,
    WrongApiKey,
    is_retryable,
)

LOST = TransportFailure.CONNECTION_LOST


def lost(message: str = "x") -> TransportError:
    return TransportError(message, kind=LOST)


RETRYABLE = [
    TransportError("connection reset", kind=LOST),
    TransportError("server said HTTP/9", kind=TransportFailure.PROTOCOL),
    TransportError("connection refused", kind=TransportFailure.CONNECT),
    RequestTimeoutError("read timed out"),
    HTTPError("bad gateway", 502),
    HTTPError("internal error", 500),
    RateLimitError("429"),
    RateLimitError("Requesting too fast! Slow your operation, cap'n!", 200),
]
FINAL = [
    WrongApiKey("Please provide a valid API key."),
    InvalidArgument("bad mode", parameter="mode"),
    RouteNotFound("gone"),
    ReplayUnavailable("Replay not available."),
    HTTPError("teapot", 418),
    HTTPError("no code"),
    ResponseError("not JSON", endpoint="get_user"),
    ResponseTooLargeError("too big", limit=10, endpoint="get_user"),
    TransportError("no such host", kind=TransportFailure.NAME_RESOLUTION),
    TransportError("unsupported protocol"),
]


class TestIsRetryable:
    @pytest.mark.parametrize("error", RETRYABLE, ids=repr)
    def test_transient(self, error):
        assert is_retryable(error)

    @pytest.mark.parametrize("error", FINAL, ids=repr)
    def test_final(self, error):
        assert not is_retryable(error)


class TestDelay:
    def test_exponential_without_jitter(self):
        policy = RetryPolicy(max_attempts=10, backoff=0.5, jitter=0.0, max_backoff=3.0)
        error = lost()
        assert [policy.delay(n, error) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]

    @pytest.mark.parametrize(("draw", "expected"), [(0.0, 0.5), (0.5, 0.75), (0.999, 0.9995)])
    def test_equal_jitter_from_injected_source(self, draw, expected):
        policy = RetryPolicy(backoff=1.0, random=lambda: draw)
        assert policy.delay(1, lost()) == pytest.approx(expected)

    def test_full_jitter(self):
        policy = RetryPolicy(backoff=1.0, jitter=1.0, random=lambda: 0.25)
        assert policy.delay(2, lost()) == pytest.approx(0.5)

    def test_gives_up_after_max_attempts(self):
        policy = RetryPolicy(max_attempts=3)
        assert policy.delay(2, lost()) is not None
        assert policy.delay(3, lost()) is None

    @pytest.mark.parametrize("error", FINAL, ids=repr)
    def test_never_retries_other_errors(self, error):
        assert RetryPolicy().delay(1, error) is None

    def test_retry_after_is_a_floor(self):
        policy = RetryPolicy(backoff=0.5, jitter=0.0)
        assert policy.delay(1, RateLimitError("slow", retry_after=7.0)) == 7.0
        assert policy.delay(1, RateLimitError("slow", retry_after=0.0)) == 0.5

    def test_too_long_retry_after_is_raised(self):
        policy = RetryPolicy(max_retry_after=60.0)
        assert policy.delay(1, RateLimitError("slow", retry_after=3600.0)) is None

    def test_no_retry(self):
        assert NO_RETRY.delay(1, lost()) is None

    @pytest.mark.parametrize(
        ("kwargs", "parameter"),
        [
            ({"max_attempts": 0}, "max_attempts"),
            ({"backoff": -1.0}, "backoff"),
            ({"jitter": 1.5}, "jitter"),
            ({"max_retry_after": -1.0}, "max_retry_after"),
        ],
    )
    def test_rejects_bad_settings(self, kwargs, parameter):
        with pytest.raises(InvalidArgument) as info:
            RetryPolicy(**kwargs)
        assert info.value.parameter == parameter

    def test_policies_compare_by_settings(self):
        assert RetryPolicy(random=lambda: 0.0) == RetryPolicy()
        assert "random" not in repr(RetryPolicy())

    @pytest.mark.parametrize(
        ("kwargs", "parameter"),
        [
            ({"max_attempts": "3"}, "max_attempts"),
            ({"max_attempts": 2.0}, "max_attempts"),
            ({"max_attempts": True}, "max_attempts"),
            ({"max_attempts": 10**6}, "max_attempts"),
            ({"backoff": "0.5"}, "backoff"),
            ({"backoff": float("nan")}, "backoff"),
            ({"max_backoff": float("inf")}, "max_backoff"),
            ({"max_retry_after": 1e10}, "max_retry_after"),
            ({"budget": -1}, "budget"),
            ({"budget": "60"}, "budget"),
            ({"connect_attempts": 0}, "connect_attempts"),
            ({"random": 0.5}, "random"),
        ],
    )
    def test_rejects_wrong_types_and_values(self, kwargs, parameter):
        with pytest.raises(InvalidArgument) as info:
            RetryPolicy(**kwargs)
        assert info.value.parameter == parameter
        assert parameter in str(info.value)

    def test_a_broken_random_source_cannot_make_a_wait_endless(self):
        policy = RetryPolicy(backoff=1.0, random=lambda: float("inf"))
        assert policy.delay(1, lost()) == pytest.approx(0.75)


class TestFailureKinds:
    def test_a_refused_connection_is_retried_once_by_default(self):
        refused = TransportError("refused", kind=TransportFailure.CONNECT)
        policy = RetryPolicy(max_attempts=10, jitter=0.0)
        assert policy.delay(1, refused) == 0.5
        assert policy.delay(2, refused) is None

    def test_connect_attempts_sets_how_often(self):
        refused = TransportError("refused", kind=TransportFailure.CONNECT)
        policy = RetryPolicy(max_attempts=10, connect_attempts=3, jitter=0.0)
        assert [policy.delay(n, refused) for n in (1, 2, 3)] == [0.5, 1.0, None]

    def test_other_failures_keep_every_attempt(self):
        policy = RetryPolicy(max_attempts=5, jitter=0.0)
        assert [policy.delay(n, lost()) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 4.0, None]

    def test_a_name_that_does_not_resolve_is_never_retried(self):
        dns = TransportError("no such host", kind=TransportFailure.NAME_RESOLUTION)
        assert RetryPolicy().delay(1, dns) is None

    def test_timeouts_are_transport_errors_of_kind_timeout(self):
        assert RequestTimeoutError("slow").kind is TransportFailure.TIMEOUT
        assert TransportError("?").kind is TransportFailure.OTHER


class TestBudget:
    def test_no_wait_may_end_past_the_budget(self):
        policy = RetryPolicy(max_attempts=10, backoff=4.0, jitter=0.0, budget=10.0)
        assert policy.delay(1, lost(), elapsed=0.0) == 4.0
        assert policy.delay(2, lost(), elapsed=4.5) is None  # 4.5 + 8 > 10
        assert policy.delay(2, lost(), elapsed=2.0) == 8.0  # exactly 10

    def test_a_retry_after_past_the_budget_is_raised_not_waited(self):
        policy = RetryPolicy(budget=60.0)
        assert policy.delay(1, RateLimitError("slow", retry_after=119.0)) is None
        assert policy.delay(1, RateLimitError("slow", retry_after=30.0), elapsed=1.0) == 30.0
        assert policy.delay(1, RateLimitError("slow", retry_after=30.0), elapsed=31.0) is None

    def test_a_nan_retry_after_is_raised(self):
        assert RetryPolicy().delay(1, RateLimitError("slow", retry_after=float("nan"))) is None

    def test_no_budget(self):
        policy = RetryPolicy(max_attempts=3, budget=None, max_retry_after=3600.0)
        assert policy.delay(1, RateLimitError("slow", retry_after=3000.0), elapsed=1e6) == 3000.0

    def test_the_default_policy_bounds_a_call(self):
        policy = RetryPolicy(random=lambda: 1.0)
        elapsed, attempt = 0.0, 1
        while (wait := policy.delay(attempt, lost(), elapsed=elapsed)) is not None:
            elapsed += wait
            attempt += 1
        assert attempt == policy.max_attempts
        assert elapsed <= 60.0

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
    RetryPolicy,
    RouteNotFound,
    TransportError,
    WrongApiKey,
    is_retryable,
)

RETRYABLE = [
    TransportError("connection reset"),
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
        error = TransportError("reset")
        assert [policy.delay(n, error) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]

    @pytest.mark.parametrize(("draw", "expected"), [(0.0, 0.5), (0.5, 0.75), (0.999, 0.9995)])
    def test_equal_jitter_from_injected_source(self, draw, expected):
        policy = RetryPolicy(backoff=1.0, random=lambda: draw)
        assert policy.delay(1, TransportError("x")) == pytest.approx(expected)

    def test_full_jitter(self):
        policy = RetryPolicy(backoff=1.0, jitter=1.0, random=lambda: 0.25)
        assert policy.delay(2, TransportError("x")) == pytest.approx(0.5)

    def test_gives_up_after_max_attempts(self):
        policy = RetryPolicy(max_attempts=3)
        assert policy.delay(2, TransportError("x")) is not None
        assert policy.delay(3, TransportError("x")) is None

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
        assert NO_RETRY.delay(1, TransportError("x")) is None

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

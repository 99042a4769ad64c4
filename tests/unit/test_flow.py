"""The call flow, driven by hand: the actions it yields and what it does with each reply."""

from __future__ import annotations

import json

import pytest

import osu_core
from osu_core import (
    Call,
    HTTPError,
    RateLimit,
    RateLimiter,
    RateLimitError,
    RateLimits,
    Reply,
    Request,
    Response,
    ResponseError,
    RetryPolicy,
    Send,
    Sleep,
    TransportError,
    TransportFailure,
    WrongApiKey,
    call_flow,
)

KEY = "s3cr3t-key-0123456789"
LOST = TransportFailure.CONNECTION_LOST


def parse(response: Response) -> object:
    """A stand-in parser with the error mapping the endpoints use."""
    if response.status_code == 429:
        after = response.headers.get("retry-after")
        raise RateLimitError("429", 429, retry_after=float(after) if after else None)
    if response.status_code == 401:
        raise WrongApiKey("Please provide a valid API key.", 401)
    if response.status_code >= 500:
        raise HTTPError("server error", response.status_code)
    try:
        return json.loads(response.body)
    except ValueError as exc:
        raise ResponseError("not JSON", endpoint="get_user") from exc


CALL = Call(
    request=Request(endpoint="get_user", path="/api/get_user", params=(("u", "2"),)),
    parse=parse,
)
OK = Response(status_code=200, body=b'[{"user_id": "2"}]')


def run(flow, replies):
    """Drive ``flow`` with ``replies`` (functions of the action); return actions and result."""
    actions = [next(flow)]
    for make in replies:
        try:
            actions.append(flow.send(make(actions[-1])))
        except StopIteration as stop:
            return actions, stop.value
    raise AssertionError(f"flow still running after {actions}")


class TestCallFlow:
    def test_single_attempt(self):
        flow = call_flow(CALL, now=0.0, base_url="http://x", api_key=KEY)
        actions, result = run(flow, [lambda a: Reply(now=0.0, response=OK)])
        assert result == [{"user_id": "2"}]
        (send,) = actions
        assert isinstance(send, Send)
        assert send.attempt == 1
        assert send.request.url == "http://x/api/get_user"
        assert send.request.params_with_key() == (("k", KEY), ("u", "2"))
        assert KEY not in repr(send)

    def test_waits_for_a_rate_limit_slot(self):
        limiter = RateLimiter(RateLimits(default=RateLimit(1, 2.0), endpoints={}, headroom=0))
        limiter.reserve(CALL.request, 0.0)
        flow = call_flow(CALL, now=0.5, limiter=limiter)
        actions, _ = run(flow, [lambda a: Reply(now=2.0), lambda a: Reply(now=2.1, response=OK)])
        assert actions[0] == Sleep(seconds=1.5, reason="rate limit", attempt=1)
        assert isinstance(actions[1], Send)

    def test_retries_transport_errors_then_succeeds(self):
        error = TransportError("reset", kind=TransportFailure.CONNECTION_LOST)
        policy = RetryPolicy(jitter=0.0, backoff=1.0)
        flow = call_flow(CALL, now=0.0, retry=policy)
        actions, result = run(
            flow,
            [
                lambda a: Reply(now=0.0, error=error),
                lambda a: Reply(now=1.0),
                lambda a: Reply(now=1.0, response=Response(status_code=503)),
                lambda a: Reply(now=3.0),
                lambda a: Reply(now=3.0, response=OK),
            ],
        )
        assert result == [{"user_id": "2"}]
        assert [type(a).__name__ for a in actions] == ["Send", "Sleep", "Send", "Sleep", "Send"]
        assert actions[1] == Sleep(seconds=1.0, reason="retry", attempt=2, error=error)
        assert actions[3].seconds == 2.0
        assert actions[4].attempt == 3

    def test_gives_up_with_the_last_error(self):
        error = TransportError("reset", kind=TransportFailure.CONNECTION_LOST)
        flow = call_flow(CALL, now=0.0, retry=RetryPolicy(max_attempts=2, jitter=0.0))
        next(flow)
        flow.send(Reply(now=0.0, error=error))
        flow.send(Reply(now=1.0))
        with pytest.raises(TransportError) as info:
            flow.send(Reply(now=1.0, error=TransportError("again", kind=LOST)))
        assert str(info.value) == "again"

    def test_other_errors_are_raised_at_once(self):
        flow = call_flow(CALL, now=0.0, retry=RetryPolicy())
        next(flow)
        with pytest.raises(WrongApiKey):
            flow.send(Reply(now=0.0, response=Response(status_code=401)))

    def test_garbage_is_raised_at_once(self):
        flow = call_flow(CALL, now=0.0, retry=RetryPolicy())
        next(flow)
        with pytest.raises(ResponseError):
            flow.send(Reply(now=0.0, response=Response(status_code=200, body=b"<html>")))

    def test_429_honours_retry_after_and_pauses_the_limiter(self):
        limiter = RateLimiter(RateLimits(default=RateLimit(100, 1.0), endpoints={}, headroom=0))
        flow = call_flow(CALL, now=0.0, limiter=limiter, retry=RetryPolicy(jitter=0.0))
        next(flow)
        refused = Response(status_code=429, headers={"Retry-After": "5"})
        sleep = flow.send(Reply(now=0.0, response=refused))
        assert sleep.seconds == 5.0
        assert sleep.reason == "retry"
        assert sleep.reason is osu_core.SleepReason.RETRY
        assert str(sleep.reason) == "retry"
        # another call booked meanwhile waits for the pause too
        assert limiter.reserve(CALL.request, 0.0) == pytest.approx(5.0)
        # this one, woken at 5.0, finds its slot taken by the other and waits one interval
        after = flow.send(Reply(now=5.0))
        assert after == Sleep(seconds=pytest.approx(0.01), reason="rate limit", attempt=2)

    def test_a_retry_after_past_the_budget_is_raised_and_pauses_no_one(self):
        limiter = RateLimiter(RateLimits(default=RateLimit(100, 1.0), endpoints={}, headroom=0))
        flow = call_flow(CALL, now=0.0, limiter=limiter, retry=RetryPolicy(budget=60.0))
        next(flow)
        refused = Response(status_code=429, headers={"Retry-After": "119"})
        with pytest.raises(RateLimitError) as info:
            flow.send(Reply(now=0.0, response=refused))
        assert info.value.retry_after == 119.0
        assert limiter.reserve(CALL.request, 0.0) < 1.0  # the client's other calls go on

    def test_the_budget_counts_from_the_first_attempt_not_the_rate_limit_wait(self):
        limiter = RateLimiter(RateLimits(default=RateLimit(1, 100.0), endpoints={}, headroom=0))
        limiter.reserve(CALL.request, 0.0)  # the only slot of the next 100 s is taken
        policy = RetryPolicy(jitter=0.0, backoff=5.0, budget=10.0)
        flow = call_flow(CALL, now=0.0, limiter=limiter, retry=policy)
        wait = next(flow)
        assert wait.reason is osu_core.SleepReason.RATE_LIMIT
        assert wait.seconds == pytest.approx(100.0)
        send = flow.send(Reply(now=100.0))
        assert isinstance(send, Send)
        backoff = flow.send(Reply(now=101.0, error=TransportError("reset", kind=LOST)))
        assert backoff == Sleep(seconds=5.0, reason="retry", attempt=2, error=backoff.error)
        limits = RateLimits(default=RateLimit(1000, 1.0), endpoints={}, headroom=0)
        flow = call_flow(CALL, now=0.0, limiter=RateLimiter(limits), retry=policy)
        next(flow)
        with pytest.raises(TransportError):  # 7 s in, a 5 s wait would end past 10 s
            flow.send(Reply(now=7.0, error=TransportError("reset", kind=LOST)))

    def test_a_send_needs_an_answer(self):
        flow = call_flow(CALL, now=0.0)
        next(flow)
        with pytest.raises(TypeError):
            flow.send(Reply(now=0.0))

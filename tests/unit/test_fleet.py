"""The shared rate limiter's pure parts: the scripts it asks for, what it makes of the
answers and of failures, and how ``call_flow`` drives it (no Redis here: the scripts run
against a real server in ``tests/integration/test_fleet.py``)."""

from __future__ import annotations

import hashlib

import pytest

import osu_core
from osu_core import (
    Coordinate,
    InvalidArgument,
    RateLimit,
    RateLimitError,
    RateLimits,
    Reply,
    Response,
    ScriptCall,
    Send,
    SharedLimiter,
    SharedLimitError,
    Sleep,
    call_flow,
    key_id,
)
from osu_core._fleet import PAUSE_SCRIPT, RESERVE_SCRIPT
from tests._support import ROOT

KEY = "0123456789abcdef0123456789abcdef01234567"
LIMITS = RateLimits(default=RateLimit(600, 60.0, burst=100))  # 0.1 s apart, 10 s of burst


def shared(**kwargs: object) -> SharedLimiter:
    return SharedLimiter(LIMITS, key=KEY, **kwargs)  # type: ignore[arg-type]


def test_key_id_is_stable_short_and_not_the_key():
    assert key_id(KEY) == key_id(KEY)
    assert key_id(KEY) != key_id(KEY[::-1])
    assert len(key_id(KEY)) == 16
    assert KEY not in key_id(KEY)
    assert all(KEY[i : i + 8] not in key_id(KEY) for i in range(len(KEY) - 8))


def test_reserve_asks_redis_with_every_bucket_of_the_request():
    limiter = shared()
    replay = limiter.reserve(osu_core.get_replay(0, 1, 2).request, now=0.0)
    assert isinstance(replay, ScriptCall)
    assert replay.script == RESERVE_SCRIPT
    assert replay.sha1 == hashlib.sha1(RESERVE_SCRIPT.encode()).hexdigest()
    base = f"osu-api-v1:{{{key_id(KEY)}}}"
    assert replay.keys == (f"{base}:default", f"{base}:endpoint:get_replay")
    # intervals and tolerances in microseconds, stretched by the 1% headroom
    assert replay.args == ("101000", "10100000", "6060000", "0")
    user = limiter.reserve(osu_core.get_user(2).request, now=0.0)
    assert isinstance(user, ScriptCall)
    assert user.keys == (f"{base}:default",)
    assert KEY not in repr(replay) + repr(user)


def test_a_request_that_counts_against_no_budget_waits_for_nothing():
    limiter = shared()
    # The .osu download carries no key and has no budget of its own.
    assert limiter.reserve(osu_core.get_beatmap_file(75).request, now=0.0) == 0.0


def test_replies_are_read_as_a_slot_on_redis_clock_and_checked():
    limiter = shared()
    t0 = 1_700_000_000_000_000  # Redis's clock, in microseconds
    # Redis is 1.7e9 s ahead of our clock; a 2 ms round trip, Redis read its clock mid-way.
    assert limiter.reserved([t0, t0], sent=0.0, received=0.002) == 0.0
    assert limiter.reserved([t0, t0 + 1_500_000], sent=0.0, received=0.002) == pytest.approx(1.499)
    for bad in (None, 12, [1], [1, 2, 3], ["1", "2"], [True, 1], [1.0, 2.0], (5, 3)):
        with pytest.raises(SharedLimitError, match="answered"):
            limiter.reserved(bad, sent=0.0, received=0.0)
    with pytest.raises(SharedLimitError, match="out of range"):
        limiter.reserved([t0, t0 + 10**12], sent=0.0, received=0.0)


def test_the_wait_does_not_carry_a_slow_answer_s_delay():
    """Two bookings an interval apart leave an interval apart, however late each answer came
    back: the slot is converted through the clock offset of the fastest round trip."""
    limiter = shared()
    redis_at = 1_700_000_000_000_000 - 10_000_000  # Redis reads 10 s less than our clock
    first = limiter.reserved([redis_at, redis_at + 100_000], sent=10.0, received=10.001)
    # The second answer took 80 ms to come back (a queue of worker threads); its slot is
    # 101 ms after the first one's.
    second = limiter.reserved([redis_at + 1_000, redis_at + 201_000], sent=10.001, received=10.081)
    assert 10.001 + first == pytest.approx(10.1005, abs=1e-6)
    assert (10.081 + second) - (10.001 + first) == pytest.approx(0.101, abs=1e-3)
    # A naive wait (slot minus Redis's now, from the answer) would have left 0.18 s apart.


def test_the_offset_follows_the_fastest_round_trip_and_ages():
    limiter = shared()
    base = 1_700_000_000_000_000
    limiter.reserved([base, base], sent=0.0, received=0.010)  # 10 ms round trip
    limiter.reserved([base + 1_000_000, base + 1_000_000], sent=1.0, received=1.001)
    assert limiter._offset_rtt == pytest.approx(0.001)
    # A slower sample later does not replace it...
    limiter.reserved([base + 2_000_000, base + 2_000_000], sent=2.0, received=2.005)
    assert limiter._offset_rtt == pytest.approx(0.001)
    # ...until the best has aged past it (100 ppm: 40 s make 4 ms).
    limiter.reserved([base + 60_000_000, base + 60_000_000], sent=60.0, received=60.005)
    assert limiter._offset_rtt == pytest.approx(0.005)


def test_failure_falls_back_to_the_local_limiter_until_the_probe_interval_ends():
    limiter = shared(probe_interval=5.0)
    request = osu_core.get_user(2).request
    error = SharedLimitError("Redis at 127.0.0.1:1 failed: refused")
    assert limiter.failed(request, error, now=100.0) == 0.0
    assert limiter.degraded(100.0)
    assert limiter.degraded(104.9)
    # Bookings are local meanwhile: no script, and the local budget's spacing.
    waits = [limiter.reserve(request, now=101.0) for _ in range(120)]
    same = osu_core.RateLimiter(LIMITS)
    same.reserve(request, 100.0)
    assert waits == [same.reserve(request, 101.0) for _ in range(120)]
    assert waits[0] == 0.0
    assert waits[-1] > 0.5
    assert not limiter.degraded(105.0)
    assert isinstance(limiter.reserve(request, now=105.0), ScriptCall)
    limiter.reserved([5, 5], sent=105.0, received=105.0)
    assert not limiter.degraded(105.0)


def test_on_error_raise_fails_the_call():
    limiter = shared(on_error="raise")
    error = SharedLimitError("Redis at 127.0.0.1:1 failed: refused")
    with pytest.raises(SharedLimitError) as raised:
        limiter.failed(osu_core.get_user(2).request, error, now=0.0)
    assert raised.value is error
    assert not limiter.degraded(0.0)


def test_pause_asks_redis_for_the_refused_bucket_and_pauses_locally_too():
    limiter = shared()
    request = osu_core.get_replay(0, 1, 2).request
    script = limiter.pause(request, 7.5, now=10.0)
    assert isinstance(script, ScriptCall)
    assert script.script == PAUSE_SCRIPT
    assert script.keys == (f"osu-api-v1:{{{key_id(KEY)}}}:endpoint:get_replay",)
    assert script.args == ("7500000", "0")
    assert limiter.local.reserve(request, 10.0) == pytest.approx(7.5)
    assert limiter.pause(osu_core.get_beatmap_file(75).request, 1.0, now=0.0) is None


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"on_error": "ignore"}, "on_error"),
        ({"probe_interval": 0}, "probe_interval"),
        ({"probe_interval": True}, "probe_interval"),
        ({"probe_interval": float("nan")}, "probe_interval"),
        ({"prefix": ""}, "prefix"),
        ({"prefix": "a{b"}, "prefix"),
        ({"prefix": "é"}, "prefix"),
    ],
)
def test_bad_settings_are_named(kwargs, parameter):
    with pytest.raises(InvalidArgument) as raised:
        shared(**kwargs)
    assert raised.value.parameter == parameter


def test_limits_must_be_rate_limits():
    with pytest.raises(InvalidArgument, match="limits"):
        SharedLimiter(RateLimit(1, 1.0), key=KEY)  # type: ignore[arg-type]


def test_the_key_never_shows():
    limiter = shared()
    assert KEY not in repr(limiter)
    assert KEY not in repr(vars(limiter))


# --- driven by call_flow ---------------------------------------------------------------------


def ok() -> Response:
    return Response(status_code=200, body=(ROOT / "tests/corpus/api/get_user-1.json").read_bytes())


def test_the_flow_books_in_redis_then_sleeps_then_sends():
    limiter = shared()
    flow = call_flow(osu_core.get_user(2), now=0.0, api_key=KEY, limiter=limiter)
    action = next(flow)
    assert isinstance(action, Coordinate)
    assert action.attempt == 1
    action = flow.send(Reply(now=0.0, result=[7_000_000, 7_250_000]))
    assert isinstance(action, Sleep)
    assert action.seconds == 0.25
    action = flow.send(Reply(now=0.25))
    assert isinstance(action, Send)
    with pytest.raises(StopIteration) as done:
        flow.send(Reply(now=0.3, response=ok()))
    assert done.value.value.user_id > 0


def test_the_flow_sends_at_once_on_a_zero_wait():
    flow = call_flow(osu_core.get_user(2), now=0.0, api_key=KEY, limiter=shared())
    assert isinstance(next(flow), Coordinate)
    assert isinstance(flow.send(Reply(now=0.0, result=[1, 1])), Send)


def test_the_flow_falls_back_when_redis_fails():
    limiter = shared()
    flow = call_flow(osu_core.get_user(2), now=0.0, api_key=KEY, limiter=limiter)
    assert isinstance(next(flow), Coordinate)
    error = SharedLimitError("Redis at 127.0.0.1:1 failed: timeout")
    assert isinstance(flow.send(Reply(now=0.0, error=error)), Send)
    assert limiter.degraded(1.0)
    # The next call books locally without asking Redis.
    second = call_flow(osu_core.get_user(2), now=1.0, api_key=KEY, limiter=limiter)
    assert isinstance(next(second), Send)


def test_the_flow_raises_when_told_to():
    flow = call_flow(osu_core.get_user(2), now=0.0, api_key=KEY, limiter=shared(on_error="raise"))
    next(flow)
    with pytest.raises(SharedLimitError, match="timeout"):
        flow.send(Reply(now=0.0, error=SharedLimitError("Redis failed: timeout")))


def test_a_failed_coordinate_must_carry_a_shared_limit_error():
    flow = call_flow(osu_core.get_user(2), now=0.0, api_key=KEY, limiter=shared())
    next(flow)
    with pytest.raises(TypeError, match="SharedLimitError"):
        flow.send(Reply(now=0.0, error=RateLimitError("no", retry_after=1.0)))


def test_a_429_pauses_every_client_through_redis_before_the_retry():
    retry = osu_core.DEFAULT_RETRY
    flow = call_flow(osu_core.get_user(2), now=0.0, api_key=KEY, limiter=shared(), retry=retry)
    next(flow)
    assert isinstance(flow.send(Reply(now=0.0, result=[1, 1])), Send)
    refused = Response(status_code=429, headers={"Retry-After": "3"}, body=b"")
    pause = flow.send(Reply(now=0.1, response=refused))
    assert isinstance(pause, Coordinate)
    assert pause.script.script == PAUSE_SCRIPT
    assert pause.script.args[0] == "3000000"
    sleep = flow.send(Reply(now=0.1, result=1))
    assert isinstance(sleep, Sleep)
    assert sleep.seconds == 3.0
    assert isinstance(flow.send(Reply(now=3.1)), Coordinate)  # booking the retry


def test_a_failure_to_pause_is_no_reason_to_fail_the_call():
    flow = call_flow(
        osu_core.get_user(2), now=0.0, api_key=KEY, limiter=shared(), retry=osu_core.DEFAULT_RETRY
    )
    next(flow)
    flow.send(Reply(now=0.0, result=[1, 1]))
    refused = Response(status_code=429, headers={"Retry-After": "2"}, body=b"")
    assert isinstance(flow.send(Reply(now=0.1, response=refused)), Coordinate)
    sleep = flow.send(Reply(now=0.1, error=SharedLimitError("Redis failed: refused")))
    assert isinstance(sleep, Sleep)
    assert sleep.seconds == 2.0


def test_booking_scripts_are_made_once_per_kind_of_request():
    limiter = shared()
    first = limiter.reserve(osu_core.get_user(2).request, now=0.0)
    assert limiter.reserve(osu_core.get_scores(75).request, now=0.0) is first  # one bucket
    replay = limiter.reserve(osu_core.get_replay(0, 1, 2).request, now=0.0)
    assert replay is not first
    assert limiter.reserve(osu_core.get_replay(1, 3, 4).request, now=0.0) is replay


def test_a_failure_to_tell_redis_of_a_429_books_locally_for_a_while():
    limiter = shared()
    flow = call_flow(
        osu_core.get_user(2), now=0.0, api_key=KEY, limiter=limiter, retry=osu_core.DEFAULT_RETRY
    )
    next(flow)
    flow.send(Reply(now=0.0, result=[1, 1]))
    refused = Response(status_code=429, headers={"Retry-After": "2"}, body=b"")
    flow.send(Reply(now=0.1, response=refused))
    flow.send(Reply(now=0.1, error=SharedLimitError("Redis failed: refused")))
    assert limiter.degraded(0.2)  # so the warning's "booking locally" is true
    assert isinstance(flow.send(Reply(now=2.1)), Send)  # the retry, booked locally

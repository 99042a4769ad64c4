"""The rate limiter's booking state, driven by hand-made clocks."""

from __future__ import annotations

import threading
from bisect import bisect_left

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osu_core import (
    DEFAULT_RATE_LIMITS,
    InvalidArgument,
    RateLimit,
    RateLimiter,
    RateLimits,
    Request,
)

USER = Request(endpoint="get_user", path="/api/get_user")
REPLAY = Request(endpoint="get_replay", path="/api/get_replay")
FILE = Request(endpoint="osu_file", path="/osu/1", needs_key=False)


def max_in_window(times: list[float], width: float) -> int:
    times = sorted(times)
    return max((bisect_left(times, t + width - 1e-9) - i for i, t in enumerate(times)), default=0)


def book_all(limiter: RateLimiter, request: Request, arrivals: list[float]) -> list[float]:
    """Each arrival books a slot; returns the send times."""
    return [now + limiter.reserve(request, now) for now in arrivals]


class TestRateLimit:
    def test_interval(self):
        assert RateLimit(1200, 60.0).interval == pytest.approx(0.05)

    @pytest.mark.parametrize(
        ("args", "parameter"),
        [((0, 60.0), "requests"), ((1, 0.0), "per"), ((1, 1.0, -1), "burst")],
    )
    def test_rejects_bad_settings(self, args, parameter):
        with pytest.raises(InvalidArgument) as info:
            RateLimit(*args)
        assert info.value.parameter == parameter

    def test_defaults_follow_the_wiki(self):
        assert DEFAULT_RATE_LIMITS.default == RateLimit(1200, 60.0, burst=200)
        assert DEFAULT_RATE_LIMITS.endpoints["get_replay"] == RateLimit(10, 60.0)

    def test_limits_are_hashable_values(self):
        assert RateLimits() == RateLimits()
        assert hash(RateLimits()) == hash(RateLimits())


class TestReserve:
    def test_first_request_goes_at_once(self):
        assert RateLimiter().reserve(USER, 100.0) == 0.0

    def test_burst_then_steady_rate(self):
        limiter = RateLimiter(
            RateLimits(default=RateLimit(10, 1.0, burst=5), endpoints={}, headroom=0)
        )
        waits = [limiter.reserve(USER, 0.0) for _ in range(8)]
        assert waits[:6] == [0.0] * 6
        assert waits[6:] == pytest.approx([0.1, 0.2])

    def test_concurrent_bookings_get_distinct_increasing_slots(self):
        limiter = RateLimiter(RateLimits(default=RateLimit(4, 1.0), endpoints={}, headroom=0))
        waits = [limiter.reserve(USER, 0.0) for _ in range(5)]
        assert waits == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0])

    def test_quiet_spell_refills(self):
        limiter = RateLimiter(
            RateLimits(default=RateLimit(1, 1.0, burst=1), endpoints={}, headroom=0)
        )
        assert [limiter.reserve(USER, 0.0) for _ in range(3)] == [0.0, 0.0, 1.0]
        assert limiter.reserve(USER, 10.0) == 0.0
        assert limiter.reserve(USER, 10.0) == 0.0

    def test_replay_counts_against_both_budgets(self):
        limiter = RateLimiter(
            RateLimits(
                default=RateLimit(2, 1.0), endpoints={"get_replay": RateLimit(1, 10.0)}, headroom=0
            )
        )
        assert limiter.reserve(REPLAY, 0.0) == 0.0
        assert limiter.reserve(USER, 0.0) == pytest.approx(0.5)
        assert limiter.reserve(REPLAY, 0.0) == pytest.approx(10.0)
        # the default bucket was booked at 10 s too
        assert limiter.reserve(USER, 0.0) == pytest.approx(10.5)

    def test_file_download_is_not_an_api_request(self):
        limiter = RateLimiter(RateLimits(default=RateLimit(1, 60.0), endpoints={}, headroom=0))
        assert [limiter.reserve(FILE, 0.0) for _ in range(50)] == [0.0] * 50
        assert limiter.reserve(USER, 0.0) == 0.0

    def test_no_default_budget(self):
        limiter = RateLimiter(RateLimits(default=None, endpoints={}, headroom=0))
        assert [limiter.reserve(USER, 0.0) for _ in range(10)] == [0.0] * 10

    def test_guard_is_held_while_booking(self):
        class Guard:
            held = 0

            def __enter__(self):
                self.held += 1

            def __exit__(self, *exc):
                return None

        guard = Guard()
        limiter = RateLimiter(guard=guard)
        limiter.reserve(USER, 0.0)
        limiter.pause(USER, 1.0)
        assert guard.held == 2

    def test_threads_with_a_lock_get_distinct_slots(self):
        limiter = RateLimiter(
            RateLimits(default=RateLimit(100, 1.0), endpoints={}, headroom=0),
            guard=threading.Lock(),
        )
        waits: list[float] = []

        def worker():
            for _ in range(100):
                waits.append(limiter.reserve(USER, 0.0))

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(waits) == pytest.approx([i / 100 for i in range(400)])

    def test_repr(self):
        assert "RateLimiter(RateLimits(" in repr(RateLimiter())


class TestPause:
    def test_pause_holds_back_everyone_and_removes_the_burst(self):
        limiter = RateLimiter(
            RateLimits(default=RateLimit(10, 1.0, burst=5), endpoints={}, headroom=0)
        )
        limiter.pause(USER, 3.0)
        assert limiter.reserve(USER, 0.0) == 3.0
        assert limiter.reserve(USER, 0.0) == pytest.approx(3.1)

    def test_pause_never_moves_slots_earlier(self):
        limiter = RateLimiter(RateLimits(default=RateLimit(1, 10.0), endpoints={}, headroom=0))
        limiter.reserve(USER, 0.0)
        limiter.pause(USER, 1.0)
        assert limiter.reserve(USER, 0.0) == 10.0

    def test_replay_pause_leaves_other_endpoints_alone(self):
        limiter = RateLimiter()
        limiter.pause(REPLAY, 30.0)
        assert limiter.reserve(USER, 0.0) == 0.0
        assert limiter.reserve(REPLAY, 0.0) == 30.0

    def test_pause_without_buckets_is_a_no_op(self):
        limiter = RateLimiter(RateLimits(default=None, endpoints={}, headroom=0))
        limiter.pause(USER, 30.0)
        assert limiter.reserve(USER, 0.0) == 0.0


@given(
    requests=st.integers(1, 20),
    per=st.floats(0.5, 5.0),
    burst=st.integers(0, 10),
    gaps=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=120),
)
def test_never_more_than_budget_in_any_window(requests, per, burst, gaps):
    limiter = RateLimiter(
        RateLimits(default=RateLimit(requests, per, burst), endpoints={}, headroom=0)
    )
    arrivals, now = [], 0.0
    for gap in gaps:
        now += gap
        arrivals.append(now)
    sent = book_all(limiter, USER, arrivals)
    assert all(s >= a for s, a in zip(sent, arrivals, strict=True))
    assert sent == sorted(sent)  # served in booking order
    assert max_in_window(sent, per) <= requests + burst


@given(requests=st.integers(1, 50), burst=st.integers(0, 50), extra=st.integers(1, 200))
def test_saturated_limiter_uses_the_whole_budget(requests, burst, extra):
    limit = RateLimit(requests, 1.0, burst)
    limiter = RateLimiter(RateLimits(default=limit, endpoints={}, headroom=0))
    total = burst + 1 + extra
    sent = book_all(limiter, USER, [0.0] * total)
    # after the burst, one request every interval exactly: 100% of the steady rate
    assert sent[-1] == pytest.approx(extra * limit.interval)


class TestHeadroom:
    def test_stretches_the_interval(self):
        limits = RateLimits(default=RateLimit(10, 1.0, burst=2), endpoints={}, headroom=0.1)
        limiter = RateLimiter(limits)
        waits = [limiter.reserve(USER, 0.0) for _ in range(5)]
        assert waits == pytest.approx([0.0, 0.0, 0.0, 0.11, 0.22])

    def test_default_is_one_percent(self):
        assert DEFAULT_RATE_LIMITS.headroom == 0.01

    @pytest.mark.parametrize("headroom", [-0.1, 0.6])
    def test_out_of_range(self, headroom):
        with pytest.raises(InvalidArgument) as info:
            RateLimits(headroom=headroom)
        assert info.value.parameter == "headroom"


@given(
    requests=st.integers(1, 20),
    burst=st.integers(0, 10),
    delays=st.lists(st.floats(0.0, 0.009), min_size=1, max_size=150),
)
def test_headroom_absorbs_uneven_delays(requests, burst, delays):
    """Sent on time or up to 9 ms late, a saturated client still fits a server's window."""
    limits = RateLimits(default=RateLimit(requests, 1.0, burst), endpoints={}, headroom=0.01)
    limiter = RateLimiter(limits)
    arrived = [
        t + d for t, d in zip(book_all(limiter, USER, [0.0] * len(delays)), delays, strict=True)
    ]
    assert max_in_window(arrived, 1.0) <= requests + burst


class TestAdmit:
    def test_records_departures_and_holds_back_a_crowd(self):
        limits = RateLimits(default=RateLimit(3, 1.0), endpoints={}, headroom=0)
        limiter = RateLimiter(limits)
        # three booked 1/3 s apart but all woke late, at 0.9 s
        assert [limiter.reserve(USER, 0.0) for _ in range(3)] == pytest.approx([0, 1 / 3, 2 / 3])
        assert [limiter.admit(USER, 0.9) for _ in range(3)] == [0.0, 0.0, 0.0]
        # the fourth, booked for 1.0 s and on time, must wait for the window to clear
        assert limiter.reserve(USER, 0.0) == pytest.approx(1.0)
        assert limiter.admit(USER, 1.0) == pytest.approx(0.9)
        assert limiter.admit(USER, 1.9) == 0.0

    def test_file_downloads_are_always_admitted(self):
        limiter = RateLimiter(RateLimits(default=RateLimit(1, 60.0), endpoints={}))
        assert [limiter.admit(FILE, 0.0) for _ in range(5)] == [0.0] * 5


@given(
    requests=st.integers(1, 20),
    burst=st.integers(0, 10),
    lateness=st.lists(st.floats(0.0, 2.0), min_size=1, max_size=100),
)
def test_admitted_departures_never_crowd_however_late(requests, burst, lateness):
    """Tasks wake up to 2 s late, in any pattern: real departures still fit every window."""
    limiter = RateLimiter(
        RateLimits(default=RateLimit(requests, 1.0, burst), endpoints={}, headroom=0)
    )
    pending = sorted((limiter.reserve(USER, 0.0) + late, i) for i, late in enumerate(lateness))
    departures = []
    while pending:
        woke, i = pending.pop(0)
        wait = limiter.admit(USER, woke)
        if wait:
            pending.append((woke + wait, i))
            pending.sort()
        else:
            departures.append(woke)
    assert len(departures) == len(lateness)
    assert max_in_window(departures, 1.0) <= requests + burst


class TestSettingsAreChecked:
    """Wrong types, negatives, NaN and infinities fail at once, naming the setting (issue 10),
    instead of a TypeError or an OverflowError in the first booking."""

    @pytest.mark.parametrize(
        ("args", "parameter"),
        [
            (("3",), "requests"),
            ((3.0,), "requests"),
            ((True,), "requests"),
            ((None,), "requests"),
            ((10**9 + 1,), "requests"),  # a bucket's deque length is a C ssize_t
            ((10**5000,), "requests"),
            ((1, "60"), "per"),
            ((1, float("nan")), "per"),
            ((1, float("inf")), "per"),
            ((1, -1.0), "per"),
            ((1, 1e10), "per"),
            ((1, 10**400), "per"),  # float() of it raises OverflowError
            ((1, True), "per"),
            ((1, 1.0, 0.5), "burst"),
            ((1, 1.0, "2"), "burst"),
            ((1, 1.0, 10**9 + 1), "burst"),
        ],
    )
    def test_rate_limit(self, args, parameter):
        with pytest.raises(InvalidArgument) as info:
            RateLimit(*args)
        assert info.value.parameter == parameter
        assert info.value.message.startswith(f"{parameter} must be")
        assert len(info.value.message) < 150

    def test_values_are_plain_numbers(self):
        class Count(int):
            def __str__(self) -> str:
                return "many"

        limit = RateLimit(Count(10), 60, burst=Count(2))
        assert (type(limit.requests), type(limit.per), type(limit.burst)) == (int, float, int)
        assert limit == RateLimit(10, 60.0, 2)
        assert RateLimit(1, 366 * 86400).per == 31_622_400.0

    @pytest.mark.parametrize(
        ("kwargs", "parameter"),
        [
            ({"headroom": "0.1"}, "headroom"),
            ({"headroom": float("nan")}, "headroom"),
            ({"headroom": None}, "headroom"),
            ({"default": 1200}, "default"),
            ({"default": (1200, 60.0)}, "default"),
            ({"endpoints": [("get_replay", RateLimit(10))]}, "endpoints"),
            ({"endpoints": {"get_replay": 10}}, "endpoints"),
            ({"endpoints": {"get_replay": None}}, "endpoints"),
            ({"endpoints": {1: RateLimit(10)}}, "endpoints"),
        ],
    )
    def test_rate_limits(self, kwargs, parameter):
        with pytest.raises(InvalidArgument) as info:
            RateLimits(**kwargs)
        assert info.value.parameter == parameter

    def test_headroom_may_be_an_int(self):
        assert RateLimits(headroom=0).headroom == 0.0
        assert type(RateLimits(headroom=0).headroom) is float

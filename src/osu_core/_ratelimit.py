"""Proactive rate limiting as pure state: "this request may go in N seconds", decided from a clock
reading the caller hands in. It never sleeps, reads no clock and holds no lock of its own.

Theory of operation
-------------------
The API wiki allows "1200 requests per minute, with a burst capability of up to 200 beyond
that", and 10 per minute for ``get_replay`` (``reference/api-v1.md`` §0). Each such budget is a
:class:`RateLimit` and is enforced by one bucket running the *generic cell rate algorithm*
(GCRA, ITU-T I.371; the "virtual scheduling" form). A bucket remembers a single number, the
*theoretical arrival time* ``tat``: when the next request would be due if every earlier one had
gone out exactly on the steady schedule. With ``interval = per / requests`` and a tolerance of
``burst * interval``, a request is allowed at ``max(now, tat - tolerance)``, and sending it moves
``tat`` to ``max(tat, send_time) + interval``. It follows that any half-open window of ``per``
seconds holds at most ``requests + burst`` requests, and that a long busy stretch runs at
exactly ``requests / per``: the whole budget, never more. A small ``headroom`` (1% by default)
stretches the interval, so the guarantee holds for windows slightly longer than ``per`` and
survives requests being delayed unevenly between here and the server.

Concurrency comes from *reservations*. :meth:`RateLimiter.reserve` does not ask "may I go
now?"; it books the earliest slot, commits it at once and answers how long to wait for it. The
transport then sleeps that long and sends, without asking again. Because the booking is one
synchronous call with no ``await`` inside it, hundreds of asyncio or trio tasks calling it one
after another get distinct, increasing slots with no lock: cooperative scheduling cannot switch
tasks in the middle. Threads can, so a sync client hands in a ``guard`` (a ``threading.Lock``)
that the limiter holds around each booking. Requests are served in booking order, so nobody
starves. A cancelled request keeps its slot: the limiter errs on the side of sending less.

A request uses the default bucket when it carries the API key (the ``/osu/{id}`` file download
does not, and the wiki says it costs no API request) and, in addition, the bucket of its
endpoint if there is one (``get_replay``). Its slot is the latest of the slots its buckets
offer, booked in all of them.

Bookings assume each request leaves at its slot; a task that wakes late (a busy event loop,
threads waiting for the GIL) breaks that, and two requests booked a whole interval apart can
leave together. So the transport also calls :meth:`RateLimiter.admit` right before sending,
with the real time: each bucket keeps the actual send times of its last ``requests + burst``
requests and holds a request back while that many left within the last ``per`` seconds
(stretched by the headroom). That is exactly the server's sliding-window check, done on real
departures, so lateness can delay requests but never crowd them.

The reactive side is :meth:`RateLimiter.pause`: when the server answers 429 or "Requesting too
fast" anyway (another program using the same key, or per-IP limits, §0 [#309]), the transport
pauses the bucket the request was limited by until the retry is due, so the other requests
queued behind it wait too instead of earning 429s of their own.
"""

from __future__ import annotations

import contextlib
import math
from collections import deque
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from types import MappingProxyType

import attrs

from ._enums import shown
from ._errors import InvalidArgument
from ._http import Request

__all__ = ["DEFAULT_RATE_LIMITS", "RateLimit", "RateLimiter", "RateLimits"]


#: Bounds of a budget's settings. A bucket keeps the send times of its last ``requests +
#: burst`` requests (a deque, whose length is a C ssize_t), and no budget of a real server comes
#: near a billion requests or a period of a year.
_MAX_COUNT = 10**9
_MAX_PERIOD = 366 * 24 * 3600.0


def _bad(name: str, rule: str, value: object) -> InvalidArgument:
    return InvalidArgument(f"{name} must be {rule}, got {shown(value)}", parameter=name)


def _count(name: str, value: object, low: int) -> int:
    # An int, not a bool, within low.._MAX_COUNT, as a plain int.
    number = None if isinstance(value, bool) or not isinstance(value, int) else int.__int__(value)
    if number is None or not low <= number <= _MAX_COUNT:
        raise _bad(name, f"an int from {low} to {_MAX_COUNT:,}", value)
    return number


def _number(name: str, value: object, rule: str, within: Callable[[float], bool]) -> float:
    # An int or a float (not a bool) as a float, for which within() holds (NaN fails any test).
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad(name, rule, value)
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        number = math.inf
    if not within(number):
        raise _bad(name, rule, value)
    return number


def _requests(value: int) -> int:
    return _count("requests", value, 1)


def _burst(value: int) -> int:
    return _count("burst", value, 0)


def _per(value: float) -> float:
    rule = "a number of seconds above 0, at most 366 days"
    return _number("per", value, rule, lambda seconds: 0 < seconds <= _MAX_PERIOD)


@attrs.frozen
class RateLimit:
    """One budget: ``requests`` per ``per`` seconds, plus ``burst`` extra at once.

    Args:
        requests: Requests allowed per period at the steady rate.
        per: The period in seconds.
        burst: How many requests beyond the steady rate may go back to back after a quiet
            spell. Any window of ``per`` seconds holds at most ``requests + burst`` requests.

    Raises:
        InvalidArgument: naming the setting, if ``requests`` is not a positive int, ``per`` not
            a positive finite number of seconds (at most a year), or ``burst`` a negative int or
            not an int; counts are at most 10**9.
    """

    requests: int = attrs.field(converter=_requests)
    per: float = attrs.field(default=60.0, converter=_per)
    burst: int = attrs.field(default=0, converter=_burst)

    @property
    def interval(self) -> float:
        """Seconds between two requests at the steady rate."""
        return self.per / self.requests


def _headroom(value: float) -> float:
    return _number("headroom", value, "a number from 0 to 0.5", lambda share: 0 <= share <= 0.5)


def _default_limit(value: RateLimit | None) -> RateLimit | None:
    if value is not None and not isinstance(value, RateLimit):
        raise _bad("default", "a RateLimit or None", value)
    return value


def _frozen_mapping(value: Mapping[str, RateLimit]) -> Mapping[str, RateLimit]:
    if not isinstance(value, Mapping):
        raise _bad("endpoints", "a mapping of endpoint names to RateLimit", value)
    for name, limit in value.items():
        if not isinstance(name, str) or not isinstance(limit, RateLimit):
            raise _bad("endpoints", "a mapping of endpoint names to RateLimit", (name, limit))
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class RateLimits:
    """The budgets a client keeps to.

    Args:
        default: The budget every request that carries the API key counts against; ``None``
            for no overall limit.
        endpoints: Extra budgets by endpoint name (``Request.endpoint``), counted in addition
            to ``default``.
        headroom: The share of each budget left unused, 0 to 0.5: intervals are stretched by
            ``1 + headroom``. A saturated limiter spaces requests exactly one window apart, so
            without headroom a request delayed on its way (scheduling, network) can land in
            the server's window next to a later one that was not; 1% of a minute is 0.6 s.

    Raises:
        InvalidArgument: naming the setting, if ``default`` is not a RateLimit or None,
            ``endpoints`` not a mapping of str to RateLimit, or ``headroom`` not a number from
            0 to 0.5.
    """

    default: RateLimit | None = attrs.field(
        default=RateLimit(1200, 60.0, burst=200), converter=_default_limit
    )
    endpoints: Mapping[str, RateLimit] = attrs.field(
        factory=lambda: {"get_replay": RateLimit(10, 60.0)},
        converter=_frozen_mapping,
        hash=False,
    )
    headroom: float = attrs.field(default=0.01, converter=_headroom)


#: The API wiki's budgets: 1200/min with a burst of 200, and 10/min for ``get_replay``, which
#: is spread evenly (one every 6 s), safe whether the server counts per sliding minute or not.
DEFAULT_RATE_LIMITS = RateLimits()


class _Bucket:
    """GCRA state of one budget (see the module docstring)."""

    __slots__ = ("interval", "sent", "tat", "tolerance", "window")

    def __init__(self, limit: RateLimit, headroom: float) -> None:
        self.interval = limit.interval * (1.0 + headroom)
        self.tolerance = limit.burst * self.interval
        self.tat: float | None = None
        self.window = limit.per * (1.0 + headroom)
        self.sent: deque[float] = deque(maxlen=limit.requests + limit.burst)

    def crowded_until(self, now: float) -> float:
        # The oldest of the last ``capacity`` departures must have left the window.
        if len(self.sent) < (self.sent.maxlen or 0):
            return now
        return max(now, self.sent[0] + self.window)

    def earliest(self, now: float) -> float:
        if self.tat is None:
            return now
        return max(now, self.tat - self.tolerance)

    def book(self, when: float) -> None:
        self.tat = max(when, self.tat if self.tat is not None else when) + self.interval

    def pause(self, until: float) -> None:
        # Nothing may go before ``until``, and no burst right after it.
        floor = until + self.tolerance
        self.tat = floor if self.tat is None else max(self.tat, floor)


class RateLimiter:
    """The booking state of a set of :class:`RateLimits` (see the module docstring).

    Args:
        limits: The budgets to keep.
        guard: A context manager held around each booking, for clients shared between threads
            (a ``threading.Lock``); not needed under asyncio or trio.
    """

    def __init__(
        self,
        limits: RateLimits = DEFAULT_RATE_LIMITS,
        *,
        guard: AbstractContextManager[object] | None = None,
    ) -> None:
        self.limits = limits
        self._guard: AbstractContextManager[object] = guard or contextlib.nullcontext()
        room = limits.headroom
        self._default = _Bucket(limits.default, room) if limits.default is not None else None
        self._endpoints = {name: _Bucket(limit, room) for name, limit in limits.endpoints.items()}

    def __repr__(self) -> str:
        return f"RateLimiter({self.limits!r})"

    def _buckets(self, request: Request) -> list[_Bucket]:
        buckets = []
        if request.needs_key and self._default is not None:
            buckets.append(self._default)
        specific = self._endpoints.get(request.endpoint)
        if specific is not None:
            buckets.append(specific)
        return buckets

    def reserve(self, request: Request, now: float) -> float:
        """Book the earliest slot for ``request`` and say how long to wait for it.

        The slot is committed: send the request after waiting, without calling again.

        Args:
            request: The request about to be sent.
            now: The current time on the caller's monotonic clock, in seconds.

        Returns:
            Seconds to wait before sending (``0.0`` to send at once).
        """
        with self._guard:
            buckets = self._buckets(request)
            when = max((bucket.earliest(now) for bucket in buckets), default=now)
            for bucket in buckets:
                bucket.book(when)
        return when - now

    def admit(self, request: Request, now: float) -> float:
        """Check the real departure of ``request`` against the recent ones, and record it.

        Call it after waiting for the slot :meth:`reserve` gave, right before sending.

        Args:
            request: The request about to be sent.
            now: The current time on the caller's clock.

        Returns:
            ``0.0`` if the request may leave now (its departure is recorded), otherwise the
            seconds to wait before calling again (nothing is recorded).
        """
        with self._guard:
            buckets = self._buckets(request)
            when = max((bucket.crowded_until(now) for bucket in buckets), default=now)
            if when > now:
                return when - now
            for bucket in buckets:
                bucket.sent.append(now)
        return 0.0

    def pause(self, request: Request, until: float) -> None:
        """Hold back requests like ``request`` until ``until`` (after a 429 or "too fast").

        The endpoint's own bucket is paused if it has one (the ``get_replay`` limit), otherwise
        the default one.

        Args:
            request: The request the server refused.
            until: The time, on the caller's clock, before which nothing more may be sent.
        """
        with self._guard:
            buckets = self._buckets(request)
            if buckets:
                buckets[-1].pause(until)

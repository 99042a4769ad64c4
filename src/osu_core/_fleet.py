"""One API key's rate-limit budget shared by many clients, through Redis, as pure parts: the
script to run, the keys it runs on, and what its answers mean. No I/O: a driver runs the
:class:`ScriptCall` a :class:`SharedLimiter` gives it and hands back the reply.

Theory of operation
-------------------
osu! counts the budget per API key, so workers in several processes or machines that share a
key must share one limiter. The algorithm is the one ``_ratelimit`` runs in-process, GCRA with
reservations (read its docstring), with each bucket's single number, the theoretical arrival
time ``tat``, kept in Redis instead of in memory. :data:`RESERVE_SCRIPT` is one Lua script that
reads Redis's own clock (``TIME``, so the machines' clocks do not matter), finds the earliest
slot every bucket of the request allows, books it in all of them and answers how many
microseconds to wait. Redis runs a script alone, so any number of clients booking at once get
distinct, increasing slots: the same guarantee as the in-process limiter, across a fleet
(any window of ``per`` seconds holds at most ``requests + burst`` requests). A booking is one
round trip; the in-process limiter's second check of real departures (``admit``) is not made
across the fleet, which the 1% headroom covers.

Keys: ``{prefix}:{<key id>}:<bucket>``, where the key id is a keyed BLAKE2b digest of the API
key (:func:`key_id`): workers on one key meet without configuration, workers on other keys
never share a bucket, and the key itself is never written to Redis. The braces make every
bucket of a key hash to one Redis Cluster slot, which a multi-key script needs. Each bucket
key expires once its ``tat`` has passed (plus a second), so an idle fleet leaves nothing
behind.

When Redis fails (unreachable, too slow, an error), :meth:`SharedLimiter.failed` decides:
``on_error="raise"`` raises :class:`SharedLimitError`; ``on_error="local"`` (the default)
books the request in a local :class:`RateLimiter` instead and keeps doing so for
``probe_interval`` seconds before it asks Redis again, so an outage costs one failed round
trip per interval, not one per call. The local budget is the whole budget: a fleet running on
local limiters during an outage can overrun the key, and its 429s are retried as always.
"""

from __future__ import annotations

import hashlib
from contextlib import AbstractContextManager
from typing import Literal

import attrs

from ._enums import shown
from ._errors import InvalidArgument, SharedLimitError
from ._http import Request
from ._ratelimit import DEFAULT_RATE_LIMITS, RateLimit, RateLimiter, RateLimits

__all__ = [
    "PAUSE_SCRIPT",
    "RESERVE_SCRIPT",
    "OnError",
    "ScriptCall",
    "SharedLimiter",
    "key_id",
]

#: Book the earliest slot every bucket allows. KEYS: the buckets. ARGV: for each bucket, its
#: interval and its tolerance (``burst * interval``), in whole microseconds. Answers Redis's
#: time and the slot booked, ``{now, when}``. Times are microseconds of Redis's clock; doubles
#: hold them exactly (2**53 us is 285 years).
RESERVE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local when = now
local tats = {}
for i, key in ipairs(KEYS) do
  local stored = redis.call('GET', key)
  local tat = stored and tonumber(stored) or now
  tats[i] = tat
  local earliest = tat - tonumber(ARGV[2 * i])
  if earliest > when then when = earliest end
end
for i, key in ipairs(KEYS) do
  local tat = tats[i]
  if tat < when then tat = when end
  tat = tat + tonumber(ARGV[2 * i - 1])
  redis.call('SET', key, string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
end
return {now, when}
"""

#: Hold a bucket back (after a 429): nothing before ``now + delay``, and no burst right after.
#: KEYS[1]: the bucket. ARGV: the delay and the bucket's tolerance, in microseconds. Answers 1.
PAUSE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local floor = now + tonumber(ARGV[1]) + tonumber(ARGV[2])
local stored = redis.call('GET', KEYS[1])
local tat = stored and tonumber(stored) or floor
if tat < floor then tat = floor end
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
return 1
"""

#: What to do when Redis fails: book locally for a while (``"local"``) or raise.
OnError = Literal["local", "raise"]

#: A wait longer than this (in microseconds) is no answer our script gives: a day.
_LONGEST_WAIT_US = 86_400 * 1_000_000
#: How fast the best clock-offset sample ages, in seconds of round trip per second: 100 ppm,
#: above the drift of any real clock, so a sample from long ago gives way to a fresh one.
_DRIFT = 1e-4


def key_id(api_key: str) -> str:
    """A short, stable id of ``api_key`` for Redis key names: a keyed BLAKE2b digest (16 hex
    characters), the same in every process, from which the key cannot be recovered."""
    digest = hashlib.blake2b(api_key.encode(), digest_size=8, person=b"osu-api-v1-rl")
    return digest.hexdigest()


@attrs.frozen(kw_only=True)
class ScriptCall:
    """A Lua script to run in Redis: ``EVALSHA sha1 len(keys) *keys *args`` (``EVAL`` with
    ``script`` when Redis does not know it yet).

    Attributes:
        script: The script's text.
        sha1: Its SHA-1, as ``SCRIPT LOAD`` names it.
        keys: The keys it touches.
        args: Its arguments, as text (or bytes: a body to keep).
    """

    script: str
    sha1: str
    keys: tuple[str, ...]
    args: tuple[str | bytes, ...]


def _sha1(script: str) -> str:
    return hashlib.sha1(script.encode(), usedforsecurity=False).hexdigest()


_RESERVE_SHA1 = _sha1(RESERVE_SCRIPT)
_PAUSE_SHA1 = _sha1(PAUSE_SCRIPT)


def _micros(seconds: float) -> int:
    return max(1, round(seconds * 1_000_000))


def _on_error(value: str) -> OnError:
    if value not in ("local", "raise"):
        raise InvalidArgument(
            f"on_error must be 'local' or 'raise', got {shown(value)}", parameter="on_error"
        )
    return value  # type: ignore[return-value]


def _probe_interval(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 3600:
        raise InvalidArgument(
            f"probe_interval must be a number of seconds above 0, at most 3600, got {shown(value)}",
            parameter="probe_interval",
        )
    return float(value)


def _prefix(value: str) -> str:
    if not isinstance(value, str) or not value or not value.isascii() or "{" in value:
        raise InvalidArgument(
            f"prefix must be non-empty ASCII text without '{{', got {shown(value)}",
            parameter="prefix",
        )
    return value


class SharedLimiter:
    """The budgets of :class:`RateLimits`, kept in Redis for every client of one API key.

    Args:
        limits: The budgets (the wiki's by default), the same in every worker.
        key: The API key, read only for :func:`key_id` (the bucket names); not kept.
        prefix: The first part of every Redis key.
        on_error: ``"local"`` to book in a local limiter while Redis fails, ``"raise"`` to
            fail the call with :class:`SharedLimitError`.
        probe_interval: With ``"local"``, seconds between two tries of Redis during an outage.
        guard: A context manager held around each local booking, for clients shared between
            threads (a ``threading.Lock``).

    Raises:
        InvalidArgument: for a setting of the wrong type or out of range, naming it.
    """

    def __init__(
        self,
        limits: RateLimits = DEFAULT_RATE_LIMITS,
        *,
        key: str,
        prefix: str = "osu-api-v1",
        on_error: OnError = "local",
        probe_interval: float = 5.0,
        guard: AbstractContextManager[object] | None = None,
    ) -> None:
        if not isinstance(limits, RateLimits):
            raise InvalidArgument(
                f"limits must be a RateLimits, got {shown(limits)}", parameter="limits"
            )
        self.limits = limits
        self.on_error: OnError = _on_error(on_error)
        self.probe_interval = _probe_interval(probe_interval)
        self.local = RateLimiter(limits, guard=guard)
        self._base = f"{_prefix(prefix)}:{{{key_id(key)}}}"
        self._down_until: float | None = None
        # Redis's clock minus ours, from the booking with the shortest round trip (aged).
        self._offset: float | None = None
        self._offset_rtt = 0.0
        self._offset_at = 0.0
        room = 1.0 + limits.headroom
        self._specs: dict[str | None, tuple[str, int, int]] = {}
        named: list[tuple[str | None, str, RateLimit]] = []
        if limits.default is not None:
            named.append((None, "default", limits.default))
        named += [(name, f"endpoint:{name}", limit) for name, limit in limits.endpoints.items()]
        for name, suffix, limit in named:
            interval = limit.interval * room
            tolerance = _micros(interval * limit.burst) if limit.burst else 0
            self._specs[name] = (f"{self._base}:{suffix}", _micros(interval), tolerance)
        # The booking script of each kind of request, made once: its buckets depend only on
        # whether it carries the key and on whether its endpoint has a budget of its own.
        self._scripts: dict[tuple[bool, str | None], ScriptCall | None] = {}

    def __repr__(self) -> str:
        return f"SharedLimiter({self.limits!r}, on_error={self.on_error!r})"

    def _buckets(self, request: Request) -> list[tuple[str, int, int]]:
        buckets = []
        if request.needs_key and None in self._specs:
            buckets.append(self._specs[None])
        specific = self._specs.get(request.endpoint)
        if specific is not None:
            buckets.append(specific)
        return buckets

    def _reserve_script(self, request: Request) -> ScriptCall | None:
        kind = (request.needs_key, request.endpoint if request.endpoint in self._specs else None)
        if kind not in self._scripts:
            buckets = self._buckets(request)
            self._scripts[kind] = ScriptCall(
                script=RESERVE_SCRIPT,
                sha1=_RESERVE_SHA1,
                keys=tuple(key for key, _, _ in buckets),
                args=tuple(str(n) for _, step, room in buckets for n in (step, room)),
            ) if buckets else None  # fmt: skip
        return self._scripts[kind]

    def degraded(self, now: float) -> bool:
        """Whether Redis failed less than ``probe_interval`` ago (bookings are local)."""
        return self._down_until is not None and now < self._down_until

    def reserve(self, request: Request, now: float) -> ScriptCall | float:
        """What to do to book ``request``'s slot: the script to run in Redis, or, while Redis
        is considered down (or the request counts against no budget), the wait in seconds
        from the local limiter."""
        script = self._reserve_script(request)
        if script is None or self.degraded(now):
            return self.local.reserve(request, now)
        return script

    def reserved(self, result: object, *, sent: float, received: float) -> float:
        """The seconds to wait, read from the reply to :meth:`reserve`'s script; Redis is up.

        The slot is a time on Redis's clock. It becomes one on ours through an estimate of
        the offset between the two, taken from the booking with the shortest round trip (as
        NTP does): Redis read its clock somewhere between ``sent`` and ``received``, so the
        error is at most half that round trip. Waiting "the slot minus Redis's now" from the
        moment the answer arrives instead would add each booking's own delay, which varies
        (a busy event loop, a queue of worker threads): two requests booked an interval apart
        could then leave together.

        Args:
            result: What the script returned.
            sent: Our clock when the script was sent.
            received: Our clock when its answer came.

        Raises:
            SharedLimitError: for a reply the script cannot give (another program's script
                under the same name, or a broken proxy).
        """
        self._down_until = None
        times = _two_ints(result)
        if times is None:
            raise SharedLimitError(
                f"the shared rate limiter's script answered {shown(result)}, not a slot"
            )
        redis_now, slot = times
        if not 0 <= slot - redis_now <= _LONGEST_WAIT_US:
            raise SharedLimitError(
                f"the shared rate limiter's script answered a slot {slot - redis_now} us away, "
                "out of range"
            )
        round_trip = max(0.0, received - sent)
        aged = self._offset_rtt + (received - self._offset_at) * _DRIFT
        if self._offset is None or round_trip <= aged:
            self._offset = redis_now / 1e6 - (sent + received) / 2
            self._offset_rtt, self._offset_at = round_trip, received
        departure = slot / 1e6 - self._offset
        return min(max(0.0, departure - received), (slot - redis_now) / 1e6)

    def failed(self, request: Request, error: SharedLimitError, now: float) -> float:
        """Redis failed to book ``request``: raise ``error`` (``on_error="raise"``), or book
        it locally and keep booking locally for ``probe_interval`` seconds.

        Returns:
            The seconds to wait, from the local limiter.

        Raises:
            SharedLimitError: ``error``, with ``on_error="raise"``.
        """
        if self.on_error == "raise":
            raise error
        self.lost(now)
        return self.local.reserve(request, now)

    def lost(self, now: float) -> None:
        """Redis failed (to book, or to be told of a pause): book locally for
        ``probe_interval`` seconds."""
        self._down_until = now + self.probe_interval

    def pause(self, request: Request, seconds: float, now: float) -> ScriptCall | None:
        """Hold back every client's requests like ``request`` for ``seconds`` (after a 429):
        the script to run, or ``None`` if the request counts against no shared budget. The
        local limiter is paused too, for the bookings made while Redis is down."""
        self.local.pause(request, now + seconds)
        buckets = self._buckets(request)
        if not buckets or self.degraded(now):
            return None
        key, _, tolerance = buckets[-1]
        return ScriptCall(
            script=PAUSE_SCRIPT,
            sha1=_PAUSE_SHA1,
            keys=(key,),
            args=(str(_micros(seconds)), str(tolerance)),
        )


def _two_ints(value: object) -> tuple[int, int] | None:
    # Redis's array reply of two integers, as redis-py gives it (a list).
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    first, second = value
    if isinstance(first, bool) or isinstance(second, bool):
        return None
    if not isinstance(first, int) or not isinstance(second, int):
        return None
    return first, second

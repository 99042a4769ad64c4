"""The life of one API call across attempts, as a generator any transport can drive.

:func:`call_flow` yields what to do next, :class:`Send` (this prepared request) or
:class:`Sleep` (this many seconds), and is sent a :class:`Reply` after each: the time on the
driver's clock and, after a ``Send``, the response or the transport failure. It returns the
parsed result, or raises the error that ended the call. Rate limiting (:mod:`._ratelimit`) and
retrying (:mod:`._retry`) happen here, once, for every transport. The shape is httpx's
``Auth.auth_flow`` (``httpx/_auth.py``), which yields requests and is driven by a short loop in
each of ``sync_auth_flow`` and ``async_auth_flow``.

A driver looks like this (sync; the async ones ``await`` the two calls)::

    flow = call_flow(call, now=clock(), ...)
    try:
        action = next(flow)
    except StopIteration as kept:   # with a memory cache, a kept answer needs no action
        return kept.value
    while True:
        if isinstance(action, Sleep):
            sleep(action.seconds)
            reply = Reply(now=clock())
        else:
            try:
                reply = Reply(now=clock(), response=send(action.request))
            except TransportError as exc:   # already mapped from the HTTP library's errors
                reply = Reply(now=clock(), error=exc)
        try:
            action = flow.send(reply)
        except StopIteration as stop:
            return stop.value

With a :class:`~osu_core.SharedLimiter` (one key's budget kept in Redis, ``_fleet``), the
flow also yields :class:`Coordinate`: run this script in Redis and reply with its ``result``,
or with a :class:`~osu_core.SharedLimitError` as ``error`` if it could not be run; the
limiter decides what a failure means. A :class:`~osu_core.SharedCache` asks Redis the same
way (``purpose="cache"``) before the rate limiter and keeps good answers after.

No I/O, no clock, no sleeping here: a driver that is cancelled mid-sleep or mid-send simply
drops the generator.
"""

from __future__ import annotations

import enum
from collections.abc import Generator
from typing import Literal, TypeVar

import attrs

from ._cache import MemoryCache, SharedCache, cache_key
from ._errors import OsuError, RateLimitError, SharedLimitError
from ._fleet import ScriptCall, SharedLimiter
from ._http import DEFAULT_BASE_URL, Call, PreparedRequest, Request, Response, prepare
from ._ratelimit import RateLimiter
from ._retry import NO_RETRY, RetryPolicy

__all__ = ["Action", "Coordinate", "Flow", "Reply", "Send", "Sleep", "SleepReason", "call_flow"]

T = TypeVar("T")


class SleepReason(str, enum.Enum):
    """Why the flow asks the driver to wait (:attr:`Sleep.reason`). A ``str`` enum, so
    ``sleep.reason == "retry"`` and log lines read as the plain words."""

    #: Waiting for a rate-limit slot.
    RATE_LIMIT = "rate limit"
    #: Backing off before a retry.
    RETRY = "retry"

    def __str__(self) -> str:
        return self.value


RATE_LIMIT = SleepReason.RATE_LIMIT
RETRY = SleepReason.RETRY


@attrs.frozen(kw_only=True)
class Send:
    """Send ``request`` and reply with the response or the transport failure.

    Attributes:
        request: The request, key kept apart (add it innermost with ``params_with_key()``).
        attempt: Which attempt this is, counting from 1.
    """

    request: PreparedRequest
    attempt: int


@attrs.frozen(kw_only=True)
class Sleep:
    """Wait ``seconds`` on the driver's clock, then reply with the time.

    Attributes:
        seconds: How long to wait.
        reason: :attr:`SleepReason.RATE_LIMIT` (waiting for a slot) or
            :attr:`SleepReason.RETRY` (backing off).
        attempt: The attempt that comes after the wait.
        error: For a retry, the error the previous attempt failed with.
    """

    seconds: float
    reason: SleepReason
    attempt: int
    error: OsuError | None = None


@attrs.frozen(kw_only=True)
class Coordinate:
    """Run ``script`` in the shared limiter's Redis and reply with its result, or with a
    :class:`~osu_core.SharedLimitError` saying why it could not be run.

    Attributes:
        script: The script call (``EVALSHA``, or ``EVAL`` when Redis lacks the script).
        attempt: The attempt it books or pauses for.
        purpose: What it is for, to say in a log line: ``"rate limit"`` or ``"cache"``.
    """

    script: ScriptCall
    attempt: int
    purpose: Literal["rate limit", "cache"] = "rate limit"


@attrs.frozen(kw_only=True)
class Reply:
    """What the driver sends back after each action.

    Attributes:
        now: The time on the driver's monotonic clock, in seconds.
        response: After a :class:`Send` that got an answer: the response.
        error: After a :class:`Send` that failed: the library error for it (a
            :class:`~osu_core.TransportError`, or a :class:`~osu_core.ResponseTooLargeError`
            when the body was cut off at the client's limit). After a :class:`Coordinate`
            that failed: a :class:`~osu_core.SharedLimitError`.
        result: After a :class:`Coordinate`: what the script returned.
    """

    now: float
    response: Response | None = None
    error: OsuError | None = None
    result: object = None


Action = Send | Sleep | Coordinate
Flow = Generator[Action, Reply, T]


def call_flow(
    call: Call[T],
    *,
    now: float,
    base_url: str = DEFAULT_BASE_URL,
    api_key: str | None = None,
    limiter: RateLimiter | SharedLimiter | None = None,
    retry: RetryPolicy = NO_RETRY,
    cache: MemoryCache | SharedCache | None = None,
) -> Flow[T]:
    """Carry out ``call``: wait for a rate-limit slot, send, parse, and retry what may pass.

    Args:
        call: The call to carry out.
        now: The driver's clock when the flow starts.
        base_url: The server to send to.
        api_key: The key, attached to the prepared request for the driver to add innermost.
        limiter: The rate-limit state shared by the client's calls (a :class:`SharedLimiter`
            shares it with other clients through Redis, by :class:`Coordinate` actions), or
            ``None``.
        retry: When and after how long to try again.
        cache: Where answers are kept (:class:`MemoryCache`, or :class:`SharedCache` in
            Redis, by :class:`Coordinate` actions), or ``None``. A kept answer is returned
            without rate limiting or sending; a good answer is kept as its policy says.

    Returns:
        A generator yielding :class:`Send`, :class:`Sleep` and :class:`Coordinate`, sent a
        :class:`Reply` after each, returning ``call.parse``'s result.

    Raises:
        OsuError: whatever ``call.parse`` or the transport raised on the last attempt.
    """
    prepared = prepare(call.request, base_url=base_url, api_key=api_key)
    key = None
    if cache is not None and cache.policy.may_keep(call.request):
        key = cache_key(call.request, base_url)
        kept, now = yield from _lookup(cache, key, now)
        if kept is not None:
            try:
                return call.parse(Response(status_code=200, body=kept))
            except OsuError:
                pass  # a damaged entry, or one an older version kept: ask the server
    result, response, now = yield from _attempts(call, prepared, now, limiter, retry)
    if cache is not None and key is not None:
        yield from _keep(cache, key, call.request, response, result, now)
    return result


def _attempts(
    call: Call[T],
    prepared: PreparedRequest,
    now: float,
    limiter: RateLimiter | SharedLimiter | None,
    retry: RetryPolicy,
) -> Generator[Action, Reply, tuple[T, Response, float]]:
    """Send until an answer parses or the retry policy gives up: (result, response, now)."""
    attempt = 1
    started: float | None = None  # when the first attempt left: the retry budget's start
    while True:
        if isinstance(limiter, SharedLimiter):
            wait, now = yield from _shared_slot(limiter, call.request, now, attempt)
            if wait > 0:
                now = (yield Sleep(seconds=wait, reason=RATE_LIMIT, attempt=attempt)).now
        elif limiter is not None:
            # Wait for the booked slot, then for the real departure to be admitted.
            wait = limiter.reserve(call.request, now)
            while True:
                if wait > 0:
                    now = (yield Sleep(seconds=wait, reason=RATE_LIMIT, attempt=attempt)).now
                wait = limiter.admit(call.request, now)
                if wait == 0:
                    break
        if started is None:
            started = now
        reply = yield Send(request=prepared, attempt=attempt)
        now = reply.now
        try:
            if reply.error is not None:
                raise reply.error
            if reply.response is None:
                raise TypeError("a Send must be answered with a response or an error")
            return call.parse(reply.response), reply.response, now
        except OsuError as error:
            backoff = retry.delay(attempt, error, elapsed=now - started)
            if backoff is None:
                raise
            if limiter is not None and isinstance(error, RateLimitError):
                # Only a wait the policy accepted pauses the client's other calls: a
                # Retry-After past the budget is raised instead, and pauses nothing.
                if isinstance(limiter, SharedLimiter):
                    # Every client of the key waits, as far as Redis can be told (a failure
                    # to tell it is no reason to fail this call).
                    script = limiter.pause(call.request, backoff, now)
                    if script is not None:
                        told = yield Coordinate(script=script, attempt=attempt)
                        now = told.now
                        if told.error is not None:
                            limiter.lost(now)
                else:
                    limiter.pause(call.request, now + backoff)
            failure = error
        attempt += 1
        now = (yield Sleep(seconds=backoff, reason=RETRY, attempt=attempt, error=failure)).now


def _shared_slot(
    limiter: SharedLimiter, request: Request, now: float, attempt: int
) -> Generator[Action, Reply, tuple[float, float]]:
    """Book ``request``'s slot in Redis (or locally while Redis is down): (wait, now)."""
    booking = limiter.reserve(request, now)
    if not isinstance(booking, ScriptCall):
        return booking, now
    reply = yield Coordinate(script=booking, attempt=attempt)
    if reply.error is not None:
        error = reply.error
        if not isinstance(error, SharedLimitError):
            raise TypeError("a failed Coordinate must be answered with a SharedLimitError")
        return limiter.failed(request, error, reply.now), reply.now
    return limiter.reserved(reply.result, sent=now, received=reply.now), reply.now


def _lookup(
    cache: MemoryCache | SharedCache, key: str, now: float
) -> Generator[Action, Reply, tuple[bytes | None, float]]:
    """The body kept under ``key``, if any: (body or None, now)."""
    if isinstance(cache, MemoryCache):
        return cache.get(key, now), now
    if cache.degraded(now):
        return None, now
    reply = yield Coordinate(script=cache.get(key), attempt=1, purpose="cache")
    if reply.error is not None:
        cache.failed(reply.now)
        return None, reply.now
    return cache.got(reply.result), reply.now


def _keep(
    cache: MemoryCache | SharedCache,
    key: str,
    request: Request,
    response: Response,
    result: object,
    now: float,
) -> Generator[Action, Reply, None]:
    """Keep a good answer as the policy says (a failure to keep it fails nothing)."""
    ttl = cache.policy.ttl(request, response, result)
    if ttl <= 0:
        return
    if isinstance(cache, MemoryCache):
        cache.put(key, response.body, ttl, now)
        return
    script = cache.put(key, response.body, ttl)
    if script is not None and not cache.degraded(now):
        reply = yield Coordinate(script=script, attempt=1, purpose="cache")
        if reply.error is not None:
            cache.failed(reply.now)

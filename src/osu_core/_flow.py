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
    action = next(flow)
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

No I/O, no clock, no sleeping here: a driver that is cancelled mid-sleep or mid-send simply
drops the generator.
"""

from __future__ import annotations

import enum
from collections.abc import Generator
from typing import TypeVar

import attrs

from ._errors import OsuError, RateLimitError
from ._http import DEFAULT_BASE_URL, Call, PreparedRequest, Response, prepare
from ._ratelimit import RateLimiter
from ._retry import NO_RETRY, RetryPolicy

__all__ = ["Action", "Flow", "Reply", "Send", "Sleep", "SleepReason", "call_flow"]

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
class Reply:
    """What the driver sends back after each action.

    Attributes:
        now: The time on the driver's monotonic clock, in seconds.
        response: After a :class:`Send` that got an answer: the response.
        error: After a :class:`Send` that failed: the library error for it (a
            :class:`~osu_core.TransportError`, or a :class:`~osu_core.ResponseTooLargeError`
            when the body was cut off at the client's limit).
    """

    now: float
    response: Response | None = None
    error: OsuError | None = None


Action = Send | Sleep
Flow = Generator[Action, Reply, T]


def call_flow(
    call: Call[T],
    *,
    now: float,
    base_url: str = DEFAULT_BASE_URL,
    api_key: str | None = None,
    limiter: RateLimiter | None = None,
    retry: RetryPolicy = NO_RETRY,
) -> Flow[T]:
    """Carry out ``call``: wait for a rate-limit slot, send, parse, and retry what may pass.

    Args:
        call: The call to carry out.
        now: The driver's clock when the flow starts.
        base_url: The server to send to.
        api_key: The key, attached to the prepared request for the driver to add innermost.
        limiter: The rate-limit state shared by the client's calls, or ``None``.
        retry: When and after how long to try again.

    Returns:
        A generator yielding :class:`Send` and :class:`Sleep`, sent a :class:`Reply` after
        each, returning ``call.parse``'s result.

    Raises:
        OsuError: whatever ``call.parse`` or the transport raised on the last attempt.
    """
    prepared = prepare(call.request, base_url=base_url, api_key=api_key)
    attempt = 1
    started: float | None = None  # when the first attempt left: the retry budget's start
    while True:
        if limiter is not None:
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
            return call.parse(reply.response)
        except OsuError as error:
            backoff = retry.delay(attempt, error, elapsed=now - started)
            if backoff is None:
                raise
            if limiter is not None and isinstance(error, RateLimitError):
                # Only a wait the policy accepted pauses the client's other calls: a
                # Retry-After past the budget is raised instead, and pauses nothing.
                limiter.pause(call.request, now + backoff)
            failure = error
        attempt += 1
        now = (yield Sleep(seconds=backoff, reason=RETRY, attempt=attempt, error=failure)).now

"""The retry policy as a pure value: given a failed attempt, its error and how long the call has
run, "retry in N seconds" or "give up". It never sleeps and reads no clock (the flow hands it the
elapsed time); randomness for the jitter comes from a source the caller may replace.

What is retried (``reference/api-v1.md`` §0): failures that may well go away on their own, and
nothing else:

- HTTP 5xx, and rate-limit refusals (HTTP 429, or the ``"Requesting too fast!"`` body);
- timeouts, connections lost half-way and malformed HTTP (a proxy or a keep-alive race);
- a refused or failed connection, but only once (``connect_attempts``): a server that is
  restarting is back in a moment, while one that is down or a wrong port would only burn the
  whole budget;
- never a name that does not resolve (a wrong host, or no network), a wrong key, any other 4xx,
  an unavailable replay, a malformed or oversized body: those fail the same way again.

Waits grow exponentially with "equal jitter": half of each wait is fixed and half random, so
clients that failed together do not all come back together, and no wait is near zero (Marc
Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015). A server's
``Retry-After`` is a floor for the wait. The whole call has a time ``budget``: no retry is
scheduled whose wait would end after it, and a ``Retry-After`` that does not fit (or is longer
than ``max_retry_after``) is not waited out but raised, carrying its value, so one answer can
never stall a call, or the client's other calls behind its rate-limit pause, for minutes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

import attrs

from ._errors import (
    HTTPError,
    InvalidArgument,
    OsuError,
    RateLimitError,
    TransportError,
    TransportFailure,
)

__all__ = ["DEFAULT_RETRY", "NO_RETRY", "RetryPolicy", "is_retryable"]

#: Transport failures worth another attempt (a refused connection only within
#: ``RetryPolicy.connect_attempts``).
_TRANSIENT = frozenset(
    {
        TransportFailure.TIMEOUT,
        TransportFailure.CONNECTION_LOST,
        TransportFailure.PROTOCOL,
        TransportFailure.CONNECT,
    }
)

#: A setting longer than this (a day) is a mistake, and too long for some sleep functions.
_LONGEST = 86_400.0


def is_retryable(error: OsuError) -> bool:
    """Whether ``error`` may go away if the same request is sent again.

    Args:
        error: The error an attempt ended with.

    Returns:
        ``True`` for HTTP 5xx, rate-limit refusals, timeouts, lost connections, malformed
        HTTP and refused connections; ``False`` for everything else (names that do not
        resolve included).
    """
    if isinstance(error, TransportError):
        return error.kind in _TRANSIENT
    if isinstance(error, RateLimitError):
        return True
    return isinstance(error, HTTPError) and error.code is not None and 500 <= error.code <= 599


def _bad(name: str, rule: str, value: object) -> InvalidArgument:
    return InvalidArgument(f"{name}: must be {rule}, got {value!r:.60}", parameter=name)


def _whole(instance: object, attribute: attrs.Attribute[int], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise _bad(attribute.name, "a whole number from 1 to 1000", value)


def _seconds(instance: object, attribute: attrs.Attribute[float], value: Any) -> None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not 0 <= value <= _LONGEST:
        raise _bad(attribute.name, f"a number of seconds from 0 to {_LONGEST:g}", value)


def _optional_seconds(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _seconds(instance, attribute, value)


def _fraction(instance: object, attribute: attrs.Attribute[float], value: Any) -> None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not 0 <= value <= 1:
        raise _bad(attribute.name, "a number from 0 to 1", value)


def _callable(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not callable(value):
        raise _bad(attribute.name, "a function returning a float in [0, 1)", value)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often and how patiently to retry.

    Args:
        max_attempts: Attempts in all, the first included; ``1`` turns retrying off.
        backoff: The wait after the first failed attempt, in seconds; it doubles each time.
        max_backoff: The longest computed wait, in seconds.
        jitter: The random share of each wait, from 0 (none) to 1 ("full jitter").
        max_retry_after: The longest ``Retry-After`` honoured, in seconds; a longer one is
            raised as the :class:`~osu_core.RateLimitError` it came with.
        budget: The longest a call may keep retrying, in seconds from its first attempt: no
            retry is scheduled whose wait would end later (``None``: attempts alone limit it).
            Waits for the proactive rate limit before the first attempt do not count.
        connect_attempts: Attempts in all while the connection is refused or fails (``1``:
            never retry those).
        random: Returns a float in ``[0, 1)`` for the jitter; replaceable for tests.

    Raises:
        InvalidArgument: on a setting of the wrong type or out of range, naming it.
    """

    max_attempts: int = attrs.field(default=4, validator=_whole)
    backoff: float = attrs.field(default=0.5, validator=_seconds)
    max_backoff: float = attrs.field(default=30.0, validator=_seconds)
    jitter: float = attrs.field(default=0.5, validator=_fraction)
    max_retry_after: float = attrs.field(default=120.0, validator=_seconds)
    budget: float | None = attrs.field(default=60.0, validator=_optional_seconds)
    connect_attempts: int = attrs.field(default=2, validator=_whole)
    random: Callable[[], float] = attrs.field(
        default=random.random, eq=False, hash=False, repr=False, validator=_callable
    )

    def delay(self, attempt: int, error: OsuError, elapsed: float = 0.0) -> float | None:
        """Decide what to do after attempt number ``attempt`` failed with ``error``.

        Args:
            attempt: The number of the attempt that failed, counting from 1.
            error: What it failed with.
            elapsed: Seconds since the call's first attempt left.

        Returns:
            Seconds to wait before the next attempt, or ``None`` to give up and raise ``error``.
        """
        if attempt >= self.max_attempts or not is_retryable(error):
            return None
        if (
            isinstance(error, TransportError)
            and error.kind is TransportFailure.CONNECT
            and attempt >= self.connect_attempts
        ):
            return None
        ceiling = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        draw = self.random()
        if not (isinstance(draw, (int, float)) and 0.0 <= draw <= 1.0):
            draw = 0.5  # a broken source must not make a wait negative, NaN or endless
        wait = ceiling * (1.0 - self.jitter) + ceiling * self.jitter * draw
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            if not error.retry_after <= self.max_retry_after:  # NaN included
                return None
            wait = max(wait, error.retry_after)
        if self.budget is not None and not (
            math.isfinite(elapsed) and elapsed + wait <= self.budget
        ):
            return None
        return wait


#: A policy that never retries.
NO_RETRY = RetryPolicy(max_attempts=1)
#: The clients' default: up to 4 attempts, waiting about 0.5, 1 and 2 s between them, within
#: the 60 s budget. The CLI's ``--retries`` default is derived from it.
DEFAULT_RETRY = RetryPolicy()

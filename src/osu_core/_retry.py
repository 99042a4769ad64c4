"""The retry policy as a pure value: given a failed attempt and its error, "retry in N seconds"
or "give up". It never sleeps and reads no clock; randomness for the jitter comes from a source
the caller may replace (tests pass a constant).

What is retried (``reference/api-v1.md`` §0): failures that may well go away on their own, and
nothing else. Those are transport failures (connection refused or reset, timeouts), HTTP 5xx,
and rate-limit refusals (HTTP 429, or the ``"Requesting too fast!"`` body). Any other 4xx, a
wrong key, an unavailable replay or a malformed body would fail the same way again, so they are
raised at once.

Waits grow exponentially with "equal jitter": half of each wait is fixed and half random, so
clients that failed together do not all come back together, and no wait is near zero (Marc
Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015). A server's
``Retry-After`` is a floor for the wait; one longer than ``max_retry_after`` is not waited out
but raised, so a caller never hangs for an hour unawares.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import attrs

from ._errors import HTTPError, InvalidArgument, OsuError, RateLimitError, TransportError

__all__ = ["NO_RETRY", "RetryPolicy", "is_retryable"]


def is_retryable(error: OsuError) -> bool:
    """Whether ``error`` may go away if the same request is sent again.

    Args:
        error: The error an attempt ended with.

    Returns:
        ``True`` for transport failures and timeouts, HTTP 5xx and rate-limit refusals.
    """
    if isinstance(error, (TransportError, RateLimitError)):
        return True
    return isinstance(error, HTTPError) and error.code is not None and 500 <= error.code <= 599


def _at_least_one(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise InvalidArgument(
            f"{attribute.name} must be at least 1, got {value!r}", parameter=attribute.name
        )


def _not_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value >= 0:
        raise InvalidArgument(
            f"{attribute.name} must not be negative, got {value!r}", parameter=attribute.name
        )


def _fraction(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0 <= value <= 1:
        raise InvalidArgument(
            f"{attribute.name} must be between 0 and 1, got {value!r}", parameter=attribute.name
        )


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
        random: Returns a float in ``[0, 1)`` for the jitter; replaceable for tests.

    Raises:
        InvalidArgument: on a setting out of range.
    """

    max_attempts: int = attrs.field(default=4, validator=_at_least_one)
    backoff: float = attrs.field(default=0.5, validator=_not_negative)
    max_backoff: float = attrs.field(default=30.0, validator=_not_negative)
    jitter: float = attrs.field(default=0.5, validator=_fraction)
    max_retry_after: float = attrs.field(default=120.0, validator=_not_negative)
    random: Callable[[], float] = attrs.field(
        default=random.random, eq=False, hash=False, repr=False
    )

    def delay(self, attempt: int, error: OsuError) -> float | None:
        """Decide what to do after attempt number ``attempt`` failed with ``error``.

        Args:
            attempt: The number of the attempt that failed, counting from 1.
            error: What it failed with.

        Returns:
            Seconds to wait before the next attempt, or ``None`` to give up and raise ``error``.
        """
        if attempt >= self.max_attempts or not is_retryable(error):
            return None
        ceiling = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        wait = ceiling * (1.0 - self.jitter) + ceiling * self.jitter * self.random()
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            if error.retry_after > self.max_retry_after:
                return None
            wait = max(wait, error.retry_after)
        return wait


#: A policy that never retries.
NO_RETRY = RetryPolicy(max_attempts=1)

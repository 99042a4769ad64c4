"""Server-side rate limiting for the emulator: exact sliding-window counters.

Theory of operation: each budget (an ``osu_core.RateLimit``: ``requests`` per ``per`` seconds
plus ``burst``) admits a request when fewer than ``requests + burst`` requests were admitted in
the last ``per`` seconds, per key. That is the guarantee the client's own limiter gives
(``osu_core`` documents that "any window of ``per`` seconds holds at most ``requests + burst``
requests"), so a client that keeps to its budget is never refused, and one that does not is
refused exactly when it goes over. Refused requests are not counted.

The window is a deque of admission times; times come from the caller (``now``), so tests drive
it with a fake clock. Not thread-safe by itself: the handler calls it under its lock.
"""

from __future__ import annotations

import collections
import math

from osu_core import RateLimit

__all__ = ["SlidingWindow"]


class SlidingWindow:
    """Admission counters of one budget, one window per key."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self.capacity = limit.requests + limit.burst
        self._windows: dict[str, collections.deque[float]] = {}

    def admit(self, key: str, now: float) -> float | None:
        """Count a request for ``key`` at ``now`` if the budget allows it.

        Args:
            key: Whose budget (the API key, or a client address).
            now: The current time in seconds on any monotonic clock.

        Returns:
            ``None`` if admitted (and counted); otherwise the seconds until a slot frees up.
        """
        window = self._windows.setdefault(key, collections.deque())
        horizon = now - self.limit.per
        while window and window[0] <= horizon:
            window.popleft()
        if len(window) < self.capacity:
            window.append(now)
            return None
        return max(0.0, window[0] - horizon)

    def used(self, key: str, now: float) -> int:
        """How many requests of ``key`` count in the window ending at ``now``."""
        window = self._windows.get(key, ())
        return sum(1 for t in window if t > now - self.limit.per)

    @staticmethod
    def retry_after_header(wait: float) -> str:
        """The ``Retry-After`` value for a wait: whole seconds, rounded up, at least 1."""
        return str(max(1, math.ceil(wait)))

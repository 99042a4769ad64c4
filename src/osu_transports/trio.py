"""The trio flavour: ``osu_transports.trio.OsuApi`` over ``httpx.AsyncClient``.

Usage::

    from osu_transports.trio import OsuApi

    async with OsuApi() as api:  # the key from OSU_API_KEY
        with trio.fail_after(10):
            user = await api.get_user("peppy")

Its clock is ``trio.current_time`` and its sleep ``trio.sleep``, so tests run instantly under
``trio.testing.MockClock``. It starts no tasks; concurrent tasks share the rate limit without a
lock, because a booking never awaits. One client may serve several ``trio.run()`` calls in turn:
its clock carries on across them, and it closes its connections as each run ends
(``_loops.py``).
"""

from __future__ import annotations

import ssl
import time
import weakref
from typing import TYPE_CHECKING

import httpcore
import httpx
import trio

from osu_core import ScriptCall

from ._async import AsyncOsuApi, async_wire_transport
from ._client import DEFAULT_LIMITS
from ._loops import LoopBound
from ._redis import connect_sync, run_sync

if TYPE_CHECKING:
    import redis

__all__ = ["OsuApi", "wire_transport"]


def wire_transport(
    *, limits: httpx.Limits = DEFAULT_LIMITS, ssl_context: ssl.SSLContext | None = None
) -> httpx.AsyncBaseTransport:
    """The transport ``OsuApi`` sends through, for an ``httpx.AsyncClient`` of your own.

    Built on it, a client passed to ``OsuApi(client=...)`` keeps each attempt's deadline and
    never takes bytes sent after an answer as the next one (``_async_wire.py`` says how).
    ``limits`` and ``ssl_context`` are httpx's defaults unless given.
    """
    return async_wire_transport(httpcore.TrioBackend(), limits=limits, ssl_context=ssl_context)


class OsuApi(LoopBound, AsyncOsuApi):
    __doc__ = AsyncOsuApi.__doc__

    _run: weakref.ref[trio.lowlevel.TrioToken] | None = None
    _offset = 0.0
    _last = (0.0, 0.0)  # (this client's clock, time.monotonic()) at its last reading
    if TYPE_CHECKING:
        _redis: redis.Redis
        _owns_redis: bool

    async def _sleep(self, seconds: float) -> None:
        await trio.sleep(seconds)

    def _now(self) -> float:
        token = trio.lowlevel.current_trio_token()
        run = self._run
        if run is None or run() is not token:
            # A new trio.run: its clock starts from a new origin (random, or a new MockClock's
            # own). This client's clock carries on from its last reading, advanced by the real
            # time between the runs, so the rate limiter's bookings keep their meaning.
            if run is None:
                start = trio.current_time()
            else:
                start = self._last[0] + max(0.0, time.monotonic() - self._last[1])
            self._offset = start - trio.current_time()
            self._run = weakref.ref(token)
        now = trio.current_time() + self._offset
        self._last = (now, time.monotonic())
        return now

    def _loop_token(self) -> object:
        return trio.lowlevel.current_trio_token()

    def _backend(self) -> httpcore.AsyncNetworkBackend:
        return httpcore.TrioBackend()

    # redis-py has no trio client: its thread-safe sync client runs in trio's worker threads.
    def _connect_redis(self, target: object) -> None:
        self._redis, self._redis_where, self._owns_redis = connect_sync(target)

    async def _run_script(self, script: ScriptCall) -> object:
        return await trio.to_thread.run_sync(run_sync, self._redis, script)

    async def _close_redis(self) -> None:
        if self._redis_target is not None and self._owns_redis:
            self._redis.close()

"""The asyncio flavour: ``osu_transports.asyncio.OsuApi`` over ``httpx.AsyncClient``.

Usage::

    from osu_transports.asyncio import OsuApi

    async with OsuApi() as api:  # the key from OSU_API_KEY
        async with asyncio.timeout(10):  # timeouts are the caller's, as in trio
            user = await api.get_user("peppy")

Its clock is the running loop's ``time()`` and its sleep ``asyncio.sleep``. Concurrent tasks
share the rate limit without a lock: a booking never awaits. One client may serve several
``asyncio.run()`` calls in turn: it closes its connections as each loop ends (``_loops.py``).
"""

from __future__ import annotations

import asyncio
import ssl
import weakref
from typing import TYPE_CHECKING

import httpx

from osu_core import ScriptCall

from ._async import AsyncOsuApi, async_wire_transport
from ._client import DEFAULT_LIMITS
from ._loops import LoopBound
from ._redis import connect_async, run_async

if TYPE_CHECKING:
    import redis.asyncio

__all__ = ["OsuApi", "wire_transport"]


def wire_transport(
    *, limits: httpx.Limits = DEFAULT_LIMITS, ssl_context: ssl.SSLContext | None = None
) -> httpx.AsyncBaseTransport:
    """The transport ``OsuApi`` sends through, for an ``httpx.AsyncClient`` of your own.

    Built on it, a client passed to ``OsuApi(client=...)`` keeps each attempt's deadline and
    never takes bytes sent after an answer as the next one (``_async_wire.py`` says how).
    ``limits`` and ``ssl_context`` are httpx's defaults unless given.
    """
    import httpcore

    return async_wire_transport(httpcore.AnyIOBackend(), limits=limits, ssl_context=ssl_context)


class OsuApi(LoopBound, AsyncOsuApi):
    __doc__ = AsyncOsuApi.__doc__

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    def _now(self) -> float:
        return asyncio.get_running_loop().time()

    def _loop_token(self) -> object:
        return asyncio.get_running_loop()

    # redis-py's asyncio connections belong to the loop that opened them, as httpx's do: a
    # client made from a URL is made again in each new loop (the caller's own is used as is).
    _redis: redis.asyncio.Redis | None = None
    _redis_loop: weakref.ref[asyncio.AbstractEventLoop] | None = None
    _owns_redis = False

    def _connect_redis(self, target: object) -> None:
        self._redis, self._redis_where, self._owns_redis = connect_async(target)
        self._redis_loop = None

    async def _run_script(self, script: ScriptCall) -> object:
        loop = asyncio.get_running_loop()
        bound = self._redis_loop
        if self._owns_redis and bound is not None and bound() is not loop:
            self._redis, _, _ = connect_async(self._redis_target)
        self._redis_loop = weakref.ref(loop)
        assert self._redis is not None  # set by _connect_redis, the only way here
        return await run_async(self._redis, script)

    async def _close_redis(self) -> None:
        if self._redis is not None and self._owns_redis:
            await self._redis.aclose()

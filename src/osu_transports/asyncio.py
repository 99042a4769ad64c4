"""The asyncio flavour: ``osu_transports.asyncio.OsuApi`` over ``httpx.AsyncClient``.

Usage::

    from osu_transports.asyncio import OsuApi

    async with OsuApi() as api:  # the key from OSU_API_KEY
        async with asyncio.timeout(10):  # timeouts are the caller's, as in trio
            user = await api.get_user("peppy")

Its clock is the running loop's ``time()`` and its sleep ``asyncio.sleep``. Concurrent tasks
share the rate limit without a lock: a booking never awaits.
"""

from __future__ import annotations

import asyncio

from ._async import AsyncOsuApi

__all__ = ["OsuApi"]


class OsuApi(AsyncOsuApi):
    __doc__ = AsyncOsuApi.__doc__

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    def _now(self) -> float:
        return asyncio.get_running_loop().time()

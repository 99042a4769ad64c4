"""The trio flavour: ``osu_transports.trio.OsuApi`` over ``httpx.AsyncClient``.

Usage::

    from osu_transports.trio import OsuApi

    async with OsuApi() as api:  # the key from OSU_API_KEY
        with trio.fail_after(10):
            user = await api.get_user("peppy")

Its clock is ``trio.current_time`` and its sleep ``trio.sleep``, so tests run instantly under
``trio.testing.MockClock``. It starts no tasks; concurrent tasks share the rate limit without a
lock, because a booking never awaits.
"""

from __future__ import annotations

import httpcore
import trio

from ._async import AsyncOsuApi

__all__ = ["OsuApi"]


class OsuApi(AsyncOsuApi):
    __doc__ = AsyncOsuApi.__doc__

    async def _sleep(self, seconds: float) -> None:
        await trio.sleep(seconds)

    def _now(self) -> float:
        return trio.current_time()

    def _backend(self) -> httpcore.AsyncNetworkBackend:
        return httpcore.TrioBackend()

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

import ssl

import httpcore
import httpx
import trio

from ._async import AsyncOsuApi, async_wire_transport
from ._client import DEFAULT_LIMITS

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


class OsuApi(AsyncOsuApi):
    __doc__ = AsyncOsuApi.__doc__

    async def _sleep(self, seconds: float) -> None:
        await trio.sleep(seconds)

    def _now(self) -> float:
        return trio.current_time()

    def _backend(self) -> httpcore.AsyncNetworkBackend:
        return httpcore.TrioBackend()

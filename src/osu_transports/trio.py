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

    It bounds each attempt by the client's timeouts (connect, send and the whole answer) and
    never takes bytes that came after a response as the next one. A client you pass to
    ``OsuApi(client=...)`` is used as it is; build it on this transport to keep these
    guarantees: ``httpx.AsyncClient(transport=wire_transport(), headers=...)``.

    Args:
        limits: The connection pool's limits (httpx's defaults).
        ssl_context: TLS settings (httpx's defaults).
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

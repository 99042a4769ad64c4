"""The emulator without sockets: an ``httpx.MockTransport`` over an :class:`EmulatorHandler`.

Works with ``httpx.Client`` and ``httpx.AsyncClient`` alike. Resets and disconnects become the
exceptions httpx raises for them on a real socket (``httpx.ReadError`` and
``httpx.RemoteProtocolError``). Injected latency is not slept here (a sleep would block an
event loop, and this module knows no event loop); use the real server to test timeouts.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from ._handler import EmulatorHandler
from ._server import OsuApiEmulator

__all__ = ["mock_transport"]


def mock_transport(
    target: EmulatorHandler | OsuApiEmulator | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
    client: str = "127.0.0.1",
) -> httpx.MockTransport:
    """An in-process transport answering like the emulator.

    Args:
        target: The handler (or an emulator, whose handler is used); a fresh default
            :class:`EmulatorHandler` if ``None``.
        clock: Where the rate limits read the time (pass a fake clock in tests).
        client: The client address the handler sees.

    Returns:
        A transport for ``httpx.Client(transport=...)`` or ``httpx.AsyncClient(transport=...)``;
        pair it with any base URL, e.g. ``http://osu.emulator``.
    """
    handler = target.handler if isinstance(target, OsuApiEmulator) else target
    if handler is None:
        handler = EmulatorHandler()
    bound = handler

    def answer(request: httpx.Request) -> httpx.Response:
        query = request.url.query.decode("ascii", "replace")
        result = bound.handle(request.method, request.url.path, query, clock(), client)
        if result.reset:
            raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)
        if result.disconnect:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        body = b"" if request.method == "HEAD" else result.body
        return httpx.Response(result.status, headers=list(result.headers), content=body)

    return httpx.MockTransport(answer)

"""The transport of the clients we create: httpx over an httpcore pool whose streams keep the
attempt's deadline and refuse unsolicited bytes (the why is in ``_wire.py``).

``scripts/unasync.py`` turns this file into ``_sync_wire.py``: edit this one only. The flavour
supplies the network backend (anyio's for asyncio, trio's, or the sync sockets), so nothing here
knows which event loop runs it.

httpx's own ``AsyncHTTPTransport`` takes no network backend, so this is a small transport of our
own over ``httpcore.AsyncConnectionPool`` (which does): it converts the request, hands it to the
pool and maps httpcore's errors to httpx's, as httpx's transport does. It speaks HTTP/1.1, with
httpx's default pool limits and TLS settings. A client of your own (``client=``, for proxies,
HTTP/2, headers...) is used as it is; build it on this transport (each flavour's
``wire_transport()``) to keep these guarantees.
"""

from __future__ import annotations

import ssl
import typing
from collections.abc import AsyncIterator, Iterable

import httpcore
import httpx

from ._client import DEFAULT_LIMITS
from ._wire import ResponseFraming, map_httpcore_errors, time_left

__all__ = ["AsyncWireBackend", "AsyncWireStream", "AsyncWireTransport"]


class AsyncWireStream(httpcore.AsyncNetworkStream):
    """A network stream that keeps the attempt's deadline and follows the responses on it."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._framing = ResponseFraming()

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = await self._inner.read(max_bytes, time_left(timeout, httpcore.ReadTimeout))
        self._framing.received(data)
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._framing.sending()
        await self._inner.write(buffer, time_left(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        wait = time_left(timeout, httpcore.ConnectTimeout)
        return AsyncWireStream(await self._inner.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> typing.Any:
        # httpcore asks an idle connection whether it is readable before reusing it; one that
        # received bytes no request asked for says yes, and is closed.
        if info == "is_readable" and self._framing.unsolicited:
            return True
        return self._inner.get_extra_info(info)


class AsyncWireBackend(httpcore.AsyncNetworkBackend):
    """A network backend whose connections are :class:`AsyncWireStream`\\ s."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        wait = time_left(timeout, httpcore.ConnectTimeout)
        inner = await self._inner.connect_tcp(host, port, wait, local_address, socket_options)
        return AsyncWireStream(inner)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:  # pragma: no cover - our clients connect over TCP
        wait = time_left(timeout, httpcore.ConnectTimeout)
        return AsyncWireStream(await self._inner.connect_unix_socket(path, wait, socket_options))

    async def sleep(self, seconds: float) -> None:  # pragma: no cover - httpcore's retries only
        await self._inner.sleep(seconds)


class _AsyncBody(httpx.AsyncByteStream):
    """A response body from the pool, its errors mapped as httpx maps them."""

    def __init__(self, stream: typing.Any) -> None:  # httpcore's pool stream
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with map_httpcore_errors():
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        with map_httpcore_errors():
            await self._stream.aclose()


class AsyncWireTransport(httpx.AsyncBaseTransport):
    """An httpx transport over an httpcore pool on :class:`AsyncWireBackend`.

    Args:
        backend: The flavour's network backend (``httpcore.AnyIOBackend()``,
            ``httpcore.TrioBackend()`` or ``httpcore.SyncBackend()``).
        limits: The pool's limits (httpx's defaults).
        ssl_context: TLS settings (httpx's defaults: certifi's roots, verification on).
    """

    def __init__(
        self,
        backend: httpcore.AsyncNetworkBackend,
        *,
        limits: httpx.Limits = DEFAULT_LIMITS,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context if ssl_context is not None else httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=AsyncWireBackend(backend),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        outgoing = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with map_httpcore_errors():
            answer = await self._pool.handle_async_request(outgoing)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_AsyncBody(answer.stream),
            extensions=answer.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()

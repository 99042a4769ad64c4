"""The sync transport: GENERATED from ``_async_wire.py`` by ``scripts/unasync.py``; do not edit.

The same code as the async one with the async words taken out (``async def`` becomes
``def``, ``await`` disappears, ``httpx.AsyncClient`` becomes ``httpx.Client``). Edit
``_async_wire.py`` and run ``python scripts/unasync.py``; a test fails when the two disagree.
"""

from __future__ import annotations

import ssl
import typing
from collections.abc import Iterable, Iterator

import httpcore
import httpx

from ._client import DEFAULT_LIMITS
from ._wire import ResponseFraming, map_httpcore_errors, time_left

__all__ = ["SyncWireBackend", "SyncWireStream", "SyncWireTransport"]


class SyncWireStream(httpcore.NetworkStream):
    """A network stream that keeps the attempt's deadline and follows the responses on it."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner
        self._framing = ResponseFraming()

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._inner.read(max_bytes, time_left(timeout, httpcore.ReadTimeout))
        self._framing.received(data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._framing.sending()
        self._inner.write(buffer, time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = time_left(timeout, httpcore.ConnectTimeout)
        return SyncWireStream(self._inner.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> typing.Any:
        # httpcore asks an idle connection whether it is readable before reusing it; one that
        # received bytes no request asked for says yes, and is closed.
        if info == "is_readable" and self._framing.unsolicited:
            return True
        return self._inner.get_extra_info(info)


class SyncWireBackend(httpcore.NetworkBackend):
    """A network backend whose connections are :class:`SyncWireStream`\\ s."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        wait = time_left(timeout, httpcore.ConnectTimeout)
        inner = self._inner.connect_tcp(host, port, wait, local_address, socket_options)
        return SyncWireStream(inner)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:  # pragma: no cover - our clients connect over TCP
        wait = time_left(timeout, httpcore.ConnectTimeout)
        return SyncWireStream(self._inner.connect_unix_socket(path, wait, socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - httpcore's retries only
        self._inner.sleep(seconds)


class _SyncBody(httpx.SyncByteStream):
    """A response body from the pool, its errors mapped as httpx maps them."""

    def __init__(self, stream: typing.Any) -> None:  # httpcore's pool stream
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with map_httpcore_errors():
            yield from self._stream

    def close(self) -> None:
        with map_httpcore_errors():
            self._stream.close()


class SyncWireTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool on :class:`SyncWireBackend`.

    Args:
        backend: The flavour's network backend (``httpcore.SyncBackend()``,
            ``httpcore.TrioBackend()`` or ``httpcore.SyncBackend()``).
        limits: The pool's limits (httpx's defaults).
        ssl_context: TLS settings (httpx's defaults: certifi's roots, verification on).
    """

    def __init__(
        self,
        backend: httpcore.NetworkBackend,
        *,
        limits: httpx.Limits = DEFAULT_LIMITS,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context if ssl_context is not None else httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=SyncWireBackend(backend),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
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
            answer = self._pool.handle_request(outgoing)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_SyncBody(answer.stream),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        self._pool.close()

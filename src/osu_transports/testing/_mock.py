"""The emulator without sockets: an ``httpx.MockTransport`` over an :class:`EmulatorHandler`.

Works with ``httpx.Client`` and ``httpx.AsyncClient`` alike. Resets and disconnects become the
exceptions httpx raises for them on a real socket (``httpx.ReadError`` and
``httpx.RemoteProtocolError``). Injected latency is not slept here (a sleep would block an
event loop, and this module knows no event loop); use the real server to test timeouts.

The socket faults (``SOCKET_FAULTS``) misbehave below HTTP, where this transport has no socket
and no clock. It acts out what a client would end up seeing:

* ``STALL`` raises ``httpx.ReadTimeout`` at once: what a client with a read timeout gets in
  the end (one without a timeout waits forever on the real server).
* ``LENGTH_TOO_LONG`` answers the status and headers, with the same too-large
  ``Content-Length`` the server declares, then the body, then raises
  ``httpx.RemoteProtocolError`` while the body is read, as httpx does for a body cut short.
* ``DRIP`` streams the normal answer ``size`` bytes at a time, without the ``delay`` between
  pieces: the timing is the real server's.
* ``ENDLESS_BODY`` streams 64 KiB pieces of JSON whitespace that never end; ``HUGE_BODY``
  does the same, declaring its ``Content-Length``, and ends once that many bytes are read
  (4 GiB by default). ``delay`` is not waited here either.
* ``GZIP_BOMB`` streams the compressed bytes with ``Content-Encoding: gzip``; httpx inflates
  them only as the body is read (``read()``, ``iter_bytes()``), never when the response is
  made, and ``iter_raw()`` gives them as they are.
* ``TRAILING_GARBAGE`` raises :class:`RuntimeError`: its plant is bytes left on a kept-alive
  connection for the next request, and an in-memory transport has no connection. Serving the
  normal answer instead would let a test pass without the fault ever happening; use
  :class:`OsuApiEmulator`.

Streamed bodies are made piece by piece as they are read, so an endless one costs no memory
unless the client keeps it, and may be closed early. They are not async generators, which warn
under trio when collected unfinished.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator, Callable, Iterator

import httpx

from ._faults import DEFAULT_DRIP_SIZE, FaultKind
from ._handler import EmulatorHandler, HandlerResult
from ._server import OsuApiEmulator

__all__ = ["mock_transport"]

#: Bytes per piece of the endless bodies, as the server writes them (httpcore reads 64 KiB at a
#: time, ``READ_NUM_BYTES`` in ``httpcore/_sync/http11.py``).
_PIECE = 1 << 16
_FILLER = b" " * _PIECE  # JSON whitespace: no prefix of the body is ever complete


class _Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body made as it is read, for ``httpx.Client`` and ``httpx.AsyncClient``.

    Its own iterator, sync and async, rather than a generator: an async generator left
    unfinished warns under trio when collected. Closed, it ends, so a reader that runs its
    iterators on after closing them (as ``osu_transports`` does to finish httpx's own
    generators) stops at once.
    """

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        return next(self._pieces)

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self

    async def __anext__(self) -> bytes:
        try:
            return next(self._pieces)
        except StopIteration:
            raise StopAsyncIteration from None

    def close(self) -> None:
        self._pieces = iter(())

    async def aclose(self) -> None:
        self.close()


def _slices(data: bytes, size: int) -> Iterator[bytes]:
    return (data[i : i + size] for i in range(0, len(data), size))


def _filler(length: int | None) -> Iterator[bytes]:
    """``length`` bytes of JSON whitespace, 64 KiB a piece; ``None`` for no end."""
    if length is None:
        return itertools.repeat(_FILLER)
    whole, rest = divmod(length, _PIECE)
    return itertools.chain(itertools.repeat(_FILLER, whole), [_FILLER[:rest]] if rest else [])


def _cut_short(body: bytes, declared: int, request: httpx.Request) -> Iterator[bytes]:
    if body:
        yield body
    # h11's words when the connection closes before the declared length (``_readers.py``).
    raise httpx.RemoteProtocolError(
        "peer closed connection without sending complete message body "
        f"(received {len(body)} bytes, expected {declared}; emulated LENGTH_TOO_LONG fault)",
        request=request,
    )


def _socket_fault(request: httpx.Request, result: HandlerResult) -> httpx.Response:
    """Act out ``result.fault``, one of ``SOCKET_FAULTS``, as the module docstring says."""
    assert result.fault is not None
    fault, kind = result.fault, result.fault.kind
    headers = list(result.headers)
    if kind is FaultKind.STALL:
        raise httpx.ReadTimeout(
            "timed out: emulated STALL fault (the server read the request and sent nothing)",
            request=request,
        )
    if kind is FaultKind.TRAILING_GARBAGE:
        raise RuntimeError(
            "the TRAILING_GARBAGE fault plants bytes on a kept-alive connection, which "
            "mock_transport does not have: use OsuApiEmulator (a real server on loopback)"
        )
    if kind is FaultKind.LENGTH_TOO_LONG:
        # The length the server declares (``_RequestHandler._act`` in ``_server.py``).
        declared = 2 * len(result.body) + 100
        headers = [(n, str(declared) if n.lower() == "content-length" else v) for n, v in headers]
        pieces = _cut_short(result.body, declared, request)
    elif kind is FaultKind.DRIP:
        pieces = _slices(result.body, fault.size or DEFAULT_DRIP_SIZE)
    elif kind is FaultKind.ENDLESS_BODY:
        pieces = _filler(None)
    elif kind is FaultKind.HUGE_BODY:
        pieces = _filler(int(dict(result.headers)["Content-Length"]))
    else:  # GZIP_BOMB: the compressed bytes, inflated by httpx only as they are read
        pieces = _slices(result.body, _PIECE)
    if request.method == "HEAD":  # as on the wire: the head alone, and no error from a body
        pieces = iter(())
    return httpx.Response(result.status, headers=headers, stream=_Body(pieces))


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
        pair it with any base URL, e.g. ``http://osu.emulator``. The socket faults are acted
        out as the module docstring describes: ``STALL`` raises ``httpx.ReadTimeout``,
        ``LENGTH_TOO_LONG`` raises ``httpx.RemoteProtocolError`` as its body is read, and
        ``TRAILING_GARBAGE`` raises ``RuntimeError`` (it needs :class:`OsuApiEmulator`).
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
        if result.fault is not None:
            return _socket_fault(request, result)
        # Streamed, as from a socket: made with ``content=``, a response is read at once, and
        # ``iter_raw()`` then raises ``StreamConsumed``.
        body = iter(() if request.method == "HEAD" else (result.body,))
        return httpx.Response(result.status, headers=list(result.headers), stream=_Body(body))

    return httpx.MockTransport(answer)

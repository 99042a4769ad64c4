"""What the clients we create do on the wire, beyond httpx: one time budget per attempt, and no
byte a request did not ask for ever taken as its answer. Shared by ``_async_wire.py`` and the
``_sync_wire.py`` generated from it; this module never waits.

Theory of operation. The clients we create send through our own httpx transport over an
httpcore connection pool (``_async_wire.py``), whose network streams are wrapped:

- **A deadline per attempt.** httpx's timeouts apply to each socket operation, so a server that
  drips one byte a second never trips a 20 s read timeout (encode/httpx#1450, "low-and-slow").
  The client sets ``_client.DEADLINE`` (a monotonic time, in a context variable, so each thread
  and each task has its own) before it sends and clears it after the body is read; every connect,
  read and write in between is given at most the time left, and fails with httpcore's own
  timeout once none is left.
- **No unsolicited bytes.** httpcore hands a kept-alive connection back to the pool when a
  response ends, and h11 keeps any bytes that came after the response in its buffer: the next
  request on that connection then takes them as its answer (seen: a server that sends
  ``...OK`` plus a second, forged response in one write gets its forgery read as the next
  call's answer). :class:`ResponseFraming` follows each connection's responses with an h11
  parser of its own and notes bytes no request of ours is waiting for; the stream then says it
  is readable, which is how httpcore learns that an idle connection must not be reused
  (``HTTP11Connection.has_expired``), so it is closed instead. Bytes that arrive later, while
  the connection is idle, httpcore's own check already catches.

Importing this module imports httpcore (and with it trio and anyio, when installed), so the
clients import it when they build their transport, as httpx's own transport imports httpcore.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Final

import h11
import httpcore
import httpx

from ._client import DEADLINE

__all__ = ["ResponseFraming", "map_httpcore_errors", "time_left"]


def time_left(timeout: float | None, expired: type[httpcore.TimeoutException]) -> float | None:
    """The timeout for one socket operation: ``timeout``, cut to the attempt's time left.

    Raises:
        expired: when the attempt's deadline has passed.
    """
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the attempt's time budget ran out")
    return left if timeout is None or timeout > left else timeout


# What our transport raises for httpcore's errors: httpx's classes of the same names, as
# httpx's own transport maps them, so every client's errors are mapped in one place
# (``_client.transport_error``). More specific classes come first.
_ERRORS: Final[tuple[tuple[type[Exception], type[httpx.HTTPError]], ...]] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)
_HTTPCORE_ERRORS: Final = tuple(source for source, _ in _ERRORS)


@contextlib.contextmanager
def map_httpcore_errors() -> Iterator[None]:
    """Re-raise httpcore's exceptions as httpx's, chained."""
    try:
        yield
    except _HTTPCORE_ERRORS as exc:
        for source, target in _ERRORS:  # pragma: no branch - the last entry is the base
            if isinstance(exc, source):
                raise target(str(exc)) from exc
        raise  # pragma: no cover


_REQUEST: Final = h11.Request(method="GET", target="/", headers=[("Host", "osu")])
_END: Final = h11.EndOfMessage()


class ResponseFraming:
    """Follows the HTTP/1.1 responses on one connection; notes bytes no request asked for.

    Our clients send only bodiless ``GET`` requests, one at a time per connection, so the
    mirror need not know which: a write starts a request, and the reads that follow must be
    exactly its response.

    Attributes:
        unsolicited: Whether bytes came that no request was waiting for (the connection must
            not be reused).
    """

    __slots__ = ("_h11", "unsolicited")

    def __init__(self) -> None:
        self._h11 = h11.Connection(h11.CLIENT)
        self.unsolicited = False

    def sending(self) -> None:
        """Our side writes: the start of a request (a ``GET`` writes nothing else)."""
        conn = self._h11
        if self.unsolicited:
            return
        try:
            if conn.our_state is h11.DONE and conn.their_state is h11.DONE:
                conn.start_next_cycle()
            if conn.our_state is h11.IDLE:
                conn.send(_REQUEST)
                conn.send(_END)
        except h11.ProtocolError:
            self.unsolicited = True

    def received(self, data: bytes) -> None:
        """The other side's bytes, as the socket gave them."""
        conn = self._h11
        if self.unsolicited or not data:
            return  # an EOF is httpcore's to handle
        if conn.their_state not in _ANSWERING:
            self.unsolicited = True  # no request of ours is waiting for these bytes
            return
        try:
            conn.receive_data(data)
            while conn.next_event() not in _STOPS:
                pass
        except h11.ProtocolError:
            self.unsolicited = True  # httpcore's own parser fails the request as well
            return
        if conn.their_state not in _ANSWERING and conn.trailing_data[0]:
            self.unsolicited = True  # the response is over: what h11 still holds came unasked


#: The server's states while a response of ours is under way, and h11's "no event yet".
_ANSWERING: Final = (h11.SEND_RESPONSE, h11.SEND_BODY)
_STOPS: Final = (h11.NEED_DATA, h11.PAUSED)

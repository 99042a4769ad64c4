"""The emulator on a real socket: a stdlib ``ThreadingHTTPServer`` on loopback, in a thread.

:class:`OsuApiEmulator` binds 127.0.0.1 on a free port (or the one asked for), answers every
request through an :class:`~._handler.EmulatorHandler` and acts on what a pure handler cannot
do itself: it sleeps for injected latency, drops connections for resets and carries out the
socket faults (``SOCKET_FAULTS``: dripping, stalled, mis-framed and endless answers). It speaks
HTTP/1.1 with keep-alive and exact ``Content-Length``. Closing it stops the accept loop, cuts
idle keep-alive connections and joins every thread it started, so nothing leaks (tests run with
``-W error``); a fault that waits or streams wakes on the server's ``stopping`` event, and one
blocked in a write is woken by the cut. Its request log goes to the ``osu_transports.testing``
logger at DEBUG, with the key redacted by ``osu_core.redact_url``; it never writes to stderr.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import selectors
import socket
import struct
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from osu_core import redact_url

from ._faults import DEFAULT_DRIP_DELAY, DEFAULT_DRIP_SIZE, Fault, FaultKind, FaultPlan
from ._handler import EmulatorConfig, EmulatorHandler, HandlerResult
from ._known import KNOWN, WellKnown
from ._records import Dataset

__all__ = ["OsuApiEmulator"]

logger = logging.getLogger("osu_transports.testing")


#: Body bytes per write of ``ENDLESS_BODY`` and ``HUGE_BODY``: httpcore reads 64 KiB at a time
#: (``READ_NUM_BYTES`` in ``httpcore/_sync/http11.py``).
_STREAM_PIECE = 1 << 16
_FILLER = b" " * _STREAM_PIECE  # JSON whitespace: no prefix of the body is ever complete
_CHUNK = b"%x\r\n%s\r\n" % (len(_FILLER), _FILLER)  # one chunk (RFC 9112 section 7.1)


def _redact(text: str) -> str:
    return " ".join(redact_url(part) if "=" in part else part for part in text.split(" "))


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # joined on close (block_on_close), never left running
    block_on_close = True
    allow_reuse_address = True
    # socketserver listens with a backlog of 5: a burst of new connections (a client pool of
    # 16+ opening at once) overflowed it, and each overflowing client waited ~1 s for the
    # kernel's SYN retry. Real servers accept far more.
    request_queue_size = 512

    def __init__(self, address: tuple[str, int], handler: EmulatorHandler) -> None:
        self.emulator_handler = handler
        self.stopping = threading.Event()
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _RequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def cut_connections(self) -> None:
        with self.connections_lock:
            for conn in list(self.connections):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("connection from %s ended with an error", client_address, exc_info=True)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "osu-api-v1-emulator"
    sys_version = ""
    timeout = 30  # an idle keep-alive connection is dropped after this long
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms stalls
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:  # a POST body is read and ignored, keeping the connection in step
            self.rfile.read(min(length, 1 << 20))
        path, _, query = self.path.partition("?")
        handler = self.server.emulator_handler
        result = handler.handle(self.command, path, query, time.monotonic(), self.client_address[0])
        if result.delay > 0 and self.server.stopping.wait(result.delay):
            result = HandlerResult(status=0, headers=(), body=b"", disconnect=True)
        if result.reset or result.disconnect:
            self._drop(reset=result.reset)
            return
        if result.fault is not None and result.fault.kind is not FaultKind.GZIP_BOMB:
            self._misbehave(result.fault, result)
            return
        self.send_response(result.status)
        for name, value in result.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(result.body)

    def _head(self, result: HandlerResult, length: int | None = None) -> bytes:
        """The status line and headers as ``send_response`` writes them, ``length`` (if given)
        replacing the ``Content-Length``."""
        reason = self.responses.get(result.status, ("",))[0]
        lines = [f"{self.protocol_version} {result.status} {reason}"]
        lines += [f"Server: {self.version_string()}", f"Date: {self.date_time_string()}"]
        for name, value in result.headers:
            given = name.lower() == "content-length" and length is not None
            lines.append(f"{name}: {length if given else value}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _whole(self, result: HandlerResult, length: int | None = None) -> bytes:
        return self._head(result, length) + (b"" if self.command == "HEAD" else result.body)

    def _misbehave(self, fault: Fault, result: HandlerResult) -> None:
        """Carry out a socket fault (see :class:`FaultKind`), then drop the connection unless
        the answer ended whole. A socket error (the client hung up: EPIPE, ECONNRESET; or the
        emulator cut the connection) ends it early."""
        kind = fault.kind
        logger.debug("%s %s: %s", self.command, redact_url(self.path), kind.value)
        try:
            if self._act(fault, result):
                return
        except OSError:
            logger.debug("the %s fault ended early", kind.value, exc_info=True)
        self._drop(reset=False)

    def _act(self, fault: Fault, result: HandlerResult) -> bool:
        """Write what the fault writes; ``True`` if the connection may be kept alive."""
        kind, write = fault.kind, self.wfile.write
        if kind is FaultKind.STALL:
            self._stall()
            return False
        if kind is FaultKind.DRIP:
            message = self._whole(result)
            size = fault.size or DEFAULT_DRIP_SIZE
            pieces = (message[i : i + size] for i in range(0, len(message), size))
            return self._write_all(pieces, fault.delay or DEFAULT_DRIP_DELAY)
        if kind is FaultKind.LENGTH_TOO_LONG:
            write(self._whole(result, 2 * len(result.body) + 100))
            return False
        if kind is FaultKind.TRAILING_GARBAGE:  # one write, so one segment: the client reads
            assert result.planted is not None  # both answers with its first recv
            write(self._whole(result) + self._head(result.planted) + result.planted.body)
            return True
        write(self._head(result))
        if self.command == "HEAD":
            return True
        if kind is FaultKind.ENDLESS_BODY:
            self._write_all(itertools.repeat(_CHUNK), fault.delay)
            return False
        # HUGE_BODY: filler up to the declared length, unless the client gives up first
        whole, rest = divmod(int(dict(result.headers)["Content-Length"]), len(_FILLER))
        if not self._write_all(itertools.repeat(_FILLER, whole), fault.delay):
            return False
        write(_FILLER[:rest])
        return True

    def _write_all(self, pieces: Iterable[bytes], pause: float) -> bool:
        """Write the pieces ``pause`` seconds apart; ``False`` if the emulator began stopping."""
        stopping = self.server.stopping
        for index, piece in enumerate(pieces):
            if stopping.wait(pause if index else 0.0):
                return False
            self.wfile.write(piece)
        return True

    def _stall(self) -> None:
        """Answer nothing until the client hangs up or the emulator stops."""
        conn = self.connection
        # A selector, not select.select: that fails for descriptors past FD_SETSIZE (1024).
        with selectors.DefaultSelector() as selector:
            selector.register(conn, selectors.EVENT_READ)
            while not self.server.stopping.is_set():
                if selector.select(0.05) and not conn.recv(1 << 16):  # b"": the client left
                    return

    def _drop(self, *, reset: bool) -> None:
        self.close_connection = True
        conn = self.connection
        try:
            if reset:  # SO_LINGER 0: close() sends RST instead of FIN
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        except OSError:
            pass

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _serve

    def finish(self) -> None:
        # The connection may have been dropped on purpose (a reset fault) or by the client.
        with contextlib.suppress(OSError, ValueError):
            super().finish()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logger.debug("%s %s %s", self.command, redact_url(self.path), code)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s", _redact(format % args))


class OsuApiEmulator:
    """A running osu! API v1 emulator on loopback (a context manager).

    ``with OsuApiEmulator() as emu:`` starts it; use ``emu.base_url`` and ``emu.api_key`` with
    any client, ``emu.known`` for the dataset's well-known ids and names, and ``emu.faults`` to
    stage failures. Keyword options go to :class:`EmulatorConfig` when no config is given.

    Args:
        config: The behaviour (seed, key, rate limits...).
        host: The address to bind; loopback by default.
        port: The port; 0 picks a free one.
        **options: :class:`EmulatorConfig` fields, when ``config`` is not given.

    Raises:
        TypeError: if both ``config`` and options are given.
    """

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        **options: Any,
    ) -> None:
        if config is not None and options:
            raise TypeError("pass either a config or options, not both")
        self.config = config or EmulatorConfig(**options)
        #: The pure handler behind the server (counters, history, dataset).
        self.handler = EmulatorHandler(self.config)
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> OsuApiEmulator:
        """Bind and start serving in a background thread (idempotent).

        Returns:
            ``self``.

        Raises:
            OSError: if the address cannot be bound.
        """
        if self._server is None:
            server = _Server(self._address, self.handler)
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05},
                name=f"osu-emulator-{server.server_address[1]}", daemon=True,
            )  # fmt: skip
            self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving, drop open connections and join every thread (idempotent)."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.stopping.set()
        server.shutdown()
        thread.join()
        server.cut_connections()
        server.server_close()  # joins the request threads (block_on_close)
        self._server = self._thread = None

    def __enter__(self) -> OsuApiEmulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        self.close()

    @property
    def port(self) -> int:
        """The bound port.

        Raises:
            RuntimeError: if the emulator is not running.
        """
        if self._server is None:
            raise RuntimeError("the emulator is not running; use it as a context manager")
        return int(self._server.server_address[1])

    @property
    def host(self) -> str:
        """The bound address."""
        return self._address[0]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: use it where the real client uses ``https://osu.ppy.sh``."""
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}"

    @property
    def api_key(self) -> str:
        """The accepted API key."""
        return self.config.api_key

    @property
    def faults(self) -> FaultPlan:
        """The fault plan: ``emu.faults.add(FaultKind.STATUS_503, "get_user", count=2)``."""
        return self.handler.faults

    @property
    def dataset(self) -> Dataset:
        """The dataset being served."""
        return self.handler.dataset

    @property
    def known(self) -> WellKnown:
        """The well-known ids and names (the same for every seed)."""
        return KNOWN

    def count(self, endpoint: str | None = None, status: int | None = None) -> int:
        """Requests handled so far; see :meth:`EmulatorHandler.count`."""
        return self.handler.count(endpoint, status)

    def __repr__(self) -> str:
        state = f"{self.base_url}" if self._server is not None else "stopped"
        return f"<OsuApiEmulator {state} seed={self.config.seed}>"

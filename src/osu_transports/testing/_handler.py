"""The emulator's pure request handler: (method, path, query, now, client) to (status, headers,
body), with no sockets.

Theory of operation: a request first meets the fault plan (network and server trouble comes
before the application), then the routing (``/api/<endpoint>``, ``/osu/<id>``, anything else),
then the key check (``/api/*`` only, §0 "Invalid / missing key"), then the rate limits (the
overall budget answers HTTP 429; ``get_replay``'s own budget answers the 200 "Requesting too
fast" body, §0 and §7), and finally the endpoint, which reads the immutable dataset. Counters,
rate windows and faults are the only mutable state and are changed under one lock, so the
threaded server may call :meth:`EmulatorHandler.handle` from many threads. The clock is an
argument: the server passes ``time.monotonic()``, tests pass whatever they like. Latency,
connection resets and the socket faults (``SOCKET_FAULTS``: dripping, stalling, mis-framed and
endless answers) cannot be done by a pure function: they come back as fields of
:class:`HandlerResult` for the server (or mock transport) to act on. Of those, ``DRIP``,
``LENGTH_TOO_LONG`` and ``TRAILING_GARBAGE`` garble the normal answer, so it is made first (key
check and rate limits included); the others replace it, before the application, like a 503.
"""

from __future__ import annotations

import collections
import hmac
import threading
from collections.abc import Iterable
from urllib.parse import parse_qsl

import attrs

from osu_core import RateLimit

from . import _endpoints as api
from ._dataset import DEFAULT_SEED, build_dataset
from ._faults import (
    DEFAULT_DEEP_JSON_DEPTH,
    DEFAULT_GZIP_BOMB_SIZE,
    DEFAULT_HUGE_BODY_SIZE,
    Fault,
    FaultKind,
    FaultPlan,
    deep_json,
    gzip_bomb,
)
from ._limits import SlidingWindow
from ._wire import dump

__all__ = [
    "DEFAULT_API_KEY",
    "EmulatorConfig",
    "EmulatorHandler",
    "HandlerResult",
    "RecordedRequest",
]

#: The key the emulator accepts unless told otherwise.
DEFAULT_API_KEY = "osu-emulator-key"

# §0: "1200 requests per minute, with a burst capability of up to 200 beyond that"; get_replay
# "10 requests per minute".
_DEFAULT_LIMIT = RateLimit(1200, 60.0, burst=200)
_REPLAY_LIMIT = RateLimit(10, 60.0)
_JSON = "application/json;charset=UTF-8"
_HTML = "text/html; charset=UTF-8"
_TEXT = "text/plain; charset=UTF-8"
_WRONG_KEY = dump({"error": "Please provide a valid API key."})
_TOO_FAST = dump({"error": "Requesting too fast! Slow your operation, cap'n!"})
_RETRIEVAL_FAILED = dump({"error": "Replay retrieval failed."})
_CHUNKED = ("Transfer-Encoding", "chunked")
#: Faults that garble the normal answer rather than replace it.
_GARBLING = frozenset({
    FaultKind.TRUNCATED_JSON, FaultKind.DRIP, FaultKind.LENGTH_TOO_LONG,
    FaultKind.TRAILING_GARBAGE,
})  # fmt: skip


def _page(status: int, title: str, text: str) -> bytes:
    return (
        f"<!DOCTYPE html>\n<html><head><title>{status} {title}</title></head>\n"
        f"<body><h1>{title}</h1><p>{text}</p><hr><address>osu! API v1 emulator</address>"
        "</body></html>\n"
    ).encode()


@attrs.frozen(kw_only=True)
class EmulatorConfig:
    """How an emulator behaves.

    Attributes:
        seed: Dataset seed (the well-known ids and names hold for every seed).
        api_key: The key the ``/api/*`` endpoints accept.
        extra_keys: More accepted keys (each has its own rate budgets).
        rate_limit: The overall budget per key (§0: 1200/min with a burst of 200); ``None``
            disables it. Exceeding it answers HTTP 429.
        replay_rate_limit: ``get_replay``'s budget per key (§0: 10/min); ``None`` disables it.
            Exceeding it answers the 200 "Requesting too fast" body.
        client_rate_limit: An optional per-client-address budget over every request, keyed or
            not (the per-IP protection of §0, #309); also answered with 429.
        retry_after: Whether 429 answers carry ``Retry-After``.
        history: How many recent requests :attr:`EmulatorHandler.requests` keeps.
    """

    seed: int = DEFAULT_SEED
    api_key: str = DEFAULT_API_KEY
    extra_keys: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    rate_limit: RateLimit | None = _DEFAULT_LIMIT
    replay_rate_limit: RateLimit | None = _REPLAY_LIMIT
    client_rate_limit: RateLimit | None = None
    retry_after: bool = True
    history: int = 1000


@attrs.frozen(kw_only=True)
class HandlerResult:
    """What to send back.

    Attributes:
        status: HTTP status.
        headers: Response headers (``Content-Length`` included).
        body: Body bytes.
        delay: Seconds to wait before answering (injected latency).
        reset: Close the connection with a TCP reset instead of answering.
        disconnect: Close the connection cleanly instead of answering.
        endpoint: The endpoint name (``get_user``, ``osu_file``), or ``None`` for other paths.
        fault: A socket fault (one of ``SOCKET_FAULTS``) for the server to carry out, with
            this answer as its material: dripped, mis-framed or followed by ``planted``
            (``DRIP``, ``LENGTH_TOO_LONG``, ``TRAILING_GARBAGE``); only its status and headers
            (``ENDLESS_BODY``, ``HUGE_BODY``: the server makes the body); sent as it is
            (``GZIP_BOMB``); or not at all (``STALL``, status 0). ``None`` for none.
        planted: ``TRAILING_GARBAGE``'s unsolicited second answer.
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    delay: float = 0.0
    reset: bool = False
    disconnect: bool = False
    endpoint: str | None = None
    fault: Fault | None = None
    planted: HandlerResult | None = None


@attrs.frozen(kw_only=True)
class RecordedRequest:
    """One request as the handler saw it, the key left out.

    Attributes:
        method: HTTP method.
        path: Path.
        params: Query parameters other than ``k``.
        endpoint: Endpoint name or ``None``.
        status: Status answered (0 for a reset or disconnect).
        client: Client address as given.
        at: The ``now`` the request was handled at (the clock the rate limits count with).
    """

    method: str
    path: str
    params: tuple[tuple[str, str], ...]
    endpoint: str | None
    status: int
    client: str
    at: float = 0.0


def _result(status: int, body: bytes, content_type: str = _JSON, **extra: object) -> HandlerResult:
    headers: list[tuple[str, str]] = [("Content-Type", content_type)]
    headers.extend((name, str(value)) for name, value in extra.pop("headers", ()))  # type: ignore[attr-defined]
    headers.append(("Content-Length", str(len(body))))
    return HandlerResult(status=status, headers=tuple(headers), body=body, **extra)  # type: ignore[arg-type]


class EmulatorHandler:
    """The osu! API v1, answered from a generated dataset (thread-safe, no sockets).

    Args:
        config: The behaviour; defaults to :class:`EmulatorConfig` ().
    """

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.dataset = build_dataset(self.config.seed)
        #: The fault rules; add with ``handler.faults.add(FaultKind.STATUS_503, "get_user")``.
        self.faults = FaultPlan()
        self._lock = threading.Lock()
        self._keys = (self.config.api_key, *self.config.extra_keys)
        self._limits = {
            name: SlidingWindow(limit)
            for name, limit in (
                ("default", self.config.rate_limit),
                ("get_replay", self.config.replay_rate_limit),
                ("client", self.config.client_rate_limit),
            )
            if limit is not None
        }
        self._counts: collections.Counter[str] = collections.Counter()
        self._history: collections.deque[RecordedRequest] = collections.deque(
            maxlen=self.config.history
        )

    @property
    def api_key(self) -> str:
        """The accepted key."""
        return self.config.api_key

    def count(self, endpoint: str | None = None, status: int | None = None) -> int:
        """How many requests were handled, optionally for one endpoint and/or status.

        Args:
            endpoint: An endpoint name (``get_user``, ``osu_file``), or ``None`` for all.
            status: An HTTP status (0 counts resets and disconnects), or ``None`` for all.

        Returns:
            The count since the handler was made.
        """
        with self._lock:
            return self._counts[f"{endpoint or '*'} {'*' if status is None else status}"]

    @property
    def requests(self) -> list[RecordedRequest]:
        """The most recent requests (up to ``config.history``), oldest first, keys removed."""
        with self._lock:
            return list(self._history)

    def handle(
        self,
        method: str,
        path: str,
        query: str | Iterable[tuple[str, str]] = (),
        now: float = 0.0,
        client: str = "127.0.0.1",
    ) -> HandlerResult:
        """Answer one request.

        Args:
            method: HTTP method.
            path: Path without the query string (one is split off if present).
            query: The raw query string or ``(name, value)`` pairs.
            now: Seconds on a monotonic clock, for the rate limits.
            client: The client's address, for the optional per-client budget and the history.

        Returns:
            The answer. It never raises for any request.
        """
        if "?" in path:
            path, _, raw = path.partition("?")
            query = raw if isinstance(query, (tuple, list)) and not query else query
        pairs = parse_qsl(query, keep_blank_values=True) if isinstance(query, str) else list(query)
        endpoint, kind = self._route(path)
        delay, fault = self.faults.draw(endpoint)
        result = self._answer(method.upper(), path, pairs, endpoint, kind, fault, now, client)
        if fault is not None and fault.kind in (FaultKind.DRIP, FaultKind.LENGTH_TOO_LONG):
            result = attrs.evolve(result, fault=fault)
        elif fault is not None and fault.kind is FaultKind.TRAILING_GARBAGE:
            planted = self._planted(endpoint, _params(pairs), result.body)
            result = attrs.evolve(result, fault=fault, planted=planted)
        if delay:
            result = attrs.evolve(result, delay=result.delay + delay)
        status = 0 if result.reset or result.disconnect else result.status
        record = RecordedRequest(
            method=method.upper(), path=path, params=tuple(p for p in pairs if p[0] != "k"),
            endpoint=endpoint, status=status, client=client, at=now,
        )  # fmt: skip
        with self._lock:
            for key in ("* *", f"* {status}", f"{endpoint or '*'} *", f"{endpoint} {status}"):
                self._counts[key] += 1
            self._history.append(record)
        return result

    @staticmethod
    def _route(path: str) -> tuple[str | None, str]:
        trimmed = path.rstrip("/") or "/"
        if trimmed.startswith("/api/"):
            name = trimmed[5:].removesuffix(".php")  # the old .php form also worked (#13)
            return (name, "api") if name in api.ANSWERS else (None, "unknown-api")
        if trimmed.startswith("/osu/") and trimmed.count("/") == 2:
            return "osu_file", "file"
        return None, "home" if trimmed == "/" else "other"

    def _answer(
        self,
        method: str,
        path: str,
        pairs: list[tuple[str, str]],
        endpoint: str | None,
        kind: str,
        fault: Fault | None,
        now: float,
        client: str,
    ) -> HandlerResult:
        if fault is not None and fault.kind not in _GARBLING:
            return self._fault(fault, endpoint)
        if method not in ("GET", "HEAD", "POST"):
            return _result(405, _page(405, "Method Not Allowed", "Use GET."), _HTML,
                           headers=(("Allow", "GET, HEAD"),))  # fmt: skip
        limited = self._admit(None, client, now)
        if limited is not None:
            return limited
        if kind == "home":
            return _result(200, _page(200, "osu! API v1 emulator",
                                      "Endpoints live under /api/ and /osu/."), _HTML)  # fmt: skip
        if kind == "other":
            return _result(404, _page(404, "Not Found", "No such page."), _HTML)
        if kind == "unknown-api":
            # The only observation of an unknown endpoint is a 301 redirect (Tillerino
            # DownloaderTest.testInvalidVerb, §0). Its target is not recorded; we send the
            # client to our home page rather than off the loopback.
            return _result(301, _page(301, "Moved Permanently", "See /."), _HTML,
                           headers=(("Location", "/"),))  # fmt: skip
        if kind == "file":
            return self._osu_file(path)
        params = _params(pairs)
        key = params.get("k", "")
        if not any(hmac.compare_digest(key.encode(), k.encode()) for k in self._keys):
            return _result(401, _WRONG_KEY)
        limited = self._admit(endpoint, key, now)
        if limited is not None:
            return limited
        assert endpoint is not None
        body = dump(api.ANSWERS[endpoint](self.dataset, params))
        if fault is not None and fault.kind is FaultKind.TRUNCATED_JSON:  # cut short
            body = body[: max(1, len(body) // 2)]
        return _result(200, body)

    def _admit(self, endpoint: str | None, key: str, now: float) -> HandlerResult | None:
        with self._lock:
            if endpoint is None:
                bucket = self._limits.get("client")
                wait = None if bucket is None else bucket.admit(key, now)
                return None if wait is None else self._too_many(wait)
            wait = None
            replay = self._limits.get("get_replay") if endpoint == "get_replay" else None
            general = self._limits.get("default")
            if general is not None:
                wait = general.admit(key, now)
                if wait is not None:
                    return self._too_many(wait)
            if replay is not None and replay.admit(key, now) is not None:
                return _result(200, _TOO_FAST)
            return None

    def _too_many(self, wait: float) -> HandlerResult:
        headers: tuple[tuple[str, str], ...] = ()
        if self.config.retry_after:
            headers = (("Retry-After", SlidingWindow.retry_after_header(wait)),)
        body = _page(429, "Too Many Requests", "Slow down.")
        return _result(429, body, _HTML, headers=headers)

    def _osu_file(self, path: str) -> HandlerResult:
        # §8: no key needed; unknown or unavailable ids give HTTP 200 with an empty body.
        ident = path.rstrip("/").rsplit("/", 1)[-1]
        data = self.dataset.osu_file(int(ident)) if ident.isdigit() and len(ident) < 12 else None
        return _result(200, data or b"", _TEXT)

    def _fault(self, fault: Fault, endpoint: str | None) -> HandlerResult:
        kind = fault.kind
        if kind is FaultKind.RESET:
            return _result(0, b"", reset=True, endpoint=endpoint)
        if kind is FaultKind.DISCONNECT:
            return _result(0, b"", disconnect=True, endpoint=endpoint)
        if kind in (FaultKind.RATE_LIMITED, FaultKind.RATE_LIMITED_NO_RETRY_AFTER):
            headers: tuple[tuple[str, str], ...] = ()
            if kind is FaultKind.RATE_LIMITED:
                headers = (("Retry-After", SlidingWindow.retry_after_header(fault.delay or 1)),)
            return _result(429, _page(429, "Too Many Requests", "Slow down."), _HTML,
                           headers=headers, endpoint=endpoint)  # fmt: skip
        if kind is FaultKind.TOO_FAST:
            return _result(200, _TOO_FAST, endpoint=endpoint)
        if kind is FaultKind.RETRIEVAL_FAILED:
            return _result(200, _RETRIEVAL_FAILED, endpoint=endpoint)
        if kind is FaultKind.HTML_PAGE:
            page = _page(200, "Maintenance", "osu! is being updated. Back in a moment.")
            return _result(200, page, _HTML, endpoint=endpoint)
        if kind is FaultKind.NOT_UTF8:
            return _result(200, b'[{"username":"caf\xe9 \xff\xfe"}]', endpoint=endpoint)
        if kind is FaultKind.DEEP_JSON:
            body = deep_json(fault.size or DEFAULT_DEEP_JSON_DEPTH)
            return _result(200, body, endpoint=endpoint)
        if kind is FaultKind.STALL:
            return _result(0, b"", endpoint=endpoint, fault=fault)
        if kind in (FaultKind.ENDLESS_BODY, FaultKind.HUGE_BODY):  # the server makes the body
            length = str(fault.size or DEFAULT_HUGE_BODY_SIZE)
            framing = ("Content-Length", length) if kind is FaultKind.HUGE_BODY else _CHUNKED
            return HandlerResult(status=200, headers=(("Content-Type", _JSON), framing), body=b"",
                                 endpoint=endpoint, fault=fault)  # fmt: skip
        if kind is FaultKind.GZIP_BOMB:
            return _result(200, gzip_bomb(fault.size or DEFAULT_GZIP_BOMB_SIZE), endpoint=endpoint,
                           headers=(("Content-Encoding", "gzip"),), fault=fault)  # fmt: skip
        status = int(kind.value)  # STATUS_5xx
        titles = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
                  504: "Gateway Timeout"}  # fmt: skip
        return _result(status, _page(status, titles[status], "Please try again later."), _HTML,
                       endpoint=endpoint)  # fmt: skip

    def _planted(self, endpoint: str | None, params: dict[str, str], real: bytes) -> HandlerResult:
        """``TRAILING_GARBAGE``'s plant: see :func:`~._endpoints.planted_answer`."""
        if endpoint is None:
            return _result(200, _page(200, "Planted", "Not the page you asked for."), _HTML)
        body = api.planted_answer(self.dataset, endpoint, params, real)
        return _result(200, body, _TEXT if endpoint == "osu_file" else _JSON)


def _params(pairs: list[tuple[str, str]]) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in pairs:  # PHP keeps the last of repeated names; empty means absent
        if value.strip():
            params[name] = value
        else:
            params.pop(name, None)
    return params

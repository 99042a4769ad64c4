"""Fault injection for the emulator: what can go wrong, for which endpoint, and how often.

A :class:`FaultPlan` holds an ordered list of :class:`Fault` rules. Before the handler answers a
request it asks the plan; the first rule that matches the endpoint, still has a count left and
wins its (seeded) coin toss fires, and its count goes down. ``LATENCY`` rules are different:
they only add a delay and let the next rules (and the normal answer) proceed. The plan has its
own lock, so tests may add rules while a threaded server is answering. No I/O, no clock: a
delay is a number that the server (or mock transport) acts on.

The kinds in :data:`SOCKET_FAULTS` misbehave below HTTP (a dripping, stalled, mis-framed or
endless answer): only the threaded server can carry them out, on its socket. This module also
builds the two hostile bodies, :func:`deep_json` and :func:`gzip_bomb` (pure functions).
"""

from __future__ import annotations

import enum
import functools
import random
import threading
import zlib

import attrs

__all__ = [
    "DEFAULT_DEEP_JSON_DEPTH",
    "DEFAULT_DRIP_DELAY",
    "DEFAULT_DRIP_SIZE",
    "DEFAULT_GZIP_BOMB_SIZE",
    "DEFAULT_HUGE_BODY_SIZE",
    "ENDPOINTS",
    "SOCKET_FAULTS",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "deep_json",
    "gzip_bomb",
]

#: Endpoint names a rule can target (``None`` or ``"*"`` targets all).
ENDPOINTS = frozenset({
    "get_beatmaps", "get_user", "get_scores", "get_user_best", "get_user_recent", "get_match",
    "get_replay", "osu_file",
})  # fmt: skip


class FaultKind(str, enum.Enum):
    """The failures the emulator can stage."""

    #: Wait ``delay`` seconds, then answer normally (or with the next matching fault).
    LATENCY = "latency"
    #: Close the connection with a TCP reset before answering (httpx: ``ReadError``).
    RESET = "reset"
    #: Close the connection cleanly without answering (httpx: ``RemoteProtocolError``).
    DISCONNECT = "disconnect"
    STATUS_500 = "500"
    STATUS_502 = "502"
    STATUS_503 = "503"
    STATUS_504 = "504"
    #: HTTP 429 with a ``Retry-After`` of ``delay`` seconds (1 if unset).
    RATE_LIMITED = "429"
    #: HTTP 429 without ``Retry-After``.
    RATE_LIMITED_NO_RETRY_AFTER = "429-bare"
    #: HTTP 200 ``{"error":"Requesting too fast! Slow your operation, cap'n!"}`` (§7).
    TOO_FAST = "too-fast"
    #: HTTP 200 ``{"error":"Replay retrieval failed."}`` (§7, ppy/osu-api#138).
    RETRIEVAL_FAILED = "retrieval-failed"
    #: The normal answer with its JSON body cut in half (Content-Length matches the cut body).
    TRUNCATED_JSON = "truncated"
    #: HTTP 200 with an HTML maintenance page instead of JSON.
    HTML_PAGE = "html"
    #: HTTP 200 whose body is not valid UTF-8.
    NOT_UTF8 = "not-utf8"
    #: HTTP 200, JSON, ``[`` * ``size`` then ``]`` * ``size`` (100,000 deep by default): valid
    #: JSON that a recursive decoder cannot take (CPython's ``json`` raises ``RecursionError``).
    DEEP_JSON = "deep-json"

    # The kinds below (:data:`SOCKET_FAULTS`) are carried out on the socket by the threaded
    # server. ``mock_transport`` has no socket and no clock: it acts out what a client ends up
    # seeing, as each kind's last sentence says (details in ``_mock.py``).

    #: The normal answer (status line, headers, body), ``size`` bytes a write (16 by default)
    #: with ``delay`` seconds between writes (0.2 by default): every socket read succeeds
    #: quickly, yet the whole answer takes long. A client's per-read timeout never fires.
    #: ``mock_transport``: the answer in ``size``-byte pieces, without the pauses.
    DRIP = "drip"
    #: Read the request, then send nothing until the client hangs up or the emulator closes.
    #: ``mock_transport``: ``httpx.ReadTimeout`` at once.
    STALL = "stall"
    #: The normal answer with a ``Content-Length`` larger than its body, then the connection is
    #: closed (httpx: ``RemoteProtocolError``, "peer closed connection without sending
    #: complete message body"). ``mock_transport``: the same head and body, then that error as
    #: the body is read.
    LENGTH_TOO_LONG = "length-too-long"
    #: The normal answer followed, in the same write, by a second and unsolicited complete
    #: HTTP 200 response: a valid answer to a different request of the same endpoint (another
    #: user, another beatmap...). A client that reuses the connection takes it for the answer
    #: to its next request. ``mock_transport`` raises ``RuntimeError``: it has no connection to
    #: plant the answer on.
    TRAILING_GARBAGE = "trailing-garbage"
    #: HTTP 200, JSON, ``Transfer-Encoding: chunked``, with chunks of filler sent forever
    #: (``delay`` seconds between chunks, none by default) until the client hangs up or the
    #: emulator closes. ``mock_transport``: the same body, without the pauses.
    ENDLESS_BODY = "endless-body"
    #: HTTP 200, JSON, declaring a ``Content-Length`` of ``size`` bytes (4 GiB by default) and
    #: streaming filler (``delay`` seconds between writes) until the client hangs up or all
    #: of it is sent. ``mock_transport``: the same, without the pauses.
    HUGE_BODY = "huge-body"
    #: HTTP 200, JSON, ``Content-Encoding: gzip``: a gzip stream of about ``size`` / 1000
    #: bytes that inflates to ``size`` bytes of zeros (256 MiB by default). ``mock_transport``:
    #: the same, streamed, so httpx inflates it only as it is read.
    GZIP_BOMB = "gzip-bomb"


#: The kinds that misbehave below HTTP: the threaded server carries them out on its socket,
#: ``mock_transport`` as well as it can without one.
SOCKET_FAULTS = frozenset({
    FaultKind.DRIP, FaultKind.STALL, FaultKind.LENGTH_TOO_LONG, FaultKind.TRAILING_GARBAGE,
    FaultKind.ENDLESS_BODY, FaultKind.HUGE_BODY, FaultKind.GZIP_BOMB,
})  # fmt: skip

#: Nesting depth of ``DEEP_JSON``: far past CPython's default recursion limit of 1000.
DEFAULT_DEEP_JSON_DEPTH = 100_000
#: Bytes per write of ``DRIP``.
DEFAULT_DRIP_SIZE = 16
#: Seconds between the writes of ``DRIP``.
DEFAULT_DRIP_DELAY = 0.2
#: The ``Content-Length`` ``HUGE_BODY`` declares: 4 GiB, past any 32-bit length.
DEFAULT_HUGE_BODY_SIZE = 4 << 30
#: What ``GZIP_BOMB`` inflates to. Deflate compresses at most about 1032:1 (zlib's technical
#: details, "Maximum Compression Factor"; 1028:1 measured on zeros), so this is about what
#: fits in 256 KB of body.
DEFAULT_GZIP_BOMB_SIZE = 256 << 20


def deep_json(depth: int = DEFAULT_DEEP_JSON_DEPTH) -> bytes:
    """``depth`` nested empty JSON arrays: ``[[[...]]]``."""
    return b"[" * depth + b"]" * depth


def gzip_bomb(size: int = DEFAULT_GZIP_BOMB_SIZE) -> bytes:
    """A gzip member that inflates to ``size`` zero bytes (made once per size, then cached).

    It is compressed a mebibyte at a time, so making it never holds ``size`` bytes; 256 MiB
    takes about half a second.
    """
    return _gzip_bomb(size)


@functools.lru_cache(maxsize=4)
def _gzip_bomb(size: int) -> bytes:
    # wbits 16 + 15: a gzip header and trailer around the deflate stream (zlib's deflateInit2).
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts: list[bytes] = []
    whole, rest = divmod(size, len(block))
    parts.extend(compressor.compress(block) for _ in range(whole))
    parts.append(compressor.compress(block[:rest]))
    parts.append(compressor.flush())
    return b"".join(parts)


@attrs.define
class Fault:
    """One rule of a :class:`FaultPlan`.

    Attributes:
        kind: What goes wrong.
        endpoint: The endpoint it targets (``get_user``, ``osu_file``...); ``None`` for all.
        count: How many more requests it may hit; ``None`` for no limit.
        fraction: The share of matching requests it hits (seeded draws); ``1.0`` for all.
        delay: Seconds of latency (``LATENCY``), the ``Retry-After`` value (``RATE_LIMITED``)
            or the pause between writes (``DRIP``, ``ENDLESS_BODY``, ``HUGE_BODY``).
        seed: Seed of the draws behind ``fraction``.
        size: How big the fault is: the nesting depth of ``DEEP_JSON``, the bytes per write of
            ``DRIP``, the declared length of ``HUGE_BODY``, the inflated size of
            ``GZIP_BOMB``; ``None`` for the kind's default. Other kinds ignore it.
        fired: How many times it has fired so far.
    """

    kind: FaultKind
    endpoint: str | None = None
    count: int | None = None
    fraction: float = 1.0
    delay: float = 0.0
    seed: int = 0
    size: int | None = None
    fired: int = 0
    _random: random.Random = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def _matches(self, endpoint: str | None) -> bool:
        if self.count is not None and self.count <= 0:
            return False
        if self.endpoint not in (None, "*") and self.endpoint != endpoint:
            return False
        # Drawn only for matching requests, so the sequence depends on them alone.
        return self.fraction >= 1.0 or self._random.random() < self.fraction

    def _fire(self) -> None:
        self.fired += 1
        if self.count is not None:
            self.count -= 1


class FaultPlan:
    """The fault rules of one emulator (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []

    def add(
        self,
        kind: FaultKind | str,
        endpoint: str | None = None,
        *,
        count: int | None = None,
        fraction: float = 1.0,
        delay: float = 0.0,
        seed: int = 0,
        size: int | None = None,
    ) -> Fault:
        """Add a rule after the existing ones.

        Args:
            kind: A :class:`FaultKind` or its value (``"503"``, ``"reset"``...).
            endpoint: The endpoint to hit (``"get_user"``, ``"osu_file"``...); ``None`` or
                ``"*"`` for every request.
            count: Hit only the next ``count`` matching requests; ``None`` for no limit.
            fraction: Hit this share of matching requests, drawn from ``seed``.
            delay: Seconds of latency, the ``Retry-After`` of ``RATE_LIMITED``, or the pause
                between writes of ``DRIP``, ``ENDLESS_BODY`` and ``HUGE_BODY``.
            seed: Seed for ``fraction``.
            size: The depth, write size, declared length or inflated size of ``DEEP_JSON``,
                ``DRIP``, ``HUGE_BODY`` and ``GZIP_BOMB`` (see :class:`FaultKind`).

        Returns:
            The rule (its ``fired`` attribute counts hits).

        Raises:
            ValueError: for an unknown kind or endpoint, a fraction outside 0-1, a negative
                count or delay, or a size below 1.
        """
        kind = FaultKind(kind)
        if endpoint not in (None, "*") and endpoint not in ENDPOINTS:
            raise ValueError(f"unknown endpoint {endpoint!r}; known: {sorted(ENDPOINTS)}")
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"fraction must be between 0 and 1, got {fraction}")
        if count is not None and count < 0:
            raise ValueError(f"count must not be negative, got {count}")
        if not delay >= 0.0:  # NaN included
            raise ValueError(f"delay must not be negative, got {delay}")
        if size is not None and size < 1:
            raise ValueError(f"size must be at least 1, got {size}")
        rule = Fault(kind, endpoint, count, fraction, delay, seed, size)
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()

    @property
    def rules(self) -> list[Fault]:
        """A copy of the current rules."""
        with self._lock:
            return list(self._rules)

    def draw(self, endpoint: str | None) -> tuple[float, Fault | None]:
        """Decide the fate of one request.

        Returns:
            ``(latency in seconds, the fault to apply or None)``.
        """
        latency = 0.0
        with self._lock:
            for rule in self._rules:
                if not rule._matches(endpoint):
                    continue
                rule._fire()
                if rule.kind is FaultKind.LATENCY:
                    latency += rule.delay
                    continue
                return latency, rule
        return latency, None

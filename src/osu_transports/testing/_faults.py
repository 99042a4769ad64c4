"""Fault injection for the emulator: what can go wrong, for which endpoint, and how often.

A :class:`FaultPlan` holds an ordered list of :class:`Fault` rules. Before the handler answers a
request it asks the plan; the first rule that matches the endpoint, still has a count left and
wins its (seeded) coin toss fires, and its count goes down. ``LATENCY`` rules are different:
they only add a delay and let the next rules (and the normal answer) proceed. The plan has its
own lock, so tests may add rules while a threaded server is answering. No I/O, no clock: a
delay is a number that the server (or mock transport) acts on.
"""

from __future__ import annotations

import enum
import random
import threading

import attrs

__all__ = ["ENDPOINTS", "Fault", "FaultKind", "FaultPlan"]

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


@attrs.define
class Fault:
    """One rule of a :class:`FaultPlan`.

    Attributes:
        kind: What goes wrong.
        endpoint: The endpoint it targets (``get_user``, ``osu_file``...); ``None`` for all.
        count: How many more requests it may hit; ``None`` for no limit.
        fraction: The share of matching requests it hits (seeded draws); ``1.0`` for all.
        delay: Seconds of latency (``LATENCY``) or the ``Retry-After`` value (``RATE_LIMITED``).
        seed: Seed of the draws behind ``fraction``.
        fired: How many times it has fired so far.
    """

    kind: FaultKind
    endpoint: str | None = None
    count: int | None = None
    fraction: float = 1.0
    delay: float = 0.0
    seed: int = 0
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
    ) -> Fault:
        """Add a rule after the existing ones.

        Args:
            kind: A :class:`FaultKind` or its value (``"503"``, ``"reset"``...).
            endpoint: The endpoint to hit (``"get_user"``, ``"osu_file"``...); ``None`` or
                ``"*"`` for every request.
            count: Hit only the next ``count`` matching requests; ``None`` for no limit.
            fraction: Hit this share of matching requests, drawn from ``seed``.
            delay: Seconds of latency, or the ``Retry-After`` of ``RATE_LIMITED``.
            seed: Seed for ``fraction``.

        Returns:
            The rule (its ``fired`` attribute counts hits).

        Raises:
            ValueError: for an unknown kind or endpoint, or a fraction outside 0-1.
        """
        kind = FaultKind(kind)
        if endpoint not in (None, "*") and endpoint not in ENDPOINTS:
            raise ValueError(f"unknown endpoint {endpoint!r}; known: {sorted(ENDPOINTS)}")
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"fraction must be between 0 and 1, got {fraction}")
        if count is not None and count < 0:
            raise ValueError(f"count must not be negative, got {count}")
        rule = Fault(kind, endpoint, count, fraction, delay, seed)
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

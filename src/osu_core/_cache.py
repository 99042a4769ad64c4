"""Response caching as pure parts: which answers may be kept and for how long
(:class:`CachePolicy`), the name each is kept under, an in-memory store
(:class:`MemoryCache`), and the scripts of a Redis store shared by a fleet
(:class:`SharedCache`). No I/O: ``call_flow`` asks the store before the rate limiter and
fills it after a good answer; a Redis store's reads and writes are :class:`Coordinate`
actions the driver runs like the shared limiter's.

What may be kept, by default (the v1 API sends no cache headers, so the policy is ours):

* ``.osu`` downloads, a day: a file changes only when its mapper uploads a new version, and
  never once the map is ranked or loved; ``Beatmap.file_md5`` tells a stale one.
* ``get_replay`` content, a day: a score's replay never changes (an unavailable replay is
  not kept, so it is asked again).
* ``get_beatmaps`` rows, an hour when every row is ranked, approved or loved (their play
  counts and ratings move, slowly); not at all otherwise (a pending or qualified map can
  change or be ranked at any time), nor an empty answer (a map that is about to appear).
* Users, their best and recent plays, scores and matches: not at all (they change by the
  minute). Each of these is a setting of :class:`CachePolicy`.

Only answers that parsed are kept, and only their bodies (what the parser needs of a good
answer). A name is a digest of the server, path and parameters, which never hold the key.
An entry is never served after its time: the memory store checks the caller's clock, Redis
expires the key itself. Memory stays bounded: the memory store holds ``max_entries`` bodies
of at most ``max_bytes`` in all, least recently used first out; either store refuses a body
over ``max_entry_size``. A Redis store bounds its own memory (``maxmemory`` with an LRU
policy, for a Redis used only as a cache).
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from urllib.parse import urlencode

import attrs

from ._base import BaseModel
from ._enums import BeatmapApprovedState, shown
from ._errors import InvalidArgument
from ._fleet import ScriptCall, _prefix, _probe_interval, _sha1
from ._http import Request, Response
from ._models import Beatmap

__all__ = [
    "CachePolicy",
    "MemoryCache",
    "ResponseCache",
    "SharedCache",
]

_DAY = 86_400.0
_HOUR = 3_600.0
#: The longest time anything may be kept: a year.
_LONGEST = 366 * _DAY
_LASTING = {BeatmapApprovedState.Ranked, BeatmapApprovedState.Approved, BeatmapApprovedState.Loved}


def _seconds(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    # A CachePolicy time: an int or float (not a bool) from 0 to a year; errors name it.
    number = not isinstance(value, bool) and isinstance(value, (int, float))
    if not number or not 0 <= value <= _LONGEST:
        raise InvalidArgument(
            f"{attribute.name} must be a number of seconds from 0 to a year, got {shown(value)}",
            parameter=attribute.name,
        )


def _size(name: str, value: int, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 2**40:
        raise InvalidArgument(
            f"{name} must be an int from {low} to 2**40, got {shown(value)}", parameter=name
        )
    return int(value)


def _entry_size(value: int) -> int:
    return _size("max_entry_size", value, 1)


@attrs.frozen(kw_only=True)
class CachePolicy:
    """How long each kind of answer may be served from a cache, in seconds (0: never kept).

    Args:
        beatmap_files: ``.osu`` downloads (a day).
        replays: ``get_replay`` content (a day).
        ranked_beatmaps: ``get_beatmaps`` answers whose rows are all ranked, approved or
            loved (an hour).
        other_beatmaps: Other non-empty ``get_beatmaps`` answers (0).
        users: ``get_user`` (0).
        plays: ``get_user_best`` and ``get_user_recent`` (0).
        scores: ``get_scores`` (0).
        matches: ``get_match`` (0).
        max_entry_size: The largest body kept, in bytes (1 MiB; the largest ``.osu`` files
            are a few hundred KB).

    Raises:
        InvalidArgument: for a time that is no number of seconds from 0 to a year, or a size
            that is no positive int.
    """

    beatmap_files: float = attrs.field(default=_DAY, validator=_seconds)
    replays: float = attrs.field(default=_DAY, validator=_seconds)
    ranked_beatmaps: float = attrs.field(default=_HOUR, validator=_seconds)
    other_beatmaps: float = attrs.field(default=0.0, validator=_seconds)
    users: float = attrs.field(default=0.0, validator=_seconds)
    plays: float = attrs.field(default=0.0, validator=_seconds)
    scores: float = attrs.field(default=0.0, validator=_seconds)
    matches: float = attrs.field(default=0.0, validator=_seconds)
    max_entry_size: int = attrs.field(default=1 << 20, converter=_entry_size)

    def _longest(self, endpoint: str) -> float:
        # The longest any answer of ``endpoint`` may be kept (0: don't even look).
        if endpoint == "get_beatmaps":
            return max(self.ranked_beatmaps, self.other_beatmaps)
        return {
            "get_beatmap_file": self.beatmap_files,
            "get_replay": self.replays,
            "get_user": self.users,
            "get_user_best": self.plays,
            "get_user_recent": self.plays,
            "get_scores": self.scores,
            "get_match": self.matches,
        }.get(endpoint, 0.0)

    def may_keep(self, request: Request) -> bool:
        """Whether any answer to ``request`` may be kept (else the cache is not asked)."""
        return self._longest(request.endpoint) > 0

    def ttl(self, request: Request, response: Response, result: object) -> float:
        """How long the answer to ``request`` (parsed into ``result``) may be kept: 0 for
        not at all (an error, an empty answer, a body over ``max_entry_size``)."""
        if response.status_code != 200 or len(response.body) > self.max_entry_size:
            return 0.0
        endpoint = request.endpoint
        if result is None or (isinstance(result, Iterable) and not _any(result)):
            return 0.0
        if endpoint == "get_beatmaps":
            rows = [result] if isinstance(result, Beatmap) else list(_models(result))
            if rows and all(isinstance(r, Beatmap) and r.approved in _LASTING for r in rows):
                return float(self.ranked_beatmaps)
            return float(self.other_beatmaps)
        return float(self._longest(endpoint))


def _any(items: Iterable[object]) -> bool:
    return any(True for _ in items)


def _models(result: object) -> Iterable[object]:
    return result if isinstance(result, Iterable) and not isinstance(result, BaseModel) else ()


def cache_key(request: Request, base_url: str) -> str:
    """The name an answer is kept under: a digest of the server, the path and the
    parameters (in their order; none is the key, which is added innermost)."""
    text = f"{base_url}{request.path}?{urlencode(request.params)}"
    return hashlib.sha256(text.encode()).hexdigest()[:40]


class MemoryCache:
    """Answers kept in this process, least recently used first out.

    Args:
        policy: What may be kept, and for how long.
        max_entries: At most this many bodies.
        max_bytes: At most this many bytes of bodies in all.
        guard: A context manager held around each access, for clients shared between threads.

    Raises:
        InvalidArgument: for a bound that is no positive int, or a policy that is none.
    """

    def __init__(
        self,
        policy: CachePolicy | None = None,
        *,
        max_entries: int = 1024,
        max_bytes: int = 64 << 20,
        guard: AbstractContextManager[object] | None = None,
    ) -> None:
        self.policy = _policy(policy)
        self.max_entries = _size("max_entries", max_entries, 1)
        self.max_bytes = _size("max_bytes", max_bytes, 1)
        self._guard: AbstractContextManager[object] = guard or nullcontext()
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0

    def __repr__(self) -> str:
        return f"MemoryCache({len(self._entries)} entries, {self._bytes} bytes)"

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, now: float) -> bytes | None:
        """The body kept under ``key``, or ``None`` (never one past its time)."""
        with self._guard:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, body = entry
            if now >= expires:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return body

    def put(self, key: str, body: bytes, ttl: float, now: float) -> None:
        """Keep ``body`` under ``key`` for ``ttl`` seconds from ``now``."""
        if ttl <= 0 or len(body) > min(self.max_bytes, self.policy.max_entry_size):
            return
        with self._guard:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (now + ttl, body)
            self._bytes += len(body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        _, body = self._entries.pop(key)
        self._bytes -= len(body)


_GET_SCRIPT = "return redis.call('GET', KEYS[1])"
_SET_SCRIPT = "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1"
_GET_SHA1 = _sha1(_GET_SCRIPT)
_SET_SHA1 = _sha1(_SET_SCRIPT)


class SharedCache:
    """Answers kept in Redis for every client that uses it (a fleet's shared cache).

    Args:
        policy: What may be kept, and for how long.
        prefix: The first part of every Redis key.
        probe_interval: Seconds the cache is left alone after Redis failed (it is skipped:
            calls go to the server as without a cache).

    Raises:
        InvalidArgument: for a setting of the wrong type or out of range, naming it.
    """

    def __init__(
        self,
        policy: CachePolicy | None = None,
        *,
        prefix: str = "osu-api-v1",
        probe_interval: float = 5.0,
    ) -> None:
        self.policy = _policy(policy)
        self._prefix = f"{_prefix(prefix)}:cache:"
        self.probe_interval = _probe_interval(probe_interval)
        self._down_until: float | None = None

    def __repr__(self) -> str:
        return f"SharedCache({self.policy!r})"

    def degraded(self, now: float) -> bool:
        """Whether Redis failed less than ``probe_interval`` ago (the cache is skipped)."""
        return self._down_until is not None and now < self._down_until

    def failed(self, now: float) -> None:
        """Redis failed: leave the cache alone for ``probe_interval`` seconds."""
        self._down_until = now + self.probe_interval

    def get(self, key: str) -> ScriptCall:
        """The script that reads the body kept under ``key`` (``None`` when there is none)."""
        full = self._prefix + key
        return ScriptCall(script=_GET_SCRIPT, sha1=_GET_SHA1, keys=(full,), args=())

    def got(self, result: object) -> bytes | None:
        """The body from :meth:`get`'s answer (anything but bytes is a miss)."""
        self._down_until = None
        return result if isinstance(result, bytes) else None

    def put(self, key: str, body: bytes, ttl: float) -> ScriptCall | None:
        """The script that keeps ``body`` under ``key`` for ``ttl`` seconds (Redis expires
        it), or ``None`` if it may not be kept."""
        if ttl <= 0 or len(body) > self.policy.max_entry_size:
            return None
        millis = str(max(1, math.floor(ttl * 1000)))
        full = self._prefix + key
        return ScriptCall(script=_SET_SCRIPT, sha1=_SET_SHA1, keys=(full,), args=(body, millis))


def _policy(value: CachePolicy | None) -> CachePolicy:
    if value is None:
        return CachePolicy()
    if not isinstance(value, CachePolicy):
        raise InvalidArgument(
            f"policy must be a CachePolicy, got {shown(value)}", parameter="policy"
        )
    return value


#: Either store.
ResponseCache = MemoryCache | SharedCache

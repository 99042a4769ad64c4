"""What every flavour of client shares and that never waits: settings, the key, building httpx
requests from the core's, mapping httpx errors, logging, and the per-client user cache.

The sending loops live in ``_async.py`` (written by hand) and ``_sync.py`` (generated from it by
``scripts/unasync.py``); the flavour modules add only a clock and a sleep. This split follows
httpx's ``BaseClient`` (``httpx/_client.py``), which builds and merges while ``Client`` and
``AsyncClient`` only send.

The key is secret. A client we create has our key-adding transport innermost (``_async.py``),
so the request httpx logs at INFO, keeps on its responses and puts on its exceptions carries no
key. A client the caller hands us cannot be wrapped: the key goes into the URL we build, and a
logging filter on the ``httpx`` logger (installed once, :func:`install_log_redaction`) replaces
the value of any ``k`` parameter in the URLs it logs. Errors we raise are built from our own
words and httpx's message with the key scrubbed out.
"""

from __future__ import annotations

import inspect
import logging
import os
import re
import socket
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar
from urllib.parse import quote, quote_plus, urlencode

import httpx

from osu_core import (
    ACCEPT_ENCODING,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_RATE_LIMITS,
    DEFAULT_RETRY,
    NO_RETRY,
    BeatmapFile,
    BodyDecoder,
    CachePolicy,
    InvalidArgument,
    MemoryCache,
    ModeLike,
    OsuError,
    PreparedRequest,
    RateLimiter,
    RateLimits,
    RequestTimeoutError,
    ResponseError,
    RetryPolicy,
    Send,
    SharedCache,
    SharedLimiter,
    Sleep,
    TransportError,
    TransportFailure,
    User,
    WrongApiKey,
    check_base_url,
    redact_url,
)

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_RATE_LIMITS",
    "DEFAULT_RETRY",
    "DEFAULT_TIMEOUT",
    "KEY_ENV_VAR",
    "KEY_EXTENSION",
    "DEADLINE",
    "DEFAULT_LIMITS",
    "BaseOsuApi",
    "attempt_budget",
    "check_timeout",
    "deadline_after",
    "documented_by",
    "install_log_redaction",
    "resolve_key",
    "scrub",
    "transport_error",
    "with_query",
]

logger: Final = logging.getLogger("osu_transports")

#: The environment variable read when no key is passed.
KEY_ENV_VAR: Final = "OSU_API_KEY"
#: Timeouts of the clients we create: 5 s to connect, 20 s for each other operation and for
#: the whole attempt (a ``get_beatmaps`` page of 500 rows can take a while to produce).
DEFAULT_TIMEOUT: Final = httpx.Timeout(20.0, connect=5.0)
#: The longest timeout accepted, in seconds (an hour): longer is a mistake, and too long for
#: some event loops' timers. ``None`` turns timeouts off.
LONGEST_TIMEOUT: Final = 3600.0
#: The request extension that tells our transport to add the key (its value is only ``True``).
KEY_EXTENSION: Final = "osu_transports.add_key"
#: Every request asks for the content codings the core's ``BodyDecoder`` undoes within the
#: size limit (httpx would also offer brotli or zstd when they are installed).
_ACCEPT: Final = {"Accept-Encoding": ACCEPT_ENCODING}

#: The pool limits of the clients we create: httpx's own defaults.
DEFAULT_LIMITS: Final = httpx.Limits(
    max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0
)

#: The monotonic time by which the current attempt must be over, or ``None`` for no limit: set
#: by the clients around each attempt, kept by the streams of our transport (``_wire.py``). A
#: context variable, so each thread and each task has its own.
DEADLINE: ContextVar[float | None] = ContextVar("osu_transports.deadline", default=None)


if TYPE_CHECKING:  # osu_core.performance loads on the first get_performance only
    from osu_core.performance import PerformanceResult, PlayLike, PreparedBeatmap

_F = TypeVar("_F", bound=Callable[..., Any])
#: Maps ``get_performance`` keeps per client, each as its ``.osu`` file and the calculator's
#: parse of it: a ranked map's file is 10-200 KB and its parse a few times that, so this is
#: tens of MB at most. Past it the least recently rated map goes.
PERFORMANCE_FILES: Final = 64
_MD5 = re.compile(r"[0-9a-fA-F]{32}")
_SECTION = re.compile(r"^(?:Args|Returns|Raises|Yields|Attributes|Examples?|Notes?):$", re.M)
_ARGUMENTS_AS = re.compile(r"Arguments as :func:`(\w+)`")


def _arguments_section(builder: Callable[..., Any]) -> str:
    """The ``Args:`` section of a builder's docstring (following "Arguments as :func:`x`")."""
    doc = inspect.cleandoc(builder.__doc__ or "")
    start = doc.find("\nArgs:\n")
    if start < 0:
        other = _ARGUMENTS_AS.search(doc)
        if other is None:
            return ""
        import osu_core

        return _arguments_section(getattr(osu_core, other.group(1)))
    section = doc[start + 1 :]
    following = _SECTION.search(section, pos=len("Args:"))
    return section[: following.start()].rstrip() if following else section.rstrip()


def _only_parameters(section: str, names: set[str]) -> str:
    # Keep the entries of an Args section (an entry: "    name: text" and its deeper lines)
    # that name one of ``names`` (get_score borrows get_scores' section, which has ``limit``).
    if not section:
        return ""
    kept = ["Args:"]
    keep = False
    for line in section.splitlines()[1:]:
        entry = re.match(r"    (\w+)", line) if not line.startswith("     ") else None
        if entry is not None:
            keep = entry.group(1) in names
        if keep:
            kept.append(line)
    return "\n".join(kept) if len(kept) > 1 else ""


#: What every call of a client method can raise, appended to its docstring by ``documented_by``.
_RAISES: Final = """Raises:
    InvalidArgument: on a bad argument, before any request.
    OsuError: what the API or the transport failed with, after any retries."""


def documented_by(builder: Callable[..., Any]) -> Callable[[_F], _F]:
    """Document a client method's arguments once, in the core: put the ``Args:`` section of
    ``builder`` (the ``osu_core`` function with the same parameter list) into the method's
    docstring after its summary, and the errors every call raises (``_RAISES``) unless the
    method says its own. ``tests/transports/test_surface.py`` checks that the two parameter
    lists stay the same."""
    section = _arguments_section(builder)

    def decorate(method: _F) -> _F:
        arguments = _only_parameters(section, set(inspect.signature(method).parameters))
        doc = inspect.cleandoc(method.__doc__ or "")
        if "\nRaises:\n" not in doc:
            doc = f"{doc}\n\n{_RAISES}"
        head, _, rest = doc.partition("\n\n")
        parts = [head, arguments, rest] if arguments else [head, rest]
        note = f"The arguments are those of ``osu_core.{builder.__name__}``."
        method.__doc__ = "\n\n".join(part for part in [*parts, note] if part)
        return method

    return decorate


def deadline_after(seconds: float | None) -> float | None:
    """The deadline ``seconds`` from now on the monotonic clock (``None`` stays ``None``)."""
    return None if seconds is None else time.monotonic() + seconds


def _wrong(parameter: str, rule: str, value: object) -> InvalidArgument:
    return InvalidArgument(f"{parameter}: must be {rule}, got {value!r:.60}", parameter=parameter)


def resolve_key(key: str | None) -> str:
    """The key passed, or the one in ``OSU_API_KEY``.

    Raises:
        WrongApiKey: if there is neither.
        InvalidArgument: if the key is not a string (its value is not shown).
    """
    if key is not None and not isinstance(key, str):
        raise InvalidArgument(f"key: must be a string, got a {type(key).__name__}", parameter="key")
    found = key if key is not None else os.environ.get(KEY_ENV_VAR)
    if not found:
        raise WrongApiKey(
            "no osu! API key: pass one to OsuApi(key=...) or set the OSU_API_KEY environment "
            "variable (keys come from https://osu.ppy.sh/p/api/)"
        )
    return found


#: Keys shorter than this are masked only as URL parameters (``k=...``), never as free text,
#: where a short one would match ordinary words. Real osu! keys are 40 hexadecimal digits.
_SHORTEST_MASKED = 12


def scrub(text: str, secret: str | None) -> str:
    """``text`` with every ``k=`` URL parameter masked, and the key itself where it stands as
    a word of its own (as typed, or URL-encoded), so messages keep their other words intact."""
    text = redact_url(text)
    if secret and len(secret) >= _SHORTEST_MASKED:
        forms = sorted({secret, quote(secret, safe=""), quote_plus(secret)}, key=len, reverse=True)
        pattern = "|".join(re.escape(form) for form in forms)
        text = re.sub(rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])", "***", text)
    return text


def check_timeout(timeout: object) -> httpx.Timeout | None:
    """``timeout`` (seconds, an ``httpx.Timeout`` or ``None``) as httpx takes it.

    Raises:
        InvalidArgument: for anything but positive finite seconds up to an hour, or ``None``.
    """
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        parts = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        for part in parts:
            if part is not None:
                _check_seconds(part, timeout)
        return timeout
    _check_seconds(timeout, timeout)
    return httpx.Timeout(float(timeout))  # type: ignore[arg-type]


def _check_seconds(value: object, shown: object) -> None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not (number and 0 < value <= LONGEST_TIMEOUT):  # type: ignore[operator]
        raise InvalidArgument(
            f"timeout: must be a number of seconds above 0 and at most {LONGEST_TIMEOUT:g}, an "
            f"httpx.Timeout of such numbers, or None; got {shown!r:.80}",
            parameter="timeout",
        )


def attempt_budget(timeout: httpx.Timeout | None) -> float | None:
    """The time one attempt may take in all: the longest of ``timeout``'s parts."""
    if timeout is None:
        return None
    parts = [p for p in (timeout.connect, timeout.read, timeout.write, timeout.pool) if p]
    return max(parts) if parts else None


def _kind(exc: Exception) -> TransportFailure:
    """What kind of failure an httpx exception stands for (the retry policy decides on it)."""
    if isinstance(exc, httpx.TimeoutException):
        return TransportFailure.TIMEOUT
    if isinstance(exc, httpx.ConnectError):
        seen: set[int] = set()
        cause: BaseException | None = exc
        while cause is not None and id(cause) not in seen:
            if isinstance(cause, socket.gaierror):
                return TransportFailure.NAME_RESOLUTION
            seen.add(id(cause))
            cause = cause.__cause__ or cause.__context__
        return TransportFailure.CONNECT
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.CloseError)):
        return TransportFailure.CONNECTION_LOST
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc).lower()
        lost = "disconnected" in text or "peer closed" in text or "incomplete" in text
        return TransportFailure.CONNECTION_LOST if lost else TransportFailure.PROTOCOL
    if isinstance(exc, (httpx.ProtocolError, httpx.DecodingError)):
        return TransportFailure.PROTOCOL
    return TransportFailure.OTHER


def _key_free_copy(exc: Exception, detail: str) -> Exception:
    """``exc`` rebuilt with the scrubbed message and a request whose URL has no key."""
    request = getattr(exc, "_request", None)  # httpx.RequestError.request raises if unset
    copy: Exception
    try:
        if isinstance(request, httpx.Request):
            shown = httpx.Request(request.method, redact_url(str(request.url)))
            copy = type(exc)(detail, request=shown)  # type: ignore[call-arg]
        else:
            copy = type(exc)(detail)
    except Exception:  # an httpx class with another signature: keep its name in the message
        copy = httpx.TransportError(f"{type(exc).__name__}: {detail}")
    return copy


def transport_error(exc: Exception, endpoint: str, secret: str | None) -> TransportError:
    """The library's error for an httpx exception, with the key kept out of everything in it.

    Modelled on httpx's own ``map_httpcore_exceptions`` (``httpx/_transports/default.py``),
    except that the original is not chained: its ``request``, and httpcore's exceptions behind
    it, may hold the keyed URL. A copy rebuilt without the key is chained instead.

    Args:
        exc: What httpx raised.
        endpoint: The endpoint being called, named in the message.
        secret: The key.

    Returns:
        A :class:`~osu_core.RequestTimeoutError` for timeouts, else a
        :class:`~osu_core.TransportError`, with its ``kind`` set; never raised here, so it has
        no ``__context__`` either.
    """
    detail = scrub(str(exc), secret)
    kind = _kind(exc)
    cls = RequestTimeoutError if kind is TransportFailure.TIMEOUT else TransportError
    message = f"{endpoint}: {type(exc).__name__}"
    error = cls(f"{message}: {detail}" if detail else message, kind=kind)
    error.__cause__ = _key_free_copy(exc, detail)
    error.__suppress_context__ = True
    return error


class _RedactKeyFilter(logging.Filter):
    """Masks ``k=...`` in the URLs httpx logs, for clients the caller gave us."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_url(str(arg)) if isinstance(arg, (httpx.URL, str)) else arg
                for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = redact_url(record.msg)
        return True


_REDACTION: Final = _RedactKeyFilter()


def install_log_redaction() -> None:
    """Add the key-masking filter to the ``httpx`` logger, once per process."""
    log = logging.getLogger("httpx")
    if _REDACTION not in log.filters:
        log.addFilter(_REDACTION)


def with_query(url: str, params: tuple[tuple[str, str], ...]) -> str:
    """``url`` with ``params`` as its query string, encoded as httpx encodes ``params=``."""
    return f"{url}?{urlencode(params)}" if params else url


class BaseOsuApi:
    """Settings and helpers of every flavour's ``OsuApi``; it sends nothing itself.

    Args:
        key: The API key; ``OSU_API_KEY`` when ``None``.
        base_url: Scheme and host of the server (mirrors and private servers use the v1 paths).
        timeout: The timeouts, already checked (:func:`check_timeout`); the longest of them
            bounds each whole attempt.
        rate_limits: Budgets to keep to; ``None`` turns proactive limiting off.
        retry: When to retry; ``None`` turns retrying off.
        max_response_size: The largest body read, in bytes.
        owns_client: Whether we created the httpx client (and so close it).
        redis: Where the budget is shared with the key's other clients (a URL or a redis-py
            client of the flavour's kind), or ``None`` to keep it in this process.
        redis_on_error: With ``redis``: ``"local"`` or ``"raise"`` (``osu_core.SharedLimiter``).
        cache: Keep answers: ``True`` or a ``CachePolicy`` (in Redis with ``redis``, else in
            memory), a ``MemoryCache`` or ``SharedCache`` of the caller's, or ``None``.

    Raises:
        WrongApiKey: if no key is given and ``OSU_API_KEY`` is not set.
        InvalidArgument: for a setting of the wrong type or out of range, naming it.
    """

    def __init__(
        self,
        key: str | None,
        *,
        base_url: str,
        timeout: httpx.Timeout | None,
        rate_limits: RateLimits | None,
        retry: RetryPolicy | None,
        max_response_size: int,
        owns_client: bool,
        redis: object | None = None,
        redis_on_error: Literal["local", "raise"] = "local",
        cache: bool | CachePolicy | MemoryCache | SharedCache | None = None,
    ) -> None:
        self._key = resolve_key(key)
        self._base_url = check_base_url(base_url)
        if rate_limits is not None and not isinstance(rate_limits, RateLimits):
            raise _wrong("rate_limits", "a RateLimits or None", rate_limits)
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise _wrong("retry", "a RetryPolicy or None", retry)
        self._limiter: RateLimiter | SharedLimiter | None = None
        if redis is not None:
            if rate_limits is None:
                raise InvalidArgument(
                    "redis: shares the rate limit, which rate_limits=None turns off",
                    parameter="redis",
                )
            self._limiter = SharedLimiter(
                rate_limits, key=self._key, on_error=redis_on_error, guard=self._new_guard()
            )
        elif rate_limits is not None:
            self._limiter = RateLimiter(rate_limits, guard=self._new_guard())
        self._redis_target = redis
        self._cache = self._make_cache(cache, shared=redis is not None)
        self._redis_where = "Redis"  # where it points, for messages (never a password)
        self._retry = retry if retry is not None else NO_RETRY
        self._max_size = BodyDecoder.check_limit(max_response_size)
        self._timeout = timeout
        self._attempt_budget = attempt_budget(timeout)
        self._owns_client = owns_client
        self._users: dict[tuple[int | str, object], User | None] = {}
        # get_performance's maps by beatmap id: the file's md5 (hashed once) and the map prepared.
        self._rated_maps: OrderedDict[int, tuple[str, PreparedBeatmap]] = OrderedDict()
        if not owns_client:
            install_log_redaction()

    def __repr__(self) -> str:
        return f"{type(self).__module__}.{type(self).__name__}(base_url={self._base_url!r})"

    @property
    def base_url(self) -> str:
        """The server this client talks to."""
        return self._base_url

    @property
    def rate_limiter(self) -> RateLimiter | SharedLimiter | None:
        """The rate-limit state (``None`` when proactive limiting is off; a
        :class:`~osu_core.SharedLimiter` with ``redis=``)."""
        return self._limiter

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy."""
        return self._retry

    def _make_cache(
        self, cache: bool | CachePolicy | MemoryCache | SharedCache | None, *, shared: bool
    ) -> MemoryCache | SharedCache | None:
        if cache is None or cache is False:
            return None
        if isinstance(cache, MemoryCache):
            return cache
        if isinstance(cache, SharedCache):
            if not shared:
                raise InvalidArgument(
                    "cache: a SharedCache lives in Redis; give redis= too", parameter="cache"
                )
            return cache
        if cache is True or isinstance(cache, CachePolicy):
            policy = None if cache is True else cache
            if shared:
                return SharedCache(policy)
            return MemoryCache(policy, guard=self._new_guard())
        raise _wrong("cache", "True, a CachePolicy, a MemoryCache, a SharedCache or None", cache)

    @property
    def cache(self) -> MemoryCache | SharedCache | None:
        """Where answers are kept (``None`` without ``cache=``)."""
        return self._cache

    def _new_guard(self) -> AbstractContextManager[Any] | None:
        """A lock for the rate limiter's bookings; only threads need one."""
        return None

    def _build(self, client: httpx.Client | httpx.AsyncClient, send: Send) -> httpx.Request:
        prepared: PreparedRequest = send.request
        if not self._owns_client:
            # The caller's client: no transport of ours to add the key, so it goes in now.
            # ``params=`` lets httpx merge any ``params`` the client was made with (they
            # would replace a query already in the URL).
            params = prepared.params_with_key()
            return client.build_request(
                prepared.method, prepared.url, params=params, headers=_ACCEPT
            )
        # Our client has no default params, so the query can go in the URL string: it is
        # parsed once, where ``params=`` parses the URL twice.
        extensions = {KEY_EXTENSION: True} if prepared.api_key is not None else {}
        return client.build_request(
            prepared.method,
            with_query(prepared.url, prepared.params),
            headers=_ACCEPT,
            extensions=extensions,
        )

    def _decoder(self, endpoint: str, response: httpx.Response) -> BodyDecoder:
        """A bounded reader for ``response``'s body (it may raise at once, on its length).

        A response built in memory (``httpx.MockTransport``) has its body decoded already, so
        its reader takes it as it is.
        """
        headers = response.headers
        if response.is_stream_consumed:
            return BodyDecoder(endpoint=endpoint, limit=self._max_size)
        return BodyDecoder(
            endpoint=endpoint,
            limit=self._max_size,
            content_encoding=headers.get("content-encoding"),
            content_length=headers.get("content-length"),
        )

    def _overdue(self, endpoint: str, deadline: float | None, now: float) -> OsuError | None:
        """A timeout error once the attempt's deadline has passed (for the caller's clients,
        whose sockets we cannot bound: checked between the chunks of the body)."""
        if deadline is None or now < deadline:
            return None
        return RequestTimeoutError(
            f"{endpoint}: the answer took longer than the attempt's {self._attempt_budget:g} s"
        )

    def _log_send(self, send: Send) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            request = send.request
            logger.debug(
                "%s attempt %d: %s %s",
                request.endpoint,
                send.attempt,
                request.method,
                request.redacted_url,
            )

    def _log_response(self, send: Send, status: int, size: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s attempt %d: HTTP %d, %d bytes",
                send.request.endpoint,
                send.attempt,
                status,
                size,
            )

    def _log_failure(self, send: Send, error: OsuError) -> None:
        logger.debug("%s attempt %d failed: %s", send.request.endpoint, send.attempt, error)

    def _log_shared_failure(self, error: OsuError, purpose: str) -> None:
        # A warning: the fleet's budget is no longer shared while this lasts (or calls fail),
        # or the calls go to the server without the cache.
        limiter, cache = self._limiter, self._cache
        if purpose == "cache":
            probe = cache.probe_interval if isinstance(cache, SharedCache) else 0
            logger.warning("%s; skipping it for %g s", error, probe)
            return
        if isinstance(limiter, SharedLimiter) and limiter.on_error == "local":
            then = f"booking locally for {limiter.probe_interval:g} s"
        else:
            then = "failing the call"
        logger.warning("%s; %s", error, then)

    def _log_sleep(self, endpoint: str, sleep: Sleep) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        why = f" after {type(sleep.error).__name__}: {sleep.error}" if sleep.error else ""
        logger.debug(
            "%s: waiting %.3f s (%s%s) before attempt %d",
            endpoint,
            sleep.seconds,
            sleep.reason,
            why,
            sleep.attempt,
        )

    # --- get_performance: the I/O-free parts, shared by the flavours ------------------------

    def _performance_map_id(self, play: PlayLike, beatmap_id: int | None, md5: str | None) -> int:
        found = beatmap_id if beatmap_id is not None else getattr(play, "beatmap_id", None)
        if isinstance(found, bool) or not isinstance(found, int) or found <= 0:
            raise InvalidArgument(
                "get_performance needs the beatmap: pass beatmap_id= (multiplayer scores, and "
                "rows built by hand, do not carry it)",
                parameter="beatmap_id",
            )
        if md5 is not None and not (isinstance(md5, str) and _MD5.fullmatch(md5)):
            raise InvalidArgument(
                f"beatmap_md5 must be 32 hexadecimal digits (Beatmap.file_md5), got {md5!r:.60}",
                parameter="beatmap_md5",
            )
        return found

    def _kept_map(self, beatmap_id: int, md5: str | None) -> tuple[str, PreparedBeatmap] | None:
        kept = self._rated_maps.get(beatmap_id)
        if kept is None or (md5 is not None and kept[0] != md5.lower()):
            return None  # not rated yet, or kept in another version: download it again
        self._rated_maps.move_to_end(beatmap_id)
        return kept

    def _keep_map(self, beatmap_id: int, file: BeatmapFile | None) -> tuple[str, PreparedBeatmap]:
        from osu_core.performance import beatmap_md5, prepare_beatmap

        if file is None:
            raise ResponseError(
                f"the server has no .osu file for beatmap {beatmap_id}",
                endpoint="get_beatmap_file",
            )
        kept = self._rated_maps[beatmap_id] = (beatmap_md5(file), prepare_beatmap(file))
        self._rated_maps.move_to_end(beatmap_id)
        while len(self._rated_maps) > PERFORMANCE_FILES:
            self._rated_maps.popitem(last=False)
        return kept

    def _rate(
        self,
        beatmap_id: int,
        kept: tuple[str, PreparedBeatmap],
        play: PlayLike,
        mode: ModeLike | None,
        md5: str | None,
    ) -> PerformanceResult:
        from osu_core.performance import calculate_performance

        found, prepared = kept
        if md5 is not None and found != md5.lower():
            raise ResponseError(
                f"the .osu file of beatmap {beatmap_id} has md5 {found}, not the play's "
                f"{md5}: the map was updated after the play",
                endpoint="get_beatmap_file",
            )
        return calculate_performance(prepared, play, mode=mode)

    def _cache_key(self, user: int | str, mode: object) -> tuple[int | str, object]:
        # None is the API's default mode, osu! (0); enums equal and hash as their values.
        return (user, 0 if mode is None else mode)

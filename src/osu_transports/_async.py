"""The async client shared by the asyncio and trio flavours, and the source of the sync one.

``httpx.AsyncClient`` runs under both asyncio and trio, so one implementation serves both; the
flavour modules supply the clock and the sleep (gidgethub's ``abc.py`` makes exactly ``sleep``
and ``_request`` abstract). ``scripts/unasync.py`` turns this file into ``_sync.py`` (httpcore's
``scripts/unasync.py`` does the same), and a test checks the two agree: edit this one only.

Async manners (trio's, kept under asyncio too): no background tasks; no ``timeout=``
parameters on the methods (use ``trio.fail_after`` or ``asyncio.timeout``, which bound the
whole call, retries included); cancellation is never caught, and httpx closes a connection
whose request was cancelled, so the client stays usable.

Each attempt is bounded in time (the client's ``timeout``: connect, send and the whole body,
however slowly a server drips it) and in memory (``max_response_size``: the body is streamed
into the core's ``BodyDecoder``, which stops at the limit, gzip bombs included).
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import ssl
import time
from collections.abc import AsyncIterator
from types import TracebackType
from typing import TYPE_CHECKING, Literal, TypeVar, cast
from urllib.parse import urlencode

import httpx

import osu_core as core
from osu_core import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_RATE_LIMITS,
    CachePolicy,
    Call,
    Coordinate,
    InvalidArgument,
    MemoryCache,
    ModeLike,
    ModsLike,
    OsuError,
    RateLimits,
    Reply,
    Response,
    RetryPolicy,
    ScriptCall,
    Send,
    SharedCache,
    Sleep,
    TransportError,
    TransportFailure,
    UserLike,
    bind_client,
    call_flow,
)

from ._client import (
    DEADLINE,
    DEFAULT_LIMITS,
    DEFAULT_RETRY,
    DEFAULT_TIMEOUT,
    KEY_EXTENSION,
    BaseOsuApi,
    check_timeout,
    deadline_after,
    documented_by,
    transport_error,
)
from ._redis import redis_errors, shared_limit_error

if TYPE_CHECKING:
    import httpcore

    from osu_core import (
        Beatmap,
        BeatmapCollection,
        BeatmapFile,
        MultiplayerMatch,
        Plan,
        Replay,
        Score,
        ScoreCollection,
        User,
        UserBest,
        UserBestCollection,
        UserRecent,
        UserRecentCollection,
    )
    from osu_core.performance import PerformanceResult, PlayLike

__all__ = ["AsyncOsuApi", "async_wire_transport"]

T = TypeVar("T")
R = TypeVar("R")
#: What the core's builders take for a mode and for mods (an enum, its value or its name).
Mode = ModeLike | None
Mods = ModsLike | None


class _AsyncKeyTransport(httpx.AsyncBaseTransport):
    """Adds the key to the query, on a copy, just before the request leaves the process."""

    def __init__(self, inner: httpx.AsyncBaseTransport, key: str) -> None:
        self._inner = inner
        self._key = key
        # Encoded once and appended to the encoded query: one URL parse, the least a new
        # URL costs (``copy_add_param`` also decodes the whole query and encodes it again).
        self._param = urlencode({"k": key}).encode("ascii")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._inner!r})"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.extensions.get(KEY_EXTENSION):
            extensions = {n: v for n, v in request.extensions.items() if n != KEY_EXTENSION}
            query = request.url.query
            request = httpx.Request(
                request.method,
                request.url.copy_with(query=query + b"&" + self._param if query else self._param),
                headers=request.headers,
                stream=request.stream,
                extensions=extensions,
            )
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def async_wire_transport(
    backend: httpcore.AsyncNetworkBackend,
    *,
    limits: httpx.Limits = DEFAULT_LIMITS,
    ssl_context: ssl.SSLContext | None = None,
) -> httpx.AsyncBaseTransport:
    """The transport of the clients we create, on ``backend`` (the why is in ``_wire.py``)."""
    from ._async_wire import AsyncWireTransport  # imports httpcore, as httpx's transport does

    return AsyncWireTransport(backend, limits=limits, ssl_context=ssl_context)


class AsyncOsuApi(BaseOsuApi, abc.ABC):
    """An osu! API v1 client; subclasses supply the clock and the sleep.

    Args:
        key: The API key; read from ``OSU_API_KEY`` when ``None``.
        base_url: Scheme and host of the server; mirrors and private servers serve the same v1
            paths.
        client: An httpx client to send with. It is used as given (its timeouts, proxies and
            limits apply; the longest of its timeouts bounds each attempt between the chunks
            of a body) and never closed by this object.
        transport: An httpx transport for the client we create (ignored with ``client``);
            handy for ``httpx.MockTransport``.
        timeout: Timeouts of the client we create (ignored with ``client``), in seconds or
            as an ``httpx.Timeout``: each connect, read and write, and each whole attempt
            (connect, send, the full body), get at most the longest of them; ``None`` for none.
        rate_limits: Budgets to keep to (the wiki's by default); ``None`` turns proactive
            limiting off.
        retry: When and how long to retry (``RetryPolicy()`` by default); ``None`` turns
            retrying off.
        max_response_size: The largest body read, in bytes (32 MiB by default); a larger one
            fails with ``ResponseTooLargeError`` before it is read to the end.
        redis: Share ``rate_limits`` with every client of this key through Redis: a URL
            (``redis://host:6379/0``; our client times out after 0.5 s and does not retry) or
            a redis-py client (``redis.Redis`` for sync and trio, ``redis.asyncio.Redis`` for
            asyncio), used as given and never closed. Needs redis-py (the ``redis`` extra).
        redis_on_error: When Redis fails: ``"local"`` books in this process for 5 s, then
            tries Redis again (a warning is logged); ``"raise"`` fails the call with
            ``SharedLimitError``.
        cache: Keep answers and serve them again without a request: ``True`` for the
            default ``CachePolicy`` (``.osu`` files and replays a day, ranked beatmap rows an
            hour, users and scores never), or a ``CachePolicy`` of your own; kept in Redis
            for the whole fleet with ``redis``, else in this process (1024 answers, 64 MiB at
            most). A ``MemoryCache`` or ``SharedCache`` of yours is used as given.

    Raises:
        WrongApiKey: if no key is given and ``OSU_API_KEY`` is not set.
        InvalidArgument: for a setting of the wrong type or out of range, naming it.
    """

    def __init__(
        self,
        key: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        rate_limits: RateLimits | None = DEFAULT_RATE_LIMITS,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        redis: object | None = None,
        redis_on_error: Literal["local", "raise"] = "local",
        cache: bool | CachePolicy | MemoryCache | SharedCache | None = None,
    ) -> None:
        if client is not None and not isinstance(client, httpx.AsyncClient):
            raise core.InvalidArgument(
                f"client: must be an httpx.AsyncClient, got {type(client).__name__}",
                parameter="client",
            )
        checked = check_timeout(timeout) if client is None else client.timeout
        super().__init__(
            key,
            base_url=base_url,
            timeout=checked,
            rate_limits=rate_limits,
            retry=retry,
            max_response_size=max_response_size,
            owns_client=client is None,
            redis=redis,
            redis_on_error=redis_on_error,
            cache=cache,
        )
        self._transport = transport
        self._http = client if client is not None else self._new_http()
        if redis is not None:
            self._connect_redis(redis)

    def _new_http(self) -> httpx.AsyncClient:
        """The httpx client this object owns: our transport (or the one given) under the key."""
        inner = self._transport
        if inner is None:
            inner = async_wire_transport(self._backend())
        return httpx.AsyncClient(
            transport=_AsyncKeyTransport(inner, self._key), timeout=self._timeout
        )

    async def _enter(self) -> None:
        """Called as each call begins; the async flavours bind the client to the running loop."""

    def _backend(self) -> httpcore.AsyncNetworkBackend:
        """The network backend of the flavour's event loop, for the clients we create."""
        import httpcore

        return httpcore.AnyIOBackend()

    @abc.abstractmethod
    async def _sleep(self, seconds: float) -> None:
        """Sleep on the flavour's clock."""

    @abc.abstractmethod
    def _now(self) -> float:
        """The flavour's monotonic clock, in seconds."""

    def _connect_redis(self, target: object) -> None:
        """Check ``redis=`` and prepare the flavour's Redis client (which connects lazily)."""
        raise InvalidArgument("redis: this flavour cannot share the rate limit", parameter="redis")

    async def _run_script(self, script: ScriptCall) -> object:
        """Run a shared limiter's script in Redis, on the flavour's Redis client."""
        raise NotImplementedError  # only reached with redis=, which _connect_redis refuses

    async def _close_redis(self) -> None:
        """Close the Redis client if this object created it."""

    async def _coordinate(self, action: Coordinate) -> Reply:
        # The limiter judges a failure (fall back or raise); here it only becomes its error.
        try:
            result = await self._run_script(action.script)
        except redis_errors() as exc:
            error = shared_limit_error(exc, self._redis_where, action.purpose)
            self._log_shared_failure(error, action.purpose)
            return Reply(now=self._now(), error=error)
        return Reply(now=self._now(), result=result)

    async def aclose(self) -> None:
        """Close the httpx client if this object created it (a client passed in stays open),
        and the Redis client likewise."""
        if self._owns_client:
            await self._http.aclose()
        await self._close_redis()

    async def __aenter__(self) -> AsyncOsuApi:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()

    async def _send(self, send: Send) -> Reply:
        endpoint = send.request.endpoint
        self._log_send(send)
        token = DEADLINE.set(deadline_after(self._attempt_budget))
        failure: OsuError | None = None
        try:
            request = self._build(self._http, send)
            response = await self._http.send(request, stream=True)
            try:
                content = await self._read_body(endpoint, response)
            finally:
                await response.aclose()
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            failure = transport_error(exc, endpoint, self._key)
        except OsuError as exc:  # the body over the limit, too slow, or not decodable
            failure = exc
        finally:
            DEADLINE.reset(token)
        if failure is not None:
            self._log_failure(send, failure)
            return Reply(now=self._now(), error=failure)
        self._log_response(send, response.status_code, len(content))
        if not 100 <= response.status_code <= 599:  # h11 lets up to 999 through
            failure = TransportError(
                f"{endpoint}: the server answered with HTTP status {response.status_code}, "
                "which is not one",
                kind=TransportFailure.PROTOCOL,
            )
            self._log_failure(send, failure)
            return Reply(now=self._now(), error=failure)
        answer = Response(status_code=response.status_code, headers=response.headers, body=content)
        return Reply(now=self._now(), response=answer)

    async def _read_body(self, endpoint: str, response: httpx.Response) -> bytes:
        """The body, read through the core's bounded decoder within the attempt's deadline.

        Raises:
            ResponseTooLargeError: past ``max_response_size``.
            RequestTimeoutError: past the deadline (with a client of the caller's, whose
                sockets only this check between chunks can bound).
            ResponseError: for a body whose coding cannot be undone.
        """
        body = self._decoder(endpoint, response)
        if response.is_stream_consumed:  # made in memory (httpx.MockTransport)
            body.feed(response.content)
            return body.finish()
        deadline = DEADLINE.get()
        # httpx types aiter_raw() as an iterator; it is a generator, which can be closed.
        async with contextlib.aclosing(response.aiter_raw()) as chunks:  # type: ignore[type-var]
            try:
                async for chunk in chunks:
                    body.feed(chunk)
                    overdue = self._overdue(endpoint, deadline, time.monotonic())
                    if overdue is not None:
                        raise overdue
            except OsuError:
                await self._abandon(response, chunks)
                raise
        return body.finish()

    async def _abandon(self, response: httpx.Response, chunks: AsyncIterator[bytes]) -> None:
        """Stop reading a body part-way without leaving httpx's and httpcore's generators
        suspended (trio warns about each one the garbage collector finds): close the
        connection, then run them on, so each fails at once and ends."""
        await response.aclose()
        left = 64  # chunks h11 may still hold, at most; then give up on a stream that ignores close
        with contextlib.suppress(httpx.HTTPError, httpx.StreamError):
            async for _ in chunks:
                left -= 1
                if left == 0:
                    break

    async def call(self, call: Call[T]) -> T:
        """Carry out any call built by ``osu_core``, with rate limiting and retries.

        Args:
            call: The call, e.g. ``osu_core.get_user(2)``.

        Returns:
            Whatever ``call`` parses the response into, with this client bound to its models.

        Raises:
            OsuError: what the API or the transport failed with, after any retries.
        """
        await self._enter()
        if self._http.is_closed:
            raise TransportError(
                f"{call.request.endpoint}: this client is closed; make a new OsuApi (or use "
                "it inside its 'with' block)"
            )
        flow = call_flow(
            call,
            now=self._now(),
            base_url=self._base_url,
            api_key=self._key,
            limiter=self._limiter,
            retry=self._retry,
            cache=self._cache,
        )
        try:
            action = next(flow)
        except StopIteration as kept:  # answered from the cache
            return cast(T, bind_client(kept.value, self))
        while True:
            if isinstance(action, Sleep):
                self._log_sleep(call.request.endpoint, action)
                await self._sleep(action.seconds)
                reply = Reply(now=self._now())
            elif isinstance(action, Coordinate):
                reply = await self._coordinate(action)
            else:
                reply = await self._send(action)
            try:
                action = flow.send(reply)
            except StopIteration as done:
                return cast(T, bind_client(done.value, self))

    @documented_by(core.get_beatmap)
    async def get_beatmap(
        self,
        beatmapset_id: int | None = None,
        beatmap_id: int | None = None,
        user: UserLike | None = None,
        type_str: str | None = None,
        mode: Mode = None,
        include_converted: bool | None = None,
        hash_str: str | None = None,
        *,
        mods: Mods = None,
    ) -> Beatmap | None:
        """Retrieve one beatmap (the first if several match); see ``get_beatmaps``.

        Returns:
            The beatmap, or ``None`` if nothing matches.
        """
        return await self.call(
            core.get_beatmap(
                beatmapset_id=beatmapset_id,
                beatmap_id=beatmap_id,
                user=user,
                type_str=type_str,
                mode=mode,
                include_converted=include_converted,
                hash_str=hash_str,
                mods=mods,
            )
        )

    @documented_by(core.get_beatmaps)
    async def get_beatmaps(
        self,
        limit: int | None = None,
        since: dt.datetime | dt.date | str | None = None,
        type_str: str | None = None,
        beatmapset_id: int | None = None,
        include_converted: bool | None = None,
        user: UserLike | None = None,
        mode: Mode = None,
        *,
        beatmap_id: int | None = None,
        hash_str: str | None = None,
        mods: Mods = None,
    ) -> BeatmapCollection:
        """Retrieve beatmaps (``/api/get_beatmaps``; api-v1.md §1).

        Returns:
            The beatmaps (empty when nothing matches).
        """
        return await self.call(
            core.get_beatmaps(
                limit=limit,
                since=since,
                type_str=type_str,
                beatmapset_id=beatmapset_id,
                include_converted=include_converted,
                user=user,
                mode=mode,
                beatmap_id=beatmap_id,
                hash_str=hash_str,
                mods=mods,
            )
        )

    async def iter_beatmaps_since(
        self,
        since: dt.datetime | dt.date | str,
        mode: Mode = None,
        include_converted: bool | None = None,
    ) -> AsyncIterator[Beatmap]:
        """Every beatmap ranked or loved since ``since``, oldest first, paging until exhausted.

        Args:
            since: The start date (UTC).
            mode: Only this mode.
            include_converted: With ``mode`` other than osu!, include converted maps.

        Returns:
            An iterator over the beatmaps; each page is one request.

        Raises:
            OsuError: what the API or the transport failed with, after any retries.
        """
        pager = core.BeatmapsSincePager(since=since, mode=mode, include_converted=include_converted)
        while (call := pager.next_call()) is not None:
            page = await self.call(call)
            for beatmap in pager.feed(page):
                yield beatmap

    @documented_by(core.get_beatmap_file)
    async def get_beatmap_file(self, beatmap_id: int) -> BeatmapFile | None:
        """Download a difficulty's ``.osu`` file (``/osu/{id}``: no key, no API budget).

        Returns:
            The file, or ``None`` when the server has none (it answers with an empty body).

        Raises:
            OsuError: what the server or the transport failed with, after any retries.
        """
        return await self.call(core.get_beatmap_file(beatmap_id=beatmap_id))

    async def get_performance(
        self,
        play: PlayLike,
        mode: ModeLike | None = None,
        *,
        beatmap_id: int | None = None,
        beatmap_md5: str | None = None,
    ) -> PerformanceResult:
        """A play's performance points, computed from its beatmap's ``.osu`` file (the ``pp``
        extra: rosu-pp-py; see ``osu_core.performance.calculate_performance``).

        The file is downloaded once per beatmap (``/osu/{id}``: no key, no API budget; through
        the response cache when the client has one, ``cache=``) and kept, checked and parsed,
        with the last ``PERFORMANCE_FILES`` (64) maps this client rated, so a further play on
        the same map costs only its calculation. Recent plays, failed ones included, carry no
        pp of their own: this gives it.

        Args:
            play: A score row (``UserRecent``, ``UserBest``, ``Score``, ``MultiplayerScore``).
            mode: The mode it was played in; default the row's (the mode of the request that
                fetched it), else the map's own.
            beatmap_id: The map, for rows that do not carry it (``MultiplayerScore``: use
                its game's ``beatmap_id``).
            beatmap_md5: The played version's ``file_md5`` (``Beatmap.file_md5``), when known:
                a file with another md5 (the map was updated since) is refused.

        Returns:
            The pp, its parts, and the FC and SS figures.

        Raises:
            InvalidArgument: without a beatmap id, for a ``beatmap_md5`` that is no md5, or
                for a bad mode or play.
            ResponseError: if the server has no file for the map, or its md5 is not
                ``beatmap_md5``.
            ParseError: if the file is malformed.
            MissingExtraError: without the ``pp`` extra.
            OsuError: what the server or the transport failed with, after any retries.
        """
        target = self._performance_map_id(play, beatmap_id, beatmap_md5)
        kept = self._kept_map(target, beatmap_md5)
        if kept is None:
            kept = self._keep_map(target, await self.get_beatmap_file(target))
        return self._rate(target, kept, play, mode, beatmap_md5)

    @documented_by(core.get_user)
    async def get_user(
        self,
        user: UserLike,
        mode: Mode = None,
        type_str: str | None = None,
        event_days: int | None = None,
    ) -> User | None:
        """Retrieve a player's statistics and recent events (``/api/get_user``; §2).

        Returns:
            The user, or ``None`` if there is no such user.
        """
        return await self.call(
            core.get_user(user=user, mode=mode, type_str=type_str, event_days=event_days)
        )

    async def get_cached_user(self, user: UserLike, mode: Mode = None) -> User | None:
        """``get_user``, asked once per user and mode for the life of this client.

        ``Score.get_user_data()`` uses it, so a page of scores by few players costs few
        requests. A user id (an ``int``) is sent with ``type_str="id"``.

        Args:
            user: User id or name.
            mode: The mode of the statistics (osu! by default).

        Returns:
            The user, or ``None`` if there is no such user.

        Raises:
            OsuError: what the API or the transport failed with, after any retries.
        """
        key = self._cache_key(user, mode)
        if key not in self._users:
            type_str = "id" if isinstance(user, int) else None
            self._users[key] = await self.get_user(user, mode, type_str)
        return self._users[key]

    @documented_by(core.get_score)
    async def get_score(
        self,
        beatmap_id: int,
        user: UserLike | None = None,
        mode: Mode = None,
        type_str: str | None = None,
        *,
        mods: Mods = None,
    ) -> Score | None:
        """Retrieve one score of a beatmap's leaderboard (the top one if several match).

        Returns:
            The score, or ``None`` if there is none.
        """
        return await self.call(
            core.get_score(
                beatmap_id=beatmap_id, user=user, mode=mode, type_str=type_str, mods=mods
            )
        )

    @documented_by(core.get_scores)
    async def get_scores(
        self,
        beatmap_id: int,
        user: UserLike | None = None,
        mode: Mode = None,
        mods: Mods = None,
        type_str: str | None = None,
        limit: int | None = None,
    ) -> ScoreCollection:
        """Retrieve a beatmap's leaderboard (``/api/get_scores``; §3).

        Returns:
            The scores, best first (empty when there are none).
        """
        return await self.call(
            core.get_scores(
                beatmap_id=beatmap_id,
                user=user,
                mode=mode,
                mods=mods,
                type_str=type_str,
                limit=limit,
            )
        )

    @documented_by(core.get_user_best)
    async def get_user_best(
        self, user: UserLike, mode: Mode = None, type_str: str | None = None
    ) -> UserBest | None:
        """Retrieve a player's best score (see ``get_user_bests``).

        Returns:
            The score, or ``None`` if the player has none.
        """
        return await self.call(core.get_user_best(user=user, mode=mode, type_str=type_str))

    @documented_by(core.get_user_bests)
    async def get_user_bests(
        self,
        user: UserLike,
        mode: Mode = None,
        type_str: str | None = None,
        limit: int | None = None,
    ) -> UserBestCollection:
        """Retrieve a player's best scores (``/api/get_user_best``; §4).

        Returns:
            The scores, best first.
        """
        return await self.call(
            core.get_user_bests(user=user, mode=mode, type_str=type_str, limit=limit)
        )

    @documented_by(core.get_user_recent)
    async def get_user_recent(
        self, user: UserLike, mode: Mode = None, type_str: str | None = None
    ) -> UserRecent | None:
        """Retrieve a player's latest play of the last 24 hours (see ``get_user_recents``).

        Returns:
            The play, or ``None`` if there was none.
        """
        return await self.call(core.get_user_recent(user=user, mode=mode, type_str=type_str))

    @documented_by(core.get_user_recents)
    async def get_user_recents(
        self,
        user: UserLike,
        mode: Mode = None,
        type_str: str | None = None,
        limit: int | None = None,
    ) -> UserRecentCollection:
        """Retrieve a player's plays of the last 24 hours (``/api/get_user_recent``; §5).

        Returns:
            The plays, latest first.
        """
        return await self.call(
            core.get_user_recents(user=user, mode=mode, type_str=type_str, limit=limit)
        )

    @documented_by(core.get_replay)
    async def get_replay(
        self,
        mode: ModeLike,
        beatmap_id: int | None = None,
        user: UserLike | None = None,
        *,
        score_id: int | None = None,
        type_str: str | None = None,
        mods: Mods = None,
        strict: bool = False,
    ) -> Replay | None:
        """Retrieve a score's replay stream (``/api/get_replay``; §7): 10 per minute.

        Returns:
            The replay (``Replay.frames()`` decodes it), or None if the server keeps no replay
            of that score, as the original library's reference says.

        Raises:
            ReplayUnavailable: with ``strict=True``, if the server keeps no replay of that score.
            InvalidArgument: on a bad argument, before any request.
            OsuError: what the API or the transport failed with, after any retries.
        """
        return await self.call(
            core.get_replay(
                mode=mode,
                beatmap_id=beatmap_id,
                user=user,
                score_id=score_id,
                type_str=type_str,
                mods=mods,
                strict=strict,
            )
        )

    @documented_by(core.get_replay_osr)
    async def get_replay_osr(
        self,
        mode: ModeLike,
        beatmap_id: int,
        user: UserLike,
        *,
        score_id: int | None = None,
        type_str: str | None = None,
        mods: Mods = None,
    ) -> bytes:
        """Download a score's replay as a watchable ``.osr`` file (three requests, one of them
        against the 10/min replay budget).

        Returns:
            The ``.osr`` file's bytes.

        Raises:
            ReplayUnavailable: if the score, the beatmap or the replay cannot be found.
            InvalidArgument: on a bad argument, before any request.
            OsuError: what the API or the transport failed with, after any retries.
        """
        return await self.run_plan(
            core.get_replay_osr(
                mode=mode,
                beatmap_id=beatmap_id,
                user=user,
                score_id=score_id,
                type_str=type_str,
                mods=mods,
            )
        )

    async def run_plan(self, plan: Plan[R]) -> R:
        """Carry out a plan built by ``osu_core`` (such as ``osu_core.get_replay_osr``): each
        call it yields goes through :meth:`call`, and its result is sent back.

        Args:
            plan: The plan.

        Returns:
            The plan's outcome.

        Raises:
            OsuError: what the plan or one of its calls failed with.
        """
        result: object = None
        while True:
            try:
                call = plan.send(result)
            except StopIteration as done:
                return cast(R, done.value)
            result = await self.call(call)

    @documented_by(core.get_match)
    async def get_match(self, match_id: int) -> MultiplayerMatch | None:
        """Retrieve a multiplayer match (``/api/get_match``; §6).

        Returns:
            The match, or ``None`` if it does not exist or is not available.
        """
        return await self.call(core.get_match(match_id=match_id))

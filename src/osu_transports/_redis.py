"""Carrying out the shared rate limiter's :class:`~osu_core.ScriptCall` s with redis-py.

The core decides what to run and what the answers mean (``osu_core._fleet``); this module
only connects and runs, for the three flavours: redis-py's sync client (the sync flavour, and
trio through a worker thread, since redis-py has no trio client) and its asyncio client.
redis-py is imported on first use, so a client without ``redis=`` never loads it.

Every failure becomes a :class:`~osu_core.SharedLimitError` whose message names what failed
and where (host and port, never a password), with nothing chained: a redis-py exception can
hold its connection, whose settings hold the password. The clients we create time out after
:data:`REDIS_TIMEOUT` and do not retry (the limiter's own fallback is the retry), so a dead or
hung Redis costs a call at most that long, once per probe interval.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from osu_core import InvalidArgument, ScriptCall, SharedLimitError

if TYPE_CHECKING:
    import redis
    import redis.asyncio

__all__ = [
    "REDIS_TIMEOUT",
    "connect_async",
    "connect_sync",
    "redis_errors",
    "run_async",
    "run_sync",
    "shared_limit_error",
]

#: Seconds our Redis clients wait to connect and for each answer.
REDIS_TIMEOUT = 0.5


def _import_redis() -> Any:
    try:
        import redis
    except ImportError:
        raise InvalidArgument(
            "redis: sharing the rate limit needs redis-py: pip install 'osu-api-v1[redis]'",
            parameter="redis",
        ) from None
    return redis


def _where(url: str) -> str:
    # host:port of a redis URL, for messages: never its password.
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        port = parts.port or 6379
    except ValueError:
        return "the Redis server"
    return f"Redis at {host}:{port}" if parts.scheme != "unix" else f"Redis at {parts.path}"


def _check_url(url: str) -> str:
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise InvalidArgument(
            "redis: must be a redis://, rediss:// or unix:// URL or a redis-py client",
            parameter="redis",
        )
    return url


def _connect(target: object, client_type: Any, retry_type: Any) -> tuple[Any, str, bool]:
    # A client of ``client_type`` for a URL (ours: short timeouts, no retries), or the
    # caller's own client as given: (client, where it points, whether we own it).
    redis = _import_redis()
    if isinstance(target, str):
        url = _check_url(target)
        client = client_type.from_url(
            url,
            socket_timeout=REDIS_TIMEOUT,
            socket_connect_timeout=REDIS_TIMEOUT,
            retry=retry_type(redis.backoff.NoBackoff(), 0),
        )
        return client, _where(url), True
    if isinstance(target, client_type):
        return target, "Redis", False
    name = f"{client_type.__module__.replace('.client', '')}.{client_type.__name__}"
    raise InvalidArgument(
        f"redis: must be a URL or a {name} client, got {type(target).__name__}",
        parameter="redis",
    )


def connect_sync(target: object) -> tuple[redis.Redis, str, bool]:
    """A sync redis-py client for ``target`` (a URL, or a client of the caller's): the client,
    where it points (for messages) and whether we own it (and close it)."""
    redis = _import_redis()
    return _connect(target, redis.Redis, redis.retry.Retry)


def connect_async(target: object) -> tuple[redis.asyncio.Redis, str, bool]:
    """An asyncio redis-py client for ``target``, as :func:`connect_sync`."""
    _import_redis()
    import redis.asyncio
    import redis.asyncio.retry

    return _connect(target, redis.asyncio.Redis, redis.asyncio.retry.Retry)


def redis_errors() -> tuple[type[BaseException], ...]:
    """What a Redis call can fail with, short of a bug: redis-py's errors, sockets' errors
    and timeouts (cancellation is not among them)."""
    redis = _import_redis()
    return (redis.exceptions.RedisError, OSError, TimeoutError)


def shared_limit_error(
    exc: BaseException, where: str, purpose: str = "rate limit"
) -> SharedLimitError:
    """The library error for a failed Redis call (see the module docstring); ``purpose``
    is the :class:`~osu_core.Coordinate`'s."""
    text = str(exc).strip() or type(exc).__name__
    user = "response cache" if purpose == "cache" else "rate limiter"
    return SharedLimitError(f"the shared {user}'s {where} failed: {text[:200]}")


def run_sync(client: redis.Redis, script: ScriptCall) -> object:
    """Run ``script`` (``EVALSHA``, then ``EVAL`` if Redis does not know it yet)."""
    redis = _import_redis()
    count = len(script.keys)
    try:
        return client.evalsha(script.sha1, count, *script.keys, *script.args)
    except redis.exceptions.NoScriptError:
        return client.eval(script.script, count, *script.keys, *script.args)


async def run_async(client: redis.asyncio.Redis, script: ScriptCall) -> object:
    """Run ``script`` on an asyncio client, as :func:`run_sync`."""
    redis = _import_redis()
    count = len(script.keys)
    try:
        return await client.evalsha(script.sha1, count, *script.keys, *script.args)
    except redis.exceptions.NoScriptError:
        return await client.eval(script.script, count, *script.keys, *script.args)

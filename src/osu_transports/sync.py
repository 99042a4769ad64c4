"""The blocking flavour: ``osu_transports.sync.OsuApi`` over ``httpx.Client``.

Usage::

    from osu_transports.sync import OsuApi

    with OsuApi() as api:  # the key from OSU_API_KEY
        user = api.get_user("peppy")

Its clock is ``time.monotonic`` and its sleep ``time.sleep``. One client may be shared between
threads: the rate limiter's bookings are made under a lock.
"""

from __future__ import annotations

import ssl
import threading
import time
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import httpx

from osu_core import ScriptCall

from ._client import DEFAULT_LIMITS
from ._redis import connect_sync, run_sync

if TYPE_CHECKING:
    import redis
from ._sync import SyncOsuApi, sync_wire_transport

__all__ = ["OsuApi", "wire_transport"]


def wire_transport(
    *, limits: httpx.Limits = DEFAULT_LIMITS, ssl_context: ssl.SSLContext | None = None
) -> httpx.BaseTransport:
    """The transport ``OsuApi`` sends through, for an ``httpx.Client`` of your own.

    Built on it, a client passed to ``OsuApi(client=...)`` keeps each attempt's deadline and
    never takes bytes sent after an answer as the next one (``_async_wire.py`` says how).
    ``limits`` and ``ssl_context`` are httpx's defaults unless given.
    """
    import httpcore

    return sync_wire_transport(httpcore.SyncBackend(), limits=limits, ssl_context=ssl_context)


class OsuApi(SyncOsuApi):
    __doc__ = SyncOsuApi.__doc__

    if TYPE_CHECKING:
        _redis: redis.Redis
        _owns_redis: bool

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _now(self) -> float:
        return time.monotonic()

    def _new_guard(self) -> AbstractContextManager[Any]:
        return threading.Lock()

    def _connect_redis(self, target: object) -> None:
        self._redis, self._redis_where, self._owns_redis = connect_sync(target)

    def _run_script(self, script: ScriptCall) -> object:
        return run_sync(self._redis, script)

    def _close_redis(self) -> None:
        if self._redis_target is not None and self._owns_redis:
            self._redis.close()

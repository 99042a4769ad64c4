"""The blocking flavour: ``osu_transports.sync.OsuApi`` over ``httpx.Client``.

Usage::

    from osu_transports.sync import OsuApi

    with OsuApi() as api:  # the key from OSU_API_KEY
        user = api.get_user("peppy")

Its clock is ``time.monotonic`` and its sleep ``time.sleep``. One client may be shared between
threads: the rate limiter's bookings are made under a lock.
"""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager
from typing import Any

from ._sync import SyncOsuApi

__all__ = ["OsuApi"]


class OsuApi(SyncOsuApi):
    __doc__ = SyncOsuApi.__doc__

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _now(self) -> float:
        return time.monotonic()

    def _new_guard(self) -> AbstractContextManager[Any]:
        return threading.Lock()

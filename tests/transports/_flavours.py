"""Run one async test body against each flavour of client, on a fake clock.

- trio: ``trio.run`` with ``MockClock(autojump_threshold=0)``: time jumps whenever every task
  is blocked, so sleeps cost nothing.
- asyncio: ``asyncio.run`` on a loop whose selector advances a virtual clock by the timeout it
  is asked to wait instead of waiting (the idea of aiotools' ``VirtualClock``), whenever no
  file descriptor is ready. ``loop.time()``, and so the flavour's clock, reads that clock.
- sync: the sync client with ``_now``/``_sleep`` replaced by a counter, behind an adapter whose
  methods are coroutines that call the sync ones; the body then never really suspends, so
  :func:`drive` runs it with a single ``send``.

``Flavour.gather`` runs coroutines concurrently (a nursery or ``asyncio.gather``); the sync
flavour has none, and tests that need it skip it.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import selectors
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

import httpx
import pytest
import trio
import trio.testing

from osu_transports import asyncio as asyncio_flavour
from osu_transports import sync as sync_flavour
from osu_transports import trio as trio_flavour

NAMES = ("sync", "asyncio", "trio")
KEY = "KEY-d5f1e0c4a9b2-SECRET"


class _VirtualSelector(selectors.DefaultSelector):  # type: ignore[misc,valid-type]
    def __init__(self, clock: list[float]) -> None:
        super().__init__()
        self._clock = clock

    def select(self, timeout: float | None = None) -> Any:
        ready = super().select(0)
        if ready or timeout == 0:
            return ready
        if timeout is None:
            return super().select(None)
        self._clock[0] += timeout
        return []


class _VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        self._virtual = [0.0]
        super().__init__(_VirtualSelector(self._virtual))

    def time(self) -> float:
        return self._virtual[0]


class _FakeClockSyncApi(sync_flavour.OsuApi):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.clock = 0.0
        self.sleeps: list[float] = []
        super().__init__(*args, **kwargs)

    def _now(self) -> float:
        return self.clock

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock += seconds


class AsyncView:
    """Coroutine methods over a sync client, so one async test body serves all flavours."""

    def __init__(self, api: sync_flavour.OsuApi) -> None:
        self.sync = api

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.sync, name)
        if name.startswith("_") or not callable(attr):
            return attr
        if name == "iter_beatmaps_since":

            async def iterate(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
                for item in attr(*args, **kwargs):
                    yield item

            return iterate

        @functools.wraps(attr)
        async def method(*args: Any, **kwargs: Any) -> Any:
            return attr(*args, **kwargs)

        return method

    async def aclose(self) -> None:
        self.sync.close()

    async def __aenter__(self) -> AsyncView:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.sync.close()


def drive(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine that never really suspends (the sync flavour's test bodies)."""
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
    coro.close()
    raise AssertionError("the sync flavour's test body suspended")


class Flavour:
    """One flavour: builds clients and runs test bodies under its event loop (or none)."""

    def __init__(self, name: str, *, real_time: bool = False) -> None:
        self.name = name
        self.is_async = name != "sync"
        self.real_time = real_time

    def __repr__(self) -> str:
        return self.name

    @property
    def api_class(self) -> type[Any]:
        return {
            "sync": sync_flavour.OsuApi if self.real_time else _FakeClockSyncApi,
            "asyncio": asyncio_flavour.OsuApi,
            "trio": trio_flavour.OsuApi,
        }[self.name]

    def api(self, key: str | None = KEY, **kwargs: Any) -> Any:
        """A client of this flavour (an :class:`AsyncView` for sync)."""
        made = self.api_class(key, **kwargs)
        return AsyncView(made) if self.name == "sync" else made

    def mock(self, handler: Callable[[httpx.Request], Any], **kwargs: Any) -> Any:
        """A client whose own httpx client sends to ``handler``."""
        return self.api(transport=httpx.MockTransport(handler), **kwargs)

    def user_client(self, handler: Callable[[httpx.Request], Any]) -> Any:
        """An httpx client of the caller's, of this flavour's kind, over ``handler``."""
        kind = httpx.Client if self.name == "sync" else httpx.AsyncClient
        return kind(transport=httpx.MockTransport(handler))

    def run(self, body: Callable[[], Awaitable[Any]]) -> Any:
        """Run ``body()`` on this flavour's loop and fake clock."""
        if self.name == "trio":
            if self.real_time:
                return trio.run(body)
            return trio.run(body, clock=trio.testing.MockClock(autojump_threshold=0))
        if self.name == "asyncio" and self.real_time:
            return asyncio.run(body())  # type: ignore[arg-type]
        if self.name == "asyncio":
            loop = _VirtualLoop()
            try:
                return loop.run_until_complete(body())
            finally:
                loop.close()
        return drive(body())  # type: ignore[arg-type]

    def now(self) -> float:
        """The fake clock (inside a body; sync reads the last client's clock)."""
        if self.name == "trio":
            return trio.current_time()
        if self.name == "asyncio":
            return asyncio.get_running_loop().time()
        if self.real_time:
            return time.monotonic()
        raise AssertionError("use api.sync.clock for the sync flavour")

    async def sleep(self, seconds: float) -> None:
        if self.name == "trio":
            await trio.sleep(seconds)
        elif self.name == "asyncio":
            await asyncio.sleep(seconds)
        else:
            raise AssertionError("the sync flavour cannot sleep in a test body")

    async def gather(self, thunks: list[Callable[[], Awaitable[Any]]]) -> list[Any]:
        """Run the thunks concurrently; return their results in order."""
        if self.name == "asyncio":
            return list(await asyncio.gather(*(thunk() for thunk in thunks)))
        if self.name == "trio":
            results: list[Any] = [None] * len(thunks)

            async def one(i: int) -> None:
                results[i] = await thunks[i]()

            async with trio.open_nursery() as nursery:
                for i in range(len(thunks)):
                    nursery.start_soon(one, i)
            return results
        raise AssertionError("the sync flavour runs nothing concurrently")


def clock_of(flavour: Flavour, api: Any) -> float:
    """The clock the client reads."""
    return api.sync.clock if flavour.name == "sync" and not flavour.real_time else flavour.now()


async def resolved(value: Any) -> Any:
    """``await value`` if it is awaitable (a shorthand on an async client's model)."""
    return await value if inspect.isawaitable(value) else value


FLAVOURS = [Flavour(name) for name in NAMES]
REAL_TIME_FLAVOURS = [Flavour(name, real_time=True) for name in NAMES]
ASYNC_FLAVOURS = [f for f in FLAVOURS if f.is_async]


def each_flavour(test: Callable[..., Any]) -> Callable[..., Any]:
    """Parametrise ``test`` over the three flavours (argument ``flavour``)."""
    return pytest.mark.parametrize("flavour", FLAVOURS, ids=NAMES)(test)


def each_async_flavour(test: Callable[..., Any]) -> Callable[..., Any]:
    """Parametrise ``test`` over asyncio and trio (argument ``flavour``)."""
    return pytest.mark.parametrize("flavour", ASYNC_FLAVOURS, ids=NAMES[1:])(test)


def is_coroutine_method(value: Any) -> bool:
    return inspect.iscoroutinefunction(value) or inspect.isasyncgenfunction(value)

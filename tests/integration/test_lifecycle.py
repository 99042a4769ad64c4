"""One client over several event loops and runs, and after it is closed: real sockets, the
emulator on loopback. A module-level client used by repeated ``asyncio.run()`` failed every
second run; a trio client reused by a second ``trio.run()`` (or under a new ``MockClock``) could
wait for hours, its rate limiter holding the first run's clock readings."""

from __future__ import annotations

import asyncio
import gc

import httpx
import pytest
import trio
import trio.testing

from osu_core import TransportError
from osu_transports import asyncio as asyncio_flavour
from osu_transports import sync as sync_flavour
from osu_transports import trio as trio_flavour

pytestmark = pytest.mark.network


def test_one_asyncio_client_serves_many_asyncio_runs(osu_emulator):
    api = asyncio_flavour.OsuApi(osu_emulator.api_key, base_url=osu_emulator.base_url)
    known = osu_emulator.known

    async def main() -> str:
        return (await api.get_user(known.user_id)).username

    assert [asyncio.run(main()) for _ in range(4)] == [known.username] * 4
    gc.collect()  # no socket of an ended loop is left to warn (warnings are errors here)


def test_one_trio_client_serves_many_runs_and_clocks(osu_emulator):
    api = trio_flavour.OsuApi(osu_emulator.api_key, base_url=osu_emulator.base_url)
    known = osu_emulator.known

    async def main() -> tuple[str, float]:
        start = trio.current_time()
        with trio.fail_after(10):  # on this run's clock: a wrong wait fails, never hangs
            for _ in range(3):
                user = await api.get_user(known.user_id)
        return user.username, trio.current_time() - start

    # Clocks whose origins differ by hours. (Not an autojump MockClock: with real sockets, it
    # jumps to the next deadline whenever the run waits for the network.)
    later = trio.testing.MockClock(rate=1.0)
    later.jump(7200.0)
    runs = [
        trio.run(main),
        trio.run(main, clock=trio.testing.MockClock(rate=1.0)),
        trio.run(main, clock=later),
        trio.run(main),
    ]
    for username, waited in runs:
        assert username == known.username
        assert waited < 5.0  # a clock carried over wrongly made the limiter wait for hours
    gc.collect()


def test_the_trio_clock_carries_on_across_runs(osu_emulator):
    api = trio_flavour.OsuApi(osu_emulator.api_key, base_url=osu_emulator.base_url)

    async def read() -> float:
        return api._now()

    first = trio.run(read)
    second = trio.run(read, clock=trio.testing.MockClock())
    third = trio.run(read)
    assert first <= second <= third < first + 5.0


@pytest.mark.parametrize("flavour", ["asyncio", "trio"])
def test_a_callers_client_is_left_to_the_caller(osu_emulator, flavour):
    module = asyncio_flavour if flavour == "asyncio" else trio_flavour
    runner = asyncio.run if flavour == "asyncio" else trio.run
    known = osu_emulator.known

    async def main() -> bool:
        async with httpx.AsyncClient() as client:
            api = module.OsuApi(osu_emulator.api_key, base_url=osu_emulator.base_url, client=client)
            await api.get_user(known.user_id)
            await api.aclose()
            return client.is_closed

    if flavour == "asyncio":
        assert runner(main()) is False  # type: ignore[operator]
    else:
        assert runner(main) is False  # type: ignore[operator]


def test_a_closed_client_says_so(osu_emulator):
    api = sync_flavour.OsuApi(osu_emulator.api_key, base_url=osu_emulator.base_url)
    api.close()
    with pytest.raises(TransportError, match="this client is closed"):
        api.get_user(osu_emulator.known.user_id)

    async def main() -> None:
        async with trio_flavour.OsuApi(
            osu_emulator.api_key, base_url=osu_emulator.base_url
        ) as async_api:
            await async_api.get_user(osu_emulator.known.user_id)
        with pytest.raises(TransportError, match="this client is closed"):
            await async_api.get_user(osu_emulator.known.user_id)

    trio.run(main)

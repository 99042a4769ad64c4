"""Benchmark the transports against the emulator on loopback, side by side in one run.

1. Overhead: N sequential ``get_user`` requests with raw httpx (``client.get`` + ``json.loads``)
   against each flavour, both through the full client (rate limiter, retry flow, parsing into a
   ``User`` model) and through ``api.call`` with a parse that returns the bytes (transport
   overhead only). Target: at most 10% over raw httpx.
2. Limiter: 500 concurrent calls against a configured budget, with the emulator enforcing the
   same budget; the send times are recorded in the innermost transport. Reported: the achieved
   rate against the budget (target at least 98%), the busiest window (never above the budget)
   and the 429s the server answered (target 0).

Usage: ``python bench/bench_transports.py [--requests N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import trio

from osu_core import Call, RateLimit, RateLimits, Request, RetryPolicy
from osu_transports import asyncio as asyncio_flavour
from osu_transports import sync as sync_flavour
from osu_transports import trio as trio_flavour
from osu_transports.testing import OsuApiEmulator


def raw_call(user_id: int) -> Call[bytes]:
    request = Request(endpoint="get_user", path="/api/get_user", params=(("u", str(user_id)),))
    return Call(request=request, parse=lambda r: r.body)


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def overhead(emu: OsuApiEmulator, n: int, rounds: int) -> list[tuple[str, float]]:
    url = f"{emu.base_url}/api/get_user"
    params = {"k": emu.api_key, "u": str(emu.known.user_id)}
    uid = emu.known.user_id
    key, base = emu.api_key, emu.base_url
    # The limiter runs (every call books and is admitted) but never binds: this measures cost.
    roomy = {"rate_limits": RateLimits(default=RateLimit(10**6, 1.0), endpoints={})}

    def raw_sync() -> None:
        with httpx.Client() as client:
            for _ in range(n):
                json.loads(client.get(url, params=params).content)

    async def raw_async() -> None:
        async with httpx.AsyncClient() as client:
            for _ in range(n):
                json.loads((await client.get(url, params=params)).content)

    def flavour_sync(full: bool) -> Callable[[], None]:
        def run() -> None:
            with sync_flavour.OsuApi(key, base_url=base, **roomy) as api:
                for _ in range(n):
                    api.get_user(uid) if full else api.call(raw_call(uid))

        return run

    def flavour_async(cls: Any, full: bool) -> Callable[[], Any]:
        async def run() -> None:
            async with cls(key, base_url=base, **roomy) as api:
                for _ in range(n):
                    await (api.get_user(uid) if full else api.call(raw_call(uid)))

        return run

    cases: list[tuple[str, Callable[[], None]]] = [
        ("sync   raw httpx.Client", raw_sync),
        ("sync   OsuApi.call (bytes)", flavour_sync(False)),
        ("sync   OsuApi.get_user (model)", flavour_sync(True)),
        ("asyncio raw httpx.AsyncClient", lambda: asyncio.run(raw_async())),
        (
            "asyncio OsuApi.call (bytes)",
            lambda: asyncio.run(flavour_async(asyncio_flavour.OsuApi, False)()),
        ),
        (
            "asyncio OsuApi.get_user (model)",
            lambda: asyncio.run(flavour_async(asyncio_flavour.OsuApi, True)()),
        ),
        ("trio   raw httpx.AsyncClient", lambda: trio.run(raw_async)),
        ("trio   OsuApi.call (bytes)", lambda: trio.run(flavour_async(trio_flavour.OsuApi, False))),
        (
            "trio   OsuApi.get_user (model)",
            lambda: trio.run(flavour_async(trio_flavour.OsuApi, True)),
        ),
    ]
    times: dict[str, list[float]] = {name: [] for name, _ in cases}
    for _ in range(rounds):  # interleaved rounds, best of: less noise from the shared machine
        for name, fn in cases:
            times[name].append(timed(fn))
    return [(name, min(values)) for name, values in times.items()]


class Recording(httpx.AsyncBaseTransport, httpx.BaseTransport):
    """Records the moment each request leaves, innermost."""

    def __init__(self) -> None:
        self.sync = httpx.HTTPTransport()
        self.async_ = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=100))
        self.sent: list[float] = []
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.sent.append(time.monotonic())
        return self.sync.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(time.monotonic())
        return await self.async_.handle_async_request(request)


def busiest(times: list[float], width: float) -> int:
    times = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] <= t - width:
            j += 1
        best = max(best, i - j + 1)
    return best


def limiter(flavour: str, budget: RateLimit, calls: int) -> dict[str, Any]:
    limits = RateLimits(default=budget, endpoints={})
    with OsuApiEmulator(rate_limit=budget, replay_rate_limit=None) as emu:
        recording = Recording()
        options: dict[str, Any] = {
            "base_url": emu.base_url,
            "rate_limits": limits,
            "retry": RetryPolicy(),
            "transport": recording,
        }
        uid = emu.known.user_id
        if flavour == "sync":
            with (
                sync_flavour.OsuApi(emu.api_key, **options) as api,
                ThreadPoolExecutor(64) as pool,
            ):
                list(pool.map(lambda _: api.get_user(uid), range(calls)))
        elif flavour == "asyncio":

            async def main_asyncio() -> None:
                async with asyncio_flavour.OsuApi(emu.api_key, **options) as api:
                    await asyncio.gather(*(api.get_user(uid) for _ in range(calls)))

            asyncio.run(main_asyncio())
        else:

            async def main_trio() -> None:
                async with (
                    trio_flavour.OsuApi(emu.api_key, **options) as api,
                    trio.open_nursery() as n,
                ):
                    for _ in range(calls):
                        n.start_soon(api.get_user, uid)

            trio.run(main_trio)
        sent = sorted(recording.sent)
        steady = sent[budget.burst + 1 :]
        rate = (len(steady) - 1) / (steady[-1] - steady[0])
        return {
            "flavour": flavour,
            "budget": budget.requests / budget.per,
            "achieved": rate,
            "used": rate / (budget.requests / budget.per),
            "busiest": busiest(sent, budget.per),
            "cap": budget.requests + budget.burst,
            "429": emu.count(status=429),
            "ok": emu.count("get_user", 200),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()

    with OsuApiEmulator(rate_limit=None, replay_rate_limit=None) as emu:
        results = overhead(emu, args.requests, args.rounds)
    baselines = {name.split()[0]: t for name, t in results if "raw" in name}
    print(f"1. {args.requests} sequential get_user on loopback, best of {args.rounds}")
    print(f"| {'case':34} | {'total s':>8} | {'per req ms':>10} | {'vs raw':>7} |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 12}|{'-' * 9}|")
    for name, t in results:
        ratio = t / baselines[name.split()[0]] - 1
        print(f"| {name:34} | {t:8.3f} | {t / args.requests * 1000:10.3f} | {ratio:+7.1%} |")

    budget = RateLimit(200, 2.0)
    print(f"\n2. {args.calls} concurrent get_user, budget {budget}, emulator enforcing it")
    print(
        "| flavour | budget/s | achieved/s | used  | busiest window | cap | 429s | ok  |\n"
        "|---------|----------|------------|-------|----------------|-----|------|-----|"
    )
    for flavour in ("sync", "asyncio", "trio"):
        r = limiter(flavour, budget, args.calls)
        print(
            f"| {r['flavour']:7} | {r['budget']:8.1f} | {r['achieved']:10.2f} | "
            f"{r['used']:5.1%} | {r['busiest']:14d} | {r['cap']:3d} | {r['429']:4d} | "
            f"{r['ok']:3d} |"
        )


if __name__ == "__main__":
    main()

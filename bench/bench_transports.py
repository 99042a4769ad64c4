"""Benchmark the transports against the emulator on loopback, side by side in one run.

1. Overhead: N sequential ``get_user`` requests on a reused client, per flavour (sync, asyncio,
   trio): raw httpx (``client.get(url, params=...)`` with the key in the params, reading the
   body: what a user of httpx would write) against ``OsuApi.call`` with a parse that returns
   the bytes (the transport path: limiter, flow, key added innermost, errors mapped) and
   against ``OsuApi.get_user`` (that plus building the call, parsing the ``User`` and binding
   the client to it). The parse is the core's cost, so it is also timed alone
   (``osu_core.get_user(...).parse(response)``, no I/O). Target: at most 10% over raw httpx.

   Samples are interleaved: each round times every case once, in a rotated order, so drift on
   a shared machine hits all cases alike. Reported per case: min and median per request, the
   ratio of each to raw httpx of the same flavour, and the median of the per-round ratios
   (each sample against the raw sample of its own round), and the ratio of median CPU time
   per request (of this process: with the server apart, the client's own work, which other
   tenants of a shared machine disturb less than wall time). Client creation and a short
   warm-up are outside the timed loop. The emulator runs in a separate process by default, so its
   work does not compete with the client for the GIL (``--server thread`` keeps it in-process).
2. Limiter: 500 concurrent calls against a configured budget, with the emulator enforcing the
   same budget; the send times are recorded in the innermost transport. Reported: the achieved
   rate against the budget (target at least 98%), the busiest window (never above the budget)
   and the 429s the server answered (target 0).

Usage: ``python bench/bench_transports.py [--requests N] [--rounds R] [--server process|thread]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import trio

import osu_core
from osu_core import Call, RateLimit, RateLimits, Request, Response, RetryPolicy
from osu_transports import asyncio as asyncio_flavour
from osu_transports import sync as sync_flavour
from osu_transports import trio as trio_flavour
from osu_transports.testing import DEFAULT_API_KEY, KNOWN, OsuApiEmulator

#: Requests before each timed loop (connection set up, caches warm).
WARMUP = 5
#: The limiter runs (every call books and is admitted) but never binds: this measures cost.
ROOMY = RateLimits(default=RateLimit(10**6, 1.0), endpoints={})


#: Wall-clock and CPU seconds (this process only: the client, when the server runs apart).
Sample = tuple[float, float]


def clock() -> Sample:
    return time.perf_counter(), time.process_time()


def since(start: Sample) -> Sample:
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


def raw_call(user_id: int) -> Call[bytes]:
    request = Request(endpoint="get_user", path="/api/get_user", params=(("u", str(user_id)),))
    return Call(request=request, parse=lambda r: r.body)


@contextlib.contextmanager
def emulator(where: str) -> Iterator[str]:
    """An emulator without rate limits; yields its base URL."""
    if where == "thread":
        with OsuApiEmulator(rate_limit=None, replay_rate_limit=None) as emu:
            yield emu.base_url
        return
    command = [sys.executable, "-u", "-m", "osu_transports.testing", "--port", "0"]
    with subprocess.Popen(
        [*command, "--no-rate-limit"], stdout=subprocess.PIPE, text=True
    ) as server:
        try:
            assert server.stdout is not None
            line = server.stdout.readline()  # "... listening on http://127.0.0.1:PORT"
            yield line.split()[-1]
        finally:
            server.terminate()


def sync_case(base: str, kind: str, n: int) -> Callable[[], Sample]:
    url, params = f"{base}/api/get_user", {"k": DEFAULT_API_KEY, "u": str(KNOWN.user_id)}
    uid = KNOWN.user_id

    def run() -> Sample:
        if kind == "raw":
            with httpx.Client() as client:
                for _ in range(WARMUP):
                    client.get(url, params=params).content  # noqa: B018
                start = clock()
                for _ in range(n):
                    client.get(url, params=params).content  # noqa: B018
                return since(start)
        with sync_flavour.OsuApi(DEFAULT_API_KEY, base_url=base, rate_limits=ROOMY) as api:
            one: Callable[[], object] = (
                (lambda: api.get_user(uid))
                if kind == "model"
                else (lambda: api.call(raw_call(uid)))
            )
            for _ in range(WARMUP):
                one()
            start = clock()
            for _ in range(n):
                one()
            return since(start)

    return run


def async_case(base: str, kind: str, n: int, cls: Any) -> Callable[[], Coroutine[Any, Any, Sample]]:
    url, params = f"{base}/api/get_user", {"k": DEFAULT_API_KEY, "u": str(KNOWN.user_id)}
    uid = KNOWN.user_id

    async def run() -> Sample:
        if kind == "raw":
            async with httpx.AsyncClient() as client:
                for _ in range(WARMUP):
                    (await client.get(url, params=params)).content  # noqa: B018
                start = clock()
                for _ in range(n):
                    (await client.get(url, params=params)).content  # noqa: B018
                return since(start)
        async with cls(DEFAULT_API_KEY, base_url=base, rate_limits=ROOMY) as api:
            one: Callable[[], Awaitable[object]] = (
                (lambda: api.get_user(uid))
                if kind == "model"
                else (lambda: api.call(raw_call(uid)))
            )
            for _ in range(WARMUP):
                await one()
            start = clock()
            for _ in range(n):
                await one()
            return since(start)

    return run


def parse_case(base: str, n: int) -> Callable[[], Sample]:
    """The core's parse of a ``get_user`` body alone, no I/O."""
    answer = httpx.get(f"{base}/api/get_user", params={"k": DEFAULT_API_KEY, "u": KNOWN.user_id})
    response = Response(status_code=200, headers=answer.headers, body=answer.content)
    call = osu_core.get_user(KNOWN.user_id)

    def run() -> Sample:
        start = clock()
        for _ in range(n):
            call.parse(response)
        return since(start)

    return run


KINDS = {"raw": "raw httpx", "call": "OsuApi.call (bytes)", "model": "OsuApi.get_user (model)"}


def on_asyncio(run: Callable[[], Coroutine[Any, Any, Sample]]) -> Callable[[], Sample]:
    return lambda: asyncio.run(run())


def on_trio(run: Callable[[], Coroutine[Any, Any, Sample]]) -> Callable[[], Sample]:
    return lambda: trio.run(run)


def overhead(base: str, n: int, rounds: int) -> dict[tuple[str, str], list[Sample]]:
    """Seconds per request of every case, one sample per round, rounds interleaved."""
    cases: dict[tuple[str, str], Callable[[], Sample]] = {}
    for kind in KINDS:
        cases["sync", kind] = sync_case(base, kind, n)
        cases["asyncio", kind] = on_asyncio(async_case(base, kind, n, asyncio_flavour.OsuApi))
        cases["trio", kind] = on_trio(async_case(base, kind, n, trio_flavour.OsuApi))
    cases["core", "parse"] = parse_case(base, n)
    order = list(cases)
    samples: dict[tuple[str, str], list[Sample]] = {name: [] for name in order}
    for i in range(rounds):
        for name in order[i % len(order) :] + order[: i % len(order)]:
            wall, cpu = cases[name]()
            samples[name].append((wall / n, cpu / n))
    return samples


def report_overhead(samples: dict[tuple[str, str], list[Sample]], n: int, rounds: int) -> None:
    print(f"1. {n} sequential get_user on loopback, {rounds} interleaved rounds")
    print(
        "| flavour | case                      | min us/req | med us/req | min/raw | med/raw "
        "| paired med | cpu med/raw |\n"
        "|---------|---------------------------|-----------:|-----------:|--------:|--------:"
        "|-----------:|------------:|"
    )
    for flavour, kind in ((f, k) for f in ("sync", "asyncio", "trio") for k in KINDS):
        values = [wall for wall, _ in samples[flavour, kind]]
        raw = [wall for wall, _ in samples[flavour, "raw"]]
        paired = statistics.median(v / r for v, r in zip(values, raw, strict=True))
        cpu = statistics.median(c for _, c in samples[flavour, kind])
        cpu_raw = statistics.median(c for _, c in samples[flavour, "raw"])
        print(
            f"| {flavour:7} | {KINDS[kind]:25} | {min(values) * 1e6:10.1f} | "
            f"{statistics.median(values) * 1e6:10.1f} | {min(values) / min(raw):7.3f} | "
            f"{statistics.median(values) / statistics.median(raw):7.3f} | {paired:10.3f} | "
            f"{cpu / cpu_raw:11.3f} |"
        )
    parse = statistics.median(wall for wall, _ in samples["core", "parse"])
    shares = ", ".join(
        f"{f} {parse / statistics.median(w for w, _ in samples[f, 'raw']):.1%}"
        for f in ("sync", "asyncio", "trio")
    )
    print(
        f"\ncore parse of the get_user body alone: median {parse * 1e6:.1f} us per body, "
        f"as a share of a raw httpx request (median): {shares}"
    )


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
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--server", choices=("process", "thread"), default="process")
    parser.add_argument("--skip-limiter", action="store_true")
    args = parser.parse_args()

    with emulator(args.server) as base:
        samples = overhead(base, args.requests, args.rounds)
    report_overhead(samples, args.requests, args.rounds)
    if args.skip_limiter:
        return

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

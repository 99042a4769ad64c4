"""Cases 4 and 6 of issues 7 and 14: requests to the emulator on loopback, and import time.

Case 4 runs the emulator in a child process (its own interpreter, so its GIL and threads do not
compete with the client being measured) with its rate limits off. Where the OS lets us
(``os.sched_setaffinity``) and this process may use two or more CPUs, the server pins itself to
the last of them and the client (this process) to the rest for the duration of the case, so the
two never take turns on one core; the client's affinity is put back afterwards. Each sample is
a whole batch, timed on the wall clock and on this process's CPU clock (``time.process_time``,
which counts every thread of the process, the sync thread pool's included, and none of the
server's work). The sequential targets are judged on CPU time per request: with one request in
flight, wall time is mostly the server's turn and the loopback's, which the client does not
control and which is what makes it noisy. The concurrent targets stay on wall time, since
overlapping the waits is what concurrency is for. Each sample is a whole batch:
``requests`` sequential ``get_user`` calls, or the same number issued concurrently (a thread pool
for sync, ``gather``/a nursery for async). Raw httpx does ``client.get`` + ``json.loads``; the
flavours do ``api.get_user`` (rate limiter booking, retry flow, key added innermost, parsing into
a ``User``), with a limiter budget so large that it never waits. Both sides get the same
connection pool limit (``concurrency``), raw httpx through its client and the flavours through
the transport they are given.

Case 6 starts fresh interpreters (``python -c "import X"``), interleaved, and reports the time
over a bare ``python -c pass``.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from harness import FLOOR, OURS, PEER, Row, Target, at_most, interleave

__all__ = ["case_imports", "case_requests"]

_SERVER = """
import os, sys
if len(sys.argv) > 1:
    # Pinned before the emulator starts its threads, which inherit the mask.
    os.sched_setaffinity(0, {int(sys.argv[1])})
from osu_transports.testing import OsuApiEmulator
with OsuApiEmulator(rate_limit=None, replay_rate_limit=None) as emu:
    print(emu.base_url, emu.api_key, emu.known.user_id, flush=True)
    sys.stdin.read()
"""


def _flavour_cases(base: str, key: str, uid: int, n: int, concurrency: int) -> list[Any]:
    import httpx
    import trio

    from osu_core import RateLimit, RateLimits
    from osu_transports import asyncio as asyncio_flavour
    from osu_transports import sync as sync_flavour
    from osu_transports import trio as trio_flavour

    url, params = f"{base}/api/get_user", {"k": key, "u": str(uid)}
    roomy = {"rate_limits": RateLimits(default=RateLimit(10**9, 1.0), endpoints={})}
    limits = httpx.Limits(max_connections=concurrency)

    def raw_sync(concurrent: bool) -> Callable[[], None]:
        def run() -> None:
            with httpx.Client(limits=limits) as client:
                one = lambda _: json.loads(client.get(url, params=params).content)  # noqa: E731
                _drive_sync(one, n, concurrency if concurrent else 0)

        return run

    def api_sync(concurrent: bool) -> Callable[[], None]:
        def run() -> None:
            pool = httpx.HTTPTransport(limits=limits)
            with sync_flavour.OsuApi(key, base_url=base, transport=pool, **roomy) as api:
                _drive_sync(lambda _: api.get_user(uid), n, concurrency if concurrent else 0)

        return run

    def raw_async(concurrent: bool, runner: Callable[..., Any], lib: str) -> Callable[[], None]:
        async def main() -> None:
            async with httpx.AsyncClient(limits=limits) as client:

                async def one() -> None:
                    json.loads((await client.get(url, params=params)).content)

                await _drive_async(one, n, concurrent, lib)

        return lambda: runner(main)

    def api_async(concurrent: bool, runner: Callable[..., Any], cls: Any, lib: str) -> Any:
        async def main() -> None:
            pool = httpx.AsyncHTTPTransport(limits=limits)
            async with cls(key, base_url=base, transport=pool, **roomy) as api:

                async def one() -> None:
                    await api.get_user(uid)

                await _drive_async(one, n, concurrent, lib)

        return lambda: runner(main)

    def arun(main: Callable[[], Any]) -> Any:
        return asyncio.run(main())

    cases = []
    for concurrent in (False, True):
        cases += [
            (concurrent, "sync", "raw httpx.Client", FLOOR, raw_sync(concurrent)),
            (concurrent, "sync", "sync.OsuApi", OURS, api_sync(concurrent)),
            (concurrent, "asyncio", "raw httpx.AsyncClient", FLOOR,
             raw_async(concurrent, arun, "asyncio")),
            (concurrent, "asyncio", "asyncio.OsuApi", OURS,
             api_async(concurrent, arun, asyncio_flavour.OsuApi, "asyncio")),
            (concurrent, "trio", "raw httpx.AsyncClient", FLOOR,
             raw_async(concurrent, trio.run, "trio")),
            (concurrent, "trio", "trio.OsuApi", OURS,
             api_async(concurrent, trio.run, trio_flavour.OsuApi, "trio")),
        ]  # fmt: skip
    return cases


def _drive_sync(one: Callable[[int], object], n: int, concurrency: int) -> None:
    if not concurrency:
        for i in range(n):
            one(i)
        return
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(n)))


async def _drive_async(one: Callable[[], Any], n: int, concurrent: bool, lib: str) -> None:
    if not concurrent:
        for _ in range(n):
            await one()
    elif lib == "asyncio":
        await asyncio.gather(*(one() for _ in range(n)))
    else:
        import trio

        async with trio.open_nursery() as nursery:
            for _ in range(n):
                nursery.start_soon(one)


def _cpus() -> tuple[int | None, set[int], str]:
    """``(server CPU, client CPUs, how)``: the split case 4 runs with, or why there is none."""
    if not hasattr(os, "sched_setaffinity"):
        return None, set(), "not pinned: os.sched_setaffinity is unavailable here"
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < 2:
        return None, set(), f"not pinned: only CPU {allowed} is available"
    server, client = allowed[-1], set(allowed[:-1])
    return server, client, f"server on CPU {server}, client on {sorted(client)}"


def case_requests(repeat: int, n: int, concurrency: int) -> tuple[list[Row], list[Target]]:
    """Case 4: raw httpx against each flavour, sequential and concurrent, on loopback."""
    case = "4. get_user on loopback (emulator in a child process)"
    server_cpu, client_cpus, pinning = _cpus()
    argv = [sys.executable, "-c", _SERVER] + ([] if server_cpu is None else [str(server_cpu)])
    server = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    before = os.sched_getaffinity(0) if client_cpus else set()
    try:
        assert server.stdout is not None
        base, key, uid = server.stdout.readline().split()
        if client_cpus:
            os.sched_setaffinity(0, client_cpus)
        cases = _flavour_cases(base, key, int(uid), n, concurrency)
        names = {f"{c[0]}|{c[1]}|{c[2]}": c for c in cases}
        results = interleave([(name, c[4]) for name, c in names.items()], repeat, 0, cpu=True)
    finally:
        if before:
            os.sched_setaffinity(0, before)
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)
    rows: list[Row] = []
    targets: list[Target] = []
    for name, (concurrent, flavour, impl, role, _) in names.items():
        shape = f"{n} concurrent (≤{concurrency} in flight)" if concurrent else f"{n} sequential"
        low, mid, cpu_low, cpu_mid = results[name]  # per batch of n requests
        # How the processes were placed, once per input: on its raw httpx row.
        note = pinning if role == FLOOR else ""
        rows.append(Row(case, f"{shape}, {flavour}", impl, role, low / n, mid / n, note=note,
                        cpu_min=cpu_low / n, cpu_median=cpu_mid / n))  # fmt: skip
        if role != OURS:
            continue
        raw = "raw httpx.Client" if flavour == "sync" else "raw httpx.AsyncClient"
        raw_low, raw_mid, raw_cpu_low, raw_cpu_mid = results[f"{concurrent}|{flavour}|{raw}"]
        wall, wall_mid = low / raw_low - 1, mid / raw_mid - 1
        cpu, cpu_median = cpu_low / raw_cpu_low - 1, cpu_mid / raw_cpu_mid - 1
        if concurrent:
            what = f"{flavour} {shape}: wall time ≤ 10% over raw httpx"
            detail = f"median {wall_mid:+.1%}; CPU {cpu:+.1%}"
            targets.append(at_most(case, what, wall, 0.10, "%", detail))
        else:
            what = f"{flavour} {shape}: CPU time ≤ 10% over raw httpx"
            detail = f"median {cpu_median:+.1%}; wall {wall:+.1%} (median {wall_mid:+.1%})"
            targets.append(at_most(case, what, cpu, 0.10, "%", detail))
    return rows, targets


def case_imports(runs: int, peers: list[str]) -> tuple[list[Row], list[Target]]:
    """Case 6: fresh-interpreter import time, over a bare interpreter."""
    case = "6. import time (fresh interpreter)"
    ours = ["osu_core", "osu_core.beatmap", "osu_core.replay", "osu_transports"]
    modules = [(m, OURS) for m in ours] + [(p, PEER) for p in peers]
    commands = [("python -c pass", FLOOR, "pass")] + [
        (f"import {m}", role, f"import {m}") for m, role in modules
    ]
    # As installed code runs: from bytecode. Where PYTHONDONTWRITEBYTECODE is set (CI images
    # often set it), every fresh interpreter would compile our sources again, +18 ms.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def spawn(code: str) -> Callable[[], None]:
        return lambda: subprocess.run([sys.executable, "-c", code], check=True, env=env)

    started = time.perf_counter()
    results = interleave([(name, spawn(code)) for name, _, code in commands], runs, 0)
    bare = results["python -c pass"]
    rows = [Row(case, f"{runs} processes each per run", name, role, *results[name],
                over_floor=role != FLOOR)
            for name, role, _ in commands]  # fmt: skip
    over = (results["import osu_core"][0] - bare[0]) * 1e3
    what = "import osu_core ≤ 60 ms over a bare interpreter"
    spent = f"{time.perf_counter() - started:.0f} s of processes"
    targets = [at_most(case, what, over, 60, "ms", spent)]
    return rows, targets

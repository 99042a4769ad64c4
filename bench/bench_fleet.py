"""Benchmark one API key's rate-limit budget shared by a fleet of worker processes through Redis.

What it measures
----------------
W worker processes (``multiprocessing``, spawn context) each make C sequential ``get_user``
calls on one key (``KNOWN.user_id``) with the sync ``OsuApi`` and the default retry policy (so
a 429 is retried and the call may still succeed), in two modes, one after the other in one run:

* ``shared``: every worker's client has ``redis=URL``, so they book their slots in one GCRA
  bucket kept in Redis (``osu_core._fleet``);
* ``local``: no Redis, each worker keeps the whole budget to itself (what a fleet gets without
  sharing: W times the budget, and the server's 429s).

Each mode gets an emulator of its own (fresh windows and counters, and an API key of its own,
so the Redis buckets of one run never meet another's) that enforces the same budget as the
clients. Per mode it reports ``calls`` (W*C), ``calls_ok``, ``server_429`` (as counted by the
emulator: ``OsuApiEmulator.count(status=429)``), ``budget_used`` and ``elapsed``, and per
worker its calls ok and failed, wall time and per-call latency (median, p95, max).

``budget_used`` is the largest number of requests the *server* admitted in any window of the
budget's ``per`` seconds, divided by what such a window may hold (``requests + burst``),
from the emulator's request history (``RecordedRequest.at``: the clock reading its sliding
windows count with; the history is made long enough for every request of the run). The
emulator runs in-process (its threaded server, in this
process, which does nothing else meanwhile); the clients are the worker processes. The
client-side completion times (``time.time()`` after each call) give a second, coarser count,
``client_busiest``.

The budgets, scaled by S (``--scale``)
--------------------------------------
The real budget is 1200 requests per 60 s with a burst of 200 (and 10 per 60 s for
``get_replay``). Scaling only the counts would keep 60 s windows at a tenth of the rate, so 800
calls at S=0.1 would take about 6.5 minutes; this script scales the counts *and the period*:
``RateLimit(round(1200*S), 60*S, burst=round(200*S))`` and ``RateLimit(max(1, round(10*S)),
60*S)`` for ``get_replay``. The rate stays the real one (20 requests a second) and the windows
shrink to 60*S seconds (6 s at S=0.1: 120 per 6 s plus a burst of 20), so a run takes about
``(W*C - burst) / 20`` seconds. The emulator and the clients get the same ``RateLimits``. Note
that the clients' 1% headroom is then 1% of a shorter window (60 ms at S=0.1 instead of
0.6 s): the slack for requests delayed between their booking and the server shrinks with S.

Before the timed part each worker downloads one ``.osu`` file (no key, no API budget, neither
the client's nor the server's) to open its HTTP connection, then waits at a common start
signal, so the burst is not spread over the workers' start-up.

Added latency
-------------
The shared limiter costs one Redis round trip per call (``EVALSHA`` of the booking script).
That is measured apart, where no limiter makes a call wait: one process, an emulator without
limits, a huge budget (10**6 per second), and two clients, one with ``redis=`` and one without,
taking turns (``--latency-calls`` calls each, interleaved in alternating order, after a
warm-up). Reported: the median and p95 per-call latency of each and the differences
(``added_latency_us`` is the median's).

Targets (printed with whether they were met): ``shared`` mode has 0 server-side 429s and a
``budget_used`` of at least 0.95 (not measurable, ``null`` in the JSON, when W*C is less than a
window holds, as in a smoke run).

Usage: ``python bench/bench_fleet.py --workers 4 --calls 200 --scale 0.1 [--json]``; with
``--json`` the last line printed is one JSON object (the shared mode's numbers at the top
level, the local mode's under ``local``, and ``added_latency_us``). It starts and stops its own
``redis-server`` (on PATH or ``--redis-server``), in a temporary directory, on a free port of
127.0.0.1, without persistence.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import multiprocessing
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from osu_core import OsuError, RateLimit, RateLimits
from osu_transports.testing import (
    KNOWN,
    EmulatorConfig,
    OsuApiEmulator,
)

#: The real budgets (API wiki): 1200 per minute with a burst of 200; get_replay 10 per minute.
REAL_REQUESTS, REAL_BURST, REAL_PER, REAL_REPLAY = 1200, 200, 60.0, 10
#: A budget that never makes a call wait: the latency phase measures the limiter's cost alone.
ROOMY = RateLimits(default=RateLimit(10**6, 1.0), endpoints={})
#: Calls per client before the latency phase's timed loop.
WARMUP = 20
#: The targets of the shared mode.
TARGET_429, TARGET_BUDGET_USED = 0, 0.95
#: How long to wait for the workers to start (spawned interpreters importing httpx).
READY_TIMEOUT = 120.0


def scaled_limits(scale: float) -> RateLimits:
    """The real budgets with counts and period scaled by ``scale`` (the rate is kept)."""
    per = REAL_PER * scale
    return RateLimits(
        default=RateLimit(round(REAL_REQUESTS * scale), per, burst=round(REAL_BURST * scale)),
        endpoints={"get_replay": RateLimit(max(1, round(REAL_REPLAY * scale)), per)},
    )


def default_limit(limits: RateLimits) -> RateLimit:
    assert limits.default is not None
    return limits.default


# --- the server side ------------------------------------------------------------------------


def admitted_times(emu: OsuApiEmulator) -> list[float]:
    """When the server admitted (HTTP 200) each ``get_user``, in order: the ``at`` of its
    request history, the clock reading its rate windows count with."""
    requests = emu.handler.requests
    return sorted(r.at for r in requests if r.endpoint == "get_user" and r.status == 200)


@contextlib.contextmanager
def emulator(key: str, limits: RateLimits | None, history: int) -> Iterator[OsuApiEmulator]:
    """An in-process emulator accepting ``key``, enforcing ``limits`` (``None``: none) and
    keeping the last ``history`` requests."""
    replay = limits.endpoints.get("get_replay") if limits is not None else None
    config = EmulatorConfig(
        api_key=key,
        rate_limit=limits.default if limits is not None else None,
        replay_rate_limit=replay,
        history=history,
    )
    with OsuApiEmulator(config) as emu:
        yield emu


def _ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.settimeout(0.5)
            conn.sendall(b"PING\r\n")
            return conn.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def redis_server(binary: str) -> Iterator[str]:
    """A ``redis-server`` of our own on a free port of 127.0.0.1, without persistence, in a
    temporary directory; yields its URL and stops it on the way out, whatever happened."""
    with tempfile.TemporaryDirectory(prefix="bench-fleet-redis-") as directory:
        log_path = Path(directory) / "redis.log"
        for _ in range(3):  # another program may take the free port first
            port = _free_port()
            command = [
                binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", directory,
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
            ]  # fmt: skip
            with log_path.open("ab") as log:
                process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
                )
            try:
                deadline = time.monotonic() + 10
                while process.poll() is None and time.monotonic() < deadline:
                    if _ping(port):
                        break
                    time.sleep(0.02)
                if process.poll() is None and _ping(port):
                    yield f"redis://127.0.0.1:{port}/0"
                    return
            finally:
                _stop(process)
        tail = log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"redis-server did not start; its log:\n{tail}")


# --- the workers (spawned processes) --------------------------------------------------------


def fleet_worker(job: dict[str, Any], ready: Queue[Any], start: Event, out: Queue[Any]) -> None:
    """One worker: a client, then ``calls`` sequential ``get_user`` once ``start`` is set."""
    from osu_transports.sync import OsuApi

    index = job["index"]
    try:
        latencies: list[float] = []
        done_at: list[float] = []
        errors: dict[str, int] = {}
        ok = failed = 0
        with OsuApi(
            job["key"],
            base_url=job["base_url"],
            rate_limits=scaled_limits(job["scale"]),  # a RateLimits does not pickle
            redis=job["redis"],
        ) as api:
            api.get_beatmap_file(KNOWN.beatmap_id)  # opens the connection; no API budget
            ready.put(index)
            start.wait()
            started = time.time()
            for _ in range(job["calls"]):
                begin = time.perf_counter()
                try:
                    api.get_user(KNOWN.user_id)
                except OsuError as error:
                    failed += 1
                    errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                else:
                    ok += 1
                latencies.append(time.perf_counter() - begin)
                done_at.append(time.time())
            finished = time.time()
        out.put({
            "index": index, "ok": ok, "failed": failed, "started": started,
            "finished": finished, "latencies": latencies, "done_at": done_at, "errors": errors,
        })  # fmt: skip
    except BaseException as exc:
        out.put({"index": index, "crashed": f"{type(exc).__name__}: {exc}"})
        raise


def latency_worker(base_url: str, key: str, redis_url: str, calls: int, out: Queue[Any]) -> None:
    """Interleaved calls of a shared and a local client with a budget that never waits."""
    from osu_transports.sync import OsuApi

    try:
        with (
            OsuApi(key, base_url=base_url, rate_limits=ROOMY, redis=redis_url) as shared,
            OsuApi(key, base_url=base_url, rate_limits=ROOMY) as local,
        ):
            clients = {"shared": shared, "local": local}
            for _ in range(WARMUP):
                for api in clients.values():
                    api.get_user(KNOWN.user_id)
            samples: dict[str, list[float]] = {name: [] for name in clients}
            for i in range(calls):
                for name in ("shared", "local") if i % 2 == 0 else ("local", "shared"):
                    api = clients[name]
                    begin = time.perf_counter()
                    api.get_user(KNOWN.user_id)
                    samples[name].append(time.perf_counter() - begin)
        out.put(samples)
    except BaseException as exc:
        out.put({"crashed": f"{type(exc).__name__}: {exc}"})
        raise


def _collect(
    out: Queue[Any], count: int, processes: Sequence[BaseProcess], timeout: float
) -> list[Any]:
    """``count`` items from ``out``, failing early if a process died without sending."""
    items: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(items) < count:
        try:
            item = out.get(timeout=0.2)
        except Exception:  # queue.Empty
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"got {len(items)} of {count} answers in {timeout:g} s"
                ) from None
            dead = [p for p in processes if p.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(
                    f"worker {dead[0].name} exited with {dead[0].exitcode}"
                ) from None
            continue
        if isinstance(item, dict) and "crashed" in item:
            raise RuntimeError(f"a worker failed: {item['crashed']}")
        items.append(item)
    return items


@contextlib.contextmanager
def processes(started: list[BaseProcess]) -> Iterator[list[BaseProcess]]:
    """Join the processes on the way out, terminating any still running after an error."""
    try:
        yield started
    finally:
        for process in started:
            process.join(timeout=10 if process.exitcode is None else 0)
            if process.exitcode is None:
                process.terminate()
                process.join(timeout=5)


# --- the measurements -----------------------------------------------------------------------


def busiest(times: Sequence[float], width: float) -> int:
    """The most of ``times`` in any half-open window ``(t - width, t]`` (the server's)."""
    ordered = sorted(times)
    best = j = 0
    for i, t in enumerate(ordered):
        while ordered[j] <= t - width:
            j += 1
        best = max(best, i - j + 1)
    return best


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` from 0 to 1)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def run_mode(
    mode: str, args: argparse.Namespace, limits: RateLimits, redis_url: str | None
) -> dict[str, Any]:
    """W workers of ``mode`` against an emulator of their own; the mode's numbers."""
    budget = default_limit(limits)
    key = f"bench-fleet-{mode}-{time.time_ns()}"
    context = multiprocessing.get_context("spawn")
    ready: Queue[Any] = context.Queue()
    out: Queue[Any] = context.Queue()
    start = context.Event()
    calls = args.workers * args.calls
    ideal = max(0, calls - budget.burst - 1) * budget.interval * (1 + limits.headroom)
    # A history long enough for every request: the calls, their retries, the warm-ups.
    with emulator(key, limits, history=3 * calls + 100) as emu:
        jobs = [
            {"index": i, "key": key, "base_url": emu.base_url, "scale": args.scale,
             "redis": redis_url, "calls": args.calls}
            for i in range(args.workers)
        ]  # fmt: skip
        workers: list[BaseProcess] = [
            context.Process(target=fleet_worker, args=(job, ready, start, out), name=f"{mode}-{i}")
            for i, job in enumerate(jobs)
        ]
        with processes(workers):
            for worker in workers:
                worker.start()
            _collect(ready, args.workers, workers, READY_TIMEOUT)
            start.set()
            results = _collect(out, args.workers, workers, 3 * ideal + 120)
        admitted = admitted_times(emu)
        server_429 = emu.count(status=429)
        handled = emu.count("get_user")
    results.sort(key=lambda r: r["index"])
    latencies = [x for r in results for x in r["latencies"]]
    per_worker = [
        {
            "ok": r["ok"], "failed": r["failed"], "wall": r["finished"] - r["started"],
            "latency_median_ms": statistics.median(r["latencies"]) * 1e3,
            "latency_p95_ms": percentile(r["latencies"], 0.95) * 1e3,
            "latency_max_ms": max(r["latencies"]) * 1e3,
            "errors": r["errors"],
        }
        for r in results
    ]  # fmt: skip
    capacity = budget.requests + budget.burst
    window = busiest(admitted, budget.per)
    return {
        "mode": mode,
        "workers": args.workers,
        "calls": calls,
        "calls_ok": sum(r["ok"] for r in results),
        "calls_failed": sum(r["failed"] for r in results),
        "server_429": server_429,
        "server_requests": handled,
        "budget_used": window / capacity,
        "busiest_window": window,
        "window_capacity": capacity,
        "client_busiest": busiest([t for r in results for t in r["done_at"]], budget.per),
        "elapsed": max(r["finished"] for r in results) - min(r["started"] for r in results),
        "ideal_elapsed": ideal,
        "latency_median_ms": statistics.median(latencies) * 1e3,
        "latency_p95_ms": percentile(latencies, 0.95) * 1e3,
        "per_worker": per_worker,
    }


def added_latency(redis_url: str, calls: int) -> dict[str, float]:
    """The shared limiter's cost per call when no limiter waits (see the module docstring)."""
    key = f"bench-fleet-latency-{time.time_ns()}"
    context = multiprocessing.get_context("spawn")
    out: Queue[Any] = context.Queue()
    with emulator(key, None, history=100) as emu:
        worker = context.Process(
            target=latency_worker, args=(emu.base_url, key, redis_url, calls, out), name="latency"
        )
        with processes([worker]):
            worker.start()
            (samples,) = _collect(out, 1, [worker], READY_TIMEOUT + calls)
    shared, local = samples["shared"], samples["local"]
    paired = [s - lo for s, lo in zip(shared, local, strict=True)]
    return {
        "calls": calls,
        "shared_median_us": statistics.median(shared) * 1e6,
        "local_median_us": statistics.median(local) * 1e6,
        "shared_p95_us": percentile(shared, 0.95) * 1e6,
        "local_p95_us": percentile(local, 0.95) * 1e6,
        "added_median_us": (statistics.median(shared) - statistics.median(local)) * 1e6,
        "added_p95_us": (percentile(shared, 0.95) - percentile(local, 0.95)) * 1e6,
        "paired_median_us": statistics.median(paired) * 1e6,
    }


# --- the report -----------------------------------------------------------------------------


def report(
    modes: list[dict[str, Any]], latency: dict[str, float], limits: RateLimits, scale: float
) -> dict[str, Any]:
    budget = default_limit(limits)
    replay = limits.endpoints["get_replay"]
    print(
        f"budget per key (real budgets x {scale:g} in count and period, same rate): "
        f"{budget.requests} per {budget.per:g} s + {budget.burst} burst "
        f"({budget.requests / budget.per:g}/s), get_replay {replay.requests} per {replay.per:g} s; "
        f"budget_used window: {budget.per:g} s, capacity {budget.requests + budget.burst}"
    )
    print(
        "\n| mode   | workers | calls | calls_ok | failed | server_429 | budget_used "
        "| busiest/cap | elapsed s | ideal s | med ms | p95 ms |\n"
        "|--------|--------:|------:|---------:|-------:|-----------:|------------:"
        "|------------:|----------:|--------:|-------:|-------:|"
    )
    for m in modes:
        print(
            f"| {m['mode']:6} | {m['workers']:7d} | {m['calls']:5d} | {m['calls_ok']:8d} "
            f"| {m['calls_failed']:6d} | {m['server_429']:10d} | {m['budget_used']:11.3f} "
            f"| {m['busiest_window']:5d}/{m['window_capacity']:<5d} | {m['elapsed']:9.2f} "
            f"| {m['ideal_elapsed']:7.2f} | {m['latency_median_ms']:6.2f} "
            f"| {m['latency_p95_ms']:6.1f} |"
        )
    for m in modes:
        workers = "; ".join(
            f"#{i} ok {w['ok']} failed {w['failed']} wall {w['wall']:.2f} s "
            f"med {w['latency_median_ms']:.2f} p95 {w['latency_p95_ms']:.1f} "
            f"max {w['latency_max_ms']:.0f} ms" + (f" {w['errors']}" if w["errors"] else "")
            for i, w in enumerate(m["per_worker"])
        )
        print(f"{m['mode']} workers: {workers}")
        print(
            f"{m['mode']}: {m['server_requests']} get_user requests reached the server; "
            f"busiest {budget.per:g} s window by client completion times: {m['client_busiest']}"
        )
    print(
        f"\nadded latency of the shared limiter (no waiting: {latency['calls']:.0f} interleaved "
        f"calls each, one process): median +{latency['added_median_us']:.0f} us "
        f"(shared {latency['shared_median_us']:.0f} us vs local {latency['local_median_us']:.0f}"
        f" us; paired median +{latency['paired_median_us']:.0f} us), p95 "
        f"+{latency['added_p95_us']:.0f} us (shared {latency['shared_p95_us']:.0f} us vs local "
        f"{latency['local_p95_us']:.0f} us)"
    )
    shared = modes[0]
    no_429 = shared["server_429"] <= TARGET_429
    # A window can only fill if the run makes at least as many calls as it holds.
    fillable = shared["calls"] >= shared["window_capacity"]
    used = shared["budget_used"] >= TARGET_BUDGET_USED if fillable else None
    verdict = {
        True: "met",
        False: "NOT met",
        None: "not measurable: fewer calls than a window holds",
    }
    print(
        f"\ntarget shared server_429 == {TARGET_429}: {shared['server_429']} "
        f"({verdict[no_429]})\n"
        f"target shared budget_used >= {TARGET_BUDGET_USED}: {shared['budget_used']:.3f} "
        f"({verdict[used]})"
    )
    keys = ("workers", "calls", "calls_ok", "calls_failed", "server_429", "budget_used",
            "busiest_window", "window_capacity", "client_busiest", "elapsed", "ideal_elapsed",
            "latency_median_ms", "latency_p95_ms", "per_worker")  # fmt: skip
    summary: dict[str, Any] = {k: shared[k] for k in keys}
    summary["mode"] = "shared"
    summary["local"] = {k: modes[1][k] for k in keys} | {"mode": "local"}
    summary["added_latency_us"] = latency["added_median_us"]
    summary["added_latency_p95_us"] = latency["added_p95_us"]
    summary["latency"] = latency
    summary["scale"] = scale
    summary["budget"] = {"requests": budget.requests, "per": budget.per, "burst": budget.burst}
    summary["targets"] = {"server_429": no_429, "budget_used": used}
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="worker processes per mode (4)")
    parser.add_argument("--calls", type=int, default=200, help="get_user calls per worker (200)")
    parser.add_argument("--scale", type=float, default=0.1, help="budget scale S, 0 < S <= 1")
    parser.add_argument("--latency-calls", type=int, default=200, help="calls per client (200)")
    parser.add_argument("--redis-server", default=None, help="the redis-server binary (PATH)")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    args = parser.parse_args(argv)
    if args.workers < 1 or args.calls < 1 or args.latency_calls < 1:
        parser.error("--workers, --calls and --latency-calls must be at least 1")
    if not 1 / REAL_REQUESTS <= args.scale <= 1:
        parser.error(f"--scale must be from {1 / REAL_REQUESTS:g} to 1")
    binary = args.redis_server or shutil.which("redis-server")
    if binary is None:
        parser.error("redis-server is not on PATH (apt-get install redis-server)")
    limits = scaled_limits(args.scale)
    began = time.monotonic()
    with redis_server(binary) as redis_url:
        modes = [run_mode(mode, args, limits, redis_url if mode == "shared" else None)
                 for mode in ("shared", "local")]  # fmt: skip
        latency = added_latency(redis_url, args.latency_calls)
    summary = report(modes, latency, limits, args.scale)
    summary["total_seconds"] = time.monotonic() - began
    print(f"whole run: {summary['total_seconds']:.1f} s")
    if args.json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

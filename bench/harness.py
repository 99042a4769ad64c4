"""Measurement plumbing for ``bench/run.py``: interleaved timing, result rows, targets, machine.

Timing is interleaved: every repeat runs one batch of each implementation, in a rotated order,
so the noise of a shared machine (other engineers' jobs on the same two cores) falls on all of
them alike, and ratios are taken between numbers of the same run. A batch is a calibrated number
of calls (about ``batch_seconds`` long); the per-call time of a batch is one sample, and each
implementation reports the min and the median of its samples. The garbage collector stays on
(users run with it on) but is emptied before each batch, so no batch pays for another's garbage.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

__all__ = ["Row", "Target", "interleave", "machine"]

#: Roles of a row: what the ratios are taken against.
FLOOR, OURS, PEER, LIMIT = "floor", "ours", "peer", "limit"


@dataclass
class Row:
    """One implementation on one input of one case.

    Times are seconds per call; memory rows carry bytes in ``peak``/``retained`` instead.
    """

    case: str
    input: str
    impl: str
    role: str
    min: float | None = None
    median: float | None = None
    peak: int | None = None
    retained: int | None = None
    objects: int | None = None
    note: str = ""


@dataclass
class Target:
    """A target from issue 7 and how this run did against it."""

    case: str
    what: str
    measured: str
    met: bool | None  # None: not measurable in this run (a peer missing)
    detail: str = ""


@dataclass
class Timer:
    """Interleaved timing state of one implementation."""

    name: str
    fn: Callable[[], object]
    number: int = 1
    samples: list[float] = field(default_factory=list)


def interleave(
    impls: Sequence[tuple[str, Callable[[], object]]], repeat: int, batch_seconds: float = 0.02
) -> dict[str, tuple[float, float]]:
    """Time each implementation ``repeat`` times, interleaved.

    Args:
        impls: ``(name, zero-argument callable)`` pairs; each is called once first to warm up.
        repeat: Batches per implementation.
        batch_seconds: The length a batch is calibrated to.

    Returns:
        ``{name: (min, median)}`` seconds per call.
    """
    timers = [Timer(name, fn) for name, fn in impls]
    for timer in timers:
        timer.fn()
        start = time.perf_counter()
        timer.fn()
        once = time.perf_counter() - start
        timer.number = max(1, round(batch_seconds / max(once, 1e-9)))
    for index in range(repeat):
        shift = index % len(timers)
        for timer in timers[shift:] + timers[:shift]:
            fn, number = timer.fn, timer.number
            gc.collect()
            start = time.perf_counter()
            for _ in range(number):
                fn()
            timer.samples.append((time.perf_counter() - start) / number)
    return {t.name: (min(t.samples), statistics.median(t.samples)) for t in timers}


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            kib = int(info.readline().split()[1])
        return f"{kib / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def _commit() -> str:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        out = subprocess.run(
            ["git", "-C", root, "log", "-1", "--format=%h %s"],
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", root, "status", "--porcelain", "--", "src"],
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out + (" (with uncommitted changes under src/)" if dirty else "")


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    return {
        "CPU": f"{_cpu_model()}, {os.cpu_count()} logical cores",
        "RAM": _ram(),
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Commit": _commit(),
    }

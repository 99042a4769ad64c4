"""Measurement plumbing for ``bench/run.py``: interleaved timing, result rows, targets, machine.

Timing is interleaved: every repeat runs one batch of each implementation, in a rotated order,
so the noise of a shared machine (other engineers' jobs on the same two cores) falls on all of
them alike, and ratios are taken between numbers of the same run. A batch is a calibrated number
of calls (about ``batch_seconds`` long); the per-call time of a batch is one sample, and each
implementation reports the min and the median of its samples. The garbage collector stays on
(users run with it on) but is emptied before each batch, so no batch pays for another's garbage.
With ``cpu=True`` each batch also reads the process's CPU clock (``time.process_time``, every
thread of this process and none of its children), for cases whose wall time mostly waits on
another process.

The runner repeats the whole suite (``--runs``). Each run yields its own rows and targets;
:func:`merge_rows` folds the rows into one table (the min over runs of each min, the median of
the runs' medians) and :func:`judge` folds the targets: a :class:`Target` carries its measured
number and the direction of its comparison, so a verdict is computed from the numbers of every
run, never parsed back out of text.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, overload

__all__ = ["Row", "Target", "Verdict", "at_least", "at_most", "interleave", "judge",
           "machine", "merge_rows"]  # fmt: skip

#: Roles of a row: what the ratios are taken against.
FLOOR, OURS, PEER, LIMIT = "floor", "ours", "peer", "limit"


@dataclass
class Row:
    """One implementation on one input of one case.

    Times are seconds per call; memory rows carry bytes in ``peak``/``retained`` instead.
    ``cpu_min``/``cpu_median`` are this process's CPU seconds per call, where measured.
    ``versus`` names the row (by ``impl``) that the "vs floor" column divides by, when it is
    not the input's first floor row; ``over_floor`` asks the page for the difference from the
    floor's min as well (computed there, after the runs are folded, so it matches the table).
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
    cpu_min: float | None = None
    cpu_median: float | None = None
    versus: str = ""
    over_floor: bool = False


#: Units a target's number is shown in: a ratio (``2.50x``), a fraction over a baseline
#: (``+4.0%``) or milliseconds over a baseline (``+31 ms``).
Unit = Literal["x", "%", "ms"]


@dataclass
class Target:
    """A target from the issues and how one run did against it.

    ``value`` is the measured number (``None``: not measurable in this run, a peer missing)
    and ``op`` the comparison with ``limit``: ``"<="`` for costs (a time ratio, an overhead),
    ``">="`` for speed-ups. Build them with :func:`at_most` and :func:`at_least`.
    """

    case: str
    what: str
    value: float | None
    limit: float
    op: Literal["<=", ">="]
    unit: Unit = "x"
    detail: str = ""

    @property
    def met(self) -> bool | None:
        """Whether this run met the target (``None`` when it could not be measured)."""
        if self.value is None:
            return None
        return self.value <= self.limit if self.op == "<=" else self.value >= self.limit


def at_most(
    case: str, what: str, value: float | None, limit: float, unit: Unit = "x", detail: str = ""
) -> Target:
    """A cost target: met when ``value <= limit``."""
    return Target(case, what, value, limit, "<=", unit, detail)


def at_least(
    case: str, what: str, value: float | None, limit: float, unit: Unit = "x", detail: str = ""
) -> Target:
    """A speed-up target: met when ``value >= limit``."""
    return Target(case, what, value, limit, ">=", unit, detail)


@dataclass
class Verdict:
    """One target over every run that measured it.

    ``best`` is the run least hurt by noise (noise only adds time, so it is the lowest cost
    ratio, the highest speed-up), and the target is judged on it; ``low``/``high`` span the
    runs' values and ``met_runs`` counts the runs that met the target on their own.
    """

    target: Target  # the best run's target (its detail is shown)
    runs: int
    met_runs: int
    best: float | None
    low: float | None
    high: float | None

    @property
    def met(self) -> bool | None:
        """Whether the best run met the target."""
        return self.target.met


def judge(targets: Sequence[Target]) -> list[Verdict]:
    """Fold the targets of every run into one verdict per ``(case, what)``, in first-seen order."""
    groups: dict[tuple[str, str], list[Target]] = {}
    for target in targets:
        groups.setdefault((target.case, target.what), []).append(target)
    verdicts = []
    for group in groups.values():
        measured = [t for t in group if t.value is not None]
        if not measured:
            verdicts.append(Verdict(group[0], len(group), 0, None, None, None))
            continue
        sign = 1.0 if group[0].op == "<=" else -1.0
        best = min(measured, key=lambda t: sign * (t.value or 0.0))
        values = [t.value for t in measured if t.value is not None]
        verdicts.append(Verdict(best, len(group), sum(bool(t.met) for t in measured),
                                best.value, min(values), max(values)))  # fmt: skip
    return verdicts


def _low(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _mid(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def merge_rows(rows: Sequence[Row]) -> list[Row]:
    """Fold the rows of several runs into one per ``(case, input, impl)``, in first-seen order.

    A merged row's ``min`` is the least of the runs' mins and its ``median`` the median of the
    runs' medians (likewise for CPU times); memory fields and the note come from the first run.
    """
    groups: dict[tuple[str, str, str], list[Row]] = {}
    for row in rows:
        groups.setdefault((row.case, row.input, row.impl), []).append(row)
    return [
        replace(
            group[0],
            min=_low([r.min for r in group]),
            median=_mid([r.median for r in group]),
            cpu_min=_low([r.cpu_min for r in group]),
            cpu_median=_mid([r.cpu_median for r in group]),
        )
        for group in groups.values()
    ]


@dataclass
class Timer:
    """Interleaved timing state of one implementation."""

    name: str
    fn: Callable[[], object]
    number: int = 1
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)


@overload
def interleave(
    impls: Sequence[tuple[str, Callable[[], object]]],
    repeat: int,
    batch_seconds: float = ...,
    *,
    cpu: Literal[False] = ...,
) -> dict[str, tuple[float, float]]: ...
@overload
def interleave(
    impls: Sequence[tuple[str, Callable[[], object]]],
    repeat: int,
    batch_seconds: float = ...,
    *,
    cpu: Literal[True],
) -> dict[str, tuple[float, float, float, float]]: ...
def interleave(
    impls: Sequence[tuple[str, Callable[[], object]]],
    repeat: int,
    batch_seconds: float = 0.02,
    *,
    cpu: bool = False,
) -> dict[str, tuple[float, float]] | dict[str, tuple[float, float, float, float]]:
    """Time each implementation ``repeat`` times, interleaved.

    Args:
        impls: ``(name, zero-argument callable)`` pairs; each is called once first to warm up.
        repeat: Batches per implementation.
        batch_seconds: The length a batch is calibrated to.
        cpu: Also read ``time.process_time`` around each batch.

    Returns:
        ``{name: (min, median)}`` seconds per call; with ``cpu``,
        ``{name: (min, median, cpu_min, cpu_median)}``.
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
            # The CPU clock is read only when asked for, outside the wall clock's span, so
            # the wall samples of every case are taken exactly as before.
            cpu_start = time.process_time() if cpu else 0.0
            start = time.perf_counter()
            for _ in range(number):
                fn()
            timer.samples.append((time.perf_counter() - start) / number)
            if cpu:
                timer.cpu_samples.append((time.process_time() - cpu_start) / number)
    if not cpu:
        return {t.name: (min(t.samples), statistics.median(t.samples)) for t in timers}
    return {
        t.name: (min(t.samples), statistics.median(t.samples),
                 min(t.cpu_samples), statistics.median(t.cpu_samples))
        for t in timers
    }  # fmt: skip


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

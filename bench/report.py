"""The results page of ``bench/run.py``: markdown tables, the targets, and how to read them.

Rows and verdicts arrive already folded over the runs (``harness.merge_rows``,
``harness.judge``); this module only lays them out and explains them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from harness import FLOOR, PEER, Row, Verdict

__all__ = ["render"]


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "\u2013"
    if seconds >= 0.1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.0f} µs"


def _bytes(value: int | None) -> str:
    if value is None:
        return "\u2013"
    if abs(value) >= 2**20:
        return f"{value / 2**20:.1f} MiB"
    return f"{value / 2**10:.0f} KiB"


def _ratio(value: float | None, base: float | None) -> str:
    return "\u2013" if value is None or not base else f"{value / base:.2f}\u00d7"


def _versus(value: float | None, best: float | None) -> str:
    if value is None or not best:
        return "\u2013"
    if value <= best:
        return f"{best / value:.2f}\u00d7 faster"
    return f"{value / best:.2f}\u00d7 slower"


def _groups(rows: Iterable[Row]) -> dict[tuple[str, str], list[Row]]:
    out: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        out.setdefault((row.case, row.input), []).append(row)
    return out


def _timing_table(rows: list[Row]) -> list[str]:
    cpu = any(r.cpu_min is not None for r in rows)
    lines = [
        "| input | implementation | min | median |"
        + (" CPU min | CPU median |" if cpu else "")
        + " vs floor (min / median) | vs best peer |",
        "|---|---|---:|---:|" + ("---:|---:|" if cpu else "") + "---:|---|",
    ]
    for (_, title), group in _groups(rows).items():
        label = title
        floor = next((r for r in group if r.role == FLOOR), None)
        by_name = {r.impl: r for r in group}
        peers = [r for r in group if r.role == PEER and r.min is not None]
        best = min(peers, key=lambda r: r.min or 0.0) if peers else None
        for row in group:
            if row.min is None:
                blanks = " \u2013 |" * (5 if cpu else 3)
                lines.append(f"| {label} | {row.impl} |{blanks} {row.note} |")
                label = "\u2033"
                continue
            if row.role == FLOOR and row is floor:
                versus = "(floor)"
            elif row.role == FLOOR:
                versus = f"(floor; vs {floor.impl if floor else '?'})"
            elif row is best:
                versus = "(best peer)"
            else:
                versus = _versus(row.min, best.min if best else None)
            base = by_name.get(row.versus, floor)
            floor_ratio = "\u2013"
            if base is not None and row is not base:
                floor_ratio = f"{_ratio(row.min, base.min)} / {_ratio(row.median, base.median)}"
                if row.versus:
                    floor_ratio += f" (vs {row.versus})"
            note = f" {row.note}" if row.note else ""
            if row.over_floor and floor is not None and floor.min is not None:
                note += f" +{(row.min - floor.min) * 1e3:.0f} ms over {floor.impl}"
            times = f" {_time(row.min)} | {_time(row.median)} |"
            if cpu:
                times += f" {_time(row.cpu_min)} | {_time(row.cpu_median)} |"
            lines.append(
                f"| {label} | {row.impl}{' (ours)' if row.role == 'ours' else ''}{note} |"
                f"{times} {floor_ratio} | {versus} |"
            )
            label = "\u2033"
    return lines


def _memory_table(rows: list[Row]) -> list[str]:
    lines = [
        "| input | implementation | peak | retained | per object | vs floor (retained) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for (_, title), group in _groups(rows).items():
        label = title
        floor = next((r for r in group if r.role == FLOOR), None)
        for row in group:
            per = (row.retained or 0) / (row.objects or 1)
            lines.append(
                f"| {label} | {row.impl}{' (ours)' if row.role == 'ours' else ''} |"
                f" {_bytes(row.peak)} | {_bytes(row.retained)} | {per:.0f} B |"
                f" {_ratio(row.retained, floor.retained if floor else None)} |"
            )
            label = "\u2033"
    return lines


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "\u2013"
    if unit == "%":
        return f"{value:+.1%}"
    if unit == "ms":
        return f"{value:+.0f} ms"
    return f"{value:.2f}\u00d7"


def _verdict_row(v: Verdict) -> str:
    t = v.target
    measured = [r for r in (v.low, v.high) if r is not None]
    if not measured:
        return f"| {_case_number(t.case)} | {t.what} | \u2013 | \u2013 | n/a | {t.detail} |"
    spread = f"{_value(v.low, t.unit)} to {_value(v.high, t.unit)}" if v.runs > 1 else "(one run)"
    if not v.met:
        met = f"**missed** ({v.met_runs} of {v.runs})"
    elif v.met_runs == v.runs:
        met = f"**met** ({v.met_runs} of {v.runs})"
    else:
        met = f"**met** ({v.met_runs} of {v.runs}: within noise)"
    return (
        f"| {_case_number(t.case)} | {t.what} | {_value(v.best, t.unit)} | {spread} | {met} |"
        f" {t.detail} |"
    )


def _case_number(case: str) -> str:
    return case.split(".", maxsplit=1)[0]


def _case_order(case: str) -> tuple[int, str]:
    # "3b" goes after "3" and before "4".
    found = re.match(r"(\d+)(\w*)", _case_number(case))
    return (int(found.group(1)), found.group(2)) if found else (99, case)


def _runs(runs: int) -> str:
    return "once" if runs == 1 else f"{runs} times"


def _peer_line(dist: str, peer: tuple[str, str | None, list[str]], checked: bool) -> str:
    installed, latest, held_by = peer
    if not checked:
        return f"  - {dist} {installed} (latest not checked: no peers environment)"
    if latest is None:
        return f"  - {dist} {installed} (latest unknown: `pip index versions` failed)"
    if installed != latest:
        why = f": held back by {'; '.join(held_by)}" if held_by else ""
        return f"  - {dist} {installed} ({latest}) **not at its latest**{why}"
    return f"  - {dist} {installed} ({latest})"


def render(
    *,
    rows: list[Row],
    verdicts: list[Verdict],
    machine: dict[str, str],
    versions: dict[str, str],
    peers: dict[str, tuple[str, str | None, list[str]]],
    missing: dict[str, str],
    command: str,
    when: dt.datetime,
    repeat: int,
    runs: int,
    seconds: float,
    environment: str | None,
) -> str:
    """The whole page as markdown.

    Args:
        rows: The rows, folded over the runs.
        verdicts: The targets, folded over the runs.
        machine: What the numbers were measured on.
        versions: The project's runtime dependencies, installed versions.
        peers: ``{distribution: (installed, latest on the index or None, held back by)}``.
        missing: ``{distribution: why}`` for peers that could not be installed.
        command: The command line that made the page.
        when: When it was made.
        repeat: Timed batches per case in each run.
        runs: Runs of the timing cases.
        seconds: How long the runs took.
        environment: How the peers environment was made (``None``: ``--no-peers``).
    """
    out = [
        "# Benchmarks",
        "",
        "Our code against the floor (the least any implementation must do), the peers and the",
        "limit (msgspec), on the same inputs, side by side in **one process** (issues 7 and",
        "14). Generated by `bench/run.py`; do not edit by hand.",
        "",
        "## How this was measured",
        "",
        f"- Command: `{command}` ({seconds:.0f} s), {when:%Y-%m-%d %H:%M} UTC.",
        *(f"- {key}: {value}" for key, value in machine.items()),
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
        "- Peers, installed (latest on PyPI, as `pip index versions --ignore-requires-python`",
        "  in the peers environment lists it):",
        *(_peer_line(d, v, environment is not None) for d, v in peers.items()),
        "- Peers environment: " + (f"{environment}." if environment else _NO_VENV),
        "- The machine is a noisy shared box (other engineers' jobs run on the same cores).",
        f"  So implementations are **interleaved** within each of the {repeat} repeats of a",
        f"  case (order rotated), and the timing cases are run **{_runs(runs)}** in the same",
        "  process (memory, case 5, once: it does not vary). Every target's ratio is taken",
        "  between numbers of the same run, from each implementation's min.",
        "- Timing tables show, per implementation, the least of the runs' mins and the median",
        "  of the runs' medians; their `vs floor` ratios divide those. Times are per call (per",
        "  request in case 4). `vs floor` is this time \u00f7 the floor's (or the row named);",
        "  `vs best peer` compares with the fastest peer on the same input.",
    ]
    out += [
        f"- Repeats are per run: {runs} \u00d7 {repeat} batches per implementation and input",
        "  in all (case 4: a third as many, at least 3, of whole request batches). One run of",
        "  21 was the page before runs were added; the repeats were lowered so three runs stay",
        "  near 6 minutes.",
    ]
    if runs == 1:
        out += ["- One run only (a `--quick` smoke run): no spread, and noise is not averaged out."]
    if missing:
        out += [
            "",
            "**Peers left out** (could not be installed here; no numbers are estimated):",
            "",
        ]
        out += [f"- {dist}: {why}" for dist, why in missing.items()]
    out += [
        "",
        "## Targets",
        "",
        "How to read this table: a target is judged on its best run (noise only adds time, so",
        "that is the lowest cost ratio or the highest speed-up), *spread* is the lowest to the",
        "highest value over the runs, and *met?* counts the runs that met it on their own. A",
        "target met on the best run but not in every run is within noise; one met in no run is",
        "missed however noisy the machine.",
        "",
        "| case | target | best run | spread over runs | met? (runs) | note (best run) |",
        "|---|---|---|---|---|---|",
    ]
    ordered = sorted(verdicts, key=lambda v: _case_order(v.target.case))
    out += [_verdict_row(v) for v in ordered]
    cases: dict[str, list[Row]] = {}
    for row in rows:
        cases.setdefault(row.case, []).append(row)
    for case in sorted(cases, key=_case_order):
        case_rows = cases[case]
        out += ["", f"## {case}", ""]
        if case_rows[0].peak is not None:
            out += _memory_table(case_rows)
        else:
            out += _timing_table(case_rows)
        out += _NOTES.get(_case_number(case), [])
    return "\n".join(out) + "\n"


_NO_VENV = "none (`--no-peers`): only what the current interpreter had."

_NOTES: dict[str, list[str]] = {
    "1": [
        "",
        "Input: `bench/gen_beatmaps.py`, 500 wire-shaped rows (sets of 1\u20138 difficulties",
        "sharing dates, names and tags; a third Japanese; nulls where the API sends them).",
        "ossapi keeps most values as the wire's strings and makes no enums; aiosu builds a",
        "pydantic set model per row (its v1 client returns one set per difficulty:",
        "`LegacyBeatmapset` in aiosu 3, `Beatmapset` in aiosu 2) and decodes with orjson.",
        "msgspec decodes into a frozen Struct with the same fields in lax mode; it cannot attach",
        "the UTC zone to zone-less dates, split `packs`, read zero dates or unpadded hours, keep",
        "unknown keys, or name the failing field the way our `ResponseError` does.",
    ],
    "2": [
        "",
        "Two floors: `splitlines()` + `split(',')` on every line of the text, and the same",
        "loop after `data.decode('utf-8-sig')` of the file's bytes. `parse_osu_file` is timed",
        "from both (it takes `str` or bytes), each row against its own floor; the target is",
        "judged from the bytes, what reading a file costs, on the corpus maps (not the",
        "generated one), and the note gives the ratio from text. slider needs a `[Metadata]`",
        "section, which lazer's conversion-test maps lack, so it fails on those (shown as",
        "such); its `hit_objects()` runs with its defaults (stacking on). rosu-pp-py parses in",
        "Rust and keeps only what difficulty calculation needs.",
        "",
        "Where our time goes (CPython 3.11, ns per item, measured inside the loop of",
        "`osu_core/beatmap/_parser_loops.py`): the floor's `split(',')` of a circle line is ~130;",
        "ours, `split(',', 6)` ~125, the type lookup and unpacking ~45, the five field reads ~180",
        "(a table lookup ~30, `int()` ~60) and building the object ~215 (`object.__new__` ~60,",
        "seven slot stores ~15, the `__class__` swap 50\u2013100, the append ~30). A control",
        "point costs ~300 (split, two lookups, a 4-slot object). Against the alternatives: an",
        "inline twin (~150 ns for seven fields) beats calling a twin class (~290), a",
        "`slots=False` model filled through its `__dict__` (~395, and 56 + 272 bytes per object",
        "against 88 with slots) and attrs' frozen `__init__` (~770); an exact dict beats a",
        "`__missing__` subclass by 35 ns per circle (only exact dicts get the specialised",
        "subscript); control points are not cached (under 10% repeat). The objects alone, the",
        "floor plus bare unconverted objects, already cost 3.1\u20134.3\u00d7 the floor.",
    ],
    "3": [
        "",
        "Input: each corpus `.osr`'s LZMA stream (duplicates skipped) and a generated 20k-frame",
        "stream. Floor: `lzma.decompress` + `split(b',')`. `decode (lazy)` checks the stream and",
        "keeps its text; `decode + columns` reads `.times`, which parses every column (times,",
        "deltas, x, y, keys) into typed arrays; `decode + .frames` builds every typed frame",
        "object instead, like osrparse does. Both pay one Python object per field to split the",
        "text (~35 ns each) and a conversion per distinct field: a floor of its own, 2.7 ms of",
        "the 13 ms for replay2's 72k fields, which `lzma + split` (one object per frame) skips.",
        "",
        "Where our time goes (CPython 3.11, measured in `osu_core/replay/_stream.py`): a corpus",
        "column holds 0.1\u201322% distinct texts, and parsing each distinct text once through a",
        "self-filling dict costs a lookup per value (~25 ns) and ~0.4 \u00b5s per distinct one,",
        "against ~170 ns per `float()` and ~60 ns per `int()`: 2\u20134\u00d7 faster than",
        "`map(float, ...)` on the corpus replays. The break-even over a whole column is ~1/3",
        "distinct values for floats and ~1/12 for ints.",
    ],
    "3b": [
        "",
        "Input: the same three corpus `.osr` files as case 3, whole. Ours:",
        "`parse_osr(data).frames().frames` (header, stream, every typed frame). osrparse:",
        "`Replay.from_string(data)`. ossapi: what its v2 `download_score` returns once the",
        "bytes are in, `ossapi.replay.Replay(osrparse.Replay.from_string(data), api)`, built",
        "with `api=None` (the constructor only copies the fields, converting mode and mods);",
        "ossapi v1's `get_replay` decodes no frames at all. aiosu:",
        "`aiosu.utils.replay.parse_file(BytesIO(data))`, a pydantic `ReplayEvent` per frame.",
        "No floor row: case 3 has the stream's, and the header costs microseconds.",
    ],
    "4": [
        "",
        "Raw httpx: `client.get` + `json.loads`. Flavours: `api.get_user` (limiter, retry flow,",
        "key added innermost, `User` model). The emulator runs in a child process on loopback.",
        "Where `os.sched_setaffinity` exists and two or more CPUs are allowed, the server is",
        "pinned to the last CPU and the client (the bench process) to the others, so they never",
        "share a core (each row's note says how it ran). CPU columns are the client process's",
        "`time.process_time()` per request (all its threads; the server's work is not in it).",
        "Sequential targets are judged on CPU time, which the waits on the server do not blur;",
        "wall time is in the note. Concurrent targets stay on wall time.",
        "Concurrency is capped at 4 connections, on both sides: the emulator is one process on",
        "the same 2 cores, and more connections would measure its threads, not the clients.",
    ],
    "5": [
        "",
        "tracemalloc, one run each: peak while parsing and memory retained by the result, from",
        "the body bytes (already in memory) to the parsed objects. `decode + columns` keeps the",
        "replay with its parsed columns (they are cached on it); `decode + .frames` keeps the",
        "replay and its frame objects. Both are held against osrparse's events per frame.",
    ],
    "6": [
        "",
        "Fresh `python -c 'import X'` processes from the same interpreter, interleaved, from",
        "bytecode as installed code runs (`PYTHONDONTWRITEBYTECODE` is unset for them; with it",
        "set, each process compiles our sources again, about 18 ms more). `import osu_core` loads",
        "neither file-format subpackage; `import osu_core.beatmap` or `osu_core.replay` includes",
        "`osu_core`.",
    ],
}

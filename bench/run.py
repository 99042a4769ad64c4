"""Benchmarks against the peers and the limits, side by side in one process (issues 7 and 14).

Usage: ``python bench/run.py [--quick] [--runs N] [--repeat N] [--cases 1,3b,...]
[--peers-python PATH] [--no-peers] [--no-write]``.

Theory of operation: the first run creates ``bench/.peers/`` (a virtual environment that is
never a dependency of the project), installs this project into it in editable mode and then each
peer on its own, so one that cannot install is reported and left out instead of stopping the
rest. The script then re-executes itself with that environment's interpreter, where every case
runs in one process on the same inputs, interleaved (``bench/harness.py``). ``--no-peers`` skips
the environment and runs our code, the floors and whatever peers happen to be importable in the
current interpreter. The page is printed and written to ``docs/benchmarks.md``.

Which interpreter the environment gets: the peers' latest releases need recent Pythons (aiosu 3
needs 3.12; on 3.11 pip quietly installs aiosu 2.5.1), so the runner looks for ``python3.13``,
``python3.12`` and ``python3.11`` (on PATH, or in pyenv's versions folder when PATH has only
pyenv's shim for it) and builds the environment with the newest one on which every peer
installs at the latest version its index lists. A peer held back by another peer's requirement
(ossapi 5.3.6 requires ``osrparse~=6.0``) is held back on every interpreter, so it does not
count against one. When no interpreter manages that, the runner keeps the one that leaves the
fewest peers behind (the newer on a tie). The page flags every peer not at its latest, and
says what holds it back. ``--peers-python PATH`` skips the search. ``install-status.json``
records the interpreter, the interpreters found, and each peer's installed and latest version;
the environment is rebuilt when that file is from an older runner, from another interpreter,
or when the interpreters found have changed.

Runs: the timing cases (1, 2, 3, 3b, 4, 6) are run ``--runs`` times in the same process, and
memory (case 5, deterministic) once. Each target is judged on its best run, and the page gives
the spread of the runs and how many met it (``harness.judge``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEERS_DIR = HERE / ".peers"
STATUS = PEERS_DIR / "install-status.json"
#: Bumped when install-status.json gains fields: an older file means an older environment.
STATUS_FORMAT = 3
#: (distribution, import name); msgspec is the limit reference, not a competitor.
PEERS = [
    ("ossapi", "ossapi"),
    ("aiosu", "aiosu"),
    ("slider", "slider"),
    ("osrparse", "osrparse"),
    ("rosu-pp-py", "rosu_pp_py"),
    ("msgspec", "msgspec"),
]
#: Interpreters the peers environment may be built with, newest first.
PYTHONS = ("python3.13", "python3.12", "python3.11")
#: Cases run once per run, in page order; case 5 (memory) runs once after the runs.
TIMING_CASES = ("1", "2", "3", "3b", "4", "6")
ALL_CASES = ("1", "2", "3", "3b", "4", "5", "6")
_IN_VENV = "OSU_BENCH_IN_PEERS_VENV"
_COMMAND = "OSU_BENCH_COMMAND"

Status = dict[str, Any]


def _venv_python() -> Path:
    return PEERS_DIR / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_venv_python()), "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def _last_error(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [ln for ln in proc.stderr.splitlines() if "ERROR" in ln or "error" in ln]
    return (lines[-1] if lines else proc.stderr.strip().splitlines()[-1:] or ["?"])[0][:300]


# --- choosing the interpreter ------------------------------------------------------------


_WHO = "import platform, sys; print(sys.executable, platform.python_version())"


def _probe(python: str) -> tuple[str, str] | None:
    """``(real executable, version)`` of an interpreter that runs, else ``None``."""
    try:
        done = subprocess.run(
            [python, "-c", _WHO], capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
    except OSError:
        return None
    if done.returncode or not done.stdout.strip():
        return None
    executable, version = done.stdout.strip().rsplit(" ", 1)
    return executable, version


def _pyenv_builds(name: str) -> list[str]:
    # pyenv puts a shim for every version it has on PATH, and the shim refuses to run a version
    # that is not selected ("pyenv: python3.12: command not found"): look where pyenv keeps the
    # interpreters themselves, newest build first.
    versions = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    minor = name.removeprefix("python")

    def key(path: Path) -> list[int]:
        return [int(p) if p.isdigit() else -1 for p in path.parts[-3].split(".")]

    return [str(p) for p in sorted(versions.glob(f"{minor}.*/bin/{name}"), key=key, reverse=True)]


def find_pythons() -> list[tuple[str, str]]:
    """``(executable, version)`` of each of :data:`PYTHONS` that runs here, newest first: the
    one on PATH (``shutil.which``), else a pyenv build of it."""
    found = []
    for name in PYTHONS:
        minor = name.removeprefix("python") + "."
        on_path = shutil.which(name)
        for candidate in ([on_path] if on_path else []) + _pyenv_builds(name):
            probe = _probe(candidate)
            if probe is not None and probe[1].startswith(minor):
                found.append(probe)
                break
    return found


# --- building the environment ------------------------------------------------------------

#: Run in the environment: each peer's installed version, and which other peers' requirements
#: name it (``ossapi 5.3.6`` requires ``osrparse~=6.0``, so osrparse 7 cannot sit beside it).
_INSTALLED = """
import importlib.metadata as m, json, re, sys
def key(name):
    return re.sub(r"[-_.]+", "-", name).lower()
out = {}
for dist in sys.argv[1:]:
    try:
        out[dist] = {"installed": m.version(dist), "held_by": []}
    except m.PackageNotFoundError:
        out[dist] = {"installed": None, "held_by": []}
for dist in sys.argv[1:]:
    try:
        requires = m.requires(dist) or []
    except m.PackageNotFoundError:
        continue
    for req in requires:
        name = re.match(r"[A-Za-z0-9._-]+", req)
        if "extra ==" in req or not name:
            continue
        for other in out:
            if key(other) == key(name.group(0)) and other != dist:
                out[other]["held_by"].append(f"{dist} {m.version(dist)}: {req}")
print(json.dumps(out))
"""


def _latest(dist: str) -> str | None:
    """The latest version the index lists, or ``None`` when pip cannot say."""
    # --ignore-requires-python: the latest release, not the latest this interpreter can run
    # (on 3.11, pip calls aiosu 2.5.1 the latest).
    done = _pip("index", "versions", "--ignore-requires-python", dist)
    first = done.stdout.strip().splitlines()[:1]
    found = re.fullmatch(rf"{re.escape(dist)} \((\S+)\)", first[0].strip(), re.I) if first else None
    return found.group(1) if done.returncode == 0 and found else None


def _build(python: str) -> dict[str, Any]:
    """(Re)create the environment with ``python``; each peer's status and versions."""
    print(f"creating {PEERS_DIR.relative_to(ROOT)} with {python} ...", file=sys.stderr)
    subprocess.run([python, "-m", "venv", "--clear", str(PEERS_DIR)], check=True)
    proc = _pip("install", "-e", f"{ROOT}[trio]")
    if proc.returncode:
        raise SystemExit(f"cannot install the project into the peers venv: {_last_error(proc)}")
    peers: dict[str, Any] = {}
    for dist, _ in PEERS:
        with tempfile.TemporaryDirectory() as scratch:
            found = _pip("download", "--no-deps", "-d", scratch, dist)
        if found.returncode:
            status = f"not downloadable: {_last_error(found)}"
        else:
            done = _pip("install", dist)
            status = "ok" if not done.returncode else f"install failed: {_last_error(done)}"
        peers[dist] = {"status": status, "latest": _latest(dist)}
    names = [dist for dist, _ in PEERS]
    listed = subprocess.run([str(_venv_python()), "-c", _INSTALLED, *names],
                            capture_output=True, text=True, check=True)  # fmt: skip
    for dist, found in json.loads(listed.stdout).items():
        peers[dist].update(found)
        print(f"  {dist}: {peers[dist]}", file=sys.stderr)
    return peers


def behind(peers: dict[str, Any]) -> list[str]:
    """The peers this interpreter leaves out or behind the latest version their index lists.

    A peer held back by another peer's requirement (osrparse by ossapi's) is not counted:
    every interpreter holds it back alike, and the page says why it is behind.
    """
    return [
        dist
        for dist, peer in peers.items()
        if peer["status"] != "ok"
        or (peer["latest"] and peer["installed"] != peer["latest"] and not peer["held_by"])
    ]


def ensure_peers_venv(python: str | None = None) -> Status:
    """Create ``bench/.peers`` if needed and install the project and the peers.

    Args:
        python: The interpreter to build it with (``--peers-python``); ``None`` chooses one
            from :data:`PYTHONS` as the module docstring says.

    Returns:
        The contents of ``install-status.json``: ``python`` and ``python_version`` (the
        interpreter used), ``found`` (the interpreters found, when chosen), ``tried``
        (``{version: peers left behind}`` for interpreters passed over) and ``peers``
        (``{distribution: {"status": "ok" or why not, "installed": ..., "latest": ...}}``).
    """
    if python:
        given = _probe(python)
        if given is None:
            raise SystemExit(f"--peers-python {python} does not run")
        candidates = [given]
    else:
        candidates = find_pythons()
        if not candidates:
            raise SystemExit(f"none of {', '.join(PYTHONS)} runs here: pass --peers-python")
    old: Status = {}
    if STATUS.exists() and _venv_python().exists():
        old = json.loads(STATUS.read_text())
    if old.get("format") == STATUS_FORMAT and (
        old.get("python") == candidates[0][0]
        if python
        else old.get("found") == [list(c) for c in candidates]
    ):
        return old
    results: list[tuple[str, str, dict[str, Any]]] = []
    for executable, version in candidates:
        results.append((executable, version, _build(executable)))
        if not behind(results[-1][2]):
            break
    # The newest with every peer at its latest; else the fewest left behind, newer on a tie.
    chosen = min(results, key=lambda r: len(behind(r[2])))
    if chosen is not results[-1]:
        chosen = (chosen[0], chosen[1], _build(chosen[0]))
    status: Status = {
        "format": STATUS_FORMAT,
        "python": chosen[0],
        "python_version": chosen[1],
        "found": None if python else [list(c) for c in candidates],
        "tried": {version: behind(peers) for _, version, peers in results if version != chosen[1]},
        "peers": chosen[2],
    }
    STATUS.write_text(json.dumps(status, indent=1))
    return status


def versions() -> dict[str, str]:
    """Installed versions of the project's runtime dependencies (in this interpreter)."""
    out = {}
    for dist in ["attrs", "cattrs", "httpx", "trio"]:
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def peer_versions(status: Status) -> dict[str, tuple[str, str | None, list[str]]]:
    """``{distribution: (installed here, latest on the index or None, held back by)}``."""
    recorded = status.get("peers", {})
    out = {}
    for dist, _ in PEERS:
        try:
            installed = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"
        peer = recorded.get(dist, {})
        out[dist] = (installed, peer.get("latest"), peer.get("held_by", []))
    return out


# --- the runs ----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats, one run: a smoke run")
    parser.add_argument("--runs", type=int, default=None, help="runs of the timing cases (3)")
    parser.add_argument("--repeat", type=int, default=None, help="timed batches per case per run")
    parser.add_argument(
        "--cases",
        default=",".join(ALL_CASES),
        help="comma-separated cases to run, e.g. 2,3b (a check: never written)",
    )
    parser.add_argument("--peers-python", default=None, help="interpreter for bench/.peers")
    parser.add_argument("--no-peers", action="store_true", help="no peers venv")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    command = os.environ.get(_COMMAND) or shlex.join(["python", "bench/run.py", *sys.argv[1:]])
    if not args.no_peers and not os.environ.get(_IN_VENV):
        status = ensure_peers_venv(args.peers_python)
        env = dict(os.environ, **{_IN_VENV: json.dumps(status), _COMMAND: command})
        python = str(_venv_python())
        os.execve(python, [python, str(Path(__file__).resolve()), *sys.argv[1:]], env)
    status = json.loads(os.environ.get(_IN_VENV, "{}"))
    run(args, command, status)


def _steps(quick: bool, repeat: int, runs: int, status: Status) -> dict[str, Callable[[], Any]]:
    import suite_parse
    import suite_system

    ok = {d for d, p in status.get("peers", {}).items() if p["status"] == "ok"}
    # Case 6's processes are split over the runs (25 in all, as with one run before).
    processes = 5 if quick else max(5, 25 // runs)
    return {
        "1": lambda: suite_parse.case_beatmaps(repeat),
        "2": lambda: suite_parse.case_osu_files(repeat),
        "3": lambda: suite_parse.case_replays(repeat),
        "3b": lambda: suite_parse.case_osr_files(repeat),
        "4": lambda: suite_system.case_requests(max(3, repeat // 3), 30 if quick else 200, 4),
        "5": lambda: suite_parse.case_memory(2_000 if quick else 10_000),
        "6": lambda: suite_system.case_imports(processes, [i for d, i in PEERS[:2] if d in ok]),
    }


def run(args: argparse.Namespace, command: str, status: Status) -> None:
    """Run every case in this process (the timing cases once per run) and write the page."""
    import report
    from harness import judge, machine, merge_rows

    runs = args.runs or (1 if args.quick else 3)
    # One run of 21 batches per case took ~150 s. Three runs of 15 (45 batches per case in
    # all) measured ~120 s a run on the 2-core box, about 6 minutes a page, under the 8 the
    # issue allows; the page states the repeats.
    repeat = args.repeat or (5 if args.quick else 15)
    chosen = args.cases.split(",")
    steps = _steps(args.quick, repeat, runs, status)
    started = time.perf_counter()
    rows, targets = [], []
    for index in range(runs):
        for number in [c for c in TIMING_CASES if c in chosen]:
            case_started = time.perf_counter()
            print(
                f"run {index + 1}/{runs}, case {number} ...", end=" ", file=sys.stderr, flush=True
            )
            new_rows, new_targets = steps[number]()
            rows += new_rows
            targets += new_targets
            print(f"{time.perf_counter() - case_started:.0f} s", file=sys.stderr, flush=True)
    if "5" in chosen:
        print("case 5 (once) ...", file=sys.stderr, flush=True)
        new_rows, new_targets = steps["5"]()
        rows += new_rows
        targets += new_targets
    missing = {d: p["status"] for d, p in status.get("peers", {}).items() if p["status"] != "ok"}
    page = report.render(
        rows=merge_rows(rows), verdicts=judge(targets), machine=machine(), versions=versions(),
        peers=peer_versions(status), missing=missing, command=command,
        when=dt.datetime.now(dt.timezone.utc), repeat=repeat, runs=runs,
        seconds=time.perf_counter() - started, environment=_environment(args, status),
    )  # fmt: skip
    print(page)
    whole = set(chosen) >= set(ALL_CASES)
    if not args.no_write and not args.quick and whole:
        (ROOT / "docs" / "benchmarks.md").write_text(page, encoding="utf-8")
        print("written to docs/benchmarks.md", file=sys.stderr)


def _environment(args: argparse.Namespace, status: Status) -> str | None:
    """How the peers environment was made, for the page (``None``: ``--no-peers``)."""
    if args.no_peers or not status:
        return None
    how = (
        "given with `--peers-python`"
        if status.get("found") is None
        else "chosen from " + ", ".join(f"{v}" for _, v in status["found"]) + " found here"
    )
    passed = "; ".join(
        f"{version} passed over: {', '.join(peers)} not at their latest"
        for version, peers in status.get("tried", {}).items()
    )
    return (
        f"`bench/.peers/` (created by the runner) with Python {status['python_version']}"
        f" (`{status['python']}`, {how}{'; ' + passed if passed else ''})"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()

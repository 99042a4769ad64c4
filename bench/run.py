"""Benchmarks against the peers and the limits, side by side in one run (issue 7).

Usage: ``python bench/run.py [--quick] [--repeat N] [--no-peers] [--no-write]``.

Theory of operation: the first run creates ``bench/.peers/`` (a virtual environment that is
never a dependency of the project), installs this project into it in editable mode and then each
peer on its own, so one that cannot install is reported and left out instead of stopping the
rest. The script then re-executes itself with that environment's interpreter, where every case
runs in one process on the same inputs, interleaved (``bench/harness.py``). ``--no-peers`` skips
the environment and runs our code, the floors and whatever peers happen to be importable in the
current interpreter. The page is printed and written to ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEERS_DIR = HERE / ".peers"
STATUS = PEERS_DIR / "install-status.json"
#: (distribution, import name); msgspec is the limit reference, not a competitor.
PEERS = [
    ("ossapi", "ossapi"),
    ("aiosu", "aiosu"),
    ("slider", "slider"),
    ("osrparse", "osrparse"),
    ("rosu-pp-py", "rosu_pp_py"),
    ("msgspec", "msgspec"),
]
_IN_VENV = "OSU_BENCH_IN_PEERS_VENV"
_COMMAND = "OSU_BENCH_COMMAND"


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


def ensure_peers_venv() -> dict[str, str]:
    """Create ``bench/.peers`` if needed and install the project and the peers.

    Returns:
        ``{distribution: "ok" or why it is missing}``; also kept in ``install-status.json`` so
        later runs skip the installs.
    """
    if STATUS.exists() and _venv_python().exists():
        return dict(json.loads(STATUS.read_text()))
    print(f"creating {PEERS_DIR.relative_to(ROOT)} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(PEERS_DIR)], check=True)
    proc = _pip("install", "-e", f"{ROOT}[trio]")
    if proc.returncode:
        raise SystemExit(f"cannot install the project into the peers venv: {_last_error(proc)}")
    status: dict[str, str] = {}
    for dist, _ in PEERS:
        with tempfile.TemporaryDirectory() as scratch:
            found = _pip("download", "--no-deps", "-d", scratch, dist)
        if found.returncode:
            status[dist] = f"not downloadable: {_last_error(found)}"
        else:
            done = _pip("install", dist)
            status[dist] = "ok" if not done.returncode else f"install failed: {_last_error(done)}"
        print(f"  {dist}: {status[dist]}", file=sys.stderr)
    STATUS.write_text(json.dumps(status, indent=1))
    return status


def versions() -> dict[str, str]:
    """Installed versions of the project's runtime dependencies and of the peers."""
    out = {}
    for dist in ["attrs", "cattrs", "httpx", "trio"] + [d for d, _ in PEERS]:
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats: a smoke run")
    parser.add_argument("--repeat", type=int, default=None, help="timed batches per case")
    parser.add_argument("--no-peers", action="store_true", help="no peers venv")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    command = os.environ.get(_COMMAND) or shlex.join(["python", "bench/run.py", *sys.argv[1:]])
    if not args.no_peers and not os.environ.get(_IN_VENV):
        status = ensure_peers_venv()
        env = dict(os.environ, **{_IN_VENV: json.dumps(status), _COMMAND: command})
        python = str(_venv_python())
        os.execve(python, [python, str(Path(__file__).resolve()), *sys.argv[1:]], env)
    status = json.loads(os.environ.get(_IN_VENV, "{}"))
    run(args, command, status)


def run(args: argparse.Namespace, command: str, status: dict[str, str]) -> None:
    """Run every case in this process and write the page."""
    import report
    import suite_parse
    import suite_system

    repeat = args.repeat or (5 if args.quick else 21)
    started = time.perf_counter()
    rows, targets = [], []
    steps = [
        ("1", lambda: suite_parse.case_beatmaps(repeat)),
        ("2", lambda: suite_parse.case_osu_files(repeat)),
        ("3", lambda: suite_parse.case_replays(repeat)),
        ("4", lambda: suite_system.case_requests(
            max(3, repeat // 3), 30 if args.quick else 200, 4)),
        ("5", lambda: (suite_parse.case_memory(2_000 if args.quick else 10_000), [])),
        ("6", lambda: suite_system.case_imports(
            5 if args.quick else 25, [i for d, i in PEERS[:2] if status.get(d) == "ok"])),
    ]  # fmt: skip
    for number, step in steps:
        print(f"case {number} ...", file=sys.stderr, flush=True)
        new_rows, new_targets = step()
        rows += new_rows
        targets += new_targets
    from harness import machine

    missing = {d: why for d, why in status.items() if why != "ok"}
    page = report.render(
        rows=rows, targets=targets, machine=machine(), versions=versions(), missing=missing,
        command=command, when=dt.datetime.now(dt.timezone.utc), repeat=repeat,
        seconds=time.perf_counter() - started, peers_venv=not args.no_peers,
    )  # fmt: skip
    print(page)
    if not args.no_write and not args.quick:
        (ROOT / "docs" / "benchmarks.md").write_text(page, encoding="utf-8")
        print("written to docs/benchmarks.md", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()

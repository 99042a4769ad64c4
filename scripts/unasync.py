"""Generate ``src/osu_transports/_sync.py`` from ``_async.py``, or check that it is up to date.

Usage: ``python scripts/unasync.py`` writes the file; ``python scripts/unasync.py --check``
exits with status 1 (and a diff) if the file on disk differs from what would be written.

The async client is the only source: the sync twin is the same code with the async words
taken out, as httpcore does with its own ``scripts/unasync.py``. The substitutions are whole
words or exact phrases, applied in order; the module docstring is replaced.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "osu_transports" / "_async.py"
TARGET = ROOT / "src" / "osu_transports" / "_sync.py"

HEADER = '''"""The sync client: GENERATED from ``_async.py`` by ``scripts/unasync.py``; do not edit.

The same code as the async client with the async words taken out (``async def`` becomes
``def``, ``await`` disappears, ``httpx.AsyncClient`` becomes ``httpx.Client``). Edit
``_async.py`` and run ``python scripts/unasync.py``; a test fails when the two disagree.
"""
'''

SUBSTITUTIONS = [
    (r"\bAsyncOsuApi\b", "SyncOsuApi"),
    (r"\b_AsyncKeyTransport\b", "_SyncKeyTransport"),
    (r"\bhttpx\.AsyncBaseTransport\b", "httpx.BaseTransport"),
    (r"\bhttpx\.AsyncHTTPTransport\b", "httpx.HTTPTransport"),
    (r"\bhttpx\.AsyncClient\b", "httpx.Client"),
    (r"\bhandle_async_request\b", "handle_request"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait ", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\baclose\b", "close"),
    # A sync generator re-yielding a loop's items says ``yield from`` (ruff UP028).
    (r"for (\w+) in (.+):\n\s+yield \1\n", r"yield from \2\n"),
]


def ruff() -> str:
    """The ruff executable: the one beside this Python, else the one on ``PATH``."""
    beside = Path(sys.executable).parent / "ruff"
    found = str(beside) if beside.exists() else shutil.which("ruff")
    if found is None:
        raise SystemExit("ruff is needed to format the generated file")
    return found


def unasync(text: str) -> str:
    """The sync twin of the async module ``text``, formatted as ``ruff format`` would."""
    body = text.split('"""', 2)[2].lstrip("\n")
    for pattern, replacement in SUBSTITUTIONS:
        body = re.sub(pattern, replacement, body)
    formatted = subprocess.run(  # noqa: S603 - our own ruff, fixed arguments
        [ruff(), "format", "--stdin-filename", str(TARGET), "-"],
        input=HEADER + "\n" + body,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return formatted.stdout


def main(argv: list[str]) -> int:
    """Write or check the generated file; return the exit status."""
    wanted = unasync(SOURCE.read_text(encoding="utf-8"))
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current == wanted:
            return 0
        diff = difflib.unified_diff(
            current.splitlines(keepends=True),
            wanted.splitlines(keepends=True),
            str(TARGET),
            "generated",
        )
        sys.stdout.writelines(diff)
        sys.stdout.write(f"{TARGET} is out of date: run python scripts/unasync.py\n")
        return 1
    TARGET.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

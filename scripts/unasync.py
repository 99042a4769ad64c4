"""Generate the sync modules of ``src/osu_transports`` from their async sources, or check them.

Usage: ``python scripts/unasync.py`` writes the files; ``python scripts/unasync.py --check``
exits with status 1 (and a diff) if a file on disk differs from what would be written.

The async modules are the only source (``_async.py`` gives ``_sync.py``, ``_async_wire.py``
gives ``_sync_wire.py``): each sync twin is the same code with the async words taken out, as
httpcore does with its own ``scripts/unasync.py``. The substitutions are whole words or exact
phrases, applied in order; the module docstring is replaced.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "osu_transports"

HEADER = '''"""The sync {what}: GENERATED from ``{source}`` by ``scripts/unasync.py``; do not edit.

The same code as the async one with the async words taken out (``async def`` becomes
``def``, ``await`` disappears, ``httpx.AsyncClient`` becomes ``httpx.Client``). Edit
``{source}`` and run ``python scripts/unasync.py``; a test fails when the two disagree.
"""
'''

#: (async source, sync target, what the module is), under ``src/osu_transports``.
PAIRS = [
    ("_async.py", "_sync.py", "client"),
    ("_async_wire.py", "_sync_wire.py", "transport"),
]

SUBSTITUTIONS = [
    (r"\bAsyncOsuApi\b", "SyncOsuApi"),
    (r"\b_AsyncKeyTransport\b", "_SyncKeyTransport"),
    (r"\bAsyncWire", "SyncWire"),
    (r"\basync_wire_transport\b", "sync_wire_transport"),
    (r"\b_AsyncBody\b", "_SyncBody"),
    (r"\b_async_wire\b", "_sync_wire"),
    (r"\bhttpcore\.AsyncNetworkStream\b", "httpcore.NetworkStream"),
    (r"\bhttpcore\.AsyncNetworkBackend\b", "httpcore.NetworkBackend"),
    (r"\bhttpcore\.AsyncConnectionPool\b", "httpcore.ConnectionPool"),
    (r"\bhttpx\.AsyncByteStream\b", "httpx.SyncByteStream"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\baiter_raw\b", "iter_raw"),
    (r"\bcontextlib\.aclosing\b", "contextlib.closing"),
    (r"\bhttpcore\.AnyIOBackend\(\)", "httpcore.SyncBackend()"),
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


def unasync(text: str, source: str = "_async.py", what: str = "client") -> str:
    """The sync twin of the async module ``text``, formatted as ``ruff format`` would."""
    body = text.split('"""', 2)[2].lstrip("\n")
    for pattern, replacement in SUBSTITUTIONS:
        body = re.sub(pattern, replacement, body)
    header = HEADER.format(what=what, source=source)
    name = str(PACKAGE / "_sync.py")
    sorted_imports = subprocess.run(  # noqa: S603 - our own ruff, fixed arguments
        [ruff(), "check", "--select", "I", "--fix", "--quiet", "--stdin-filename", name, "-"],
        input=header + "\n" + body,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    formatted = subprocess.run(  # noqa: S603 - our own ruff, fixed arguments
        [ruff(), "format", "--stdin-filename", name, "-"],
        input=sorted_imports.stdout,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return formatted.stdout


def main(argv: list[str]) -> int:
    """Write or check the generated files; return the exit status."""
    status = 0
    for source, target, what in PAIRS:
        wanted = unasync((PACKAGE / source).read_text(encoding="utf-8"), source, what)
        path = PACKAGE / target
        if "--check" not in argv:
            path.write_text(wanted, encoding="utf-8")
            continue
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != wanted:
            diff = difflib.unified_diff(
                current.splitlines(keepends=True),
                wanted.splitlines(keepends=True),
                str(path),
                "generated",
            )
            sys.stdout.writelines(diff)
            sys.stdout.write(f"{path} is out of date: run python scripts/unasync.py\n")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

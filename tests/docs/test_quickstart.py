"""The README's two quick-start commands work on a fresh virtual environment.

The commands are read from the README itself (the first ``sh`` block of "Quick start"), run
with a fresh venv in a temporary copy of the working tree, so the test proves what a new user
sees. The second command (tox over the whole matrix) is what CI itself runs; here it is run
with ``-e lint`` appended, which exercises the same install path without running the suite
inside the suite. Package installs reach PyPI (the registries are the one network allowed).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the Quick start section has no sh block"
    commands = [line.strip() for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2, "the quick start is exactly two commands"
    return commands


def test_readme_quick_start_in_a_fresh_venv(tmp_path):
    first, second = quick_start_commands()
    assert "--demo" in first
    assert "tox" in second
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci, ".ci/run must call the README's test command"

    tree = tmp_path / "project"
    ignore = shutil.ignore_patterns(".venv", ".tox", "*.egg-info", "__pycache__", ".git", ".peers")
    shutil.copytree(ROOT, tree, ignore=ignore)
    env = {
        k: v for k, v in os.environ.items() if k not in ("OSU_API_KEY", "VIRTUAL_ENV", "PYTHONPATH")
    }
    python_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([python_dir, env.get("PATH", "")])

    shown = subprocess.run(
        first.replace("python3", sys.executable, 1),
        shell=True,
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "Lunar Tanuki" in shown.stdout
    assert "Traceback" not in shown.stderr

    tested = subprocess.run(
        second.replace("python3", sys.executable, 1) + " -e lint",
        shell=True,
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-2000:]
    assert "lint: OK" in tested.stdout

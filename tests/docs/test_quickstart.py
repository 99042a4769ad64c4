"""The README's two quick-start commands work for a new user: a clean clone, nothing beside it.

The commands are read from the README itself (the first ``sh`` block of "Quick start"). The
project is ``git clone``-d into an empty temporary folder, so nothing the developers' machine
has beside the checkout (the design notes and the corpus's sources above all) can be reached,
and the commands run there in a fresh environment. The first one runs exactly as written. The
second one (tox over the whole matrix) is what CI itself runs; here it is run for the current
interpreter's env only and with ``-m "not slow"``, which still builds, installs and runs every
test that reads the corpus, while not running this test inside itself. Package installs reach
PyPI (the registries are the one network allowed).

From an sdist (no ``.git``) the tree is copied instead of cloned.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the Quick start section has no sh block"
    commands = [line.strip() for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2, "the quick start is exactly two commands"
    return commands


def fresh_checkout(folder: Path) -> Path:
    """The project alone in ``folder``: a clone of the committed tree, or a copy from an sdist."""
    tree = folder / "osu-api-v1"
    if (ROOT / ".git").exists():
        subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(tree)],
            check=True,
            capture_output=True,
            timeout=120,
        )
    else:  # pragma: no cover - only when the suite runs from an unpacked sdist
        ignore = shutil.ignore_patterns(".venv", ".tox", "*.egg-info", "__pycache__", ".peers")
        shutil.copytree(ROOT, tree, ignore=ignore)
    assert sorted(p.name for p in folder.iterdir()) == ["osu-api-v1"]
    return tree


def new_user_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OSU_API_KEY", "VIRTUAL_ENV", "PYTHONPATH", "TOX_ENV_NAME", "TOX_WORK_DIR")
        and not k.startswith(("TOX_", "PYTEST_"))
    }
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["HYPOTHESIS_PROFILE"] = "fast"
    return env


def run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command.replace("python3", sys.executable, 1),
        shell=True,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.quickstart
def test_readme_quick_start_in_a_clean_clone(tmp_path_factory):
    first, second = quick_start_commands()
    assert "--demo" in first
    assert "tox" in second
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci, ".ci/run must call the README's test command"

    tree = fresh_checkout(tmp_path_factory.mktemp("new-user", numbered=True))
    assert list(tree.parent.iterdir()) == [tree]  # nothing beside the clone
    env = new_user_env()

    shown = run(first, tree, env)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "Lunar Tanuki" in shown.stdout
    assert "Traceback" not in shown.stderr

    here = f"py{sys.version_info.major}{sys.version_info.minor}"
    tested = run(f'{second} -e {here} -- -q -x -m "not slow"', tree, env)
    output = tested.stdout + tested.stderr
    assert tested.returncode == 0, output[-4000:]
    assert f"{here}: OK" in tested.stdout
    assert re.search(r"\d+ passed", tested.stdout)
    assert "FileNotFoundError" not in output


def _reaches_above(source: str, depth: int) -> list[str]:
    """Where ``source``, a file ``depth`` levels below the repository's root (``tests/x.py`` is
    2: its ``parents[1]`` is the root), names a folder above the root: ``parents[k]`` or a chain
    of ``.parent`` past it, or a path literal that starts with ``..``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "parents"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int)
            and node.slice.value >= depth
        ):
            found.append(f"line {node.lineno}: parents[{node.slice.value}]")
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            chain, inner = 1, node.value
            while isinstance(inner, ast.Attribute) and inner.attr == "parent":
                chain, inner = chain + 1, inner.value
            if chain > depth:
                found.append(f"line {node.lineno}: .parent x{chain}")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and re.match(r"\.\.(/|\\|$)", node.value)
        ):
            found.append(f"line {node.lineno}: {node.value!r}")
    return found


def test_nothing_reads_beside_the_checkout():
    """No test or benchmark reaches outside the repository for its data: every path they build
    stays under the repository's root (the corpus is in tests/corpus)."""
    offenders = {}
    for folder in ("tests", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            # The corpus is data; bench/.peers is the benchmark's own venv (not committed).
            if path.is_relative_to(ROOT / "tests" / "corpus") or ".peers" in path.parts:
                continue
            depth = len(path.relative_to(ROOT).parts)
            found = _reaches_above(path.read_text(encoding="utf-8"), depth)
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_the_check_above_can_fail():
    # Sources that do reach out, as a file two folders down (like tests/docs/x.py) would.
    source = (
        "from pathlib import Path\n"
        "A = Path(__file__).resolve().parents[3] / 'corpus'\n"
        "B = Path(__file__).parent.parent.parent.parent\n"
        "C = Path('../elsewhere/expected.json')\n"
        "D = Path(__file__).resolve().parents[2] / 'tests' / 'corpus'\n"  # the root: fine
    )
    found = sorted(f.split(":")[0] for f in _reaches_above(source, 3))
    assert found == ["line 2", "line 3", "line 4"]

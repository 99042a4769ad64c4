"""The installed entry points: ``python -m osu_transports.cli`` and the ``osu-api`` script, the
help and version, and ``import osu_transports`` not loading the tool."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from osu_core import __version__


def test_module_entry_point_runs_the_demo():
    result = subprocess.run(
        [sys.executable, "-m", "osu_transports.cli", "--demo", "user", "3141592"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Lunar Tanuki" in result.stdout
    assert "Global rank" in result.stdout


def test_console_script_is_installed():
    script = shutil.which("osu-api", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the project is not installed in this environment")
    result = subprocess.run(
        [script, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout


def test_help_lists_every_command(invoke):
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("user", "beatmaps", "beatmap", "scores", "best", "recent", "match",
                 "replay", "osu-file", "mods", "parse", "serve"):  # fmt: skip
        assert f"  {name} " in result.stdout, name
    assert "OSU_API_KEY" in result.stdout


def test_importing_the_package_does_not_load_the_tool():
    code = (
        "import sys, osu_transports, osu_transports.sync\n"
        "print('osu_transports.cli' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

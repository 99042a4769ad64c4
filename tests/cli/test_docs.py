"""Every ``$ osu-api ...`` line of ``docs/cli.md`` runs and succeeds, so the page cannot rot."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _examples() -> list[str]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("$ ") for line in lines if line.startswith("$ osu-api ")]


def test_the_page_has_examples():
    assert len(_examples()) >= 10
    assert "osu-api --demo user 3141592" in _examples()


@pytest.mark.parametrize("example", _examples())
def test_example_runs(invoke, example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # replay --osr writes its file here
    result = invoke(*shlex.split(example)[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()

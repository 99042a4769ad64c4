"""Every Python example in the README and the docs runs, so none of them can rot.

Plain examples are executed as scripts; examples that define pytest tests taking fixtures are
written to a file and run by pytest itself (``pytester``), plugin and fixtures included.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
USES_FIXTURES = re.compile(r"^def test_\w+\(\w", re.M)

pytest_plugins = ["pytester"]


def examples() -> list[pytest.param]:
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(pytest.param(match.group(1), id=f"{document.name}:{line}"))
    return found


def test_there_are_examples():
    assert len(examples()) >= 8


@pytest.mark.parametrize("source", examples())
def test_example_runs(source, tmp_path, capsys, monkeypatch, request):
    if "OSU_API_REDIS" in source:  # an example of several workers: a Redis of the tests' own
        monkeypatch.setenv("OSU_API_REDIS", request.getfixturevalue("redis_server").url)
    if USES_FIXTURES.search(source):
        # Only here: pytester restores sys.modules when it is torn down, which would drop
        # the modules a plain example imported (numpy's C core cannot be imported twice).
        pytester = request.getfixturevalue("pytester")
        pytester.makepyfile(test_example=source)
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-W", "error")
        result.assert_outcomes(passed=len(re.findall(r"^def test_", source, re.M)))
        return
    script = tmp_path / "example.py"
    script.write_text(source, encoding="utf-8")
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip(), "an example should show something"

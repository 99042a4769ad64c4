"""Shared test configuration: hypothesis profiles and the corpus location.

Profiles: ``dev`` (default, quick), ``ci`` (fixed seed via derandomize, more examples),
``fast`` (smoke), ``fuzz`` (100,000 examples a test, for a long local run of the suites marked
``fuzz``). Choose with ``HYPOTHESIS_PROFILE``. This file must import nothing beyond the
core's dependencies: the ``core`` tox env runs the unit and property tests without httpx.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fast", max_examples=20, deadline=None)
# A long local run of the fuzz suites (not CI): HYPOTHESIS_PROFILE=fuzz pytest -m fuzz
settings.register_profile(
    "fuzz",
    max_examples=100_000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

#: The corpus of real files and responses, inside the repository (see its MANIFEST.md).
CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "expected.json").is_file():
        pytest.fail(f"the test corpus is missing at {CORPUS} (it ships with the tests)")
    return CORPUS

"""Shared test configuration: hypothesis profiles and the corpus location.

Profiles: ``dev`` (default, quick), ``ci`` (fixed seed via derandomize, more examples),
``fast`` (smoke). Choose with ``HYPOTHESIS_PROFILE``. This file must import nothing beyond the
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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

#: The shared corpus, beside the project root (read-only; never copied into the package).
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}")
    return CORPUS

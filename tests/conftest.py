"""Shared test configuration: hypothesis profiles and the corpus location.

Profiles: ``dev`` (default, quick), ``ci`` (fixed seed via derandomize, more examples),
``fast`` (smoke), ``fuzz`` (100,000 examples a test, for a long local run of the suites marked
``fuzz``). Choose with ``HYPOTHESIS_PROFILE``. This file must import nothing beyond the
core's dependencies: the ``core`` tox env runs the unit and property tests without httpx.

Redis: ``redis_server`` (one server for the session) and ``fresh_redis`` (one for the test, to
stop, restart or pause) run a real ``redis-server`` (see ``tests/redis_server.py``, standard
library only, imported inside the fixtures). Without the binary they skip, except under CI
(``CI`` set), where they fail: CI installs it. Tests that use them are marked ``redis``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from tests.redis_server import RedisServer

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


#: The fixtures that start a real redis-server: the tests that use them are marked ``redis``.
REDIS_FIXTURES = frozenset({"redis_server", "fresh_redis"})


def redis_server_binary() -> str:
    """The ``redis-server`` on PATH. Without one: a skip, or under CI a failure."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail(
                "redis-server is not installed, and CI must install it: .ci/run apt-get "
                "installs redis-server before tox, and tox.ini passes CI through",
                pytrace=False,
            )
        pytest.skip("redis-server is not installed (apt-get install redis-server); CI installs it")
    return binary


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if REDIS_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.redis)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One running redis-server for the whole session, shared by the tests that ask: it is
    never flushed, so use keys of your own (or ``fresh_redis``)."""
    binary = redis_server_binary()
    from tests.redis_server import RedisServer

    with RedisServer(binary) as server:
        yield server


@pytest.fixture
def fresh_redis() -> Iterator[RedisServer]:
    """A redis-server of this test's own, empty, to stop, ``start()`` again on the same port,
    ``pause()`` and ``resume()``."""
    binary = redis_server_binary()
    from tests.redis_server import RedisServer

    with RedisServer(binary) as server:
        yield server

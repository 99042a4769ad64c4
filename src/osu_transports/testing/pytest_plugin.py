"""pytest plugin: ready-made fixtures over the offline osu! API v1 emulator.

Registered as the ``pytest11`` entry point ``osu_emulator``, so every project that installs this
package loads it. It must therefore stay cheap and harmless: importing it imports only pytest,
and the emulator itself is imported the first time a test asks for one of its fixtures.

Fixtures:

* ``osu_emulator``: a running loopback server (an :class:`~osu_transports.testing.OsuApiEmulator`)
  with ``base_url``, ``api_key``, the dataset's well-known ids and names, and ``faults``.
* ``osu_emulator_handler``: the pure, socket-free request handler behind it.
* ``osu_emulator_transport``: an ``httpx.MockTransport`` over a fresh handler (no sockets).

Configure them per test with the ``osu_emulator`` marker, whose keyword arguments go to the
:class:`~osu_transports.testing.EmulatorConfig` (for example
``@pytest.mark.osu_emulator(seed=7, rate_limit=None)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import httpx

    from osu_transports.testing import EmulatorConfig, EmulatorHandler, OsuApiEmulator

__all__ = ["osu_emulator", "osu_emulator_handler", "osu_emulator_transport"]


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``osu_emulator`` marker so ``--strict-markers`` accepts it."""
    config.addinivalue_line(
        "markers",
        "osu_emulator(**options): options for the osu! API emulator fixtures "
        "(seed, api_key, rate_limit, replay_rate_limit, ...; see EmulatorConfig)",
    )


def _config(request: pytest.FixtureRequest) -> EmulatorConfig:
    from osu_transports.testing import EmulatorConfig

    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("osu_emulator"))):
        options.update(marker.kwargs)
    return EmulatorConfig(**options)


@pytest.fixture
def osu_emulator_handler(request: pytest.FixtureRequest) -> EmulatorHandler:
    """A fresh pure handler (dataset, rate limits, faults) with no socket."""
    from osu_transports.testing import EmulatorHandler

    return EmulatorHandler(_config(request))


@pytest.fixture
def osu_emulator(request: pytest.FixtureRequest) -> Iterator[OsuApiEmulator]:
    """A running emulator on 127.0.0.1 (a free port), shut down after the test."""
    from osu_transports.testing import OsuApiEmulator

    with OsuApiEmulator(_config(request)) as emulator:
        yield emulator


@pytest.fixture
def osu_emulator_transport(osu_emulator_handler: EmulatorHandler) -> httpx.MockTransport:
    """An ``httpx.MockTransport`` answering from ``osu_emulator_handler`` (sync and async)."""
    from osu_transports.testing import mock_transport

    return mock_transport(osu_emulator_handler)

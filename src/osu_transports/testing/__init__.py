"""osu_transports.testing: an offline emulator of the osu! API v1 for tests and demos.

It answers like the real API (``reference/api-v1.md``): the same endpoints and parameters, the
same all-strings JSON with the same nulls, the same error bodies and rate limits, from a
realistic dataset generated from a seed, with faults on demand. Three ways to use it:

* :class:`OsuApiEmulator`, a real HTTP server on 127.0.0.1 in a thread (a context manager), also
  the ``osu_emulator`` pytest fixture;
* :func:`mock_transport`, an ``httpx.MockTransport`` over the same handler, with no sockets;
* :func:`serve` / ``python -m osu_transports.testing --port 8080``, for bots in any language.

It imports httpx and the standard library only, and never touches the network beyond the
loopback socket it binds.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._dataset import DEFAULT_SEED, build_dataset
    from ._faults import SOCKET_FAULTS, Fault, FaultKind, FaultPlan
    from ._handler import (
        DEFAULT_API_KEY,
        EmulatorConfig,
        EmulatorHandler,
        HandlerResult,
        RecordedRequest,
    )
    from ._known import KNOWN, WellKnown
    from ._mock import mock_transport
    from ._records import Dataset
    from ._serve import parse_fault, serve
    from ._server import OsuApiEmulator

# Names are imported on first use (PEP 562), so importing the pytest plugin, which lives in
# this package, stays cheap for projects that never use the emulator.
_WHERE = {
    "DEFAULT_API_KEY": "handler",
    "DEFAULT_SEED": "dataset",
    "Dataset": "records",
    "EmulatorConfig": "handler",
    "EmulatorHandler": "handler",
    "Fault": "faults",
    "FaultKind": "faults",
    "FaultPlan": "faults",
    "HandlerResult": "handler",
    "KNOWN": "known",
    "OsuApiEmulator": "server",
    "RecordedRequest": "handler",
    "SOCKET_FAULTS": "faults",
    "WellKnown": "known",
    "build_dataset": "dataset",
    "mock_transport": "mock",
    "parse_fault": "serve",
    "serve": "serve",
}

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_SEED",
    "Dataset",
    "EmulatorConfig",
    "EmulatorHandler",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "HandlerResult",
    "KNOWN",
    "OsuApiEmulator",
    "RecordedRequest",
    "SOCKET_FAULTS",
    "WellKnown",
    "build_dataset",
    "mock_transport",
    "parse_fault",
    "serve",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}._{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

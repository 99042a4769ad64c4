"""Shared fixtures of the emulator tests: one read-only handler for the whole session."""

from __future__ import annotations

import json
from typing import Any

import pytest

from osu_transports.testing import DEFAULT_API_KEY, EmulatorConfig, EmulatorHandler

KEY = DEFAULT_API_KEY


@pytest.fixture(scope="session")
def shared_handler() -> EmulatorHandler:
    """A handler without rate limits, for tests that only read."""
    return EmulatorHandler(EmulatorConfig(rate_limit=None, replay_rate_limit=None))


class Api:
    """Calls the handler like a client would, returning decoded JSON."""

    def __init__(self, handler: EmulatorHandler) -> None:
        self.handler = handler

    def raw(self, endpoint: str, **params: Any):
        query = [("k", KEY)] + [(k, str(v)) for k, v in params.items()]
        return self.handler.handle("GET", f"/api/{endpoint}", query)

    def __call__(self, endpoint: str, **params: Any) -> Any:
        result = self.raw(endpoint, **params)
        assert result.status == 200, result
        return json.loads(result.body)


@pytest.fixture(scope="session")
def api(shared_handler: EmulatorHandler) -> Api:
    return Api(shared_handler)

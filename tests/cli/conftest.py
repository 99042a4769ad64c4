"""Fixtures for the command-line tool's tests: one emulator per module, a runner that invokes
``osu-api`` against it (or with ``--demo``), and the emulator's raw wire answers to compare the
``--json`` output with."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from osu_transports.cli import cli
from osu_transports.testing import OsuApiEmulator

#: A key the emulator does not accept; it must never be printed.
WRONG_KEY = "wrong-SECRET-key-0123456789"

_WIRE_DATE = re.compile(r"^(\d{4}-\d\d-\d\d) (\d{1,2}):(\d\d):(\d\d)$")

Invoke = Callable[..., Result]


@pytest.fixture(scope="module")
def emulator() -> Iterator[OsuApiEmulator]:
    with OsuApiEmulator() as emu:
        yield emu


@pytest.fixture
def invoke() -> Invoke:
    """Run ``osu-api ARGS`` in-process; stdout and stderr come back apart."""

    def run(*args: str, env: dict[str, str | None] | None = None, **kwargs: Any) -> Result:
        runner = CliRunner()
        environment: dict[str, str | None] = {"OSU_API_KEY": None, "COLUMNS": "100"}
        environment.update(env or {})
        return runner.invoke(cli, list(args), env=environment, catch_exceptions=False, **kwargs)

    return run


@pytest.fixture
def api(emulator: OsuApiEmulator, invoke: Invoke) -> Invoke:
    """Run ``osu-api --base-url <emulator> --key <its key> ARGS``."""

    def run(*args: str, **kwargs: Any) -> Result:
        base = ("--base-url", emulator.base_url, "--key", emulator.api_key, "--retries", "0")
        return invoke(*base, *args, **kwargs)

    return run


@pytest.fixture
def wire(emulator: OsuApiEmulator) -> Callable[..., Any]:
    """The emulator's own JSON answer to ``/api/<endpoint>?<params>``."""

    def get(endpoint: str, **params: Any) -> Any:
        query = {"k": emulator.api_key, **{k: str(v) for k, v in params.items()}}
        response = httpx.get(f"{emulator.base_url}/api/{endpoint}", params=query)
        response.raise_for_status()
        return response.json()

    return get


def normalise(value: Any) -> Any:
    """A wire or ``--json`` value with dates as ISO 8601 UTC and numeric strings as floats, so
    both sides compare by meaning (the converter writes ``"170.0"`` for the wire's ``"170"``)."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str):
        match = _WIRE_DATE.match(value)
        if match:
            day, hour, minute, second = match.groups()
            return f"{day}T{int(hour):02d}:{minute}:{second}Z"
        try:
            return float(value)
        except ValueError:
            return value
    return value


def assert_wire_shaped(cli_row: dict[str, Any], wire_row: dict[str, Any]) -> None:
    """Every wire field is in the CLI's row with the same meaning (dates: ISO 8601 UTC)."""
    for key, value in wire_row.items():
        assert key in cli_row, key
        assert normalise(cli_row[key]) == normalise(value), key
    for key, value in cli_row.items():  # and its dates are really ISO 8601 UTC
        if isinstance(value, str) and "T" in value and value.endswith("Z"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), (key, value)


def json_of(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)

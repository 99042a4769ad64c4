"""Failures: one line on stderr, no traceback, a distinct exit code per error class, and the
key never printed (not even when it is wrong)."""

from __future__ import annotations

import socket

import pytest

from osu_transports.cli import ExitCode
from osu_transports.testing import KNOWN

from .conftest import WRONG_KEY


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_exit_codes_are_distinct():
    values = [int(code) for code in ExitCode]
    assert len(values) == len(set(values))


class TestKey:
    def test_missing_key(self, invoke):
        result = invoke("user", "2")
        assert result.exit_code == ExitCode.WRONG_API_KEY == 3
        line = _one_line(result.stderr)
        assert line.startswith("error: no API key")
        assert "OSU_API_KEY" in line
        assert result.stdout == ""

    def test_empty_key_counts_as_missing(self, invoke):
        result = invoke("user", "2", env={"OSU_API_KEY": ""})
        assert result.exit_code == ExitCode.WRONG_API_KEY

    @pytest.mark.parametrize(
        "args",
        [
            ("user", str(KNOWN.user_id)),
            ("beatmaps", "--limit", "2"),
            ("scores", str(KNOWN.beatmap_id)),
            ("best", str(KNOWN.user_id), "--json"),
            ("match", str(KNOWN.match_id)),
            ("replay", str(KNOWN.beatmap_id), str(KNOWN.user_id)),
        ],
    )
    def test_wrong_key_is_one_line_and_never_echoed(self, emulator, invoke, args):
        for where in ("flag", "env"):
            key = ("--key", WRONG_KEY) if where == "flag" else ()
            env = {"OSU_API_KEY": WRONG_KEY} if where == "env" else {}
            result = invoke("--base-url", emulator.base_url, *key, *args, env=env)
            assert result.exit_code == ExitCode.WRONG_API_KEY
            line = _one_line(result.stderr)
            assert line.startswith("error: WrongApiKey:")
            assert WRONG_KEY not in result.stdout + result.stderr
            assert result.stdout == ""

    def test_right_key_never_printed_either(self, api, emulator):
        for args in (("user", str(KNOWN.user_id)), ("user", str(KNOWN.user_id), "--json")):
            result = api(*args)
            assert result.exit_code == 0
            assert emulator.api_key not in result.stdout + result.stderr

    def test_osu_file_needs_no_key(self, emulator, invoke):
        result = invoke("--base-url", emulator.base_url, "osu-file", str(KNOWN.beatmap_id))
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("osu file format v")


class TestLibraryErrors:
    def test_unknown_user(self, api):
        result = api("user", "no such player here")
        assert result.exit_code == ExitCode.NOT_FOUND == 4
        assert _one_line(result.stderr) == "error: not found: no user 'no such player here'"

    @pytest.mark.parametrize(
        "args",
        [("beatmap", "999999999"), ("match", "1"), ("osu-file", "999999999")],
    )
    def test_other_things_not_found(self, api, args):
        result = api(*args)
        assert result.exit_code == ExitCode.NOT_FOUND
        assert _one_line(result.stderr).startswith("error: not found:")

    def test_invalid_argument_names_the_parameter(self, api):
        result = api("scores", str(KNOWN.beatmap_id), "--limit", "1000")
        assert result.exit_code == ExitCode.INVALID_ARGUMENT == 5
        assert _one_line(result.stderr).startswith("error: InvalidArgument: limit")

    def test_network_failure(self, invoke):
        url = f"http://127.0.0.1:{_closed_port()}"
        result = invoke("--base-url", url, "--key", WRONG_KEY, "--retries", "0", "user", "2")
        assert result.exit_code == ExitCode.NETWORK_ERROR == 12
        assert _one_line(result.stderr).startswith("error: TransportError:")
        assert WRONG_KEY not in result.stderr

    def test_route_not_found(self, emulator, invoke):
        url = f"{emulator.base_url}/not-the-api"
        result = invoke("--base-url", url, "--key", emulator.api_key, "user", "2")
        assert result.exit_code == ExitCode.ROUTE_NOT_FOUND
        assert _one_line(result.stderr).startswith("error: RouteNotFound:")

    @pytest.mark.parametrize(
        ("fault", "args", "code", "name"),
        [
            ("503@get_user", ("user", "2"), ExitCode.HTTP_ERROR, "HTTPError"),
            ("429-bare@get_user", ("user", "2"), ExitCode.RATE_LIMITED, "RateLimitError"),
            ("html@get_user", ("user", "2"), ExitCode.RESPONSE_ERROR, "ResponseError"),
            ("reset@get_user", ("user", "2"), ExitCode.NETWORK_ERROR, "TransportError"),
            (
                "retrieval-failed@get_replay",
                ("replay", str(KNOWN.beatmap_id), str(KNOWN.user_id)),
                ExitCode.REPLAY_UNAVAILABLE,
                "ReplayUnavailable",
            ),
        ],
    )
    def test_each_error_class_has_its_code(self, emulator, api, fault, args, code, name):
        emulator.faults.add(fault.split("@")[0], fault.split("@")[1], count=1)
        try:
            result = api(*args)
        finally:
            emulator.faults.clear()
        assert result.exit_code == code, result.stderr
        assert _one_line(result.stderr).startswith(f"error: {name}:")

    def test_timeout(self, emulator, api):
        emulator.faults.add("latency", "get_user", count=1, delay=1.0)
        try:
            result = api("--timeout", "0.2", "user", "2")
        finally:
            emulator.faults.clear()
        assert result.exit_code == ExitCode.TIMEOUT
        assert _one_line(result.stderr).startswith("error: RequestTimeoutError:")


class TestUsage:
    @pytest.mark.parametrize(
        "args",
        [
            ("user", "2", "--mode", "piano"),
            ("scores", "1", "--mods", "XYZ"),
            ("user",),
            ("beatmap",),
            ("beatmaps", "--all", "--limit", "5"),
            ("replay", "1"),
            ("parse",),
        ],
    )
    def test_bad_command_lines_exit_2(self, invoke, args):
        result = invoke("--demo", *args)
        assert result.exit_code == ExitCode.USAGE == 2
        assert "Traceback" not in result.stderr

"""``mods`` both ways and its list, and ``serve`` running the emulator on a port."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys

import httpx
import pytest

from osu_transports.cli import ExitCode
from osu_transports.testing import KNOWN

from .conftest import json_of


class TestMods:
    @pytest.mark.parametrize(
        ("given", "answer"),
        [("72", "HDDT"), ("0", "NM"), ("576", "NC"), ("16416", "PF"), ("24", "HDHR")],
    )
    def test_number_to_acronyms(self, invoke, given, answer):
        result = invoke("mods", given)
        assert result.exit_code == 0
        assert result.stdout == f"{answer}\n"  # the answer alone, for $(osu-api mods 72)

    @pytest.mark.parametrize(
        ("given", "answer"),
        [(("HDDT",), "72"), (("hd,dt",), "72"), (("HD", "DT"), "72"), (("NC",), "576")],
    )
    def test_acronyms_to_number(self, invoke, given, answer):
        result = invoke("mods", *given)
        assert result.exit_code == 0
        assert result.stdout == f"{answer}\n"

    def test_names_on_stderr(self, invoke):
        result = invoke("mods", "72")
        assert "Hidden + DoubleTime" in result.stderr

    def test_json(self, invoke):
        data = json_of(invoke("mods", "HDDT", "--json"))
        assert data == {"value": 72, "acronyms": "HDDT", "names": ["Hidden", "DoubleTime"]}
        assert json_of(invoke("--json", "mods", "72"))["value"] == 72

    def test_list(self, invoke):
        rows = json_of(invoke("mods", "--json"))
        by_acronym = {row["acronym"]: row for row in rows}
        assert by_acronym["HD"] == {"value": 8, "acronym": "HD", "name": "Hidden"}
        assert by_acronym["V2"]["value"] == 1 << 29
        table = invoke("mods")
        assert "DoubleTime" in table.stdout

    @pytest.mark.parametrize("given", ["XYZ", "-5", "99999999999"])
    def test_bad_mods_are_a_usage_error(self, invoke, given):
        result = invoke("mods", "--", given)
        assert result.exit_code == ExitCode.USAGE
        assert "Traceback" not in result.stderr


def test_bad_fault_spec_is_a_usage_error(invoke):
    result = invoke("serve", "--port", "0", "--fault", "explode")
    assert result.exit_code == ExitCode.USAGE
    assert "unknown fault kind" in result.stderr


#: ``python -m osu_transports.cli`` with a terminal's Ctrl+C. A shell without job control starts
#: background commands with SIGINT ignored, and Python keeps an inherited SIG_IGN (no
#: KeyboardInterrupt), so the test would hang when pytest itself runs in the background.
_CLI_WITH_CTRL_C = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'osu-api'; runpy.run_module('osu_transports.cli', run_name='__main__')"
)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_serve_answers_on_its_port_and_stops_on_ctrl_c():
    command = [sys.executable, "-c", _CLI_WITH_CTRL_C, "serve", "--port", "0"]
    command += ["--api-key", "bot-key", "--fault", "latency,delay=0.01"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            assert ready, "the server printed nothing in 30 s"
            first = proc.stdout.readline()
            assert "listening on http://127.0.0.1:" in first, first
            base_url = first.rsplit(" ", 1)[1].strip()
            answer = httpx.get(
                f"{base_url}/api/get_user", params={"k": "bot-key", "u": KNOWN.user_id}
            )
            assert answer.json()[0]["username"] == KNOWN.username
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                out, err = proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                raise
    assert proc.returncode == 0, err
    assert "stopping" in out


def test_serve_is_registered(invoke):
    result = invoke("serve", "--help")
    assert result.exit_code == 0
    assert "--fault" in result.stdout

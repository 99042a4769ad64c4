"""Hostile arguments on the command line (issue 10, "Arguments and configuration"): Unicode
digits (``²``, ``٣``), ids of 5000 digits and dates near year 1 end in one error line and a
non-zero exit code, never a traceback, and ``٣`` is never read as the id 3.

Every case runs with ``--demo`` (the emulator in-process, no key, no network) except the ones
about ``--base-url``.
"""

from __future__ import annotations

import pytest

from osu_transports.cli import ExitCode
from osu_transports.testing import KNOWN

NINES = "9" * 5000  # past CPython's 4300-digit int() limit


def error_line(result) -> str:
    """The one error line of a failed run (ours start ``error:``, click's ``Error:``)."""
    assert result.exit_code not in (0, None), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.lower().startswith("error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def short_line(result) -> str:
    line = error_line(result)
    assert len(line) < 400, len(line)  # a 5000-digit value is shown cut short
    return line


@pytest.mark.parametrize("command", ["beatmap", "match", "scores"])
@pytest.mark.parametrize("value", ["²", NINES, "-5"], ids=["sup2", "nines", "-5"])
def test_id_arguments_are_usage_errors(invoke, command, value):
    result = invoke("--demo", command, value)
    error_line(result)
    assert result.exit_code == ExitCode.USAGE


@pytest.mark.parametrize("command", ["beatmap", "match", "scores"])
@pytest.mark.parametrize("value", ["٣", "1_000"], ids=["arabic3", "1_000"])
def test_only_ascii_digits_are_ids(invoke, command, value):
    # click's type=int is int(): "٣" is 3 and "1_000" is 1000 (scores listed their boards)
    result = invoke("--demo", command, value)
    line = error_line(result)
    assert " 3" not in line
    assert "1000" not in line


@pytest.mark.parametrize("command", ["user", "best", "recent"])
def test_a_unicode_digit_user_is_a_name(invoke, command):
    # Not ASCII digits, so a name; the emulator has no such player: not found, or no rows.
    result = invoke("--demo", command, "٣", "--type", "string")
    assert "Traceback" not in result.output
    assert result.exit_code in (ExitCode.OK, ExitCode.NOT_FOUND)
    assert result.exit_code == ExitCode.OK or short_line(result) == "error: not found: no user '٣'"


@pytest.mark.parametrize("command", ["user", "best", "recent"])
@pytest.mark.parametrize("value", ["²", NINES], ids=["sup2", "nines"])
def test_user_arguments_do_not_crash(invoke, command, value):
    # user_arg ran int() on anything isdigit() accepts: a ValueError traceback before. Not
    # ASCII digits (or too many for an id), so a name: no such player, or no rows for it.
    result = invoke("--demo", command, value)
    assert "Traceback" not in result.output
    assert result.exit_code in (ExitCode.OK, ExitCode.NOT_FOUND)
    if result.exit_code == ExitCode.NOT_FOUND:
        assert short_line(result).startswith("error: not found: no user")


def arabic_indic(number: int) -> str:
    """``number`` in Arabic-Indic digits: ``isdigit()`` is true and ``int()`` reads them."""
    return str(number).translate({ord(d): 0x0660 + int(d) for d in "0123456789"})


@pytest.mark.parametrize(
    "args",
    [
        ("user", arabic_indic(KNOWN.user_id)),  # user_arg read it as the id 3141592
        ("beatmap", arabic_indic(KNOWN.beatmap_id)),
        ("match", arabic_indic(KNOWN.match_id)),
        ("user", str(KNOWN.user_id), "--event-days", "\u0663"),
        ("beatmaps", "--limit", "\u0663"),
    ],
    ids=["user", "beatmap", "match", "event-days", "limit"],
)
def test_arabic_indic_digits_are_not_numbers(invoke, args):
    result = invoke("--demo", *args)
    error_line(result)  # not the player, the map, the match, three days or three rows


@pytest.mark.parametrize("option", ["--mods", "--mode"])
@pytest.mark.parametrize("value", ["²", "٣", NINES], ids=["sup2", "arabic3", "nines"])
def test_mode_and_mods_values(invoke, option, value):
    result = invoke("--demo", "beatmaps", option, value)
    line = error_line(result)
    assert result.exit_code == ExitCode.USAGE
    if option == "--mods":  # the core's message, cut short
        assert len(line) < 400


@pytest.mark.parametrize("value", ["²", NINES], ids=["sup2", "nines"])
def test_limit_values(invoke, value):
    result = invoke("--demo", "beatmaps", "--limit", value)
    error_line(result)
    assert result.exit_code == ExitCode.USAGE


@pytest.mark.parametrize("fetch_all", [False, True], ids=["page", "all"])
@pytest.mark.parametrize(
    "since",
    ["0001-01-01", "0999-12-31 23:59:59", "\u0662\u0660\u0662\u0664-01-01", NINES],
    ids=["year1", "year999", "arabic", "nines"],
)
def test_since_outside_mysql_dates(invoke, since, fetch_all):
    args = ("beatmaps", "--since", since) + (("--all",) if fetch_all else ())
    result = invoke("--demo", *args)
    line = short_line(result)
    assert result.exit_code == ExitCode.INVALID_ARGUMENT
    assert "since" in line


@pytest.mark.parametrize(
    "base_url", ["http://[::1", "http://127.0.0.1:99999", "ftp://x", "http://u:p@host"]
)
def test_bad_base_urls(invoke, base_url):
    result = invoke("--key", "k", "--base-url", base_url, "--retries", "0", "user", "2")
    line = short_line(result)
    assert result.exit_code in (ExitCode.INVALID_ARGUMENT, ExitCode.USAGE)
    assert "base_url" in line or "base-url" in line
    assert ":p@" not in line

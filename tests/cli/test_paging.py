"""``beatmaps --all``: every page streamed to stdout (JSON Lines with ``--json``), the progress
bar on stderr only."""

from __future__ import annotations

import json

from osu_transports.sync import OsuApi


def test_json_lines_stream_matches_the_library(api, emulator):
    result = api("beatmaps", "--since", "2024-01-01", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = [json.loads(line) for line in lines]  # every stdout line is one JSON object
    assert all(isinstance(row, dict) for row in rows)
    with OsuApi(emulator.api_key, base_url=emulator.base_url) as client:
        expected = [str(b.beatmap_id) for b in client.iter_beatmaps_since("2024-01-01")]
    assert [row["beatmap_id"] for row in rows] == expected
    assert len(rows) > 100
    assert all(row["approved_date"] >= "2024-01-01T00:00:00Z" for row in rows)


def test_progress_goes_to_stderr_only(api):
    result = api("beatmaps", "--since", "2024-06-01", "--all", "--json")
    assert result.exit_code == 0, result.stderr
    assert "maps" in result.stderr
    assert "100%" in result.stderr
    assert "━" not in result.stdout
    for line in result.stdout.splitlines():
        json.loads(line)


def test_small_pages_stream_with_mode_filter(api):
    # The pager asks for 500 per page; mania since mid-2024 spans fewer, so one page.
    result = api("beatmaps", "--since", "2024-06-01", "--all", "-m", "mania", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    assert {row["mode"] for row in rows} == {"3"}


def test_table_mode_streams_rows(api):
    result = api("beatmaps", "--since", "2024-10-01", "--all")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Artist - Title") == 1  # one header, then rows
    assert "maps" in result.stderr
    assert "Artist - Title" not in result.stderr

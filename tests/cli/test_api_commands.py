"""Every API subcommand end to end against the emulator: tables by default, and ``--json``
parsed and compared with the emulator's own wire answers."""

from __future__ import annotations

import pytest

from osu_transports.testing import KNOWN

from .conftest import assert_wire_shaped, json_of

USER, NAME, BEATMAP, MATCH = KNOWN.user_id, KNOWN.username, KNOWN.beatmap_id, KNOWN.match_id


class TestUser:
    def test_table_shows_name_and_stats(self, api):
        result = api("user", str(USER))
        assert result.exit_code == 0, result.stderr
        assert NAME in result.stdout
        assert "Performance" in result.stdout
        assert "Recent events" in result.stdout

    def test_json_is_the_wire_row_with_iso_dates(self, api, wire):
        data = json_of(api("user", str(USER), "--event-days", "5", "--json"))
        expected = wire("get_user", u=USER, type="id", event_days=5)[0]
        assert_wire_shaped(data, expected)
        assert data["join_date"].endswith("Z")
        assert data["mode"] == "0"  # added by the library from the request

    def test_by_name_with_a_space(self, api):
        data = json_of(api("user", NAME, "--json"))
        assert data["user_id"] == str(USER)

    def test_digits_are_an_id_unless_type_string(self, api):
        as_id = json_of(api("user", str(USER), "--json"))
        as_name = json_of(api("user", KNOWN.digit_username, "--type", "string", "--json"))
        assert as_id["username"] == NAME
        assert as_name["user_id"] == str(KNOWN.digit_user_id)

    @pytest.mark.parametrize(("mode", "number"), [("taiko", "1"), ("3", "3"), ("ctb", "2")])
    def test_mode_by_name_or_number(self, api, mode, number):
        assert json_of(api("user", str(USER), "-m", mode, "--json"))["mode"] == number

    def test_global_options_after_the_subcommand(self, emulator, invoke):
        result = invoke(
            "user", str(USER), "--json", "--base-url", emulator.base_url, "--key",
            emulator.api_key,
        )  # fmt: skip
        assert json_of(result)["username"] == NAME

    def test_key_from_the_environment(self, emulator, invoke):
        result = invoke(
            "--base-url", emulator.base_url, "user", str(USER), "--json",
            env={"OSU_API_KEY": emulator.api_key},
        )  # fmt: skip
        assert json_of(result)["username"] == NAME


class TestBeatmaps:
    def test_beatmap_json(self, api, wire):
        data = json_of(api("beatmap", str(BEATMAP), "--json"))
        assert_wire_shaped(data, wire("get_beatmaps", b=BEATMAP)[0])

    def test_beatmap_table(self, api):
        result = api("beatmap", str(BEATMAP))
        assert result.exit_code == 0, result.stderr
        assert str(BEATMAP) in result.stdout
        assert "Stars" in result.stdout

    def test_beatmap_by_hash(self, api):
        md5 = json_of(api("beatmap", str(BEATMAP), "--json"))["file_md5"]
        assert json_of(api("beatmap", "--hash", md5, "--json"))["beatmap_id"] == str(BEATMAP)

    def test_beatmaps_of_a_set(self, api, wire):
        rows = json_of(api("beatmaps", "--set", str(KNOWN.beatmapset_id), "--json"))
        expected = wire("get_beatmaps", s=KNOWN.beatmapset_id)
        assert [r["beatmap_id"] for r in rows] == [r["beatmap_id"] for r in expected]
        for row, wire_row in zip(rows, expected, strict=True):
            assert_wire_shaped(row, wire_row)

    def test_beatmaps_filters(self, api, wire):
        args = ("beatmaps", "--since", "2024-01-01", "-m", "mania", "--include-converted")
        rows = json_of(api(*args, "--limit", "7", "--json"))
        expected = wire("get_beatmaps", since="2024-01-01 00:00:00", m=3, a=1, limit=7)
        assert [r["beatmap_id"] for r in rows] == [r["beatmap_id"] for r in expected]

    def test_beatmaps_mods_change_the_stars(self, api):
        plain = json_of(api("beatmap", str(BEATMAP), "--json"))
        fast = json_of(api("beatmap", str(BEATMAP), "--mods", "DT", "--json"))
        assert float(fast["difficultyrating"]) > float(plain["difficultyrating"])

    def test_beatmaps_table_and_count_on_stderr(self, api):
        result = api("beatmaps", "--set", str(KNOWN.beatmapset_id))
        assert result.exit_code == 0, result.stderr
        assert "Artist - Title" in result.stdout
        assert "beatmaps" in result.stderr


class TestScores:
    def test_leaderboard_json(self, api, wire):
        rows = json_of(api("scores", str(BEATMAP), "--limit", "5", "--json"))
        expected = wire("get_scores", b=BEATMAP, limit=5)
        assert len(rows) == 5
        for row, wire_row in zip(rows, expected, strict=True):
            assert_wire_shaped(row, wire_row)
            assert row["beatmap_id"] == str(BEATMAP)  # put back by the library

    def test_leaderboard_by_mods_and_user(self, api):
        rows = json_of(api("scores", str(BEATMAP), "--mods", "HD", "--json"))
        assert rows
        assert all(r["enabled_mods"] == "8" for r in rows)
        mine = json_of(api("scores", str(BEATMAP), "-u", NAME, "--type", "string", "--json"))
        assert [r["user_id"] for r in mine] == [str(USER)]

    def test_leaderboard_table(self, api):
        result = api("scores", str(BEATMAP), "-n", "3")
        assert result.exit_code == 0, result.stderr
        assert "Leaderboard" in result.stdout
        assert "%" in result.stdout  # accuracy computed


@pytest.mark.parametrize(("command", "endpoint"), [("best", "get_user_best"),
                                                   ("recent", "get_user_recent")])  # fmt: skip
class TestUserPlays:
    def test_json(self, api, wire, command, endpoint):
        rows = json_of(api(command, str(USER), "--limit", "8", "--json"))
        expected = wire(endpoint, u=USER, type="id", limit=8)
        assert len(rows) == len(expected) > 0
        for row, wire_row in zip(rows, expected, strict=True):
            assert_wire_shaped(row, wire_row)

    def test_table(self, api, command, endpoint):
        result = api(command, NAME, "-n", "3")
        assert result.exit_code == 0, result.stderr
        assert NAME in result.stdout


class TestMatch:
    def test_json_flattens_the_match_object(self, api, wire):
        data = json_of(api("match", str(MATCH), "--json"))
        expected = wire("get_match", mp=MATCH)
        games = data.pop("games")
        assert_wire_shaped(data, expected["match"])
        assert len(games) == len(expected["games"])
        for game, wire_game in zip(games, expected["games"], strict=True):
            assert_wire_shaped(game, wire_game)

    def test_table(self, api):
        result = api("match", str(MATCH))
        assert result.exit_code == 0, result.stderr
        assert f"match {MATCH}" in result.stdout
        assert "aborted" in result.stdout


class TestDemo:
    def test_user_by_id_and_by_name(self, invoke):
        for who in (str(USER), NAME):
            result = invoke("--demo", "user", who)
            assert result.exit_code == 0, result.stderr
            assert NAME in result.stdout
            assert "6,543.21pp" in result.stdout or "pp" in result.stdout

    def test_demo_needs_no_key_and_ignores_the_environment(self, invoke):
        result = invoke("--demo", "match", str(MATCH), "--json", env={"OSU_API_KEY": "x"})
        assert json_of(result)["match_id"] == str(MATCH)

    def test_demo_with_base_url_is_a_usage_error(self, invoke):
        result = invoke("--demo", "--base-url", "http://example.invalid", "user", "1")
        assert result.exit_code == 2


class TestComputedPp:
    """With the pp extra, ``recent`` and ``best`` fill in the pp the API did not send."""

    def test_recent_plays_show_computed_pp(self, api, emulator):
        pytest.importorskip("rosu_pp_py")
        from osu_transports.sync import OsuApi

        rows = json_of(api("--json", "recent", str(KNOWN.user_id), "-n", "6"))
        with OsuApi(emulator.api_key, base_url=emulator.base_url) as client:
            plays = list(client.get_user_recents(KNOWN.user_id, limit=6))
            expected = [client.get_performance(p).pp if p.pp is None else None for p in plays]
        assert [row["pp_computed"] for row in rows] == pytest.approx(expected)
        assert any(value is not None for value in expected)
        table = api("recent", str(KNOWN.user_id), "-n", "6").stdout
        assert f"~{next(v for v in expected if v is not None):,.0f}" in table
        assert "computed from the map by rosu-pp-py" in table

    def test_best_scores_keep_the_apis_pp(self, api):
        pytest.importorskip("rosu_pp_py")
        rows = json_of(api("--json", "best", str(KNOWN.user_id), "-n", "3"))
        assert all(row["pp"] is not None and row["pp_computed"] is None for row in rows)

    def test_without_the_extra_nothing_is_computed(self, api, monkeypatch):
        import importlib.util

        real = importlib.util.find_spec
        monkeypatch.setattr(
            importlib.util,
            "find_spec",
            lambda name, *a: None if name == "rosu_pp_py" else real(name, *a),
        )
        rows = json_of(api("--json", "recent", str(KNOWN.user_id), "-n", "2"))
        assert all("pp_computed" not in row for row in rows)

"""Request descriptors: exact wire parameters for representative calls, and every bad argument
rejected before any I/O with an InvalidArgument naming it."""

from __future__ import annotations

import datetime as dt

import pytest

import osu_core
from osu_core import GameMode, GameModifiers, InvalidArgument, Request


def req(call) -> Request:
    return call.request


class TestGetBeatmaps:
    def test_no_filters(self):
        assert req(osu_core.get_beatmaps()) == Request(
            endpoint="get_beatmaps", path="/api/get_beatmaps", params=()
        )

    def test_every_parameter_in_wire_order(self):
        call = osu_core.get_beatmaps(
            limit=20,
            since=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            beatmapset_id=675314,
            include_converted=True,
            user="kunka",
            mode=GameMode.Taiko,
            beatmap_id="1428633",
            hash_str="C7D039DE44853CAA2EE7A554A22D61BC",
            mods="HRDT",
        )
        assert req(call).params == (
            ("since", "2024-01-02 01:04:05"),
            ("s", "675314"),
            ("b", "1428633"),
            ("u", "kunka"),
            ("type", "string"),
            ("m", "1"),
            ("a", "1"),
            ("h", "c7d039de44853caa2ee7a554a22d61bc"),
            ("limit", "20"),
            ("mods", "80"),
        )
        assert req(call).needs_key is True
        assert req(call).method == "GET"

    @pytest.mark.parametrize(
        ("since", "wire"),
        [
            (dt.date(2020, 5, 6), "2020-05-06 00:00:00"),
            (dt.datetime(2020, 5, 6, 7, 8, 9), "2020-05-06 07:08:09"),  # noqa: DTZ001 - naive: UTC
            ("2020-05-06", "2020-05-06 00:00:00"),
            ("2020-05-06 07:08", "2020-05-06 07:08:00"),
            ("2020-05-06T07:08:09", "2020-05-06 07:08:09"),
        ],
    )
    def test_since_forms(self, since, wire):
        assert req(osu_core.get_beatmaps(since=since)).params == (("since", wire),)

    def test_single_beatmap_asks_for_one_row(self):
        assert req(osu_core.get_beatmap(beatmap_id=75)).params == (("b", "75"), ("limit", "1"))

    @pytest.mark.parametrize(
        ("kwargs", "parameter"),
        [
            ({"limit": 0}, "limit"),
            ({"limit": 501}, "limit"),
            ({"limit": "5"}, "limit"),
            ({"since": "yesterday"}, "since"),
            ({"since": 5}, "since"),
            ({"beatmapset_id": -1}, "beatmapset_id"),
            ({"beatmap_id": "abc"}, "beatmap_id"),
            ({"beatmap_id": True}, "beatmap_id"),
            ({"mode": 4}, "mode"),
            ({"mode": "fruit salad"}, "mode"),
            ({"include_converted": "yes"}, "include_converted"),
            ({"hash_str": "abc"}, "hash_str"),
            ({"mods": "HDXX"}, "mods"),
            ({"mods": -1}, "mods"),
            ({"user": ""}, "user"),
            ({"user": 0}, "user"),
            ({"user": 2.5}, "user"),
            ({"type_str": "id"}, "type_str"),
            ({"user": 2, "type_str": "name"}, "type_str"),
        ],
    )
    def test_bad_arguments(self, kwargs, parameter):
        with pytest.raises(InvalidArgument) as info:
            osu_core.get_beatmaps(**kwargs)
        assert info.value.parameter == parameter
        assert parameter in str(info.value)
        assert isinstance(info.value, ValueError)


class TestUsers:
    @pytest.mark.parametrize(
        ("user", "type_str", "wire"),
        [
            (2, None, ("2", "id")),
            ("peppy", None, ("peppy", "string")),
            ("1234", None, ("1234", "string")),  # a name made of digits stays a name
            ("1234", "id", ("1234", "id")),
            (1234, "string", ("1234", "string")),
        ],
    )
    def test_type_is_chosen_from_the_argument(self, user, type_str, wire):
        params = req(osu_core.get_user(user, type_str=type_str)).params
        assert params == (("u", wire[0]), ("type", wire[1]))

    def test_get_user_every_parameter(self):
        call = osu_core.get_user("peppy", mode="mania", event_days=31)
        assert req(call) == Request(
            endpoint="get_user",
            path="/api/get_user",
            params=(("u", "peppy"), ("type", "string"), ("m", "3"), ("event_days", "31")),
        )

    @pytest.mark.parametrize("days", [0, 32, "1"])
    def test_event_days_range(self, days):
        with pytest.raises(InvalidArgument, match="event_days"):
            osu_core.get_user(2, event_days=days)

    def test_id_type_needs_digits(self):
        with pytest.raises(InvalidArgument, match="numeric id"):
            osu_core.get_user("peppy", type_str="id")

    @pytest.mark.parametrize(
        ("builder", "endpoint", "high"),
        [
            (osu_core.get_user_bests, "get_user_best", 100),
            (osu_core.get_user_recents, "get_user_recent", 50),
        ],
    )
    def test_user_lists(self, builder, endpoint, high):
        call = builder(2, GameMode.Catch, None, high)
        assert req(call) == Request(
            endpoint=endpoint,
            path=f"/api/{endpoint}",
            params=(("u", "2"), ("type", "id"), ("m", "2"), ("limit", str(high))),
        )
        with pytest.raises(InvalidArgument, match=f"from 1 to {high}"):
            builder(2, limit=high + 1)

    def test_single_best_and_recent(self):
        assert req(osu_core.get_user_best("x")).params[-1] == ("limit", "1")
        assert req(osu_core.get_user_recent("x")).params[-1] == ("limit", "1")


class TestScores:
    def test_every_parameter(self):
        call = osu_core.get_scores(75, "peppy", 0, GameModifiers.Hidden, None, 100)
        assert req(call) == Request(
            endpoint="get_scores",
            path="/api/get_scores",
            params=(
                ("b", "75"),
                ("u", "peppy"),
                ("type", "string"),
                ("m", "0"),
                ("mods", "8"),
                ("limit", "100"),
            ),
        )

    def test_nomod_filter_is_sent(self):
        # mods=0 means "no mods only"; None means no filter (api-v1.md §3)
        assert ("mods", "0") in req(osu_core.get_scores(75, mods=0)).params
        assert ("mods", "0") in req(osu_core.get_scores(75, mods="NM")).params
        assert all(name != "mods" for name, _ in req(osu_core.get_scores(75)).params)

    def test_single_score(self):
        assert req(osu_core.get_score(75, 2)).params == (
            ("b", "75"),
            ("u", "2"),
            ("type", "id"),
            ("limit", "1"),
        )

    @pytest.mark.parametrize("limit", [0, 101])
    def test_limit_range(self, limit):
        with pytest.raises(InvalidArgument, match="limit"):
            osu_core.get_scores(75, limit=limit)

    def test_beatmap_required(self):
        with pytest.raises(InvalidArgument, match="beatmap_id"):
            osu_core.get_scores(None)  # type: ignore[arg-type]


class TestReplayAndMatch:
    def test_replay_by_beatmap_and_user(self):
        call = osu_core.get_replay(GameMode.Osu, 75, "peppy", mods="HD")
        assert req(call) == Request(
            endpoint="get_replay",
            path="/api/get_replay",
            params=(("m", "0"), ("b", "75"), ("u", "peppy"), ("type", "string"), ("mods", "8")),
        )

    def test_replay_by_score_id(self):
        assert req(osu_core.get_replay(3, score_id=123)).params == (("m", "3"), ("s", "123"))

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"mode": 0},
            {"mode": 0, "beatmap_id": 75},
            {"mode": 0, "user": 2},
            {"mode": 0, "beatmap_id": 75, "user": 2, "score_id": 5},
            {"mode": None, "score_id": 5},
        ],
    )
    def test_replay_needs_mode_and_a_score(self, kwargs):
        with pytest.raises(InvalidArgument):
            osu_core.get_replay(**kwargs)

    def test_match(self):
        assert req(osu_core.get_match(52270952)) == Request(
            endpoint="get_match", path="/api/get_match", params=(("mp", "52270952"),)
        )
        with pytest.raises(InvalidArgument, match="match_id"):
            osu_core.get_match(0)


class TestPrepare:
    def test_key_kept_apart(self):
        prepared = osu_core.prepare(
            req(osu_core.get_user(2)), base_url="http://127.0.0.1:9/", api_key="s3cret-key"
        )
        assert prepared.url == "http://127.0.0.1:9/api/get_user"
        assert prepared.params == (("u", "2"), ("type", "id"))
        assert prepared.params_with_key() == (("k", "s3cret-key"), ("u", "2"), ("type", "id"))
        assert "s3cret-key" not in repr(prepared)
        assert "s3cret-key" not in prepared.redacted_url
        assert prepared.redacted_url == "http://127.0.0.1:9/api/get_user?k=***&u=2&type=id"

    def test_keyless_request(self):
        request = Request(endpoint="osu_file", path="/osu/75", needs_key=False)
        prepared = osu_core.prepare(request, api_key="s3cret-key")
        assert prepared.api_key is None
        assert prepared.params_with_key() == ()
        assert prepared.redacted_url == "https://osu.ppy.sh/osu/75"

    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            (
                "https://osu.ppy.sh/api/get_user?k=abc&u=2",
                "https://osu.ppy.sh/api/get_user?k=***&u=2",
            ),
            ("https://osu.ppy.sh/api/get_user?u=2", "https://osu.ppy.sh/api/get_user?u=2"),
            ("not a url", "not a url"),
            ("http://[::1/?k=x", "http://[::1/?k=***"),
            ("GET https://a/b?u=2&k=abc&m=0 200", "GET https://a/b?u=2&k=***&m=0 200"),
            ("https://a/b?kk=1&u=k=2", "https://a/b?kk=1&u=k=2"),
        ],
    )
    def test_redact_url(self, url, expected):
        assert osu_core.redact_url(url) == expected

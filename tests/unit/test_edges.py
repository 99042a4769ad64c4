"""Edges of the core's public surface that the broader tests do not reach."""

from __future__ import annotations

import json

import pytest

import osu_core
from osu_core import GameMode, InvalidArgument, Response

CONVERTER = osu_core.make_converter()


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name):
        def method(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return name

        return method


def test_dir_lists_every_public_name():
    assert set(osu_core.__all__) <= set(dir(osu_core))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = osu_core.nope


def test_a_later_bad_field_is_found_past_good_nested_rows_and_nulls(corpus):
    user = json.loads((corpus / "api" / "get_user-1.json").read_bytes())[0]
    user["pp_rank"] = None  # an allowed null before the bad field
    user["mode"] = "x"  # after the (valid) events
    with pytest.raises(osu_core.ResponseError) as info:
        osu_core.structure_rows(CONVERTER, osu_core.User, [user])
    assert info.value.path == "[0].mode"


def test_unknown_enum_strings_are_remembered(corpus):
    row = json.loads((corpus / "api" / "get_beatmaps-3.json").read_bytes())[0]
    first = osu_core.structure_rows(CONVERTER, osu_core.Beatmap, [{**row, "approved": "9"}])
    again = osu_core.structure_rows(CONVERTER, osu_core.Beatmap, [{**row, "approved": "9"}])
    assert first[0].approved is again[0].approved
    assert first[0].approved.name == "UNKNOWN_9"


def test_type_str_needs_a_user_for_scores():
    with pytest.raises(InvalidArgument, match="type_str"):
        osu_core.get_scores(75, type_str="id")


def test_mode_as_digits():
    assert osu_core.get_user(2, mode=" 2 ").request.params[-1] == ("m", "2")


def test_match_keeps_unknown_top_level_keys(corpus):
    data = json.loads((corpus / "api" / "get_match-2.json").read_bytes())
    data["new_thing"] = "1"
    match = osu_core.get_match(1).parse(Response(status_code=200, body=json.dumps(data).encode()))
    assert match is not None
    assert match.extra == {"new_thing": "1"}


@pytest.mark.parametrize(
    "value", ["Wed, 32 Oct 2026 07:28:30 GMT", "Wed, 21 Oct 2026 7:28 GMT", "21 Oct 2026"]
)
def test_malformed_http_dates_are_ignored(value):
    assert osu_core.retry_after({"retry-after": value, "date": value}) is None


def test_redact_url_without_secrets():
    assert osu_core.redact_url("https://a/b?k=1", secrets=()) == "https://a/b?k=1"


class TestBeatmapFileDownload:
    def test_found(self):
        body = b"osu file format v14\r\n\r\n[Metadata]\r\nTitle:x\r\n"
        found = osu_core.get_beatmap_file(75).parse(Response(status_code=200, body=body))
        assert found is not None
        assert found.beatmap_id == 75
        assert found.version == 14
        assert found.parse().metadata.title == "x"

    @pytest.mark.parametrize(("status", "body"), [(200, b""), (200, b"  \r\n"), (404, b"gone")])
    def test_missing(self, status, body):
        call = osu_core.get_beatmap_file(75)
        assert call.parse(Response(status_code=status, body=body)) is None

    def test_not_utf8(self):
        with pytest.raises(osu_core.ResponseError, match="not UTF-8"):
            osu_core.get_beatmap_file(75).parse(Response(status_code=200, body=b"\xff\xfe"))

    def test_server_error(self):
        with pytest.raises(osu_core.HTTPError) as info:
            osu_core.get_beatmap_file(75).parse(Response(status_code=503, body=b""))
        assert info.value.code == 503

    def test_needs_no_key(self):
        request = osu_core.get_beatmap_file("75").request
        assert request.path == "/osu/75"
        assert not request.needs_key


class TestShorthands:
    def test_user_lists_and_events(self, corpus):
        body = (corpus / "api" / "get_user-1.json").read_bytes()
        user = osu_core.get_user(2, mode=GameMode.Taiko).parse(Response(status_code=200, body=body))
        client = Recorder()
        osu_core.bind_client(user, client)
        user.get_user_bests(limit=5)
        user.get_user_recents()
        user.events[0].get_beatmap()
        assert client.calls == [
            ("get_user_bests", (124493,), {"mode": GameMode.Taiko, "type_str": "id", "limit": 5}),
            (
                "get_user_recents",
                (124493,),
                {"mode": GameMode.Taiko, "type_str": "id", "limit": None},
            ),
            ("get_beatmap", (), {"beatmap_id": 658127}),
        ]

    def test_no_beatmap_means_none(self):
        event = osu_core.UserEvent(
            display_html="x",
            date=osu_core.make_converter().structure(
                "2020-01-01 00:00:00", __import__("datetime").datetime
            ),
            epicfactor=1,
        )
        score_row = json.dumps([{
            "score_id": "1", "score": "1", "username": "u", "count300": "1", "count100": "0",
            "count50": "0", "countmiss": "0", "maxcombo": "1", "countkatu": "0", "countgeki": "0",
            "perfect": "1", "enabled_mods": "0", "user_id": "2", "date": "2020-01-01 00:00:00",
            "rank": "S", "pp": None, "replay_available": "0",
        }]).encode()  # fmt: skip
        (score,) = osu_core.structure_rows(CONVERTER, osu_core.Score, json.loads(score_row))
        osu_core.bind_client([event, score, "not a model"], Recorder())
        assert event.get_beatmap() is None
        assert score.get_beatmap() is None


def test_collection_slices_and_inserts_are_checked(corpus):
    body = (corpus / "api" / "get_beatmaps-3.json").read_bytes()
    maps = osu_core.get_beatmaps().parse(Response(status_code=200, body=body))
    maps[0:1] = [maps[1]]
    assert maps[0] == maps[1]
    maps.insert(0, maps[2])
    maps += [maps[3]]
    assert len(maps) == 6
    with pytest.raises(TypeError):
        maps[0:1] = ["x"]

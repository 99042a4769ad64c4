"""The converter's slow path: every kind of bad value named with its place, and the edges of
the wire rules (zero dates, lenient dates, unknown ids, memo limits, strict mode)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import osu_core
from osu_core import Beatmap, InvalidArgument, ResponseError

UTC = dt.timezone.utc
CONVERTER = osu_core.make_converter()


@pytest.fixture
def row(corpus) -> dict:
    return json.loads((corpus / "api" / "get_beatmaps-3.json").read_bytes())[0]


def fails(cls, data, converter=CONVERTER) -> ResponseError:
    with pytest.raises(ResponseError) as info:
        osu_core.structure_rows(converter, cls, [data], endpoint="test")
    return info.value


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("beatmap_id", "x", "expected an integer"),
        ("bpm", "fast", "expected a number"),
        ("artist", {"a": 1}, "expected a string"),
        ("artist", True, "expected a string"),
        ("storyboard", "2", 'expected a boolean ("0" or "1")'),
        ("last_update", "never", 'expected a date "YYYY-MM-DD HH:MM:SS"'),
        ("last_update", "0000-00-00 00:00:00", "expected a date"),
        ("approved_date", "2013-06 09:11:16", "expected a date"),
        ("approved_date", "2013-06-22", "expected a date"),
        ("approved_date", 5, "expected a date"),
        ("approved", "x", "expected an integer id"),
        ("packs", 5, "expected comma-separated pack tags"),
        ("beatmap_id", None, "field is null"),
    ],
)
def test_each_kind_of_bad_value_is_named(row, field, value, expected):
    error = fails(Beatmap, {**row, field: value})
    assert error.path == f"[0].{field}"
    assert expected in error.message
    assert error.message.startswith(f"test: [0].{field}: ")
    assert error.endpoint == "test"


def test_missing_required_field(row):
    del row["title"]
    assert fails(Beatmap, row).message == "test: [0].title: missing field"


def test_not_an_object():
    assert "expected a JSON object for Beatmap" in fails(Beatmap, ["x"]).message


@pytest.mark.parametrize(
    ("field", "value", "path", "expected"),
    [
        ("enabled_mods", "x", ".enabled_mods", "mod bits"),
        ("date", "2013-13-01 00:00:00", ".date", "expected a date"),
    ],
)
def test_score_fields(corpus, field, value, path, expected):
    score = json.loads((corpus / "api" / "get_scores-1.json").read_bytes())[0]
    error = fails(osu_core.Score, {**score, field: value})
    assert error.path == f"[0]{path}"
    assert expected in error.message


@pytest.mark.parametrize(
    ("events", "path", "expected"),
    [
        ("x", "[0].events", "a JSON array of objects"),
        ([5], "[0].events[0]", "expected a JSON object for UserEvent"),
        ([{"display_html": "x", "date": "bad", "epicfactor": "1"}], "[0].events[0].date", "date"),
    ],
)
def test_nested_rows_are_located(corpus, events, path, expected):
    user = json.loads((corpus / "api" / "get_user-1.json").read_bytes())[0]
    error = fails(osu_core.User, {**user, "events": events})
    assert error.path == path
    assert expected in error.message


def test_replay_user_must_be_an_id_or_a_name():
    error = fails(osu_core.Replay, {"content": "", "mode": "0", "user": 1.5})
    assert error.path == "[0].user"
    assert "a user id or name" in error.message


def test_strict_mode_names_the_unknown_fields(row):
    strict = osu_core.make_converter(forbid_extra_keys=True)
    error = fails(Beatmap, {**row, "zzz": "1", "aaa": None}, strict)
    assert "unknown fields ['aaa', 'zzz'] for Beatmap" in error.message
    # and the loose converter keeps them
    (kept,) = osu_core.structure_rows(CONVERTER, Beatmap, [{**row, "zzz": "1"}])
    assert kept.extra == {"zzz": "1"}
    assert CONVERTER.unstructure(kept)["zzz"] == "1"


def test_not_a_list_of_rows():
    with pytest.raises(ResponseError, match="expected a JSON array of rows, got dict"):
        osu_core.structure_rows(CONVERTER, Beatmap, {"a": 1}, endpoint="x")


class TestWireValues:
    def test_zero_date_is_none_where_allowed(self, row):
        (beatmap,) = osu_core.structure_rows(
            CONVERTER, Beatmap, [{**row, "approved_date": "0000-00-00 00:00:00"}]
        )
        assert beatmap.approved_date is None

    def test_numbers_where_strings_are_expected(self, row):
        (beatmap,) = osu_core.structure_rows(CONVERTER, Beatmap, [{**row, "version": 7}])
        assert beatmap.version == "7"

    def test_json_numbers_and_booleans_for_numeric_fields(self, row):
        data = {**row, "beatmap_id": 5, "storyboard": 1, "approved": 4, "bpm": 120}
        (beatmap,) = osu_core.structure_rows(CONVERTER, Beatmap, [data])
        assert (beatmap.beatmap_id, beatmap.storyboard, beatmap.bpm) == (5, True, 120.0)
        assert beatmap.approved is osu_core.BeatmapApprovedState.Loved

    def test_unknown_ids_become_pseudo_members(self, row):
        (beatmap,) = osu_core.structure_rows(CONVERTER, Beatmap, [{**row, "genre_id": "42"}])
        assert beatmap.genre_id == 42
        assert not beatmap.genre_id.is_known

    def test_datetime_hook(self):
        moment = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
        assert CONVERTER.structure(moment, dt.datetime) is moment
        assert CONVERTER.structure("2020-01-02 03:04:05", dt.datetime) == moment
        assert CONVERTER.unstructure(moment) == "2020-01-02 03:04:05"

    def test_naive_datetimes_are_refused_when_writing(self):
        with pytest.raises(InvalidArgument, match="naive datetime"):
            CONVERTER.unstructure(dt.datetime(2020, 1, 2))  # noqa: DTZ001 - the point

    def test_legacy_zone_round_trip(self):
        legacy = osu_core.make_converter(timezone=osu_core.LEGACY_TIMEZONE)
        moment = legacy.structure("2018-06-28 19:52:58", dt.datetime)
        assert moment == dt.datetime(2018, 6, 28, 11, 52, 58, tzinfo=UTC)
        assert legacy.unstructure(moment) == "2018-06-28 19:52:58"

    def test_many_distinct_dates_stay_correct_past_the_memo_limit(self, row):
        rows = [
            {
                **row,
                "beatmap_id": str(i),
                "last_update": "2020-01-01 00:00:00",
                "submit_date": (
                    dt.datetime(2000, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=i)
                ).strftime("%Y-%m-%d %H:%M:%S"),
            }
            for i in range(9000)
        ]
        maps = osu_core.structure_rows(CONVERTER, Beatmap, rows)
        assert maps[-1].submit_date == dt.datetime(2000, 1, 1, 2, 29, 59, tzinfo=UTC)
        assert maps[8191].submit_date == dt.datetime(2000, 1, 1, 2, 16, 31, tzinfo=UTC)

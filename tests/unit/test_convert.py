"""The converter's careful path: every kind of bad value named with its place, hostile values
(huge, non-ASCII, non-finite, negative, wrong JSON types, out-of-range dates and ids), deep
unknown fields, and the edges of the wire rules (zero dates, lenient dates, unknown ids, memo
limits, strict mode)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle

import attrs
import pytest

import osu_core
from osu_core import Beatmap, InvalidArgument, ResponseError
from osu_core._base import MAX_EXTRA_DEPTH
from osu_core._convert import INT_MAX, MODS_MAX
from tests._support import CORPUS_ROWS

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


# --- hostile values inside otherwise well-shaped rows -----------------------------------------

LEGACY = osu_core.make_converter(timezone=osu_core.LEGACY_TIMEZONE)


def parse_one(cls, data, converter=CONVERTER):
    (model,) = osu_core.structure_rows(converter, cls, [data], endpoint="test")
    return model


# beatmap_id is read on the hot path directly, favourite_count through a memo, bpm and
# difficultyrating likewise for numbers: both paths must draw the same line.
@pytest.mark.parametrize("field", ["beatmap_id", "favourite_count", "playcount"])
@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("9" * 5000, ""),  # int() refuses more than 4300 digits with a ValueError
        ("9" * 20, "(out of range 0 to 9223372036854775807)"),
        (str(INT_MAX + 1), "(out of range 0 to 9223372036854775807)"),
        ("-1", "(out of range 0 to 9223372036854775807)"),
        (-1, "(out of range 0 to 9223372036854775807)"),
        ("\u0663", "(not plain ASCII digits)"),  # ARABIC-INDIC DIGIT THREE: int() reads it as 3
        ("1\u0663", "(not plain ASCII digits)"),
        ("\uff11", "(not plain ASCII digits)"),  # FULLWIDTH DIGIT ONE
        ("\u00b2", "(not plain ASCII digits)"),  # SUPERSCRIPT TWO: int() refuses it anyway
        ("1_0", "(not plain ASCII digits)"),  # int() reads Python's digit grouping: 10
        ("", ""),
        ("1.5", ""),
        ("0x10", ""),
        ("1e3", ""),
        (True, ""),
        (False, ""),
        (1.5, ""),
        (5.0, ""),  # floats are refused outright: past 2**53 they are not the integer meant
        ([1], ""),
        ({"a": 1}, ""),
    ],
)
def test_hostile_integers_are_named(row, field, value, detail):
    error = fails(Beatmap, {**row, field: value})
    assert error.path == f"[0].{field}"
    assert error.message.startswith(f"test: [0].{field}: expected an integer, got ")
    assert error.message.endswith(detail)


@pytest.mark.parametrize("field", ["beatmap_id", "favourite_count"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0), (str(INT_MAX), INT_MAX), (INT_MAX, INT_MAX), (" 12 ", 12), ("007", 7), (12, 12)],
)
def test_integers_that_read(row, field, value, expected):
    assert getattr(parse_one(Beatmap, {**row, field: value}), field) == expected


@pytest.mark.parametrize("field", ["bpm", "difficultyrating", "diff_aim"])
@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("1e400", "(not finite)"),
        ("9" * 5000, "(not finite)"),
        ("nan", "(not finite)"),
        ("NaN", "(not finite)"),
        ("inf", "(not finite)"),
        ("Infinity", "(not finite)"),
        ("-inf", "(negative)"),
        ("-1.5", "(negative)"),
        (-1.5, "(negative)"),
        (float("nan"), "(not finite)"),
        (float("inf"), "(not finite)"),
        ("\u0661.\u0665", "(not plain ASCII digits)"),  # float() reads it as 1.5
        ("1_0.5", "(not plain ASCII digits)"),  # float() reads it as 10.5
        ("1,5", ""),
        ("", ""),
        (True, ""),
        ([1.5], ""),
        (10**400, ""),  # JSON has such integers; float() overflows
    ],
)
def test_hostile_numbers_are_named(row, field, value, detail):
    error = fails(Beatmap, {**row, field: value})
    assert error.path == f"[0].{field}"
    assert error.message.startswith(f"test: [0].{field}: expected a number, got ")
    assert error.message.endswith(detail)


@pytest.mark.parametrize("field", ["bpm", "difficultyrating"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0.0), ("-0", 0.0), ("1e300", 1e300), ("4.5", 4.5), (120, 120.0), (8.5, 8.5)],
)
def test_numbers_that_read(row, field, value, expected):
    assert getattr(parse_one(Beatmap, {**row, field: value}), field) == expected


@pytest.mark.parametrize("field", ["approved", "genre_id", "mode"])
@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("256", "(out of range -128 to 255)"),
        ("-129", "(out of range -128 to 255)"),
        (str(2**64), "(out of range -128 to 255)"),
        ("9" * 5000, ""),
        ("\u0663", "(not plain ASCII digits)"),
        (True, ""),
        (1.0, ""),
        ("1.0", ""),
        (None, None),
    ],
)
def test_hostile_enum_ids_are_named(row, field, value, detail):
    error = fails(Beatmap, {**row, field: value})
    assert error.path == f"[0].{field}"
    if detail is None:
        assert error.message == f"test: [0].{field}: field is null"
    else:
        assert error.message.startswith(f"test: [0].{field}: expected an integer id, got ")
        assert error.message.endswith(detail)


def test_a_json_boolean_never_passes_for_id_1(row):
    # True == 1 and hash(True) == hash(1): a table keyed by ints would answer True with the
    # member for 1, once a JSON number 1 had been seen.
    assert parse_one(Beatmap, {**row, "approved": 1}).approved == 1
    assert fails(Beatmap, {**row, "approved": True}).path == "[0].approved"
    assert parse_one(Beatmap, {**row, "favourite_count": 1}).favourite_count == 1
    assert fails(Beatmap, {**row, "favourite_count": True}).path == "[0].favourite_count"


def test_enum_ids_at_the_bounds_read(row):
    low = parse_one(Beatmap, {**row, "approved": "-128"}).approved
    high = parse_one(Beatmap, {**row, "genre_id": 255}).genre_id
    assert (low, high) == (-128, 255)
    assert not low.is_known
    assert parse_one(Beatmap, {**row, "approved": "-2"}).approved is (
        osu_core.BeatmapApprovedState.Graveyard
    )


@pytest.fixture
def score(corpus) -> dict:
    return json.loads((corpus / "api" / "get_scores-1.json").read_bytes())[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (str(MODS_MAX), MODS_MAX),
        ("0", 0),
        ("576", osu_core.GameModifiers.DoubleTime | osu_core.GameModifiers.Nightcore),
        (str(2**31), "(out of range 0 to 2147483647)"),
        (str(2**40), "(out of range 0 to 2147483647)"),
        ("-1", "(out of range 0 to 2147483647)"),
        ("\u0667\u0662", "(not plain ASCII digits)"),
        (False, ""),
    ],
)
def test_mod_bits(score, value, expected):
    if isinstance(expected, int):
        assert parse_one(osu_core.Score, {**score, "enabled_mods": value}).enabled_mods == expected
        return
    error = fails(osu_core.Score, {**score, "enabled_mods": value})
    assert error.path == "[0].enabled_mods"
    assert "expected mod bits (an integer), got " in error.message
    assert error.message.endswith(expected)


class TestHostileDates:
    @pytest.mark.parametrize(
        "value",
        [
            # 2013-06-22 09:11:16 in Arabic-Indic digits
            "\u0662\u0660\u0661\u0663-\u0660\u0666-\u0662\u0662 "
            "\u0660\u0669:\u0661\u0661:\u0661\u0666",
            "2013-06-22 09:11:1\u0666",
            "2013-06-22x09:11:16",  # fromisoformat takes any separator
            "2013-W25-6 09:11:16",  # and ISO week dates
            "2013-06-22 09:11:16+08:00",
            "2013-02-30 00:00:00",
            "2013-06-22 24:00:00",
            "10000-01-01 00:00:00",
            "2013-+6-22 9:11:16",  # int() would take the sign
            "2013-06-22 9:11:16.5",
            "",
            "9" * 5000,
            20130622,
            True,
            ["2013-06-22 09:11:16"],
        ],
    )
    def test_are_named(self, score, value):
        error = fails(osu_core.Score, {**score, "date": value})
        assert error.path == "[0].date"
        assert 'expected a date "YYYY-MM-DD HH:MM:SS", got ' in error.message

    def test_the_mysql_zero_date(self, row, score):
        assert (
            parse_one(Beatmap, {**row, "approved_date": "0000-00-00 00:00:00"}).approved_date
            is None
        )
        error = fails(osu_core.Score, {**score, "date": "0000-00-00 00:00:00"})
        assert error.path == "[0].date"

    def test_the_last_moment(self, score):
        last = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
        assert parse_one(osu_core.Score, {**score, "date": "9999-12-31 23:59:59"}).date == last
        in_legacy = parse_one(osu_core.Score, {**score, "date": "9999-12-31 23:59:59"}, LEGACY)
        assert in_legacy.date == last - dt.timedelta(hours=8)
        assert LEGACY.unstructure(in_legacy)["date"] == "9999-12-31 23:59:59"

    def test_a_legacy_date_before_year_1_in_utc(self, score):
        error = fails(osu_core.Score, {**score, "date": "0001-01-01 07:59:59"}, LEGACY)
        assert error.path == "[0].date"
        assert error.message.endswith("(out of range once moved from UTC+08:00 to UTC)")
        first = parse_one(osu_core.Score, {**score, "date": "0001-01-01 08:00:00"}, LEGACY)
        assert first.date == dt.datetime(1, 1, 1, tzinfo=UTC)

    def test_writing_a_date_the_zone_cannot_hold(self, score):
        late = parse_one(osu_core.Score, {**score, "date": "9999-12-31 23:59:59"})
        with pytest.raises(InvalidArgument, match="cannot be written in UTC\\+08:00"):
            LEGACY.unstructure(late)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("2013-06-22 9:11:16", dt.datetime(2013, 6, 22, 9, 11, 16, tzinfo=UTC)),
            ("2013-6-2 9:1", dt.datetime(2013, 6, 2, 9, 1, tzinfo=UTC)),
            ("2013-06-22T09:11:16", dt.datetime(2013, 6, 22, 9, 11, 16, tzinfo=UTC)),
            (" 2013-06-22 09:11:16 ", dt.datetime(2013, 6, 22, 9, 11, 16, tzinfo=UTC)),
        ],
    )
    def test_lenient_forms_still_read(self, score, value, expected):
        assert parse_one(osu_core.Score, {**score, "date": value}).date == expected

    def test_the_datetime_hook_raises_response_error(self):
        with pytest.raises(ResponseError, match="got str '2013-06-22x09:11:16'"):
            CONVERTER.structure("2013-06-22x09:11:16", dt.datetime)
        with pytest.raises(ResponseError, match="out of range once moved"):
            LEGACY.structure("0001-01-01 00:00:00", dt.datetime)
        with pytest.raises(ResponseError, match="got datetime"):  # naive: no zone to keep
            CONVERTER.structure(dt.datetime(2020, 1, 1), dt.datetime)  # noqa: DTZ001


class TestHostileTypes:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("artist", None),
            ("artist", ["TRUE"]),
            ("artist", float("inf")),
            ("artist", False),
            ("storyboard", "true"),
            ("storyboard", "2"),
            ("storyboard", [1]),
            ("packs", ["S1"]),
        ],
    )
    def test_are_named(self, row, field, value):
        error = fails(Beatmap, {**row, "storyboard": "0", "packs": "S1", field: value})
        assert error.path == f"[0].{field}"

    @pytest.mark.parametrize("events", [{}, "", "[]", 0, {"0": {}}])
    def test_a_list_of_rows_must_be_a_list(self, corpus, events):
        # Iterating {} or "" would silently give no events.
        user = json.loads((corpus / "api" / "get_user-1.json").read_bytes())[0]
        error = fails(osu_core.User, {**user, "events": events})
        assert error.path == "[0].events"
        assert "expected a JSON array of objects" in error.message

    def test_null_or_absent_lists_and_defaults(self, corpus):
        user = json.loads((corpus / "api" / "get_user-1.json").read_bytes())[0]
        assert parse_one(osu_core.User, {**user, "events": None}).events == ()
        del user["events"]
        assert parse_one(osu_core.User, user).events == ()
        replay = parse_one(osu_core.Replay, {"content": "", "mode": "0", "encoding": None})
        assert replay.encoding == "base64"  # the field's default, not None

    def test_huge_strings_are_kept_whole(self, row):
        tags = "x " * 500_000
        assert parse_one(Beatmap, {**row, "tags": tags}).tags == tags

    def test_messages_stay_short_whatever_the_value(self, row):
        deep: list = []
        for _ in range(5000):
            deep = [deep]
        for value in (deep, "9" * 100_000, {str(i): i for i in range(10_000)}, 10**5000):
            error = fails(Beatmap, {**row, "beatmap_id": value})
            assert error.path == "[0].beatmap_id"
            assert len(error.message) < 200, error.message
        assert "int (too large to show)" in fails(Beatmap, {**row, "beatmap_id": 10**5000}).message

    def test_a_row_that_is_no_object(self):
        for value in ("abc", 5, None, [], [{}], True):
            assert fails(Beatmap, value).message.startswith("test: [0]: expected a JSON object")


class TestDeepUnknownFields:
    @staticmethod
    def nested(depth: int) -> object:
        value: object = "leaf"
        for level in range(depth):
            value = [value] if level % 2 else {"k": value}
        return value

    def test_up_to_the_limit_is_kept_and_behaves(self, row):
        deep = self.nested(MAX_EXTRA_DEPTH)
        beatmap = parse_one(Beatmap, {**row, "zzz": deep})
        assert beatmap.extra == {"zzz": deep}
        twin = parse_one(Beatmap, json.loads(json.dumps({**row, "zzz": deep})))
        assert beatmap == twin
        assert hash(beatmap) == hash(twin)
        assert "zzz" not in repr(beatmap)
        assert CONVERTER.unstructure(beatmap)["zzz"] == deep
        # (A model itself cannot be copied or pickled: its extra is a mappingproxy.)
        assert copy.deepcopy(dict(beatmap.extra)) == {"zzz": deep}
        assert pickle.loads(pickle.dumps(dict(beatmap.extra))) == {"zzz": deep}
        assert json.loads(json.dumps(CONVERTER.unstructure(beatmap), indent=2))["zzz"] == deep

    @pytest.mark.parametrize("depth", [MAX_EXTRA_DEPTH + 1, 500, 5000])
    def test_deeper_is_named(self, row, depth):
        error = fails(Beatmap, {**row, "zzz": self.nested(depth)})
        assert error.path == "[0].zzz"
        assert error.message == (
            f"test: [0].zzz: unknown field nested deeper than {MAX_EXTRA_DEPTH} levels"
        )

    def test_wide_but_shallow_is_fine(self, row):
        wide = [[i] for i in range(100_000)]
        assert parse_one(Beatmap, {**row, "zzz": wide}).extra["zzz"] is wide

    def test_models_built_otherwise_keep_the_rule(self):
        deep = self.nested(MAX_EXTRA_DEPTH + 1)
        with pytest.raises(ResponseError, match="nested deeper") as info:
            osu_core.Replay(content="", mode=osu_core.GameMode.Osu, extra={"zzz": deep})
        assert info.value.path == ".zzz"
        ok = osu_core.Replay(content="", mode=0, extra={"zzz": self.nested(MAX_EXTRA_DEPTH)})
        assert ok.extra["zzz"] == self.nested(MAX_EXTRA_DEPTH)

    def test_get_replay_keeps_the_rule(self):
        body = json.dumps({"content": "", "zzz": self.nested(MAX_EXTRA_DEPTH + 1)}).encode()
        with pytest.raises(ResponseError, match="nested deeper") as info:
            osu_core.get_replay(0, score_id=1).parse(osu_core.Response(status_code=200, body=body))
        assert info.value.path == ".zzz"

    def test_fill_holds_extra_to_the_same_rule(self, row):
        beatmap = parse_one(Beatmap, row)
        with pytest.raises(ResponseError, match="nested deeper") as info:
            osu_core._convert.fill([beatmap], extra={"top": self.nested(MAX_EXTRA_DEPTH + 1)})
        assert info.value.path == ".top"
        osu_core._convert.fill([beatmap], extra={"top": self.nested(MAX_EXTRA_DEPTH)})
        assert "top" in beatmap.extra


class TestCarefulPathAgrees:
    """The hot path is an optimisation of the careful path: same model for every row it reads."""

    @pytest.mark.parametrize(("name", "model"), CORPUS_ROWS)
    @pytest.mark.parametrize("converter", [CONVERTER, LEGACY], ids=["utc", "legacy"])
    def test_on_the_corpus(self, corpus, name, model, converter):
        rows = json.loads((corpus / "api" / name).read_bytes())
        codec = converter.get_structure_hook(model).__globals__["_careful"].__self__
        for row in rows:
            assert codec.careful(model, row) == converter.structure(row, model)


def test_generated_hooks_show_their_source():
    # Registered in linecache (as cattrs does), so tracebacks and inspect show the lines.
    import inspect
    import linecache

    hook = osu_core.make_converter().get_structure_hook(Beatmap)
    source = inspect.getsource(hook)
    assert source.startswith("def structure(d, _type=None):")
    assert "'beatmap_id'" in source
    filename = hook.__code__.co_filename
    assert filename.startswith("<osu_core generated structure Beatmap #")
    assert linecache.getline(filename, 1) == "def structure(d, _type=None):\n"
    other = osu_core.make_converter().get_structure_hook(Beatmap)
    assert other.__code__.co_filename != filename  # one entry per generated function


def test_every_field_kind_is_one_row_of_the_table():
    from osu_core import _convert, _models

    models = [
        getattr(_models, name)
        for name in dir(_models)
        if isinstance(getattr(_models, name), type) and _convert._is_model(getattr(_models, name))
    ]
    used = {field.kind for cls in models for field in _convert._fields_of(cls)}
    assert used == set(_convert._KINDS)  # every row serves a field, every field has its row
    assert all(row.expected for row in _convert._KINDS.values())


class Tag:
    def __init__(self, text: str) -> None:
        self.text = text


@attrs.frozen
class CacheEntry:
    tag: Tag
    beatmap: Beatmap


def test_configure_converter_teaches_a_converter_of_yours(row):
    # As cattrs' preconf modules do: your converter, your hooks, our models inside your types.
    import cattrs

    converter = cattrs.Converter()
    converter.register_structure_hook(Tag, lambda value, _: Tag(value.upper()))
    converter.register_unstructure_hook(Tag, lambda tag: tag.text.lower())
    osu_core.configure_converter(converter)
    entry = converter.structure({"tag": "ranked", "beatmap": row}, CacheEntry)
    assert entry.tag.text == "RANKED"
    assert entry.beatmap == CONVERTER.structure(row, Beatmap)
    again = converter.structure(converter.unstructure(entry), CacheEntry)
    assert again.beatmap == entry.beatmap
    assert again.tag.text == "RANKED"
    # cattrs groups what goes wrong in your class; ours is in the group, naming the field
    with pytest.raises(cattrs.ClassValidationError) as info:
        converter.structure({"tag": "x", "beatmap": {**row, "beatmap_id": "x"}}, CacheEntry)
    (inner,) = info.value.exceptions
    assert isinstance(inner, ResponseError)
    assert inner.path == ".beatmap_id"

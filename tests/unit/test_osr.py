""".osr files: corpus headers, byte-exact rendering, malformed files and assembling from the API."""

from __future__ import annotations

import base64
import json
import lzma
import struct
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest

from osu_core import (
    CorruptReplayError,
    GameMode,
    GameModifiers,
    InvalidArgument,
    ParseError,
    ReplayTooLargeError,
)
from osu_core.replay import (
    LifeBarPoint,
    ManiaKeys,
    OsrFile,
    assemble_osr,
    decode_replay_frames,
    format_life_bar,
    parse_osr,
    render_osr,
)
from osu_core.replay._osr import MAX_LAZER_SCORE_INFO_SIZE

UTC = timezone.utc


@pytest.fixture(scope="module")
def expected(corpus):
    data = json.loads((corpus / "expected.json").read_text())
    return {entry["file"]: entry for entry in data["files"] if entry["file"].startswith("osr/")}


def read(corpus: Path, name: str) -> bytes:
    return (corpus / "osr" / name).read_bytes()


def lazer_acronyms(osr: OsrFile) -> list[str]:
    # lazer adds Classic (CL) to every stable score, and calls KeyCoop "DS" (dual stages).
    names = {GameModifiers.Key9: "9K", GameModifiers.KeyCoop: "DS"}
    assert osr.mods == GameModifiers.Key9 | GameModifiers.KeyCoop
    return ["CL"] * (osr.game_version < 30000000) + [a for f, a in names.items() if f in osr.mods]


# What each `expected` key of expected.json means for an OsrFile.
EXPECTED_KEYS = {
    "mode": lambda osr: osr.mode,
    "game_version": lambda osr: osr.game_version,
    "beatmap_md5": lambda osr: osr.beatmap_md5,
    "username": lambda osr: osr.player_name,
    "count_300": lambda osr: osr.count300,
    "count_300(Great)": lambda osr: osr.count300,
    "count_100": lambda osr: osr.count100,
    "count_50": lambda osr: osr.count50,
    "count_geki": lambda osr: osr.countgeki,
    "count_geki(LargeBonus)": lambda osr: osr.countgeki,
    "count_katu": lambda osr: osr.countkatu,
    "count_katu(Good)": lambda osr: osr.countkatu,
    "count_miss": lambda osr: osr.countmiss,
    "total_score": lambda osr: osr.score,
    "max_combo": lambda osr: osr.maxcombo,
    "perfect": lambda osr: osr.perfect,
    "mods": lambda osr: osr.mods,
    "mods(lazer acronyms)": lazer_acronyms,
    "timestamp": lambda osr: osr.timestamp.isoformat(),
    "online_score_id": lambda osr: osr.online_score_id,
    "legacy_online_score_id": lambda osr: osr.online_score_id if osr.online_score_id else -1,
    "lazer_online_id": lambda osr: (
        json.loads(osr.lazer_score_info())["online_id"] if osr.lazer_score_info() else -1
    ),
    "rng_seed": lambda osr: osr.frames().rng_seed,
    "frames(osrparse semantics)": lambda osr: len(osr.frames()),
    "frames_non_empty": lambda osr: len(osr.frames()) > 0,
    "first_frame_times(after skip frames)": lambda osr: [f.time for f in osr.frames()[:3]],
    "frame_at(414).keys": lambda osr: [
        flag.name
        for flag in ManiaKeys
        if flag.value  # Python 3.10 iterates the zero member too
        and flag in next(f for f in osr.frames() if f.time == 414).keys
    ],
}


class TestCorpus:
    def test_every_expected_value(self, corpus, expected):
        checked = 0
        for name, entry in expected.items():
            osr = parse_osr(read(corpus, name.removeprefix("osr/")))
            for key, claim in entry["expected"].items():
                assert key in EXPECTED_KEYS, f"no check for expected key {key!r}"
                assert EXPECTED_KEYS[key](osr) == claim["value"], (name, key)
                checked += 1
        assert checked > 30

    def test_headers_match_the_independent_walk(self, corpus, expected):
        for name, entry in expected.items():
            computed = entry["computed"]
            osr = parse_osr(read(corpus, name.removeprefix("osr/")))
            assert osr.mode == computed["mode"]
            assert osr.game_version == computed["game_version"]
            assert osr.beatmap_md5 == computed["beatmap_md5"]
            assert osr.player_name == computed["username"]
            assert osr.replay_md5 == computed["replay_md5"]
            counts = (osr.count300, osr.count100, osr.count50, osr.countgeki, osr.countkatu)
            assert counts == tuple(
                computed[k]
                for k in ("count_300", "count_100", "count_50", "count_geki", "count_katu")
            )
            assert osr.countmiss == computed["count_miss"]
            assert (osr.score, osr.maxcombo) == (computed["total_score"], computed["max_combo"])
            assert osr.perfect == bool(computed["perfect"])
            assert int(osr.mods) == computed["mods"]
            assert bool(osr.life_bar) == computed["life_bar_present"]
            assert osr.timestamp_ticks == computed["timestamp_ticks"]
            assert len(osr.replay_data) == computed["compressed_len"]
            assert osr.online_score_id == computed["online_score_id_raw"]
            size = osr.online_score_id_size + len(osr.extra)
            assert size == computed["bytes_after_replay_data"]

    def test_every_file_renders_back_byte_for_byte(self, corpus):
        for path in sorted((corpus / "osr").glob("*.osr")):
            data = path.read_bytes()
            assert render_osr(parse_osr(data)) == data, path.name

    def test_online_id_width_follows_the_remaining_bytes(self, corpus):
        old = parse_osr(read(corpus, "osrparse__replay_old_replayid.osr"))
        new = parse_osr(read(corpus, "osrparse__replay2.osr"))
        assert (old.online_score_id, old.online_score_id_size) == (1127598189, 4)
        assert (new.online_score_id, new.online_score_id_size) == (1127598189, 8)
        legacy = parse_osr(
            read(corpus, "lazer__Tests__Replays__taiko-replay-with-legacy-online-id.osr")
        )
        assert (legacy.online_score_id, legacy.extra) == (255, b"\n")
        assert legacy.lazer_score_info() is None

    def test_lazer_score_info(self, corpus):
        osr = parse_osr(read(corpus, "lazer__Tests__Replays__taiko-replay-with-new-online-id.osr"))
        info = json.loads(osr.lazer_score_info())
        assert info["online_id"] == 258
        assert info["statistics"]["great"] == osr.count300 == 73
        assert osr.online_score_id == -1

    def test_life_bar_and_timestamp(self, corpus):
        osr = parse_osr(read(corpus, "lazer__Tests__Replays__mania-replay.osr"))
        assert osr.life_bar_points == (LifeBarPoint(10972, 1.0), LifeBarPoint(18098, 1.0))
        assert format_life_bar(osr.life_bar_points) == osr.life_bar == "10972|1,18098|1,"
        taiko = parse_osr(read(corpus, "lazer__Tests__Replays__taiko-replay.osr"))
        assert taiko.life_bar_points[0] == LifeBarPoint(2133, 0.33)
        # 637566878061689419 ticks: microseconds exact, the 100 ns digit kept apart.
        mania = parse_osr(read(corpus, "osrparse__mania.osr"))
        assert mania.timestamp == datetime(2021, 5, 15, 15, 3, 26, 168941, tzinfo=UTC)
        assert mania.timestamp_extra_ticks == 9
        assert parse_osr(read(corpus, "osrparse__replay2.osr")).life_bar is None


def small_osr(**changes) -> OsrFile:
    fields = {
        "mode": GameMode.Osu,
        "game_version": 20240411,
        "beatmap_md5": "0" * 32,
        "player_name": "peppy",
        "replay_md5": None,
        "count300": 1,
        "count100": 2,
        "count50": 3,
        "countgeki": 4,
        "countkatu": 5,
        "countmiss": 6,
        "score": 1000,
        "maxcombo": 7,
        "perfect": False,
        "mods": GameModifiers.none,
        "life_bar": "",
        "timestamp": datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC),
        "replay_data": b"",
    }
    fields.update(changes)
    return OsrFile(**fields)


class TestWrite:
    @pytest.mark.parametrize("name", ["ぺっぴー", "x" * 200, "Ñandú", ""])
    def test_player_names_are_utf8_with_uleb128_length(self, name):
        data = render_osr(small_osr(player_name=name))
        encoded = name.encode("utf-8")
        length = (
            bytes([len(encoded)]) if len(encoded) < 128 else bytes([len(encoded) & 0x7F | 0x80, 1])
        )
        assert b"\x0b" + length + encoded in data
        assert parse_osr(data).player_name == name

    def test_absent_strings(self):
        osr = small_osr(beatmap_md5=None, player_name=None, life_bar=None)
        assert parse_osr(render_osr(osr)) == osr

    def test_target_practice_accuracy_round_trips(self):
        osr = small_osr(mods=GameModifiers.TargetPractice, target_practice_accuracy=0.75)
        assert parse_osr(render_osr(osr)) == osr
        four = attrs.evolve(osr, online_score_id=5, online_score_id_size=4)
        assert parse_osr(render_osr(four)) == four

    def test_no_replay_data(self):
        osr = small_osr(replay_data=None, online_score_id_size=0)
        data = render_osr(osr)
        assert data.endswith(b"\xff\xff\xff\xff")
        assert parse_osr(data) == osr
        assert len(osr.frames()) == 0

    @pytest.mark.parametrize(
        "changes",
        [
            {"online_score_id_size": 4, "extra": b"1234"},
            {"online_score_id_size": 4, "online_score_id": 2**40},
            {"online_score_id_size": 0, "online_score_id": 3},
            {"target_practice_accuracy": 0.5},
            {"mods": GameModifiers.TargetPractice, "extra": b"12345678"},
            {"mods": GameModifiers.TargetPractice, "extra": b"1234"},
        ],
    )
    def test_ambiguous_layouts_are_refused(self, changes):
        with pytest.raises(InvalidArgument):
            render_osr(small_osr(**changes))

    @pytest.mark.parametrize(
        "changes",
        [
            {"count300": 70000},
            {"score": 2**31},
            {"timestamp": datetime(2020, 1, 1)},  # noqa: DTZ001  (naive on purpose)
            {"online_score_id_size": 2},
            {"player_name": b"peppy"},
            {"extra": "x"},
        ],
    )
    def test_values_that_do_not_fit(self, changes):
        with pytest.raises(InvalidArgument):
            small_osr(**changes)


class TestMalformed:
    def test_every_truncation_raises_parse_error_or_parses(self, corpus):
        # Cut anywhere before the 8-byte online id: ParseError. Cut inside it: the shorter
        # tail reads as a 4-byte id or none, as in files that old clients wrote.
        data = read(corpus, "lazer__Tests__Replays__taiko-replay.osr")
        for end in range(len(data)):
            try:
                parse_osr(data[:end])
                raised = False
            except ParseError:
                raised = True
            assert raised == (end < len(data) - 8), end

    @pytest.mark.parametrize(
        ("patch", "message"),
        [
            ((5, b"\x07"), "string marker"),
            ((6, b"\x80\x80\x80\x80\x80\x01"), "too long"),
        ],
    )
    def test_bad_strings(self, corpus, patch, message):
        data = bytearray(read(corpus, "lazer__Tests__Replays__taiko-replay.osr"))
        at, value = patch
        data[at : at + len(value)] = value
        with pytest.raises(ParseError, match=message):
            parse_osr(bytes(data))

    def test_invalid_utf8(self):
        data = bytearray(render_osr(small_osr(player_name="ab")))
        data[data.index(b"ab")] = 0xFF
        with pytest.raises(ParseError, match="UTF-8"):
            parse_osr(bytes(data))

    def test_negative_timestamp(self):
        osr = small_osr()
        data = render_osr(osr)
        ticks = osr.timestamp_ticks.to_bytes(8, "little")
        with pytest.raises(ParseError, match="timestamp"):
            parse_osr(data.replace(ticks, (-1).to_bytes(8, "little", signed=True)))

    def test_not_bytes(self):
        with pytest.raises(InvalidArgument):
            parse_osr("data")  # type: ignore[arg-type]

    def test_corrupt_replay_data_fails_on_frames(self):
        osr = small_osr(replay_data=b"\x5d\x00\x00")
        with pytest.raises(CorruptReplayError):
            osr.frames()

    def test_malformed_life_bar(self):
        with pytest.raises(ParseError, match="life bar"):
            _ = small_osr(life_bar="1|2|3,").life_bar_points

    def test_malformed_lazer_block(self):
        osr = small_osr(game_version=30000004, extra=b"\x05\x00\x00\x00abc")
        with pytest.raises(CorruptReplayError):
            osr.lazer_score_info()

    @pytest.mark.parametrize("accuracy", [float("nan"), float("inf"), -float("inf")])
    def test_a_target_practice_accuracy_is_a_finite_number(self, accuracy):
        # Found by the fuzz suite: a NaN accuracy made the parsed file unequal to itself.
        osr = small_osr(mods=GameModifiers.TargetPractice, target_practice_accuracy=0.5)
        data = render_osr(osr)
        assert parse_osr(data) == osr
        with pytest.raises(ParseError, match="Target Practice accuracy") as info:
            parse_osr(data[:-8] + struct.pack("<d", accuracy))
        assert info.value.offset == len(data) - 8
        with pytest.raises(InvalidArgument, match="finite float"):
            small_osr(mods=GameModifiers.TargetPractice, target_practice_accuracy=accuracy)

    @pytest.mark.parametrize(
        "life_bar",
        [
            "1|" + "9" * 400 + ",",  # too large for a float: inf
            "1|1e999,",
            "9" * 400 + "|1,",  # once OverflowError in round(inf)
            "1|nan,",
            "1|inf,",
            "\u0661\u0662|1,",  # Arabic-Indic digits: float() reads them, C# does not
            "1_0|1,",
        ],
    )
    def test_a_life_bar_point_is_finite_ascii_numbers(self, life_bar):
        with pytest.raises(ParseError, match="life bar point 0"):
            _ = small_osr(life_bar=life_bar).life_bar_points

    def test_life_bar_points(self):
        points = small_osr(life_bar="45|1,2104|0.5,3000.6|1e-3,").life_bar_points
        assert points == (LifeBarPoint(45, 1.0), LifeBarPoint(2104, 0.5), LifeBarPoint(3001, 0.001))


def lazer_block(json_text: bytes, **lzma_options) -> bytes:
    block = lzma.compress(json_text, format=lzma.FORMAT_ALONE, **lzma_options)
    return struct.pack("<i", len(block)) + block


class TestBombs:
    def test_lazer_score_info_is_capped(self):
        # Issue 10: a 303 KB .osr inflated to a 2 GiB string here. Now the decompressor stops
        # one byte past the cap.
        bomb = lazer_block(b"{" + b" " * (2 * MAX_LAZER_SCORE_INFO_SIZE) + b"}")
        osr = small_osr(game_version=30000004, extra=bomb)
        assert len(bomb) < 1_000
        with pytest.raises(ReplayTooLargeError, match="lazer score info block") as info:
            osr.lazer_score_info()
        assert info.value.limit == MAX_LAZER_SCORE_INFO_SIZE == 1024 * 1024

    def test_lazer_score_info_up_to_the_cap_reads(self):
        text = b'{"online_id":258}'.ljust(MAX_LAZER_SCORE_INFO_SIZE)
        osr = small_osr(game_version=30000004, extra=lazer_block(text))
        assert json.loads(osr.lazer_score_info() or "") == {"online_id": 258}

    def test_replay_data_bomb_fails_on_frames(self):
        osr = small_osr(
            replay_data=lzma.compress(b"0|0|0|0," * 4_300_000, format=lzma.FORMAT_ALONE)
        )
        assert len(osr.replay_data or b"") < 10_000
        with pytest.raises(ReplayTooLargeError):
            osr.frames()
        with pytest.raises(ReplayTooLargeError):
            parse_osr(render_osr(osr)).frames()


@attrs.frozen(kw_only=True)
class ScoreRow:
    score: int
    maxcombo: int
    count300: int
    count100: int
    count50: int
    countmiss: int
    countkatu: int
    countgeki: int
    perfect: bool
    enabled_mods: GameModifiers
    date: datetime
    user_id: int
    score_id: int | None
    rank: str


@attrs.frozen(kw_only=True)
class NamedScoreRow(ScoreRow):
    username: str


def row_from(osr: OsrFile, **changes) -> ScoreRow:
    fields = {
        "score": osr.score,
        "maxcombo": osr.maxcombo,
        "count300": osr.count300,
        "count100": osr.count100,
        "count50": osr.count50,
        "countmiss": osr.countmiss,
        "countkatu": osr.countkatu,
        "countgeki": osr.countgeki,
        "perfect": osr.perfect,
        "enabled_mods": osr.mods,
        "date": osr.timestamp,
        "user_id": 2,
        "score_id": osr.online_score_id or None,
        "rank": "S",
    }
    fields.update(changes)
    return NamedScoreRow(**fields) if "username" in fields else ScoreRow(**fields)


class TestAssemble:
    def test_api_content_becomes_a_file_with_the_rows_header(self, corpus):
        source = parse_osr(read(corpus, "lazer__Tests__Replays__taiko-replay.osr"))
        content = json.loads((corpus / "api" / "get_replay-4.json").read_text())["content"]
        row = row_from(source, username="mekkadosu!", score_id=4242)
        data = assemble_osr(content, score=row, beatmap_md5=source.beatmap_md5, mode=GameMode.Taiko)
        osr = parse_osr(data)
        assert osr.replay_data == base64.b64decode(content)
        assert osr.frames() == decode_replay_frames(content, GameMode.Taiko)
        assert (osr.mode, osr.player_name, osr.beatmap_md5) == (1, "mekkadosu!", source.beatmap_md5)
        assert osr.timestamp == source.timestamp
        assert osr.timestamp_extra_ticks == 0
        assert (osr.online_score_id, osr.online_score_id_size) == (4242, 8)
        assert osr.game_version == 20240411
        assert osr.life_bar == ""
        for name in ("count300", "count100", "count50", "countgeki", "countkatu", "countmiss"):
            assert getattr(osr, name) == getattr(source, name)
        assert (osr.score, osr.maxcombo, osr.perfect, osr.mods) == (11760, 4, False, 2048)

    def test_replay_md5_is_stables_checksum(self, corpus):
        # The stable-era file whose checksum follows the formula: SH rank, HD|HR, passed.
        source = parse_osr(read(corpus, "osrparse__replay_old_replayid.osr"))
        row = row_from(source, rank="SH")
        data = assemble_osr(
            source.replay_data,
            score=row,
            beatmap_md5=source.beatmap_md5.upper(),
            mode=source.mode,
            username=source.player_name,
            game_version=source.game_version,
        )
        osr = parse_osr(data)
        assert osr.replay_md5 == source.replay_md5 == "889b1a8c5ff54c943928d983eef8397e"
        assert osr.beatmap_md5 == source.beatmap_md5
        assert attrs.evolve(osr, life_bar=None, online_score_id_size=4) == source

    def test_target_practice_gets_an_accuracy(self, corpus):
        source = parse_osr(read(corpus, "lazer__Tests__Replays__taiko-replay.osr"))
        row = row_from(source, enabled_mods=GameModifiers.TargetPractice, count100=2)
        osr = parse_osr(
            assemble_osr(source.replay_data, score=row, beatmap_md5="a" * 32, mode=0, username="x")
        )
        assert osr.target_practice_accuracy == pytest.approx((4 * 300 + 2 * 100) / (6 * 300))

    def test_username_is_required(self, corpus):
        source = parse_osr(read(corpus, "lazer__Tests__Replays__taiko-replay.osr"))
        with pytest.raises(InvalidArgument) as info:
            assemble_osr(source.replay_data, score=row_from(source), beatmap_md5="a" * 32, mode=1)
        assert info.value.parameter == "username"

    @pytest.mark.parametrize("md5", ["abc", "g" * 32, None])
    def test_beatmap_md5_is_checked(self, corpus, md5):
        source = parse_osr(read(corpus, "lazer__Tests__Replays__taiko-replay.osr"))
        with pytest.raises(InvalidArgument):
            assemble_osr(
                source.replay_data, score=row_from(source), beatmap_md5=md5, mode=1, username="x"
            )

    def test_corrupt_content(self, corpus):
        source = parse_osr(read(corpus, "lazer__Tests__Replays__taiko-replay.osr"))
        with pytest.raises(CorruptReplayError):
            assemble_osr("XQAA", score=row_from(source), beatmap_md5="a" * 32, mode=1, username="x")

    def test_naive_date_is_refused(self, corpus):
        source = parse_osr(read(corpus, "lazer__Tests__Replays__taiko-replay.osr"))
        row = row_from(source, date=datetime(2020, 1, 1) + timedelta(0))  # noqa: DTZ001
        with pytest.raises(InvalidArgument):
            assemble_osr(source.replay_data, score=row, beatmap_md5="a" * 32, mode=1, username="x")

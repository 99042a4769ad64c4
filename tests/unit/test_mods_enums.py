"""GameModifiers acronyms, normalisation and subset semantics; the open enums."""

from __future__ import annotations

import pytest

from osu_core import (
    BeatmapApprovedState,
    BeatmapGenre,
    GameMode,
    InvalidArgument,
    Language,
    MultiplayerTeam,
    ReplayAvailability,
    ScoringType,
    TeamType,
)
from osu_core import (
    GameModifiers as M,
)


class TestAcronyms:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("HDDT", 72),
            ("dthd", 72),
            ("hd,dt", 72),
            ("+HD +DT", 72),
            ("DT|HD", 72),
            ("NC", 576),
            ("NCDT", 576),
            ("PF", 16416),
            ("SDPF", 16416),
            ("SV2", 1 << 29),
            ("V2", 1 << 29),
            ("MR", 1 << 30),
            ("4K", 1 << 15),
            ("9k", 1 << 24),
            ("1K2K3K", (1 << 26) | (1 << 28) | (1 << 27)),
            ("COOP", 1 << 25),
            ("", 0),
            ("NM", 0),
            ("nomod", 0),
            ("NFEZTDHDHRSDDTRXHTNCFLATSOAPPF", 0b111111111111111),
            ("FIRDCNTP", (1 << 20) | (1 << 21) | (1 << 22) | (1 << 23)),
            ("NV", 4),
            ("AUTO", 2048),
        ],
    )
    def test_parse(self, text, value):
        assert M.from_acronyms(text) == value

    @pytest.mark.parametrize(
        ("value", "text"),
        [(72, "HDDT"), (576, "NC"), (16416, "PF"), (0, ""), (24, "HDHR"), (1 << 29, "V2")],
    )
    def test_canonical(self, value, text):
        assert M(value).acronyms == text
        assert M.from_acronyms(text) == value

    def test_str(self):
        assert str(M(0)) == "NM"
        assert str(M(72)) == "HDDT"

    @pytest.mark.parametrize(("text", "bad"), [("HDXX", "XX"), ("H", "H"), ("HD5", "5")])
    def test_unknown_acronym(self, text, bad):
        with pytest.raises(InvalidArgument) as info:
            M.from_acronyms(text)
        assert repr(bad) in str(info.value)
        assert info.value.parameter == "mods"

    def test_unknown_bits_are_shown_but_not_parsed(self):
        assert M(1 << 31 | 8).acronyms == "HD[2147483648]"


class TestSemantics:
    def test_subset(self):
        hddt = M.Hidden | M.DoubleTime
        assert M.Hidden in hddt
        assert hddt not in M.Hidden
        assert M.none in hddt

    def test_implied_mods(self):
        assert M.Nightcore.normalized() == 576
        assert M.Perfect.normalized() == 16416
        assert M.coerce(512) == 576

    def test_masks(self):
        assert M.KeyMod == sum(1 << b for b in (15, 16, 17, 18, 19, 24, 25, 26, 27, 28))
        assert M.ScoreIncreaseMods == 8 | 16 | 64 | 1024 | (1 << 20)
        assert M.FreeModAllowed & M.DoubleTime == 0
        assert M.KeyMod in M.FreeModAllowed

    def test_aliases(self):
        assert M.LastMod == M.Mirror == 1 << 30
        assert M.Relax2 is M.Autopilot
        assert M.TouchDevice is M.NoVideo

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(M.Hidden, 8), (72, 72), ("HDDT", 72), ("72", 72), (["hd", "dt"], 72), (" 0 ", 0)],
    )
    def test_coerce(self, value, expected):
        assert M.coerce(value) == expected

    @pytest.mark.parametrize("value", [True, -1, 1 << 31, 2.5, [1, 2], None])
    def test_coerce_rejects(self, value):
        with pytest.raises(InvalidArgument):
            M.coerce(value)

    def test_int_for_the_api(self):
        assert int(M.from_acronyms("HDDT")) == 72


class TestEnums:
    @pytest.mark.parametrize(
        ("enum", "values"),
        [
            (GameMode, {0, 1, 2, 3}),
            (BeatmapApprovedState, {-2, -1, 0, 1, 2, 3, 4}),
            (BeatmapGenre, {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14}),
            (Language, set(range(15))),
            (MultiplayerTeam, {0, 1, 2}),
            (ReplayAvailability, {0, 1}),
            (ScoringType, {0, 1, 2, 3}),
            (TeamType, {0, 1, 2, 3}),
        ],
    )
    def test_every_documented_value(self, enum, values):
        assert {int(m) for m in enum} == values
        assert all(enum(v).is_known for v in values)

    def test_reference_names(self):
        assert BeatmapGenre.Video_game == 2
        assert BeatmapGenre.Hip_hop == 9
        assert Language.Other == 1  # the original library's name for 1
        assert Language.Other_language == 14
        assert TeamType.tag_team_vs == 3
        assert ScoringType.score_v2 == 3
        assert MultiplayerTeam.none == 0

    def test_unknown_ids_do_not_crash(self):
        new = BeatmapGenre(15)
        assert isinstance(new, BeatmapGenre)
        assert new == 15
        assert new.name == "UNKNOWN_15"
        assert not new.is_known
        assert BeatmapGenre(15) is new

    @pytest.mark.parametrize("value", ["1", None, 2.5])
    def test_non_ints_still_rejected(self, value):
        with pytest.raises(ValueError):
            GameMode(value)


class TestModeCoerce:
    @pytest.mark.parametrize(
        ("value", "mode"),
        [
            (GameMode.Mania, GameMode.Mania),
            (2, GameMode.Catch),
            (" 1 ", GameMode.Taiko),
            ("CtB", GameMode.Catch),
            ("std", GameMode.Osu),
            ("fruits", GameMode.Catch),
        ],
    )
    def test_what_users_write(self, value, mode):
        assert GameMode.coerce(value) is mode

    @pytest.mark.parametrize("value", [4, -1, True, "", "osu!", 1.0, None])
    def test_rejects(self, value):
        with pytest.raises(InvalidArgument, match="mode: must be") as info:
            GameMode.coerce(value)
        assert info.value.parameter == "mode"

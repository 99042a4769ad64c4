"""GameModifiers acronyms, normalisation and subset semantics; the open enums."""

from __future__ import annotations

import enum
import sys

import pytest

import osu_core
import osu_core.beatmap
import osu_core.replay
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
from osu_core import _enums as osu_core_enums
from osu_core import _mods as osu_core_mods


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
        assert BeatmapGenre(15) == new

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


def forget_pseudo_members(cls) -> None:
    """Drop the cached pseudo-members of ``cls`` (other tests may have made some)."""
    known = {m.value for m in cls.__members__.values()}
    for value in [v for v in cls._value2member_map_ if v not in known]:
        del cls._value2member_map_[value]


class ShoutingInt(int):
    def __str__(self) -> str:
        return "SHOUT"


class TestTextToNumbers:
    """Only ASCII digits are numbers; huge ones fail with a short typed error (issue 10)."""

    @pytest.mark.parametrize(
        "text", ["²", "٣", "³", "Ⅲ", "1_0", "+1", "0x1", "1.0", "-0", "TAI\u212aO"]
    )
    def test_mode_digits_must_be_ascii(self, text):
        with pytest.raises(InvalidArgument, match="mode: must be") as info:
            GameMode.coerce(text)
        assert info.value.parameter == "mode"

    @pytest.mark.parametrize("text", ["²", "٣", "72²", "١٢"])
    def test_mods_digits_must_be_ascii(self, text):
        with pytest.raises(InvalidArgument) as info:
            M.coerce(text)
        assert info.value.parameter == "mods"

    @pytest.mark.parametrize(
        "value", ["9" * 5000, "2147483648", 10**5000, 2**31], ids=["nines", "text", "huge", "2**31"]
    )
    def test_mods_out_of_range(self, value):
        with pytest.raises(InvalidArgument, match="between 0 and 2\\*\\*31 - 1") as info:
            M.coerce(value)
        assert len(info.value.message) < 150

    def test_mode_number_past_the_int_limit(self):
        with pytest.raises(InvalidArgument, match=r"\(5000 characters\)") as info:
            GameMode.coerce("3" * 5000)
        assert len(info.value.message) < 250

    def test_leading_zeros(self):
        assert GameMode.coerce("0" * 5000 + "3") is GameMode.Mania
        assert M.coerce(" 0072 ") == 72

    def test_int_subclasses_by_value(self):
        assert GameMode.coerce(ShoutingInt(2)) is GameMode.Catch
        assert M.coerce(ShoutingInt(8)) is M.Hidden
        assert GameMode.coerce(M.Easy) is GameMode.Catch  # 2, whatever it is called

    @pytest.mark.parametrize(
        ("text", "bad"), [("\u017fD", "\u017f"), ("HD\u0131", "\u0131"), ("\uff28\uff24", "\uff28")]
    )
    def test_acronyms_are_ascii(self, text, bad):
        # "\u017f".upper() is "S" and "\u0131".upper() is "I": no silent SuddenDeath
        with pytest.raises(InvalidArgument) as info:
            M.from_acronyms(text)
        assert repr(bad) in info.value.message
        assert info.value.message.startswith("mods: unknown mod acronym")

    @pytest.mark.parametrize("value", [None, 72, b"HD", ["HD"]])
    def test_from_acronyms_takes_text_only(self, value):
        with pytest.raises(InvalidArgument, match="must be a string") as info:
            M.from_acronyms(value)
        assert info.value.parameter == "mods"

    def test_long_acronym_text_is_cut_in_the_message(self):
        with pytest.raises(InvalidArgument) as info:
            M.from_acronyms("HD" * 3000 + "XX")
        assert "(6002 characters)" in info.value.message
        assert len(info.value.message) < 300


class TestBoundedPseudoMembers:
    """Unknown ids stay instances of the enum, but only the first ones are cached (issue 10:
    a million rows of new ids kept ~4 M pseudo-members alive)."""

    @pytest.mark.parametrize("enum", [GameMode, BeatmapGenre, Language, BeatmapApprovedState])
    def test_open_enums(self, enum):
        forget_pseudo_members(enum)
        limit = osu_core_enums.PSEUDO_MEMBER_CACHE
        first = [enum(1000 + i) for i in range(limit)]
        assert all(enum(1000 + i) is member for i, member in enumerate(first))  # cached
        for i in range(5 * limit):
            late = enum(10_000 + i)
            assert isinstance(late, enum)
            assert late == 10_000 + i
            assert hash(late) == hash(10_000 + i)
            assert late.name == f"UNKNOWN_{10_000 + i}"
            assert not late.is_known
        assert enum(10_000) == enum(10_000)
        assert enum(10_000) is not enum(10_000)  # built anew: not cached
        assert osu_core_enums.pseudo_members_cached(enum) == limit
        assert {enum(10_000): "x"}[10_000] == "x"
        known = next(iter(enum))
        assert enum(known.value) is known
        assert enum(known.value).is_known
        forget_pseudo_members(enum)

    def test_64_bit_ids_only(self):
        assert GameMode(2**63 - 1).name == f"UNKNOWN_{2**63 - 1}"
        assert GameMode(-(2**63)) == -(2**63)
        for value in (2**63, -(2**63) - 1):
            with pytest.raises(ValueError, match="is not a valid GameMode"):
                GameMode(value)
        with pytest.raises(ValueError):  # enum's own message, whose repr() fails past 4300 digits
            GameMode(10**5000)

    def test_int_subclass_value_gets_a_plain_name(self):
        assert GameMode(ShoutingInt(77)).name == "UNKNOWN_77"
        assert type(GameMode(ShoutingInt(77)).value) is int

    def test_enum_flag_caches_every_combination(self):
        # The premise: enum.Flag keeps a pseudo-member for each value it ever builds.
        flag = enum.IntFlag("Plain", {"A": 1, "B": 2})
        for value in range(4, 1004):
            flag(value)
        assert len(flag._value2member_map_) >= 1000

    def test_mods_cache_is_bounded(self):
        forget_pseudo_members(M)
        limit = osu_core_mods.MODS_CACHE
        combos = [M(3 << 26 | i) for i in range(limit)]  # Key1|Key3 plus the low bits
        assert all(M(int(c)) is c for c in combos)
        for i in range(3 * limit):
            value = 1 << 29 | i
            late = M(value)
            assert isinstance(late, M)
            assert late == value
            assert hash(late) == hash(value)
            assert M.ScoreV2 in late
            assert late.acronyms == M(i).acronyms + "V2"
        assert osu_core_enums.pseudo_members_cached(M) == limit
        assert M(1 << 29 | 5) is not M(1 << 29 | 5)
        assert M(8) is M.Hidden  # members keep their identity
        assert M.Relax2 is M.Autopilot
        assert (M.Hidden | M.DoubleTime) == 72
        assert (M.Hidden | M.DoubleTime).acronyms == "HDDT"
        forget_pseudo_members(M)

    @pytest.mark.parametrize(
        "flag",
        [
            osu_core.beatmap.HitSound,
            osu_core.beatmap.Effects,
            osu_core.replay.OsuKeys,
            osu_core.replay.TaikoKeys,
            osu_core.replay.CatchKeys,
            osu_core.replay.ManiaKeys,
        ],
    )
    def test_file_flags_are_bounded_too(self, flag):
        # Hitsounds, effects and key states come from files: any 32-bit pattern.
        forget_pseudo_members(flag)
        limit = osu_core_enums.PSEUDO_MEMBER_CACHE
        for i in range(3 * limit):
            value = 1 << 20 | i
            member = flag(value)
            assert isinstance(member, flag)
            assert member == value
            assert hash(member) == hash(value)
        assert osu_core_enums.pseudo_members_cached(flag) == limit
        assert flag(1 << 20 | 1) is flag(1 << 20 | 1)  # among the first: cached
        assert flag(1 << 20 | (2 * limit)) is not flag(1 << 20 | (2 * limit))
        known = list(flag.__members__.values())[1]  # the first after "none"
        assert flag(known.value) is known  # members keep their identity
        forget_pseudo_members(flag)

    @pytest.mark.parametrize(
        "flag", [osu_core.beatmap.HitSound, osu_core.replay.OsuKeys, M, osu_core.replay.ManiaKeys]
    )
    @pytest.mark.parametrize("value", [-1, -2, -5, -16, -17, -(2**31), -(2**40) - 3])
    def test_negative_values_are_their_bit_pattern_on_every_python(self, flag, value):
        # 3.11+ does it (the KEEP boundary); 3.10 kept -1 as -1, which BoundedIntFlag fixes
        # with the same rule, checked here against the 3.11+ enum module itself.
        assert int(flag(value)) >= 0
        if sys.version_info >= (3, 11):
            assert osu_core_enums._as_unsigned(flag, value) == int(flag(value))

    def test_negative_mods_do_not_leak_either(self):
        forget_pseudo_members(M)
        # Python's KEEP boundary maps -n to a positive value and caches it under both.
        for i in range(osu_core_mods.MODS_CACHE + 500):
            assert isinstance(M(-1 - i), M)
        assert osu_core_enums.pseudo_members_cached(M) <= osu_core_mods.MODS_CACHE
        forget_pseudo_members(M)


@pytest.mark.parametrize("value", [-1, "XX", True, 2.5, [1], "9" * 12])
def test_coerce_names_the_parameter_it_is_given(value):
    # The builders pass their parameter's name; no message is rewritten after the fact.
    with pytest.raises(osu_core.InvalidArgument) as info:
        M.coerce(value, parameter="wanted_mods")
    assert info.value.parameter == "wanted_mods"
    assert info.value.message.startswith("wanted_mods: ")
    with pytest.raises(osu_core.InvalidArgument) as info:
        osu_core.get_scores(75, mods=value)
    assert info.value.message.startswith("mods: ")
    assert "mods: mods" not in info.value.message


def test_mode_coerce_names_the_parameter_it_is_given():
    with pytest.raises(osu_core.InvalidArgument) as info:
        osu_core.GameMode.coerce(7, parameter="m")
    assert (info.value.parameter, info.value.message[:3]) == ("m", "m: ")

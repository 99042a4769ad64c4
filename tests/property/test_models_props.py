"""Round-trips and fuzzing of the models, the converter and the response parsers."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import osu_core
from osu_core import GameModifiers, OsuError, Response
from osu_core.strategies import MODEL_TYPES, models, responses, wire_rows

CONVERTER = osu_core.make_converter()
LEGACY = osu_core.make_converter(timezone=osu_core.LEGACY_TIMEZONE)


@pytest.mark.parametrize("cls", MODEL_TYPES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_structure_unstructure_round_trip(cls, data):
    model = data.draw(models(cls))
    assert CONVERTER.structure(CONVERTER.unstructure(model), cls) == model
    assert LEGACY.structure(LEGACY.unstructure(model), cls) == model


@pytest.mark.parametrize("cls", MODEL_TYPES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_wire_shaped_rows_parse_to_the_expected_model(cls, data):
    row, expected = data.draw(wire_rows(cls))
    assert CONVERTER.structure(json.loads(json.dumps(row)), cls) == expected


@pytest.mark.parametrize(
    "call",
    [
        osu_core.get_beatmaps(),
        osu_core.get_beatmap(beatmap_id=1),
        osu_core.get_user(2),
        osu_core.get_scores(1),
        osu_core.get_score(1),
        osu_core.get_user_bests(2),
        osu_core.get_user_best(2),
        osu_core.get_user_recents(2),
        osu_core.get_user_recent(2),
        osu_core.get_replay(0, score_id=1),
        osu_core.get_match(1),
    ],
    ids=lambda c: c.request.endpoint + str(len(c.request.params)),
)
@given(response=responses())
def test_any_response_gives_a_result_or_a_library_error(call, response):
    with contextlib.suppress(OsuError):
        call.parse(response)


@given(st.integers(0, 2**31 - 1))
def test_canonical_acronyms_parse_back(value):
    mods = GameModifiers(value).normalized()
    known = 0
    for member in GameModifiers.__members__.values():
        known |= int(member)
    unknown = value & ~known
    if unknown:
        with pytest.raises(osu_core.InvalidArgument):
            GameModifiers.from_acronyms(mods.acronyms)
    else:
        assert GameModifiers.from_acronyms(mods.acronyms) == mods


ACRONYMS = ["NF", "EZ", "HD", "HR", "SD", "DT", "HT", "NC", "FL", "SO", "PF", "4K", "V2", "MR"]


@given(
    st.lists(st.sampled_from(ACRONYMS), max_size=6),
    st.randoms(),
    st.sampled_from(["", ",", " ", "+"]),
)
def test_order_and_case_do_not_matter(parts, rnd, sep):
    expected = GameModifiers.from_acronyms("".join(parts))
    shuffled = parts[:]
    rnd.shuffle(shuffled)
    mixed = sep.join(p.lower() if rnd.random() < 0.5 else p for p in shuffled)
    assert GameModifiers.from_acronyms(mixed) == expected


@given(st.text(max_size=12))
def test_mod_parsing_raises_only_invalid_argument(text):
    with contextlib.suppress(osu_core.InvalidArgument):
        GameModifiers.from_acronyms(text)


@given(st.binary(max_size=200))
def test_arbitrary_json_rows_never_escape_as_raw_errors(raw):
    try:
        rows = json.loads(raw)
    except ValueError:
        return
    for cls in MODEL_TYPES:
        with contextlib.suppress(OsuError):
            osu_core.structure_rows(CONVERTER, cls, rows if isinstance(rows, list) else [rows])


def test_response_strategy_is_not_trivial():
    # The fuzz test above is only worth something if the strategy reaches the parsers.
    example = Response(status_code=200, body=b"[]")
    assert osu_core.get_beatmaps().parse(example) == []

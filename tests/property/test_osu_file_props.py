"""Round trips and fuzzing of the .osu parser and writer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osu_core import ParseError
from osu_core.beatmap import OsuFile, parse_osu_file, render_osu_file
from osu_core.strategies import osu_files

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
OSU_FILES = sorted((CORPUS / "osu").glob("*.osu"))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(osu_files())
def test_parse_of_render_is_identity(f):
    assert parse_osu_file(render_osu_file(f)) == f
    assert parse_osu_file(render_osu_file(f, newline="\r\n").encode()) == f


@pytest.mark.parametrize("path", OSU_FILES, ids=lambda p: p.name)
def test_corpus_files_survive_a_round_trip(path):
    parsed = parse_osu_file(path.read_bytes())
    assert parse_osu_file(render_osu_file(parsed)) == parsed


def _parse_or_parse_error(data):
    try:
        result: OsuFile | ParseError = parse_osu_file(data)
    except ParseError as exc:
        result = exc
    if isinstance(result, ParseError):
        assert result.line is not None or result.offset is not None
    else:
        assert isinstance(result, OsuFile)


_osu_like = st.lists(
    st.sampled_from(
        ["osu file format v14", "[General]", "[HitObjects]", "[TimingPoints]", "[Events]",
         "[Colours]", "[Difficulty]", "[Metadata]", "Mode: 1", "Combo1 : 1,2,3", "", "// c"]
    )
    | st.lists(st.sampled_from(["1", "-5", "2.5", "B|1:2", "0:0:0:0:", "", "x", "nan", "|", ":"]),
               max_size=12).map(",".join)
    | st.text(max_size=30),
    max_size=30,
).map("\n".join)  # fmt: skip


@given(st.text())
def test_arbitrary_text_parses_or_raises_parse_error(text):
    _parse_or_parse_error(text)


@given(st.binary())
def test_arbitrary_bytes_parse_or_raise_parse_error(data):
    _parse_or_parse_error(data)


@given(_osu_like)
def test_osu_like_text_parses_or_raises_parse_error(text):
    _parse_or_parse_error(text)
    _parse_or_parse_error(text.encode("utf-8", "surrogatepass"))

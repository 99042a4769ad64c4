"""Edges of the file formats' public surface that the corpus tests do not reach."""

from __future__ import annotations

import struct

import attrs
import pytest

import osu_core
import osu_core.beatmap
import osu_core.replay
from osu_core import CorruptReplayError, GameMode, Response
from osu_core.beatmap import SampleSet


@pytest.fixture
def lazer_osr(corpus) -> osu_core.replay.OsrFile:
    return osu_core.replay.parse_osr(
        (corpus / "osr" / "lazer__Tests__Replays__taiko-replay-with-new-online-id.osr").read_bytes()
    )


def test_an_unknown_mode_cannot_type_frames(lazer_osr):
    with pytest.raises(CorruptReplayError, match="mode 7 is not a game mode"):
        attrs.evolve(lazer_osr, mode=GameMode(7)).frames()


def test_a_corrupt_lazer_block_is_reported(lazer_osr):
    block = b"\x5d\x00\x00\x01\x00garbage-not-lzma"
    damaged = attrs.evolve(lazer_osr, extra=struct.pack("<i", len(block)) + block)
    with pytest.raises(CorruptReplayError, match="lazer score info"):
        damaged.lazer_score_info()


def test_render_osr_wants_an_osr_file():
    with pytest.raises(osu_core.InvalidArgument, match="OsrFile"):
        osu_core.replay.render_osr(b"not a model")  # type: ignore[arg-type]


def test_timing_queries_on_a_file_without_points():
    empty = osu_core.beatmap.parse_osu_file("osu file format v14\n\n[General]\nSampleSet: Drum\n")
    assert empty.control_point_at(1000) is None
    assert empty.sample_set_at(1000) is SampleSet.Drum


def test_sample_set_before_the_first_point_falls_back_to_it():
    text = "osu file format v14\n\n[TimingPoints]\n500,400,4,2,0,100,1,0\n"
    parsed = osu_core.beatmap.parse_osu_file(text)
    assert parsed.sample_set_at(0) is SampleSet.Soft
    assert parsed.timing_points[0].bpm == 150.0


def test_malformed_event_lines_are_kept():
    text = "osu file format v14\n\n[Events]\n2,abc,def\n"
    assert osu_core.beatmap.parse_osu_file(text).events.other == ("2,abc,def",)


def test_an_unparsable_error_body_falls_back_to_the_status():
    with pytest.raises(osu_core.HTTPError) as info:
        osu_core.check_response(Response(status_code=500, body=b"{oops"), endpoint="x")
    assert info.value.code == 500

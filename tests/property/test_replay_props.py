"""Replay streams and .osr files: round trips, view invariants, and fuzzing of every parser."""

from __future__ import annotations

import contextlib
import lzma
from itertools import accumulate

from hypothesis import assume, example, given
from hypothesis import strategies as st

import osu_core.replay._stream as stream
from osu_core import CorruptReplayError, GameMode, ParseError
from osu_core.replay import (
    ReplayFrames,
    decode_replay_frames,
    decode_replay_frames_base64,
    decode_replay_frames_lzma,
    encode_replay_frames,
    encode_replay_frames_base64,
    parse_osr,
    render_osr,
)
from osu_core.strategies import osr_files, raw_replay_frames, replay_frames

MODES = st.sampled_from(list(GameMode))


@given(replay_frames())
def test_decode_encode_round_trip(frames):
    assert decode_replay_frames_lzma(encode_replay_frames(frames), frames.mode) == frames
    assert decode_replay_frames(encode_replay_frames_base64(frames), frames.mode) == frames


@given(MODES.flatmap(lambda m: st.tuples(st.just(m), raw_replay_frames(m))), st.booleans())
def test_raw_values_survive_encoding(mode_and_raw, trailing):
    mode, raw = mode_and_raw
    frames = ReplayFrames.from_raw(raw, mode=mode, trailing_comma=trailing)
    decoded = decode_replay_frames_lzma(encode_replay_frames(frames), mode)
    assert decoded.raw == tuple(raw)
    assert ReplayFrames.from_raw(decoded.raw, mode=mode, trailing_comma=trailing) == frames


@given(replay_frames())
def test_playback_view_drops_only_skip_and_seed_frames(frames):
    raw = frames.raw
    seeds = [frame for frame in raw if frame.delta == -12345]
    assert len(frames) == len(raw) - len(seeds) - len(frames.skip_frames)
    played = [frame for frame in raw if frame.delta != -12345]
    times = list(accumulate(frame.delta for frame in played))
    kept = [t for i, t in enumerate(times) if played[i] not in frames.skip_frames or i > 1]
    assert [frame.time for frame in frames] == kept
    assert frames.rng_seed == (seeds[-1].z if seeds else None)


@given(replay_frames(), st.data())
def test_columns_indexing_and_iteration_match_the_frames(frames, data):
    fresh = ReplayFrames(mode=frames.mode, text=frames.text)
    built = frames.frames
    assert fresh.deltas.tolist() == [f.delta for f in built]
    assert fresh.times.tolist() == [f.time for f in built]
    assert fresh.x.tolist() == [f.x for f in built]
    assert fresh.y.tolist() == [f.y for f in built]
    assert fresh.keys.tolist() == [int(f.keys) for f in built]
    assert len(fresh) == len(built)
    assert list(fresh) == list(built)
    if built:
        index = data.draw(st.integers(-len(built), len(built) - 1))
        assert fresh[index] == built[index]
    part = slice(*data.draw(st.tuples(*[st.none() | st.integers(-50, 50)] * 2)),
                 data.draw(st.none() | st.integers(1, 5) | st.integers(-5, -1)))  # fmt: skip
    assert fresh[part] == built[part]


#: A few frames drawn again and again: the shape of taiko and mania streams.
_repetitive = MODES.flatmap(
    lambda m: st.tuples(
        st.just(m),
        raw_replay_frames(m, max_size=4).flatmap(
            lambda pool: (
                st.lists(st.sampled_from(pool), min_size=20, max_size=300) if pool else st.just([])
            )
        ),
    )
)


@given(_repetitive, st.booleans())
def test_repetitive_streams_parse_by_frame_as_by_field(mode_and_raw, trailing):
    mode, raw = mode_and_raw
    frames = ReplayFrames.from_raw(raw, mode=mode, trailing_comma=trailing)
    text = frames.text
    assume(text)  # an empty stream never reaches the parsers
    by_frame = stream._fields_by_frame(text, frames.trailing_comma)
    assert by_frame is not None
    assert [list(c) for c in by_frame] == [list(c) for c in stream._fields_by_field(
        text, frames.trailing_comma)]  # fmt: skip
    assert frames.raw == tuple(raw)


@given(replay_frames(), st.integers(0, 100))
def test_lazer_view_never_goes_back_in_time(frames, offset):
    times = [frame.time for frame in frames.lazer_frames(offset)]
    assert times == sorted(times)
    assert len(times) <= len(frames)


@given(osr_files())
def test_osr_round_trip(osr):
    data = render_osr(osr)
    assert parse_osr(data) == osr
    assert render_osr(parse_osr(data)) == data


@given(st.binary(max_size=300))
@example(b"\x5d\x00\x00\x20\x00" + b"\xff" * 8)
def test_any_bytes_to_the_stream_decoders_raise_only_parse_errors(data):
    for decode in (decode_replay_frames, decode_replay_frames_lzma, decode_replay_frames_base64):
        try:
            frames = decode(data)
            _ = frames.frames, frames.rng_seed, frames.lazer_frames()
        except ParseError:
            pass


@given(st.text(max_size=200))
def test_any_text_to_the_base64_decoders_raise_only_parse_errors(text):
    for decode in (decode_replay_frames, decode_replay_frames_base64):
        try:
            frames = decode(text)
            _ = frames.frames
        except ParseError:
            pass


@given(st.text("0123456789.-+eE|,", max_size=80) | st.binary(max_size=40), MODES)
@example("1|1e999|2|3,", GameMode.Osu)
@example("1|2|3|4", GameMode.Mania)
def test_any_frame_text_raises_only_corrupt_replay_error(text, mode):
    raw = text.encode() if isinstance(text, str) else text
    try:
        frames = decode_replay_frames_lzma(lzma.compress(raw, format=lzma.FORMAT_ALONE), mode)
        _ = frames.frames, frames.raw, frames.skip_frames, frames.lazer_frames()
    except CorruptReplayError:
        pass


@given(st.binary(max_size=400))
def test_any_bytes_to_parse_osr_raise_only_parse_errors(data):
    with contextlib.suppress(ParseError):
        parse_osr(data)


@given(osr_files(), st.data())
def test_damaged_osr_files_raise_only_parse_errors(osr, data):
    raw = bytearray(render_osr(osr))
    index = data.draw(st.integers(0, len(raw) - 1))
    raw[index] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    try:
        parsed = parse_osr(bytes(raw[:cut]))
        _ = parsed.frames().frames
    except ParseError:
        pass

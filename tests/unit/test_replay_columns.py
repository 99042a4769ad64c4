"""Replay frames as columns (issue 14): typed buffers per field, frames built on access.

The columns must hold exactly what the frames hold, row for row, on every corpus replay; the
two parsing strategies (by frame for repetitive streams, by field otherwise) must agree; and
indexing, slicing, iteration and ``len`` must give what ``frames`` gives without building it.
"""

from __future__ import annotations

import lzma
import subprocess
import sys

import pytest

import osu_core.replay._stream as stream
from osu_core import CorruptReplayError, GameMode
from osu_core.replay import ReplayFrames, decode_replay_frames_lzma, parse_osr

COLUMNS = {"deltas": "i", "times": "q", "x": "d", "y": "d", "keys": "i"}


def lzma_of(text: bytes) -> bytes:
    return lzma.compress(text, format=lzma.FORMAT_ALONE)


def corpus_streams(corpus):
    for path in sorted((corpus / "osr").glob("*.osr")):
        osr = parse_osr(path.read_bytes())
        if osr.replay_data:
            yield path.name, osr.frames()


@pytest.fixture(scope="module")
def streams(corpus):
    return list(corpus_streams(corpus))


def columns_of(frames):
    return {
        "deltas": [f.delta for f in frames],
        "times": [f.time for f in frames],
        "x": [f.x for f in frames],
        "y": [f.y for f in frames],
        "keys": [int(f.keys) for f in frames],
    }


class TestCorpus:
    def test_columns_hold_what_the_frames_hold(self, streams):
        assert len(streams) >= 8
        for name, replay in streams:
            expected = columns_of(replay.frames)
            for column, typecode in COLUMNS.items():
                view = getattr(replay, column)
                assert isinstance(view, memoryview), (name, column)
                assert view.format == typecode, (name, column)
                assert view.readonly, (name, column)
                assert view.tolist() == expected[column], (name, column)

    def test_access_without_frames_equals_frames(self, streams):
        for name, replay in streams:
            fresh = ReplayFrames(mode=replay.mode, text=replay.text)
            frames = replay.frames
            assert len(fresh) == len(frames), name
            assert list(fresh) == list(frames), name
            assert [type(f) for f in fresh] == [type(f) for f in frames], name
            for index in (0, 1, len(frames) // 2, -1, -len(frames)):
                assert fresh[index] == frames[index], (name, index)
                assert type(fresh[index].keys) is type(frames[index].keys), (name, index)
            for part in (slice(None), slice(5, 50), slice(None, None, 7), slice(-10, None),
                         slice(None, None, -3), slice(40, 2, -1), slice(10**9, None)):  # fmt: skip
                assert fresh[part] == frames[part], (name, part)

    def test_both_parsers_agree(self, streams):
        for name, replay in streams:
            text = replay.text
            by_frame = stream._fields_by_frame(text, replay.trailing_comma)
            by_field = stream._fields_by_field(text, replay.trailing_comma)
            assert by_frame is not None, name
            assert [list(c) for c in by_frame] == [list(c) for c in by_field], name

    def test_repetitive_streams_are_parsed_by_frame(self, streams, monkeypatch):
        """The corpus's long taiko and mania replays take the by-frame path; the osu! ones
        (the cursor moves every frame) take the by-field path."""
        chosen = {}
        real = stream._fields_by_frame

        def spy(text, trailing_comma):
            chosen[text] = True
            return real(text, trailing_comma)

        monkeypatch.setattr(stream, "_fields_by_frame", spy)
        for name, replay in streams:
            _ = ReplayFrames(mode=replay.mode, text=replay.text).x
            if name in ("osrparse__taiko.osr", "osrparse__mania.osr"):
                assert replay.text in chosen, name
            if name in ("osrparse__replay.osr", "osrparse__replay2.osr", "osrparse__ctb.osr"):
                assert replay.text not in chosen, name


class TestShapes:
    def test_skip_and_seed_frames_are_not_rows_but_count_toward_time(self):
        raw = [(0, 256, -500, 0), (-1, 256, -500, 0), (30, 1.5, 2.5, 5), (16, 3, 4, 0),
               (-12345, 0, 0, 777)]  # fmt: skip
        replay = ReplayFrames.from_raw(raw, mode=GameMode.Osu)
        assert replay.deltas.tolist() == [30, 16]
        assert replay.times.tolist() == [29, 45]
        assert replay.x.tolist() == [1.5, 3.0]
        assert replay.keys.tolist() == [5, 0]
        assert len(replay) == 2
        assert replay.rng_seed == 777

    def test_one_skip_frame_at_index_one(self):
        replay = ReplayFrames.from_raw([(5, 1, 1, 0), (7, 256, -500, 0), (9, 2, 2, 1)], mode=0)
        assert replay.deltas.tolist() == [5, 9]
        assert replay.times.tolist() == [5, 21]
        assert list(replay) == list(replay.frames)

    def test_empty_stream(self):
        replay = ReplayFrames(mode=GameMode.Osu, text=b"")
        for column, typecode in COLUMNS.items():
            assert getattr(replay, column).tolist() == []
            assert getattr(replay, column).format == typecode
        assert len(replay) == 0
        assert list(replay) == []
        assert replay[:] == ()
        with pytest.raises(IndexError, match=r"frame index 0 is out of range \(0 frames\)"):
            replay[0]

    def test_index_errors_read_like_a_tuple(self):
        replay = ReplayFrames.from_raw([(1, 2, 3, 0), (4, 5, 6, 0)], mode=GameMode.Osu)
        with pytest.raises(IndexError, match="frame index 2 is out of range"):
            replay[2]
        with pytest.raises(IndexError, match="frame index -3 is out of range"):
            replay[-3]
        with pytest.raises(TypeError):
            replay["1"]  # type: ignore[call-overload]
        assert replay[True] == replay.frames[1]  # a bool is an int, for a tuple too

    def test_a_stream_of_one_repeated_frame(self):
        replay = decode_replay_frames_lzma(lzma_of(b"16|320|9999|1," * 5000), GameMode.Taiko)
        assert replay.deltas.tolist() == [16] * 5000
        assert replay.times[-1] == 80_000
        assert set(replay.keys.tolist()) == {1}
        assert replay.frames[-1].time == 80_000

    def test_negative_key_states_read_as_zero(self):
        replay = ReplayFrames(mode=GameMode.Osu, text=b"1|2|3|-4,5|6|7|8,")
        assert replay.keys.tolist() == [0, 8]
        assert [int(f.keys) for f in replay.frames] == [0, 8]

    def test_mania_keys_come_from_x(self):
        replay = ReplayFrames(mode=GameMode.Mania, text=b"10|5|0|0,10|-1|0|0,10|3.9|0|0,")
        assert replay.keys.tolist() == [5, 0, 3]
        assert replay.x.tolist() == [5.0, -1.0, 3.9]

    def test_a_mania_key_state_beyond_32_bits_is_corrupt(self):
        replay = ReplayFrames(mode=GameMode.Mania, text=b"10|5|0|0,10|3e9|0|0,")
        # The columns are parsed together, so each of them raises; raw keeps the number.
        for view in ("keys", "x", "frames"):
            with pytest.raises(CorruptReplayError, match="mania replay frame 1") as info:
                getattr(replay, view)
            assert info.value.offset == 1
        assert replay.raw[1].x == 3e9

    def test_times_outgrow_32_bits(self):
        replay = ReplayFrames.from_raw([(2**31 - 1, 0, 0, 0)] * 3, mode=GameMode.Osu)
        assert replay.times.tolist() == [(2**31 - 1) * n for n in (1, 2, 3)]

    def test_columns_cannot_be_changed(self):
        replay = ReplayFrames.from_raw([(1, 2, 3, 0)], mode=GameMode.Osu)
        with pytest.raises(TypeError):
            replay.x[0] = 9.0  # type: ignore[index]
        assert replay.frames[0].x == 2.0


class TestRepetitiveStreamsWithBadFrames:
    """The by-frame path gives up on a bad distinct frame; the by-field pass then names the
    first bad frame of the stream, as it always did."""

    @pytest.mark.parametrize(
        ("bad", "match"),
        [
            (b"16|2-3|0|1", "frame 300 has an invalid x"),
            (b"16|0|0|99999999999", "frame 300 has a key state out of the 32-bit range"),
            (b"1e10|0|0|1", "frame 300 has a time delta out of the 32-bit range"),
        ],
    )
    def test_the_first_bad_frame_is_named(self, bad, match):
        text = b"16|0|0|1," * 300 + bad + b"," + b"17|0|0|0," * 300 + bad + b","
        assert stream._fields_by_frame(text, True) is None
        replay = decode_replay_frames_lzma(lzma_of(text), GameMode.Taiko)
        for view in ("x", "frames", "raw"):
            with pytest.raises(CorruptReplayError, match=match) as info:
                getattr(replay, view)
            assert info.value.offset == 300


class TestNumpy:
    """numpy is never needed; with it, the columns wrap without a copy (the docs' example)."""

    def test_columns_wrap_without_a_copy(self, corpus):
        numpy = pytest.importorskip("numpy")
        replay = parse_osr((corpus / "osr" / "osrparse__replay2.osr").read_bytes()).frames()
        x = numpy.asarray(replay.x)
        times = numpy.frombuffer(replay.times, dtype=numpy.int64)
        assert x.dtype == numpy.float64
        assert times.dtype == numpy.int64
        assert numpy.asarray(replay.deltas).dtype == numpy.int32
        assert not x.flags.owndata
        assert not x.flags.writeable
        # Two wraps of the column share one buffer: nothing was copied.
        assert numpy.shares_memory(x, numpy.asarray(replay.x))
        assert x.tolist() == [f.x for f in replay.frames]
        assert (numpy.diff(times) == numpy.asarray(replay.deltas)[1:]).all()

    def test_the_library_never_imports_numpy(self):
        code = (
            "import sys, osu_core, osu_core.replay, osu_core.beatmap;"
            "from osu_core.replay import ReplayFrames;"
            "r = ReplayFrames.from_raw([(1, 2, 3, 0)], mode=0); r.x; r.frames;"
            "assert 'numpy' not in sys.modules, 'numpy was imported'"
        )
        subprocess.run([sys.executable, "-c", code], check=True)

"""Replay frame streams: corpus values, the frame views, key typing, encoding and corrupt input."""

from __future__ import annotations

import base64
import json
import lzma
import struct

import pytest

import osu_core.replay._codec as codec_module
import osu_core.replay._stream as replay_module
from osu_core import CorruptReplayError, GameMode, InvalidArgument, ReplayTooLargeError
from osu_core.replay import (
    CatchKeys,
    ManiaKeys,
    OsuKeys,
    RawFrame,
    ReplayFrames,
    TaikoKeys,
    decode_replay_frames,
    decode_replay_frames_base64,
    decode_replay_frames_lzma,
    encode_replay_frames,
    encode_replay_frames_base64,
    parse_osr,
)


def lzma_of(text: bytes) -> bytes:
    return lzma.compress(text, format=lzma.FORMAT_ALONE)


def corpus_frames(corpus, name):
    osr = parse_osr((corpus / "osr" / name).read_bytes())
    return osr.frames()


@pytest.fixture(scope="module")
def expected(corpus):
    data = json.loads((corpus / "expected.json").read_text())
    return {entry["file"]: entry for entry in data["files"] if entry["file"].startswith("osr/")}


@pytest.fixture(scope="module")
def api_content(corpus):
    return json.loads((corpus / "api" / "get_replay-4.json").read_text())["content"]


class TestCorpusStreams:
    @pytest.mark.parametrize(
        ("name", "events"),
        [
            ("osrparse__ctb.osr", 10437),
            ("osrparse__mania.osr", 17430),
            ("osrparse__replay.osr", 17498),
            ("osrparse__taiko.osr", 17473),
        ],
    )
    def test_frame_counts_follow_osrparse(self, corpus, expected, name, events):
        frames = corpus_frames(corpus, name)
        assert expected[f"osr/{name}"]["expected"]["frames(osrparse semantics)"]["value"] == events
        assert len(frames) == events

    def test_every_file_matches_the_independent_frame_scan(self, corpus, expected):
        for entry in expected.values():
            computed = entry["computed"]
            frames = corpus_frames(corpus, entry["file"].removeprefix("osr/"))
            raw = frames.raw
            assert len(raw) == computed["raw_frame_count"]
            text = frames.text.decode("ascii")
            assert text.split(",")[:3] == computed["first_frames"]
            assert text.rstrip(",").split(",")[-1] == computed["last_frame"]
            seed = computed["seed_frame"]
            assert frames.rng_seed == (None if seed is None else int(seed.split("|")[3]))

    def test_lazer_rng_seed_is_zero(self, corpus, expected):
        frames = corpus_frames(corpus, "osrparse__lazer_standard_format.osr")
        entry = expected["osr/osrparse__lazer_standard_format.osr"]["expected"]
        assert frames.rng_seed == entry["rng_seed"]["value"] == 0

    def test_mania_skip_frames_count_toward_time(self, corpus):
        # lazer TestLegacyBeatmapReplayOffsetsDecode: 0 + 3994 - 3963 = 31, then 48, 65.
        frames = corpus_frames(corpus, "lazer__Tests__Replays__mania-replay.osr")
        assert frames.skip_frames == (
            RawFrame(0, 256.0, -500.0, 0),
            RawFrame(3994, 256.0, -500.0, 0),
        )
        assert [frame.time for frame in frames[:3]] == [31, 48, 65]
        assert [frame.time for frame in frames.lazer_frames()[:3]] == [31, 48, 65]
        assert [frame.time for frame in frames.lazer_frames(offset=24)[:3]] == [55, 72, 89]

    def test_mania_keys_are_the_column_bitmask_in_x(self, corpus):
        # lazer TestDecodeManiaReplay: the frame at 414 ms holds Key1 and Key18.
        frames = corpus_frames(corpus, "lazer__Tests__Replays__mania-replay.osr")
        (frame,) = [frame for frame in frames if frame.time == 414]
        assert (frame.delta, frame.x) == (15, 131073.0)
        assert frame.keys == ManiaKeys.Key1 | ManiaKeys.Key18
        assert frame.columns == (1, 18)
        assert frames.rng_seed == 278408

    def test_taiko_replay_has_frames(self, corpus):
        frames = corpus_frames(corpus, "lazer__Tests__Replays__taiko-replay.osr")
        assert len(frames) == 36
        assert frames[2].keys == TaikoKeys.LeftDon
        assert all(isinstance(frame.keys, TaikoKeys) for frame in frames)

    def test_osu_keys_are_typed(self, corpus):
        frames = corpus_frames(corpus, "osrparse__replay.osr")
        assert frames.skip_frames == (RawFrame(0, 256.0, -500.0, 0), RawFrame(-1, 256.0, -500.0, 0))
        first = frames[0]
        assert (first.delta, first.time, first.x, first.y) == (1, 0, 552.5472, 382.1863)
        assert first.keys == OsuKeys.M1
        assert {OsuKeys.M1 | OsuKeys.K1, OsuKeys.M2 | OsuKeys.K2} <= {f.keys for f in frames}
        assert frames.rng_seed is None

    def test_catch_dash(self, corpus):
        frames = corpus_frames(corpus, "osrparse__ctb.osr")
        assert {frame.keys for frame in frames} <= {CatchKeys.none, CatchKeys.Dash}
        assert any(frame.keys.dashing for frame in frames)
        assert not CatchKeys(3).dashing


class TestApiContent:
    def test_synthetic_get_replay_content_decodes(self, corpus, api_content):
        frames = decode_replay_frames(api_content, GameMode.Taiko)
        assert len(frames.raw) == 37
        assert frames.raw[-1] == RawFrame(-12345, 0.0, 0.0, 0)
        assert frames.rng_seed == 0
        assert frames == corpus_frames(corpus, "lazer__Tests__Replays__taiko-replay.osr")

    def test_every_input_form_gives_the_same_stream(self, api_content):
        lzma_bytes = base64.b64decode(api_content)
        expected = decode_replay_frames_lzma(lzma_bytes, GameMode.Taiko)
        assert decode_replay_frames(api_content.encode(), GameMode.Taiko) == expected
        assert decode_replay_frames(lzma_bytes, GameMode.Taiko) == expected
        assert decode_replay_frames_base64(api_content, GameMode.Taiko) == expected
        assert (
            decode_replay_frames_base64(api_content[:40] + "\n" + api_content[40:], 1) == expected
        )

    def test_one_decoder_with_a_layer_switch(self, api_content):
        lzma_bytes = base64.b64decode(api_content)
        expected = decode_replay_frames(api_content, GameMode.Taiko)
        assert decode_replay_frames(lzma_bytes, GameMode.Taiko, layer="lzma") == expected
        assert decode_replay_frames(api_content, GameMode.Taiko, layer="base64") == expected
        assert decode_replay_frames(api_content.encode(), 1, layer="base64") == expected
        with pytest.raises(CorruptReplayError):  # LZMA bytes are no base64
            decode_replay_frames(lzma_bytes, GameMode.Taiko, layer="base64")
        with pytest.raises(InvalidArgument) as info:
            decode_replay_frames(api_content, GameMode.Taiko, layer="lzma")  # a str
        assert info.value.parameter == "content"
        with pytest.raises(InvalidArgument) as info:
            decode_replay_frames(api_content, GameMode.Taiko, layer="gzip")  # type: ignore[call-overload]
        assert (info.value.parameter, info.value.message[:7]) == ("layer", "layer: ")
        with pytest.raises(InvalidArgument) as info:
            decode_replay_frames_lzma(api_content, GameMode.Taiko)  # type: ignore[arg-type]
        assert info.value.parameter == "data"

    def test_content_round_trips_through_base64(self, api_content):
        frames = decode_replay_frames(api_content, GameMode.Taiko)
        assert decode_replay_frames(encode_replay_frames_base64(frames), GameMode.Taiko) == frames


class TestViews:
    def test_from_raw_writes_stable_text(self):
        raw = [(0, 256.0, -500.0, 0), (16, 1.5, 2, 5), (-12345, 0.0, 0.0, 77)]
        frames = ReplayFrames.from_raw(raw, mode=GameMode.Osu)
        assert frames.text == b"0|256|-500|0,16|1.5|2|5,-12345|0|0|77,"
        assert ReplayFrames.from_raw(raw, mode=0, trailing_comma=False).text.endswith(b"|77")
        assert frames.rng_seed == 77
        assert frames[0] == (16, 16, 1.5, 2.0, OsuKeys.M1 | OsuKeys.K1)
        assert len(frames) == 1
        assert list(frames) == list(frames.frames)

    def test_seed_frame_delta_is_not_counted(self):
        raw = [(10, 1, 1, 0), (-12345, 0, 0, 5), (10, 2, 2, 0)]
        frames = ReplayFrames.from_raw(raw, mode=GameMode.Osu)
        assert [frame.time for frame in frames] == [10, 20]
        assert frames.rng_seed == 5

    def test_lazer_swaps_a_backwards_second_frame(self):
        # frame 1 earlier than frame 0: frame 1 takes frame 0's time, frame 0 gets 0.
        frames = ReplayFrames.from_raw([(50, 1, 1, 0), (-20, 2, 2, 0), (40, 3, 3, 0)], mode=0)
        assert [frame.time for frame in frames] == [50, 30, 70]
        assert [frame.time for frame in frames.lazer_frames()] == [0, 50, 70]

    def test_lazer_flattens_a_late_first_frame(self):
        frames = ReplayFrames.from_raw([(100, 1, 1, 0), (10, 2, 2, 0), (-60, 3, 3, 0)], mode=0)
        assert [frame.time for frame in frames.lazer_frames()] == [50, 50, 50]

    def test_lazer_drops_frames_going_backwards(self):
        raw = [(0, 1, 1, 0), (10, 2, 2, 0), (10, 3, 3, 0), (-15, 4, 4, 0), (10, 5, 5, 0)]
        frames = ReplayFrames.from_raw(raw, mode=0)
        assert [frame.time for frame in frames] == [0, 10, 20, 5, 15]
        assert [frame.x for frame in frames.lazer_frames()] == [1.0, 2.0, 3.0]

    def test_fractional_deltas_are_rounded(self):
        frames = decode_replay_frames_lzma(lzma_of(b"16.6|1|2|0,17|1|2|0,"))
        assert [frame.delta for frame in frames.raw] == [17, 17]

    def test_exponent_coordinates_parse(self):
        frames = decode_replay_frames_lzma(lzma_of(b"1|1E-05|2e2|0,"))
        assert frames.raw == (RawFrame(1, 1e-05, 200.0, 0),)

    def test_empty_stream(self):
        frames = decode_replay_frames_lzma(lzma_of(b""))
        assert (len(frames), frames.raw, frames.rng_seed, frames.trailing_comma) == (
            0,
            (),
            None,
            True,
        )

    def test_streams_are_hashable_values(self, api_content):
        one = decode_replay_frames(api_content, GameMode.Taiko)
        two = decode_replay_frames(api_content, GameMode.Taiko)
        assert one == two
        assert hash(one) == hash(two)
        assert hash(one.frames) == hash(two.frames)
        assert one != decode_replay_frames(api_content, GameMode.Osu)
        assert "570 bytes" in repr(one)


class TestEncode:
    def test_header_matches_stable(self, api_content):
        data = encode_replay_frames(decode_replay_frames(api_content, GameMode.Taiko))
        assert data[:5] == bytes.fromhex("5d00002000")

    def test_rejects_other_values(self):
        with pytest.raises(InvalidArgument):
            encode_replay_frames(b"1|2|3|4,")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "frame",
        [(1, float("nan"), 0, 0), (1, 0, float("inf"), 0), (True, 0, 0, 0), (1, 0, 0, 1.5), (1, 2)],
    )
    def test_from_raw_rejects_bad_frames(self, frame):
        with pytest.raises(InvalidArgument, match="frame 0"):
            ReplayFrames.from_raw([frame], mode=0)

    def test_unknown_mode(self, api_content):
        with pytest.raises(InvalidArgument) as info:
            decode_replay_frames(api_content, 7)
        assert info.value.parameter == "mode"
        with pytest.raises(InvalidArgument):
            decode_replay_frames(api_content, True)


class TestCorrupt:
    @pytest.mark.parametrize(
        "content", ["not base64!", "XQAAIAA6AgAAAAAA=A", "ÿÿ", b"\x00\x01", 12345]
    )
    def test_bad_base64_or_lzma(self, content):
        with pytest.raises((CorruptReplayError, InvalidArgument)):
            decode_replay_frames(content)

    def test_bad_base64_is_corrupt(self):
        with pytest.raises(CorruptReplayError):
            decode_replay_frames_base64("XQAA!!")
        with pytest.raises(CorruptReplayError):
            decode_replay_frames("ÿÿÿÿ")

    def test_truncated_lzma(self, api_content):
        data = base64.b64decode(api_content)
        with pytest.raises(CorruptReplayError, match="truncated"):
            decode_replay_frames_lzma(data[:-10])

    def test_invalid_lzma(self):
        with pytest.raises(CorruptReplayError, match="invalid LZMA"):
            decode_replay_frames_lzma(b"\x5d\x00\x00\x20\x00" + b"\xff" * 40)

    def test_decompression_is_bounded(self, monkeypatch):
        monkeypatch.setattr(codec_module, "MAX_REPLAY_STREAM_SIZE", 100)
        with pytest.raises(CorruptReplayError, match="more than 100 bytes"):
            decode_replay_frames_lzma(lzma_of(b"1|2|3|4," * 100))

    @pytest.mark.parametrize(
        ("text", "offset"),
        [
            (b"1|2|3|4,1|2|3,", 1),
            (b"1|2|3|4,1|2||4,", 1),
            (b"1|2|3|4,1|2|3|4|5,", 1),
            (b"1|a|3|4,", 0),
            (b"1|2|3|4,,1|2|3|4,", 1),
            (b",1|2|3|4", 0),
            (b"1|2|3|", 0),
            (b"|1|2|3,", 0),
            (b"1|2|3|4,5|6|7|8,\xff", 2),
            # A last frame of one field (issue 10): once passed decoding and then failed in
            # .frames with a bare ValueError from zip().
            (b"1|2|3|4,17", 1),
            (b"17", 0),
            (b"1|2|3|4,5|6", 1),
        ],
    )
    def test_malformed_structure_fails_at_decode(self, text, offset):
        with pytest.raises(CorruptReplayError) as info:
            decode_replay_frames_lzma(lzma_of(text))
        assert info.value.offset == offset

    @pytest.mark.parametrize(
        ("text", "offset"),
        [
            (b"1|2|3|4,1|2-3|4|5,", 1),
            (b"1|2|3|4,1|2|3|4e,", 1),
            (b"1|2|3|4,e|2|3|4,", 1),
            (b"1|2|3|4,1|1e999|3|4,", 1),
            (b"1|2|3|4,1|2|3|1.5,", 1),
        ],
    )
    def test_malformed_numbers_fail_on_first_use(self, text, offset):
        frames = decode_replay_frames_lzma(lzma_of(text))
        with pytest.raises(CorruptReplayError) as info:
            _ = frames.frames
        assert info.value.offset == offset
        with pytest.raises(CorruptReplayError):
            _ = frames.raw

    def test_constructor_checks_the_text(self):
        with pytest.raises(CorruptReplayError):
            ReplayFrames(mode=GameMode.Osu, text=b"1|2|3")
        with pytest.raises(InvalidArgument):
            ReplayFrames(mode=GameMode.Osu, text="1|2|3|4,")  # type: ignore[arg-type]


class TestLimits:
    def test_a_one_field_last_frame_is_named(self):
        with pytest.raises(CorruptReplayError, match=r"frame 1 \(1 fields instead of 4\)"):
            decode_replay_frames_base64(base64.b64encode(lzma_of(b"1|2|3|4,17")).decode())

    def test_the_frame_count_is_capped_at_decode(self, monkeypatch):
        monkeypatch.setattr(replay_module, "MAX_REPLAY_FRAMES", 10)
        assert len(decode_replay_frames_lzma(lzma_of(b"16|1|2|0," * 10)).raw) == 10
        assert len(decode_replay_frames_lzma(lzma_of(b"16|1|2|0," * 9 + b"16|1|2|0")).raw) == 10
        with pytest.raises(ReplayTooLargeError, match="more than 10 frames") as info:
            decode_replay_frames_lzma(lzma_of(b"16|1|2|0," * 11))
        assert info.value.limit == 10
        with pytest.raises(ReplayTooLargeError):
            ReplayFrames(mode=GameMode.Osu, text=b"1|2|3|4," * 10 + b"1|2|3|4")
        with pytest.raises(InvalidArgument, match="at most 10 frames"):
            ReplayFrames.from_raw(iter([(16, 1.0, 2.0, 0)] * 11), mode=GameMode.Osu)

    def test_a_small_body_that_inflates_to_millions_of_frames_is_refused(self):
        # Issue 10: a 12.8 KB get_replay body inflated to 8.4 M frames (10 s, 1.2 GB). Now the
        # size cap stops the decompressor at 32 MiB, before any frame is built.
        bomb = base64.b64encode(lzma_of(b"0|0|0|0," * 8_400_000)).decode()
        assert len(bomb) < 20_000
        with pytest.raises(ReplayTooLargeError) as info:
            decode_replay_frames(bomb)
        assert info.value.limit == codec_module.MAX_REPLAY_STREAM_SIZE == 32 * 1024 * 1024
        # Under the size cap, the frame cap: 1,000,001 minimal frames are 8 MB of text.
        with pytest.raises(ReplayTooLargeError) as info:
            decode_replay_frames_lzma(lzma_of(b"0|0|0|0," * (replay_module.MAX_REPLAY_FRAMES + 1)))
        assert info.value.limit == replay_module.MAX_REPLAY_FRAMES == 1_000_000

    def test_the_size_cap_admits_a_stream_of_exactly_the_limit(self, monkeypatch):
        text = b"16|1|2|0," * 10
        monkeypatch.setattr(codec_module, "MAX_REPLAY_STREAM_SIZE", len(text))
        assert len(decode_replay_frames_lzma(lzma_of(text)).raw) == 10
        monkeypatch.setattr(codec_module, "MAX_REPLAY_STREAM_SIZE", len(text) - 1)
        with pytest.raises(ReplayTooLargeError, match=f"more than {len(text) - 1} bytes"):
            decode_replay_frames_lzma(lzma_of(text))

    def test_a_header_declaring_a_huge_dictionary_is_refused_before_allocating(self):
        data = lzma_of(b"1|2|3|4,")
        preset_9 = lzma.compress(b"1|2|3|4,", format=lzma.FORMAT_ALONE, preset=9)  # 64 MiB
        assert decode_replay_frames_lzma(preset_9).raw == ((1, 2.0, 3.0, 4),)
        evil = data[:1] + struct.pack("<I", 0xFFFF_FFFF) + data[5:]
        with pytest.raises(ReplayTooLargeError, match="4,294,967,295-byte dictionary") as info:
            decode_replay_frames_lzma(evil)
        assert info.value.limit == 64 * 1024 * 1024


class TestHugeNumbers:
    BIG = b"9" * 400

    @pytest.mark.parametrize("mode", list(GameMode))
    def test_a_coordinate_too_large_for_a_float_is_corrupt(self, mode):
        # Once float() gave inf here, which crashed mania frames (int(inf)) later.
        for text in (b"1|2|3|0,1|" + self.BIG + b"|3|0,", b"1|2|3|0,1|2|1e999|0,"):
            frames = decode_replay_frames_lzma(lzma_of(text), mode)
            with pytest.raises(CorruptReplayError, match="too large for a float") as info:
                _ = frames.frames
            assert info.value.offset == 1

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            (BIG + b"|1|2|0,", "time delta"),
            (b"9" * 5000 + b"|1|2|0,", "time delta"),  # more digits than int() reads
            (b"2147483648|1|2|0,", "time delta"),
            (b"1|1|2|2147483648,", "key state"),
            (b"1|1|2|-2147483649,", "key state"),
            (b"1e300|1|2|0,", "time delta"),
        ],
    )
    def test_a_delta_or_key_state_beyond_32_bits_is_corrupt(self, text, name):
        frames = decode_replay_frames_lzma(lzma_of(b"16|1|2|0," + text))
        with pytest.raises(CorruptReplayError, match=f"{name} out of the 32-bit range") as info:
            _ = frames.raw
        assert info.value.offset == 1

    def test_the_32_bit_extremes_are_kept(self):
        text = b"-2147483648|1|2|2147483647,2147483647|1e308|-1e308|-2147483648,"
        raw = decode_replay_frames_lzma(lzma_of(text)).raw
        assert raw == ((-(2**31), 1.0, 2.0, 2**31 - 1), (2**31 - 1, 1e308, -1e308, -(2**31)))

    def test_checks_do_not_depend_on_the_int_digit_limit(self, monkeypatch):
        # Without the interpreter's 4300-digit limit, int() of a long field is quadratic.
        monkeypatch.setattr(replay_module, "_int_digits_limited", lambda: False)
        assert decode_replay_frames_lzma(lzma_of(b"16|1|2|5,")).raw == ((16, 1.0, 2.0, 5),)
        frames = decode_replay_frames_lzma(lzma_of(b"16|1|2|0," + b"9" * 100_000 + b"|1|2|0,"))
        with pytest.raises(CorruptReplayError, match="out of the 32-bit range"):
            _ = frames.raw

    def test_from_raw_refuses_numbers_it_cannot_write_back(self):
        for frame in [(1, 10**400, 0, 0), (2**31, 0, 0, 0), (0, 0, 0, -(2**31) - 1)]:
            with pytest.raises(InvalidArgument, match="frame 0"):
                ReplayFrames.from_raw([frame], mode=GameMode.Osu)

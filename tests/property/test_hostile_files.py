"""Hostile input for every file parser (issue 10): huge numbers, Unicode digits, wrong types,
truncations and bombs, against the ``.osu`` parser, the replay stream decoders and ``.osr``.

Each test checks the contract, not just "no crash": the parser either returns a value whose
every view works (hash, ``==``, render and parse back, frames, lazer's limits on what it
kept), or raises its own typed error (``ParseError`` and subclasses for content, the
documented argument error for a wrong type). The ``.osu`` tests also parse every input a
second time with the fast paths switched off and demand the same result: the fast paths
(tables, caches, inline checks) must read exactly what the careful readers read.

Bombs run against small limits (patched in for the test) so each example stays cheap; the
unit tests decode full-size bombs against the real ones.

CI runs these with the ``ci`` profile (300 examples a test, derandomized). A long local run:
``HYPOTHESIS_PROFILE=fuzz pytest -m fuzz tests/property/test_hostile_files.py`` (100,000
examples a test).
"""

from __future__ import annotations

import base64
import lzma
import math
import re
import struct
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import osu_core.beatmap._parser as parse_module
import osu_core.beatmap._parser_loops as objects_module
import osu_core.replay._codec as codec_module
import osu_core.replay._osr as osr_module
import osu_core.replay._stream as replay_module
from osu_core import (
    BeatmapFile,
    CorruptReplayError,
    GameMode,
    InvalidArgument,
    ParseError,
    ReplayTooLargeError,
)
from osu_core._osu_format import DIFFICULTY_KEYS, EDITOR_KEYS, GENERAL_KEYS, METADATA_KEYS
from osu_core.beatmap import OsuFile, Slider, parse_osu_file, render_osu_file
from osu_core.beatmap._models import MAX_COORDINATE_VALUE, MAX_PARSE_VALUE
from osu_core.replay import (
    OsrFile,
    ReplayFrames,
    decode_replay_frames,
    decode_replay_frames_base64,
    decode_replay_frames_lzma,
    encode_replay_frames,
    parse_osr,
    render_osr,
)
from osu_core.strategies import osr_files, replay_frames

pytestmark = pytest.mark.fuzz

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
#: The smaller corpus maps (every shape of section, cheap enough to mutate 100,000 times).
SMALL_OSU = sorted(p for p in (CORPUS / "osu").glob("*.osu") if p.stat().st_size < 8_000)
OSU_TEXTS = {p.name: p.read_bytes() for p in SMALL_OSU}
#: Real replay streams small enough to damage cheaply.
SMALL_OSR = {
    p.name: p.read_bytes() for p in (CORPUS / "osr").glob("*.osr") if p.stat().st_size < 4_000
}
_SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- atoms --------------------------------------------------------------------------------


def weighted(*branches: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """``one_of`` with weights. ``one_of`` picks a branch uniformly and drops a branch it
    already has, so each copy is a distinct (identity-mapped) strategy."""
    return st.one_of([strategy.map(_same) for weight, strategy in branches for _ in range(weight)])


def _same(value: Any) -> Any:
    return value


HUGE = [
    "9" * 400,
    "-" + "9" * 400,
    "9" * 5000,  # more digits than int() reads
    "1e400",
    "-1e999",
    "1e-400",
    "0." + "0" * 400 + "1",
    "1" + "0" * 30,
    "131072",
    "131073",
    "-131073",
    "131072.0001",
    "1073741824",  # past the fast paths' bound, within lazer's
    "2147483647",
    "2147483648",
    "-2147483648",
    "4294967296",
    "9001",
    "1e308",
    "1.7976931348623157e308",
]
UNICODE_DIGITS = [
    "\u0661\u0662",  # Arabic-Indic 12
    "\uff11\uff12",  # fullwidth 12
    "\u0967\u0968",  # Devanagari 12
    "\u0661.\u0665",
    "1\u0660",
    "\u00b2",  # superscript two: not a decimal digit
    "\u2460",  # circled one
    "1_000",
    "1_0.5",
    "\u200b1",  # zero-width space
    "\u00a01",  # no-break space
    "\u3000" + "1",
    "\x1c1",  # an ASCII separator that str.isspace() accepts
]
WRONG = [
    "", " ", "x", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "B", "P", "L", "C", "B3",
    "|", ":", "::", "0:0:0:0:", "//", "/", "[", "]", "--1", "+", "-", ".", "e", "1e", "e5",
    "0x10", "1.2.3", "1-2", "\t", "true", "\\", '"', ",",
]  # fmt: skip
NORMAL = [
    "0", "1", "2", "4", "5", "6", "8", "12", "128", "256", "192", "-5", "16.5", "500", "100",
    "70", "-100", "0.5", "1000", "2500", "1.4", "3", "10", "-1",
]  # fmt: skip
NUMBER_ATOMS = st.sampled_from(NORMAL) | st.sampled_from(HUGE + UNICODE_DIGITS + WRONG)
NUMBER_BYTES = NUMBER_ATOMS.map(str.encode)
# Mostly ordinary values, so that a line with one hostile field often has ordinary others,
# and files get past their first sections.
_numbers = weighted(
    (10, st.sampled_from(NORMAL)),
    (2, st.sampled_from(HUGE)),
    (2, st.sampled_from(UNICODE_DIGITS + WRONG)),
    (1, st.integers(-(2**33), 2**33).map(str)),
    (1, st.floats().map(repr)),
)


def _colon(count: int) -> st.SearchStrategy[str]:
    return st.lists(_numbers, min_size=0, max_size=count).map(":".join)


_curve = st.builds(
    lambda letter, points: "|".join([letter, *points]),
    st.sampled_from(["B", "L", "P", "C", "B3", "X", "", "B0", "B" + "9" * 30]),
    st.lists(st.builds("{}:{}".format, _numbers, _numbers) | st.sampled_from(["B", "L", "P"]),
             max_size=6),
)  # fmt: skip
_field = _numbers | _colon(5) | _curve | st.text(max_size=6)
_line = st.lists(_field, max_size=12).map(",".join)

_SECTION_KEYS = {
    "General": [key for key, _, _ in GENERAL_KEYS],
    "Editor": [key for key, _, _ in EDITOR_KEYS],
    "Metadata": [key for key, _, _ in METADATA_KEYS],
    "Difficulty": [key for key, _, _ in DIFFICULTY_KEYS],
    "Colours": ["Combo1", "Combo2", "SliderBorder", "SliderTrackOverride", "Other"],
}


@st.composite
def _section(draw: st.DrawFn) -> str:
    names = [*_SECTION_KEYS, "Events", "Fonts"] + ["TimingPoints"] * 2 + ["HitObjects"] * 4
    name = draw(st.sampled_from(names))
    if name in _SECTION_KEYS:
        key = st.sampled_from(_SECTION_KEYS[name])
        value = _numbers | st.lists(_numbers, max_size=4).map(",".join)
        pair = st.builds("{}: {}".format, key, value)
        lines = st.lists(weighted((4, pair), (1, _line)), max_size=8)
    elif name == "HitObjects":
        shapes = st.sampled_from(
            ["{},{},{},1,0,0:0:0:0:", "{},{},{},2,0,B|1:2|3:4,1,70", "{},{},{},12,0,900",
             "{},{},{},128,0,900:0:0:0:0:", "256,192,{},{},{},0:0:0:0:",
             "0,0,0,2,0,{}|{}:{},1,70", "0,0,0,2,0,L|1:2,{},{},{}",
             "0,0,0,6,0,P|1:2|3:4,1,70,{}|{},{}:{}|0:0,0:0:0:0:"]
        )  # fmt: skip
        templated = st.builds(lambda shape, values: shape.format(*values), shapes,
                              st.lists(_numbers, min_size=6, max_size=6))  # fmt: skip
        lines = st.lists(weighted((6, templated), (1, _line)), max_size=10)
    elif name == "TimingPoints":
        templated = st.builds(
            "{},{},4,{},0,{},1,{}".format, _numbers, _numbers, _numbers, _numbers, _numbers
        )
        short = st.builds("{},{}".format, _numbers, _numbers)
        lines = st.lists(weighted((4, templated), (2, short), (1, _line)), max_size=8)
    elif name == "Events":
        event = st.sampled_from(['0,{},"bg.jpg",{},{}', "2,{},{}", 'Video,{},"v.mp4",{},{}'])
        templated = st.builds(lambda shape, values: shape.format(*values), event,
                              st.lists(_numbers, min_size=3, max_size=3))  # fmt: skip
        lines = st.lists(templated | _line, max_size=6)
    else:
        lines = st.lists(_line, max_size=4)
    body = draw(lines)
    comment = draw(st.sampled_from(["", " // c", "\t", " "]))
    return "\n".join([f"[{name}]", *(line + comment for line in body)])


_headers = st.sampled_from(
    ["osu file format v14", "osu file format v5", "osu file format v128", "osu file format v4",
     "", "osu file format v\u0661\u0664", "osu file format v" + "9" * 400,
     "\ufeffosu file format v9", "osu file format v2147483648", "garbage"]
)  # fmt: skip
_osu_texts = st.builds(
    lambda header, sections, newline: newline.join([header, *sections]),
    _headers,
    st.lists(_section(), max_size=6),
    st.sampled_from(["\n", "\r\n", "\r"]),
)


@st.composite
def _mutated(draw: st.DrawFn, data: bytes, atoms: st.SearchStrategy[bytes]) -> bytes:
    """``data`` after a few targeted edits: a number swapped for a hostile atom, bytes
    inserted or deleted, a line repeated, the end cut off."""
    numbers = [m.span() for m in re.finditer(rb"-?[0-9][0-9.]*", data)]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["number", "number", "number", "insert", "delete", "cut"]))
        if kind == "number" and numbers:
            start, end = numbers[draw(st.integers(0, len(numbers) - 1))]
            data = data[:start] + draw(atoms) + data[end:]
            numbers = [m.span() for m in re.finditer(rb"-?[0-9][0-9.]*", data)]
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(atoms) + data[at:]
        elif kind == "delete" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif kind == "cut":
            data = data[: draw(st.integers(0, len(data)))]
    return data


# --- .osu ----------------------------------------------------------------------------------


def _careful_hit_objects(lines, first_line, out, skipped, memo):
    for offset, line in enumerate(lines):
        objects_module._careful_hit_object(line, first_line + offset, out, skipped, memo)


def _careful_timing(lines, first_line, out):
    for offset, raw in enumerate(lines):
        point = parse_module._timing_point(raw, first_line + offset)
        if point is not None:
            out.append(point)


def _outcome(data: str | bytes) -> OsuFile | tuple[int | None, str | None]:
    try:
        return parse_osu_file(data)
    except ParseError as exc:
        error = exc
    assert error.line is not None or error.offset is not None, error
    return (error.line, error.section)


def check_osu(data: str | bytes) -> None:
    """The .osu contract for one input (see the module docstring)."""
    result = _outcome(data)
    with (
        mock.patch.object(objects_module, "_hit_object_run", _careful_hit_objects),
        mock.patch.object(parse_module, "_timing_run", _careful_timing),
    ):
        assert _outcome(data) == result  # the fast paths read what the careful path reads
    if not isinstance(result, OsuFile):
        event(f"osu: ParseError in [{result[1]}]")
        return
    f = result
    event(f"osu: parsed, {min(len(f.hit_objects), 1)}+ objects")
    event(f"osu: parsed, {min(len(f.skipped_hit_objects), 1)}+ skipped lines")
    assert f == f
    hash(f)
    for o in f.hit_objects:
        assert abs(o.x) <= MAX_COORDINATE_VALUE, o
        assert abs(o.y) <= MAX_COORDINATE_VALUE, o
        assert abs(o.time) <= MAX_PARSE_VALUE, o
        if isinstance(o, Slider):
            assert all(abs(p.x) <= MAX_COORDINATE_VALUE >= abs(p.y) for p in o.curve_points)
            assert o.length is None or abs(o.length) <= MAX_COORDINATE_VALUE
            assert o.slides <= 9000
    for p in f.timing_points:
        assert abs(p.time) <= MAX_PARSE_VALUE, p
        assert math.isnan(p.beat_length) or abs(p.beat_length) <= MAX_PARSE_VALUE, p
    for skipped in f.skipped_hit_objects:
        assert 0 <= skipped.index <= len(f.hit_objects)
        assert skipped.reason
    text = f.render()
    assert parse_osu_file(text) == f
    assert parse_osu_file(render_osu_file(f, newline="\r\n").encode()) == f
    f.sorted_hit_objects()
    f.timing_point_at(1000)
    f.slider_velocity_at(1000)
    f.sample_set_at(1000)
    if isinstance(data, str):
        beatmap = BeatmapFile(content=data)
        assert beatmap.version == f.format_version
        beatmap.get_category("HitObjects")


@_SETTINGS
@given(_osu_texts)
@example("osu file format v14\n[HitObjects]\n0,0,9999999999,1,0\n1,2,3,1,0")
@example("[TimingPoints]\n" + "9" * 400 + ",500")
@example("[HitObjects]\n\u0661,2,3,1,0")
def test_osu_text_of_hostile_fields(text):
    check_osu(text)
    check_osu(text.encode("utf-8", "surrogatepass"))


@_SETTINGS
@given(st.sampled_from(sorted(OSU_TEXTS)).flatmap(lambda n: _mutated(OSU_TEXTS[n], NUMBER_BYTES)))
def test_mutated_corpus_maps(data):
    check_osu(data)


@_SETTINGS
@given(
    st.binary(max_size=400)
    | st.text(max_size=200)
    | st.sampled_from([b"\xef\xbb\xbf", b"\x00", b"\xff\xfe", b"osu file format v14\n\xc3"])
)
def test_osu_bytes_and_text_of_any_shape(data):
    check_osu(data)


@given(st.one_of(st.integers(), st.none(), st.floats(), st.lists(st.integers(), max_size=3)))
def test_osu_wrong_argument_types(value):
    with pytest.raises(TypeError, match="str or bytes"):
        parse_osu_file(value)


# --- replay streams --------------------------------------------------------------------------

_GOOD_FIELD = st.sampled_from(
    [b"0", b"1", b"16", b"17", b"-1", b"256", b"-500", b"1.5", b"1E-05", b"2e2", b"131073",
     b"2147483647", b"-2147483648", b"1e308", b"5", b"10", b"+3"]
)  # fmt: skip
_BAD_FIELD = st.sampled_from(
    [b"-12345", b"2147483648", b"-2147483649", b"9" * 400, b"9" * 5000, b"1e999", b"-1e999",
     b"", b"-", b"+", b".", b"e", b"1-2", b"1e", b"--1", b"0.5e", b"+-1", b"16.6", b"0" * 80]
)  # fmt: skip
_FIELD_BYTES = weighted((6, _GOOD_FIELD), (1, _BAD_FIELD))
_FRAME = st.lists(_FIELD_BYTES, min_size=4, max_size=4).map(b"|".join)
#: A frame of any number of fields, put in at most once per stream.
_ODD_FRAME = st.lists(_FIELD_BYTES, max_size=5).map(b"|".join)


def _stream(frames: list[bytes], odd: tuple[int, bytes] | None, end: bytes) -> bytes:
    if odd is not None:
        frames.insert(odd[0] % (len(frames) + 1), odd[1])
    return b",".join(frames) + end


_STREAM_TEXT = st.builds(
    _stream,
    st.lists(_FRAME, max_size=30),
    weighted((3, st.none()), (1, st.tuples(st.integers(0, 30), _ODD_FRAME))),
    st.sampled_from([b",", b""] * 6 + [b"\xff", b"x", b" ", b",,", b"|"]),
)
MODES = st.sampled_from(list(GameMode))


def _lzma(text: bytes) -> bytes:
    return lzma.compress(text, format=lzma.FORMAT_ALONE, preset=0)


def check_frames(frames: ReplayFrames[Any]) -> None:
    """Every view of a decoded stream: a value, or CorruptReplayError."""
    error: CorruptReplayError | None
    try:
        raw = frames.raw
        typed = frames.frames
        lazer = frames.lazer_frames(24)
        _ = frames.skip_frames, frames.rng_seed, len(frames), list(frames), frames[:1]
    except CorruptReplayError as exc:
        error = exc
    else:
        error = None
    if error is not None:
        event("frames: CorruptReplayError on use")
        assert error.offset is not None
        return
    event(f"frames: {min(len(raw), 10) // 10 * 10}+ frames")
    assert len(raw) <= replay_module.MAX_REPLAY_FRAMES
    for frame in raw:
        assert -(2**31) <= frame.delta < 2**31, frame
        assert -(2**31) <= frame.z < 2**31, frame
        assert math.isfinite(frame.x), frame
        assert math.isfinite(frame.y), frame
    assert len(lazer) <= len(typed) <= len(raw)
    assert hash(frames) == hash(ReplayFrames(mode=frames.mode, text=frames.text))
    assert decode_replay_frames_lzma(encode_replay_frames(frames), frames.mode) == frames
    for frame in typed:
        _ = frame.keys, frame.time / 1000  # the CLI's summary divides; once OverflowError
    assert ReplayFrames.from_raw(raw, mode=frames.mode).raw == raw


def check_content(content: str | bytes, mode: Any) -> None:
    """Each decoder that accepts this content: a stream, or its documented errors."""
    decoders: list[Any] = [decode_replay_frames, decode_replay_frames_base64]
    if isinstance(content, bytes):
        decoders.append(decode_replay_frames_lzma)
    for decode in decoders:
        try:
            frames = decode(content, mode)
        except CorruptReplayError as exc:
            error = exc
        else:
            check_frames(frames)
            continue
        event(f"decode: {type(error).__name__}")
        assert error.offset is not None
        assert not isinstance(error, ReplayTooLargeError) or error.limit > 0


@_SETTINGS
@given(_STREAM_TEXT, MODES)
@example(b"1|2|3|4,17", GameMode.Osu)
@example(b"1|" + b"9" * 400 + b"|3|4,", GameMode.Mania)
def test_frame_text_of_hostile_fields(text, mode):
    data = _lzma(text)
    check_content(data, mode)
    check_content(base64.b64encode(data).decode(), mode)


def _small_streams() -> list[bytes]:
    streams = []
    for data in SMALL_OSR.values():
        replay = parse_osr(data).replay_data
        if replay:
            streams.append(replay)
    return streams


@_SETTINGS
@given(
    st.sampled_from(_small_streams())
    | replay_frames(max_size=10).map(encode_replay_frames)
    | _STREAM_TEXT.map(_lzma),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=3),
    weighted((2, st.none()), (1, st.integers(0, 10**6))),
    MODES,
)
def test_damaged_lzma_streams(data, flips, cut, mode):
    raw = bytearray(data)
    for at, value in flips:
        raw[at % len(raw)] = value  # the header too: properties, dictionary size, length
    if cut is not None:
        raw = raw[: cut % (len(raw) + 1)]
    check_content(bytes(raw), mode)


@contextmanager
def small_limits(frames: int, stream: int, info: int) -> Iterator[None]:
    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(replay_module, "MAX_REPLAY_FRAMES", frames))
        stack.enter_context(mock.patch.object(codec_module, "MAX_REPLAY_STREAM_SIZE", stream))
        stack.enter_context(mock.patch.object(osr_module, "MAX_LAZER_SCORE_INFO_SIZE", info))
        yield


_BOMB = st.builds(
    lambda frame, count, tail: frame * count + tail,
    st.sampled_from([b"0|0|0|0,", b"16|256|192|1,", b"1|2|3|4,", b"9" * 100, b"|||,", b","]),
    st.integers(0, 4000),
    st.sampled_from([b"", b"1|2|3|4", b"17", b"1|2|3|4,"]),
)


@_SETTINGS
@given(_BOMB, st.integers(1, 300), st.integers(64, 8192), MODES)
def test_bombs_hit_the_limits(text, frames, stream, mode):
    with small_limits(frames, stream, 4096):
        decoded: ReplayFrames[Any] | CorruptReplayError
        try:
            decoded = decode_replay_frames_lzma(_lzma(text), mode)
        except CorruptReplayError as exc:
            decoded = exc
        if isinstance(decoded, ReplayFrames):
            assert len(text) <= stream
            assert len(decoded.text.rstrip(b",").split(b",")) <= frames
            check_frames(decoded)
    event(f"bomb: {type(decoded).__name__}")
    if isinstance(decoded, ReplayTooLargeError):
        separators = text.count(b"|") + text.count(b",") + (not text.endswith(b","))
        too_long = decoded.limit == stream and len(text) > stream
        assert too_long or (decoded.limit == frames and separators > 4 * frames)


@given(
    st.one_of(st.integers(), st.none(), st.floats(), st.lists(st.binary(), max_size=2)),
    st.one_of(MODES, st.integers(-3, 9), st.booleans(), st.none(), st.text(max_size=3)),
)
def test_replay_wrong_argument_types(content, mode):
    for decode in (decode_replay_frames, decode_replay_frames_lzma, decode_replay_frames_base64):
        with pytest.raises(InvalidArgument):
            decode(content, mode)
    with pytest.raises((InvalidArgument, CorruptReplayError)):
        decode_replay_frames(b"\x5d\x00\x00\x20\x00", mode)  # a bad mode, or bad LZMA


# --- .osr ----------------------------------------------------------------------------------


def assert_located(error: ParseError) -> None:
    assert error.offset is not None or error.line is not None, error


def check_osr(data: bytes) -> None:
    """The .osr contract: ParseError, or a file whose views work and which renders back."""
    try:
        osr = parse_osr(data)
    except ParseError as exc:
        event("osr: ParseError")
        assert_located(exc)
        return
    event("osr: parsed")
    assert parse_osr(render_osr(osr)) == osr
    hash(osr)
    _ = osr.timestamp_ticks
    for view in (lambda: osr.life_bar_points, osr.lazer_score_info):
        with suppress(ParseError):
            view()
    try:
        frames = osr.frames()
    except CorruptReplayError as exc:
        event(f"osr frames: {type(exc).__name__}")
        return
    check_frames(frames)


_LIFE_BARS = st.lists(st.builds("{}|{}".format, _numbers, _numbers) | _numbers, max_size=5).map(
    ",".join
)


@st.composite
def _hostile_osr(draw: st.DrawFn) -> bytes:
    """A valid file, with hostile values where the format nests other formats."""
    import attrs

    osr: OsrFile = draw(osr_files())
    changes: dict[str, Any] = {}
    if draw(st.booleans()):
        changes["life_bar"] = draw(_LIFE_BARS)
    if draw(st.booleans()):
        changes["replay_data"] = _lzma(draw(_BOMB | _STREAM_TEXT))
    if draw(st.booleans()):
        block = _lzma(draw(st.sampled_from([b"{}", b'{"online_id": 1}', b"\xff", b" " * 5000])))
        block = draw(st.sampled_from([block, block[:-3], block[:1] + b"\xff" * 4 + block[5:]]))
        changes["game_version"] = 30000004
        changes["extra"] = struct.pack("<i", len(block)) + block
        changes["online_score_id_size"] = 8
        changes["target_practice_accuracy"] = None
        changes["mods"] = osr.mods & ~(1 << 23)
    return render_osr(attrs.evolve(osr, **changes))


@_SETTINGS
@given(_hostile_osr())
def test_osr_with_hostile_contents(data):
    with small_limits(200, 4096, 1024):
        check_osr(data)


_OSR_ATOMS = st.sampled_from(
    [b"\x0b\xff\xff\xff\xff\x0f", b"\x0b\x80\x80\x80\x80\x80\x01", b"\x00", b"\x0b\x05abc",
     b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80", b"\xff" * 8, b"\x5d\x00\x00\x00\xff"]
) | NUMBER_BYTES  # fmt: skip


@_SETTINGS
@given(
    (
        st.sampled_from(sorted(SMALL_OSR)).map(SMALL_OSR.__getitem__) | osr_files().map(render_osr)
    ).flatmap(lambda data: _mutated(data, _OSR_ATOMS))
)
def test_damaged_osr_files(data):
    with small_limits(200, 4096, 1024):
        check_osr(data)


@given(st.one_of(st.text(max_size=5), st.integers(), st.none(), st.lists(st.integers())))
def test_osr_wrong_argument_types(value):
    with pytest.raises(InvalidArgument):
        parse_osr(value)

"""Replay frame streams: the decoded frame text of ``get_replay`` content and ``.osr`` files.

Theory of operation
-------------------
A stream is LZMA-alone data (sent by the API as base64) that decompresses to ASCII frames
``w|x|y|z`` separated by commas, usually with a trailing comma (``reference/osu-file-format.md``
§B.2; osr wiki). :class:`ReplayFrames` keeps that text **verbatim** as its one field besides the
mode, so encoding it again loses nothing and ``decode(encode(f)) == f`` holds by construction.

Decoding checks the structure eagerly, with a few whole-buffer byte operations rather than a
Python loop per frame: every byte is a digit, ``.``, ``-``, ``+``, ``e``/``E``, ``|`` or ``,``;
the separators run ``|||,`` frame after frame; no field is empty; there are at most
:data:`MAX_REPLAY_FRAMES` frames (else :class:`ReplayTooLargeError`). Numbers are converted on
first use: the columns (``x``, ``times``... and ``raw``, ``rng_seed``, ``skip_frames``) parse
once into cached arrays, ``frames`` once into its cached tuple (from lists, which it needs as
objects anyway), ``lazer_frames()`` on each call; a number that fails to parse (``1-2``), or
lies beyond what lazer reads
(a delta or key state that is no 32-bit int, a coordinate too large for a float), raises
:class:`CorruptReplayError` there. The range checks look at each column's distinct values,
or sum it, outside the per-frame loops. LZMA dominates the cost; see
``bench/bench_replay.py``. Decoding and encoding the LZMA and base64 layers lives in
``_codec``.

Views over the same text:

* ``raw``: every frame in stream order, skip and seed frames included.
* ``frames`` (also ``len``, iteration, indexing): the playback frames with osrparse's
  semantics. The RNG seed frame (``-12345|0|0|seed``, :attr:`~ReplayFrames.rng_seed`) is left
  out and its delta ignored; stable's two leading skip frames at ``(256, -500)`` are left out but
  their deltas still count toward ``time`` (lazer ``LegacyScoreDecoder.readLegacyReplay``).
* ``lazer_frames()``: the frames lazer plays back, after its reordering rules.

This module does no I/O and never imports hypothesis.
"""

from __future__ import annotations

import math
import operator
import struct
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from itertools import accumulate, islice, repeat
from typing import Any, Generic, NamedTuple, TypeAlias, TypeVar, overload

import attrs

from osu_core._enums import GameMode
from osu_core._errors import CorruptReplayError, InvalidArgument, ReplayTooLargeError

from ._models import (
    CatchFrame,
    CatchKeys,
    ManiaFrame,
    ManiaKeys,
    OsuFrame,
    OsuKeys,
    RawFrame,
    ReplayFrame,
    TaikoFrame,
    TaikoKeys,
)

__all__ = ["MAX_REPLAY_FRAMES", "ReplayFrames"]

F_co = TypeVar("F_co", bound=ReplayFrame, covariant=True)
_N = TypeVar("_N", int, float)
_K = TypeVar("_K")
_V = TypeVar("_V")

#: Delta of the frame that carries the RNG seed in ``z`` (osr wiki; lazer skips it by this text).
SEED_DELTA = -12345
#: Position of stable's two leading skip frames (lazer ``readLegacyReplay``).
SKIP_POSITION = (256.0, -500.0)
#: Frames a stream may hold: decoding refuses more with :class:`ReplayTooLargeError`, so a
#: small "bomb" (a 12.8 KB ``get_replay`` body decompressed to 8.4 M frames, 10 s and 1.2 GB
#: of frames) cannot exhaust memory. Evidence: the clients record about 60 frames a second
#: (lazer ``ReplayRecorder.RecordFrameRate = 60``, plus a frame on each press and release;
#: stable's deltas are mostly 16-17 ms); the corpus replays run at 52-86 frames/s, and the
#: longest, osrparse's taiko.osr, is 302.5 s with 17,476 frames. A million frames is 3.2 hours
#: at 86 frames/s, longer than any ranked map we know of. At the cap, ``frames`` takes ~4 s
#: and ~190 MB (measured).
MAX_REPLAY_FRAMES = 1_000_000
#: Deltas and key states must be C# ints: stable writes them (and the RNG seed) as 32-bit ints,
#: and lazer reads deltas with ``Parsing.ParseFloat`` and key states with ``ParseInt``, which
#: throw beyond ``Parsing.MAX_PARSE_VALUE`` (``int.MaxValue``); anything else is corrupt.
_FIELD_MIN, _FIELD_MAX = -(2**31), 2**31 - 1
#: A field longer than this is no 32-bit int. ``int()`` refuses more than 4300 digits by
#: default (Python 3.10.7+) before its quadratic conversion; where that limit is off, the int
#: columns check field lengths first, so a 32 MiB field cannot stall decoding.
_MAX_INT_TEXT = 64
#: Bytes a number field may hold (C# float formatting can write exponents: ``1E-05``).
_NUMBER_BYTES = b"0123456789.-+eE"
_FRAME_SEPARATORS = b"|||,"
_FLOAT_MAX = sys.float_info.max
_PIPE_TO_COMMA = bytes.maketrans(b"|", b",")
#: ``_parse_column`` samples every 8th value and uses a table below this share of distinct
#: values in the sample. Break-even over a whole column (measured, CPython 3.11): ~1/3 distinct
#: for floats, ~1/12 for ints. A sample overstates distinctness: drawing n/8 values from a pool
#: of D, it sees D * (1 - exp(-n / 8D)) of them, so the break-evens read 0.83 and 0.52 in the
#: sample. The corpus fits that model (a lazer x column: 22% distinct, 73% in its sample).
_SAMPLE_STRIDE = 8
_FLOAT_REPEATS = 0.8
_INT_REPEATS = 0.5
#: ``_parse_fields`` samples every 8th frame of the first 64 KiB (about 3,000 frames) and parses
#: by frame below this share of distinct frames in the sample. Break-even (measured on the
#: corpus, CPython 3.12): by frame costs a split per frame, a ``dict.fromkeys`` and four lookups
#: per frame, plus the field-by-field cost of the distinct frames; it wins below about half
#: distinct frames over the whole stream, which a sample of 1/8 sees as about 0.8.
_FRAME_SAMPLE_BYTES = 65536
_FRAME_REPEATS = 0.5
#: Per mode: frame type, key type, and whether the keys live in ``x`` (mania) or ``z``.
_KINDS: dict[int, tuple[Any, Any, bool]] = {
    GameMode.Osu: (OsuFrame, OsuKeys, False),
    GameMode.Taiko: (TaikoFrame, TaikoKeys, False),
    GameMode.Catch: (CatchFrame, CatchKeys, False),
    GameMode.Mania: (ManiaFrame, ManiaKeys, True),
}

#: The stream's four fields (delta, x, y, z) of every frame, skip and seed frames included: as
#: parsed (lists of Python numbers), or packed into typed arrays.
_Fields: TypeAlias = "tuple[list[int], list[float], list[float], list[int]]"
_Columns: TypeAlias = "tuple[array[int], array[float], array[float], array[int]]"


class _Playback(NamedTuple):
    """The columns of the playback frames (what :attr:`ReplayFrames.frames` holds), one
    typed array each: ``deltas`` and ``keys`` C ints (``'i'``), ``times`` 64-bit ints
    (``'q'``: a sum of a million 32-bit deltas outgrows 32 bits), ``x`` and ``y`` doubles."""

    deltas: array[int]
    times: array[int]
    x: array[float]
    y: array[float]
    keys: array[int]


def _check_mode(mode: object) -> GameMode:
    if isinstance(mode, bool) or not isinstance(mode, int) or mode not in _KINDS:
        raise InvalidArgument(f"mode must be a GameMode (0 to 3), got {mode!r}", parameter="mode")
    return GameMode(mode)


def _check_text(_instance: object, _attribute: object, text: bytes) -> None:
    if not isinstance(text, bytes):
        raise InvalidArgument("a replay stream's text must be bytes", parameter="text")
    _scan(text)


@attrs.frozen(kw_only=True)
class ReplayFrames(Generic[F_co]):
    """A decoded replay frame stream: the stream text, verbatim, with typed views over it.

    Build one with :func:`decode_replay_frames` (or its explicit variants) or
    :meth:`from_raw`. Equal streams compare equal and hash alike; ``len``, iteration and
    indexing go over :attr:`frames`.

    Attributes:
        mode: The game mode, which decides the frame type.
        text: The decompressed stream (ASCII ``w|x|y|z,`` frames), exactly as decoded.
    """

    mode: GameMode = attrs.field(converter=_check_mode)
    text: bytes = attrs.field(validator=_check_text, repr=lambda t: f"<{len(t)} bytes>")

    @classmethod
    def from_raw(
        cls,
        frames: Iterable[tuple[int, float, float, int]],
        *,
        mode: GameMode | int,
        trailing_comma: bool = True,
    ) -> ReplayFrames[ReplayFrame]:
        """Build a stream from ``(delta, x, y, z)`` frames, written as stable writes them.

        Include the skip frames and the seed frame yourself if you want them: this writes
        exactly the frames given. Whole numbers are written without a fraction (``256``), other
        floats in their shortest exact form, so decoding gives back the same values.

        Args:
            frames: ``RawFrame`` s or plain 4-tuples, at most :data:`MAX_REPLAY_FRAMES`;
                ``delta`` and ``z`` 32-bit integers, ``x`` and ``y`` finite numbers.
            mode: The game mode.
            trailing_comma: End the text with a comma after the last frame, as stable does
                (some lazer versions do not).

        Returns:
            The stream.

        Raises:
            InvalidArgument: for a frame of the wrong shape, a number out of range, or too
                many frames.
        """
        parts = []
        for index, frame in enumerate(frames):
            if index == MAX_REPLAY_FRAMES:
                raise InvalidArgument(
                    f"a stream holds at most {MAX_REPLAY_FRAMES:,} frames", parameter="frames"
                )
            try:
                delta, x, y, z = frame
            except (TypeError, ValueError):
                raise InvalidArgument(
                    f"frame {index} is not a (delta, x, y, z) tuple", parameter="frames"
                ) from None
            if not (
                _is_int(delta)
                and _is_int(z)
                and _is_number(x)
                and _is_number(y)
                and _FIELD_MIN <= delta <= _FIELD_MAX
                and _FIELD_MIN <= z <= _FIELD_MAX
            ):
                raise InvalidArgument(
                    f"frame {index} needs 32-bit integer delta and z and finite x and y, "
                    f"got {frame!r}",
                    parameter="frames",
                )
            parts.append(f"{delta}|{_format_number(x)}|{_format_number(y)}|{z}")
        text = ",".join(parts)
        if parts and trailing_comma:
            text += ","
        return ReplayFrames(mode=mode, text=text.encode("ascii"))

    @property
    def trailing_comma(self) -> bool:
        """Whether the text ends with a comma after the last frame (true for an empty stream)."""
        return not self.text or self.text.endswith(b",")

    def _fields(self) -> _Fields:
        """Every frame's numbers, parsed afresh (the columns keep arrays, not these lists)."""
        return _parse_fields(self.text, self.trailing_comma)

    @cached_property
    def _columns(self) -> _Columns:
        deltas, xs, ys, zs = self._fields()
        return _packed("i", deltas), _packed("d", xs), _packed("d", ys), _packed("i", zs)

    @cached_property
    def _playback(self) -> _Playback:
        deltas, xs, ys, zs = _without_seed(self._fields())
        keys = self._key_values(xs, zs)
        times = list(accumulate(deltas))
        # Skip frames are among the first two: deleting them shifts each list once.
        for skip in reversed(_skip_indexes(xs, ys)):
            for values in (deltas, times, xs, ys, keys):
                del values[skip]
        return _Playback(
            _packed("i", deltas), _packed("q", times), _packed("d", xs), _packed("d", ys),
            _packed("i", keys),
        )  # fmt: skip

    def _key_values(self, xs: list[float], zs: list[int]) -> list[int]:
        return _mania_keys(xs) if _KINDS[self.mode][2] else _non_negative(zs)

    # --- columns: the playback frames, one read-only buffer per field -------------------

    @property
    def deltas(self) -> memoryview:
        """Each playback frame's ``delta``, as a read-only buffer of C ints (format ``'i'``).

        The columns (:attr:`deltas`, :attr:`times`, :attr:`x`, :attr:`y`, :attr:`keys`)
        hold the same rows as :attr:`frames`, in the same order, without building a frame
        object: the first column asked for parses the stream once and keeps the arrays. Each
        is a :class:`memoryview` over an :class:`array.array`: index it, iterate it, call
        ``.tolist()``, or hand it to numpy without a copy (``numpy.asarray(frames.x)`` reads
        the format from the buffer; ``numpy.frombuffer(frames.times, dtype=numpy.int64)``
        works too). numpy is not needed for anything else.

        Raises:
            CorruptReplayError: if a number in the stream does not parse.
        """
        return memoryview(self._playback.deltas).toreadonly()

    @property
    def times(self) -> memoryview:
        """Each playback frame's ``time`` (milliseconds, the running sum of the deltas, skip
        frames' included), as a read-only buffer of 64-bit ints (format ``'q'``).

        Raises:
            CorruptReplayError: if a number in the stream does not parse.
        """
        return memoryview(self._playback.times).toreadonly()

    @property
    def x(self) -> memoryview:
        """Each playback frame's ``x``, as a read-only buffer of doubles (format ``'d'``).

        Raises:
            CorruptReplayError: if a number in the stream does not parse.
        """
        return memoryview(self._playback.x).toreadonly()

    @property
    def y(self) -> memoryview:
        """Each playback frame's ``y``, as a read-only buffer of doubles (format ``'d'``).

        Raises:
            CorruptReplayError: if a number in the stream does not parse.
        """
        return memoryview(self._playback.y).toreadonly()

    @property
    def keys(self) -> memoryview:
        """Each playback frame's key state as a number (``int(frame.keys)``), as a read-only
        buffer of C ints (format ``'i'``): from ``z``, or from ``x`` in mania; a negative state
        reads as 0, as lazer reads it.

        Raises:
            CorruptReplayError: if a number in the stream does not parse, or a mania frame's
                ``x`` is no 32-bit key state.
        """
        return memoryview(self._playback.keys).toreadonly()

    @property
    def raw(self) -> tuple[RawFrame, ...]:
        """Every frame in stream order, skip and seed frames included.

        Raises:
            CorruptReplayError: if a number in the stream does not parse.
        """
        return tuple(map(RawFrame._make, zip(*self._columns, strict=True)))

    @property
    def rng_seed(self) -> int | None:
        """The RNG seed from the ``-12345|0|0|seed`` frame (the last such frame), or ``None``.

        Stable writes it as the last frame from version 20130319 on (osr wiki); lazer writes 0.

        Raises:
            CorruptReplayError: if a number in the stream does not parse.
        """
        deltas, _, _, keys = self._columns
        for index in range(len(deltas) - 1, -1, -1):
            if deltas[index] == SEED_DELTA:
                return keys[index]
        return None

    @property
    def skip_frames(self) -> tuple[RawFrame, ...]:
        """Stable's leading skip frames at ``(256, -500)`` (zero, one or two of them), which
        :attr:`frames` leaves out. Their deltas still count toward the frames' ``time``.

        Raises:
            CorruptReplayError: if a number in the stream does not parse.
        """
        deltas, xs, ys, zs = self._columns
        # The skip frames are among the first two frames that are not seed frames.
        first = list(islice((i for i, d in enumerate(deltas) if d != SEED_DELTA), 2))
        return tuple(
            RawFrame(deltas[i], xs[i], ys[i], zs[i])
            for i in first
            if (xs[i], ys[i]) == SKIP_POSITION
        )

    @cached_property
    def frames(self) -> tuple[F_co, ...]:
        """The playback frames, typed for the mode (osrparse's semantics).

        The seed frame is left out and its delta ignored; the skip frames are left out but
        their deltas count, so ``time`` is the running sum of every other delta. Frames with
        negative deltas are kept, in stream order. Built once, on first use; ``len``,
        indexing and iteration do not need it (they work from the columns and build only the
        frames they give), so a loop over the frames keeps no tuple of them alive.

        Raises:
            CorruptReplayError: if a number in the stream does not parse.
        """
        # Straight from the parsed lists: the frames need the numbers as objects, which the
        # arrays would only box again (about 1 ms per 18k frames, measured).
        deltas, xs, ys, zs = _without_seed(self._fields())
        built = tuple(
            self._frames_from(deltas, accumulate(deltas), xs, ys, self._key_values(xs, zs))
        )
        skips = _skip_indexes(xs, ys)
        if not skips:
            return built
        # Skip frames are among the first two, so only those are filtered (no per-frame loop).
        return tuple(frame for i, frame in enumerate(built[:2]) if i not in skips) + built[2:]

    def lazer_frames(self, offset: int = 0) -> tuple[F_co, ...]:
        """The frames lazer plays back, after the rules lazer copies from stable.

        lazer ``LegacyScoreDecoder.readLegacyReplay``, which cites stable ``ReplayWatcher.cs``:
        times start at ``offset`` (lazer passes 24 for beatmaps of format version < 5); then if
        frame 1 is earlier than frame 0, frame 1 takes frame 0's time and frame 0 gets time 0;
        if frame 0 is later than frame 2, frames 0 and 1 take frame 2's time; the skip frames
        are dropped; and a frame earlier than the last kept one is dropped, so time never goes
        backwards. ``delta`` keeps the stream's value. lazer sums float deltas; this sums the
        integer deltas :attr:`raw` holds.

        Args:
            offset: Milliseconds added to every time.

        Returns:
            The frames, typed for the mode.

        Raises:
            CorruptReplayError: if a number in the stream does not parse.
        """
        deltas, xs, ys, zs = _without_seed(self._fields())
        times = list(accumulate(deltas, initial=offset))[1:]
        if len(times) >= 2 and times[1] < times[0]:
            times[1], times[0] = times[0], 0
        if len(times) >= 3 and times[0] > times[2]:
            times[0] = times[1] = times[2]
        skips = _skip_indexes(xs, ys)
        kept: list[F_co] = []
        rows = self._frames_from(deltas, times, xs, ys, self._key_values(xs, zs))
        for index, frame in enumerate(rows):
            if index in skips:
                continue
            if not kept or frame.time >= kept[-1].time:
                kept.append(frame)
        return tuple(kept)

    def _frames_from(
        self,
        deltas: Iterable[int],
        times: Iterable[int],
        xs: Iterable[float],
        ys: Iterable[float],
        keys: Iterable[int],
    ) -> Iterator[F_co]:
        """Typed frames over the columns, lazily (a C-level map: no Python code per frame)."""
        frame_type, key_type, _ = _KINDS[self.mode]
        # Few distinct key states occur (an IntFlag call costs ~1 us): build each flag once.
        flags: _Table[int, Any] = _Table(key_type)
        rows = zip(deltas, times, xs, ys, map(flags.__getitem__, keys), strict=True)
        # tuple.__new__ straight from C: half the cost of NamedTuple._make per frame.
        return map(tuple.__new__, repeat(frame_type), rows)

    def __len__(self) -> int:
        return len(self._playback.deltas)

    def __iter__(self) -> Iterator[F_co]:
        return self._frames_from(*self._playback)

    @overload
    def __getitem__(self, index: int) -> F_co: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[F_co, ...]: ...
    def __getitem__(self, index: int | slice) -> F_co | tuple[F_co, ...]:
        playback = self._playback
        if isinstance(index, slice):
            part = index
        else:
            count = len(playback.deltas)
            position = operator.index(index)  # TypeError for what is no integer, as a tuple
            if position < 0:
                position += count
            if not 0 <= position < count:
                raise IndexError(f"frame index {index} is out of range ({count} frames)")
            part = slice(position, position + 1)
        deltas, times, xs, ys, keys = playback
        frames = self._frames_from(deltas[part], times[part], xs[part], ys[part], keys[part])
        return tuple(frames) if isinstance(index, slice) else next(frames)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    if _is_int(value):
        # math.isfinite converts an int to float: OverflowError past ~1.8e308.
        return -_FLOAT_MAX <= value <= _FLOAT_MAX  # type: ignore[operator]
    return isinstance(value, float) and math.isfinite(value)


def _format_number(value: float) -> str:
    value = float(value)
    # Stable writes whole coordinates without a fraction (``256|-500``); repr is the shortest
    # text that parses back to the same float.
    return str(int(value)) if value.is_integer() else repr(value)


def _scan(text: bytes) -> None:
    """Check the stream's structure with whole-buffer operations; raise on the first bad frame.

    ``separators`` holds the ``|`` and ``,`` of the text (and any byte that has no place in
    it), so a well-formed stream gives ``|||,`` once per frame; a last frame without its
    trailing comma gets one added. The frame count is checked first, from the length alone.
    """
    if not text:
        return
    separators = text.translate(None, _NUMBER_BYTES)
    # Whether the *text* ends with a comma decides (a last frame "17" leaves separators that
    # end with the previous frame's comma, which once hid a one-field frame).
    body = separators if text.endswith(b",") else separators + b","
    if len(body) > 4 * MAX_REPLAY_FRAMES:
        raise ReplayTooLargeError(
            f"replay stream holds more than {MAX_REPLAY_FRAMES:,} frames "
            f"(about {len(body) // 4:,})",
            limit=MAX_REPLAY_FRAMES,
            offset=MAX_REPLAY_FRAMES,
        )
    if (
        body != _FRAME_SEPARATORS * (len(body) // 4)
        or text[:1] in (b"|", b",")
        or text.endswith(b"|")
        # With both separators made commas, an empty field is two separators in a row: one
        # search instead of three (each costs a pass over the buffer).
        or b",," in text.translate(_PIPE_TO_COMMA)
    ):
        raise _locate_bad_frame(text)


def _locate_bad_frame(text: bytes) -> CorruptReplayError:
    frames = text.split(b",")
    if frames[-1] == b"":
        frames.pop()
    for index, frame in enumerate(frames):
        fields = frame.split(b"|")
        if frame.translate(None, _NUMBER_BYTES + b"|"):
            reason = "unexpected characters"
        elif len(fields) != 4:
            reason = f"{len(fields)} fields instead of 4"
        elif not all(fields):
            reason = "an empty field"
        else:
            continue
        return CorruptReplayError(
            f"malformed replay frame {index} ({reason}): {frame[:40]!r}", offset=index
        )
    # Defensive: the caller found a bad frame, so the loop above names it.
    return CorruptReplayError(  # pragma: no cover
        "malformed replay frame stream", offset=len(frames)
    )


def _parse_fields(text: bytes, trailing_comma: bool) -> _Fields:
    """Every frame's four numbers, by frame when the frames repeat, else field by field.

    Taiko and mania streams repeat whole frames (``x`` and ``y`` carry nothing, deltas and key
    states take a few values): 2% of the frames of the corpus's 17k-frame taiko and mania
    replays are distinct, against 95-99% in osu! and catch, where the cursor moves. A sample
    of the first frames decides, as :func:`_parse_column` decides for a column.
    """
    if not text:
        return [], [], [], []
    sample = text[:_FRAME_SAMPLE_BYTES].split(b",")[:-1:_SAMPLE_STRIDE]
    if len(set(sample)) < len(sample) * _FRAME_REPEATS:
        by_frame = _fields_by_frame(text, trailing_comma)
        if by_frame is not None:
            return by_frame
    return _fields_by_field(text, trailing_comma)


def _fields_by_frame(text: bytes, trailing_comma: bool) -> _Fields | None:
    """Parse each distinct frame once, then look every frame up: the frames' texts are split
    (one object per frame, not four) and each hashed once, by ``dict.fromkeys``; the four
    lookups per frame then reuse the cached hash. ``None`` if a distinct frame is bad: the
    field-by-field pass then names the frame in the stream."""
    frames = text.split(b",")
    if trailing_comma:
        frames.pop()
    distinct = list(dict.fromkeys(frames))
    try:
        columns = _fields_by_field(b",".join(distinct), trailing_comma=False)
    except CorruptReplayError:
        return None
    if len(distinct) == 1:  # itemgetter of one index gives an item, not a tuple
        return tuple([column[0]] * len(frames) for column in columns)  # type: ignore[return-value]
    # Each frame's distinct index, once; then one C-level gather per column (itemgetter over
    # a list costs about half a dict lookup per frame).
    position = {frame: index for index, frame in enumerate(distinct)}
    gather = operator.itemgetter(*map(position.__getitem__, frames))
    deltas, xs, ys, zs = (list(gather(column)) for column in columns)
    return deltas, xs, ys, zs


def _fields_by_field(text: bytes, trailing_comma: bool) -> _Fields:
    fields = text.replace(b"|", b",").split(b",")
    if trailing_comma:
        fields.pop()
    deltas = _int_column(fields[0::4], "time delta", allow_float=True)
    xs = _float_column(fields[1::4], "x")
    ys = _float_column(fields[2::4], "y")
    keys = _int_column(fields[3::4], "key state", allow_float=False)
    return deltas, xs, ys, keys


class _Table(dict[_K, _V]):
    """A dict that fills itself: a missing key is converted once, stored and returned.

    ``map(table.__getitem__, values)`` then runs in C, calling Python only once per distinct
    value (``dict.__missing__``).
    """

    __slots__ = ("_convert",)

    def __init__(self, convert: Callable[[_K], _V]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, key: _K) -> _V:
        value = self[key] = self._convert(key)
        return value


def _parse_column(
    values: list[bytes],
    parse: Callable[[bytes], _N],
    repeats: float,
    in_range: Callable[[Iterable[_N]], bool],
) -> list[_N] | None:
    """``values`` parsed by ``parse``, or ``None`` if one does not parse or ``in_range`` of the
    parsed values is false (the caller's careful loop then names the frame).

    Replays repeat their numbers (the cursor rests, deltas are mostly 16 or 17, a handful of key
    states): in the corpus a column holds 0.1% to 22% distinct texts, so parsing each distinct
    text once through a :class:`_Table` beats ``map(float, ...)`` on most corpus replays (the
    figures are in ``docs/benchmarks.md``, case 3). A strided sample decides: a column whose
    sample has fewer than ``repeats`` distinct values per value uses the table, one of mostly
    distinct values (random coordinates) keeps the plain ``map`` and pays only for the sample.
    The range check sees the table's distinct values, or the whole column without one: one
    C-level pass (``min``/``max``, ``sum``), no Python code per frame.
    """
    sample = values[::_SAMPLE_STRIDE]
    try:
        if len(set(sample)) < len(sample) * repeats:
            table: _Table[bytes, _N] = _Table(parse)
            column = list(map(table.__getitem__, values))
            distinct: Iterable[_N] = table.values()
        else:
            column = list(map(parse, values))
            distinct = column
    except (ValueError, OverflowError):
        return None
    return column if in_range(distinct) else None


def _packed(typecode: str, values: list[_N]) -> array[_N]:
    """``array(typecode, values)`` at half the cost: ``struct.pack`` converts a list in one C
    loop, where the array's constructor parses each item's type on its own (measured, 18k
    values: 0.11 ms against 0.26 ms). The sizes agree (``'i'`` is 4 bytes, ``'q'`` and ``'d'``
    8, native order); the values were range-checked when they were parsed."""
    column: array[_N] = array(typecode)
    column.frombytes(struct.pack(f"={len(values)}{typecode}", *values))
    return column


def _ints_in_range(values: Iterable[int]) -> bool:
    return min(values, default=0) >= _FIELD_MIN and max(values, default=0) <= _FIELD_MAX


def _floats_finite(values: Iterable[float]) -> bool:
    # float() gives inf for a number too large for a float ("1e999", or 400 digits); any inf
    # makes the sum inf (or nan with a -inf). A huge but finite column may overflow the sum
    # too: then the careful loop finds nothing wrong and keeps the column.
    return math.isfinite(sum(values))


def _int_digits_limited() -> bool:
    limit = getattr(sys, "get_int_max_str_digits", None)
    return limit is not None and limit() != 0


def _int_column(values: list[bytes], name: str, *, allow_float: bool) -> list[int]:
    parsed = None
    if _int_digits_limited() or max(map(len, values), default=0) <= _MAX_INT_TEXT:
        parsed = _parse_column(values, int, _INT_REPEATS, _ints_in_range)
    if parsed is not None:
        return parsed
    column = []
    for index, value in enumerate(values):
        try:
            if len(value) > _MAX_INT_TEXT:
                raise ValueError(value)
            number = int(value)
        except ValueError:
            try:
                # lazer once wrote fractional deltas and parses them as floats; round them.
                real = float(value)
            except ValueError:
                real = math.nan
            if not allow_float or math.isnan(real):
                raise CorruptReplayError(
                    f"replay frame {index} has an invalid {name}: {value[:40]!r}", offset=index
                ) from None
            # An integer of more digits than int() reads is out of range too (float: inf).
            number = round(real) if math.isfinite(real) else _FIELD_MAX + 1
        if not _FIELD_MIN <= number <= _FIELD_MAX:
            raise CorruptReplayError(
                f"replay frame {index} has a {name} out of the 32-bit range lazer reads: "
                f"{_shown(value)}",
                offset=index,
            )
        column.append(number)
    return column


def _float_column(values: list[bytes], name: str) -> list[float]:
    parsed = _parse_column(values, float, _FLOAT_REPEATS, _floats_finite)
    if parsed is not None:
        return parsed
    column = []
    for index, value in enumerate(values):
        try:
            number = float(value)
        except ValueError:
            raise CorruptReplayError(
                f"replay frame {index} has an invalid {name}: {value[:40]!r}", offset=index
            ) from None
        if not math.isfinite(number):
            raise CorruptReplayError(
                f"replay frame {index} has an {name} too large for a float: {_shown(value)}",
                offset=index,
            )
        column.append(number)
    return column


def _zeroed(value: int) -> int:
    return value if value >= 0 else 0


def _column_bits(value: float) -> int:
    return int(value) if value >= 0 else 0


def _non_negative(zs: list[int]) -> list[int]:
    """The key states in ``z``, a negative one read as 0 (as lazer reads it)."""
    if min(zs, default=0) >= 0:
        return zs
    zeroed: _Table[int, int] = _Table(_zeroed)
    return list(map(zeroed.__getitem__, zs))


def _mania_keys(xs: list[float]) -> list[int]:
    """The column bitmask a mania frame keeps in ``x`` (truncated; negative reads as 0)."""
    bits: _Table[float, int] = _Table(_column_bits)
    keys = list(map(bits.__getitem__, xs))
    if max(bits.values(), default=0) > _FIELD_MAX:
        index = next(i for i, key in enumerate(keys) if key > _FIELD_MAX)
        raise CorruptReplayError(
            f"mania replay frame {index} has a key state (x) out of the 32-bit range lazer "
            f"reads: {xs[index]!r}",
            offset=index,
        )
    return keys


def _shown(value: bytes) -> str:
    if len(value) <= 40:
        return repr(value)
    return f"{value[:16]!r}...{value[-8:]!r} ({len(value):,} bytes)"


def _without_seed(fields: _Fields) -> _Fields:
    deltas, xs, ys, zs = fields
    count = deltas.count(SEED_DELTA)
    if count == 0:
        return fields
    if count == 1 and deltas[-1] == SEED_DELTA:
        return deltas[:-1], xs[:-1], ys[:-1], zs[:-1]
    keep = [i for i, delta in enumerate(deltas) if delta != SEED_DELTA]
    return (
        [deltas[i] for i in keep],
        [xs[i] for i in keep],
        [ys[i] for i in keep],
        [zs[i] for i in keep],
    )


def _skip_indexes(xs: Sequence[float], ys: Sequence[float]) -> list[int]:
    # lazer: "at the start of the replay, stable places two replay frames, at time 0 and
    # SkipBoundary - 1 ... both frames use a position of (256, -500)"; it checks indexes 0 and 1.
    return [i for i in range(min(2, len(xs))) if (xs[i], ys[i]) == SKIP_POSITION]

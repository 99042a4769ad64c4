"""The ``.osu`` parser: text or bytes in, :class:`OsuFile` out, in one pass.

Theory of operation. The text is decoded (strict UTF-8, BOM dropped), line ends are unified to
``\\n`` and a ``\\n`` is put in front, so the text at index ``i`` is on line
``text.count("\\n", 0, i)``. The first non-blank line is the header. Section headers are found
with ``str.find("[")`` (a memchr) and a look at the character before, instead of a Python test
per line; each section body is split once and handed to the loop for its kind. Hit objects
(``_parser_loops``) and timing points take a fast path for the common line (integer
fields, text seen before in this file) and fall back to a careful path that strips comments
and says what is wrong. Lines follow lazer's ``LegacyDecoder.ParseStreamInto``:
blank and ``//`` lines are skipped, an inline ``//`` starts a comment except in ``[Metadata]``,
line ends are trimmed, and lines before the first section belong to ``[General]``.

Unlike lazer, which logs a line it cannot read and goes on, a malformed line raises
:class:`ParseError` (with its line number and section), except in ``[Events]``, where such lines
are kept verbatim, and where lazer itself is lenient (edge sounds, bookmarks).

Numbers follow lazer's ``Parsing`` (``_parser_loops``): ASCII digits, and limits of
``MAX_COORDINATE_VALUE`` (hit object coordinates, curve points, slider lengths) and
``MAX_PARSE_VALUE`` (everything else). A ``[HitObjects]`` line with a number beyond its limit
is skipped, as lazer skips it, and kept in :attr:`OsuFile.skipped_hit_objects`: real maps
have such lines, and the game's object counts leave them out. Anywhere else a number beyond
its limit raises :class:`ParseError` like any line lazer cannot read (an ``[Events]`` line
is kept verbatim). Nothing here does I/O, and no ``ValueError``, ``IndexError``,
``OverflowError`` or ``UnicodeDecodeError`` escapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from osu_core._enums import GameMode
from osu_core._errors import ParseError
from osu_core._osu_format import (
    DIFFICULTY_KEYS,
    EDITOR_KEYS,
    GENERAL_KEYS,
    LATEST_VERSION,
    METADATA_KEYS,
    ValueKind,
    header_version,
)

from ._file import (
    Colours,
    Difficulty,
    Editor,
    Events,
    General,
    Metadata,
    OsuFile,
    UnknownSection,
)
from ._models import (
    MAX_PARSE_VALUE,
    Background,
    Break,
    Colour,
    Countdown,
    Effects,
    HitObject,
    SampleSet,
    SkippedLine,
    TimingPoint,
    Video,
)
from ._parser_loops import (
    _FAST_LIMIT,
    _ascii_number,
    _clean,
    _effects,
    _error,
    _float,
    _hit_objects,
    _int,
    _new_timing,
    _num,
    _OutOfRange,
    _plain,
    _runs,
    _sample_set,
    _TimingTwin,
    _try_int,
)

__all__ = ["parse_osu_file"]

_SET_NAMES = {"None": 0, "Normal": 1, "Soft": 2, "Drum": 3}  # lazer LegacySampleBank names
_KEY_SECTIONS = {"General", "Editor", "Metadata", "Difficulty", "Colours"}


# --- text and lines ------------------------------------------------------------------------


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        text = data
    elif isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise ParseError(f"not UTF-8 text ({exc.reason})", line=line, offset=exc.start) from exc
    else:
        raise TypeError(f"parse_osu_file takes str or bytes, not {type(data).__name__}")
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise ParseError("binary data (a NUL character) in a text file", line=line, offset=nul)
    if not text or text.isspace():
        # lazer LegacyBeatmapDecoderTest.TestDecodeEmptyFile: "Unknown file format".
        raise ParseError("empty file: no header and no content", line=1)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n" + text


def _header(text: str) -> tuple[int, int]:
    """The format version and the index of the newline before the first content line."""
    start = 0
    while True:
        end = text.find("\n", start + 1)
        if end < 0:
            end = len(text)
        line = text[start + 1 : end].strip()
        if line:
            break
        start = end
    version = header_version(line)
    if version is not None:
        return version, end
    # No header, or a corrupted one: lazer falls back to the latest version and reads every
    # line, this one included (TestFallbackDecoderFor*). It lands in [General] extra.
    return LATEST_VERSION, start


# --- entry point ---------------------------------------------------------------------------


def parse_osu_file(data: str | bytes) -> OsuFile:
    """Parse a whole ``.osu`` file into a typed, frozen :class:`OsuFile`.

    Reads every format version (v3 to v14 written by osu!stable, v128+ by lazer), a UTF-8 BOM,
    CRLF, LF or CR line ends, blank lines, ``//`` comments, duplicate keys (the last wins),
    and unknown keys and sections (kept). A missing or garbled header gives version 14, as in
    lazer. Values are raw: times without the +24 ms of versions below 5
    (:func:`legacy_time_offset`), coordinates unrounded (:meth:`HitCircle.lazer_position`).
    Numbers are read as lazer reads them: ASCII digits, within ``MAX_COORDINATE_VALUE``
    (hit object coordinates, curve points, slider lengths) or ``MAX_PARSE_VALUE`` (the rest).
    A hit object line with a number beyond its limit is skipped, as lazer skips it, and kept
    in :attr:`OsuFile.skipped_hit_objects` (``docs/files.md``).

    Args:
        data: The file's text, or its bytes (decoded as UTF-8).

    Returns:
        The typed file.

    Raises:
        ParseError: for empty input, bytes that are not UTF-8, NUL characters, lines that are
            truncated or hold non-numeric fields, and numbers beyond lazer's limit outside
            ``[HitObjects]`` and ``[Events]``; ``line`` and ``section`` say where.
        TypeError: if ``data`` is neither ``str`` nor bytes.
    """
    text = _decode(data)
    version, start = _header(text)
    acc = _Accumulator(version)
    section = "General"
    body = start + 1
    line = text.count("\n", 0, body)
    search = start
    while True:
        # find("[") is a memchr (0.7 us over the 50 KB of a large [HitObjects]); the two-char
        # find("\n[") scans that stretch at ~1 ns per character (48 us, a sixth of the floor).
        search = text.find("[", search + 1)
        if search < 0:
            break
        found = search - 1
        if text[found] != "\n":
            continue
        end = text.find("\n", search)
        if end < 0:
            end = len(text)
        candidate = _clean(text[search:end], section == "Metadata")
        if candidate.endswith("]"):
            acc.add(section, text[body:found], line)
            line += text.count("\n", body, end) + 1
            section = candidate[1:-1]
            body = end + 1
    acc.add(section, text[body:], line)
    return acc.build()


class _Accumulator:
    """Collects the sections of one file (a section may appear twice) and builds the model."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.pairs: dict[str, dict[str, tuple[str, int]]] = {n: {} for n in _KEY_SECTIONS}
        self.combo: list[Colour] = []
        self.events: list[tuple[str, int]] = []
        self.timing: list[TimingPoint] = []
        self.objects: list[HitObject] = []
        self.skipped: list[SkippedLine] = []
        self.unknown: dict[str, list[str]] = {}

    def add(self, section: str, body: str, first_line: int) -> None:
        lines = body.split("\n")
        if section == "HitObjects":
            _hit_objects(lines, first_line, self.objects, self.skipped, plain=_plain(body))
        elif section == "TimingPoints":
            _timing_points(lines, first_line, self.timing, plain=_plain(body))
        elif section == "Events":
            for offset, raw in enumerate(lines):
                cleaned = _clean(raw)
                if cleaned.strip():
                    self.events.append((cleaned, first_line + offset))
        elif section in _KEY_SECTIONS:
            self._pairs(section, lines, first_line)
        else:
            kept = self.unknown.setdefault(section, [])
            kept.extend(c for c in map(_clean, lines) if c.strip())

    def _pairs(self, section: str, lines: list[str], first_line: int) -> None:
        pairs = self.pairs[section]
        metadata = section == "Metadata"
        for offset, raw in enumerate(lines):
            cleaned = _clean(raw, metadata)
            if not cleaned.strip():
                continue
            # lazer SplitKeyVal: split at the first ':' and trim both sides.
            key, _, value = cleaned.partition(":")
            key = key.strip()
            value = value.strip()
            if section == "Colours" and key.startswith("Combo"):
                self.combo.append(_colour(value, first_line + offset))
            else:
                pairs.pop(key, None)  # a repeated key moves to its last position
                pairs[key] = (value, first_line + offset)

    def build(self) -> OsuFile:
        general = self.pairs["General"]
        difficulty = self.pairs["Difficulty"]
        if "ApproachRate" not in difficulty and "OverallDifficulty" in difficulty:
            # lazer: a file without ApproachRate plays with AR = OD, whatever the key order.
            difficulty["ApproachRate"] = difficulty["OverallDifficulty"]
        colours = self.pairs["Colours"]
        track = colours.pop("SliderTrackOverride", None)
        border = colours.pop("SliderBorder", None)
        return OsuFile(
            format_version=self.version,
            general=General(**_typed(general, GENERAL_KEYS, "General")),
            editor=Editor(**_typed(self.pairs["Editor"], EDITOR_KEYS, "Editor")),
            metadata=Metadata(**_typed(self.pairs["Metadata"], METADATA_KEYS, "Metadata")),
            difficulty=Difficulty(**_typed(difficulty, DIFFICULTY_KEYS, "Difficulty")),
            events=_events(self.events),
            timing_points=tuple(self.timing),
            colours=Colours(
                combo_colours=tuple(self.combo),
                slider_track_override=None if track is None else _colour(*track),
                slider_border=None if border is None else _colour(*border),
                extra=tuple((k, v) for k, (v, _) in colours.items()),
            ),
            hit_objects=tuple(self.objects),
            skipped_hit_objects=tuple(self.skipped),
            unknown_sections=tuple(
                UnknownSection(name=n, lines=tuple(v)) for n, v in self.unknown.items()
            ),
        )


# --- key: value sections -------------------------------------------------------------------


def _typed(
    pairs: dict[str, tuple[str, int]], keys: tuple[tuple[str, str, ValueKind], ...], section: str
) -> dict[str, Any]:
    """Keyword arguments for a section model: typed known keys, the rest in ``extra``."""
    known = {key: (field, kind) for key, field, kind in keys}
    out: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for key, (value, line) in pairs.items():
        spec = known.get(key)
        if spec is None:
            extra.append((key, value))
            continue
        field, kind = spec
        try:
            out[field] = _CONVERTERS[kind](value)
        except _OutOfRange as exc:
            message = f"{key}: {exc.reason()} (lazer cannot read it)"
            raise _error(message, line, section) from None
        except ValueError:
            raise _error(f"{key}: {value!r} is not a valid {kind}", line, section) from None
    out["extra"] = tuple(extra)
    return out


def _sample_set_name(value: str) -> SampleSet:
    # lazer: Enum.Parse<LegacySampleBank>(value), which takes a member name or a number.
    number = _SET_NAMES.get(value)
    return _sample_set(_int(value) if number is None else number)


def _bookmarks(value: str) -> tuple[int, ...]:
    # lazer keeps the entries that int.TryParse accepts (a C# int) and drops the others.
    numbers = (_try_int(part) for part in value.split(","))
    return tuple(number for number in numbers if number is not None)


# lazer reads these with Parsing.ParseInt, ParseFloat and ParseDouble: within MAX_PARSE_VALUE.
_CONVERTERS: dict[str, Callable[[str], object]] = {
    "str": str,
    "int": _int,
    "float": _float,
    "bool": lambda value: value == "1",  # lazer: pair.Value == "1"
    "countdown": lambda value: Countdown(_int(value)),
    "sampleset": _sample_set_name,
    "mode": lambda value: GameMode(_int(value)),
    "ints": _bookmarks,
}


def _colour(value: str, line: int) -> Colour:
    # lazer LegacyDecoder.handleColours: 3 or 4 components, each a byte.
    parts = value.split(",")
    try:
        if len(parts) not in (3, 4):
            raise ValueError(value)
        for part in parts:
            _ascii_number(part)
        red, green, blue = (int(p) for p in parts[:3])
        alpha = int(parts[3]) if len(parts) == 4 else None
        if not all(0 <= c <= 255 for c in (red, green, blue, 0 if alpha is None else alpha)):
            raise ValueError(value)
    except ValueError:
        raise _error(
            f"colour {value!r} is not R,G,B or R,G,B,A of 0-255", line, "Colours"
        ) from None
    return Colour(red=red, green=green, blue=blue, alpha=alpha)


# --- events --------------------------------------------------------------------------------


def _events(lines: list[tuple[str, int]]) -> Events:
    background: Background | None = None
    videos: list[Video] = []
    breaks: list[Break] = []
    other: list[str] = []
    for line, _ in lines:
        parts = line.split(",")
        kind = parts[0]
        try:
            if kind in ("0", "Background", "1", "Video") and 3 <= len(parts) <= 5:
                start = _num(parts[1])
                filename = parts[2].strip('"')  # lazer CleanFilename trims the quotes
                x = _num(parts[3]) if len(parts) > 3 else 0
                y = _num(parts[4]) if len(parts) > 4 else 0
                if kind in ("1", "Video"):
                    videos.append(
                        Video(filename=filename, start_time=start, x_offset=x, y_offset=y)
                    )
                    continue
                if background is None:
                    background = Background(
                        filename=filename, start_time=start, x_offset=x, y_offset=y
                    )
                    continue
            elif kind in ("2", "Break") and len(parts) == 3:
                breaks.append(Break(start_time=_num(parts[1]), end_time=_num(parts[2])))
                continue
        except ValueError:
            pass  # a malformed event line is kept as it is (lazer TestInvalidEventStillPasses)
        other.append(line)
    return Events(
        background=background, videos=tuple(videos), breaks=tuple(breaks), other=tuple(other)
    )


# --- timing points -------------------------------------------------------------------------


_TimingFields = tuple[float, int, SampleSet, int, int, bool, Effects]


def _timing_points(
    lines: list[str], first_line: int, out: list[TimingPoint], *, plain: bool
) -> None:
    """Parse a [TimingPoints] body into ``out``.

    ``plain`` says the body passed ``_plain`` (ASCII, no ``_``); otherwise lines that are not
    plain go to the careful path and the others to the fast loop, in runs, in order.
    """
    if plain:
        _timing_run(lines, first_line, out)
        return
    for start, end, loose in _runs(lines):
        if loose:
            point = _timing_point(lines[start], first_line + start)
            if point is not None:
                out.append(point)
        else:
            _timing_run(lines[start:end], first_line + start, out)


def _timing_run(lines: list[str], first_line: int, out: list[TimingPoint]) -> None:
    """The fast loop over ASCII lines without ``_``.

    Maps repeat what follows the time (the 269 points of the largest corpus map have 67
    distinct tails) and, more still, what follows the beat length. The fast path reads an
    integer time (within lazer's limit) and looks the tail up (or reads the beat length and
    looks the rest up); the careful path (:func:`_timing_point`) reads every other line and
    records canonical text (no comment, no trailing blanks), which it would read the same way
    after any time.
    """
    append = out.append
    tails: dict[str, _TimingFields] = {}
    rests: dict[str, tuple[int, SampleSet, int, int, bool, Effects]] = {}
    new = object.__new__
    model = TimingPoint
    top, bottom = _FAST_LIMIT, -_FAST_LIMIT  # beyond: the careful path, with lazer's limit
    for offset, raw in enumerate(lines):
        time, _, tail = raw.partition(",")
        fields = tails.get(tail)
        try:
            if fields is None:
                fields = _timing_tail(tail, tails, rests)
            p = new(_TimingTwin)
            t = p.time = int(time)
            if t > top or t < bottom:
                raise ValueError(time)
        except ValueError:
            point = _timing_point(raw, first_line + offset)
            if point is not None:
                append(point)
                if "//" not in raw and raw == raw.rstrip():
                    rest = (
                        point.meter,
                        point.sample_set,
                        point.sample_index,
                        point.volume,
                        point.uninherited,
                        point.effects,
                    )
                    tails[tail] = (point.beat_length, *rest)
                    _, sep, after = tail.partition(",")
                    if sep:
                        rests[after] = rest
            continue
        (
            p.beat_length,
            p.meter,
            p.sample_set,
            p.sample_index,
            p.volume,
            p.uninherited,
            p.effects,
        ) = fields
        p.__class__ = model  # type: ignore[assignment]
        append(p)  # type: ignore[arg-type]


def _timing_tail(
    tail: str,
    tails: dict[str, _TimingFields],
    rests: dict[str, tuple[int, SampleSet, int, int, bool, Effects]],
) -> _TimingFields:
    """A new tail whose part after the beat length is known; ValueError otherwise."""
    beat, sep, rest = tail.partition(",")
    known = rests[rest] if sep and rest in rests else None
    if known is None:
        raise ValueError(tail)
    fields = tails[tail] = (_beat_length(beat), *known)
    return fields


def _beat_length(text: str) -> float:
    """lazer ``Parsing.ParseDouble(beatLength, allowNaN: true)``: NaN is kept (as the one NaN
    object, so equal models stay equal); infinities and values beyond the limit are not."""
    value = float(text)
    if -MAX_PARSE_VALUE <= value <= MAX_PARSE_VALUE and text.isascii() and "_" not in text:
        return value
    if math.isnan(value):
        _ascii_number(text)
        return math.nan
    return _float(text)  # raises: not ASCII, infinite or beyond the limit


def _timing_point(raw: str, number: int) -> TimingPoint | None:
    """The careful path: one timing point line, or ``None`` for a blank or comment line.

    lazer ``handleTimingPoint`` reads the time and beat length with ``ParseDouble`` and the
    rest with ``ParseInt``, all within ``MAX_PARSE_VALUE``; a line beyond it raises here.
    """
    line = _clean(raw)
    if not line.strip():
        return None
    parts = line.split(",")
    count = len(parts)
    field = "time"
    try:
        if count < 2:
            raise ValueError(line)
        time = _num(parts[0])
        field = "beat length"
        beat_length = _beat_length(parts[1])
        field = "meter"
        meter = _int(parts[2]) if count > 2 else 4
        field = "sample set"
        sample_set = _sample_set(_int(parts[3])) if count > 3 else SampleSet.none
        field = "sample index"
        index = _int(parts[4]) if count > 4 else 0
        field = "volume"
        volume = _int(parts[5]) if count > 5 else 100
        field = "uninherited"
        # lazer: split[6][0] == '1'; an empty field fails there too.
        uninherited = parts[6][0] == "1" if count > 6 else True
        field = "effects"
        effects = _effects(_int(parts[7])) if count > 7 else Effects.none
    except _OutOfRange as exc:
        exc.field = f"timing point {field}"
        raise _error(exc.reason(), number, "TimingPoints") from None
    except (ValueError, IndexError):
        message = (
            f"timing point needs time,beatLength, got {line!r}"
            if count < 2
            else f"timing point {field} is not a number in {line!r}"
        )
        raise _error(message, number, "TimingPoints") from None
    return _new_timing(time, beat_length, meter, sample_set, index, volume, uninherited, effects)

"""The ``.osu`` parser: text or bytes in, :class:`OsuFile` out, in one pass.

Theory of operation. The text is decoded (strict UTF-8, BOM dropped), line ends are unified to
``\\n`` and a ``\\n`` is put in front, so the text at index ``i`` is on line
``text.count("\\n", 0, i)``. The first non-blank line is the header. Section headers are found
with ``str.find("\\n[")`` instead of a Python test per line; each section body is split once and
handed to the loop for its kind. Hit objects take a fast path for the common line (integer
fields, a hit sample seen before) and fall back to a careful path that strips comments and says
what is wrong. Lines follow lazer's ``LegacyDecoder.ParseStreamInto``: blank and ``//`` lines are
skipped, an inline ``//`` starts a comment except in ``[Metadata]``, line ends are trimmed, and
lines before the first section belong to ``[General]``.

Unlike lazer, which logs a line it cannot read and goes on, a malformed line raises
:class:`ParseError` (with its line number and section), except in ``[Events]``, where such lines
are kept verbatim, and where lazer itself is lenient (edge sounds, bookmarks). Nothing here
does I/O, and no ``ValueError``, ``IndexError`` or ``UnicodeDecodeError`` escapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

from ._enums import GameMode
from ._errors import ParseError
from ._osu_file import (
    DIFFICULTY_KEYS,
    EDITOR_KEYS,
    GENERAL_KEYS,
    METADATA_KEYS,
    Colours,
    Difficulty,
    Editor,
    Events,
    General,
    Metadata,
    OsuFile,
    UnknownSection,
    ValueKind,
)
from ._osu_file_model import (
    Background,
    Break,
    Colour,
    Countdown,
    CurvePoint,
    CurveType,
    EdgeSet,
    Effects,
    HitCircle,
    HitObject,
    HitSample,
    HitSound,
    HoldNote,
    SampleSet,
    Slider,
    Spinner,
    TimingPoint,
    Video,
    _HitObjectMixin,
)

__all__ = ["parse_osu_file"]

#: lazer ``LegacyDecoder.LATEST_VERSION``: the version of a file without a readable header.
FALLBACK_VERSION = 14
_MAGIC = "osu file format v"
_DEFAULT_SAMPLE = HitSample()
_HITSOUNDS = tuple(HitSound(i) for i in range(16))
_SETS = tuple(SampleSet(i) for i in range(4))
_EFFECTS = tuple(Effects(i) for i in range(16))
_SET_NAMES = {"None": 0, "Normal": 1, "Soft": 2, "Drum": 3}  # lazer LegacySampleBank names
_CURVES = {"B": CurveType.Bezier, "L": CurveType.Linear, "P": CurveType.PerfectCurve}
_CATMULL = CurveType.Catmull  # enum attribute lookups are slow on 3.11: keep the members
_BEZIER = CurveType.Bezier
_LETTERS = {letter: (curve, None) for letter, curve in [*_CURVES.items(), ("C", _CATMULL)]}
# Fast-path tables, keyed by the canonical text of a field.
_SMALL_INTS = {str(i): i for i in range(-1, 1025)}
_KINDS = {str(k): (k, k & 4 != 0, (k >> 4) & 7) for k in range(256)}
_SOUNDS_BY_TEXT = {str(i): _HITSOUNDS[i] for i in range(16)}
_KEY_SECTIONS = {"General", "Editor", "Metadata", "Difficulty", "Colours"}


def _hitsound(value: int) -> HitSound:
    return _HITSOUNDS[value] if 0 <= value < 16 else HitSound(value)


def _sample_set(value: int) -> SampleSet:
    return _SETS[value] if 0 <= value < 4 else SampleSet(value)


def _effects(value: int) -> Effects:
    return _EFFECTS[value] if 0 <= value < 16 else Effects(value)


def _float(text: str) -> float:
    """A finite float; ValueError if not (lazer Parsing.ParseDouble)."""
    value = float(text)
    if value - value:  # inf - inf and nan - nan are nan (true); a finite x - x is 0.0
        raise ValueError(text)
    return value


def _num(text: str) -> float:
    """An int when the text is one (the usual case), else a finite float; ValueError if not."""
    try:
        return int(text)
    except ValueError:
        return _float(text)


# --- fast construction ---------------------------------------------------------------------
# A "twin" is a plain class with a model's exact __slots__ and a positional __init__ that fills
# every slot and then re-labels the instance as the model class (hit object twins share the
# models' mixin base, which is part of the layout). CPython allows that __class__
# change between classes of identical slot layout (the models set weakref_slot=False, since a
# __weakref__ slot defeats the check). The result is an ordinary, frozen instance of the model
# (same eq, hash and repr) built in a quarter of the time of attrs' frozen __init__, which goes
# through object.__setattr__ per field. tests/unit/test_osu_file.py checks each twin.


class _CircleTwin(_HitObjectMixin):
    __slots__ = HitCircle.__slots__

    def __init__(
        self, x: float, y: float, t: float, nc: bool, cs: int, hs: HitSound, s: HitSample
    ) -> None:
        self.x = x
        self.y = y
        self.time = t
        self.new_combo = nc
        self.combo_skip = cs
        self.hitsound = hs
        self.sample = s
        self.__class__ = HitCircle  # type: ignore[assignment]


class _EndTwin(_HitObjectMixin):
    """Spinner and hold note share their slot layout; the caller picks the class."""

    __slots__ = Spinner.__slots__

    def __init__(
        self,
        cls: type[Spinner | HoldNote],
        x: float,
        y: float,
        t: float,
        nc: bool,
        cs: int,
        hs: HitSound,
        e: float,
        s: HitSample,
    ) -> None:
        self.x = x
        self.y = y
        self.time = t
        self.new_combo = nc
        self.combo_skip = cs
        self.hitsound = hs
        self.end_time = e
        self.sample = s
        self.__class__ = cls  # type: ignore[assignment]


class _SliderTwin(_HitObjectMixin):
    __slots__ = Slider.__slots__

    def __init__(
        self,
        x: float,
        y: float,
        t: float,
        nc: bool,
        cs: int,
        hs: HitSound,
        ct: CurveType,
        cd: int | None,
        cp: tuple[CurvePoint, ...],
        sl: int,
        ln: float | None,
        es: tuple[HitSound, ...],
        ed: tuple[EdgeSet, ...],
        s: HitSample,
    ) -> None:
        self.x = x
        self.y = y
        self.time = t
        self.new_combo = nc
        self.combo_skip = cs
        self.hitsound = hs
        self.curve_type = ct
        self.curve_degree = cd
        self.curve_points = cp
        self.slides = sl
        self.length = ln
        self.edge_sounds = es
        self.edge_sets = ed
        self.sample = s
        self.__class__ = Slider  # type: ignore[assignment]


class _PointTwin:
    __slots__ = CurvePoint.__slots__  # type: ignore[attr-defined]

    def __init__(self, x: float, y: float, st: CurveType | None, d: int | None) -> None:
        self.x = x
        self.y = y
        self.segment_type = st
        self.degree = d
        self.__class__ = CurvePoint  # type: ignore[assignment]


class _TimingTwin:
    __slots__ = TimingPoint.__slots__  # type: ignore[attr-defined]

    def __init__(
        self, t: float, bl: float, m: int, ss: SampleSet, si: int, v: int, u: bool, e: Effects
    ) -> None:
        self.time = t
        self.beat_length = bl
        self.meter = m
        self.sample_set = ss
        self.sample_index = si
        self.volume = v
        self.uninherited = u
        self.effects = e
        self.__class__ = TimingPoint  # type: ignore[assignment]


# Typed views of the twins: each call returns an instance of the model class.
_new_circle = cast(
    "Callable[[float, float, float, bool, int, HitSound, HitSample], HitCircle]", _CircleTwin
)
_new_end = cast(
    "Callable[[type[Spinner | HoldNote], float, float, float, bool, int, HitSound, float, "
    "HitSample], Spinner | HoldNote]",
    _EndTwin,
)
_new_slider = cast("Callable[..., Slider]", _SliderTwin)
_new_point = cast("Callable[[float, float, CurveType | None, int | None], CurvePoint]", _PointTwin)
_new_timing = cast(
    "Callable[[float, float, int, SampleSet, int, int, bool, Effects], TimingPoint]", _TimingTwin
)


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


def _clean(line: str, metadata: bool = False) -> str:
    """A line without its comment and trailing blanks; "" for a line lazer skips."""
    if "//" in line:
        if line.lstrip().startswith("//"):
            return ""
        if not metadata:
            line = line[: line.index("//")]
    return line.rstrip()


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
    if line.startswith(_MAGIC):
        # lazer LegacyBeatmapDecoder: int.Parse(line.Split('v').Last()); a garbled number is
        # treated here like a garbled header (lazer would fail), so the file still reads.
        try:
            return int(line.split("v")[-1]), end
        except ValueError:
            pass
    # No header, or a corrupted one: lazer falls back to the latest version and reads every
    # line, this one included (TestFallbackDecoderFor*). It lands in [General] extra.
    return FALLBACK_VERSION, start


def _error(message: str, line: int, section: str) -> ParseError:
    return ParseError(message, line=line, section=section)


# --- entry point ---------------------------------------------------------------------------


def parse_osu_file(data: str | bytes) -> OsuFile:
    """Parse a whole ``.osu`` file into a typed, frozen :class:`OsuFile`.

    Reads every format version (v3 to v14 written by osu!stable, v128+ by lazer), a UTF-8 BOM,
    CRLF, LF or CR line ends, blank lines, ``//`` comments, duplicate keys (the last wins),
    and unknown keys and sections (kept). A missing or garbled header gives version 14, as in
    lazer. Values are raw: times without the +24 ms of versions below 5
    (:func:`legacy_time_offset`), coordinates unrounded (:meth:`HitCircle.lazer_position`).

    Args:
        data: The file's text, or its bytes (decoded as UTF-8).

    Returns:
        The typed file.

    Raises:
        ParseError: for empty input, bytes that are not UTF-8, NUL characters, and lines that
            are truncated or hold non-numeric fields; ``line`` and ``section`` say where.
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
        found = text.find("\n[", search)
        if found < 0:
            break
        search = found + 1
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
        self.unknown: dict[str, list[str]] = {}

    def add(self, section: str, body: str, first_line: int) -> None:
        lines = body.split("\n")
        if section == "HitObjects":
            _hit_objects(lines, first_line, self.objects)
        elif section == "TimingPoints":
            _timing_points(lines, first_line, self.timing)
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
        except ValueError:
            raise _error(f"{key}: {value!r} is not a valid {kind}", line, section) from None
    out["extra"] = tuple(extra)
    return out


def _finite(value: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _sample_set_name(value: str) -> SampleSet:
    # lazer: Enum.Parse<LegacySampleBank>(value), which takes a member name or a number.
    number = _SET_NAMES.get(value)
    return _sample_set(int(value) if number is None else number)


def _bookmarks(value: str) -> tuple[int, ...]:
    # lazer keeps the entries that int.TryParse accepts and drops the others.
    out = []
    for part in value.split(","):
        try:
            out.append(int(part))
        except ValueError:
            continue
    return tuple(out)


_CONVERTERS: dict[str, Callable[[str], object]] = {
    "str": str,
    "int": int,
    "float": _finite,
    "bool": lambda value: value == "1",  # lazer: pair.Value == "1"
    "countdown": lambda value: Countdown(int(value)),
    "sampleset": _sample_set_name,
    "mode": lambda value: GameMode(int(value)),
    "ints": _bookmarks,
}


def _colour(value: str, line: int) -> Colour:
    # lazer LegacyDecoder.handleColours: 3 or 4 components, each a byte.
    parts = value.split(",")
    try:
        if len(parts) not in (3, 4):
            raise ValueError(value)
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


def _timing_points(lines: list[str], first_line: int, out: list[TimingPoint]) -> None:
    append = out.append
    for offset, raw in enumerate(lines):
        line = _clean(raw)
        if not line.strip():
            continue
        parts = line.split(",")
        count = len(parts)
        field = "time"
        try:
            if count < 2:
                raise ValueError(line)
            time = _num(parts[0])
            field = "beat length"
            beat_length = float(parts[1])
            if math.isnan(beat_length):
                beat_length = math.nan  # one NaN object, so equal models stay equal
            elif beat_length in (math.inf, -math.inf):
                raise ValueError(parts[1])
            field = "meter"
            meter = int(parts[2]) if count > 2 else 4
            field = "sample set"
            sample_set = _sample_set(int(parts[3])) if count > 3 else SampleSet.none
            field = "sample index"
            index = int(parts[4]) if count > 4 else 0
            field = "volume"
            volume = int(parts[5]) if count > 5 else 100
            field = "uninherited"
            # lazer: split[6][0] == '1'; an empty field fails there too.
            uninherited = parts[6][0] == "1" if count > 6 else True
            field = "effects"
            effects = _effects(int(parts[7])) if count > 7 else Effects.none
        except (ValueError, IndexError):
            message = (
                f"timing point needs time,beatLength, got {line!r}"
                if count < 2
                else f"timing point {field} is not a number in {line!r}"
            )
            raise _error(message, first_line + offset, "TimingPoints") from None
        append(
            _new_timing(time, beat_length, meter, sample_set, index, volume, uninherited, effects)
        )


# --- hit objects ---------------------------------------------------------------------------


class _Memo:
    """Per-file caches from field text to parsed value. Maps repeat the same hit samples,
    edge sounds, edge sets and control points many times, and the values are frozen, so one
    instance can serve every object that wrote the same text."""

    __slots__ = ("points", "samples", "sets", "sounds")

    def __init__(self) -> None:
        self.samples: dict[str, HitSample] = {"0:0:0:0:": _DEFAULT_SAMPLE, "": _DEFAULT_SAMPLE}
        self.sounds: dict[str, tuple[HitSound, ...]] = {"": ()}
        self.sets: dict[str, tuple[EdgeSet, ...]] = {"": ()}
        self.points: dict[str, CurvePoint] = {}


def _hit_objects(lines: list[str], first_line: int, out: list[HitObject]) -> None:
    """Parse a [HitObjects] body into ``out``; the hot loop of the whole parser.

    The fast path takes lines with integer x, y, time, type and hitSound: circles whose hit
    sample text was seen before, and sliders without a comment. Anything else, and anything
    the fast path fails on, goes to :func:`_hit_object`, which strips comments, reads floats
    and reports errors.
    """
    append = out.append
    memo = _Memo()
    samples = memo.samples
    small = _SMALL_INTS
    kinds = _KINDS
    sounds = _SOUNDS_BY_TEXT
    circle = _new_circle
    slider = _slider
    for offset, line in enumerate(lines):
        parts = line.split(",")
        try:
            # Canonical small numbers come from tables (a dict lookup is a third of int());
            # a miss raises KeyError and the careful path reads the line instead.
            kind, new_combo, skip = kinds[parts[3]]
            if kind & 1:
                if len(parts) == 6:
                    obj: HitObject = circle(
                        small[parts[0]],
                        small[parts[1]],
                        int(parts[2]),
                        new_combo,
                        skip,
                        sounds[parts[4]],
                        samples[parts[5]],
                    )
                    append(obj)
                    continue
            elif kind & 2 and "//" not in line:
                time = int(parts[2])
                append(
                    slider(
                        parts, small[parts[0]], small[parts[1]], time, kind, sounds[parts[4]], memo
                    )
                )
                continue
        except (ValueError, IndexError, KeyError):
            pass
        found = _hit_object(line, first_line + offset, memo)
        if found is not None:
            append(found)


def _hit_object(line: str, number: int, memo: _Memo) -> HitObject | None:
    """The careful path: any hit object line, with comments, floats and error messages."""
    cleaned = _clean(line)
    if not cleaned.strip():
        return None
    parts = cleaned.split(",")
    count = len(parts)
    if count < 5:
        raise _error(f"hit object needs x,y,time,type,hitSound, got {line!r}", number, "HitObjects")
    field = "x"
    kind = 0
    try:
        x = _num(parts[0])
        field = "y"
        y = _num(parts[1])
        field = "time"
        time = _num(parts[2])
        field = "type"
        kind = int(parts[3])
        field = "hitSound"
        sound = _hitsound(int(parts[4]))
        new_combo = kind & 4 != 0
        skip = (kind >> 4) & 7
        # lazer ConvertHitObjectParser: the first matching bit decides, in this order.
        if kind & 1:
            field = "hit sample"
            sample = _sample(parts[5], memo) if count > 5 else _DEFAULT_SAMPLE
            return _new_circle(x, y, time, new_combo, skip, sound, sample)
        if kind & 2:
            field = "slider field (curve, slides, length, edges or hit sample)"
            return _slider(parts, x, y, time, kind, sound, memo)
        if kind & 8:
            field = "end time"
            end = _num(parts[5])
            field = "hit sample"
            sample = _sample(parts[6], memo) if count > 6 else _DEFAULT_SAMPLE
            return _new_end(Spinner, x, y, time, new_combo, skip, sound, end, sample)
        if kind & 128:
            # Mania hold: "endTime:normal:addition:index:volume:filename" (note the colon);
            # lazer reads a missing end time as the start time.
            end, sample = time, _DEFAULT_SAMPLE
            if count > 5 and parts[5]:
                end_text, _, rest = parts[5].partition(":")
                field = "end time"
                end = _num(end_text)
                field = "hit sample"
                sample = _sample(rest, memo)
            return _new_end(HoldNote, x, y, time, new_combo, skip, sound, end, sample)
    except (ValueError, IndexError):
        message = f"hit object {field} is missing or malformed in {line!r}"
        raise _error(message, number, "HitObjects") from None
    raise _error(f"unknown hit object type {kind} in {line!r}", number, "HitObjects")


def _sample(text: str, memo: _Memo) -> HitSample:
    """A ``normal:addition:index:volume:filename`` field (lazer readCustomSampleBanks).

    The filename keeps any ``:`` in it; blanks after it go, as lazer trims the line end.
    """
    sample = memo.samples.get(text)
    if sample is not None:
        return sample
    parts = text.split(":", 4)
    count = len(parts)
    sample = HitSample(
        normal_set=_sample_set(int(parts[0])),
        addition_set=_sample_set(int(parts[1])) if count > 1 else SampleSet.none,
        index=int(parts[2]) if count > 2 else 0,
        volume=int(parts[3]) if count > 3 else 0,
        filename=parts[4].rstrip() if count > 4 else "",
    )
    memo.samples[text] = sample
    return sample


def _slider(
    parts: list[str], x: float, y: float, time: float, kind: int, sound: HitSound, memo: _Memo
) -> Slider:
    """``curve,slides,length,edgeSounds,edgeSets,hitSample`` after the common fields; the last
    three are optional (v3 maps stop at the length)."""
    count = len(parts)
    curve_type, degree, points = _curve(parts[5], memo.points)
    slides = int(parts[6])
    # An empty length reads as absent (lazer would fail), so a model without one still renders.
    length = _float(parts[7]) if count > 7 and parts[7] else None
    edge_sounds: tuple[HitSound, ...] | None = ()
    if count > 8:
        edge_sounds = memo.sounds.get(parts[8])
        if edge_sounds is None:
            edge_sounds = _edge_sounds(parts[8], memo)
    edge_sets: tuple[EdgeSet, ...] | None = ()
    if count > 9:
        edge_sets = memo.sets.get(parts[9])
        if edge_sets is None:
            edge_sets = _edge_sets(parts[9], memo)
    sample = _sample(parts[10], memo) if count > 10 else _DEFAULT_SAMPLE
    return _new_slider(
        x,
        y,
        time,
        kind & 4 != 0,
        (kind >> 4) & 7,
        sound,
        curve_type,
        degree,
        points,
        slides,
        length,
        edge_sounds,
        edge_sets,
        sample,
    )


def _edge_sounds(text: str, memo: _Memo) -> tuple[HitSound, ...]:
    value = tuple(_hitsound(_lenient_int(s)) for s in text.split("|"))
    memo.sounds[text] = value
    return value


def _lenient_int(text: str) -> int:
    # lazer reads edge sounds with int.TryParse: anything else is 0.
    try:
        return int(text)
    except ValueError:
        return 0


def _edge_sets(text: str, memo: _Memo) -> tuple[EdgeSet, ...]:
    # lazer: each "normal:addition" is read only when both parts are there.
    out = []
    for item in text.split("|"):
        parts = item.split(":")
        if len(parts) < 2:
            out.append(EdgeSet())
        else:
            normal, addition = _sample_set(int(parts[0])), _sample_set(int(parts[1]))
            out.append(EdgeSet(normal_set=normal, addition_set=addition))
    value = tuple(out)
    memo.sets[text] = value
    return value


def _curve_letter(token: str) -> tuple[CurveType, int | None]:
    # lazer convertPathType: switch on the first char, anything unknown is Catmull; "B<n>" with
    # n > 0 is a B-spline of degree n.
    known = _LETTERS.get(token)
    if known is not None:
        return known
    curve = _CURVES.get(token[0], _CATMULL)
    if curve is not _BEZIER or len(token) == 1:
        return curve, None
    try:
        degree = int(token[1:])
    except ValueError:
        return curve, None
    return curve, degree if degree > 0 else None


def _curve(
    text: str, cache: dict[str, CurvePoint]
) -> tuple[CurveType, int | None, tuple[CurvePoint, ...]]:
    """``B|x:y|x:y...``; a letter later in the list types the segment its next point starts
    (lazer v128 multi-type paths). A list that starts with a point is Catmull (lazer)."""
    tokens = text.split("|")
    curve_type: CurveType = _CATMULL
    degree = None
    if tokens[0][:1].isalpha():
        curve_type, degree = _curve_letter(tokens[0])
        del tokens[0]
    points = []
    pending: tuple[CurveType, int | None] | None = None
    for token in tokens:
        point = cache.get(token)
        if point is not None and pending is None:
            points.append(point)
            continue
        if token[:1].isalpha():
            pending = _curve_letter(token)  # of two letters in a row the last counts
            continue
        px, sep, py = token.partition(":")
        if not sep:
            raise ValueError(token)
        if pending is None:
            point = _new_point(_num(px), _num(py), None, None)
            cache[token] = point
        else:
            point = _new_point(_num(px), _num(py), pending[0], pending[1])
            pending = None
        points.append(point)
    return curve_type, degree, tuple(points)

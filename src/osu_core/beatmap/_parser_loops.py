"""Hit object lines of a ``.osu`` file: the hot loop of the parser, its fast constructors and
the small number readers the other sections share.

Used by ``_parser`` only; see its theory of operation. The fast path reads canonical
integer fields through lookup tables and builds models inline from "twin" classes (below); any
line it cannot take goes to the careful path, which strips comments, reads floats and raises
:class:`ParseError` naming the field. No I/O; no ValueError, IndexError or KeyError escapes.

The choices of the fast path (inline twins, exact dicts, no control point cache) were measured
against their alternatives; the figures are in ``docs/benchmarks.md``, case 2.

Numbers are read as lazer reads them (``osu.Game/Beatmaps/Formats/Parsing.cs``, C# invariant
culture): ASCII digits only (Python's ``int`` also takes Arabic-Indic and fullwidth digits,
and ``"1_0"``), and within a limit per field: :data:`MAX_COORDINATE_VALUE` for hit object
coordinates and slider lengths, :data:`MAX_PARSE_VALUE` for the rest. A number beyond its
limit raises :class:`_OutOfRange` (a ValueError, so the fast paths fall back to the careful
path like any other miss); a hit object line that raises it is skipped, as lazer skips it,
and kept as a :class:`SkippedLine`. The fast paths check only the times they read with
``int()`` (against a cheaper bound; the careful path applies the exact one): coordinates come
from a table well inside the limit, and the sample and tail caches hold only text the
careful readers accepted. They read only ASCII text without ``_``, which ``_parser``
checks once per section (``str.isascii`` is O(1)).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import cast

from osu_core._errors import ParseError

from ._models import (
    MAX_COORDINATE_VALUE,
    MAX_PARSE_VALUE,
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
    SkippedLine,
    Slider,
    Spinner,
    TimingPoint,
    _HitObjectMixin,
)

__all__: list[str] = []  # private helpers for _parser

_DEFAULT_SAMPLE = HitSample()
_HITSOUNDS = tuple(HitSound(i) for i in range(16))
_SETS = tuple(SampleSet(i) for i in range(4))
_EFFECTS = tuple(Effects(i) for i in range(16))
_CURVES = {"B": CurveType.Bezier, "L": CurveType.Linear, "P": CurveType.PerfectCurve}
_CATMULL = CurveType.Catmull  # enum attribute lookups are slow on 3.11: keep the members
_BEZIER = CurveType.Bezier
_LETTERS = {letter: (curve, None) for letter, curve in [*_CURVES.items(), ("C", _CATMULL)]}
# Fast-path tables, keyed by the canonical text of a field.
_KINDS = {str(k): (k, k & 4 != 0, (k >> 4) & 7) for k in range(256)}
_SOUNDS_BY_TEXT = {str(i): _HITSOUNDS[i] for i in range(16)}
_DEFAULT_EDGE = EdgeSet()
_EDGE_SETS = {
    f"{n}:{a}": EdgeSet(normal_set=_SETS[n], addition_set=_SETS[a])
    for n in range(4)
    for a in range(4)
}


def _hitsound(value: int) -> HitSound:
    return _HITSOUNDS[value] if 0 <= value < 16 else HitSound(value)


def _sample_set(value: int) -> SampleSet:
    return _SETS[value] if 0 <= value < 4 else SampleSet(value)


def _effects(value: int) -> Effects:
    return _EFFECTS[value] if 0 <= value < 16 else Effects(value)


#: lazer ``ConvertHitObjectParser``: "Repeat count is way too high" above this (it throws and
#: the line is skipped).
MAX_SLIDES = 9000
#: An integer as ``int()`` reads it (blanks around, a sign): one that fails only because it
#: has more than ``sys.get_int_max_str_digits()`` digits is out of range, not malformed.
_INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*")
#: lazer ``int.TryParse`` (bookmarks, edge sounds) accepts exactly the C# ``int`` range.
_INT32 = (-(2**31), 2**31 - 1)
_LENGTH = float(MAX_COORDINATE_VALUE)
#: The fast paths send numbers beyond this to the careful path, which applies lazer's exact
#: limits. 2**30 - 1 rather than MAX_PARSE_VALUE: CPython 3.11 specialises comparisons of
#: one-digit ints (below 2**30) only, and times this large (12 days) are never real.
_FAST_LIMIT = 2**30 - 1


class _OutOfRange(ValueError):
    """A well-formed number beyond lazer's limit for its field (lazer's Parsing throws an
    OverflowException for it). ``field`` is set by the reader of the whole line."""

    def __init__(self, text: str, limit: float) -> None:
        super().__init__(text)
        self.text = text
        self.limit = limit
        self.field = ""

    def reason(self) -> str:
        shown = self.text.strip()
        if len(shown) > 24:
            shown = f"{shown[:12]}...{shown[-6:]} ({len(shown)} characters)"
        return f"{self.field} {shown} is beyond lazer's limit of {self.limit:,}".lstrip()


def _ascii_number(text: str) -> None:
    # C# reads ASCII digits only and no digit separators; Python's int() and float() also take
    # Unicode digits (Arabic-Indic or fullwidth ones) and underscores ("1_0"). isascii() is
    # O(1) on a str.
    if not text.isascii() or "_" in text:
        raise ValueError(text)


# The three readers below are the careful path's (and run once per distinct text the fast
# path caches). Each tries the usual case first, with the checks inline: a call per check
# cost a quarter of the [TimingPoints] parse. The rarer outcomes are sorted out after.


def _float(text: str, limit: float = MAX_PARSE_VALUE) -> float:
    """A float within ±``limit`` (lazer ``Parsing.ParseDouble``): ValueError if the text is not a
    number (NaN and infinities included), :class:`_OutOfRange` if it is one beyond the limit."""
    value = float(text)
    if -limit <= value <= limit and text.isascii() and "_" not in text:
        return value
    _ascii_number(text)
    # NaN fails both comparisons; "inf" and "infinity" are words, not numbers out of range.
    if math.isnan(value) or "n" in text or "N" in text:
        raise ValueError(text)
    raise _OutOfRange(text, limit)  # "1e999", or 400 digits: float() gives inf for both


def _int(text: str, limit: int = MAX_PARSE_VALUE) -> int:
    """An int within ±``limit`` (lazer ``Parsing.ParseInt``); ValueError or _OutOfRange."""
    try:
        value = int(text)
    except ValueError:
        if text.isascii() and _INTEGER.fullmatch(text):
            raise _OutOfRange(text, limit) from None  # more digits than int() will read
        raise
    if -limit <= value <= limit and text.isascii() and "_" not in text:
        return value
    _ascii_number(text)
    raise _OutOfRange(text, limit)


def _num(text: str, limit: float = MAX_PARSE_VALUE) -> float:
    """An int when the text is one (the usual case), else a float, within ±``limit``;
    ValueError or _OutOfRange if not."""
    try:
        value = int(text)
    except ValueError:
        # A float, a word, or more digits than int() reads (float() gives inf: out of range).
        return _float(text, limit)
    if -limit <= value <= limit and text.isascii() and "_" not in text:
        return value
    _ascii_number(text)
    raise _OutOfRange(text, limit)


# --- fast construction ---------------------------------------------------------------------
# A "twin" is a plain class with a model's exact __slots__ (hit object twins share the models'
# mixin base, which is part of the layout). The hot loops fill a twin's slots with plain
# attribute stores and then re-label it as the model class; the positional __init__ below does
# the same for the careful path. CPython allows that __class__ change between classes of
# identical slot layout (the models set weakref_slot=False, since a __weakref__ slot defeats
# the check). The result is an ordinary, frozen instance of the model (same eq, hash and
# repr), built in a fifth of the time of attrs' frozen __init__, which goes through
# object.__setattr__ per field. tests/unit/test_osu_file.py checks each twin.


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


def _clean(line: str, metadata: bool = False) -> str:
    """A line without its comment and trailing blanks; "" for a line lazer skips."""
    if "//" in line:
        if line.lstrip().startswith("//"):
            return ""
        if not metadata:
            line = line[: line.index("//")]
    return line.rstrip()


def _error(message: str, line: int, section: str) -> ParseError:
    return ParseError(message, line=line, section=section)


# --- hit objects ---------------------------------------------------------------------------


#: Canonical integer text -> int over the usual coordinate range. A plain dict, not a subclass
#: with ``__missing__``: only an exact dict gets CPython's specialised subscript (the subclass
#: cost 35 ns more per circle). A miss (a float, a far point) sends the line to the careful path.
_COORDS = {str(i): i for i in range(-512, 1537)}


#: ``(slides, length, edge_sounds, edge_sets, sample)`` of a slider.
_Tail = tuple[int, "float | None", tuple[HitSound, ...], tuple[EdgeSet, ...], HitSample]
#: ``(edge_sounds, edge_sets, sample)``: what follows the length.
_Edges = tuple[tuple[HitSound, ...], tuple[EdgeSet, ...], HitSample]


class _Memo:
    """Per-file caches from field text to parsed value. Maps repeat the same hit samples and
    slider "tails" (``slides,length,edgeSounds,edgeSets,hitSample``: 621 sliders of the
    largest corpus map share 156 tails; ``edges`` holds the part after the length, which
    repeats even more) many times, and the values are frozen, so one instance serves every
    object that wrote the same text. Control points are not cached: they repeat too rarely
    (950 points, 910 distinct) to pay for the lookups."""

    __slots__ = ("edges", "samples", "sets", "sounds", "tails")

    def __init__(self) -> None:
        self.samples: dict[str, HitSample] = {"0:0:0:0:": _DEFAULT_SAMPLE, "": _DEFAULT_SAMPLE}
        self.sounds: dict[str, tuple[HitSound, ...]] = {"": ()}
        self.sets: dict[str, tuple[EdgeSet, ...]] = {"": ()}
        self.tails: dict[str, _Tail] = {}
        self.edges: dict[str, _Edges] = {}


def _loose(line: str) -> bool:
    """Whether ``int()`` could read a number in the line that C# would not (see the module
    docstring): the fast paths leave such lines to the careful readers."""
    return not line.isascii() or "_" in line


def _runs(lines: list[str]) -> list[tuple[int, int, bool]]:
    """``(start, end, loose)`` runs of ``lines``, for a section that is not plain ASCII."""
    runs: list[tuple[int, int, bool]] = []
    start = 0
    for index, line in enumerate(lines):
        if _loose(line):
            if start < index:
                runs.append((start, index, False))
            runs.append((index, index + 1, True))
            start = index + 1
    if start < len(lines):
        runs.append((start, len(lines), False))
    return runs


def _plain(body: str) -> bool:
    """Whether no line of a section body is :func:`_loose`: one O(1) and one memchr-like test
    for the whole body, instead of a test per line."""
    return body.isascii() and "_" not in body


def _hit_objects(
    lines: list[str],
    first_line: int,
    out: list[HitObject],
    skipped: list[SkippedLine],
    *,
    plain: bool,
) -> None:
    """Parse a [HitObjects] body into ``out`` (and the lines lazer skips into ``skipped``).

    ``plain`` says the body passed :func:`_plain`. Otherwise lines that are not plain ASCII
    or hold ``_`` (rare: a non-ASCII sample filename or comment) go to the careful path and
    the others to the fast loop, in runs, in order.
    """
    memo = _Memo()
    if plain:
        _hit_object_run(lines, first_line, out, skipped, memo)
        return
    for start, end, loose in _runs(lines):
        if loose:
            _careful_hit_object(lines[start], first_line + start, out, skipped, memo)
        else:
            _hit_object_run(lines[start:end], first_line + start, out, skipped, memo)


def _hit_object_run(
    lines: list[str],
    first_line: int,
    out: list[HitObject],
    skipped: list[SkippedLine],
    memo: _Memo,
) -> None:
    """The hot loop of the whole parser, over ASCII lines without ``_``.

    The fast path takes lines with integer time, type and hitSound whose variable parts it can
    read without ambiguity: circles, spinners and holds whose hit sample text was seen
    before, and sliders whose first curve letter is a plain one. It builds the models inline
    (no call per line or per point; see "fast construction"). Anything else, and anything
    the fast path fails on, goes to :func:`_hit_object`, which strips comments, reads floats
    and reports errors. No ``//`` test is needed: a comment can only make a fast-path lookup
    or ``int()`` fail, except in a slider tail, which is checked when first seen. Times read
    with ``int()`` are range-checked here (lazer ``ParseDouble``'s limit); a time beyond it
    sends the line to the careful path, which skips it.
    """
    append = out.append
    samples = memo.samples
    tails = memo.tails
    coords = _COORDS
    kinds = _KINDS
    sounds = _SOUNDS_BY_TEXT
    letters = _LETTERS
    top, bottom = _FAST_LIMIT, -_FAST_LIMIT
    new = object.__new__
    circle_cls, slider_cls, point_cls = HitCircle, Slider, CurvePoint
    spinner_cls, hold_cls = Spinner, HoldNote
    for offset, line in enumerate(lines):
        # maxsplit 6: a slider keeps its tail in one piece (a cache key), and the split
        # costs less than the floor's full split (145 vs 225 ns on a 74-character slider).
        parts = line.split(",", 6)
        try:
            # Canonical small numbers come from tables (a dict lookup is a third of int());
            # a miss raises KeyError and the careful path reads the line instead.
            kind, new_combo, skip = kinds[parts[3]]
            if kind & 1:
                x, y, time, _, sound, sample = parts  # ValueError unless exactly 6 fields
                o = new(_CircleTwin)
                o.x = coords[x]
                o.y = coords[y]
                t = o.time = int(time)
                if t > top or t < bottom:
                    raise ValueError(time)
                o.new_combo = new_combo
                o.combo_skip = skip
                o.hitsound = sounds[sound]
                o.sample = samples[sample]
                o.__class__ = circle_cls  # type: ignore[assignment]
                append(o)  # type: ignore[arg-type]
                continue
            if kind & 2:
                x, y, time, _, sound, curve, tail = parts
                tokens = curve.split("|")
                curve_type, degree = letters[tokens[0]]
                points = []
                for token in tokens[1:]:
                    px, py = token.split(":")  # a letter here (v128 multi-type): careful path
                    p = new(_PointTwin)
                    p.x = coords[px]
                    p.y = coords[py]
                    p.segment_type = None
                    p.degree = None
                    p.__class__ = point_cls  # type: ignore[assignment]
                    points.append(p)
                fields = tails.get(tail)
                if fields is None:
                    fields = _slider_tail(tail, memo)
                s = new(_SliderTwin)
                s.x = coords[x]
                s.y = coords[y]
                t = s.time = int(time)
                if t > top or t < bottom:
                    raise ValueError(time)
                s.new_combo = new_combo
                s.combo_skip = skip
                s.hitsound = sounds[sound]
                s.curve_type = curve_type
                s.curve_degree = degree
                s.curve_points = tuple(points)  # type: ignore[arg-type]
                s.slides, s.length, s.edge_sounds, s.edge_sets, s.sample = fields
                s.__class__ = slider_cls  # type: ignore[assignment]
                append(s)  # type: ignore[arg-type]
                continue
            if kind & 8:
                x, y, time, _, sound, end, sample = parts
                cls: type[Spinner | HoldNote] = spinner_cls
            elif kind & 128:
                x, y, time, _, sound, rest = parts
                end, _, sample = rest.partition(":")
                cls = hold_cls
            else:
                raise ValueError(kind)
            e = new(_EndTwin)
            e.x = coords[x]
            e.y = coords[y]
            t = e.time = int(time)
            u = e.end_time = int(end)
            if t > top or t < bottom or u > top or u < bottom:
                raise ValueError(time)
            e.new_combo = new_combo
            e.combo_skip = skip
            e.hitsound = sounds[sound]
            e.sample = samples[sample]
            e.__class__ = cls  # type: ignore[assignment]
            append(e)  # type: ignore[arg-type]
            continue
        except (ValueError, IndexError, KeyError):
            pass
        _careful_hit_object(line, first_line + offset, out, skipped, memo)


def _careful_hit_object(
    line: str, number: int, out: list[HitObject], skipped: list[SkippedLine], memo: _Memo
) -> None:
    """Read one line on the careful path: into ``out``, or into ``skipped`` when lazer skips it."""
    try:
        found = _hit_object(line, number, memo)
    except _OutOfRange as exc:
        reason = exc.reason()
        skipped.append(SkippedLine(index=len(out), text=_clean(line), line=number, reason=reason))
        return
    if found is not None:
        out.append(found)


def _hit_object(line: str, number: int, memo: _Memo) -> HitObject | None:
    """The careful path: any hit object line, with comments, floats and error messages.

    Fields are read in order and the first problem decides: a malformed field raises
    :class:`ParseError`, a number beyond lazer's limit :class:`_OutOfRange` (with ``field``
    set), for the caller to skip the line.
    """
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
        # lazer: (int)Parsing.ParseFloat(x, Parsing.MAX_COORDINATE_VALUE), and the same for y.
        x = _num(parts[0], MAX_COORDINATE_VALUE)
        field = "y"
        y = _num(parts[1], MAX_COORDINATE_VALUE)
        field = "time"
        time = _num(parts[2])
        field = "type"
        kind = _int(parts[3])
        field = "hitSound"
        sound = _hitsound(_int(parts[4]))
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
    except _OutOfRange as exc:
        exc.field = exc.field or field
        raise
    except (ValueError, IndexError):
        message = f"hit object {field} is missing or malformed in {line!r}"
        raise _error(message, number, "HitObjects") from None
    raise _error(f"unknown hit object type {kind} in {line!r}", number, "HitObjects")


def _sample(text: str, memo: _Memo) -> HitSample:
    """A ``normal:addition:index:volume:filename`` field (lazer readCustomSampleBanks, which
    reads each number with ``Parsing.ParseInt``).

    The filename keeps any ``:`` in it; blanks after it go, as lazer trims the line end.
    """
    sample = memo.samples.get(text)
    if sample is not None:
        return sample
    parts = text.split(":", 4)
    count = len(parts)
    sample = HitSample(
        normal_set=_sample_set(_int(parts[0])),
        addition_set=_sample_set(_int(parts[1])) if count > 1 else SampleSet.none,
        index=_int(parts[2]) if count > 2 else 0,
        volume=_int(parts[3]) if count > 3 else 0,
        filename=parts[4].rstrip() if count > 4 else "",
    )
    memo.samples[text] = sample
    return sample


def _slider(
    parts: list[str], x: float, y: float, time: float, kind: int, sound: HitSound, memo: _Memo
) -> Slider:
    """``curve,slides,length,edgeSounds,edgeSets,hitSample`` after the common fields; the last
    three are optional (v3 maps stop at the length)."""
    try:
        curve_type, degree, points = _curve(parts[5])
    except _OutOfRange as exc:
        exc.field = "curve point"
        raise
    slides, length, edge_sounds, edge_sets, sample = _tail_fields(parts[6:], memo)
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


def _slider_tail(tail: str, memo: _Memo) -> _Tail:
    """The fast path's reading of a slider tail it has not seen.

    Tails differ mostly in their length, so what follows it (edge sounds, edge sets, hit
    sample) has a cache of its own. Only text the careful path would read the same way is
    read here and cached: no comment and no trailing blanks (a comment or blank in the slides
    or length field fails ``int`` or ``float``), slides within ±9000 and length within lazer's
    limit (checked inline: a call per check cost 10% of a map's parse); anything else raises
    ValueError. The line is plain ASCII without ``_`` (the caller's contract), so ``int`` and
    ``float`` read what C# reads.
    """
    parts = tail.split(",", 2)
    if len(parts) == 3 and parts[1]:
        rest = parts[2]
        edges = memo.edges.get(rest)
        if edges is None:
            if "//" in rest or rest != rest.rstrip():
                raise ValueError(tail)
            edges = memo.edges[rest] = _edge_fields(rest.split(","), memo)
        slides = int(parts[0])
        length = float(parts[1])
        # NaN fails the comparison too; the careful path tells a skip from an error.
        if not (-MAX_SLIDES <= slides <= MAX_SLIDES and -_LENGTH <= length <= _LENGTH):
            raise ValueError(tail)
        fields: _Tail = (slides, length, *edges)
    else:
        if "//" in tail or tail != tail.rstrip():
            raise ValueError(tail)
        fields = _tail_fields(tail.split(","), memo)
    memo.tails[tail] = fields
    return fields


def _slides(text: str) -> int:
    slides = _int(text)
    if slides > MAX_SLIDES:
        exc = _OutOfRange(text, MAX_SLIDES)
        exc.field = "slides"
        raise exc
    return slides


def _length(text: str) -> float:
    # lazer: Parsing.ParseDouble(length, Parsing.MAX_COORDINATE_VALUE), then max(0, ...); the
    # model keeps the value as written.
    try:
        return _float(text, MAX_COORDINATE_VALUE)
    except _OutOfRange as exc:
        exc.field = "slider length"
        raise


def _tail_fields(parts: list[str], memo: _Memo) -> _Tail:
    """``slides[,length[,edgeSounds[,edgeSets[,hitSample]]]]``; further fields are ignored."""
    slides = _slides(parts[0])
    # An empty length reads as absent (lazer would fail), so a model without one still renders.
    length = _length(parts[1]) if len(parts) > 1 and parts[1] else None
    return (slides, length, *_edge_fields(parts[2:], memo))


def _edge_fields(parts: list[str], memo: _Memo) -> _Edges:
    """``[edgeSounds[,edgeSets[,hitSample]]]``; further fields are ignored."""
    count = len(parts)
    edge_sounds: tuple[HitSound, ...] = ()
    if count > 0:
        found_sounds = memo.sounds.get(parts[0])
        edge_sounds = _edge_sounds(parts[0], memo) if found_sounds is None else found_sounds
    edge_sets: tuple[EdgeSet, ...] = ()
    if count > 1:
        found_sets = memo.sets.get(parts[1])
        edge_sets = _edge_sets(parts[1], memo) if found_sets is None else found_sets
    sample = _sample(parts[2], memo) if count > 2 else _DEFAULT_SAMPLE
    return edge_sounds, edge_sets, sample


def _edge_sounds(text: str, memo: _Memo) -> tuple[HitSound, ...]:
    table = _SOUNDS_BY_TEXT
    value = tuple(table[s] if s in table else _hitsound(_lenient_int(s)) for s in text.split("|"))
    memo.sounds[text] = value
    return value


def _try_int(text: str) -> int | None:
    """C# ``int.TryParse``: the value if the text is a C# int (ASCII digits, 32 bits)."""
    try:
        _ascii_number(text)
        value = int(text)
    except ValueError:
        return None
    return value if _INT32[0] <= value <= _INT32[1] else None


def _lenient_int(text: str) -> int:
    # lazer reads edge sounds and B-spline degrees with int.TryParse: anything else is 0.
    value = _try_int(text)
    return 0 if value is None else value


def _edge_sets(text: str, memo: _Memo) -> tuple[EdgeSet, ...]:
    # lazer: each "normal:addition" is read only when both parts are there. The usual items
    # come from a table of shared instances (attrs' frozen __init__ costs ~0.8 us each).
    table = _EDGE_SETS
    out = []
    for item in text.split("|"):
        edge = table.get(item)
        if edge is None:
            parts = item.split(":")
            if len(parts) < 2:
                edge = _DEFAULT_EDGE
            else:
                normal, addition = _sample_set(_int(parts[0])), _sample_set(_int(parts[1]))
                edge = EdgeSet(normal_set=normal, addition_set=addition)
        out.append(edge)
    value = tuple(out)
    memo.sets[text] = value
    return value


def _curve_letter(token: str) -> tuple[CurveType, int | None]:
    # lazer convertPathType: switch on the first char, anything unknown is Catmull; "B<n>" with
    # n > 0 is a B-spline of degree n (int.TryParse: a degree that is no C# int is ignored).
    known = _LETTERS.get(token)
    if known is not None:
        return known
    curve = _CURVES.get(token[0], _CATMULL)
    if curve is not _BEZIER or len(token) == 1:
        return curve, None
    degree = _lenient_int(token[1:])
    return curve, degree if degree > 0 else None


def _curve(text: str) -> tuple[CurveType, int | None, tuple[CurvePoint, ...]]:
    """``B|x:y|x:y...``; a letter later in the list types the segment its next point starts
    (lazer v128 multi-type paths). A list that starts with a point is Catmull (lazer).
    Coordinates are limited as lazer's ``readPoint`` limits them (``MAX_COORDINATE_VALUE``)."""
    tokens = text.split("|")
    curve_type: CurveType = _CATMULL
    degree = None
    if tokens[0][:1].isalpha():
        curve_type, degree = _curve_letter(tokens[0])
        del tokens[0]
    points = []
    pending: tuple[CurveType, int | None] | None = None
    limit = MAX_COORDINATE_VALUE
    for token in tokens:
        if token[:1].isalpha():
            pending = _curve_letter(token)  # of two letters in a row the last counts
            continue
        px, sep, py = token.partition(":")
        if not sep:
            raise ValueError(token)
        if pending is None:
            points.append(_new_point(_num(px, limit), _num(py, limit), None, None))
        else:
            points.append(_new_point(_num(px, limit), _num(py, limit), pending[0], pending[1]))
            pending = None
    return curve_type, degree, tuple(points)

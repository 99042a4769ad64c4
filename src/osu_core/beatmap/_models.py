"""The typed model of a ``.osu`` beatmap file: frozen attrs values and the enums they use.

Values here are the file's *raw* values (times without the old-version offset, coordinates as
written, difficulty settings before clamping); the lazer interpretations are offered separately
as methods (``Difficulty.clamped``, ``HitCircle.lazer_position``, ``TimingPoint.slider_velocity``).
Sources: the osu! wiki page on the format and osu!lazer's ``LegacyBeatmapDecoder`` and
``ConvertHitObjectParser`` (see ``reference/osu-file-format.md`` §A).
The models set ``weakref_slot=False`` so the parser can build them through its fast "twin"
classes (see ``_parser_loops``). This module does no parsing and no I/O.
"""

from __future__ import annotations

import enum
import math
from typing import ClassVar, Union

import attrs

from osu_core._enums import BoundedIntFlag, _OpenIntEnum
from osu_core._osu_format import MAX_COORDINATE_VALUE, MAX_PARSE_VALUE

__all__ = [
    "Background",
    "Break",
    "Colour",
    "Countdown",
    "CurvePoint",
    "CurveType",
    "EdgeSet",
    "Effects",
    "HitCircle",
    "HitObject",
    "HitObjectKind",
    "HitSample",
    "HitSound",
    "HoldNote",
    "MAX_COORDINATE_VALUE",
    "MAX_PARSE_VALUE",
    "SampleSet",
    "SkippedLine",
    "Slider",
    "Spinner",
    "TimingPoint",
    "Video",
    "legacy_time_offset",
]

#: Extra ``key: value`` pairs of a section, in file order (last value wins for a repeated key).
Extra = tuple[tuple[str, str], ...]

#: lazer ``LegacyBeatmapDecoder.EARLY_VERSION_TIMING_OFFSET``: stable plays maps older than v5
#: 24 ms late, so lazer adds 24 to every time it reads from them.
EARLY_VERSION_TIMING_OFFSET = 24


def legacy_time_offset(format_version: int) -> int:
    """The offset (ms) lazer adds to every time read from a file of this format version.

    The model keeps raw times; add this to hit object, timing point and break times, and to
    ``PreviewTime`` unless it is -1, to get the times osu! plays (lazer ``LegacyBeatmapDecoder``,
    ``EARLY_VERSION_TIMING_OFFSET``; tests ``TestPreviewPointWithOffsets``).

    Args:
        format_version: The file's ``osu file format v<N>`` number.

    Returns:
        24 for versions below 5, else 0.
    """
    return EARLY_VERSION_TIMING_OFFSET if format_version < 5 else 0


class Countdown(_OpenIntEnum):
    """``[General] Countdown``: the speed of the countdown before the first object."""

    none = 0
    Normal = 1
    HalfSpeed = 2
    DoubleSpeed = 3


class SampleSet(_OpenIntEnum):
    """A sample bank. 0 means "not set here": a hit sample inherits the timing point's set, a
    timing point the beatmap's ``SampleSet``. lazer plays unknown numbers as ``Normal``."""

    none = 0
    Normal = 1
    Soft = 2
    Drum = 3


class HitSound(BoundedIntFlag):
    """The hitsound bits of a hit object or slider edge (no bit set: the normal sound plays)."""

    none = 0
    Normal = 1
    Whistle = 2
    Finish = 4
    Clap = 8


class Effects(BoundedIntFlag):
    """The effect bits of a timing point (bit 3 counts only on uninherited points)."""

    none = 0
    Kiai = 1
    OmitFirstBarLine = 8


class CurveType(str, enum.Enum):
    """The slider curve letters. lazer reads any other letter as Catmull."""

    Bezier = "B"
    Catmull = "C"
    Linear = "L"
    PerfectCurve = "P"


class HitObjectKind(str, enum.Enum):
    """What a hit object is (type bits 0, 1, 3 and 7)."""

    Circle = "circle"
    Slider = "slider"
    Spinner = "spinner"
    Hold = "hold"


@attrs.frozen(kw_only=True, weakref_slot=False)
class HitSample:
    """The ``normalSet:additionSet:index:volume:filename`` field; 0 and "" mean "inherit".

    A missing field reads as this default, which the wiki writes as ``0:0:0:0:``.
    """

    normal_set: SampleSet = SampleSet.none
    addition_set: SampleSet = SampleSet.none
    index: int = 0
    volume: int = 0
    filename: str = ""


#: The hit sample of a line that gives none (``0:0:0:0:``), shared by every such object.
DEFAULT_SAMPLE = HitSample()


@attrs.frozen(kw_only=True, weakref_slot=False)
class EdgeSet:
    """The ``normal:addition`` sample sets of one slider edge."""

    normal_set: SampleSet = SampleSet.none
    addition_set: SampleSet = SampleSet.none


@attrs.frozen(kw_only=True, weakref_slot=False)
class CurvePoint:
    """A slider control point, in absolute osu!pixels as written.

    ``segment_type`` is set when a curve letter precedes this point in the list, which lazer
    (v128+) writes to start a segment of another type (``P|224:57|B|439:298|...``);
    ``degree`` is the B-spline degree of a ``B<n>`` letter.
    """

    x: float
    y: float
    segment_type: CurveType | None = None
    degree: int | None = None


def _lazer_xy(x: float, y: float, format_version: int) -> tuple[float, float]:
    # lazer ConvertHitObjectParser: positions of files below v128 are cast to int (truncation);
    # TestDecodeBeatmapHitObjectCoordinates{Legacy,Lazer}.
    if format_version >= 128:
        return (x, y)
    return (int(x), int(y))


class _HitObjectMixin:
    """Shared read-only helpers of the four hit object classes."""

    __slots__ = ()
    x: float
    y: float
    time: float

    def lazer_position(self, format_version: int) -> tuple[float, float]:
        """The position lazer uses: ``(x, y)`` truncated to ints below v128, as written above.

        Args:
            format_version: The version of the file the object came from.

        Returns:
            The ``(x, y)`` pair.
        """
        return _lazer_xy(self.x, self.y, format_version)


@attrs.frozen(kw_only=True, weakref_slot=False)
class HitCircle(_HitObjectMixin):
    """A hit circle (a fruit in catch, a note in taiko and mania).

    Attributes:
        x, y: Position as written (fractions kept; see :meth:`lazer_position`).
        time: Raw start time in ms (see :func:`legacy_time_offset`).
        new_combo: Type bit 2. combo_skip: Type bits 4-6, combo colours to skip.
    """

    kind: ClassVar[HitObjectKind] = HitObjectKind.Circle
    x: float
    y: float
    time: float
    new_combo: bool = False
    combo_skip: int = 0
    hitsound: HitSound = HitSound.none
    sample: HitSample = DEFAULT_SAMPLE


@attrs.frozen(kw_only=True, weakref_slot=False)
class Slider(_HitObjectMixin):
    """A slider (a juice stream in catch, a drum roll in taiko).

    Attributes:
        curve_type: The first curve letter (Catmull when the list starts with a point).
        curve_degree: The B-spline degree of a ``B<n>`` first letter (lazer), else ``None``.
        curve_points: The control points after the head; old files repeat the head here.
        slides: Repeat count + 1. length: Visual length in osu!px, ``None`` if not written.
        edge_sounds, edge_sets: One per edge (head, repeats, tail); empty when not written.
    """

    kind: ClassVar[HitObjectKind] = HitObjectKind.Slider
    x: float
    y: float
    time: float
    new_combo: bool = False
    combo_skip: int = 0
    hitsound: HitSound = HitSound.none
    curve_type: CurveType = CurveType.Bezier
    curve_degree: int | None = None
    curve_points: tuple[CurvePoint, ...] = ()
    slides: int = 1
    length: float | None = None
    edge_sounds: tuple[HitSound, ...] = ()
    edge_sets: tuple[EdgeSet, ...] = ()
    sample: HitSample = DEFAULT_SAMPLE


@attrs.frozen(kw_only=True, weakref_slot=False)
class Spinner(_HitObjectMixin):
    """A spinner (bananas in catch, a swell in taiko); ``end_time`` is raw, like ``time``."""

    kind: ClassVar[HitObjectKind] = HitObjectKind.Spinner
    x: float
    y: float
    time: float
    new_combo: bool = False
    combo_skip: int = 0
    hitsound: HitSound = HitSound.none
    end_time: float = 0
    sample: HitSample = DEFAULT_SAMPLE


@attrs.frozen(kw_only=True, weakref_slot=False)
class HoldNote(_HitObjectMixin):
    """An osu!mania hold note; the file writes ``end_time`` as the first ``:`` field of the
    sample (``x,y,time,128,hs,end:0:0:0:0:``). A missing end time reads as ``time``."""

    kind: ClassVar[HitObjectKind] = HitObjectKind.Hold
    x: float
    y: float
    time: float
    new_combo: bool = False
    combo_skip: int = 0
    hitsound: HitSound = HitSound.none
    end_time: float = 0
    sample: HitSample = DEFAULT_SAMPLE


#: Any hit object; dispatch on ``.kind`` or with ``isinstance``.
HitObject = Union[HitCircle, Slider, Spinner, HoldNote]  # noqa: UP007 (runtime alias on 3.10)


def _nan_equal(value: float) -> object:
    # The comparison key of float fields that may hold NaN: NaN == NaN for models, so a file
    # with a NaN beat length parses to a model equal to itself and to its round trip.
    # Only a float can be NaN: math.isnan converts an int to float, which raised OverflowError
    # (in ==, hash) for a time too large for a float.
    return "NaN" if isinstance(value, float) and math.isnan(value) else value


@attrs.frozen(kw_only=True, weakref_slot=False)
class TimingPoint:
    """A ``[TimingPoints]`` line: ``time,beatLength,meter,sampleSet,sampleIndex,volume,
    uninherited,effects``.

    Missing trailing fields take lazer's defaults (``handleTimingPoint``): meter 4, sample set
    0 (the beatmap's), index 0, volume 100, uninherited, no effects. A ``NaN`` beat length is
    kept (and compares equal to another NaN, unlike floats); lazer drops such an uninherited
    line and plays an inherited one at 1x.

    Attributes:
        meter: As written; lazer reads a meter field starting with ``0`` as 4.
    """

    time: float = attrs.field(eq=_nan_equal)
    beat_length: float = attrs.field(eq=_nan_equal)
    meter: int = 4
    sample_set: SampleSet = SampleSet.none
    sample_index: int = 0
    volume: int = 100
    uninherited: bool = True
    effects: Effects = Effects.none

    @property
    def bpm(self) -> float | None:
        """Beats per minute (``60000 / beat_length``) of an uninherited point, else ``None``."""
        if not self.uninherited or not self.beat_length > 0:
            return None
        return 60000.0 / self.beat_length

    @property
    def slider_velocity(self) -> float:
        """The slider velocity multiplier this point sets, as lazer computes it.

        Inherited points: ``100 / -beat_length`` clamped to 0.1-10 (a positive or NaN beat
        length gives 1.0); uninherited points reset the multiplier to 1.0.
        """
        if self.uninherited or not self.beat_length < 0:
            return 1.0
        return min(10.0, max(0.1, 100.0 / -self.beat_length))

    @property
    def kiai(self) -> bool:
        """Whether kiai time is on from this point."""
        return bool(self.effects & Effects.Kiai)

    @property
    def omit_first_barline(self) -> bool:
        """Bit 3, honoured on uninherited points only (lazer ``TestDecodeOmitBarLineEffect``)."""
        return self.uninherited and bool(self.effects & Effects.OmitFirstBarLine)


@attrs.frozen(kw_only=True, weakref_slot=False)
class SkippedLine:
    """A ``[HitObjects]`` line that lazer skips: a number in it is beyond lazer's limit for its
    field, so lazer's ``Parsing`` throws and its decoder logs the line and goes on.

    The limits (lazer ``ConvertHitObjectParser``): x, y, curve points and slider length
    within :data:`MAX_COORDINATE_VALUE`; the time, end time, type, hitsound and hit sample
    numbers within :data:`MAX_PARSE_VALUE`; at most 9000 slides. The parser keeps such lines
    here instead of among the hit objects, so object counts match the game's, and
    :func:`render_osu_file` writes them back where they stood.

    Attributes:
        index: How many hit objects precede the line (where it is written back).
        text: The line as read: comment removed, trailing blanks trimmed.
        line: Its 1-based line number in the parsed text. Not compared, like ``reason``: a
            rendered file places the same line elsewhere.
        reason: Which field is out of range, and the limit.
    """

    index: int
    text: str
    line: int = attrs.field(default=0, eq=False)
    reason: str = attrs.field(default="", eq=False)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Colour:
    """An ``r,g,b`` colour (0-255); ``alpha`` is the rare 4th component, which lazer ignores."""

    red: int
    green: int
    blue: int
    alpha: int | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class Background:
    """The ``0,start,"file",x,y`` event; ``filename`` is unquoted and otherwise as written
    (lazer also collapses ``\\\\`` to ``\\``)."""

    filename: str
    start_time: float = 0
    x_offset: float = 0
    y_offset: float = 0


@attrs.frozen(kw_only=True, weakref_slot=False)
class Video:
    """A ``Video,start,"file",x,y`` (or ``1,...``) event."""

    filename: str
    start_time: float = 0
    x_offset: float = 0
    y_offset: float = 0


@attrs.frozen(kw_only=True, weakref_slot=False)
class Break:
    """A ``2,start,end`` (or ``Break,...``) event; breaks need not be sorted in the file."""

    start_time: float
    end_time: float

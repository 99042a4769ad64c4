"""The section models of a ``.osu`` file and :class:`OsuFile`, the whole typed file.

Each ``key: value`` section is a frozen model with one typed field per documented key and an
``extra`` tuple for the keys it does not know (kept in file order, so nothing is lost and
:func:`render_osu_file` can write them back). The ``*_KEYS`` tables of ``_osu_format`` map
file keys to fields for the parser and the renderer. The lazer interpretations of timing
(control point lookup, slider velocity, kiai) are methods of :class:`OsuFile`. This module
does no parsing and no I/O.
"""

from __future__ import annotations

from bisect import bisect_right

import attrs

from osu_core._enums import GameMode
from osu_core._osu_format import LATEST_VERSION

from ._models import (
    Background,
    Break,
    Colour,
    Countdown,
    Extra,
    HitObject,
    SampleSet,
    SkippedLine,
    TimingPoint,
    Video,
    legacy_time_offset,
)
from ._writer import render_osu_file

__all__ = [
    "Colours",
    "Difficulty",
    "Editor",
    "Events",
    "General",
    "Metadata",
    "OsuFile",
    "UnknownSection",
]


@attrs.frozen(kw_only=True, weakref_slot=False)
class General:
    """``[General]``. Defaults are the wiki's (and lazer's) for a key the file leaves out.

    ``sample_set`` is written as a name (``Soft``); lazer also accepts its number.
    """

    audio_filename: str = ""
    audio_lead_in: int = 0
    preview_time: int = -1
    countdown: Countdown = Countdown.Normal
    sample_set: SampleSet = SampleSet.Normal
    stack_leniency: float = 0.7
    mode: GameMode = GameMode.Osu
    letterbox_in_breaks: bool = False
    story_fire_in_front: bool = True
    use_skin_sprites: bool = False
    always_show_playfield: bool = False
    overlay_position: str = "NoChange"
    skin_preference: str = ""
    epilepsy_warning: bool = False
    countdown_offset: int = 0
    special_style: bool = False
    widescreen_storyboard: bool = False
    samples_match_playback_rate: bool = False
    extra: Extra = ()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Editor:
    """``[Editor]``: settings that do not affect play; ``None`` when the key is absent."""

    bookmarks: tuple[int, ...] = ()
    distance_spacing: float | None = None
    beat_divisor: int | None = None
    grid_size: int | None = None
    timeline_zoom: float | None = None
    extra: Extra = ()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Metadata:
    """``[Metadata]``: texts are trimmed; ``//`` is data here, not a comment (lazer)."""

    title: str = ""
    title_unicode: str = ""
    artist: str = ""
    artist_unicode: str = ""
    creator: str = ""
    version: str = ""
    source: str = ""
    tags: str = ""
    beatmap_id: int | None = None
    beatmapset_id: int | None = None
    extra: Extra = ()

    @property
    def tag_list(self) -> tuple[str, ...]:
        """``tags`` split on spaces."""
        return tuple(self.tags.split())


@attrs.frozen(kw_only=True, weakref_slot=False)
class Difficulty:
    """``[Difficulty]`` as written (not clamped; see :meth:`clamped`).

    ``approach_rate`` is the file's ``ApproachRate``, or ``OverallDifficulty`` when the file has
    none (old maps), whatever the key order (lazer ``TestUndefinedApproachRate...``).
    """

    hp_drain_rate: float = 5
    circle_size: float = 5
    overall_difficulty: float = 5
    approach_rate: float = 5
    slider_multiplier: float = 1.4
    slider_tick_rate: float = 1
    extra: Extra = ()

    def clamped(self, mode: GameMode = GameMode.Osu) -> Difficulty:
        """The values lazer plays with (``applyDifficultyRestrictions``).

        Args:
            mode: The beatmap's mode; osu!mania's circle size (key count) allows 1-18.

        Returns:
            A copy with HP, OD and AR in 0-10, CS in 0-10 (mania 1-18), the slider multiplier
            in 0.4-3.6 and the tick rate in 0.5-8.
        """
        cs_low, cs_high = (1.0, 18.0) if mode == GameMode.Mania else (0.0, 10.0)
        return attrs.evolve(
            self,
            hp_drain_rate=_clamp(self.hp_drain_rate, 0, 10),
            circle_size=_clamp(self.circle_size, cs_low, cs_high),
            overall_difficulty=_clamp(self.overall_difficulty, 0, 10),
            approach_rate=_clamp(self.approach_rate, 0, 10),
            slider_multiplier=_clamp(self.slider_multiplier, 0.4, 3.6),
            slider_tick_rate=_clamp(self.slider_tick_rate, 0.5, 8),
        )


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


@attrs.frozen(kw_only=True, weakref_slot=False)
class Events:
    """``[Events]``: the first background, the videos and breaks in file order, and every other
    line (storyboard objects and commands, samples, further backgrounds, lines that are not
    well-formed events) verbatim in ``other``, which lazer would not reject either."""

    background: Background | None = None
    videos: tuple[Video, ...] = ()
    breaks: tuple[Break, ...] = ()
    other: tuple[str, ...] = ()


@attrs.frozen(kw_only=True, weakref_slot=False)
class Colours:
    """``[Colours]``: every ``Combo<n>`` colour in file order (lazer keeps the order and uses
    the first eight), the two slider colours, and other keys in ``extra``."""

    combo_colours: tuple[Colour, ...] = ()
    slider_track_override: Colour | None = None
    slider_border: Colour | None = None
    extra: Extra = ()


@attrs.frozen(kw_only=True, weakref_slot=False)
class UnknownSection:
    """A section this library does not know (lazer logs and skips them); lines as read."""

    name: str
    lines: tuple[str, ...] = ()


@attrs.frozen(kw_only=True, weakref_slot=False)
class OsuFile:
    """A whole ``.osu`` file, typed. Build one with :func:`parse_osu_file`; write it back with
    :meth:`render`.

    Attributes:
        format_version: The ``osu file format v<N>`` number; 14 (the latest stable version,
            lazer's fallback) when the header is missing or garbled.
        timing_points, hit_objects: In file order (lazer sorts both by time; see
            :meth:`sorted_hit_objects`). Times are raw: see :attr:`time_offset`.
        skipped_hit_objects: ``[HitObjects]`` lines lazer skips because a number in them is
            beyond its limit (:class:`SkippedLine`), in file order; they are not in
            ``hit_objects``, as they are not in the game.
        unknown_sections: Sections with other names, in order of first appearance.
    """

    format_version: int = LATEST_VERSION
    general: General = General()
    editor: Editor = Editor()
    metadata: Metadata = Metadata()
    difficulty: Difficulty = Difficulty()
    events: Events = Events()
    timing_points: tuple[TimingPoint, ...] = ()
    colours: Colours = Colours()
    hit_objects: tuple[HitObject, ...] = ()
    skipped_hit_objects: tuple[SkippedLine, ...] = ()
    unknown_sections: tuple[UnknownSection, ...] = ()

    def render(self) -> str:
        """The ``.osu`` text of this model; same as :func:`render_osu_file`."""
        return render_osu_file(self)

    @property
    def time_offset(self) -> int:
        """ms to add to raw times to get played times: 24 below v5, else 0
        (:func:`legacy_time_offset`)."""
        return legacy_time_offset(self.format_version)

    def lazer_position(self, hit_object: HitObject) -> tuple[float, float]:
        """The position lazer gives ``hit_object`` in this file (truncated below v128)."""
        return hit_object.lazer_position(self.format_version)

    def sorted_hit_objects(self) -> tuple[HitObject, ...]:
        """Hit objects stably sorted by start time, as lazer orders them."""
        return tuple(sorted(self.hit_objects, key=_start_time))

    def timing_point_at(self, time: float) -> TimingPoint | None:
        """The uninherited point in force at ``time`` (the first one before it; lazer
        ``TimingPointAt``). Points with a NaN beat length are skipped, as lazer drops them.

        Returns:
            The point, or ``None`` if the file has no usable uninherited point.
        """
        points = sorted(
            (p for p in self.timing_points if p.uninherited and p.beat_length == p.beat_length),
            key=_point_time,
        )
        if not points:
            return None
        index = bisect_right([p.time for p in points], time) - 1
        return points[max(index, 0)]

    def control_point_at(self, time: float) -> TimingPoint | None:
        """The last line in force at ``time``, whose sample set, volume and effects apply.

        Lines are ordered by time; at equal times uninherited lines come first, so an inherited
        line at the same time wins, as in lazer (``TestDecodeOverlappingTimingPoints``).

        Returns:
            The point, or ``None`` before the first point.
        """
        points = sorted(self.timing_points, key=_control_order)
        index = bisect_right([p.time for p in points], time) - 1
        return points[index] if index >= 0 else None

    def slider_velocity_at(self, time: float) -> float:
        """The slider velocity multiplier at ``time`` (1.0 before any inherited point and
        after each uninherited one; lazer ``DifficultyPointAt``)."""
        point = self.control_point_at(time)
        return 1.0 if point is None else point.slider_velocity

    def kiai_at(self, time: float) -> bool:
        """Whether kiai time is on at ``time``."""
        point = self.control_point_at(time)
        return point is not None and point.kiai

    def sample_set_at(self, time: float) -> SampleSet:
        """The sample set in force at ``time``: the line's, or ``[General] SampleSet`` when the
        line says 0 or precedes every line (lazer falls back to the first point)."""
        point = self.control_point_at(time)
        if point is None and self.timing_points:
            point = min(self.timing_points, key=_control_order)
        if point is None or point.sample_set == SampleSet.none:
            return self.general.sample_set
        return point.sample_set


def _start_time(hit_object: HitObject) -> float:
    return hit_object.time


def _point_time(point: TimingPoint) -> float:
    return point.time


def _control_order(point: TimingPoint) -> tuple[float, bool]:
    return (point.time, not point.uninherited)

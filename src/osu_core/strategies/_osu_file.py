"""Hypothesis strategies for the typed ``.osu`` model (:class:`osu_core.beatmap.OsuFile`).

Every model they generate is one :func:`osu_core.beatmap.render_osu_file` can write and
:func:`osu_core.beatmap.parse_osu_file` reads back equal: texts are trimmed and hold no line break,
``,`` where fields are comma-separated, nor ``//`` outside ``[Metadata]``; extra keys cannot
be mistaken for known ones; ``[Events]`` "other" lines are storyboard-like lines that are not
backgrounds, videos or breaks; numbers stay within lazer's limits (``MAX_COORDINATE_VALUE``
for hit object coordinates and slider lengths, ``MAX_PARSE_VALUE`` for the rest, at most
9000 slides), and ``skipped_hit_objects`` hold lines beyond them. Imported only by
``osu_core.strategies``.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

from osu_core._enums import GameMode
from osu_core.beatmap._file import (
    Colours,
    Difficulty,
    Editor,
    Events,
    General,
    Metadata,
    OsuFile,
    UnknownSection,
)
from osu_core.beatmap._models import MAX_COORDINATE_VALUE as _MAX_COORDINATE
from osu_core.beatmap._models import MAX_PARSE_VALUE as _MAX_PARSE
from osu_core.beatmap._models import (
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
    SkippedLine,
    Slider,
    Spinner,
    TimingPoint,
    Video,
)
from osu_core.beatmap._parser_loops import MAX_SLIDES

__all__ = ["osu_files", "osu_hit_objects", "osu_timing_points"]

_KNOWN_SECTIONS = {"General", "Editor", "Metadata", "Difficulty", "Events", "TimingPoints"}
_KNOWN_SECTIONS |= {"Colours", "HitObjects"}

_chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))


def _text(
    max_size: int = 24, *, forbid: str = ",", comments: bool = False
) -> st.SearchStrategy[str]:
    def ok(s: str) -> bool:
        return not any(c in s for c in forbid) and (comments or "//" not in s)

    return st.text(_chars, max_size=max_size).map(str.strip).filter(ok)


#: What lazer's Parsing.ParseInt accepts (it refuses -2**31 too); bookmarks take any C# int.
_ints = st.integers(-_MAX_PARSE, _MAX_PARSE)
_int32s = st.integers(-(2**31), 2**31 - 1)
_small = st.integers(0, 1000)
# Floats that the renderer writes exactly, and whole numbers as ints, within lazer's limit.
_floats = st.floats(-_MAX_PARSE, _MAX_PARSE, allow_nan=False)
_numbers = st.one_of(_ints, _floats)
_coordinates = st.one_of(
    st.integers(-_MAX_COORDINATE, _MAX_COORDINATE),
    st.floats(-_MAX_COORDINATE, _MAX_COORDINATE, allow_nan=False),
)
_keys = st.from_regex(r"\A[a-z][A-Za-z0-9 ]{0,12}[A-Za-z0-9]\Z")
_sample_sets = st.integers(0, 6).map(SampleSet)


def _extra(values: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    pairs = st.lists(st.tuples(_keys, values), max_size=3, unique_by=lambda p: p[0])
    return pairs.map(tuple)


def _general() -> st.SearchStrategy[General]:
    return st.builds(
        General,
        audio_filename=_text(),
        audio_lead_in=_ints,
        preview_time=_ints,
        countdown=st.integers(0, 5).map(Countdown),
        sample_set=_sample_sets,
        stack_leniency=_floats,
        mode=st.integers(0, 5).map(GameMode),
        letterbox_in_breaks=st.booleans(),
        story_fire_in_front=st.booleans(),
        use_skin_sprites=st.booleans(),
        always_show_playfield=st.booleans(),
        overlay_position=_text(),
        skin_preference=_text(),
        epilepsy_warning=st.booleans(),
        countdown_offset=_ints,
        special_style=st.booleans(),
        widescreen_storyboard=st.booleans(),
        samples_match_playback_rate=st.booleans(),
        extra=_extra(_text()),
    )


def _editor() -> st.SearchStrategy[Editor]:
    return st.builds(
        Editor,
        bookmarks=st.lists(_int32s, max_size=5).map(tuple),
        distance_spacing=st.none() | _floats,
        beat_divisor=st.none() | _ints,
        grid_size=st.none() | _ints,
        timeline_zoom=st.none() | _floats,
        extra=_extra(_text()),
    )


def _metadata() -> st.SearchStrategy[Metadata]:
    value = _text(comments=True, forbid="")
    return st.builds(
        Metadata,
        title=value,
        title_unicode=value,
        artist=value,
        artist_unicode=value,
        creator=value,
        version=value,
        source=value,
        tags=value,
        beatmap_id=st.none() | _ints,
        beatmapset_id=st.none() | _ints,
        extra=_extra(value),
    )


def _difficulty() -> st.SearchStrategy[Difficulty]:
    value = st.floats(-100, 100, allow_nan=False) | st.integers(-5, 15)
    return st.builds(
        Difficulty,
        hp_drain_rate=value,
        circle_size=value,
        overall_difficulty=value,
        approach_rate=value,
        slider_multiplier=value,
        slider_tick_rate=value,
        extra=_extra(_text()),
    )


_filenames = _text(forbid=',"')
_storyboard = st.builds(
    lambda head, fields: ",".join([head, *fields]),
    st.sampled_from(["Sprite", "Animation", "Sample", " F", "  M", "_S", " L"]),
    st.lists(_text(12).filter(bool), max_size=5),
)


def _events() -> st.SearchStrategy[Events]:
    return st.builds(
        Events,
        background=st.none()
        | st.builds(
            Background,
            filename=_filenames,
            start_time=_numbers,
            x_offset=_numbers,
            y_offset=_numbers,
        ),
        videos=st.lists(
            st.builds(
                Video,
                filename=_filenames,
                start_time=_numbers,
                x_offset=_numbers,
                y_offset=_numbers,
            ),
            max_size=2,
        ).map(tuple),
        breaks=st.lists(st.builds(Break, start_time=_numbers, end_time=_numbers), max_size=3).map(
            tuple
        ),
        other=st.lists(_storyboard, max_size=4).map(tuple),
    )


def osu_timing_points() -> st.SearchStrategy[TimingPoint]:
    """Timing points of every shape (inherited or not, any effects and sample set)."""
    return st.builds(
        TimingPoint,
        time=_numbers,
        beat_length=_floats,
        meter=_ints,
        sample_set=_sample_sets,
        sample_index=_ints,
        volume=_ints,
        uninherited=st.booleans(),
        effects=st.integers(0, 15).map(Effects),
    )


_colours = st.builds(
    Colour,
    red=st.integers(0, 255),
    green=st.integers(0, 255),
    blue=st.integers(0, 255),
    alpha=st.none() | st.integers(0, 255),
)
_sounds = st.integers(0, 15).map(HitSound)
_samples = st.builds(
    HitSample,
    normal_set=_sample_sets,
    addition_set=_sample_sets,
    index=_ints,
    volume=_ints,
    filename=_text(forbid=","),
)
_common: dict[str, st.SearchStrategy[Any]] = {
    "x": _coordinates,
    "y": _coordinates,
    "time": _numbers,
    "new_combo": st.booleans(),
    "combo_skip": st.integers(0, 7),
    "hitsound": _sounds,
    "sample": _samples,
}


@st.composite
def _curve_type(draw: st.DrawFn) -> tuple[CurveType, int | None]:
    curve = draw(st.sampled_from(CurveType))
    degree = draw(st.none() | st.integers(1, 9)) if curve is CurveType.Bezier else None
    return curve, degree


@st.composite
def _sliders(draw: st.DrawFn) -> Slider:
    curve, degree = draw(_curve_type())
    points = []
    for _ in range(draw(st.integers(0, 5))):
        segment: tuple[CurveType | None, int | None] = (None, None)
        if draw(st.booleans()):
            segment = draw(_curve_type())
        points.append(
            CurvePoint(
                x=draw(_coordinates),
                y=draw(_coordinates),
                segment_type=segment[0],
                degree=segment[1],
            )
        )
    edges = draw(st.integers(0, 4))
    return Slider(
        **{k: draw(v) for k, v in _common.items()},
        curve_type=curve,
        curve_degree=degree,
        curve_points=tuple(points),
        slides=draw(st.integers(-_MAX_PARSE, MAX_SLIDES)),
        length=draw(st.none() | st.floats(-_MAX_COORDINATE, _MAX_COORDINATE, allow_nan=False)),
        edge_sounds=tuple(draw(_sounds) for _ in range(edges)),
        edge_sets=tuple(
            EdgeSet(normal_set=draw(_sample_sets), addition_set=draw(_sample_sets))
            for _ in range(draw(st.sampled_from([0, edges])))
        ),
    )


def osu_hit_objects() -> st.SearchStrategy[HitObject]:
    """Circles, sliders (multi-type paths included), spinners and hold notes."""
    return st.one_of(
        st.builds(HitCircle, **_common),
        _sliders(),
        st.builds(Spinner, end_time=_numbers, **_common),
        st.builds(HoldNote, end_time=_numbers, **_common),
    )


_beyond_coordinate = st.integers(_MAX_COORDINATE + 1, 10**12).map(str) | st.sampled_from(
    ["1e300", "-131073", "131072.5", "9" * 400]
)
#: Hit object lines lazer skips: a coordinate, curve point, slider length, time or slide count
#: beyond its limit (the text as the parser keeps it: trimmed, no comment).
_skipped_text = st.one_of(
    st.builds("{},192,1000,1,0,0:0:0:0:".format, _beyond_coordinate),
    st.builds("256,-{},1000,1,0".format, st.integers(_MAX_COORDINATE + 1, 10**12)),
    st.builds("0,0,0,2,0,B|1:{}|3:4,1,70".format, _beyond_coordinate),
    st.builds("0,0,0,2,0,L|1:2,2,{},2|0,0:0|0:0,0:0:0:0:".format, _beyond_coordinate),
    st.builds("0,0,{},1,0".format, st.integers(_MAX_PARSE + 1, 10**30)),
    st.builds("0,0,0,2,0,P|1:2|3:4,{},70".format, st.integers(MAX_SLIDES + 1, _MAX_PARSE)),
)


@st.composite
def _with_skipped(draw: st.DrawFn, f: OsuFile) -> OsuFile:
    skipped = draw(
        st.lists(
            st.builds(SkippedLine, index=st.integers(0, len(f.hit_objects)), text=_skipped_text),
            max_size=2,
        )
    )
    # The parser lists them in file order, which render keeps by index.
    skipped.sort(key=lambda line: line.index)
    return attrs.evolve(f, skipped_hit_objects=tuple(skipped))


def osu_files() -> st.SearchStrategy[OsuFile]:
    """Whole :class:`OsuFile` models that survive ``parse(render(f)) == f``."""
    return _files().flatmap(_with_skipped)


def _files() -> st.SearchStrategy[OsuFile]:
    return st.builds(
        OsuFile,
        format_version=st.integers(1, 200),
        general=_general(),
        editor=_editor(),
        metadata=_metadata(),
        difficulty=_difficulty(),
        events=_events(),
        timing_points=st.lists(osu_timing_points(), max_size=6).map(tuple),
        colours=st.builds(
            Colours,
            combo_colours=st.lists(_colours, max_size=9).map(tuple),
            slider_track_override=st.none() | _colours,
            slider_border=st.none() | _colours,
            extra=_extra(_text()),
        ),
        hit_objects=st.lists(osu_hit_objects(), max_size=8).map(tuple),
        unknown_sections=st.lists(
            st.builds(
                UnknownSection,
                name=st.from_regex(r"\A[A-Za-z][A-Za-z0-9]{0,10}\Z").filter(
                    lambda n: n not in _KNOWN_SECTIONS
                ),
                lines=st.lists(_storyboard, max_size=3).map(tuple),
            ),
            max_size=2,
            unique_by=lambda s: s.name,
        ).map(tuple),
    )

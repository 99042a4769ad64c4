"""osu_core.beatmap: the ``.osu`` beatmap file, typed, read and written back.

:func:`parse_osu_file` reads a file's text or bytes into an :class:`OsuFile` (its sections,
timing points and hit objects as frozen attrs values); :func:`render_osu_file` (also
``OsuFile.render``) writes one back, so that ``parse_osu_file(render_osu_file(f)) == f``.
:class:`BeatmapFile`, what ``get_beatmap_file`` downloads, is here too (it lives in
``osu_core``, whose API it belongs to); its ``parse()`` gives the :class:`OsuFile`.

The modules, by role:

* ``_models``: the values inside a file (hit objects, timing points, events) and their enums;
* ``_file``: :class:`OsuFile` and its section models;
* ``_parser``: the parser, one pass over the text, and ``_parser_loops``, its hot loops for
  hit object and timing point lines;
* ``_writer``: the writer.

The format's fixed facts (header, versions, lazer's number limits, the key tables) are in
``osu_core._osu_format``, which ``BeatmapFile`` reads too. No I/O anywhere here.
"""

from osu_core._beatmap_file import BeatmapFile

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
    MAX_COORDINATE_VALUE,
    MAX_PARSE_VALUE,
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
    HitObjectKind,
    HitSample,
    HitSound,
    HoldNote,
    SampleSet,
    SkippedLine,
    Slider,
    Spinner,
    TimingPoint,
    Video,
    legacy_time_offset,
)
from ._parser import parse_osu_file
from ._writer import render_osu_file

__all__ = [
    "Background",
    "BeatmapFile",
    "Break",
    "Colour",
    "Colours",
    "Countdown",
    "CurvePoint",
    "CurveType",
    "Difficulty",
    "EdgeSet",
    "Editor",
    "Effects",
    "Events",
    "General",
    "HitCircle",
    "HitObject",
    "HitObjectKind",
    "HitSample",
    "HitSound",
    "HoldNote",
    "MAX_COORDINATE_VALUE",
    "MAX_PARSE_VALUE",
    "Metadata",
    "OsuFile",
    "SampleSet",
    "SkippedLine",
    "Slider",
    "Spinner",
    "TimingPoint",
    "UnknownSection",
    "Video",
    "legacy_time_offset",
    "parse_osu_file",
    "render_osu_file",
]

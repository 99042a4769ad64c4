"""The ``.osu`` format's fixed facts, in one leaf module that imports nothing from the package:
the header line, the version lazer assumes, and the limits of lazer's number parsing.

``_beatmap_file`` (loaded with ``osu_core``, for ``BeatmapFile.version``) and the parser, the
model and the writer all read them from here, so none of them imports another for a constant.
No I/O.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "DIFFICULTY_KEYS",
    "EDITOR_KEYS",
    "GENERAL_KEYS",
    "LATEST_VERSION",
    "MAGIC",
    "MAX_COORDINATE_VALUE",
    "MAX_PARSE_VALUE",
    "METADATA_KEYS",
    "ValueKind",
    "header_version",
]

#: The first line of every ``.osu`` file, before its version number.
MAGIC = "osu file format v"
#: The version lazer assumes for a missing or garbled header (``LegacyDecoder.LATEST_VERSION``),
#: also the latest stable writes, and the one :class:`~osu_core.OsuFile` defaults to.
LATEST_VERSION = 14
#: lazer ``Parsing.MAX_COORDINATE_VALUE`` (``osu.Game/Beatmaps/Formats/Parsing.cs``): the
#: largest magnitude ``ConvertHitObjectParser`` accepts for a hit object's x and y, its curve
#: points and its slider length. lazer throws for a value beyond it and skips the line.
MAX_COORDINATE_VALUE = 131072
#: lazer ``Parsing.MAX_PARSE_VALUE`` (``int.MaxValue``): the limit of every other number lazer
#: reads from a ``.osu`` file (times, beat lengths, counts, sample fields, settings).
MAX_PARSE_VALUE = 2**31 - 1


def header_version(line: str) -> int | None:
    """The format version a stripped first line declares, or ``None`` when the line is no
    header or its number is garbled.

    lazer: ``Parsing.ParseInt(line.Split('v').Last())``, so a C# int: ASCII digits (Python's
    ``int`` also reads Arabic-Indic digits and ``"1_4"``) within ``MAX_PARSE_VALUE``. lazer
    would fail on anything else; here it counts as a garbled header, so the file still reads.
    """
    if not line.startswith(MAGIC):
        return None
    number = line.rsplit("v", maxsplit=1)[-1]
    if not number.isascii() or "_" in number:
        return None
    try:
        version = int(number)
    except ValueError:
        return None
    return version if -MAX_PARSE_VALUE <= version <= MAX_PARSE_VALUE else None


#: How a value is typed: the parser and the renderer switch on these.
ValueKind = Literal["str", "int", "float", "bool", "countdown", "sampleset", "mode", "ints"]
#: The key-value sections: (file key, ``OsuFile`` field, kind), in the order stable writes.
GENERAL_KEYS: tuple[tuple[str, str, ValueKind], ...] = (
    ("AudioFilename", "audio_filename", "str"),
    ("AudioLeadIn", "audio_lead_in", "int"),
    ("PreviewTime", "preview_time", "int"),
    ("Countdown", "countdown", "countdown"),
    ("SampleSet", "sample_set", "sampleset"),
    ("StackLeniency", "stack_leniency", "float"),
    ("Mode", "mode", "mode"),
    ("LetterboxInBreaks", "letterbox_in_breaks", "bool"),
    ("StoryFireInFront", "story_fire_in_front", "bool"),
    ("UseSkinSprites", "use_skin_sprites", "bool"),
    ("AlwaysShowPlayfield", "always_show_playfield", "bool"),
    ("OverlayPosition", "overlay_position", "str"),
    ("SkinPreference", "skin_preference", "str"),
    ("EpilepsyWarning", "epilepsy_warning", "bool"),
    ("CountdownOffset", "countdown_offset", "int"),
    ("SpecialStyle", "special_style", "bool"),
    ("WidescreenStoryboard", "widescreen_storyboard", "bool"),
    ("SamplesMatchPlaybackRate", "samples_match_playback_rate", "bool"),
)
EDITOR_KEYS: tuple[tuple[str, str, ValueKind], ...] = (
    ("Bookmarks", "bookmarks", "ints"),
    ("DistanceSpacing", "distance_spacing", "float"),
    ("BeatDivisor", "beat_divisor", "int"),
    ("GridSize", "grid_size", "int"),
    ("TimelineZoom", "timeline_zoom", "float"),
)
METADATA_KEYS: tuple[tuple[str, str, ValueKind], ...] = (
    ("Title", "title", "str"),
    ("TitleUnicode", "title_unicode", "str"),
    ("Artist", "artist", "str"),
    ("ArtistUnicode", "artist_unicode", "str"),
    ("Creator", "creator", "str"),
    ("Version", "version", "str"),
    ("Source", "source", "str"),
    ("Tags", "tags", "str"),
    ("BeatmapID", "beatmap_id", "int"),
    ("BeatmapSetID", "beatmapset_id", "int"),
)
DIFFICULTY_KEYS: tuple[tuple[str, str, ValueKind], ...] = (
    ("HPDrainRate", "hp_drain_rate", "float"),
    ("CircleSize", "circle_size", "float"),
    ("OverallDifficulty", "overall_difficulty", "float"),
    ("ApproachRate", "approach_rate", "float"),
    ("SliderMultiplier", "slider_multiplier", "float"),
    ("SliderTickRate", "slider_tick_rate", "float"),
)

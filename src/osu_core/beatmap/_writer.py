"""The ``.osu`` writer: :class:`OsuFile` in, ``.osu`` text out.

It writes the layout osu!stable writes for v14 (sections in the usual order, ``Key: value`` in
General and Editor, ``Key:value`` in Metadata and Difficulty, ``Key : value`` in Colours) under
the model's own ``format_version``, so that ``parse_osu_file(render_osu_file(f)) == f`` for any
model the parser produces or the strategies generate. Numbers are written in the shortest
form that reads back to the same value (``256`` rather than ``256.0``, ``repr`` otherwise).
It does not reproduce the original text byte for byte: comments are gone, keys absent from
the file come out with their defaults, and ``[Events]`` is written background first, then
videos, breaks and the other lines in their order. The hit object lines lazer skips
(:attr:`OsuFile.skipped_hit_objects`) are written back verbatim where they stood, so the
output holds what the input held. No parsing and no I/O here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from osu_core._osu_format import (
    DIFFICULTY_KEYS,
    EDITOR_KEYS,
    GENERAL_KEYS,
    MAGIC,
    METADATA_KEYS,
    ValueKind,
)

from ._models import (
    DEFAULT_SAMPLE,
    Colour,
    CurveType,
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
)

if TYPE_CHECKING:
    from ._file import OsuFile  # for typing only: _file imports this module

__all__ = ["render_osu_file"]

_SET_NAMES = {0: "None", 1: "Normal", 2: "Soft", 3: "Drum"}


def render_osu_file(f: OsuFile, *, newline: str = "\n") -> str:
    """Write ``f`` as ``.osu`` text (also :meth:`OsuFile.render`).

    Args:
        f: The model to write.
        newline: The line end; osu!stable writes ``"\\r\\n"``.

    Returns:
        The file's text, ending with a line end, without a BOM.
    """
    out = [f"{MAGIC}{f.format_version}", ""]
    out += _section("General", f.general, GENERAL_KEYS, ": ")
    out += _section("Editor", f.editor, EDITOR_KEYS, ": ")
    out += _section("Metadata", f.metadata, METADATA_KEYS, ":")
    out += _section("Difficulty", f.difficulty, DIFFICULTY_KEYS, ":")
    out.append("[Events]")
    events = f.events
    if events.background is not None:
        bg = events.background
        out.append(f'0,{_n(bg.start_time)},"{bg.filename}",{_n(bg.x_offset)},{_n(bg.y_offset)}')
    for video in events.videos:
        out.append(
            f'Video,{_n(video.start_time)},"{video.filename}",'
            f"{_n(video.x_offset)},{_n(video.y_offset)}"
        )
    out += [f"2,{_n(b.start_time)},{_n(b.end_time)}" for b in events.breaks]
    out += events.other
    out += ["", "[TimingPoints]"]
    out += [_timing_point(p) for p in f.timing_points]
    out += ["", "[Colours]"]
    colours = f.colours
    out += [f"Combo{i} : {_colour(c)}" for i, c in enumerate(colours.combo_colours, 1)]
    if colours.slider_track_override is not None:
        out.append(f"SliderTrackOverride : {_colour(colours.slider_track_override)}")
    if colours.slider_border is not None:
        out.append(f"SliderBorder : {_colour(colours.slider_border)}")
    out += [f"{key} : {value}" for key, value in colours.extra]
    out += ["", "[HitObjects]"]
    out += _hit_objects(f)
    for section in f.unknown_sections:
        out += ["", f"[{section.name}]", *section.lines]
    out.append("")
    return newline.join(out)


def _n(value: float) -> str:
    """The shortest text that reads back as ``value``."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _value(value: object, kind: ValueKind) -> str | None:
    if value is None:
        return None
    if kind == "bool":
        return "1" if value else "0"
    if kind == "ints":
        assert isinstance(value, tuple)
        return ",".join(str(v) for v in value) if value else None
    if kind == "sampleset":
        assert isinstance(value, SampleSet)
        return _SET_NAMES.get(int(value), str(int(value)))
    if kind == "float":
        assert isinstance(value, (int, float))
        return _n(value)
    if kind in ("int", "countdown", "mode"):
        assert isinstance(value, int)
        return str(int(value))
    return str(value)


def _section(
    name: str, model: object, keys: tuple[tuple[str, str, ValueKind], ...], sep: str
) -> list[str]:
    lines = [f"[{name}]"]
    for key, field, kind in keys:
        text = _value(getattr(model, field), kind)
        if text is not None:
            lines.append(f"{key}{sep}{text}")
    extra: tuple[tuple[str, str], ...] = getattr(model, "extra")  # noqa: B009
    lines += [f"{key}{sep}{value}" for key, value in extra]
    lines.append("")
    return lines


def _colour(c: Colour) -> str:
    text = f"{c.red},{c.green},{c.blue}"
    return text if c.alpha is None else f"{text},{c.alpha}"


def _timing_point(p: TimingPoint) -> str:
    return (
        f"{_n(p.time)},{_n(p.beat_length)},{p.meter},{int(p.sample_set)},{p.sample_index},"
        f"{p.volume},{1 if p.uninherited else 0},{int(p.effects)}"
    )


def _sample(s: HitSample) -> str:
    if s is DEFAULT_SAMPLE:  # most objects share the default instance
        return "0:0:0:0:"
    return f"{int(s.normal_set)}:{int(s.addition_set)}:{s.index}:{s.volume}:{s.filename}"


def _letter(curve: CurveType, degree: int | None) -> str:
    return curve.value if degree is None else f"{curve.value}{degree}"


def _hit_objects(f: OsuFile) -> list[str]:
    if not f.skipped_hit_objects:
        return [_hit_object(o) for o in f.hit_objects]
    # Merge: a skipped line goes before the object at its index (a stable sort keeps the
    # file order of lines at the same index; an index past the end goes last).
    pending = sorted(f.skipped_hit_objects, key=_index)
    lines: list[str] = []
    taken = 0
    for index, o in enumerate(f.hit_objects):
        while taken < len(pending) and pending[taken].index <= index:
            lines.append(pending[taken].text)
            taken += 1
        lines.append(_hit_object(o))
    lines += [skipped.text for skipped in pending[taken:]]
    return lines


def _edge_sound(sound: HitSound) -> str:
    # lazer reads edge sounds with int.TryParse, so "-2147483648" (bit 31 alone) is valid; an
    # IntFlag holds that bit pattern as 2**31, which is written back as the C# int it was.
    value = int(sound)
    return str(value - 2**32 if 2**31 <= value < 2**32 else value)


def _index(skipped: SkippedLine) -> int:
    return skipped.index


def _hit_object(o: HitObject) -> str:
    combo = (4 if o.new_combo else 0) | ((o.combo_skip & 7) << 4)
    head = f"{_n(o.x)},{_n(o.y)},{_n(o.time)}"
    if isinstance(o, HitCircle):
        return f"{head},{1 | combo},{int(o.hitsound)},{_sample(o.sample)}"
    if isinstance(o, Spinner):
        return f"{head},{8 | combo},{int(o.hitsound)},{_n(o.end_time)},{_sample(o.sample)}"
    if isinstance(o, HoldNote):
        return f"{head},{128 | combo},{int(o.hitsound)},{_n(o.end_time)}:{_sample(o.sample)}"
    return _slider(o, head, 2 | combo)


def _slider(o: Slider, head: str, kind: int) -> str:
    tokens = [_letter(o.curve_type, o.curve_degree)]
    for point in o.curve_points:
        if point.segment_type is not None:
            tokens.append(_letter(point.segment_type, point.degree))
        tokens.append(f"{_n(point.x)}:{_n(point.y)}")
    text = f"{head},{kind},{int(o.hitsound)},{'|'.join(tokens)},{o.slides}"
    if o.length is None and not o.edge_sounds and not o.edge_sets and o.sample == DEFAULT_SAMPLE:
        return text  # the short v3 form
    length = "" if o.length is None else _n(o.length)
    sounds = "|".join(map(_edge_sound, o.edge_sounds))
    sets = "|".join(f"{int(e.normal_set)}:{int(e.addition_set)}" for e in o.edge_sets)
    return f"{text},{length},{sounds},{sets},{_sample(o.sample)}"

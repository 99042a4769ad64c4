"""What ``parse`` (and ``osu-file --json``) report about a ``.osu`` or ``.osr`` file.

Each summary is a plain JSON-ready dict (its shape is documented in ``docs/cli.md``) built from
the core's parsers, plus a rich rendering of it. Reading the file is the caller's job; nothing
here does I/O.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from osu_core import GameMode
from osu_core.beatmap import HitObjectKind, parse_osu_file
from osu_core.replay import OsrFile, parse_osr

from ._output import iso_utc
from ._tables import key_values, mode_label

__all__ = ["osr_summary", "osu_summary", "render_summary", "section_lines"]

#: The first bytes of every ``.osu`` file that has a header (after an optional BOM).
OSU_MAGIC = b"osu file format"


def section_lines(text: str) -> dict[str, int]:
    """Count the non-blank, non-comment lines of each ``[Section]``, in file order.

    Args:
        text: The ``.osu`` file's text.

    Returns:
        ``{"General": 12, "HitObjects": 1182, ...}``.
    """
    counts: dict[str, int] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            counts.setdefault(current, 0)
        elif current is not None and line and not line.startswith("//"):
            counts[current] += 1
    return counts


def osu_summary(data: bytes) -> dict[str, Any]:
    """Summarise a ``.osu`` file.

    Args:
        data: The file's bytes.

    Returns:
        ``kind``, ``format_version``, ``mode``, ``metadata`` (title, artist, creator, version,
        ids), ``difficulty`` (hp, cs, od, ar, slider multiplier), ``sections`` (lines per
        section), ``hit_objects`` (count per kind and ``total``), ``timing_points``
        (``uninherited`` and ``inherited``), ``bpm`` (``min`` and ``max``), ``breaks``,
        ``combo_colours`` and ``length_ms`` (first to last object start).

    Raises:
        ParseError: if the file cannot be parsed.
    """
    parsed = parse_osu_file(data)
    kinds = Counter(obj.kind for obj in parsed.hit_objects)
    bpms = [bpm for point in parsed.timing_points if (bpm := point.bpm) is not None]
    starts = [obj.time for obj in parsed.hit_objects]
    meta, diff = parsed.metadata, parsed.difficulty
    uninherited = sum(1 for point in parsed.timing_points if point.uninherited)
    return {
        "kind": "osu",
        "format_version": parsed.format_version,
        "mode": int(parsed.general.mode),
        "metadata": {
            "artist": meta.artist,
            "title": meta.title,
            "creator": meta.creator,
            "version": meta.version,
            "beatmap_id": meta.beatmap_id,
            "beatmapset_id": meta.beatmapset_id,
        },
        "difficulty": {
            "hp": diff.hp_drain_rate,
            "cs": diff.circle_size,
            "od": diff.overall_difficulty,
            "ar": diff.approach_rate,
            "slider_multiplier": diff.slider_multiplier,
        },
        "sections": section_lines(data.decode("utf-8", errors="replace")),
        "hit_objects": {
            **{kind.value: kinds.get(kind, 0) for kind in HitObjectKind},
            "total": len(parsed.hit_objects),
        },
        "timing_points": {
            "uninherited": uninherited,
            "inherited": len(parsed.timing_points) - uninherited,
        },
        "bpm": {"min": min(bpms), "max": max(bpms)} if bpms else None,
        "breaks": len(parsed.events.breaks),
        "combo_colours": len(parsed.colours.combo_colours),
        "length_ms": (max(starts) - min(starts)) if starts else 0,
    }


def osr_summary(data: bytes) -> dict[str, Any]:
    """Summarise a ``.osr`` file: its header and its frames.

    Args:
        data: The file's bytes.

    Returns:
        ``kind``, ``mode``, ``game_version``, ``player_name``, ``beatmap_md5``,
        ``replay_md5``, the counts, ``score``, ``maxcombo``, ``perfect``, ``mods`` (number)
        and ``mods_acronyms``, ``timestamp`` (ISO 8601 UTC), ``online_score_id``, and
        ``frames`` (``count``, ``duration_ms``, ``rng_seed``).

    Raises:
        ParseError: if the file or its frames cannot be parsed.
    """
    osr: OsrFile = parse_osr(data)
    frames = osr.frames()
    typed = frames.frames
    return {
        "kind": "osr",
        "mode": int(osr.mode),
        "game_version": osr.game_version,
        "player_name": osr.player_name,
        "beatmap_md5": osr.beatmap_md5,
        "replay_md5": osr.replay_md5,
        "count300": osr.count300,
        "count100": osr.count100,
        "count50": osr.count50,
        "countgeki": osr.countgeki,
        "countkatu": osr.countkatu,
        "countmiss": osr.countmiss,
        "score": osr.score,
        "maxcombo": osr.maxcombo,
        "perfect": osr.perfect,
        "mods": int(osr.mods),
        "mods_acronyms": str(osr.mods),
        "timestamp": iso_utc(osr.timestamp),
        "online_score_id": osr.online_score_id,
        "frames": {
            "count": len(typed),
            "duration_ms": typed[-1].time if typed else 0,
            "rng_seed": frames.rng_seed,
        },
    }


def _osu_view(summary: dict[str, Any]) -> RenderableType:
    meta, diff, objects = summary["metadata"], summary["difficulty"], summary["hit_objects"]
    bpm = summary["bpm"]
    bpm_text = (
        "-"
        if bpm is None
        else f"{bpm['min']:g}" + ("" if bpm["min"] == bpm["max"] else f"-{bpm['max']:g}")
    )
    points = summary["timing_points"]
    head = key_values(
        [
            ("Format", f"v{summary['format_version']}"),
            ("Mode", mode_label(GameMode(summary["mode"]))),
            ("Mapper", escape(meta["creator"] or "-")),
            (
                "Difficulty",
                f"HP {diff['hp']:g}  CS {diff['cs']:g}  OD {diff['od']:g}  AR {diff['ar']:g}",
            ),
            ("BPM", bpm_text),
            ("Length", f"{summary['length_ms'] / 1000:.1f} s (first to last object)"),
            ("Hit objects", ", ".join(f"{n:,} {k}" for k, n in objects.items())),
            (
                "Timing points",
                f"{points['uninherited']} uninherited, {points['inherited']} inherited",
            ),
            ("Breaks", str(summary["breaks"])),
            ("Combo colours", str(summary["combo_colours"])),
        ]
    )
    sections = Table(box=box.SIMPLE_HEAD, title="Sections", title_justify="left", pad_edge=False)
    sections.add_column("Section")
    sections.add_column("Lines", justify="right")
    for name, count in summary["sections"].items():
        sections.add_row(escape(f"[{name}]"), f"{count:,}")
    name = escape(f"{meta['artist']} - {meta['title']} [{meta['version']}]")
    title = f"[bold]{name}[/]"
    return Panel(Group(head, sections), title=title, title_align="left", expand=False)


def _osr_view(summary: dict[str, Any]) -> RenderableType:
    frames = summary["frames"]
    counts = (
        f"300 {summary['count300']:,}  100 {summary['count100']:,}  50 {summary['count50']:,}  "
        f"miss {summary['countmiss']:,}  geki {summary['countgeki']:,}  "
        f"katu {summary['countkatu']:,}"
    )
    rows = [
        ("Mode", mode_label(GameMode(summary["mode"]))),
        ("Player", escape(summary["player_name"] or "-")),
        ("Played", summary["timestamp"]),
        ("Game version", str(summary["game_version"])),
        ("Score", f"{summary['score']:,}"),
        ("Combo", f"{summary['maxcombo']:,}x" + (" (perfect)" if summary["perfect"] else "")),
        ("Hits", counts),
        ("Mods", f"{summary['mods_acronyms']} ({summary['mods']})"),
        ("Beatmap MD5", summary["beatmap_md5"] or "-"),
        ("Online score id", str(summary["online_score_id"])),
        ("Frames", f"{frames['count']:,} over {frames['duration_ms'] / 1000:.1f} s"),
    ]
    return Panel(key_values(rows), title="[bold]Replay (.osr)[/]", title_align="left", expand=False)


def render_summary(summary: dict[str, Any]) -> RenderableType:
    """The rich view of a summary from :func:`osu_summary` or :func:`osr_summary`."""
    return _osu_view(summary) if summary["kind"] == "osu" else _osr_view(summary)

"""What callers pass, checked and turned into one plain description of the calculation.

Everything here runs before rosu-pp-py is imported, so a bad argument or a bad file raises
this library's :class:`InvalidArgument` or :class:`ParseError` whether or not the ``pp`` extra
is installed. The rules, each with its reason:

* **The map** is read with :func:`parse_osu_file` first: rosu-pp-py reads anything (an empty
  or garbled file is an empty map to it), so our parser is what refuses a bad file. A file
  with no hit objects has nothing to rate and is refused too; a parsed :class:`OsuFile` is
  written back with :func:`render_osu_file` (it keeps no source text), which rates the same.
* **The mode**: ``mode=``, else the score row's (the mode of the request that fetched it),
  else the map's own. Only osu! maps convert; a taiko, catch or mania map is played in its own
  mode only, so a row's osu! (the API's default when the request named no mode) gives way to
  the map's mode, while an explicit other mode is refused.
* **The hit counts** each mode's calculator reads, in rosu-pp-py's names (the wire's
  ``count300``... are the rows' fields): osu! reads 300/100/50/miss; taiko 300/100/miss (its
  geki and katu count big-note bonuses, and its 50 is always 0); catch fruits (300), droplets
  (100), tiny droplets (50), missed tiny droplets (katu) and misses; mania 320 (geki), 300,
  200 (katu), 100, 50 and misses. The rest is not passed on.
* **A failed play** (rank ``"F"``; ``passed`` false for a multiplayer score) is rated on the
  objects it got through: the hit counts that count one per object in its mode (osu! and
  mania all of them; taiko 300/100/miss, which count circles only; catch fruits, droplets and
  misses, as tiny droplets are no objects of their own), which is rosu-pp-py's
  ``passed_objects`` (its ``take`` counts circles in taiko and fruits and droplets in catch).
* **The total score** goes along for osu! only, the one mode where rosu-pp-py 4 reads it (it
  estimates slider breaks from a stable score), and not for ScoreV2 plays, whose score is not
  the stable one.

No I/O.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import attrs

from osu_core._beatmap_file import BeatmapFile
from osu_core._enums import GameMode, shown
from osu_core._errors import InvalidArgument, ParseError
from osu_core._models import MultiplayerScore, Score, UserBest, UserRecent
from osu_core._mods import GameModifiers
from osu_core._params import ModeLike, ModsLike
from osu_core.beatmap import OsuFile, parse_osu_file, render_osu_file

__all__ = [
    "BeatmapLike",
    "MapSource",
    "PreparedBeatmap",
    "Play",
    "PlayLike",
    "beatmap_md5",
    "prepare_beatmap",
    "read_beatmap",
    "resolve_mode",
    "resolve_play",
]

#: Calculator beatmaps a prepared map keeps (one per mode it is rated in, and per key mods for
#: mania converts): past this the oldest goes, so memory stays bounded whatever is asked.
PREPARED_CONVERTS = 8
#: Difficulties (one per mode and mods) a prepared map keeps: plays on one map come with a
#: handful of mod combinations, and each difficulty is a few hundred bytes.
PREPARED_DIFFICULTIES = 32

#: A play as the API returns it: any of the score rows.
PlayLike = Score | UserBest | UserRecent | MultiplayerScore

#: rosu-pp-py's count names and the score rows' fields holding them.
COUNT_FIELDS = (
    ("n300", "count300"),
    ("n100", "count100"),
    ("n50", "count50"),
    ("misses", "countmiss"),
    ("n_geki", "countgeki"),
    ("n_katu", "countkatu"),
)

#: The counts each mode's calculator reads (rosu-pp-py's ``Performance`` docs).
READS: dict[GameMode, tuple[str, ...]] = {
    GameMode.Osu: ("n300", "n100", "n50", "misses"),
    GameMode.Taiko: ("n300", "n100", "misses"),
    GameMode.Catch: ("n300", "n100", "n50", "n_katu", "misses"),
    GameMode.Mania: ("n_geki", "n300", "n_katu", "n100", "n50", "misses"),
}

#: The counts that add up to the objects a play got through (see the module docstring).
PER_OBJECT: dict[GameMode, tuple[str, ...]] = {
    GameMode.Osu: ("n300", "n100", "n50", "misses"),
    GameMode.Taiko: ("n300", "n100", "misses"),
    GameMode.Catch: ("n300", "n100", "misses"),
    GameMode.Mania: ("n_geki", "n300", "n_katu", "n100", "n50", "misses"),
}

#: The best judgement of each mode: what misses become in the "if FC" figure.
BEST: dict[GameMode, str] = {
    GameMode.Osu: "n300",
    GameMode.Taiko: "n300",
    GameMode.Catch: "n300",
    GameMode.Mania: "n_geki",
}

#: rosu-pp-py reads counts as 32-bit unsigned ints; the API's columns are signed 32-bit.
MAX_COUNT = 2**31 - 1
#: Its total score is a 32-bit unsigned int as well.
MAX_SCORE = 2**32 - 1


@attrs.frozen
class MapSource:
    """A checked beatmap: what rosu-pp-py reads, and the file's own mode.

    ``rosu`` keeps the calculator's parsed beatmaps, by (mode, mods of a convert), for the
    life of this value: a :class:`PreparedBeatmap` rates many plays on one parse.
    """

    data: bytes | str
    mode: GameMode
    rosu: dict[tuple[int, int], Any] = attrs.field(factory=dict, eq=False, repr=False)
    #: The whole map's difficulty by (mode, mods), which every play with those mods shares.
    difficulties: dict[tuple[int, int], Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen
class PreparedBeatmap:
    """A beatmap checked and parsed once, to rate many plays on (:func:`prepare_beatmap`).

    Rating a play from bytes parses the file twice (this library checks it, then the
    calculator reads it); a prepared map does both once and keeps the calculator's beatmap
    (one per mode it is rated in), so each further play costs only its own calculation.
    Values are immutable to their users; the clients keep one per map they rate.

    Attributes:
        mode: The map's own mode (an osu! map also rates in the other modes, as a convert).
    """

    source: MapSource = attrs.field(repr=False)

    @property
    def mode(self) -> GameMode:
        return self.source.mode


def prepare_beatmap(beatmap: BeatmapLike) -> PreparedBeatmap:
    """Check a beatmap once, to rate many plays on it without reading it again.

    Args:
        beatmap: The ``.osu`` file: bytes, text, a ``BeatmapFile`` or a parsed ``OsuFile``
            (or a prepared map, given back as it is).

    Returns:
        The prepared map, which ``calculate_performance`` and ``calculate_difficulty`` take
        wherever they take a beatmap.

    Raises:
        ParseError: if the file is malformed, names no known mode or has no hit objects.
        InvalidArgument: for another type.
    """
    if isinstance(beatmap, PreparedBeatmap):
        return beatmap
    return PreparedBeatmap(read_beatmap(beatmap))


#: A beatmap as the calculations take it: the file's bytes or text, the ``BeatmapFile`` that
#: ``get_beatmap_file`` returns, an ``OsuFile`` from ``parse_osu_file``, or a prepared map.
BeatmapLike = bytes | str | BeatmapFile | OsuFile | PreparedBeatmap


@attrs.frozen(kw_only=True)
class Play:
    """One calculation, in rosu-pp-py's terms (``counts`` holds only what the mode reads)."""

    mode: GameMode
    mods: GameModifiers
    counts: tuple[tuple[str, int], ...] = ()
    combo: int | None = None
    accuracy: float | None = None
    total_score: int | None = None
    passed_objects: int | None = None

    def full_combo(self) -> Play:
        """The same play on the whole map with no miss, the best judgement left to rosu."""
        best = BEST[self.mode]
        kept = tuple((name, n) for name, n in self.counts if name not in (best, "misses"))
        counts = (*kept, ("misses", 0))
        return Play(mode=self.mode, mods=self.mods, counts=counts, accuracy=self.accuracy)

    def perfect(self) -> Play:
        """A perfect play of the whole map with the same mods."""
        return Play(mode=self.mode, mods=self.mods)


def _bad(parameter: str, message: str) -> InvalidArgument:
    return InvalidArgument(f"{parameter}: {message}", parameter=parameter)


def read_beatmap(beatmap: BeatmapLike) -> MapSource:
    """Check a beatmap with the library's parser and return what rosu-pp-py will read.

    Raises:
        ParseError: if the file is malformed, names no known mode or has no hit objects.
        InvalidArgument: if ``beatmap`` is of another type.
    """
    data: bytes | str
    if isinstance(beatmap, PreparedBeatmap):
        return beatmap.source
    if isinstance(beatmap, OsuFile):
        parsed = beatmap
        data = render_osu_file(beatmap)
    elif isinstance(beatmap, BeatmapFile):
        data = beatmap.content
        parsed = parse_osu_file(data)
    elif isinstance(beatmap, (bytes, str)):
        data = beatmap
        parsed = parse_osu_file(data)
    else:
        raise _bad(
            "beatmap",
            f"must be the .osu file's bytes or text, a BeatmapFile, an OsuFile or a "
            f"PreparedBeatmap, "
            f"not {type(beatmap).__name__}",
        )
    mode = parsed.general.mode
    if not mode.is_known:
        raise ParseError(f"Mode {int(mode)} is no game mode (0 to 3)", section="General")
    if not parsed.hit_objects:
        raise ParseError("the beatmap has no hit objects, so nothing to rate", section="HitObjects")
    return MapSource(data, mode)


def beatmap_md5(beatmap: bytes | str | BeatmapFile) -> str:
    """The MD5 of a ``.osu`` file, as the API's ``Beatmap.file_md5`` gives it.

    Compare it with ``file_md5`` to be sure a downloaded file is the version that was played
    (score rows carry no hash; the beatmap's row does). Text is hashed as UTF-8, which is how
    ``BeatmapFile`` decoded it (BOM and CRLF kept), so the hash is that of the download.

    Args:
        beatmap: The file's bytes or text, or a ``BeatmapFile``.

    Returns:
        32 lower-case hexadecimal digits.

    Raises:
        InvalidArgument: for another type (an ``OsuFile`` has no original bytes to hash).
    """
    if isinstance(beatmap, BeatmapFile):
        beatmap = beatmap.content
    if isinstance(beatmap, str):
        beatmap = beatmap.encode("utf-8", "surrogatepass")
    if not isinstance(beatmap, bytes):
        raise _bad(
            "beatmap",
            "must be the .osu file's bytes or text, or a BeatmapFile (a parsed OsuFile keeps "
            f"no original bytes to hash), not {type(beatmap).__name__}",
        )
    return hashlib.md5(beatmap, usedforsecurity=False).hexdigest()


def resolve_mode(source: MapSource, mode: ModeLike | None, row_mode: GameMode | None) -> GameMode:
    """The mode to rate in: ``mode``, else the row's, else the map's (see the module docstring).

    Raises:
        InvalidArgument: if the map cannot be played in that mode.
    """
    own = source.mode
    if mode is not None:
        wanted = GameMode.coerce(mode, parameter="mode")
    elif row_mode is not None and not (row_mode == GameMode.Osu and own != GameMode.Osu):
        wanted = row_mode
    else:
        return own
    if own not in (GameMode.Osu, wanted):
        raise _bad(
            "mode",
            f"only osu! maps convert: this {own.name} map is played in {own.name} only, "
            f"not in {wanted.name}",
        )
    return wanted


def _count(value: object, parameter: str, limit: int = MAX_COUNT) -> int:
    # A plain int, so an int subclass's own comparisons play no part.
    number = None if isinstance(value, bool) or not isinstance(value, int) else int.__int__(value)
    if number is None or not 0 <= number <= limit:
        raise _bad(parameter, f"must be an integer from 0 to {limit}, got {shown(value)}")
    return number


def _accuracy(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 0 <= value <= 100
    ):
        raise _bad("accuracy", f"must be a percentage from 0 to 100, got {shown(value)}")
    return float(value)


def resolve_play(
    source: MapSource,
    play: PlayLike | None,
    *,
    mode: ModeLike | None,
    mods: ModsLike | None,
    numbers: dict[str, int | None],
    combo: int | None,
    accuracy: float | None,
    total_score: int | None,
    passed: bool | None,
) -> Play:
    """Check the arguments of :func:`calculate_performance` and describe the calculation.

    Raises:
        InvalidArgument: naming the offending parameter.
    """
    given = {name: value for name, value in numbers.items() if value is not None}
    row_mode: GameMode | None = None
    failed = False
    if play is not None:
        others = {"combo": combo, "accuracy": accuracy, "total_score": total_score}
        mixed = [*given, *(name for name, value in others.items() if value is not None)]
        if mixed:
            raise _bad(mixed[0], "comes from the play: give a play or the numbers, not both")
        if isinstance(play, MultiplayerScore):
            failed = not play.passed
            play_mods = play.enabled_mods or GameModifiers.none
        elif isinstance(play, (Score, UserBest, UserRecent)):
            failed = play.rank == "F"
            play_mods = play.enabled_mods
            row_mode = play.mode
        else:
            raise _bad(
                "play",
                "must be a Score, UserBest, UserRecent or MultiplayerScore, "
                f"not {type(play).__name__}",
            )
        given = {
            name: _count(getattr(play, field), f"play.{field}") for name, field in COUNT_FIELDS
        }
        combo = _count(play.maxcombo, "play.maxcombo")
        total_score = _count(play.score, "play.score", MAX_SCORE)
    else:
        given = {name: _count(value, name) for name, value in given.items()}
        combo = None if combo is None else _count(combo, "combo")
        accuracy = None if accuracy is None else _accuracy(accuracy)
        total_score = None if total_score is None else _count(total_score, "total_score", MAX_SCORE)
        play_mods = GameModifiers.none
    if passed is not None:
        if not isinstance(passed, bool):
            raise _bad("passed", f"must be a bool, got {shown(passed)}")
        failed = not passed
    played = resolve_mode(source, mode, row_mode)
    chosen = play_mods if mods is None else GameModifiers.coerce(mods, parameter="mods")
    chosen = chosen.normalized()
    passed_objects = None
    if failed:
        if play is None and not any(name in given for name in PER_OBJECT[played]):
            raise _bad("passed", "a failed play is rated on the objects it hit: give its counts")
        passed_objects = sum(given.get(name, 0) for name in PER_OBJECT[played])
    if played != GameMode.Osu or GameModifiers.ScoreV2 in chosen:
        total_score = None
    return Play(
        mode=played,
        mods=chosen,
        counts=tuple((name, given[name]) for name in READS[played] if name in given),
        combo=combo,
        accuracy=accuracy,
        total_score=total_score,
        passed_objects=passed_objects,
    )

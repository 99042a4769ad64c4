"""The two calculations: a beatmap's difficulty, and a play's performance points.

Arguments are checked first (``_inputs``: this library's errors, with or without the ``pp``
extra), then rosu-pp-py computes (``_bridge``). Pure: no I/O, and the same arguments give the
same result.
"""

from __future__ import annotations

from osu_core._mods import GameModifiers
from osu_core._params import ModeLike, ModsLike

from ._bridge import rate_difficulty, rate_performance
from ._inputs import BeatmapLike, Play, PlayLike, read_beatmap, resolve_mode, resolve_play
from ._models import DifficultyResult, PerformanceResult

__all__ = ["calculate_difficulty", "calculate_performance"]


def calculate_difficulty(
    beatmap: BeatmapLike,
    *,
    mode: ModeLike | None = None,
    mods: ModsLike | None = None,
) -> DifficultyResult:
    """A beatmap's star rating and difficulty settings in a mode, with mods.

    Args:
        beatmap: The ``.osu`` file: bytes, text, a ``BeatmapFile`` or a parsed ``OsuFile``.
        mode: The mode to rate it in (a ``GameMode``, 0-3 or a name); defaults to the map's
            own. An osu! map converts to any mode; other maps only rate in their own.
        mods: ``GameModifiers``, the API's number or acronyms (``"HDDT"``); none by default.

    Returns:
        The difficulty, as plain numbers.

    Raises:
        ParseError: if the file is malformed, names no known mode or has no hit objects.
        InvalidArgument: for a bad mode or mods, or a mode the map cannot convert to.
        MissingExtraError: if rosu-pp-py (the ``pp`` extra) is not installed.
    """
    source = read_beatmap(beatmap)
    played = resolve_mode(source, mode, None)
    chosen = GameModifiers.none if mods is None else GameModifiers.coerce(mods, parameter="mods")
    return rate_difficulty(source, Play(mode=played, mods=chosen))


def calculate_performance(
    beatmap: BeatmapLike,
    play: PlayLike | None = None,
    *,
    mode: ModeLike | None = None,
    mods: ModsLike | None = None,
    n300: int | None = None,
    n100: int | None = None,
    n50: int | None = None,
    misses: int | None = None,
    n_geki: int | None = None,
    n_katu: int | None = None,
    combo: int | None = None,
    accuracy: float | None = None,
    total_score: int | None = None,
    passed: bool | None = None,
) -> PerformanceResult:
    """The performance points of a play on a beatmap, as osu! computes them.

    Give the play as a score row (``Score``, ``UserBest``, ``UserRecent``,
    ``MultiplayerScore``), or as numbers; with neither, the play is an SS. Counts left out of
    the numbers are filled in by rosu-pp-py (the best judgement, or to match ``accuracy``).

    Args:
        beatmap: The ``.osu`` file: bytes, text, a ``BeatmapFile`` or a parsed ``OsuFile``.
        play: A score row; its hit counts, combo, mods, total score and pass or fail are used.
        mode: The mode the play was in; defaults to the row's mode (the mode of the request
            that fetched it), else the map's own. Only osu! maps convert.
        mods: The play's mods; default the row's (a ``MultiplayerScore`` of a game without
            free mods carries none: pass ``game.mods | (score.enabled_mods or 0)``), else none.
            NC counts as DT, PF as SD.
        n300, n100, n50, misses, n_geki, n_katu: Hit counts, as the rows' ``count300``...
            (catch: fruits, droplets, tiny droplets, misses, missed tiny droplets as ``n_katu``;
            mania: ``n_geki`` is 320s, ``n_katu`` 200s). Each mode reads only its own.
        combo: The play's highest combo (default: a full combo).
        accuracy: A percentage, 0 to 100, for plays given without all their counts.
        total_score: The play's stable total score (osu! only; rosu-pp-py 4 estimates slider
            breaks from it).
        passed: False for a failed play, rated on the objects its counts got through (a
            row's rank ``"F"`` or ``passed`` says so by itself).

    Returns:
        The pp and its parts, the FC and SS figures, and the whole map's difficulty.

    Raises:
        ParseError: if the file is malformed, names no known mode or has no hit objects.
        InvalidArgument: for a bad argument (a negative count, an accuracy outside 0-100, an
            unknown mode...), for numbers given along with a play, or a mode the map cannot
            convert to; ``parameter`` names it.
        MissingExtraError: if rosu-pp-py (the ``pp`` extra) is not installed.
    """
    source = read_beatmap(beatmap)
    numbers = {
        "n300": n300,
        "n100": n100,
        "n50": n50,
        "misses": misses,
        "n_geki": n_geki,
        "n_katu": n_katu,
    }
    described = resolve_play(
        source,
        play,
        mode=mode,
        mods=mods,
        numbers=numbers,
        combo=combo,
        accuracy=accuracy,
        total_score=total_score,
        passed=passed,
    )
    return rate_performance(source, described, described.full_combo(), described.perfect())

"""The one module that calls rosu-pp-py: imported lazily, its errors mapped, its numbers copied.

rosu-pp-py (MaxOhn/rosu-pp-py, a binding to the Rust port of osu!'s difficulty and
performance code) is the optional ``pp`` extra, imported on the first calculation, never when
this package is imported. Everything it is handed was checked by ``_inputs`` first.

Its versions differ here, and only here:

* 3.x (3.1.0 is the newest for Python 3.10) implements osu!'s pp and star rating update of
  March 2025, 4.x (Python 3.11+) a later one, so their numbers differ; the calls are the same.
* 4.x reads a stable play's total score (``legacy_total_score``) in osu!, to estimate slider
  breaks as osu! now does; 3.x has no such argument (``ArgsError``), so it is passed only when
  ``Performance`` has ``set_legacy_total_score``.
* 4.x's difficulty attributes give catch a ``preempt`` instead of an ``ar``: the map's AR, OD,
  CS and HP are taken from ``BeatmapAttributesBuilder`` instead, the same in both.
* ``Beatmap.is_suspicious`` (3.1 and later) refuses maps made to overload the calculator; 3.0
  has none, so with 3.0 such a map is rated (and may take unbounded time and memory).

Every calculation passes ``lazer=False``: the API's plays are osu!stable plays (stable scores
slider ends and ticks differently from lazer). Mods go as the API's bits. rosu-pp-py reads
the ones that change difficulty or pp (NF, EZ, HD, HR, DT, HT, FL, SO, TD, Relax, Autopilot,
and the key mods when converting to mania) and ignores the rest (SD, PF, ScoreV2, Mirror,
FadeIn, Random, Cinema, Autoplay, Target, Coop), which change nothing it rates. It needs DT
set for NC's speed (it rates NC alone, 512, at normal speed), so ``_inputs`` normalises NC to
NC|DT (and PF to PF|SD, as the game sends them).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from osu_core._enums import GameMode
from osu_core._errors import InvalidArgument, MissingExtraError, ParseError

from ._inputs import PREPARED_CONVERTS, PREPARED_DIFFICULTIES, MapSource, Play
from ._models import DifficultyResult, PerformanceResult

if TYPE_CHECKING:
    import rosu_pp_py as rosu

__all__ = ["INSTALL_HINT", "load_rosu", "rate_difficulty", "rate_performance"]

#: What to run to get the calculator (the distribution's ``pp`` extra).
INSTALL_HINT = "pip install 'osu-api-v1[pp]'"


def load_rosu() -> None:
    """Import rosu-pp-py, or raise :class:`MissingExtraError` saying how to install it."""
    try:
        importlib.import_module("rosu_pp_py")
    except ImportError as exc:
        raise MissingExtraError(
            f"performance points need rosu-pp-py, the optional 'pp' extra: {INSTALL_HINT} ({exc})",
            extra="pp",
            name="rosu_pp_py",
        ) from None


@contextmanager
def _mapped() -> Iterator[None]:
    # rosu-pp-py's own errors, as this library's (never seen in practice: _inputs checks first).
    import rosu_pp_py as rosu

    try:
        yield
    except rosu.ParseError as exc:
        raise ParseError(f"rosu-pp-py could not read the beatmap: {exc}") from exc
    except rosu.ConvertError as exc:
        raise InvalidArgument(f"mode: {exc}", parameter="mode") from exc
    except rosu.ArgsError as exc:
        raise InvalidArgument(f"rosu-pp-py refused the arguments: {exc}") from exc


def _beatmap(source: MapSource, play: Play) -> rosu.Beatmap:
    import rosu_pp_py as rosu

    # A convert depends on the mode, and in mania on the key mods; the map's own mode on nothing.
    key = (int(play.mode), int(play.mods) if play.mode != source.mode else 0)
    kept: rosu.Beatmap | None = source.rosu.get(key)
    if kept is not None:
        return kept
    beatmap = (
        rosu.Beatmap(bytes=source.data)
        if isinstance(source.data, bytes)
        else rosu.Beatmap(content=source.data)
    )
    # rosu-pp-py's README: "Whereas osu! simply times out on malicious maps, rosu-pp does
    # not", and it advises this check: generated files (tests/property) took it past 20 GB of
    # memory without it. 3.0 has no such check (3.1 added it).
    check = getattr(beatmap, "is_suspicious", None)
    if check is not None and check():
        raise ParseError(
            "rosu-pp-py will not rate this beatmap: its hit objects look made to overload a "
            "calculator (Beatmap.is_suspicious)",
            section="HitObjects",
        )
    if play.mode != source.mode:
        modes = (rosu.GameMode.Osu, rosu.GameMode.Taiko, rosu.GameMode.Catch, rosu.GameMode.Mania)
        beatmap.convert(modes[play.mode], int(play.mods))
    if len(source.rosu) >= PREPARED_CONVERTS:
        del source.rosu[next(iter(source.rosu))]
    source.rosu[key] = beatmap
    return beatmap


def _settings(play: Play) -> dict[str, Any]:
    import rosu_pp_py as rosu

    settings: dict[str, Any] = {"mods": int(play.mods), "lazer": False, **dict(play.counts)}
    if play.combo is not None:
        settings["combo"] = play.combo
    if play.accuracy is not None:
        settings["accuracy"] = play.accuracy
    if play.passed_objects is not None:
        settings["passed_objects"] = play.passed_objects
    if play.total_score is not None and hasattr(rosu.Performance, "set_legacy_total_score"):
        settings["legacy_total_score"] = play.total_score
    return settings


def _optional(value: float | None) -> float | None:
    return None if value is None else float(value)


def _difficulty(
    beatmap: rosu.Beatmap, play: Play
) -> tuple[DifficultyResult, rosu.DifficultyAttributes]:
    import rosu_pp_py as rosu

    mods = int(play.mods)
    found = rosu.Difficulty(mods=mods, lazer=False).calculate(beatmap)
    settings = rosu.BeatmapAttributesBuilder(map=beatmap, mods=mods).build()
    mode = play.mode
    result = DifficultyResult(
        mode=mode,
        mods=play.mods,
        is_convert=bool(found.is_convert),
        stars=float(found.stars),
        max_combo=int(found.max_combo),
        ar=float(settings.ar) if mode in (GameMode.Osu, GameMode.Catch) else None,
        od=float(settings.od) if mode != GameMode.Catch else None,
        cs=float(settings.cs) if mode != GameMode.Taiko else None,
        hp=float(settings.hp),
        clock_rate=float(settings.clock_rate),
        aim=_optional(found.aim),
        speed=_optional(found.speed),
        flashlight=_optional(found.flashlight),
        stamina=_optional(found.stamina),
        rhythm=_optional(found.rhythm),
        color=_optional(found.color),
    )
    return result, found


def _kept_difficulty(
    source: MapSource, beatmap: rosu.Beatmap, play: Play
) -> tuple[DifficultyResult, rosu.DifficultyAttributes]:
    # The whole map's difficulty depends on the mode and the mods only: a prepared map rates
    # it once for all the plays that share them (rosu-pp-py's docs advise reusing attributes).
    key = (int(play.mode), int(play.mods))
    kept: tuple[DifficultyResult, rosu.DifficultyAttributes] | None = source.difficulties.get(key)
    if kept is None:
        kept = _difficulty(beatmap, play)
        if len(source.difficulties) >= PREPARED_DIFFICULTIES:
            del source.difficulties[next(iter(source.difficulties))]
        source.difficulties[key] = kept
    return kept


def rate_difficulty(source: MapSource, play: Play) -> DifficultyResult:
    """The whole map's difficulty for ``play``'s mode and mods."""
    load_rosu()
    with _mapped():
        return _kept_difficulty(source, _beatmap(source, play), play)[0]


def rate_performance(source: MapSource, play: Play, fc: Play, ss: Play) -> PerformanceResult:
    """The pp of ``play``, with the whole map's difficulty and the pp of ``fc`` and ``ss``."""
    load_rosu()
    import rosu_pp_py as rosu

    with _mapped():
        beatmap = _beatmap(source, play)
        whole, attributes = _kept_difficulty(source, beatmap, play)
        # A failed play is rated on the part played, so on a difficulty of its own.
        basis = beatmap if play.passed_objects is not None else attributes
        done = rosu.Performance(**_settings(play)).calculate(basis)
        if_fc = rosu.Performance(**_settings(fc)).calculate(attributes)
        if_ss = rosu.Performance(**_settings(ss)).calculate(attributes)
    return PerformanceResult(
        pp=float(done.pp),
        pp_aim=_optional(done.pp_aim),
        pp_speed=_optional(done.pp_speed),
        pp_accuracy=_optional(done.pp_accuracy),
        pp_flashlight=_optional(done.pp_flashlight),
        pp_difficulty=_optional(done.pp_difficulty),
        pp_if_fc=float(if_fc.pp),
        pp_if_ss=float(if_ss.pp),
        stars=whole.stars,
        max_combo=whole.max_combo,
        mode=play.mode,
        mods=play.mods,
        passed_objects=play.passed_objects,
        difficulty=whole,
    )

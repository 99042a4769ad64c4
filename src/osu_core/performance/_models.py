"""The results of a calculation: frozen values holding plain numbers, never rosu-pp-py objects.

Every figure is what rosu-pp-py computed, copied out as a ``float`` or ``int`` (or ``None``
where the mode's calculator has no such part), so a result compares, hashes and pickles like
any other model and outlives the calculator. No calculation and no I/O here.
"""

from __future__ import annotations

import attrs

from osu_core._enums import GameMode
from osu_core._mods import GameModifiers

__all__ = ["DifficultyResult", "PerformanceResult"]


@attrs.frozen(kw_only=True)
class DifficultyResult:
    """A beatmap's difficulty in one mode with some mods (:func:`calculate_difficulty`).

    Attributes:
        mode: The mode the map was rated in (a convert's target mode for a converted map).
        mods: The mods, normalised (NC carries DT, PF carries SD).
        is_convert: Whether an osu! map was converted to another mode.
        stars: The star rating.
        max_combo: The highest combo the map allows in this mode.
        ar: Approach rate after mods and clock rate (osu! and catch; None in taiko and mania,
            whose notes do not approach).
        od: Overall difficulty after mods and clock rate (osu!, taiko and mania; None in
            catch, which has no hit windows).
        cs: Circle size after mods (osu! and catch), the key count in mania (None in taiko).
        hp: HP drain rate after mods.
        clock_rate: The speed the mods play the map at (1.5 for DT and NC, 0.75 for HT).
        aim, speed, flashlight: The osu! skills' difficulties (None in other modes).
        stamina, rhythm, color: The taiko skills' difficulties (None in other modes).
    """

    mode: GameMode
    mods: GameModifiers
    is_convert: bool
    stars: float
    max_combo: int
    ar: float | None
    od: float | None
    cs: float | None
    hp: float
    clock_rate: float
    aim: float | None = None
    speed: float | None = None
    flashlight: float | None = None
    stamina: float | None = None
    rhythm: float | None = None
    color: float | None = None


@attrs.frozen(kw_only=True)
class PerformanceResult:
    """The performance points of a play (:func:`calculate_performance`).

    For a failed play the pp and its parts are those of the part of the map played (the
    first ``passed_objects`` objects), as osu! shows them; everything else is about the whole
    map.

    Attributes:
        pp: The play's performance points.
        pp_aim, pp_speed, pp_flashlight: The osu! parts of ``pp`` (None in other modes).
        pp_accuracy: The accuracy part (osu! and taiko; None in catch and mania).
        pp_difficulty: The strain part (taiko and mania; None in osu! and catch).
        pp_if_fc: The pp of the same play on the whole map with no miss and full combo: its
            misses (and, for a failed play, the rest of the map) become the best judgement
            (300s; 320s in mania), the other hit counts stay.
        pp_if_ss: The pp of a perfect play on the whole map with these mods.
        stars: The whole map's star rating with these mods (``difficulty.stars``).
        max_combo: The whole map's highest combo (``difficulty.max_combo``).
        mode: The mode the play was in.
        mods: The play's mods, normalised.
        passed_objects: For a failed play, how many objects it got through (the sum of its
            hit counts that osu! counts per object in that mode); None for a completed play.
        difficulty: The whole map's difficulty in that mode with these mods.
    """

    pp: float
    pp_aim: float | None
    pp_speed: float | None
    pp_accuracy: float | None
    pp_flashlight: float | None
    pp_difficulty: float | None
    pp_if_fc: float
    pp_if_ss: float
    stars: float
    max_combo: int
    mode: GameMode
    mods: GameModifiers
    passed_objects: int | None
    difficulty: DifficultyResult

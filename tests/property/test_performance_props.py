"""osu_core.performance under arbitrary arguments and generated beatmaps.

Whatever a caller passes, the answer is a result of plain finite numbers or one of this
library's errors: never rosu-pp-py's exceptions, a TypeError, a NaN or an infinite pp. Without
the ``pp`` extra (the ``core`` tox env) every valid call ends in ``MissingExtraError``, so
these run there too and check the argument checks alone.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osu_core import InvalidArgument, MissingExtraError, OsuError, ParseError
from osu_core.beatmap import OsuFile
from osu_core.performance import PerformanceResult, calculate_difficulty, calculate_performance
from osu_core.strategies import osu_files

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
STD = (CORPUS / "osu" / "lazer__Osu__Beatmaps__diffcalc-test.osu").read_bytes()
MANIA = (CORPUS / "osu" / "lazer__Mania__Beatmaps__diffcalc-test.osu").read_bytes()

#: What callers might put in a count: mostly fine numbers, and everything else.
values = st.one_of(
    st.none(),
    st.integers(0, 3000),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=4),
)
arguments = st.fixed_dictionaries(
    {},
    optional={
        "n300": values,
        "n100": values,
        "n50": values,
        "misses": values,
        "n_geki": values,
        "n_katu": values,
        "combo": values,
        "accuracy": st.one_of(st.floats(-10, 110), values),
        "total_score": values,
        "mode": st.one_of(st.integers(-1, 5), st.sampled_from(["taiko", "ctb", "x"]), values),
        "mods": st.one_of(st.integers(-1, 2**31), st.sampled_from(["HDDT", "NC", "ZZ"]), values),
        "passed": st.one_of(st.booleans(), values),
    },
)


def finite(result: Any) -> None:
    numbers = [result.pp, result.pp_if_fc, result.pp_if_ss, result.stars]
    numbers += [getattr(result, f) for f in ("pp_aim", "pp_speed", "pp_accuracy")]
    for number in numbers:
        assert number is None or (isinstance(number, float) and math.isfinite(number))
        assert number is None or number >= 0


@settings(max_examples=150)
@given(arguments, st.sampled_from([STD, MANIA]))
def test_any_arguments_give_a_result_or_our_error(kwargs, beatmap):
    outcome: object
    try:
        outcome = calculate_performance(beatmap, **kwargs)
    except (InvalidArgument, MissingExtraError) as error:
        outcome = error
    if isinstance(outcome, InvalidArgument):
        assert outcome.parameter in kwargs
    elif not isinstance(outcome, MissingExtraError):
        assert isinstance(outcome, PerformanceResult)
        finite(outcome)


@settings(
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(osu_files(), st.integers(0, 3), st.sampled_from([0, 8, 16, 64, 576, 1 << 17]))
def test_any_generated_beatmap_rates_or_raises_ours(beatmap: OsuFile, mode, mods):
    try:
        difficulty = calculate_difficulty(beatmap, mode=mode, mods=mods)
        result = calculate_performance(beatmap, mode=mode, mods=mods, accuracy=95.0)
    except (ParseError, InvalidArgument, MissingExtraError):
        return
    except OsuError as error:  # pragma: no cover - a failure, reported with its type
        raise AssertionError(f"unexpected {type(error).__name__}: {error}") from error
    assert math.isfinite(difficulty.stars)
    assert difficulty.stars >= 0
    finite(result)

"""``.osu`` parsing speed against its floor, side by side, in one run.

The floor is the least any parser must do: ``str.splitlines`` plus ``split(",")`` on every
line. ``parse`` is ``parse_osu_file``: the full typed model, every hit object, curve point and
timing point built eagerly as frozen attrs values. The target in issue 3 is parse <= 2.5x floor.

``alloc/floor`` is the floor plus one bare slotted object per object the model holds (no
conversions), a lower bound for any eager pure-Python parse of this model.
``columns/floor`` is what a column store would cost at least (issue 14 asked whether one pays):
every hit object line still validated (each field read: type, hitsound, time, sample, every
curve point's coordinates, the slider tail's numbers), the time, x, y and type kept in four
lists, and no object built. Objects would then be built on access, on top of this.
Floor and parse batches alternate; "ratio" is parse over floor within each round, so its
min and median are robust to other load on a shared machine (compare ratios, not times).

Maps: the four largest corpus ``.osu`` files and a generated 2,000-object osu! map (circles,
multi-point sliders with edge sounds, spinners; stable's v14 layout, CRLF).
Run: ``.venv/bin/python bench/bench_osu_file.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from osu_core.beatmap import (
    CurvePoint,
    CurveType,
    EdgeSet,
    HitCircle,
    HitObject,
    HitSample,
    HitSound,
    OsuFile,
    SampleSet,
    Slider,
    Spinner,
    TimingPoint,
    parse_osu_file,
    render_osu_file,
)

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "osu"


def generated_map(objects: int, seed: int) -> str:
    """A v14 map shaped like a stable ranked map: 60% circles, 38% sliders, a few spinners."""
    rng = random.Random(seed)
    hit_objects: list[HitObject] = []
    time_ms = 1000
    for i in range(objects):
        x, y = rng.randint(0, 512), rng.randint(0, 384)
        common = {"x": x, "y": y, "time": time_ms, "new_combo": i % 8 == 0}
        sample = HitSample(normal_set=SampleSet(rng.choice((0, 0, 0, 2, 3))))
        roll = rng.random()
        if roll < 0.6:
            sound = HitSound(rng.choice((0, 0, 0, 2, 8)))
            hit_objects.append(HitCircle(hitsound=sound, sample=sample, **common))
        elif roll < 0.98:
            points = tuple(
                CurvePoint(x=rng.randint(0, 512), y=rng.randint(0, 384))
                for _ in range(rng.choice((1, 1, 2, 3, 4)))
            )
            slides = rng.choice((1, 1, 1, 2))
            hit_objects.append(
                Slider(
                    curve_type=CurveType.Bezier if len(points) > 2 else CurveType.Linear,
                    curve_points=points,
                    slides=slides,
                    length=round(rng.uniform(30, 300), 10),
                    edge_sounds=tuple(HitSound(rng.choice((0, 2, 8))) for _ in range(slides + 1)),
                    edge_sets=(EdgeSet(),) * (slides + 1),
                    sample=sample,
                    **common,
                )
            )
        else:
            hit_objects.append(Spinner(end_time=time_ms + 2000, **common))
            time_ms += 2000
        time_ms += rng.choice((150, 150, 300, 450))
    timing = [TimingPoint(time=1000, beat_length=300.0, sample_set=SampleSet.Soft, volume=70)]
    timing += [
        TimingPoint(time=t, beat_length=-rng.choice((100, 80, 66.6666666666667)),
                    sample_set=SampleSet.Soft, volume=60, uninherited=False)
        for t in range(5000, time_ms, 4000)
    ]  # fmt: skip
    model = OsuFile(timing_points=tuple(timing), hit_objects=tuple(hit_objects))
    return render_osu_file(model, newline="\r\n")


def floor(text: str) -> None:
    for line in text.splitlines():
        line.split(",")


class _Bare7:
    __slots__ = ("a", "b", "c", "d", "e", "f", "g")


class _Bare4:
    __slots__ = ("a", "b", "c", "d")


def alloc_floor(text: str) -> None:
    """The floor plus the objects the model needs, with no conversion and no checks: a bare
    7-slot object per line of 5+ fields (hit objects, timing points) and a 4-slot one per
    slider control point. Any eager pure-Python parse of this model costs at least this."""
    new = object.__new__
    for line in text.splitlines():
        parts = line.split(",")
        if len(parts) > 4:
            o = new(_Bare7)
            o.a, o.b, o.c, o.d, o.e, o.f, o.g = parts[0], parts[1], parts[2], parts[3], 0, 0, 0
            if len(parts) > 6 and "|" in parts[5]:
                points = []
                for token in parts[5].split("|")[1:]:
                    x, _, y = token.partition(":")
                    p = new(_Bare4)
                    p.a, p.b, p.c, p.d = x, y, None, None
                    points.append(p)
                o.g = tuple(points)


def columns_floor(text: str) -> tuple[list[int], list[float], list[float], list[int]]:
    """The hit objects as four columns, every field read but no object built (a sketch of the
    least a validating column store does: it reads numbers with plain ``int``/``float``,
    where the parser's fast path uses tables, and leaves the error reporting out)."""
    times: list[int] = []
    xs: list[float] = []
    ys: list[float] = []
    kinds: list[int] = []
    body = text.partition("[HitObjects]")[2]
    for line in body.splitlines():
        parts = line.split(",", 6)
        if len(parts) < 5:
            continue
        kind = int(parts[3])
        int(parts[4])
        if kind & 2 and len(parts) > 6:
            for token in parts[5].split("|")[1:]:
                px, _, py = token.partition(":")
                float(px), float(py)
            tail = parts[6].split(",")
            int(tail[0]), float(tail[1])
            if len(tail) > 4:
                tail[4].split(":")
        elif len(parts) > 5:
            parts[-1].split(":")
        xs.append(float(parts[0]))
        ys.append(float(parts[1]))
        times.append(int(parts[2]))
        kinds.append(kind)
    return times, xs, ys, kinds


def calibrate(fn: Callable[[], object]) -> int:
    """How many calls make a batch of about 20 ms."""
    fn()
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    return max(1, int(0.02 / max(once, 1e-9)))


def batch(fn: Callable[[], object], number: int) -> float:
    """Seconds per call over one batch of ``number`` calls."""
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--repeat", type=int, default=15)
    args = options.parse_args()
    maps = [(p.name.removeprefix("lazer__"), p.read_text(encoding="utf-8-sig"))
            for p in sorted(CORPUS.glob("*.osu"), key=lambda p: -p.stat().st_size)[:4]]  # fmt: skip
    maps.append(("generated 2000 objects", generated_map(2000, seed=3)))
    head = (
        f"{'map':<28} {'lines':>5} {'objs':>5}  {'floor min':>9} {'floor med':>9}"
        f"  {'parse min':>9} {'parse med':>9}  {'ratio min':>9} {'ratio med':>9}"
        f"  {'alloc/floor':>11} {'columns/floor':>13}"
    )
    print(head)
    print("-" * len(head))
    for name, text in maps:
        parsed = parse_osu_file(text)
        floor_fn = lambda text=text: floor(text)  # noqa: E731
        parse_fn = lambda text=text: parse_osu_file(text)  # noqa: E731
        alloc_fn = lambda text=text: alloc_floor(text)  # noqa: E731
        columns_fn = lambda text=text: columns_floor(text)  # noqa: E731
        f_number, p_number, a_number = calibrate(floor_fn), calibrate(parse_fn), calibrate(alloc_fn)
        c_number = calibrate(columns_fn)
        # Floor and parse batches alternate, and each ratio compares the two batches of one
        # round: the machine is shared, so load changes between rounds but rarely within one.
        floors, parses, ratios, allocs, columns = [], [], [], [], []
        for _ in range(args.repeat):
            floors.append(batch(floor_fn, f_number))
            parses.append(batch(parse_fn, p_number))
            allocs.append(batch(alloc_fn, a_number) / floors[-1])
            columns.append(batch(columns_fn, c_number) / floors[-1])
            ratios.append(parses[-1] / floors[-1])
        print(
            f"{name[:28]:<28} {len(text.splitlines()):>5} {len(parsed.hit_objects):>5}"
            f"  {min(floors) * 1e6:>7.0f}us {statistics.median(floors) * 1e6:>7.0f}us"
            f"  {min(parses) * 1e6:>7.0f}us {statistics.median(parses) * 1e6:>7.0f}us"
            f"  {min(ratios):>8.2f}x {statistics.median(ratios):>8.2f}x"
            f"  {statistics.median(allocs):>10.2f}x {statistics.median(columns):>12.2f}x"
        )
    print(
        "\nratio: parse / floor within a round (target <= 2.5x). alloc/floor (median): the floor"
        "\nplus a bare slotted object per hit object, timing point and control point, unconverted."
        "\ncolumns/floor (median): every hit object field read into four columns, no object built."
    )


if __name__ == "__main__":
    main()

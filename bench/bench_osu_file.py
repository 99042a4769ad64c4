"""``.osu`` parsing speed against its floor, side by side, in one run.

The floor is the least any parser must do: ``str.splitlines`` plus ``split(",")`` on every
line. ``parse`` is ``parse_osu_file``: the full typed model, every hit object, curve point and
timing point built eagerly as frozen attrs values. The target in issue 3 is parse <= 2.5x floor.

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

from osu_core import (
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

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "osu"


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


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(min, median) seconds per call over ``repeat`` timed batches."""
    fn()
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    number = max(1, int(0.02 / max(once, 1e-9)))
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return min(samples), statistics.median(samples)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--repeat", type=int, default=15)
    args = options.parse_args()
    maps = [(p.name.removeprefix("lazer__"), p.read_text(encoding="utf-8-sig"))
            for p in sorted(CORPUS.glob("*.osu"), key=lambda p: -p.stat().st_size)[:4]]  # fmt: skip
    maps.append(("generated 2000 objects", generated_map(2000, seed=3)))
    head = (
        f"{'map':<38} {'lines':>6} {'objects':>7}  {'floor min':>10} {'floor med':>10}"
        f"  {'parse min':>10} {'parse med':>10}  {'ratio min':>9} {'ratio med':>9}"
    )
    print(head)
    print("-" * len(head))
    for name, text in maps:
        parsed = parse_osu_file(text)
        f_min, f_med = measure(lambda text=text: floor(text), args.repeat)
        p_min, p_med = measure(lambda text=text: parse_osu_file(text), args.repeat)
        print(
            f"{name[:38]:<38} {len(text.splitlines()):>6} {len(parsed.hit_objects):>7}"
            f"  {f_min * 1e6:>8.0f}us {f_med * 1e6:>8.0f}us  {p_min * 1e6:>8.0f}us"
            f" {p_med * 1e6:>8.0f}us  {p_min / f_min:>8.2f}x {p_med / f_med:>8.2f}x"
        )


if __name__ == "__main__":
    main()

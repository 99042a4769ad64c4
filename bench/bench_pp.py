"""pp for 1,000 plays over 50 maps: ``osu_core.performance`` against rosu-pp-py called directly.

Issue 15's target: our overhead ≤ 10%. The direct side is what a bot writes by hand with
rosu-pp-py: parse each map once (``rosu.Beatmap``), then one ``Performance(...).calculate``
per play (it computes the difficulty for the play's mods itself), and the same reusing one
difficulty per map and mods, as rosu-pp-py's docs advise for many plays; the target is
judged against the faster of the two. Ours, as the clients'
``get_performance`` does it: ``prepare_beatmap`` once per map (this library's parser checks
the file, the calculator parses it), then ``calculate_performance(prepared, n300=...)`` per
play, which returns the FC and SS figures and the difficulty settings besides the pp. Also
shown: ``calculate_performance(file_bytes, ...)`` per play, which parses the map twice each
time. All are timed interleaved (``harness.interleave``), whole batches of 1,000.

Maps: the 50 largest osu! and taiko/catch/mania maps of ``tests/corpus/osu`` that have hit
objects; plays: seeded counts, combos and mods drawn per map.
Run: ``python bench/bench_pp.py [--repeat N]`` (needs rosu-pp-py: the ``pp`` extra).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from harness import interleave
from osu_core.beatmap import parse_osu_file
from osu_core.performance import calculate_performance, prepare_beatmap

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "osu"
MODS = (0, 8, 16, 64, 72, 24, 2, 256)


def maps(count: int) -> list[tuple[bytes, int, int]]:
    """``(file bytes, mode, hit objects)`` of the largest corpus maps with hit objects."""
    found = []
    for path in sorted(CORPUS.glob("*.osu"), key=lambda p: -p.stat().st_size):
        data = path.read_bytes()
        try:
            parsed = parse_osu_file(data)
        except Exception:  # a corpus file this bench cannot use is skipped
            continue
        if parsed.hit_objects and parsed.general.mode.is_known:
            found.append((data, int(parsed.general.mode), len(parsed.hit_objects)))
        if len(found) == count:
            break
    return found


def plays(chosen: list[tuple[bytes, int, int]], total: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for index in range(total):
        _, mode, objects = chosen[index % len(chosen)]
        misses = rng.randrange(0, max(1, objects // 50))
        n100 = rng.randrange(0, max(1, objects // 10))
        n300 = max(0, objects - misses - n100)
        combo = rng.randrange(max(1, objects // 4), objects + 1)
        out.append({"map": index % len(chosen), "mode": mode, "mods": rng.choice(MODS),
                    "n300": n300, "n100": n100, "misses": misses, "combo": combo})  # fmt: skip
    return out


def main() -> None:
    import rosu_pp_py as rosu

    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=5)
    args = options.parse_args()
    chosen = maps(50)
    batch = plays(chosen, 1000, seed=15)

    def direct() -> None:
        parsed = [rosu.Beatmap(bytes=data) for data, _, _ in chosen]
        for play in batch:
            rosu.Performance(
                mods=play["mods"], lazer=False, n300=play["n300"], n100=play["n100"],
                misses=play["misses"], combo=play["combo"],
            ).calculate(parsed[play["map"]])  # fmt: skip

    def direct_reused() -> None:
        # rosu-pp-py's advice for many plays: one difficulty per map and mods, reused.
        parsed = [rosu.Beatmap(bytes=data) for data, _, _ in chosen]
        kept: dict[tuple[int, int], Any] = {}
        for play in batch:
            key = (play["map"], play["mods"])
            if key not in kept:
                kept[key] = rosu.Difficulty(mods=play["mods"], lazer=False).calculate(
                    parsed[play["map"]]
                )
            rosu.Performance(
                mods=play["mods"], lazer=False, n300=play["n300"], n100=play["n100"],
                misses=play["misses"], combo=play["combo"],
            ).calculate(kept[key])  # fmt: skip

    def ours() -> None:
        prepared = [prepare_beatmap(data) for data, _, _ in chosen]
        for play in batch:
            calculate_performance(
                prepared[play["map"]], mods=play["mods"], n300=play["n300"],
                n100=play["n100"], misses=play["misses"], combo=play["combo"],
            )  # fmt: skip

    def from_bytes() -> None:
        for play in batch:
            calculate_performance(
                chosen[play["map"]][0], mods=play["mods"], n300=play["n300"],
                n100=play["n100"], misses=play["misses"], combo=play["combo"],
            )  # fmt: skip

    impls = [
        ("rosu-pp-py direct", direct),
        ("rosu direct, reusing", direct_reused),
        ("ours, prepared per map", ours),
        ("ours, from bytes per play", from_bytes),
    ]
    results = interleave(impls, args.repeat, batch_seconds=0.0)
    base = min(results["rosu-pp-py direct"][0], results["rosu direct, reusing"][0])
    print(f"{len(batch)} plays over {len(chosen)} maps, min (median) of {args.repeat} batches")
    for name, (low, median) in results.items():
        print(f"{name:<26} {low:8.3f} s ({median:.3f} s)  {low / base - 1:+7.1%} vs best direct")
    print("target (issue 15): ours, prepared per map, within 10% of the faster direct way")


if __name__ == "__main__":
    main()

"""Replay decoding speed against its floor, side by side, in one run.

The floor is the least any decoder must do: ``lzma.decompress`` plus ``split(b",")`` into
frames. ``decode`` is ``decode_replay_frames_lzma``: decompress, check the whole stream's
structure, keep its text (numbers are parsed on first use). ``decode+frames`` also builds every
typed playback frame (numbers parsed, times summed, keys typed), the cost of a full walk.

Streams: the largest corpus ``.osr`` files and generated 7k- and 20k-frame osu! streams.
Run: ``.venv/bin/python bench/bench_replay.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import lzma
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from osu_core import (
    GameMode,
    ReplayFrames,
    decode_replay_frames_lzma,
    encode_replay_frames,
    parse_osr,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "osr"


def generated_stream(frames: int, seed: int) -> bytes:
    """An osu! stream shaped like stable's: skip frames, ~16 ms deltas, 4-decimal cursor
    positions, mostly no keys, and a seed frame."""
    rng = random.Random(seed)
    raw = [(0, 256.0, -500.0, 0), (-1, 256.0, -500.0, 0)]
    for _ in range(frames - 3):
        keys = rng.choice((0, 0, 0, 1, 5, 10))
        x = round(rng.uniform(0, 512), 4)
        y = round(rng.uniform(0, 384), 4)
        raw.append((rng.choice((16, 17, 17)), x, y, keys))
    raw.append((-12345, 0.0, 0.0, rng.randrange(1 << 24)))
    return encode_replay_frames(ReplayFrames.from_raw(raw, mode=GameMode.Osu))


def measure(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    streams: list[tuple[str, bytes, GameMode]] = []
    files = sorted(CORPUS.glob("*.osr"), key=lambda p: p.stat().st_size, reverse=True)
    for path in files[:5]:
        osr = parse_osr(path.read_bytes())
        assert osr.replay_data is not None
        streams.append((path.name.removeprefix("osrparse__"), osr.replay_data, osr.mode))
    streams.append(("generated 7k", generated_stream(7_000, 7), GameMode.Osu))
    streams.append(("generated 20k", generated_stream(20_000, 20), GameMode.Osu))

    header = (
        f"{'stream':<24}{'frames':>7}  {'floor min/med ms':>17}  {'decode min/med ms':>18}"
        f"  {'ratio':>5}  {'decode+frames min/med':>22}  {'ratio':>5}"
    )
    print(header)
    print("-" * len(header))
    for name, data, mode in streams:

        def floor(data: bytes = data) -> object:
            return lzma.decompress(data, format=lzma.FORMAT_ALONE).split(b",")

        def decode(data: bytes = data, mode: GameMode = mode) -> object:
            return decode_replay_frames_lzma(data, mode)

        def decode_all(data: bytes = data, mode: GameMode = mode) -> object:
            return decode_replay_frames_lzma(data, mode).frames

        count = len(decode_replay_frames_lzma(data, mode).raw)
        f_min, f_med = measure(floor, args.repeat)
        d_min, d_med = measure(decode, args.repeat)
        a_min, a_med = measure(decode_all, args.repeat)
        print(
            f"{name:<24}{count:>7}  {f_min:>8.2f}/{f_med:<8.2f}  {d_min:>9.2f}/{d_med:<8.2f}"
            f"  {d_min / f_min:>5.2f}  {a_min:>11.2f}/{a_med:<10.2f}  {a_min / f_min:>5.2f}"
        )


if __name__ == "__main__":
    main()

"""Replay decoding speed against its floor and osrparse, side by side, in one run.

The floor is the least any decoder must do: ``lzma.decompress`` plus ``split(b",")`` into
frames. ``decode`` is ``decode_replay_frames_lzma``: decompress, check the whole stream's
structure, keep its text (numbers are parsed on first use). ``decode+frames`` also builds every
typed playback frame (numbers parsed, absolute times summed, keys typed): the full walk users
pay for and issue 7 measures. ``osrparse`` is ``parse_replay_data(lzma_bytes, decoded=True)``
(the input is LZMA, already out of base64), building its ``ReplayEvent`` objects; it is skipped
with a note when osrparse is not importable (run with ``bench/.peers/bin/python``).

Timing is interleaved with ``bench/harness.py`` (GC on, emptied before each batch), so the
ratios compare numbers of the same run. Streams: the largest corpus ``.osr`` files and
generated 7k- and 20k-frame osu! streams.
Run: ``bench/.peers/bin/python bench/bench_replay.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import importlib
import lzma
import random
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from harness import interleave
from osu_core import GameMode
from osu_core.replay import (
    ReplayFrames,
    decode_replay_frames_lzma,
    encode_replay_frames,
    parse_osr,
)

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "osr"


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


def _osrparse() -> ModuleType | None:
    try:
        return importlib.import_module("osrparse")
    except ImportError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    streams: list[tuple[str, bytes, GameMode]] = []
    files = sorted(CORPUS.glob("*.osr"), key=lambda p: p.stat().st_size, reverse=True)
    for path in files[:5]:
        osr = parse_osr(path.read_bytes())
        assert osr.replay_data is not None
        streams.append((path.name.removeprefix("osrparse__"), osr.replay_data, osr.mode))
    streams.append(("generated 7k", generated_stream(7_000, 7), GameMode.Osu))
    streams.append(("generated 20k", generated_stream(20_000, 20), GameMode.Osu))

    osrparse = _osrparse()
    header = (
        f"{'stream':<26}{'frames':>7}  {'floor ms':>8}  {'decode ms':>9} {'x floor':>7}"
        f"  {'+frames ms':>10} {'x floor':>7}  {'osrparse ms':>11} {'ours faster':>11}"
    )
    print("min of interleaved batches; 'x floor' = time / floor time")
    print(header)
    print("-" * len(header))
    for name, data, mode in streams:
        impls: list[tuple[str, Callable[[], object]]] = [
            ("floor", lambda d=data: lzma.decompress(d, format=lzma.FORMAT_ALONE).split(b",")),
            ("decode", lambda d=data, m=mode: decode_replay_frames_lzma(d, m)),
            ("frames", lambda d=data, m=mode: decode_replay_frames_lzma(d, m).frames),
        ]
        if osrparse is not None:
            peer_mode = osrparse.GameMode(int(mode))
            impls.append(
                (
                    "osrparse",
                    lambda d=data, m=peer_mode, p=osrparse.parse_replay_data: p(
                        d, decoded=True, mode=m
                    ),
                )
            )
        results = {key: value[0] * 1000 for key, value in interleave(impls, args.repeat).items()}
        count = len(decode_replay_frames_lzma(data, mode).raw)
        floor, decode, frames = results["floor"], results["decode"], results["frames"]
        peer = (
            f"{results['osrparse']:>11.2f} {results['osrparse'] / frames:>10.2f}x"
            if "osrparse" in results
            else f"{'-':>11} {'-':>11}"
        )
        print(
            f"{name:<26}{count:>7}  {floor:>8.2f}  {decode:>9.2f} {decode / floor:>6.2f}x"
            f"  {frames:>10.2f} {frames / floor:>6.2f}x  {peer}"
        )
    if osrparse is None:
        print("osrparse not importable here: run with bench/.peers/bin/python to compare.")


if __name__ == "__main__":
    main()

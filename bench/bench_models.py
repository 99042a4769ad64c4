"""bytes -> models for a realistic 500-row ``get_beatmaps`` body, against ``json.loads`` alone.

The core's hot path is parsing; its target (issue: the sans-IO core) is at most 2.5x the time of
``json.loads`` on the same bytes. Both are timed side by side in one run, interleaved (see
``harness.interleave``), for two encodings of the same rows: raw UTF-8 (as the recorded
captures are) and ``\\uXXXX``-escaped (PHP's ``json_encode`` default). Also shown: the parse of
rows already decoded (the converter alone) and of the older, smaller 2018 row shape.

Run: ``.venv/bin/python bench/bench_models.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import osu_core
from gen_beatmaps import beatmap_rows
from harness import interleave

OLD_FIELDS = {
    "submit_date", "artist_unicode", "title_unicode", "count_normal", "count_slider",
    "count_spinner", "rating", "storyboard", "video", "download_unavailable",
    "audio_unavailable", "packs", "diff_aim", "diff_speed", "creator_id",
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()

    rows = beatmap_rows(500)
    bodies = {
        "500 rows, UTF-8": json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(),
        "500 rows, \\u-escaped": json.dumps(rows, separators=(",", ":")).encode(),
        "500 rows, 2018 shape": json.dumps(
            [{k: v for k, v in row.items() if k not in OLD_FIELDS} for row in rows],
            separators=(",", ":"),
        ).encode(),
    }
    call = osu_core.get_beatmaps()
    converter = osu_core.make_converter()
    print(f"python {sys.version.split()[0]}, {args.repeat} interleaved rounds, min / median ms\n")
    print("| body | bytes | json.loads | bytes -> models | ratio (min) | ratio (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, body in bodies.items():
        response = osu_core.Response(status_code=200, body=body)
        assert len(call.parse(response)) == 500
        times = interleave(
            [("json", lambda b=body: json.loads(b)), ("models", lambda r=response: call.parse(r))],
            args.repeat,
        )
        (jmin, jmed), (mmin, mmed) = times["json"], times["models"]
        print(
            f"| {name} | {len(body):,} | {jmin * 1e3:.2f} / {jmed * 1e3:.2f} | "
            f"{mmin * 1e3:.2f} / {mmed * 1e3:.2f} | {mmin / jmin:.2f}x | {mmed / jmed:.2f}x |"
        )
    decoded = json.loads(bodies["500 rows, UTF-8"])
    alone = interleave(
        [("convert", lambda: osu_core.structure_rows(converter, osu_core.Beatmap, decoded))],
        args.repeat,
    )["convert"]
    print(f"\nconverter alone on decoded rows: {alone[0] * 1e3:.2f} / {alone[1] * 1e3:.2f} ms")


if __name__ == "__main__":
    main()

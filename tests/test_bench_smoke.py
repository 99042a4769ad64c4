"""Smoke test of the benchmark's input generator (``bench/gen_beatmaps.py``).

No timing, no peers, no network: the body the benchmark feeds everyone must be a valid,
realistic ``get_beatmaps`` response that our own parser accepts.
"""

from __future__ import annotations

import json
from types import ModuleType

import osu_core
from tests._support import load_script


def _generator() -> ModuleType:
    return load_script("bench/gen_beatmaps.py")


def test_body_parses_into_500_beatmaps():
    body = _generator().beatmaps_body(500, seed=7)
    result = osu_core.get_beatmaps().parse(osu_core.Response(status_code=200, body=body))
    assert len(result) == 500
    assert all(isinstance(b, osu_core.Beatmap) and not b.extra for b in result)


def test_rows_are_wire_shaped_and_varied():
    rows = json.loads(_generator().beatmaps_body(500, seed=7))
    values = [v for row in rows for v in row.values()]
    assert all(v is None or isinstance(v, str) for v in values)
    sets = {row["beatmapset_id"] for row in rows}
    assert len(sets) < len(rows) / 2  # several difficulties per set
    assert any(row["approved_date"] is None for row in rows)
    assert any(row["diff_aim"] is None for row in rows)
    assert any(row["packs"] is None for row in rows)
    assert any(not (row["title_unicode"] or "").isascii() for row in rows)


def test_same_seed_same_body():
    gen = _generator()
    assert gen.beatmaps_body(50, seed=3) == gen.beatmaps_body(50, seed=3)
    assert gen.beatmaps_body(50, seed=3) != gen.beatmaps_body(50, seed=4)

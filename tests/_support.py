"""Helpers shared by several test modules (imported as ``tests._support``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import osu_core

#: The repository's root: the scripts and benchmarks the tests load live below it.
ROOT = Path(__file__).resolve().parents[1]

#: The corpus bodies of row endpoints, each with the model its rows become.
CORPUS_ROWS: list[tuple[str, type[osu_core.BaseModel]]] = [
    ("get_beatmaps-3.json", osu_core.Beatmap),
    ("get_beatmaps-4.json", osu_core.Beatmap),
    ("get_user-1.json", osu_core.User),
    ("get_user-2.json", osu_core.User),
    ("get_scores-1.json", osu_core.Score),
    ("get_user_best-2.json", osu_core.UserBest),
    ("get_user_recent-1.json", osu_core.UserRecent),
    ("get_user_recent-2.json", osu_core.UserRecent),
]


def load_script(relative: str) -> ModuleType:
    """Import a file of the repository that is no package module (``scripts/unasync.py``,
    ``bench/gen_beatmaps.py``) under a name of its own."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(f"_script_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

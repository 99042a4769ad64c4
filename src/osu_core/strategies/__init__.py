"""Hypothesis strategies for osu_core's values, for your own property tests.

Needs the ``strategies`` extra (``pip install "osu-api-v1[strategies]"``); ``import osu_core``
never imports this package or hypothesis.
"""

from ._hostile import (
    RawJSON,
    dump_json,
    hostile_bodies,
    hostile_responses,
    hostile_rows,
    hostile_values,
    nested_json,
)
from ._models import MODEL_TYPES, api_datetimes, models, responses, wire_rows
from ._osu_file import osu_files, osu_hit_objects, osu_timing_points
from ._replay import osr_files, raw_replay_frames, replay_frames

__all__ = [
    "MODEL_TYPES",
    "RawJSON",
    "api_datetimes",
    "dump_json",
    "hostile_bodies",
    "hostile_responses",
    "hostile_rows",
    "hostile_values",
    "models",
    "nested_json",
    "osr_files",
    "osu_files",
    "osu_hit_objects",
    "osu_timing_points",
    "raw_replay_frames",
    "replay_frames",
    "responses",
    "wire_rows",
]

"""Hypothesis strategies for osu_core's values, for your own property tests.

Needs the ``strategies`` extra (``pip install "osu-api-v1[strategies]"``); ``import osu_core``
never imports this package or hypothesis.
"""

from ._osu_file import osu_files, osu_hit_objects, osu_timing_points
from ._replay import osr_files, raw_replay_frames, replay_frames

__all__ = [
    "osr_files",
    "osu_files",
    "osu_hit_objects",
    "osu_timing_points",
    "raw_replay_frames",
    "replay_frames",
]

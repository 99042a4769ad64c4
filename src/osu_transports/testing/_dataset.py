"""Build (and cache) the emulator's dataset for a seed.

:func:`build_dataset` runs the generators in ``_gen_maps`` and ``_gen_plays`` and wires in the
file writers of ``_files``. Datasets are immutable apart from deterministic memo caches, so one
per seed is kept for the life of the process: a test suite that starts many emulators pays for
generation once. No I/O, no clock.
"""

from __future__ import annotations

import functools
import threading

from ._files import make_osu_file, make_replay_content
from ._gen_maps import generate_beatmaps, generate_users
from ._gen_plays import generate_events, generate_matches, generate_scores
from ._records import Dataset

__all__ = ["DEFAULT_SEED", "build_dataset"]

#: The seed used when none is given; the well-known constants hold for every seed.
DEFAULT_SEED = 727

_lock = threading.Lock()


def build_dataset(seed: int = DEFAULT_SEED) -> Dataset:
    """The dataset for ``seed`` (built once per process, then shared).

    Args:
        seed: Any integer; the same seed always gives the same data.

    Returns:
        The dataset.
    """
    with _lock:  # two emulators starting at once build it once
        return _build(seed)


@functools.lru_cache(maxsize=8)
def _build(seed: int) -> Dataset:
    users = generate_users(seed)
    beatmaps = generate_beatmaps(seed, users)
    scores, recent = generate_scores(seed, users, beatmaps)
    users = generate_events(seed, users, beatmaps, scores)
    matches = generate_matches(seed, users, beatmaps)
    return Dataset(
        seed=seed,
        users=users,
        beatmaps=beatmaps,
        scores=scores,
        recent=recent,
        matches=matches,
        osu_file_maker=make_osu_file,
        replay_maker=make_replay_content,
    )

"""osu_core.performance: performance points (pp) and star ratings, through rosu-pp-py.

:func:`calculate_performance` rates a play on a beatmap: the play as any of the API's score
rows (``UserRecent``, ``UserBest``, ``Score``, ``MultiplayerScore``) or as plain numbers, in
any mode the map converts to, failed plays included; :func:`calculate_difficulty` rates the
map itself. Results are frozen values (:class:`PerformanceResult`, :class:`DifficultyResult`)
holding plain numbers. :func:`beatmap_md5` hashes a ``.osu`` file as ``Beatmap.file_md5`` does,
to check a download is the version that was played. :func:`prepare_beatmap` checks and parses
a map once, to rate many plays on it (the clients keep one per map they rate).

The maths is rosu-pp-py's (a Rust port of osu!'s own difficulty and performance code), none of
ours. It is the optional ``pp`` extra (``pip install 'osu-api-v1[pp]'``): importing this
package does not import it, and a calculation without it raises
:class:`osu_core.MissingExtraError`, which names the extra. Arguments and files are checked by
this library first, so a bad one raises :class:`osu_core.InvalidArgument` or
:class:`osu_core.ParseError` with or without it.

The modules, by role:

* ``_inputs``: the beatmap and play checked and described (mode, mods, counts, failed plays);
* ``_bridge``: the only caller of rosu-pp-py (lazy import, its errors mapped, its versions);
* ``_models``: the result values;
* ``_calculate``: the public functions.

Pure functions: no I/O anywhere here (see ``docs/performance.md``).
"""

from ._calculate import calculate_difficulty, calculate_performance
from ._inputs import BeatmapLike, PlayLike, PreparedBeatmap, beatmap_md5, prepare_beatmap
from ._models import DifficultyResult, PerformanceResult

__all__ = [
    "BeatmapLike",
    "DifficultyResult",
    "PerformanceResult",
    "PlayLike",
    "PreparedBeatmap",
    "beatmap_md5",
    "calculate_difficulty",
    "calculate_performance",
    "prepare_beatmap",
]

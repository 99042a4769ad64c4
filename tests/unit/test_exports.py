"""The public surface: sorted ``__all__``, every name importable, the reference's names there,
and the core's import leaving network and event-loop modules out."""

from __future__ import annotations

import subprocess
import sys

import osu_core

REFERENCE_NAMES = [
    # models and collections
    "Beatmap", "BeatmapFile", "User", "UserEvent", "UserBest", "UserRecent", "Score", "Replay",
    "MultiplayerMatch", "MultiplayerGame", "MultiplayerScore", "BaseCollection",
    "BeatmapCollection", "ScoreCollection", "UserBestCollection", "UserRecentCollection",
    # enums
    "BeatmapGenre", "BeatmapApprovedState", "GameMode", "GameModifiers", "Language",
    "MultiplayerTeam", "ReplayAvailability", "ScoringType", "TeamType",
    # exceptions
    "WrongApiKey", "RouteNotFound", "InvalidArgument", "HTTPError", "UnreferencedApi",
    "ReplayUnavailable",
]  # fmt: skip


def test_all_is_sorted_and_importable():
    assert osu_core.__all__ == sorted(osu_core.__all__)
    for name in osu_core.__all__:
        assert hasattr(osu_core, name), name


def test_reference_names_exported():
    missing = [name for name in REFERENCE_NAMES if name not in osu_core.__all__]
    assert missing == []


def test_every_error_shares_one_base():
    errors = [getattr(osu_core, n) for n in osu_core.__all__ if n.endswith(("Error", "Api", "Key"))]
    errors += [osu_core.RouteNotFound, osu_core.InvalidArgument, osu_core.ReplayUnavailable]
    assert all(issubclass(e, osu_core.OsuError) for e in errors)
    assert issubclass(osu_core.InvalidArgument, ValueError)


def test_import_loads_no_io_modules():
    code = (
        "import sys, osu_core\n"
        "banned = ('httpx', 'httpcore', 'trio', 'anyio', 'asyncio', 'socket', 'ssl',"
        " 'urllib.request', 'hypothesis')\n"
        "print(','.join(sorted(m for m in banned if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""

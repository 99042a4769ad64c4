"""The public surface: sorted ``__all__``, every name importable, the reference's names there,
and the core's import leaving network and event-loop modules out."""

from __future__ import annotations

import inspect
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


def test_subpackages_export_sorted_names_defined_inside_them():
    import osu_core.beatmap
    import osu_core.performance
    import osu_core.replay

    for package in (osu_core.beatmap, osu_core.replay, osu_core.performance):
        assert package.__all__ == sorted(package.__all__)
        for name in package.__all__:
            value = getattr(package, name)
            if not isinstance(value, type) and not inspect.isfunction(value):
                continue  # constants, and aliases such as HitObject (a Union)
            home = value.__module__
            # BeatmapFile is the API's model of the download, at home in osu_core itself.
            assert home.startswith(package.__name__) or name == "BeatmapFile", (name, home)


def test_the_flat_face_holds_the_client_and_the_subpackages_the_formats():
    import osu_core.beatmap
    import osu_core.performance
    import osu_core.replay

    flat = set(osu_core.__all__)
    assert flat & set(osu_core.replay.__all__) == set()
    assert flat & set(osu_core.performance.__all__) == set()
    assert flat & set(osu_core.beatmap.__all__) == {"BeatmapFile"}
    assert osu_core.beatmap.BeatmapFile is osu_core.BeatmapFile


def test_moved_names_still_resolve_with_a_deprecation_warning():
    import warnings

    import pytest

    import osu_core.beatmap
    import osu_core.replay

    moved = osu_core._MOVED
    packages = {"beatmap": osu_core.beatmap, "replay": osu_core.replay}
    assert len(moved) == 59  # the file-format names 0.1 exported flat: frozen
    for name, where in moved.items():
        assert name in packages[where].__all__, name
        with pytest.warns(DeprecationWarning, match=rf"osu_core\.{where}\.{name} since 0\.2"):
            value = getattr(osu_core, name)
        assert value is getattr(packages[where], name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec("from osu_core import *", {})  # the star import touches no deprecated name
    with pytest.raises(AttributeError, match="no attribute 'OsuFiles'"):
        osu_core.OsuFiles  # noqa: B018


def test_import_osu_core_loads_neither_file_format_subpackage():
    code = (
        "import sys, osu_core\n"
        "print(sorted(m for m in sys.modules if m.startswith(('osu_core.beatmap',"
        " 'osu_core.replay', 'osu_core.performance'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"

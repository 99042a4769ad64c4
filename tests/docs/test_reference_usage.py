"""Code written for the original library runs here, as the original library's reference says.

:data:`SCRIPT` is a small osu! bot written against the API reference of the original library
(kept with the project's design notes, outside this repository) and nothing else: every
``OsuApi`` method, with the parameter names and positional orders the reference documents; a
good sample of every model's fields, read off the reference's field lists; every shorthand
of its "Methods :" blocks (``Beatmap.get_beatmapset()``, ``BeatmapFile.get_category()``,
``Score.get_user_data()``, ``Replay.get_beatmap()`` and ``Replay.get_user()``) plus
``UserBest.get_user()`` and ``UserRecent.get_user()``; the collections, every enum's table and
the exceptions. Where this library deliberately differs (``docs/migrating.md``), the script
asserts the documented value: ints where the reference says float, aware UTC datetimes where
it says str, ``None`` for what the API sends as null, empty collections from the plural
methods.

The script is the same text for the three flavours. The asyncio and trio runs change only its
import line (``from osu_transports.asyncio import OsuApi``) and its ``BASE_URL`` line. The sync
run changes those two lines and then takes ``async``/``await`` out mechanically with the
substitutions of the project's own ``scripts/unasync.py`` (its ``SUBSTITUTIONS``, the ones that
generate ``_sync.py``), so it is the same text, never a hand-copied twin.

Each part of the script (``PARTS``) runs as its own test, so a failure names the part, and
``main`` runs them all in one go, as a bot would; for the async flavours one client then
serves a second ``asyncio.run()`` or ``trio.run()``.

Bounded in time: each test gets a fresh emulator on loopback (about 50 ms) with its real rate
limits, 10 replays a minute included. The client keeps its per-attempt timeout short, does not
retry (a refusal fails the test instead of stalling it), and may send the script's three
replay requests back to back (``RateLimit(7, per=60, burst=3)``: still at most 10 a minute).
The async runs sit inside ``asyncio.wait_for`` or ``trio.fail_after``, and every run must end
well within its deadline, so a rate-limit pause would fail the test rather than slow the suite.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import trio

from osu_core import RateLimit, RateLimits
from osu_transports.testing import KNOWN, OsuApiEmulator
from tests._support import load_script

ROOT = Path(__file__).resolve().parents[2]
FLAVOURS = ("sync", "asyncio", "trio")
#: Seconds any one run of the script (or of one of its parts) may take at most.
DEADLINE = 10.0
CLIENT_OPTIONS: dict[str, Any] = {
    "timeout": 5.0,
    "retry": None,
    "rate_limits": RateLimits(endpoints={"get_replay": RateLimit(7, per=60.0, burst=3)}),
}


UNASYNC = load_script("scripts/unasync.py")

IMPORT_LINE = "from osu_transports.asyncio import OsuApi"
BASE_URL_LINE = 'BASE_URL = "https://osu.ppy.sh"'

SCRIPT = r'''"""A small osu! bot, written for the original asynchronous osu! API v1 wrapper."""

import base64
import datetime

import osu_core
from osu_core import (
    BaseCollection,
    Beatmap,
    BeatmapApprovedState,
    BeatmapCollection,
    BeatmapFile,
    BeatmapGenre,
    GameMode,
    GameModifiers,
    HTTPError,
    InvalidArgument,
    Language,
    MultiplayerGame,
    MultiplayerMatch,
    MultiplayerScore,
    MultiplayerTeam,
    Replay,
    ReplayAvailability,
    ReplayUnavailable,
    RouteNotFound,
    Score,
    ScoreCollection,
    ScoringType,
    TeamType,
    UnreferencedApi,
    User,
    UserBest,
    UserBestCollection,
    UserEvent,
    UserRecent,
    UserRecentCollection,
    WrongApiKey,
)
from osu_transports.asyncio import OsuApi

BASE_URL = "https://osu.ppy.sh"

PLAYER = 3141592  # a ranked osu! player
PLAYER_NAME = "Lunar Tanuki"
DIGITS_NAME = "3141592"  # another player, whose name is PLAYER's id written out
QUIET = 33550336  # a player who never played
RESTRICTED = 8675309
MAP = 2468024  # a ranked osu! difficulty with a full leaderboard
MAPSET = 1357911
MATCH = 59089226  # a team-vs tournament match
NOBODY = "nobody at all"
MISSING = 999_999_999  # no beatmap, user or match has this id

UTC = datetime.timezone.utc


def is_utc(moment):
    return isinstance(moment, datetime.datetime) and moment.utcoffset() == datetime.timedelta(0)


def has_types(model, types, names):
    for name in names:
        value = getattr(model, name)
        assert isinstance(value, types) and not isinstance(value, bool), (name, value)


async def refused(call, parameter):
    """The call must be refused before anything is sent, naming the parameter."""
    try:
        await call()
    except InvalidArgument as error:
        assert isinstance(error, ValueError) and error.code == 400
        assert error.parameter == parameter, (error.parameter, parameter)
        return
    raise AssertionError(f"{parameter}: accepted")


async def players(api):
    by_name = await api.get_user(PLAYER_NAME)
    by_id = await api.get_user(PLAYER)
    month = await api.get_user(PLAYER, GameMode.Osu, "id", 31)
    taiko = await api.get_user(PLAYER, mode=GameMode.Taiko)
    assert isinstance(by_id, User) and by_id == by_name
    assert by_id.user_id == PLAYER and by_id.username == PLAYER_NAME
    has_types(by_id, int, ["count300", "count100", "count50", "playcount", "pp_rank"])
    has_types(by_id, int, ["count_rank_ss", "count_rank_ssh", "count_rank_s", "count_rank_sh"])
    has_types(by_id, int, ["count_rank_a", "pp_country_rank"])
    has_types(by_id, float, ["level", "pp_raw", "accuracy"])
    # The reference says float for the scores; they are whole numbers, ints here.
    has_types(by_id, int, ["ranked_score", "total_score"])
    assert by_id.total_score >= by_id.ranked_score > 0
    assert len(by_id.country) == 2 and by_id.country.isupper()
    assert 0 < by_id.accuracy <= 100 and by_id.pp_raw > 0
    assert taiko.user_id == PLAYER
    assert (taiko.playcount, taiko.pp_raw) != (by_id.playcount, by_id.pp_raw)
    # event_days: one day by default, up to 31.
    assert len(month.events) > len(by_id.events) > 0
    for event in month.events:
        assert isinstance(event, UserEvent) and isinstance(event.display_html, str)
        assert is_utc(event.date) and 1 <= event.epicfactor <= 32
    # None for an event about no beatmap (a name change, a supporter tag...).
    with_map = [event for event in month.events if event.beatmap_id is not None]
    assert with_map and all(isinstance(event.beatmapset_id, int) for event in with_map)
    # type_str: a name made of digits needs "string"; without it the API reads an id.
    digits = await api.get_user(DIGITS_NAME, type_str="string")
    assert digits.username == DIGITS_NAME and digits.user_id != PLAYER
    assert (await api.get_user(DIGITS_NAME)).user_id == PLAYER
    # A player who never played: the API sends null statistics.
    quiet = await api.get_user(QUIET)
    assert quiet.user_id == QUIET and quiet.playcount is None and quiet.pp_raw is None
    # "None if the request failed".
    for nobody in (NOBODY, MISSING, RESTRICTED, ""):
        assert await api.get_user(nobody) is None, nobody
    return {"player": by_id.username, "events": len(month.events)}


async def beatmaps(api):
    beatmap = await api.get_beatmap(beatmap_id=MAP)
    assert isinstance(beatmap, Beatmap)
    assert beatmap.beatmap_id == MAP and beatmap.beatmapset_id == MAPSET
    assert beatmap.approved is BeatmapApprovedState.Ranked and beatmap.mode is GameMode.Osu
    assert is_utc(beatmap.approved_date) and is_utc(beatmap.last_update)
    has_types(beatmap, str, ["artist", "creator", "source", "title", "version", "tags"])
    has_types(beatmap, float, ["bpm", "difficultyrating", "diff_size", "diff_overall"])
    has_types(beatmap, float, ["diff_approach", "diff_drain"])
    # The reference says float for the lengths; they are whole seconds, ints here.
    has_types(beatmap, int, ["hit_length", "total_length", "favourite_count", "playcount"])
    has_types(beatmap, int, ["passcount", "max_combo"])
    assert 0 < beatmap.hit_length <= beatmap.total_length
    assert beatmap.passcount <= beatmap.playcount and beatmap.max_combo > 0
    assert isinstance(beatmap.genre_id, BeatmapGenre)
    assert isinstance(beatmap.language_id, Language)
    assert len(beatmap.file_md5) == 32 and int(beatmap.file_md5, 16) >= 0
    # Positional arguments in the reference's order, and the other ways to find it.
    assert await api.get_beatmap(MAPSET, MAP) == beatmap
    assert await api.get_beatmap(hash_str=beatmap.file_md5) == beatmap
    assert (await api.get_beatmap(beatmapset_id=MAPSET)).beatmapset_id == MAPSET
    by_mapper = await api.get_beatmap(user=beatmap.creator, type_str="string")
    assert by_mapper.creator == beatmap.creator
    converted = await api.get_beatmap(beatmap_id=MAP, mode=GameMode.Taiko, include_converted=1)
    assert converted.beatmap_id == MAP
    assert converted.difficultyrating != beatmap.difficultyrating
    assert await api.get_beatmap(beatmap_id=MISSING) is None
    # The set, through the model's shorthand.
    difficulties = await beatmap.get_beatmapset()
    assert isinstance(difficulties, BeatmapCollection) and len(difficulties) > 1
    assert MAP in [b.beatmap_id for b in difficulties]
    assert {b.beatmapset_id for b in difficulties} == {MAPSET}
    # get_beatmaps(limit, since, type_str, beatmapset_id, include_converted, user, mode)
    same = await api.get_beatmaps(500, None, "string", MAPSET, 0, beatmap.creator, GameMode.Osu)
    assert MAP in [b.beatmap_id for b in same]
    since = await api.get_beatmaps(limit=10, since="2020-01-01")
    assert len(since) == 10
    assert all(b.approved_date >= datetime.datetime(2020, 1, 1, tzinfo=UTC) for b in since)
    assert len(await api.get_beatmaps(5, "2019-06-01 12:00:00")) == 5
    mania = await api.get_beatmaps(limit=20, mode=GameMode.Mania)
    assert mania and all(b.mode is GameMode.Mania for b in mania)
    mapped = await api.get_beatmaps(user=beatmap.creator)
    assert MAP in [b.beatmap_id for b in mapped]
    # Nothing found: an empty collection, still a collection.
    nothing = await api.get_beatmaps(beatmapset_id=MISSING)
    assert isinstance(nothing, BeatmapCollection) and nothing == [] and nothing.is_empty
    return {"beatmap": beatmap.title, "difficulties": len(difficulties)}


async def beatmap_file(api):
    osu_file = await api.get_beatmap_file(MAP)
    assert isinstance(osu_file, BeatmapFile) and isinstance(osu_file.version, int)
    assert osu_file.content.startswith(f"osu file format v{osu_file.version}")
    editor = osu_file.get_category("Editor")
    assert "BeatDivisor:" in editor and "[Editor]" not in editor
    beatmap = await api.get_beatmap(beatmap_id=MAP)
    difficulty = dict(
        line.split(":", 1) for line in osu_file.get_category("Difficulty").splitlines()
    )
    assert float(difficulty["ApproachRate"]) == beatmap.diff_approach
    assert osu_file.get_category("NoSuchSection") == ""
    assert await api.get_beatmap_file(MISSING) is None
    return {"file_version": osu_file.version}


async def leaderboards(api):
    scores = await api.get_scores(MAP)
    assert isinstance(scores, ScoreCollection) and len(scores) == 50  # the API's default
    assert [s.score for s in scores] == sorted((s.score for s in scores), reverse=True)
    top = scores[0]
    assert isinstance(top, Score)
    has_types(top, int, ["score_id", "count300", "count100", "count50", "countmiss"])
    has_types(top, int, ["maxcombo", "countkatu", "countgeki", "user_id"])
    has_types(top, int, ["score"])  # float in the reference: a whole number
    has_types(top, float, ["pp"])
    has_types(top, str, ["username", "rank"])
    assert isinstance(top.perfect, bool) and is_utc(top.date)
    assert isinstance(top.enabled_mods, int) and top.mode == 0
    assert isinstance(top.replay_available, ReplayAvailability)
    # get_scores(beatmap_id, user, mode, mods, type_str, limit)
    mine = await api.get_scores(MAP, top.username, GameMode.Osu, top.enabled_mods, "string", 1)
    assert [s.score_id for s in mine] == [top.score_id]
    ten = await api.get_scores(MAP, limit=10)
    assert [s.score_id for s in ten] == [s.score_id for s in scores[:10]]
    hdhr = GameModifiers.Hidden | GameModifiers.HardRock
    with_hdhr = await api.get_scores(MAP, mods=hdhr)
    assert with_hdhr and all(s.enabled_mods == hdhr for s in with_hdhr)
    # get_score(beatmap_id, user, mode, type_str)
    assert (await api.get_score(MAP, top.username, GameMode.Osu, "string")) == top
    assert (await api.get_score(MAP, top.user_id)).score_id == top.score_id
    assert await api.get_score(MAP, NOBODY) is None
    empty = await api.get_scores(MISSING)
    assert isinstance(empty, ScoreCollection) and not empty
    # The author, fetched once and then reused.
    author = await top.get_user_data()
    assert author.user_id == top.user_id and author.username == top.username
    assert await top.get_user_data() is author
    return {"top_score": top.score, "leaderboard": len(scores)}


async def best_and_recent(api):
    best = await api.get_user_best(PLAYER)
    bests = await api.get_user_bests(PLAYER, GameMode.Osu, "id", 100)
    assert isinstance(best, UserBest) and isinstance(bests, UserBestCollection)
    assert len(bests) == 100 and bests[0] == best
    assert [b.pp for b in bests] == sorted((b.pp for b in bests), reverse=True)
    has_types(best, int, ["beatmap_id", "score", "maxcombo", "count300", "count100", "count50"])
    has_types(best, int, ["countmiss", "countkatu", "countgeki", "enabled_mods", "user_id"])
    has_types(best, float, ["pp"])
    assert best.user_id == PLAYER and isinstance(best.perfect, bool) and is_utc(best.date)
    assert best.rank in ("XH", "X", "SH", "S", "A", "B", "C", "D")
    assert await api.get_user_best(PLAYER_NAME, GameMode.Osu, "string") == best
    assert (await best.get_user()).username == PLAYER_NAME
    recent = await api.get_user_recent(PLAYER)
    # 1 to 100 as the reference says; the server answers 50 plays at most.
    recents = await api.get_user_recents(PLAYER, GameMode.Osu, "id", 100)
    assert isinstance(recent, UserRecent) and isinstance(recents, UserRecentCollection)
    assert 0 < len(recents) <= 50 and recents[0] == recent
    assert [r.date for r in recents] == sorted((r.date for r in recents), reverse=True)
    has_types(recent, int, ["beatmap_id", "score", "maxcombo", "count300", "countmiss"])
    assert recent.user_id == PLAYER and isinstance(recent.perfect, bool)
    assert isinstance(recent.rank, str) and is_utc(recent.date)
    assert await api.get_user_recent(PLAYER_NAME, GameMode.Osu, "string") == recent
    assert (await recent.get_user()).user_id == PLAYER
    # Nothing to show.
    assert await api.get_user_best(QUIET) is None and await api.get_user_recent(QUIET) is None
    assert await api.get_user_bests(QUIET) == [] and await api.get_user_recents(NOBODY) == []
    return {"best_pp": best.pp, "recent_plays": len(recents)}


async def replays(api):
    scores = await api.get_scores(MAP, limit=20)
    # "a boolean can be used instead" of ReplayAvailability
    kept = next(s for s in scores if s.replay_available)
    lost = next(s for s in scores if not s.replay_available)
    replay = await api.get_replay(GameMode.Osu, MAP, kept.user_id)
    assert isinstance(replay, Replay) and replay.encoding == "base64"
    assert len(base64.b64decode(replay.content)) > 100
    assert replay.beatmap_id == MAP and replay.mode is GameMode.Osu
    assert replay.user == kept.user_id
    assert (await replay.get_beatmap()).beatmap_id == MAP
    assert (await replay.get_user()).user_id == kept.user_id
    # An unavailable replay: None, as the reference says; strict=True raises instead.
    assert await api.get_replay(GameMode.Osu, MAP, lost.user_id) is None
    try:
        await api.get_replay(GameMode.Osu, MAP, lost.user_id, strict=True)
    except ReplayUnavailable as error:
        assert error.code == 400 and error.status == 200 and str(error)
    else:
        raise AssertionError("strict=True returned")
    return {"replay_user": replay.user}


async def matches(api):
    match = await api.get_match(MATCH)
    assert isinstance(match, MultiplayerMatch) and match.match_id == MATCH
    assert isinstance(match.name, str) and match.name and is_utc(match.start_time)
    # "always None" in the reference: the API has sent it for years (None while open).
    assert match.end_time is None or match.end_time > match.start_time
    assert match.games and all(isinstance(game, MultiplayerGame) for game in match.games)
    played = [game for game in match.games if game.scores]
    for game in played:
        assert isinstance(game.game_id, int) and isinstance(game.beatmap_id, int)
        assert isinstance(game.play_mode, GameMode) and isinstance(game.mods, GameModifiers)
        assert isinstance(game.scoring_type, ScoringType)
        assert game.team_type is TeamType.team_vs and is_utc(game.start_time)
        for score in game.scores:
            assert isinstance(score, MultiplayerScore)
            has_types(score, int, ["slot", "user_id", "score", "maxcombo", "rank", "count50"])
            has_types(score, int, ["count100", "count300", "countmiss", "countgeki"])
            has_types(score, int, ["countkatu"])
            assert score.team in (MultiplayerTeam.blue, MultiplayerTeam.red)
            assert isinstance(score.perfect, bool) and isinstance(score.passed, bool)
    assert {s.passed for game in played for s in game.scores} == {True, False}
    for missing in (MISSING, 0):
        assert await api.get_match(missing) is None, missing
    return {"match": match.name, "games": len(match.games)}


async def collections(api):
    maps = await api.get_beatmaps(beatmapset_id=MAPSET)
    assert isinstance(maps, BaseCollection) and isinstance(maps, list)
    picked = BeatmapCollection(maps[:1], api=api)
    assert picked.api is api
    picked.append(maps[-1])
    picked.append(None)  # ignored
    assert [b.beatmap_id for b in picked] == [maps[0].beatmap_id, maps[-1].beatmap_id]
    score = (await api.get_scores(MAP, limit=1))[0]
    try:
        picked.append(score)
    except TypeError as error:
        assert isinstance(error, ValueError)
    else:
        raise AssertionError("a Score went into a BeatmapCollection")
    for empty in (ScoreCollection(), UserBestCollection(), UserRecentCollection()):
        assert empty.is_empty and len(empty) == 0
    try:
        client = BeatmapCollection(maps).api
    except UnreferencedApi as error:
        assert str(error)
    else:
        raise AssertionError(f"a collection made by hand has a client: {client!r}")
    return {"picked": len(picked)}


#: Each enum's table, as the reference prints it.
TABLES = {
    BeatmapGenre: "Any 0 Unspecified 1 Video_game 2 Anime 3 Rock 4 Pop 5 Other 6 Novelty 7 "
    "Hip_hop 9 Electronic 10",
    BeatmapApprovedState: "Graveyard -2 WIP -1 Pending 0 Ranked 1 Approved 2 Qualified 3 Loved 4",
    GameMode: "Osu 0 Taiko 1 Catch 2 Mania 3",
    Language: "Any 0 Other 1 English 2 Japanese 3 Chinese 4 Instrumental 5 Korean 6 French 7 "
    "German 8 Swedish 9 Spanish 10 Italian 11",
    MultiplayerTeam: "none 0 blue 1 red 2",
    ReplayAvailability: "Unavailable 0 Available 1",
    ScoringType: "score 0 accuracy 1 combo 2 score_v2 3",
    TeamType: "head_to_head 0 tag_co_op 1 team_vs 2 tag_team_vs 3",
}
MOD_BITS = (
    "NoFail Easy TouchDevice Hidden HardRock SuddenDeath DoubleTime Relax HalfTime Nightcore "
    "Flashlight Autoplay SpunOut Relax2 Perfect Key4 Key5 Key6 Key7 Key8 FadeIn Random Cinema "
    "Target Key9 KeyCoop Key1 Key3 Key2 ScoreV2 LastMod"
)


async def enums(api):
    for enum, table in TABLES.items():
        words = table.split()
        for name, value in zip(words[::2], words[1::2], strict=True):
            assert getattr(enum, name) == int(value), (enum, name)
    for bit, name in enumerate(MOD_BITS.split()):
        assert getattr(GameModifiers, name) == 1 << bit, name
    mods = GameModifiers.Hidden | GameModifiers.DoubleTime
    assert mods == 72 and GameModifiers.Hidden in mods and GameModifiers.HardRock not in mods
    assert GameModifiers.Nightcore | GameModifiers.DoubleTime == 576
    assert GameModifiers.Perfect | GameModifiers.SuddenDeath == 16416
    assert GameModifiers.none == 0 and osu_core.GameModifier is GameModifiers
    keys = ("Key1", "Key2", "Key3", "Key4", "Key5", "Key6", "Key7", "Key8", "Key9", "KeyCoop")
    key_mod = GameModifiers.none
    for name in keys:
        key_mod |= getattr(GameModifiers, name)
    assert GameModifiers.KeyMod == key_mod and GameModifiers.KeyMod in GameModifiers.FreeModAllowed
    assert GameModifiers.ScoreIncreaseMods == (
        GameModifiers.Hidden
        | GameModifiers.HardRock
        | GameModifiers.DoubleTime
        | GameModifiers.Flashlight
        | GameModifiers.FadeIn
    )
    assert GameMode(3) is GameMode.Mania and GameMode.Catch.name == "Catch"
    assert str(GameMode.Osu) == "0"  # on every Python
    assert str(mods) == "HDDT"  # this library: acronyms
    assert ReplayAvailability(True) is ReplayAvailability.Available
    return {"mods": int(mods)}


async def errors(api):
    async with OsuApi("not a real key", base_url=BASE_URL) as stranger:
        try:
            await stranger.get_user(PLAYER)
        except WrongApiKey as error:
            assert isinstance(error, HTTPError) and error.code == 401 and error.message
            assert "not a real key" not in str(error) + repr(error)
        else:
            raise AssertionError("a wrong key was accepted")
    unavailable = HTTPError(503, "Service Unavailable")  # the original's order: code, message
    print(unavailable)
    assert unavailable.code == 503 and unavailable.message == "Service Unavailable"
    assert str(HTTPError(502)) and isinstance(str(HTTPError(None, None)), str)
    assert WrongApiKey("x").code == 401 and RouteNotFound("x").code == 404
    assert InvalidArgument("x").code == 400 and ReplayUnavailable("x").code == 400
    assert issubclass(UnreferencedApi, Exception)
    # What cannot be sent at all is refused before any request, naming the parameter.
    await refused(lambda: api.get_user(PLAYER, mode=7), "mode")
    await refused(lambda: api.get_user(PLAYER, type_str="username"), "type_str")
    await refused(lambda: api.get_user(PLAYER, event_days=32), "event_days")
    await refused(lambda: api.get_user(3.5), "user")
    await refused(lambda: api.get_scores(MAP, mods=-1), "mods")
    await refused(lambda: api.get_beatmap(hash_str="not a hash"), "hash_str")
    await refused(lambda: api.get_beatmaps(limit=501), "limit")
    await refused(lambda: api.get_scores(MAP, limit=101), "limit")
    await refused(lambda: api.get_user_bests(PLAYER, limit=101), "limit")
    await refused(lambda: api.get_user_recents(PLAYER, limit=0), "limit")
    return {"wrong_key": 401}


PARTS = [
    players,
    beatmaps,
    beatmap_file,
    leaderboards,
    best_and_recent,
    replays,
    matches,
    collections,
    enums,
    errors,
]


async def main(api):
    """Run every part of the bot; return what each found."""
    found = {}
    for part in PARTS:
        found.update(await part(api))
    return found
'''

PART_NAMES = (
    "players",
    "beatmaps",
    "beatmap_file",
    "leaderboards",
    "best_and_recent",
    "replays",
    "matches",
    "collections",
    "enums",
    "errors",
)


def script_for(flavour: str, base_url: str) -> str:
    """:data:`SCRIPT` for ``flavour``: its import line and base URL, and for the sync flavour
    the text through ``scripts/unasync.py``'s substitutions."""
    assert SCRIPT.count(IMPORT_LINE) == 1
    assert SCRIPT.count(BASE_URL_LINE) == 1
    text = SCRIPT.replace(IMPORT_LINE, f"from osu_transports.{flavour} import OsuApi")
    text = text.replace(BASE_URL_LINE, f"BASE_URL = {base_url!r}")
    if flavour == "sync":
        for pattern, replacement in UNASYNC.SUBSTITUTIONS:
            text = re.sub(pattern, replacement, text)
        assert not re.search(r"\b(async|await)\b", text)
    return text


def load(flavour: str, base_url: str, folder: Path) -> dict[str, Any]:
    """Run the flavour's script as a module (from a file, so tracebacks show its lines)."""
    path = folder / f"reference_usage_{flavour}.py"
    path.write_text(script_for(flavour, base_url), encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": f"reference_usage_{flavour}"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace


def in_event_loop(flavour: str, function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` awaited in a new asyncio or trio run, within :data:`DEADLINE`."""
    if flavour == "asyncio":

        async def bounded_asyncio() -> Any:
            return await asyncio.wait_for(function(*args), DEADLINE)

        return asyncio.run(bounded_asyncio())

    async def bounded_trio() -> Any:
        with trio.fail_after(DEADLINE):
            return await function(*args)

    return trio.run(bounded_trio)


def run_with_client(flavour: str, namespace: dict[str, Any], name: str, emulator: Any) -> Any:
    """Run the script's function ``name`` with a client of the script's own ``OsuApi``."""
    osu_api, function = namespace["OsuApi"], namespace[name]
    if flavour == "sync":
        with osu_api(emulator.api_key, base_url=emulator.base_url, **CLIENT_OPTIONS) as api:
            return function(api)

    async def session() -> Any:
        async with osu_api(emulator.api_key, base_url=emulator.base_url, **CLIENT_OPTIONS) as api:
            return await function(api)

    return in_event_loop(flavour, session)


@pytest.fixture
def emulator():
    with OsuApiEmulator() as running:
        yield running


def test_the_script_uses_the_emulators_well_known_entries(tmp_path):
    namespace = load("asyncio", "http://127.0.0.1:1", tmp_path)
    assert (namespace["PLAYER"], namespace["PLAYER_NAME"]) == (KNOWN.user_id, KNOWN.username)
    assert namespace["DIGITS_NAME"] == KNOWN.digit_username == str(KNOWN.user_id)
    assert namespace["QUIET"] == KNOWN.never_played_user_id
    assert namespace["RESTRICTED"] == KNOWN.restricted_user_id
    assert (namespace["MAP"], namespace["MAPSET"]) == (KNOWN.beatmap_id, KNOWN.beatmapset_id)
    assert namespace["MATCH"] == KNOWN.match_id
    assert [part.__name__ for part in namespace["PARTS"]] == list(PART_NAMES)


def test_the_three_scripts_differ_only_where_they_must():
    asyncio_text = script_for("asyncio", "http://x")
    trio_text = script_for("trio", "http://x")
    assert asyncio_text.replace(".asyncio import", ".trio import") == trio_text
    sync_text = script_for("sync", "http://x")
    assert "def main(api):" in sync_text
    assert "found.update(part(api))" in sync_text
    assert "with OsuApi(" in sync_text
    assert "(await " not in sync_text


@pytest.mark.parametrize("part", PART_NAMES)
@pytest.mark.parametrize("flavour", FLAVOURS)
def test_each_part_runs(flavour, part, emulator, tmp_path, capsys):
    namespace = load(flavour, emulator.base_url, tmp_path)
    started = time.monotonic()
    found = run_with_client(flavour, namespace, part, emulator)
    assert time.monotonic() - started < DEADLINE / 2, "a part waited (rate limit?)"
    assert isinstance(found, dict)
    assert found
    if part == "players":
        # A name goes out with no type (the API recognises it); an int goes out as an id.
        sent = [dict(r.params) for r in emulator.handler.requests if r.endpoint == "get_user"]
        by_name = [p for p in sent if p.get("u") == KNOWN.username]
        assert by_name
        assert all("type" not in p for p in by_name)
        by_id = [p for p in sent if p.get("u") == str(KNOWN.never_played_user_id)]
        assert by_id
        assert all(p.get("type") == "id" for p in by_id)
    if part == "errors":
        assert capsys.readouterr().out.strip() == "Service Unavailable"


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_the_whole_script_runs(flavour, emulator, tmp_path):
    namespace = load(flavour, emulator.base_url, tmp_path)
    api = namespace["OsuApi"](emulator.api_key, base_url=emulator.base_url, **CLIENT_OPTIONS)
    started = time.monotonic()
    if flavour == "sync":
        with api:
            found = namespace["main"](api)
            again = api.get_user(KNOWN.user_id)
    else:

        async def fetch_and_close() -> Any:
            try:
                return await api.get_user(KNOWN.user_id)
            finally:
                await api.aclose()

        found = in_event_loop(flavour, namespace["main"], api)
        again = in_event_loop(flavour, fetch_and_close)  # the same client, a second run
    assert time.monotonic() - started < DEADLINE
    assert again.username == KNOWN.username
    assert found["player"] == KNOWN.username
    assert found["match"]
    assert found["leaderboard"] == 50
    assert 0 < found["recent_plays"] <= 50
    assert found["mods"] == 72
    assert found["wrong_key"] == 401

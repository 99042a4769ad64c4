"""Each flavour against the emulator on 127.0.0.1, over real sockets and real time.

One test body per concern, parametrised over sync, asyncio and trio: every method and
parameter, the model shorthands, every fault the emulator can inject, rate limits with small
windows, hundreds of concurrent calls, cancellation, and the key kept secret throughout.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from typing import Any

import httpx
import pytest

import osu_core
from osu_core import (
    Beatmap,
    GameMode,
    GameModifiers,
    HTTPError,
    OsuError,
    RateLimit,
    RateLimits,
    ReplayUnavailable,
    RequestTimeoutError,
    ResponseError,
    RetryPolicy,
    UnreferencedApi,
)
from osu_transports.testing import SOCKET_FAULTS, FaultKind
from tests.transports._flavours import REAL_TIME_FLAVOURS, Flavour, resolved

pytestmark = pytest.mark.network

FLAVOURS = pytest.mark.parametrize("flavour", REAL_TIME_FLAVOURS, ids=repr)
ASYNC_FLAVOURS = pytest.mark.parametrize(
    "flavour", [f for f in REAL_TIME_FLAVOURS if f.is_async], ids=repr
)
QUICK_RETRY = RetryPolicy(max_attempts=4, backoff=0.01, max_backoff=0.05)
#: Generous budgets on both sides, so the functional tests never wait.
OPEN = RateLimits(default=RateLimit(1000, 1.0, burst=100), endpoints={})
NO_LIMITS_ON_SERVER = pytest.mark.osu_emulator(rate_limit=None, replay_rate_limit=None)


def make(flavour: Flavour, emulator: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("retry", QUICK_RETRY)
    kwargs.setdefault("rate_limits", OPEN)
    return flavour.api(emulator.api_key, base_url=emulator.base_url, **kwargs)


@FLAVOURS
@NO_LIMITS_ON_SERVER
def test_every_method_and_parameter(flavour: Flavour, osu_emulator):
    known = osu_emulator.known

    async def body():
        async with make(flavour, osu_emulator) as api:
            # get_beatmaps and get_beatmap, each filter
            maps = await api.get_beatmaps(beatmapset_id=known.beatmapset_id)
            assert maps
            assert {b.beatmapset_id for b in maps} == {known.beatmapset_id}
            one = await api.get_beatmap(beatmap_id=known.beatmap_id)
            assert one.beatmap_id == known.beatmap_id
            assert (await api.get_beatmaps(beatmap_id=known.beatmap_id))[0] == one
            assert (await api.get_beatmap(hash_str=one.file_md5)).beatmap_id == one.beatmap_id
            assert (await api.get_beatmaps(hash_str=one.file_md5, limit=1))[0] == one
            assert len(await api.get_beatmaps(limit=3)) == 3
            since = dt.datetime(2015, 1, 1, tzinfo=dt.timezone.utc)
            page = await api.get_beatmaps(since=since, limit=5, mode=GameMode.Osu)
            assert all(b.mode == GameMode.Osu for b in page)
            taiko = await api.get_beatmaps(mode=1, include_converted=True, limit=5)
            assert all(b.mode == GameMode.Taiko for b in taiko)
            by_creator = await api.get_beatmaps(user=one.creator, type_str="string", limit=5)
            assert all(b.creator == one.creator for b in by_creator)
            hard = await api.get_beatmap(beatmap_id=known.beatmap_id, mods=GameModifiers.HardRock)
            assert hard.beatmap_id == known.beatmap_id
            assert await api.get_beatmap(beatmap_id=999_999_999) is None
            assert await api.get_beatmap(
                beatmapset_id=known.beatmapset_id, user=one.creator_id, type_str="id", mode=0
            )

            # get_beatmap_file
            if hasattr(osu_core, "get_beatmap_file"):  # the core's builder is still landing
                osu_file = await api.get_beatmap_file(known.beatmap_id)
                assert osu_file is not None
                assert await api.get_beatmap_file(999_999_999) is None

            # get_user, every parameter
            user = await api.get_user(known.user_id, mode=GameMode.Osu, type_str="id")
            assert user.user_id == known.user_id
            assert (await api.get_user(known.username)).user_id == known.user_id
            with_events = await api.get_user(known.user_id, event_days=31)
            assert len(with_events.events) >= len(user.events)
            digits = await api.get_user(known.digit_username, type_str="string")
            assert digits.user_id == known.digit_user_id
            assert await api.get_user(known.restricted_user_id) is None

            # scores
            scores = await api.get_scores(known.beatmap_id, limit=100)
            assert len(scores) == 100
            top = await api.get_score(known.beatmap_id)
            assert top == scores[0]
            mine = await api.get_scores(
                known.beatmap_id, user=top.user_id, mode=0, type_str="id", mods=top.enabled_mods
            )
            assert [s.score_id for s in mine] == [top.score_id]
            assert (await api.get_score(known.beatmap_id, top.username, 0, "string")) == top
            assert await api.get_score(known.beatmap_id, mods=GameModifiers.Easy | 1 << 30) is None

            # user bests and recents
            bests = await api.get_user_bests(known.user_id, mode=0, type_str="id", limit=100)
            assert len(bests) == 100
            assert await api.get_user_best(known.user_id) == bests[0]
            recents = await api.get_user_recents(known.username, 0, "string", 50)
            assert len(recents) == 50
            assert await api.get_user_recent(known.username) == recents[0]

            # match
            match = await api.get_match(known.match_id)
            assert match.match_id == known.match_id
            assert match.games
            assert await api.get_match(999_999_999) is None

            # replays: by beatmap and user, by score id, and as .osr
            with_replay = next(s for s in scores if s.replay_available)
            replay = await api.get_replay(0, known.beatmap_id, with_replay.user_id, type_str="id")
            assert replay.content
            if hasattr(replay, "frames"):
                assert replay.frames()
            again = await api.get_replay(GameMode.Osu, score_id=with_replay.score_id)
            assert again.content == replay.content
            osr = await api.get_replay_osr(0, known.beatmap_id, with_replay.user_id)
            assert osr[:1] == b"\x00"
            assert one.file_md5.encode() in osr
            without = next((s for s in scores if not s.replay_available), None)
            if without is not None:
                # None, as the original library's reference says; strict=True raises
                assert await api.get_replay(0, known.beatmap_id, without.user_id) is None
                with pytest.raises(ReplayUnavailable) as info:
                    await api.get_replay(0, known.beatmap_id, without.user_id, strict=True)
                assert (info.value.code, info.value.status) == (400, 200)
                with pytest.raises(ReplayUnavailable):
                    await api.get_replay_osr(0, known.beatmap_id, without.user_id)

            # every beatmap since a date, paged until exhausted
            recent_since = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)
            walked = [b async for b in api.iter_beatmaps_since(recent_since)]
            ids = [b.beatmap_id for b in walked]
            assert len(ids) == len(set(ids))
            assert all(isinstance(b, Beatmap) for b in walked)

    flavour.run(body)


@FLAVOURS
@NO_LIMITS_ON_SERVER
def test_shorthands(flavour: Flavour, osu_emulator):
    known = osu_emulator.known

    async def body():
        async with make(flavour, osu_emulator) as api:
            beatmap = await api.get_beatmap(beatmap_id=known.beatmap_id)
            beatmapset = await resolved(beatmap.get_beatmapset())
            assert known.beatmap_id in {b.beatmap_id for b in beatmapset}

            scores = await api.get_scores(known.beatmap_id, limit=20)
            before = osu_emulator.count("get_user")
            players = [await resolved(s.get_user_data()) for s in scores]
            players += [await resolved(s.get_user_data()) for s in scores]  # cached now
            assert [p.user_id for p in players[:20]] == [s.user_id for s in scores]
            assert osu_emulator.count("get_user") - before == len({s.user_id for s in scores})
            assert (await resolved(scores[0].get_beatmap())).beatmap_id == known.beatmap_id

            with_replay = next(s for s in scores if s.replay_available)
            replay = await api.get_replay(0, known.beatmap_id, with_replay.user_id)
            assert (await resolved(replay.get_beatmap())).beatmap_id == known.beatmap_id
            assert (await resolved(replay.get_user())).user_id == with_replay.user_id

            user = await api.get_user(known.user_id)
            assert len(await resolved(user.get_user_bests(limit=5))) == 5
            match = await api.get_match(known.match_id)
            game = match.games[0]
            assert (await resolved(game.get_beatmap())).beatmap_id == game.beatmap_id

            # binding changes nothing about the value, and a hand-made copy is unbound
            copy = type(beatmap)(**{f: getattr(beatmap, f) for f in _fields(beatmap)})
            assert copy == beatmap
            assert repr(copy) == repr(beatmap)
            assert hash(copy) == hash(beatmap)
            with pytest.raises(UnreferencedApi):
                copy.get_beatmapset()

    flavour.run(body)


def _fields(model: Any) -> list[str]:
    import attrs

    return [f.name for f in attrs.fields(type(model)) if f.init and not f.name.startswith("_")]


RECOVERED = [
    FaultKind.RESET,
    FaultKind.DISCONNECT,
    FaultKind.STATUS_500,
    FaultKind.STATUS_502,
    FaultKind.STATUS_503,
    FaultKind.STATUS_504,
    FaultKind.RATE_LIMITED,
    FaultKind.RATE_LIMITED_NO_RETRY_AFTER,
    FaultKind.TOO_FAST,
    FaultKind.LATENCY,
]
DOCUMENTED = {
    FaultKind.DEEP_JSON: ResponseError,
    FaultKind.TRUNCATED_JSON: ResponseError,
    FaultKind.HTML_PAGE: ResponseError,
    FaultKind.NOT_UTF8: ResponseError,
    FaultKind.RETRIEVAL_FAILED: ReplayUnavailable,
}


@FLAVOURS
@NO_LIMITS_ON_SERVER
def test_every_fault(flavour: Flavour, osu_emulator, caplog):
    """Transient faults are retried away; the others raise their documented error. The key
    shows in no log record, error message, repr or traceback along the way."""
    for name in ("httpx", "httpcore", "osu_transports"):
        caplog.set_level(logging.DEBUG, logger=name)
    # The socket faults have their own suite (test_hostile_server.py).
    assert set(RECOVERED) | set(DOCUMENTED) == set(FaultKind) - SOCKET_FAULTS
    known = osu_emulator.known
    texts: list[str] = []

    async def body():
        async with make(flavour, osu_emulator) as api:
            texts.append(repr(api))
            for kind in RECOVERED:
                delay = 0.05 if kind is FaultKind.LATENCY else 0.0
                osu_emulator.faults.add(kind, "get_user", count=2, delay=delay)
                user = await api.get_user(known.user_id)
                assert user.user_id == known.user_id, kind
            for kind, error in DOCUMENTED.items():
                osu_emulator.faults.add(kind, "get_user", count=1)
                with pytest.raises(error) as info:
                    await api.get_user(known.user_id)
                texts.extend(_texts(info.value))
            # a retryable fault that does not go away: the last error, after 4 attempts
            osu_emulator.faults.add(FaultKind.STATUS_503, "get_user", count=4)
            with pytest.raises(HTTPError) as info:
                await api.get_user(known.user_id)
            assert info.value.code == 503
            texts.extend(_texts(info.value))
            osu_emulator.faults.add(FaultKind.RESET, "get_user", count=4)
            with pytest.raises(OsuError) as info:
                await api.get_user(known.user_id)
            texts.extend(_texts(info.value))
        # our own timeout, on a client with a short one
        slow = make(flavour, osu_emulator, timeout=0.1, retry=None)
        async with slow:
            osu_emulator.faults.add(FaultKind.LATENCY, "get_user", count=1, delay=1.0)
            with pytest.raises(RequestTimeoutError) as info:
                await slow.get_user(known.user_id)
            assert isinstance(info.value.__cause__, httpx.TimeoutException)
            texts.extend(_texts(info.value))

    flavour.run(body)
    texts.extend(r.getMessage() for r in caplog.records)
    texts.append(caplog.text)
    assert any(r.name == "httpcore.http11" for r in caplog.records)  # httpcore did log
    assert any("HTTP Request" in r.getMessage() for r in caplog.records)
    leaks = [t for t in texts if osu_emulator.api_key in t]
    assert not leaks


def _texts(error: BaseException) -> list[str]:
    formatted = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return [str(error), repr(error), formatted]


@FLAVOURS
@pytest.mark.osu_emulator(rate_limit=RateLimit(20, 1.0, burst=5), replay_rate_limit=None)
def test_rate_limit_small_window(flavour: Flavour, osu_emulator):
    limits = RateLimits(default=RateLimit(20, 1.0, burst=5), endpoints={}, headroom=0.05)

    async def body():
        async with make(flavour, osu_emulator, rate_limits=limits, retry=None) as api:
            start = flavour.now()
            for _ in range(46):
                await api.get_user(osu_emulator.known.user_id)
            return flavour.now() - start

    elapsed = flavour.run(body)
    assert osu_emulator.count(status=429) == 0
    assert osu_emulator.count("get_user", 200) == 46
    # 6 at once, then 40 at 20/s (+5% headroom)
    assert 40 / 20 <= elapsed < 40 / 20 * 1.05 + 1.0


@FLAVOURS
@pytest.mark.osu_emulator(rate_limit=None, replay_rate_limit=RateLimit(2, 1.0))
def test_replay_budget_small_window(flavour: Flavour, osu_emulator):
    known = osu_emulator.known
    limits = RateLimits(default=None, endpoints={"get_replay": RateLimit(2, 1.0)}, headroom=0.05)

    async def body():
        async with make(flavour, osu_emulator, rate_limits=limits, retry=None) as api:
            scores = await api.get_scores(known.beatmap_id, limit=50)
            with_replay = next(s for s in scores if s.replay_available)
            for _ in range(5):
                await api.get_replay(0, score_id=with_replay.score_id)

    flavour.run(body)
    assert osu_emulator.count("get_replay", 200) == 5


@ASYNC_FLAVOURS
@pytest.mark.osu_emulator(rate_limit=RateLimit(100, 1.0, burst=60), replay_rate_limit=None)
def test_hundreds_of_concurrent_calls(flavour: Flavour, osu_emulator):
    # The server runs in a thread of this process: under 250 tasks its clock reads can lag
    # the client's sends by tens of ms, and on a loaded two-core machine by a few hundred
    # (seen: one 429 at 10% headroom, and at 25% during a full suite run). Against the real
    # 60 s window such lag is well under 1%; against this 1 s one it is a third of it, so
    # the server allows 40 more in its burst than the client books (400 ms of lag; seen
    # failing at 200 ms once in three full runs). A client that did not pace its 250 calls
    # would still send far more than the server's 160 in one second.
    limits = RateLimits(default=RateLimit(100, 1.0, burst=20), endpoints={}, headroom=0.25)
    known = osu_emulator.known

    async def body():
        async with make(flavour, osu_emulator, rate_limits=limits, retry=None) as api:
            start = flavour.now()
            users = await flavour.gather([lambda: api.get_user(known.user_id)] * 250)
            return users, flavour.now() - start

    users, elapsed = flavour.run(body)
    assert all(u.user_id == known.user_id for u in users)
    assert osu_emulator.count(status=429) == 0  # the server never saw the budget exceeded
    assert osu_emulator.count("get_user", 200) == 250
    assert elapsed >= (250 - 21) / 100


@ASYNC_FLAVOURS
@NO_LIMITS_ON_SERVER
def test_cancellation_mid_flight(flavour: Flavour, osu_emulator):
    known = osu_emulator.known

    async def body():
        async with make(flavour, osu_emulator) as api:
            await api.get_user(known.user_id)  # a connection in the pool
            osu_emulator.faults.add(FaultKind.LATENCY, "get_user", count=1, delay=2.0)
            if flavour.name == "trio":
                import trio

                with trio.move_on_after(0.2) as scope:
                    await api.get_user(known.user_id)
                assert scope.cancelled_caught
            else:
                import asyncio

                with pytest.raises(asyncio.TimeoutError):  # not TimeoutError before 3.11
                    await asyncio.wait_for(api.get_user(known.user_id), 0.2)
            pool = api._http._transport._inner._pool
            assert all(c.is_idle() or c.is_closed() for c in pool.connections)
            assert (await api.get_user(known.user_id)).user_id == known.user_id
        assert api._http.is_closed

    flavour.run(body)

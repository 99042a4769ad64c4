"""``cache=``: answers kept in memory or, for a fleet, in a real Redis, served again without a
request, never past their time, and skipped when Redis fails."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from osu_core import CachePolicy, MemoryCache, SharedCache
from osu_transports.testing import KNOWN, OsuApiEmulator

redis = pytest.importorskip("redis")

pytestmark = [pytest.mark.network]


@pytest.fixture
def emulator():
    with OsuApiEmulator() as emu:
        yield emu


def test_memory_cache_serves_a_file_again_without_a_request(emulator):
    from osu_transports.sync import OsuApi

    with OsuApi(emulator.api_key, base_url=emulator.base_url, cache=True) as api:
        first = api.get_beatmap_file(KNOWN.beatmap_id)
        again = api.get_beatmap_file(KNOWN.beatmap_id)
        api.get_user(KNOWN.user_id)
        api.get_user(KNOWN.user_id)
        assert isinstance(api.cache, MemoryCache)
    assert first == again
    assert emulator.count("osu_file") == 1
    assert emulator.count("get_user") == 2  # users are never kept by default


def test_memory_cache_entries_expire(emulator):
    from osu_transports.sync import OsuApi

    policy = CachePolicy(beatmap_files=0.3)
    with OsuApi(emulator.api_key, base_url=emulator.base_url, cache=policy) as api:
        api.get_beatmap_file(KNOWN.beatmap_id)
        api.get_beatmap_file(KNOWN.beatmap_id)
        time.sleep(0.35)
        api.get_beatmap_file(KNOWN.beatmap_id)
    assert emulator.count("osu_file") == 2


@pytest.mark.redis
def test_a_fleet_shares_one_redis_cache(emulator, redis_server):
    from osu_transports.sync import OsuApi

    prefix = f"t{time.monotonic_ns()}"
    settings = dict(base_url=emulator.base_url, redis=redis_server.url)  # noqa: C408
    with (
        OsuApi(emulator.api_key, **settings, cache=SharedCache(prefix=prefix)) as one,
        OsuApi(emulator.api_key, **settings, cache=SharedCache(prefix=prefix)) as two,
    ):
        first = one.get_beatmap_file(KNOWN.beatmap_id)
        assert two.get_beatmap_file(KNOWN.beatmap_id) == first
        beatmap = one.get_beatmap(beatmap_id=KNOWN.beatmap_id)
        two.get_beatmap(beatmap_id=KNOWN.beatmap_id)
    assert emulator.count("osu_file") == 1
    kept_rows = beatmap is not None and int(beatmap.approved) in (1, 2, 4)
    assert emulator.count("get_beatmaps") == (1 if kept_rows else 2)
    client = redis.Redis.from_url(redis_server.url)
    names = list(client.scan_iter(f"{prefix}:cache:*"))
    assert names
    assert all(0 < client.pttl(name) <= 86_400_000 for name in names)
    assert all(emulator.api_key.encode() not in name for name in names)
    client.close()


@pytest.mark.redis
def test_redis_expires_what_it_keeps(emulator, redis_server):
    from osu_transports.sync import OsuApi

    cache = SharedCache(CachePolicy(beatmap_files=0.3), prefix=f"e{time.monotonic_ns()}")
    with OsuApi(emulator.api_key, base_url=emulator.base_url, redis=redis_server.url,
                cache=cache) as api:  # fmt: skip
        api.get_beatmap_file(KNOWN.beatmap_id)
        api.get_beatmap_file(KNOWN.beatmap_id)
        time.sleep(0.4)
        api.get_beatmap_file(KNOWN.beatmap_id)
    assert emulator.count("osu_file") == 2


@pytest.mark.redis
def test_a_stopped_redis_leaves_the_cache_out_and_the_calls_going(emulator, fresh_redis, caplog):
    from osu_transports.sync import OsuApi

    caplog.set_level(logging.WARNING, logger="osu_transports")
    fresh_redis.stop()
    with OsuApi(emulator.api_key, base_url=emulator.base_url, redis=fresh_redis.url,
                cache=True) as api:  # fmt: skip
        for _ in range(3):
            assert api.get_beatmap_file(KNOWN.beatmap_id) is not None
    assert emulator.count("osu_file") == 3
    messages = [r.getMessage() for r in caplog.records]
    assert any("response cache" in m and "skipping it for 5 s" in m for m in messages)


@pytest.mark.redis
@pytest.mark.parametrize("flavour", ["asyncio", "trio"])
def test_async_flavours_share_the_redis_cache(emulator, redis_server, flavour):
    prefix = f"{flavour}{time.monotonic_ns()}"

    async def fetch_twice(OsuApi) -> None:
        for _ in range(2):
            async with OsuApi(
                emulator.api_key,
                base_url=emulator.base_url,
                redis=redis_server.url,
                cache=SharedCache(prefix=prefix),
            ) as api:
                assert await api.get_beatmap_file(KNOWN.beatmap_id) is not None  # fmt: skip

    if flavour == "asyncio":
        from osu_transports.asyncio import OsuApi

        asyncio.run(fetch_twice(OsuApi))
    else:
        trio = pytest.importorskip("trio")
        from osu_transports.trio import OsuApi as TrioApi

        trio.run(fetch_twice, TrioApi)
    assert emulator.count("osu_file") == 1


def test_a_shared_cache_needs_redis():
    from osu_core import InvalidArgument
    from osu_transports.sync import OsuApi

    with pytest.raises(InvalidArgument, match="redis="):
        OsuApi("k" * 40, cache=SharedCache())
    with pytest.raises(InvalidArgument, match="cache"):
        OsuApi("k" * 40, cache="yes")  # type: ignore[arg-type]

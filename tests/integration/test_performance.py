"""``get_performance`` on the three clients: a play's pp from its map's ``.osu``, downloaded
once per map over loopback, with the same figures as ``osu_core.performance`` gives."""

from __future__ import annotations

import asyncio

import pytest

from osu_core import InvalidArgument, MultiplayerScore, ResponseError
from osu_transports import _client
from osu_transports.testing import KNOWN, OsuApiEmulator

pytest.importorskip("rosu_pp_py")
from osu_core.performance import beatmap_md5, calculate_performance

pytestmark = [pytest.mark.network]


@pytest.fixture
def emulator():
    with OsuApiEmulator() as emu:
        yield emu


def test_recent_plays_get_their_pp_with_one_download_per_map(emulator):
    from osu_transports.sync import OsuApi

    with OsuApi(emulator.api_key, base_url=emulator.base_url) as api:
        plays = list(api.get_user_recents(KNOWN.user_id))[:12]
        results = [api.get_performance(play) for play in plays]
        maps = {play.beatmap_id for play in plays}
        files = {beatmap_id: api.get_beatmap_file(beatmap_id) for beatmap_id in maps}
    # One download per distinct map for the pp, plus the ones this test made itself.
    assert emulator.count("osu_file") == 2 * len(maps)
    for play, result in zip(plays, results, strict=True):
        expected = calculate_performance(files[play.beatmap_id], play)
        assert result == expected
        assert result.pp > 0
        assert (result.passed_objects is None) == (play.rank != "F")
    assert any(play.rank == "F" for play in plays)


def test_the_md5_of_the_played_version_is_checked(emulator):
    from osu_transports.sync import OsuApi

    with OsuApi(emulator.api_key, base_url=emulator.base_url) as api:
        play = next(iter(api.get_user_bests(KNOWN.user_id)))
        beatmap = api.get_beatmaps(beatmap_id=play.beatmap_id)[0]
        good = api.get_performance(play, beatmap_md5=beatmap.file_md5.upper())
        assert beatmap_md5(api.get_beatmap_file(play.beatmap_id)) == beatmap.file_md5
        with pytest.raises(ResponseError, match="the map was updated after the play") as info:
            api.get_performance(play, beatmap_md5="0" * 32)
        assert info.value.endpoint == "get_beatmap_file"
        for bad in ("not-an-md5", 12345, "0" * 31):
            with pytest.raises(InvalidArgument, match="beatmap_md5 must be 32") as bad_info:
                api.get_performance(play, beatmap_md5=bad)  # type: ignore[arg-type]
            assert bad_info.value.parameter == "beatmap_md5"
    assert good.pp > 0
    # The wrong md5 did not trust the kept file: it was downloaded again to check.
    assert emulator.count("osu_file") == 3


def test_rows_without_a_beatmap_id_need_one(emulator):
    from osu_transports.sync import OsuApi

    with OsuApi(emulator.api_key, base_url=emulator.base_url) as api:
        match = api.get_match(KNOWN.match_id)
        assert match is not None
        game = next(g for g in match.games if g.scores)
        score = game.scores[0]
        assert isinstance(score, MultiplayerScore)
        with pytest.raises(InvalidArgument, match="pass beatmap_id=") as info:
            api.get_performance(score)
        assert info.value.parameter == "beatmap_id"
        result = api.get_performance(score, game.play_mode, beatmap_id=game.beatmap_id)
    assert result.mode == game.play_mode
    assert emulator.count("osu_file") == 1


def test_a_map_without_a_file_is_a_response_error(emulator):
    from osu_transports.sync import OsuApi

    with OsuApi(emulator.api_key, base_url=emulator.base_url) as api:
        play = next(iter(api.get_user_bests(KNOWN.user_id)))
        with pytest.raises(ResponseError, match=r"no \.osu file for beatmap 999999999"):
            api.get_performance(play, beatmap_id=999_999_999)


def test_kept_maps_are_bounded_and_the_response_cache_serves_evicted_ones(emulator, monkeypatch):
    from osu_transports.sync import OsuApi

    monkeypatch.setattr(_client, "PERFORMANCE_FILES", 2)
    with OsuApi(emulator.api_key, base_url=emulator.base_url) as api:
        plays = list(api.get_user_recents(KNOWN.user_id))
        distinct = list({p.beatmap_id: p for p in plays}.values())[:3]
        for play in distinct:
            api.get_performance(play)
        assert list(api._rated_maps) == [p.beatmap_id for p in distinct[1:]]
        api.get_performance(distinct[0])  # evicted: downloaded again
    assert emulator.count("osu_file") == 4
    with OsuApi(emulator.api_key, base_url=emulator.base_url, cache=True) as api:
        for play in [*distinct, distinct[0]]:
            api.get_performance(play)
        assert len(api._rated_maps) == 2
    # The evicted map came back from the response cache: one download per map.
    assert emulator.count("osu_file") == 4 + 3


def test_asyncio_flavour(emulator):
    from osu_transports.asyncio import OsuApi

    async def main():
        async with OsuApi(emulator.api_key, base_url=emulator.base_url) as api:
            plays = list(await api.get_user_recents(KNOWN.user_id))[:4]
            results = await asyncio.gather(*(api.get_performance(p) for p in plays))
            return plays, results, await api.get_beatmap_file(plays[0].beatmap_id)

    plays, results, file = asyncio.run(main())
    assert results[0] == calculate_performance(file, plays[0])
    assert all(r.pp > 0 for r in results)


def test_trio_flavour(emulator):
    trio = pytest.importorskip("trio")
    from osu_transports.trio import OsuApi

    async def main():
        async with OsuApi(emulator.api_key, base_url=emulator.base_url) as api:
            play = next(iter(await api.get_user_bests(KNOWN.user_id)))
            return (
                play,
                await api.get_performance(play),
                await api.get_beatmap_file(play.beatmap_id),
            )

    play, result, file = trio.run(main)
    assert result == calculate_performance(file, play)

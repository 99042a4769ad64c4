"""Models as values: binding a client, shorthands, collections, the beatmap pager."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest

import osu_core
from osu_core import (
    Beatmap,
    BeatmapCollection,
    GameMode,
    Response,
    ScoreCollection,
    UnreferencedApi,
)


@pytest.fixture
def beatmaps(corpus) -> BeatmapCollection:
    body = (corpus / "api" / "get_beatmaps-3.json").read_bytes()
    return osu_core.get_beatmaps().parse(Response(status_code=200, body=body))


@pytest.fixture
def scores(corpus) -> ScoreCollection:
    body = (corpus / "api" / "get_scores-1.json").read_bytes()
    return osu_core.get_scores(222342, mode=1).parse(Response(status_code=200, body=body))


class Recorder:
    """Stands in for a client: records the shorthand calls it receives."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        def method(*args: Any, **kwargs: Any) -> str:
            self.calls.append((name, args, kwargs))
            return f"result of {name}"

        return method


class TestBinding:
    def test_unbound_shorthands_raise(self, beatmaps, scores):
        with pytest.raises(UnreferencedApi, match="Beatmap"):
            beatmaps[0].get_beatmapset()
        with pytest.raises(UnreferencedApi):
            scores[0].get_user_data()
        with pytest.raises(UnreferencedApi):
            _ = beatmaps.api

    def test_binding_changes_nothing_of_the_value(self, beatmaps):
        other = osu_core.make_converter().structure(
            osu_core.make_converter().unstructure(beatmaps[0]), Beatmap
        )
        before = (repr(beatmaps[0]), hash(beatmaps[0]))
        osu_core.bind_client(beatmaps, Recorder())
        assert beatmaps[0] == other
        assert (repr(beatmaps[0]), hash(beatmaps[0])) == before
        assert hash(other) == hash(beatmaps[0])
        assert "Recorder" not in repr(beatmaps)
        assert "_api" not in osu_core.make_converter().unstructure(beatmaps[0])

    def test_shorthands_go_through_the_client(self, beatmaps, scores):
        client = Recorder()
        osu_core.bind_client(beatmaps, client)
        osu_core.bind_client(scores, client)
        assert beatmaps.api is client
        assert beatmaps[0].get_beatmapset() == "result of get_beatmaps"
        assert scores[0].get_user_data() == "result of get_cached_user"
        assert scores[0].get_user_data(mode=GameMode.Mania) == "result of get_cached_user"
        assert scores[0].get_beatmap() == "result of get_beatmap"
        assert client.calls == [
            ("get_beatmaps", (), {"beatmapset_id": 675314}),
            ("get_cached_user", (1,), {"mode": GameMode.Taiko}),
            ("get_cached_user", (1,), {"mode": GameMode.Mania}),
            ("get_beatmap", (), {"beatmap_id": 222342}),
        ]

    def test_nested_models_are_bound(self, corpus):
        body = (corpus / "api" / "get_match-1.json").read_bytes()
        match = osu_core.get_match(1).parse(Response(status_code=200, body=body))
        client = Recorder()
        osu_core.bind_client(match, client)
        assert match.games[0].get_beatmap() == "result of get_beatmap"
        assert match.games[0].scores[0].get_user() == "result of get_user"
        assert client.calls[0] == ("get_beatmap", (), {"beatmap_id": 315553, "mode": GameMode.Osu})
        assert client.calls[1] == ("get_user", (14582211,), {"type_str": "id"})

    def test_replay_shorthands(self):
        replay = osu_core.Replay(content="", mode=GameMode.Osu, beatmap_id=75, user="peppy")
        client = Recorder()
        osu_core.bind_client(replay, client)
        replay.get_beatmap()
        replay.get_user(mode=1)
        by_id = osu_core.Replay(content="", mode=GameMode.Osu, beatmap_id=75, user=2)
        osu_core.bind_client(by_id, client)
        by_id.get_user()
        assert client.calls == [
            ("get_beatmap", (), {"beatmap_id": 75}),
            # The API read a name as a name: asked again as one, even if it is made of digits.
            ("get_user", ("peppy",), {"mode": 1, "type_str": "string"}),
            ("get_user", (2,), {}),
        ]

    def test_best_and_recent_get_user(self, corpus):
        # The original library's test script calls these.
        client = Recorder()
        for endpoint, builder in (
            ("get_user_best", osu_core.get_user_bests),
            ("get_user_recent", osu_core.get_user_recents),
        ):
            rows = builder(2, mode=GameMode.Taiko).parse(
                osu_core.Response(
                    status_code=200, body=(corpus / "api" / f"{endpoint}-2.json").read_bytes()
                )
            )
            osu_core.bind_client(rows, client)
            rows[0].get_user()
            rows[0].get_user(mode=0, event_days=3)
            assert client.calls[-2:] == [
                ("get_user", (rows[0].user_id,), {"type_str": "id", "mode": GameMode.Taiko}),
                ("get_user", (rows[0].user_id,), {"type_str": "id", "mode": 0, "event_days": 3}),
            ]

    def test_models_are_frozen(self, beatmaps):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            beatmaps[0].title = "x"  # type: ignore[misc]
        assert not beatmaps[0].is_empty


class TestCollections:
    def test_typed_append(self, beatmaps, scores):
        beatmaps.append(beatmaps[0])
        with pytest.raises(TypeError, match="BeatmapCollection holds Beatmap"):
            beatmaps.append(scores[0])  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            beatmaps.extend([scores[0]])  # type: ignore[list-item]
        with pytest.raises(TypeError):
            beatmaps.insert(0, "x")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            beatmaps[0] = "x"  # type: ignore[call-overload]
        with pytest.raises(TypeError):
            beatmaps += ["x"]  # type: ignore[list-item]
        with pytest.raises(TypeError):
            BeatmapCollection(["x"])  # type: ignore[list-item]
        assert repr(BeatmapCollection()) == "BeatmapCollection([])"
        assert BeatmapCollection().is_empty

    def test_the_wrong_type_is_a_type_error_and_a_value_error(self, beatmaps, scores):
        # The original library raised ValueError; TypeError is what it is. Both catch it.
        for add in (beatmaps.append, beatmaps.extend, BeatmapCollection):
            item = scores[0] if add == beatmaps.append else [scores[0]]
            with pytest.raises(osu_core.CollectionTypeError) as info:
                add(item)
            assert isinstance(info.value, TypeError)
            assert isinstance(info.value, ValueError)
            assert isinstance(info.value, osu_core.OsuError)
            assert "BeatmapCollection holds Beatmap models, not Score" in str(info.value)

    def test_none_and_falsy_items_are_skipped_as_the_original_did(self, beatmaps):
        before = list(beatmaps)
        beatmaps.append(None)
        beatmaps.insert(0, None)
        beatmaps.extend([None, beatmaps[0], None])
        assert beatmaps == [*before, before[0]]
        assert BeatmapCollection([None, before[0], 0, ""]) == [before[0]]  # type: ignore[list-item]

    def test_built_by_hand_with_a_client(self, beatmaps):
        client = Recorder()
        made = BeatmapCollection(beatmaps[:1], api=client)
        assert made.api is client
        assert made == beatmaps[:1]
        with pytest.raises(osu_core.UnreferencedApi):
            _ = BeatmapCollection(beatmaps[:1]).api


def beatmap_row(beatmap_id: int, approved: str) -> dict[str, str]:
    return {
        "beatmapset_id": "1",
        "beatmap_id": str(beatmap_id),
        "approved": "1",
        "approved_date": approved,
        "last_update": approved,
        "artist": "a",
        "title": "t",
        "creator": "c",
        "version": "v",
        "file_md5": "0" * 32,
        "mode": "0",
        "bpm": "120",
        "diff_size": "4",
        "diff_overall": "4",
        "diff_approach": "4",
        "diff_drain": "4",
        "hit_length": "1",
        "total_length": "1",
        "source": "",
        "tags": "",
        "genre_id": "1",
        "language_id": "1",
        "favourite_count": "0",
        "playcount": "0",
        "passcount": "0",
    }


class TestPager:
    def serve(self, rows, call, inclusive=True):
        since = dict(call.request.params)["since"]
        limit = int(dict(call.request.params)["limit"])
        keep = (lambda d: d >= since) if inclusive else (lambda d: d > since)
        page = [r for r in rows if keep(r["approved_date"])][:limit]
        return call.parse(Response(status_code=200, body=json.dumps(page).encode()))

    @pytest.mark.parametrize("inclusive", [True, False])
    def test_walks_every_map_once_across_shared_dates(self, inclusive):
        # 23 maps in groups of three sharing one approved_date, paged 5 at a time, whether the
        # server compares since with >= or with >.
        rows = [beatmap_row(i, f"2024-01-01 00:00:{i // 3 + 1:02d}") for i in range(1, 24)]
        pager = osu_core.BeatmapsSincePager(since="2024-01-01", limit=5)
        seen = []
        pages = 0
        while (call := pager.next_call()) is not None:
            pages += 1
            seen += [b.beatmap_id for b in pager.feed(self.serve(rows, call, inclusive))]
            assert pages < 50
        assert seen == list(range(1, 24))
        assert pager.done

    def test_a_full_page_of_one_second_still_ends(self):
        rows = [beatmap_row(i, "2024-01-01 00:00:00") for i in range(1, 8)]
        pager = osu_core.BeatmapsSincePager(since=dt.date(2024, 1, 1), limit=5)
        seen = []
        while (call := pager.next_call()) is not None:
            seen += [b.beatmap_id for b in pager.feed(self.serve(rows, call))]
        # the two maps past the limit in that one second cannot be reached: documented
        assert seen == [1, 2, 3, 4, 5]

    def test_bad_filters_fail_at_once(self):
        with pytest.raises(osu_core.InvalidArgument, match="mode"):
            osu_core.BeatmapsSincePager(since="2024-01-01", mode=9)
        with pytest.raises(osu_core.InvalidArgument, match="limit"):
            osu_core.BeatmapsSincePager(since="2024-01-01", limit=900)

    def walk(self, pager, answer):
        """Drive ``pager`` as ``OsuApi.iter_beatmaps_since`` does, ``answer(n)`` giving the rows
        of the n-th request: the ids yielded, the requests made, the error that ended it."""
        seen, requests = [], 0
        try:
            while (call := pager.next_call()) is not None:
                requests += 1
                assert requests < 50
                body = json.dumps(answer(requests)).encode()
                rows = call.parse(Response(status_code=200, body=body))
                seen += [b.beatmap_id for b in pager.feed(rows)]
        except osu_core.ResponseError as error:
            return seen, requests, error
        return seen, requests, None

    def test_a_server_that_ignores_since_is_given_up_on(self):
        # issue 10: ~1,000 requests in 10 s against such a server, for nothing new
        rows = [beatmap_row(i, f"2024-01-01 00:00:{i:02d}") for i in range(1, 21)]
        pager = osu_core.BeatmapsSincePager(since="2024-01-01", limit=5)
        seen, requests, error = self.walk(pager, lambda n: rows[:5])
        assert seen == [1, 2, 3, 4, 5]
        assert requests == 1 + osu_core._paging.MAX_STALE_PAGES == 4
        assert error is not None
        assert error.endpoint == "get_beatmaps"
        assert "since='2024-01-01 00:00:07'" in error.message  # the cursor it had reached
        assert "started at since='2024-01-01 00:00:00'" in error.message
        with pytest.raises(osu_core.ResponseError):  # and it stays given up
            pager.next_call()
        assert not pager.done

    def test_new_rows_of_the_last_stale_page_still_reach_the_caller(self):
        # New ids every time, but dated before the since asked for: not a filtering server.
        def answer(n):
            return [beatmap_row(5 * n + i, "2020-01-01 00:00:00") for i in range(5)]

        pager = osu_core.BeatmapsSincePager(since="2024-01-01", limit=5)
        seen, requests, error = self.walk(pager, answer)
        assert requests == 3
        assert error is not None
        assert "does not seem to honour 'since'" in error.message
        assert seen == list(range(5, 20))  # the error comes from next_call, after the rows

    @pytest.mark.parametrize("inclusive", [True, False])
    def test_crowded_seconds_are_not_mistaken_for_a_broken_server(self, inclusive):
        # More maps than a page in each of two consecutive seconds: honest stale pages.
        rows = [beatmap_row(i, "2024-01-01 00:00:01") for i in range(1, 8)]
        rows += [beatmap_row(i, "2024-01-01 00:00:02") for i in range(8, 15)]
        rows += [beatmap_row(i, "2024-01-01 00:00:03") for i in range(15, 17)]
        pager = osu_core.BeatmapsSincePager(since="2024-01-01", limit=5)
        seen = []
        while (call := pager.next_call()) is not None:
            seen += [b.beatmap_id for b in pager.feed(self.serve(rows, call, inclusive))]
        assert pager.done
        assert seen == [*range(1, 6), *range(8, 13), 15, 16]  # the documented loss past a page

    def test_the_last_mysql_second_ends_the_walk(self):
        rows = [beatmap_row(i, "9999-12-31 23:59:59") for i in range(1, 4)]
        pager = osu_core.BeatmapsSincePager(since="9999-12-31 23:59:58", limit=3)
        seen = []
        while (call := pager.next_call()) is not None:
            seen += [b.beatmap_id for b in pager.feed(self.serve(rows, call))]
        assert pager.done  # the cursor could not move past 9999-12-31 23:59:59
        assert seen == [1, 2, 3]

    @pytest.mark.parametrize(
        "since",
        [
            dt.datetime.min,  # noqa: DTZ901 - naive on purpose
            dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=5))),
            dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            dt.date(1, 1, 1),
            "0001-01-01",
            "0999-12-31 23:59:59",
        ],
    )
    def test_since_outside_mysql_range(self, since):
        with pytest.raises(osu_core.InvalidArgument) as info:
            osu_core.BeatmapsSincePager(since=since)
        assert info.value.parameter == "since"

    @pytest.mark.parametrize("page", [None, 5, "rows", [{"beatmap_id": 1}], [None]])
    def test_a_page_must_hold_beatmaps(self, page):
        pager = osu_core.BeatmapsSincePager(since="2024-01-01")
        with pytest.raises(osu_core.InvalidArgument) as info:
            pager.feed(page)
        assert info.value.parameter == "page"

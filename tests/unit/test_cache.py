"""The response cache's pure parts: what may be kept and for how long, the names, the memory
store's bounds and clock, the Redis store's scripts, and ``call_flow`` serving and filling
either (the Redis store against a real server is in ``tests/integration/test_cache.py``)."""

from __future__ import annotations

import json

import pytest

import osu_core
from osu_core import (
    CachePolicy,
    Coordinate,
    InvalidArgument,
    MemoryCache,
    Reply,
    Response,
    Send,
    SharedCache,
    SharedLimitError,
    call_flow,
)
from osu_core._cache import cache_key
from tests._support import ROOT

KEY = "0123456789abcdef0123456789abcdef01234567"
BASE = "https://osu.ppy.sh"
BEATMAPS = (ROOT / "tests/corpus/api/get_beatmaps-3.json").read_bytes()
OSU_FILE = b"osu file format v14\r\n\r\n[General]\r\nMode: 0\r\n"


def ok(body: bytes) -> Response:
    return Response(status_code=200, body=body)


def with_approved(state: int) -> bytes:
    rows = json.loads(BEATMAPS)
    for row in rows:
        row["approved"] = str(state)
    return json.dumps(rows).encode()


class TestPolicy:
    def ttl(self, call, response, policy=None):
        policy = policy or CachePolicy()
        return policy.ttl(call.request, response, call.parse(response))

    def test_osu_files_and_replays_are_kept_a_day(self):
        assert self.ttl(osu_core.get_beatmap_file(75), ok(OSU_FILE)) == 86_400
        replay = ok(b'{"content": "XQAAAAA=", "encoding": "base64"}')
        assert self.ttl(osu_core.get_replay(0, 1, 2), replay) == 86_400

    def test_what_says_nothing_is_not_kept(self):
        assert self.ttl(osu_core.get_beatmap_file(75), ok(b"")) == 0  # no file: ask again
        gone = ok(b'{"error": "Replay not available."}')
        assert self.ttl(osu_core.get_replay(0, 1, 2), gone) == 0
        assert self.ttl(osu_core.get_beatmaps(since=None), ok(b"[]")) == 0
        assert self.ttl(osu_core.get_beatmap(beatmap_id=1), ok(b"[]")) == 0

    @pytest.mark.parametrize(("state", "kept"), [(1, 3600), (2, 3600), (4, 3600),
                                                 (-2, 0), (-1, 0), (0, 0), (3, 0)])  # fmt: skip
    def test_beatmap_rows_are_kept_while_every_one_is_ranked_approved_or_loved(self, state, kept):
        assert self.ttl(osu_core.get_beatmaps(), ok(with_approved(state))) == kept
        assert self.ttl(osu_core.get_beatmap(beatmap_id=1), ok(with_approved(state))) == kept

    def test_one_changing_row_keeps_the_whole_answer_out(self):
        rows = json.loads(with_approved(1))
        rows[-1]["approved"] = "3"  # qualified: about to change
        assert self.ttl(osu_core.get_beatmaps(), ok(json.dumps(rows).encode())) == 0

    def test_users_and_plays_are_not_kept_unless_asked(self):
        body = (ROOT / "tests/corpus/api/get_user-1.json").read_bytes()
        assert not CachePolicy().may_keep(osu_core.get_user(2).request)
        assert self.ttl(osu_core.get_user(2), ok(body)) == 0
        assert self.ttl(osu_core.get_user(2), ok(body), CachePolicy(users=60)) == 60
        assert CachePolicy(plays=5).may_keep(osu_core.get_user_recents(2).request)

    def test_errors_and_large_bodies_are_not_kept(self):
        policy = CachePolicy(max_entry_size=10)
        request = osu_core.get_beatmap_file(75).request
        assert policy.ttl(request, ok(OSU_FILE), object()) == 0
        assert CachePolicy().ttl(request, Response(status_code=404, body=b""), object()) == 0

    @pytest.mark.parametrize("setting", [{"users": -1}, {"replays": 10**9}, {"plays": True},
                                         {"max_entry_size": 0}, {"users": float("nan")}],
                             )  # fmt: skip
    def test_bad_settings_are_refused_by_name(self, setting):
        with pytest.raises(InvalidArgument) as raised:
            CachePolicy(**setting)
        assert raised.value.parameter == next(iter(setting))


def test_names_hold_the_server_path_and_parameters_never_the_key():
    user = osu_core.get_user(2).request
    assert cache_key(user, BASE) == cache_key(osu_core.get_user(2).request, BASE)
    assert cache_key(user, BASE) != cache_key(osu_core.get_user(3).request, BASE)
    assert cache_key(user, BASE) != cache_key(user, "https://mirror.example")
    prepared = osu_core.prepare(user, base_url=BASE, api_key=KEY)
    assert KEY not in cache_key(user, BASE)
    assert len(cache_key(user, BASE)) == 40
    assert prepared.params == user.params  # what the name is made of has no key


class TestMemoryCache:
    def test_an_entry_is_served_until_its_time_and_not_after(self):
        cache = MemoryCache()
        cache.put("a", b"body", ttl=10.0, now=100.0)
        assert cache.get("a", 109.999) == b"body"
        assert cache.get("a", 110.0) is None
        assert len(cache) == 0  # dropped once seen stale

    def test_least_recently_used_goes_first_by_count(self):
        cache = MemoryCache(max_entries=2)
        cache.put("a", b"1", 60, 0.0)
        cache.put("b", b"2", 60, 0.0)
        assert cache.get("a", 1.0) == b"1"  # a is now the most recent
        cache.put("c", b"3", 60, 1.0)
        assert cache.get("b", 1.0) is None
        assert cache.get("a", 1.0) == b"1"
        assert cache.get("c", 1.0) == b"3"

    def test_bytes_are_bounded_and_a_replaced_entry_is_counted_once(self):
        cache = MemoryCache(max_bytes=10)
        cache.put("a", b"x" * 6, 60, 0.0)
        cache.put("a", b"y" * 6, 60, 0.0)
        assert len(cache) == 1
        cache.put("b", b"z" * 6, 60, 0.0)  # 12 bytes: a goes
        assert cache.get("a", 0.0) is None
        assert cache.get("b", 0.0) == b"z" * 6
        cache.put("big", b"q" * 11, 60, 0.0)  # over the whole bound: not kept
        assert cache.get("big", 0.0) is None
        assert cache.get("b", 0.0) == b"z" * 6

    def test_nothing_is_kept_for_no_time(self):
        cache = MemoryCache()
        cache.put("a", b"1", 0.0, 0.0)
        assert len(cache) == 0

    @pytest.mark.parametrize("kwargs", [{"max_entries": 0}, {"max_bytes": -1},
                                        {"max_entries": 2.5}, {"policy": 60}])  # fmt: skip
    def test_bad_bounds_are_refused(self, kwargs):
        with pytest.raises(InvalidArgument):
            MemoryCache(**kwargs)


class TestSharedCache:
    def test_scripts_read_and_write_under_the_prefix_with_the_time_in_milliseconds(self):
        cache = SharedCache()
        get = cache.get("abc")
        assert get.keys == ("osu-api-v1:cache:abc",)
        assert get.args == ()
        put = cache.put("abc", b"body", 1.5)
        assert put is not None
        assert put.keys == ("osu-api-v1:cache:abc",)
        assert put.args == (b"body", "1500")
        assert cache.put("abc", b"body", 0) is None
        assert SharedCache(CachePolicy(max_entry_size=3)).put("abc", b"body", 9) is None

    def test_answers_are_read_as_bodies_or_misses(self):
        cache = SharedCache()
        assert cache.got(b"body") == b"body"
        assert cache.got(None) is None
        assert cache.got(1) is None

    def test_a_failure_leaves_the_cache_alone_for_the_probe_interval(self):
        cache = SharedCache(probe_interval=2.0)
        cache.failed(10.0)
        assert cache.degraded(11.9)
        assert not cache.degraded(12.0)


# --- driven by call_flow ---------------------------------------------------------------------


def run_to_end(flow, answer):
    """Drive ``flow``, answering each action with ``answer(action)``; (actions, result)."""
    actions = []
    action = next(flow)
    while True:
        actions.append(action)
        try:
            action = flow.send(answer(action))
        except StopIteration as done:
            return actions, done.value


def test_a_kept_answer_is_served_without_a_request_until_its_time():
    cache = MemoryCache()
    call = osu_core.get_beatmap_file(75)
    sends = []

    def answer(action):
        sends.append(action)
        return Reply(now=0.0, response=ok(OSU_FILE))

    _, first = run_to_end(call_flow(call, now=0.0, cache=cache), answer)
    assert len(sends) == 1
    flow = call_flow(osu_core.get_beatmap_file(75), now=50.0, cache=cache)
    with pytest.raises(StopIteration) as done:
        next(flow)  # served from the cache: no action at all
    assert done.value.value == first
    actions, _ = run_to_end(call_flow(call, now=86_400.0, cache=cache), answer)
    assert [type(a) for a in actions] == [Send]  # expired: asked again


def test_a_damaged_entry_is_asked_again():
    cache = MemoryCache()
    call = osu_core.get_beatmaps()
    cache.put(cache_key(call.request, osu_core.DEFAULT_BASE_URL), b"not json", 60, 0.0)
    actions, result = run_to_end(
        call_flow(call, now=1.0, cache=cache),
        lambda action: Reply(now=1.0, response=ok(with_approved(1))),
    )
    assert [type(a) for a in actions] == [Send]
    assert len(result) > 0
    assert cache.get(cache_key(call.request, osu_core.DEFAULT_BASE_URL), 2.0) == with_approved(1)


def test_an_endpoint_the_policy_never_keeps_is_not_looked_up():
    cache = MemoryCache()
    body = (ROOT / "tests/corpus/api/get_user-1.json").read_bytes()
    actions, _ = run_to_end(
        call_flow(osu_core.get_user(2), now=0.0, cache=cache),
        lambda action: Reply(now=0.0, response=ok(body)),
    )
    assert [type(a) for a in actions] == [Send]
    assert len(cache) == 0


def test_the_shared_cache_is_asked_first_then_filled():
    cache = SharedCache()
    call = osu_core.get_beatmap_file(75)
    seen = []

    def answer(action):
        seen.append(action)
        if isinstance(action, Coordinate):
            return Reply(now=0.0, result=None if action.script.args == () else 1)
        return Reply(now=0.0, response=ok(OSU_FILE))

    run_to_end(call_flow(call, now=0.0, cache=cache), answer)
    lookup, send, store = seen
    assert isinstance(lookup, Coordinate)
    assert lookup.purpose == "cache"
    assert isinstance(send, Send)
    assert isinstance(store, Coordinate)
    assert store.script.args == (OSU_FILE, "86400000")
    hit = call_flow(call, now=1.0, cache=cache)
    assert isinstance(next(hit), Coordinate)
    with pytest.raises(StopIteration) as done:
        hit.send(Reply(now=1.0, result=OSU_FILE))
    assert done.value.value.content.startswith("osu file format v14")


def test_a_failing_shared_cache_is_skipped_and_the_call_goes_on():
    cache = SharedCache(probe_interval=5.0)
    call = osu_core.get_beatmap_file(75)
    failure = SharedLimitError("the shared response cache's Redis failed: refused")

    def answer(action):
        if isinstance(action, Coordinate):
            return Reply(now=0.0, error=failure)
        return Reply(now=0.0, response=ok(OSU_FILE))

    actions, result = run_to_end(call_flow(call, now=0.0, cache=cache), answer)
    assert [type(a) for a in actions] == [Coordinate, Send]  # no store while degraded
    assert result is not None
    assert cache.degraded(4.0)
    actions, _ = run_to_end(call_flow(call, now=1.0, cache=cache), answer)
    assert [type(a) for a in actions] == [Send]

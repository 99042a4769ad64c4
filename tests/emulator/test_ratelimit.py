"""Rate limits: exact counting with a fake clock, and under concurrency through the server."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from osu_core import RateLimit
from osu_transports.testing import KNOWN, EmulatorConfig, EmulatorHandler, OsuApiEmulator

from .conftest import KEY

TOO_FAST = b'{"error":"Requesting too fast! Slow your operation, cap\'n!"}'


def get(handler, endpoint, now, key=KEY, **params):
    query = [("k", key)] + [(k, str(v)) for k, v in params.items()]
    return handler.handle("GET", f"/api/{endpoint}", query, now)


class TestFakeClock:
    def test_window_of_requests_plus_burst(self):
        handler = EmulatorHandler(EmulatorConfig(rate_limit=RateLimit(5, 10.0, burst=2)))
        statuses = [get(handler, "get_user", 0.0, u=1).status for _ in range(9)]
        assert statuses == [200] * 7 + [429] * 2
        assert get(handler, "get_user", 9.99, u=1).status == 429
        assert get(handler, "get_user", 10.0, u=1).status == 200  # the first slots expired

    def test_retry_after_header_configurable(self):
        limited = EmulatorHandler(EmulatorConfig(rate_limit=RateLimit(1, 30.0)))
        get(limited, "get_user", 0.0, u=1)
        refused = get(limited, "get_user", 4.5, u=1)
        assert refused.status == 429
        assert dict(refused.headers)["Retry-After"] == "26"
        bare = EmulatorHandler(EmulatorConfig(rate_limit=RateLimit(1, 30.0), retry_after=False))
        get(bare, "get_user", 0.0, u=1)
        assert "Retry-After" not in dict(get(bare, "get_user", 1.0, u=1).headers)

    def test_per_key_budgets(self):
        handler = EmulatorHandler(
            EmulatorConfig(rate_limit=RateLimit(2, 60.0), extra_keys=("other",))
        )
        assert [get(handler, "get_user", 0, u=1).status for _ in range(3)] == [200, 200, 429]
        assert get(handler, "get_user", 0, key="other", u=1).status == 200

    def test_replay_limit_answers_too_fast_body(self):
        handler = EmulatorHandler(EmulatorConfig(replay_rate_limit=RateLimit(10, 60.0)))
        bodies = [get(handler, "get_replay", float(i), m=0, s=1).body for i in range(12)]
        assert bodies[:10] == [b'{"error":"Replay not available."}'] * 10
        assert bodies[10:] == [TOO_FAST] * 2
        assert get(handler, "get_replay", 11.0, m=0, s=1).status == 200
        assert get(handler, "get_user", 11.0, u=1).body == b"[]"  # other endpoints unaffected
        assert get(handler, "get_replay", 60.0, m=0, s=1).body != TOO_FAST

    def test_defaults_are_the_wiki_budgets(self):
        config = EmulatorConfig()
        assert config.rate_limit == RateLimit(1200, 60.0, burst=200)
        assert config.replay_rate_limit == RateLimit(10, 60.0)
        handler = EmulatorHandler()
        statuses = [get(handler, "get_match", 0.0, mp=1).status for _ in range(1401)]
        assert statuses.count(200) == 1400
        assert statuses[-1] == 429

    def test_wrong_keys_and_files_do_not_count(self):
        handler = EmulatorHandler(EmulatorConfig(rate_limit=RateLimit(1, 60.0)))
        for _ in range(5):
            get(handler, "get_user", 0, key="nope", u=1)
            handler.handle("GET", f"/osu/{KNOWN.beatmap_id}", "", 0)
        assert get(handler, "get_user", 0, u=1).status == 200

    def test_optional_client_limit(self):
        handler = EmulatorHandler(EmulatorConfig(client_rate_limit=RateLimit(2, 60.0)))
        statuses = [handler.handle("GET", "/osu/1", "", 0, "10.0.0.1").status for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert handler.handle("GET", "/osu/1", "", 0, "10.0.0.2").status == 200


@pytest.mark.network
def test_counts_exact_under_concurrency():
    allowed = 150
    config = EmulatorConfig(rate_limit=RateLimit(allowed, 3600.0), replay_rate_limit=None)
    with OsuApiEmulator(config) as emu, httpx.Client(base_url=emu.base_url) as client:

        def call(i: int) -> int:
            params = {"k": emu.api_key, "u": KNOWN.user_id}
            return client.get("/api/get_user", params=params).status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(call, range(400)))
        assert statuses.count(200) == allowed
        assert statuses.count(429) == 400 - allowed
        assert emu.count("get_user", 200) == allowed
        assert emu.count("get_user") == 400


@pytest.mark.network
def test_hundreds_of_concurrent_requests_without_error():
    with OsuApiEmulator() as emu:
        limits = httpx.Limits(max_connections=32)
        with httpx.Client(base_url=emu.base_url, limits=limits) as client:
            paths = [("/api/get_user", {"u": KNOWN.user_id}),
                     ("/api/get_scores", {"b": KNOWN.beatmap_id, "limit": 5}),
                     ("/api/get_match", {"mp": KNOWN.match_id}),
                     (f"/osu/{KNOWN.beatmap_id}", {})]  # fmt: skip

            def call(i: int) -> bytes:
                path, params = paths[i % len(paths)]
                response = client.get(path, params={"k": emu.api_key, **params})
                assert response.status_code == 200
                return response.content

            with ThreadPoolExecutor(max_workers=24) as pool:
                bodies = list(pool.map(call, range(400)))
        for i, body in enumerate(bodies):
            if i % 4 != 3:
                json.loads(body)
        assert emu.count(status=200) == 400

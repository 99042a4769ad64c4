"""``--redis`` / ``OSU_API_REDIS``: a scripted crawl shares the key's budget with the key's
other clients, in the same Redis buckets they use."""

from __future__ import annotations

import pytest

from osu_core import key_id
from osu_transports.testing import KNOWN

redis = pytest.importorskip("redis")

pytestmark = [pytest.mark.redis, pytest.mark.network]


def _buckets(url: str) -> list[bytes]:
    client = redis.Redis.from_url(url)
    try:
        return sorted(client.scan_iter())
    finally:
        client.close()


def test_redis_option_books_in_the_shared_buckets(api, emulator, fresh_redis):
    result = api("--redis", fresh_redis.url, "user", str(KNOWN.user_id))
    assert result.exit_code == 0, result.stderr
    assert _buckets(fresh_redis.url) == [
        f"osu-api-v1:{{{key_id(emulator.api_key)}}}:default".encode()
    ]


def test_redis_url_from_the_environment(api, fresh_redis):
    result = api("user", str(KNOWN.user_id), env={"OSU_API_REDIS": fresh_redis.url})
    assert result.exit_code == 0, result.stderr
    assert len(_buckets(fresh_redis.url)) == 1


def test_an_unreachable_redis_falls_back_with_a_warning_and_no_secret(api, fresh_redis):
    fresh_redis.stop()
    url = f"redis://:hunter2-SECRET@127.0.0.1:{fresh_redis.port}/0"
    result = api("--redis", url, "user", str(KNOWN.user_id))
    assert result.exit_code == 0, result.stderr
    assert "hunter2" not in result.stdout + result.stderr

"""Every fault, as a plain httpx client sees it, over the real server and the mock transport."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from osu_transports.testing import (
    KNOWN,
    EmulatorHandler,
    FaultKind,
    FaultPlan,
    OsuApiEmulator,
    mock_transport,
    parse_fault,
)

pytestmark = pytest.mark.network


@pytest.fixture(scope="module")
def emulator():
    with OsuApiEmulator(rate_limit=None, replay_rate_limit=None) as emu:
        yield emu


@pytest.fixture
def emu(emulator):
    emulator.faults.clear()
    yield emulator
    emulator.faults.clear()


@pytest.fixture
def client(emu):
    with httpx.Client(base_url=emu.base_url, timeout=5) as c:
        yield c


def get_user(client, emu):
    return client.get("/api/get_user", params={"k": emu.api_key, "u": KNOWN.user_id})


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_status_faults_for_the_next_n_requests(emu, client, status):
    rule = emu.faults.add(FaultKind(str(status)), "get_user", count=2)
    answers = [get_user(client, emu) for _ in range(3)]
    assert [r.status_code for r in answers] == [status, status, 200]
    assert answers[0].headers["content-type"].startswith("text/html")
    assert rule.fired == 2
    # Other endpoints are untouched.
    emu.faults.add(FaultKind(str(status)), "get_user")
    assert client.get("/api/get_match", params={"k": emu.api_key, "mp": 1}).status_code == 200


def test_reset_is_a_read_error(emu, client):
    emu.faults.add(FaultKind.RESET, "get_user", count=1)
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        get_user(client, emu)
    assert get_user(client, emu).status_code == 200  # the client reconnects


def test_disconnect_is_a_remote_protocol_error(emu, client):
    emu.faults.add(FaultKind.DISCONNECT, count=1)
    with pytest.raises(httpx.RemoteProtocolError):
        get_user(client, emu)
    assert get_user(client, emu).status_code == 200


def test_latency(emu, client):
    emu.faults.add(FaultKind.LATENCY, "get_user", delay=0.3, count=1)
    start = time.monotonic()
    assert get_user(client, emu).status_code == 200
    assert time.monotonic() - start >= 0.3
    emu.faults.add(FaultKind.LATENCY, "get_user", delay=1.0, count=1)
    with pytest.raises(httpx.ReadTimeout):
        client.get("/api/get_user", params={"k": emu.api_key, "u": 1}, timeout=0.2)


def test_latency_combines_with_another_fault(emu, client):
    emu.faults.add(FaultKind.LATENCY, delay=0.1, count=1)
    emu.faults.add(FaultKind.STATUS_503, count=1)
    start = time.monotonic()
    assert get_user(client, emu).status_code == 503
    assert time.monotonic() - start >= 0.1


def test_429_with_and_without_retry_after(emu, client):
    emu.faults.add(FaultKind.RATE_LIMITED, "get_user", count=1, delay=7)
    emu.faults.add(FaultKind.RATE_LIMITED_NO_RETRY_AFTER, "get_user", count=1)
    first, second = get_user(client, emu), get_user(client, emu)
    assert (first.status_code, first.headers["retry-after"]) == (429, "7")
    assert second.status_code == 429
    assert "retry-after" not in second.headers


def test_too_fast_and_retrieval_failed_bodies(emu, client, corpus):
    emu.faults.add(FaultKind.TOO_FAST, "get_replay", count=1)
    emu.faults.add(FaultKind.RETRIEVAL_FAILED, "get_replay", count=1)
    params = {"k": emu.api_key, "m": 0, "s": 1}
    fast = client.get("/api/get_replay", params=params)
    failed = client.get("/api/get_replay", params=params)
    assert fast.status_code == 200
    assert fast.json() == json.loads((corpus / "api" / "get_replay-2.json").read_text())
    assert failed.json() == json.loads((corpus / "api" / "get_replay-3.json").read_text())


def test_truncated_json(emu, client):
    emu.faults.add(FaultKind.TRUNCATED_JSON, "get_user", count=1)
    cut = get_user(client, emu)
    whole = get_user(client, emu)
    assert cut.status_code == 200
    assert whole.content.startswith(cut.content)
    assert len(cut.content) < len(whole.content)
    with pytest.raises(json.JSONDecodeError):
        cut.json()


def test_html_page_and_not_utf8(emu, client):
    emu.faults.add(FaultKind.HTML_PAGE, "get_user", count=1)
    emu.faults.add(FaultKind.NOT_UTF8, "get_user", count=1)
    page, garbage = get_user(client, emu), get_user(client, emu)
    assert page.status_code == 200
    assert page.text.startswith("<!DOCTYPE html>")
    assert garbage.status_code == 200
    with pytest.raises(UnicodeDecodeError):
        garbage.content.decode("utf-8")


def test_osu_file_faults(emu, client):
    emu.faults.add(FaultKind.STATUS_502, "osu_file", count=1)
    assert client.get(f"/osu/{KNOWN.beatmap_id}").status_code == 502
    assert client.get(f"/osu/{KNOWN.beatmap_id}").status_code == 200


def test_fraction_is_seeded():
    def pattern(seed: int) -> list[bool]:
        plan = FaultPlan()
        plan.add(FaultKind.STATUS_500, "get_user", fraction=0.3, seed=seed)
        return [plan.draw("get_user")[1] is not None for _ in range(200)]

    assert pattern(1) == pattern(1)
    assert pattern(1) != pattern(2)
    assert 30 < sum(pattern(1)) < 90


def test_plan_validation():
    plan = FaultPlan()
    with pytest.raises(ValueError, match="unknown endpoint"):
        plan.add(FaultKind.RESET, "get_users")
    with pytest.raises(ValueError):
        plan.add("nope")
    with pytest.raises(ValueError, match="fraction"):
        plan.add(FaultKind.RESET, fraction=2)


def test_parse_fault_specs():
    assert parse_fault("503@get_user,count=2") == {
        "kind": FaultKind.STATUS_503, "endpoint": "get_user", "count": 2,
    }  # fmt: skip
    assert parse_fault("latency,delay=0.5,fraction=0.1,seed=3")["delay"] == 0.5
    with pytest.raises(ValueError, match="unknown fault kind"):
        parse_fault("teapot")
    with pytest.raises(ValueError, match="unknown fault option"):
        parse_fault("reset,colour=red")


class TestMockTransport:
    def test_sync_answers_and_faults(self):
        handler = EmulatorHandler()
        with httpx.Client(transport=mock_transport(handler), base_url="http://osu.test") as c:
            params = {"k": handler.api_key, "u": KNOWN.user_id}
            assert c.get("/api/get_user", params=params).json()[0]["username"] == KNOWN.username
            handler.faults.add(FaultKind.RESET, count=1)
            handler.faults.add(FaultKind.DISCONNECT, count=1)
            with pytest.raises(httpx.ReadError):
                c.get("/api/get_user", params=params)
            with pytest.raises(httpx.RemoteProtocolError):
                c.get("/api/get_user", params=params)
            assert c.get("/api/get_user", params={"u": 1}).status_code == 401

    def test_async(self):
        import asyncio

        async def main() -> int:
            transport = mock_transport()
            async with httpx.AsyncClient(transport=transport, base_url="http://osu.test") as c:
                response = await c.get(f"/osu/{KNOWN.beatmap_id}")
                return len(response.content)

        assert asyncio.run(main()) > 1000

    def test_fake_clock_drives_rate_limits(self):
        from osu_core import RateLimit
        from osu_transports.testing import EmulatorConfig

        now = [0.0]
        handler = EmulatorHandler(EmulatorConfig(rate_limit=RateLimit(1, 60.0)))
        transport = mock_transport(handler, clock=lambda: now[0])
        with httpx.Client(transport=transport, base_url="http://osu.test") as c:
            params = {"k": handler.api_key, "mp": 1}
            assert c.get("/api/get_match", params=params).status_code == 200
            assert c.get("/api/get_match", params=params).status_code == 429
            now[0] = 61.0
            assert c.get("/api/get_match", params=params).status_code == 200

    def test_wraps_an_emulator(self, emu):
        with httpx.Client(transport=mock_transport(emu), base_url="http://osu.test") as c:
            assert c.get("/").status_code == 200

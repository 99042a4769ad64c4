"""Every fault, as a plain httpx client or a raw socket sees it, over the real server and the mock
transport."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import socket
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import httpx
import pytest
import trio

from osu_transports.testing import (
    DEFAULT_API_KEY,
    KNOWN,
    SOCKET_FAULTS,
    EmulatorHandler,
    FaultKind,
    FaultPlan,
    OsuApiEmulator,
    mock_transport,
    parse_fault,
)

KEY = DEFAULT_API_KEY

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


DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_parse_fault_reads_size():
    assert parse_fault("gzip-bomb@get_user,size=1048576,count=1") == {
        "kind": FaultKind.GZIP_BOMB, "endpoint": "get_user", "size": 1 << 20, "count": 1,
    }  # fmt: skip
    assert parse_fault("deep-json, size = 5 ") == {"kind": FaultKind.DEEP_JSON, "size": 5}
    rule = FaultPlan().add(**parse_fault("drip@get_user,size=64,delay=0.1"))
    assert (rule.kind, rule.size, rule.delay) == (FaultKind.DRIP, 64, 0.1)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("drip,size=x", "fault option 'size' needs an integer, got 'x'"),
        ("drip,size=1.5", "fault option 'size' needs an integer, got '1.5'"),
        ("drip,size=", "fault option 'size' needs an integer, got ''"),
        ("503,count=two", "fault option 'count' needs an integer, got 'two'"),
        ("500,seed=0x1", "fault option 'seed' needs an integer, got '0x1'"),
        ("latency,delay=soon", "fault option 'delay' needs a number, got 'soon'"),
        ("503,fraction=half", "fault option 'fraction' needs a number, got 'half'"),
        ("deep-json,size=0", "size must be at least 1, got 0 in 'deep-json,size=0'"),
        ("huge-body,size=-5", "size must be at least 1, got -5"),
        ("503,fraction=2", "fraction must be between 0 and 1, got 2.0"),
        ("503@get_users", "unknown endpoint 'get_users'"),
    ],
)
def test_parse_fault_names_the_bad_value(spec, message):
    with pytest.raises(ValueError) as caught:
        parse_fault(spec)
    assert message in str(caught.value)


def test_module_help_and_cli_docs_list_every_kind(capsys, monkeypatch):
    from osu_transports.testing.__main__ import main

    monkeypatch.setenv("COLUMNS", "1000")  # one line, so argparse breaks no kind at a hyphen
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    docs = DOCS.read_text(encoding="utf-8")
    serve_docs = docs[docs.index("### `serve`") : docs.index("## `--json` output")]
    assert "[,seed=N][,size=N]" in help_text
    assert "KIND[@ENDPOINT][,count=N][,fraction=F][,delay=S][,seed=N][,size=N]" in serve_docs
    listed = set(help_text.split("kinds: ", 1)[1].replace(";", " ").split())
    assert {kind.value for kind in FaultKind} <= listed
    rows = {line.split(" | ")[0] for line in serve_docs.splitlines() if line.startswith("| `")}
    assert [k.value for k in FaultKind if not any(f"`{k.value}`" in row for row in rows)] == []


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


# --- Socket faults: carried out by the threaded server on the wire, so seen here byte by byte ---


class Wire:
    """A raw HTTP/1.1 client on one socket: sends GETs, reads Content-Length framed answers."""

    def __init__(self, emu, timeout: float = 5.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", emu.port), timeout=timeout)
        self.buffer = b""
        self.reads: list[bytes] = []

    def get(self, path: str) -> Wire:
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: emulator\r\n\r\n".encode())
        return self

    def fill(self) -> bytes:
        data = self.sock.recv(1 << 16)
        if not data:
            raise EOFError("the server closed the connection")
        self.reads.append(data)
        self.buffer += data
        return data

    def head(self) -> tuple[int, dict[str, str]]:
        while b"\r\n\r\n" not in self.buffer:
            self.fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        status, *lines = head.decode("latin-1").split("\r\n")
        return int(status.split()[1]), {
            name.lower(): value for name, _, value in (line.partition(": ") for line in lines)
        }

    def body(self, length: int) -> bytes:
        while len(self.buffer) < length:
            self.fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return body

    def response(self) -> tuple[int, dict[str, str], bytes]:
        status, headers = self.head()
        return status, headers, self.body(int(headers["content-length"]))

    def until_closed(self) -> bytes:
        with contextlib.suppress(EOFError):
            while True:
                self.fill()
        rest, self.buffer = self.buffer, b""
        return rest

    def close(self) -> None:
        self.sock.close()


USER_PATH = f"/api/get_user?k={KEY}&u={KNOWN.user_id}"
SMALL_BOMB = 16 << 20


@pytest.fixture
def wire(emu):
    wires: list[Wire] = []

    def open_wire(timeout: float = 5.0) -> Wire:
        wires.append(Wire(emu, timeout))
        return wires[-1]

    yield open_wire
    for w in wires:
        w.close()


def normal_body(client, path: str = USER_PATH) -> bytes:
    response = client.get(path)
    assert response.status_code == 200
    return response.content


def wait_for(condition, seconds: float = 2.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def request_threads() -> set[threading.Thread]:
    # socketserver.ThreadingMixIn starts one thread per connection, named after its target.
    return {t for t in threading.enumerate() if "process_request_thread" in t.name}


def test_socket_faults_are_kinds_with_values(emu):
    assert set(FaultKind) > SOCKET_FAULTS
    assert FaultKind.DEEP_JSON not in SOCKET_FAULTS  # a plain body: the mock can serve it
    assert parse_fault("drip@get_user,delay=0.1,count=1") == {
        "kind": FaultKind.DRIP, "endpoint": "get_user", "delay": 0.1, "count": 1,
    }  # fmt: skip
    assert {FaultKind(k.value) for k in SOCKET_FAULTS} == SOCKET_FAULTS


@pytest.mark.parametrize("kind", sorted(SOCKET_FAULTS | {FaultKind.DEEP_JSON}))
def test_new_kinds_keep_count_and_endpoint(kind):
    handler = EmulatorHandler()
    query = [("k", handler.api_key), ("u", str(KNOWN.user_id))]
    rule = handler.faults.add(kind, "get_user", count=1, size=4096)
    other = handler.handle("GET", "/api/get_match", [("k", handler.api_key), ("mp", "1")])
    hit = handler.handle("GET", "/api/get_user", query)
    after = handler.handle("GET", "/api/get_user", query)
    assert (other.fault, after.fault, other.status, after.status) == (None, None, 200, 200)
    assert json.loads(after.body)[0]["user_id"] == str(KNOWN.user_id)
    assert rule.fired == 1
    assert hit.fault is (rule if kind in SOCKET_FAULTS else None)
    sent = 0 if kind is FaultKind.STALL else 200
    assert handler.count("get_user", sent) == (2 if sent == 200 else 1)


def test_new_kinds_validate_size_and_delay():
    plan = FaultPlan()
    with pytest.raises(ValueError, match="size"):
        plan.add(FaultKind.DEEP_JSON, size=0)
    with pytest.raises(ValueError, match="delay"):
        plan.add(FaultKind.DRIP, delay=-1)
    assert plan.add(FaultKind.HUGE_BODY, size=10).size == 10


def test_drip_sends_the_whole_answer_a_few_bytes_at_a_time(emu, client, wire):
    expected = normal_body(client)
    emu.faults.add(FaultKind.DRIP, "get_user", count=1, delay=0.02, size=64)
    w = wire(timeout=0.5)  # every read must succeed well within this
    start = time.monotonic()
    status, headers, body = w.get(USER_PATH).response()
    elapsed = time.monotonic() - start
    assert (status, body) == (200, expected)
    assert headers["content-length"] == str(len(expected))
    assert max(len(r) for r in w.reads) <= 64
    writes = -(-(len(expected) + 150) // 64)  # the head is at least 150 bytes
    assert len(w.reads) >= writes * 0.8  # TCP_NODELAY: about one segment per write
    assert elapsed >= (writes - 1) * 0.02
    # The answer ended whole, so the connection is still good for the next one.
    assert w.get(USER_PATH).response()[2] == expected


def test_drip_defeats_a_per_read_timeout(emu, client):
    expected = normal_body(client)
    emu.faults.add(FaultKind.DRIP, "get_user", count=1, delay=0.05, size=256)
    start = time.monotonic()
    response = client.get(USER_PATH, timeout=0.2)  # no single read waits 0.2 s...
    assert response.content == expected
    assert time.monotonic() - start > 0.2  # ...yet the whole answer took longer


def test_stall_reads_the_request_and_sends_nothing(emu, wire):
    before = emu.count("get_user", 0)
    emu.faults.add(FaultKind.STALL, "get_user", count=1)
    w = wire(timeout=0.3).get(USER_PATH)
    with pytest.raises(TimeoutError):
        w.fill()
    assert w.reads == []
    assert emu.count("get_user", 0) == before + 1  # recorded as not answered


def test_stall_times_out_a_client(emu, client):
    emu.faults.add(FaultKind.STALL, "get_user", count=1)
    start = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        client.get(USER_PATH, timeout=0.3)
    assert 0.3 <= time.monotonic() - start < 2.0
    assert client.get(USER_PATH).status_code == 200


def test_length_too_long_declares_more_than_it_sends_then_closes(emu, client, wire):
    expected = normal_body(client)
    emu.faults.add(FaultKind.LENGTH_TOO_LONG, "get_user", count=1)
    w = wire()
    status, headers = w.get(USER_PATH).head()
    assert status == 200
    assert int(headers["content-length"]) > len(expected)
    assert w.until_closed() == expected  # the body is whole, the length a lie, then EOF
    emu.faults.add(FaultKind.LENGTH_TOO_LONG, "get_user", count=1)
    with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
        client.get(USER_PATH)
    assert client.get(USER_PATH).content == expected


def test_trailing_garbage_plants_a_second_answer_in_the_same_write(emu, client, wire):
    expected = normal_body(client)
    emu.faults.add(FaultKind.TRAILING_GARBAGE, "get_user", count=1)
    w = wire()
    w.get(USER_PATH)
    time.sleep(0.1)
    first_read = w.fill()
    assert first_read.count(b"HTTP/1.1 200 OK\r\n") == 2  # both answers, back to back
    assert w.response()[2] == expected
    status, headers, planted = w.response()
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    planted_user, real_user = json.loads(planted)[0], json.loads(expected)[0]
    assert planted_user.keys() == real_user.keys()  # a valid get_user answer...
    assert planted_user["user_id"] != real_user["user_id"]  # ...about someone else
    # The connection stays open: the next request is answered as usual, after the plant.
    assert w.get(USER_PATH).response()[2] == expected


PLANTED_CASES = {
    "get_user": [("u", str(KNOWN.user_id))],
    "get_user_best": [("u", KNOWN.username), ("type", "string")],
    "get_user_recent": [("u", str(KNOWN.user_id))],
    "get_beatmaps": [("b", str(KNOWN.beatmap_id))],
    "get_scores": [("b", str(KNOWN.beatmap_id))],
    "get_match": [("mp", str(KNOWN.match_id))],
    "get_replay": [("m", "0"), ("b", str(KNOWN.beatmap_id)), ("u", str(KNOWN.user_id))],
}


@pytest.mark.parametrize("endpoint", [*PLANTED_CASES, "osu_file"])
def test_planted_answer_is_a_valid_answer_to_another_request(shared_handler, endpoint):
    shared_handler.faults.add(FaultKind.TRAILING_GARBAGE, endpoint, count=1)
    try:
        if endpoint == "osu_file":
            result = shared_handler.handle("GET", f"/osu/{KNOWN.beatmap_id}")
        else:
            query = [("k", KEY), *PLANTED_CASES[endpoint]]
            result = shared_handler.handle("GET", f"/api/{endpoint}", query)
    finally:
        shared_handler.faults.clear()
    planted = result.planted
    assert planted is not None
    assert result.status == planted.status == 200
    assert planted.body != result.body
    assert dict(planted.headers)["Content-Length"] == str(len(planted.body))
    if endpoint == "osu_file":
        assert planted.body.startswith(b"osu file format v")
        return
    real, fake = json.loads(result.body), json.loads(planted.body)
    assert type(real) is type(fake)
    assert fake not in ([], {"error": "Replay not available."}, {"match": 0, "games": []})


def test_endless_body_streams_chunks_until_the_client_hangs_up(emu, wire):
    emu.faults.add(FaultKind.ENDLESS_BODY, "get_user", count=1)
    w = wire()
    status, headers = w.get(USER_PATH).head()
    assert (status, headers["transfer-encoding"]) == (200, "chunked")
    assert "content-length" not in headers
    while len(w.buffer) < 8 << 20:  # far more than any answer, and still coming
        w.fill()
    assert w.buffer.startswith(b"10000\r\n" + b" " * 0x10000 + b"\r\n10000\r\n")


def test_huge_body_declares_gigabytes_and_streams_filler(emu, client, wire):
    emu.faults.add(FaultKind.HUGE_BODY, "get_user", count=1)
    w = wire()
    status, headers = w.get(USER_PATH).head()
    assert (status, headers["content-length"]) == (200, str(4 << 30))
    assert w.body(4 << 20) == b" " * (4 << 20)
    # A small declared size is sent whole, and the connection is kept.
    emu.faults.add(FaultKind.HUGE_BODY, "get_user", count=1, size=100_001)
    assert client.get(USER_PATH).content == b" " * 100_001
    assert json.loads(normal_body(client))[0]["user_id"] == str(KNOWN.user_id)


def test_gzip_bomb_is_small_on_the_wire_and_huge_inflated(emu, client):
    emu.faults.add(FaultKind.GZIP_BOMB, "get_user", count=1, size=SMALL_BOMB)
    with client.stream("GET", USER_PATH) as response:
        assert response.headers["content-encoding"] == "gzip"
        compressed = b"".join(response.iter_raw())
    assert len(compressed) < SMALL_BOMB // 1000
    inflater, inflated, pending = zlib.decompressobj(16 + zlib.MAX_WBITS), 0, compressed
    while pending:  # a mebibyte at a time, as a careful client would
        piece = inflater.decompress(pending, 1 << 20)
        assert piece.count(0) == len(piece)
        inflated += len(piece)
        pending = inflater.unconsumed_tail
    assert inflater.eof
    assert inflated == SMALL_BOMB


def test_gzip_bomb_default_is_made_once():
    from osu_transports.testing._faults import DEFAULT_GZIP_BOMB_SIZE, gzip_bomb

    bomb = gzip_bomb()
    assert bomb is gzip_bomb(DEFAULT_GZIP_BOMB_SIZE)  # cached
    assert len(bomb) < 300_000
    # RFC 1952 section 2.3.1: the member ends with ISIZE, the input size modulo 2**32.
    assert int.from_bytes(bomb[-4:], "little") == DEFAULT_GZIP_BOMB_SIZE


def test_deep_json_is_valid_but_too_deep_for_a_recursive_decoder(emu, client):
    emu.faults.add(FaultKind.DEEP_JSON, "get_user", count=1)
    response = client.get(USER_PATH)
    assert response.headers["content-type"].startswith("application/json")
    assert response.content == b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(RecursionError):
        json.loads(response.content)
    emu.faults.add(FaultKind.DEEP_JSON, "get_user", count=1, size=3)
    assert client.get(USER_PATH).json() == [[[]]]


def test_deep_json_through_the_mock_transport():
    handler = EmulatorHandler()
    handler.faults.add(FaultKind.DEEP_JSON, count=1, size=5)
    with httpx.Client(transport=mock_transport(handler), base_url="http://osu.test") as c:
        assert c.get(USER_PATH).content == b"[[[[[]]]]]"


@pytest.mark.parametrize(
    "kind", [FaultKind.STALL, FaultKind.DRIP, FaultKind.ENDLESS_BODY, FaultKind.HUGE_BODY]
)
def test_a_hanging_fault_ends_when_the_client_hangs_up(kind):
    with OsuApiEmulator(rate_limit=None) as emu:
        emu.faults.add(kind, "get_user", count=1)
        before = request_threads()
        w = Wire(emu).get(USER_PATH)
        if kind is FaultKind.STALL:
            wait_for(lambda: emu.count("get_user") == 1)  # the request was read
        else:
            w.fill()  # it has begun answering
        serving = request_threads() - before
        assert len(serving) == 1
        w.close()
        thread = serving.pop()
        thread.join(2.0)  # DRIP notices at its next write, 0.2 s on
        assert not thread.is_alive(), kind


def test_close_wakes_every_hanging_fault():
    emu = OsuApiEmulator(rate_limit=None).start()
    wires = []
    before = request_threads()
    try:
        for kind in (FaultKind.STALL, FaultKind.ENDLESS_BODY, FaultKind.HUGE_BODY):
            emu.faults.add(kind, "get_user", count=1)
            wires.append(Wire(emu).get(USER_PATH))  # never read: the streams fill the buffers
            wait_for(lambda: emu.count("get_user") == len(wires))
        emu.faults.add(FaultKind.DRIP, "get_user", count=1, delay=30)
        wires.append(Wire(emu).get(USER_PATH))
        wires[-1].fill()
        started = request_threads() - before
        assert len(started) == 4
        start = time.monotonic()
        emu.close()
        assert time.monotonic() - start < 1.0
        assert not any(thread.is_alive() for thread in started)
    finally:
        emu.close()
        for w in wires:
            w.close()


def test_socket_faults_log_no_key_and_write_nothing_to_stderr(emu, client, caplog, capfd):
    caplog.set_level(logging.DEBUG, logger="osu_transports.testing")
    for kind in (FaultKind.LENGTH_TOO_LONG, FaultKind.ENDLESS_BODY, FaultKind.STALL):
        emu.faults.add(kind, "get_user", count=1)
        with (
            contextlib.suppress(httpx.HTTPError),
            client.stream("GET", USER_PATH, timeout=0.3) as response,
        ):
            next(response.iter_raw())
    emu.faults.add(FaultKind.DRIP, "get_user", count=1, delay=0.001, size=512)
    assert client.get(USER_PATH).status_code == 200
    time.sleep(0.2)  # the server threads finish their logging
    assert any("stall" in r.getMessage() for r in caplog.records)
    assert KEY not in caplog.text
    assert capfd.readouterr().err == ""


# --- What the mock transport makes of the socket faults (no socket, no clock) ---


def _read_raw(response: httpx.Response, most: int) -> list[bytes]:
    """Raw pieces as they come, until ``most`` bytes or the end."""
    pieces: list[bytes] = []
    with contextlib.closing(response.iter_raw()) as chunks:  # type: ignore[type-var]
        for piece in chunks:
            pieces.append(piece)
            if sum(map(len, pieces)) >= most:
                break
    return pieces


class TestMockSocketFaults:
    @pytest.fixture
    def mock(self, emu):
        # The emulator's own handler: the same answers and faults as on its socket.
        with httpx.Client(transport=mock_transport(emu), base_url="http://osu.test") as c:
            yield c

    def test_ordinary_answers_stream_like_a_socket(self, mock, client):
        expected = normal_body(client)
        with mock.stream("GET", USER_PATH) as response:
            assert not response.is_stream_consumed  # not read when made
            assert b"".join(response.iter_raw()) == expected
        assert mock.head(USER_PATH).content == b""

    def test_stall_is_a_read_timeout_at_once(self, emu, mock):
        before = emu.count("get_user", 0)
        emu.faults.add(FaultKind.STALL, "get_user", count=1)
        start = time.monotonic()
        with pytest.raises(httpx.ReadTimeout, match="emulated STALL"):
            mock.get(USER_PATH)
        assert time.monotonic() - start < 1.0
        assert emu.count("get_user", 0) == before + 1
        assert mock.get(USER_PATH).status_code == 200

    def test_length_too_long_declares_what_the_server_declares_then_fails(
        self, emu, mock, client, wire
    ):
        expected = normal_body(client)
        emu.faults.add(FaultKind.LENGTH_TOO_LONG, "get_user", count=1)
        on_the_wire = wire().get(USER_PATH).head()[1]["content-length"]
        emu.faults.add(FaultKind.LENGTH_TOO_LONG, "get_user", count=1)
        with mock.stream("GET", USER_PATH) as response:
            assert response.status_code == 200
            assert response.headers["content-length"] == on_the_wire
            assert int(on_the_wire) == 2 * len(expected) + 100
            chunks = response.iter_raw()
            assert next(chunks) == expected
            with pytest.raises(httpx.RemoteProtocolError, match="complete message body") as e:
                next(chunks)
        assert f"received {len(expected)} bytes, expected {on_the_wire}" in str(e.value)
        emu.faults.add(FaultKind.LENGTH_TOO_LONG, "get_user", count=1)
        with pytest.raises(httpx.RemoteProtocolError):
            mock.get(USER_PATH)
        emu.faults.add(FaultKind.LENGTH_TOO_LONG, "get_user", count=1)
        head = mock.head(USER_PATH)  # no body is read, so nothing is missing
        assert (head.status_code, head.headers["content-length"], head.content) == (
            200, on_the_wire, b"",
        )  # fmt: skip

    def test_drip_streams_the_answer_in_size_byte_pieces_without_the_pauses(
        self, emu, mock, client
    ):
        expected = normal_body(client)
        emu.faults.add(FaultKind.DRIP, "get_user", count=1, size=100, delay=30)
        start = time.monotonic()
        with mock.stream("GET", USER_PATH) as response:
            assert response.headers["content-length"] == str(len(expected))
            pieces = list(response.iter_raw())
        assert time.monotonic() - start < 1.0  # the 30 s pauses are the server's
        assert b"".join(pieces) == expected
        assert [len(p) for p in pieces[:-1]] == [100] * (len(pieces) - 1)
        assert 0 < len(pieces[-1]) <= 100
        emu.faults.add(FaultKind.DRIP, "get_user", count=1)  # 16 bytes a piece by default
        with mock.stream("GET", USER_PATH) as response:
            assert _read_raw(response, 1) == [expected[:16]]
        emu.faults.add(FaultKind.DRIP, "get_user", count=1)
        assert mock.get(USER_PATH).content == expected

    def test_endless_body_never_ends_and_closes_early(self, emu, mock):
        emu.faults.add(FaultKind.ENDLESS_BODY, "get_user", count=1)
        with mock.stream("GET", USER_PATH) as response:
            assert (response.status_code, response.headers["transfer-encoding"]) == (
                200, "chunked",
            )  # fmt: skip
            assert "content-length" not in response.headers
            pieces = _read_raw(response, 8 << 20)  # far more than any answer, and still coming
        assert [len(p) for p in pieces] == [1 << 16] * 128
        assert set(b"".join(pieces)) == {ord(" ")}
        assert json.loads(mock.get(USER_PATH).content)[0]["user_id"] == str(KNOWN.user_id)

    def test_huge_body_declares_its_length_and_ends_there(self, emu, mock):
        emu.faults.add(FaultKind.HUGE_BODY, "get_user", count=1)
        with mock.stream("GET", USER_PATH) as response:
            assert response.headers["content-length"] == str(4 << 30)
            assert b"".join(_read_raw(response, 4 << 20)) == b" " * (4 << 20)
        emu.faults.add(FaultKind.HUGE_BODY, "get_user", count=1, size=100_001)
        assert mock.get(USER_PATH).content == b" " * 100_001
        emu.faults.add(FaultKind.HUGE_BODY, "get_user", count=1)
        head = mock.head(USER_PATH)
        assert (head.headers["content-length"], head.content) == (str(4 << 30), b"")

    def test_gzip_bomb_is_streamed_compressed_and_inflated_only_when_read(self, emu, mock):
        emu.faults.add(FaultKind.GZIP_BOMB, "get_user", count=1)  # 256 MiB inflated
        with mock.stream("GET", USER_PATH) as response:
            assert response.headers["content-encoding"] == "gzip"
            assert not response.is_stream_consumed
            assert response.num_bytes_downloaded == 0
            compressed = b"".join(response.iter_raw())
        assert len(compressed) < 300_000
        assert compressed[:2] == b"\x1f\x8b"  # RFC 1952 section 2.3.1: ID1, ID2
        assert int.from_bytes(compressed[-4:], "little") == 256 << 20  # ISIZE
        emu.faults.add(FaultKind.GZIP_BOMB, "get_user", count=1, size=1 << 20)
        assert mock.get(USER_PATH).content == bytes(1 << 20)  # read: inflated, as httpx does

    def test_trailing_garbage_is_refused_with_the_way_out(self, emu, mock):
        emu.faults.add(FaultKind.TRAILING_GARBAGE, "get_user", count=1)
        with pytest.raises(RuntimeError, match="use OsuApiEmulator"):
            mock.get(USER_PATH)
        assert emu.faults.rules[0].fired == 1
        assert mock.get(USER_PATH).status_code == 200

    @pytest.mark.parametrize("runner", ["asyncio", "trio"])
    def test_async_clients_read_every_streamed_fault(self, emu, client, runner):
        expected = normal_body(client)

        async def main() -> list[object]:
            seen: list[object] = []
            transport = mock_transport(emu)
            async with httpx.AsyncClient(transport=transport, base_url="http://osu.test") as c:
                for kind, size in [
                    (FaultKind.DRIP, 64), (FaultKind.HUGE_BODY, 200_000),
                    (FaultKind.GZIP_BOMB, 1 << 20), (FaultKind.LENGTH_TOO_LONG, None),
                ]:  # fmt: skip
                    emu.faults.add(kind, "get_user", count=1, size=size)
                    try:
                        response = await c.get(USER_PATH)
                    except httpx.RemoteProtocolError:
                        seen.append("RemoteProtocolError")
                    else:
                        seen.append(response.content)
                emu.faults.add(FaultKind.STALL, "get_user", count=1)
                with pytest.raises(httpx.ReadTimeout):
                    await c.get(USER_PATH)
            gc.collect()  # any generator left suspended warns now, inside the run
            return seen

        seen = asyncio.run(main()) if runner == "asyncio" else trio.run(main)
        assert seen == [expected, b" " * 200_000, bytes(1 << 20), "RemoteProtocolError"]

    @pytest.mark.parametrize("runner", ["asyncio", "trio"])
    def test_an_endless_async_body_closes_early_without_warnings(self, emu, runner):
        async def main() -> list[int]:
            emu.faults.add(FaultKind.ENDLESS_BODY, "get_user", count=1)
            request = httpx.Request("GET", f"http://osu.test{USER_PATH}")
            response = await mock_transport(emu).handle_async_request(request)
            assert isinstance(response.stream, httpx.AsyncByteStream)
            pieces = aiter(response.stream)
            sizes = [len(await anext(pieces)) for _ in range(3)]
            await response.aclose()
            with pytest.raises(StopAsyncIteration):  # closed, it ends
                await anext(pieces)
            gc.collect()
            return sizes

        sizes = asyncio.run(main()) if runner == "asyncio" else trio.run(main)
        assert sizes == [1 << 16] * 3

    @pytest.mark.parametrize("flavour", ["sync", "asyncio", "trio"])
    def test_the_client_gives_up_on_endless_and_bomb_bodies(self, emu, flavour):
        # osu_transports reads bodies through a size limit and, under trio, closes httpx's
        # generators by running them on after closing the response: the mock's bodies end then.
        from osu_core import ResponseTooLargeError
        from osu_transports import asyncio as asyncio_flavour
        from osu_transports import sync as sync_flavour
        from osu_transports import trio as trio_flavour

        options: dict[str, Any] = {
            "key": KEY, "base_url": "http://osu.test", "transport": mock_transport(emu),
            "retry": None, "rate_limits": None, "max_response_size": 1 << 20,
        }  # fmt: skip
        kinds = [FaultKind.ENDLESS_BODY, FaultKind.HUGE_BODY, FaultKind.GZIP_BOMB]
        for kind in kinds:
            emu.faults.add(kind, "get_user", count=1)

        if flavour == "sync":
            with sync_flavour.OsuApi(**options) as api:
                for _ in kinds:
                    with pytest.raises(ResponseTooLargeError, match="over the limit"):
                        api.get_user(KNOWN.user_id)
                user = api.get_user(KNOWN.user_id)
            assert user is not None
            assert user.username == KNOWN.username
            return

        async def main() -> str:
            module = asyncio_flavour if flavour == "asyncio" else trio_flavour
            async with module.OsuApi(**options) as api:
                for _ in kinds:
                    with pytest.raises(ResponseTooLargeError, match="over the limit"):
                        await api.get_user(KNOWN.user_id)
                user = await api.get_user(KNOWN.user_id)
            gc.collect()
            assert user is not None
            return str(user.username)

        assert (asyncio.run(main()) if flavour == "asyncio" else trio.run(main)) == KNOWN.username

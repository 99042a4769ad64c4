"""Our transport's streams: the attempt's deadline and no unsolicited bytes, over httpcore's mock
network (no sockets), for every flavour. The same cases over real sockets against the emulator's
hostile faults are in ``tests/integration/test_hostile_server.py``."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpcore
import pytest
import trio

from osu_core import RequestTimeoutError, TransportFailure
from osu_transports._async_wire import AsyncWireTransport
from osu_transports._client import DEADLINE
from osu_transports._sync_wire import SyncWireTransport
from osu_transports._wire import ResponseFraming, time_left

from ._flavours import FLAVOURS, NAMES, REAL_TIME_FLAVOURS, Flavour

USER = json.loads(
    (Path(__file__).resolve().parents[1] / "corpus" / "api" / "get_user-1.json").read_bytes()
)


def user_row(name: str) -> bytes:
    return json.dumps([{**USER[0], "username": name}], separators=(",", ":")).encode()


def answer(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
    return head.encode() + b"\r\n\r\n" + body


REAL = answer(user_row("peppy"))
FORGED = answer(user_row("forged"))


class TestResponseFraming:
    def test_a_response_and_nothing_more(self):
        framing = ResponseFraming()
        for _ in range(3):
            framing.sending()
            framing.received(REAL[:10])
            framing.received(REAL[10:])
        assert not framing.unsolicited

    def test_bytes_after_the_response_in_the_same_read(self):
        framing = ResponseFraming()
        framing.sending()
        framing.received(REAL + FORGED)
        assert framing.unsolicited

    def test_bytes_before_any_request(self):
        framing = ResponseFraming()
        framing.received(b"HTTP/1.1 200 OK\r\n")
        assert framing.unsolicited

    def test_bytes_after_the_response_in_a_later_read(self):
        framing = ResponseFraming()
        framing.sending()
        framing.received(REAL)
        framing.received(b"x")
        assert framing.unsolicited

    def test_chunked_and_interim_responses(self):
        framing = ResponseFraming()
        framing.sending()
        framing.received(b"HTTP/1.1 100 Continue\r\n\r\n")
        framing.received(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n")
        framing.received(b"0\r\n\r\n")
        assert not framing.unsolicited

    def test_malformed_http(self):
        framing = ResponseFraming()
        framing.sending()
        framing.received(b"SMTP ready\r\n\r\n")
        assert framing.unsolicited

    def test_an_eof_is_left_to_httpcore(self):
        framing = ResponseFraming()
        framing.sending()
        framing.received(b"")
        assert not framing.unsolicited


class TestTimeLeft:
    def test_no_deadline_keeps_the_timeout(self):
        assert time_left(5.0, httpcore.ReadTimeout) == 5.0
        assert time_left(None, httpcore.ReadTimeout) is None

    def test_the_deadline_cuts_the_timeout(self):
        token = DEADLINE.set(time.monotonic() + 1.0)
        try:
            left = time_left(5.0, httpcore.ReadTimeout)
            assert left is not None
            assert 0.5 < left <= 1.0
            assert time_left(0.1, httpcore.ReadTimeout) == 0.1
        finally:
            DEADLINE.reset(token)

    def test_a_passed_deadline_raises_the_kind_asked_for(self):
        token = DEADLINE.set(time.monotonic() - 1.0)
        try:
            with pytest.raises(httpcore.WriteTimeout, match="time budget"):
                time_left(5.0, httpcore.WriteTimeout)
        finally:
            DEADLINE.reset(token)


def _one_byte(buffer: list[bytes]) -> bytes:
    while buffer and not buffer[0]:
        buffer.pop(0)
    if not buffer:
        return b""
    head, buffer[0] = buffer[0][:1], buffer[0][1:]
    return head


class _DripStream(httpcore.MockStream):
    """A mock connection that hands out one byte per read, ``pause`` seconds apart."""

    pause = 0.02

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        time.sleep(self.pause)
        return _one_byte(self._buffer)


class _DripBackend(httpcore.MockBackend):
    def connect_tcp(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        return _DripStream(list(self._buffer))


class _AsyncDripStream(httpcore.AsyncMockStream):
    pause = 0.02

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            await trio.sleep(self.pause)
        except RuntimeError:  # not under trio
            await asyncio.sleep(self.pause)
        return _one_byte(self._buffer)


class _AsyncDripBackend(httpcore.AsyncMockBackend):
    async def connect_tcp(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        return _AsyncDripStream(list(self._buffer))


def wire(flavour: Flavour, buffer: list[bytes], *, drip: bool = False) -> Any:
    """Our transport, of the flavour's kind, over a mock network replaying ``buffer`` on each
    new connection."""
    if flavour.name == "sync":
        backend = (_DripBackend if drip else httpcore.MockBackend)(buffer)
        return SyncWireTransport(backend)
    async_backend = (_AsyncDripBackend if drip else httpcore.AsyncMockBackend)(buffer)
    return AsyncWireTransport(async_backend)


@pytest.mark.parametrize("flavour", FLAVOURS, ids=NAMES)
def test_a_forged_answer_after_a_response_is_never_the_next_answer(flavour):
    # Each new connection replays the same bytes: the real answer with a forged one behind it.
    transport = wire(flavour, [REAL + FORGED])

    async def body():
        async with flavour.api(transport=transport, retry=None, rate_limits=None) as api:
            return [(await api.get_user(2)).username for _ in range(3)]

    assert flavour.run(body) == ["peppy", "peppy", "peppy"]


@pytest.mark.parametrize("flavour", FLAVOURS, ids=NAMES)
def test_a_clean_connection_is_reused(flavour):
    transport = wire(flavour, [REAL, REAL, REAL])

    async def body():
        async with flavour.api(transport=transport, retry=None, rate_limits=None) as api:
            return [(await api.get_user(2)).username for _ in range(3)]

    assert flavour.run(body) == ["peppy", "peppy", "peppy"]  # one connection had all three


@pytest.mark.parametrize("flavour", REAL_TIME_FLAVOURS, ids=NAMES)
def test_a_dripping_answer_ends_at_the_attempts_budget(flavour):
    # 1 byte per 20 ms: the answer would take over a minute; every read succeeds.
    transport = wire(flavour, [REAL], drip=True)

    async def body():
        async with flavour.api(
            transport=transport, timeout=0.5, retry=None, rate_limits=None
        ) as api:
            started = time.monotonic()
            with pytest.raises(RequestTimeoutError) as info:
                await api.get_user(2)
            return info.value, time.monotonic() - started

    error, elapsed = flavour.run(body)
    assert error.kind is TransportFailure.TIMEOUT
    assert "time budget" in str(error)
    assert 0.45 < elapsed < 1.5

"""The key never shows: not in a log record (httpx, httpcore, ours, at DEBUG), an exception's
message, repr or formatted traceback, nor a client's repr; with our own httpx client or one the
caller gave us."""

from __future__ import annotations

import logging
import traceback

import httpx
import pytest

from osu_core import OsuError, RetryPolicy

from ._flavours import KEY, Flavour, each_flavour

FAULTS = [
    httpx.ConnectError("connection refused"),
    httpx.ReadTimeout("read timed out"),
    httpx.RemoteProtocolError("peer closed connection without sending complete message body"),
    httpx.Response(401, content=b'{"error":"Please provide a valid API key."}'),
    httpx.Response(429, headers={"Retry-After": "1"}),
    httpx.Response(429),
    httpx.Response(500, content=b"Internal Server Error"),
    httpx.Response(503, content=b"<html><body>maintenance</body></html>"),
    httpx.Response(200, content=b'{"error":"Requesting too fast! Slow your operation, cap\'n!"}'),
    httpx.Response(200, content=b'[{"user_id": "2", "usern'),
    httpx.Response(200, content=b"<!DOCTYPE html><html>cloudflare</html>"),
    httpx.Response(200, content=b"\xff\xfe\x00garbage\x80"),
    httpx.Response(302, headers={"Location": "https://osu.ppy.sh/home"}),
    httpx.Response(404, content=b"Not Found"),
]


def fault_handler(fault):
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(fault, Exception):
            raise fault
        return httpx.Response(fault.status_code, headers=fault.headers, content=fault.content)

    return handler


def texts_of(error: BaseException) -> list[str]:
    return [
        str(error),
        repr(error),
        "".join(traceback.format_exception(type(error), error, error.__traceback__)),
    ]


@each_flavour
@pytest.mark.parametrize("given_client", [False, True], ids=["own-client", "given-client"])
def test_key_never_leaks_across_the_fault_suite(flavour: Flavour, given_client, caplog):
    for name in ("httpx", "httpcore", "osu_transports"):
        caplog.set_level(logging.DEBUG, logger=name)
    caplog.set_level(logging.DEBUG)
    captured: list[str] = []
    retry = RetryPolicy(max_attempts=2, backoff=0.1)

    async def body():
        for fault in FAULTS:
            if given_client:
                client = flavour.user_client(fault_handler(fault))
                api = flavour.api(client=client, retry=retry)
            else:
                api = flavour.mock(fault_handler(fault), retry=retry)
            captured.append(repr(api))
            captured.append(repr(getattr(api, "sync", api)))
            async with api:
                try:
                    await api.get_user("peppy", event_days=3)
                except OsuError as error:
                    captured.extend(texts_of(error))

    flavour.run(body)
    records = caplog.records
    assert any(r.name == "httpx" for r in records)  # httpx's INFO request line was seen
    assert any(r.name == "osu_transports" for r in records)
    logged = [r.getMessage() for r in records] + [caplog.text]
    for text in captured + logged:
        assert KEY not in text
    assert len(captured) > 2 * len(FAULTS)


@each_flavour
def test_given_client_really_sends_the_key(flavour: Flavour, caplog):
    caplog.set_level(logging.INFO, logger="httpx")
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, content=b"[]")

    async def body():
        await flavour.api(client=flavour.user_client(handler)).get_user(2)

    flavour.run(body)
    assert seen[0].params["k"] == KEY
    (line,) = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert "k=%2A%2A%2A" in line or "k=***" in line

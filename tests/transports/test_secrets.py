"""The key never shows: not in a log record (httpx, httpcore, ours, at DEBUG), an exception's
message, repr or formatted traceback, nor anything an exception leads to (its cause and context,
their requests and responses), nor a client's repr; with our own httpx client or one the caller
gave us. Masking leaves the rest of a message alone, whatever the key looks like."""

from __future__ import annotations

import logging
import traceback
from urllib.parse import quote, quote_plus

import httpx
import pytest

from osu_core import OsuError, RetryPolicy
from osu_transports._client import scrub

from ._flavours import KEY, Flavour, each_flavour

#: A key whose URL-encoded forms differ from it (``+``, ``/`` and ``=`` are encoded).
ODD_KEY = "0a1b+2c3d/4e5f=6a7b8c9d0e1f2a3b4c5d6e7f8"

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
    """Every text reachable from ``error``: its message, repr and formatted traceback, and the
    same of its causes and contexts, their arguments, requests and responses."""
    texts = ["".join(traceback.format_exception(type(error), error, error.__traceback__))]
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        exc = todo.pop()
        if id(exc) in seen:
            continue
        seen.add(id(exc))
        texts += [str(exc), repr(exc), repr(exc.args)]
        request = getattr(exc, "_request", None)  # httpx.RequestError.request, when set
        for part in (request, getattr(exc, "response", None)):
            if part is not None:
                texts += [repr(part), str(getattr(part, "url", ""))]
        todo += [e for e in (exc.__cause__, exc.__context__) if e is not None]
    return texts


def key_forms(key: str) -> list[str]:
    return [key, quote(key, safe=""), quote_plus(key)]


@each_flavour
@pytest.mark.parametrize("key", [KEY, ODD_KEY], ids=["plain-key", "encoded-key"])
@pytest.mark.parametrize("given_client", [False, True], ids=["own-client", "given-client"])
def test_key_never_leaks_across_the_fault_suite(flavour: Flavour, given_client, key, caplog):
    for name in ("httpx", "httpcore", "osu_transports"):
        caplog.set_level(logging.DEBUG, logger=name)
    caplog.set_level(logging.DEBUG)
    captured: list[str] = []
    retry = RetryPolicy(max_attempts=2, backoff=0.1)

    async def body():
        for fault in FAULTS:
            if given_client:
                client = flavour.user_client(fault_handler(fault))
                api = flavour.api(key, client=client, retry=retry)
            else:
                api = flavour.api(
                    key, transport=httpx.MockTransport(fault_handler(fault)), retry=retry
                )
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
        for form in key_forms(key):
            assert form not in text
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


class TestScrub:
    def test_key_parameters_are_masked_whatever_the_key(self):
        assert scrub("GET /api/get_user?k=a&u=2", "a") == "GET /api/get_user?k=***&u=2"

    @pytest.mark.parametrize("key", ["a", "error", "key", "Connection", "1"])
    def test_a_short_or_wordlike_key_does_not_mangle_a_message(self, key):
        message = "Connection refused: a key error at line 1"
        assert scrub(message, key) == message

    def test_a_real_key_is_masked_as_a_word_in_every_encoding(self):
        for form in key_forms(ODD_KEY):
            assert scrub(f"failed ({form}) today", ODD_KEY) == "failed (***) today"

    def test_a_real_key_inside_a_longer_token_is_left(self):
        token = "x" + KEY.replace("-", "") + "x"
        assert scrub(token, KEY.replace("-", "")) == token

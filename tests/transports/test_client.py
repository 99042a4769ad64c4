"""Every flavour against ``httpx.MockTransport``: no sockets, fake clocks.

Covers the key (environment fallback, added innermost), ownership of httpx clients, error
mapping, retries, rate limiting, concurrency, cancellation, logging and the user cache.
"""

from __future__ import annotations

import json
import logging
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

import osu_core
from osu_core import (
    Call,
    GameMode,
    HTTPError,
    RateLimit,
    RateLimitError,
    RateLimits,
    Request,
    RequestTimeoutError,
    Response,
    ResponseError,
    RetryPolicy,
    TransportError,
    WrongApiKey,
)
from osu_core import TransportFailure as F

from ._flavours import KEY, Flavour, clock_of, each_async_flavour, each_flavour

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "api"
USER_BODY = (CORPUS / "get_user-1.json").read_bytes()
USER_ID = json.loads(USER_BODY)[0]["user_id"]
NO_RETRY = RetryPolicy(max_attempts=1)
FAST_RETRY = RetryPolicy(max_attempts=4, backoff=1.0, jitter=0.0)
NO_LIMITS = None


def client_of(api: Any) -> Any:
    """The flavour's own client object (the sync one behind its async view)."""
    return getattr(api, "sync", api)


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=USER_BODY)


def echo_call() -> Call[Response]:
    """A call whose result is the response itself (no parsing)."""
    request = Request(endpoint="get_user", path="/api/get_user", params=(("u", "2"),))
    return Call(request=request, parse=lambda response: response)


class Recorder:
    """A MockTransport handler that answers from a script and records what it saw."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        # a fresh copy: a client rebinds the stream of a response it has read
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


class TestKey:
    @each_flavour
    def test_key_added_on_the_wire_only(self, flavour: Flavour, caplog):
        caplog.set_level(logging.DEBUG)
        recorder = Recorder(httpx.Response(200, content=USER_BODY))

        async def body():
            async with flavour.mock(recorder) as api:
                user = await api.get_user(int(USER_ID))
            assert user.user_id == int(USER_ID)

        flavour.run(body)
        (sent,) = recorder.seen
        assert sent.url.params["k"] == KEY
        assert sent.url.path == "/api/get_user"
        assert sent.url.host == "osu.ppy.sh"
        assert "osu_transports.add_key" not in sent.extensions
        assert KEY not in caplog.text
        assert "k=%2A%2A%2A" in caplog.text or "k=***" in caplog.text

    @each_flavour
    @pytest.mark.parametrize(
        ("params", "query"),
        [((("u", "a b&c"), ("m", "0")), "u=a+b%26c&m=0&k="), ((), "k=")],
    )
    def test_wire_query_is_ours_then_the_key(
        self, flavour: Flavour, params: tuple[tuple[str, str], ...], query: str
    ) -> None:
        recorder = Recorder(httpx.Response(200, content=b"[]"))
        call = Call(
            request=Request(endpoint="get_user", path="/api/get_user", params=params),
            parse=lambda response: response.body,
        )

        async def body() -> bytes:
            async with flavour.mock(recorder, rate_limits=NO_LIMITS) as api:
                result: bytes = await api.call(call)
            return result

        assert flavour.run(body) == b"[]"
        (sent,) = recorder.seen
        assert sent.url.query.decode() == query + KEY
        assert str(sent.url).startswith("https://osu.ppy.sh/api/get_user?")

    @each_flavour
    def test_env_fallback(self, flavour: Flavour, monkeypatch):
        monkeypatch.setenv("OSU_API_KEY", "from-env")
        recorder = Recorder(httpx.Response(200, content=b"[]"))

        async def body():
            async with flavour.mock(recorder, key=None) as api:
                assert await api.get_user(1) is None

        flavour.run(body)
        assert recorder.seen[0].url.params["k"] == "from-env"

    @each_flavour
    def test_missing_key_is_a_clear_error(self, flavour: Flavour, monkeypatch):
        monkeypatch.delenv("OSU_API_KEY", raising=False)
        with pytest.raises(WrongApiKey, match="OSU_API_KEY"):
            flavour.api(key=None)

    @each_flavour
    def test_key_not_in_repr(self, flavour: Flavour):
        api = flavour.mock(ok)
        client = getattr(api, "sync", api)
        assert KEY not in repr(client)
        assert KEY not in repr(client._http._transport)
        assert "osu.ppy.sh" in repr(client)

    @each_flavour
    def test_base_url(self, flavour: Flavour):
        recorder = Recorder(httpx.Response(200, content=b"[]"))

        async def body():
            async with flavour.mock(recorder, base_url="http://mirror.test/osu/") as api:
                await api.get_user("peppy")

        flavour.run(body)
        assert str(recorder.seen[0].url).startswith("http://mirror.test/osu/api/get_user?")

    @each_flavour
    def test_file_download_sends_no_key(self, flavour: Flavour):
        recorder = Recorder(httpx.Response(200, content=b""))

        async def body():
            async with flavour.mock(recorder) as api:
                request = Request(endpoint="osu_file", path="/osu/75", needs_key=False)
                await api.call(Call(request=request, parse=lambda r: r.body))

        flavour.run(body)
        assert "k" not in recorder.seen[0].url.params


class TestOwnership:
    @each_flavour
    def test_own_client_is_closed(self, flavour: Flavour):
        async def body():
            async with flavour.mock(ok) as api:
                pass
            return getattr(api, "sync", api)._http

        assert flavour.run(body).is_closed

    @each_flavour
    def test_given_client_is_used_and_left_open(self, flavour: Flavour):
        recorder = Recorder(httpx.Response(200, content=b"[]"))
        given = flavour.user_client(recorder)

        async def body():
            async with flavour.api(client=given, rate_limits=NO_LIMITS) as api:
                await api.get_user(2)
            await api.aclose()

        flavour.run(body)
        assert not given.is_closed
        assert recorder.seen[0].url.params["k"] == KEY

    @each_flavour
    def test_given_client_params_are_merged_with_ours(self, flavour: Flavour) -> None:
        recorder = Recorder(httpx.Response(200, content=b"[]"))
        kind = httpx.Client if flavour.name == "sync" else httpx.AsyncClient
        given = kind(transport=httpx.MockTransport(recorder), params={"extra": "1"})

        async def body() -> None:
            await flavour.api(client=given).get_user(2)

        flavour.run(body)
        params = recorder.seen[0].url.params
        assert (params["extra"], params["u"], params["k"]) == ("1", "2", KEY)

    @each_flavour
    def test_given_client_timeout_and_headers_apply(self, flavour: Flavour):
        recorder = Recorder(httpx.Response(200, content=b"[]"))
        kind = httpx.Client if flavour.name == "sync" else httpx.AsyncClient
        given = kind(transport=httpx.MockTransport(recorder), headers={"user-agent": "me"})

        async def body():
            await flavour.api(client=given).get_user(2)

        flavour.run(body)
        assert recorder.seen[0].headers["user-agent"] == "me"

    @each_flavour
    def test_default_timeouts_are_on(self, flavour: Flavour):
        api = flavour.mock(ok)
        timeout = getattr(api, "sync", api)._http.timeout
        assert timeout.connect == 5.0
        assert timeout.read == 20.0


class TestSettings:
    @each_flavour
    def test_each_attempt_is_bounded_by_the_longest_timeout(self, flavour: Flavour):
        inner = client_of(flavour.mock(ok))
        assert inner._attempt_budget == 20.0
        inner = client_of(flavour.mock(ok, timeout=3))
        assert inner._attempt_budget == 3.0
        assert inner._http.timeout == httpx.Timeout(3.0)
        assert client_of(flavour.mock(ok, timeout=None))._attempt_budget is None

    @each_flavour
    def test_a_given_clients_timeouts_bound_its_attempts(self, flavour: Flavour):
        kind = httpx.Client if flavour.name == "sync" else httpx.AsyncClient
        given = kind(transport=httpx.MockTransport(ok), timeout=httpx.Timeout(7.0, connect=2.0))
        assert client_of(flavour.api(client=given))._attempt_budget == 7.0

    @each_flavour
    @pytest.mark.parametrize(
        "timeout",
        [float("inf"), 1e10, 0, -1, float("nan"), "20", True, httpx.Timeout(1e10)],
        ids=repr,
    )
    def test_a_bad_timeout_is_named(self, flavour: Flavour, timeout):
        with pytest.raises(osu_core.InvalidArgument) as info:
            flavour.mock(ok, timeout=timeout)
        assert info.value.parameter == "timeout"

    @each_flavour
    @pytest.mark.parametrize(
        ("setting", "value"),
        [
            ("max_response_size", 0),
            ("max_response_size", "1MB"),
            ("retry", 3),
            ("retry", "fast"),
            ("rate_limits", {"default": 60}),
        ],
    )
    def test_a_bad_setting_is_named(self, flavour: Flavour, setting, value):
        with pytest.raises(osu_core.InvalidArgument) as info:
            flavour.mock(ok, **{setting: value})
        assert info.value.parameter == setting

    @each_flavour
    def test_a_key_of_the_wrong_type_is_named_but_not_shown(self, flavour: Flavour):
        with pytest.raises(osu_core.InvalidArgument) as info:
            flavour.mock(ok, key=b"0123456789abcdef")
        assert info.value.parameter == "key"
        assert "0123456789" not in str(info.value)

    @each_flavour
    def test_a_client_of_the_wrong_kind_is_named(self, flavour: Flavour):
        wrong = httpx.AsyncClient() if flavour.name == "sync" else httpx.Client()
        with pytest.raises(osu_core.InvalidArgument) as info:
            flavour.api(client=wrong)
        assert info.value.parameter == "client"
        if isinstance(wrong, httpx.Client):
            wrong.close()

    @each_flavour
    def test_the_body_limit_applies(self, flavour: Flavour):
        recorder = Recorder(httpx.Response(200, content=b"[" + b" " * 5000 + b"]"))

        async def body():
            async with flavour.mock(recorder, max_response_size=1000, retry=FAST_RETRY) as api:
                with pytest.raises(osu_core.ResponseTooLargeError) as info:
                    await api.get_user(2)
            return info.value

        assert flavour.run(body).limit == 1000
        assert len(recorder.seen) == 1  # never retried

    @each_flavour
    def test_we_ask_only_for_codings_we_can_bound(self, flavour: Flavour):
        recorder = Recorder(httpx.Response(200, content=b"[]"))

        async def body():
            async with flavour.mock(recorder) as api:
                await api.get_user(2)

        flavour.run(body)
        assert recorder.seen[0].headers["accept-encoding"] == "gzip, deflate"


class TestErrorMapping:
    @each_flavour
    @pytest.mark.parametrize(
        ("raised", "expected", "kind"),
        [
            (httpx.ConnectError("connection refused"), TransportError, F.CONNECT),
            (httpx.RemoteProtocolError("peer closed"), TransportError, F.CONNECTION_LOST),
            (httpx.RemoteProtocolError("illegal status line"), TransportError, F.PROTOCOL),
            (httpx.ReadError("reset by peer"), TransportError, F.CONNECTION_LOST),
            (httpx.WriteError("broken pipe"), TransportError, F.CONNECTION_LOST),
            (httpx.UnsupportedProtocol("ftp"), TransportError, F.OTHER),
            (httpx.ReadTimeout("timed out"), RequestTimeoutError, F.TIMEOUT),
            (httpx.ConnectTimeout("timed out"), RequestTimeoutError, F.TIMEOUT),
            (httpx.PoolTimeout("no connection"), RequestTimeoutError, F.TIMEOUT),
        ],
        ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v),
    )
    def test_httpx_errors_become_ours(self, flavour: Flavour, raised, expected, kind):
        async def body():
            async with flavour.mock(Recorder(raised), retry=NO_RETRY) as api:
                with pytest.raises(expected) as info:
                    await api.get_user(2)
            return info.value

        error = flavour.run(body)
        assert type(error) is expected
        assert error.kind is kind
        # A key-free copy of httpx's error is chained, and nothing behind it.
        assert type(error.__cause__) is type(raised)
        assert error.__cause__ is not raised
        assert str(error.__cause__) == str(raised)
        assert error.__cause__.__cause__ is None
        assert error.__cause__.__context__ is None
        assert error.__context__ is None
        assert str(error).startswith("get_user: ")
        assert str(raised) in str(error)

    @each_flavour
    def test_a_name_that_does_not_resolve(self, flavour: Flavour):
        raised = httpx.ConnectError("[Errno -2] Name or service not known")
        raised.__cause__ = socket.gaierror(-2, "Name or service not known")

        async def body():
            async with flavour.mock(Recorder(raised), rate_limits=NO_LIMITS) as api:
                with pytest.raises(TransportError) as info:
                    await api.get_user(2)
            return info.value

        assert flavour.run(body).kind is F.NAME_RESOLUTION

    @each_flavour
    def test_http_status_errors(self, flavour: Flavour):
        answers = {
            401: (b'{"error":"Please provide a valid API key."}', WrongApiKey),
            500: (b"oops", HTTPError),
            200: (b"<html>not json</html>", ResponseError),
        }

        async def body():
            for status, (content, expected) in answers.items():
                recorder = Recorder(httpx.Response(status, content=content))
                async with flavour.mock(recorder, retry=NO_RETRY) as api:
                    with pytest.raises(expected):
                        await api.get_user(2)

        flavour.run(body)


class TestRetries:
    @each_flavour
    def test_transient_failures_are_retried_with_backoff(self, flavour: Flavour):
        recorder = Recorder(
            httpx.ConnectError("refused"),
            httpx.Response(503, content=b"busy"),
            httpx.ReadTimeout("slow"),
            httpx.Response(200, content=USER_BODY),
        )

        async def body():
            async with flavour.mock(recorder, retry=FAST_RETRY, rate_limits=NO_LIMITS) as api:
                start = clock_of(flavour, api)
                user = await api.get_user(2)
                return user, clock_of(flavour, api) - start

        user, elapsed = flavour.run(body)
        assert user is not None
        assert len(recorder.seen) == 4
        assert elapsed == pytest.approx(1.0 + 2.0 + 4.0)

    @each_flavour
    def test_gives_up_after_max_attempts(self, flavour: Flavour):
        recorder = Recorder(httpx.Response(502, content=b"bad gateway"))

        async def body():
            async with flavour.mock(recorder, retry=FAST_RETRY) as api:
                with pytest.raises(HTTPError) as info:
                    await api.get_user(2)
            return info.value

        assert flavour.run(body).code == 502
        assert len(recorder.seen) == 4

    @each_flavour
    @pytest.mark.parametrize(
        "answer",
        [
            httpx.Response(401, content=b'{"error":"Please provide a valid API key."}'),
            httpx.Response(400, content=b"bad"),
            httpx.Response(404, content=b"not found"),
            httpx.Response(200, content=b'{"error":"Replay not available."}'),
            httpx.Response(200, content=b"[{truncated"),
        ],
        ids=["401", "400", "404", "replay-unavailable", "garbage"],
    )
    def test_other_errors_are_not_retried(self, flavour: Flavour, answer):
        recorder = Recorder(answer)

        async def body():
            async with flavour.mock(recorder, retry=FAST_RETRY) as api:
                with pytest.raises(osu_core.OsuError):
                    await api.get_user(2)

        flavour.run(body)
        assert len(recorder.seen) == 1

    @each_flavour
    def test_429_honours_retry_after(self, flavour: Flavour):
        recorder = Recorder(
            httpx.Response(429, headers={"Retry-After": "7"}, content=b""),
            httpx.Response(200, content=USER_BODY),
        )

        async def body():
            async with flavour.mock(recorder, retry=FAST_RETRY) as api:
                start = clock_of(flavour, api)
                await api.get_user(2)
                return clock_of(flavour, api) - start

        assert flavour.run(body) == pytest.approx(7.0)
        assert len(recorder.seen) == 2

    @each_flavour
    def test_too_fast_body_backs_off(self, flavour: Flavour):
        too_fast = b'{"error":"Requesting too fast! Slow your operation, cap\'n!"}'
        recorder = Recorder(
            httpx.Response(200, content=too_fast), httpx.Response(200, content=USER_BODY)
        )

        async def body():
            async with flavour.mock(recorder, retry=FAST_RETRY) as api:
                start = clock_of(flavour, api)
                await api.get_user(2)
                return clock_of(flavour, api) - start

        assert flavour.run(body) == pytest.approx(1.0)

    @each_flavour
    def test_retry_after_too_long_is_raised(self, flavour: Flavour):
        recorder = Recorder(httpx.Response(429, headers={"Retry-After": "3600"}))

        async def body():
            async with flavour.mock(recorder, retry=FAST_RETRY) as api:
                with pytest.raises(RateLimitError) as info:
                    await api.get_user(2)
            return info.value

        assert flavour.run(body).retry_after == 3600
        assert len(recorder.seen) == 1

    @each_flavour
    def test_retry_off(self, flavour: Flavour):
        recorder = Recorder(httpx.Response(503))

        async def body():
            async with flavour.mock(recorder, retry=None) as api:
                with pytest.raises(HTTPError):
                    await api.get_user(2)

        flavour.run(body)
        assert len(recorder.seen) == 1


def window_max(times: list[float], width: float) -> int:
    times = sorted(times)
    return max(sum(1 for u in times if t <= u < t + width - 1e-9) for t in times)


class TestRateLimit:
    @each_flavour
    def test_sequential_calls_keep_to_the_budget(self, flavour: Flavour):
        limits = RateLimits(default=RateLimit(5, 1.0, burst=2), endpoints={}, headroom=0)
        stamps: list[float] = []

        async def body():
            async with flavour.mock(ok, rate_limits=limits) as api:

                def handler(request: httpx.Request) -> httpx.Response:
                    stamps.append(clock_of(flavour, api))
                    return httpx.Response(200, content=b"[]")

                inner = getattr(api, "sync", api)._http._transport._inner
                inner.handler = handler
                for _ in range(17):
                    await api.get_user(2)

        flavour.run(body)
        assert len(stamps) == 17
        assert window_max(stamps, 1.0) <= 7
        # 3 go at once, then one every 0.2 s
        assert stamps[-1] == pytest.approx(14 * 0.2)

    @each_flavour
    def test_replay_budget_is_separate(self, flavour: Flavour):
        limits = RateLimits(
            default=RateLimit(100, 1.0), endpoints={"get_replay": RateLimit(2, 10.0)}, headroom=0
        )
        replay = Request(endpoint="get_replay", path="/api/get_replay", params=(("m", "0"),))

        async def body():
            async with flavour.mock(ok, rate_limits=limits) as api:
                start = clock_of(flavour, api)
                for _ in range(3):
                    await api.call(Call(request=replay, parse=lambda r: r))
                after_replays = clock_of(flavour, api) - start
                await api.get_user(2)
                return after_replays, clock_of(flavour, api) - start

        after_replays, after_user = flavour.run(body)
        assert after_replays == pytest.approx(10.0)
        assert after_user == pytest.approx(10.01)

    @each_async_flavour
    def test_hundreds_of_concurrent_calls_keep_to_the_budget(self, flavour: Flavour):
        limits = RateLimits(default=RateLimit(100, 1.0, burst=20), endpoints={}, headroom=0)
        stamps: list[float] = []

        async def handler(request: httpx.Request) -> httpx.Response:
            stamps.append(flavour.now())
            await flavour.sleep(0.05)  # the server takes a while
            return httpx.Response(200, content=b"[]")

        async def body():
            async with flavour.mock(handler, rate_limits=limits) as api:
                start = flavour.now()
                results = await flavour.gather([lambda: api.get_user(2)] * 300)
                return start, results

        start, results = flavour.run(body)
        assert results == [None] * 300
        assert len(stamps) == 300
        assert window_max(stamps, 1.0) <= 120
        # after the burst of 21, exactly the steady rate: 279 more at 0.01 s each
        assert max(stamps) - start == pytest.approx(2.79, abs=1e-6)


class TestCancellation:
    @each_async_flavour
    def test_cancelled_request_leaves_the_client_usable(self, flavour: Flavour):
        calls = []

        async def handler(request: httpx.Request) -> httpx.Response:
            calls.append(request)
            if len(calls) == 1:
                await flavour.sleep(3600)
            return httpx.Response(200, content=USER_BODY)

        async def body():
            async with flavour.mock(handler, retry=FAST_RETRY) as api:
                if flavour.name == "trio":
                    import trio

                    with trio.move_on_after(1) as scope:
                        await api.get_user(2)
                    assert scope.cancelled_caught
                else:
                    import asyncio

                    with pytest.raises(asyncio.TimeoutError):  # not TimeoutError before 3.11
                        await asyncio.wait_for(api.get_user(2), 1)
                return await api.get_user(2)

        assert flavour.run(body) is not None

    def test_trio_cancellation_is_not_swallowed_during_backoff(self):
        import trio
        import trio.testing

        flavour = Flavour("trio")
        recorder = Recorder(httpx.Response(503))

        async def body():
            async with flavour.mock(recorder, retry=FAST_RETRY) as api:
                with trio.move_on_after(1.5) as scope:
                    await api.get_user(2)
                    pytest.fail("not cancelled")
            return scope.cancelled_caught

        assert trio.run(body, clock=trio.testing.MockClock(autojump_threshold=0))
        assert len(recorder.seen) == 2


class TestLogging:
    @each_flavour
    def test_debug_log_names_endpoint_attempt_status_and_waits(self, flavour: Flavour, caplog):
        caplog.set_level(logging.DEBUG, logger="osu_transports")
        recorder = Recorder(httpx.Response(503), httpx.Response(200, content=USER_BODY))

        async def body():
            async with flavour.mock(recorder, retry=FAST_RETRY) as api:
                await api.get_user(2, mode=GameMode.Taiko)

        flavour.run(body)
        lines = [r.getMessage() for r in caplog.records if r.name == "osu_transports"]
        assert lines[0].startswith("get_user attempt 1: GET https://osu.ppy.sh/api/get_user?")
        assert "u=2" in lines[0]
        assert "m=1" in lines[0]
        assert lines[1] == "get_user attempt 1: HTTP 503, 0 bytes"
        assert lines[2].startswith("get_user: waiting 1.000 s (retry after HTTPError")
        assert lines[2].endswith("before attempt 2")
        assert lines[-1].startswith("get_user attempt 2: HTTP 200")


class TestUserCache:
    @each_flavour
    def test_get_cached_user_asks_once_per_user_and_mode(self, flavour: Flavour):
        recorder = Recorder(ok)

        async def body():
            async with flavour.mock(recorder) as api:
                first = await api.get_cached_user(2)
                again = await api.get_cached_user(2, mode=0)
                taiko = await api.get_cached_user(2, mode=GameMode.Taiko)
                return first, again, taiko

        first, again, taiko = flavour.run(body)
        assert first is again
        assert taiko is not first
        assert len(recorder.seen) == 2
        assert recorder.seen[0].url.params["type"] == "id"

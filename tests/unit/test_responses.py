"""Every error status and message to its class; garbage bodies to ResponseError."""

from __future__ import annotations

import pytest

import osu_core
from osu_core import (
    HTTPError,
    InvalidArgument,
    RateLimitError,
    ReplayUnavailable,
    Response,
    ResponseError,
    RouteNotFound,
    WrongApiKey,
)


def resp(status: int, body: bytes = b"", **headers: str) -> Response:
    return Response(status_code=status, headers=headers, body=body)


class TestStatus:
    @pytest.mark.parametrize(
        ("status", "error"),
        [
            (400, InvalidArgument),
            (401, WrongApiKey),
            (404, RouteNotFound),
            (301, RouteNotFound),
            (302, RouteNotFound),
            (307, RouteNotFound),
            (429, RateLimitError),
            (500, HTTPError),
            (502, HTTPError),
            (503, HTTPError),
            (418, HTTPError),
        ],
    )
    def test_status_without_message(self, status, error):
        with pytest.raises(error) as info:
            osu_core.check_response(resp(status, b"<html>oops</html>"), endpoint="get_user")
        assert type(info.value) is error
        assert info.value.code == status
        assert "get_user" in info.value.message

    def test_success(self):
        assert osu_core.check_response(resp(200, b"[]"), endpoint="get_user") is None


class TestMessages:
    @pytest.mark.parametrize(
        ("message", "status", "error"),
        [
            ("Please provide a valid API key.", 401, WrongApiKey),
            ("Please provide a valid API key.", 200, WrongApiKey),
            ("Replay not available.", 200, ReplayUnavailable),
            ("Replay not available.", 404, ReplayUnavailable),  # the message decides
            ("Replay retrieval failed.", 200, ReplayUnavailable),
            ("Requesting too fast! Slow your operation, cap'n!", 200, RateLimitError),
            ("Something new", 400, InvalidArgument),
            ("Something new", 200, HTTPError),
        ],
    )
    def test_error_body(self, message, status, error):
        body = ('{"error":"' + message.replace('"', '\\"') + '"}').encode()
        with pytest.raises(error) as info:
            osu_core.check_response(resp(status, body), endpoint="get_replay")
        assert type(info.value) is error
        assert info.value.message == message
        assert info.value.code == status


class TestRetryAfter:
    def test_seconds(self):
        with pytest.raises(RateLimitError) as info:
            osu_core.check_response(resp(429, b"", **{"Retry-After": "7"}), endpoint="x")
        assert info.value.retry_after == 7.0

    def test_http_date_against_the_date_header(self):
        headers = {
            "retry-after": "Wed, 21 Oct 2026 07:28:30 GMT",
            "date": "Wed, 21 Oct 2026 07:28:00 GMT",
        }
        assert osu_core.retry_after(headers) == 30.0

    @pytest.mark.parametrize(
        "headers",
        [{}, {"retry-after": "soon"}, {"retry-after": "Wed, 21 Oct 2026 07:28:30 GMT"}],
    )
    def test_unknown(self, headers):
        assert osu_core.retry_after(headers) is None

    def test_negative_is_zero(self):
        assert osu_core.retry_after({"retry-after": "-3"}) == 0.0


class TestBodies:
    @pytest.mark.parametrize(
        ("body", "needle"),
        [
            (b"", "empty"),
            (b"   ", "empty"),
            (b"<html><body>502</body></html>", "not JSON"),
            (b'[{"beatmap_id": "1"', "not JSON"),
            (b"\xff\xfe[]", "not UTF-8"),
        ],
    )
    def test_garbage(self, body, needle):
        with pytest.raises(ResponseError, match=needle) as info:
            osu_core.get_beatmaps().parse(resp(200, body))
        assert info.value.endpoint == "get_beatmaps"

    @pytest.mark.parametrize(
        ("call", "body", "path"),
        [
            (osu_core.get_beatmaps(), b"{}", ""),
            (osu_core.get_beatmaps(), b'[{"beatmap_id": "x"}]', "[0].beatmap_id"),
            (osu_core.get_user(2), b'[{"user_id": "2"}]', "[0].username"),
            (osu_core.get_user(2), b"[5]", "[0]"),
            (osu_core.get_match(1), b"[]", ""),
            (osu_core.get_match(1), b'{"match": "x", "games": []}', ".match"),
            (osu_core.get_replay(0, score_id=1), b'{"content": null}', ".content"),
        ],
    )
    def test_wrong_shapes_name_the_place(self, call, body, path):
        with pytest.raises(ResponseError) as info:
            call.parse(resp(200, body))
        assert info.value.path == path

    def test_null_list_is_empty(self):
        # type=string with no match once answered null instead of [] (ppy/osu-api#109)
        assert osu_core.get_user("x").parse(resp(200, b"null")) is None

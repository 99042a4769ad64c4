"""Malformed requests get the closest safe answer: never a traceback, always a well-formed
response."""

from __future__ import annotations

import json

import pytest

from osu_transports.testing import KNOWN, EmulatorHandler

from .conftest import KEY

ENDPOINTS = ["get_beatmaps", "get_user", "get_scores", "get_user_best", "get_user_recent",
             "get_match", "get_replay"]  # fmt: skip
BAD_VALUES = ["abc", "-1", "9", "99999999999999999999999999", "1e3", " ", "\x00", "%ff", "0x10",
              "💥", "1.5", "-0", "+7", "' OR 1=1 --", "9" * 400]  # fmt: skip
PARAMS = ["u", "b", "s", "m", "a", "h", "mp", "mods", "limit", "since", "type", "event_days",
          "unknown"]  # fmt: skip


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("param", PARAMS)
def test_bad_values_never_break(shared_handler: EmulatorHandler, endpoint, param):
    for value in BAD_VALUES:
        result = shared_handler.handle(
            "GET", f"/api/{endpoint}", [("k", KEY), ("u", str(KNOWN.user_id)), (param, value)]
        )
        assert result.status == 200
        json.loads(result.body)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"limit": "abc"}, 10),  # unreadable limit: the default
        ({"limit": "0"}, 1),  # below the range: clamped
        ({"limit": "-5"}, 1),
        ({"limit": "99999999999999999999999"}, 10),  # not a number we read: default
        ({"limit": "100000"}, 100),
    ],
)
def test_limit_fallbacks(api, params, expected):
    assert len(api("get_user_best", u=KNOWN.user_id, **params)) == expected


def test_bad_mode_matches_nothing(api):
    assert api("get_user", u=KNOWN.user_id, m=9) == []
    assert api("get_beatmaps", m=9) == []
    assert api("get_user_best", u=KNOWN.user_id, m="abc") == []


def test_bad_since_matches_nothing(api):
    assert api("get_beatmaps", since="yesterday") == []


def test_unknown_params_are_ignored(api):
    plain = api("get_user", u=KNOWN.user_id)
    assert api("get_user", u=KNOWN.user_id, foo="bar", callback="x") == plain


def test_repeated_params_keep_the_last_and_empty_means_absent(api):
    handler = api.handler
    body = handler.handle("GET", "/api/get_user", f"k={KEY}&u=1&u={KNOWN.user_id}&m=&type=").body
    assert json.loads(body)[0]["user_id"] == str(KNOWN.user_id)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "//",
        "/api",
        "/api/",
        "/osu/",
        "/osu/1/2",
        "/../etc/passwd",
        "/api/get_user/x",
        "/%00",
        "/" + "a" * 5000,
    ],
)
def test_odd_paths(shared_handler, path):
    result = shared_handler.handle("GET", path, f"k={KEY}")
    assert result.status in (200, 301, 404)


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH", "OPTIONS", "BREW"])
def test_other_methods_are_405(shared_handler, method):
    assert shared_handler.handle(method, "/api/get_user", f"k={KEY}&u=1").status == 405


def test_raw_garbage_query_string(shared_handler):
    for query in ("&&&", "=", "k", "k=" + KEY + "&u=%zz", "%%%%", "u=" + "x" * 10000):
        result = shared_handler.handle("GET", "/api/get_user", query)
        assert result.status in (200, 401)

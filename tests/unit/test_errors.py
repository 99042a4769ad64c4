"""The error tree: the reference's names and codes, its argument order, texts that never fail."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import osu_core
from osu_core import (
    CorruptReplayError,
    HTTPError,
    InvalidArgument,
    OsuError,
    ParseError,
    RateLimitError,
    ReplayTooLargeError,
    ReplayUnavailable,
    RequestTimeoutError,
    ResponseError,
    ResponseTooLargeError,
    RouteNotFound,
    TransportError,
    TransportFailure,
    UnreferencedApi,
    WrongApiKey,
)


class TestTree:
    @pytest.mark.parametrize(
        ("error", "parents"),
        [
            (WrongApiKey, (HTTPError,)),
            (RouteNotFound, (HTTPError,)),
            (InvalidArgument, (HTTPError, ValueError)),
            (ReplayUnavailable, (HTTPError,)),
            (RateLimitError, (HTTPError,)),
            (ResponseTooLargeError, (ResponseError,)),
            (ReplayTooLargeError, (CorruptReplayError, ParseError)),
            (RequestTimeoutError, (TransportError,)),
            (UnreferencedApi, (OsuError,)),
        ],
    )
    def test_each_class_sits_where_the_tree_says(self, error, parents):
        assert issubclass(error, OsuError)
        for parent in parents:
            assert issubclass(error, parent)

    @pytest.mark.parametrize(
        ("error", "code"),
        [
            (WrongApiKey, 401),
            (RouteNotFound, 404),
            (InvalidArgument, 400),
            (ReplayUnavailable, 400),
        ],
    )
    def test_the_reference_codes(self, error, code):
        assert error("message").code == code


class TestHTTPError:
    def test_our_order(self):
        error = HTTPError("bad gateway", 502)
        assert (error.message, error.code, error.status, str(error)) == (
            "bad gateway",
            502,
            502,
            "bad gateway",
        )

    def test_the_original_librarys_order(self):
        error = HTTPError(500, "internal error")
        assert (error.message, error.code, str(error)) == ("internal error", 500, "internal error")
        assert str(WrongApiKey(401, "Please provide a valid API key.")).startswith("Please")

    def test_a_code_alone(self):
        error = HTTPError(503)
        assert (error.message, error.code) == ("HTTP 503", 503)

    def test_an_unavailable_replay_keeps_the_documented_code(self):
        error = ReplayUnavailable("Replay not available.", 200)
        assert error.code == 400
        assert error.status == 200

    def test_the_http_status_is_kept_apart(self):
        assert RateLimitError("Requesting too fast!", 200).status == 200
        assert InvalidArgument("bad mode", parameter="mode").status is None


class TestTexts:
    @given(st.one_of(st.none(), st.integers(), st.floats(), st.binary(), st.lists(st.integers())))
    def test_str_and_repr_never_raise_whatever_the_message(self, message):
        for cls in (OsuError, HTTPError, WrongApiKey, ResponseError, UnreferencedApi):
            error = cls(message)
            assert isinstance(str(error), str)
            assert isinstance(repr(error), str)

    def test_transport_errors_show_their_kind(self):
        error = TransportError("refused", kind=TransportFailure.CONNECT)
        assert "CONNECT" in repr(error)
        assert str(error) == "refused"

    def test_parse_errors_say_where(self):
        error = ParseError("bad number", line=7, section="HitObjects")
        assert str(error) == "bad number (section [HitObjects], line 7)"
        assert (error.line, error.section, error.offset) == (7, "HitObjects", None)

    def test_every_error_is_exported(self):
        names = {n for n in osu_core.__all__ if n.endswith(("Error", "Key", "Found", "Api"))}
        assert {c.__name__ for c in OsuError.__subclasses__()} <= names | {"HTTPError"}

"""Hostile arguments to every builder and every value type users build: each input gives a
valid value or an ``InvalidArgument`` naming its parameter, never another exception, a huge
message or a silent wrong value.

Inputs mix what users really pass (ids as ints and digit strings, enums, dates) with shapes
that broke the builders (issue 10, "Arguments and configuration"): Unicode digits (``"²"``,
``"٣"``), digit strings past CPython's 4300-digit ``int()`` limit, ints of any size and of any
class (``GameModifiers.HardRock`` used to go on the wire as ``HR``), floats, NaN, bytes,
containers and datetimes at the edges of their range. A successful call's wire parameters are
then checked: every integer is plain ASCII decimal digits equal to what was meant.

CI runs these under the ``ci`` profile; one long local run uses the ``fuzz`` profile::

    HYPOTHESIS_PROFILE=fuzz .venv/bin/pytest -m fuzz tests/property/test_hostile_arguments.py
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import osu_core
from osu_core import (
    BeatmapApprovedState,
    BeatmapGenre,
    BeatmapsSincePager,
    Call,
    GameMode,
    GameModifiers,
    InvalidArgument,
    Language,
    RateLimit,
    RateLimiter,
    RateLimits,
    Response,
    ResponseError,
)
from osu_core._enums import PSEUDO_MEMBER_CACHE, pseudo_members_cached
from osu_core._http import check_base_url  # the lead exports it from osu_core
from osu_core._paging import MAX_STALE_PAGES
from osu_core._params import SINCE_MAX, since, since_moment

pytestmark = pytest.mark.fuzz

UTC = dt.timezone.utc

# --- what hostile input looks like ---------------------------------------------------------


class ShoutingInt(int):
    """An int subclass whose text is not its digits (as GameModifiers' is its acronyms)."""

    def __str__(self) -> str:
        return "SHOUT"

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return "SHOUT"


class Colour(enum.IntEnum):
    RED = 1
    GREEN = 2


HUGE_INTS = [10**4300, 10**5000 + 7, -(10**5000), 2**64, 2**63, 2**63 - 1, -(2**63), 2**31]
_unicode_digits = st.text(
    alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6
)
_ascii_digits = st.text("0123456789", min_size=1, max_size=25)
_huge_digit_strings = st.builds(
    lambda n, digit, zeros: "0" * zeros + digit * n,
    st.integers(4250, 6000),
    st.sampled_from("19"),
    st.sampled_from([0, 0, 4400]),
)
_number_like_text = st.builds(
    lambda pad, sign, body, end: f"{pad}{sign}{body}{end}",
    st.sampled_from(["", " ", "\t", "\u3000", "\n"]),
    st.sampled_from(["", "+", "-", "0", "00"]),
    st.one_of(_ascii_digits, _unicode_digits, st.sampled_from(["1_000", "1e3", "0x10", "١٢"])),
    st.sampled_from(["", " ", "\n", "\x00", "²"]),
)
_wrong_types = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=8),
    st.builds(bytearray, st.binary(max_size=4)),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.builds(object),
    st.decimals(allow_nan=True),
    st.fractions(),
    st.complex_numbers(),
    st.sampled_from([dt.date(2020, 1, 1), dt.timedelta(days=1), ..., NotImplemented]),
)
_ints = st.one_of(
    st.integers(-(2**70), 2**70),
    st.integers(-5, 600),
    st.sampled_from(HUGE_INTS),
    st.integers(-5, 2**40).map(ShoutingInt),
    st.sampled_from(list(GameModifiers.__members__.values()) + list(GameMode) + list(Colour)),
    st.integers(0, 2**31 - 1).map(GameModifiers),
)
_strings = st.one_of(
    st.text(max_size=30),
    _unicode_digits,
    _ascii_digits,
    _number_like_text,
    _huge_digit_strings,
    st.sampled_from(["", " ", "HDDT", "nc", "taiko", "²", "٣", "peppy", "0", "-1", "None"]),
)
HOSTILE = st.one_of(_ints, _strings, _wrong_types)

_LONGEST_MESSAGE = 600  # a 5000-digit value must not make a 5000-character message


def _datetimes() -> st.SearchStrategy[Any]:
    zones = st.one_of(
        st.none(),
        st.just(UTC),
        st.integers(-1439, 1439).map(lambda m: dt.timezone(dt.timedelta(minutes=m))),
    )
    edges = st.sampled_from(
        [
            dt.datetime.min,  # noqa: DTZ901 - naive on purpose: taken as UTC
            dt.datetime.max,  # noqa: DTZ901
            dt.datetime.min.replace(tzinfo=UTC),
            dt.datetime.max.replace(tzinfo=UTC),
            dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=5))),
            dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            dt.datetime(1000, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            dt.datetime(999, 12, 31, 23, 59, 59),  # noqa: DTZ001 - naive on purpose
            dt.date.min,
            dt.date.max,
            dt.date(1, 1, 2),
        ]
    )
    return st.one_of(st.datetimes(timezones=zones), st.dates(), edges)


_date_texts = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat(" ")[:19]),
    st.sampled_from(["0001-01-01", "0999-12-31 23:59:59", "9999-12-31 23:59:59", "2024-02-30"]),
    st.sampled_from(["\u0662\u0660\u0662\u0664-01-01", "2024-01-01T00:00:00", "2024-1-1 1:2:3"]),
)
SINCE = st.one_of(_datetimes(), _date_texts, HOSTILE)

#: Wire parameters that carry an integer, and must be plain ASCII decimal digits.
_INT_PARAMS = {"s", "b", "m", "a", "limit", "mods", "event_days", "mp"}
#: Ids sent even below 1, where the API answers "nothing" (match and user ids).
_SIGNED_PARAMS = {"mp", "u"}
_DIGITS = re.compile(r"[0-9]+")
_SIGNED = re.compile(r"-?[0-9]+")
_MYSQL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


def check_call(call: Any) -> None:
    """The wire parameters of a call a builder returned are what the API can read."""
    assert isinstance(call, Call)
    params = call.request.params
    assert all(type(n) is str and type(v) is str for n, v in params)
    wire = dict(params)
    assert len(wire) == len(params)  # no parameter twice
    for name, value in params:
        assert name == "u" or (value.isascii() and value.isprintable()), (name, value)
        if name in _INT_PARAMS or (name == "u" and wire.get("type") == "id"):
            digits = _SIGNED if name in _SIGNED_PARAMS else _DIGITS
            assert digits.fullmatch(value), (name, value)
            assert value == "0" or not value.lstrip("-").startswith("0"), (name, value)
            assert len(value.lstrip("-")) <= 19, (name, value)
            assert -(2**63) <= int(value) < 2**63, (name, value)
        if name == "since":
            assert _MYSQL.fullmatch(value), value
            assert "1000-01-01 00:00:00" <= value <= "9999-12-31 23:59:59"
        if name == "h":
            assert re.fullmatch(r"[0-9a-f]{32}", value)
    if "m" in wire:
        assert wire["m"] in {"0", "1", "2", "3"}
    if "mods" in wire:
        assert int(wire["mods"]) < 2**31
    if "type" in wire:
        assert wire["type"] in {"id", "string"}
    if call.request.path.startswith("/osu/"):
        assert _DIGITS.fullmatch(call.request.path.removeprefix("/osu/"))


def check_rejection(error: InvalidArgument, parameters: set[str]) -> None:
    assert isinstance(error, ValueError)
    assert isinstance(error, osu_core.OsuError)
    assert error.parameter in parameters, (error.parameter, parameters)
    assert error.parameter in error.message
    assert len(error.message) < _LONGEST_MESSAGE, len(error.message)


def outcome(build: Callable[[], Any], parameters: set[str]) -> Any | None:
    """Run ``build``: its value, or None after checking the InvalidArgument it raised."""
    try:
        return build()
    except InvalidArgument as error:
        check_rejection(error, parameters)
        return None


def check_stale(error: ResponseError) -> None:
    """The pager's "since is not honoured" error names the endpoint and the cursor."""
    assert error.endpoint == "get_beatmaps"
    assert "since=" in error.message
    assert len(error.message) < _LONGEST_MESSAGE


def exact(value: Any) -> int | None:
    """What an int argument means: its plain value (None for bools and non-ints)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return int.__int__(value)


@pytest.fixture(autouse=True, scope="module")
def _forget_pseudo_members() -> Iterator[None]:
    # These tests build many unknown enum values; leave the caches as the module found them,
    # so tests elsewhere that check identity (``is``) of the first unknown ids still see them.
    classes = [GameMode, GameModifiers, BeatmapApprovedState, BeatmapGenre, Language]
    saved = {cls: dict(cls._value2member_map_) for cls in classes}
    yield
    for cls, entries in saved.items():
        cls._value2member_map_.clear()
        cls._value2member_map_.update(entries)


# --- the builders ---------------------------------------------------------------------------

_maybe = st.one_of(st.none(), HOSTILE)


def kwargs_of(**names: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of the keyword arguments, each hostile or valid."""
    return st.fixed_dictionaries({}, optional=names)


@given(
    kwargs_of(
        limit=_maybe,
        since=st.one_of(st.none(), SINCE),
        type_str=st.one_of(st.sampled_from([None, "id", "string"]), HOSTILE),
        beatmapset_id=_maybe,
        include_converted=_maybe,
        user=_maybe,
        mode=_maybe,
        beatmap_id=_maybe,
        hash_str=st.one_of(st.just("C7D039DE44853CAA2EE7A554A22D61BC"), _maybe),
        mods=_maybe,
    )
)
def test_get_beatmaps(kwargs):
    call = outcome(lambda: osu_core.get_beatmaps(**kwargs), set(kwargs) | {"type_str"})
    if call is not None:
        check_call(call)
        wire = dict(call.request.params)
        for name, key in (("beatmapset_id", "s"), ("beatmap_id", "b"), ("limit", "limit")):
            if exact(kwargs.get(name)) is not None:
                assert wire[key] == str(exact(kwargs[name]))


@given(
    kwargs_of(
        beatmapset_id=_maybe,
        beatmap_id=_maybe,
        user=_maybe,
        type_str=st.one_of(st.sampled_from([None, "id", "string"]), HOSTILE),
        mode=_maybe,
        include_converted=_maybe,
        hash_str=_maybe,
        mods=_maybe,
    )
)
def test_get_beatmap(kwargs):
    call = outcome(lambda: osu_core.get_beatmap(**kwargs), set(kwargs) | {"type_str"})
    if call is not None:
        check_call(call)
        assert dict(call.request.params)["limit"] == "1"


_types = st.one_of(st.sampled_from([None, None, "id", "string"]), HOSTILE)


@given(user=HOSTILE, mode=_maybe, type_str=_types, event_days=_maybe)
def test_get_user(user, mode, type_str, event_days):
    call = outcome(
        lambda: osu_core.get_user(user, mode, type_str, event_days),
        {"user", "mode", "type_str", "event_days"},
    )
    if call is not None:
        check_call(call)
        wire = dict(call.request.params)
        if exact(user) is not None:
            assert wire["u"] == str(exact(user))  # never "SHOUT", "HR" or "GameMode.Taiko"
        if isinstance(user, str) and type_str is None:
            assert "type" not in wire  # the API recognises a str (issue 11)
        elif type_str is not None:
            assert wire["type"] == type_str


@given(beatmap_id=HOSTILE, user=_maybe, mode=_maybe, mods=_maybe, type_str=_types, limit=_maybe)
def test_get_scores(beatmap_id, user, mode, mods, type_str, limit):
    call = outcome(
        lambda: osu_core.get_scores(beatmap_id, user, mode, mods, type_str, limit),
        {"beatmap_id", "user", "mode", "mods", "type_str", "limit"},
    )
    if call is not None:
        check_call(call)
        if exact(mods) is not None:
            assert dict(call.request.params)["mods"] == str(GameModifiers.coerce(mods).value)


@given(beatmap_id=HOSTILE, user=_maybe, mode=_maybe, type_str=_types, mods=_maybe)
def test_get_score(beatmap_id, user, mode, type_str, mods):
    call = outcome(
        lambda: osu_core.get_score(beatmap_id, user, mode, type_str, mods=mods),
        {"beatmap_id", "user", "mode", "mods", "type_str"},
    )
    if call is not None:
        check_call(call)


@pytest.mark.parametrize(
    "builder",
    [
        osu_core.get_user_best,
        osu_core.get_user_bests,
        osu_core.get_user_recent,
        osu_core.get_user_recents,
    ],
)
@given(user=HOSTILE, mode=_maybe, type_str=_types, limit=_maybe)
def test_user_lists(builder, user, mode, type_str, limit):
    args = (user, mode, type_str) if builder.__name__.endswith(("best", "recent")) else None
    parameters = {"user", "mode", "type_str", "limit"}
    if args is None:
        call = outcome(lambda: builder(user, mode, type_str, limit), parameters)
    else:
        call = outcome(lambda: builder(*args), parameters)
    if call is not None:
        check_call(call)


@given(match_id=HOSTILE)
def test_get_match(match_id):
    call = outcome(lambda: osu_core.get_match(match_id), {"match_id"})
    if call is not None:
        check_call(call)
        if exact(match_id) is not None:
            assert call.request.params == (("mp", str(exact(match_id))),)


@given(
    mode=HOSTILE,
    beatmap_id=_maybe,
    user=_maybe,
    extra=kwargs_of(score_id=_maybe, type_str=_types, mods=_maybe),
)
def test_get_replay(mode, beatmap_id, user, extra):
    call = outcome(
        lambda: osu_core.get_replay(mode, beatmap_id, user, **extra),
        {"mode", "beatmap_id", "user", "score_id", "type_str", "mods"},
    )
    if call is not None:
        check_call(call)


@given(beatmap_id=HOSTILE)
def test_get_beatmap_file(beatmap_id):
    call = outcome(lambda: osu_core.get_beatmap_file(beatmap_id), {"beatmap_id"})
    if call is not None:
        check_call(call)
        assert call.request.params == ()
        if exact(beatmap_id) is not None:
            assert call.request.path == f"/osu/{exact(beatmap_id)}"


# --- enums and mods -------------------------------------------------------------------------


@given(value=HOSTILE)
def test_game_mode_coerce(value):
    mode = outcome(lambda: GameMode.coerce(value), {"mode"})
    if mode is not None:
        assert type(mode) is GameMode
        assert mode.is_known
        if exact(value) is not None:
            assert mode == exact(value)


@given(value=st.one_of(HOSTILE, st.lists(_strings, max_size=4), st.lists(HOSTILE, max_size=3)))
def test_game_modifiers_coerce(value):
    mods = outcome(lambda: GameModifiers.coerce(value), {"mods"})
    if mods is not None:
        assert type(mods) is GameModifiers
        assert 0 <= mods.value < 2**31
        assert mods == mods.normalized()
        if exact(value) is not None:
            assert mods == GameModifiers(exact(value)).normalized()


_acronym_soup = st.text(
    # with U+017F (long s) and U+0131 (dotless i), which upper() turns into S and I
    alphabet=st.sampled_from([*"HDTRNCFLEZSOAPVMK0123456789 ,+|/-", "\u017f", "\u0131", "²"]),
    max_size=20,
)


@given(text=st.one_of(_acronym_soup, HOSTILE))
def test_game_modifiers_from_acronyms(text):
    mods = outcome(lambda: GameModifiers.from_acronyms(text), {"mods"})
    if mods is not None:
        assert type(mods) is GameModifiers
        assert 0 <= mods.value < 2**31
        assert re.sub(r"[\s,+|/;_-]+", "", text).isascii()  # "\u017fD" is not SD
        assert GameModifiers.from_acronyms(mods.acronyms) == mods  # what it parsed, it writes


_enums = st.sampled_from([GameMode, BeatmapApprovedState, BeatmapGenre, Language])


@given(cls=_enums, value=st.one_of(_ints, st.integers()))
def test_open_enums_take_any_64_bit_id_and_keep_few(cls, value):
    try:
        member = cls(value)
    except ValueError:
        assert not -(2**63) <= exact(value) < 2**63
        return
    assert isinstance(member, cls)
    assert member == exact(value)
    assert hash(member) == hash(exact(value))
    assert member.is_known == (exact(value) in {m.value for m in cls})
    assert pseudo_members_cached(cls) <= PSEUDO_MEMBER_CACHE


# --- check_base_url -------------------------------------------------------------------------

_hosts = st.one_of(
    st.sampled_from(["osu.ppy.sh", "127.0.0.1", "[::1]", "x", "LOCALHOST", "a.b.c.", "[::]"]),
    st.from_regex(r"[a-z0-9_-]{1,10}(\.[a-z0-9-]{1,10}){0,3}", fullmatch=True),
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(lambda ip: f"[{ip}]"),
    st.text(max_size=12),
    st.sampled_from(["[::1", "::1", "[1::2::3]", "999.1.1.1", "1.2.3", "u:p@h", "h\u200bx"]),
)
_ports = st.one_of(
    st.just(""),
    st.integers(-2, 70000).map(lambda p: f":{p}"),
    st.sampled_from([":", ":80", ":443", ":٨٠", ":+80", ":8_0", ": 80", ":99999999999"]),
)
_paths = st.one_of(st.just(""), st.text(max_size=12).map(lambda p: "/" + p), st.just("/x/?q#f"))
_urls = st.one_of(
    st.builds(
        lambda scheme, host, port, path: f"{scheme}{host}{port}{path}",
        st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "http:/", "", " http://"]),
        _hosts,
        _ports,
        _paths,
    ),
    st.text(max_size=40),
    HOSTILE,
)


@given(url=_urls)
def test_check_base_url(url):
    normal = outcome(lambda: check_base_url(url), {"base_url"})
    if normal is not None:
        assert check_base_url(normal) == normal  # the normal form is a fixed point
        parts = urlsplit(normal)
        assert parts.scheme in ("http", "https")
        assert parts.netloc.isascii()
        assert parts.hostname
        assert not parts.query
        assert not parts.fragment
        assert "@" not in parts.netloc
        assert parts.port is None or 1 <= parts.port <= 65535
        assert not normal.endswith("/")
        assert not any(char.isspace() for char in normal)
        request = osu_core.Request(endpoint="get_user", path="/api/get_user")
        assert osu_core.prepare(request, base_url=url).url == normal + "/api/get_user"


# --- Response -------------------------------------------------------------------------------

_header_values = st.one_of(
    st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
    st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=3),
    st.lists(st.lists(st.text(max_size=4), max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=4), HOSTILE, max_size=2),
    HOSTILE,
)
_bodies = st.one_of(
    st.binary(max_size=16),
    st.binary(max_size=16).map(bytearray),
    st.binary(max_size=16).map(memoryview),
    HOSTILE,
)


@given(
    kwargs_of(
        status_code=st.one_of(st.integers(90, 610), HOSTILE),
        headers=_header_values,
        body=_bodies,
    )
)
def test_response(kwargs):
    kwargs.setdefault("status_code", 200)
    response = outcome(lambda: Response(**kwargs), {"status_code", "headers", "body"})
    if response is not None:
        assert type(response.status_code) is int
        assert 100 <= response.status_code <= 599
        assert type(response.body) is bytes
        assert all(
            type(k) is str and type(v) is str and k == k.lower()
            for k, v in response.headers.items()
        )
        if isinstance(kwargs.get("body"), (bytes, bytearray, memoryview)):
            assert response.body == bytes(kwargs["body"])


# --- rate-limit settings --------------------------------------------------------------------

_counts = st.one_of(st.integers(-3, 2000), st.sampled_from([10**9, 10**9 + 1, 2**63]), HOSTILE)
_seconds = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10**8), HOSTILE
)


@given(requests=_counts, per=_seconds, burst=_counts)
def test_rate_limit(requests, per, burst):
    limit = outcome(lambda: RateLimit(requests, per, burst), {"requests", "per", "burst"})
    if limit is not None:
        assert type(limit.requests) is int
        assert 1 <= limit.requests <= 10**9
        assert type(limit.burst) is int
        assert 0 <= limit.burst <= 10**9
        assert type(limit.per) is float
        assert 0 < limit.per <= 366 * 86400
        assert math.isfinite(limit.interval)


@given(
    default=st.one_of(st.none(), st.builds(RateLimit, st.integers(1, 50), st.floats(0.1, 60))),
    endpoints=st.one_of(
        st.dictionaries(st.sampled_from(["get_replay", "get_user"]), st.just(RateLimit(2, 1.0))),
        st.dictionaries(st.text(max_size=3), HOSTILE, max_size=2),
        HOSTILE,
    ),
    headroom=st.one_of(st.floats(allow_nan=True, allow_infinity=True), HOSTILE),
)
def test_rate_limits(default, endpoints, headroom):
    limits = outcome(
        lambda: RateLimits(default=default, endpoints=endpoints, headroom=headroom),
        {"default", "endpoints", "headroom"},
    )
    if limits is not None:
        assert type(limits.headroom) is float
        assert 0 <= limits.headroom <= 0.5
        limiter = RateLimiter(limits)
        request = osu_core.Request(endpoint="get_replay", path="/api/get_replay")
        waits = [limiter.reserve(request, 0.0) for _ in range(3)]
        assert all(math.isfinite(w) and w >= 0 for w in waits)


@given(default=HOSTILE)
def test_rate_limits_default(default):
    outcome(lambda: RateLimits(default=default), {"default"})


# --- BeatmapsSincePager ---------------------------------------------------------------------

_TEMPLATE = osu_core.structure_rows(
    osu_core.make_converter(),
    osu_core.Beatmap,
    [
        {
            "beatmap_id": "1", "beatmapset_id": "1", "approved": "1",
            "approved_date": "2024-01-01 00:00:00", "last_update": "2024-01-01 00:00:00",
            "total_length": "1", "hit_length": "1", "version": "v", "file_md5": "0" * 32,
            "diff_size": "4", "diff_overall": "4", "diff_approach": "4", "diff_drain": "4",
            "mode": "0", "artist": "a", "title": "t", "creator": "c", "creator_id": "1",
            "bpm": "120", "source": "", "tags": "", "genre_id": "1", "language_id": "1",
            "favourite_count": "0", "playcount": "0", "passcount": "0",
        }
    ],
)[0]  # fmt: skip


def beatmap(beatmap_id: int, date: dt.datetime) -> osu_core.Beatmap:
    return attrs.evolve(_TEMPLATE, beatmap_id=beatmap_id, approved_date=date)


_row_dates = st.one_of(
    st.datetimes(
        min_value=dt.datetime(2023, 12, 31, 23, 59, 50),  # noqa: DTZ001 - bounds of naive
        max_value=dt.datetime(2024, 1, 1, 0, 0, 30),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.sampled_from(
        [
            dt.datetime.min.replace(tzinfo=UTC),
            dt.datetime.max.replace(tzinfo=UTC),
            dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
            dt.datetime(1000, 1, 1, tzinfo=UTC),
            dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=5))),
        ]
    ),
)
#: Dates a server can send: the converter gives aware UTC datetimes.
_server_dates = st.one_of(
    st.datetimes(
        min_value=dt.datetime(2023, 12, 31, 23, 59, 50),  # noqa: DTZ001 - bounds of naive
        max_value=dt.datetime(2024, 1, 1, 0, 0, 30),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.sampled_from(
        [
            dt.datetime.min.replace(tzinfo=UTC),
            dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
            dt.datetime(1000, 1, 1, tzinfo=UTC),
        ]
    ),
)
_pages = st.lists(
    st.one_of(
        st.lists(st.builds(beatmap, st.integers(1, 12), _row_dates), max_size=4),
        st.lists(HOSTILE, min_size=1, max_size=2),
        HOSTILE,
    ),
    max_size=12,
)


@given(
    since=SINCE,
    mode=st.one_of(st.none(), st.sampled_from([0, 3, "taiko"]), HOSTILE),
    include_converted=st.one_of(st.none(), st.booleans(), HOSTILE),
    limit=st.one_of(st.integers(1, 4), HOSTILE),
    pages=_pages,
)
def test_beatmaps_since_pager(since, mode, include_converted, limit, pages):
    pager = outcome(
        lambda: BeatmapsSincePager(
            since=since, mode=mode, include_converted=include_converted, limit=limit
        ),
        {"since", "mode", "include_converted", "limit"},
    )
    if pager is None:
        return
    returned: list[int] = []
    for page in pages:
        try:
            call = pager.next_call()
        except ResponseError as error:  # the server did not honour since
            check_stale(error)
            break
        if call is None:
            assert pager.done
            break
        check_call(call)
        fresh = outcome(lambda page=page: pager.feed(page), {"page"})
        if fresh is not None:
            returned += [b.beatmap_id for b in fresh]
    assert len(returned) == len(set(returned))  # nothing is returned twice


@given(
    since=st.one_of(_datetimes(), st.sampled_from(["2007-01-01", "9999-12-31 23:59:59"])),
    limit=st.integers(1, 5),
    dates=st.lists(_server_dates, min_size=1, max_size=5),
)
def test_pager_stops_against_a_server_that_ignores_since(since, limit, dates):
    pager = outcome(lambda: BeatmapsSincePager(since=since, limit=limit), {"since"})
    if pager is None:
        return
    page = [beatmap(i, dates[i % len(dates)]) for i in range(limit)]  # always the same rows
    requests = 0
    try:
        while pager.next_call() is not None:
            requests += 1
            assert requests <= 1 + MAX_STALE_PAGES
            pager.feed(page)
    except ResponseError as error:
        check_stale(error)
        assert MAX_STALE_PAGES <= requests <= 1 + MAX_STALE_PAGES
    else:  # the cursor reached MySQL's last second: nothing can come after it
        assert max(since_moment(since), *(b.approved_date for b in page)) >= SINCE_MAX


@given(value=SINCE)
def test_since(value):
    text = outcome(lambda: since(value), {"since"})
    if text is not None:
        assert _MYSQL.fullmatch(text)
        assert "1000-01-01 00:00:00" <= text <= "9999-12-31 23:59:59"

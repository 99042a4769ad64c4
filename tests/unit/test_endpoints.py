"""Request descriptors: exact wire parameters for representative calls, and every bad argument
rejected before any I/O with an InvalidArgument naming it."""

from __future__ import annotations

import datetime as dt
import json
from typing import ClassVar

import pytest

import osu_core
import osu_core.replay
from osu_core import GameMode, GameModifiers, InvalidArgument, Request, Response
from osu_core._endpoints import DEFAULT_LIMIT


def req(call) -> Request:
    return call.request


class TestGetBeatmaps:
    def test_no_filters(self):
        assert req(osu_core.get_beatmaps()) == Request(
            endpoint="get_beatmaps", path="/api/get_beatmaps", params=()
        )

    def test_every_parameter_in_wire_order(self):
        call = osu_core.get_beatmaps(
            limit=20,
            since=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            beatmapset_id=675314,
            include_converted=True,
            user="kunka",
            mode=GameMode.Taiko,
            beatmap_id="1428633",
            hash_str="C7D039DE44853CAA2EE7A554A22D61BC",
            mods="HRDT",
        )
        assert req(call).params == (
            ("since", "2024-01-02 01:04:05"),
            ("s", "675314"),
            ("b", "1428633"),
            ("u", "kunka"),
            ("m", "1"),
            ("a", "1"),
            ("h", "c7d039de44853caa2ee7a554a22d61bc"),
            ("limit", "20"),
            ("mods", "80"),
        )
        assert req(call).needs_key is True
        assert req(call).method == "GET"

    @pytest.mark.parametrize(
        ("since", "wire"),
        [
            (dt.date(2020, 5, 6), "2020-05-06 00:00:00"),
            (dt.datetime(2020, 5, 6, 7, 8, 9), "2020-05-06 07:08:09"),  # noqa: DTZ001 - naive: UTC
            ("2020-05-06", "2020-05-06 00:00:00"),
            ("2020-05-06 07:08", "2020-05-06 07:08:00"),
            ("2020-05-06T07:08:09", "2020-05-06 07:08:09"),
        ],
    )
    def test_since_forms(self, since, wire):
        assert req(osu_core.get_beatmaps(since=since)).params == (("since", wire),)

    def test_single_beatmap_asks_for_one_row(self):
        assert req(osu_core.get_beatmap(beatmap_id=75)).params == (("b", "75"), ("limit", "1"))

    @pytest.mark.parametrize(
        ("kwargs", "parameter"),
        [
            ({"limit": 0}, "limit"),
            ({"limit": 501}, "limit"),
            ({"limit": "5"}, "limit"),
            ({"since": "yesterday"}, "since"),
            ({"since": 5}, "since"),
            ({"beatmapset_id": -1}, "beatmapset_id"),
            ({"beatmap_id": "abc"}, "beatmap_id"),
            ({"beatmap_id": True}, "beatmap_id"),
            ({"mode": 4}, "mode"),
            ({"mode": "fruit salad"}, "mode"),
            ({"include_converted": "yes"}, "include_converted"),
            ({"hash_str": "abc"}, "hash_str"),
            ({"mods": "HDXX"}, "mods"),
            ({"mods": -1}, "mods"),
            ({"user": 2**63}, "user"),
            ({"user": 2.5}, "user"),
            ({"type_str": "id"}, "type_str"),
            ({"user": 2, "type_str": "name"}, "type_str"),
        ],
    )
    def test_bad_arguments(self, kwargs, parameter):
        with pytest.raises(InvalidArgument) as info:
            osu_core.get_beatmaps(**kwargs)
        assert info.value.parameter == parameter
        assert parameter in str(info.value)
        assert isinstance(info.value, ValueError)


class TestUsers:
    @pytest.mark.parametrize(
        ("user", "type_str", "wire"),
        [
            (2, None, (("u", "2"), ("type", "id"))),
            # A str goes with no type: the API recognises it ("automatic recognition", as the
            # original library's reference documents), digits as an id.
            ("peppy", None, (("u", "peppy"),)),
            ("1234", None, (("u", "1234"),)),
            (" peppy ", None, (("u", "peppy"),)),
            # An explicit type_str always wins: how to find a name made of digits.
            ("1234", "string", (("u", "1234"), ("type", "string"))),
            ("1234", "id", (("u", "1234"), ("type", "id"))),
            (1234, "string", (("u", "1234"), ("type", "string"))),
        ],
    )
    def test_type_is_chosen_from_the_argument(self, user, type_str, wire):
        assert req(osu_core.get_user(user, type_str=type_str)).params == wire

    @pytest.mark.parametrize(
        ("user", "wire"),
        [
            ("", (("u", ""),)),
            ("   ", (("u", ""),)),
            (0, (("u", "0"), ("type", "id"))),
            (-5, (("u", "-5"), ("type", "id"))),
            (2**63 - 1, (("u", str(2**63 - 1)), ("type", "id"))),
        ],
    )
    def test_users_no_one_has_are_sent(self, user, wire):
        # "None if the request failed": the API answers nothing for them; only what cannot be
        # sent at all is refused.
        assert req(osu_core.get_user(user)).params == wire
        assert osu_core.get_user(user).parse(Response(status_code=200, body=b"[]")) is None

    def test_get_user_every_parameter(self):
        call = osu_core.get_user("peppy", mode="mania", event_days=31)
        assert req(call) == Request(
            endpoint="get_user",
            path="/api/get_user",
            params=(("u", "peppy"), ("m", "3"), ("event_days", "31")),
        )

    @pytest.mark.parametrize("days", [0, 32, "1"])
    def test_event_days_range(self, days):
        with pytest.raises(InvalidArgument, match="event_days"):
            osu_core.get_user(2, event_days=days)

    def test_id_type_needs_digits(self):
        with pytest.raises(InvalidArgument, match="numeric id"):
            osu_core.get_user("peppy", type_str="id")

    @pytest.mark.parametrize(
        ("builder", "endpoint", "high"),
        [
            (osu_core.get_user_bests, "get_user_best", 100),
            # 1 to 100, as the original library's reference says (the server answers 50 at most)
            (osu_core.get_user_recents, "get_user_recent", 100),
        ],
    )
    def test_user_lists(self, builder, endpoint, high):
        call = builder(2, GameMode.Catch, None, high)
        assert req(call) == Request(
            endpoint=endpoint,
            path=f"/api/{endpoint}",
            params=(("u", "2"), ("type", "id"), ("m", "2"), ("limit", str(high))),
        )
        with pytest.raises(InvalidArgument, match=f"from 1 to {high}"):
            builder(2, limit=high + 1)
        # The reference's default, 50, is sent: the API's own is 10.
        assert req(builder(2)).params == (("u", "2"), ("type", "id"), ("limit", "50"))
        assert DEFAULT_LIMIT == 50

    def test_single_best_and_recent(self):
        assert req(osu_core.get_user_best("x")).params[-1] == ("limit", "1")
        assert req(osu_core.get_user_recent("x")).params[-1] == ("limit", "1")


class TestScores:
    def test_every_parameter(self):
        call = osu_core.get_scores(75, "peppy", 0, GameModifiers.Hidden, None, 100)
        assert req(call) == Request(
            endpoint="get_scores",
            path="/api/get_scores",
            params=(
                ("b", "75"),
                ("u", "peppy"),
                ("m", "0"),
                ("mods", "8"),
                ("limit", "100"),
            ),
        )

    def test_nomod_filter_is_sent(self):
        # mods=0 means "no mods only"; None means no filter (api-v1.md §3)
        assert ("mods", "0") in req(osu_core.get_scores(75, mods=0)).params
        assert ("mods", "0") in req(osu_core.get_scores(75, mods="NM")).params
        assert all(name != "mods" for name, _ in req(osu_core.get_scores(75)).params)

    def test_single_score(self):
        assert req(osu_core.get_score(75, 2)).params == (
            ("b", "75"),
            ("u", "2"),
            ("type", "id"),
            ("limit", "1"),
        )

    @pytest.mark.parametrize("limit", [0, 101])
    def test_limit_range(self, limit):
        with pytest.raises(InvalidArgument, match="limit"):
            osu_core.get_scores(75, limit=limit)

    def test_beatmap_required(self):
        with pytest.raises(InvalidArgument, match="beatmap_id"):
            osu_core.get_scores(None)  # type: ignore[arg-type]


class TestReplayAndMatch:
    def test_replay_by_beatmap_and_user(self):
        call = osu_core.get_replay(GameMode.Osu, 75, "peppy", mods="HD")
        assert req(call) == Request(
            endpoint="get_replay",
            path="/api/get_replay",
            params=(("m", "0"), ("b", "75"), ("u", "peppy"), ("mods", "8")),
        )

    def test_replay_by_score_id(self):
        assert req(osu_core.get_replay(3, score_id=123)).params == (("m", "3"), ("s", "123"))

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"mode": 0},
            {"mode": 0, "beatmap_id": 75},
            {"mode": 0, "user": 2},
            {"mode": 0, "beatmap_id": 75, "user": 2, "score_id": 5},
            {"mode": None, "score_id": 5},
        ],
    )
    def test_replay_needs_mode_and_a_score(self, kwargs):
        with pytest.raises(InvalidArgument):
            osu_core.get_replay(**kwargs)

    def test_match(self):
        assert req(osu_core.get_match(52270952)) == Request(
            endpoint="get_match", path="/api/get_match", params=(("mp", "52270952"),)
        )
        # An id no match has is sent, and the answer is None ("None if the request failed").
        for match_id, wire in ((0, "0"), (-1, "-1"), ("0000", "0")):
            call = osu_core.get_match(match_id)
            assert req(call).params == (("mp", wire),)
            assert call.parse(Response(status_code=200, body=b'{"match":0,"games":[]}')) is None
        for bad in ("abc", 2**63, 1.5, True, "\u0663"):
            with pytest.raises(InvalidArgument, match="match_id"):
                osu_core.get_match(bad)


class TestPrepare:
    def test_key_kept_apart(self):
        prepared = osu_core.prepare(
            req(osu_core.get_user(2)), base_url="http://127.0.0.1:9/", api_key="s3cret-key"
        )
        assert prepared.url == "http://127.0.0.1:9/api/get_user"
        assert prepared.params == (("u", "2"), ("type", "id"))
        assert prepared.params_with_key() == (("k", "s3cret-key"), ("u", "2"), ("type", "id"))
        assert "s3cret-key" not in repr(prepared)
        assert "s3cret-key" not in prepared.redacted_url
        assert prepared.redacted_url == "http://127.0.0.1:9/api/get_user?k=***&u=2&type=id"

    def test_keyless_request(self):
        request = Request(endpoint="osu_file", path="/osu/75", needs_key=False)
        prepared = osu_core.prepare(request, api_key="s3cret-key")
        assert prepared.api_key is None
        assert prepared.params_with_key() == ()
        assert prepared.redacted_url == "https://osu.ppy.sh/osu/75"

    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            (
                "https://osu.ppy.sh/api/get_user?k=abc&u=2",
                "https://osu.ppy.sh/api/get_user?k=***&u=2",
            ),
            ("https://osu.ppy.sh/api/get_user?u=2", "https://osu.ppy.sh/api/get_user?u=2"),
            ("not a url", "not a url"),
            ("http://[::1/?k=x", "http://[::1/?k=***"),
            ("GET https://a/b?u=2&k=abc&m=0 200", "GET https://a/b?u=2&k=***&m=0 200"),
            ("https://a/b?kk=1&u=k=2", "https://a/b?kk=1&u=k=2"),
        ],
    )
    def test_redact_url(self, url, expected):
        assert osu_core.redact_url(url) == expected


class ShoutingInt(int):
    """An int whose text is not its digits, like GameModifiers (whose str is its acronyms)."""

    def __str__(self) -> str:
        return "SHOUT"


NINES = "9" * 5000  # past CPython's 4300-digit int() limit


class TestIntsOnTheWire:
    """Ints go on the wire as decimal digits, whatever their class (issue 10)."""

    def test_mods_as_a_match_id(self):
        # str(GameModifiers.HardRock) is "HR": this used to send mp=HR
        assert req(osu_core.get_match(GameModifiers.HardRock)).params == (("mp", "16"),)

    @pytest.mark.parametrize(
        ("value", "wire"),
        [(GameMode.Mania, "3"), (ShoutingInt(75), "75"), (GameModifiers.Hidden, "8")],
    )
    def test_every_int_parameter(self, value, wire):
        call = osu_core.get_beatmaps(
            limit=value, beatmapset_id=value, beatmap_id=value, user=value, mods=value
        )
        assert dict(req(call).params) == {
            "s": wire, "b": wire, "u": wire, "type": "id", "limit": wire, "mods": wire,
        }  # fmt: skip
        assert req(osu_core.get_beatmap_file(value)).path == f"/osu/{wire}"
        assert req(osu_core.get_replay(0, score_id=value)).params[-1] == ("s", wire)

    def test_ranged_values(self):
        params = req(osu_core.get_user(2, event_days=ShoutingInt(7))).params
        assert params[-1] == ("event_days", "7")
        assert req(osu_core.get_scores(75, limit=GameMode.Mania)).params[-1] == ("limit", "3")
        assert req(osu_core.get_beatmaps(include_converted=GameMode.Taiko)).params == (("a", "1"),)

    def test_replay_context_holds_plain_ints(self):
        call = osu_core.get_replay(GameMode.Taiko, ShoutingInt(75), ShoutingInt(2))
        replay = call.parse(osu_core.Response(status_code=200, body=b'{"content": ""}'))
        assert (replay.beatmap_id, replay.user, replay.mode) == (75, 2, GameMode.Taiko)
        assert type(replay.user) is int

    def test_the_largest_id(self):
        top = 2**63 - 1  # PHP_INT_MAX: the API's ids are 64-bit
        assert req(osu_core.get_match(top)).params == (("mp", str(top)),)
        assert req(osu_core.get_match(f"000{top}")).params == (("mp", str(top)),)


class TestOnlyAsciiDigitsAreIds:
    POSITIVE: ClassVar = [
        (osu_core.get_beatmap_file, "beatmap_id"),
        (lambda v: osu_core.get_beatmaps(beatmapset_id=v), "beatmapset_id"),
        (osu_core.get_scores, "beatmap_id"),
        (lambda v: osu_core.get_replay(0, score_id=v), "score_id"),
    ]
    #: Ids the API answers "nothing" for when no one has them (0 included): sent.
    ANY: ClassVar = [
        (osu_core.get_match, "match_id"),
        (lambda v: osu_core.get_user(v, type_str="id"), "user"),
    ]

    @pytest.mark.parametrize("value", ["²", "٣", "١٢", "1_000", "+5", "-5", "5.0", "0x10", " ", ""])
    @pytest.mark.parametrize(("builder", "parameter"), POSITIVE + ANY)
    def test_rejected(self, builder, parameter, value):
        with pytest.raises(InvalidArgument) as info:
            builder(value)
        assert info.value.parameter == parameter
        assert repr(value) in info.value.message or not value.strip()

    @pytest.mark.parametrize("value", ["0", "0000", 0, -3])
    @pytest.mark.parametrize(("builder", "parameter"), POSITIVE)
    def test_ids_below_one_are_refused_where_zero_means_no_filter(self, builder, parameter, value):
        with pytest.raises(InvalidArgument) as info:
            builder(value)
        assert info.value.parameter == parameter

    @pytest.mark.parametrize("value", ["0", "0000", 0])
    @pytest.mark.parametrize(("builder", "parameter"), ANY)
    def test_id_zero_is_sent_where_the_api_answers_nothing(self, builder, parameter, value):
        assert "0" in dict(req(builder(value)).params).values(), parameter

    @pytest.mark.parametrize(
        "value",
        [NINES, "0" * 4400 + "1" * 20, 10**5000, 2**63, -(10**5000)],
        ids=["5000 nines", "zeros then 20 ones", "10**5000", "2**63", "-10**5000"],
    )
    def test_huge_numbers_are_rejected_with_a_short_message(self, value):
        for build in (
            lambda: osu_core.get_match(value),
            lambda: osu_core.get_user(value, type_str="id"),
            lambda: osu_core.get_beatmaps(mods=value, limit=1),
            lambda: osu_core.get_user(2, mode=value),
        ):
            with pytest.raises(InvalidArgument) as info:
                build()
            assert len(info.value.message) < 300
        if isinstance(value, str):
            assert f"({len(value)} characters)" in info.value.message
        elif value > 10**100:
            assert "an int of about 5000 digits" in info.value.message

    def test_leading_zeros_are_still_a_number(self):
        assert req(osu_core.get_match("0" * 5000 + "75")).params == (("mp", "75"),)
        assert req(osu_core.get_user(" 0042 ", type_str="id")).params == (
            ("u", "42"),
            ("type", "id"),
        )

    def test_a_unicode_digit_name_is_still_a_name(self):
        # Sent as typed, with no type: the API reads only ASCII digits as an id, so "٣" is a
        # name there (and never the id 3 here).
        assert req(osu_core.get_user("٣")).params == (("u", "٣"),)


class TestSinceRange:
    """``since`` must be a MySQL DATETIME, 1000-01-01 to 9999-12-31 23:59:59 (issue 10)."""

    plus5 = dt.timezone(dt.timedelta(hours=5))
    minus5 = dt.timezone(dt.timedelta(hours=-5))

    @pytest.mark.parametrize(
        "since",
        [
            dt.datetime.min,  # noqa: DTZ901 - naive on purpose
            dt.datetime.min.replace(tzinfo=dt.timezone.utc),
            dt.datetime.min.replace(tzinfo=plus5),  # UTC cannot hold it: OverflowError before
            dt.datetime.max.replace(tzinfo=minus5),  # the same past year 9999
            dt.datetime(1000, 1, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            dt.date(1, 1, 1),
            dt.date(999, 12, 31),
            "0001-01-01",
            "0999-12-31 23:59:59",
            "\u0662\u0660\u0662\u0664-01-01",  # "2024-01-01" in Arabic-Indic digits
            "2024-02-30",
            NINES,
        ],
    )
    def test_rejected(self, since):
        with pytest.raises(InvalidArgument) as info:
            osu_core.get_beatmaps(since=since)
        assert info.value.parameter == "since"
        assert len(info.value.message) < 300

    @pytest.mark.parametrize(
        ("since", "wire"),
        [
            (dt.datetime(1000, 1, 1), "1000-01-01 00:00:00"),  # noqa: DTZ001 - naive: UTC
            (dt.date(1000, 1, 1), "1000-01-01 00:00:00"),
            (dt.datetime.max, "9999-12-31 23:59:59"),  # noqa: DTZ901 - naive: UTC
            (dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=plus5), "9999-12-31 18:59:59"),
            (
                dt.datetime(2024, 1, 1, 0, 0, 0, 999999, tzinfo=dt.timezone.utc),
                "2024-01-01 00:00:00",
            ),
        ],
    )
    def test_accepted_at_the_edges(self, since, wire):
        assert req(osu_core.get_beatmaps(since=since)).params == (("since", wire),)

    def test_a_zone_without_offset_is_utc_not_local_time(self):
        class NoOffset(dt.tzinfo):
            def utcoffset(self, moment):
                return None

        since = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=NoOffset())
        assert req(osu_core.get_beatmaps(since=since)).params == (("since", "2024-05-06 07:08:09"),)

    def test_a_failing_zone_is_an_invalid_argument(self):
        class Broken(dt.tzinfo):
            def utcoffset(self, moment):
                raise RuntimeError("no") if moment is None else ValueError("no offset today")

        with pytest.raises(InvalidArgument, match="no UTC equivalent"):
            osu_core.get_beatmaps(since=dt.datetime(2024, 1, 1, tzinfo=Broken()))


class TestReplayOsrPlan:
    """``get_replay_osr`` is a plan of three calls, carried out by any driver (issue 12)."""

    def _bodies(self, corpus):
        api = corpus / "api"
        return [
            (api / "get_scores-1.json").read_bytes(),
            (api / "get_beatmaps-3.json").read_bytes(),
            (api / "get_replay-4.json").read_bytes(),
        ]

    def test_three_calls_then_the_osr(self, corpus):
        plan = osu_core.get_replay_osr(GameMode.Taiko, 75, 1, type_str="id")
        endpoints, result = [], None
        bodies = iter(self._bodies(corpus))
        while True:
            try:
                call = plan.send(result)
            except StopIteration as done:
                osr = done.value
                break
            endpoints.append(req(call).endpoint)
            result = call.parse(Response(status_code=200, body=next(bodies)))
        assert endpoints == ["get_scores", "get_beatmaps", "get_replay"]
        score_row = json.loads(self._bodies(corpus)[0])[0]
        beatmap_row = json.loads(self._bodies(corpus)[1])[0]
        parsed = osu_core.replay.parse_osr(osr)
        assert parsed.mode == GameMode.Taiko
        assert parsed.beatmap_md5 == beatmap_row["file_md5"]
        assert parsed.player_name == score_row["username"]
        assert parsed.score == int(score_row["score"])
        assert len(parsed.frames()) == 37 - 1  # the corpus stream, less its RNG seed frame

    def test_every_argument_is_checked_before_the_first_call(self):
        with pytest.raises(InvalidArgument) as info:
            osu_core.get_replay_osr(0, 75, 1, mods="XX")
        assert info.value.parameter == "mods"

    def test_no_score_to_replay(self):
        plan = osu_core.get_replay_osr(0, 75, "nobody")
        call = next(plan)
        with pytest.raises(osu_core.ReplayUnavailable, match="no score by 'nobody'"):
            plan.send(call.parse(Response(status_code=200, body=b"[]")))

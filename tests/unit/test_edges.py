"""Edges of the core's public surface that the broader tests do not reach."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import osu_core
from osu_core import GameMode, InvalidArgument, Response

CONVERTER = osu_core.make_converter()


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name):
        def method(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return name

        return method


def test_dir_lists_every_public_name():
    assert set(osu_core.__all__) <= set(dir(osu_core))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = osu_core.nope


def test_a_later_bad_field_is_found_past_good_nested_rows_and_nulls(corpus):
    user = json.loads((corpus / "api" / "get_user-1.json").read_bytes())[0]
    user["pp_rank"] = None  # an allowed null before the bad field
    user["mode"] = "x"  # after the (valid) events
    with pytest.raises(osu_core.ResponseError) as info:
        osu_core.structure_rows(CONVERTER, osu_core.User, [user])
    assert info.value.path == "[0].mode"


def test_unknown_enum_strings_are_remembered(corpus):
    row = json.loads((corpus / "api" / "get_beatmaps-3.json").read_bytes())[0]
    first = osu_core.structure_rows(CONVERTER, osu_core.Beatmap, [{**row, "approved": "9"}])
    again = osu_core.structure_rows(CONVERTER, osu_core.Beatmap, [{**row, "approved": "9"}])
    assert first[0].approved is again[0].approved
    assert first[0].approved.name == "UNKNOWN_9"


def test_type_str_needs_a_user_for_scores():
    with pytest.raises(InvalidArgument, match="type_str"):
        osu_core.get_scores(75, type_str="id")


def test_mode_as_digits():
    assert osu_core.get_user(2, mode=" 2 ").request.params[-1] == ("m", "2")


def test_match_keeps_unknown_top_level_keys(corpus):
    data = json.loads((corpus / "api" / "get_match-2.json").read_bytes())
    data["new_thing"] = "1"
    match = osu_core.get_match(1).parse(Response(status_code=200, body=json.dumps(data).encode()))
    assert match is not None
    assert match.extra == {"new_thing": "1"}


@pytest.mark.parametrize(
    "value", ["Wed, 32 Oct 2026 07:28:30 GMT", "Wed, 21 Oct 2026 7:28 GMT", "21 Oct 2026"]
)
def test_malformed_http_dates_are_ignored(value):
    assert osu_core.retry_after({"retry-after": value, "date": value}) is None


def test_redact_url_without_secrets():
    assert osu_core.redact_url("https://a/b?k=1", secrets=()) == "https://a/b?k=1"


class TestBeatmapFileDownload:
    def test_found(self):
        body = b"osu file format v14\r\n\r\n[Metadata]\r\nTitle:x\r\n"
        found = osu_core.get_beatmap_file(75).parse(Response(status_code=200, body=body))
        assert found is not None
        assert found.beatmap_id == 75
        assert found.version == 14
        assert found.parse().metadata.title == "x"

    @pytest.mark.parametrize(("status", "body"), [(200, b""), (200, b"  \r\n"), (404, b"gone")])
    def test_missing(self, status, body):
        call = osu_core.get_beatmap_file(75)
        assert call.parse(Response(status_code=status, body=body)) is None

    def test_not_utf8(self):
        with pytest.raises(osu_core.ResponseError, match="not UTF-8"):
            osu_core.get_beatmap_file(75).parse(Response(status_code=200, body=b"\xff\xfe"))

    def test_server_error(self):
        with pytest.raises(osu_core.HTTPError) as info:
            osu_core.get_beatmap_file(75).parse(Response(status_code=503, body=b""))
        assert info.value.code == 503

    def test_needs_no_key(self):
        request = osu_core.get_beatmap_file("75").request
        assert request.path == "/osu/75"
        assert not request.needs_key


class TestShorthands:
    def test_user_lists_and_events(self, corpus):
        body = (corpus / "api" / "get_user-1.json").read_bytes()
        user = osu_core.get_user(2, mode=GameMode.Taiko).parse(Response(status_code=200, body=body))
        client = Recorder()
        osu_core.bind_client(user, client)
        user.get_user_bests(limit=5)
        user.get_user_recents()
        user.events[0].get_beatmap()
        assert client.calls == [
            ("get_user_bests", (124493,), {"mode": GameMode.Taiko, "type_str": "id", "limit": 5}),
            (
                "get_user_recents",
                (124493,),
                {"mode": GameMode.Taiko, "type_str": "id", "limit": None},
            ),
            ("get_beatmap", (), {"beatmap_id": 658127}),
        ]

    def test_no_beatmap_means_none(self):
        event = osu_core.UserEvent(
            display_html="x",
            date=osu_core.make_converter().structure(
                "2020-01-01 00:00:00", __import__("datetime").datetime
            ),
            epicfactor=1,
        )
        score_row = json.dumps([{
            "score_id": "1", "score": "1", "username": "u", "count300": "1", "count100": "0",
            "count50": "0", "countmiss": "0", "maxcombo": "1", "countkatu": "0", "countgeki": "0",
            "perfect": "1", "enabled_mods": "0", "user_id": "2", "date": "2020-01-01 00:00:00",
            "rank": "S", "pp": None, "replay_available": "0",
        }]).encode()  # fmt: skip
        (score,) = osu_core.structure_rows(CONVERTER, osu_core.Score, json.loads(score_row))
        osu_core.bind_client([event, score, "not a model"], Recorder())
        assert event.get_beatmap() is None
        assert score.get_beatmap() is None


def test_collection_slices_and_inserts_are_checked(corpus):
    body = (corpus / "api" / "get_beatmaps-3.json").read_bytes()
    maps = osu_core.get_beatmaps().parse(Response(status_code=200, body=body))
    maps[0:1] = [maps[1]]
    assert maps[0] == maps[1]
    maps.insert(0, maps[2])
    maps += [maps[3]]
    assert len(maps) == 6
    with pytest.raises(TypeError):
        maps[0:1] = ["x"]


class TestCheckBaseUrl:
    @pytest.mark.parametrize(
        ("url", "normal"),
        [
            ("https://osu.ppy.sh", "https://osu.ppy.sh"),
            ("HTTPS://OSU.PPY.SH/", "https://osu.ppy.sh"),
            ("https://osu.ppy.sh:443", "https://osu.ppy.sh"),  # the default port is dropped
            ("http://127.0.0.1:8080/mirror//", "http://127.0.0.1:8080/mirror"),
            ("http://[::1]:9/", "http://[::1]:9"),
            ("http://[::FFFF:1.2.3.4]", "http://[::ffff:1.2.3.4]"),
            ("http://host:", "http://host"),
            ("  http://x\n", "http://x"),  # a config file's newline does no harm
            ("http://my_service.internal/api/v1", "http://my_service.internal/api/v1"),
            ("http://xn--mnchen-3ya.de/%C3%BC", "http://xn--mnchen-3ya.de/%C3%BC"),
        ],
    )
    def test_normal_form(self, url, normal):
        assert osu_core._http.check_base_url(url) == normal

    @pytest.mark.parametrize(
        ("url", "reason"),
        [
            ("http://[::1", "is not a URL"),
            ("http://[1::2::3]", "IPv6"),  # urlsplit refuses it from 3.11 on, our check on 3.10
            ("http://[fe80::1%25eth0]/", "not an IPv6 address"),
            ("http://host:65536", "port"),
            ("http://host:0", "port"),
            ("http://host:\u0668\u0660", "port"),  # 80 in Arabic-Indic digits
            ("http://host:+80", "port"),
            ("http://host:80:80", "port"),
            ("ftp://osu.ppy.sh", "http:// or https://"),
            ("osu.ppy.sh", "http:// or https://"),
            ("localhost:8080", "http:// or https://"),
            ("http:/osu.ppy.sh", "http:// or https://"),
            ("http://", "no host"),
            ("https:///api", "no host"),
            ("http://osu.ppy.sh/?u=1", "query string"),
            ("http://osu.ppy.sh/#top", "fragment"),
            ("http://osu .ppy.sh", "whitespace"),
            ("http://osu.ppy.sh/a\tb", "whitespace"),
            ("http://osu.ppy.sh\x00/", "control"),
            ("http://osu\u200b.ppy.sh", "control"),  # an invisible zero-width space
            ("http://999.1.1.1", "IPv4"),
            ("http://1.2.3", "IPv4"),
            ("http://a..b", "host name"),
            ("http://" + "a" * 64 + ".com", "host name"),
            ("http://münchen.de", "xn--"),
            ("http://osu.ppy.sh/a<b>", "path"),
            ("http://osu.ppy.sh/%zz", "path"),
            ("http://osu.ppy.sh/" + "a" * 2100, "longer than 2048"),
        ],
    )
    def test_rejected(self, url, reason):
        with pytest.raises(InvalidArgument) as info:
            osu_core._http.check_base_url(url)
        assert info.value.parameter == "base_url"
        assert reason in info.value.message
        assert repr(url.strip())[:50] in info.value.message

    def test_credentials_are_refused_and_not_shown(self):
        with pytest.raises(InvalidArgument, match="user name or password") as info:
            osu_core._http.check_base_url("https://peppy:hunter2@osu.ppy.sh/api")
        assert "hunter2" not in info.value.message
        assert "'https://***@osu.ppy.sh/api'" in info.value.message

    def test_a_key_in_the_query_is_not_shown(self):
        with pytest.raises(InvalidArgument, match="query string") as info:
            osu_core._http.check_base_url("https://osu.ppy.sh/api?k=s3cret-key&u=2")
        assert "s3cret-key" not in info.value.message
        assert "k=***" in info.value.message

    @pytest.mark.parametrize("url", [None, 443, b"https://osu.ppy.sh", ["https://osu.ppy.sh"]])
    def test_not_a_string(self, url):
        with pytest.raises(InvalidArgument, match="must be a string") as info:
            osu_core._http.check_base_url(url)
        assert info.value.parameter == "base_url"

    def test_long_values_are_cut_in_the_message(self):
        with pytest.raises(InvalidArgument) as info:
            osu_core._http.check_base_url("http://x/" + "<" * 5000)
        assert "(5009 characters)" in info.value.message
        assert len(info.value.message) < 200

    def test_prepare_checks_too(self):
        request = osu_core.Request(endpoint="get_user", path="/api/get_user")
        prepared = osu_core.prepare(request, base_url="HTTP://Mirror.test:80/osu/")
        assert prepared.url == "http://mirror.test/osu/api/get_user"
        for bad in ("http://[::1", ["not hashable"]):
            with pytest.raises(InvalidArgument) as info:
                osu_core.prepare(request, base_url=bad)
            assert info.value.parameter == "base_url"

    def test_the_core_still_imports_no_socket(self):
        code = "import osu_core, sys; osu_core._http.check_base_url('http://[::1]'); "
        code += "print('socket' in sys.modules, 'ssl' in sys.modules)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert out.split() == ["False", "False"]


class TestResponseFields:
    def test_bytes_like_bodies_are_copied_to_bytes(self):
        for body in (bytearray(b"[]"), memoryview(b"[]"), memoryview(b"x[]")[1:]):
            response = Response(status_code=200, body=body)
            assert type(response.body) is bytes
            assert response.body == b"[]"
        assert osu_core.get_beatmaps().parse(Response(status_code=200, body=bytearray(b"[]"))) == []

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"body": "[]"}, "body"),
            ({"body": None}, "body"),
            ({"body": [1]}, "body"),
            ({"status_code": 99}, "status_code"),
            ({"status_code": 600}, "status_code"),
            ({"status_code": "200"}, "status_code"),
            ({"status_code": 200.0}, "status_code"),
            ({"status_code": True}, "status_code"),
            ({"headers": "content-type: json"}, "headers"),
            ({"headers": {"retry-after": 5}}, "headers"),
            ({"headers": {b"retry-after": "5"}}, "headers"),
            ({"headers": [("a", "b", "c")]}, "headers"),
            ({"headers": 5}, "headers"),
        ],
    )
    def test_bad_fields(self, kwargs, field):
        with pytest.raises(InvalidArgument) as info:
            Response(**{"status_code": 200, **kwargs})
        assert info.value.parameter == field
        assert field in info.value.message

    def test_a_text_body_says_to_encode_it(self):
        with pytest.raises(InvalidArgument, match="got a str; encode text first"):
            Response(status_code=200, body="[]")

    def test_released_memoryview(self):
        view = memoryview(b"[]")
        view.release()
        with pytest.raises(InvalidArgument, match="body"):
            Response(status_code=200, body=view)

    def test_accepted_forms(self):
        import http

        response = Response(status_code=http.HTTPStatus.OK, headers=[("Retry-After", "1")])
        assert type(response.status_code) is int
        assert response.status_code == 200
        assert response.headers == {"retry-after": "1"}
        assert Response(status_code=599, headers=(["A", "b"],)).headers == {"a": "b"}

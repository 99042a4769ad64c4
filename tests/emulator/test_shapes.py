"""The handler's answers against the spec and the corpus shapes: field sets, string encoding,
nulls and absences, error bodies."""

from __future__ import annotations

import json
import re

import pytest

from osu_transports.testing import KNOWN

from .conftest import KEY

DATE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")

# Fields the spec lists as added after the corpus samples were captured (§1, §5).
NEWER_BEATMAP_FIELDS = {
    "count_normal", "count_slider", "count_spinner", "submit_date", "artist_unicode",
    "title_unicode", "rating", "storyboard", "video", "download_unavailable",
    "audio_unavailable", "packs", "diff_aim", "diff_speed", "creator_id",
}  # fmt: skip


def corpus_json(corpus, name):
    return json.loads((corpus / "api" / name).read_text(encoding="utf-8"))


def all_scalars_are_strings_or_null(value) -> bool:
    if isinstance(value, dict):
        return all(all_scalars_are_strings_or_null(v) for v in value.values())
    if isinstance(value, list):
        return all(all_scalars_are_strings_or_null(v) for v in value)
    return value is None or isinstance(value, str)


class TestFieldSets:
    def test_get_beatmaps_has_corpus_fields_plus_newer_ones(self, api, corpus):
        sample = corpus_json(corpus, "get_beatmaps-3.json")[0]
        rows = api("get_beatmaps", b=KNOWN.beatmap_id)
        assert set(rows[0]) == set(sample) | NEWER_BEATMAP_FIELDS

    def test_get_user_matches_modern_corpus_sample(self, api, corpus):
        sample = corpus_json(corpus, "get_user-1.json")[0]
        row = api("get_user", u=KNOWN.user_id, event_days=31)[0]
        assert list(row) == list(sample)
        assert set(row["events"][0]) == set(sample["events"][0])

    def test_get_scores_matches_doc_example(self, api, corpus):
        sample = corpus_json(corpus, "get_scores-1.json")[0]
        assert list(api("get_scores", b=KNOWN.beatmap_id)[0]) == list(sample)

    def test_get_user_best_matches_doc_example(self, api, corpus):
        sample = corpus_json(corpus, "get_user_best-2.json")[0]
        assert list(api("get_user_best", u=KNOWN.user_id)[0]) == list(sample)

    def test_get_user_recent_is_corpus_shape_plus_score_id(self, api, corpus):
        sample = corpus_json(corpus, "get_user_recent-1.json")[0]
        rows = api("get_user_recent", u=KNOWN.user_id)
        assert set(rows[0]) == set(sample) | {"score_id"}

    def test_get_match_matches_modern_corpus_sample(self, api, corpus):
        sample = corpus_json(corpus, "get_match-1.json")
        got = api("get_match", mp=KNOWN.match_id)
        assert list(got) == ["match", "games"]
        assert list(got["match"]) == list(sample["match"])
        game = next(g for g in got["games"] if g["scores"])
        assert set(game) == set(sample["games"][0])
        assert list(game["scores"][0]) == list(sample["games"][0]["scores"][0])

    def test_get_replay_shape(self, api):
        got = api("get_replay", m=0, b=KNOWN.beatmap_id, u=KNOWN.user_id)
        if "error" in got:  # the demo user's score may have no replay in another seed
            pytest.skip("no replay for this score")
        assert list(got) == ["content", "encoding"]
        assert got["encoding"] == "base64"


class TestEncoding:
    @pytest.mark.parametrize(
        ("endpoint", "params"),
        [
            ("get_beatmaps", {}),
            ("get_beatmaps", {"m": 1, "a": 1, "limit": 50}),
            ("get_user", {"u": KNOWN.user_id, "event_days": 31}),
            ("get_user", {"u": KNOWN.never_played_user_id}),
            ("get_scores", {"b": KNOWN.beatmap_id}),
            ("get_user_best", {"u": KNOWN.user_id, "limit": 100}),
            ("get_user_recent", {"u": KNOWN.user_id, "limit": 50}),
            ("get_match", {"mp": KNOWN.match_id}),
        ],
    )
    def test_every_scalar_is_a_string_or_null(self, api, endpoint, params):
        assert all_scalars_are_strings_or_null(api(endpoint, **params))

    def test_compact_json_with_php_escapes(self, shared_handler):
        body = shared_handler.handle(
            "GET", "/api/get_user", [("k", KEY), ("u", str(KNOWN.user_id)), ("event_days", "31")]
        ).body
        assert b", " not in body
        assert b'":' in body
        assert b"<\\/a>" in body  # PHP json_encode escapes slashes
        assert max(body) < 128  # and non-ASCII as \uXXXX

    def test_dates_and_booleans(self, api):
        row = api("get_beatmaps", b=KNOWN.beatmap_id)[0]
        for field in ("submit_date", "approved_date", "last_update"):
            assert DATE.fullmatch(row[field])
        for field in ("storyboard", "video", "download_unavailable", "audio_unavailable"):
            assert row[field] in ("0", "1")
        for score in api("get_scores", b=KNOWN.beatmap_id):
            assert score["perfect"] in ("0", "1")
            assert score["replay_available"] in ("0", "1")
            assert DATE.fullmatch(score["date"])

    def test_non_ascii_names_round_trip(self, api, shared_handler):
        names = [u.username for u in shared_handler.dataset.users.values()]
        unicode_names = [n for n in names if not n.isascii()]
        assert unicode_names
        assert api("get_user", u=unicode_names[0], type="string")[0]["username"] == unicode_names[0]


class TestNullsAndAbsences:
    def test_never_played_user_has_null_stats(self, api):
        row = api("get_user", u=KNOWN.never_played_user_id)[0]
        nullable = ("count300", "playcount", "ranked_score", "total_score", "pp_rank", "level",
                    "pp_raw", "accuracy", "count_rank_ss", "total_seconds_played")  # fmt: skip
        for field in nullable:
            assert row[field] is None
        assert row["events"] == []
        assert row["username"] == KNOWN.never_played_username

    def test_graveyard_maps_have_null_approved_date(self, api):
        rows = api("get_beatmaps")
        dead = [r for r in rows if r["approved"] in ("-2", "-1", "0")]
        assert dead
        assert all(r["approved_date"] is None for r in dead)
        assert {r["approved"] for r in rows} >= {"-2", "-1", "0", "1", "2", "3", "4"}

    def test_loved_scores_have_null_pp(self, api, shared_handler):
        loved = [b for b in shared_handler.dataset.beatmaps if b.approved == 4]
        with_scores = [b for b in loved if shared_handler.dataset.scores.get(b.beatmap_id)]
        rows = api("get_scores", b=with_scores[0].beatmap_id, m=with_scores[0].mode)
        assert rows
        assert all(r["pp"] is None for r in rows)

    def test_taiko_and_mania_have_null_aim_and_speed(self, api):
        for mode in (1, 3):
            rows = api("get_beatmaps", m=mode, limit=20)
            assert rows
            assert all(r["diff_aim"] is None and r["diff_speed"] is None for r in rows)
        catch = api("get_beatmaps", m=2, limit=20)
        assert all(r["diff_aim"] is not None and r["diff_speed"] is None for r in catch)

    def test_failed_recent_plays_have_null_score_id_and_rank_f(self, api):
        rows = api("get_user_recent", u=KNOWN.user_id, limit=50)
        failed = [r for r in rows if r["rank"] == "F"]
        passed = [r for r in rows if r["rank"] != "F"]
        assert failed
        assert passed
        assert all(r["score_id"] is None for r in failed)
        assert all(r["score_id"] is not None for r in passed)

    def test_match_nulls(self, api, shared_handler):
        got = api("get_match", mp=KNOWN.match_id)
        assert any(g["end_time"] is None for g in got["games"])  # the aborted game
        assert any(s["enabled_mods"] is None for g in got["games"] for s in g["scores"])
        assert any(s["enabled_mods"] is not None for g in got["games"] for s in g["scores"])
        team_types = {g.team_type for m in shared_handler.dataset.matches.values() for g in m.games}
        assert team_types == {0, 1, 2, 3}
        assert any(m.end_time is None for m in shared_handler.dataset.matches.values())

    def test_languages_and_genres_beyond_the_reference(self, shared_handler):
        maps = shared_handler.dataset.beatmaps
        assert {12, 13, 14} <= {b.language_id for b in maps}
        assert {11, 12, 13, 14} <= {b.genre_id for b in maps}

    def test_null_packs_and_unicode(self, api):
        rows = api("get_beatmaps")
        assert any(r["packs"] is None for r in rows)
        assert any(r["packs"] is not None for r in rows)


class TestErrors:
    @pytest.mark.parametrize("query", [[], [("k", "wrong")], [("k", "")], [("K", KEY)]])
    def test_missing_or_wrong_key_is_401(self, shared_handler, corpus, query):
        result = shared_handler.handle("GET", "/api/get_user", [*query, ("u", "1")])
        assert result.status == 401
        assert result.body == (corpus / "api" / "get_user-4.json").read_bytes().strip()

    def test_unknown_user_and_map_are_empty_lists(self, shared_handler):
        for path, query in (("/api/get_user", "u=1"), ("/api/get_beatmaps", "b=1")):
            result = shared_handler.handle("GET", path, f"k={KEY}&{query}")
            assert (result.status, result.body) == (200, b"[]")

    def test_restricted_user_is_empty(self, api):
        assert api("get_user", u=KNOWN.restricted_user_id) == []
        assert api("get_user", u=KNOWN.restricted_username, type="string") == []

    def test_unknown_match(self, shared_handler, corpus):
        result = shared_handler.handle("GET", "/api/get_match", f"k={KEY}&mp=1")
        assert json.loads(result.body) == corpus_json(corpus, "get_match-3.json")
        assert result.body == b'{"match":0,"games":[]}'

    def test_replay_not_available(self, api, corpus):
        assert api("get_replay", m=0, s=1) == corpus_json(corpus, "get_replay-1.json")

    def test_osu_file_needs_no_key_and_unknown_is_empty_200(self, shared_handler):
        ok = shared_handler.handle("GET", f"/osu/{KNOWN.beatmap_id}")
        assert ok.status == 200
        assert ok.body.startswith(b"osu file format v14\r\n")
        for path in ("/osu/1", "/osu/abc", "/osu/99999999999999999999"):
            result = shared_handler.handle("GET", path)
            assert (result.status, result.body) == (200, b"")

    def test_unknown_api_path_redirects_and_others_are_404(self, shared_handler):
        moved = shared_handler.handle("GET", "/api/verb", f"k={KEY}")
        assert moved.status == 301
        assert ("Location", "/") in moved.headers
        assert shared_handler.handle("GET", "/nothing/here").status == 404
        assert shared_handler.handle("GET", "/").status == 200

    def test_php_suffix_and_trailing_slash_work(self, shared_handler):
        for path in ("/api/get_user.php", "/api/get_user/"):
            result = shared_handler.handle("GET", path, f"k={KEY}&u={KNOWN.user_id}")
            assert result.status == 200
            assert json.loads(result.body)[0]["user_id"] == str(KNOWN.user_id)

    def test_content_length_is_exact(self, shared_handler):
        result = shared_handler.handle("GET", "/api/get_user", f"k={KEY}&u={KNOWN.user_id}")
        assert dict(result.headers)["Content-Length"] == str(len(result.body))

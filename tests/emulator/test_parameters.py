"""Every documented parameter of every endpoint (``reference/api-v1.md`` §1-§8)."""

from __future__ import annotations

import base64
import hashlib
import lzma

import pytest

from osu_transports.testing import KNOWN

from .conftest import KEY


class TestGetBeatmaps:
    def test_limit_default_and_maximum_is_500(self, api):
        assert len(api("get_beatmaps")) == 500
        assert len(api("get_beatmaps", limit=10_000)) == 500
        assert len(api("get_beatmaps", limit=7)) == 7

    def test_since_orders_by_approved_date_and_pages(self, api, shared_handler):
        dated = [b for b in shared_handler.dataset.beatmaps if b.approved_date is not None]
        seen: list[str] = []
        since = "2000-01-01 00:00:00"
        pages = 0
        while True:
            page = api("get_beatmaps", since=since)
            pages += 1
            dates = [r["approved_date"] for r in page]
            assert dates == sorted(dates)
            assert all(r["approved_date"] > since for r in page)
            seen.extend(r["beatmap_id"] for r in page)
            if len(page) < 500:
                break
            since = dates[-1]
        assert pages >= 2
        # Strictly-after paging loses the rest of a set cut at a page boundary (#286) but
        # never returns a map twice.
        assert len(seen) == len(set(seen))
        assert len(seen) <= len(dated)

    def test_since_accepts_unpadded_and_date_only(self, api):
        assert api("get_beatmaps", since="2009-5-24 0:0:0", limit=3)
        assert api("get_beatmaps", since="2024-01-01", limit=3)

    def test_s_and_b(self, api):
        rows = api("get_beatmaps", s=KNOWN.beatmapset_id)
        assert len(rows) == 4
        assert {r["beatmapset_id"] for r in rows} == {str(KNOWN.beatmapset_id)}
        assert [r["beatmap_id"] for r in api("get_beatmaps", b=KNOWN.beatmap_id)] == [
            str(KNOWN.beatmap_id)
        ]

    def test_u_filters_by_creator_by_id_or_name(self, api):
        row = api("get_beatmaps", b=KNOWN.beatmap_id)[0]
        by_id = api("get_beatmaps", u=row["creator_id"])
        by_name = api("get_beatmaps", u=row["creator"], type="string")
        assert by_id == by_name
        assert {r["creator_id"] for r in by_id} == {row["creator_id"]}

    def test_h_finds_by_md5_and_md5_matches_the_file(self, api, shared_handler):
        row = api("get_beatmaps", b=KNOWN.beatmap_id)[0]
        body = shared_handler.handle("GET", f"/osu/{KNOWN.beatmap_id}").body
        assert hashlib.md5(body).hexdigest() == row["file_md5"]
        assert api("get_beatmaps", h=row["file_md5"]) == [row]
        assert api("get_beatmaps", h="0" * 32) == []

    def test_osu_file_metadata_matches_row(self, api, shared_handler):
        for b in shared_handler.dataset.beatmaps[:40]:
            row = api("get_beatmaps", b=b.beatmap_id)[0]
            text = shared_handler.handle("GET", f"/osu/{b.beatmap_id}").body.decode("utf-8")
            assert hashlib.md5(text.encode()).hexdigest() == row["file_md5"]
            assert f"Version:{row['version']}\r\n" in text
            assert f"BeatmapID:{row['beatmap_id']}\r\n" in text
            objects = text.split("[HitObjects]\r\n")[1].strip().split("\r\n")
            total = sum(int(row[f]) for f in ("count_normal", "count_slider", "count_spinner"))
            assert len(objects) == total

    def test_m_filters_native_maps(self, api):
        assert {r["mode"] for r in api("get_beatmaps", m=3)} == {"3"}

    def test_a_adds_converts_only_with_m_not_0(self, api):
        assert api("get_beatmaps", b=KNOWN.beatmap_id, m=1) == []
        converted = api("get_beatmaps", b=KNOWN.beatmap_id, m=1, a=1)[0]
        original = api("get_beatmaps", b=KNOWN.beatmap_id)[0]
        assert converted["mode"] == "1"
        assert converted["difficultyrating"] != original["difficultyrating"]
        assert converted["diff_aim"] is None
        assert api("get_beatmaps", b=KNOWN.beatmap_id, m=0, a=1) == [original]
        mania = api("get_beatmaps", m=3, limit=1)[0]
        assert api("get_beatmaps", b=mania["beatmap_id"], m=0, a=1) == []  # no conversion

    def test_difficulty_mods_change_rating_and_keep_ar(self, api):
        plain = api("get_beatmaps", b=KNOWN.beatmap_id)[0]
        dt = api("get_beatmaps", b=KNOWN.beatmap_id, mods=64)[0]
        assert float(dt["difficultyrating"]) > float(plain["difficultyrating"])
        assert float(dt["diff_aim"]) > float(plain["diff_aim"])
        assert dt["diff_approach"] == plain["diff_approach"]  # #250: AR not recomputed
        assert dt["max_combo"] == plain["max_combo"]

    @pytest.mark.parametrize("mods", [8, 72, 16 | 2, 64 | 256, 1])
    def test_non_difficulty_or_contradictory_mods_give_zero(self, api, mods):
        row = api("get_beatmaps", b=KNOWN.beatmap_id, mods=mods)[0]
        assert row["difficultyrating"] == "0"
        assert (row["diff_aim"], row["diff_speed"], row["max_combo"]) == (None, None, None)


class TestGetUser:
    def test_digits_are_an_id_unless_type_string(self, api):
        assert api("get_user", u=KNOWN.digit_username)[0]["user_id"] == str(KNOWN.user_id)
        by_name = api("get_user", u=KNOWN.digit_username, type="string")[0]
        assert by_name["user_id"] == str(KNOWN.digit_user_id)
        assert api("get_user", u=KNOWN.user_id, type="id")[0]["username"] == KNOWN.username
        assert api("get_user", u="727") == []  # a digit name that is no id
        assert api("get_user", u="727", type="string")[0]["username"] == "727"

    def test_names_ignore_case_and_underscores(self, api):
        for name in (KNOWN.username, KNOWN.username.upper(), KNOWN.username.replace(" ", "_")):
            assert api("get_user", u=name)[0]["user_id"] == str(KNOWN.user_id)

    def test_m_selects_stats(self, api):
        osu = api("get_user", u=KNOWN.user_id)[0]
        assert osu["pp_raw"] == api("get_user", u=KNOWN.user_id, m=0)[0]["pp_raw"]
        stats = [api("get_user", u=KNOWN.user_id, m=m)[0]["pp_raw"] for m in range(4)]
        assert stats[0] is not None
        assert len(set(stats)) > 1

    def test_event_days_range_1_to_31(self, api):
        counts = [len(api("get_user", u=KNOWN.user_id, event_days=d)[0]["events"])
                  for d in (1, 7, 31, 99)]  # fmt: skip
        assert counts[0] < counts[2]
        assert counts[0] == len(api("get_user", u=KNOWN.user_id)[0]["events"])  # default 1
        assert counts[3] == counts[2]  # clamped to 31
        assert counts == sorted(counts)


class TestScores:
    def test_get_scores_limit_and_order(self, api):
        rows = api("get_scores", b=KNOWN.beatmap_id)
        assert len(rows) == 50
        assert len(api("get_scores", b=KNOWN.beatmap_id, limit=500)) == 100
        scores = [int(r["score"]) for r in api("get_scores", b=KNOWN.beatmap_id, limit=100)]
        assert scores == sorted(scores, reverse=True)
        users = [r["user_id"] for r in api("get_scores", b=KNOWN.beatmap_id, limit=100)]
        assert len(users) == len(set(users))  # one score per user

    def test_get_scores_mods_is_an_exact_filter(self, api):
        for mods in (0, 8, 72):
            rows = api("get_scores", b=KNOWN.beatmap_id, mods=mods, limit=100)
            assert rows
            assert {r["enabled_mods"] for r in rows} == {str(mods)}

    def test_get_scores_u_and_m(self, api):
        mine = api("get_scores", b=KNOWN.beatmap_id, u=KNOWN.user_id)
        assert [r["user_id"] for r in mine] == [str(KNOWN.user_id)]
        assert api("get_scores", b=KNOWN.beatmap_id, u=KNOWN.username, type="string") == mine
        assert api("get_scores", b=KNOWN.beatmap_id, m=1) == []

    def test_get_user_best(self, api):
        rows = api("get_user_best", u=KNOWN.user_id)
        assert len(rows) == 10
        assert len(api("get_user_best", u=KNOWN.user_id, limit=1000)) == 100
        pps = [float(r["pp"]) for r in api("get_user_best", u=KNOWN.user_id, limit=100)]
        assert pps == sorted(pps, reverse=True)
        assert any(int(r["enabled_mods"]) for r in rows)

    def test_get_user_recent(self, api):
        assert len(api("get_user_recent", u=KNOWN.user_id)) == 10
        rows = api("get_user_recent", u=KNOWN.user_id, limit=500)
        assert len(rows) == 50
        dates = [r["date"] for r in rows]
        assert dates == sorted(dates, reverse=True)
        assert api("get_user_recent", u=KNOWN.user_id, m=3) == []
        assert api("get_user_recent", u=KNOWN.never_played_user_id) == []

    def test_recent_passes_on_ranked_maps_are_on_the_leaderboard(self, api, shared_handler):
        # As on the real API: a pass sets (or keeps) the player's score with those mods.
        dataset = shared_handler.dataset
        passes = [
            play
            for play in dataset.recent[KNOWN.user_id]
            if play.rank != "F" and dataset.by_beatmap_id[play.beatmap_id].has_leaderboard
        ]
        assert len(passes) >= 5
        for play in passes:
            query = {"b": play.beatmap_id, "u": KNOWN.user_id, "type": "id"}
            (same_mods,) = api("get_scores", **query, mods=play.enabled_mods)
            assert int(same_mods["score"]) >= play.score
            (best,) = api("get_scores", **query)  # a player's best, whatever the mods
            assert int(best["score"]) >= play.score


class TestReplay:
    def _decoded(self, content: str) -> bytes:
        return lzma.decompress(base64.b64decode(content), format=lzma.FORMAT_ALONE)

    def test_by_score_id_and_by_map_and_user(self, api, shared_handler):
        scores = shared_handler.dataset.scores[KNOWN.beatmap_id]
        score = next(s for s in scores if s.replay_available)
        by_id = api("get_replay", s=score.score_id, m=0)
        frames = self._decoded(by_id["content"]).decode("ascii")
        assert frames.startswith("0|256|-500|0,")
        assert frames.rstrip(",").rsplit(",", 1)[-1].startswith("-12345|0|0|")
        user = shared_handler.dataset.users[score.user_id]
        best = next(s for s in scores if s.user_id == user.user_id)
        if best.score_id == score.score_id:
            assert api("get_replay", b=KNOWN.beatmap_id, u=user.user_id, m=0) == by_id
        assert api("get_replay", b=KNOWN.beatmap_id, u=user.user_id, m=0,
                   mods=score.enabled_mods) == by_id  # fmt: skip

    def test_m_is_required_even_with_s(self, api, shared_handler):
        score = next(s for s in shared_handler.dataset.scores[KNOWN.beatmap_id]
                     if s.replay_available)  # fmt: skip
        assert api("get_replay", s=score.score_id) == {"error": "Replay not available."}
        assert api("get_replay", s=score.score_id, m=1) == {"error": "Replay not available."}

    def test_unavailable_replay(self, api, shared_handler):
        score = next(s for s in shared_handler.dataset.scores[KNOWN.beatmap_id]
                     if not s.replay_available)  # fmt: skip
        assert api("get_replay", s=score.score_id, m=0) == {"error": "Replay not available."}


class TestGetMatch:
    def test_known_match(self, api):
        got = api("get_match", mp=KNOWN.match_id)
        assert got["match"]["match_id"] == str(KNOWN.match_id)
        teams = {s["team"] for g in got["games"] for s in g["scores"]}
        assert teams == {"1", "2"}
        assert any(s["user_id"] == str(KNOWN.restricted_user_id)
                   for g in got["games"] for s in g["scores"])  # fmt: skip


class TestDeterminism:
    def test_same_seed_same_bytes(self, shared_handler):
        from osu_transports.testing import EmulatorConfig, EmulatorHandler

        other = EmulatorHandler(EmulatorConfig(rate_limit=None))
        query = f"k={KEY}&u={KNOWN.user_id}&event_days=31"
        assert other.handle("GET", "/api/get_user", query) == shared_handler.handle(
            "GET", "/api/get_user", query
        )

    def test_another_seed_keeps_the_well_known_entries(self):
        from osu_transports.testing import EmulatorConfig, EmulatorHandler

        other = EmulatorHandler(EmulatorConfig(seed=1))
        body = other.handle("GET", "/api/get_user", f"k={KEY}&u={KNOWN.user_id}").body
        assert KNOWN.username.encode() in body
        assert (
            other.handle("GET", "/api/get_beatmaps", f"k={KEY}&b={KNOWN.beatmap_id}").body != b"[]"
        )


def test_replay_decodes_with_the_core_decoder_when_present(api, shared_handler):
    from osu_core.replay import decode_replay_frames_base64 as decode

    for mode in range(4):
        score = next(
            s for rows in shared_handler.dataset.scores.values() for s in rows
            if s.mode == mode and s.replay_available
        )  # fmt: skip
        content = api("get_replay", s=score.score_id, m=mode)["content"]
        frames = decode(content, mode)
        assert frames.rng_seed is not None
        assert len(frames) > 10

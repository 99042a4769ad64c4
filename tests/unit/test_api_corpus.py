"""Every API body of the test corpus (tests/corpus), parsed through the public calls, field by
field; and every truncation of each body, answered with an error rather than a crash."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest

import osu_core
from osu_core import (
    BeatmapApprovedState,
    BeatmapGenre,
    GameMode,
    GameModifiers,
    Language,
    MultiplayerTeam,
    ReplayAvailability,
    Response,
    ScoringType,
    TeamType,
)
from tests._support import CORPUS_ROWS

UTC = dt.timezone.utc


def body(corpus, name: str) -> bytes:
    return (corpus / "api" / name).read_bytes()


def ok(data: bytes, status: int = 200) -> Response:
    return Response(status_code=status, headers={"Content-Type": "application/json"}, body=data)


class TestGetBeatmaps:
    def test_2019_capture_every_field(self, corpus):
        maps = osu_core.get_beatmaps(beatmapset_id=675314).parse(
            ok(body(corpus, "get_beatmaps-3.json"))
        )
        assert isinstance(maps, osu_core.BeatmapCollection)
        assert len(maps) == 4
        insane = maps[0]
        assert insane.beatmapset_id == 675314
        assert insane.beatmap_id == 1428633
        assert insane.approved is BeatmapApprovedState.Ranked
        assert insane.total_length == 88
        assert insane.hit_length == 87
        assert insane.version == "Insane"
        assert insane.file_md5 == "c7d039de44853caa2ee7a554a22d61bc"
        assert (insane.diff_size, insane.diff_overall, insane.diff_approach, insane.diff_drain) == (
            4.0,
            7.0,
            8.5,
            6.0,
        )
        assert insane.mode is GameMode.Osu
        # The peer's test asserts these as epoch seconds under a UTC reading.
        assert insane.submit_date.timestamp() == 1506777413
        assert insane.approved_date is not None
        assert insane.approved_date.timestamp() == 1521754807
        assert insane.last_update.timestamp() == 1520937899
        assert insane.submit_date.tzinfo is UTC
        assert insane.artist == "TRUE"
        assert insane.title == "BUTTERFLY EFFECTOR (TV Size)"
        assert insane.creator == "kunka"
        assert insane.creator_id == 1741295
        assert insane.bpm == 141.0
        assert insane.source == "ひなろじ ～from Luck & Logic～"  # noqa: RUF001
        assert insane.tags.startswith("opening hinaroji")
        assert "hinalogic" in insane.tag_list
        assert insane.genre_id is BeatmapGenre.Anime
        assert insane.language_id is Language.Japanese
        assert insane.favourite_count == 53
        assert insane.rating == pytest.approx(8.93007)
        assert (insane.playcount, insane.passcount, insane.max_combo) == (43632, 3987, 546)
        assert insane.diff_aim == pytest.approx(2.329599380493164)
        assert insane.diff_speed == pytest.approx(2.0093376636505127)
        assert insane.difficultyrating == pytest.approx(4.499068260192871)
        # Fields this 2019 capture predates are None, not invented.
        assert insane.artist_unicode is None
        assert insane.count_normal is None
        assert insane.storyboard is None
        assert insane.packs is None
        assert insane.extra == {}

    def test_2018_graveyard_shape(self, corpus):
        maps = osu_core.get_beatmaps().parse(ok(body(corpus, "get_beatmaps-4.json")))
        (easy,) = maps
        assert easy.approved is BeatmapApprovedState.Graveyard
        assert easy.approved_date is None
        assert easy.submit_date is None
        assert easy.last_update == dt.datetime(2015, 4, 6, 21, 34, 34, tzinfo=UTC)
        assert easy.source == ""
        assert easy.tags == ""
        assert easy.tag_list == []
        assert easy.genre_id is BeatmapGenre.Unspecified
        assert easy.language_id is Language.Unspecified
        assert easy.creator_id is None
        assert easy.diff_aim is None
        assert easy.max_combo == 101

    def test_not_found_is_empty(self, corpus):
        maps = osu_core.get_beatmaps(beatmap_id=1).parse(ok(body(corpus, "get_beatmaps-5.json")))
        assert maps == []
        assert maps.is_empty
        assert (
            osu_core.get_beatmap(beatmap_id=1).parse(ok(body(corpus, "get_beatmaps-5.json")))
            is None
        )

    def test_single_beatmap(self, corpus):
        beatmap = osu_core.get_beatmap(beatmap_id=1428633).parse(
            ok(body(corpus, "get_beatmaps-3.json"))
        )
        assert beatmap is not None
        assert beatmap.beatmap_id == 1428633


class TestGetUser:
    def test_2019_capture(self, corpus):
        user = osu_core.get_user(124493, mode=GameMode.Osu, event_days=31).parse(
            ok(body(corpus, "get_user-1.json"))
        )
        assert user is not None
        assert user.user_id == 124493
        assert user.username == "nathan on osu"
        assert user.join_date == dt.datetime(2009, 6, 17, 12, 3, 54, tzinfo=UTC)
        assert (user.count300, user.count100, user.count50) == (10547750, 407732, 35571)
        assert user.playcount == 25860
        assert user.ranked_score == 40101175192
        assert user.total_score == 225554433086
        assert user.pp_rank == 10
        assert user.level == pytest.approx(101.986)
        assert user.pp_raw == pytest.approx(14692.3)
        assert user.accuracy == pytest.approx(98.81187438964844)
        assert (
            user.count_rank_ss,
            user.count_rank_ssh,
            user.count_rank_s,
            user.count_rank_sh,
            user.count_rank_a,
        ) == (22, 87, 99, 625, 563)
        assert user.country == "KR"
        assert user.total_seconds_played == 2143068
        assert user.pp_country_rank == 2
        assert user.mode is GameMode.Osu
        assert len(user.events) == len(json.loads(body(corpus, "get_user-1.json"))[0]["events"])
        first = user.events[0]
        assert first.beatmap_id == 658127
        assert first.beatmapset_id == 292301
        assert first.epicfactor == 2
        # asserted by the peer: the first event's date is epoch 1559304704 read as UTC
        assert first.date.timestamp() == 1559304704
        assert "has lost first place" in first.display_html

    def test_2018_capture_in_legacy_zone(self, corpus):
        raw = body(corpus, "get_user-2.json")
        user = osu_core.get_user("Cookiezi").parse(ok(raw))
        assert user is not None
        assert user.username == "Cookiezi"
        assert user.join_date is None
        assert user.total_seconds_played is None
        assert len(user.events) == 46
        assert user.events[0].display_html.startswith("<img src='/images/SH_small.png'/>")
        assert user.events[0].date == dt.datetime(2018, 6, 28, 19, 52, 58, tzinfo=UTC)
        # The same data read as the UTC+8 it was sent in, through a legacy converter.
        legacy = osu_core.make_converter(timezone=osu_core.LEGACY_TIMEZONE)
        (old,) = osu_core.structure_rows(legacy, osu_core.User, json.loads(raw))
        assert old.events[0].date == dt.datetime(2018, 6, 28, 11, 52, 58, tzinfo=UTC)

    def test_unknown_user_is_none(self, corpus):
        assert osu_core.get_user("nobody").parse(ok(body(corpus, "get_user-3.json"))) is None

    def test_wrong_key(self, corpus):
        with pytest.raises(osu_core.WrongApiKey) as info:
            osu_core.get_user(2).parse(ok(body(corpus, "get_user-4.json"), status=401))
        assert info.value.code == 401
        assert info.value.message == "Please provide a valid API key."


class TestScores:
    def test_doc_example_with_unpadded_hour(self, corpus):
        scores = osu_core.get_scores(222342, mode="osu").parse(
            ok(body(corpus, "get_scores-1.json"))
        )
        (score,) = scores
        assert isinstance(scores, osu_core.ScoreCollection)
        assert score.score_id == 7654321
        assert score.score == 1234567
        assert score.username == "User name"
        assert (score.count300, score.count100, score.count50, score.countmiss) == (300, 50, 10, 1)
        assert (score.maxcombo, score.countkatu, score.countgeki) == (321, 10, 50)
        assert score.perfect is False
        assert score.enabled_mods == GameModifiers.from_acronyms("DT,TD,HD") == 76
        assert score.user_id == 1
        assert score.date == dt.datetime(2013, 6, 22, 9, 11, 16, tzinfo=UTC)
        assert score.rank == "SH"
        assert score.pp == pytest.approx(1.3019)
        assert score.replay_available is ReplayAvailability.Available
        # put back from the request
        assert score.beatmap_id == 222342
        assert score.mode is GameMode.Osu

    def test_user_best_doc_example(self, corpus):
        bests = osu_core.get_user_bests(1, mode=GameMode.Taiko).parse(
            ok(body(corpus, "get_user_best-2.json"))
        )
        (best,) = bests
        assert best.beatmap_id == 222342
        assert best.score_id == 7654321
        assert best.maxcombo == 421
        assert best.enabled_mods == 76
        assert best.pp == pytest.approx(1.3019)
        assert best.replay_available is ReplayAvailability.Available
        assert best.mode is GameMode.Taiko
        single = osu_core.get_user_best(1).parse(ok(body(corpus, "get_user_best-2.json")))
        assert single == attrs.evolve(best, mode=GameMode.Osu)
        assert single != best  # the request's mode is part of the model

    @pytest.mark.parametrize("name", ["get_user_recent-1.json", "get_user_recent-2.json"])
    def test_recent_captures(self, corpus, name):
        raw = json.loads(body(corpus, name))
        recents = osu_core.get_user_recents("someone", limit=50).parse(ok(body(corpus, name)))
        assert len(recents) == len(raw)
        for play, row in zip(recents, raw, strict=True):
            assert play.beatmap_id == int(row["beatmap_id"])
            assert play.score == int(row["score"])
            assert play.enabled_mods == int(row["enabled_mods"])
            assert play.rank == row["rank"]
            assert play.passed is (row["rank"] != "F")
            assert play.score_id is None  # these eras did not send it
            assert play.pp is None
            assert play.replay_available is None
            assert play.mode is GameMode.Osu
        latest = osu_core.get_user_recent("someone").parse(ok(body(corpus, name)))
        assert latest == recents[0]


class TestMatch:
    def test_2019_capture_with_null_mods_and_open_end(self, corpus):
        raw = json.loads(body(corpus, "get_match-1.json"))
        match = osu_core.get_match(52270952).parse(ok(body(corpus, "get_match-1.json")))
        assert match is not None
        assert match.match_id == 52270952
        assert match.name == "artside36's game"
        assert match.start_time == dt.datetime(2019, 6, 1, 11, 37, 52, tzinfo=UTC)
        assert match.end_time is None
        assert len(match.games) == len(raw["games"])
        game = match.games[0]
        assert game.game_id == 272751073
        assert game.end_time == dt.datetime(2019, 6, 1, 11, 42, 19, tzinfo=UTC)
        assert game.beatmap_id == 315553
        assert game.play_mode is GameMode.Osu
        assert game.match_type == 0
        assert game.scoring_type is ScoringType.score
        assert game.team_type is TeamType.head_to_head
        assert game.mods == GameModifiers.none
        first = game.scores[0]
        assert first.slot == 0
        assert first.team is MultiplayerTeam.none
        assert first.user_id == 14582211
        assert first.score == 195858
        assert first.maxcombo == 66
        assert first.rank == 0
        assert (first.count50, first.count100, first.count300, first.countmiss) == (3, 26, 154, 6)
        assert (first.countgeki, first.countkatu) == (48, 18)
        assert first.perfect is False
        assert first.passed is True
        assert first.enabled_mods is None
        total = sum(len(g["scores"]) for g in raw["games"])
        assert sum(len(g.scores) for g in match.games) == total

    def test_2018_capture_without_enabled_mods(self, corpus):
        match = osu_core.get_match(43785941).parse(ok(body(corpus, "get_match-2.json")))
        assert match is not None
        assert match.end_time == dt.datetime(2018, 6, 30, 19, 34, 49, tzinfo=UTC)
        assert all(s.enabled_mods is None for g in match.games for s in g.scores)
        assert match.games[0].scores[2].slot == 6

    def test_unknown_match_is_none(self, corpus):
        assert osu_core.get_match(1).parse(ok(body(corpus, "get_match-3.json"))) is None


class TestReplay:
    def test_content(self, corpus):
        replay = osu_core.get_replay(GameMode.Taiko, 1, "someone").parse(
            ok(body(corpus, "get_replay-4.json"))
        )
        assert replay.encoding == "base64"
        assert replay.content.startswith("XQAAIAA6")
        assert replay.mode is GameMode.Taiko
        assert replay.beatmap_id == 1
        assert replay.user == "someone"

    @pytest.mark.parametrize(
        ("name", "error"),
        [
            ("get_replay-1.json", osu_core.ReplayUnavailable),
            ("get_replay-2.json", osu_core.RateLimitError),
            ("get_replay-3.json", osu_core.ReplayUnavailable),
        ],
    )
    def test_error_bodies(self, corpus, name, error):
        call = osu_core.get_replay(0, score_id=5, strict=True)
        with pytest.raises(error) as info:
            call.parse(ok(body(corpus, name)))
        assert info.value.message == json.loads(body(corpus, name))["error"]
        if error is osu_core.ReplayUnavailable:
            # Sent with HTTP 200; the documented code is 400 (the original library's reference).
            assert (info.value.code, info.value.status) == (400, 200)
            # Without strict, "raised and handled by the library": None, as documented.
            assert osu_core.get_replay(0, score_id=5).parse(ok(body(corpus, name))) is None
        else:  # a rate limit is no missing replay: raised either way
            with pytest.raises(error):
                osu_core.get_replay(0, score_id=5).parse(ok(body(corpus, name)))


@pytest.mark.parametrize(("name", "model"), CORPUS_ROWS)
def test_strict_converter_knows_every_corpus_field(corpus, name, model):
    """New API fields must be noticed: the strict converter rejects unknown keys."""
    strict = osu_core.make_converter(forbid_extra_keys=True)
    rows = json.loads(body(corpus, name))
    models = osu_core.structure_rows(strict, model, rows)
    assert len(models) == len(rows)
    # and writing them back gives the wire values (numbers as the API spells them aside)
    loose = osu_core.make_converter()
    assert [loose.structure(loose.unstructure(m), model) for m in models] == models


@pytest.mark.parametrize("name", ["get_match-1.json", "get_match-2.json"])
def test_strict_converter_knows_every_match_field(corpus, name):
    strict = osu_core.make_converter(forbid_extra_keys=True)
    data = json.loads(body(corpus, name))
    (match,) = osu_core.structure_rows(
        strict, osu_core.MultiplayerMatch, [{**data["match"], "games": data["games"]}]
    )
    assert match.match_id == int(data["match"]["match_id"])


CORPUS_CALLS = {
    "get_beatmaps": [osu_core.get_beatmaps(), osu_core.get_beatmap(beatmap_id=1)],
    "get_user": [osu_core.get_user(2)],
    "get_scores": [osu_core.get_scores(1), osu_core.get_score(1)],
    "get_user_best": [osu_core.get_user_bests(2), osu_core.get_user_best(2)],
    "get_user_recent": [osu_core.get_user_recents(2), osu_core.get_user_recent(2)],
    "get_match": [osu_core.get_match(1)],
    "get_replay": [osu_core.get_replay(0, score_id=1)],
}


@pytest.mark.parametrize("endpoint", CORPUS_CALLS)
def test_every_truncation_of_every_body_is_an_error_or_the_same_answer(corpus, endpoint):
    # A connection cut anywhere: the body is not JSON (a ResponseError), or it is still
    # whole JSON (cut in trailing whitespace) and parses as the full body does.
    for path in sorted((corpus / "api").glob(f"{endpoint}-*.json")):
        data = path.read_bytes()
        for call in CORPUS_CALLS[endpoint]:
            try:
                whole = call.parse(ok(data))
            except osu_core.HTTPError:  # an {"error": ...} body: its cuts are not JSON at all
                whole = None
            # Every cut of a small body; about 2,000 spread over a large one (each try decodes
            # up to the cut), and every cut of its last 64 bytes.
            step = max(1, len(data) // 2000)
            for cut in sorted(
                {*range(0, len(data), step), *range(max(0, len(data) - 64), len(data))}
            ):
                try:
                    result = call.parse(ok(data[:cut]))
                except osu_core.OsuError as error:
                    result = error
                if isinstance(result, osu_core.ResponseError):
                    assert result.endpoint == endpoint
                    assert result.path == "", (path.name, cut)
                elif not isinstance(result, osu_core.HTTPError):  # HTTPError: {"error": ...}
                    assert data[cut:].strip() == b"", (path.name, cut)  # whole JSON still
                    assert result == whole, (path.name, cut)

"""The emulator's dataset: plain frozen records, their indexes and the well-known entries.

Records hold Python values (ints, floats, epoch seconds); :mod:`._render` turns them into wire
rows. A :class:`Dataset` is immutable once built, except for memo caches of derived bytes
(``.osu`` files and their md5s, replay contents), which are deterministic and safe to fill from
several threads. Nothing here does I/O or reads a clock: the dataset's "now" is the fixed
:data:`DATASET_NOW`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Final

import attrs

from ._wire import parse_mysql_datetime

__all__ = [
    "DATASET_NOW",
    "DEMO_BEATMAPSET_ID",
    "DEMO_BEATMAP_ID",
    "DEMO_MATCH_ID",
    "DEMO_USERNAME",
    "DEMO_USER_ID",
    "DIGIT_USERNAME",
    "DIGIT_USER_ID",
    "NEVER_PLAYED_USERNAME",
    "NEVER_PLAYED_USER_ID",
    "RESTRICTED_USERNAME",
    "RESTRICTED_USER_ID",
    "Beatmap",
    "Dataset",
    "Event",
    "Game",
    "Match",
    "MatchScore",
    "ModeStats",
    "Score",
    "User",
]


def _at(text: str) -> int:
    value = parse_mysql_datetime(text)
    assert value is not None
    return value


#: The dataset's present (UTC): "recent" plays, events and qualified dates are relative to it,
#: never to the wall clock, so every run answers the same.
DATASET_NOW: Final = _at("2025-01-15 18:00:00")

# Well-known entries for the README and for tests: the same in every seed.
#: A ranked osu! player with full stats, events, more than 100 best scores and 50 recent plays.
DEMO_USER_ID: Final = 3141592
DEMO_USERNAME: Final = "Lunar Tanuki"
#: A username made only of digits, equal to :data:`DEMO_USER_ID` as text: ``u=3141592`` finds the
#: demo user (automatic detection takes digits as an id) and ``type=string`` finds this one.
DIGIT_USER_ID: Final = 9026458
DIGIT_USERNAME: Final = "3141592"
#: A user who registered and never played: every stat is ``null``.
NEVER_PLAYED_USER_ID: Final = 33550336
NEVER_PLAYED_USERNAME: Final = "quiet_keyboard"
#: A restricted user: ``get_user`` answers ``[]``, but old multiplayer scores still carry the id.
RESTRICTED_USER_ID: Final = 8675309
RESTRICTED_USERNAME: Final = "ghost of aim"
#: A ranked osu! set and its "Insane", on every osu! player's list (more than 100 scores).
DEMO_BEATMAPSET_ID: Final = 1357911
DEMO_BEATMAP_ID: Final = 2468024
#: A disbanded team-vs match with a freemod game and an aborted game.
DEMO_MATCH_ID: Final = 59089226


@attrs.frozen(slots=True)
class ModeStats:
    count300: int
    count100: int
    count50: int
    playcount: int
    ranked_score: int
    total_score: int
    pp_rank: int
    level: float
    pp_raw: float
    accuracy: float
    count_rank_ss: int
    count_rank_ssh: int
    count_rank_s: int
    count_rank_sh: int
    count_rank_a: int
    total_seconds_played: int
    pp_country_rank: int


@attrs.frozen(slots=True)
class Event:
    display_html: str
    beatmap_id: int | None
    beatmapset_id: int | None
    date: int
    epicfactor: int


@attrs.frozen(slots=True)
class User:
    user_id: int
    username: str
    join_date: int
    country: str
    restricted: bool
    stats: tuple[ModeStats | None, ModeStats | None, ModeStats | None, ModeStats | None]
    events: tuple[Event, ...] = ()


@attrs.frozen(slots=True)
class Beatmap:
    beatmap_id: int
    beatmapset_id: int
    approved: int
    submit_date: int
    approved_date: int | None
    last_update: int
    artist: str
    artist_unicode: str | None
    title: str
    title_unicode: str | None
    creator: str
    creator_id: int
    bpm: float
    source: str
    tags: str
    genre_id: int
    language_id: int
    version: str
    mode: int
    diff_size: float
    diff_overall: float
    diff_approach: float
    diff_drain: float
    hit_length: int
    total_length: int
    count_normal: int
    count_slider: int
    count_spinner: int
    favourite_count: int
    rating: float
    playcount: int
    passcount: int
    storyboard: bool
    video: bool
    download_unavailable: bool
    audio_unavailable: bool
    packs: str | None
    stars: float
    aim: float | None
    speed: float | None
    max_combo: int | None

    @property
    def has_leaderboard(self) -> bool:
        """Ranked, approved, qualified and loved maps keep scores."""
        return self.approved >= 1

    @property
    def gives_pp(self) -> bool:
        """Only ranked and approved maps give pp; loved and qualified scores have ``pp: null``."""
        return self.approved in (1, 2)


@attrs.frozen(slots=True)
class Score:
    score_id: int | None
    beatmap_id: int
    user_id: int
    mode: int
    score: int
    maxcombo: int
    count50: int
    count100: int
    count300: int
    countmiss: int
    countkatu: int
    countgeki: int
    perfect: bool
    enabled_mods: int
    date: int
    rank: str
    pp: float | None
    replay_available: bool


@attrs.frozen(slots=True)
class MatchScore:
    slot: int
    team: int
    user_id: int
    score: int
    maxcombo: int
    count50: int
    count100: int
    count300: int
    countmiss: int
    countgeki: int
    countkatu: int
    perfect: bool
    passed: bool
    enabled_mods: int | None


@attrs.frozen(slots=True)
class Game:
    game_id: int
    start_time: int
    end_time: int | None
    beatmap_id: int
    play_mode: int
    scoring_type: int
    team_type: int
    mods: int
    scores: tuple[MatchScore, ...]


@attrs.frozen(slots=True)
class Match:
    match_id: int
    name: str
    start_time: int
    end_time: int | None
    games: tuple[Game, ...]


def name_key(name: str) -> str:
    """How osu! compares usernames: case-insensitively, with spaces and underscores alike."""
    return name.strip().replace("_", " ").casefold()


@attrs.define(eq=False)
class Dataset:
    """Everything the emulator serves, with lookup indexes.

    Attributes:
        seed: The seed it was generated from.
        users: Every user, restricted ones included, by id.
        beatmaps: Every difficulty, in beatmapset then beatmap id order.
        scores: Leaderboard scores (personal bests per mods), by beatmap id.
        recent: Plays of the last 24 hours before :data:`DATASET_NOW`, by user id, newest first.
        matches: Multiplayer matches by id.
    """

    seed: int
    users: dict[int, User]
    beatmaps: list[Beatmap]
    scores: dict[int, list[Score]]
    recent: dict[int, list[Score]]
    matches: dict[int, Match]
    osu_file_maker: Callable[[Beatmap, int], bytes] = attrs.field(repr=False)
    replay_maker: Callable[[Score, Beatmap, int], str] = attrs.field(repr=False)
    by_beatmap_id: dict[int, Beatmap] = attrs.field(init=False, repr=False)
    by_name: dict[str, User] = attrs.field(init=False, repr=False)
    by_score_id: dict[int, Score] = attrs.field(init=False, repr=False)
    by_user_scores: dict[int, list[Score]] = attrs.field(init=False, repr=False)
    _md5s: dict[int, str] = attrs.field(init=False, factory=dict, repr=False)
    _md5_index: dict[str, int] | None = attrs.field(init=False, default=None, repr=False)
    _replays: dict[int, str] = attrs.field(init=False, factory=dict, repr=False)

    def __attrs_post_init__(self) -> None:
        self.by_beatmap_id = {b.beatmap_id: b for b in self.beatmaps}
        self.by_name = {name_key(u.username): u for u in self.users.values()}
        self.by_score_id = {}
        self.by_user_scores = {}
        for rows in self.scores.values():
            for s in rows:
                if s.score_id is not None:
                    self.by_score_id[s.score_id] = s
                self.by_user_scores.setdefault(s.user_id, []).append(s)

    def osu_file(self, beatmap_id: int) -> bytes | None:
        """The ``.osu`` file of a difficulty (rebuilt on each call; only md5s are kept), or
        ``None`` for an unknown id."""
        beatmap = self.by_beatmap_id.get(beatmap_id)
        return None if beatmap is None else self.osu_file_maker(beatmap, self.seed)

    def file_md5(self, beatmap_id: int) -> str:
        """The md5 of a difficulty's ``.osu`` file: the ``file_md5`` field (memoised)."""
        cached = self._md5s.get(beatmap_id)
        if cached is None:
            data = self.osu_file(beatmap_id)
            assert data is not None
            cached = hashlib.md5(data, usedforsecurity=False).hexdigest()
            self._md5s[beatmap_id] = cached
        return cached

    def beatmap_by_md5(self, md5: str) -> Beatmap | None:
        """The difficulty whose file has this md5 (builds the index on first use)."""
        index = self._md5_index
        if index is None:
            index = {self.file_md5(b.beatmap_id): b.beatmap_id for b in self.beatmaps}
            self._md5_index = index
        found = index.get(md5.strip().lower())
        return None if found is None else self.by_beatmap_id[found]

    def replay(self, score: Score) -> str:
        """The base64 replay content of a score (memoised)."""
        assert score.score_id is not None
        cached = self._replays.get(score.score_id)
        if cached is None:
            cached = self.replay_maker(score, self.by_beatmap_id[score.beatmap_id], self.seed)
            self._replays[score.score_id] = cached
        return cached

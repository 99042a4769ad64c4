"""The API's response models: beatmaps, users, scores, replays and multiplayer matches.

Field names follow the original library's reference, which mostly keeps the wire names
(``difficultyrating``, ``count300``, ``file_md5``); every field the real responses carry is here
too (``reference/api-v1.md``). ``X | None`` marks exactly the fields that real data nulls or that
older payload shapes omit. Fields a response carries that this version does not know are kept in
``extra`` (raw wire values), never dropped.

Models hold no parsing, no I/O and no client: the wire rules live in ``_convert.py``, and the
shorthands (``Beatmap.get_beatmapset()``...) go through the client a transport bound to the model
(``BaseModel.api``), returning whatever that client's method returns (a value for the sync
client, an awaitable for the async ones).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from ._base import BaseModel, check_extra
from ._enums import (
    BeatmapApprovedState,
    BeatmapGenre,
    GameMode,
    Language,
    MultiplayerTeam,
    ReplayAvailability,
    ScoringType,
    TeamType,
)
from ._mods import GameModifiers

if TYPE_CHECKING:
    from .replay import ReplayFrames

__all__ = [
    "Beatmap",
    "MultiplayerGame",
    "MultiplayerMatch",
    "MultiplayerScore",
    "Replay",
    "Score",
    "User",
    "UserBest",
    "UserEvent",
    "UserRecent",
]

_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


def _bounded(instance: Any, attribute: Any, value: Mapping[str, Any]) -> None:
    # For models built by hand or by a parser's quirk (get_replay builds its Replay so); the
    # converter fills instance dicts directly and checks unknown fields itself.
    check_extra(value)


def _extra_field() -> Any:
    # Unknown wire fields, as sent. Part of equality, not of the hash (a mapping is unhashable);
    # nested at most MAX_EXTRA_DEPTH levels (osu_core._base).
    return attrs.field(default=_NO_EXTRA, hash=False, repr=False, validator=_bounded)


@attrs.frozen(kw_only=True, slots=False)
class Beatmap(BaseModel):
    """One difficulty of a beatmapset (a ``get_beatmaps`` row)."""

    beatmap_id: int
    beatmapset_id: int
    approved: BeatmapApprovedState
    #: Ranked or loved date; None for pending, WIP and graveyard maps.
    approved_date: datetime | None = None
    #: Absent before the field was added (2019).
    submit_date: datetime | None = None
    last_update: datetime
    artist: str
    artist_unicode: str | None = None
    title: str
    title_unicode: str | None = None
    creator: str
    creator_id: int | None = None
    version: str
    file_md5: str
    mode: GameMode
    bpm: float
    #: Star rating; 0 or None when non-difficulty mods were requested.
    difficultyrating: float | None = None
    #: None for taiko and mania (speed also for catch), maps without objects, odd mods.
    diff_aim: float | None = None
    diff_speed: float | None = None
    diff_size: float
    diff_overall: float
    diff_approach: float
    diff_drain: float
    hit_length: int
    total_length: int
    source: str
    tags: str
    genre_id: BeatmapGenre
    language_id: Language
    favourite_count: int
    rating: float | None = None
    playcount: int
    passcount: int
    count_normal: int | None = None
    count_slider: int | None = None
    count_spinner: int | None = None
    max_combo: int | None = None
    storyboard: bool | None = None
    video: bool | None = None
    download_unavailable: bool | None = None
    audio_unavailable: bool | None = None
    #: Beatmap pack tags (``("S1", "T23")``); None when the map is in no pack or the field is
    #: absent (it is undocumented).
    packs: tuple[str, ...] | None = None
    extra: Mapping[str, Any] = _extra_field()

    @property
    def tag_list(self) -> list[str]:
        """The tags, split on spaces."""
        return self.tags.split()

    def get_beatmapset(self) -> Any:
        """Every difficulty of this beatmap's set (a ``BeatmapCollection``), from the client."""
        return self.api.get_beatmaps(beatmapset_id=self.beatmapset_id)


@attrs.frozen(kw_only=True, slots=False)
class UserEvent(BaseModel):
    """An event of a user's recent activity (ranks achieved, maps submitted...)."""

    display_html: str
    beatmap_id: int | None = None
    beatmapset_id: int | None = None
    date: datetime
    #: How "epic" the event is, 1 to 32.
    epicfactor: int
    extra: Mapping[str, Any] = _extra_field()

    def get_beatmap(self) -> Any:
        """The event's beatmap, from the client (None if the event names no beatmap)."""
        if self.beatmap_id is None:
            return None
        return self.api.get_beatmap(beatmap_id=self.beatmap_id)


@attrs.frozen(kw_only=True, slots=False)
class User(BaseModel):
    """A user's statistics in one mode (a ``get_user`` row).

    The statistics are None for a user who never played the mode.
    """

    user_id: int
    username: str
    #: Absent in payloads from before 2019.
    join_date: datetime | None = None
    count300: int | None = None
    count100: int | None = None
    count50: int | None = None
    playcount: int | None = None
    ranked_score: int | None = None
    total_score: int | None = None
    pp_rank: int | None = None
    level: float | None = None
    #: 0 for inactive players, to purge them from the leaderboards.
    pp_raw: float | None = None
    accuracy: float | None = None
    count_rank_ss: int | None = None
    count_rank_ssh: int | None = None
    count_rank_s: int | None = None
    count_rank_sh: int | None = None
    count_rank_a: int | None = None
    #: ISO 3166-1 alpha-2 country code.
    country: str
    total_seconds_played: int | None = None
    pp_country_rank: int | None = None
    events: tuple[UserEvent, ...] = ()
    #: The mode these statistics are for (from the request, not the wire).
    mode: GameMode | None = None
    extra: Mapping[str, Any] = _extra_field()

    def get_user_bests(self, limit: int | None = None) -> Any:
        """This user's best scores in the same mode, from the client."""
        return self.api.get_user_bests(self.user_id, mode=self.mode, type_str="id", limit=limit)

    def get_user_recents(self, limit: int | None = None) -> Any:
        """This user's recent plays in the same mode, from the client."""
        return self.api.get_user_recents(self.user_id, mode=self.mode, type_str="id", limit=limit)


class _Play(BaseModel):
    """Shorthands shared by the score rows (not a model itself)."""

    user_id: int
    mode: GameMode | None
    beatmap_id: int | None

    def get_user_data(self, mode: GameMode | int | None = None) -> Any:
        """The player's ``User``, from the client; fetched once per client and then reused.

        Args:
            mode: The mode of the statistics; defaults to the score's mode (osu! if unknown).
        """
        wanted = mode if mode is not None else self.mode
        return self.api.get_cached_user(self.user_id, mode=wanted)

    def get_beatmap(self) -> Any:
        """The beatmap this score was set on, from the client (None if the row has no id)."""
        if self.beatmap_id is None:
            return None
        return self.api.get_beatmap(beatmap_id=self.beatmap_id)


@attrs.frozen(kw_only=True, slots=False)
class Score(_Play):
    """A score on a beatmap's leaderboard (a ``get_scores`` row)."""

    score_id: int
    score: int
    username: str
    count300: int
    count100: int
    count50: int
    countmiss: int
    maxcombo: int
    countkatu: int
    countgeki: int
    #: True when the map's maximum combo was reached.
    perfect: bool
    enabled_mods: GameModifiers
    user_id: int
    date: datetime
    rank: str
    #: None on loved and unranked maps.
    pp: float | None = None
    replay_available: ReplayAvailability
    #: The beatmap and mode of the request (the rows do not carry them).
    beatmap_id: int | None = None
    mode: GameMode | None = None
    extra: Mapping[str, Any] = _extra_field()


@attrs.frozen(kw_only=True, slots=False)
class _UserScore(_Play):
    """The fields ``get_user_best`` and ``get_user_recent`` rows share (not a model itself)."""

    def get_user(self, **parameters: Any) -> Any:
        """The player, from the client (a fresh ``get_user``; :meth:`get_user_data` reuses).

        The original library's own test script calls this on best and recent plays. Keyword
        arguments go to ``get_user``; ``mode`` defaults to the play's mode.
        """
        parameters.setdefault("mode", self.mode)
        return self.api.get_user(self.user_id, type_str="id", **parameters)

    beatmap_id: int
    score_id: int | None = None
    score: int
    maxcombo: int
    count300: int
    count100: int
    count50: int
    countmiss: int
    countkatu: int
    countgeki: int
    perfect: bool
    enabled_mods: GameModifiers
    user_id: int
    date: datetime
    rank: str
    pp: float | None = None
    replay_available: ReplayAvailability | None = None
    #: The mode of the request (the rows do not carry it).
    mode: GameMode | None = None
    extra: Mapping[str, Any] = _extra_field()


@attrs.frozen(kw_only=True, slots=False)
class UserBest(_UserScore):
    """One of a user's best scores (a ``get_user_best`` row)."""


@attrs.frozen(kw_only=True, slots=False)
class UserRecent(_UserScore):
    """One of a user's plays of the last 24 hours (a ``get_user_recent`` row).

    Failed plays have rank ``"F"`` and no ``score_id``; payloads from before about 2020 have no
    ``score_id``, ``pp`` or ``replay_available`` at all.
    """

    @property
    def passed(self) -> bool:
        """Whether the play was completed (its rank is not ``"F"``)."""
        return self.rank != "F"


@attrs.frozen(kw_only=True, slots=False)
class Replay(BaseModel):
    """A replay's frame stream, as ``get_replay`` sends it, with the request that fetched it.

    ``content`` is base64 of an LZMA stream of frames, not a whole ``.osr`` file; see
    :meth:`frames` and :func:`osu_core.replay.assemble_osr`.
    """

    content: str
    encoding: str = "base64"
    #: From the request (the response carries only content and encoding).
    beatmap_id: int | None = None
    user: int | str | None = None
    mode: GameMode
    score_id: int | None = None
    extra: Mapping[str, Any] = _extra_field()

    def frames(self) -> ReplayFrames[Any]:
        """Decode the frames of this replay for its mode.

        Raises:
            CorruptReplayError: if the content is not a valid replay stream (the API hands out
                corrupt ones now and then).
        """
        from .replay._codec import decode_replay_frames

        return decode_replay_frames(self.content, mode=self.mode)

    def get_beatmap(self, **parameters: Any) -> Any:
        """The replay's beatmap, from the client."""
        return self.api.get_beatmap(beatmap_id=self.beatmap_id, **parameters)

    def get_user(self, **parameters: Any) -> Any:
        """The replay's player, from the client (``user`` read as the API read it: an int as
        an id, a str as a name)."""
        if isinstance(self.user, str):
            parameters.setdefault("type_str", "string")
        return self.api.get_user(self.user, **parameters)


@attrs.frozen(kw_only=True, slots=False)
class MultiplayerScore(BaseModel):
    """A player's score in one game of a multiplayer match."""

    #: 0-based index of the player's slot.
    slot: int
    team: MultiplayerTeam
    user_id: int
    score: int
    maxcombo: int
    #: Not used by the API (always 0).
    rank: int
    count50: int
    count100: int
    count300: int
    countmiss: int
    countgeki: int
    countkatu: int
    #: Full combo.
    perfect: bool
    #: False if the player failed at the end of the map (``pass`` on the wire).
    passed: bool
    #: The player's own mods; None when the game is not freemod, absent in older payloads.
    enabled_mods: GameModifiers | None = None
    extra: Mapping[str, Any] = _extra_field()

    def get_user(self, **parameters: Any) -> Any:
        """The player, from the client."""
        return self.api.get_user(self.user_id, type_str="id", **parameters)


@attrs.frozen(kw_only=True, slots=False)
class MultiplayerGame(BaseModel):
    """One map played in a multiplayer match."""

    game_id: int
    start_time: datetime
    #: None while the game is in progress or when it was aborted.
    end_time: datetime | None = None
    beatmap_id: int
    play_mode: GameMode
    #: Undocumented; always 0 in every sample seen.
    match_type: int
    scoring_type: ScoringType
    team_type: TeamType
    #: The game's global mods.
    mods: GameModifiers
    scores: tuple[MultiplayerScore, ...] = ()
    extra: Mapping[str, Any] = _extra_field()

    def get_beatmap(self) -> Any:
        """The game's beatmap, from the client."""
        return self.api.get_beatmap(beatmap_id=self.beatmap_id, mode=self.play_mode)


@attrs.frozen(kw_only=True, slots=False)
class MultiplayerMatch(BaseModel):
    """A multiplayer match (``get_match``): the ``match`` object's fields and its games."""

    match_id: int
    name: str
    start_time: datetime
    #: None while the match is not disbanded.
    end_time: datetime | None = None
    games: tuple[MultiplayerGame, ...] = ()
    extra: Mapping[str, Any] = _extra_field()

"""The closed sets of the osu! API v1: modes, statuses, genres, languages, multiplayer settings.

Member names follow the original library's reference (``Video_game``, ``head_to_head``...);
values the real API sends that the reference lacks are added (genres 11-14 and languages 12-14,
from the API wiki; see ``reference/api-v1.md`` §0).

The API grows new ids before libraries learn them, so every enum here is *open*: an unknown
integer becomes a pseudo-member named ``UNKNOWN_<n>`` instead of raising. Nothing here does I/O.
"""

from __future__ import annotations

import enum

from ._errors import InvalidArgument

__all__ = [
    "BeatmapApprovedState",
    "BeatmapGenre",
    "GameMode",
    "Language",
    "MultiplayerTeam",
    "ReplayAvailability",
    "ScoringType",
    "TeamType",
]


class _OpenIntEnum(enum.IntEnum):
    """An IntEnum that accepts integers it does not know, as pseudo-members.

    ``GameMode(7)`` gives ``<GameMode.UNKNOWN_7: 7>``: an instance of the enum (so typed code and
    ``isinstance`` keep working) that compares equal to 7. It is created once and cached, like
    the pseudo-members ``enum.Flag`` makes for combinations.
    """

    @classmethod
    def _missing_(cls, value: object) -> _OpenIntEnum | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        # setdefault keeps one pseudo-member per value even if two threads race here.
        return cls._value2member_map_.setdefault(value, member)  # type: ignore[return-value]

    @property
    def is_known(self) -> bool:
        """Whether this value is one the library knows (not an ``UNKNOWN_<n>`` pseudo-member)."""
        return self._name_ in type(self).__members__


class GameMode(_OpenIntEnum):
    """Game modes (the API's ``m`` parameter and ``mode`` fields)."""

    Osu = 0  # osu!standard
    Taiko = 1
    Catch = 2  # osu!catch, formerly Catch the Beat (CtB)
    Mania = 3

    @classmethod
    def coerce(cls, value: GameMode | int | str) -> GameMode:
        """The mode users mean: a ``GameMode``, ``0``-``3``, or a name (``"taiko"``, ``"ctb"``,
        ``"std"``..., any case; digits too).

        Raises:
            InvalidArgument: naming what is allowed.
        """
        if isinstance(value, str):
            key = value.strip().lower()
            if key in MODE_NAMES:
                return MODE_NAMES[key]
            if key.isdigit():
                value = int(key)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3:
            return cls(int(value))
        raise InvalidArgument(
            f"mode: must be a GameMode, 0-3 or one of {sorted(MODE_NAMES)}, got {value!r}",
            parameter="mode",
        )


class BeatmapApprovedState(_OpenIntEnum):
    """Ranking status of a beatmap (the ``approved`` field)."""

    Graveyard = -2
    WIP = -1
    Pending = 0
    Ranked = 1
    Approved = 2
    Qualified = 3
    Loved = 4


class BeatmapGenre(_OpenIntEnum):
    """Music genre of a beatmapset (``genre_id``). There is no 8."""

    Any = 0
    Unspecified = 1
    Video_game = 2
    Anime = 3
    Rock = 4
    Pop = 5
    Other = 6
    Novelty = 7
    Hip_hop = 9
    Electronic = 10
    Metal = 11
    Classical = 12
    Folk = 13
    Jazz = 14


class Language(_OpenIntEnum):
    """Language of a beatmapset (``language_id``).

    The API wiki once documented 1 as "other" and stopped at 11; today 1 is "unspecified" and 14
    is "other". ``Language.Other`` keeps the original library's name for 1 (an alias of
    ``Unspecified``); 14 is ``Other_language``.
    """

    Any = 0
    Unspecified = 1
    Other = 1
    English = 2
    Japanese = 3
    Chinese = 4
    Instrumental = 5
    Korean = 6
    French = 7
    German = 8
    Swedish = 9
    Spanish = 10
    Italian = 11
    Russian = 12
    Polish = 13
    Other_language = 14


class MultiplayerTeam(_OpenIntEnum):
    """Team of a player in a multiplayer game (0 when the game has no teams)."""

    none = 0
    blue = 1
    red = 2


class ReplayAvailability(_OpenIntEnum):
    """Whether the API stores a replay for a score (``replay_available``)."""

    Unavailable = 0
    Available = 1


class ScoringType(_OpenIntEnum):
    """Winning condition of a multiplayer game."""

    score = 0
    accuracy = 1
    combo = 2
    score_v2 = 3


class TeamType(_OpenIntEnum):
    """Team mode of a multiplayer game."""

    head_to_head = 0
    tag_co_op = 1
    team_vs = 2
    tag_team_vs = 3


#: Names users give modes (the website's, the game's and the community's), for
#: :meth:`GameMode.coerce`.
MODE_NAMES: dict[str, GameMode] = {
    "osu": GameMode.Osu,
    "std": GameMode.Osu,
    "standard": GameMode.Osu,
    "taiko": GameMode.Taiko,
    "catch": GameMode.Catch,
    "ctb": GameMode.Catch,
    "fruits": GameMode.Catch,
    "mania": GameMode.Mania,
}

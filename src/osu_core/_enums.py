"""The closed sets of the osu! API v1: modes, statuses, genres, languages, multiplayer settings.

Member names follow the original library's reference (``Video_game``, ``head_to_head``...);
values the real API sends that the reference lacks are added (genres 11-14 and languages 12-14,
from the API wiki; see ``reference/api-v1.md`` §0).

The API grows new ids before libraries learn them, so every enum here is *open*: an unknown
integer becomes a pseudo-member named ``UNKNOWN_<n>`` instead of raising. Only the first
:data:`PSEUDO_MEMBER_CACHE` of them are kept for reuse, so a stream of rows with ever new ids
cannot grow memory without bound (see :class:`_OpenIntEnum`).

This module also holds the two rules every builder uses on what users type (:func:`ascii_int`:
only ASCII digits are numbers; :func:`shown`: a value quoted in a message is cut short), because
it is the lowest module of the core that needs them. Nothing here does I/O.
"""

from __future__ import annotations

import enum
import reprlib
import sys
from itertools import islice

from ._errors import InvalidArgument

__all__ = [
    "PSEUDO_MEMBER_CACHE",
    "BeatmapApprovedState",
    "BoundedIntFlag",
    "BeatmapGenre",
    "GameMode",
    "Language",
    "MultiplayerTeam",
    "ReplayAvailability",
    "ScoringType",
    "TeamType",
    "ascii_int",
    "is_ascii_digits",
    "pseudo_members_cached",
    "shown",
    "uncache_last",
]

#: How many pseudo-members (``UNKNOWN_<n>``) each open enum keeps for reuse. Real responses
#: carry a handful of new ids at most; a million rows of fresh ids used to keep a million
#: pseudo-members per enum alive (about 350 bytes each) for the life of the process.
PSEUDO_MEMBER_CACHE = 256

#: Open-enum ids are the API's integer columns; outside 64 bits a value is not an id (and its
#: ``UNKNOWN_<n>`` name could not even be printed past 4300 digits).
_ID_RANGE = range(-(2**63), 2**63)


def ascii_int(text: str, max_digits: int) -> int | None:
    """The number ``text`` spells in ASCII digits (whitespace around it allowed), else None.

    ``str.isdigit()`` is also true for ``"²"`` and ``"٣"``, and ``int()`` reads ``"٣"`` as 3,
    accepts ``"1_0"`` and ``"+1"``, and refuses more than 4300 digits (CPython's guard against
    quadratic conversion, CVE-2020-10735), so neither is used alone: only ASCII digits make a
    number, and more than ``max_digits`` of them (leading zeros aside) make none.
    """
    stripped = text.strip()
    if not (stripped.isascii() and stripped.isdigit()):
        return None
    significant = stripped.lstrip("0")
    if len(significant) > max_digits:
        return None
    return int(significant or "0")


def is_ascii_digits(text: str) -> bool:
    """Whether ``text`` (whitespace around it allowed) is made of ASCII digits only."""
    stripped = text.strip()
    return stripped.isascii() and stripped.isdigit()


_SHOW = reprlib.Repr()
_SHOW.maxstring = _SHOW.maxother = 60
_SHOWN_TEXT = 60  # characters of a long string or bytes value quoted in a message


def shown(value: object) -> str:
    """``repr(value)`` for an error message, kept short whatever the value.

    A long string shows its first characters and its length; an int over 40 digits shows its
    size only (``repr`` would fail past 4300 digits); containers and other objects go through
    ``reprlib``. It never raises.
    """
    try:
        if isinstance(value, (str, bytes, bytearray)):
            if len(value) <= _SHOWN_TEXT:
                return repr(value)
            unit = "characters" if isinstance(value, str) else "bytes"
            return f"{value[:_SHOWN_TEXT]!r}... ({len(value)} {unit})"
        if isinstance(value, int) and not isinstance(value, bool):
            if abs(int.__int__(value)) < 10**40:
                return repr(value)
            digits = round(abs(int.__int__(value)).bit_length() * 0.30103)  # log10(2)
            return f"<an int of about {digits} digits>"
        return _SHOW.repr(value)
    except Exception:  # a repr that fails or a value reprlib cannot size
        return f"<a {type(value).__name__}>"


_KNOWN_VALUES: dict[type[enum.Enum], int] = {}


def _known_values(cls: type[enum.Enum]) -> int:
    # How many entries of the value map are real members (aliases share a value).
    count = _KNOWN_VALUES.get(cls)
    if count is None:
        count = _KNOWN_VALUES[cls] = len({m._value_ for m in cls._member_map_.values()})
    return count


def pseudo_members_cached(cls: type[enum.Enum]) -> int:
    """How many pseudo-members ``cls`` keeps in its value map now (for tests and metrics)."""
    return len(cls._value2member_map_) - _known_values(cls)


def uncache_last(cls: type[enum.Enum], added: int) -> None:
    """Forget the ``added`` newest entries of ``cls``'s value map (pseudo-members only: real
    members are the oldest entries and are never removed)."""
    added = min(added, pseudo_members_cached(cls))
    if added <= 0:
        return
    cache = cls._value2member_map_
    # list() runs in C with the GIL held, so no other thread changes the dict meanwhile.
    for key in list(islice(reversed(cache), added)):
        cache.pop(key, None)


#: Python 3.10's IntFlag keeps a negative value as it is; 3.11 and later (the KEEP boundary)
#: turn it into the positive bit pattern, as a C# int read into flags is (-1 is every bit).
_NEGATIVE_FLAGS_KEPT_AS_IS = sys.version_info < (3, 11)


def _as_unsigned(cls: type[enum.Flag], value: int) -> int:
    # What 3.11+ Flag._missing_ does with a negative value under KEEP, so every Python gives
    # the same flags: within the flag's bits it is two's complement over them (-1 is every
    # bit); beyond them, over the smallest power of two that holds the value (-2**31 of
    # HitSound is 2**31).
    mask = 0
    for member in cls.__members__.values():
        mask |= int(member.value)
    all_bits = (1 << mask.bit_length()) - 1
    if value >= ~all_bits:
        return all_bits + 1 + value
    return max(all_bits + 1, 1 << value.bit_length()) + value


#: Per-class pseudo-member caps of :class:`BoundedIntFlag` subclasses that need another figure.
FLAG_CACHE_LIMITS: dict[type[enum.Enum], int] = {}


class BoundedIntFlag(enum.IntFlag):
    """An IntFlag that keeps at most :data:`PSEUDO_MEMBER_CACHE` combinations as pseudo-members
    (or the figure :data:`FLAG_CACHE_LIMITS` gives its class).

    ``enum.Flag`` caches a pseudo-member for every combination it is asked for, for the life of
    the process: a stream of files or rows with fresh bit patterns (hitsounds, key states, mods
    up to 2**31) grew memory without bound. Past the cap a combination is still built and
    works the same (equality and hashing are by value); it is just not kept, so only ``is``
    can tell.
    """

    @classmethod
    def _missing_(cls, value: object) -> enum.Flag | None:
        if _NEGATIVE_FLAGS_KEPT_AS_IS and isinstance(value, int) and value < 0:
            value = _as_unsigned(cls, value)  # pragma: no cover - Python 3.10 only
        full = pseudo_members_cached(cls) >= FLAG_CACHE_LIMITS.get(cls, PSEUDO_MEMBER_CACHE)
        before = len(cls._value2member_map_)
        # Flag's own _missing_ builds the pseudo-member and caches it (and, on 3.10, one per
        # unknown bit too); when the cache is full, the entries it added are dropped again.
        member: enum.Flag | None = super()._missing_(value)
        if full:
            uncache_last(cls, len(cls._value2member_map_) - before)
        return member


class _OpenIntEnum(enum.IntEnum):
    """An IntEnum that accepts integers it does not know, as pseudo-members.

    ``GameMode(7)`` gives ``<GameMode.UNKNOWN_7: 7>``: an instance of the enum (so typed code and
    ``isinstance`` keep working) that compares and hashes equal to 7, with ``is_known`` false.
    The first :data:`PSEUDO_MEMBER_CACHE` unknown values get a cached pseudo-member, as
    ``enum.Flag`` caches combinations; later ones get a new pseudo-member on every call. So
    ``is`` holds for known members and for those first unknown values only: compare with ``==``.
    Values outside 64 bits are not ids and raise ``ValueError``, as for any enum.
    """

    @classmethod
    def _missing_(cls, value: object) -> _OpenIntEnum | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        exact = int.__int__(value)  # an int subclass's own __str__ must not reach the name
        if exact not in _ID_RANGE:
            return None
        member = int.__new__(cls, exact)
        member._name_ = f"UNKNOWN_{exact}"
        member._value_ = exact
        if pseudo_members_cached(cls) >= PSEUDO_MEMBER_CACHE:
            return member
        # setdefault keeps one pseudo-member per value even if two threads race here.
        return cls._value2member_map_.setdefault(exact, member)  # type: ignore[return-value]

    def __str__(self) -> str:
        # The number, on every Python (3.11+ IntEnum does this; 3.10 wrote "GameMode.Osu"), as
        # code written for the original library expects (``str(GameMode.Osu) == "0"``).
        return int.__repr__(self)

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
    def coerce(cls, value: GameMode | int | str, *, parameter: str = "mode") -> GameMode:
        """The mode users mean: a ``GameMode``, ``0``-``3``, or a name (``"taiko"``, ``"ctb"``,
        ``"std"``..., any case; digits too). ``parameter`` names the argument in errors.

        Raises:
            InvalidArgument: naming what is allowed.
        """
        number: int | None = None
        if isinstance(value, str):
            stripped = value.strip()
            key = stripped.lower()
            # ASCII only: "TAI\u212aO" (with a Kelvin sign) lowers to "taiko" too.
            if key in MODE_NAMES and stripped.isascii():
                return MODE_NAMES[key]
            number = ascii_int(key, 1)  # "٣" and "²" are not 3 and 2
        elif isinstance(value, int) and not isinstance(value, bool):
            number = int.__int__(value)
        if number is not None and 0 <= number <= 3:
            return cls(number)
        raise InvalidArgument(
            f"{parameter}: must be a GameMode, 0-3 or one of {sorted(MODE_NAMES)}, "
            f"got {shown(value)}",
            parameter=parameter,
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

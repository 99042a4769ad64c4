"""Validation and normalisation of the builders' arguments, before any I/O.

Each function takes what users write (ints, strings, enums, dates...) and returns the string the
API expects, or raises :class:`InvalidArgument` naming the parameter and what is allowed. The
wire names (``u``, ``m``, ``type``...) are not known here; the builders in ``_endpoints.py`` own
them. No I/O.

The rule (the original library's reference: each method "Returns ... None if the request
failed"): only what cannot be sent at all is refused before any I/O: a wrong type, a mode that
is no mode, mods that are no mods, a malformed hash or date, a number out of a documented range,
an int too large for the API's 64-bit columns. Where the API simply answers "nothing" (a blank
username, a user or match id of 0 or one no one has) the request is sent and the result is
``None`` or an empty collection. Beatmap, beatmapset and score ids stay positive: ``"0"`` is
false in PHP, so the API may read ``b=0`` as no filter at all and answer with other beatmaps,
a silently wrong result rather than nothing.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ._enums import GameMode, ascii_int, shown
from ._errors import InvalidArgument
from ._mods import GameModifiers

__all__ = [
    "MAX_ID",
    "SINCE_MAX",
    "SINCE_MIN",
    "ModeLike",
    "ModsLike",
    "UserLike",
    "any_id",
    "as_utc",
    "flag",
    "md5",
    "mode",
    "mods",
    "positive_id",
    "ranged",
    "since",
    "since_moment",
    "user",
    "wire_int",
]

UserLike = int | str
ModeLike = GameMode | int | str
ModsLike = GameModifiers | int | str

#: The largest id the API can hold: its ids are MySQL BIGINT columns served by PHP, whose ints
#: are 64-bit (``PHP_INT_MAX`` = 2**63 - 1). A larger number is no id, and past 4300 digits
#: Python could not even write it out.
MAX_ID = 2**63 - 1
_ID_DIGITS = len(str(MAX_ID))

_UTC = _dt.timezone.utc
#: ``since`` is "a MySQL date" (api-v1.md §1): MySQL's DATETIME holds '1000-01-01 00:00:00' to
#: '9999-12-31 23:59:59' (MySQL manual, "The DATE, DATETIME, and TIMESTAMP Types"). Keeping to
#: it also leaves the pager room to move one second either way without overflowing.
SINCE_MIN = _dt.datetime(1000, 1, 1, tzinfo=_UTC)
SINCE_MAX = _dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=_UTC)

_MD5 = re.compile(r"[0-9a-fA-F]{32}")


def _bad(parameter: str, message: str) -> InvalidArgument:
    return InvalidArgument(f"{parameter}: {message}", parameter=parameter)


def wire_int(value: int) -> str:
    """An int as the API reads it: plain ASCII decimal digits, whatever the int's class.

    ``str()`` is not that: ``str(GameModifiers.HardRock)`` is ``"HR"``, ``str(GameMode.Taiko)``
    is ``"GameMode.Taiko"`` on Python 3.10, and any int subclass may override ``__str__``.
    Calling ``int.__repr__`` itself bypasses a subclass's override. Callers check the range
    first (it refuses more than 4300 digits).
    """
    return int.__repr__(value)


def _exact_int(value: Any) -> int | None:
    # An int, not a bool, as a plain int (so a subclass's __eq__ or __lt__ plays no part).
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return int.__int__(value)


def user(value: Any, type_str: str | None, parameter: str = "user") -> tuple[str, str | None]:
    """``(u, type)`` for a user given as an id (int) or a name (str); ``type`` None means the
    request carries no ``type`` parameter.

    As the original library's reference says (``type_str``: "default behavior is automatic
    recognition"): an int is an id (``type=id``); a str goes out with no ``type``, so the API
    itself recognises it (digits are read as an id, anything else as a name). To look up a
    username made only of digits, pass ``type_str="string"``; an explicit ``type_str`` (``"id"``
    or ``"string"``) always wins. With ``type_str="id"`` a str must spell an id in ASCII digits.

    What cannot be sent is refused (another type, an int outside 64 bits); what the API simply
    answers "nobody" for is sent: a blank name, an id of 0 or below, an id no one has.
    """
    if type_str is not None and (not isinstance(type_str, str) or type_str not in ("id", "string")):
        raise _bad("type_str", f"must be 'id' or 'string', got {shown(type_str)}")
    number = _exact_int(value)
    if number is not None:
        if not -MAX_ID - 1 <= number <= MAX_ID:
            raise _bad(parameter, f"a user id must fit in 64 bits, got {shown(value)}")
        return wire_int(number), type_str or "id"
    if not isinstance(value, str):
        raise _bad(parameter, f"must be a user id (int) or a username (str), got {shown(value)}")
    name = value.strip()
    if type_str == "id":
        number = ascii_int(name, _ID_DIGITS)
        if number is None or number > MAX_ID:
            raise _bad(
                parameter,
                f"type_str='id' needs a numeric id (ASCII digits, at most 2**63 - 1), "
                f"got {shown(value)}",
            )
        return wire_int(number), "id"
    return name, type_str


def mode(value: Any, parameter: str = "mode") -> str:
    """The mode as ``"0"`` to ``"3"``, from a GameMode, an int or a name (``"taiko"``)."""
    return wire_int(GameMode.coerce(value, parameter=parameter))


def mods(value: Any, parameter: str = "mods") -> str:
    """The mods as the API's integer, from GameModifiers, an int or acronyms (``"HDDT"``)."""
    return wire_int(GameModifiers.coerce(value, parameter=parameter))


def positive_id(value: Any, parameter: str) -> str:
    """A positive integer id, 1 to :data:`MAX_ID`: an int, or a string of ASCII digits."""
    number = ascii_int(value, _ID_DIGITS) if isinstance(value, str) else _exact_int(value)
    if number is None or not 1 <= number <= MAX_ID:
        raise _bad(parameter, f"must be a positive integer id (1 to 2**63 - 1), got {shown(value)}")
    return wire_int(number)


def any_id(value: Any, parameter: str) -> str:
    """An id the API answers "nothing" for when no such thing exists: any 64-bit int (0 and
    below included, which exist nowhere), or a string of ASCII digits."""
    number = ascii_int(value, _ID_DIGITS) if isinstance(value, str) else _exact_int(value)
    if number is None or not -MAX_ID - 1 <= number <= MAX_ID:
        raise _bad(parameter, f"must be an integer id (64 bits), got {shown(value)}")
    return wire_int(number)


def ranged(value: Any, parameter: str, low: int, high: int) -> str:
    """An integer within ``low..high`` inclusive."""
    number = _exact_int(value)
    if number is None or not low <= number <= high:
        raise _bad(parameter, f"must be an integer from {low} to {high}, got {shown(value)}")
    return wire_int(number)


def flag(value: Any, parameter: str) -> str:
    """A boolean sent as ``"1"`` or ``"0"`` (also accepts the ints 0 and 1)."""
    number = int.__int__(value) if isinstance(value, int) else None  # True and False included
    if number not in (0, 1):
        raise _bad(parameter, f"must be a bool, got {shown(value)}")
    return "1" if number else "0"


def md5(value: Any, parameter: str = "hash_str") -> str:
    """A beatmap MD5: 32 hexadecimal digits, sent lower-cased."""
    if not isinstance(value, str) or not _MD5.fullmatch(value.strip()):
        raise _bad(parameter, f"must be 32 hexadecimal digits, got {shown(value)}")
    return value.strip().lower()


def since(value: Any, parameter: str = "since") -> str:
    """A MySQL UTC datetime, ``"YYYY-MM-DD HH:MM:SS"``.

    Accepts an aware datetime (converted to UTC), a naive datetime (taken as UTC, which the API
    documents for ``since``), a date (midnight UTC), or a string ``"YYYY-MM-DD"`` /
    ``"YYYY-MM-DD HH:MM[:SS]"`` (taken as UTC). Fractions of a second are dropped. The moment
    must lie within MySQL's DATETIME range, :data:`SINCE_MIN` to :data:`SINCE_MAX`.
    """
    m = since_moment(value, parameter)
    # Not strftime: glibc writes year 1000 as "1000" but year 999 as "999", and no MySQL date
    # needs a locale.
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}:{m.second:02d}"


def since_moment(value: Any, parameter: str = "since") -> _dt.datetime:
    """The moment :func:`since` sends, as an aware UTC datetime in whole seconds.

    Raises:
        InvalidArgument: for another type, an unreadable string, a time zone that fails, or a
            moment outside :data:`SINCE_MIN` to :data:`SINCE_MAX`.
    """
    if isinstance(value, _dt.datetime):
        moment = as_utc(value, parameter)
    elif isinstance(value, _dt.date):
        moment = _dt.datetime(value.year, value.month, value.day, tzinfo=_UTC)
    elif isinstance(value, str):
        moment = _date_text(value, parameter).replace(tzinfo=_UTC)
    else:
        raise _bad(parameter, f"must be a datetime, a date or a date string, got {shown(value)}")
    moment = moment.replace(microsecond=0)
    if not SINCE_MIN <= moment <= SINCE_MAX:
        raise _bad(
            parameter,
            "must be from 1000-01-01 to 9999-12-31 23:59:59 UTC (MySQL's DATETIME range), "
            f"got {shown(value)}",
        )
    return moment


def as_utc(value: _dt.datetime, parameter: str) -> _dt.datetime:
    """``value`` as an aware UTC datetime; a naive one (or one whose ``utcoffset()`` is None)
    is taken as UTC.

    Not ``astimezone()``: it reads a naive datetime as local time (the core reads no system
    state), and it raises ``OverflowError`` for a moment UTC cannot hold (``datetime.min`` at
    UTC+5).

    Raises:
        InvalidArgument: naming ``parameter``, if UTC cannot hold the moment or the time zone
            fails.
    """
    try:
        offset = value.utcoffset()
        naive = value.replace(tzinfo=None)
        return (naive if offset is None else naive - offset).replace(tzinfo=_UTC)
    except (ArithmeticError, ValueError, TypeError) as exc:  # overflow, or a tzinfo that fails
        raise _bad(
            parameter, f"{shown(value)} has no UTC equivalent ({type(exc).__name__}: {exc})"
        ) from None


def _date_text(text: str, parameter: str) -> _dt.datetime:
    cleaned = text.strip().replace("T", " ")
    # strptime's %Y and %d match any Unicode digit ("٢٠٢٤"); dates, like ids, are ASCII.
    if cleaned.isascii():
        for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                return _dt.datetime.strptime(cleaned, layout)  # noqa: DTZ007 - UTC by the API's rule
            except ValueError:
                continue
    raise _bad(
        parameter, f"must look like 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS', got {shown(text)}"
    )

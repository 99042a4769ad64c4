"""Validation and normalisation of the builders' arguments, before any I/O.

Each function takes what users write (ints, strings, enums, dates...) and returns the string the
API expects, or raises :class:`InvalidArgument` naming the parameter and what is allowed. The
wire names (``u``, ``m``, ``type``...) are not known here; the builders in ``_endpoints.py`` own
them. No I/O.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ._enums import GameMode
from ._errors import InvalidArgument
from ._mods import GameModifiers

__all__ = [
    "ModeLike",
    "ModsLike",
    "UserLike",
    "flag",
    "md5",
    "mode",
    "mods",
    "positive_id",
    "ranged",
    "since",
    "user",
]

UserLike = int | str
ModeLike = GameMode | int | str
ModsLike = GameModifiers | int | str

_MD5 = re.compile(r"[0-9a-fA-F]{32}")


def _bad(parameter: str, message: str) -> InvalidArgument:
    return InvalidArgument(f"{parameter}: {message}", parameter=parameter)


def user(value: Any, type_str: str | None, parameter: str = "user") -> tuple[str, str]:
    """``(u, type)`` for a user given as an id (int) or a name (str).

    An int is an id and a str a name, so a name made only of digits is still a name; an explicit
    ``type_str`` (``"id"`` or ``"string"``) wins.
    """
    if type_str is not None and type_str not in ("id", "string"):
        raise _bad("type_str", f"must be 'id' or 'string', got {type_str!r}")
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _bad(parameter, f"must be a user id (int) or a username (str), got {value!r}")
    if isinstance(value, int):
        if value <= 0:
            raise _bad(parameter, f"a user id must be positive, got {value}")
        return str(value), type_str or "id"
    name = value.strip()
    if not name:
        raise _bad(parameter, "a username cannot be empty")
    if type_str == "id" and not name.isdigit():
        raise _bad(parameter, f"type_str='id' needs a numeric id, got {value!r}")
    return name, type_str or "string"


def mode(value: Any, parameter: str = "mode") -> str:
    """The mode as ``"0"`` to ``"3"``, from a GameMode, an int or a name (``"taiko"``)."""
    try:
        return str(int(GameMode.coerce(value)))
    except InvalidArgument as exc:
        raise _bad(parameter, exc.message.removeprefix("mode: ")) from None


def mods(value: Any, parameter: str = "mods") -> str:
    """The mods as the API's integer, from GameModifiers, an int or acronyms (``"HDDT"``)."""
    try:
        return str(int(GameModifiers.coerce(value)))
    except InvalidArgument as exc:
        reason = exc.message.removeprefix("mods must be ").removeprefix("mods given ")
        raise _bad(parameter, reason) from None


def positive_id(value: Any, parameter: str) -> str:
    """A positive integer id (an int or a string of digits)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _bad(parameter, f"must be a positive integer id, got {value!r}")
    return str(value)


def ranged(value: Any, parameter: str, low: int, high: int) -> str:
    """An integer within ``low..high`` inclusive."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(parameter, f"must be an integer from {low} to {high}, got {value!r}")
    return str(value)


def flag(value: Any, parameter: str) -> str:
    """A boolean sent as ``"1"`` or ``"0"`` (also accepts the ints 0 and 1)."""
    if value in (True, False, 0, 1) and isinstance(value, (bool, int)):
        return "1" if value else "0"
    raise _bad(parameter, f"must be a bool, got {value!r}")


def md5(value: Any, parameter: str = "hash_str") -> str:
    """A beatmap MD5: 32 hexadecimal digits, sent lower-cased."""
    if not isinstance(value, str) or not _MD5.fullmatch(value.strip()):
        raise _bad(parameter, f"must be 32 hexadecimal digits, got {value!r}")
    return value.strip().lower()


def since(value: Any, parameter: str = "since") -> str:
    """A MySQL UTC datetime, ``"YYYY-MM-DD HH:MM:SS"``.

    Accepts an aware datetime (converted to UTC), a naive datetime (taken as UTC, which the API
    documents for ``since``), a date (midnight UTC), or a string ``"YYYY-MM-DD"`` /
    ``"YYYY-MM-DD HH:MM[:SS]"`` (taken as UTC).
    """
    if isinstance(value, _dt.datetime):
        moment = value if value.tzinfo is None else value.astimezone(_dt.timezone.utc)
    elif isinstance(value, _dt.date):
        moment = _dt.datetime(value.year, value.month, value.day)  # noqa: DTZ001 - UTC, see above
    elif isinstance(value, str):
        moment = _date_text(value, parameter)
    else:
        raise _bad(parameter, f"must be a datetime, a date or a date string, got {value!r}")
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _date_text(text: str, parameter: str) -> _dt.datetime:
    cleaned = text.strip().replace("T", " ")
    for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return _dt.datetime.strptime(cleaned, layout)  # noqa: DTZ007 - UTC by the API's rule
        except ValueError:
            continue
    raise _bad(parameter, f"must look like 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS', got {text!r}")

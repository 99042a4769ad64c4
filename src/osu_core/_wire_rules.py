"""The wire rules: how one value the API sends becomes a Python value, strictly.

Each function here reads one wire value of one kind (an id, a number, a date, pack tags...) and
returns it, or raises: ``TypeError``/``ValueError`` for a value of the wrong shape, and
:class:`_Reject` (with a ``detail`` for the message) for one of the right type that breaks a
rule. The converter (``_convert``) calls them from its careful path and on memo misses, and
its generated hot path follows the same rules inline; ``_convert._KINDS`` says which rule
serves which field kind. The bounds are in ``_convert``'s module docstring. No I/O.
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
import re
import reprlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

#: Bounds of the wire's numbers (see the module docstring). Ids and counts are never negative
#: in the API's tables, and neither are its ratings, lengths, pp or accuracy.
INT_MAX = 2**63 - 1
ENUM_MIN, ENUM_MAX = -128, 255
MODS_MAX = 2**31 - 1
_FLOAT_MAX = sys.float_info.max

_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
_ZERO_DATE = "0000-00-00 00:00:00"  # MySQL's "no date"; read as None where a field allows it
#: The wire's dates, leniently (the wiki's own example has an unpadded hour, "9:11:16"; seconds
#: may be missing), but ASCII digits only: ``int()`` would read ``"٢٠١٣"`` as 2013.
_LENIENT_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?", re.ASCII
)
_BOOLS: Mapping[Any, bool] = {"0": False, "1": True, 0: False, 1: True}  # True == 1 in a dict
_DATE_CACHE_LIMIT = 8192


_SHORT = reprlib.Repr()
_SHORT.maxlevel = 2
_SHORT.maxstring = _SHORT.maxother = 40
_SHORT.maxlist = _SHORT.maxdict = 4


def _describe(value: Any) -> str:
    """The type and a short, bounded repr of a wire value, for messages (never deep: a
    nested value is cut at two levels, a long string in the middle)."""
    try:
        text = _SHORT.repr(value)
    except ValueError:  # an int past the 4300-digit str() limit, from a Python caller
        text = "(too large to show)"
    return f"{type(value).__name__} {text}"


# --- strict conversions of single wire values (the careful path, and memo misses) ----------


class _Reject(Exception):
    """A wire value of the right type that breaks a rule; ``detail`` says which."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _plain(text: str) -> bool:
    # The decimal text PHP and MySQL write: ASCII, and no "_" (int("1_0") and float("1_0.5")
    # read Python's digit grouping, which no server writes: 10 from "1_0" would be a guess).
    return text.isascii() and "_" not in text


def _wire_int(value: Any, low: int = 0, high: int = INT_MAX) -> int:
    if isinstance(value, str):
        if not _plain(value):
            raise _Reject("not plain ASCII digits")
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = int(value)
    else:  # floats too: 1.5 is no id, and a float past 2**53 is not the integer it was
        raise TypeError(value)
    if not low <= number <= high:
        raise _Reject(f"out of range {low} to {high}")
    return number


def _wire_float(value: Any) -> float:
    if isinstance(value, str):
        if not _plain(value):
            raise _Reject("not plain ASCII digits")
        number = float(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        raise TypeError(value)
    if not 0.0 <= number <= _FLOAT_MAX:  # false for NaN too
        raise _Reject("negative" if number < 0 else "not finite")
    return number


def _reject() -> Any:
    # The hot path's "no" for a value it will not read; the careful path says why.
    raise ValueError


def _rows_of(value: Any) -> list[Any]:
    # A JSON array only: iterating "" or {} would silently give no rows.
    if value.__class__ is not list:
        raise TypeError(value)
    return value


class _MemberTable(dict[Any, Any]):
    """Wire value -> enum member; one dict lookup on the hot path, a strict read and the
    enum's own lookup (which accepts unknown ids as pseudo-members) on a miss.

    Only string keys are stored: ``True == 1`` and ``hash(True) == hash(1)``, so an int key
    would let a JSON ``true`` hit the member for 1.
    """

    def __init__(self, cls: type[enum.Enum], low: int, high: int) -> None:
        super().__init__()
        self.cls = cls
        self.low = low
        self.high = high
        for member in cls.__members__.values():
            self.setdefault(str(int(member.value)), member)

    def __missing__(self, key: Any) -> Any:
        member = self.cls(_wire_int(key, self.low, self.high))
        if key.__class__ is str and len(self) < _DATE_CACHE_LIMIT:
            self[key] = member
        return member


class _Cache(dict[Any, Any]):
    """A bounded memo whose misses compute and store (cleared when full).

    Only string keys are stored, for the reason :class:`_MemberTable` gives.
    """

    def __init__(self, compute: Callable[[Any], Any], limit: int) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: Any) -> Any:
        value = self.compute(key)
        if key.__class__ is str:
            if len(self) >= self.limit:
                self.clear()
            self[key] = value
        return value


def _parse_date(value: Any, zone: _dt.tzinfo) -> _dt.datetime:
    if not isinstance(value, str):
        raise TypeError(value)
    text = value.strip()
    if (
        len(text) == 19
        and text.isascii()
        and text[4] == text[7] == "-"
        and text[10] == " "
        and text[13] == text[16] == ":"
    ):
        # C-fast for the usual "YYYY-MM-DD HH:MM:SS" (strptime is ~40x slower); the shape
        # check keeps fromisoformat's other forms ("2013-W25-6", any separator) out.
        naive = _dt.datetime.fromisoformat(text)
    else:
        match = _LENIENT_DATE.fullmatch(text)
        if match is None:
            raise ValueError(text)
        year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
        naive = _dt.datetime(year, month, day, hour, minute, second)  # noqa: DTZ001
    if zone is _dt.timezone.utc:
        return naive.replace(tzinfo=zone)
    try:
        return naive.replace(tzinfo=zone).astimezone(_dt.timezone.utc)
    except OverflowError:  # 0001-01-01 00:00 at UTC+8 is in year 0 in UTC
        raise _Reject(f"out of range once moved from {zone} to UTC") from None


def _packs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        raise TypeError(value)
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _as_str(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _Reject("not finite")
    return str(value)


def _id_or_name(value: Any) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(value)
    return value

"""How the osu! API v1 writes values on the wire, for the emulator's responses.

Everything here turns Python values into what the real server sends (``reference/api-v1.md``
§0 "Response encoding"): every scalar a JSON string, booleans ``"0"``/``"1"``, dates
``"YYYY-MM-DD HH:MM:SS"`` in UTC, real ``null`` only where a caller passes ``None``, and compact
JSON encoded the way PHP's ``json_encode`` does with its default flags (no spaces, non-ASCII as
``\\uXXXX``, ``/`` as ``\\/``: compare ``corpus/api/get_user-2.json``, which is compact as sent).
It holds no state and does no I/O.
"""

from __future__ import annotations

import json
import struct
import time
from collections.abc import Mapping, Sequence
from typing import TypeAlias

__all__ = [
    "JSONValue",
    "WireRow",
    "date",
    "dump",
    "flag",
    "float32",
    "num",
    "parse_mysql_datetime",
]

#: A JSON value as the emulator builds it before encoding.
JSONValue: TypeAlias = str | int | Sequence["JSONValue"] | Mapping[str, "JSONValue"] | None
#: One object of a response: field name to string or null, in the server's field order.
WireRow = dict[str, JSONValue]

_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


def dump(value: JSONValue) -> bytes:
    """Encode ``value`` as compact JSON the way the real API does (PHP ``json_encode``)."""
    return _ENCODER.encode(value).replace("/", "\\/").encode("ascii")


def date(epoch: int) -> str:
    """A UTC instant (seconds since the epoch) as the API writes dates (§0 "Dates")."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch))


def num(value: float) -> str:
    """A number as the API prints decimals: ``"141"``, ``"8.5"``, ``"14692.3"``.

    Six significant digits, like the ``level``, ``pp_raw``, ``bpm`` and ``rating`` samples in
    the corpus; integers keep all their digits.
    """
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def float32(value: float) -> str:
    """A float stored as single precision, printed with every digit the way the API does for
    ``accuracy`` and the star ratings (``"98.81187438964844"``, ``"4.499068260192871"``)."""
    rounded: float = struct.unpack("<f", struct.pack("<f", value))[0]
    return repr(rounded)


def flag(value: bool) -> str:
    """A boolean as ``"1"`` or ``"0"``."""
    return "1" if value else "0"


def parse_mysql_datetime(text: str) -> int | None:
    """Parse a ``since`` value the way MySQL would read a DATETIME literal; ``None`` if invalid.

    Accepts ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM:SS`` and unpadded parts (``2009-5-24 0:0:0``, as
    in ppy/osu-api#32), read as UTC (§1 ``since``: "Must be a MySQL date. In UTC").
    """
    text = text.strip().replace("T", " ")
    date_part, _, time_part = text.partition(" ")
    try:
        year, month, day = (int(p) for p in date_part.split("-"))
        hour = minute = second = 0
        if time_part:
            fields = [int(float(p)) for p in time_part.split(":")]
            fields += [0] * (3 - len(fields))
            hour, minute, second = fields[:3]
        if not (
            1 <= year <= 9999
            and 1 <= month <= 12
            and 1 <= day <= 31
            and 0 <= hour < 24
            and 0 <= minute < 60
            and 0 <= second < 60
        ):
            return None
        return _timegm(year, month, day, hour, minute, second)
    except (ValueError, OverflowError):
        return None


def _timegm(year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
    # Days from civil (proleptic Gregorian), so no naive datetime is ever built.
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    return days * 86400 + hour * 3600 + minute * 60 + second

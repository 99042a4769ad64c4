"""Strategies for hostile response bodies: what a broken, buggy or malicious server could send.

Every response parser must answer these with a result or an ``OsuError`` (and rows that are
well-formed JSON with a :class:`~osu_core.ResponseError` naming the row and field), never with a
bare ``RecursionError``, ``ValueError`` or ``OverflowError``, and in bounded time and memory.
The shapes (issue 10, "every response parser survives any body"):

* deep nesting, past any JSON decoder's recursion (``b"[" * 100_000``) and just within it;
* hostile values in one field of an otherwise real row: huge numbers (past ``int()``'s
  4300-digit limit, past 2**63, ``1e400``), ``"nan"`` and ``"inf"``, negative ids and counts,
  Unicode digits (``"٣"``, ``"²"``), JSON types where strings go (lists, objects, booleans,
  numbers, null), zero and out-of-range dates, out-of-range enum ids and mod bits, huge strings;
* the same row with a field removed, or an unknown field added (deep or not);
* truncations of real bodies at any byte;
* bombs: many rows, long strings, wide arrays (kept to a few hundred KB so a fuzz run stays fast).

Bodies are built from the samples you pass (real recorded bodies, for instance), or else from
:func:`~osu_core.strategies.wire_rows`. :func:`hostile_rows` also says where it changed the row,
so a test can check that the error names that very place. No I/O.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from osu_core._http import Response
from osu_core._models import (
    Beatmap,
    MultiplayerMatch,
    Score,
    User,
    UserBest,
    UserRecent,
)

from ._models import responses, wire_rows

__all__ = [
    "RawJSON",
    "dump_json",
    "hostile_bodies",
    "hostile_responses",
    "hostile_rows",
    "hostile_values",
    "nested_json",
]


@attrs.frozen
class RawJSON:
    """A JSON value written verbatim by :func:`dump_json`, for numbers Python cannot hold as
    they are written (``1e400`` decodes to ``inf``, which ``json.dumps`` writes ``Infinity``)."""

    text: str


def dump_json(value: Any, *, ensure_ascii: bool = True) -> bytes:
    """Encode ``value`` as compact JSON (UTF-8), :class:`RawJSON` parts verbatim."""
    raws: list[str] = []

    def placeholder(item: Any) -> str:
        if isinstance(item, RawJSON):
            raws.append(item.text)
            return f"\x00raw{len(raws) - 1}\x00"
        raise TypeError(f"cannot encode {type(item).__name__}")

    text = json.dumps(value, ensure_ascii=ensure_ascii, separators=(",", ":"), default=placeholder)
    for index, raw in enumerate(raws):
        text = text.replace(json.dumps(f"\x00raw{index}\x00"), raw, 1)
    # A lone surrogate ("\\ud800" decodes to one) gives bytes that are not UTF-8: hostile too.
    return text.encode("utf-8", "surrogatepass")


# --- hostile scalars ------------------------------------------------------------------------

#: Digits int() and float() read although the API never sends them.
_UNICODE_DIGITS = "\u0660\u0663\u06f5\u0966\uff11\U0001d7ce\u00b2\u00b9\u2155\u0f29"

#: Numbers as text: readable ones at the edges, and the ones int() and float() take wrongly.
_NUMERIC_SAMPLES = (
    "", " ", "0", "-0", "+1", " 7 ", "1_000", "007", "-1", "-2", "1.5", "1.0", "-1.5", "1e3",
    "1E+2", "1e400", "-1e400", "1e-400", "nan", "NaN", "inf", "-inf", "Infinity", "0x10", "1,5",
    "\u0661\u066b\u0665", "\u0663", "\u00b2", "\uff11\uff12", "9" * 19, "9" * 20,
    str(2**63 - 1), str(2**63), str(2**64), str(2**31 - 1), str(2**31), "-129", "256", "255",
    "-128", "9" * 4300, "9" * 4301, "9" * 5000, "1" + "0" * 400,
)  # fmt: skip

#: Dates at and past the edges: MySQL's zero date, the last moment, the first (which UTC+8
#: moves into year 0), fromisoformat's other forms, impossible days, Unicode digits.
_DATE_SAMPLES = (
    "0000-00-00 00:00:00", "9999-12-31 23:59:59", "0001-01-01 00:00:00", "0001-01-01 07:59:59",
    "2013-06-22 9:11:16", "2013-06-22T09:11:16", "2013-06-22x09:11:16", "2013-W25-6 09:11:16",
    "2013-02-30 00:00:00", "2013-06-22 24:00:00", "2013-06-22 09:11:16+08:00", "2013-06-22",
    "10000-01-01 00:00:00", "2013-+6-22 9:11:16", " 2013-06-22 09:11:16 ",
    "\u0662\u0660\u0661\u0663-\u0660\u0666-\u0662\u0662 \u0660\u0669:\u0661\u0661:\u0661\u0666",
)  # fmt: skip

_NUMERIC_TEXT = st.one_of(
    st.sampled_from(_NUMERIC_SAMPLES),
    st.integers(-(2**70), 2**70).map(str),
    st.text(st.sampled_from("0123456789-+._eE " + _UNICODE_DIGITS), max_size=12),
    st.integers(1, 8000).map(lambda n: "9" * n),
)

_DATE_TEXT = st.one_of(
    st.sampled_from(_DATE_SAMPLES),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
    st.text(st.sampled_from("0123456789-: T"), max_size=21),
)


def nested_json(
    *, min_depth: int = 1, max_depth: int = 100_000, leaf: Any = None
) -> st.SearchStrategy[bytes]:
    """JSON text nested ``min_depth``-``max_depth`` levels deep, arrays, objects or both.

    Args:
        min_depth: The least depth drawn.
        max_depth: The most; 100,000 is past every Python's decoder (about 1,000 levels on
            3.10 and 3.11), 500 within all of them.
        leaf: A strategy for the bytes at the bottom (default: nothing, a number, a string,
            or an ``{"error": ...}`` object).

    Returns:
        A strategy of bytes; some are left unclosed.
    """
    leaves = (
        leaf
        if leaf is not None
        else st.sampled_from([b"", b"1", b'"x"', b'{"error":"Replay not available."}', b"null"])
    )
    depths = st.one_of(
        st.integers(min_depth, max_depth),
        st.sampled_from(
            sorted(
                {
                    d
                    for d in (min_depth, 32, 33, 500, 1000, 2000, max_depth)
                    if min_depth <= d <= max_depth
                }
            )
        ),
    )

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        depth = draw(depths)
        pattern = draw(st.sampled_from(["[", "{", "mixed"]))
        bottom: bytes = draw(leaves)
        if pattern == "[":
            opens, closes = b"[" * depth, b"]" * depth
        elif pattern == "{":
            opens, closes = b'{"a":' * depth, b"}" * depth
            bottom = bottom or b"1"
        else:
            opens = b'[{"error":' * (depth // 2) + b"[" * (depth % 2)
            closes = b"]" * (depth % 2) + b"}]" * (depth // 2)
            bottom = bottom or b"1"
        if draw(st.integers(0, 9)) == 0:
            closes = closes[: draw(st.integers(0, len(closes)))]  # unclosed
        return opens + bottom + closes

    return build()


def _nested_value(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


#: Values nested past any decoder, written verbatim (json.dumps itself would recurse).
_TOO_DEEP = st.integers(1000, 100_000).map(lambda n: RawJSON("[" * n + "]" * n))


def hostile_values() -> st.SearchStrategy[Any]:
    """JSON values no real field holds: see the module docstring for the kinds.

    Returns:
        A strategy of JSON-encodable values (with :class:`RawJSON` for numbers like
        ``1e400``; encode with :func:`dump_json`).
    """
    return st.one_of(
        _NUMERIC_TEXT,
        _DATE_TEXT,
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.sampled_from([2**63 - 1, 2**63, -1, 0, 1, 2**31, 10**400]),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(
            [
                RawJSON("1e400"),
                RawJSON("-1e400"),
                RawJSON("1e-400"),
                RawJSON("-0"),
                RawJSON("1.0"),
                RawJSON("1E2"),
                RawJSON("123456789012345678901234567890"),
            ]
        ),
        st.sampled_from(["true", "false", "null", "[]", "{}", "x", "\x00", "\ud800"]),
        st.text(max_size=20),
        st.integers(10_000, 300_000).map(lambda n: "x" * n),  # a long string
        st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=4),
        st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
        st.sampled_from([[], {}, [{}], [[]], [None], {"0": {}}, [{"a": "1"}]]),
        # Within every decoder (so the converter sees it), and past them all:
        st.integers(1, 600).map(_nested_value),
        _TOO_DEEP,
    )


# --- hostile rows and bodies ------------------------------------------------------------------


def _sites(value: Any, path: str) -> list[tuple[str, dict[str, Any], str]]:
    """Every place in a decoded body where a row's field sits: (path, row, key)."""
    out: list[tuple[str, dict[str, Any], str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.append((f"{path}.{key}", value, key))
            if isinstance(item, (list, dict)):
                out.extend(_sites(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, (list, dict)):
                out.extend(_sites(item, f"{path}[{index}]"))
    return out


@st.composite
def hostile_rows(draw: st.DrawFn, data: Any) -> tuple[Any, str, str, Any]:
    """A decoded body with one change somewhere in its rows, and where it is.

    Args:
        data: A decoded JSON body (not changed: the body is copied).

    Returns:
        ``(body, path, change, value)``: the changed copy; the path of the changed key in it
        (``[3].approved_date``, ``.games[0].scores[1].pass``); the change (``"replace"``,
        ``"delete"`` or ``"add"``); and the hostile value (None when deleted).
    """
    body = json.loads(json.dumps(data))
    sites = _sites(body, "")
    if not sites:
        return body, "", "none", None
    path, container, key = draw(st.sampled_from(sites))
    change = draw(st.sampled_from(["replace"] * 6 + ["delete", "add"]))
    value = None
    if change == "add":
        key = draw(st.sampled_from(["zzz", "new_field", "packs2", "extra"]))
        while key in container:
            key += "_"
        path = path.rsplit(".", 1)[0] + f".{key}"
        value = container[key] = draw(hostile_values())
    elif change == "delete":
        del container[key]
    else:
        value = container[key] = draw(hostile_values())
    return body, path, change, value


def _default_samples() -> st.SearchStrategy[bytes]:
    listed = st.sampled_from([Beatmap, User, Score, UserBest, UserRecent]).flatmap(
        lambda cls: st.lists(wire_rows(cls).map(lambda pair: pair[0]), min_size=1, max_size=3)
    )
    match = wire_rows(MultiplayerMatch).map(
        lambda pair: {
            "match": {k: v for k, v in pair[0].items() if k != "games"},
            "games": pair[0].get("games", []),
        }
    )
    return st.one_of(listed, match).map(dump_json)


def hostile_bodies(samples: Sequence[bytes] = ()) -> st.SearchStrategy[bytes]:
    """Response bodies built to break parsers, from real bodies where given.

    Args:
        samples: Real bodies (JSON or not) to truncate, mutate and wrap; rows drawn with
            :func:`~osu_core.strategies.wire_rows` when empty.

    Returns:
        A strategy of bytes: truncations, one hostile change in a row, a real body wrapped
        in or holding deep nesting, bombs, deep nesting alone, and arbitrary bytes.
    """
    sample = st.sampled_from(list(samples)) if samples else _default_samples()

    def mutate(raw: bytes) -> st.SearchStrategy[bytes]:
        try:
            data = json.loads(raw)
        except ValueError:
            return st.just(raw)
        return st.tuples(hostile_rows(data), st.booleans()).map(
            lambda pair: dump_json(pair[0][0], ensure_ascii=pair[1])
        )

    def truncate(raw: bytes) -> st.SearchStrategy[bytes]:
        return st.integers(0, max(len(raw) - 1, 0)).map(lambda cut: raw[:cut])

    def wrap(raw: bytes) -> st.SearchStrategy[bytes]:
        return st.integers(1, 3000).map(lambda depth: b"[" * depth + raw + b"]" * depth)

    def bomb(raw: bytes) -> st.SearchStrategy[bytes]:
        rows = raw.strip(b"[] \r\n")
        most = max(2, 300_000 // max(len(rows), 1))  # a few hundred KB at most
        return st.one_of(
            st.integers(2, most).map(lambda n: b"[" + b",".join([rows] * n) + b"]"),
            st.integers(1, 50_000).map(lambda n: b"[" + b"{}," * n + b"{}]"),
            st.integers(1, 100_000).map(lambda n: b"[" + b"0," * n + b"0]"),
            st.integers(1, 50_000).map(lambda n: b'[{"beatmap_id":"' + b"\\u0663" * n + b'"}]'),
        )

    return st.one_of(
        sample.flatmap(mutate),
        sample.flatmap(mutate),
        sample.flatmap(truncate),
        sample.flatmap(wrap),
        sample.flatmap(bomb),
        nested_json(),
        nested_json(max_depth=2000, leaf=sample),
        st.binary(max_size=200),
    )


def hostile_responses(samples: Sequence[bytes] = ()) -> st.SearchStrategy[Response]:
    """Responses with :func:`hostile_bodies`: mostly HTTP 200 (where bodies are parsed), any
    status now and then, and odd headers; plus the arbitrary ones of
    :func:`~osu_core.strategies.responses`.

    Args:
        samples: As for :func:`hostile_bodies`.
    """
    statuses = st.one_of(st.just(200), st.just(200), st.just(200), st.integers(100, 599))
    headers = st.dictionaries(
        st.sampled_from(["content-type", "retry-after", "date", "content-length"]),
        st.one_of(
            st.sampled_from(["application/json", "text/html", "-1", "1e400"]), st.text(max_size=20)
        ),
        max_size=3,
    )
    hostile = st.builds(
        Response, status_code=statuses, headers=headers, body=hostile_bodies(samples)
    )
    return st.one_of(hostile, hostile, hostile, responses())

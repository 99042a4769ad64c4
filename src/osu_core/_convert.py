"""The wire rules: how the API's JSON becomes models and back, in one cattrs converter.

The v1 API sends almost every scalar as a JSON string: numbers (``"4.5"``), booleans (``"0"`` and
``"1"``), enums and mod bits (``"72"``), and dates as MySQL ``"YYYY-MM-DD HH:MM:SS"`` with no zone
(UTC since 2018-09-27, UTC+8 before; hours may come unpadded, ``"9:11:16"``). Real nulls occur
where ``reference/api-v1.md`` lists them. This module holds all of that; the models hold none.

Theory of operation
-------------------
:func:`make_converter` returns a private ``cattrs.Converter`` whose hooks for the models are
generated here, once per model and converter, as straight-line Python: each reads the row's keys,
converts them and fills a fresh instance ``__dict__`` in a single update (the models are frozen,
non-slotted attrs classes). That is the hot path: it is what keeps ``bytes -> models`` within a
small factor of ``json.loads`` (``bench/bench_models.py``). It is optimistic: it takes the
shape real responses have (ASCII digit strings, present keys) and raises on anything else,
including values a plain ``int()`` or ``float()`` would take (``"٣"``, ``"nan"``, ``True``). Any
exception there sends the row to the careful path, :meth:`_Codec.careful`, which reads it field
by field with the same rules written out plainly, and either builds the same model (JSON numbers
instead of strings, absent optional keys) or raises a :class:`ResponseError` naming the first bad
field (``[3].approved_date: expected a date...``). The two paths must agree on every row; a
test compares them over hostile rows.

Hostile values get bounds no real row comes near, so that whatever a server sends, the result
is a model with the values it meant or a located error, never an exception from deep inside
and never a silently wrong value: integers are ASCII digits from 0 to 2**63-1 (MySQL's BIGINT;
score ids passed 2**32 long ago), numbers are finite and non-negative, enum ids fit a MySQL
TINYINT (-128 to 255), mod bits 31 bits, dates fit ``datetime`` in UTC and in the converter's
zone. Unknown keys are kept in ``extra``, nested at most ``MAX_EXTRA_DEPTH`` levels (``_base``),
so ``==``, copies of ``extra`` and JSON output stay far from any recursion limit; a strict
converter (``forbid_extra_keys=True``, used over the recorded corpus in our tests) rejects them
so new API fields get noticed. Unstructuring writes the wire format back, so
``structure(unstructure(m)) == m``.

Nothing here does I/O.
"""

from __future__ import annotations

import datetime as _dt
import enum
import itertools
import linecache
import math
import re
import reprlib
import sys
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._base import MAX_EXTRA_DEPTH, BaseModel, check_extra, too_deep

if TYPE_CHECKING:
    import cattrs
from ._errors import InvalidArgument, ResponseError
from ._mods import GameModifiers

__all__ = [
    "LEGACY_TIMEZONE",
    "make_converter",
    "structure_rows",
]

M = TypeVar("M", bound=BaseModel)

#: The zone the API's dates were in before 2018-09-27 (peppy in ppy/osu-api#223 and #224).
LEGACY_TIMEZONE = _dt.timezone(_dt.timedelta(hours=8), "UTC+08:00")

#: Model fields whose wire name differs (the reference's ``passed`` is ``pass`` on the wire).
RENAMES: Mapping[str, Mapping[str, str]] = {"MultiplayerScore": {"passed": "pass"}}

#: Numeric fields with few distinct values across rows (difficulty settings, BPM, lengths):
#: their conversions are memoised, a dict lookup instead of a ``float()`` of 160-290 ns.
#: Fields with mostly unique values (star ratings, play counts) are converted directly.
MEMOISED: Mapping[str, frozenset[str]] = {
    "Beatmap": frozenset(
        {"bpm", "diff_size", "diff_overall", "diff_approach", "diff_drain", "hit_length",
         "total_length", "count_spinner",
         # set-level values, shared by every difficulty of a set:
         "beatmapset_id", "creator_id", "favourite_count", "rating"}
    ),
}  # fmt: skip
_MEMO_LIMIT = 4096

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


def make_converter(
    *, timezone: _dt.tzinfo = _dt.timezone.utc, forbid_extra_keys: bool = False
) -> cattrs.Converter:
    """Make a converter for the API's models.

    Args:
        timezone: The zone the wire's dates are in. UTC for everything the API has sent since
            2018-09-27; :data:`LEGACY_TIMEZONE` (UTC+8) for data captured before. Parsed dates
            are always returned in UTC.
        forbid_extra_keys: Reject rows with fields the models do not know (instead of keeping
            them in ``extra``).

    Returns:
        A ``cattrs.Converter``: ``converter.structure(row, Beatmap)`` and
        ``converter.unstructure(beatmap)`` speak the wire format; a row that does not fit
        raises :class:`ResponseError` naming the field.
    """
    import cattrs

    conv = cattrs.Converter()
    codec = _Codec(timezone, forbid_extra_keys)
    conv.register_structure_hook_factory(_is_model, codec.structure_fn)
    conv.register_unstructure_hook_factory(_is_model, codec.unstructure_fn)
    conv.register_structure_hook(_dt.datetime, lambda v, _: codec.structure_date(v))
    conv.register_unstructure_hook(_dt.datetime, codec.format_date)
    return conv


def structure_rows(
    converter: cattrs.Converter, cls: type[M], rows: Any, *, endpoint: str | None = None
) -> list[M]:
    """Structure a JSON array of rows into models, naming the row and field of any problem.

    Raises:
        ResponseError: if ``rows`` is not a list or a row does not fit ``cls``.
    """
    if not isinstance(rows, list):
        raise ResponseError(
            f"expected a JSON array of rows, got {_describe(rows)}", endpoint=endpoint
        )
    hook = converter.get_structure_hook(cls)
    try:
        return [hook(row, cls) for row in rows]
    except ResponseError as exc:
        for index, row in enumerate(rows):
            try:
                hook(row, cls)
            except ResponseError as row_exc:
                raise _relocate(row_exc, f"[{index}]", endpoint) from None
        raise _relocate(exc, "", endpoint) from None  # pragma: no cover - hooks are pure


def _is_model(cls: Any) -> bool:
    # The API's wire models: they keep unknown keys in ``extra`` (BeatmapFile, a slotted
    # BaseModel that holds a downloaded file, is none of them).
    return (
        isinstance(cls, type)
        and issubclass(cls, BaseModel)
        and attrs.has(cls)
        and "extra" in attrs.fields_dict(cls)
    )


def _relocate(exc: ResponseError, prefix: str, endpoint: str | None) -> ResponseError:
    path = prefix + exc.path
    where = f"{endpoint}: " if endpoint else ""
    reason = exc.message.split(": ", 1)[1] if exc.path and ": " in exc.message else exc.message
    return ResponseError(
        f"{where}{path}: {reason}" if path else f"{where}{reason}", endpoint=endpoint, path=path
    )


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


_GENERATED = itertools.count(1)


def _compile(source: str, what: str) -> types.CodeType:
    """Compile generated source under a unique file name registered in :mod:`linecache`, so
    tracebacks, debuggers and ``inspect.getsource`` show the generated lines (as cattrs'
    ``gen/_lc.py`` does). One entry per generated function: a converter makes one per model."""
    filename = f"<osu_core generated {what} #{next(_GENERATED)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    return compile(source, filename, "exec")


# --- field kinds --------------------------------------------------------------------------


@attrs.frozen
class _Field:
    owner: str  # the model class's name
    name: str
    wire: str
    kind: str  # int, float, str, bool, date, enum, mods, packs, models, id_or_name
    optional: bool
    has_default: bool
    default: Any = None  # the value for a null or absent key, when optional or has_default
    target: Any = None  # the enum class, or the nested model class


def _fields_of(cls: type[BaseModel]) -> list[_Field]:
    hints = typing.get_type_hints(cls)
    renames = RENAMES.get(cls.__name__, {})
    out = []
    for field in attrs.fields(cls):
        if field.name in ("_api", "extra"):
            continue
        kind, optional, target = _kind_of(hints[field.name])
        has_default = field.default is not attrs.NOTHING
        out.append(
            _Field(
                owner=cls.__name__,
                name=field.name,
                wire=renames.get(field.name, field.name),
                kind=kind,
                optional=optional,
                has_default=has_default,
                default=field.default if has_default else None,
                target=target,
            )
        )
    return out


def _kind_of(hint: Any) -> tuple[str, bool, Any]:
    optional = False
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        optional = True
        rest = [a for a in args if a is not type(None)]
        hint = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if item is str:
            return "packs", optional, None
        return "models", optional, item
    if origin in (typing.Union, types.UnionType):  # Replay.user: int | str
        return "id_or_name", optional, None
    if hint is GameModifiers:
        return "mods", optional, hint
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "enum", optional, hint
    simple = {int: "int", float: "float", str: "str", bool: "bool", _dt.datetime: "date"}
    if hint in simple:
        return simple[hint], optional, None
    raise TypeError(f"no wire rule for {hint!r}")  # pragma: no cover - a programming error


#: What each kind expects, for messages.
_EXPECTED = {
    "int": "an integer",
    "float": "a number",
    "str": "a string",
    "bool": 'a boolean ("0" or "1")',
    "date": 'a date "YYYY-MM-DD HH:MM:SS"',
    "enum": "an integer id",
    "mods": "mod bits (an integer)",
    "packs": 'comma-separated pack tags ("S1,T23")',
    "models": "a JSON array of objects",
    "id_or_name": "a user id or name",
}

# The hot path's reading of one value, per kind, as a template: ``{first}`` marks the part
# Python evaluates first (in ``a if c else b`` that is ``c``), where the caller may bind ``v``;
# later uses read ``v``. A check costs only where a conversion is done anyway: ``isascii`` is
# O(1) on a str (CPython stores the flag), and the bounds are one chained comparison.
_INT_READ = (
    f"(n if 0 <= (n := _int({{first}})) <= {INT_MAX} and v.isascii() and '_' not in v"
    " else _reject())"
)
_READS_V = re.compile(r"\bv\b")
_FLOAT_READ = (
    f"(x if 0.0 <= (x := _float({{first}})) <= {_FLOAT_MAX!r} and v.isascii() and '_' not in v"
    " else _reject())"
)


# --- the codec: generated hooks and the careful path ----------------------------------------


class _Codec:
    """Generates and caches the structure and unstructure functions of one converter."""

    def __init__(self, timezone: _dt.tzinfo, forbid_extra_keys: bool) -> None:
        self.timezone = timezone
        self.forbid_extra_keys = forbid_extra_keys
        self._dates = _Cache(self._parse_date, _DATE_CACHE_LIMIT)
        self._optional_dates = _Cache(self._parse_optional_date, _DATE_CACHE_LIMIT)
        self._fields: dict[type, list[_Field]] = {}
        self._tables: dict[type, _MemberTable] = {}
        self._structure: dict[type, Callable[[Any, Any], Any]] = {}
        self._unstructure: dict[type, Callable[[Any], dict[str, Any]]] = {}

    def fields(self, cls: type[BaseModel]) -> list[_Field]:
        found = self._fields.get(cls)
        if found is None:
            found = self._fields[cls] = _fields_of(cls)
        return found

    def table(self, f: _Field) -> _MemberTable:
        found = self._tables.get(f.target)
        if found is None:
            low, high = (0, MODS_MAX) if f.kind == "mods" else (ENUM_MIN, ENUM_MAX)
            found = self._tables[f.target] = _MemberTable(f.target, low, high)
        return found

    # dates --------------------------------------------------------------------------------

    def structure_date(self, value: Any) -> _dt.datetime:
        """``converter.structure(value, datetime)``: a wire date, or an aware datetime as is."""
        if isinstance(value, _dt.datetime) and value.tzinfo is not None:
            return value
        try:
            return typing.cast("_dt.datetime", self._dates[value])
        except Exception as exc:
            detail = f" ({exc.detail})" if isinstance(exc, _Reject) else ""
            raise ResponseError(
                f"expected {_EXPECTED['date']}, got {_describe(value)}{detail}"
            ) from None

    def _parse_date(self, value: Any) -> _dt.datetime:
        return _parse_date(value, self.timezone)

    def _parse_optional_date(self, value: Any) -> _dt.datetime | None:
        return None if value == _ZERO_DATE else _parse_date(value, self.timezone)

    def format_date(self, value: _dt.datetime) -> str:
        if value.tzinfo is None:
            raise InvalidArgument(
                f"naive datetime {value.isoformat()} is ambiguous: give it a timezone",
                parameter="datetime",
            )
        try:
            return value.astimezone(self.timezone).strftime(_DATE_FORMAT)
        except OverflowError:  # 9999-12-31 23:00 UTC has no UTC+8 wall time
            raise InvalidArgument(
                f"datetime {value.isoformat()} cannot be written in {self.timezone}",
                parameter="datetime",
            ) from None

    # structure ----------------------------------------------------------------------------

    def structure_fn(self, cls: type[M]) -> Callable[[Any, Any], M]:
        fn = self._structure.get(cls)
        if fn is None:
            fn = self._structure[cls] = self._generate_structure(cls)
        return typing.cast("Callable[[Any, Any], M]", fn)

    def _generate_structure(self, cls: type[M]) -> Callable[[Any, Any], M]:
        fields = self.fields(cls)
        names: dict[str, Any] = {
            "_cls": cls,
            "_new": object.__new__,
            "_set": object.__setattr__,
            "_str": str,
            "_int": int,
            "_float": float,
            "_tuple": tuple,
            "_map": map,
            "_BOOLS": _BOOLS,
            "_DATES": self._dates,
            "_ODATES": self._optional_dates,
            "_as_str": _as_str,
            "_id_or_name": _id_or_name,
            "_reject": _reject,
            "_rows_of": _rows_of,
            "_KNOWN": frozenset(f.wire for f in fields),
            "_NO_EXTRA": types.MappingProxyType({}),
            "_extra": self._extra_of(cls, frozenset(f.wire for f in fields)),
            "_careful": self.careful,
        }
        # Two bodies: ``full`` subscripts every key (the shape the API sends today, and the
        # fastest read); ``partial`` tolerates absent optional keys (older payload shapes), and
        # runs only when ``full`` meets a missing key.
        full = ["'_api': None"]
        partial = ["'_api': None"]
        for index, f in enumerate(fields):
            template = self._expression(f, index, names)
            if f.optional or f.has_default:
                if f.default is None or f.default == ():
                    default = repr(f.default)  # a constant: cheaper to load than a global
                else:
                    default = f"_D{index}"
                    names[default] = f.default
                expr = template.format(first="v")
                full.append(f"{f.name!r}: ({default} if (v := d[{f.wire!r}]) is None else {expr})")
                partial.append(
                    f"{f.name!r}: ({default} if (v := get({f.wire!r})) is None else {expr})"
                )
            else:
                # Bind v only where the template reads it again (a store and a load saved).
                rereads = _READS_V.search(template.replace("{first}", "")) is not None
                first = f"(v := d[{f.wire!r}])" if rereads else f"d[{f.wire!r}]"
                item = f"{f.name!r}: {template.format(first=first)}"
                full.append(item)
                partial.append(item)
        names["_N"] = len(fields)
        full.append("'extra': _NO_EXTRA if len(d) == _N else _extra(d)")
        partial.append("'extra': _NO_EXTRA if _KNOWN.issuperset(d) else _extra(d)")
        pad = " " * 20
        full_body = f",\n{pad}".join(full)
        partial_body = ",\n                ".join(partial)
        # Anything unusual leaves the try (a row that is no dict fails at its first key); the
        # careful path then builds the model or names the field (outside the except clause,
        # so no exception context is chained).
        source = (
            "def structure(d, _type=None):\n"
            "    try:\n"
            "        o = _new(_cls)\n"
            "        if len(d) >= _N:\n"
            "            try:\n"
            f"                _set(o, '__dict__', {{\n{pad}{full_body}\n                }})\n"
            "                return o\n"
            "            except KeyError:\n"
            "                pass\n"
            "        get = d.get\n"
            f"        _set(o, '__dict__', {{\n                {partial_body}\n            }})\n"
            "        return o\n"
            "    except Exception:\n"
            "        pass\n"
            "    return _careful(_cls, d)\n"
        )
        exec(_compile(source, f"structure {cls.__name__}"), names)  # noqa: S102
        return typing.cast("Callable[[Any, Any], M]", names["structure"])

    def _expression(self, f: _Field, index: int, names: dict[str, Any]) -> str:
        if f.kind in ("int", "float") and f.name in MEMOISED.get(f.owner, ()):
            memo = f"_M{index}"
            names[memo] = _Cache(_wire_int if f.kind == "int" else _wire_float, _MEMO_LIMIT)
            return f"{memo}[{{first}}]"
        if f.kind == "int":
            return _INT_READ
        if f.kind == "float":
            return _FLOAT_READ
        if f.kind == "str":
            return "(v if {first}.__class__ is _str else _as_str(v))"
        if f.kind == "bool":
            return "_BOOLS[{first}]"
        if f.kind == "date":
            # One lookup in a cache that parses on a miss: a response's rows share few dates.
            return "_ODATES[{first}]" if f.optional else "_DATES[{first}]"
        if f.kind in ("enum", "mods"):
            table = f"_T{index}"
            names[table] = self.table(f)
            return f"{table}[{{first}}]"
        if f.kind == "packs":  # few distinct pack lists per response: memoised like numbers
            memo = f"_M{index}"
            names[memo] = _Cache(_packs, _MEMO_LIMIT)
            return f"{memo}[{{first}}]"
        if f.kind == "id_or_name":
            return "_id_or_name({first})"
        hook = f"_H{index}"
        names[hook] = self.structure_fn(f.target)
        return f"_tuple(_map({hook}, _rows_of({{first}})))"

    def _extra_of(
        self, cls: type[BaseModel], known: frozenset[str]
    ) -> Callable[[dict[str, Any]], Mapping[str, Any]]:
        forbid = self.forbid_extra_keys

        def extra(row: dict[str, Any]) -> Mapping[str, Any]:
            unknown = {key: value for key, value in row.items() if key not in known}
            if forbid:
                raise _Reject(f"unknown fields {sorted(unknown)} for {cls.__name__}")
            for key, value in unknown.items():
                if isinstance(value, (list, dict)) and too_deep(value, MAX_EXTRA_DEPTH):
                    raise _DeepExtra(key)
            return types.MappingProxyType(unknown)

        return extra

    def careful(self, cls: type[M], row: Any) -> M:
        """Read ``row`` field by field: the model, or a :class:`ResponseError` for the first
        field that does not fit (the hot path's fallback, for whatever it would not read)."""
        if not isinstance(row, dict):
            raise ResponseError(f"expected a JSON object for {cls.__name__}, got {_describe(row)}")
        values: dict[str, Any] = {"_api": None}
        for f in self.fields(cls):
            value = row.get(f.wire)
            if value is None:
                if f.optional or f.has_default:
                    values[f.name] = f.default
                    continue
                problem = "missing field" if f.wire not in row else "field is null"
                raise ResponseError(f".{f.wire}: {problem}", path=f".{f.wire}")
            try:
                values[f.name] = self._convert_one(f, value)
            except ResponseError as exc:
                raise _relocate(exc, f".{f.wire}", None) from None
            except Exception as exc:
                detail = f" ({exc.detail})" if isinstance(exc, _Reject) else ""
                raise ResponseError(
                    f".{f.wire}: expected {_EXPECTED[f.kind]}, got {_describe(value)}{detail}",
                    path=f".{f.wire}",
                ) from None
        known = frozenset(f.wire for f in self.fields(cls))
        try:
            values["extra"] = self._extra_of(cls, known)(row)
        except _DeepExtra as exc:
            raise ResponseError(
                f".{exc.key}: unknown field nested deeper than {MAX_EXTRA_DEPTH} levels",
                path=f".{exc.key}",
            ) from None
        except _Reject as exc:
            raise ResponseError(exc.detail) from None
        model = object.__new__(cls)
        object.__setattr__(model, "__dict__", values)
        return model

    def _convert_one(self, f: _Field, value: Any) -> Any:
        if f.kind == "int":
            return _wire_int(value)
        if f.kind == "float":
            return _wire_float(value)
        if f.kind == "str":
            return _as_str(value)
        if f.kind == "bool":
            return _BOOLS[value]
        if f.kind == "date":
            return self._optional_dates[value] if f.optional else self._dates[value]
        if f.kind in ("enum", "mods"):
            return self.table(f)[value]
        if f.kind == "packs":
            return _packs(value)
        if f.kind == "id_or_name":
            return _id_or_name(value)
        hook = self.structure_fn(f.target)
        items = []
        for index, item in enumerate(_rows_of(value)):
            try:
                items.append(hook(item, f.target))
            except ResponseError as exc:
                raise _relocate(exc, f"[{index}]", None) from None
        return tuple(items)

    # unstructure --------------------------------------------------------------------------

    def unstructure_fn(self, cls: type[BaseModel]) -> Callable[[Any], dict[str, Any]]:
        fn = self._unstructure.get(cls)
        if fn is None:
            fn = self._unstructure[cls] = self._make_unstructure(cls)
        return fn

    def _make_unstructure(self, cls: type[BaseModel]) -> Callable[[Any], dict[str, Any]]:
        fields = self.fields(cls)

        def unstructure(obj: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for f in fields:
                value = getattr(obj, f.name)
                out[f.wire] = None if value is None else self._wire_value(f, value)
            out.update(obj.extra)
            return out

        return unstructure

    def _wire_value(self, f: _Field, value: Any) -> Any:
        if f.kind == "bool":
            return "1" if value else "0"
        if f.kind == "date":
            return self.format_date(value)
        if f.kind in ("int", "enum", "mods"):
            return str(int(value))
        if f.kind == "float":
            return repr(float(value))
        if f.kind == "packs":
            return ",".join(value)
        if f.kind == "models":
            hook = self.unstructure_fn(f.target)
            return [hook(item) for item in value]
        if f.kind == "id_or_name":
            return value  # an id stays a JSON number so it reads back as an id, not a name
        return str(value)


class _DeepExtra(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


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


def fill(models: Iterable[BaseModel], **values: Any) -> None:
    """Set request context fields (``mode``, ``beatmap_id``...) on freshly parsed models.

    For the endpoint quirks only: models are frozen for users, but a model that has not left the
    parser yet can be completed in place without the cost of ``attrs.evolve`` per row. An
    ``extra`` value is held to the rule every model's ``extra`` obeys (``check_extra``).

    Raises:
        ResponseError: if an ``extra`` value nests too deeply, naming its key.
    """
    if "extra" in values:
        check_extra(values["extra"])
    for model in models:
        model.__dict__.update(values)

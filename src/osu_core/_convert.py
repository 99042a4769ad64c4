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

Each field's type gives it a *kind* (``_kind_of``), and everything about a kind is one row of
``_KINDS``: what it expects (for messages), its hot-path read, its careful-path read and its
written-back form. The strict reads of single values, the wire rules, live in ``_wire_rules``;
this module generates code from them. Generated functions are registered in ``linecache``.

Nothing here does I/O.
"""

from __future__ import annotations

import datetime as _dt
import enum
import itertools
import linecache
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._base import BaseModel, check_extra
from ._wire_rules import (
    _BOOLS,
    _DATE_CACHE_LIMIT,
    _DATE_FORMAT,
    _FLOAT_MAX,
    _ZERO_DATE,
    ENUM_MAX,
    ENUM_MIN,
    INT_MAX,
    MODS_MAX,
    _as_str,
    _Cache,
    _describe,
    _id_or_name,
    _MemberTable,
    _packs,
    _parse_date,
    _Reject,
    _reject,
    _rows_of,
    _wire_float,
    _wire_int,
)

if TYPE_CHECKING:
    import cattrs
from ._errors import InvalidArgument, ResponseError
from ._mods import GameModifiers

__all__ = [
    "LEGACY_TIMEZONE",
    "configure_converter",
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


def make_converter(
    *, timezone: _dt.tzinfo = _dt.timezone.utc, forbid_extra_keys: bool = False
) -> cattrs.Converter:
    """Make a converter for the API's models: a new ``cattrs.Converter`` passed through
    :func:`configure_converter`.

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

    converter = cattrs.Converter()
    configure_converter(converter, timezone=timezone, forbid_extra_keys=forbid_extra_keys)
    return converter


def configure_converter(
    converter: cattrs.Converter,
    *,
    timezone: _dt.tzinfo = _dt.timezone.utc,
    forbid_extra_keys: bool = False,
) -> None:
    """Teach a ``cattrs.Converter`` of yours the wire format of the library's models, as
    cattrs' ``preconf`` modules do for their formats.

    After it, ``converter.structure(row, Beatmap)`` reads a wire row, and your own attrs
    classes that hold the models (a cache entry with a ``Beatmap`` field, say) structure and
    unstructure with the same converter, your hooks for your types included. It also
    registers the wire's date format for ``datetime`` (``"YYYY-MM-DD HH:MM:SS"`` in
    ``timezone``, returned in UTC), as the models' date fields need; register your own
    ``datetime`` hooks after this call if your classes want another.

    Args:
        converter: The converter to configure (a ``cattrs.Converter``).
        timezone: As for :func:`make_converter`.
        forbid_extra_keys: As for :func:`make_converter`.
    """
    codec = _Codec(timezone, forbid_extra_keys)
    converter.register_structure_hook_factory(_is_model, codec.structure_fn)
    converter.register_unstructure_hook_factory(_is_model, codec.unstructure_fn)
    converter.register_structure_hook(_dt.datetime, lambda v, _: codec.structure_date(v))
    converter.register_unstructure_hook(_dt.datetime, codec.format_date)


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
        self.dates = _Cache(self._parse_date, _DATE_CACHE_LIMIT)
        self.optional_dates = _Cache(self._parse_optional_date, _DATE_CACHE_LIMIT)
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
            return typing.cast("_dt.datetime", self.dates[value])
        except Exception as exc:
            detail = f" ({exc.detail})" if isinstance(exc, _Reject) else ""
            raise ResponseError(
                f"expected {_KINDS['date'].expected}, got {_describe(value)}{detail}"
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
            "_DATES": self.dates,
            "_ODATES": self.optional_dates,
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
        return _KINDS[f.kind].hot(self, f, index, names)

    def memo(self, index: int, names: dict[str, Any], compute: Callable[[Any], Any]) -> str:
        """A hot-path read through a bounded memo of ``compute`` (a response's rows share few
        values of these fields)."""
        memo = f"_M{index}"
        names[memo] = _Cache(compute, _MEMO_LIMIT)
        return f"{memo}[{{first}}]"

    def enum_read(self, f: _Field, index: int, names: dict[str, Any]) -> str:
        table = f"_T{index}"
        names[table] = self.table(f)
        return f"{table}[{{first}}]"

    def models_read(self, f: _Field, index: int, names: dict[str, Any]) -> str:
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
            check_extra(unknown)  # the rule every model's extra obeys (_base)
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
                expected = _KINDS[f.kind].expected
                raise ResponseError(
                    f".{f.wire}: expected {expected}, got {_describe(value)}{detail}",
                    path=f".{f.wire}",
                ) from None
        known = frozenset(f.wire for f in self.fields(cls))
        try:
            values["extra"] = self._extra_of(cls, known)(row)
        except _Reject as exc:
            raise ResponseError(exc.detail) from None
        model = object.__new__(cls)
        object.__setattr__(model, "__dict__", values)
        return model

    def _convert_one(self, f: _Field, value: Any) -> Any:
        return _KINDS[f.kind].careful(self, f, value)

    def careful_models(self, f: _Field, value: Any) -> tuple[Any, ...]:
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
        return _KINDS[f.kind].wire(self, f, value)

    def wire_models(self, f: _Field, value: Any) -> list[dict[str, Any]]:
        hook = self.unstructure_fn(f.target)
        return [hook(item) for item in value]


# --- the table of field kinds: one row per kind ---------------------------------------------


@attrs.frozen
class _Kind:
    """Everything about one field kind, in one row.

    Attributes:
        expected: What a value of the kind is, for messages ("expected an integer").
        hot: The hot path's read, as a source template (``{first}`` where the generated code
            evaluates the wire value first; see ``_INT_READ``); it may add names to the
            generated function's namespace.
        careful: The careful path's read of one value (the wire rules, ``_wire_rules``).
        wire: The value written back by ``unstructure``.
    """

    expected: str
    hot: Callable[[_Codec, _Field, int, dict[str, Any]], str]
    careful: Callable[[_Codec, _Field, Any], Any]
    wire: Callable[[_Codec, _Field, Any], Any]


def _number(
    read: str, rule: Callable[[Any], Any]
) -> Callable[[_Codec, _Field, int, dict[str, Any]], str]:
    def hot(codec: _Codec, f: _Field, index: int, names: dict[str, Any]) -> str:
        if f.name in MEMOISED.get(f.owner, ()):
            return codec.memo(index, names, rule)
        return read

    return hot


def _template(text: str) -> Callable[[_Codec, _Field, int, dict[str, Any]], str]:
    return lambda _codec, _f, _index, _names: text


def _digits(_codec: _Codec, _f: _Field, value: Any) -> str:
    return str(int(value))  # an enum or mods member too: its number, never its name


_KINDS: Mapping[str, _Kind] = {
    "int": _Kind(
        "an integer",
        hot=_number(_INT_READ, _wire_int),
        careful=lambda _c, _f, v: _wire_int(v),
        wire=_digits,
    ),
    "float": _Kind(
        "a number",
        hot=_number(_FLOAT_READ, _wire_float),
        careful=lambda _c, _f, v: _wire_float(v),
        wire=lambda _c, _f, v: repr(float(v)),
    ),
    "str": _Kind(
        "a string",
        hot=_template("(v if {first}.__class__ is _str else _as_str(v))"),
        careful=lambda _c, _f, v: _as_str(v),
        wire=lambda _c, _f, v: str(v),
    ),
    "bool": _Kind(
        'a boolean ("0" or "1")',
        hot=_template("_BOOLS[{first}]"),
        careful=lambda _c, _f, v: _BOOLS[v],
        wire=lambda _c, _f, v: "1" if v else "0",
    ),
    # One lookup in a cache that parses on a miss: a response's rows share few dates.
    "date": _Kind(
        'a date "YYYY-MM-DD HH:MM:SS"',
        hot=lambda _c, f, _i, _n: "_ODATES[{first}]" if f.optional else "_DATES[{first}]",
        careful=lambda c, f, v: c.optional_dates[v] if f.optional else c.dates[v],
        wire=lambda c, _f, v: c.format_date(v),
    ),
    "enum": _Kind(
        "an integer id",
        hot=lambda c, f, i, n: c.enum_read(f, i, n),
        careful=lambda c, f, v: c.table(f)[v],
        wire=_digits,
    ),
    "mods": _Kind(
        "mod bits (an integer)",
        hot=lambda c, f, i, n: c.enum_read(f, i, n),
        careful=lambda c, f, v: c.table(f)[v],
        wire=_digits,
    ),
    # Few distinct pack lists per response: memoised like numbers.
    "packs": _Kind(
        'comma-separated pack tags ("S1,T23")',
        hot=lambda c, _f, i, n: c.memo(i, n, _packs),
        careful=lambda _c, _f, v: _packs(v),
        wire=lambda _c, _f, v: ",".join(v),
    ),
    "models": _Kind(
        "a JSON array of objects",
        hot=lambda c, f, i, n: c.models_read(f, i, n),
        careful=lambda c, f, v: c.careful_models(f, v),
        wire=lambda c, f, v: c.wire_models(f, v),
    ),
    # An id stays a JSON number when written back, so it reads back as an id, not a name.
    "id_or_name": _Kind(
        "a user id or name",
        hot=_template("_id_or_name({first})"),
        careful=lambda _c, _f, v: _id_or_name(v),
        wire=lambda _c, _f, v: v,
    ),
}


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

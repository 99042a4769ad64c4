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
small factor of ``json.loads`` (``bench/bench_models.py``). Any exception on that path is turned
into a :class:`ResponseError` by a slow path that re-reads the row field by field and names the
first bad field (``[3].approved_date: expected a date...``). Unknown keys are kept in ``extra``;
a strict converter (``forbid_extra_keys=True``, used over the recorded corpus in our tests)
rejects them so new API fields get noticed. Unstructuring writes the wire format back, so
``structure(unstructure(m)) == m``.

Nothing here does I/O.
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._base import BaseModel

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

_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
_ZERO_DATE = "0000-00-00 00:00:00"  # MySQL's "no date"; read as None where a field allows it
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
        ``converter.unstructure(beatmap)`` speak the wire format.
    """
    import cattrs

    conv = cattrs.Converter()
    codec = _Codec(timezone, forbid_extra_keys)
    conv.register_structure_hook_factory(_is_model, codec.structure_fn)
    conv.register_unstructure_hook_factory(_is_model, codec.unstructure_fn)
    conv.register_structure_hook(_dt.datetime, lambda v, _: codec.date(v))
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
    return isinstance(cls, type) and issubclass(cls, BaseModel) and attrs.has(cls)


def _relocate(exc: ResponseError, prefix: str, endpoint: str | None) -> ResponseError:
    path = prefix + exc.path
    where = f"{endpoint}: " if endpoint else ""
    reason = exc.message.split(": ", 1)[1] if exc.path and ": " in exc.message else exc.message
    return ResponseError(
        f"{where}{path}: {reason}" if path else f"{where}{reason}", endpoint=endpoint, path=path
    )


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


# --- field kinds --------------------------------------------------------------------------


@attrs.frozen
class _Field:
    owner: str  # the model class's name
    name: str
    wire: str
    kind: str  # int, float, str, bool, date, enum, mods, packs, models
    optional: bool
    has_default: bool
    target: Any = None  # the enum class, or the nested model class


def _fields_of(cls: type[BaseModel]) -> list[_Field]:
    hints = typing.get_type_hints(cls)
    renames = RENAMES.get(cls.__name__, {})
    out = []
    for field in attrs.fields(cls):
        if field.name in ("_api", "extra"):
            continue
        kind, optional, target = _kind_of(hints[field.name])
        out.append(
            _Field(
                owner=cls.__name__,
                name=field.name,
                wire=renames.get(field.name, field.name),
                kind=kind,
                optional=optional,
                has_default=field.default is not attrs.NOTHING,
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


# --- the codec: generated hooks and the slow diagnostics ------------------------------------


class _Codec:
    """Generates and caches the structure and unstructure functions of one converter."""

    def __init__(self, timezone: _dt.tzinfo, forbid_extra_keys: bool) -> None:
        self.timezone = timezone
        self.forbid_extra_keys = forbid_extra_keys
        self._dates = _Cache(self._parse_date, _DATE_CACHE_LIMIT)
        self._optional_dates = _Cache(self._parse_optional_date, _DATE_CACHE_LIMIT)
        self._structure: dict[type, Callable[[Any, Any], Any]] = {}
        self._unstructure: dict[type, Callable[[Any], dict[str, Any]]] = {}

    # dates --------------------------------------------------------------------------------

    def date(self, value: Any) -> _dt.datetime:
        if isinstance(value, _dt.datetime):
            return value
        return typing.cast("_dt.datetime", self._dates[value])

    def optional_date(self, value: Any) -> _dt.datetime | None:
        return None if value is None else self._optional_dates[value]

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
        return value.astimezone(self.timezone).strftime(_DATE_FORMAT)

    # structure ----------------------------------------------------------------------------

    def structure_fn(self, cls: type[M]) -> Callable[[Any, Any], M]:
        fn = self._structure.get(cls)
        if fn is None:
            fn = self._structure[cls] = self._generate_structure(cls)
        return typing.cast("Callable[[Any, Any], M]", fn)

    def _generate_structure(self, cls: type[M]) -> Callable[[Any, Any], M]:
        fields = _fields_of(cls)
        names: dict[str, Any] = {
            "_cls": cls,
            "_new": object.__new__,
            "_set": object.__setattr__,
            "_dict": dict,
            "_str": str,
            "_int": int,
            "_float": float,
            "_tuple": tuple,
            "_BOOLS": _BOOLS,
            "_DATES": self._dates,
            "_ODATES": self._optional_dates,
            "_packs": _packs,
            "_as_str": _as_str,
            "_id_or_name": _id_or_name,
            "_KNOWN": frozenset(f.wire for f in fields),
            "_NO_EXTRA": types.MappingProxyType({}),
            "_extra": self._extra_of(cls, frozenset(f.wire for f in fields)),
            "_diagnose": self._diagnose,
        }
        # Two bodies: ``full`` subscripts every key (the shape the API sends today, and the
        # fastest read); ``partial`` tolerates absent optional keys (older payload shapes), and
        # runs only when ``full`` meets a missing key.
        full = ["'_api': None"]
        partial = ["'_api': None"]
        for index, f in enumerate(fields):
            template = self._expression(f, index, names)
            if f.optional or f.has_default:
                default = "()" if f.kind == "models" and not f.optional else "None"
                expr = template.format(first="v")
                full.append(f"{f.name!r}: ({default} if (v := d[{f.wire!r}]) is None else {expr})")
                partial.append(
                    f"{f.name!r}: ({default} if (v := get({f.wire!r})) is None else {expr})"
                )
            else:
                item = f"{f.name!r}: {template.format(first=f'(v := d[{f.wire!r}])')}"
                full.append(item)
                partial.append(item)
        names["_N"] = len(fields)
        full.append("'extra': _NO_EXTRA if len(d) == _N else _extra(d)")
        partial.append("'extra': _NO_EXTRA if _KNOWN.issuperset(d) else _extra(d)")
        pad = " " * 20
        full_body = f",\n{pad}".join(full)
        partial_body = ",\n                ".join(partial)
        source = (
            "def structure(d, _type=None):\n"
            "    try:\n"
            "        if d.__class__ is not _dict:\n"
            "            raise TypeError\n"
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
            "        raise _diagnose(_cls, d) from None\n"
        )
        exec(compile(source, f"<osu_core structure {cls.__name__}>", "exec"), names)  # noqa: S102
        return typing.cast("Callable[[Any, Any], M]", names["structure"])

    def _expression(self, f: _Field, index: int, names: dict[str, Any]) -> str:
        # A template: ``{first}`` marks the part Python evaluates first (in ``a if c else b``
        # that is ``c``), where the caller may bind ``v``; later uses read ``v``.
        if f.kind in ("int", "float") and f.name in MEMOISED.get(f.owner, ()):
            memo = f"_M{index}"
            names[memo] = _Cache(int if f.kind == "int" else float, _MEMO_LIMIT)
            return f"{memo}[{{first}}]"
        if f.kind == "int":
            return "_int({first})"
        if f.kind == "float":
            return "_float({first})"
        if f.kind == "str":
            return "(v if {first}.__class__ is _str else _as_str(v))"
        if f.kind == "bool":
            return "_BOOLS[{first}]"
        if f.kind == "date":
            # One lookup in a cache that parses on a miss: a response's rows share few dates.
            return "_ODATES[{first}]" if f.optional else "_DATES[{first}]"
        if f.kind in ("enum", "mods"):
            table = f"_T{index}"
            names[table] = _MemberTable(f.target)
            return f"{table}[{{first}}]"
        if f.kind == "packs":  # few distinct pack lists per response: memoised like numbers
            memo = f"_M{index}"
            names[memo] = _Cache(_packs, _MEMO_LIMIT)
            return f"{memo}[{{first}}]"
        if f.kind == "id_or_name":
            return "_id_or_name({first})"
        hook = f"_H{index}"
        names[hook] = self.structure_fn(f.target)
        return f"_tuple([{hook}(x) for x in {{first}}])"

    def _extra_of(
        self, cls: type[BaseModel], known: frozenset[str]
    ) -> Callable[[dict[str, Any]], Mapping[str, Any]]:
        forbid = self.forbid_extra_keys

        def extra(row: dict[str, Any]) -> Mapping[str, Any]:
            unknown = {key: value for key, value in row.items() if key not in known}
            if forbid:
                raise _FieldError(f"unknown fields {sorted(unknown)} for {cls.__name__}")
            return types.MappingProxyType(unknown)

        return extra

    def _diagnose(self, cls: type[BaseModel], row: Any) -> ResponseError:
        """Find the first problem in ``row`` (slowly) and describe it."""
        if not isinstance(row, dict):
            return ResponseError(f"expected a JSON object for {cls.__name__}, got {_describe(row)}")
        for f in _fields_of(cls):
            if f.wire not in row:
                if f.optional or f.has_default:
                    continue
                return ResponseError(f".{f.wire}: missing field", path=f".{f.wire}")
            value = row[f.wire]
            if value is None:
                if f.optional or f.has_default:
                    continue
                return ResponseError(f".{f.wire}: field is null", path=f".{f.wire}")
            try:
                self._convert_one(f, value)
            except ResponseError as exc:
                return _relocate(exc, f".{f.wire}", None)
            except Exception:
                return ResponseError(
                    f".{f.wire}: expected {_EXPECTED[f.kind]}, got {_describe(value)}",
                    path=f".{f.wire}",
                )
        try:
            self._extra_of(cls, frozenset(f.wire for f in _fields_of(cls)))(row)
        except _FieldError as exc:
            return ResponseError(exc.reason)
        # Defensive: the fast path failed on something the field-by-field read accepts.
        return ResponseError(  # pragma: no cover
            f"cannot read {cls.__name__} from {_describe(row)}"
        )

    def _convert_one(self, f: _Field, value: Any) -> Any:
        if f.kind == "int":
            return int(value)
        if f.kind == "float":
            return float(value)
        if f.kind == "str":
            return _as_str(value)
        if f.kind == "bool":
            return _BOOLS[value]
        if f.kind == "date":
            return self.optional_date(value) if f.optional else self.date(value)
        if f.kind in ("enum", "mods"):
            return f.target(int(value))
        if f.kind == "packs":
            return _packs(value)
        if f.kind == "id_or_name":
            return _id_or_name(value)
        if not isinstance(value, list):
            raise TypeError
        hook = self.structure_fn(f.target)
        for index, item in enumerate(value):
            try:
                hook(item, f.target)
            except ResponseError as exc:
                raise _relocate(exc, f"[{index}]", None) from None
        return None

    # unstructure --------------------------------------------------------------------------

    def unstructure_fn(self, cls: type[BaseModel]) -> Callable[[Any], dict[str, Any]]:
        fn = self._unstructure.get(cls)
        if fn is None:
            fn = self._unstructure[cls] = self._make_unstructure(cls)
        return fn

    def _make_unstructure(self, cls: type[BaseModel]) -> Callable[[Any], dict[str, Any]]:
        fields = _fields_of(cls)

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


class _FieldError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


class _MemberTable(dict[Any, Any]):
    """Wire value -> enum member; one dict lookup on the hot path, the enum's own lookup (which
    accepts unknown ids as pseudo-members) on a miss."""

    def __init__(self, cls: type[enum.Enum]) -> None:
        super().__init__()
        self.cls = cls
        for member in cls.__members__.values():
            value = int(member.value)
            self.setdefault(str(value), member)
            self.setdefault(value, member)

    def __missing__(self, key: Any) -> Any:
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            raise TypeError(key)
        member = self.cls(int(key))
        if len(self) < _DATE_CACHE_LIMIT:
            self[key] = member
        return member


class _Cache(dict[Any, Any]):
    """A bounded memo whose misses compute and store (cleared when full)."""

    def __init__(self, compute: Callable[[Any], Any], limit: int) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: Any) -> Any:
        value = self.compute(key)
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


def _parse_date(value: Any, zone: _dt.tzinfo) -> _dt.datetime:
    if not isinstance(value, str):
        raise TypeError(value)
    text = value.strip()
    try:
        # C-fast for the usual "YYYY-MM-DD HH:MM:SS" (strptime is ~40x slower).
        naive = _dt.datetime.fromisoformat(text) if len(text) == 19 else None
    except ValueError:
        naive = None
    if naive is None or naive.tzinfo is not None:
        naive = _parse_lenient(text)
    if zone is _dt.timezone.utc:
        return naive.replace(tzinfo=zone)
    return naive.replace(tzinfo=zone).astimezone(_dt.timezone.utc)


def _parse_lenient(text: str) -> _dt.datetime:
    # Unpadded parts ("2013-06-22 9:11:16", the wiki's own example) and a missing seconds field.
    day, sep, clock = text.replace("T", " ", 1).partition(" ")
    if not sep:
        raise ValueError(text)
    date_parts = [int(part) for part in day.split("-")]
    time_parts = [int(part) for part in clock.split(":")]
    if len(date_parts) != 3 or not 2 <= len(time_parts) <= 3:
        raise ValueError(text)
    year, month, day_of_month = date_parts
    hour, minute, second = (*time_parts, 0)[:3]
    return _dt.datetime(year, month, day_of_month, hour, minute, second)  # noqa: DTZ001


def _packs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        raise TypeError(value)
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _as_str(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(value)
    return str(value)


def _id_or_name(value: Any) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(value)
    return value


def fill(models: Iterable[BaseModel], **values: Any) -> None:
    """Set request context fields (``mode``, ``beatmap_id``...) on freshly parsed models.

    For the endpoint quirks only: models are frozen for users, but a model that has not left the
    parser yet can be completed in place without the cost of ``attrs.evolve`` per row.
    """
    for model in models:
        model.__dict__.update(values)

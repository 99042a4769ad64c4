"""Strategies for the API models, their wire rows and raw responses.

``models(Beatmap)`` builds valid models field by field from their attrs types;
``wire_rows(Beatmap)`` gives ``(row, expected_model)`` pairs shaped like real responses (values as
strings, nulls and absent optional fields, unknown extra keys); ``responses()`` gives arbitrary
``Response`` values for fuzzing parsers.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from osu_core._base import BaseModel
from osu_core._convert import RENAMES, make_converter
from osu_core._http import Response
from osu_core._models import (
    Beatmap,
    MultiplayerGame,
    MultiplayerMatch,
    MultiplayerScore,
    Replay,
    Score,
    User,
    UserBest,
    UserEvent,
    UserRecent,
)
from osu_core._mods import GameModifiers

__all__ = [
    "MODEL_TYPES",
    "api_datetimes",
    "models",
    "responses",
    "wire_rows",
]

M = TypeVar("M", bound=BaseModel)

#: Every API model, for parametrising tests over all of them.
MODEL_TYPES: tuple[type[BaseModel], ...] = (
    Beatmap,
    User,
    UserEvent,
    Score,
    UserBest,
    UserRecent,
    Replay,
    MultiplayerMatch,
    MultiplayerGame,
    MultiplayerScore,
)

_CONVERTER = make_converter()


def api_datetimes() -> st.SearchStrategy[dt.datetime]:
    """Aware UTC datetimes with whole seconds, as the API's dates carry."""
    return st.datetimes(
        min_value=dt.datetime(2007, 1, 1),  # noqa: DTZ001 - bounds of a naive strategy
        max_value=dt.datetime(2035, 12, 31),  # noqa: DTZ001
        timezones=st.just(dt.timezone.utc),
    ).map(lambda d: d.replace(microsecond=0))


_TEXT = st.text(st.characters(codec="utf-8"), max_size=30)


def _for_type(hint: Any) -> st.SearchStrategy[Any]:
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_for_type(a) for a in args))
    if hint is type(None):
        return st.none()
    if origin is tuple:
        item = args[0]
        if item is str:
            return st.lists(st.text("ST0123456789", min_size=1, max_size=5), max_size=4).map(tuple)
        return st.lists(models(item), max_size=3).map(tuple)
    if hint is GameModifiers:
        return st.integers(0, 2**31 - 1).map(GameModifiers)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        known = st.sampled_from(list(hint.__members__.values()))
        return st.one_of(known, known, st.integers(100, 200).map(hint))
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(0, 2**40)
    if hint is float:
        # The wire's numbers are finite and non-negative (ratings, lengths, pp, accuracy).
        return st.floats(min_value=0.0, max_value=1e12, allow_nan=False, allow_infinity=False)
    if hint is str:
        return _TEXT
    if hint is dt.datetime:
        return api_datetimes()
    raise TypeError(f"no strategy for {hint!r}")  # pragma: no cover


def _extras(cls: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    known = {f.name for f in attrs.fields(cls)} | set(RENAMES.get(cls.__name__, {}).values())
    keys = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=3, max_size=12).filter(
        lambda k: k not in known
    )
    return st.dictionaries(keys, st.one_of(st.none(), _TEXT), max_size=2)


def models(cls: type[M]) -> st.SearchStrategy[M]:
    """Valid instances of an API model class, every field drawn from its type."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(cls):
        if field.name == "_api":
            continue
        if field.name == "extra":
            fields["extra"] = _extras(cls).map(types.MappingProxyType)
        else:
            fields[field.name] = _for_type(hints[field.name])
    return st.builds(cls, **fields)


@st.composite
def wire_rows(draw: st.DrawFn, cls: type[M]) -> tuple[dict[str, Any], M]:
    """A row as the API would send it for a model, and the model it must parse to.

    Values are strings as on the wire (sometimes JSON numbers instead, which some mirrors
    send), optional fields are null or absent, and unknown keys may be added.
    """
    model = draw(models(cls))
    row = _CONVERTER.unstructure(model)
    for key, value in list(row.items()):
        if key in getattr(model, "extra", {}):
            continue
        if value is None and draw(st.booleans()):
            del row[key]  # older payload shapes omit what newer ones null
        elif isinstance(value, str) and _looks_int(value) and draw(st.booleans()):
            row[key] = int(value) if _is_int_field(cls, key) else value
    return row, model


def _looks_int(text: str) -> bool:
    return text.isdigit() and len(text) < 15


def _is_int_field(cls: type[BaseModel], key: str) -> bool:
    hints = typing.get_type_hints(cls)
    hint = hints.get(key)
    return hint in (int, int | None)


def responses() -> st.SearchStrategy[Response]:
    """Arbitrary responses: any status, some headers, bodies from JSON-ish to random bytes."""
    json_like = st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), _TEXT),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)
        ),
        max_leaves=12,
    )
    bodies = st.one_of(
        st.binary(max_size=64),
        json_like.map(lambda v: json.dumps(v).encode()),
        st.sampled_from(
            [b"[]", b"{}", b'{"error":"Replay not available."}', b'{"match":0,"games":[]}']
        ),
    )
    headers = st.dictionaries(
        st.sampled_from(["retry-after", "content-type", "date", "location"]), _TEXT, max_size=3
    )
    return st.builds(Response, status_code=st.integers(100, 599), headers=headers, body=bodies)

"""The base of every API model: a client reference kept out of equality, repr, hashing and
serialisation, so shorthands like ``Beatmap.get_beatmapset()`` can find the client that
returned the model.

The core never calls a client itself: a transport binds itself to the models it returns with
:func:`bind_client`, and the shorthands (defined on the models) go through :attr:`BaseModel.api`,
which raises :class:`UnreferencedApi` when nothing is bound. It also holds the one rule every
model's ``extra`` (the unknown wire fields) obeys, however the model was made: values nest at
most :data:`MAX_EXTRA_DEPTH` levels. No I/O here.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs

from ._errors import ResponseError, UnreferencedApi

__all__ = ["MAX_EXTRA_DEPTH", "BaseModel", "bind_client", "check_extra"]

#: How deeply a value kept in a model's ``extra`` may nest (``[[1]]`` is 2). The deepest real
#: answer, ``get_match``, nests five levels in all and its values are strings. The bound keeps
#: ``==``, ``copy.deepcopy`` of ``extra`` (three Python frames a level) and JSON output such as
#: the CLI's ``--json`` (``json.dumps(indent=2)`` recurses in Python: it fails at about 1,490
#: levels on 3.12) far from any recursion limit, whichever Python decoded the body: how deep
#: the decoder goes differs (about 1,000 levels on 3.10 and 3.11, 1,500 on 3.12, 10,000 on 3.13).
MAX_EXTRA_DEPTH = 32


def check_extra(extra: Mapping[str, Any]) -> None:
    """Check the unknown wire fields a model is to keep.

    Raises:
        ResponseError: naming the first key (``.zzz``) whose value nests deeper than
            :data:`MAX_EXTRA_DEPTH` levels.
    """
    for key, value in extra.items():
        if isinstance(value, (list, dict)) and too_deep(value, MAX_EXTRA_DEPTH):
            raise ResponseError(
                f".{key}: unknown field nested deeper than {MAX_EXTRA_DEPTH} levels",
                path=f".{key}",
            )


def too_deep(value: Any, limit: int) -> bool:
    """Whether a JSON value nests more than ``limit`` levels (iteratively: no recursion)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        pending.extend((c, depth + 1) for c in children if isinstance(c, (list, dict)))
    return False


@attrs.frozen(kw_only=True, slots=False)
class BaseModel:
    """Base class of the API models.

    The bound client lives in ``_api``: excluded from ``==``, ``hash()``, ``repr()`` and the
    converter, so binding never changes what a model is.

    Models are frozen but not slotted: the converter builds them by filling a fresh instance
    ``__dict__`` in one C-level update, which is about eight times cheaper than calling a
    slotted frozen ``__init__`` field by field (measured on 500 ``get_beatmaps`` rows: 0.26 ms
    against 2.1 ms), and parsing is the core's hot path.
    """

    _api: Any = attrs.field(default=None, eq=False, repr=False, hash=False, alias="_api")

    @property
    def api(self) -> Any:
        """The client that returned this model.

        Raises:
            UnreferencedApi: if no client returned this model (built by hand or by the core).
        """
        if self._api is None:
            raise UnreferencedApi(
                f"this {type(self).__name__} was not returned by a client, so its shorthands "
                "have no client to send requests with"
            )
        return self._api

    @property
    def is_empty(self) -> bool:
        """Always false for a model (kept for the original library's API, where empty models
        stood for "not found"; this library returns ``None`` instead)."""
        return False


def bind_client(value: Any, client: Any) -> Any:
    """Bind ``client`` to ``value`` and every model nested in it; return ``value``.

    Works on a model, a list or tuple of models (collections included), or ``None``. Models are
    frozen, so the reference is written into the instance dict directly: the field takes part
    in no comparison, hash or repr, so the model's identity as a value is unchanged. Only the
    fields whose type can hold models are visited (computed once per class), so binding a
    500-row page costs one store per row.
    """
    if isinstance(value, BaseModel):
        value.__dict__["_api"] = client
        for name in _nested_fields(type(value)):
            bind_client(getattr(value, name), client)
    elif isinstance(value, (list, tuple)):
        if isinstance(value, list) and hasattr(value, "item_type"):  # a collection
            value.__dict__["_api"] = client
        for item in value:
            if isinstance(item, (BaseModel, list, tuple)):
                bind_client(item, client)
    return value


_NESTED: dict[type, tuple[str, ...]] = {}


def _nested_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose type can hold a model (``tuple[UserEvent, ...]``...)."""
    found = _NESTED.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _NESTED[cls] = tuple(
            field.name
            for field in attrs.fields(cls)
            if field.name != "_api" and _holds_model(hints.get(field.name))
        )
    return found


def _holds_model(hint: Any) -> bool:
    # On Python 3.10 a parametrised generic (tuple[X, ...]) passes isinstance(..., type).
    if isinstance(hint, type) and typing.get_origin(hint) is None:
        return issubclass(hint, BaseModel)
    return any(_holds_model(arg) for arg in typing.get_args(hint))

"""Turning results into output: the ``--json`` shape, JSON Lines, and the rich consoles.

The JSON shape (documented in ``docs/cli.md``) is the model's wire-shaped dict, as
``make_converter().unstructure`` writes it: the osu! API's own field names and string values,
plus the fields the library adds from the request (``mode``, ``beatmap_id``). One change:
dates are ISO 8601 in UTC (``2024-05-19T13:03:10Z``), because the wire's zone-less MySQL
dates changed zone in 2018 and no script should have to know that. Results go to stdout;
progress, notices and errors go to stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable
from typing import Any

import attrs
import click
from rich.console import Console

from osu_core import BaseModel, make_converter

__all__ = [
    "emit_json",
    "emit_json_line",
    "emit_json_models",
    "iso_utc",
    "model_json",
    "stderr_console",
    "stdout_console",
]

_converter = make_converter()


def iso_utc(moment: dt.datetime) -> str:
    """A datetime as ISO 8601 in UTC with a ``Z``: ``2024-05-19T13:03:10Z``."""
    text = moment.astimezone(dt.timezone.utc).isoformat()
    return text.removesuffix("+00:00") + "Z"


def _with_iso_dates(model: BaseModel, wire: dict[str, Any]) -> dict[str, Any]:
    # Walk the model beside its wire dict; only dates and nested models need touching. The
    # date fields keep their wire names (only MultiplayerScore.passed is renamed, to "pass").
    for field in attrs.fields(type(model)):
        if field.name not in wire:
            continue
        value = getattr(model, field.name)
        if isinstance(value, dt.datetime):
            wire[field.name] = iso_utc(value)
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            wire[field.name] = [
                _with_iso_dates(item, row)
                for item, row in zip(value, wire[field.name], strict=True)
            ]
    return wire


def model_json(model: BaseModel) -> dict[str, Any]:
    """The ``--json`` shape of a model: its wire dict with ISO 8601 UTC dates.

    Args:
        model: Any API model (``User``, ``Beatmap``, ``Score``, ``MultiplayerMatch``...).

    Returns:
        A JSON-ready dict.
    """
    wire: dict[str, Any] = _converter.unstructure(model)
    return _with_iso_dates(model, wire)


def emit_json(value: Any) -> None:
    """Print one JSON document (indented) to stdout."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def emit_json_line(value: Any) -> None:
    """Print one compact JSON value and a newline to stdout, flushed (JSON Lines)."""
    stream = sys.stdout
    stream.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n")
    stream.flush()


def emit_json_models(models: Iterable[BaseModel]) -> None:
    """Print models as one JSON array."""
    emit_json([model_json(m) for m in models])


def stdout_console() -> Console:
    """A rich console on the current stdout (looked up now, so click's test runner sees it)."""
    return Console(file=sys.stdout, highlight=False)


def stderr_console() -> Console:
    """A rich console on the current stderr, for progress and notices."""
    return Console(file=sys.stderr, highlight=False)

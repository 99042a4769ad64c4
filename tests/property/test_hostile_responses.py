"""Every response parser survives any body (issue 10): fuzzing with hostile bodies.

Shapes (``osu_core.strategies.hostile_*``): deep nesting past and within the JSON decoder's
recursion, truncations of every recorded body, one field of a real row replaced by a hostile
value (huge, non-ASCII, non-finite or negative numbers, wrong JSON types, out-of-range dates,
ids and mod bits, long strings, deep values), removed, or added as an unknown field; bombs;
arbitrary bytes, statuses and headers.

What must hold: every parser answers with a result or an ``OsuError``, in bounded time; a
result survives ``repr``, ``==``, ``hash``, ``unstructure`` and JSON output; a well-formed body
with one changed field gives the value an independent reading of the wire rules expects, or a
``ResponseError`` whose path names that very row and field; the hot and careful paths of the
converter agree. ``ci`` runs 300 examples a test (derandomized); for the long run::

    HYPOTHESIS_PROFILE=fuzz .venv/bin/pytest -m fuzz tests/property/test_hostile_responses.py
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import time
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import osu_core
from osu_core import BaseModel, GameModifiers, HTTPError, OsuError, Response, ResponseError
from osu_core._base import MAX_EXTRA_DEPTH  # the bound on unknown fields' nesting
from osu_core.strategies import (
    MODEL_TYPES,
    dump_json,
    hostile_responses,
    hostile_rows,
    wire_rows,
)

pytestmark = pytest.mark.fuzz

API = Path(__file__).resolve().parent.parent / "corpus" / "api"
SAMPLES = [path.read_bytes() for path in sorted(API.glob("*.json"))]

CONVERTER = osu_core.make_converter()
#: Parsing a body of a few hundred KB takes milliseconds; this only catches runaway work. CPU
#: time, not wall time, so a loaded machine does not fail the test.
TIME_LIMIT = 5.0

#: Every parser, with the endpoint its errors name.
CALLS: dict[str, tuple[osu_core.Call[Any], str]] = {
    "get_beatmaps": (osu_core.get_beatmaps(), "get_beatmaps"),
    "get_beatmap": (osu_core.get_beatmap(beatmap_id=1), "get_beatmaps"),
    "get_user": (osu_core.get_user(2), "get_user"),
    "get_scores": (osu_core.get_scores(1), "get_scores"),
    "get_score": (osu_core.get_score(1), "get_scores"),
    "get_user_bests": (osu_core.get_user_bests(2), "get_user_best"),
    "get_user_best": (osu_core.get_user_best(2), "get_user_best"),
    "get_user_recents": (osu_core.get_user_recents(2), "get_user_recent"),
    "get_user_recent": (osu_core.get_user_recent(2), "get_user_recent"),
    "get_match": (osu_core.get_match(1), "get_match"),
    "get_replay": (osu_core.get_replay(0, score_id=1), "get_replay"),
    "get_beatmap_file": (osu_core.get_beatmap_file(1), "get_beatmap_file"),
}


def parse_timed(call: osu_core.Call[Any], response: Response) -> Any:
    started = time.process_time()
    try:
        return call.parse(response)
    finally:
        assert time.process_time() - started < TIME_LIMIT


def survives(result: Any) -> None:
    """A parsed result is an ordinary value: printable, comparable, hashable, writable."""
    models = list(result) if isinstance(result, list) else [result]
    assert repr(result)
    for model in models:
        if not isinstance(model, BaseModel) or isinstance(model, osu_core.BeatmapFile):
            continue
        assert model == model
        hash(model)
        wire = CONVERTER.unstructure(model)
        assert json.loads(json.dumps(wire, indent=2)) == json.loads(json.dumps(wire))


@given(response=hostile_responses(SAMPLES))
def test_every_parser_answers_with_a_result_or_an_osu_error(response):
    for name, (call, endpoint) in CALLS.items():
        try:
            outcome: Any = parse_timed(call, response)
        except OsuError as error:
            outcome = error
        event(f"{name}: {type(outcome).__name__}")
        if isinstance(outcome, ResponseError):
            # (fill() raises for get_match's top-level extras without knowing the endpoint)
            assert outcome.endpoint in (endpoint, None), name
            assert len(outcome.message) < 500, (name, outcome.message[:500])
        elif isinstance(outcome, OsuError):
            assert type(outcome).__module__ == "osu_core._errors", name
        else:
            survives(outcome)


@given(response=hostile_responses(SAMPLES))
def test_check_response_raises_only_http_errors(response):
    try:
        outcome = osu_core.check_response(response, endpoint="get_user")
    except HTTPError as error:
        outcome = error
    if isinstance(outcome, HTTPError):
        assert outcome.status == response.status_code
        if not isinstance(outcome, osu_core.ReplayUnavailable):
            assert outcome.code == response.status_code
    else:
        assert outcome is None
        assert 200 <= response.status_code < 300 or response.body.lstrip()[:1] == b"{"


# --- one hostile change in a real row: an independent reading of the wire rules ------------

REJECT = object()  # the change must give a ResponseError naming its place
EITHER = object()  # a nested list of models: a result, or an error at or under its place

_INT = re.compile(r"[+-]?[0-9]+")  # no "_": int("1_0") is 10, which no server means
#: The ASCII spaces int() strips (str.strip() also strips \x1c-\x1f, which int() refuses).
_INT_SPACES = " \t\n\x0b\x0c\r"
_DATE = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[ T]([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2}))?"
)


def read_int(value: Any, low: int, high: int) -> Any:
    # ASCII decimal digits only (the API's), optionally signed and space-padded as int() allows.
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return REJECT
    if isinstance(value, str):
        text = value.strip(_INT_SPACES)
        if not value.isascii() or not _INT.fullmatch(text):
            return REJECT
        if len(text.lstrip("+-").replace("_", "")) > 4300:  # int()'s limit on digits
            return REJECT
        value = int(text)
    return value if low <= value <= high else REJECT


def read_float(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return REJECT
    if isinstance(value, str) and (not value.isascii() or "_" in value):
        return REJECT
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return REJECT
    return number if 0.0 <= number <= 1.7976931348623157e308 else REJECT


def read_date(value: Any, optional: bool) -> Any:
    if not isinstance(value, str):
        return REJECT
    if optional and value == "0000-00-00 00:00:00":
        return None
    match = _DATE.fullmatch(value.strip())
    if match is None or not value.strip().isascii():
        return REJECT
    parts = [int(part) if part else 0 for part in match.groups()]
    try:
        return dt.datetime(*parts, tzinfo=dt.timezone.utc)
    except ValueError:
        return REJECT


def read_value(hint: Any, value: Any) -> Any:
    """What a field of type ``hint`` must read from a non-null wire ``value``."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    optional = type(None) in typing.get_args(hint)
    if optional:
        hint = args[0] if len(args) == 1 else hint
    origin = typing.get_origin(hint)
    if origin is tuple:
        if typing.get_args(hint)[0] is str:  # pack tags
            if not isinstance(value, str):
                return REJECT
            return tuple(p.strip() for p in value.split(",") if p.strip())
        return EITHER if isinstance(value, list) else REJECT
    if hint is GameModifiers:
        return read_int(value, 0, 2**31 - 1)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return read_int(value, -128, 255)
    if hint is int:
        return read_int(value, 0, 2**63 - 1)
    if hint is float:
        return read_float(value)
    if hint is bool:
        if type(value) in (int, float, bool, str) and value in ("0", "1", 0, 1):
            return bool(int(value))
        return REJECT
    if hint is str:
        if isinstance(value, str):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return REJECT
        return str(value) if value == value and abs(value) != float("inf") else REJECT
    if hint is dt.datetime:
        return read_date(value, optional)
    raise AssertionError(f"no reading for {hint!r}")  # pragma: no cover


def depth_of(value: Any) -> int:
    """How deeply a JSON value nests (iteratively: hypothesis raises the recursion limit while
    it runs a test, so the decoder hands over values nested thousands of levels deep)."""
    deepest, level = 0, [value]
    while containers := [item for item in level if isinstance(item, (list, dict))]:
        deepest += 1
        level = [child for item in containers for child in _children(item)]
    return deepest


def _children(item: list[Any] | dict[str, Any]) -> list[Any]:
    return list(item.values()) if isinstance(item, dict) else item


_STEP = re.compile(r"\[(\d+)\]|\.([^.\[]+)")
_FIELD_NAMES = {"pass": "passed"}  # the one renamed wire key (MultiplayerScore)


def split_path(path: str) -> tuple[list[Any], str]:
    """``[3].events[1].date`` -> ``([3, "events", 1], "date")``."""
    *steps, key = [int(i) if i else name for i, name in _STEP.findall(path)]
    assert isinstance(key, str), path
    return steps, key


def row_class(top: type[BaseModel], steps: list[Any]) -> type[BaseModel]:
    """The model class of the row that ``steps`` lead to from a list of ``top`` rows."""
    cls = top
    for step in steps:
        if isinstance(step, str):
            hint = typing.get_type_hints(cls)[_FIELD_NAMES.get(step, step)]
            cls = typing.get_args(hint)[0]
    return cls


def expectation(cls: type[BaseModel], key: str, change: str, seen: Any) -> tuple[Any, str]:
    """What the changed key of a ``cls`` row must read as (or REJECT, EITHER), and the name
    the model keeps it under (a field, or a key of ``extra``)."""
    name = _FIELD_NAMES.get(key, key) if cls is osu_core.MultiplayerScore else key
    fields = {f.name: f for f in attrs.fields(cls) if f.name not in ("_api", "extra")}
    if name not in fields:  # an unknown key: kept in extra, up to the depth limit
        return (seen if depth_of(seen) <= MAX_EXTRA_DEPTH else REJECT), name
    if change == "delete" or seen is None:
        default = fields[name].default
        return (REJECT if default is attrs.NOTHING else default), name
    return read_value(typing.get_type_hints(cls)[name], seen), name


def value_at(data: Any, steps: list[Any]) -> Any:
    for step in steps:
        data = data[step]
    return data


#: The recorded row bodies, by the parsers that read them and their top model.
ROW_ENDPOINTS = {
    "get_beatmaps": (["get_beatmaps", "get_beatmap"], osu_core.Beatmap),
    "get_user": (["get_user"], osu_core.User),
    "get_scores": (["get_scores", "get_score"], osu_core.Score),
    "get_user_best": (["get_user_bests", "get_user_best"], osu_core.UserBest),
    "get_user_recent": (["get_user_recents", "get_user_recent"], osu_core.UserRecent),
    "get_match": (["get_match"], osu_core.MultiplayerMatch),
}


def row_samples(endpoint: str) -> list[Any]:
    out = []
    for path in sorted(API.glob(f"{endpoint}-*.json")):
        data = json.loads(path.read_bytes())
        if (isinstance(data, list) and data) or (isinstance(data, dict) and data.get("games")):
            out.append(data)
    return out


def converter_place(endpoint: str, steps: list[Any], key: str) -> tuple[str, list[Any]] | None:
    """Where the converter sees a body place: its error path and the steps to the model in
    the result. get_match reads ``match`` and ``games`` as one row, ``[0]``; its other
    top-level keys (None here) go to ``extra`` directly."""
    tail = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps)
    if endpoint != "get_match":
        return f"{tail}.{key}", steps
    if steps == ["match"]:
        return f"[0].{key}", [0]
    if steps and steps[0] == "games":
        return f"[0]{tail}.{key}", [0, *steps]
    return None


@pytest.mark.parametrize("endpoint", ROW_ENDPOINTS)
@given(data=st.data())
def test_one_hostile_change_in_a_real_row_is_read_right_or_named(endpoint, data):
    names, top = ROW_ENDPOINTS[endpoint]
    original = data.draw(st.sampled_from(row_samples(endpoint)))
    body, path, change, _ = data.draw(hostile_rows(original))
    raw = dump_json(body, ensure_ascii=data.draw(st.booleans()))
    try:
        decoded = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        decoded = None  # not JSON any more (a lone surrogate, a value nested too deeply)
    for name in names:
        try:
            outcome: Any = parse_timed(CALLS[name][0], Response(status_code=200, body=raw))
        except ResponseError as error:
            outcome = error
        check_outcome(endpoint, top, path, change, decoded, outcome, name)


def check_outcome(
    endpoint: str,
    top: type[BaseModel],
    path: str,
    change: str,
    decoded: Any,
    outcome: Any,
    name: str,
) -> None:
    failed = isinstance(outcome, ResponseError)
    why = (name, path, change, outcome.message if failed else None)
    if decoded is None:
        event("not JSON any more")
        assert failed, why
        assert outcome.path == "", why
        return
    if failed and "nested too deeply to decode" in outcome.message:
        # Near the decoder's limit, which moves with the stack: the parser, a few frames
        # deeper than this test, may give up on a body the test could still decode.
        assert depth_of(decoded) > 500, why
        event("at the decoder's limit")
        return
    steps, key = split_path(path)
    seen = None if change == "delete" else value_at(decoded, [*steps, key])
    place = converter_place(endpoint, steps, key)
    if place is None:  # a top-level key of get_match
        event("get_match top-level key")
        if key in ("match", "games"):
            return  # _parse_match's own rules (not found, wrong shape): either is fine
        deep = change != "delete" and depth_of(seen) > MAX_EXTRA_DEPTH
        assert failed == deep, why
        assert not deep or outcome.path == path, why
        return
    error_path, model_steps = place
    expected, field = expectation(row_class(top, model_steps), key, change, seen)
    event(
        f"{change}: "
        + ("reject" if expected is REJECT else "either" if expected is EITHER else "read")
    )
    if expected is REJECT:
        assert failed, why
        assert outcome.path == error_path, why
        assert outcome.endpoint == endpoint, why
        assert outcome.message.startswith(f"{endpoint}: {error_path}: "), why
        return
    if expected is EITHER:
        assert not failed or outcome.path.startswith(error_path), why
        return
    assert not failed, why
    model = pick(outcome, model_steps)
    if model is None:  # a single-result parser, and the change was past its first row
        return
    if field in {f.name for f in attrs.fields(type(model))} - {"_api", "extra"}:
        assert getattr(model, field) == expected, why
    elif change != "delete":
        assert model.extra[field] == expected, why


def pick(outcome: Any, steps: list[Any]) -> Any:
    """The changed row's model in a parser's result (None if the parser kept only row 0)."""
    index, *rest = steps
    if isinstance(outcome, list):
        model = outcome[index]
    elif index != 0 or outcome is None:
        return None
    else:
        model = outcome
    for step in rest:
        if isinstance(step, str):
            model = getattr(model, _FIELD_NAMES.get(step, step))
        else:
            model = model[step]
    return model


# --- the converter's two paths agree -----------------------------------------------------------


@given(data=st.data())
def test_hot_and_careful_paths_agree_on_hostile_rows(data):
    cls = data.draw(st.sampled_from(MODEL_TYPES))
    row, _ = data.draw(wire_rows(cls))
    changed, _, _, _ = data.draw(hostile_rows([row]))
    try:  # as the converter would get it from a body
        (row,) = json.loads(dump_json(changed).decode("utf-8"))
    except (ValueError, RecursionError):  # a lone surrogate, a RawJSON nested past the decoder
        event("not JSON any more")
        return
    hook = CONVERTER.get_structure_hook(cls)
    codec = hook.__globals__["_careful"].__self__
    try:
        careful: Any = codec.careful(cls, row)
    except ResponseError as error:
        careful = error
    try:
        hot: Any = hook(row, cls)
    except ResponseError as error:
        hot = error
    event(f"{cls.__name__}: {type(careful).__name__}")
    if isinstance(careful, ResponseError):
        assert isinstance(hot, ResponseError)
        assert (hot.path, hot.message) == (careful.path, careful.message)
    else:
        assert hot == careful
        assert type(hot) is cls

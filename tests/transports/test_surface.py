"""The three flavours expose the same class, methods and parameters; sync is generated from
async; each flavour imports only its own event loop."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import re
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

import pytest

import osu_core
from osu_transports import asyncio as asyncio_flavour
from osu_transports import sync as sync_flavour
from osu_transports import trio as trio_flavour

ROOT = Path(__file__).resolve().parents[2]
CLASSES = {
    "sync": sync_flavour.OsuApi,
    "asyncio": asyncio_flavour.OsuApi,
    "trio": trio_flavour.OsuApi,
}
REFERENCE_METHODS = {
    "get_beatmap",
    "get_beatmaps",
    "get_beatmap_file",
    "get_user",
    "get_score",
    "get_scores",
    "get_user_best",
    "get_user_bests",
    "get_user_recent",
    "get_user_recents",
    "get_replay",
    "get_match",
}
#: Only these differ between sync and async, as in httpx.
LIFECYCLE = {
    "sync": {"close", "__enter__", "__exit__"},
    "asyncio": {"aclose", "__aenter__", "__aexit__"},
    "trio": {"aclose", "__aenter__", "__aexit__"},
}


def public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, callable)
        if not name.startswith("_") or name in {"__enter__", "__exit__", "__aenter__", "__aexit__"}
    }


def normalised(signature: inspect.Signature) -> list[tuple[str, object, object, object]]:
    """Parameters with annotations made flavour-neutral (Iterator vs AsyncIterator)."""
    return [
        (p.name, p.kind, p.default, str(p.annotation).replace("httpx.AsyncClient", "httpx.Client"))
        for p in signature.parameters.values()
    ]


def test_same_class_name_everywhere():
    assert {cls.__name__ for cls in CLASSES.values()} == {"OsuApi"}


def test_reference_methods_present():
    for cls in CLASSES.values():
        assert set(public_methods(cls)) >= REFERENCE_METHODS


@pytest.mark.parametrize("name", ["asyncio", "trio"])
def test_same_methods_and_parameters_as_sync(name):
    sync = public_methods(CLASSES["sync"])
    other = public_methods(CLASSES[name])
    assert set(sync) - LIFECYCLE["sync"] == set(other) - LIFECYCLE[name]
    for method in set(sync) - LIFECYCLE["sync"] - {"__init__"}:
        assert normalised(sync[method]) == normalised(other[method]), method
        returns = str(sync[method].return_annotation)
        assert returns == str(other[method].return_annotation).replace("AsyncIterator", "Iterator")


def test_constructors_take_the_same_parameters():
    names = {
        flavour: list(inspect.signature(cls.__init__).parameters)
        for flavour, cls in CLASSES.items()
    }
    assert names["sync"] == names["asyncio"] == names["trio"]
    assert names["sync"][:2] == ["self", "key"]


@pytest.mark.parametrize("name", ["asyncio", "trio"])
def test_async_methods_are_coroutines(name):
    cls = CLASSES[name]
    for method in REFERENCE_METHODS | {"get_cached_user", "call"}:
        assert inspect.iscoroutinefunction(getattr(cls, method)), method
    assert inspect.isasyncgenfunction(cls.iter_beatmaps_since)
    assert inspect.isgeneratorfunction(CLASSES["sync"].iter_beatmaps_since)


def test_no_timeout_parameter_on_async_methods():
    for name, signature in public_methods(CLASSES["trio"]).items():
        if name != "__init__":
            assert "timeout" not in signature.parameters, name


def test_sync_is_generated_from_async():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "absent"),
    [
        ("osu_transports.sync", {"trio", "anyio._backends._trio"}),
        ("osu_transports.asyncio", {"trio"}),
        ("osu_transports.trio", set()),
        ("osu_core", {"httpx", "trio", "asyncio", "anyio"}),
        # The pytest plugin loads into every pytest run where the package is installed: it
        # imports pytest and nothing of ours beyond the two package modules above it.
        ("osu_transports", {"osu_core", "attrs", "cattrs", "httpx", "httpcore", "typing"}),
        (
            "osu_transports.testing.pytest_plugin",
            {"osu_core", "attrs", "cattrs", "httpx", "httpcore", "trio", "anyio"},
        ),
    ],
)
def test_imports_stay_in_their_lane(module, absent):
    code = f"import sys, {module}; print(sorted(m for m in {sorted(absent)!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_version_is_there_when_asked_for():
    import osu_core
    import osu_transports

    assert osu_transports.__version__ == osu_core.__version__
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        osu_transports.nope  # noqa: B018


def test_the_default_retry_policy_lives_once_in_the_core():
    import attrs

    import osu_core
    from osu_core import RetryPolicy
    from osu_transports import _client

    assert RetryPolicy() == osu_core.DEFAULT_RETRY
    assert osu_core.DEFAULT_RETRY.max_attempts == 4
    assert osu_core.NO_RETRY.max_attempts == 1
    assert _client.DEFAULT_RETRY is osu_core.DEFAULT_RETRY
    from osu_transports.cli._context import Settings, _retry

    assert _retry(Settings()) is osu_core.DEFAULT_RETRY
    assert _retry(Settings(retries=0)) is None
    assert _retry(Settings(retries=1)) == attrs.evolve(osu_core.DEFAULT_RETRY, max_attempts=2)


#: The client methods with the parameter list of the ``osu_core`` builder of the same name.
BUILDER_METHODS = [*sorted(REFERENCE_METHODS), "get_replay_osr"]


def _hints(function: Any) -> dict[str, Any]:
    names = {name: getattr(osu_core, name) for name in osu_core.__all__}
    hints = typing.get_type_hints(function, localns=names)
    hints.pop("return", None)
    return hints


@pytest.mark.parametrize("name", BUILDER_METHODS)
@pytest.mark.parametrize("flavour", ["sync", "asyncio", "trio"])
def test_every_method_has_its_builders_parameters(flavour, name):
    api = importlib.import_module(f"osu_transports.{flavour}").OsuApi
    builder = getattr(osu_core, name)
    method = getattr(api, name)
    wanted = [(p.name, p.kind, p.default) for p in inspect.signature(builder).parameters.values()]
    given = [(p.name, p.kind, p.default) for p in inspect.signature(method).parameters.values()]
    assert given[0][0] == "self"
    assert given[1:] == wanted
    assert _hints(method) == _hints(builder)
    # documented once, in the core: the method's docstring carries the builder's Args
    doc = method.__doc__ or ""
    assert f"The arguments are those of ``osu_core.{name}``." in doc
    for parameter, *_ in wanted:
        assert re.search(rf"^    {parameter}:", doc, re.M), parameter


@pytest.mark.parametrize("name", BUILDER_METHODS)
def test_every_method_forwards_by_keyword(name, monkeypatch):
    # Each argument reaches the builder under its own name: positional forwarding would
    # silently swap two ``int | None`` arguments when a parameter is inserted.
    from osu_transports import _async, _sync

    builder = getattr(osu_core, name)
    sent = {p: f"<{p}>" for p in inspect.signature(builder).parameters}
    for module in (_sync, _async):
        seen: dict[str, Any] = {}

        def record(*args: Any, _seen: dict[str, Any] = seen, **kwargs: Any) -> str:
            assert not args, args
            _seen.update(kwargs)
            return "a call"

        monkeypatch.setattr(module, "core", types.SimpleNamespace(**{name: record}))
        api = module.SyncOsuApi if module is _sync else module.AsyncOsuApi
        fake = types.SimpleNamespace(call=lambda call: call, run_plan=lambda plan: plan)
        if module is _async:

            async def call(call: Any) -> Any:
                return call

            fake = types.SimpleNamespace(call=call, run_plan=call)
            result = asyncio.run(getattr(api, name)(fake, **sent))
        else:
            result = getattr(api, name)(fake, **sent)
        assert result == "a call"
        assert seen == sent

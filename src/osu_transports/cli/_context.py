"""What every command shares: the global settings, the option types, and the API session.

The global options (``--key``, ``--base-url``, ``--demo``, ``--json``, ``--timeout``) are read by
the ``osu-api`` group and may also follow a subcommand (``osu-api user 2 --json``); both land in
one :class:`Settings`. :func:`open_session` turns the settings into a client: against the
embedded emulator on loopback for ``--demo``, else against ``--base-url`` with the key. It never
prints the key, and a missing key raises :class:`MissingKeyError` before any request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import attrs
import click

from osu_core import (
    DEFAULT_BASE_URL,
    DEFAULT_RETRY,
    GameMode,
    GameModifiers,
    InvalidArgument,
    RetryPolicy,
)
from osu_transports.sync import OsuApi

from ._errors import MissingKeyError

__all__ = [
    "ASCII_INT",
    "MODE",
    "MODS",
    "AsciiInt",
    "Session",
    "Settings",
    "global_options",
    "is_ascii_number",
    "open_session",
    "settings_of",
    "shown",
    "user_arg",
]

F = TypeVar("F", bound=Callable[..., Any])

#: Stands in for the key when none is needed; never sent (keyless paths get no ``k``).
_UNUSED_KEY = "-"


@attrs.define
class Settings:
    """The global options, merged from the group and the subcommand.

    Attributes:
        key: The API key (``--key`` or ``OSU_API_KEY``); never printed.
        base_url: The server (``--base-url``); the official API when ``None``.
        demo: Use the embedded emulator (``--demo``).
        json: Print JSON instead of tables (``--json``).
        timeout: The time limit of each attempt, in seconds (``--timeout``).
        retries: Retries of a failed request (``--retries``); the library's policy when
            ``None``, none for 0.
        redis: A Redis URL (``--redis`` or ``OSU_API_REDIS``) where the key's rate-limit
            budget is shared with its other clients; never printed (it may hold a password).
    """

    key: str | None = attrs.field(default=None, repr=False)
    base_url: str | None = None
    demo: bool = False
    json: bool = False
    timeout: float = 30.0
    retries: int | None = None
    redis: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class Session:
    """An open client and the moment that counts as "now" for its data.

    Attributes:
        api: The client.
        now: The server's "now": the dataset's under ``--demo``, the clock's otherwise (used to
            size the ``beatmaps --all`` progress bar).
    """

    api: OsuApi
    now: dt.datetime


class ModeType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """``--mode``: a name (``osu``, ``taiko``, ``catch``, ``mania``, aliases) or 0-3."""

    name = "mode"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return GameMode.coerce(value)
        except InvalidArgument:
            return self.fail(
                f"{value!r} is not a mode: use osu, taiko, catch, mania or 0-3", param, ctx
            )

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[osu|taiko|catch|mania|0-3]"


class ModsType(click.ParamType):  # type: ignore[type-arg]
    """``--mods``: acronyms (``HDDT``, ``hd,dt``) or the API's number (``72``)."""

    name = "mods"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, GameModifiers):
            return value
        try:
            return GameModifiers.coerce(str(value))
        except InvalidArgument as exc:
            return self.fail(exc.message, param, ctx)


MODE = ModeType()
MODS = ModsType()


def user_arg(value: str, type_str: str | None) -> int | str:
    """A USER argument as the library takes it: digits are an id, anything else a name.

    That is the API's own automatic recognition (``reference/api-v1.md`` §0); ``--type string``
    makes digits a name (for players called ``"3141592"``) and ``--type id`` insists on an id.

    Args:
        value: What was typed.
        type_str: ``--type``, if given.

    Returns:
        An ``int`` for an id, a ``str`` for a name.
    """
    text = value.strip()
    if type_str != "string" and is_ascii_number(text) and int(text) > 0:
        return int(text)
    return value


def is_ascii_number(text: str) -> bool:
    """Whether ``text`` is a whole number the API could hold: ASCII digits only (``int()``
    also reads ``"٣"`` and ``"1_000"``), at most 19 of them past any leading zeros."""
    return text.isascii() and text.isdigit() and len(text.lstrip("0")) <= 19


def shown(value: object, width: int = 40) -> str:
    """``repr(value)``, cut to about ``width`` characters (a 5000-digit id stays one line)."""
    text = repr(value)
    return text if len(text) <= width else f"{text[:width]}... ({len(text)} characters)"


class AsciiInt(click.ParamType):  # type: ignore[type-arg, unused-ignore]
    """A whole number in ASCII digits (with an optional sign), as ids and counts are written;
    click's ``int`` would read ``"٣"`` as 3 and ``"1_000"`` as 1000."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not digits or not is_ascii_number(digits):
            self.fail(f"{shown(value)} is not a whole number in ASCII digits", param, ctx)
        return int(text)


#: The parameter type of every id, count and limit.
ASCII_INT = AsciiInt()


def settings_of(ctx: click.Context) -> Settings:
    """The settings of this invocation (created by the group)."""
    return ctx.ensure_object(Settings)


def _store(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    # A value given at either level wins over the default; the subcommand's is read last.
    if (
        value is None
        or value is False
        or ctx.get_parameter_source(param.name or "")
        in (
            click.core.ParameterSource.DEFAULT,
            None,
        )
    ):
        return
    assert param.name is not None
    setattr(settings_of(ctx), param.name, value)


def global_options(*, hidden: bool, envvar: bool) -> Callable[[F], F]:
    """Add the global options to a command (the group, or a subcommand with ``hidden``).

    Args:
        hidden: Keep them out of the command's ``--help`` (the group's help lists them).
        envvar: Read ``--key`` from ``OSU_API_KEY`` too (only the group does, so a key given
            after the subcommand is never overridden by the environment).
    """

    def decorate(function: F) -> F:
        options = [
            click.option(
                "--json",
                "json",
                is_flag=True,
                default=False,
                expose_value=False,
                callback=_store,
                help="Print JSON (see docs/cli.md for the shape) instead of tables.",
            ),
            click.option(
                "--demo",
                is_flag=True,
                default=False,
                expose_value=False,
                callback=_store,
                hidden=hidden,
                help="Ask the embedded emulator on loopback: no key, no internet.",
            ),
            click.option(
                "--key",
                envvar="OSU_API_KEY" if envvar else None,
                metavar="KEY",
                expose_value=False,
                callback=_store,
                hidden=hidden,
                show_envvar=envvar,
                help="osu! API key (never printed).",
            ),
            click.option(
                "--base-url",
                metavar="URL",
                expose_value=False,
                callback=_store,
                hidden=hidden,
                help=f"Server to ask (mirrors, private servers) [default: {DEFAULT_BASE_URL}].",
            ),
            click.option(
                "--timeout",
                type=click.FloatRange(min=0, max=3600, min_open=True),
                metavar="SECONDS",
                expose_value=False,
                callback=_store,
                hidden=hidden,
                help="Time limit of each attempt: connect, send, the whole answer [default: 30].",
            ),
            click.option(
                "--retries",
                type=click.IntRange(min=0),
                metavar="N",
                expose_value=False,
                callback=_store,
                hidden=hidden,
                help="Retry a failed request up to N times, with backoff "
                f"[default: {DEFAULT_RETRY.max_attempts - 1}].",
            ),
            click.option(
                "--redis",
                envvar="OSU_API_REDIS" if envvar else None,
                metavar="URL",
                expose_value=False,
                callback=_store,
                hidden=hidden,
                show_envvar=envvar,
                help="Share the key's rate limit with its other clients through this Redis "
                "(redis://host:6379/0; needs the redis extra).",
            ),
        ]
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def _retry(settings: Settings) -> RetryPolicy | None:
    if settings.retries is None:
        return DEFAULT_RETRY
    if not settings.retries:
        return None
    return attrs.evolve(DEFAULT_RETRY, max_attempts=settings.retries + 1)


@contextmanager
def open_session(settings: Settings, *, key_required: bool = True) -> Iterator[Session]:
    """Open a client for these settings, and close it (and any emulator) afterwards.

    Args:
        settings: The merged global options.
        key_required: False for ``.osu`` downloads, which the server serves without a key
            (``/osu/{id}``; the client never sends the key there).

    Yields:
        The session.

    Raises:
        MissingKeyError: when no key was given and ``--demo`` was not asked for.
        click.UsageError: for ``--demo`` with ``--base-url``.
        OSError: if the demo emulator cannot bind a loopback port.
    """
    if settings.demo:
        if settings.base_url is not None:
            raise click.UsageError("--demo runs its own server; drop --base-url")
        from osu_transports.testing import KNOWN, OsuApiEmulator

        with OsuApiEmulator() as emulator:
            api = OsuApi(
                emulator.api_key,
                base_url=emulator.base_url,
                timeout=settings.timeout,
                retry=_retry(settings),
                redis=settings.redis,
            )
            now = dt.datetime.fromtimestamp(KNOWN.dataset_now, dt.timezone.utc)
            with api:
                yield Session(api=api, now=now)
        return
    key = settings.key or (None if key_required else _UNUSED_KEY)
    if not key:
        raise MissingKeyError("the osu! API needs a key")
    base_url = settings.base_url or DEFAULT_BASE_URL
    api = OsuApi(
        key,
        base_url=base_url,
        timeout=settings.timeout,
        retry=_retry(settings),
        redis=settings.redis,
    )
    with api:
        yield Session(api=api, now=dt.datetime.now(dt.timezone.utc))

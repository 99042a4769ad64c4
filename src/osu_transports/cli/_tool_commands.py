"""The helper subcommands that need no API: ``mods`` and ``serve``.

``mods`` converts between the API's mod number and acronyms (the answer alone on stdout, the
spelled-out names on stderr, so ``$(osu-api mods HDDT)`` is ``72``); with no argument it lists
every mod. ``serve`` runs the offline emulator on a port, for bots written in any language.
"""

from __future__ import annotations

import sys

import click
from rich import box
from rich.table import Table

from osu_core import GameModifiers

from ._output import emit_json, stderr_console, stdout_console

__all__ = ["mods", "serve", "single_mods"]


def single_mods() -> list[GameModifiers]:
    """Every one-bit mod, in bit order, under its first (canonical) name."""
    seen: dict[int, GameModifiers] = {}
    for member in GameModifiers.__members__.values():
        value = int(member)
        if value and value & (value - 1) == 0 and value not in seen:
            seen[value] = member
    return [seen[value] for value in sorted(seen)]


def _names(value: GameModifiers) -> list[str]:
    return [m.name or "" for m in single_mods() if int(value) & int(m)]


@click.command()
@click.argument("value", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/cli.md).")
@click.pass_context
def mods(ctx: click.Context, value: tuple[str, ...], as_json: bool) -> None:
    """Convert mods: a number to acronyms (72 -> HDDT) or acronyms to a number (HDDT -> 72).

    With no VALUE, list every mod with its number and acronym.
    """
    from ._context import settings_of

    as_json = as_json or settings_of(ctx).json
    if not value:
        _list_mods(as_json=as_json)
        return
    text = ",".join(value)
    try:
        parsed = GameModifiers.coerce(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="VALUE") from None
    acronyms = parsed.acronyms or "NM"
    names = _names(parsed)
    if as_json:
        emit_json({"value": int(parsed), "acronyms": acronyms, "names": names})
        return
    numeric = text.strip().isdigit()
    click.echo(acronyms if numeric else str(int(parsed)))
    spelled = " + ".join(names) or "no mods"
    stderr_console().print(f"{int(parsed)} = {acronyms} = {spelled}", style="dim", soft_wrap=True)


def _list_mods(*, as_json: bool) -> None:
    rows = [(int(m), GameModifiers(int(m)).acronyms, m.name or "") for m in single_mods()]
    if as_json:
        emit_json([{"value": v, "acronym": a, "name": n} for v, a, n in rows])
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Value", justify="right")
    table.add_column("Bit", justify="right")
    table.add_column("Acronym")
    table.add_column("Name")
    for value, acronym, name in rows:
        table.add_row(str(value), str(value.bit_length() - 1), acronym, name)
    stdout_console().print(table)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", "-p", type=int, default=8080, show_default=True, help="0 picks one.")
@click.option("--seed", type=int, default=None, help="Dataset seed (the same seed, the same data).")
@click.option("--api-key", default=None, help="The key the emulator accepts [default: its own].")
@click.option("--no-rate-limits", is_flag=True, help="Do not enforce the API's rate limits.")
@click.option(
    "--fault",
    "faults",
    multiple=True,
    metavar="SPEC",
    help="Inject failures, e.g. 503@get_user,count=2 or latency,delay=0.5 (repeatable).",
)
def serve(
    host: str,
    port: int,
    seed: int | None,
    api_key: str | None,
    no_rate_limits: bool,
    faults: tuple[str, ...],
) -> None:
    """Run the offline osu! API v1 emulator until Ctrl+C (for bots in any language).

    It answers like the real API, from generated but realistic data; try user 3141592
    ("Lunar Tanuki"), beatmap 2468024 and match 59089226.
    """
    from osu_transports.testing import DEFAULT_API_KEY, parse_fault
    from osu_transports.testing import serve as run

    for spec in faults:
        try:
            parse_fault(spec)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--fault") from None

    def announce(line: str) -> None:
        click.echo(line)
        sys.stdout.flush()

    run(
        host,
        port,
        seed=seed,
        api_key=api_key or DEFAULT_API_KEY,
        rate_limits=not no_rate_limits,
        faults=faults,
        announce=announce,
    )

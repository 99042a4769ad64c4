"""The subcommands that ask the API: ``user``, ``beatmaps``, ``beatmap``, ``scores``, ``best``,
``recent`` and ``match``.

Each mirrors one ``OsuApi`` method: arguments and options map one to one onto its parameters,
and the library does the checking (a bad ``--limit`` is its ``InvalidArgument``). An answer of
"nothing" for a single thing (no such user, beatmap or match) is a :class:`NotFoundError`; an
empty list is just an empty table. ``beatmaps --all`` pages with the core's pager and streams
each page as it arrives, with a progress bar on stderr.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from typing import Any

import click
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from osu_core import (
    Beatmap,
    BeatmapsSincePager,
    GameMode,
    GameModifiers,
    InvalidArgument,
    ParseError,
    ResponseError,
)

from . import _tables as tables
from ._context import (
    ASCII_INT,
    MODE,
    MODS,
    Session,
    global_options,
    open_session,
    settings_of,
    shown,
    user_arg,
)
from ._errors import NotFoundError
from ._output import (
    emit_json,
    emit_json_line,
    emit_json_models,
    model_json,
    stderr_console,
    stdout_console,
)

__all__ = ["beatmap", "beatmaps", "best", "match", "recent", "scores", "user"]

#: Where ``beatmaps --all`` starts when no ``--since`` is given: before the first ranked map.
EPOCH = "2007-01-01"

_TYPE = click.Choice(["id", "string"])
_TYPE_HELP = "Read USER as an id or a name (the API guesses when not given)."
_subcommand_options = global_options(hidden=True, envvar=False)
_mode_option = click.option(
    "--mode", "-m", type=MODE, default=None, help="Game mode, by name or number."
)


@click.command()
@click.argument("user")
@_mode_option
@click.option("--type", "type_str", type=_TYPE, default=None, help=_TYPE_HELP)
@click.option(
    "--event-days", type=ASCII_INT, default=None, help="Events of the last N days (1-31)."
)
@_subcommand_options
@click.pass_context
def user(
    ctx: click.Context,
    user: str,
    mode: GameMode | None,
    type_str: str | None,
    event_days: int | None,
) -> None:
    """Show a player's statistics and recent events (USER: id or name)."""
    settings = settings_of(ctx)
    with open_session(settings) as session:
        found = session.api.get_user(user_arg(user, type_str), mode, type_str, event_days)
    if found is None:
        raise NotFoundError(f"no user {shown(user)}" + (f" in mode {mode.name}" if mode else ""))
    if settings.json:
        emit_json(model_json(found))
    else:
        stdout_console().print(tables.user_view(found))


@click.command()
@click.option("--since", metavar="DATE", help="Ranked or loved since (UTC: YYYY-MM-DD[ HH:MM:SS]).")
@click.option("--set", "beatmapset_id", type=ASCII_INT, metavar="ID", help="Only this beatmapset.")
@click.option("--id", "beatmap_id", type=ASCII_INT, metavar="ID", help="Only this difficulty.")
@click.option("--user", "-u", metavar="USER", help="Only maps by this mapper (id or name).")
@click.option("--type", "type_str", type=_TYPE, default=None, help=_TYPE_HELP)
@_mode_option
@click.option("--include-converted", is_flag=True, default=None, help="With --mode, add converts.")
@click.option("--hash", "hash_str", metavar="MD5", help="Only the difficulty with this .osu MD5.")
@click.option("--mods", type=MODS, default=None, help="Mods the star rating is computed for.")
@click.option("--limit", "-n", type=ASCII_INT, default=None, help="At most N maps (API max 500).")
@click.option("--all", "fetch_all", is_flag=True, help="Page through everything since --since.")
@_subcommand_options
@click.pass_context
def beatmaps(
    ctx: click.Context,
    since: str | None,
    beatmapset_id: int | None,
    beatmap_id: int | None,
    user: str | None,
    type_str: str | None,
    mode: GameMode | None,
    include_converted: bool | None,
    hash_str: str | None,
    mods: GameModifiers | None,
    limit: int | None,
    fetch_all: bool,
) -> None:
    """List beatmaps (one row per difficulty).

    With --all, every map ranked or loved since --since (default: all of them) is fetched,
    500 per request, oldest first; rows are printed as each page arrives (JSON Lines with
    --json) while a progress bar runs on stderr.
    """
    settings = settings_of(ctx)
    if fetch_all:
        others = {
            "--set": beatmapset_id,
            "--id": beatmap_id,
            "--user": user,
            "--hash": hash_str,
            "--mods": mods,
            "--limit": limit,
        }
        extra = [name for name, value in others.items() if value is not None]
        if extra:
            raise click.UsageError(f"--all pages by date; it cannot be combined with {extra[0]}")
        pager = BeatmapsSincePager(
            since=since or EPOCH, mode=mode, include_converted=include_converted
        )
        with open_session(settings) as session:
            _stream_all(session, pager, since or EPOCH, as_json=settings.json)
        return
    with open_session(settings) as session:
        rows = session.api.get_beatmaps(
            limit,
            since,
            type_str,
            beatmapset_id,
            include_converted,
            None if user is None else user_arg(user, type_str),
            mode,
            beatmap_id=beatmap_id,
            hash_str=hash_str,
            mods=mods,
        )
    if settings.json:
        emit_json_models(rows)
    else:
        stdout_console().print(tables.beatmaps_table(list(rows)))
        stderr_console().print(f"{len(rows)} beatmaps", style="dim")


def _same_terminal() -> bool:
    # True when stdout and stderr are one terminal: then rows are printed through the progress
    # bar's console, which keeps the bar below them instead of drawing over them.
    try:
        out, err = sys.stdout.fileno(), sys.stderr.fileno()
        same = os.path.samestat(os.fstat(out), os.fstat(err))
        return os.isatty(out) and os.isatty(err) and same
    except (OSError, ValueError, AttributeError):
        return False


def _stream_all(session: Session, pager: BeatmapsSincePager, since: str, *, as_json: bool) -> None:
    start = dt.datetime.fromisoformat(since.strip().replace("T", " ")[:19])
    start = start.replace(tzinfo=dt.timezone.utc) if start.tzinfo is None else start
    span = max((session.now - start).total_seconds(), 1.0)
    err = stderr_console()
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[count]:,} maps · up to {task.fields[reached]}"),
        TimeElapsedColumn(),
        console=err,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    out = err if _same_terminal() else stdout_console()
    header = True
    count = 0
    with progress:
        task = progress.add_task("beatmaps", total=span, count=0, reached=since)
        while (call := pager.next_call()) is not None:
            rows = session.api.call(call)
            page: list[Beatmap] = pager.feed(rows)
            count += len(page)
            if as_json:
                for beatmap in page:
                    emit_json_line(model_json(beatmap))
            elif page:
                out.print(tables.beatmaps_table(page, header=header))
                header = False
            last = next((b.approved_date for b in reversed(page) if b.approved_date), None)
            done = span if last is None else min((last - start).total_seconds(), span)
            reached = tables.date(last) if last else since
            progress.update(task, completed=max(done, 0), count=count, reached=reached)
        progress.update(task, completed=span, description="done")


@click.command()
@click.argument("beatmap_id", type=ASCII_INT, required=False)
@click.option("--hash", "hash_str", metavar="MD5", help="Find the difficulty by its .osu MD5.")
@_mode_option
@click.option("--include-converted", is_flag=True, default=None, help="With --mode, add converts.")
@click.option("--mods", type=MODS, default=None, help="Mods the star rating is computed for.")
@_subcommand_options
@click.pass_context
def beatmap(
    ctx: click.Context,
    beatmap_id: int | None,
    hash_str: str | None,
    mode: GameMode | None,
    include_converted: bool | None,
    mods: GameModifiers | None,
) -> None:
    """Show one beatmap difficulty in detail (by BEATMAP_ID or --hash)."""
    if beatmap_id is None and hash_str is None:
        raise click.UsageError("give a BEATMAP_ID or --hash")
    settings = settings_of(ctx)
    with open_session(settings) as session:
        found = session.api.get_beatmap(
            beatmap_id=beatmap_id,
            mode=mode,
            include_converted=include_converted,
            hash_str=hash_str,
            mods=mods,
        )
    if found is None:
        what = f"beatmap {beatmap_id}" if beatmap_id is not None else f"beatmap with MD5 {hash_str}"
        raise NotFoundError(f"no {what}")
    if settings.json:
        emit_json(model_json(found))
    else:
        stdout_console().print(tables.beatmap_panel(found))


@click.command()
@click.argument("beatmap_id", type=ASCII_INT)
@click.option("--user", "-u", metavar="USER", help="Only this player's score (id or name).")
@click.option("--type", "type_str", type=_TYPE, default=None, help=_TYPE_HELP)
@_mode_option
@click.option("--mods", type=MODS, default=None, help="Only scores with exactly these mods.")
@click.option("--limit", "-n", type=ASCII_INT, default=None, help="At most N scores (1-100; 50).")
@_subcommand_options
@click.pass_context
def scores(
    ctx: click.Context,
    beatmap_id: int,
    user: str | None,
    type_str: str | None,
    mode: GameMode | None,
    mods: GameModifiers | None,
    limit: int | None,
) -> None:
    """Show a beatmap's leaderboard."""
    settings = settings_of(ctx)
    with open_session(settings) as session:
        who = None if user is None else user_arg(user, type_str)
        rows = session.api.get_scores(beatmap_id, who, mode, mods, type_str, limit)
    if settings.json:
        emit_json_models(rows)
    else:
        title = f"Leaderboard of beatmap {beatmap_id}"
        stdout_console().print(tables.plays_table(list(rows), title=title, mode=mode))


def _user_plays(kind: str) -> Any:
    recent = kind == "recent"
    limits = "1-100; 50, the server sends 50 at most" if recent else "1-100; 50"

    @click.command(name=kind)
    @click.argument("user")
    @_mode_option
    @click.option("--type", "type_str", type=_TYPE, default=None, help=_TYPE_HELP)
    @click.option(
        "--limit", "-n", type=ASCII_INT, default=None, help=f"At most N plays ({limits})."
    )
    @_subcommand_options
    @click.pass_context
    def command(
        ctx: click.Context,
        user: str,
        mode: GameMode | None,
        type_str: str | None,
        limit: int | None,
    ) -> None:
        settings = settings_of(ctx)
        with open_session(settings) as session:
            api = session.api
            fetch = api.get_user_recents if recent else api.get_user_bests
            rows = fetch(user_arg(user, type_str), mode, type_str, limit)
            computed = _computed_pp(api, list(rows), mode)
        if settings.json:
            wire = [model_json(row) for row in rows]
            if computed is not None:
                for entry, value in zip(wire, computed, strict=True):
                    entry["pp_computed"] = value
            emit_json(wire)
        else:
            title = f"{'Recent plays' if recent else 'Best scores'} of {user}"
            table = tables.plays_table(list(rows), title=title, mode=mode, computed=computed)
            stdout_console().print(table)

    command.help = (
        "Show a player's plays of the last 24 hours, latest first (USER: id or name)."
        if recent
        else "Show a player's best scores, best first (USER: id or name)."
    )
    return command


def _computed_pp(api: Any, rows: list[Any], mode: GameMode | None) -> list[float | None] | None:
    """pp for the rows the API sent none for (recent plays, failed ones), from each map's
    ``.osu`` (downloaded once per map), when the ``pp`` extra is installed; else ``None``. A
    row whose map cannot be rated (no file, a malformed one) keeps no figure."""
    if importlib.util.find_spec("rosu_pp_py") is None:
        return None
    computed: list[float | None] = []
    for row in rows:
        value = None
        if row.pp is None:
            try:
                value = api.get_performance(row, mode).pp
            except (ParseError, ResponseError, InvalidArgument):
                value = None
        computed.append(value)
    return computed


best: click.Command = _user_plays("best")
recent: click.Command = _user_plays("recent")


@click.command()
@click.argument("match_id", type=ASCII_INT)
@_subcommand_options
@click.pass_context
def match(ctx: click.Context, match_id: int) -> None:
    """Show a multiplayer match and its games (MATCH_ID: from its /mp/ link)."""
    settings = settings_of(ctx)
    with open_session(settings) as session:
        found = session.api.get_match(match_id)
    if found is None:
        raise NotFoundError(f"no match {match_id}")
    if settings.json:
        emit_json(model_json(found))
    else:
        stdout_console().print(tables.match_view(found))

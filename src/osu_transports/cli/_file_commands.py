"""The subcommands about files: ``replay`` (with ``--osr``), ``osu-file`` and ``parse``.

``replay`` fetches a score's frame stream, or with ``--osr`` a whole watchable ``.osr`` file
(``OsuApi.get_replay_osr``); ``osu-file`` downloads a difficulty's ``.osu`` (no key needed);
``parse`` reads a local ``.osu`` or ``.osr`` file, or downloads a ``.osu`` by id, and reports
its sections and counts. Files are written only where the user says.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import click

from osu_core import GameMode, GameModifiers, ParseError

from ._context import (
    ASCII_INT,
    MODE,
    MODS,
    global_options,
    open_session,
    settings_of,
    user_arg,
)
from ._errors import NotFoundError
from ._output import emit_json, model_json, stderr_console, stdout_console
from ._summaries import OSU_MAGIC, osr_summary, osu_summary, render_summary
from ._tables import key_values, mode_label

__all__ = ["osu_file", "parse", "pp", "replay"]

_subcommand_options = global_options(hidden=True, envvar=False)
_BOM = b"\xef\xbb\xbf"


@click.command()
@click.argument("beatmap_id", type=ASCII_INT, required=False)
@click.argument("user", required=False)
@click.option("--mode", "-m", type=MODE, default="osu", show_default=True, help="Game mode.")
@click.option("--mods", type=MODS, default=None, help="The mods of the score wanted.")
@click.option("--type", "type_str", type=click.Choice(["id", "string"]), help="Read USER as.")
@click.option(
    "--score-id", type=ASCII_INT, default=None, help="The score, when a player has several."
)
@click.option(
    "--osr",
    "osr_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write a watchable .osr file here (three requests: score, beatmap, replay).",
)
@_subcommand_options
@click.pass_context
def replay(
    ctx: click.Context,
    beatmap_id: int | None,
    user: str | None,
    mode: GameMode,
    mods: GameModifiers | None,
    type_str: str | None,
    score_id: int | None,
    osr_path: Path | None,
) -> None:
    """Fetch the replay of USER's score on BEATMAP_ID (or of --score-id).

    The API allows 10 replays a minute. Without --osr it shows the stream's frames; --json
    prints the API's answer (base64 LZMA frames). With --osr it writes a file osu! can play.
    """
    settings = settings_of(ctx)
    by_play = beatmap_id is not None and user is not None
    if not by_play and (score_id is None or osr_path is not None):
        needs = "BEATMAP_ID and USER" if osr_path else "BEATMAP_ID and USER, or --score-id"
        raise click.UsageError(f"give {needs}")
    if osr_path is not None:
        assert beatmap_id is not None
        assert user is not None
        who = user_arg(user, type_str)
        with open_session(settings) as session:
            data = session.api.get_replay_osr(
                mode, beatmap_id, who, score_id=score_id, type_str=type_str, mods=mods
            )
        osr_path.write_bytes(data)
        summary = osr_summary(data)
        stderr_console().print(f"wrote {len(data):,} bytes to {osr_path}", style="green")
        if settings.json:
            emit_json({"path": str(osr_path), "bytes": len(data), **summary})
        else:
            stdout_console().print(render_summary(summary))
        return
    with open_session(settings) as session:
        if beatmap_id is not None and user is not None:
            found = session.api.get_replay(
                mode,
                beatmap_id,
                user_arg(user, type_str),
                score_id=score_id,
                type_str=type_str,
                mods=mods,
                strict=True,
            )
        else:
            found = session.api.get_replay(mode, score_id=score_id, mods=mods, strict=True)
    assert found is not None  # strict=True: an unavailable replay raised
    if settings.json:
        emit_json(model_json(found))
        return
    frames = found.frames()
    typed = frames.frames
    rows = [
        ("Mode", mode_label(found.mode)),
        ("Beatmap", "-" if found.beatmap_id is None else str(found.beatmap_id)),
        ("Player", "-" if found.user is None else str(found.user)),
        ("Score id", "-" if found.score_id is None else str(found.score_id)),
        ("Frames", f"{len(typed):,} over {(typed[-1].time if typed else 0) / 1000:.1f} s"),
        ("Stream", f"{len(found.content):,} base64 characters"),
    ]
    stdout_console().print(key_values(rows))
    stderr_console().print("add --osr FILE to save a watchable replay", style="dim")


@click.command(name="osu-file")
@click.argument("beatmap_id", type=ASCII_INT)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the file here instead of printing it.",
)
@_subcommand_options
@click.pass_context
def osu_file(ctx: click.Context, beatmap_id: int, output: Path | None) -> None:
    """Download a difficulty's .osu file (no API key needed).

    Prints the file to stdout (or writes it with -o). With --json: {"beatmap_id", "content"},
    or {"beatmap_id", "path", "bytes", "md5"} with -o.
    """
    settings = settings_of(ctx)
    with open_session(settings, key_required=False) as session:
        found = session.api.get_beatmap_file(beatmap_id)
    if found is None or not found.content:
        raise NotFoundError(f"no .osu file for beatmap {beatmap_id}")
    data = found.content.encode("utf-8")
    if output is None:
        if settings.json:
            emit_json({"beatmap_id": beatmap_id, "content": found.content})
        else:
            click.echo(found.content, nl=not found.content.endswith("\n"))
        return
    output.write_bytes(data)
    stderr_console().print(f"wrote {len(data):,} bytes to {output}", style="green")
    if settings.json:
        md5 = hashlib.md5(data).hexdigest()  # noqa: S324 - the API's file_md5, not security
        emit_json({"beatmap_id": beatmap_id, "path": str(output), "bytes": len(data), "md5": md5})


def _looks_like_osu(path: Path | None, data: bytes) -> bool:
    if path is not None and path.suffix.lower() in (".osu", ".osr"):
        return path.suffix.lower() == ".osu"
    return data.removeprefix(_BOM).lstrip().startswith(OSU_MAGIC)


@click.command()
@click.argument(
    "file",
    required=False,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
)
@click.option(
    "--beatmap-id",
    type=ASCII_INT,
    default=None,
    help="Download this difficulty's .osu and parse it.",
)
@_subcommand_options
@click.pass_context
def parse(ctx: click.Context, file: Path | None, beatmap_id: int | None) -> None:
    """Parse a .osu or .osr FILE (or - for stdin) and show its sections and counts.

    The kind is taken from the suffix, else from the content (a .osu file starts with
    "osu file format"). With --beatmap-id, the .osu is downloaded first (no key needed).
    """
    settings = settings_of(ctx)
    if (file is None) == (beatmap_id is None):
        raise click.UsageError("give a FILE or --beatmap-id (one of them)")
    if beatmap_id is not None:
        with open_session(settings, key_required=False) as session:
            found = session.api.get_beatmap_file(beatmap_id)
        if found is None or not found.content:
            raise NotFoundError(f"no .osu file for beatmap {beatmap_id}")
        data, path = found.content.encode("utf-8"), None
    else:
        assert file is not None
        stdin = str(file) == "-"
        data = sys.stdin.buffer.read() if stdin else file.read_bytes()
        path = None if stdin else file
    if not data.strip():
        raise ParseError("the file is empty")
    if _looks_like_osu(path, data):
        text = data.decode("utf-8", errors="replace")
        if not data.removeprefix(_BOM).lstrip().startswith(OSU_MAGIC) and "[" not in text:
            raise ParseError("not a .osu file: no 'osu file format' header and no [Section]")
        summary = osu_summary(data)
    else:
        summary = osr_summary(data)
    if settings.json:
        emit_json(summary)
    else:
        stdout_console().print(render_summary(summary))


@click.command(name="pp")
@click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)
)
@click.option("--mode", "-m", type=MODE, default=None, help="Rate as this mode (a convert).")
@click.option("--mods", type=MODS, default=None, help="Mods, as acronyms (HDDT) or a number.")
@click.option("--acc", "accuracy", type=float, default=None, help="Accuracy in percent.")
@click.option("--combo", type=ASCII_INT, default=None, help="Highest combo (default: full).")
@click.option("--misses", type=ASCII_INT, default=None, help="Misses (default 0).")
@click.option("--n300", type=ASCII_INT, default=None, help="300s (else from --acc).")
@click.option("--n100", type=ASCII_INT, default=None, help="100s (else from --acc).")
@click.option("--n50", type=ASCII_INT, default=None, help="50s (else from --acc).")
@_subcommand_options
@click.pass_context
def pp(
    ctx: click.Context,
    file: Path,
    mode: GameMode | None,
    mods: GameModifiers | None,
    accuracy: float | None,
    combo: int | None,
    misses: int | None,
    n300: int | None,
    n100: int | None,
    n50: int | None,
) -> None:
    """Rate a play on a .osu FILE (or - for stdin): pp, its parts, stars, FC and SS figures.

    Needs the pp extra (rosu-pp-py). Without counts or --acc the play is an SS.
    """
    from osu_core.performance import calculate_performance

    settings = settings_of(ctx)
    data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    result = calculate_performance(
        data, mode=mode, mods=mods, accuracy=accuracy, combo=combo, misses=misses,
        n300=n300, n100=n100, n50=n50,
    )  # fmt: skip
    if settings.json:
        emit_json(_plain(result))
        return
    difficulty = result.difficulty
    parts = [
        (label, f"{value:,.2f}")
        for label, value in (
            ("aim", result.pp_aim),
            ("speed", result.pp_speed),
            ("accuracy", result.pp_accuracy),
            ("flashlight", result.pp_flashlight),
            ("difficulty", result.pp_difficulty),
        )
        if value is not None
    ]
    settings_line = ", ".join(
        f"{name} {round(value, 2):g}"
        for name, value in (
            ("AR", difficulty.ar),
            ("OD", difficulty.od),
            ("CS", difficulty.cs),
            ("HP", difficulty.hp),
        )
        if value is not None
    )
    rows: list[tuple[str, str]] = [
        ("pp", f"{result.pp:,.2f}"),
        *((f"  {label}", value) for label, value in parts),
        ("if FC", f"{result.pp_if_fc:,.2f}"),
        ("if SS", f"{result.pp_if_ss:,.2f}"),
        ("stars", f"{result.stars:.2f}"),
        ("max combo", f"{result.max_combo:,}x"),
        ("mode", mode_label(result.mode) + (" (convert)" if difficulty.is_convert else "")),
        ("mods", str(result.mods) if result.mods else "none"),
        ("settings", settings_line),
    ]
    stdout_console().print(key_values(rows))


def _plain(value: object) -> object:
    """A result as JSON values: enums by name (mods as their acronyms), nested results too."""
    import attrs

    if isinstance(value, GameModifiers):
        return str(value) if value else ""
    if isinstance(value, GameMode):
        return value.name.lower()
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))  # type: ignore[arg-type]
        return {field.name: _plain(getattr(value, field.name)) for field in fields}
    return value

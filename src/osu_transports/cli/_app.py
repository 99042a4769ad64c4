"""The ``osu-api`` command group: global options, the subcommands, and error handling.

Errors never show a traceback: every library error (and a missing key, an unknown user...)
becomes one line on stderr and its own exit code (:mod:`._errors`). A closed pipe
(``osu-api beatmaps --all --json | head``) ends the program quietly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from osu_core import __version__

from ._api_commands import beatmap, beatmaps, best, match, recent, scores, user
from ._context import Settings, global_options
from ._errors import HANDLED, ExitCode, describe
from ._file_commands import osu_file, parse, pp, replay
from ._tool_commands import mods, serve

__all__ = ["cli", "main"]

_EPILOG = """\b
Examples:
  osu-api --demo user 3141592          try it with no key and no internet
  osu-api user peppy --mode taiko
  osu-api scores 2468024 --mods HDDT --limit 5
  osu-api beatmaps --since 2024-01-01 --all --json > maps.jsonl
  osu-api replay 2468024 "Lunar Tanuki" --osr play.osr
  osu-api mods 72
  osu-api parse song.osu

Docs: docs/cli.md (JSON shapes and exit codes).
"""


class _Group(click.Group):
    """A click group that turns known errors into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(int(ExitCode.FAILURE))
        except HANDLED as error:
            code, line = describe(error)
            click.echo(click.style(line, fg="red"), err=True)
            ctx.exit(int(code))


def _silence_stdout() -> None:
    # Python's advice for SIGPIPE: point stdout at devnull so the flush at exit does not fail.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@click.group(
    cls=_Group,
    epilog=_EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@global_options(hidden=False, envvar=True)
@click.version_option(__version__, "--version", "-V", prog_name="osu-api")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Ask the osu! API v1 from the command line: players, beatmaps, scores, matches, replays.

    Tables by default, --json for scripts. Global options may also follow the subcommand.
    """
    ctx.ensure_object(Settings)


for _command in (beatmap, beatmaps, best, match, mods, osu_file, parse, pp, recent, replay):
    cli.add_command(_command)
for _command in (scores, serve, user):
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the ``osu-api`` command (the console script's entry point).

    Args:
        argv: The arguments (``sys.argv[1:]`` when ``None``).
    """
    cli.main(args=list(argv) if argv is not None else None, prog_name="osu-api")

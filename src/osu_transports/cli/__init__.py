"""The ``osu-api`` command-line tool (install with the ``cli`` extra: click and rich).

``osu-api --demo user 3141592`` asks the embedded emulator, with no key and no internet;
``osu-api --help`` lists the commands, and ``docs/cli.md`` documents the ``--json`` shapes and
the exit codes. ``python -m osu_transports.cli`` runs it too.

Only this package imports click and rich, so ``import osu_transports`` stays light.
"""

from ._app import cli, main
from ._errors import ExitCode

__all__ = ["ExitCode", "cli", "main"]

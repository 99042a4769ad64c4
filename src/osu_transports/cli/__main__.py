"""``python -m osu_transports.cli``: the same as the ``osu-api`` console script."""

from . import main

main()

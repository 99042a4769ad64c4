"""Exit codes and the one-line messages the command-line tool prints for each failure.

Every library error maps to one line on stderr and its own exit code, so scripts can branch on
``$?`` without parsing text. The table here is the single source: ``docs/cli.md`` lists it and a
test checks that every code is distinct. Nothing here touches the network or prints.

A message can carry what a server sent (an ``{"error": ...}`` text), so the line is made safe
for a terminal whatever the server is: control characters (an ESC starting a terminal escape
sequence, say) are shown escaped, and a long message is cut to :data:`MAX_MESSAGE` characters.
"""

from __future__ import annotations

import enum

from osu_core import (
    CorruptReplayError,
    HTTPError,
    InvalidArgument,
    OsuError,
    ParseError,
    RateLimitError,
    ReplayUnavailable,
    RequestTimeoutError,
    ResponseError,
    RouteNotFound,
    TransportError,
    UnreferencedApi,
    WrongApiKey,
)

__all__ = ["HANDLED", "MAX_MESSAGE", "ExitCode", "MissingKeyError", "NotFoundError", "describe"]


class ExitCode(enum.IntEnum):
    """The tool's exit statuses (documented in ``docs/cli.md``)."""

    OK = 0
    #: Anything else: a file that cannot be written, a port that cannot be bound...
    FAILURE = 1
    #: click's own code for a bad command line (unknown option, bad --mode or --mods...).
    USAGE = 2
    #: No API key given, or the API rejected it (``WrongApiKey``).
    WRONG_API_KEY = 3
    #: The user, beatmap, match or score asked for does not exist.
    NOT_FOUND = 4
    #: The library or the API rejected an argument (``InvalidArgument``).
    INVALID_ARGUMENT = 5
    #: The API keeps no replay of that score (``ReplayUnavailable``).
    REPLAY_UNAVAILABLE = 6
    #: Still rate limited after the client's retries (``RateLimitError``).
    RATE_LIMITED = 7
    #: The server has no such path: a wrong ``--base-url``? (``RouteNotFound``).
    ROUTE_NOT_FOUND = 8
    #: Any other error answer from the API (``HTTPError``).
    HTTP_ERROR = 9
    #: The answer was not JSON, or not the documented shape (``ResponseError``).
    RESPONSE_ERROR = 10
    #: A ``.osu`` or ``.osr`` file could not be parsed (``ParseError``).
    PARSE_ERROR = 11
    #: The server could not be reached: refused, reset, DNS... (``TransportError``).
    NETWORK_ERROR = 12
    #: The server did not answer in time (``RequestTimeoutError``).
    TIMEOUT = 13
    #: A replay stream is corrupt (``CorruptReplayError``).
    CORRUPT_REPLAY = 14
    #: A model shorthand was used with no client (``UnreferencedApi``; a bug if ever seen).
    UNREFERENCED_API = 15


class NotFoundError(Exception):
    """The API answered with nothing for what was asked (an unknown user, beatmap or match)."""


class MissingKeyError(Exception):
    """Neither ``--key`` nor ``OSU_API_KEY`` gave a key, and ``--demo`` was not asked for."""


# Most specific first: the first class the error is an instance of decides.
_CODES: tuple[tuple[type[BaseException], ExitCode], ...] = (
    (MissingKeyError, ExitCode.WRONG_API_KEY),
    (NotFoundError, ExitCode.NOT_FOUND),
    (WrongApiKey, ExitCode.WRONG_API_KEY),
    (InvalidArgument, ExitCode.INVALID_ARGUMENT),
    (ReplayUnavailable, ExitCode.REPLAY_UNAVAILABLE),
    (RateLimitError, ExitCode.RATE_LIMITED),
    (RouteNotFound, ExitCode.ROUTE_NOT_FOUND),
    (HTTPError, ExitCode.HTTP_ERROR),
    (ResponseError, ExitCode.RESPONSE_ERROR),
    (CorruptReplayError, ExitCode.CORRUPT_REPLAY),
    (ParseError, ExitCode.PARSE_ERROR),
    (RequestTimeoutError, ExitCode.TIMEOUT),
    (TransportError, ExitCode.NETWORK_ERROR),
    (UnreferencedApi, ExitCode.UNREFERENCED_API),
    (OsuError, ExitCode.FAILURE),
    (OSError, ExitCode.FAILURE),
)

#: What to add after the message, so the line also says what to do next.
_HINTS: dict[ExitCode, str] = {
    ExitCode.WRONG_API_KEY: "pass --key or set OSU_API_KEY; --demo needs none",
    ExitCode.NETWORK_ERROR: "check your connection or --base-url",
    ExitCode.TIMEOUT: "try again, or raise --timeout",
    ExitCode.ROUTE_NOT_FOUND: "is --base-url an osu! API v1 server?",
}

#: The most of an error's message a line shows (the library's own are far shorter; a server's
#: ``{"error": ...}`` text may be any length).
MAX_MESSAGE = 300

#: The exception classes :func:`describe` knows, for the command group to catch.
HANDLED: tuple[type[BaseException], ...] = tuple(cls for cls, _ in _CODES)


def describe(error: BaseException) -> tuple[ExitCode, str]:
    """The exit code and the one-line message for an error.

    The library's messages never hold the API key or a keyed URL (see ``osu_core._errors``),
    and neither do the tool's own, so the line is safe to print; what a server put in it is
    shown with control characters escaped and cut to :data:`MAX_MESSAGE` characters.

    Args:
        error: An instance of one of the :data:`HANDLED` classes.

    Returns:
        ``(code, line)``; the line has no newline and names the error class.
    """
    code = next((c for cls, c in _CODES if isinstance(error, cls)), ExitCode.FAILURE)
    if isinstance(error, NotFoundError):
        label = "not found"
    elif isinstance(error, MissingKeyError):
        label = "no API key"
    else:
        label = type(error).__name__
    text = _printable(" ".join(str(error).split())) or "(no details)"
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 3] + "..."
    hint = _HINTS.get(code)
    line = f"error: {label}: {text}" + (f" ({hint})" if hint else "")
    return code, line


def _printable(text: str) -> str:
    # Whitespace is already single spaces; anything else unprintable (C0/C1 controls, bidi
    # overrides, lone surrogates) is written as its Python escape, e.g. "\\x1b".
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )

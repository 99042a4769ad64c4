"""The library's exceptions, in one leaf module that imports nothing from the package.

Every error the library raises derives from :class:`OsuError`, so one ``except`` clause is
enough for callers who do not care why. The tree (names of the original library kept exactly,
new classes take an ``Error`` suffix)::

    OsuError
    ├── HTTPError (message, code)        the API refused; raised by check_response
    │   ├── WrongApiKey                  401, or "Please provide a valid API key."
    │   ├── RouteNotFound                404, 301 and 302: the path does not exist (any more)
    │   ├── InvalidArgument              400, and every bad argument caught before any I/O
    │   │                                (also a ValueError)
    │   ├── ReplayUnavailable            "Replay not available." / "Replay retrieval failed."
    │   └── RateLimitError (retry_after) 429, or "Requesting too fast! ..."
    ├── ResponseError                    the body is not JSON, or not the expected shape
    │   └── ResponseTooLargeError (limit) the body is over the client's size limit
    ├── ParseError (line, section, offset) .osu files, replay streams and .osr files
    │   └── CorruptReplayError           bad base64, bad LZMA, malformed frames
    │       └── ReplayTooLargeError (limit) decompresses past a limit no real replay reaches
    ├── UnreferencedApi                  a model shorthand used on a model bound to no client
    ├── CollectionTypeError              a collection given an item of another model type
    │                                    (also a TypeError and, as the original, a ValueError)
    ├── TransportError (kind)            transports only; a key-free copy of the httpx error
    │   └── RequestTimeoutError           is chained
    ├── SharedLimitError                 the shared rate limiter's Redis failed (on_error="raise")
    └── MissingExtraError (extra)        an optional dependency is not installed (also an
                                         ImportError); the message names the extra to install

Messages name what was wrong (the parameter, the field and row, the line); none ever holds the
API key or a URL that carries it. Errors carry their data as attributes (as h11's
``error_status_hint`` and gidgethub's ``status_code`` do) so callers never parse messages.
"""

from __future__ import annotations

import enum

__all__ = [
    "CollectionTypeError",
    "CorruptReplayError",
    "HTTPError",
    "InvalidArgument",
    "MissingExtraError",
    "OsuError",
    "ParseError",
    "RateLimitError",
    "ReplayTooLargeError",
    "ReplayUnavailable",
    "RequestTimeoutError",
    "ResponseError",
    "ResponseTooLargeError",
    "RouteNotFound",
    "SharedLimitError",
    "TransportError",
    "TransportFailure",
    "UnreferencedApi",
    "WrongApiKey",
]


class OsuError(Exception):
    """Base class of every error this library raises.

    Attributes:
        message: A human-readable description (never holds the API key).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        # Never raises, whatever a caller put in ``message``.
        message = self.message
        return message if isinstance(message, str) else repr(message)


class HTTPError(OsuError):
    """The osu! API answered with an error (an error status or an ``{"error": ...}`` body).

    The original library's order, ``HTTPError(code, message)``, is accepted too: an int first
    and a string (or nothing) second are taken as the code and the message.

    Attributes:
        message: What the API said, or a description of the status.
        code: The HTTP status code of the response (``None`` for errors raised before I/O),
            or the class's documented code where the reference gives one.
        status: The HTTP status of the response the error came from, if any (it differs from
            ``code`` for errors the API sends with a 200, such as an unavailable replay).
    """

    default_code: int | None = None

    def __init__(self, message: str, code: int | None = None) -> None:
        first: object = message
        second: object = code
        if isinstance(first, int) and not isinstance(first, bool) and not isinstance(second, int):
            # HTTPError(code, message), the original library's order
            message = second if isinstance(second, str) else f"HTTP {first}"
            code = first
        super().__init__(message)
        self.status = code
        self.code = self.default_code if code is None else code

    def __repr__(self) -> str:
        return f"{type(self).__name__}(message={self.message!r}, code={self.code!r})"


class WrongApiKey(HTTPError):
    """The API key is missing or invalid (HTTP 401, ``Please provide a valid API key.``)."""

    default_code = 401


class RouteNotFound(HTTPError):
    """The requested path does not exist or was redirected (HTTP 404, 301 or 302)."""

    default_code = 404


class InvalidArgument(HTTPError, ValueError):
    """An argument is not valid.

    Raised by the request builders before any I/O, naming the parameter and what is allowed,
    and for an HTTP 400 from the API.

    Attributes:
        parameter: The name of the offending parameter, when known.
    """

    default_code = 400

    def __init__(
        self, message: str, code: int | None = None, *, parameter: str | None = None
    ) -> None:
        super().__init__(message, code)
        self.parameter = parameter


class ReplayUnavailable(HTTPError):
    """The API has no replay for that score (``Replay not available.``), or could not fetch it
    (``Replay retrieval failed.``).

    Its ``code`` is always the documented 400; the API sends these with HTTP 200, which
    ``status`` keeps.
    """

    default_code = 400

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message, code)
        self.code = self.default_code


class RateLimitError(HTTPError):
    """The API says requests come too fast (HTTP 429 or ``Requesting too fast!...``).

    Attributes:
        retry_after: Seconds the server asked to wait (from ``Retry-After``), or ``None``.
    """

    default_code = 429

    def __init__(
        self, message: str, code: int | None = None, *, retry_after: float | None = None
    ) -> None:
        super().__init__(message, code)
        self.retry_after = retry_after


class ResponseError(OsuError):
    """The response body is not JSON, or not the shape the endpoint documents.

    Attributes:
        endpoint: The endpoint whose response failed to parse (e.g. ``get_user``).
        path: Where in the body the problem is, e.g. ``[3].approved_date`` (may be empty).
    """

    def __init__(self, message: str, *, endpoint: str | None = None, path: str = "") -> None:
        super().__init__(message)
        self.endpoint = endpoint
        self.path = path


class ResponseTooLargeError(ResponseError):
    """The response body is larger than the client's limit, so it was not read to the end.

    The limit keeps memory bounded whatever a server sends; raise it per client
    (``max_response_size=``) if a real answer ever needs more.

    Attributes:
        limit: The limit, in bytes, that the body exceeded.
    """

    def __init__(self, message: str, *, limit: int, endpoint: str | None = None) -> None:
        super().__init__(message, endpoint=endpoint)
        self.limit = limit


class ParseError(OsuError):
    """A ``.osu`` file, a replay stream or an ``.osr`` file could not be parsed.

    Attributes:
        line: 1-based line number in a text format, when known.
        section: The ``.osu`` section (e.g. ``HitObjects``) being read, when known.
        offset: Byte or frame offset in a binary or frame stream, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        section: str | None = None,
        offset: int | None = None,
    ) -> None:
        where = []
        if section is not None:
            where.append(f"section [{section}]")
        if line is not None:
            where.append(f"line {line}")
        if offset is not None:
            where.append(f"offset {offset}")
        full = f"{message} ({', '.join(where)})" if where else message
        super().__init__(full)
        self.line = line
        self.section = section
        self.offset = offset


class CorruptReplayError(ParseError):
    """A replay stream is corrupt: bad base64, truncated or invalid LZMA, malformed frames.

    The API is known to hand out corrupt streams now and then, so callers that batch-process
    replays should expect this one.
    """


class ReplayTooLargeError(CorruptReplayError):
    """A replay (or an ``.osr`` part) decompresses to more bytes or frames than any real one has.

    Raised instead of spending unbounded memory and time on a decompression bomb.

    Attributes:
        limit: The limit that was exceeded (bytes or frames, as the message says).
    """

    def __init__(self, message: str, *, limit: int, offset: int | None = None) -> None:
        super().__init__(message, offset=offset)
        self.limit = limit


class UnreferencedApi(OsuError):
    """A model shorthand (e.g. ``Beatmap.get_beatmapset()``) was called on a model that no
    client returned, so there is no client to send the request with."""


class CollectionTypeError(OsuError, TypeError, ValueError):
    """A collection was given an item of another type (``ScoreCollection().append(beatmap)``).

    Both a ``TypeError`` (what it is) and a ``ValueError`` (what the original library raised),
    so code written for either catches it.
    """


class TransportFailure(enum.Enum):
    """What kind of transport failure a :class:`TransportError` was.

    The retry policy decides from it (``osu_core.is_retryable``): a refused connection or a name
    that does not resolve will most likely fail the same way on the next attempt; a timeout or a
    connection lost half-way may well not.
    """

    #: The host's name did not resolve (DNS).
    NAME_RESOLUTION = "name resolution"
    #: No connection could be made: refused, unreachable, TLS handshake failed.
    CONNECT = "connect"
    #: A connect, read, write or pool timeout, or the attempt's whole time budget ran out.
    TIMEOUT = "timeout"
    #: The connection was reset or closed before the answer was complete.
    CONNECTION_LOST = "connection lost"
    #: The server's bytes were not valid HTTP (a malformed status line, bad framing...).
    PROTOCOL = "protocol"
    #: Anything else (an invalid URL, an unsupported protocol...).
    OTHER = "other"


class TransportError(OsuError):
    """Sending the request failed (connection refused or reset, protocol error, ...).

    Raised by the transports only. A copy of the underlying httpx exception is chained as
    ``__cause__``, rebuilt without the key (its message and its ``request`` URL are redacted), and
    nothing else is chained: the original, whose request carries the key, is not reachable.

    Attributes:
        kind: What kind of failure it was (a :class:`TransportFailure`).
    """

    default_kind = TransportFailure.OTHER

    def __init__(self, message: str, *, kind: TransportFailure | None = None) -> None:
        super().__init__(message)
        self.kind = self.default_kind if kind is None else kind

    def __repr__(self) -> str:
        return f"{type(self).__name__}(message={self.message!r}, kind={self.kind!r})"


class RequestTimeoutError(TransportError):
    """The request timed out (connect, read, write or pool timeout, or the whole attempt)."""

    default_kind = TransportFailure.TIMEOUT


class SharedLimitError(OsuError):
    """The Redis store of a shared rate limiter failed (unreachable, too slow, or an answer
    no limiter script gives), and the limiter was told to raise (``on_error="raise"``) rather
    than fall back to a local limiter. Nothing is chained: a Redis client's exception can
    hold its connection settings, password included; the message says what failed."""


class MissingExtraError(OsuError, ImportError):
    """A feature needs an optional dependency that is not installed.

    Also an ``ImportError``, so code that guards an optional import with ``except ImportError``
    catches it too. The message says what to install (``pip install 'osu-api-v1[pp]'``).

    Attributes:
        extra: The distribution's extra that installs the dependency (e.g. ``pp``).
        name: The module that could not be imported (e.g. ``rosu_pp_py``), as on any
            ``ImportError``.
    """

    def __init__(self, message: str, *, extra: str, name: str | None = None) -> None:
        super().__init__(message)
        self.extra = extra
        self.name = name

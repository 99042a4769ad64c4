"""The value types that cross the core/transport boundary, and the key-free URL helpers.

A transport's whole job is: take a :class:`Call`, :func:`prepare` its :class:`Request` against a
base URL, add the key (innermost, on a copy), send it, wrap what came back in a
:class:`Response` and hand that to ``call.parse``. The core never sees an httpx type, never holds
the key in anything it prints, and never does I/O (the shape is gidgethub's ``sansio.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

import attrs

__all__ = [
    "DEFAULT_BASE_URL",
    "SECRET_PARAMS",
    "Call",
    "PreparedRequest",
    "Request",
    "Response",
    "prepare",
    "redact_url",
]

T = TypeVar("T")
U = TypeVar("U")

#: The official server. Private servers and mirrors expose the same v1 paths.
DEFAULT_BASE_URL = "https://osu.ppy.sh"

#: Query parameters whose value is a secret and is never printed.
SECRET_PARAMS = frozenset({"k"})


@attrs.frozen(kw_only=True)
class Request:
    """What to ask the API: no base URL, no key.

    Attributes:
        endpoint: The operation's name, e.g. ``get_user`` or ``osu_file``; rate-limit buckets and
            log lines use it.
        method: The HTTP method (the v1 API only uses GET).
        path: The path below the base URL, e.g. ``/api/get_user`` or ``/osu/75``.
        params: The query parameters as ordered ``(name, value)`` string pairs.
        needs_key: Whether the API key must be added (``/osu/{id}`` needs none).
    """

    endpoint: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    method: str = "GET"
    needs_key: bool = True


def _lower_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Mapping[str, str]:
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return {str(name).lower(): str(value) for name, value in pairs}


@attrs.frozen(kw_only=True)
class Response:
    """What the API answered: the three parts gidgethub's ``decipher_response`` takes.

    Attributes:
        status_code: The HTTP status.
        headers: The headers, names lower-cased.
        body: The raw body bytes.
    """

    status_code: int
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_lower_headers, hash=False)
    body: bytes = b""


@attrs.frozen(kw_only=True)
class Call(Generic[T]):
    """A request plus the function that turns its response into a result.

    ``api.call(c)`` in any transport returns whatever ``c.parse`` returns, so it is typed as
    ``T``.

    Attributes:
        request: The request to send.
        parse: Turns the response into the result, or raises an :class:`~osu_core.OsuError`.
    """

    request: Request
    parse: Callable[[Response], T] = attrs.field(eq=False)

    def map(self, then: Callable[[T], U]) -> Call[U]:
        """A call for the same request whose result is ``then(result)``."""
        parse = self.parse

        def mapped(response: Response) -> U:
            return then(parse(response))

        return Call(request=self.request, parse=mapped)


@attrs.frozen(kw_only=True)
class PreparedRequest:
    """A request resolved against a base URL, with the key kept apart.

    ``url`` and ``repr()`` never contain the key. Transports call :meth:`params_with_key` in their
    innermost layer (after logging, on a copy) to get the parameters actually sent.

    Attributes:
        method: The HTTP method.
        url: The full URL without query string.
        params: The query parameters, without the key.
        endpoint: The operation's name.
    """

    method: str
    url: str
    params: tuple[tuple[str, str], ...]
    endpoint: str
    api_key: str | None = attrs.field(default=None, repr=False)

    def params_with_key(self) -> tuple[tuple[str, str], ...]:
        """The parameters to send: the key first (as the API wiki lists it), then the rest."""
        if self.api_key is None:
            return self.params
        return (("k", self.api_key), *self.params)

    @property
    def redacted_url(self) -> str:
        """The URL with its query string, the key shown as ``k=***`` when one will be sent."""
        from urllib.parse import urlencode

        shown = self.params if self.api_key is None else (("k", "***"), *self.params)
        return f"{self.url}?{urlencode(shown, safe='*')}" if shown else self.url


def prepare(
    request: Request, *, base_url: str = DEFAULT_BASE_URL, api_key: str | None = None
) -> PreparedRequest:
    """Resolve ``request`` against ``base_url`` and attach the key if the endpoint needs one.

    Args:
        request: The request to prepare.
        base_url: Scheme and host (and an optional path prefix) of the server.
        api_key: The API key; kept out of ``url`` and ``repr``.

    Returns:
        The prepared request.
    """
    return PreparedRequest(
        method=request.method,
        url=base_url.rstrip("/") + request.path,
        params=request.params,
        endpoint=request.endpoint,
        api_key=api_key if request.needs_key else None,
    )


def redact_url(url: str, secrets: Iterable[str] = SECRET_PARAMS) -> str:
    """Return ``url`` (or any text holding URLs, such as a log line) with the value of every
    secret query parameter replaced by ``***``.

    It works on the text, not on a parsed URL, so malformed URLs and whole log messages are
    redacted too; text without secrets comes back unchanged.
    """
    names = "|".join(re.escape(name) for name in sorted(secrets))
    if not names:
        return url
    return re.sub(rf"(?<=[?&;])({names})=[^&#\s\"'<>]*", r"\1=***", url)

"""The value types that cross the core/transport boundary, and the key-free URL helpers.

A transport's whole job is: take a :class:`Call`, :func:`prepare` its :class:`Request` against a
base URL, add the key (innermost, on a copy), send it, wrap what came back in a
:class:`Response` and hand that to ``call.parse``. The core never sees an httpx type, never holds
the key in anything it prints, and never does I/O (the shape is gidgethub's ``sansio.py``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar
from urllib.parse import urlsplit

import attrs

from ._enums import shown
from ._errors import InvalidArgument

__all__ = [
    "DEFAULT_BASE_URL",
    "SECRET_PARAMS",
    "Call",
    "PreparedRequest",
    "Request",
    "Response",
    "check_base_url",
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


def _bad_field(name: str, rule: str, value: object) -> InvalidArgument:
    return InvalidArgument(f"{name}: must be {rule}, got {shown(value)}", parameter=name)


def _status_code(value: int) -> int:
    # RFC 9110 §15: "All valid status codes are within the range of 100 to 599, inclusive."
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 100 <= int.__int__(value) <= 599
    ):
        raise _bad_field("status_code", "an int from 100 to 599", value)
    return int.__int__(value)


def _lower_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Mapping[str, str]:
    given: object = headers  # checked as what callers may really pass, not as annotated
    rule = "a mapping or (name, value) pairs of str"
    if isinstance(given, (str, bytes, bytearray)):
        raise _bad_field("headers", rule, given)
    try:
        pairs = list(given.items() if isinstance(given, Mapping) else given)  # type: ignore[call-overload]
    except TypeError:
        raise _bad_field("headers", rule, given) from None
    lowered: dict[str, str] = {}
    for pair in pairs:
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            raise _bad_field("headers", rule, pair)
        name, value = pair
        if not (isinstance(name, str) and isinstance(value, str)):
            raise _bad_field("headers", rule, pair)
        lowered[name.lower()] = value
    return lowered


def _body(value: bytes | bytearray | memoryview) -> bytes:
    given: object = value
    if type(given) is bytes:
        return given
    if isinstance(given, (bytes, bytearray, memoryview)):
        try:
            return bytes(given)
        except ValueError:  # a released memoryview
            pass
    hint = "; encode text first" if isinstance(given, str) else ""
    raise InvalidArgument(
        f"body: must be bytes (or a bytearray or memoryview), got a {type(given).__name__}{hint}",
        parameter="body",
    )


@attrs.frozen(kw_only=True)
class Response:
    """What the API answered: the three parts gidgethub's ``decipher_response`` takes.

    Attributes:
        status_code: The HTTP status, an int from 100 to 599.
        headers: The headers, names lower-cased (given as a mapping or as ``(name, value)``
            pairs of str; for a repeated name the last value wins).
        body: The raw body bytes (a bytearray or memoryview is copied into bytes).

    Raises:
        InvalidArgument: naming the field, for a value of another type or out of range (a
            ``str`` body included: the core never guesses an encoding).
    """

    status_code: int = attrs.field(converter=_status_code)
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_lower_headers, hash=False)
    body: bytes = attrs.field(default=b"", converter=_body)


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

    Raises:
        InvalidArgument: if ``base_url`` is not one :func:`check_base_url` accepts.
    """
    return PreparedRequest(
        method=request.method,
        url=_checked(base_url) + request.path,
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


# --- base URLs --------------------------------------------------------------------------------

_SCHEMES = {"http": 80, "https": 443}  # and their default ports, which the normal form omits
# Far below httpx's 65,536-character limit on a whole URL (httpx/_urlparse.py, MAX_URL_LENGTH),
# so the path and query appended to it never reach that limit either.
_MAX_BASE_URL = 2048
# RFC 3986 §3.3: pchar = unreserved / pct-encoded / sub-delims / ":" / "@"; non-ASCII letters
# are allowed too (an IRI path, which httpx percent-encodes).
_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2}|[^\x00-\x7f])*")
# A DNS label (RFC 1035 §2.3.4: at most 63 octets), plus "_" which internal names use.
_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
_IPV4_PART = re.compile(r"0|[1-9][0-9]{0,2}")
_IPV6_GROUP = re.compile(r"[0-9a-f]{1,4}")


class _BadURL(Exception):
    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


def check_base_url(url: str) -> str:
    """Check a server's base URL and return it in normal form.

    The normal form is ``scheme://host[:port][/path/prefix]``: scheme and host lower-cased,
    the scheme's default port (80, 443) and an empty port dropped, no trailing slash. Spaces
    around the URL are ignored; a trailing newline from a config file does no harm.

    Rules, so that an unusable URL fails here with the reason rather than deep in httpx (or
    with a request to an unintended host):

    * the scheme is ``http`` or ``https``;
    * the host is a DNS name in ASCII (labels of letters, digits, ``-`` and ``_``, at most 63
      characters each and 253 in all; an internationalised name in its ``xn--`` form), a
      dotted-quad IPv4 address, or a bracketed IPv6 address (no zone id); a name whose last
      label is a number must be an IPv4 address;
    * the port, if any, is 1 to 65535 in ASCII digits;
    * the path holds only URL path characters (RFC 3986 §3.3, and non-ASCII letters);
    * no query string and no fragment (the client appends the query; a fragment is never sent);
    * no whitespace or control character inside, and at most 2048 characters;
    * no user name or password (``user:pass@host``): the API does not use HTTP authentication,
      and credentials in a URL end up in logs and messages. Messages show them, and the value
      of a ``k=`` (API key) parameter, as ``***``.

    It uses ``urllib.parse`` only, and costs a few microseconds; :func:`prepare` checks through
    a small cache, so a client's fixed base URL is checked once.

    Args:
        url: The base URL, e.g. ``"https://osu.ppy.sh"`` or ``"http://127.0.0.1:8080/mirror/"``.

    Returns:
        The URL in normal form, e.g. ``"http://127.0.0.1:8080/mirror"``.

    Raises:
        InvalidArgument: with ``parameter="base_url"``, naming the rule and the value.
    """
    if not isinstance(url, str):
        raise InvalidArgument(f"base_url: must be a string, got {shown(url)}", parameter="base_url")
    text = url.strip()
    try:
        return _normal_base_url(text)
    except _BadURL as exc:
        # Never echo a secret: user:password@ becomes ***@, and a k= parameter k=***.
        safe = redact_url(_without_userinfo(text))
        raise InvalidArgument(
            f"base_url: {exc.rule}, got {shown(safe)}", parameter="base_url"
        ) from None


# prepare() runs per request with the client's one base URL: a hit costs ~0.05 µs, a check 3-6 µs.
_cached_check = functools.lru_cache(maxsize=64)(check_base_url)


def _checked(url: str) -> str:
    # Only exact str goes through the cache: an unhashable value would raise TypeError there.
    return _cached_check(url) if type(url) is str else check_base_url(url)


def _normal_base_url(text: str) -> str:
    if len(text) > _MAX_BASE_URL:
        raise _BadURL(f"is longer than {_MAX_BASE_URL} characters")
    if not text.isprintable() or " " in text:
        raise _BadURL("must not contain whitespace or control characters")
    try:
        parts = urlsplit(text)
    except ValueError as exc:  # "Invalid IPv6 URL", or a netloc that NFKC would change
        raise _BadURL(f"is not a URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES or not text[len(scheme) :].startswith("://"):
        raise _BadURL("must start with http:// or https://")
    if "?" in text or "#" in text:
        raise _BadURL("must not have a query string or a fragment")
    netloc = parts.netloc
    if "@" in netloc:
        raise _BadURL("must not hold a user name or password")
    host, port = _host_and_port(netloc)
    if port is not None and port != _SCHEMES[scheme]:
        host = f"{host}:{port}"
    if not _PATH.fullmatch(parts.path):
        raise _BadURL("has a path with characters a URL path cannot hold")
    return f"{scheme}://{host}{parts.path.rstrip('/')}"


def _host_and_port(netloc: str) -> tuple[str, int | None]:
    if netloc.startswith("["):
        end = netloc.find("]")
        literal, rest = netloc[1:end].lower(), netloc[end + 1 :]
        if end < 0 or not _is_ipv6(literal):
            raise _BadURL("has a bracketed host that is not an IPv6 address")
        if rest and not rest.startswith(":"):
            raise _BadURL("has text after the IPv6 address")
        host, port_text = f"[{literal}]", rest[1:]
    else:
        name, _, port_text = netloc.partition(":")
        host = _host_name(name)
    if not port_text:
        return host, None
    if not (port_text.isascii() and port_text.isdigit() and len(port_text) <= 5):
        raise _BadURL("has a port that is not a number from 1 to 65535")
    port = int(port_text)
    if not 1 <= port <= 65535:
        raise _BadURL("has a port that is not a number from 1 to 65535")
    return host, port


def _host_name(name: str) -> str:
    if not name:
        raise _BadURL("has no host")
    if not name.isascii():
        # IDNA 2003 (the stdlib's codec) and IDNA 2008 (httpx's idna package) disagree on some
        # names ("faß.de" is fass.de to one, xn--fa-hia.de to the other): no guessing.
        raise _BadURL("has a non-ASCII host name; give its ASCII (xn--) form")
    host = name.lower()
    labels = host.removesuffix(".").split(".")
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise _BadURL("has a host that is not a valid host name")
    if labels[-1].isdigit() and not _is_ipv4(host):
        raise _BadURL("has a numeric host that is not an IPv4 address (a.b.c.d, each 0-255)")
    return host


def _is_ipv4(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 4 and all(
        _IPV4_PART.fullmatch(part) and int(part) <= 255 for part in parts
    )


def _is_ipv6(text: str) -> bool:
    # RFC 4291 §2.2: eight groups of 1-4 hex digits, one "::" for one or more zero groups, the
    # last 32 bits optionally as an IPv4 address.
    if text.count("::") > 1:
        return False
    head, gap, tail = text.partition("::")
    groups = (head.split(":") if head else []) + (tail.split(":") if tail else [])
    wanted = 8
    if groups and "." in groups[-1]:
        if not _is_ipv4(groups.pop()):
            return False
        wanted = 6
    if not all(_IPV6_GROUP.fullmatch(group) for group in groups):
        return False
    return len(groups) < wanted if gap else len(groups) == wanted


def _without_userinfo(text: str) -> str:
    # For messages: "http://user:pass@host/" is shown as "http://***@host/".
    scheme, sep, rest = text.partition("://")
    authority_end = min((i for i in map(rest.find, "/?#") if i >= 0), default=len(rest))
    at = rest.rfind("@", 0, authority_end)
    if not sep or at < 0:
        return text
    return f"{scheme}://***{rest[at:]}"

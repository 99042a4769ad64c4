"""From a response (status, headers, body) to decoded JSON or a typed error.

One table maps the API's known error messages to error classes; the status decides only when the
body carries no message, because the message is the more specific signal (the real API has been
seen answering ``Replay not available.`` with HTTP 404, and sends key errors with 401 but replay
errors with 200). Evidence for each message is in ``reference/api-v1.md`` §0 and §7. No I/O.

Whatever the body, these functions raise only the library's errors: JSON nested deeper than
Python's decoder can recurse (``b"[" * 1000``: a ``RecursionError`` at a depth that depends on
the Python version and on how deep the caller's stack already is) is a :class:`ResponseError`,
and so are the ``NaN`` and ``Infinity`` literals, which are not JSON (RFC 8259 §6) although
Python's decoder accepts them.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Mapping
from typing import Any

from ._errors import (
    HTTPError,
    InvalidArgument,
    RateLimitError,
    ReplayUnavailable,
    ResponseError,
    RouteNotFound,
    WrongApiKey,
)
from ._http import Response

__all__ = ["check_response", "decode_json", "retry_after"]

#: Known ``{"error": ...}`` messages (matched by prefix, case-insensitively) and their errors.
KNOWN_MESSAGES: tuple[tuple[str, type[HTTPError]], ...] = (
    ("please provide a valid api key", WrongApiKey),
    ("replay not available", ReplayUnavailable),
    ("replay retrieval failed", ReplayUnavailable),
    ("requesting too fast", RateLimitError),
)

_BY_STATUS: Mapping[int, type[HTTPError]] = {
    400: InvalidArgument,
    401: WrongApiKey,
    301: RouteNotFound,
    302: RouteNotFound,
    404: RouteNotFound,
    429: RateLimitError,
}


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds, or an HTTP-date measured
    against the response's own ``Date`` header, since the core reads no clock)."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        # delay-seconds (RFC 9110 §10.2.3) is ASCII digits; float() would also read "٣",
        # "1_0", "nan" and "1e400" (inf), none of which is a wait.
        seconds = float(value) if value.isascii() and "_" not in value else math.nan
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    until = _http_date(value)
    sent = _http_date(headers.get("date", ""))
    if until is None or sent is None:
        return None
    return max(0.0, (until - sent).total_seconds())


_MONTHS = {
    name: i
    for i, name in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}


def _http_date(text: str) -> _dt.datetime | None:
    """An IMF-fixdate (RFC 9110 §5.6.7: ``Wed, 21 Oct 2026 07:28:30 GMT``), or None.

    Parsed by hand: ``email.utils`` would import ``socket`` into the core, and ``strptime``'s
    ``%a``/``%b`` follow the process locale.
    """
    parts = text.replace(",", " ").split()
    if len(parts) != 6 or parts[5] != "GMT" or parts[2] not in _MONTHS or not text.isascii():
        return None
    try:
        hour, minute, second = (int(x) for x in parts[4].split(":"))
        return _dt.datetime(
            int(parts[3]),
            _MONTHS[parts[2]],
            int(parts[1]),
            hour,
            minute,
            second,
            tzinfo=_dt.timezone.utc,
        )
    except ValueError:
        return None


def _error(cls: type[HTTPError], message: str, response: Response) -> HTTPError:
    if cls is RateLimitError:
        return RateLimitError(
            message, response.status_code, retry_after=retry_after(response.headers)
        )
    return cls(message, response.status_code)


def check_response(response: Response, *, endpoint: str) -> None:
    """Raise the typed error a response stands for, if any.

    Raises:
        WrongApiKey, RouteNotFound, InvalidArgument, ReplayUnavailable, RateLimitError,
        HTTPError: as the body's ``{"error": ...}`` message or, failing that, the status says.
    """
    message = _error_message(response.body)
    if message is not None:
        lowered = message.lower()
        for prefix, known in KNOWN_MESSAGES:
            if lowered.startswith(prefix):
                raise _error(known, message, response)
        raise _error(_BY_STATUS.get(response.status_code, HTTPError), message, response)
    status = response.status_code
    if 200 <= status < 300:
        return
    redirected = 300 <= status < 400
    by_status = _BY_STATUS.get(status, RouteNotFound if redirected else HTTPError)
    description = f"{endpoint}: HTTP {status}" + (" (redirected)" if redirected else "")
    raise _error(by_status, description, response)


def _not_json(literal: str) -> Any:
    raise ValueError(f"{literal} is not a JSON value")


#: The decoder for bodies: ``json.loads`` itself but for the ``NaN``/``Infinity`` literals
#: (``json.loads`` is this same ``decode`` on a module-level decoder, so it costs nothing).
_DECODER = json.JSONDecoder(parse_constant=_not_json)


def _error_message(body: bytes) -> str | None:
    if not body or body.lstrip()[:1] != b"{":
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # too deep to be an {"error": ...} the API sends
        return None
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        return str(data["error"])
    return None


def decode_json(response: Response, *, endpoint: str) -> Any:
    """Check the response, then decode its JSON body.

    Raises:
        ResponseError: if the body is empty, not UTF-8, not JSON, or nested too deeply to
            decode.
        HTTPError: and subclasses, from :func:`check_response`.
    """
    check_response(response, endpoint=endpoint)
    body = response.body
    if not body.strip():
        raise ResponseError(f"{endpoint}: the response body is empty", endpoint=endpoint)
    try:
        # Decode explicitly: json.loads(bytes) would guess UTF-16 or UTF-32 from the first
        # bytes, and the API speaks UTF-8 only.
        return _DECODER.decode(body.decode("utf-8-sig"))
    except RecursionError:
        # The API's answers nest five levels at most (get_match: games, scores); a body that
        # exhausts the decoder's recursion is not one of them, whatever the limit was.
        raise ResponseError(
            f"{endpoint}: the response body is JSON nested too deeply to decode; it starts "
            f"with {body[:40]!r}",
            endpoint=endpoint,
        ) from None
    except UnicodeDecodeError as exc:
        raise ResponseError(
            f"{endpoint}: the response body is not UTF-8 (byte {exc.start})", endpoint=endpoint
        ) from None
    except ValueError as exc:
        kind = response.headers.get("content-type", "unknown content type")
        raise ResponseError(
            f"{endpoint}: the response body is not JSON ({kind}; {exc}); it starts with "
            f"{body[:40]!r}",
            endpoint=endpoint,
        ) from None

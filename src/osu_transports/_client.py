"""What every flavour of client shares and that never waits: settings, the key, building httpx
requests from the core's, mapping httpx errors, logging, and the per-client user cache.

The sending loops live in ``_async.py`` (written by hand) and ``_sync.py`` (generated from it by
``scripts/unasync.py``); the flavour modules add only a clock and a sleep. This split follows
httpx's ``BaseClient`` (``httpx/_client.py``), which builds and merges while ``Client`` and
``AsyncClient`` only send.

The key is secret. A client we create has our key-adding transport innermost (``_async.py``),
so the request httpx logs at INFO, keeps on its responses and puts on its exceptions carries no
key. A client the caller hands us cannot be wrapped: the key goes into the URL we build, and a
logging filter on the ``httpx`` logger (installed once, :func:`install_log_redaction`) replaces
the value of any ``k`` parameter in the URLs it logs. Errors we raise are built from our own
words and httpx's message with the key scrubbed out.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, Final
from urllib.parse import urlencode

import httpx

from osu_core import (
    DEFAULT_RATE_LIMITS,
    PreparedRequest,
    RateLimiter,
    RateLimits,
    RequestTimeoutError,
    Response,
    RetryPolicy,
    Send,
    Sleep,
    TransportError,
    User,
    WrongApiKey,
    redact_url,
)

__all__ = [
    "DEFAULT_RATE_LIMITS",
    "DEFAULT_RETRY",
    "DEFAULT_TIMEOUT",
    "KEY_ENV_VAR",
    "KEY_EXTENSION",
    "BaseOsuApi",
    "install_log_redaction",
    "map_httpx_errors",
    "resolve_key",
    "scrub",
    "to_response",
    "with_query",
]

logger: Final = logging.getLogger("osu_transports")

#: The environment variable read when no key is passed.
KEY_ENV_VAR: Final = "OSU_API_KEY"
#: Socket timeouts of the clients we create: 5 s to connect, 20 s for the rest (a
#: ``get_beatmaps`` page of 500 rows can take a while to produce).
DEFAULT_TIMEOUT: Final = httpx.Timeout(20.0, connect=5.0)
#: Up to 4 attempts, waiting about 0.5, 1 and 2 s between them.
DEFAULT_RETRY: Final = RetryPolicy()
#: The request extension that tells our transport to add the key (its value is only ``True``).
KEY_EXTENSION: Final = "osu_transports.add_key"


def resolve_key(key: str | None) -> str:
    """The key passed, or the one in ``OSU_API_KEY``.

    Raises:
        WrongApiKey: if there is neither.
    """
    found = key if key is not None else os.environ.get(KEY_ENV_VAR)
    if not found:
        raise WrongApiKey(
            "no osu! API key: pass one to OsuApi(key=...) or set the OSU_API_KEY environment "
            "variable (keys come from https://osu.ppy.sh/p/api/)"
        )
    return found


def scrub(text: str, secret: str | None) -> str:
    """``text`` with any ``k=`` URL parameter and any occurrence of ``secret`` masked."""
    text = redact_url(text)
    if secret:
        text = text.replace(secret, "***")
    return text


@contextlib.contextmanager
def map_httpx_errors(endpoint: str, secret: str | None) -> Iterator[None]:
    """Re-raise httpx's exceptions as the library's, chained, with the key kept out.

    Modelled on httpx's own ``map_httpcore_exceptions`` (``httpx/_transports/default.py``).

    Args:
        endpoint: The endpoint being called, named in the message.
        secret: The key, masked should httpx's message ever contain it.

    Raises:
        RequestTimeoutError: for ``httpx.TimeoutException``.
        TransportError: for every other ``httpx.HTTPError`` and for ``httpx.InvalidURL``.
    """
    try:
        yield
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        detail = scrub(str(exc), secret)
        if secret and secret in str(exc):  # pragma: no cover - httpx never quotes the query
            exc.args = (detail,)
        kind = RequestTimeoutError if isinstance(exc, httpx.TimeoutException) else TransportError
        message = f"{endpoint}: {type(exc).__name__}"
        raise kind(f"{message}: {detail}" if detail else message) from exc


class _RedactKeyFilter(logging.Filter):
    """Masks ``k=...`` in the URLs httpx logs, for clients the caller gave us."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_url(str(arg)) if isinstance(arg, (httpx.URL, str)) else arg
                for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = redact_url(record.msg)
        return True


_REDACTION: Final = _RedactKeyFilter()


def install_log_redaction() -> None:
    """Add the key-masking filter to the ``httpx`` logger, once per process."""
    log = logging.getLogger("httpx")
    if _REDACTION not in log.filters:
        log.addFilter(_REDACTION)


def with_query(url: str, params: tuple[tuple[str, str], ...]) -> str:
    """``url`` with ``params`` as its query string, encoded as httpx encodes ``params=``."""
    return f"{url}?{urlencode(params)}" if params else url


def to_response(response: httpx.Response) -> Response:
    """The core's view of an httpx response: status, lower-cased headers, body."""
    return Response(
        status_code=response.status_code, headers=response.headers, body=response.content
    )


class BaseOsuApi:
    """Settings and helpers of every flavour's ``OsuApi``; it sends nothing itself.

    Args:
        key: The API key; ``OSU_API_KEY`` when ``None``.
        base_url: Scheme and host of the server (mirrors and private servers use the v1 paths).
        timeout: Socket timeouts of the httpx client we create (ignored with ``client``);
            ``None`` for none.
        rate_limits: Budgets to keep to; ``None`` turns proactive limiting off.
        retry: When to retry; ``None`` turns retrying off.
        owns_client: Whether we created the httpx client (and so close it).

    Raises:
        WrongApiKey: if no key is given and ``OSU_API_KEY`` is not set.
    """

    def __init__(
        self,
        key: str | None,
        *,
        base_url: str,
        rate_limits: RateLimits | None,
        retry: RetryPolicy | None,
        owns_client: bool,
    ) -> None:
        self._key = resolve_key(key)
        self._base_url = base_url.rstrip("/")
        limits = rate_limits
        self._limiter = RateLimiter(limits, guard=self._new_guard()) if limits else None
        self._retry = retry if retry is not None else RetryPolicy(max_attempts=1)
        self._owns_client = owns_client
        self._users: dict[tuple[int | str, object], User | None] = {}
        if not owns_client:
            install_log_redaction()

    def __repr__(self) -> str:
        return f"{type(self).__module__}.{type(self).__name__}(base_url={self._base_url!r})"

    @property
    def base_url(self) -> str:
        """The server this client talks to."""
        return self._base_url

    @property
    def rate_limiter(self) -> RateLimiter | None:
        """The rate-limit state (``None`` when proactive limiting is off)."""
        return self._limiter

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy."""
        return self._retry

    def _new_guard(self) -> AbstractContextManager[Any] | None:
        """A lock for the rate limiter's bookings; only threads need one."""
        return None

    def _build(self, client: httpx.Client | httpx.AsyncClient, send: Send) -> httpx.Request:
        prepared: PreparedRequest = send.request
        if not self._owns_client:
            # The caller's client: no transport of ours to add the key, so it goes in now.
            # ``params=`` lets httpx merge any ``params`` the client was made with (they
            # would replace a query already in the URL).
            params = prepared.params_with_key()
            return client.build_request(prepared.method, prepared.url, params=params)
        # Our client has no default params, so the query can go in the URL string: it is
        # parsed once, where ``params=`` parses the URL twice.
        extensions = {KEY_EXTENSION: True} if prepared.api_key is not None else {}
        return client.build_request(
            prepared.method, with_query(prepared.url, prepared.params), extensions=extensions
        )

    def _log_send(self, send: Send) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            request = send.request
            logger.debug(
                "%s attempt %d: %s %s",
                request.endpoint,
                send.attempt,
                request.method,
                request.redacted_url,
            )

    def _log_response(self, send: Send, response: httpx.Response) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s attempt %d: HTTP %d, %d bytes",
                send.request.endpoint,
                send.attempt,
                response.status_code,
                len(response.content),
            )

    def _log_failure(self, send: Send, error: TransportError) -> None:
        logger.debug("%s attempt %d failed: %s", send.request.endpoint, send.attempt, error)

    def _log_sleep(self, endpoint: str, sleep: Sleep) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        why = f" after {type(sleep.error).__name__}: {sleep.error}" if sleep.error else ""
        logger.debug(
            "%s: waiting %.3f s (%s%s) before attempt %d",
            endpoint,
            sleep.seconds,
            sleep.reason,
            why,
            sleep.attempt,
        )

    def _cache_key(self, user: int | str, mode: object) -> tuple[int | str, object]:
        # None is the API's default mode, osu! (0); enums equal and hash as their values.
        return (user, 0 if mode is None else mode)

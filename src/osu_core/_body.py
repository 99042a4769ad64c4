"""Reading a response body with a size limit, as pure state a transport feeds chunk by chunk.

Theory of operation: a transport streams the body's raw bytes (as they came off the wire, before
any ``Content-Encoding`` is undone) into :class:`BodyDecoder`. It undoes ``gzip`` or ``deflate``
itself, with zlib's ``max_length`` so that no chunk ever inflates past the limit, and counts
what it keeps. Once the decoded body (or the raw one) would pass the limit it raises
:class:`~osu_core.ResponseTooLargeError` and keeps nothing more, so memory stays bounded by the
limit plus one chunk whatever a server sends: an endless body, a false ``Content-Length`` of
4 GiB, or a gzip bomb (a few hundred kilobytes that inflate to gigabytes). A ``Content-Length``
over the limit fails before the first byte is read.

Transports ask for ``gzip, deflate`` only (:data:`ACCEPT_ENCODING`), which is what zlib undoes;
an answer in another coding (``br``, ``zstd``) is refused with a ``ResponseError``, since it
cannot be decoded within the limit here. The figures behind the default limit: a 500-row
``get_beatmaps`` page is about 0.5 MB of JSON, the largest ``.osu`` files a few MB, and a
``get_replay`` body of a long play about 1-3 MB of base64. No I/O, no clock.
"""

from __future__ import annotations

import zlib

from ._errors import InvalidArgument, ResponseError, ResponseTooLargeError

__all__ = ["ACCEPT_ENCODING", "DEFAULT_MAX_RESPONSE_SIZE", "BodyDecoder"]

#: The largest body a client reads by default, in bytes (32 MiB): ten times the largest real
#: answer, small enough that a hostile server cannot exhaust a small machine's memory.
DEFAULT_MAX_RESPONSE_SIZE = 32 * 1024 * 1024

#: The ``Accept-Encoding`` the transports send: the codings :class:`BodyDecoder` undoes.
ACCEPT_ENCODING = "gzip, deflate"

_IDENTITY = frozenset({"", "identity"})
_GZIP = frozenset({"gzip", "x-gzip"})


class BodyDecoder:
    """Collects one response body, undoing its content coding, within a size limit.

    Args:
        endpoint: The endpoint the body answers, named in errors.
        limit: The most bytes kept, raw or decoded.
        content_encoding: The response's ``Content-Encoding`` header, if any.
        content_length: The response's ``Content-Length`` header, if any.

    Raises:
        ResponseTooLargeError: at once when ``Content-Length`` is over the limit.
        ResponseError: for a content coding that cannot be undone here.
    """

    def __init__(
        self,
        *,
        endpoint: str,
        limit: int = DEFAULT_MAX_RESPONSE_SIZE,
        content_encoding: str | None = None,
        content_length: str | None = None,
    ) -> None:
        self._endpoint = endpoint
        self._limit = self.check_limit(limit)
        self._parts: list[bytes] = []
        self._size = 0
        self._raw = 0
        coding = (content_encoding or "").strip().lower()
        self._decoder: zlib._Decompress | None
        if coding in _IDENTITY:
            self._decoder = None
        elif coding in _GZIP:
            self._decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            self._decoder = None  # zlib-wrapped or raw deflate: decided by the first bytes
        else:
            raise ResponseError(
                f"{endpoint}: the response is in a content coding this client did not ask for "
                f"and cannot decode ({content_encoding!r:.40}; it asks for {ACCEPT_ENCODING})",
                endpoint=endpoint,
            )
        self._deflate = coding == "deflate"
        declared = (content_length or "").strip()
        wellformed = declared.isascii() and declared.isdigit() and len(declared) <= 20
        if wellformed and int(declared) > self._limit:
            raise self._too_large(f"declares {int(declared)} bytes")

    @staticmethod
    def check_limit(value: object, parameter: str = "max_response_size") -> int:
        """``value`` if it is a usable size limit (an int of at least 1 byte).

        Raises:
            InvalidArgument: naming ``parameter``, for anything else.
        """
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidArgument(
                f"{parameter}: must be a positive number of bytes, got {value!r:.60}",
                parameter=parameter,
            )
        return value

    @property
    def size(self) -> int:
        """Bytes kept so far (decoded)."""
        return self._size

    def _too_large(self, detail: str) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"{self._endpoint}: the response body is over the limit of {self._limit} bytes "
            f"({detail}); raise the client's max_response_size if a real answer needs more",
            limit=self._limit,
            endpoint=self._endpoint,
        )

    def _keep(self, data: bytes) -> None:
        if not data:
            return
        self._size += len(data)
        if self._size > self._limit:
            self._parts.clear()
            raise self._too_large(f"more than {self._limit} bytes after decoding")
        self._parts.append(data)

    def _start_deflate(self, data: bytes) -> None:
        # RFC 9110 says "deflate" is the zlib format, but servers have long sent raw deflate
        # too; a zlib stream starts with a header whose first 16 bits are a multiple of 31
        # (RFC 1950 §2.2), which raw deflate almost never is.
        wrapped = len(data) >= 2 and (data[0] & 0x0F) == 8 and (data[0] << 8 | data[1]) % 31 == 0
        self._decoder = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def feed(self, chunk: bytes) -> None:
        """Take the next raw chunk of the body.

        Raises:
            ResponseTooLargeError: when the body passes the limit.
            ResponseError: when the compressed data is corrupt.
        """
        self._raw += len(chunk)
        if self._raw > self._limit:
            self._parts.clear()
            raise self._too_large(f"more than {self._limit} bytes on the wire")
        if self._deflate and self._decoder is None:
            if not chunk:
                return
            self._start_deflate(chunk)
        decoder = self._decoder
        if decoder is None:
            self._keep(chunk)
            return
        data = chunk
        try:
            while data and not decoder.eof:
                # One byte of room past the limit: enough to know it was passed.
                self._keep(decoder.decompress(data, self._limit - self._size + 1))
                data = decoder.unconsumed_tail
        except zlib.error as exc:
            raise self._corrupt(exc) from None

    def _corrupt(self, exc: zlib.error) -> ResponseError:
        return ResponseError(
            f"{self._endpoint}: the response body is not valid compressed data ({exc})",
            endpoint=self._endpoint,
        )

    def finish(self) -> bytes:
        """The whole decoded body, once the last chunk has been fed.

        Raises:
            ResponseTooLargeError: when the last decoded bytes pass the limit.
            ResponseError: when the compressed data is cut short.
        """
        decoder = self._decoder
        if decoder is not None:
            if not decoder.eof and self._raw:
                raise ResponseError(
                    f"{self._endpoint}: the compressed response body is cut short",
                    endpoint=self._endpoint,
                )
            try:
                self._keep(decoder.flush())
            except zlib.error as exc:  # pragma: no cover - flush after eof does not fail
                raise self._corrupt(exc) from None
        body = b"".join(self._parts)
        self._parts = [body]
        return body

"""The bounded body reader: codings undone within the limit, bombs and false lengths refused."""

from __future__ import annotations

import gzip
import random
import tracemalloc
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osu_core import (
    ACCEPT_ENCODING,
    DEFAULT_MAX_RESPONSE_SIZE,
    BodyDecoder,
    InvalidArgument,
    ResponseError,
    ResponseTooLargeError,
)

TEXT = b'[{"user_id":"2","username":"peppy"}]' * 50


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def gzip_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b"\0" * (1 << 20)
    parts = [packer.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def read(body: bytes, *, chunk: int = 4096, **options) -> bytes:
    decoder = BodyDecoder(endpoint="get_user", **options)
    for start in range(0, len(body), chunk):
        decoder.feed(body[start : start + chunk])
    return decoder.finish()


class TestCodings:
    @pytest.mark.parametrize(
        ("coding", "encode"),
        [
            (None, lambda data: data),
            ("identity", lambda data: data),
            ("gzip", gzip.compress),
            ("x-gzip", gzip.compress),
            ("GZip", gzip.compress),
            ("deflate", zlib.compress),  # RFC 9110: the zlib format
            ("deflate", raw_deflate),  # what many servers send instead
        ],
    )
    def test_each_coding_we_ask_for_is_undone(self, coding, encode):
        assert read(encode(TEXT), content_encoding=coding) == TEXT

    def test_we_ask_for_exactly_what_we_undo(self):
        assert ACCEPT_ENCODING == "gzip, deflate"

    @pytest.mark.parametrize("coding", ["br", "zstd", "compress", "gzip, br"])
    def test_a_coding_we_did_not_ask_for_is_refused(self, coding):
        with pytest.raises(ResponseError, match="content coding") as info:
            BodyDecoder(endpoint="get_user", content_encoding=coding)
        assert info.value.endpoint == "get_user"

    def test_corrupt_compressed_data(self):
        with pytest.raises(ResponseError, match="not valid compressed data"):
            read(b"\x1f\x8b\x08\x00garbage-garbage", content_encoding="gzip")

    def test_compressed_data_cut_short(self):
        with pytest.raises(ResponseError, match="cut short"):
            read(gzip.compress(TEXT)[:-20], content_encoding="gzip")

    def test_an_empty_compressed_body_is_empty(self):
        assert read(b"", content_encoding="gzip") == b""

    @given(st.lists(st.integers(1, 600), min_size=1, max_size=40), st.sampled_from(["gzip", None]))
    def test_any_chunking_gives_the_same_body(self, cuts, coding):
        body = gzip.compress(TEXT) if coding else TEXT
        decoder = BodyDecoder(endpoint="get_user", content_encoding=coding)
        start = 0
        for cut in cuts:
            decoder.feed(body[start : start + cut])
            start += cut
        decoder.feed(body[start:])
        assert decoder.finish() == TEXT
        assert decoder.size == len(TEXT)


class TestLimit:
    def test_the_default_is_32_mib(self):
        assert DEFAULT_MAX_RESPONSE_SIZE == 32 * 1024 * 1024

    def test_a_body_at_the_limit_is_read(self):
        assert read(b"x" * 1000, limit=1000) == b"x" * 1000

    def test_one_byte_over_is_refused(self):
        with pytest.raises(ResponseTooLargeError) as info:
            read(b"x" * 1001, limit=1000)
        assert info.value.limit == 1000
        assert info.value.endpoint == "get_user"
        assert "1000 bytes" in str(info.value)
        assert "max_response_size" in str(info.value)

    def test_a_declared_length_over_the_limit_fails_before_any_byte(self):
        with pytest.raises(ResponseTooLargeError, match="declares 4294967296 bytes"):
            BodyDecoder(endpoint="get_user", limit=1000, content_length="4294967296")

    @pytest.mark.parametrize("declared", ["", "abc", "-5", "1e9", "٣٣٣", "9" * 5000])
    def test_a_meaningless_declared_length_is_left_to_the_count(self, declared):
        assert read(b"ok", limit=1000, content_length=declared) == b"ok"

    def test_a_gzip_bomb_stops_at_the_limit_in_bounded_memory(self):
        bomb = gzip_bomb(256 << 20)  # 256 MiB of zeros in about 250 KB
        assert len(bomb) < 400_000
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError, match="after decoding"):
                read(bomb, chunk=65536, limit=1_000_000, content_encoding="gzip")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 8_000_000

    def test_compressed_bytes_count_against_the_limit_too(self):
        noise = random.Random(1).randbytes(16384)  # does not compress
        with pytest.raises(ResponseTooLargeError, match="on the wire"):
            read(gzip.compress(noise), limit=len(noise) // 2, content_encoding="gzip")

    @pytest.mark.parametrize("limit", [0, -1, 1.5, "1000", True, None])
    def test_the_limit_must_be_a_positive_int(self, limit):
        with pytest.raises(InvalidArgument) as info:
            BodyDecoder(endpoint="get_user", limit=limit)
        assert info.value.parameter == "max_response_size"

    def test_nothing_is_kept_once_over(self):
        decoder = BodyDecoder(endpoint="get_user", limit=10)
        decoder.feed(b"12345")
        with pytest.raises(ResponseTooLargeError):
            decoder.feed(b"678901")
        assert decoder.finish() == b""

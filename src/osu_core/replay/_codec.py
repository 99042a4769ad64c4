"""Replay content codec: base64 and LZMA-alone layers around a :class:`ReplayFrames` stream.

``get_replay`` sends base64 of LZMA-alone data; an ``.osr`` file holds the LZMA data itself
(``reference/api-v1.md`` §7, ``reference/osu-file-format.md`` §B.2). The functions here peel or
add those layers; the frame text itself is ``_stream``'s business. Every failure in a layer
becomes :class:`CorruptReplayError`, and a stream that decompresses past
:data:`MAX_REPLAY_STREAM_SIZE` :class:`ReplayTooLargeError` (checked while decompressing, so
at most that much is ever inflated). No I/O, no hypothesis.
"""

from __future__ import annotations

import base64
import binascii
import lzma
import struct
from typing import Any, Literal, overload

from osu_core._enums import GameMode, shown
from osu_core._errors import CorruptReplayError, InvalidArgument, ReplayTooLargeError

from ._models import CatchFrame, ManiaFrame, OsuFrame, ReplayFrame, TaikoFrame
from ._stream import ReplayFrames, _check_mode

__all__ = [
    "MAX_REPLAY_STREAM_SIZE",
    "decode_replay_frames",
    "decode_replay_frames_base64",
    "decode_replay_frames_lzma",
    "encode_replay_frames",
    "encode_replay_frames_base64",
]

#: Bytes a frame stream may decompress to; more raises :class:`ReplayTooLargeError`. It stops
#: "LZMA bombs" (LZMA reaches ~7000:1 on repeated frames: 10 KB of data gave 67 MB). Evidence:
#: corpus streams take 9.0-23.7 bytes a frame (0.42 MB for the 18,135 frames of
#: osrparse replay2.osr), so 32 MiB is ~1.4 M frames of the densest corpus text, more than
#: :data:`MAX_REPLAY_FRAMES` (which the frame count then enforces) and hours of play.
MAX_REPLAY_STREAM_SIZE = 32 * 1024 * 1024
#: Dictionary an LZMA header may declare. The decoder allocates what the header declares before
#: reading any data, so 18 bytes declaring 4 GiB allocated 4 GiB. Real files declare 2 MiB
#: (stable, lazer, :func:`encode_replay_frames`) or 8 MiB (Python's default preset 6, as
#: osrparse writes); 64 MiB is the largest standard preset (9).
_MAX_LZMA_DICTIONARY = 64 * 1024 * 1024
#: The decoder's memory limit, a backstop: the dictionary plus up to 6 MiB of literal
#: coder state (lc + lp = 12) and change; preset 9 needs 65 MiB.
_LZMA_MEMORY_LIMIT = _MAX_LZMA_DICTIONARY + 8 * 1024 * 1024
_BASE64_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n"
#: The properties byte every osu! client writes (lc=3, lp=0, pb=2); ``]`` is not base64.
_LZMA_PROPERTIES_BYTE = 0x5D
#: Match stable's header: LZMA1 with a 2 MiB dictionary (``5d 00 00 20 00`` in corpus files).
_LZMA_FILTERS = [{"id": lzma.FILTER_LZMA1, "preset": 6, "dict_size": 1 << 21}]


def decompress_capped(data: bytes, limit: int, what: str) -> bytes:
    """LZMA-alone ``data`` inflated, refusing to produce more than ``limit`` bytes.

    The decompressor stops at ``limit + 1`` bytes of output, so an exactly ``limit``-byte
    stream still reads and memory never exceeds the limit whatever the input claims; the
    header's dictionary size is checked first, as the decoder allocates it up front.

    Raises:
        ReplayTooLargeError: past ``limit``, or a dictionary over 64 MiB.
        CorruptReplayError: invalid or truncated LZMA data.
    """
    if len(data) >= 5:
        (dictionary,) = struct.unpack_from("<I", data, 1)
        if dictionary > _MAX_LZMA_DICTIONARY:
            raise ReplayTooLargeError(
                f"the {what}'s LZMA header declares a {dictionary:,}-byte dictionary, more "
                f"than the {_MAX_LZMA_DICTIONARY:,} bytes any standard preset uses",
                limit=_MAX_LZMA_DICTIONARY,
                offset=1,
            )
    decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_ALONE, memlimit=_LZMA_MEMORY_LIMIT)
    try:
        text = decompressor.decompress(data, max_length=limit + 1)
    except lzma.LZMAError as exc:
        raise CorruptReplayError(f"invalid LZMA data in the {what}: {exc}", offset=0) from exc
    if len(text) > limit:
        raise ReplayTooLargeError(
            f"the {what} decompresses to more than {limit:,} bytes", limit=limit, offset=0
        )
    if not decompressor.eof:
        raise CorruptReplayError(f"truncated LZMA data in the {what}", offset=len(data))
    return text


def _decompress(data: bytes) -> bytes:
    return decompress_capped(data, MAX_REPLAY_STREAM_SIZE, "replay stream")


def _as_bytes(data: object, name: str) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise InvalidArgument(f"{name} must be bytes, not {type(data).__name__}", parameter=name)


def _from_base64(content: str | bytes) -> bytes:
    if isinstance(content, str):
        try:
            content = content.encode("ascii")
        except UnicodeEncodeError as exc:
            raise CorruptReplayError(
                "replay content is not base64 text", offset=exc.start
            ) from None
    data = _as_bytes(content, "content")
    try:
        return base64.b64decode(b"".join(data.split()), validate=True)
    except binascii.Error as exc:
        raise CorruptReplayError(f"replay content is not valid base64: {exc}", offset=0) from None


def lzma_from_content(content: str | bytes) -> bytes:
    """The LZMA-alone bytes behind replay content given as base64 text or raw LZMA.

    ``str`` is base64. ``bytes`` starting with ``0x5D`` (the LZMA properties byte every osu!
    client writes, and not a base64 character) are LZMA; bytes made only of base64 characters
    and whitespace are base64 text; anything else is taken as LZMA with unusual properties.
    """
    if isinstance(content, str):
        return _from_base64(content)
    data = _as_bytes(content, "content")
    if data[:1] != bytes((_LZMA_PROPERTIES_BYTE,)) and not data.translate(None, _BASE64_BYTES):
        return _from_base64(data)
    return data


def _decode(data: bytes, mode: GameMode | int) -> ReplayFrames[Any]:
    mode = _check_mode(mode)
    return ReplayFrames(mode=mode, text=_decompress(data))


#: How :func:`decode_replay_frames` reads its content: ``"auto"`` tells base64 from LZMA by the
#: first byte, ``"base64"`` is ``get_replay``'s ``content``, ``"lzma"`` an ``.osr``'s raw data.
Layer = Literal["auto", "base64", "lzma"]
_LAYERS = ("auto", "base64", "lzma")


@overload
def decode_replay_frames(
    content: str | bytes, mode: Literal[GameMode.Osu] = ..., *, layer: Layer = ...
) -> ReplayFrames[OsuFrame]: ...
@overload
def decode_replay_frames(
    content: str | bytes, mode: Literal[GameMode.Taiko], *, layer: Layer = ...
) -> ReplayFrames[TaikoFrame]: ...
@overload
def decode_replay_frames(
    content: str | bytes, mode: Literal[GameMode.Catch], *, layer: Layer = ...
) -> ReplayFrames[CatchFrame]: ...
@overload
def decode_replay_frames(
    content: str | bytes, mode: Literal[GameMode.Mania], *, layer: Layer = ...
) -> ReplayFrames[ManiaFrame]: ...
@overload
def decode_replay_frames(
    content: str | bytes, mode: GameMode | int, *, layer: Layer = ...
) -> ReplayFrames[ReplayFrame]: ...
def decode_replay_frames(
    content: str | bytes, mode: GameMode | int = GameMode.Osu, *, layer: Layer = "auto"
) -> ReplayFrames[Any]:
    """Decode replay content as ``get_replay`` sends it, or as raw LZMA bytes.

    With ``layer="auto"``: ``str`` is base64 text; ``bytes`` starting with ``0x5D`` (the LZMA
    properties byte every osu! client writes; ``]`` is not a base64 character) are raw
    LZMA-alone data; other bytes made only of base64 characters and whitespace are base64
    text; any other bytes are tried as LZMA. ``layer="base64"`` or ``"lzma"`` says which.

    Args:
        content: The ``content`` of a ``get_replay`` response (base64, whitespace ignored), or
            LZMA bytes (an ``.osr`` file's replay data).
        mode: The mode the score was played in; it decides how keys are read.
        layer: ``"auto"``, ``"base64"`` or ``"lzma"`` (which needs bytes).

    Returns:
        The frames; pass ``GameMode.Mania`` (etc.) literally to get the frame type in typing.

    Raises:
        CorruptReplayError: bad base64, truncated or invalid LZMA, malformed frame text.
        ReplayTooLargeError: (a CorruptReplayError) the stream decompresses past
            :data:`MAX_REPLAY_STREAM_SIZE` bytes or holds more than
            :data:`MAX_REPLAY_FRAMES` frames.
        InvalidArgument: for an unknown mode or layer, or content of the wrong type.
    """
    if layer == "auto":
        data = lzma_from_content(content)
    elif layer == "base64":
        data = _from_base64(content)
    elif layer == "lzma":
        data = _as_bytes(content, "content")
    else:
        raise InvalidArgument(
            f"layer: must be one of {', '.join(_LAYERS)}, got {shown(layer)}", parameter="layer"
        )
    return _decode(data, mode)


def decode_replay_frames_lzma(
    data: bytes, mode: GameMode | int = GameMode.Osu
) -> ReplayFrames[ReplayFrame]:
    """``decode_replay_frames(data, mode, layer="lzma")``: raw LZMA-alone replay data."""
    return decode_replay_frames(_as_bytes(data, "data"), mode, layer="lzma")


def decode_replay_frames_base64(
    content: str | bytes, mode: GameMode | int = GameMode.Osu
) -> ReplayFrames[ReplayFrame]:
    """``decode_replay_frames(content, mode, layer="base64")``: ``get_replay``'s content."""
    return decode_replay_frames(content, mode, layer="base64")


def encode_replay_frames(frames: ReplayFrames[Any]) -> bytes:
    """Compress a stream to LZMA-alone bytes, as an ``.osr`` file stores it.

    The text is compressed verbatim, so ``decode_replay_frames_lzma(encode_replay_frames(f),
    f.mode) == f``. The header matches stable's (properties ``0x5D``, 2 MiB dictionary); the
    uncompressed size is written as unknown, with an end marker, which lazer, stable and
    osrparse all read.

    Args:
        frames: The stream.

    Returns:
        The LZMA-alone bytes.

    Raises:
        InvalidArgument: if ``frames`` is not a :class:`ReplayFrames`.
    """
    if not isinstance(frames, ReplayFrames):
        raise InvalidArgument("frames must be ReplayFrames", parameter="frames")
    return lzma.compress(frames.text, format=lzma.FORMAT_ALONE, filters=_LZMA_FILTERS)


def encode_replay_frames_base64(frames: ReplayFrames[Any]) -> str:
    """Compress a stream and base64 it, the shape of ``get_replay``'s ``content``.

    Args:
        frames: The stream.

    Returns:
        The base64 text.

    Raises:
        InvalidArgument: if ``frames`` is not a :class:`ReplayFrames`.
    """
    return base64.b64encode(encode_replay_frames(frames)).decode("ascii")

"""``.osr`` replay files: read and write them (``_assemble`` builds one from the API).

Layout (osr wiki; ``reference/osu-file-format.md`` §B.1), little-endian throughout: mode (byte),
game version (int32), beatmap MD5, player name, replay MD5 (strings: ``0x00`` for absent, or
``0x0b``, a ULEB128 length and UTF-8 bytes), six counts (uint16), score (int32), max combo
(uint16), perfect (byte), mods (int32), life bar (string), timestamp (int64 .NET ticks, UTC),
replay data (int32 length and LZMA bytes), then the online score id and whatever follows.

:func:`render_osr` gives back the exact bytes :func:`parse_osr` read: the LZMA block, the life
bar text, the 100 ns digit of the timestamp and unknown trailing bytes are all kept as they
were. Only encodings no client writes would change (a non-minimal ULEB128 length, a perfect
byte other than 0 or 1, a negative replay length other than -1).

This module does no I/O: it turns bytes into values and back.
"""

from __future__ import annotations

import math
import struct
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

import attrs

from osu_core._enums import GameMode
from osu_core._errors import CorruptReplayError, InvalidArgument, ParseError
from osu_core._mods import GameModifiers

from ._codec import decode_replay_frames_lzma, decompress_capped
from ._models import ReplayFrame
from ._stream import ReplayFrames

__all__ = [
    "MAX_LAZER_SCORE_INFO_SIZE",
    "LifeBarPoint",
    "OsrFile",
    "format_life_bar",
    "parse_osr",
    "render_osr",
]

#: .NET ``DateTime`` ticks count 100 ns intervals from 0001-01-01 (UTC for .osr timestamps:
#: stable and lazer write ``ToUniversalTime().Ticks``; osrparse reads them as UTC).
_TICKS_EPOCH = datetime(1, 1, 1, tzinfo=timezone.utc)
#: lazer writes versions from here on, and no mod-specific data (lazer LegacyScoreEncoder).
FIRST_LAZER_VERSION = 30000000
#: From this version lazer appends its score info as a length-prefixed LZMA block of JSON.
_LAZER_SCORE_INFO_VERSION = 30000001
#: Bytes the lazer score info block may decompress to (:class:`ReplayTooLargeError` past it;
#: a 303 KB file once inflated to a 2 GiB string). lazer's ``LegacyReplaySoloScoreInfo``
#: holds ids, mods with their settings, two statistics tables, pauses and the client version:
#: 221 bytes in the corpus (taiko-replay-with-new-online-id.osr). 1 MiB is ~4700 times that.
MAX_LAZER_SCORE_INFO_SIZE = 1024 * 1024


class LifeBarPoint(NamedTuple):
    """One point of the life bar graph.

    Attributes:
        time: Milliseconds from the start of the play.
        life: Health, from 0 to 1.
    """

    time: int
    life: float


def _in_range(low: int, high: int) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidArgument(
                f"{attribute.name} must be an integer from {low} to {high}, got {value!r}",
                parameter=attribute.name,
            )

    return check


def _optional_str(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidArgument(f"{attribute.name} must be a str or None", parameter=attribute.name)


def _aware(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidArgument(
            f"{attribute.name} must be a timezone-aware datetime", parameter=attribute.name
        )


def _instance_of(kind: type | tuple[type, ...]) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise InvalidArgument(
                f"{attribute.name} has the wrong type: {type(value).__name__}",
                parameter=attribute.name,
            )

    return check


def _finite_or_none(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not (isinstance(value, float) and math.isfinite(value)):
        raise InvalidArgument(
            f"{attribute.name} must be a finite float or None, got {value!r}",
            parameter=attribute.name,
        )


def _one_of(options: tuple[int, ...]) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in options or isinstance(value, bool):
            raise InvalidArgument(
                f"{attribute.name} must be one of {options}, got {value!r}",
                parameter=attribute.name,
            )

    return check


_U16 = _in_range(0, 0xFFFF)
_I32 = _in_range(-(2**31), 2**31 - 1)


@attrs.frozen(kw_only=True)
class OsrFile:
    """The contents of an ``.osr`` file.

    Attributes:
        mode: Game mode.
        game_version: Client version, ``yyyymmdd`` for stable, 30000000 and up for lazer.
        beatmap_md5: MD5 of the ``.osu`` file played (``None`` when the string is absent).
        player_name: Player name (may hold any Unicode; stored as UTF-8).
        replay_md5: The replay's checksum as the client wrote it.
        count300: 300s (mania: 300). count100, count50: likewise.
        countgeki: Gekis (mania: MAX; taiko: large bonus). countkatu: Katus (mania: 200).
        countmiss: Misses.
        score: Total score.
        maxcombo: Highest combo.
        perfect: Whether the play was a full combo.
        mods: Mods, as the API numbers them (kept bit for bit; not normalised).
        life_bar: The life bar text as stored (``time|life,`` pairs), ``None`` when absent;
            see :attr:`life_bar_points` and :func:`format_life_bar`.
        timestamp: When the play was set (UTC), to the microsecond.
        timestamp_extra_ticks: The 100 ns digit (0-9) of the .NET tick count, which a
            datetime cannot hold; kept so the file renders back byte for byte.
        replay_data: The LZMA-compressed frame stream (``None`` for a length of -1); see
            :meth:`frames`.
        online_score_id: Online score id (0 for none; -1 in lazer files with a lazer id).
        online_score_id_size: Bytes the id takes: 8 (int64), 4 (int32, older files) or 0.
        target_practice_accuracy: The accuracy stable appends with Target Practice (a finite
            float), or ``None``.
        extra: Bytes after all that, kept verbatim (lazer's score info block from version
            30000001; see :meth:`lazer_score_info`).
    """

    mode: GameMode = attrs.field(converter=GameMode, validator=_in_range(0, 255))
    game_version: int = attrs.field(validator=_I32)
    beatmap_md5: str | None = attrs.field(validator=_optional_str)
    player_name: str | None = attrs.field(validator=_optional_str)
    replay_md5: str | None = attrs.field(validator=_optional_str)
    count300: int = attrs.field(validator=_U16)
    count100: int = attrs.field(validator=_U16)
    count50: int = attrs.field(validator=_U16)
    countgeki: int = attrs.field(validator=_U16)
    countkatu: int = attrs.field(validator=_U16)
    countmiss: int = attrs.field(validator=_U16)
    score: int = attrs.field(validator=_I32)
    maxcombo: int = attrs.field(validator=_U16)
    perfect: bool = attrs.field(converter=bool)
    mods: GameModifiers = attrs.field(converter=GameModifiers, validator=_in_range(0, 2**32 - 1))
    life_bar: str | None = attrs.field(validator=_optional_str)
    timestamp: datetime = attrs.field(validator=_aware)
    timestamp_extra_ticks: int = attrs.field(default=0, validator=_in_range(0, 9))
    replay_data: bytes | None = attrs.field(
        validator=_instance_of((bytes, type(None))),
        repr=lambda d: "None" if d is None else f"<{len(d)} bytes>",
    )
    online_score_id: int = attrs.field(default=0, validator=_in_range(-(2**63), 2**63 - 1))
    online_score_id_size: int = attrs.field(default=8, validator=_one_of((0, 4, 8)))
    target_practice_accuracy: float | None = attrs.field(default=None, validator=_finite_or_none)
    extra: bytes = attrs.field(
        default=b"", validator=_instance_of(bytes), repr=lambda d: f"<{len(d)} bytes>"
    )

    @property
    def timestamp_ticks(self) -> int:
        """The timestamp as .NET ticks, exactly as the file stores it."""
        return _to_ticks(self.timestamp) + self.timestamp_extra_ticks

    @property
    def life_bar_points(self) -> tuple[LifeBarPoint, ...]:
        """The life bar as ``(time, life)`` points (empty when absent or empty).

        Raises:
            ParseError: if the life bar text is malformed.
        """
        points = []
        for index, pair in enumerate(filter(None, (self.life_bar or "").split(","))):
            try:
                # C# parses ASCII digits only (Python's float also takes Arabic-Indic digits
                # and "1_0"); a time or life too large for a float, NaN or infinite is no
                # life bar point.
                if not pair.isascii() or "_" in pair:
                    raise ValueError(pair)
                time, life = map(float, pair.split("|"))
                if not (math.isfinite(time) and math.isfinite(life)):
                    raise ValueError(pair)
                points.append(LifeBarPoint(round(time), life))
            except ValueError:
                raise ParseError(f"malformed life bar point {index}: {pair[:40]!r}") from None
        return tuple(points)

    def frames(self) -> ReplayFrames[ReplayFrame]:
        """Decode :attr:`replay_data` (no frames when it is ``None``).

        Raises:
            CorruptReplayError: if the replay data is corrupt, or the header's mode byte is not
                one of the four modes (the frames cannot be typed then).
            ReplayTooLargeError: (a CorruptReplayError) if it decompresses past
                ``MAX_REPLAY_STREAM_SIZE`` or holds more than ``MAX_REPLAY_FRAMES`` frames.
        """
        if not self.mode.is_known:
            raise CorruptReplayError(
                f"the .osr header's mode {int(self.mode)} is not a game mode", offset=0
            )
        if self.replay_data is None:
            return ReplayFrames(mode=self.mode, text=b"")
        return decode_replay_frames_lzma(self.replay_data, self.mode)

    def lazer_score_info(self) -> str | None:
        """The JSON text lazer stores after the online id (version 30000001 and later), which
        holds the lazer online id, mods and statistics; ``None`` when the file has none.

        Raises:
            CorruptReplayError: if the block is malformed.
            ReplayTooLargeError: (a CorruptReplayError) if it decompresses past
                :data:`MAX_LAZER_SCORE_INFO_SIZE` bytes.
        """
        if self.game_version < _LAZER_SCORE_INFO_VERSION or not self.extra:
            return None
        (length,) = struct.unpack_from("<i", self.extra.ljust(4, b"\0"))
        block = self.extra[4 : 4 + length]
        if length < 0 or len(block) != length:
            raise CorruptReplayError("malformed lazer score info block", offset=0)
        data = decompress_capped(block, MAX_LAZER_SCORE_INFO_SIZE, "lazer score info block")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CorruptReplayError(f"malformed lazer score info block: {exc}", offset=4) from None


def format_life_bar(points: tuple[LifeBarPoint, ...] | list[LifeBarPoint]) -> str:
    """Write life bar points as stable does: ``time|life,`` for each, whole lives as integers.

    Args:
        points: ``(time, life)`` pairs.

    Returns:
        The text for :attr:`OsrFile.life_bar`.
    """
    return "".join(f"{int(time)}|{_number(life)}," for time, life in points)


def _number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _to_ticks(moment: datetime) -> int:
    delta = moment - _TICKS_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, size: int, what: str) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        if len(chunk) != size:
            raise ParseError(f"truncated .osr file: no room for {what}", offset=self.pos)
        self.pos += size
        return chunk

    def unpack(self, fmt: str, what: str) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt), what))[0]

    def string(self, what: str) -> str | None:
        start = self.pos
        marker = self.unpack("<B", what)
        if marker == 0:
            return None
        if marker != 0x0B:
            raise ParseError(f"invalid string marker {marker:#04x} for {what}", offset=start)
        length = shift = 0
        while True:
            byte = self.unpack("<B", what)
            length |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
            if shift > 28:
                raise ParseError(f"string length of {what} is too long", offset=start)
        try:
            return self.take(length, what).decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError(f"{what} is not valid UTF-8", offset=start) from None


def parse_osr(data: bytes) -> OsrFile:
    """Parse an ``.osr`` file.

    The online score id is read by what remains, as osrparse does (files do not always follow
    lazer's version rule): 8 bytes when at least 8 remain, else 4 when at least 4 remain, else
    none. Stable's Target Practice accuracy (a double) follows when that mod is on, in files
    older than lazer's. Everything after is kept in :attr:`OsrFile.extra`.

    Args:
        data: The whole file.

    Returns:
        The parsed file; frames are decoded on demand by :meth:`OsrFile.frames`.

    Raises:
        ParseError: if the file is truncated or malformed.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InvalidArgument("data must be bytes", parameter="data")
    reader = _Reader(bytes(data))
    fields: dict[str, Any] = {
        "mode": reader.unpack("<B", "mode"),
        "game_version": reader.unpack("<i", "game version"),
        "beatmap_md5": reader.string("beatmap MD5"),
        "player_name": reader.string("player name"),
        "replay_md5": reader.string("replay MD5"),
    }
    for name in ("count300", "count100", "count50", "countgeki", "countkatu", "countmiss"):
        fields[name] = reader.unpack("<H", name)
    fields["score"] = reader.unpack("<i", "score")
    fields["maxcombo"] = reader.unpack("<H", "max combo")
    fields["perfect"] = reader.unpack("<B", "perfect")
    fields["mods"] = reader.unpack("<I", "mods")
    fields["life_bar"] = reader.string("life bar")
    ticks_at = reader.pos
    ticks = reader.unpack("<q", "timestamp")
    try:
        if ticks < 0:
            raise OverflowError
        microseconds, fields["timestamp_extra_ticks"] = divmod(ticks, 10)
        fields["timestamp"] = _TICKS_EPOCH + timedelta(microseconds=microseconds)
    except OverflowError:
        raise ParseError(f"timestamp out of range: {ticks} ticks", offset=ticks_at) from None
    length = reader.unpack("<i", "replay data length")
    fields["replay_data"] = reader.take(length, "replay data") if length >= 0 else None

    remaining = len(reader.data) - reader.pos
    target_practice = (
        fields["mods"] & GameModifiers.TargetPractice
        and fields["game_version"] < FIRST_LAZER_VERSION
    )
    if remaining >= 8 and not (target_practice and remaining == 12):
        fields["online_score_id"] = reader.unpack("<q", "online score id")
    elif remaining >= 4:
        fields["online_score_id"] = reader.unpack("<i", "online score id")
        fields["online_score_id_size"] = 4
    else:
        fields["online_score_id_size"] = 0
    if target_practice and len(reader.data) - reader.pos >= 8:
        at = reader.pos
        accuracy = reader.unpack("<d", "accuracy")
        # Stable writes a ratio; NaN would make the file unequal to itself (found by the fuzz
        # suite), and an infinity is no accuracy either.
        if not math.isfinite(accuracy):
            raise ParseError(f"Target Practice accuracy is not a number: {accuracy}", offset=at)
        fields["target_practice_accuracy"] = accuracy
    fields["extra"] = reader.data[reader.pos :]
    return OsrFile(**fields)


def _check_layout(osr: OsrFile) -> None:
    """Refuse files :func:`parse_osr` would read back differently."""
    target_practice = bool(
        osr.mods & GameModifiers.TargetPractice and osr.game_version < FIRST_LAZER_VERSION
    )
    tail = len(osr.extra) + (8 if osr.target_practice_accuracy is not None else 0)
    size = osr.online_score_id_size
    problem = None
    if osr.target_practice_accuracy is not None and not target_practice:
        problem = "target_practice_accuracy needs the TargetPractice mod and a stable version"
    elif target_practice and osr.target_practice_accuracy is None and len(osr.extra) >= 8:
        problem = "with TargetPractice, extra bytes would be read as the accuracy"
    elif target_practice and size == 8 and tail == 4:
        problem = "with TargetPractice, 12 bytes after the replay read as a 4-byte id and accuracy"
    elif size == 8:
        return
    elif size == 4 and not -(2**31) <= osr.online_score_id < 2**31:
        problem = "a 4-byte online score id must fit in 32 bits"
    elif (size == 4 and (tail < 4 or (target_practice and tail == 8))) or (
        size == 0 and tail < 4 and osr.online_score_id == 0
    ):
        return
    else:
        problem = f"an online score id of {size} bytes cannot be followed by {tail} bytes"
    raise InvalidArgument(f"cannot write this .osr unambiguously: {problem}", parameter="osr")


def _string(value: str | None) -> bytes:
    if value is None:
        return b"\x00"
    encoded = value.encode("utf-8")
    length, prefix = len(encoded), bytearray(b"\x0b")
    while True:
        byte, length = length & 0x7F, length >> 7
        prefix.append(byte | 0x80 if length else byte)
        if not length:
            return bytes(prefix) + encoded


def render_osr(osr: OsrFile) -> bytes:
    """Write an ``.osr`` file; ``render_osr(parse_osr(b)) == b`` for files clients write.

    Args:
        osr: The file contents.

    Returns:
        The file's bytes.

    Raises:
        InvalidArgument: if ``osr`` is not an :class:`OsrFile`, or describes a tail that
            :func:`parse_osr` could not read back (e.g. a 4-byte online id followed by 4 or
            more bytes).
    """
    if not isinstance(osr, OsrFile):
        raise InvalidArgument("osr must be an OsrFile", parameter="osr")
    _check_layout(osr)
    replay = osr.replay_data
    parts = [
        struct.pack("<Bi", osr.mode, osr.game_version),
        _string(osr.beatmap_md5),
        _string(osr.player_name),
        _string(osr.replay_md5),
        struct.pack(
            "<6HiHBI",
            osr.count300,
            osr.count100,
            osr.count50,
            osr.countgeki,
            osr.countkatu,
            osr.countmiss,
            osr.score,
            osr.maxcombo,
            osr.perfect,
            osr.mods,
        ),
        _string(osr.life_bar),
        struct.pack("<q", osr.timestamp_ticks),
        struct.pack("<i", -1) if replay is None else struct.pack("<i", len(replay)) + replay,
    ]
    if osr.online_score_id_size:
        parts.append(
            struct.pack("<q" if osr.online_score_id_size == 8 else "<i", osr.online_score_id)
        )
    if osr.target_practice_accuracy is not None:
        parts.append(struct.pack("<d", osr.target_practice_accuracy))
    parts.append(osr.extra)
    return b"".join(parts)

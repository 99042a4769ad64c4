"""Hypothesis strategies for replay frame streams and ``.osr`` files.

Values stay within what real files hold (coordinates, key bits, counts that fit their fields),
plus the edge cases the format allows: negative deltas, no trailing comma, absent strings,
non-ASCII player names, 4-byte and missing online ids, Target Practice accuracy, trailing
bytes. Every ``OsrFile`` drawn renders to bytes that parse back to it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from hypothesis import strategies as st

from osu_core._enums import GameMode
from osu_core._mods import GameModifiers
from osu_core.replay._codec import encode_replay_frames
from osu_core.replay._models import RawFrame
from osu_core.replay._osr import LifeBarPoint, OsrFile, format_life_bar
from osu_core.replay._stream import SEED_DELTA, ReplayFrames

__all__ = ["osr_files", "raw_replay_frames", "replay_frames"]

_deltas = st.integers(-5_000, 200_000).filter(lambda d: d != SEED_DELTA)
_coordinates = st.floats(-1024, 1024, allow_nan=False, allow_infinity=False)
_stable_coordinates = st.integers(-10_240_000, 10_240_000).map(lambda v: v / 10_000)

#: Per mode: strategies for x, y and z that look like what the game writes.
_FIELDS: dict[int, tuple[st.SearchStrategy[float], st.SearchStrategy[float], Any]] = {
    GameMode.Osu: (
        _stable_coordinates | _coordinates,
        _stable_coordinates | _coordinates,
        st.sampled_from((0, 1, 2, 3, 5, 10, 15, 16, 21)) | st.integers(0, 31),
    ),
    GameMode.Taiko: (
        st.sampled_from((-150.0, 0.0, 320.0, 640.0)),
        st.sampled_from((-150.0, 0.0, 9999.0)),
        st.integers(0, 15),
    ),
    GameMode.Catch: (_stable_coordinates, st.sampled_from((0.0, 9999.0)), st.integers(0, 1)),
    GameMode.Mania: (
        st.integers(0, (1 << 18) - 1).map(float),
        _stable_coordinates,
        st.just(0),
    ),
}


def raw_replay_frames(
    mode: GameMode | int = GameMode.Osu, *, max_size: int = 40
) -> st.SearchStrategy[list[RawFrame]]:
    """Lists of raw frames for ``mode``: maybe stable's two skip frames first, then play
    frames, then maybe the RNG seed frame."""
    x, y, z = _FIELDS[GameMode(mode)]
    play = st.lists(st.builds(RawFrame, _deltas, x, y, z), max_size=max_size)
    skips = st.sampled_from(((), ((0, 256.0, -500.0, 0), (-1, 256.0, -500.0, 0))))
    seed = st.one_of(
        st.just(()), st.integers(0, 2**31 - 1).map(lambda s: ((SEED_DELTA, 0.0, 0.0, s),))
    )
    return st.tuples(skips, play, seed).map(
        lambda parts: [RawFrame(*frame) for part in parts for frame in part]
    )


def replay_frames(
    mode: GameMode | int | None = None, *, max_size: int = 40
) -> st.SearchStrategy[ReplayFrames[Any]]:
    """:class:`~osu_core.replay.ReplayFrames` streams, for ``mode`` or any of the four modes."""
    modes = st.sampled_from(list(GameMode)) if mode is None else st.just(GameMode(mode))
    return modes.flatmap(
        lambda m: st.builds(
            ReplayFrames.from_raw,
            raw_replay_frames(m, max_size=max_size),
            mode=st.just(m),
            trailing_comma=st.booleans(),
        )
    )


_md5s = st.none() | st.text("0123456789abcdef", min_size=32, max_size=32)
_names = st.none() | st.text(max_size=40)
_life_bars = st.none() | st.lists(
    st.builds(LifeBarPoint, st.integers(0, 10_000_000), st.sampled_from((0.0, 0.33, 0.98, 1.0))),
    max_size=8,
).map(format_life_bar)
_timestamps = st.datetimes(
    min_value=datetime(1, 1, 1),  # noqa: DTZ001  (hypothesis wants naive bounds)
    max_value=datetime(9999, 12, 31, 23, 59, 59),  # noqa: DTZ001
    timezones=st.just(timezone.utc),
)


@st.composite
def _osr_file(draw: st.DrawFn, mode: GameMode | int | None) -> OsrFile:
    frames = draw(replay_frames(mode, max_size=12))
    version = draw(st.sampled_from((20121008, 20131113, 20140721, 20240411, 30000000, 30000004)))
    mods = GameModifiers(draw(st.integers(0, 2**31 - 1) | st.sampled_from((0, 24, 1 << 23))))
    target_practice = GameModifiers.TargetPractice in mods and version < 30000000
    size = draw(st.sampled_from((8, 8, 4, 0)))
    accuracy = None
    if target_practice and size and draw(st.booleans()):
        accuracy = draw(st.floats(0, 1))
    if size == 8:
        extra = draw(st.binary(max_size=24))
        if target_practice and accuracy is None:
            extra = extra[:3]  # 4 more would read as a 4-byte id, 8 as the accuracy
    else:
        extra = b"" if accuracy is not None else draw(st.binary(max_size=3))
    score_id = {8: st.integers(-(2**63), 2**63 - 1), 4: st.integers(-(2**31), 2**31 - 1)}
    return OsrFile(
        mode=frames.mode,
        game_version=version,
        beatmap_md5=draw(_md5s),
        player_name=draw(_names),
        replay_md5=draw(_md5s),
        count300=draw(st.integers(0, 0xFFFF)),
        count100=draw(st.integers(0, 0xFFFF)),
        count50=draw(st.integers(0, 0xFFFF)),
        countgeki=draw(st.integers(0, 0xFFFF)),
        countkatu=draw(st.integers(0, 0xFFFF)),
        countmiss=draw(st.integers(0, 0xFFFF)),
        score=draw(st.integers(-(2**31), 2**31 - 1)),
        maxcombo=draw(st.integers(0, 0xFFFF)),
        perfect=draw(st.booleans()),
        mods=mods,
        life_bar=draw(_life_bars),
        timestamp=draw(_timestamps),
        timestamp_extra_ticks=draw(st.integers(0, 9)),
        replay_data=draw(st.just(encode_replay_frames(frames)) | st.none()),
        online_score_id=draw(score_id[size]) if size else 0,
        online_score_id_size=size,
        target_practice_accuracy=accuracy,
        extra=extra,
    )


def osr_files(mode: GameMode | int | None = None) -> st.SearchStrategy[OsrFile]:
    """Whole :class:`~osu_core.replay.OsrFile` values (with small, valid frame streams) that render
    and parse back to themselves."""
    return _osr_file(mode)

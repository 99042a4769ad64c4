"""osu_core.replay: replay frame streams and ``.osr`` replay files.

``get_replay`` sends a replay's frames as base64 of LZMA data; an ``.osr`` file holds the same
LZMA data behind a header of the play's counts and mods. :func:`decode_replay_frames` peels the
layers (``layer="auto"``, ``"base64"`` or ``"lzma"``) into :class:`ReplayFrames`, whose frames
are typed per game mode (:class:`OsuFrame` with :class:`OsuKeys`, and so on);
:func:`encode_replay_frames` puts them back. :func:`parse_osr` and :func:`render_osr` read and
write whole files byte for byte, and :func:`assemble_osr` builds a watchable file from
``get_replay`` content and its score row (``get_replay_osr`` on the clients does the calls).

The modules, by role:

* ``_models``: the frame tuples and each mode's key flags;
* ``_stream``: :class:`ReplayFrames`, the decoded frame text and its column loops;
* ``_codec``: the base64 and LZMA layers, with their size limits;
* ``_osr``: the ``.osr`` reader and writer, and ``_assemble``, a file from API data.

No I/O anywhere here.
"""

from ._assemble import DEFAULT_GAME_VERSION, ScoreLike, assemble_osr
from ._codec import (
    MAX_REPLAY_STREAM_SIZE,
    decode_replay_frames,
    decode_replay_frames_base64,
    decode_replay_frames_lzma,
    encode_replay_frames,
    encode_replay_frames_base64,
)
from ._models import (
    CatchFrame,
    CatchKeys,
    ManiaFrame,
    ManiaKeys,
    OsuFrame,
    OsuKeys,
    RawFrame,
    ReplayFrame,
    TaikoFrame,
    TaikoKeys,
)
from ._osr import (
    MAX_LAZER_SCORE_INFO_SIZE,
    LifeBarPoint,
    OsrFile,
    format_life_bar,
    parse_osr,
    render_osr,
)
from ._stream import MAX_REPLAY_FRAMES, ReplayFrames

__all__ = [
    "CatchFrame",
    "CatchKeys",
    "DEFAULT_GAME_VERSION",
    "LifeBarPoint",
    "MAX_LAZER_SCORE_INFO_SIZE",
    "MAX_REPLAY_FRAMES",
    "MAX_REPLAY_STREAM_SIZE",
    "ManiaFrame",
    "ManiaKeys",
    "OsrFile",
    "OsuFrame",
    "OsuKeys",
    "RawFrame",
    "ReplayFrame",
    "ReplayFrames",
    "ScoreLike",
    "TaikoFrame",
    "TaikoKeys",
    "assemble_osr",
    "decode_replay_frames",
    "decode_replay_frames_base64",
    "decode_replay_frames_lzma",
    "encode_replay_frames",
    "encode_replay_frames_base64",
    "format_life_bar",
    "parse_osr",
    "render_osr",
]

"""osu_core: the sans-IO core of the osu! API v1 client.

Pure functions and frozen attrs values only: request builders, response parsers, models, enums,
mods, the ``.osu`` and replay parsers, and the rate-limit and retry policies as pure state. It
imports only the standard library, attrs and cattrs; it opens no socket, starts no event loop,
never sleeps and reads no clock it was not handed. Any HTTP library can drive it.
"""

from ._enums import (
    BeatmapApprovedState,
    BeatmapGenre,
    GameMode,
    Language,
    MultiplayerTeam,
    ReplayAvailability,
    ScoringType,
    TeamType,
)
from ._errors import (
    CorruptReplayError,
    HTTPError,
    InvalidArgument,
    OsuError,
    ParseError,
    RateLimitError,
    ReplayUnavailable,
    RequestTimeoutError,
    ResponseError,
    RouteNotFound,
    TransportError,
    UnreferencedApi,
    WrongApiKey,
)
from ._flow import Reply, Send, Sleep, call_flow
from ._http import (
    DEFAULT_BASE_URL,
    SECRET_PARAMS,
    Call,
    PreparedRequest,
    Request,
    Response,
    prepare,
    redact_url,
)
from ._mods import GameModifiers
from ._osr import LifeBarPoint, OsrFile, format_life_bar, parse_osr, render_osr
from ._osr_assemble import ScoreLike, assemble_osr
from ._ratelimit import DEFAULT_RATE_LIMITS, RateLimit, RateLimiter, RateLimits
from ._replay import ReplayFrames
from ._replay_codec import (
    decode_replay_frames,
    decode_replay_frames_base64,
    decode_replay_frames_lzma,
    encode_replay_frames,
    encode_replay_frames_base64,
)
from ._replay_keys import (
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
from ._retry import NO_RETRY, RetryPolicy, is_retryable
from ._version import __version__

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_RATE_LIMITS",
    "NO_RETRY",
    "SECRET_PARAMS",
    "BeatmapApprovedState",
    "BeatmapGenre",
    "Call",
    "CatchFrame",
    "CatchKeys",
    "CorruptReplayError",
    "GameMode",
    "GameModifiers",
    "HTTPError",
    "InvalidArgument",
    "Language",
    "LifeBarPoint",
    "ManiaFrame",
    "ManiaKeys",
    "MultiplayerTeam",
    "OsrFile",
    "OsuError",
    "OsuFrame",
    "OsuKeys",
    "ParseError",
    "PreparedRequest",
    "RateLimit",
    "RateLimitError",
    "RateLimiter",
    "RateLimits",
    "RawFrame",
    "ReplayAvailability",
    "ReplayFrame",
    "ReplayFrames",
    "ReplayUnavailable",
    "Reply",
    "Request",
    "RequestTimeoutError",
    "Response",
    "ResponseError",
    "RetryPolicy",
    "RouteNotFound",
    "ScoreLike",
    "ScoringType",
    "Send",
    "Sleep",
    "TaikoFrame",
    "TaikoKeys",
    "TeamType",
    "TransportError",
    "UnreferencedApi",
    "WrongApiKey",
    "__version__",
    "assemble_osr",
    "call_flow",
    "decode_replay_frames",
    "decode_replay_frames_base64",
    "decode_replay_frames_lzma",
    "encode_replay_frames",
    "encode_replay_frames_base64",
    "format_life_bar",
    "is_retryable",
    "parse_osr",
    "prepare",
    "redact_url",
    "render_osr",
]

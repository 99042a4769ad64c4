"""osu_core: the sans-IO core of the osu! API v1 client.

Pure functions and frozen attrs values only: request builders, response parsers, models, enums,
mods, the rate-limit and retry policies as pure state, and the call flow that ties them
together. It imports only the standard library, attrs and cattrs; it opens no socket, starts no
event loop, never sleeps and reads no clock it was not handed. Any HTTP library can drive it.

This package's face is the API client's. The file formats are subpackages:
:mod:`osu_core.beatmap` (``.osu`` files) and :mod:`osu_core.replay` (replay frames and ``.osr``
files), and :mod:`osu_core.performance` rates plays on a ``.osu`` file (pp, through the
optional rosu-pp-py); ``import osu_core`` loads none of them.
"""

import warnings
from typing import TYPE_CHECKING, Any

from ._base import (
    BaseModel,
    bind_client,
)
from ._beatmap_file import BeatmapFile
from ._body import ACCEPT_ENCODING, DEFAULT_MAX_RESPONSE_SIZE, BodyDecoder
from ._cache import CachePolicy, MemoryCache, SharedCache
from ._collections import (
    BaseCollection,
    BeatmapCollection,
    ScoreCollection,
    UserBestCollection,
    UserRecentCollection,
)
from ._convert import (
    LEGACY_TIMEZONE,
    configure_converter,
    make_converter,
    structure_rows,
)
from ._endpoints import (
    Plan,
    get_beatmap,
    get_beatmap_file,
    get_beatmaps,
    get_match,
    get_replay,
    get_replay_osr,
    get_score,
    get_scores,
    get_user,
    get_user_best,
    get_user_bests,
    get_user_recent,
    get_user_recents,
)
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
    CollectionTypeError,
    CorruptReplayError,
    HTTPError,
    InvalidArgument,
    MissingExtraError,
    OsuError,
    ParseError,
    RateLimitError,
    ReplayTooLargeError,
    ReplayUnavailable,
    RequestTimeoutError,
    ResponseError,
    ResponseTooLargeError,
    RouteNotFound,
    SharedLimitError,
    TransportError,
    TransportFailure,
    UnreferencedApi,
    WrongApiKey,
)
from ._fleet import ScriptCall, SharedLimiter, key_id
from ._flow import Coordinate, Reply, Send, Sleep, SleepReason, call_flow
from ._http import (
    DEFAULT_BASE_URL,
    SECRET_PARAMS,
    Call,
    PreparedRequest,
    Request,
    Response,
    check_base_url,
    prepare,
    redact_url,
)
from ._models import (
    Beatmap,
    MultiplayerGame,
    MultiplayerMatch,
    MultiplayerScore,
    Replay,
    Score,
    User,
    UserBest,
    UserEvent,
    UserRecent,
)
from ._mods import GameModifier, GameModifiers
from ._paging import BeatmapsSincePager
from ._params import ModeLike, ModsLike, UserLike
from ._ratelimit import DEFAULT_RATE_LIMITS, RateLimit, RateLimiter, RateLimits
from ._responses import (
    check_response,
    decode_json,
    retry_after,
)
from ._retry import DEFAULT_RETRY, NO_RETRY, RetryPolicy, is_retryable
from ._version import __version__

#: The file-format names this package held in 0.1, and the subpackage each moved to in 0.2.
#: They still resolve here, with a DeprecationWarning, until 0.3 (trio's
#: ``deprecate_attributes`` is the model). The list is frozen: names added to the subpackages
#: later are no flat names.
_MOVED: dict[str, str] = {
    "Background": "beatmap",
    "Break": "beatmap",
    "Colour": "beatmap",
    "Colours": "beatmap",
    "Countdown": "beatmap",
    "CurvePoint": "beatmap",
    "CurveType": "beatmap",
    "Difficulty": "beatmap",
    "EdgeSet": "beatmap",
    "Editor": "beatmap",
    "Effects": "beatmap",
    "Events": "beatmap",
    "General": "beatmap",
    "HitCircle": "beatmap",
    "HitObject": "beatmap",
    "HitObjectKind": "beatmap",
    "HitSample": "beatmap",
    "HitSound": "beatmap",
    "HoldNote": "beatmap",
    "MAX_COORDINATE_VALUE": "beatmap",
    "MAX_PARSE_VALUE": "beatmap",
    "Metadata": "beatmap",
    "OsuFile": "beatmap",
    "SampleSet": "beatmap",
    "SkippedLine": "beatmap",
    "Slider": "beatmap",
    "Spinner": "beatmap",
    "TimingPoint": "beatmap",
    "UnknownSection": "beatmap",
    "Video": "beatmap",
    "legacy_time_offset": "beatmap",
    "parse_osu_file": "beatmap",
    "render_osu_file": "beatmap",
    "CatchFrame": "replay",
    "CatchKeys": "replay",
    "LifeBarPoint": "replay",
    "MAX_LAZER_SCORE_INFO_SIZE": "replay",
    "MAX_REPLAY_FRAMES": "replay",
    "MAX_REPLAY_STREAM_SIZE": "replay",
    "ManiaFrame": "replay",
    "ManiaKeys": "replay",
    "OsrFile": "replay",
    "OsuFrame": "replay",
    "OsuKeys": "replay",
    "RawFrame": "replay",
    "ReplayFrame": "replay",
    "ReplayFrames": "replay",
    "ScoreLike": "replay",
    "TaikoFrame": "replay",
    "TaikoKeys": "replay",
    "assemble_osr": "replay",
    "decode_replay_frames": "replay",
    "decode_replay_frames_base64": "replay",
    "decode_replay_frames_lzma": "replay",
    "encode_replay_frames": "replay",
    "encode_replay_frames_base64": "replay",
    "format_life_bar": "replay",
    "parse_osr": "replay",
    "render_osr": "replay",
}


# Hidden from type checkers, which then report a moved name as missing (so checked code moves)
# and still catch misspelt ones (a module __getattr__ would make every name pass as Any).
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        subpackage = _MOVED.get(name)
        if subpackage is None:
            raise AttributeError(f"module 'osu_core' has no attribute {name!r}")
        import importlib

        module = importlib.import_module(f"{__name__}.{subpackage}")
        warnings.warn(
            f"osu_core.{name} is deprecated: it is osu_core.{subpackage}.{name} since 0.2, "
            "and the flat name goes in 0.3",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(module, name)


__all__ = [
    "ACCEPT_ENCODING",
    "BaseCollection",
    "BaseModel",
    "Beatmap",
    "BeatmapApprovedState",
    "BeatmapCollection",
    "BeatmapFile",
    "BeatmapGenre",
    "BeatmapsSincePager",
    "BodyDecoder",
    "CachePolicy",
    "Call",
    "CollectionTypeError",
    "Coordinate",
    "CorruptReplayError",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_RATE_LIMITS",
    "DEFAULT_RETRY",
    "GameMode",
    "GameModifier",
    "GameModifiers",
    "HTTPError",
    "InvalidArgument",
    "LEGACY_TIMEZONE",
    "Language",
    "MemoryCache",
    "MissingExtraError",
    "ModeLike",
    "ModsLike",
    "MultiplayerGame",
    "MultiplayerMatch",
    "MultiplayerScore",
    "MultiplayerTeam",
    "NO_RETRY",
    "OsuError",
    "ParseError",
    "Plan",
    "PreparedRequest",
    "RateLimit",
    "RateLimitError",
    "RateLimiter",
    "RateLimits",
    "Replay",
    "ReplayAvailability",
    "ReplayTooLargeError",
    "ReplayUnavailable",
    "Reply",
    "Request",
    "RequestTimeoutError",
    "Response",
    "ResponseError",
    "ResponseTooLargeError",
    "RetryPolicy",
    "RouteNotFound",
    "SECRET_PARAMS",
    "Score",
    "ScoreCollection",
    "ScoringType",
    "ScriptCall",
    "Send",
    "SharedCache",
    "SharedLimitError",
    "SharedLimiter",
    "Sleep",
    "SleepReason",
    "TeamType",
    "TransportError",
    "TransportFailure",
    "UnreferencedApi",
    "User",
    "UserBest",
    "UserBestCollection",
    "UserEvent",
    "UserLike",
    "UserRecent",
    "UserRecentCollection",
    "WrongApiKey",
    "__version__",
    "bind_client",
    "call_flow",
    "check_base_url",
    "check_response",
    "configure_converter",
    "decode_json",
    "get_beatmap",
    "get_beatmap_file",
    "get_beatmaps",
    "get_match",
    "get_replay",
    "get_replay_osr",
    "get_score",
    "get_scores",
    "get_user",
    "get_user_best",
    "get_user_bests",
    "get_user_recent",
    "get_user_recents",
    "is_retryable",
    "key_id",
    "make_converter",
    "prepare",
    "redact_url",
    "retry_after",
    "structure_rows",
]

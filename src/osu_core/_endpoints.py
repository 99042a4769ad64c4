"""One builder per API operation: validated arguments in, a :class:`Call` out.

A builder checks and maps its arguments (readable names become the wire names ``u``, ``m``,
``type``...; enums become ints; ``None`` is dropped), so a bad argument fails here, before any
I/O, with an :class:`InvalidArgument` naming it. The call's parser applies the endpoint's quirks
(``get_user`` answers with a one-element list; score rows lack the beatmap and mode they were
asked for; ``get_match`` answers with an object and ``{"match": 0}`` for "not found"). Builders
are named and ordered like the original library's methods; each cites its section of
``reference/api-v1.md``. No I/O; the key is added by whoever sends the request.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Generator
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from . import _params as p
from ._base import BaseModel
from ._beatmap_file import BeatmapFile
from ._collections import (
    BeatmapCollection,
    ScoreCollection,
    UserBestCollection,
    UserRecentCollection,
)
from ._convert import fill, make_converter, structure_rows
from ._enums import GameMode, ascii_int, shown
from ._errors import InvalidArgument, ReplayUnavailable, ResponseError
from ._http import Call, Request, Response
from ._models import (
    Beatmap,
    MultiplayerMatch,
    Replay,
    Score,
    User,
    UserBest,
    UserRecent,
)
from ._responses import check_response, decode_json

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "get_beatmap",
    "get_beatmap_file",
    "get_beatmaps",
    "get_match",
    "Plan",
    "get_replay",
    "get_replay_osr",
    "get_score",
    "get_scores",
    "get_user",
    "get_user_best",
    "get_user_bests",
    "get_user_recent",
    "get_user_recents",
]

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")

#: A sequence of calls whose later ones depend on earlier results: a generator that yields
#: each :class:`Call` and is sent its result, and returns the outcome. A driver runs one as
#: ``result = None; while True: call = plan.send(result); result = carry_out(call)`` until
#: ``StopIteration.value``; each call gets the driver's rate limiting and retries.
Plan: TypeAlias = Generator[Call[Any], Any, R]


@functools.cache
def _converter() -> cattrs.Converter:
    # Made on the first parse, so importing osu_core does not import cattrs.
    return make_converter()


Params = list[tuple[str, str]]


def _request(endpoint: str, params: Params) -> Request:
    return Request(endpoint=endpoint, path=f"/api/{endpoint}", params=tuple(params))


def _add_user(params: Params, user: Any, type_str: str | None) -> None:
    u, kind = p.user(user, type_str)
    params.append(("u", u))
    if kind is not None:  # a name with no type_str: the API recognises it (see p.user)
        params.append(("type", kind))


def _mode_of(params: Params) -> GameMode:
    # The API's default mode is osu! (0) wherever m is optional.
    return GameMode(int(dict(params).get("m", "0")))


def _rows(response: Response, endpoint: str, cls: type[M], **context: Any) -> list[M]:
    data = decode_json(response, endpoint=endpoint)
    if data is None:  # type=string with no match once answered null (ppy/osu-api#109)
        data = []
    rows = structure_rows(_converter(), cls, data, endpoint=endpoint)
    if context:
        fill(rows, **context)
    return rows


def _first(rows: list[M]) -> M | None:
    return rows[0] if rows else None


# --- get_beatmaps (api-v1.md §1) -------------------------------------------------------------


def _beatmap_params(
    *,
    limit: int | None,
    since: Any,
    type_str: str | None,
    beatmapset_id: Any,
    beatmap_id: Any,
    include_converted: bool | int | None,
    user: Any,
    mode: Any,
    hash_str: str | None,
    mods: Any,
) -> Params:
    params: Params = []
    if since is not None:
        params.append(("since", p.since(since)))
    if beatmapset_id is not None:
        params.append(("s", p.positive_id(beatmapset_id, "beatmapset_id")))
    if beatmap_id is not None:
        params.append(("b", p.positive_id(beatmap_id, "beatmap_id")))
    if user is not None:
        _add_user(params, user, type_str)
    elif type_str is not None:
        raise InvalidArgument("type_str: only applies together with user", parameter="type_str")
    if mode is not None:
        params.append(("m", p.mode(mode)))
    if include_converted is not None:
        params.append(("a", p.flag(include_converted, "include_converted")))
    if hash_str is not None:
        params.append(("h", p.md5(hash_str)))
    if limit is not None:
        params.append(("limit", p.ranged(limit, "limit", 1, 500)))
    if mods is not None:
        params.append(("mods", p.mods(mods)))
    return params


def _parse_beatmaps(response: Response) -> BeatmapCollection:
    return BeatmapCollection(_rows(response, "get_beatmaps", Beatmap))


def get_beatmaps(
    limit: int | None = None,
    since: _dt.datetime | _dt.date | str | None = None,
    type_str: str | None = None,
    beatmapset_id: int | None = None,
    include_converted: bool | None = None,
    user: p.UserLike | None = None,
    mode: p.ModeLike | None = None,
    *,
    beatmap_id: int | None = None,
    hash_str: str | None = None,
    mods: p.ModsLike | None = None,
) -> Call[BeatmapCollection]:
    """Beatmaps matching the filters (``GET /api/get_beatmaps``).

    Args:
        limit: Rows to return, 1-500 (the API's default and maximum is 500).
        since: Maps ranked or loved since this moment (datetime, date or ``"YYYY-MM-DD"``; UTC).
        type_str: ``"id"`` or ``"string"``; without it an int is an id and the API recognises
            a str (digits as an id): a digits-only username needs ``"string"``.
        beatmapset_id: Only this set's difficulties.
        include_converted: With a ``mode`` other than osu!, include converted maps.
        user: Only maps created by this user (id or name).
        mode: Only maps of this mode.
        beatmap_id: Only this difficulty.
        hash_str: Only the difficulty with this ``.osu`` MD5 (as found in ``.osr`` headers).
        mods: Recompute the star rating, aim, speed and max combo for these mods.

    Returns:
        A call whose result is a :class:`BeatmapCollection` (empty when nothing matched).

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
    """
    params = _beatmap_params(
        limit=limit,
        since=since,
        type_str=type_str,
        beatmapset_id=beatmapset_id,
        beatmap_id=beatmap_id,
        include_converted=include_converted,
        user=user,
        mode=mode,
        hash_str=hash_str,
        mods=mods,
    )
    return Call(request=_request("get_beatmaps", params), parse=_parse_beatmaps)


def _parse_beatmap(response: Response) -> Beatmap | None:
    return _first(_rows(response, "get_beatmaps", Beatmap))


def get_beatmap(
    beatmapset_id: int | None = None,
    beatmap_id: int | None = None,
    user: p.UserLike | None = None,
    type_str: str | None = None,
    mode: p.ModeLike | None = None,
    include_converted: bool | None = None,
    hash_str: str | None = None,
    *,
    mods: p.ModsLike | None = None,
) -> Call[Beatmap | None]:
    """The first beatmap matching the filters (``GET /api/get_beatmaps`` with ``limit=1``).

    Arguments as :func:`get_beatmaps`. The result is None when nothing matched.

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
    """
    params = _beatmap_params(
        limit=1,
        since=None,
        type_str=type_str,
        beatmapset_id=beatmapset_id,
        beatmap_id=beatmap_id,
        include_converted=include_converted,
        user=user,
        mode=mode,
        hash_str=hash_str,
        mods=mods,
    )
    return Call(request=_request("get_beatmaps", params), parse=_parse_beatmap)


# --- the raw .osu download (api-v1.md §8) ---------------------------------------------------


def _parse_beatmap_file(response: Response, *, beatmap_id: int) -> BeatmapFile | None:
    endpoint = "get_beatmap_file"
    if response.status_code == 404:
        return None
    check_response(response, endpoint=endpoint)
    # A missing or unavailable file is an empty 200, not a 404 (ppy/osu-web#9435).
    if not response.body.strip():
        return None
    try:
        text = response.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ResponseError(
            f"{endpoint}: the .osu file is not UTF-8 (byte {exc.start})", endpoint=endpoint
        ) from None
    return BeatmapFile(content=text, beatmap_id=beatmap_id)


def get_beatmap_file(beatmap_id: int) -> Call[BeatmapFile | None]:
    """A difficulty's ``.osu`` file (``GET /osu/{beatmap_id}``; outside ``/api/``, no key).

    Args:
        beatmap_id: The difficulty's id (not the set's).

    Returns:
        A call whose result is the :class:`BeatmapFile`, or None when the server has no file
        (it answers an empty 200). The text is kept as served (BOM and CRLF included); compare
        ``hashlib.md5(response body)`` with ``Beatmap.file_md5`` to detect a stale file.

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
    """
    wire_id = p.positive_id(beatmap_id, "beatmap_id")
    request = Request(endpoint="get_beatmap_file", path=f"/osu/{wire_id}", needs_key=False)
    return Call(request=request, parse=partial(_parse_beatmap_file, beatmap_id=int(wire_id)))


# --- get_user (api-v1.md §2) -----------------------------------------------------------------


def _parse_user(response: Response, *, mode: GameMode) -> User | None:
    return _first(_rows(response, "get_user", User, mode=mode))


def get_user(
    user: p.UserLike,
    mode: p.ModeLike | None = None,
    type_str: str | None = None,
    event_days: int | None = None,
) -> Call[User | None]:
    """A user's statistics and recent events (``GET /api/get_user``).

    Args:
        user: The user id (int) or name (str). A str is sent as typed, with no ``type``, and
            the API recognises it: digits are read as an id (``"3141592"`` typed in chat
            finds that player), anything else as a name.
        mode: The mode of the statistics (the API's default is osu!).
        type_str: ``"id"`` or ``"string"``; always wins. A username made only of digits
            needs ``type_str="string"``.
        event_days: Days of events to include, 1-31 (the API's default is 1).

    Returns:
        A call whose result is the :class:`User`, or None for an unknown or restricted user,
        a blank name or an id no one has (sent: the API answers nothing for them).

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
    """
    params: Params = []
    _add_user(params, user, type_str)
    if mode is not None:
        params.append(("m", p.mode(mode)))
    if event_days is not None:
        params.append(("event_days", p.ranged(event_days, "event_days", 1, 31)))
    parse = partial(_parse_user, mode=_mode_of(params))
    return Call(request=_request("get_user", params), parse=parse)


# --- get_scores (api-v1.md §3) ---------------------------------------------------------------


def _score_params(
    beatmap_id: Any, user: Any, mode: Any, mods: Any, type_str: str | None, limit: int | None
) -> Params:
    params: Params = [("b", p.positive_id(beatmap_id, "beatmap_id"))]
    if user is not None:
        _add_user(params, user, type_str)
    elif type_str is not None:
        raise InvalidArgument("type_str: only applies together with user", parameter="type_str")
    if mode is not None:
        params.append(("m", p.mode(mode)))
    if mods is not None:
        params.append(("mods", p.mods(mods)))
    if limit is not None:
        params.append(("limit", p.ranged(limit, "limit", 1, 100)))
    return params


def _parse_scores(response: Response, **context: Any) -> ScoreCollection:
    return ScoreCollection(_rows(response, "get_scores", Score, **context))


def _parse_score(response: Response, **context: Any) -> Score | None:
    return _first(_rows(response, "get_scores", Score, **context))


def get_scores(
    beatmap_id: int,
    user: p.UserLike | None = None,
    mode: p.ModeLike | None = None,
    mods: p.ModsLike | None = None,
    type_str: str | None = None,
    limit: int | None = None,
) -> Call[ScoreCollection]:
    """A beatmap's top scores (``GET /api/get_scores``).

    Args:
        beatmap_id: The difficulty's id.
        user: Only this user's score (id or name).
        mode: The leaderboard's mode (the API's default is osu!).
        mods: Only scores with exactly this mod combination (``0`` or ``""``: no mods).
        type_str: ``"id"`` or ``"string"``; without it an int is an id and the API recognises
            a str (digits as an id): a digits-only username needs ``"string"``.
        limit: Rows to return, 1-100 (the API's default is 50).

    Returns:
        A call whose result is a :class:`ScoreCollection`; each score carries the request's
        ``beatmap_id`` and ``mode``.

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
    """
    params = _score_params(beatmap_id, user, mode, mods, type_str, limit)
    parse = partial(_parse_scores, beatmap_id=int(params[0][1]), mode=_mode_of(params))
    return Call(request=_request("get_scores", params), parse=parse)


def get_score(
    beatmap_id: int,
    user: p.UserLike | None = None,
    mode: p.ModeLike | None = None,
    type_str: str | None = None,
    *,
    mods: p.ModsLike | None = None,
) -> Call[Score | None]:
    """The top score of a beatmap, or of a user on it (``get_scores`` with ``limit=1``).

    Arguments as :func:`get_scores`. The result is None when there is no such score.

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
    """
    params = _score_params(beatmap_id, user, mode, mods, type_str, 1)
    parse = partial(_parse_score, beatmap_id=int(params[0][1]), mode=_mode_of(params))
    return Call(request=_request("get_scores", params), parse=parse)


# --- get_user_best and get_user_recent (api-v1.md §4 and §5) ---------------------------------


#: The ``limit`` the original library's reference documents for ``get_scores``,
#: ``get_user_bests`` and ``get_user_recents`` ("range between 1 and 100 - defaults to 50").
#: The API's own default is 10 for the two user lists, so it is sent explicitly.
DEFAULT_LIMIT = 50


def _user_list_params(user: Any, mode: Any, type_str: str | None, limit: int | None) -> Params:
    params: Params = []
    _add_user(params, user, type_str)
    if mode is not None:
        params.append(("m", p.mode(mode)))
    limit = DEFAULT_LIMIT if limit is None else limit
    params.append(("limit", p.ranged(limit, "limit", 1, 100)))
    return params


def _user_list(
    endpoint: str,
    model: type[UserBest | UserRecent],
    collection: Callable[[list[Any]], Any],
    user: Any,
    mode: Any,
    type_str: str | None,
    limit: int | None,
) -> Call[Any]:
    # get_user_best and get_user_recent: the same parameters, rows of their own model.
    params = _user_list_params(user, mode, type_str, limit)
    parse = partial(
        _parse_user_list, endpoint=endpoint, model=model, collection=collection,
        mode=_mode_of(params),
    )  # fmt: skip
    return Call(request=_request(endpoint, params), parse=parse)


def _parse_user_list(
    response: Response,
    *,
    endpoint: str,
    model: type[UserBest | UserRecent],
    collection: Callable[[list[Any]], Any],
    mode: GameMode,
) -> Any:
    return collection(_rows(response, endpoint, model, mode=mode))


def get_user_bests(
    user: p.UserLike,
    mode: p.ModeLike | None = None,
    type_str: str | None = None,
    limit: int | None = None,
) -> Call[UserBestCollection]:
    """A user's best scores, best first (``GET /api/get_user_best``).

    Args:
        user: The user id (int) or name (str).
        mode: The mode (the API's default is osu!).
        type_str: ``"id"`` or ``"string"``; without it an int is an id and the API recognises
            a str (digits as an id): a digits-only username needs ``"string"``.
        limit: Rows to return, 1-100; 50 when not given, as the original library's reference
            documents (the API's own default is 10).

    Returns:
        A call whose result is a :class:`UserBestCollection` (empty for an unknown user).

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
    """
    return _user_list("get_user_best", UserBest, UserBestCollection, user, mode, type_str, limit)


def get_user_best(
    user: p.UserLike, mode: p.ModeLike | None = None, type_str: str | None = None
) -> Call[UserBest | None]:
    """A user's best score (``get_user_best`` with ``limit=1``); None if there is none.

    Arguments as :func:`get_user_bests`.
    """
    return get_user_bests(user, mode, type_str, 1).map(_first)


def get_user_recents(
    user: p.UserLike,
    mode: p.ModeLike | None = None,
    type_str: str | None = None,
    limit: int | None = None,
) -> Call[UserRecentCollection]:
    """A user's plays of the last 24 hours, newest first (``GET /api/get_user_recent``).

    Args:
        user: The user id (int) or name (str).
        mode: The mode (the API's default is osu!).
        type_str: ``"id"`` or ``"string"``; without it an int is an id and the API recognises
            a str (digits as an id): a digits-only username needs ``"string"``.
        limit: Rows to return, 1-100 as the original library's reference documents; 50 when
            not given. The server answers 50 plays at most, whatever the limit.

    Returns:
        A call whose result is a :class:`UserRecentCollection` (failed plays included; empty
        for an unknown user).

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
    """
    collection = UserRecentCollection
    return _user_list("get_user_recent", UserRecent, collection, user, mode, type_str, limit)


def get_user_recent(
    user: p.UserLike, mode: p.ModeLike | None = None, type_str: str | None = None
) -> Call[UserRecent | None]:
    """A user's latest play (``get_user_recent`` with ``limit=1``); None if there is none.

    Arguments as :func:`get_user_recents`.
    """
    return get_user_recents(user, mode, type_str, 1).map(_first)


# --- get_replay (api-v1.md §7) ---------------------------------------------------------------


def _replay_user(sent: dict[str, str]) -> int | str:
    u, kind = sent["u"], sent.get("type")
    if kind == "id":
        return int(u)  # checked digits of a 64-bit int
    number = ascii_int(u, 19) if kind is None else None
    return u if number is None or number > p.MAX_ID else number


def _parse_replay(response: Response, *, strict: bool, **context: Any) -> Replay | None:
    try:
        data = decode_json(response, endpoint="get_replay")
    except ReplayUnavailable:
        # "Raised and handled by the library" (the original's reference): None, unless the
        # caller asked for the error.
        if strict:
            raise
        return None
    if not isinstance(data, dict) or not isinstance(data.get("content"), str):
        raise ResponseError(
            "get_replay: expected an object with a base64 'content' string",
            endpoint="get_replay",
            path=".content",
        )
    encoding = data.get("encoding", "base64")
    extra = {k: v for k, v in data.items() if k not in ("content", "encoding")}
    return Replay(
        content=data["content"],
        encoding=encoding if isinstance(encoding, str) else "base64",
        extra=extra,
        **context,
    )


def get_replay(
    mode: p.ModeLike,
    beatmap_id: int | None = None,
    user: p.UserLike | None = None,
    *,
    score_id: int | None = None,
    type_str: str | None = None,
    mods: p.ModsLike | None = None,
    strict: bool = False,
) -> Call[Replay | None]:
    """A score's replay frame stream (``GET /api/get_replay``); limited to 10 per minute.

    Give ``beatmap_id`` and ``user``, or ``score_id`` (which the API accepts instead of both).

    Args:
        mode: The mode the score was played in (required, even with ``score_id``).
        beatmap_id: The difficulty the score was set on.
        user: The player (id or name).
        score_id: The score's id.
        type_str: ``"id"`` or ``"string"``; without it an int is an id and the API recognises
            a str (digits as an id): a digits-only username needs ``"string"``.
        mods: The score's mod combination, to pick one of several scores.
        strict: Raise :class:`ReplayUnavailable` instead of returning None when the API has
            no replay (or could not fetch it).

    Returns:
        A call whose result is a :class:`Replay` (``frames()`` decodes it), or None when the
        API has no replay for the score, as the original library's reference says.

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
        ReplayUnavailable: (from the call) with ``strict=True``, when the API has no replay.
    """
    if not isinstance(strict, bool):
        raise InvalidArgument(f"strict: must be a bool, got {shown(strict)}", parameter="strict")
    params: Params = [("m", p.mode(mode))]
    if score_id is not None:
        if beatmap_id is not None or user is not None:
            raise InvalidArgument(
                "score_id: give either score_id or beatmap_id and user, not both",
                parameter="score_id",
            )
        params.append(("s", p.positive_id(score_id, "score_id")))
    else:
        if beatmap_id is None or user is None:
            raise InvalidArgument(
                "beatmap_id: get_replay needs beatmap_id and user, or score_id",
                parameter="beatmap_id" if beatmap_id is None else "user",
            )
        params.append(("b", p.positive_id(beatmap_id, "beatmap_id")))
        _add_user(params, user, type_str)
    if mods is not None:
        params.append(("mods", p.mods(mods)))
    sent = dict(params)  # the checked values, as plain ints ("0075" and int subclasses too)
    parse = partial(
        _parse_replay,
        strict=strict,
        mode=_mode_of(params),
        beatmap_id=int(sent["b"]) if "b" in sent else None,
        # The player as the API read them: an id as an int (a str of digits sent with no
        # type is an id to the API too), a name as a str.
        user=_replay_user(sent) if "u" in sent else None,
        score_id=int(sent["s"]) if "s" in sent else None,
    )
    return Call(request=_request("get_replay", params), parse=parse)


def get_replay_osr(
    mode: p.ModeLike,
    beatmap_id: int,
    user: p.UserLike,
    *,
    score_id: int | None = None,
    type_str: str | None = None,
    mods: p.ModsLike | None = None,
) -> Plan[bytes]:
    """A score's replay as a watchable ``.osr`` file: a :data:`Plan` of three calls.

    ``get_replay`` sends only the frame stream; the header is rebuilt from the score row
    (``get_scores``) and the beatmap's ``file_md5`` (``get_beatmaps``), as circleguard does
    (api-v1.md §7). One of the three calls counts against the 10/min replay budget. Every
    argument is checked before the first call is yielded.

    Args:
        mode: The mode the score was played in.
        beatmap_id: The difficulty.
        user: The player (id or name).
        score_id: Which of the player's scores on the map, when there are several (by mods).
        type_str: ``"id"`` or ``"string"``; without it an int is an id and the API recognises
            a str (digits as an id): a digits-only username needs ``"string"``.
        mods: The mods of the score wanted.

    Returns:
        A plan whose outcome is the ``.osr`` file's bytes.

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
        ReplayUnavailable: (from the plan) if the score, the beatmap or the replay cannot be
            found.
    """
    scores = get_scores(beatmap_id, user, mode, mods, type_str)
    beatmap_call = get_beatmap(beatmap_id=beatmap_id)
    if score_id is not None:
        replay_call = get_replay(mode, score_id=score_id, mods=mods, strict=True)
    else:
        replay_call = get_replay(mode, beatmap_id, user, type_str=type_str, mods=mods, strict=True)
    return _replay_osr_plan(scores, beatmap_call, replay_call, score_id, user, beatmap_id)


def _replay_osr_plan(
    scores: Call[ScoreCollection],
    beatmap_call: Call[Beatmap | None],
    replay_call: Call[Replay | None],
    score_id: int | None,
    user: Any,
    beatmap_id: Any,
) -> Plan[bytes]:
    from .replay._assemble import assemble_osr

    rows: ScoreCollection = yield scores
    score = next((r for r in rows if score_id in (None, r.score_id)), None)
    if score is None:
        raise ReplayUnavailable(f"no score by {shown(user)} on beatmap {beatmap_id} to replay")
    beatmap: Beatmap | None = yield beatmap_call
    if beatmap is None:
        raise ReplayUnavailable(f"beatmap {beatmap_id} not found, so no .osr header")
    replay: Replay | None = yield replay_call
    if replay is None:  # pragma: no cover - a strict call raises instead
        raise ReplayUnavailable("replay not available")
    return assemble_osr(replay.content, score=score, beatmap_md5=beatmap.file_md5, mode=replay.mode)


# --- get_match (api-v1.md §6) ----------------------------------------------------------------


def _parse_match(response: Response) -> MultiplayerMatch | None:
    data = decode_json(response, endpoint="get_match")
    if not isinstance(data, dict) or "match" not in data:
        raise ResponseError(
            "get_match: expected an object with 'match' and 'games'", endpoint="get_match"
        )
    match = data["match"]
    if match == 0 or match is None:  # unknown or unavailable match: {"match":0,"games":[]}
        return None
    if not isinstance(match, dict):
        raise ResponseError(
            f"get_match: .match: expected an object, got {type(match).__name__}",
            endpoint="get_match",
            path=".match",
        )
    games = data.get("games", [])
    row = {**match, "games": games}
    rows = structure_rows(_converter(), MultiplayerMatch, [row], endpoint="get_match")
    extra = {k: v for k, v in data.items() if k not in ("match", "games")}
    if extra:
        fill(rows, extra={**rows[0].extra, **extra})
    return rows[0]


def get_match(match_id: int) -> Call[MultiplayerMatch | None]:
    """A multiplayer match and its games (``GET /api/get_match``).

    Args:
        match_id: The id in the match's ``/mp/<id>`` link.

    Returns:
        A call whose result is the :class:`MultiplayerMatch`, or None for an unknown match
        (``0`` and negative ids included: they are sent, and the API answers no match).

    Raises:
        InvalidArgument: for a bad argument, before any request is made.
    """
    params: Params = [("mp", p.any_id(match_id, "match_id"))]
    return Call(request=_request("get_match", params), parse=_parse_match)

"""The answers of the seven ``/api/*`` endpoints, from the dataset and the query parameters.

Each function takes the dataset and a ``name -> value`` mapping (already de-duplicated, empty
values dropped) and returns the JSON value to send. Semantics follow ``reference/api-v1.md``;
the section is cited above each function. Malformed values never raise: they get the closest
safe answer (documented per parameter in :func:`_int` and the endpoints). :data:`ANSWERS`
maps each endpoint name to its function, and :func:`planted_answer` makes the unsolicited answer
of the ``TRAILING_GARBAGE`` fault. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from ._gen_plays import DT, EZ, FL, HR, HT, NC, mod_star_factor
from ._records import DATASET_NOW, Beatmap, Dataset, Score, User, name_key
from ._render import beatmap_row, best_row, match_object, recent_row, score_row, user_row
from ._wire import JSONValue, dump, parse_mysql_datetime

__all__ = [
    "ANSWERS",
    "NO_MATCH",
    "REPLAY_NOT_AVAILABLE",
    "get_beatmaps",
    "get_match",
    "get_replay",
    "get_scores",
    "get_user",
    "get_user_best",
    "get_user_recent",
    "planted_answer",
]

Params = Mapping[str, str]

#: §6: an unknown match is HTTP 200 with ``match`` the number 0 (corpus get_match-3).
NO_MATCH: JSONValue = {"match": 0, "games": []}
#: §7: no stored replay (corpus get_replay-1).
REPLAY_NOT_AVAILABLE: JSONValue = {"error": "Replay not available."}

_INT = re.compile(r"\s*[+-]?\d{1,19}\s*", re.ASCII)  # PHP reads no other digits
_DIFFICULTY_MODS = EZ | HR | DT | NC | HT | FL


def _int(params: Params, name: str) -> int | None:
    """An integer parameter; ``None`` when absent or not a plain integer (``abc``, ``1e3``,
    20-digit numbers). Callers treat ``None`` as "not given" or "matches nothing"."""
    value = params.get(name)
    if value is None or not _INT.fullmatch(value):
        return None
    return int(value)


def _limit(params: Params, default: int, maximum: int) -> int:
    # §1, §3-§5: defaults and maxima. Out-of-range values are clamped into 1..maximum and
    # unreadable ones (limit=abc) fall back to the default: the closest safe behaviour.
    value = _int(params, "limit")
    if value is None:
        return default
    return max(1, min(maximum, value))


def _mode(params: Params, default: int | None = 0) -> int | None:
    """``m``: an int (possibly not 0-3, which then matches nothing) or the default."""
    if "m" not in params:
        return default
    value = _int(params, "m")
    return -1 if value is None else value


def find_user(dataset: Dataset, params: Params, name: str = "u") -> User | None:
    """Resolve ``u`` with ``type`` (§0): ``string`` means a name, ``id`` an id; otherwise
    digits are taken as an id and never as a name ("may be problematic for usernames made up
    of digits only", ppy/osu-api#21)."""
    value = params.get(name)
    if value is None:
        return None
    kind = params.get("type", "").strip().lower()
    digits = value.strip()
    if kind == "string" or (kind != "id" and not (digits.isascii() and digits.isdigit())):
        return dataset.by_name.get(name_key(value))
    user_id = _int(params, name)
    return None if user_id is None else dataset.users.get(user_id)


def _visible(user: User | None) -> User | None:
    return None if user is None or user.restricted else user


def _convert(b: Beatmap, mode: int) -> tuple[float, float | None, float | None, int | None]:
    """Star rating, aim, speed and max combo of an osu! map converted to ``mode``."""
    jitter = ((b.beatmap_id * 2654435761) % 1000) / 5000  # 0 to 0.2, stable per map
    stars = b.stars * ((0.62, 0.8, 0.86)[mode - 1] + jitter)
    if mode == 1:
        return stars, None, None, b.count_normal + b.count_slider
    if mode == 2:
        return stars, stars, None, int((b.max_combo or 0) * 1.15)
    return stars, None, None, b.count_normal + 2 * b.count_slider


# §1 get_beatmaps
def get_beatmaps(dataset: Dataset, params: Params) -> JSONValue:
    """Filter, convert and rate the difficulties as §1 describes."""
    rows = dataset.beatmaps
    if "since" in params:
        since = parse_mysql_datetime(params["since"])
        if since is None:
            return []  # MySQL compares against garbage and matches nothing
        # "ranked or loved since": dated maps only, oldest first (this is what makes paging by
        # `since` work; strictly after, so maps sharing a date can straddle pages, #286).
        dated = [b for b in rows if b.approved_date is not None and b.approved_date > since]
        rows = sorted(dated, key=lambda b: (b.approved_date or 0, b.beatmapset_id, b.beatmap_id))
    for name, field in (("s", "beatmapset_id"), ("b", "beatmap_id")):
        if name in params:
            wanted = _int(params, name)
            rows = [b for b in rows if getattr(b, field) == wanted]
    if "u" in params:
        creator = find_user(dataset, params)
        if creator is None:
            return []
        rows = [b for b in rows if b.creator_id == creator.user_id]
    if "h" in params:
        found = dataset.beatmap_by_md5(params["h"])
        rows = [b for b in rows if found is not None and b.beatmap_id == found.beatmap_id]
    mode = _mode(params, None)
    converts = mode is not None and mode != 0 and params.get("a", "").strip() == "1"
    mods = _int(params, "mods") or 0
    # §1 quirks (#250, #252): non-difficulty mods or contradictory pairs spoil the rating.
    invalid = bool(
        mods & ~_DIFFICULTY_MODS
        or (mods & HR and mods & EZ)
        or (mods & DT and mods & HT)
        or mods < 0
    )
    factor = mod_star_factor(mods)
    out: list[JSONValue] = []
    limit = _limit(params, 500, 500)
    for b in rows:
        if mode is not None and b.mode != mode and not (converts and b.mode == 0):
            continue
        if mode is not None and b.mode != mode:  # a converted osu! map (§1 `a`)
            stars, aim, speed, combo = _convert(b, mode)
        else:
            stars, aim, speed, combo = b.stars, b.aim, b.speed, b.max_combo
        if mods and not invalid:
            aim = None if aim is None else aim * factor
            speed = None if speed is None else speed * factor
            stars *= factor
        changed = (mode is not None and b.mode != mode) or mods != 0
        out.append(beatmap_row(
            dataset, b, mode=mode if changed else None, stars=stars if changed else None,
            aim=aim, speed=speed, max_combo=combo, invalid_mods=invalid,
        ))  # fmt: skip
        if len(out) >= limit:
            break
    return out


# §2 get_user
def get_user(dataset: Dataset, params: Params) -> JSONValue:
    """One-element list, or ``[]`` for unknown and restricted users and bad modes."""
    user = _visible(find_user(dataset, params))
    mode = _mode(params)
    if user is None or mode not in (0, 1, 2, 3):
        return []
    days = _int(params, "event_days")
    days = 1 if days is None else max(1, min(31, days))  # "Range of 1-31", default 1
    events = [e for e in user.events if e.date >= DATASET_NOW - days * 86400]
    return [user_row(user, mode, events)]


def _leaderboard(dataset: Dataset, beatmap_id: int, mode: int, mods: int | None) -> list[Score]:
    seen: set[int] = set()
    board = []
    for s in dataset.scores.get(beatmap_id, ()):  # sorted by score, best first
        if s.mode != mode or s.user_id in seen or (mods is not None and s.enabled_mods != mods):
            continue
        if dataset.users[s.user_id].restricted:
            continue
        seen.add(s.user_id)
        board.append(s)
    return board


# §3 get_scores
def get_scores(dataset: Dataset, params: Params) -> JSONValue:
    """The top of a leaderboard: best score per user, filtered to exactly ``mods`` if given."""
    beatmap_id = _int(params, "b")
    mode = _mode(params)
    if beatmap_id is None or mode is None:
        return []
    mods = _int(params, "mods") if "mods" in params else None
    if "mods" in params and mods is None:
        return []
    board = _leaderboard(dataset, beatmap_id, mode, mods)
    if "u" in params:
        user = _visible(find_user(dataset, params))
        board = [s for s in board if user is not None and s.user_id == user.user_id]
    limit = _limit(params, 50, 100)
    return [score_row(s, dataset.users[s.user_id].username) for s in board[:limit]]


# §4 get_user_best
def get_user_best(dataset: Dataset, params: Params) -> JSONValue:
    """A user's top plays by pp, one per beatmap."""
    user = _visible(find_user(dataset, params))
    mode = _mode(params)
    if user is None:
        return []
    best: dict[int, Score] = {}
    for s in dataset.by_user_scores.get(user.user_id, ()):
        if s.mode == mode and s.pp is not None:
            kept = best.get(s.beatmap_id)
            if kept is None or (kept.pp or 0) < s.pp:
                best[s.beatmap_id] = s
    ordered = sorted(best.values(), key=lambda s: (-(s.pp or 0), -s.score))
    return [best_row(s) for s in ordered[: _limit(params, 10, 100)]]


# §5 get_user_recent
def get_user_recent(dataset: Dataset, params: Params) -> JSONValue:
    """Plays of the last 24 hours, newest first; failed ones have rank F and no score id."""
    user = _visible(find_user(dataset, params))
    mode = _mode(params)
    if user is None:
        return []
    rows = [s for s in dataset.recent.get(user.user_id, ()) if s.mode == mode]
    return [recent_row(s) for s in rows[: _limit(params, 10, 50)]]


# §6 get_match
def get_match(dataset: Dataset, params: Params) -> JSONValue:
    """The match object, or ``{"match":0,"games":[]}``."""
    match_id = _int(params, "mp")
    match = None if match_id is None else dataset.matches.get(match_id)
    return NO_MATCH if match is None else match_object(match)


# §7 get_replay
def get_replay(dataset: Dataset, params: Params) -> JSONValue:
    """The replay content by ``s``, or by ``b`` + ``u`` (+ ``mods``); ``m`` is required even
    with ``s`` (#297). Anything missing or unknown gives "Replay not available."."""
    mode = _mode(params, None)
    if mode is None:
        return REPLAY_NOT_AVAILABLE
    score: Score | None = None
    if "s" in params:
        score_id = _int(params, "s")
        score = None if score_id is None else dataset.by_score_id.get(score_id)
        if score is not None and score.mode != mode:
            score = None
    else:
        beatmap_id = _int(params, "b")
        user = find_user(dataset, params)
        mods = _int(params, "mods") if "mods" in params else None
        if beatmap_id is not None and user is not None:
            board = dataset.scores.get(beatmap_id, ())
            score = next((s for s in board if s.user_id == user.user_id and s.mode == mode
                          and (mods is None or s.enabled_mods == mods)), None)  # fmt: skip
    if score is None or not score.replay_available or dataset.users[score.user_id].restricted:
        return REPLAY_NOT_AVAILABLE
    return {"content": dataset.replay(score), "encoding": "base64"}


#: The endpoint functions by the name in their path (``/api/<name>``).
ANSWERS: Mapping[str, Callable[[Dataset, Params], JSONValue]] = {
    "get_beatmaps": get_beatmaps,
    "get_user": get_user,
    "get_scores": get_scores,
    "get_user_best": get_user_best,
    "get_user_recent": get_user_recent,
    "get_match": get_match,
    "get_replay": get_replay,
}


def planted_answer(dataset: Dataset, endpoint: str, params: Params, real: bytes) -> bytes:
    """A valid, non-empty answer to another request of the same endpoint.

    The body that ``TRAILING_GARBAGE`` plants after the real answer: the same question about
    another user, beatmap, match or score than the one asked for, so a client that takes it for
    the answer to its next request gets a plausible but wrong one.

    Args:
        dataset: The dataset being served.
        endpoint: An :data:`ANSWERS` name, or ``"osu_file"`` for ``/osu/<id>``.
        params: The request's parameters, as the endpoints take them.
        real: The body of the real answer, which the plant never equals.

    Returns:
        The planted body: JSON for the ``/api/*`` endpoints, a ``.osu`` file for ``osu_file``.
    """
    if endpoint == "osu_file":
        files = (dataset.osu_file(b.beatmap_id) or b"" for b in dataset.beatmaps)
        return next(f for f in files if f and f != real)
    candidates: Iterable[dict[str, str]]
    if endpoint == "get_replay":
        scores = dataset.by_score_id.values()
        candidates = ({"s": str(s.score_id), "m": str(s.mode)} for s in scores
                      if s.replay_available and str(s.score_id) != params.get("s"))  # fmt: skip
    elif endpoint == "get_match":
        candidates = ({"mp": str(m)} for m in dataset.matches if str(m) != params.get("mp"))
    elif endpoint in ("get_beatmaps", "get_scores"):
        candidates = ({"b": str(b.beatmap_id), "m": str(b.mode)} for b in dataset.beatmaps
                      if str(b.beatmap_id) != params.get("b"))  # fmt: skip
    else:  # get_user, get_user_best, get_user_recent: the same question about someone else
        asked = find_user(dataset, params)
        candidates = ({**params, "u": str(user), "type": "id", "m": "0"} for user in dataset.users
                      if asked is None or user != asked.user_id)  # fmt: skip
    empty = {b"[]", dump(NO_MATCH), dump(REPLAY_NOT_AVAILABLE), real}
    bodies = (dump(ANSWERS[endpoint](dataset, swapped)) for swapped in candidates)
    return next(body for body in bodies if body not in empty)

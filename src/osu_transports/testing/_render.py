"""Records to wire rows: each endpoint's objects with the real API's field names, field order,
string encoding and nulls (``reference/api-v1.md`` §1-§7, field orders as in the corpus).

Pure functions over records; no state, no I/O.
"""

from __future__ import annotations

from ._records import Beatmap, Dataset, Event, Game, Match, MatchScore, ModeStats, Score, User
from ._wire import WireRow, date, flag, float32, num

__all__ = [
    "beatmap_row",
    "best_row",
    "match_object",
    "recent_row",
    "score_row",
    "user_row",
]

_STAT_FIELDS = (
    "count300", "count100", "count50", "playcount", "ranked_score", "total_score", "pp_rank",
    "level", "pp_raw", "accuracy", "count_rank_ss", "count_rank_ssh", "count_rank_s",
    "count_rank_sh", "count_rank_a",
)  # fmt: skip


def beatmap_row(
    dataset: Dataset,
    b: Beatmap,
    *,
    mode: int | None = None,
    stars: float | None = None,
    aim: float | None = None,
    speed: float | None = None,
    max_combo: int | None = None,
    invalid_mods: bool = False,
) -> WireRow:
    """One ``get_beatmaps`` row (§1), the modern field set, in the server's order.

    ``mode``, ``stars``, ``aim``, ``speed`` and ``max_combo`` override the stored values for
    converted maps and for ``mods``; ``invalid_mods`` gives ``difficultyrating`` ``"0"`` and
    ``null`` aim, speed and max combo, as the API does for non-difficulty mods (#250, #252).
    """
    if invalid_mods:
        rating: str | None = "0"
        aim_s = speed_s = combo_s = None
    else:
        rating = float32(b.stars if stars is None else stars)
        a = b.aim if stars is None else aim
        s = b.speed if stars is None else speed
        aim_s = None if a is None else float32(a)
        speed_s = None if s is None else float32(s)
        c = b.max_combo if max_combo is None else max_combo
        combo_s = None if c is None else str(c)
    return {
        "beatmapset_id": str(b.beatmapset_id),
        "beatmap_id": str(b.beatmap_id),
        "approved": str(b.approved),
        "total_length": str(b.total_length),
        "hit_length": str(b.hit_length),
        "version": b.version,
        "file_md5": dataset.file_md5(b.beatmap_id),
        "diff_size": num(b.diff_size),
        "diff_overall": num(b.diff_overall),
        "diff_approach": num(b.diff_approach),
        "diff_drain": num(b.diff_drain),
        "mode": str(b.mode if mode is None else mode),
        "count_normal": str(b.count_normal),
        "count_slider": str(b.count_slider),
        "count_spinner": str(b.count_spinner),
        "submit_date": date(b.submit_date),
        "approved_date": None if b.approved_date is None else date(b.approved_date),
        "last_update": date(b.last_update),
        "artist": b.artist,
        "artist_unicode": b.artist_unicode,
        "title": b.title,
        "title_unicode": b.title_unicode,
        "creator": b.creator,
        "creator_id": str(b.creator_id),
        "bpm": num(b.bpm),
        "source": b.source,
        "tags": b.tags,
        "genre_id": str(b.genre_id),
        "language_id": str(b.language_id),
        "favourite_count": str(b.favourite_count),
        "rating": num(b.rating),
        "storyboard": flag(b.storyboard),
        "video": flag(b.video),
        "download_unavailable": flag(b.download_unavailable),
        "audio_unavailable": flag(b.audio_unavailable),
        "playcount": str(b.playcount),
        "passcount": str(b.passcount),
        "packs": b.packs,
        "max_combo": combo_s,
        "diff_aim": aim_s,
        "diff_speed": speed_s,
        "difficultyrating": rating,
    }


def _event(e: Event) -> WireRow:
    return {
        "display_html": e.display_html,
        "beatmap_id": None if e.beatmap_id is None else str(e.beatmap_id),
        "beatmapset_id": None if e.beatmapset_id is None else str(e.beatmapset_id),
        "date": date(e.date),
        "epicfactor": str(e.epicfactor),
    }


def _stat_values(stats: ModeStats | None) -> list[str | None]:
    if stats is None:  # never played this mode: nulls, as khazhyk's Nullable fields (§2)
        return [None] * len(_STAT_FIELDS)
    values: list[str | None] = []
    for name in _STAT_FIELDS:
        value = getattr(stats, name)
        if name == "accuracy":
            values.append(float32(value))
        elif name in ("level", "pp_raw"):
            values.append(num(value))
        else:
            values.append(str(value))
    return values


def user_row(user: User, mode: int, events: list[Event]) -> WireRow:
    """The one object of a ``get_user`` answer (§2), in the server's field order."""
    stats = user.stats[mode] if 0 <= mode <= 3 else None
    row: WireRow = {"user_id": str(user.user_id), "username": user.username,
                    "join_date": date(user.join_date)}  # fmt: skip
    row.update(zip(_STAT_FIELDS, _stat_values(stats), strict=True))
    row["country"] = user.country
    row["total_seconds_played"] = None if stats is None else str(stats.total_seconds_played)
    row["pp_country_rank"] = None if stats is None else str(stats.pp_country_rank)
    row["events"] = [_event(e) for e in events]
    return row


def _hits(s: Score) -> dict[str, str]:
    return {
        "maxcombo": str(s.maxcombo),
        "count50": str(s.count50),
        "count100": str(s.count100),
        "count300": str(s.count300),
        "countmiss": str(s.countmiss),
        "countkatu": str(s.countkatu),
        "countgeki": str(s.countgeki),
        "perfect": flag(s.perfect),
        "enabled_mods": str(s.enabled_mods),
    }


def _pp(s: Score) -> str | None:
    return None if s.pp is None else f"{s.pp:.4f}".rstrip("0").rstrip(".")


def score_row(s: Score, username: str) -> WireRow:
    """One ``get_scores`` row (§3): the documented order, ``pp`` null on loved/qualified."""
    h = _hits(s)
    return {
        "score_id": str(s.score_id), "score": str(s.score), "username": username,
        "count300": h["count300"], "count100": h["count100"], "count50": h["count50"],
        "countmiss": h["countmiss"], "maxcombo": h["maxcombo"], "countkatu": h["countkatu"],
        "countgeki": h["countgeki"], "perfect": h["perfect"], "enabled_mods": h["enabled_mods"],
        "user_id": str(s.user_id), "date": date(s.date), "rank": s.rank, "pp": _pp(s),
        "replay_available": flag(s.replay_available),
    }  # fmt: skip


def best_row(s: Score) -> WireRow:
    """One ``get_user_best`` row (§4): no username."""
    row: WireRow = {"beatmap_id": str(s.beatmap_id), "score_id": str(s.score_id),
                    "score": str(s.score)}  # fmt: skip
    row.update(_hits(s))
    row.update(user_id=str(s.user_id), date=date(s.date), rank=s.rank, pp=_pp(s),
               replay_available=flag(s.replay_available))  # fmt: skip
    return row


def recent_row(s: Score) -> WireRow:
    """One ``get_user_recent`` row (§5): ``score_id`` null for failed plays, no pp."""
    row: WireRow = {"beatmap_id": str(s.beatmap_id),
                    "score_id": None if s.score_id is None else str(s.score_id),
                    "score": str(s.score)}  # fmt: skip
    row.update(_hits(s))
    row.update(user_id=str(s.user_id), date=date(s.date), rank=s.rank)
    return row


def _match_score(s: MatchScore) -> WireRow:
    return {
        "slot": str(s.slot), "team": str(s.team), "user_id": str(s.user_id),
        "score": str(s.score), "maxcombo": str(s.maxcombo), "rank": "0",
        "count50": str(s.count50), "count100": str(s.count100), "count300": str(s.count300),
        "countmiss": str(s.countmiss), "countgeki": str(s.countgeki),
        "countkatu": str(s.countkatu), "perfect": flag(s.perfect), "pass": flag(s.passed),
        "enabled_mods": None if s.enabled_mods is None else str(s.enabled_mods),
    }  # fmt: skip


def _game(g: Game) -> WireRow:
    return {
        "game_id": str(g.game_id), "start_time": date(g.start_time),
        "end_time": None if g.end_time is None else date(g.end_time),
        "beatmap_id": str(g.beatmap_id), "play_mode": str(g.play_mode), "match_type": "0",
        "scoring_type": str(g.scoring_type), "team_type": str(g.team_type), "mods": str(g.mods),
        "scores": [_match_score(s) for s in g.scores],
    }  # fmt: skip


def match_object(m: Match) -> WireRow:
    """The ``get_match`` object (§6): ``match`` and ``games``, nulls for open ends."""
    return {
        "match": {
            "match_id": str(m.match_id),
            "name": m.name,
            "start_time": date(m.start_time),
            "end_time": None if m.end_time is None else date(m.end_time),
        },
        "games": [_game(g) for g in m.games],
    }

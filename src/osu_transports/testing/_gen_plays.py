"""Seeded generation of the emulator's plays: leaderboard scores, recent plays, user events and
multiplayer matches.

Scores follow the game's rules closely enough to survive a sceptical look: hit counts add up to
the map's object count, grades follow the accuracy rules (silver with HD or FL), perfect means
the map's max combo, pp exists only on ranked and approved maps, failed recent plays have rank
``F`` and no score id. No I/O, no clock: dates are relative to ``DATASET_NOW``.
"""

from __future__ import annotations

import html
import random

from ._gen_maps import DAY, rng
from ._records import (
    DATASET_NOW,
    DEMO_BEATMAP_ID,
    DEMO_MATCH_ID,
    DEMO_USER_ID,
    RESTRICTED_USER_ID,
    Beatmap,
    Event,
    Game,
    Match,
    MatchScore,
    Score,
    User,
)

__all__ = ["generate_events", "generate_matches", "generate_scores"]

NF, EZ, HD, HR, SD, DT, HT, NC, FL, PF = 1, 2, 8, 16, 32, 64, 256, 576, 1024, 16416
_MOD_SETS = {
    0: ((0, 30), (HD, 14), (HD | HR, 8), (HD | DT, 10), (DT, 8), (HR, 5), (NF, 3), (NC, 2),
        (HD | NC, 2), (FL | HD, 1), (EZ, 1), (HT, 1), (PF, 1), (SD, 1)),
    1: ((0, 40), (HD, 15), (HR, 6), (DT, 6), (HD | DT, 4), (NF, 3)),
    2: ((0, 40), (HD, 12), (HR, 8), (DT, 6), (HD | HR, 4), (EZ, 2)),
    3: ((0, 55), (NF, 5), (DT, 6), (HT, 2), (FL, 1)),
}  # fmt: skip
_STAR_MULT = {DT: 1.42, HT: 0.75, HR: 1.08, EZ: 0.84, FL: 1.12}
_SCORE_MULT = {NF: 0.5, EZ: 0.5, HT: 0.3, HD: 1.06, HR: 1.06, DT: 1.12, FL: 1.12}


def mod_star_factor(mods: int) -> float:
    """How much difficulty-changing mods scale a star rating (a plausible stand-in)."""
    factor: float = 1.0
    for bit, mult in _STAR_MULT.items():
        if mods & bit:
            factor *= mult
    return float(factor)


def _score_factor(mods: int) -> float:
    factor: float = 1.0
    for bit, mult in _SCORE_MULT.items():
        if mods & bit:
            factor *= mult
    return float(factor)


def _skill_stars(user: User, mode: int) -> float:
    stats = user.stats[mode]
    pp = stats.pp_raw if stats else 0.0
    return 1.8 + float((max(pp, 100.0) / 1000) ** 0.62) * 1.55


def _grade(mode: int, n300: int, n100: int, n50: int, miss: int, mods: int) -> str:
    total = n300 + n100 + n50 + miss
    silver = bool(mods & (HD | FL))
    if total == 0:
        return "D"
    r300 = n300 / total
    if mode == 3:
        acc = (n300 + n100 * 2 / 3 + n50 / 3) / total
        grade = ("X" if acc >= 1 else "S" if acc > 0.95 else "A" if acc > 0.9
                 else "B" if acc > 0.8 else "C" if acc > 0.7 else "D")  # fmt: skip
    elif r300 == 1:
        grade = "X"
    elif r300 > 0.9 and n50 / total < 0.01 and miss == 0:
        grade = "S"
    elif (r300 > 0.8 and miss == 0) or r300 > 0.9:
        grade = "A"
    elif (r300 > 0.7 and miss == 0) or r300 > 0.8:
        grade = "B"
    elif r300 > 0.6:
        grade = "C"
    else:
        grade = "D"
    return grade + "H" if silver and grade in ("X", "S") else grade


def _play(
    r: random.Random, user: User, beatmap: Beatmap, mods: int, date: int,
    score_id: int | None, failed: bool = False, replay: bool = False,
) -> Score:  # fmt: skip
    objects = beatmap.count_normal + beatmap.count_slider + beatmap.count_spinner
    played = objects if not failed else max(3, int(objects * r.uniform(0.05, 0.8)))
    skill = _skill_stars(user, beatmap.mode) / max(0.5, beatmap.stars * mod_star_factor(mods))
    miss = 0 if r.random() < min(0.85, skill * 0.45) else int(r.expovariate(0.25)) + 1
    miss = min(played, miss + (r.randint(1, 8) if failed else 0))
    n100 = min(played - miss, int(played * r.uniform(0.0, 0.09) / max(0.6, skill)))
    n50 = 0 if beatmap.mode == 1 else min(played - miss - n100, int(n100 * r.uniform(0, 0.15)))
    n300 = played - miss - n100 - n50
    full = beatmap.max_combo or objects
    combo = full if miss == 0 and not failed and r.random() < 0.7 else int(
        full * played / objects * r.uniform(0.1, 0.95)
    )  # fmt: skip
    acc = (n300 + n100 / 3 + n50 / 6) / max(1, played)
    if beatmap.mode == 3:
        base = 1_000_000 * acc * played / objects
    else:
        base = (combo + 1) ** 1.35 * 180 * (1 + beatmap.stars / 3) * acc
    rank = "F" if failed else _grade(beatmap.mode, n300, n100, n50, miss, mods)
    pp = None
    if beatmap.gives_pp and not failed:
        stars = beatmap.stars * mod_star_factor(mods)
        pp = round(1.25 * stars**3 * acc**9 * (0.97**miss) * (1.06 if mods & HD else 1), 4)
    return Score(
        score_id=score_id,
        beatmap_id=beatmap.beatmap_id,
        user_id=user.user_id,
        mode=beatmap.mode,
        score=max(1000, int(base * _score_factor(mods))),
        maxcombo=combo,
        count50=n50,
        count100=n100,
        count300=n300,
        countmiss=miss,
        countkatu=int(n100 * r.uniform(0.2, 0.5)),
        countgeki=int(n300 * r.uniform(0.15, 0.35)),
        perfect=combo == full,
        enabled_mods=mods,
        date=date,
        rank=rank,
        pp=pp,
        replay_available=replay,
    )


def _onto_leaderboard(board: list[Score], play: Score) -> None:
    """Put a recent pass on its map's leaderboard, as the game does: it takes the place of the
    player's score with the same mods when it scores higher, and stands alone when they had
    none; a lower one leaves the board as it was (``get_scores`` keeps a player's best)."""
    for index, held in enumerate(board):
        if held.user_id == play.user_id and held.enabled_mods == play.enabled_mods:
            if play.score > held.score:
                board[index] = play
            return
    board.append(play)


def _score_id(date: int, r: random.Random) -> int:
    return 1_000_000_000 + (date - 1_199_145_600) // 3 * 8 + r.randint(0, 7)


def generate_scores(
    seed: int, users: dict[int, User], beatmaps: list[Beatmap]
) -> tuple[dict[int, list[Score]], dict[int, list[Score]]]:
    """Leaderboard scores (one to three mod variants per user and map) and the last day's plays.

    Args:
        seed: The dataset seed.
        users: The users (restricted users play too: their scores are hidden when served).
        beatmaps: The beatmaps.

    Returns:
        ``(scores by beatmap id, recent plays by user id, newest first)``.
    """
    r = rng(seed, "scores")
    ranked = {m: [b for b in beatmaps if b.has_leaderboard and b.mode == m] for m in range(4)}
    playable = {m: [b for b in beatmaps if b.mode == m and b.approved != -1] for m in range(4)}
    demo_map = next(b for b in beatmaps if b.beatmap_id == DEMO_BEATMAP_ID)
    scores: dict[int, list[Score]] = {}
    recent: dict[int, list[Score]] = {}
    used_ids: set[int] = set()

    def new_id(date: int) -> int:
        sid = _score_id(date, r)
        while sid in used_ids:
            sid += 8
        used_ids.add(sid)
        return sid

    for user in users.values():
        for mode, stats in enumerate(user.stats):
            if stats is None or (stats.pp_raw == 0 and user.user_id != DEMO_USER_ID):
                continue
            cap = _skill_stars(user, mode) + 0.4
            pool = [b for b in ranked[mode] if b.stars <= cap] or ranked[mode][:5]
            main = stats.playcount > 200
            count = 125 if user.user_id == DEMO_USER_ID else r.randint(8, 26) if main else 3
            chosen = r.sample(pool, min(count, len(pool)))
            if mode == 0 and demo_map not in chosen:
                chosen.append(demo_map)
            mod_table = _MOD_SETS[mode]
            for beatmap in chosen:
                start = max(user.join_date, beatmap.approved_date or beatmap.submit_date)
                if start >= DATASET_NOW - 2 * DAY:
                    start = DATASET_NOW - 3 * DAY
                variants = {r.choices(mod_table, [w for _, w in mod_table])[0][0]
                            for _ in range(r.choice((1, 1, 1, 2, 3)))}  # fmt: skip
                for wanted in sorted(variants):
                    mods = wanted
                    if beatmap.stars * mod_star_factor(mods) > cap + 0.3:
                        mods &= ~(DT | NC | HR | FL)  # nobody sets pp records beyond their reach
                    date = r.randint(start, DATASET_NOW - 2 * DAY)
                    play = _play(r, user, beatmap, mods, date, new_id(date),
                                 replay=r.random() < 0.8)  # fmt: skip
                    scores.setdefault(beatmap.beatmap_id, []).append(play)
        # The last 24 hours (§5: "the user's ten most recent plays over the last 24 hours").
        counts = [s.playcount if s is not None else -1 for s in user.stats]
        main_mode = counts.index(max(counts))
        if counts[main_mode] < 0 or user.restricted:
            continue
        plays = 55 if user.user_id == DEMO_USER_ID else r.choice((0, 0, 0, 2, 5, 9, 14))
        pool = playable[main_mode]
        moment = DATASET_NOW - r.randint(0, 3 * 3600)
        rows = []
        for i in range(plays):
            beatmap = r.choice(pool)
            failed = r.random() < (0.45 if i % 7 else 0.9)
            play = _play(r, user, beatmap, r.choice((0, 0, HD, DT, HD | DT, NF)), moment,
                         None if failed else new_id(moment), failed=failed)  # fmt: skip
            rows.append(play)
            if not failed and beatmap.has_leaderboard:
                _onto_leaderboard(scores.setdefault(beatmap.beatmap_id, []), play)
            moment -= r.randint(40, int(20 * 3600 / max(plays, 1)))
        recent[user.user_id] = rows
    for rows in scores.values():
        rows.sort(key=lambda s: (-s.score, s.date))
    return scores, recent


def _event_html(user: User, rank: int, beatmap: Beatmap, grade: str) -> str:
    mode_name = ("osu!", "Taiko", "Catch the Beat", "osu!mania")[beatmap.mode]
    who = f"<b><a href='/u/{user.user_id}'>{html.escape(user.username, quote=False)}</a></b>"
    label = html.escape(f"{beatmap.artist} - {beatmap.title} [{beatmap.version}]", quote=False)
    link = f"<a href='/b/{beatmap.beatmap_id}?m={beatmap.mode}'>{label}</a>"
    if rank == 0:
        return f"{who} has lost first place on {link} ({mode_name})"
    return (
        f"<img src='/images/{grade}_small.png'/> {who} achieved <b>rank #{rank}</b> on {link}"
        f" ({mode_name})"
    )


def generate_events(
    seed: int, users: dict[int, User], beatmaps: list[Beatmap], scores: dict[int, list[Score]]
) -> dict[int, User]:
    """Give active users events of the last month (§2 ``events``), newest first.

    Returns:
        The users, events filled in.
    """
    r = rng(seed, "events")
    by_id = {b.beatmap_id: b for b in beatmaps}
    by_user: dict[int, list[Score]] = {}
    for rows in scores.values():
        for s in rows:
            by_user.setdefault(s.user_id, []).append(s)
    out: dict[int, User] = {}
    for user in users.values():
        events: list[Event] = []
        mine = by_user.get(user.user_id, [])
        count = 0 if not mine else 14 if user.user_id == DEMO_USER_ID else r.choice((0, 1, 3, 6))
        for i in range(count):
            s = r.choice(mine)
            beatmap = by_id[s.beatmap_id]
            rank = 0 if r.random() < 0.2 else r.randint(1, 50)
            # The demo user has events today and older ones, so event_days matters.
            age = r.randint(600, 20 * 3600) if i < 3 else r.randint(DAY, 31 * DAY)
            epic = 2 if rank != 1 else r.choice((4, 8, 16))
            events.append(Event(display_html=_event_html(user, rank, beatmap, s.rank),
                                beatmap_id=beatmap.beatmap_id, beatmapset_id=beatmap.beatmapset_id,
                                date=DATASET_NOW - age, epicfactor=epic))  # fmt: skip
        if user.user_id == DEMO_USER_ID:
            who = f"<b><a href='/u/{user.user_id}'>{user.username}</a></b>"
            events.append(Event(display_html=f"{who} has once again chosen to support osu! "
                                "(thanks!)", beatmap_id=None, beatmapset_id=None,
                                date=DATASET_NOW - 2 * DAY, epicfactor=2))  # fmt: skip
        events.sort(key=lambda e: -e.date)
        out[user.user_id] = user if not events else _with_events(user, tuple(events))
    return out


def _with_events(user: User, events: tuple[Event, ...]) -> User:
    import attrs

    return attrs.evolve(user, events=events)


def generate_matches(
    seed: int, users: dict[int, User], beatmaps: list[Beatmap], count: int = 24
) -> dict[int, Match]:
    """Multiplayer matches with every team mode, freemod games, and an aborted game.

    Returns:
        Matches by id.
    """
    r = rng(seed, "matches")
    players = [u for u in users.values() if u.stats[0] is not None]
    restricted = users[RESTRICTED_USER_ID]
    pool = [b for b in beatmaps if b.mode == 0 and b.approved >= -2]
    matches: dict[int, Match] = {}
    game_id = 300_000_000
    for i in range(count):
        demo = i == 0
        match_id = DEMO_MATCH_ID if demo else 40_000_000 + i * 2_700_000 + r.randint(0, 2_000_000)
        start = DATASET_NOW - r.randint(2 * 3600, 900 * DAY)
        team_type = 2 if demo else r.choice((0, 0, 1, 2, 2, 3))
        lobby = r.sample(players, r.randint(2, 8) if team_type < 2 else 2 * r.randint(1, 4))
        if demo or i == 5:
            lobby[-1] = restricted
        host = lobby[0].username
        name = (f"OEC: ({lobby[0].username}) vs ({lobby[1].username})" if team_type >= 2
                else f"{host}'s game")  # fmt: skip
        games: list[Game] = []
        moment = start + r.randint(60, 600)
        for g in range(3 if i % 4 == 3 else r.randint(4, 11)):
            beatmap = r.choice(pool)
            freemod = (demo and g == 1) or r.random() < 0.2
            game_mods = 0 if freemod else r.choice((0, 0, 0, 64, 8, 1))
            aborted = (demo and g == 2) or (not demo and r.random() < 0.03)
            game_id += r.randint(1, 4000)
            length = beatmap.total_length + r.randint(5, 20)
            rows: list[MatchScore] = []
            for slot, player in enumerate(lobby):
                if aborted:
                    break
                team = 0 if team_type < 2 else 1 + slot % 2
                n = beatmap.count_normal + beatmap.count_slider + beatmap.count_spinner
                miss = r.choice((0, 0, 1, 2, 5))
                n100 = r.randint(0, n // 8)
                n50 = r.randint(0, n // 60)
                combo = (beatmap.max_combo or n) if miss == 0 and r.random() < 0.5 else (
                    r.randint(10, beatmap.max_combo or n))  # fmt: skip
                rows.append(MatchScore(
                    slot=slot, team=team, user_id=player.user_id,
                    score=r.randint(80_000, 1_000_000) * (1 if game_mods != 64 else 2),
                    maxcombo=combo, count50=n50, count100=n100,
                    count300=max(0, n - n100 - n50 - miss), countmiss=miss,
                    countgeki=r.randint(0, n // 4), countkatu=r.randint(0, n // 10),
                    perfect=combo == beatmap.max_combo, passed=r.random() < 0.9,
                    enabled_mods=r.choice((0, 8, 16, 24, 1)) if freemod else None,
                ))  # fmt: skip
            ends = None if aborted else moment + length
            games.append(Game(game_id=game_id, start_time=moment, end_time=ends,
                              beatmap_id=beatmap.beatmap_id, play_mode=0,
                              scoring_type=3 if team_type >= 2 else r.choice((0, 0, 1, 2, 3)),
                              team_type=team_type, mods=game_mods, scores=tuple(rows)))  # fmt: skip
            moment += length + r.randint(60, 400)
        disbanded = demo or r.random() < 0.75
        matches[match_id] = Match(
            match_id=match_id, name=name, start_time=start,
            end_time=moment if disbanded else None, games=tuple(games),
        )  # fmt: skip
    return matches

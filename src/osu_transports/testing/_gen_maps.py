"""Seeded generation of the emulator's users and beatmaps (the plays are in ``_gen_plays``).

Distributions are chosen to look like the real service at a glance: pp roughly log-normal, star
ratings rising through a set's difficulties, most sets ranked, some loved, qualified, pending,
WIP and graveyard; genres and languages drawn from the whole lists (11-14 and 12-14 included).
Every draw comes from a ``random.Random`` seeded from the dataset seed and a section name, so the
same seed always gives the same data. No I/O, no clock: dates are relative to ``DATASET_NOW``.
"""

from __future__ import annotations

import math
import random

from . import _names as names
from ._records import (
    DATASET_NOW,
    DEMO_BEATMAP_ID,
    DEMO_BEATMAPSET_ID,
    DEMO_USER_ID,
    DEMO_USERNAME,
    DIGIT_USER_ID,
    DIGIT_USERNAME,
    NEVER_PLAYED_USER_ID,
    NEVER_PLAYED_USERNAME,
    RESTRICTED_USER_ID,
    RESTRICTED_USERNAME,
    Beatmap,
    ModeStats,
    User,
    name_key,
)
from ._wire import parse_mysql_datetime

__all__ = ["generate_beatmaps", "generate_users", "rng"]

DAY = 86400
_EPOCH_2008 = 1199145600  # 2008-01-01, a little after the first ranked maps
_EPOCH_2011 = 1293840000  # 2011-01-01
_LOVED_START = 1483228800  # 2017-01-01: loved arrived that year
_MODE_WEIGHTS = (70, 10, 8, 12)  # osu!, taiko, catch, mania players and sets
_STATUS_WEIGHTS = {1: 56, 2: 3, 3: 3, 4: 9, 0: 8, -1: 6, -2: 15}
_GENRES = (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14)
_GENRE_WEIGHTS = (6, 14, 24, 10, 12, 5, 4, 4, 14, 4, 2, 1, 1)
_LANGUAGES = tuple(range(1, 15))
_LANGUAGE_WEIGHTS = (5, 25, 35, 4, 12, 5, 2, 2, 1, 1, 1, 3, 2, 2)
_ROMANISED = {
    "夜明けのプリズム": "Yoake no Prism",
    "ほしのうた": "Hoshi no Uta",
    "Слишком быстро": "Slishkom bystro",
    "Wędrówka": "Wedrowka",
    "Übermorgen": "Uebermorgen",
}


def rng(seed: int, section: str) -> random.Random:
    """An independent random source per section, so adding data in one leaves the rest alone."""
    return random.Random(f"osu-emulator:{seed}:{section}")


def _level(total_score: int) -> float:
    # osu!'s level curve: score for level n below 100, then 100 billion per level.
    def needed(n: float) -> float:
        if n <= 100:
            return float(5000 / 3 * (4 * n**3 - 3 * n**2 - n) + 1.25 * 1.8 ** (n - 60.0))
        return 26931190829.0 + 100000000000 * (n - 100)

    lo, hi = 1.0, 130.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if needed(mid) <= total_score:
            lo = mid
        else:
            hi = mid
    return round(lo, 4)


def _stats(r: random.Random, pp: float, mode: int, scale: float = 1.0) -> ModeStats:
    playcount = max(3, int((pp * 3.2 + 150) * r.uniform(0.4, 2.2) * scale))
    hits = playcount * r.randint(180, 520)
    accuracy = min(99.8, max(71.0, r.gauss(93.5 + min(pp, 12000) / 2400, 1.8)))
    count300 = int(hits * (0.6 + accuracy / 260))
    count100 = int((hits - count300) * 0.8)
    ranked_score = int(playcount * r.uniform(0.6e6, 4.5e6) * 0.45)
    total_score = int(ranked_score * r.uniform(1.6, 6.0))
    # Fewer people play the other modes, so the same pp ranks higher there.
    population = (2.6e6, 2.4e5, 1.6e5, 3.0e5)[mode]
    rank = 0 if pp == 0 else int(1 + population * math.exp(-pp / (1250 if mode == 0 else 900)))
    ranks = [max(0, int(playcount * f * r.uniform(0.3, 1.6))) for f in (0.004, 0.01, 0.05, 0.09)]
    return ModeStats(
        count300=count300,
        count100=count100,
        count50=hits - count300 - count100,
        playcount=playcount,
        ranked_score=ranked_score,
        total_score=total_score,
        pp_rank=rank,
        level=_level(total_score),
        pp_raw=round(pp, 2),
        accuracy=accuracy,
        count_rank_ss=ranks[0],
        count_rank_ssh=ranks[1] // 2,
        count_rank_s=ranks[2],
        count_rank_sh=ranks[3] // 2,
        count_rank_a=int(playcount * r.uniform(0.05, 0.25)),
        total_seconds_played=playcount * r.randint(90, 200),
        pp_country_rank=0 if rank == 0 else max(1, rank // r.randint(8, 45)),
    )


def _username(r: random.Random, taken: set[str]) -> str:
    while True:
        parts = r.sample(names.NAME_PARTS, r.choice((1, 2, 2, 2)))
        style = r.random()
        if style < 0.3:
            name = "".join(p.capitalize() for p in parts)
        elif style < 0.55:
            name = "_".join(parts)
        elif style < 0.7:
            name = " ".join(p.capitalize() for p in parts)
        else:
            name = "".join(parts)
        name = (name + r.choice(names.NAME_SUFFIXES))[:15]
        if name_key(name) not in taken and not name.isdigit():
            taken.add(name_key(name))
            return name


def generate_users(seed: int, count: int = 200) -> dict[int, User]:
    """Users across modes, plus the special ones the module constants name.

    Args:
        seed: The dataset seed.
        count: How many ordinary users to make.

    Returns:
        Users by id (events are added later, once beatmaps exist).
    """
    r = rng(seed, "users")
    taken = {
        name_key(n)
        for n in (DEMO_USERNAME, DIGIT_USERNAME, NEVER_PLAYED_USERNAME, RESTRICTED_USERNAME)
    }
    ids = {DEMO_USER_ID, DIGIT_USER_ID, NEVER_PLAYED_USER_ID, RESTRICTED_USER_ID}
    specs: list[tuple[int, str, int, float, bool]] = [
        (DEMO_USER_ID, DEMO_USERNAME, 0, 6543.21, False),
        (DIGIT_USER_ID, DIGIT_USERNAME, 1, 2871.5, False),
        (RESTRICTED_USER_ID, RESTRICTED_USERNAME, 0, 9120.0, True),
        (11235813, "727", 0, 1402.0, False),
    ]
    ids.add(11235813)
    unicode_left = list(names.UNICODE_NAMES)
    for i in range(count):
        user_id = r.randint(150_000, 33_000_000)
        while user_id in ids:
            user_id += 1
        ids.add(user_id)
        if unicode_left and i % 23 == 5:
            name = unicode_left.pop()
            taken.add(name_key(name))
        else:
            name = _username(r, taken)
        mode = r.choices(range(4), _MODE_WEIGHTS)[0]
        pp = min(16500.0, math.exp(r.gauss(7.5, 0.85)))
        if r.random() < 0.03:
            pp = 0.0  # inactive: "this will be 0 to purge them from leaderboards"
        specs.append((user_id, name, mode, pp, False))
    users: dict[int, User] = {}
    for user_id, name, mode, pp, restricted in specs:
        stats: list[ModeStats | None] = [None, None, None, None]
        stats[mode] = _stats(r, pp, mode)
        for other in range(4):
            if other != mode and r.random() < 0.4:
                stats[other] = _stats(r, pp * r.uniform(0.05, 0.3), other, scale=0.15)
        join = r.randint(_EPOCH_2008, DATASET_NOW - 200 * DAY)
        users[user_id] = User(
            user_id=user_id,
            username=name,
            join_date=join,
            country=r.choice(names.COUNTRIES),
            restricted=restricted,
            stats=(stats[0], stats[1], stats[2], stats[3]),
        )
    join = DATASET_NOW - 40 * DAY
    users[NEVER_PLAYED_USER_ID] = User(
        user_id=NEVER_PLAYED_USER_ID,
        username=NEVER_PLAYED_USERNAME,
        join_date=join,
        country="NZ",
        restricted=False,
        stats=(None, None, None, None),
    )
    return users


def _difficulty(r: random.Random, mode: int, stars: float, length: int) -> dict[str, float]:
    hp = min(10.0, round(max(1.0, stars * 1.1 + r.uniform(-1, 1)) * 2) / 2)
    od = min(10.0, round(max(1.0, stars * 1.35 + r.uniform(-0.5, 0.8)) * 2) / 2)
    if mode == 3:
        cs = float(r.choice((4, 4, 4, 7, 7, 5, 6, 8)))
        ar = 5.0
    elif mode == 1:
        cs, ar = 5.0, min(10.0, od)
    else:
        cs = min(7.0, round(max(2.0, 3 + stars * 0.2 + r.uniform(-0.6, 0.8)) * 2) / 2)
        ar = min(10.0, round(max(3.0, 4 + stars * 0.95 + r.uniform(-0.4, 0.4)) * 2) / 2)
    density = 0.9 + stars * 0.55 + r.uniform(-0.2, 0.3)  # objects per second
    objects = max(12, int(length * density))
    spinners = r.choice((0, 0, 1, 1, 2)) if mode != 3 else 0
    sliders = int(objects * r.uniform(0.15, 0.45)) if mode != 1 else int(objects * 0.04)
    return {"hp": hp, "od": od, "cs": cs, "ar": ar, "circles": objects - sliders - spinners,
            "sliders": sliders, "spinners": spinners}  # fmt: skip


def _set_dates(r: random.Random, status: int) -> tuple[int, int | None, int]:
    """(submit_date, approved_date, last_update) for a set in ``status``."""
    submit = r.randint(_EPOCH_2008, DATASET_NOW - 60 * DAY)
    if status == 3:
        qualified = DATASET_NOW - r.randint(1, 6) * DAY - r.randint(0, DAY)
        submit = min(submit, qualified - 20 * DAY)
        return submit, qualified, qualified - r.randint(DAY, 10 * DAY)
    if status in (1, 2):
        approved: int = min(DATASET_NOW - 8 * DAY, submit + r.randint(10, 240) * DAY)
        update = r.randint(submit, approved - 3600)
        if r.random() < 0.04:  # unranked, fixed and re-ranked: updated after approval (#27)
            update = approved + r.randint(3600, 5 * DAY)
            approved = update + r.randint(3600, 2 * DAY)
        return submit, approved, update
    if status == 4:
        submit = min(submit, DATASET_NOW - 120 * DAY)  # loved after at least three months
        loved = r.randint(max(submit + 90 * DAY, _LOVED_START), DATASET_NOW - 9 * DAY)
        return submit, loved, r.randint(submit, submit + 80 * DAY)
    return submit, None, r.randint(submit, min(DATASET_NOW - DAY, submit + 120 * DAY))


def _bpm(r: random.Random) -> float:
    bpm = r.choice((r.randint(90, 240), r.randint(120, 200), round(r.uniform(100, 200), 3)))
    return float(bpm)


def _set_creator(r: random.Random, users: list[User]) -> User:
    return r.choice(users)


def generate_beatmaps(seed: int, users: dict[int, User], sets: int = 330) -> list[Beatmap]:
    """Beatmapsets in every mode and status, each with one to eight difficulties.

    Args:
        seed: The dataset seed.
        users: The users; mappers are drawn from them (never the restricted or never-played).
        sets: How many beatmapsets to make besides the demo set.

    Returns:
        Every difficulty, ordered by beatmapset id then beatmap id.
    """
    r = rng(seed, "beatmaps")
    mappers = [u for u in users.values() if not u.restricted and any(u.stats)]
    statuses = list(_STATUS_WEIGHTS)
    weights = list(_STATUS_WEIGHTS.values())
    result: list[Beatmap] = []
    used_sets = {DEMO_BEATMAPSET_ID}
    used_maps: set[int] = set()
    plan: list[tuple[int, int, int]] = [(DEMO_BEATMAPSET_ID, 0, 1)]
    for i in range(sets):
        set_id = 1 + i * 6600 + r.randint(0, 6500)
        while set_id in used_sets:
            set_id += 1
        used_sets.add(set_id)
        mode = r.choices(range(4), _MODE_WEIGHTS)[0]
        status = r.choices(statuses, weights)[0]
        if i < 4:  # every status in every mode is guaranteed by the loop below; these add loved
            status = 4
        plan.append((set_id, mode, status))
    # Make sure each mode has sets in each status.
    for mode in range(4):
        for status in statuses:
            if not any(m == mode and s == status for _, m, s in plan):
                set_id = 2_300_000 + mode * 100 + status + 10
                plan.append((set_id, mode, status))
    for set_id, mode, status in plan:
        demo = set_id == DEMO_BEATMAPSET_ID
        submit, approved, update = _set_dates(r, status)
        if demo:
            submit = parse_mysql_datetime("2021-03-02 17:45:12") or 0
            approved = parse_mysql_datetime("2021-05-09 20:01:33")
            update = parse_mysql_datetime("2021-04-30 11:27:05") or 0
        creator = _set_creator(r, mappers)
        artist = r.choice(names.ARTISTS)
        if r.random() < 0.08:
            title_unicode: str | None = r.choice(names.UNICODE_TITLES)
            title = _ROMANISED[str(title_unicode)]
        else:
            title = " ".join(r.sample(names.TITLE_WORDS, r.choice((1, 1, 2, 2, 3))))
            if r.random() < 0.25:
                title += r.choice((" (TV Size)", " (Cut Ver.)", " (Extended Mix)", " (feat. Kaze)"))
            title_unicode = title
        artist_unicode: str | None = names.UNICODE_ARTISTS.get(artist, artist)
        if submit < _EPOCH_2011 and r.random() < 0.5:
            artist_unicode = title_unicode = None  # old sets never got unicode metadata
        source = r.choice(names.SOURCES)
        tags = " ".join(r.sample(names.TAG_WORDS, r.randint(0, 7)))
        genre = r.choices(_GENRES, _GENRE_WEIGHTS)[0]
        language = r.choices(_LANGUAGES, _LANGUAGE_WEIGHTS)[0]
        bpm = _bpm(r)
        total_length = r.randint(45, 330)
        breaks = r.choice((0, 0, 0, r.randint(2, 20)))
        favourites = int(r.paretovariate(1.3) * 8) if status != -2 else r.randint(0, 5)
        rating = round(r.uniform(6.5, 9.8), 5) if status >= 1 else round(r.uniform(0, 9), 5)
        storyboard, video = r.random() < 0.12, r.random() < 0.18
        packs = None
        if status in (1, 2) and r.random() < 0.6:
            packs = f"S{r.randint(1, 1450)}"
            if r.random() < 0.2:
                packs += f",T{r.randint(1, 90)}"
        count = 4 if demo else r.choices(range(1, 9), (14, 12, 16, 18, 16, 12, 7, 5))[0]
        top = r.uniform(3.0, 8.6) if mode == 0 else r.uniform(2.5, 7.0)
        low = max(0.8, top - r.uniform(1.0, 5.0))
        base_id = int(set_id * 2.2) + 70_000
        for d in range(count):
            beatmap_id = DEMO_BEATMAP_ID if demo and d == 3 else base_id + d * r.randint(1, 3)
            while beatmap_id in used_maps or (beatmap_id == DEMO_BEATMAP_ID and not demo):
                beatmap_id += 5
            used_maps.add(beatmap_id)
            stars = low + (top - low) * (d / max(1, count - 1)) + r.uniform(-0.15, 0.15)
            stars = max(0.5, 5.23 if demo and d == 3 else stars)
            length = max(20, total_length - r.randint(0, 12))
            hit = max(15, length - breaks)
            diff = _difficulty(r, mode, stars, hit)
            names_ = names.DIFFICULTY_NAMES[mode]
            version = names_[min(d, len(names_) - 1)] if count <= len(names_) else f"Level {d + 1}"
            if r.random() < 0.08:
                version = f"{r.choice(mappers).username}'s {version}"
            circles, sliders, spinners = (
                int(diff["circles"]), int(diff["sliders"]), int(diff["spinners"])
            )  # fmt: skip
            if mode == 0:
                aim: float | None = stars * r.uniform(0.48, 0.56)
                speed: float | None = stars * r.uniform(0.4, 0.5)
                combo: int | None = circles + sliders * r.randint(2, 4) + spinners
            elif mode == 2:
                aim, speed, combo = stars, None, circles + sliders * 3
            else:
                aim = speed = None
                combo = circles + sliders * (2 if mode == 3 else 1)
            plays = int(favourites * r.uniform(30, 400)) + r.randint(0, 400)
            result.append(
                Beatmap(
                    beatmap_id=beatmap_id,
                    beatmapset_id=set_id,
                    approved=status,
                    submit_date=submit,
                    approved_date=approved,
                    last_update=update,
                    artist=artist,
                    artist_unicode=artist_unicode,
                    title=title,
                    title_unicode=title_unicode,
                    creator=creator.username,
                    creator_id=creator.user_id,
                    bpm=bpm,
                    source=source,
                    tags=tags,
                    genre_id=genre,
                    language_id=language,
                    version=version,
                    mode=mode,
                    diff_size=diff["cs"],
                    diff_overall=diff["od"],
                    diff_approach=diff["ar"],
                    diff_drain=diff["hp"],
                    hit_length=hit,
                    total_length=length,
                    count_normal=circles,
                    count_slider=sliders,
                    count_spinner=spinners,
                    favourite_count=favourites,
                    rating=rating,
                    playcount=plays,
                    passcount=int(plays * r.uniform(0.05, 0.3)),
                    storyboard=storyboard,
                    video=video,
                    download_unavailable=r.random() < 0.01,
                    audio_unavailable=r.random() < 0.01,
                    packs=packs,
                    stars=stars,
                    aim=aim,
                    speed=speed,
                    max_combo=combo,
                )
            )
    result.sort(key=lambda b: (b.beatmapset_id, b.beatmap_id))
    return result

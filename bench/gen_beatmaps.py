"""A realistic ``get_beatmaps`` response body, generated from a seed (benchmark input).

The shape follows ``reference/api-v1.md`` section 1 and the recorded captures: one row per
difficulty, every value a JSON string, several difficulties per set sharing the set's dates,
names, tags and status; real nulls where the API sends them (``approved_date`` for pending, WIP
and graveyard sets; ``diff_aim``/``diff_speed`` for taiko and mania, speed also for catch;
``packs`` for maps in no pack; ``artist_unicode``/``title_unicode`` now and then). About a third
of the sets carry Japanese titles and tags. The body is compact UTF-8 JSON (the captures in
``corpus/api/`` carry raw UTF-8, not ``\\u`` escapes).

Standard library only, so the smoke test can import it with nothing but the test dependencies.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

__all__ = ["beatmap_rows", "beatmaps_body"]

# (romanised, unicode or None when the set has no separate unicode form)
_ARTISTS = [
    ("Yoasobi", "YOASOBI"),
    ("Kano", "鹿乃"),
    ("Hatsune Miku", "初音ミク"),
    ("Camellia", "かめりあ"),
    ("Kenshi Yonezu", "米津玄師"),
    ("LiSA", "LiSA"),
    ("xi", "xi"),
    ("The Quick Brown Fox", "The Quick Brown Fox"),
    ("DragonForce", "DragonForce"),
    ("Sakuzyo", "削除"),
    ("Aimer", "Aimer"),
    ("ZUTOMAYO", "ずっと真夜中でいいのに。"),
    ("nano", "nano"),
    ("Various Artists", None),
]
_TITLES = [
    ("Yoru ni Kakeru", "夜に駆ける"),
    ("Senbonzakura", "千本桜"),
    ("Gurenge", "紅蓮華"),
    ("Lemon", "Lemon"),
    ("Freedom Dive", "Freedom Dive"),
    ("Through the Fire and Flames", "Through the Fire and Flames"),
    ("Imprinting", "Imprinting"),
    ("Kimi no Shiranai Monogatari", "君の知らない物語"),
    ("Harumachi Clover (Swing Arrangement) [Dictate Edit]", "春待ちクローバー"),
    ("Bokura no 16bit Sensou", "ぼくらの16bit戦争"),
    ("Blue Zenith", "Blue Zenith"),
    ("Kanzen Kankaku Dreamer", "完全感覚Dreamer"),
    ("Sayonara no Natsu", None),
]
_SOURCES = ["", "", "", "東方Project", "Bleach", "鬼滅の刃", "Touhou", "Arcaea", "VOEZ"]
_TAG_WORDS = [
    "anime", "opening", "tv size", "japanese", "electronic", "hardcore", "stream", "jump",
    "tech", "vocaloid", "j-pop", "rock", "metal", "farm", "aim", "speed", "featured artist",
    "ボーカロイド", "アニメ", "東方", "ゲーム", "オープニング", "fa", "marathon",
]  # fmt: skip
_CREATORS = [
    ("Sotarks", 4452992), ("Monstrata", 2706438), ("Nevo", 3620525), ("pishifat", 3181083),
    ("Shiirn", 2099314), ("DeviousPanda", 1891740), ("Kyuu", 1987212), ("ktgster", 1236302),
]  # fmt: skip
_DIFF_NAMES = ["Easy", "Normal", "Hard", "Insane", "Expert", "Extra", "Extreme", "Lunatic"]
# approved: mostly ranked; loved, qualified, approved; then the ones without an approved_date.
_STATES = [1] * 10 + [4, 4, 3, 2, 0, -1, -2, -2, -2]
_MODES = [0] * 12 + [1, 2, 3, 3]
_FORMAT = "%Y-%m-%d %H:%M:%S"
_EPOCH = dt.datetime(2008, 1, 1, tzinfo=dt.timezone.utc)


def _decimal(rng: random.Random, low: float, high: float) -> str:
    """CS/AR/OD/HP as the API writes them: ``"4"``, ``"8.5"``, ``"9.3"``."""
    value = round(rng.uniform(low, high) * 10) / 10
    return str(int(value)) if value == int(value) else str(value)


def _stars(rng: random.Random, base: float) -> str:
    return repr(base * rng.uniform(0.97, 1.03))  # "4.499068260192871": all the float's digits


def _set_rows(rng: random.Random, set_id: int, first_beatmap_id: int) -> list[dict[str, Any]]:
    approved = rng.choice(_STATES)
    mode = rng.choice(_MODES)
    artist, artist_unicode = rng.choice(_ARTISTS)
    title, title_unicode = rng.choice(_TITLES)
    creator, creator_id = rng.choice(_CREATORS)
    submit = _EPOCH + dt.timedelta(seconds=rng.randrange(16 * 365 * 86400))
    approved_at = submit + dt.timedelta(seconds=rng.randrange(3 * 86400, 200 * 86400))
    updated = submit + dt.timedelta(seconds=rng.randrange(3600, 3 * 86400))
    ranked = approved > 0
    packs = None
    if ranked and rng.random() < 0.6:
        packs = ",".join(
            f"{rng.choice('STR')}{rng.randrange(1, 1400)}" for _ in range(rng.randint(1, 3))
        )
    words = rng.sample(_TAG_WORDS, rng.randint(0, 9))
    bpm = rng.choice(("120", "141", "180", "200", "119.999", "174", "222.22", "96"))
    length = rng.randint(60, 420)
    diffs = rng.choice((1, 2, 3, 4, 4, 5, 5, 6, 6, 7, 8))
    shared = {
        "beatmapset_id": str(set_id),
        "approved": str(approved),
        "submit_date": submit.strftime(_FORMAT),
        "approved_date": approved_at.strftime(_FORMAT) if ranked else None,
        "last_update": (updated if ranked else approved_at).strftime(_FORMAT),
        "artist": artist,
        # The unicode fields are null in some real captures (reference/api-v1.md section 1).
        "artist_unicode": artist_unicode if rng.random() > 0.05 else None,
        "title": title,
        "title_unicode": title_unicode if rng.random() > 0.05 else None,
        "creator": creator,
        "creator_id": str(creator_id),
        "bpm": bpm,
        "source": rng.choice(_SOURCES),
        "tags": " ".join(words),
        "genre_id": str(rng.choice((1, 2, 3, 4, 5, 6, 7, 9, 10, 11))),
        "language_id": str(rng.choice((1, 2, 3, 3, 3, 4, 5, 6))),
        "favourite_count": str(rng.randrange(0, 20000)),
        "rating": repr(round(rng.uniform(0, 10), 5)) if ranked else "0",
        "storyboard": rng.choice(("0", "0", "0", "1")),
        "video": rng.choice(("0", "0", "1")),
        "download_unavailable": "0",
        "audio_unavailable": rng.choice(("0",) * 30 + ("1",)),
        "packs": packs,
    }
    rows = []
    for index in range(diffs):
        level = index + rng.random()
        objects = int(length * rng.uniform(1.0, 3.5))
        spinners = rng.randint(0, 3)
        sliders = 0 if mode == 1 else int(objects * rng.uniform(0.2, 0.5))
        aim = None if mode in (1, 3) else _stars(rng, 0.4 + level * 0.5)
        speed = None if mode in (1, 2, 3) else _stars(rng, 0.3 + level * 0.45)
        row = {
            "beatmap_id": str(first_beatmap_id + index),
            "total_length": str(length),
            "hit_length": str(length - rng.randint(0, 20)),
            "version": _DIFF_NAMES[min(index, len(_DIFF_NAMES) - 1)]
            + (f" {rng.randint(2, 9)}" if index >= len(_DIFF_NAMES) else ""),
            "file_md5": f"{rng.getrandbits(128):032x}",
            "diff_size": _decimal(rng, 2, 5) if mode != 3 else str(rng.choice((4, 7))),
            "diff_overall": _decimal(rng, 2 + index, min(10, 4 + index)),
            "diff_approach": _decimal(rng, 3 + index, min(10, 5 + index)),
            "diff_drain": _decimal(rng, 2 + index * 0.8, min(10, 4 + index)),
            "mode": str(mode),
            "count_normal": str(objects - sliders - spinners),
            "count_slider": str(sliders),
            "count_spinner": str(spinners),
            "playcount": str(rng.randrange(0, 3_000_000)),
            "passcount": str(rng.randrange(0, 400_000)),
            "max_combo": str(objects + sliders * 3),
            "diff_aim": aim,
            "diff_speed": speed,
            "difficultyrating": _stars(rng, 1.0 + level * 1.1),
        }
        rows.append(shared | row)
    return rows


def beatmap_rows(rows: int = 500, seed: int = 7) -> list[dict[str, Any]]:
    """``rows`` wire-shaped ``get_beatmaps`` rows (dicts of strings and nulls), sets kept whole
    except the last, which is cut at ``rows``."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    set_id, beatmap_id = 600_000, 1_400_000
    while len(out) < rows:
        out += _set_rows(rng, set_id, beatmap_id)
        set_id += rng.randint(1, 40)
        beatmap_id += 10 + rng.randint(0, 200)
    return out[:rows]


def beatmaps_body(rows: int = 500, seed: int = 7) -> bytes:
    """The response body for :func:`beatmap_rows`: compact UTF-8 JSON, as the API sends it."""
    return json.dumps(beatmap_rows(rows, seed), ensure_ascii=False, separators=(",", ":")).encode()

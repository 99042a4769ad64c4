"""The bytes behind the dataset: ``.osu`` beatmap files and ``get_replay`` contents.

Replays go through the core's encoder (``osu_core.replay.encode_replay_frames_base64``).
``.osu`` files are ``osu_core.beatmap.OsuFile`` models written by
``osu_core.beatmap.render_osu_file``: v14 with CRLF line endings, whose metadata and object
counts match the beatmap row (``reference/osu-file-format.md`` §A), and a replay stream that is
an LZMA-alone block of ``w|x|y|z,`` frames starting with the two skip frames and ending with the
``-12345|0|0|seed`` frame (§B.2), base64-encoded as ``get_replay`` sends it
(``reference/api-v1.md`` §7).
Deterministic from (seed, record); no I/O.
"""

from __future__ import annotations

import random

import osu_core
import osu_core.beatmap
import osu_core.replay
from osu_core.beatmap import (
    Background,
    Colour,
    Colours,
    Countdown,
    CurvePoint,
    CurveType,
    Difficulty,
    Editor,
    Effects,
    Events,
    General,
    HitCircle,
    HitObject,
    HoldNote,
    Metadata,
    OsuFile,
    SampleSet,
    Slider,
    Spinner,
    TimingPoint,
)

from ._records import Beatmap, Score

__all__ = ["make_osu_file", "make_replay_content"]


def _rng(seed: int, kind: str, key: int) -> random.Random:
    return random.Random(f"osu-emulator:{seed}:{kind}:{key}")


def make_osu_file(beatmap: Beatmap, seed: int) -> bytes:
    """Write the ``.osu`` file of ``beatmap``: same metadata, difficulty and object counts.

    The file is built as an ``osu_core.beatmap.OsuFile`` and written by
    ``osu_core.beatmap.render_osu_file``.

    Args:
        beatmap: The difficulty.
        seed: The dataset seed (object placement is drawn from it).

    Returns:
        UTF-8 bytes with CRLF line endings, as osu!stable saves them.
    """
    r = _rng(seed, "osu", beatmap.beatmap_id)
    beat = 60000 / beatmap.bpm
    lead = 1000 + r.randint(0, 8) * int(beat)
    end = lead + beatmap.total_length * 1000
    objects = beatmap.count_normal + beatmap.count_slider + beatmap.count_spinner
    step = max(1.0, (end - lead) / max(1, objects))
    colours: tuple[Colour, ...] = ()
    if beatmap.mode in (0, 2):  # combo colours mean nothing to taiko and mania
        colours = (Colour(red=255, green=128, blue=64), Colour(red=64, green=160, blue=255))
    osu_file = OsuFile(
        format_version=14,
        general=General(
            audio_filename="audio.mp3",
            preview_time=lead + (end - lead) // 3,
            countdown=Countdown.none,
            sample_set=SampleSet.Soft,
            mode=osu_core.GameMode(beatmap.mode),
            widescreen_storyboard=True,
        ),
        editor=Editor(distance_spacing=1.2, beat_divisor=4, grid_size=32, timeline_zoom=1.0),
        metadata=Metadata(
            title=beatmap.title,
            title_unicode=beatmap.title_unicode or beatmap.title,
            artist=beatmap.artist,
            artist_unicode=beatmap.artist_unicode or beatmap.artist,
            creator=beatmap.creator,
            version=beatmap.version,
            source=beatmap.source,
            tags=beatmap.tags,
            beatmap_id=beatmap.beatmap_id,
            beatmapset_id=beatmap.beatmapset_id,
        ),
        difficulty=Difficulty(
            hp_drain_rate=beatmap.diff_drain,
            circle_size=beatmap.diff_size,
            overall_difficulty=beatmap.diff_overall,
            approach_rate=beatmap.diff_approach,
        ),
        events=Events(background=Background(filename="bg.jpg")),
        timing_points=(
            TimingPoint(time=lead, beat_length=beat, sample_set=SampleSet.Soft, volume=60),
            TimingPoint(
                time=lead + int(beat * 64),
                beat_length=-100,
                sample_set=SampleSet.Soft,
                volume=70,
                uninherited=False,
                effects=Effects.Kiai,
            ),
        ),
        colours=Colours(combo_colours=colours),
        hit_objects=_hit_objects(beatmap, r.getrandbits(63), lead, step),
    )
    return osu_core.beatmap.render_osu_file(osu_file, newline="\r\n").encode("utf-8")


def _hit_objects(beatmap: Beatmap, state: int, lead: int, step: float) -> tuple[HitObject, ...]:
    # A 64-bit LCG (Knuth's MMIX constants) instead of random.Random: it is several times
    # faster, and file_md5 needs every file of the dataset written once.
    mask = (1 << 64) - 1
    circles, sliders = beatmap.count_normal, beatmap.count_slider
    keys = max(1, int(beatmap.diff_size)) if beatmap.mode == 3 else 0
    placed: list[HitObject] = []
    placed_sliders = 0
    for i in range(circles + sliders):
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        t = int(lead + i * step)
        x = 32 + (state >> 40) % 449
        y = 32 + (state >> 20) % 321
        column = int(((state >> 8) % keys + 0.5) * 512 / keys) if keys else 0
        new_combo = i % 8 == 0 and not keys
        # Spread sliders evenly among circles: object i is a slider when the running share
        # of sliders steps up (mania's "sliders" are hold notes).
        if (i + 1) * sliders // (circles + sliders) > placed_sliders:
            placed_sliders += 1
            if keys:
                placed.append(HoldNote(x=column, y=192, time=t, end_time=t + int(step * 0.6)))
            else:
                x2 = 32 + (state >> 4) % 449
                placed.append(
                    Slider(
                        x=x,
                        y=y,
                        time=t,
                        new_combo=new_combo,
                        curve_type=CurveType.Linear,
                        curve_points=(CurvePoint(x=x2, y=y),),
                        length=abs(x2 - x) or 1,
                    )
                )
        else:
            placed.append(
                HitCircle(
                    x=column if keys else x, y=192 if keys else y, time=t, new_combo=new_combo
                )
            )
    t = int(lead + (circles + sliders) * step)
    for _ in range(beatmap.count_spinner):
        # Spinners close the map, one after another: they never overlap other objects.
        placed.append(Spinner(x=256, y=192, time=t, new_combo=True, end_time=t + int(step * 0.8)))
        t += int(step)
    return tuple(placed)


def _frames(score: Score, beatmap: Beatmap, seed: int) -> list[tuple[int, float, float, int]]:
    r = _rng(seed, "replay", score.score_id or 0)
    count = min(2400, max(40, beatmap.hit_length * 12))
    frames: list[tuple[int, float, float, int]] = [(0, 256, -500, 0), (-1, 256, -500, 0)]
    x, y = 256.0, 192.0
    for i in range(count):
        delta = r.choice((16, 17, 17, 16, 33))
        if beatmap.mode == 0:
            x = min(512.0, max(0.0, x + r.uniform(-24, 24)))
            y = min(384.0, max(0.0, y + r.uniform(-18, 18)))
            keys = r.choice((0, 0, 0, 5, 10))
            frames.append((delta, round(x, 4), round(y, 4), keys))
        elif beatmap.mode == 1:
            frames.append((delta, 320, 9999, r.choice((0, 0, 1, 2, 4, 8))))
        elif beatmap.mode == 2:
            x = min(512.0, max(0.0, x + r.uniform(-30, 30)))
            frames.append((delta, round(x, 4), 9999, 1 if i % 9 == 0 else 0))
        else:
            columns = int(beatmap.diff_size) or 4
            frames.append((delta, float(r.getrandbits(columns)), 9999, 0))
    frames.append((-12345, 0, 0, r.randint(1, 2**24)))
    return frames


def make_replay_content(score: Score, beatmap: Beatmap, seed: int) -> str:
    """The ``content`` field ``get_replay`` returns for ``score``: base64 of an LZMA-alone
    stream of frames.

    Args:
        score: The score (its id seeds the frames).
        beatmap: Its beatmap (mode and length shape the frames).
        seed: The dataset seed.

    Returns:
        ASCII base64 text.
    """
    frames = osu_core.replay.ReplayFrames.from_raw(_frames(score, beatmap, seed), mode=beatmap.mode)
    return osu_core.replay.encode_replay_frames_base64(frames)

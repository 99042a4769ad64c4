"""The bytes behind the dataset: ``.osu`` beatmap files and ``get_replay`` contents.

Replays go through the core's encoder (``osu_core.encode_replay_frames_base64``). ``.osu``
files use a private writer until ``osu_core.render_osu_file`` exists: a v14 ``.osu`` file with
CRLF line endings whose metadata and object counts match the beatmap row
(``reference/osu-file-format.md`` §A), and a replay stream that is an LZMA-alone block of
``w|x|y|z,`` frames starting with the two skip frames and ending with the ``-12345|0|0|seed``
frame (§B.2), base64-encoded as ``get_replay`` sends it (``reference/api-v1.md`` §7).
Deterministic from (seed, record); no I/O.
"""

from __future__ import annotations

import random

import osu_core

from ._records import Beatmap, Score

__all__ = ["make_osu_file", "make_replay_content"]


def _rng(seed: int, kind: str, key: int) -> random.Random:
    return random.Random(f"osu-emulator:{seed}:{kind}:{key}")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def make_osu_file(beatmap: Beatmap, seed: int) -> bytes:
    """Write the ``.osu`` file of ``beatmap``: same metadata, difficulty and object counts.

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
    hit_lines = _hit_objects(beatmap, r.getrandbits(63), lead, step)
    title_u = beatmap.title_unicode or beatmap.title
    artist_u = beatmap.artist_unicode or beatmap.artist
    lines = [
        "osu file format v14",
        "",
        "[General]",
        "AudioFilename: audio.mp3",
        "AudioLeadIn: 0",
        f"PreviewTime: {lead + (end - lead) // 3}",
        "Countdown: 0",
        "SampleSet: Soft",
        "StackLeniency: 0.7",
        f"Mode: {beatmap.mode}",
        "LetterboxInBreaks: 0",
        "WidescreenStoryboard: 1",
        "",
        "[Editor]",
        "DistanceSpacing: 1.2",
        "BeatDivisor: 4",
        "GridSize: 32",
        "TimelineZoom: 1",
        "",
        "[Metadata]",
        f"Title:{beatmap.title}",
        f"TitleUnicode:{title_u}",
        f"Artist:{beatmap.artist}",
        f"ArtistUnicode:{artist_u}",
        f"Creator:{beatmap.creator}",
        f"Version:{beatmap.version}",
        f"Source:{beatmap.source}",
        f"Tags:{beatmap.tags}",
        f"BeatmapID:{beatmap.beatmap_id}",
        f"BeatmapSetID:{beatmap.beatmapset_id}",
        "",
        "[Difficulty]",
        f"HPDrainRate:{_num(beatmap.diff_drain)}",
        f"CircleSize:{_num(beatmap.diff_size)}",
        f"OverallDifficulty:{_num(beatmap.diff_overall)}",
        f"ApproachRate:{_num(beatmap.diff_approach)}",
        "SliderMultiplier:1.4",
        "SliderTickRate:1",
        "",
        "[Events]",
        "//Background and Video events",
        '0,0,"bg.jpg",0,0',
        "//Break Periods",
        "",
        "[TimingPoints]",
        f"{lead},{beat:.12g},4,2,1,60,1,0",
        f"{lead + int(beat * 64)},-100,4,2,1,70,0,1",
        "",
        "[HitObjects]",
        *hit_lines,
        "",
    ]
    if beatmap.mode in (0, 2):
        at = lines.index("[HitObjects]")
        lines[at:at] = ["[Colours]", "Combo1 : 255,128,64", "Combo2 : 64,160,255", ""]
    return "\r\n".join(lines).encode("utf-8")


def _hit_objects(beatmap: Beatmap, state: int, lead: int, step: float) -> list[str]:
    # A 64-bit LCG (Knuth's MMIX constants) instead of random.Random: it is several times
    # faster, and file_md5 needs every file of the dataset written once.
    mask = (1 << 64) - 1
    circles, sliders = beatmap.count_normal, beatmap.count_slider
    keys = max(1, int(beatmap.diff_size)) if beatmap.mode == 3 else 0
    lines: list[str] = []
    placed_sliders = 0
    for i in range(circles + sliders):
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        t = int(lead + i * step)
        x = 32 + (state >> 40) % 449
        y = 32 + (state >> 20) % 321
        nc = 4 if i % 8 == 0 else 0
        # Spread sliders evenly among circles: object i is a slider when the running share
        # of sliders steps up.
        if (i + 1) * sliders // (circles + sliders) > placed_sliders:
            placed_sliders += 1
            if keys:
                column = int(((state >> 8) % keys + 0.5) * 512 / keys)
                lines.append(f"{column},192,{t},128,0,{t + int(step * 0.6)}:0:0:0:0:")
            else:
                x2 = 32 + (state >> 4) % 449
                lines.append(f"{x},{y},{t},{2 | nc},0,L|{x2}:{y},1,{abs(x2 - x) or 1}")
        elif keys:
            column = int(((state >> 8) % keys + 0.5) * 512 / keys)
            lines.append(f"{column},192,{t},1,0,0:0:0:0:")
        else:
            lines.append(f"{x},{y},{t},{1 | nc},0,0:0:0:0:")
    t = int(lead + (circles + sliders) * step)
    for _ in range(beatmap.count_spinner):
        # Spinners close the map, one after another: they never overlap other objects.
        lines.append(f"256,192,{t},12,0,{t + int(step * 0.8)},0:0:0:0:")
        t += int(step)
    return lines


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
    frames = osu_core.ReplayFrames.from_raw(_frames(score, beatmap, seed), mode=beatmap.mode)
    return osu_core.encode_replay_frames_base64(frames)

"""Cases 1, 2, 3 and 5 of issue 7: bytes to models, ``.osu`` files, replay frames, memory.

Each case builds its inputs once, then times our code, the floor, the peers and the limit side
by side (``harness.interleave``). A peer that is not importable is left out and named in the
row notes; nothing is estimated. Peers are called the way their own clients call them (read
from their installed code):

* ossapi 5 (v1): ``requests``' ``r.json()`` (``json.loads``), then ``Beatmap(row)`` per row
  (``ossapi/ossapi.py``, ``Ossapi._get``).
* aiosu 2 (v1): ``orjson.loads(body)``, then ``from_list(Beatmapset._from_api_v1, rows)``
  (``aiosu/v1/client.py``, ``get_beatmap``): a pydantic set model holding one difficulty.
* slider: ``Beatmap.parse(text)``, and ``.hit_objects()`` with its defaults (stacking on).
* rosu-pp-py: ``Beatmap(content=text)`` (Rust parse, difficulty-relevant data only).
* osrparse: ``parse_replay_data(lzma_bytes, decoded=True, mode=...)``.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import lzma
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import osu_core
import osu_core.beatmap
import osu_core.replay
from gen_beatmaps import beatmaps_body
from harness import FLOOR, LIMIT, OURS, PEER, Row, Target, interleave

__all__ = ["case_beatmaps", "case_memory", "case_osu_files", "case_replays"]

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def _optional(name: str) -> Any:
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        return None


def parse_beatmaps(body: bytes) -> Any:
    """Our public path: the ``get_beatmaps`` call's parser over a response descriptor."""
    return osu_core.get_beatmaps().parse(osu_core.Response(status_code=200, body=body))


# --- 1. get_beatmaps body -> models ------------------------------------------------------


def _msgspec_decoder() -> Callable[[bytes], Any] | None:
    """A msgspec Struct with our ``Beatmap`` fields, decoded in lax mode (strings to numbers).

    msgspec cannot express: the UTC zone on zone-less dates (it returns naive datetimes),
    splitting ``packs`` into a tuple, the zero-date and unpadded-hour leniency, keeping unknown
    keys in ``extra`` (it drops them) and our field-naming error paths.
    """
    msgspec = _optional("msgspec")
    if msgspec is None:
        return None

    class _GameMode(enum.IntEnum):
        osu, taiko, catch, mania = 0, 1, 2, 3

    approved = enum.IntEnum("Approved", {f"s{i + 2}": i for i in range(-2, 5)})  # type: ignore[misc]
    genre = enum.IntEnum("Genre", {f"g{i}": i for i in range(15)})  # type: ignore[misc]
    language = enum.IntEnum("Language", {f"l{i}": i for i in range(15)})  # type: ignore[misc]
    opt_date = dt.datetime | None
    annotations: dict[str, Any] = {
        "beatmap_id": int, "beatmapset_id": int, "approved": approved,
        "approved_date": opt_date, "submit_date": opt_date, "last_update": dt.datetime,
        "artist": str, "artist_unicode": str | None, "title": str, "title_unicode": str | None,
        "creator": str, "creator_id": int | None, "version": str, "file_md5": str,
        "mode": _GameMode, "bpm": float, "difficultyrating": float | None,
        "diff_aim": float | None, "diff_speed": float | None, "diff_size": float,
        "diff_overall": float, "diff_approach": float, "diff_drain": float,
        "hit_length": int, "total_length": int, "source": str, "tags": str,
        "genre_id": genre, "language_id": language, "favourite_count": int,
        "rating": float | None, "playcount": int, "passcount": int,
        "count_normal": int | None, "count_slider": int | None, "count_spinner": int | None,
        "max_combo": int | None, "storyboard": bool | None, "video": bool | None,
        "download_unavailable": bool | None, "audio_unavailable": bool | None,
            "packs": str | None,
    }  # fmt: skip
    required = ("beatmap_id", "beatmapset_id", "approved", "last_update", "artist", "title",
                "creator", "version", "file_md5", "mode", "bpm", "diff_size", "diff_overall",
                "diff_approach", "diff_drain", "hit_length", "total_length", "source", "tags",
                "genre_id", "language_id", "favourite_count", "playcount", "passcount")  # fmt: skip
    # Required fields first (a Struct's rule), the optional ones default to None.
    ordered = {k: annotations[k] for k in required} | {
        k: v for k, v in annotations.items() if k not in required
    }
    body: dict[str, Any] = {"__annotations__": ordered}
    body.update({k: None for k in ordered if k not in required})
    struct = type("MsgspecBeatmap", (msgspec.Struct,), body, frozen=True)
    decoder = msgspec.json.Decoder(list[struct], strict=False)  # type: ignore[valid-type]
    return decoder.decode  # type: ignore[no-any-return]


def case_beatmaps(repeat: int) -> tuple[list[Row], list[Target]]:
    """Case 1: a realistic 500-row ``get_beatmaps`` body to models."""
    case = "1. get_beatmaps body → models"
    body = beatmaps_body(500, seed=7)
    label = f"500 rows, {len(body) / 1000:.0f} kB"
    assert len(parse_beatmaps(body)) == 500
    impls: list[tuple[str, str, Callable[[], object]]] = [
        ("json.loads", FLOOR, lambda: json.loads(body)),
        ("osu_core (get_beatmaps().parse)", OURS, lambda: parse_beatmaps(body)),
    ]
    notes: dict[str, str] = {}
    ossapi = _optional("ossapi.ossapi")
    if ossapi is not None:
        beatmap = ossapi.Beatmap
        impls.append(("ossapi (json.loads + Beatmap)", PEER,
                      lambda: [beatmap(row) for row in json.loads(body)]))  # fmt: skip
    aiosu_models, orjson = _optional("aiosu.models.beatmap"), _optional("orjson")
    if aiosu_models is not None and orjson is not None:
        from_v1 = aiosu_models.Beatmapset._from_api_v1
        impls.append(("aiosu (orjson + Beatmapset._from_api_v1)", PEER,
                      lambda: [from_v1(row) for row in orjson.loads(body)]))  # fmt: skip
    decode = _msgspec_decoder()
    if decode is not None:
        impls.append(("msgspec typed decode (limit)", LIMIT, lambda: decode(body)))
        notes["msgspec typed decode (limit)"] = "naive dates, packs kept as text, no extra"
    results = interleave([(n, f) for n, _, f in impls], repeat)
    rows = [Row(case, label, name, role, *results[name], note=notes.get(name, ""))
            for name, role, _ in impls]  # fmt: skip
    ours, floor = results[impls[1][0]][0], results["json.loads"][0]
    targets = [Target(case, "≤ 2.5x json.loads", f"{ours / floor:.2f}x", ours / floor <= 2.5)]
    if ossapi is not None:
        speed = results["ossapi (json.loads + Beatmap)"][0] / ours
        targets.append(Target(case, "≥ 2.5x faster than ossapi", f"{speed:.2f}x", speed >= 2.5))
    else:
        targets.append(Target(case, "≥ 2.5x faster than ossapi", "ossapi missing", None))
    return rows, targets


# --- 2. .osu files -----------------------------------------------------------------------


def osu_inputs() -> list[tuple[str, str]]:
    """The four largest corpus maps, the two largest that slider can read (it needs a
    ``[Metadata]`` section, which lazer's conversion-test maps lack) and a generated map."""
    from bench_osu_file import generated_map

    paths = sorted((CORPUS / "osu").glob("*.osu"), key=lambda p: -p.stat().st_size)
    texts = [(p.name.removeprefix("lazer__"), p.read_text(encoding="utf-8-sig")) for p in paths]
    chosen = texts[:4] + [t for t in texts[4:] if "[Metadata]" in t[1]][:2]
    return [*chosen, ("generated, 2,000 objects", generated_map(2000, seed=3))]


def _osu_floor(text: str) -> None:
    for line in text.splitlines():
        line.split(",")


def case_osu_files(repeat: int) -> tuple[list[Row], list[Target]]:
    """Case 2: full typed ``.osu`` parse against the floor, slider and rosu-pp-py."""
    case = "2. .osu file → typed model"
    slider, rosu = _optional("slider"), _optional("rosu_pp_py")
    rows: list[Row] = []
    targets: list[Target] = []
    for name, text in osu_inputs():
        objects = len(osu_core.beatmap.parse_osu_file(text).hit_objects)
        label = f"{name} ({objects} objects)"
        impls: list[tuple[str, str, Callable[[], object]]] = [
            ("splitlines + split", FLOOR, lambda text=text: _osu_floor(text)),
            (
                "osu_core.beatmap.parse_osu_file",
                OURS,
                lambda text=text: osu_core.beatmap.parse_osu_file(text),
            ),
        ]
        skipped: list[Row] = []
        if slider is not None:
            try:
                slider.Beatmap.parse(text)
            except Exception as exc:  # a peer's own failure is a result, reported as such
                for impl in ("slider Beatmap.parse", "slider parse + hit_objects()"):
                    skipped.append(Row(case, label, impl, PEER, note=f"fails: {exc}"))
            else:
                parse = slider.Beatmap.parse
                impls.append(("slider Beatmap.parse", PEER, lambda t=text, p=parse: p(t)))
                impls.append(("slider parse + hit_objects()", PEER,
                              lambda t=text, p=parse: p(t).hit_objects()))  # fmt: skip
        if rosu is not None:
            impls.append(("rosu-pp-py Beatmap(content=)", PEER,
                          lambda t=text: rosu.Beatmap(content=t)))  # fmt: skip
        results = interleave([(n, f) for n, _, f in impls], repeat)
        rows += [Row(case, label, n, role, *results[n]) for n, role, _ in impls] + skipped
        ours, floor = (
            results["osu_core.beatmap.parse_osu_file"][0],
            results["splitlines + split"][0],
        )
        targets.append(Target(case, f"{name}: ≤ 2.5x floor", f"{ours / floor:.2f}x",
                              ours / floor <= 2.5))  # fmt: skip
        full = results.get("slider parse + hit_objects()")
        if full is not None:
            speed = full[0] / ours
            targets.append(Target(case, f"{name}: ≥ 6x faster than slider parse + hit_objects",
                                  f"{speed:.1f}x", speed >= 6))  # fmt: skip
    return rows, targets


# --- 3. replay frames --------------------------------------------------------------------


def replay_inputs() -> list[tuple[str, bytes, osu_core.GameMode]]:
    """The LZMA streams of the largest distinct corpus replays, and a generated 20k stream."""
    from bench_replay import generated_stream

    out: list[tuple[str, bytes, osu_core.GameMode]] = []
    seen: set[str] = set()
    for path in sorted((CORPUS / "osr").glob("*.osr"), key=lambda p: -p.stat().st_size):
        osr = osu_core.replay.parse_osr(path.read_bytes())
        data = osr.replay_data
        digest = hashlib.sha256(data or b"").hexdigest()
        if data is None or digest in seen:
            continue
        seen.add(digest)
        out.append((path.name.removeprefix("osrparse__"), data, osr.mode))
        if len(out) == 3:
            break
    out.append(("generated, 20k frames", generated_stream(20_000, 20), osu_core.GameMode.Osu))
    return out


def case_replays(repeat: int) -> tuple[list[Row], list[Target]]:
    """Case 3: replay frames against lzma + split and osrparse."""
    case = "3. replay stream → frames"
    osrparse = _optional("osrparse")
    rows: list[Row] = []
    targets: list[Target] = []
    decode = osu_core.replay.decode_replay_frames_lzma
    for name, data, mode in replay_inputs():
        frames = len(decode(data, mode).frames)
        label = f"{name} ({mode.name}, {frames} frames)"
        impls: list[tuple[str, str, Callable[[], object]]] = [
            ("lzma + split", FLOOR,
             lambda d=data: lzma.decompress(d, format=lzma.FORMAT_ALONE).split(b",")),
            ("osu_core decode (lazy)", OURS, lambda d=data, m=mode: decode(d, m)),
            ("osu_core decode + .frames", OURS, lambda d=data, m=mode: decode(d, m).frames),
        ]  # fmt: skip
        if osrparse is not None:
            peer_mode = osrparse.GameMode(int(mode))
            impls.append(("osrparse parse_replay_data", PEER,
                          lambda d=data, m=peer_mode, p=osrparse.parse_replay_data:
                          p(d, decoded=True, mode=m)))  # fmt: skip
        results = interleave([(n, f) for n, _, f in impls], repeat)
        rows += [Row(case, label, n, role, *results[n]) for n, role, _ in impls]
        floor = results["lzma + split"][0]
        full = results["osu_core decode + .frames"][0]
        lazy = results["osu_core decode (lazy)"][0] / floor
        targets.append(Target(case, f"{name}: frames ≤ 1.5x floor", f"{full / floor:.2f}x",
                              full / floor <= 1.5, f"lazy decode {lazy:.2f}x"))  # fmt: skip
        if osrparse is not None:
            speed = results["osrparse parse_replay_data"][0] / full
            targets.append(Target(case, f"{name}: frames ≥ 2.5x faster than osrparse",
                                  f"{speed:.2f}x", speed >= 2.5))  # fmt: skip
    return rows, targets


# --- 5. memory ---------------------------------------------------------------------------


def _traced(fn: Callable[[], Any]) -> tuple[int, int]:
    """(peak, retained) bytes allocated by ``fn`` while its result is alive."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak - base, current - base


def case_memory(beatmaps: int = 10_000) -> list[Row]:
    """Case 5: peak and retained memory of parsed beatmaps and of a 20k-frame replay."""
    rows: list[Row] = []
    case = "5. memory"
    body = beatmaps_body(beatmaps, seed=11)
    label = f"{beatmaps:,} get_beatmaps rows ({len(body) / 1e6:.1f} MB body)"
    impls: list[tuple[str, str, Callable[[], Any]]] = [
        ("json.loads (dicts)", FLOOR, lambda: json.loads(body)),
        ("osu_core Beatmap", OURS, lambda: parse_beatmaps(body)),
    ]
    ossapi = _optional("ossapi.ossapi")
    if ossapi is not None:
        impls.append(
            ("ossapi Beatmap", PEER, lambda: [ossapi.Beatmap(r) for r in json.loads(body)])
        )
    aiosu_models, orjson = _optional("aiosu.models.beatmap"), _optional("orjson")
    if aiosu_models is not None and orjson is not None:
        from_v1 = aiosu_models.Beatmapset._from_api_v1
        impls.append(("aiosu Beatmapset", PEER, lambda: [from_v1(r) for r in orjson.loads(body)]))
    decode = _msgspec_decoder()
    if decode is not None:
        impls.append(("msgspec Struct (limit)", LIMIT, lambda: decode(body)))
    for name, role, fn in impls:
        peak, retained = _traced(fn)
        rows.append(Row(case, label, name, role, peak=peak, retained=retained, objects=beatmaps))

    from bench_replay import generated_stream

    data = generated_stream(20_000, 20)
    label = "generated replay, 20k frames"
    mode = osu_core.GameMode.Osu

    def decoded_with_frames() -> Any:
        replay = osu_core.replay.decode_replay_frames_lzma(data, mode)
        return replay, replay.frames

    impls = [
        ("lzma + split (bytes)", FLOOR,
         lambda: lzma.decompress(data, format=lzma.FORMAT_ALONE).split(b",")),
        ("osu_core decode (lazy)", OURS,
         lambda: osu_core.replay.decode_replay_frames_lzma(data, mode)),
        ("osu_core decode + .frames", OURS, decoded_with_frames),
    ]  # fmt: skip
    osrparse = _optional("osrparse")
    if osrparse is not None:
        impls.append(("osrparse events", PEER, lambda: osrparse.parse_replay_data(
            data, decoded=True, mode=osrparse.GameMode.STD)))  # fmt: skip
    for name, role, fn in impls:
        peak, retained = _traced(fn)
        rows.append(Row(case, label, name, role, peak=peak, retained=retained, objects=20_000))
    return rows


if __name__ == "__main__":  # pragma: no cover - a quick look without the runner
    for row in case_beatmaps(int(sys.argv[1]) if len(sys.argv) > 1 else 5)[0]:
        print(row)

"""Cases 1, 2, 3, 3b and 5 of issues 7 and 14: bytes to models, ``.osu`` files, replay
frames, ``.osr`` files, memory.

Each case builds its inputs once, then times our code, the floor, the peers and the limit side
by side (``harness.interleave``), and returns the rows and targets of one run (the runner calls
the timing cases once per run). A peer that is not importable, or fails on an input, is left
out and named in the row notes; nothing is estimated. Peers are called the way their own
clients call them (read from their installed code):

* ossapi 5 (v1): ``requests``' ``r.json()`` (``json.loads``), then ``Beatmap(row)`` per row
  (``ossapi/ossapi.py``, ``Ossapi._get``). Replays: ossapi v1's ``get_replay`` keeps the
  base64 ``content`` and decodes no frames; its v2 ``download_score`` does
  ``Replay(osrparse.Replay.from_string(r.content), self)`` (``ossapi/ossapiv2.py``,
  ``_download_score``), and that wrapper's constructor (``ossapi/replay.py``) only copies the
  fields over, converting mode and mods, and stores the API object, so it is built here with
  ``api=None``: no network.
* aiosu 3 (v1): ``orjson.loads(body)``, then ``from_list(LegacyBeatmapset._from_api_v1, rows)``
  (``aiosu/v1/client.py``, ``get_beatmap``): a pydantic set model holding one difficulty.
  aiosu 2 named the class ``Beatmapset``; whichever the installed aiosu has is used, and the
  row says which. Replays: ``aiosu.utils.replay.parse_file(BytesIO(data))``, a pydantic
  ``ReplayEvent`` per frame.
* slider: ``Beatmap.parse(text)``, and ``.hit_objects()`` with its defaults (stacking on).
* rosu-pp-py: ``Beatmap(content=text)`` (Rust parse, difficulty-relevant data only).
* osrparse: ``parse_replay_data(lzma_bytes, decoded=True, mode=...)`` for a stream and
  ``Replay.from_string(data)`` for a whole file (both build its ``ReplayEvent`` objects).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import io
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
from harness import FLOOR, LIMIT, OURS, PEER, Row, Target, at_least, at_most, interleave

__all__ = ["case_beatmaps", "case_memory", "case_osr_files", "case_osu_files", "case_replays"]

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
#: Whether this build of ``ReplayFrames`` has the column views (``deltas``, ``times``, ``x``,
#: ``y``, ``keys``; issue 14). Touching one parses every column, so ``.times`` stands for all.
HAS_COLUMNS = hasattr(osu_core.replay.ReplayFrames, "times")
_NO_COLUMNS = "ReplayFrames has no column views in this build"

Impl = tuple[str, str, Callable[[], object]]


def _optional(name: str) -> Any:
    try:
        return __import__(name, fromlist=["_"])
    except ImportError:
        return None


def _time(
    case: str, label: str, impls: list[Impl], repeat: int, **notes: str
) -> tuple[dict[str, tuple[float, float]], list[Row]]:
    """Time ``impls`` interleaved and make their rows (``notes`` by impl name)."""
    results = interleave([(name, fn) for name, _, fn in impls], repeat)
    rows = [Row(case, label, name, role, *results[name], note=notes.get(name, ""))
            for name, role, _ in impls]  # fmt: skip
    return results, rows


def _peer_runs(case: str, label: str, name: str, fn: Callable[[], object]) -> Row | None:
    """Call a peer once: ``None`` when it works, else a row saying how it failed."""
    try:
        fn()
    except Exception as exc:  # a peer's own failure is a result, reported as such
        return Row(case, label, name, PEER, note=f"fails: {type(exc).__name__}: {exc}"[:160])
    return None


def parse_beatmaps(body: bytes) -> Any:
    """Our public path: the ``get_beatmaps`` call's parser over a response descriptor."""
    return osu_core.get_beatmaps().parse(osu_core.Response(status_code=200, body=body))


def _aiosu_from_v1() -> tuple[str, Callable[[Any], Any]] | None:
    """aiosu's v1 row-to-model function and its class name, as its ``get_beatmap`` calls it."""
    models, orjson = _optional("aiosu.models.beatmap"), _optional("orjson")
    if models is None or orjson is None:
        return None
    # aiosu 3 renamed the v1 model LegacyBeatmapset; aiosu 2's Beatmapset had the classmethod.
    for name in ("LegacyBeatmapset", "Beatmapset"):
        cls = getattr(models, name, None)
        if cls is not None and "_from_api_v1" in vars(cls):
            return name, cls._from_api_v1
    return None


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
    ours = "osu_core (get_beatmaps().parse)"
    impls: list[Impl] = [
        ("json.loads", FLOOR, lambda: json.loads(body)),
        (ours, OURS, lambda: parse_beatmaps(body)),
    ]
    ossapi = _optional("ossapi.ossapi")
    if ossapi is not None:
        beatmap = ossapi.Beatmap
        impls.append(("ossapi (json.loads + Beatmap)", PEER,
                      lambda: [beatmap(row) for row in json.loads(body)]))  # fmt: skip
    aiosu = _aiosu_from_v1()
    if aiosu is not None:
        orjson = _optional("orjson")
        cls_name, from_v1 = aiosu
        impls.append((f"aiosu (orjson + {cls_name}._from_api_v1)", PEER,
                      lambda: [from_v1(row) for row in orjson.loads(body)]))  # fmt: skip
    decode = _msgspec_decoder()
    limit = "msgspec typed decode (limit)"
    if decode is not None:
        impls.append((limit, LIMIT, lambda: decode(body)))
    notes = {limit: "naive dates, packs kept as text, no extra"}
    results, rows = _time(case, label, impls, repeat, **notes)
    mine, floor = results[ours][0], results["json.loads"][0]
    peer = results.get("ossapi (json.loads + Beatmap)")
    targets = [
        at_most(case, "≤ 2.5x json.loads", mine / floor, 2.5),
        at_least(case, "≥ 2.5x faster than ossapi", peer and peer[0] / mine, 2.5,
                 detail="" if peer else "ossapi missing"),
    ]  # fmt: skip
    return rows, targets


# --- 2. .osu files -----------------------------------------------------------------------


def osu_inputs() -> list[tuple[str, bytes]]:
    """The four largest corpus maps, the two largest that slider can read (it needs a
    ``[Metadata]`` section, which lazer's conversion-test maps lack) and a generated map, as
    the files' bytes."""
    from bench_osu_file import generated_map

    paths = sorted((CORPUS / "osu").glob("*.osu"), key=lambda p: -p.stat().st_size)
    files = [(p.name.removeprefix("lazer__"), p.read_bytes()) for p in paths]
    chosen = files[:4] + [f for f in files[4:] if b"[Metadata]" in f[1]][:2]
    return [*chosen, (GENERATED_MAP, generated_map(2000, seed=3).encode())]


GENERATED_MAP = "generated, 2,000 objects"


def _osu_floor(text: str) -> None:
    for line in text.splitlines():
        line.split(",")


def _osu_floor_bytes(data: bytes) -> None:
    # The same loop from the file's bytes: decoding is work every parser of a file must do.
    for line in data.decode("utf-8-sig").splitlines():
        line.split(",")


def case_osu_files(repeat: int) -> tuple[list[Row], list[Target]]:
    """Case 2: full typed ``.osu`` parse against the floors, slider and rosu-pp-py.

    Two floors: ``splitlines + split`` on the text, and the same from the file's bytes with
    the UTF-8 decode first. ``parse_osu_file`` takes either, so it is timed from both, each
    against its own floor (issue 14: the page states both ratios; the target is judged from
    the bytes, which is what reading a file costs).
    """
    case = "2. .osu file → typed model"
    slider, rosu = _optional("slider"), _optional("rosu_pp_py")
    parse = osu_core.beatmap.parse_osu_file
    floor, floor_b = "splitlines + split", "decode + splitlines + split"
    ours, ours_b = "osu_core parse_osu_file(text)", "osu_core parse_osu_file(bytes)"
    full, rosu_name = "slider parse + hit_objects()", "rosu-pp-py Beatmap(content=)"
    rows: list[Row] = []
    targets: list[Target] = []
    for name, data in osu_inputs():
        text = data.decode("utf-8-sig")
        label = f"{name} ({len(parse(data).hit_objects)} objects)"
        impls: list[Impl] = [
            (floor, FLOOR, lambda t=text: _osu_floor(t)),
            (floor_b, FLOOR, lambda d=data: _osu_floor_bytes(d)),
            (ours, OURS, lambda t=text: parse(t)),
            (ours_b, OURS, lambda d=data: parse(d)),
        ]
        failed: list[Row] = []
        if slider is not None:
            broken = _peer_runs(case, label, "slider Beatmap.parse", lambda t=text:
                                slider.Beatmap.parse(t))  # fmt: skip
            if broken is not None:
                failed = [broken, Row(case, label, full, PEER, note=broken.note)]
            else:
                impls.append(("slider Beatmap.parse", PEER, lambda t=text:
                              slider.Beatmap.parse(t)))  # fmt: skip
                impls.append((full, PEER, lambda t=text: slider.Beatmap.parse(t).hit_objects()))
        if rosu is not None:
            impls.append((rosu_name, PEER, lambda t=text: rosu.Beatmap(content=t)))
        results, timed = _time(case, label, impls, repeat)
        for row in timed:
            row.versus = floor_b if row.impl == ours_b else ""
        rows += timed + failed
        mine, mine_b = results[ours][0], results[ours_b][0]
        from_text = f"from text: {mine / results[floor][0]:.2f}x {floor}"
        if name != GENERATED_MAP:
            ratio = mine_b / results[floor_b][0]
            targets.append(at_most(case, f"{name}: ≤ 2.5x {floor_b}", ratio, 2.5, detail=from_text))
        if full in results:
            speed = results[full][0] / mine
            targets.append(at_least(case, f"{name}: ≥ 6x faster than {full}", speed, 6))
        if rosu_name in results:
            ratio = mine / results[rosu_name][0]
            targets.append(at_most(case, f"{name}: ours ÷ rosu-pp-py ≤ 3", ratio, 3))
    return rows, targets


# --- 3. replay frames --------------------------------------------------------------------


def _corpus_osr() -> list[tuple[str, bytes, osu_core.replay.OsrFile]]:
    """The three largest corpus ``.osr`` files with distinct replay data (two corpus files
    hold the same replay), as ``(name, file bytes, parsed file)``."""
    out: list[tuple[str, bytes, osu_core.replay.OsrFile]] = []
    seen: set[str] = set()
    for path in sorted((CORPUS / "osr").glob("*.osr"), key=lambda p: -p.stat().st_size):
        data = path.read_bytes()
        osr = osu_core.replay.parse_osr(data)
        digest = hashlib.sha256(osr.replay_data or b"").hexdigest()
        if osr.replay_data is None or digest in seen:
            continue
        seen.add(digest)
        out.append((path.name.removeprefix("osrparse__"), data, osr))
        if len(out) == 3:
            break
    return out


def replay_inputs() -> list[tuple[str, bytes, osu_core.GameMode]]:
    """The LZMA streams of the largest distinct corpus replays, and a generated 20k stream."""
    from bench_replay import generated_stream

    out = [(name, osr.replay_data, osr.mode) for name, _, osr in _corpus_osr()
           if osr.replay_data is not None]  # fmt: skip
    out.append(("generated, 20k frames", generated_stream(20_000, 20), osu_core.GameMode.Osu))
    return out


def _columns(replay: Any) -> Any:
    # One column view parses every column (the lead's design), so this stands for all five.
    return replay.times


def case_replays(repeat: int) -> tuple[list[Row], list[Target]]:
    """Case 3: replay frames against lzma + split and osrparse."""
    case = "3. replay stream → frames"
    osrparse = _optional("osrparse")
    rows: list[Row] = []
    targets: list[Target] = []
    decode = osu_core.replay.decode_replay_frames_lzma
    floor, lazy, frames = "lzma + split", "osu_core decode (lazy)", "osu_core decode + .frames"
    columns, peer = "osu_core decode + columns", "osrparse parse_replay_data"
    for name, data, mode in replay_inputs():
        count = len(decode(data, mode).frames)
        label = f"{name} ({mode.name}, {count} frames)"
        impls: list[Impl] = [
            (floor, FLOOR, lambda d=data: lzma.decompress(d, format=lzma.FORMAT_ALONE).split(b",")),
            (lazy, OURS, lambda d=data, m=mode: decode(d, m)),
            (frames, OURS, lambda d=data, m=mode: decode(d, m).frames),
        ]  # fmt: skip
        if HAS_COLUMNS:
            impls.append((columns, OURS, lambda d=data, m=mode: _columns(decode(d, m))))
        if osrparse is not None:
            peer_mode = osrparse.GameMode(int(mode))
            impls.append((peer, PEER, lambda d=data, m=peer_mode:
                          osrparse.parse_replay_data(d, decoded=True, mode=m)))  # fmt: skip
        results, timed = _time(case, label, impls, repeat)
        rows += timed
        base = results[floor][0]
        everything = results[frames][0]
        lazy_ratio = f"lazy decode {results[lazy][0] / base:.2f}x"
        ratio = results[columns][0] / base if HAS_COLUMNS else None
        why = lazy_ratio if HAS_COLUMNS else _NO_COLUMNS
        targets.append(at_most(case, f"{name}: columns ≤ 1.5x floor", ratio, 1.5, detail=why))
        ratio = everything / base
        what = f"{name}: decode + .frames ≤ 2x floor"
        targets.append(at_most(case, what, ratio, 2, detail=lazy_ratio))
        speed = results[peer][0] / everything if peer in results else None
        what = f"{name}: decode + .frames ≥ 2.5x faster than osrparse"
        targets.append(at_least(case, what, speed, 2.5, detail="" if speed else "osrparse missing"))
    return rows, targets


# --- 3b. .osr files ----------------------------------------------------------------------


def _osr_peers() -> list[tuple[str, str, Callable[[bytes], object] | None]]:
    """``(row name, peer, file bytes to frames or None when not importable)`` per peer."""
    osrparse, ossapi = _optional("osrparse"), _optional("ossapi.replay")
    aiosu = _optional("aiosu.utils.replay")
    from_string = osrparse.Replay.from_string if osrparse is not None else None

    def ossapi_replay(data: bytes) -> object:
        # What ossapi v2's download_score returns, minus the request: the constructor only
        # reads the osrparse replay's fields and stores the API object.
        return ossapi.Replay(osrparse.Replay.from_string(data), None)

    def aiosu_replay(data: bytes) -> object:
        return aiosu.parse_file(io.BytesIO(data))

    return [
        ("osrparse Replay.from_string", "osrparse", from_string),
        ("ossapi Replay(osrparse replay, api=None)", "ossapi",
         ossapi_replay if ossapi is not None and osrparse is not None else None),
        ("aiosu parse_file(BytesIO)", "aiosu", aiosu_replay if aiosu is not None else None),
    ]  # fmt: skip


def case_osr_files(repeat: int) -> tuple[list[Row], list[Target]]:
    """Case 3b: whole ``.osr`` files to every typed frame, against osrparse, ossapi, aiosu.

    Ours is ``parse_osr(data).frames().frames``: the header, the LZMA stream, every frame
    object. Each peer builds its frame objects too (see the module docstring). There is no
    floor row: case 3 has the stream's floor, and the header costs microseconds.
    """
    case = "3b. .osr file → frames"
    ours = "osu_core parse_osr + .frames().frames"
    peers = _osr_peers()
    rows: list[Row] = []
    targets: list[Target] = []
    for name, data, osr in _corpus_osr():
        frames = len(osr.frames().frames)
        label = f"{name} ({osr.mode.name}, {frames} frames, {len(data) // 1000} kB)"
        impls: list[Impl] = [
            (ours, OURS, lambda d=data: osu_core.replay.parse_osr(d).frames().frames),
        ]
        failed: list[Row] = []
        for row_name, _, fn in peers:
            if fn is None:
                continue
            broken = _peer_runs(case, label, row_name, lambda d=data, f=fn: f(d))
            if broken is None:
                impls.append((row_name, PEER, lambda d=data, f=fn: f(d)))
            else:
                failed.append(broken)
        results, timed = _time(case, label, impls, repeat)
        rows += timed + failed
        mine = results[ours][0]
        for row_name, peer, fn in peers:
            speed = results[row_name][0] / mine if row_name in results else None
            why = "" if speed else (f"{peer} missing" if fn is None else f"{peer} fails here")
            what = f"{name}: ≥ 2.5x faster than {peer}"
            targets.append(at_least(case, what, speed, 2.5, detail=why))
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


def case_memory(beatmaps: int = 10_000) -> tuple[list[Row], list[Target]]:
    """Case 5: peak and retained memory of parsed beatmaps and of a 20k-frame replay.

    Memory is deterministic, so the runner does this once, not once per run.
    """
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
    aiosu = _aiosu_from_v1()
    if aiosu is not None:
        orjson = _optional("orjson")
        cls_name, from_v1 = aiosu
        impls.append((f"aiosu {cls_name}", PEER,
                      lambda: [from_v1(r) for r in orjson.loads(body)]))  # fmt: skip
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
    stream = osu_core.replay.decode_replay_frames_lzma

    def with_frames() -> Any:
        replay = stream(data, mode)
        return replay, replay.frames

    def with_columns() -> Any:
        # The columns are cached on the replay, so keeping the replay keeps them.
        replay = stream(data, mode)
        _columns(replay)
        return replay

    frames, columns, peer = "osu_core decode + .frames", "osu_core decode + columns", "osrparse"
    impls = [
        ("lzma + split (bytes)", FLOOR,
         lambda: lzma.decompress(data, format=lzma.FORMAT_ALONE).split(b",")),
        ("osu_core decode (lazy)", OURS, lambda: stream(data, mode)),
        (frames, OURS, with_frames),
    ]  # fmt: skip
    if HAS_COLUMNS:
        impls.append((columns, OURS, with_columns))
    osrparse = _optional("osrparse")
    if osrparse is not None:
        impls.append((peer, PEER, lambda: osrparse.parse_replay_data(
            data, decoded=True, mode=osrparse.GameMode.STD)))  # fmt: skip
    kept: dict[str, int] = {}
    for name, role, fn in impls:
        peak, kept[name] = _traced(fn)
        rows.append(Row(case, label, name, role, peak=peak, retained=kept[name],
                        objects=20_000))  # fmt: skip
    targets = []
    for ours in (columns, frames):
        what = f"memory per frame ≤ osrparse's: {ours.removeprefix('osu_core ')}"
        if ours not in kept or peer not in kept:
            why = _NO_COLUMNS if ours not in kept else "osrparse missing"
            targets.append(at_most(case, what, None, 1, detail=why))
            continue
        per_frame = f"{kept[ours] / 20_000:.0f} B vs {kept[peer] / 20_000:.0f} B per frame"
        targets.append(at_most(case, what, kept[ours] / kept[peer], 1, detail=per_frame))
    return rows, targets


if __name__ == "__main__":  # pragma: no cover - a quick look without the runner
    for row in case_beatmaps(int(sys.argv[1]) if len(sys.argv) > 1 else 5)[0]:
        print(row)

"""The .osu parser, model helpers, renderer and BeatmapFile against the test corpus.

Every ``expected`` value that expected.json records for an .osu file is asserted through the
``CHECKS`` table below; a key missing from the table fails the test, so none is skipped
silently. Values that are lazer interpretations (control point de-duplication, forced new
combos, sample lookups) are computed from the raw model by the small helpers here, each
citing the lazer behaviour it mirrors.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import attrs
import pytest

import osu_core
from osu_core import BeatmapFile, GameMode, ParseError
from osu_core import _osu_format as osu_format
from osu_core.beatmap import (
    Countdown,
    CurvePoint,
    CurveType,
    EdgeSet,
    Effects,
    HitCircle,
    HitObjectKind,
    HitSample,
    HitSound,
    HoldNote,
    OsuFile,
    SampleSet,
    Slider,
    Spinner,
    TimingPoint,
    legacy_time_offset,
    parse_osu_file,
    render_osu_file,
)
from osu_core.beatmap import _parser as parser_parse
from osu_core.beatmap import _parser_loops as parser
from osu_core.beatmap._models import MAX_COORDINATE_VALUE, MAX_PARSE_VALUE, SkippedLine

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
OSU_FILES = sorted((CORPUS / "osu").glob("*.osu"))


def _expected_items() -> list[tuple[str, str, object]]:
    data = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    items = []
    for entry in data["files"]:
        if entry["file"].startswith("osu/"):
            for key, spec in entry.get("expected", {}).items():
                items.append((entry["file"][4:], key, spec["value"]))
    return items


def parse(name: str) -> OsuFile:
    return parse_osu_file((CORPUS / "osu" / name).read_bytes())


# --- lazer interpretations, computed from the raw model -------------------------------------


def lazer_control_point_counts(f: OsuFile) -> dict[str, int]:
    """lazer ControlPointInfo sizes: one group per time (uninherited lines first, so inherited
    ones at the same time win), and a point is added only when it changes what is in force
    (ControlPoint.IsRedundant); timing points are never redundant."""
    counts = {"timing": 0, "difficulty": 0, "sample": 0, "effect": 0}
    state: dict[str, object] = {"difficulty": 1.0, "sample": None, "effect": False}
    by_time: dict[float, list[TimingPoint]] = {}
    for p in sorted(f.timing_points, key=lambda p: (p.time, not p.uninherited)):
        by_time.setdefault(p.time, []).append(p)
    for points in by_time.values():
        final = points[-1]
        if any(p.uninherited for p in points):
            counts["timing"] += 1
        values = {
            "difficulty": final.slider_velocity,
            "sample": (final.sample_set, final.volume),
            "effect": final.kiai,
        }
        for kind, value in values.items():
            if value != state[kind]:
                counts[kind] += 1
                state[kind] = value
    return counts


def kiai_change_at(f: OsuFile, time: float) -> float:
    """Time of the de-duplicated lazer effect point in force at ``time``: the last line at or
    before it where kiai changed (lazer drops effect points that change nothing)."""
    changed_at, kiai = 0.0, False
    for p in sorted(f.timing_points, key=lambda p: (p.time, not p.uninherited)):
        if p.time > time:
            break
        if p.kiai != kiai:
            changed_at, kiai = p.time, p.kiai
    return changed_at


def lazer_new_combos(f: OsuFile) -> list[bool]:
    """lazer forces a new combo on the first object and on the first object after a break
    (ConvertHitObjectParser; LegacyBeatmapDecoderTest.TestNewComboAfterBreak)."""
    out, previous_end = [], None
    for obj in f.sorted_hit_objects():
        after_break = previous_end is not None and any(
            previous_end <= b.start_time and b.end_time <= obj.time for b in f.events.breaks
        )
        out.append(obj.new_combo or previous_end is None or after_break)
        previous_end = obj.time
    return out


ADDITIONS = ((HitSound.Whistle, "whistle"), (HitSound.Finish, "finish"), (HitSound.Clap, "clap"))


def sample_names(sound: HitSound) -> list[str]:
    """lazer: the normal sample always plays, plus one addition per set bit."""
    return ["normal"] + [name for bit, name in ADDITIONS if sound & bit]


def first_sample_lookup(f: OsuFile, obj: HitCircle) -> str:
    """The first skin lookup name lazer builds for an object's normal sample: a custom file
    name wins; else the bank and the custom index (the object's, or the sample point's, when 0;
    suffix only from 2 up) (LegacyHitSampleInfo.LookupNames)."""
    if obj.sample.filename:
        return obj.sample.filename
    point = f.control_point_at(obj.time + 5)  # lazer CONTROL_POINT_LENIENCY
    assert point is not None
    bank = obj.sample.normal_set or f.sample_set_at(obj.time + 5)
    index = obj.sample.index or point.sample_index
    suffix = str(index) if index >= 2 else ""
    return f"Gameplay/{bank.name.lower()}-hitnormal{suffix}"


def lazer_point_count(slider: Slider) -> int:
    """lazer v128+ decoding: the head plus the curve points, with a repeated point (a segment
    boundary) counted once (TestNonLegacyAdjacentImplicitCatmullSegmentsAreNotMerged)."""
    points = [(slider.x, slider.y)] + [(p.x, p.y) for p in slider.curve_points]
    return sum(1 for i, p in enumerate(points) if i == 0 or p != points[i - 1])


# --- the expected.json table ----------------------------------------------------------------

GENERAL = {"AudioFilename": "audio_filename", "AudioLeadIn": "audio_lead_in",
           "PreviewTime": "preview_time", "StackLeniency": "stack_leniency", "Mode": "mode",
           "LetterboxInBreaks": "letterbox_in_breaks", "SpecialStyle": "special_style",
           "WidescreenStoryboard": "widescreen_storyboard", "Countdown": "countdown",
           "SamplesMatchPlaybackRate": "samples_match_playback_rate",
           "CountdownOffset": "countdown_offset"}  # fmt: skip
EDITOR = {"Bookmarks": "bookmarks", "DistanceSpacing": "distance_spacing",
          "BeatDivisor": "beat_divisor", "GridSize": "grid_size",
          "TimelineZoom": "timeline_zoom"}  # fmt: skip
METADATA = {"Title": "title", "TitleUnicode": "title_unicode", "Artist": "artist",
            "ArtistUnicode": "artist_unicode", "Creator": "creator", "Version": "version",
            "Source": "source", "Tags": "tags", "BeatmapID": "beatmap_id",
            "BeatmapSetID": "beatmapset_id"}  # fmt: skip
DIFFICULTY = {"HPDrainRate": "hp_drain_rate", "CircleSize": "circle_size",
              "OverallDifficulty": "overall_difficulty", "ApproachRate": "approach_rate",
              "SliderMultiplier": "slider_multiplier",
              "SliderTickRate": "slider_tick_rate"}  # fmt: skip


def check(f: OsuFile, key: str, value) -> None:
    section, _, name = key.partition(".")
    first = f.hit_objects[0] if f.hit_objects else None
    if key == "hit_objects":
        assert len(f.hit_objects) == value
    elif key == "hit_objects[0].time":
        assert f.sorted_hit_objects()[0].time == value
    elif key == "hit_objects[-1].time":
        # "last mapping StartTime (file order after lazer stable sort by time)"
        assert f.sorted_hit_objects()[-1].time == value
    elif section == "general":
        got = getattr(f.general, GENERAL[name])
        assert (int(got) if isinstance(got, Countdown | GameMode) else got) == value
    elif section == "editor":
        got = getattr(f.editor, EDITOR[name])
        assert (list(got) if name == "Bookmarks" else got) == value
    elif section == "metadata":
        assert getattr(f.metadata, METADATA[name]) == value
    elif section == "difficulty":
        assert getattr(f.difficulty, DIFFICULTY[name]) == value
    elif key == "difficulty(clamped)":
        clamped = f.difficulty.clamped(f.general.mode)
        assert {k: getattr(clamped, DIFFICULTY[k]) for k in value} == value
    elif key == "format_version":
        assert f.format_version == value
    elif key == "events.background":
        assert f.events.background is not None
        assert f.events.background.filename == value
    elif key == "events.breaks[0]":
        assert [f.events.breaks[0].start_time, f.events.breaks[0].end_time] == value
    elif section == "lazer":
        assert lazer_control_point_counts(f)[name.removesuffix("_control_points")] == value
    elif key == "timing[first].time":
        assert f.timing_points[0].time == value
    elif key == "timing[first].beatLength":
        assert f.timing_points[0].beat_length == value
    elif key == "timing[first].meter":
        assert f.timing_points[0].meter == value
    elif key.startswith("timing_at("):
        point = f.timing_point_at(float(key[10:-12]))
        assert point is not None
        assert point.beat_length == value
    elif key.startswith("slider_velocity_at("):
        assert f.slider_velocity_at(float(key[19:-1])) == pytest.approx(value, abs=0.1)
    elif key == "slider_velocity_at":
        assert {t: f.slider_velocity_at(float(t)) for t in value} == value
    elif key.startswith("sample_at("):
        time = float(key[10:-1])
        point = f.control_point_at(time)
        assert point is not None
        assert f.sample_set_at(time).name.lower() == value["bank"]
        assert point.volume == value["volume"]
    elif key.startswith("kiai_at("):
        assert f.kiai_at(float(key[8:-1])) is value
    elif key.startswith("effect_point_in_force_at("):
        time = float(key[25:-1])
        assert f.kiai_at(time) is value["kiai"]
        assert kiai_change_at(f, time) == value["time"]
    elif key == "colours.combo":
        assert [[c.red, c.green, c.blue] for c in f.colours.combo_colours] == value
    elif key in ("hit_objects[0]", "hit_objects[1]"):
        obj = f.hit_objects[int(key[12])]
        assert [obj.x, obj.y, obj.time] == [value["x"], value["y"], value["time"]]
        if "kind" in value:
            assert obj.kind == HitObjectKind(value["kind"])
        assert value["samples_include"] in sample_names(obj.hitsound)
    elif key == "hit_objects[0].path_distance":
        assert isinstance(first, Slider)
        assert first.length == value
    elif key == "hit_objects[0].position":
        assert first is not None
        assert list(f.lazer_position(first)) == value
    elif key == "slider[0].control_points(legacy)":
        # Legacy files keep adjacent implicit Catmull segments merged: head + every point.
        assert isinstance(first, Slider)
        assert first.curve_type is CurveType.Catmull
        assert 1 + len(first.curve_points) == value
    elif key == "slider[0].control_points(lazer v128 decoder)":
        assert isinstance(first, Slider)
        assert lazer_point_count(first) == value
    elif key == "new_combo":
        assert lazer_new_combos(f) == value
    elif key == "sample_lookup_first":
        assert [first_sample_lookup(f, o) for o in f.hit_objects] == value
    elif key == "hit_objects[3].sample_volume":
        assert f.hit_objects[3].sample.volume == value
    elif key == "addition_bank_equals_normal_bank":
        # Addition set 0 means "same as the normal set" (LegacyBeatmapDecoderTest).
        assert first is not None
        assert (first.sample.addition_set == SampleSet.none) is value
    elif key == "omit_first_barline_at":
        for time, omit in value.items():
            point = f.timing_point_at(float(time))
            assert point is not None
            assert point.omit_first_barline is omit
    elif key == "hit_objects[0].sample_volumes":
        # lazer reads the sample point 5 ms after the object (CONTROL_POINT_LENIENCY).
        assert first is not None
        point = f.control_point_at(first.time + 5)
        assert point is not None
        assert point.volume == value
    elif key == "node_samples":
        nodes = []
        for slider in f.hit_objects:
            assert isinstance(slider, Slider)
            sounds = slider.edge_sounds or (slider.hitsound,) * (slider.slides + 1)
            nodes.append([sample_names(s) for s in sounds])
        assert nodes == value
    elif key == "storyboard.video_layer_elements(after re-encode)":
        assert len(parse_osu_file(render_osu_file(f)).events.videos) == value
    else:
        pytest.fail(f"no check written for expected key {key!r}")


@pytest.mark.parametrize(("name", "key", "value"), _expected_items())
def test_expected_values(name, key, value):
    check(parse(name), key, value)


class TestCorpus:
    @pytest.mark.parametrize("path", OSU_FILES, ids=lambda p: p.name)
    def test_every_file_parses_and_matches_the_naive_scan(self, path):
        f = parse_osu_file(path.read_bytes())
        assert isinstance(f, OsuFile)
        assert BeatmapFile(content=path.read_text(encoding="utf-8")).version == f.format_version

    @pytest.mark.parametrize("path", OSU_FILES, ids=lambda p: p.name)
    def test_crlf_cr_and_bom_variants_parse_identically(self, path):
        text = path.read_text(encoding="utf-8-sig")
        lf = text.replace("\r\n", "\n")
        reference = parse_osu_file(lf)
        assert parse_osu_file(lf.replace("\n", "\r\n")) == reference
        assert parse_osu_file(lf.replace("\n", "\r")) == reference
        assert parse_osu_file(b"\xef\xbb\xbf" + lf.replace("\n", "\r\n").encode()) == reference
        assert parse_osu_file("\ufeff" + lf) == reference

    def test_counts_match_the_naive_scan(self):
        data = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
        for entry in data["files"]:
            if not entry["file"].startswith("osu/"):
                continue
            f, computed = parse(entry["file"][4:]), entry["computed"]
            kinds = computed.get("hit_object_kinds", {})
            assert len(f.timing_points) == computed.get("timing_point_lines", 0), entry["file"]
            for kind in ("circle", "slider", "spinner", "hold"):
                got = sum(1 for o in f.hit_objects if o.kind.value == kind)
                assert got == kinds.get(kind, 0), (entry["file"], kind)


class TestFormat:
    def test_header_fallbacks(self):
        assert parse_osu_file("[Metadata]\nTitle:a").format_version == 14
        garbled = parse_osu_file("ow computerosu file format v14\n[Metadata]\nTitle:a")
        assert garbled.format_version == 14
        assert garbled.general.extra == (("ow computerosu file format v14", ""),)
        assert parse_osu_file("osu file format vX\n").format_version == 14
        assert parse_osu_file("\n\n  osu file format v9  \nMode: 1").general.mode == GameMode.Taiko

    def test_comments_keys_and_sections(self):
        f = parse_osu_file(
            "osu file format v14\n[General]\nMode: 1 // c\n// skipped\nMode: 3\nFoo: bar\n"
            "[Metadata]\nTitle:a // b:c\nSource:\n[Colours]\n Combo2 : 1, 2, 3 // x\n"
            "Combo1 : 4,5,6,7\nSliderBorder : 9,9,9\nOther : text\n"
            "[Weird]\nline one\n  indented\n[Events] // comment\n"
            'Sprite,Foreground,Centre,"a.png",1,2\n'
            ' F,0,1,2,1,0\n2,oops\n0,0,bg.jpg\n0,0,"second.jpg",1,2\n'
        )
        assert f.general.mode == GameMode.Mania  # duplicate key: the last wins
        assert f.general.extra == (("Foo", "bar"),)
        assert f.metadata.title == "a // b:c"  # no comments in [Metadata]
        colours = [(c.red, c.green, c.blue, c.alpha) for c in f.colours.combo_colours]
        assert colours == [(1, 2, 3, None), (4, 5, 6, 7)]
        assert f.colours.slider_border is not None
        assert f.colours.extra == (("Other", "text"),)
        assert f.unknown_sections[0].name == "Weird"
        assert f.unknown_sections[0].lines == ("line one", "  indented")
        assert f.events.background is not None
        assert f.events.background.filename == "bg.jpg"
        assert f.events.other == (
            'Sprite,Foreground,Centre,"a.png",1,2',
            " F,0,1,2,1,0",
            "2,oops",
            '0,0,"second.jpg",1,2',
        )

    def test_difficulty_defaults_and_ar_fallback(self):
        f = parse_osu_file("[Difficulty]\nApproachRate:9\nOverallDifficulty:1")
        assert (f.difficulty.approach_rate, f.difficulty.overall_difficulty) == (9, 1)
        f = parse_osu_file("[Difficulty]\nOverallDifficulty:3\nCircleSize:20")
        assert f.difficulty.approach_rate == 3
        assert f.difficulty.clamped(GameMode.Mania).circle_size == 18
        assert f.difficulty.clamped().circle_size == 10

    def test_timing_points(self):
        f = parse_osu_file(
            "osu file format v3\n[TimingPoints]\n1600,422.5\n10,nan,4,1,0,100,1,0\n"
            "20,-50,0,2,1,70,0,9\n30,500,4,2,0,60,1,8\n"
        )
        old, nan, inherited, omit = f.timing_points
        assert old == TimingPoint(time=1600, beat_length=422.5)
        assert (old.meter, old.volume, old.uninherited, old.sample_set) == (4, 100, True, 0)
        assert math.isnan(nan.beat_length)
        assert inherited.slider_velocity == 2.0
        assert inherited.kiai
        assert not inherited.omit_first_barline  # bit 3 counts only on uninherited points
        assert omit.omit_first_barline
        assert omit.bpm == 120
        assert f.time_offset == legacy_time_offset(3) == 24
        assert f.timing_point_at(2000) == old
        # NaN lines are skipped (lazer drops them); before the first point, the first applies.
        assert f.timing_point_at(15) == omit

    def test_hit_objects_of_every_kind(self):
        f = parse_osu_file(
            "osu file format v128\n[HitObjects]\n"
            "256.5,192.25,1000.5,53,2,1:2:3:40:a:b.wav\n"
            "1,2,3,2,0,P|224:57|B|439:298|B4|131:316,2,100.5,2|0,1:2|0:0,0:0:0:0:\n"
            "1,2,3,2,0,368:304|X|1:1,1\n"
            "256,192,5,12,0,900\n"
            "64,192,7,128,0,800:1:0:0:50:\n"
            "64,192,8,128,0\n"
        )
        circle, multi, catmull, spinner, hold, bare_hold = f.hit_objects
        assert circle == HitCircle(
            x=256.5, y=192.25, time=1000.5, new_combo=True, combo_skip=3,
            hitsound=HitSound.Whistle,
            sample=HitSample(normal_set=SampleSet.Normal, addition_set=SampleSet.Soft,
                             index=3, volume=40, filename="a:b.wav"),
        )  # fmt: skip
        assert f.lazer_position(circle) == (256.5, 192.25)
        assert circle.lazer_position(14) == (256, 192)
        assert isinstance(multi, Slider)
        assert multi.curve_type is CurveType.PerfectCurve
        assert multi.curve_points == (
            CurvePoint(x=224, y=57),
            CurvePoint(x=439, y=298, segment_type=CurveType.Bezier),
            CurvePoint(x=131, y=316, segment_type=CurveType.Bezier, degree=4),
        )
        assert multi.edge_sounds == (HitSound.Whistle, HitSound.none)
        assert multi.edge_sets == (
            EdgeSet(normal_set=SampleSet.Normal, addition_set=SampleSet.Soft),
            EdgeSet(),
        )
        assert (multi.slides, multi.length) == (2, 100.5)
        assert isinstance(catmull, Slider)
        assert catmull.curve_type is CurveType.Catmull  # a list starting with a point
        assert catmull.curve_points[1].segment_type is CurveType.Catmull  # unknown letter
        assert catmull.length is None
        assert spinner == Spinner(x=256, y=192, time=5, new_combo=True, end_time=900)
        hold_sample = HitSample(normal_set=SampleSet.Normal, volume=50)
        assert hold == HoldNote(x=64, y=192, time=7, end_time=800, sample=hold_sample)
        assert bare_hold.end_time == 8  # lazer: a missing end time is the start time
        assert [o.kind for o in f.hit_objects][3:5] == [HitObjectKind.Spinner, HitObjectKind.Hold]

    def test_old_slider_and_trailing_field(self):
        f = parse_osu_file("osu file format v3\n[HitObjects]\n128,304,16811,1,0,\n"
                           "368,304,1,2,0,B|368:304|416:304,1,70\n")  # fmt: skip
        circle, slider = f.hit_objects
        assert circle.sample == HitSample()
        assert isinstance(slider, Slider)
        assert (slider.edge_sounds, slider.edge_sets, slider.length) == ((), (), 70)

    def test_fast_path_twins_build_equal_models(self):
        circle = parser._new_circle(1, 2, 3, True, 2, HitSound.Clap, HitSample())
        assert type(circle) is HitCircle
        assert circle == HitCircle(
            x=1, y=2, time=3, new_combo=True, combo_skip=2, hitsound=HitSound.Clap
        )
        assert hash(circle) == hash(
            HitCircle(x=1, y=2, time=3, new_combo=True, combo_skip=2, hitsound=HitSound.Clap)
        )
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            circle.x = 5  # type: ignore[misc]
        spinner = parser._new_end(Spinner, 1, 2, 3, False, 0, HitSound.none, 9, HitSample())
        assert spinner == Spinner(x=1, y=2, time=3, end_time=9)
        point = parser._new_point(1, 2, CurveType.Linear, None)
        assert point == CurvePoint(x=1, y=2, segment_type=CurveType.Linear)
        timing = parser._new_timing(1, 2.0, 4, SampleSet.Soft, 1, 50, False, Effects.Kiai)
        assert timing == TimingPoint(time=1, beat_length=2.0, sample_set=SampleSet.Soft,
                                     sample_index=1, volume=50, uninherited=False,
                                     effects=Effects.Kiai)  # fmt: skip
        slider = parse_osu_file("[HitObjects]\n1,2,3,2,0,L|4:5,1,10").hit_objects[0]
        assert slider == Slider(x=1, y=2, time=3, curve_type=CurveType.Linear,
                                curve_points=(CurvePoint(x=4, y=5),), length=10)  # fmt: skip

    def test_render_writes_valid_text(self):
        f = parse("lazer__Tests__Soleily_-_Renatus_Gamu_Insane_.osu")
        text = f.render()
        assert text.startswith("osu file format v14\n\n[General]\n")
        assert "\nTitle:Renatus\n" in text
        assert "\r\n" in render_osu_file(f, newline="\r\n")
        assert parse_osu_file(text) == f


class TestFastPaths:
    """The fast paths (caches, tables, inline construction) read every line as the careful
    path does: each line is parsed after warm-up lines that fill the caches, and compared
    with the careful reading of that line alone."""

    HIT_WARM_UP = (
        "0,0,0,2,0,L|1:1,1,70,2|0,0:0|0:0,0:0:0:0:\n0,0,0,2,0,L|1:1,1,50,2|0,0:0|0:0,0:0:0:0:"
    )

    @pytest.mark.parametrize(
        "line",
        [
            "1,2,3,2,0,L|4:5,1,70,2|0,0:0|0:0,0:0:0:0:",  # tail seen
            "1,2,3,2,0,P|4:5|-6:700,2,99.5,2|0,0:0|0:0,0:0:0:0:",  # edges seen, new length
            "1,2,3,2,0,L|4:5,1,70,2|0,0:0|0:0,0:0:0:0:a//b.wav",  # comment in the edges
            "1,2,3,2,0,L|4:5,1,70,2|0,0:0|0:0,0:0:0:0: ",  # trailing blank
            "1,2,3,2,0,L|4:5,1,70 ",
            "1,2,3,2,0,L|4:5,1 //c",
            "1,2,3,2,0,L|4:5,1,,2|0",
            "1,2,3,2,0,L|4:5,1,70,2|x|8,1:2:3|5|0:0|2:1,1:0:0:0:",  # lenient edges
            "1,2,3,2,0,B4|1:2,1,70",
            "1,2,3,2,0,Bx|1:2,1,70",
            "1,2,3,2,0,L|4:5|B|6:7,1,70",
            "256.5,192.5,3,1,0,0:0:0:0:",
            "256,192,5,12,0,900,0:0:0:0:",
            "256,192,5,12,0,900",
            "64,192,7,128,0,800:0:0:0:0:",
            "64,192,7,128,0,800:1:0:0:50:",
        ],
    )
    def test_hit_objects(self, line):
        parsed = parse_osu_file(f"[HitObjects]\n{self.HIT_WARM_UP}\n{line}").hit_objects[-1]
        assert parsed == parser._hit_object(line, 4, parser._Memo())

    @pytest.mark.parametrize(
        "line", ["5,5,5,4,0", "1,2,3,2,0,L|4:5,x,70", "1,2,3,2,0,L|4:5,1,70,2|0,0:0|0:0,x:0"]
    )
    def test_hit_object_errors(self, line):
        with pytest.raises(ParseError) as info:
            parse_osu_file(f"[HitObjects]\n{self.HIT_WARM_UP}\n{line}")
        assert (info.value.line, info.value.section) == (4, "HitObjects")

    @pytest.mark.parametrize(
        "line",
        [
            "10,500,4,2,1,60,1,0",
            "10,nan,4,2,1,60,1,0",
            "10,-50,4,2,1,60,1,0 // c",
            "10,250,4,2,1,60,1,0 ",
            "10.5,500,4,2,1,60,1,0",
            "10,400",
        ],
    )
    def test_timing_points(self, line):
        text = f"[TimingPoints]\n0,500,4,2,1,60,1,0\n0,400\n{line}"
        fast, careful = parse_osu_file(text).timing_points[-1], parser_parse._timing_point(line, 4)
        # astuple: attrs compares field by field, so NaN beat lengths never compare equal,
        # but tuples compare identical objects (both paths keep math.nan itself) as equal.
        assert careful is not None
        assert attrs.astuple(fast) == attrs.astuple(careful)

    def test_brackets_inside_lines_are_not_sections(self):
        f = parse_osu_file("[Metadata]\nVersion:[Hard] x\n[Difficulty]\nCircleSize:4")
        assert (f.metadata.version, f.difficulty.circle_size) == ("[Hard] x", 4)

    @pytest.mark.parametrize("line", ["10,inf,4,2,1,60,1,0", "10,500,4,2,1,60,,0", "10,500,"])
    def test_timing_point_errors(self, line):
        with pytest.raises(ParseError) as info:
            parse_osu_file(f"[TimingPoints]\n0,500,4,2,1,60,1,0\n0,400\n{line}")
        assert (info.value.line, info.value.section) == (4, "TimingPoints")


class TestBadInput:
    @pytest.mark.parametrize("data", [b"", "", "   \n\r\n", "\ufeff", b"\xef\xbb\xbf\n"])
    def test_empty_input(self, data):
        with pytest.raises(ParseError, match="empty") as info:
            parse_osu_file(data)
        assert info.value.line == 1

    def test_binary_garbage(self):
        with pytest.raises(ParseError, match="UTF-8") as info:
            parse_osu_file(b"osu file format v14\n\x89PNG\r\n\x1a\n\xff\xfe")
        assert info.value.line == 2
        with pytest.raises(ParseError, match="NUL") as info:
            parse_osu_file("osu file format v14\n[General]\nMode: 0\x00\x01")
        assert info.value.line == 3

    @pytest.mark.parametrize(
        ("text", "line", "section"),
        [
            ("osu file format v14\n\n[HitObjects]\n1,2,3,1,0\n1,2", 5, "HitObjects"),
            ("[HitObjects]\n1,2,a,1,0,0:0:0:0:", 2, "HitObjects"),
            ("[HitObjects]\n1,2,3,256,0", 2, "HitObjects"),
            ("[HitObjects]\n1,2,3,2,0,B|1:2", 2, "HitObjects"),
            ("[HitObjects]\n1,2,3,2,0,B|1,1,10", 2, "HitObjects"),
            ("[HitObjects]\n1,2,3,8,0", 2, "HitObjects"),
            ("[HitObjects]\n1,2,3,1,0,x:0:0:0:", 2, "HitObjects"),
            ("[HitObjects]\n1,2,nan,1,0", 2, "HitObjects"),
            ("[TimingPoints]\n100", 2, "TimingPoints"),
            ("[TimingPoints]\n100,abc", 2, "TimingPoints"),
            ("[TimingPoints]\n100,500,4,1,0,100,,0", 2, "TimingPoints"),
            ("\n[General]\nAudioLeadIn: soon", 3, "General"),
            ("[Metadata]\nBeatmapID:12a", 2, "Metadata"),
            ("[Difficulty]\nCircleSize:inf", 2, "Difficulty"),
            ("[Colours]\nCombo1 : 1,2", 2, "Colours"),
            ("[Colours]\nSliderBorder : 1,2,300", 2, "Colours"),
        ],
    )
    def test_truncated_or_non_numeric_lines(self, text, line, section):
        with pytest.raises(ParseError) as info:
            parse_osu_file(text)
        assert (info.value.line, info.value.section) == (line, section)
        assert f"line {line}" in str(info.value)

    def test_not_text(self):
        with pytest.raises(TypeError):
            parse_osu_file(14)  # type: ignore[arg-type]


class TestBeatmapFile:
    def test_version_and_categories(self):
        content = (CORPUS / "osu" / "lazer__Tests__Soleily_-_Renatus_Gamu_Insane_.osu").read_text(
            encoding="utf-8"
        )
        beatmap = BeatmapFile(content=content, beatmap_id=557821)
        assert beatmap.version == 14
        assert beatmap.get_category("Editor").split("\n")[1:] == [
            "DistanceSpacing: 1.8", "BeatDivisor: 4", "GridSize: 4", "TimelineZoom: 2",
        ]  # fmt: skip
        assert beatmap.get_category("Editor").startswith("Bookmarks: 11505,")
        assert beatmap.get_category("Fonts") == ""
        assert beatmap.parse().metadata.beatmap_id == 557821

    @pytest.mark.parametrize(
        ("content", "version"),
        [("", 14), ("\n\n", 14), ("\ufeff\nosu file format v7\n", 7), ("[General]", 14),
         ("osu file format vX", 14), ("ow computerosu file format v14", 14),
         ("osu file format v\u0661\u0662", 14), ("osu file format v1_2", 14),
         ("osu file format v2147483648", 14), ("osu file format v" + "9" * 5000, 14)],
    )  # fmt: skip
    def test_version_fallback(self, content, version):
        assert BeatmapFile(content=content).version == version
        if content.strip():
            assert parse_osu_file(content).format_version == version

    def test_category_of_a_repeated_section(self):
        beatmap = BeatmapFile(content="[A]\nx\n\n[B]\ny\r\n[A]\nz // c\n")
        assert beatmap.get_category("A") == "x\n\nz // c"
        assert beatmap.get_category("B") == "y"


def test_nan_beat_lengths_compare_equal():
    text = "osu file format v14\n\n[TimingPoints]\n0,NaN,4,1,0,100,0,0\n"
    first, second = osu_core.beatmap.parse_osu_file(text), osu_core.beatmap.parse_osu_file(text)
    assert first == second
    assert hash(first.timing_points[0]) == hash(second.timing_points[0])
    assert osu_core.beatmap.parse_osu_file(first.render()) == first


def objects(body: str) -> OsuFile:
    return parse_osu_file(f"osu file format v14\n\n[HitObjects]\n{body}")


class TestLazerLimits:
    """lazer's Parsing.cs limits: a [HitObjects] line beyond them is skipped and kept."""

    @pytest.mark.parametrize(
        ("line", "reason"),
        [
            ("131073,192,1000,1,0,0:0:0:0:", "x 131073 is beyond lazer's limit of 131,072"),
            ("0,-131072.5,1000,1,0", "y -131072.5 is beyond"),
            ("1e300,0,1000,1,0", "x 1e300 is beyond"),
            ("9" * 400 + ",0,1000,1,0", "x 999999999999...999999 (400 characters) is beyond"),
            ("0,0,0,2,0,B|1:2|3:131073,1,70", "curve point 131073 is beyond"),
            ("0,0,0,2,0,L|1:2,1,131072.01,0|0,0:0|0:0,0:0:0:0:", "slider length 131072.01"),
            ("0,0,0,2,0,L|1:2,1,-131073", "slider length -131073"),
            ("0,0,0,2,0,P|1:2|3:4,9001,70", "slides 9001 is beyond lazer's limit of 9,000"),
            ("0,0,2147483648,1,0", "time 2147483648 is beyond lazer's limit of 2,147,483,647"),
            ("0,0," + "9" * 400 + ",1,0", "time 999999999999...999999 (400 characters)"),
            ("0,0," + "9" * 5000 + ",1,0", "time"),  # more digits than int() reads
            ("0,0,1e999,1,0", "time 1e999"),
            ("0,0,5,12,0,2147483648", "end time 2147483648"),
            ("64,192,7,128,0,-2147483648:0:0:0:0:", "end time -2147483648"),
            ("0,0,5,4294967297,0", "type 4294967297"),
            ("0,0,5,1,2147483648", "hitSound 2147483648"),
            ("0,0,5,1,0,2147483648:0:0:0:", "hit sample 2147483648"),
        ],
    )
    def test_lines_lazer_rejects_are_skipped_and_kept(self, line, reason):
        f = objects(f"256,192,0,1,0,0:0:0:0:\n{line} // why\n256,192,9,1,0,0:0:0:0:")
        assert [o.time for o in f.hit_objects] == [0, 9]
        (skipped,) = f.skipped_hit_objects
        assert (skipped.index, skipped.text, skipped.line) == (1, line, 5)
        assert reason in skipped.reason

    @pytest.mark.parametrize(
        "line",
        [
            "131072,-131072,2147483647,1,0,0:0:0:0:",
            "0,0,-2147483647,2,0,B|131072:-131072|0:0,9000,131072",
            "0,0,5,12,0,2147483647",
            "64,192,7,128,0,2147483647:0:0:0:0:",
            "0,0,1073741824,1,0",  # past the fast path's bound (2**30 - 1), within lazer's
            "0,0,0,2,0,L|1:2,-9001,70",
        ],
    )
    def test_values_at_the_limits_are_kept(self, line):
        f = objects(f"{TestFastPaths.HIT_WARM_UP}\n{line}")
        assert f.skipped_hit_objects == ()
        assert f.hit_objects[-1] == parser._hit_object(line, 4, parser._Memo())

    def test_the_limits_are_lazers(self):
        assert (MAX_COORDINATE_VALUE, MAX_PARSE_VALUE) == (131072, 2**31 - 1)
        # One copy, in the leaf module _beatmap_file reads: import osu_core loads no model.
        assert osu_format.MAX_PARSE_VALUE is MAX_PARSE_VALUE
        assert osu_format.LATEST_VERSION == osu_core.beatmap.OsuFile().format_version == 14

    def test_render_writes_skipped_lines_back_in_place(self):
        body = (
            "300000,0,0,1,0\n1,2,3,1,0,0:0:0:0:\n0,0,9,2,0,B|1:2|200000:3,1,10\n"
            "0,0,9,2,0,B|1:2,1,140000\n4,5,6,1,0,0:0:0:0:\n0,0,3000000000,1,0"
        )
        f = objects(body)
        assert [s.index for s in f.skipped_hit_objects] == [0, 1, 1, 2]
        rendered = f.render()
        assert rendered.split("[HitObjects]\n")[1] == body + "\n"
        again = parse_osu_file(rendered)
        assert again == f
        assert [s.line for s in again.skipped_hit_objects] != [
            s.line for s in f.skipped_hit_objects
        ]

    def test_skipped_lines_compare_by_index_and_text(self):
        one = SkippedLine(index=1, text="300000,0,0,1,0", line=5, reason="x")
        assert one == SkippedLine(index=1, text="300000,0,0,1,0")
        assert hash(one) == hash(SkippedLine(index=1, text="300000,0,0,1,0", line=9))
        assert one != SkippedLine(index=2, text="300000,0,0,1,0")

    def test_a_skipped_line_past_the_objects_renders_last(self):
        f = OsuFile(
            hit_objects=(HitCircle(x=1, y=2, time=3),),
            skipped_hit_objects=(SkippedLine(index=7, text="300000,0,0,1,0"),),
        )
        assert f.render().endswith("1,2,3,1,0,0:0:0:0:\n300000,0,0,1,0\n")

    @pytest.mark.parametrize(
        ("text", "section", "message"),
        [
            ("[TimingPoints]\n" + "9" * 400 + ",500", "TimingPoints", "timing point time"),
            ("[TimingPoints]\n2147483648,500", "TimingPoints", "time 2147483648 is beyond"),
            ("[TimingPoints]\n0,1e300", "TimingPoints", "timing point beat length 1e300"),
            ("[TimingPoints]\n0,500,4294967296", "TimingPoints", "timing point meter"),
            ("[TimingPoints]\n0,500,4,1,0,100,1,9" + "9" * 400, "TimingPoints", "effects"),
            ("[General]\nAudioLeadIn: " + "9" * 400, "General", "AudioLeadIn: 999999"),
            ("[General]\nStackLeniency: 1e300", "General", "StackLeniency: 1e300 is beyond"),
            ("[Metadata]\nBeatmapID:2147483648", "Metadata", "BeatmapID: 2147483648 is beyond"),
            ("[Difficulty]\nCircleSize:" + "9" * 400, "Difficulty", "CircleSize: 9999"),
        ],
    )
    def test_numbers_beyond_lazers_limit_elsewhere_raise(self, text, section, message):
        with pytest.raises(ParseError, match=message) as info:
            parse_osu_file(text)
        assert (info.value.line, info.value.section) == (2, section)

    def test_an_event_beyond_the_limit_is_kept_verbatim(self):
        line = "2," + "9" * 400 + ",5"
        f = parse_osu_file(f'[Events]\n{line}\n2,10,20\nVideo,1e300,"v.mp4"')
        assert f.events.other == (line, 'Video,1e300,"v.mp4"')
        assert f.events.breaks[0].start_time == 10

    def test_edge_sounds_keep_what_a_csharp_int_reads(self):
        # Found by the fuzz suite: -2**31 is a C# int (lazer's int.TryParse reads it), which an
        # IntFlag holds as 2**31; it was written back as 2147483648, which reads back as 0.
        f = objects("0,0,0,2,0,L|1:2,2,70,-2147483648|2147483648|-1|16|x,0:0|0:0,0:0:0:0:")
        (slider,) = f.hit_objects
        assert isinstance(slider, Slider)
        assert [int(s) for s in slider.edge_sounds] == [2**31, 0, 15, 16, 0]
        assert "70,-2147483648|0|15|16|0," in f.render()
        assert parse_osu_file(f.render()) == f

    def test_bookmarks_keep_what_a_csharp_int_reads(self):
        text = "[Editor]\nBookmarks: 1,2147483648,x,-2147483648,\u0662,1_0,007"
        assert parse_osu_file(text).editor.bookmarks == (1, -(2**31), 7)

    def test_a_timing_point_with_a_huge_int_time_hashes(self):
        # Once math.isnan(int) raised OverflowError in == and hash.
        point = TimingPoint(time=10**400, beat_length=float("nan"))
        assert point == TimingPoint(time=10**400, beat_length=float("nan"))
        assert hash(point) == hash(TimingPoint(time=10**400, beat_length=float("nan")))


class TestNumberText:
    """Numbers are what C# reads: ASCII digits, no '_' (Python's int() reads both)."""

    @pytest.mark.parametrize(
        ("text", "section"),
        [
            ("[HitObjects]\n\u0661,2,3,1,0", "HitObjects"),  # Arabic-Indic one
            ("[HitObjects]\n1,2,\uff13,1,0,0:0:0:0:", "HitObjects"),  # fullwidth three
            ("[HitObjects]\n1,2,1_000,1,0,0:0:0:0:", "HitObjects"),
            ("[HitObjects]\n1,2,3,2,0,L|\u0664:5,1,70", "HitObjects"),
            ("[HitObjects]\n1,2,3,1,0,\u0661:0:0:0:", "HitObjects"),
            ("[TimingPoints]\n1_0,500", "TimingPoints"),
            ("[TimingPoints]\n10,500,\u0664", "TimingPoints"),
            ("[TimingPoints]\n10,\u0665\u0660\u0660", "TimingPoints"),
            ("[General]\nAudioLeadIn: \u0661\u0662", "General"),
            ("[Difficulty]\nCircleSize:\u0664", "Difficulty"),
            ("[Colours]\nCombo1 : \u0661,2,3", "Colours"),
        ],
    )
    def test_unicode_digits_and_underscores_are_not_numbers(self, text, section):
        with pytest.raises(ParseError) as info:
            parse_osu_file(text)
        assert (info.value.line, info.value.section) == (2, section)

    def test_an_event_with_unicode_digits_is_kept_verbatim(self):
        f = parse_osu_file("[Events]\n2,\u0661\u0660,20\n")
        assert (f.events.breaks, f.events.other) == ((), ("2,\u0661\u0660,20",))

    def test_a_non_ascii_sample_filename_still_reads(self):
        # The line leaves the fast path (it is not ASCII); the careful path reads it the same.
        f = objects(f"{TestFastPaths.HIT_WARM_UP}\n1,2,3,1,0,0:0:0:0:h\u00e9_1.wav\n5,6,7,1,0")
        assert f.hit_objects[-2].sample.filename == "h\u00e9_1.wav"
        assert f.hit_objects[-1] == HitCircle(x=5, y=6, time=7)
        assert len(f.hit_objects) == 4

    def test_lines_around_a_loose_line_keep_their_numbers(self):
        text = "[TimingPoints]\n0,500\n1,500,4,1,0,100,1,0 // \u00e9\n2,500"
        assert [p.time for p in parse_osu_file(text).timing_points] == [0, 1, 2]
        with pytest.raises(ParseError) as info:
            parse_osu_file(text + "\n3,x")
        assert info.value.line == 5

    def test_a_loose_line_reports_its_own_line_number(self):
        with pytest.raises(ParseError) as info:
            objects("1,2,3,1,0\n1,2,3,1,0 // \u00e9\n1,2,x,1,0")
        assert info.value.line == 6
        f = objects("1,2,3,1,0\n1,2,3,1,0 // \u00e9\n300000,2,3,1,0")
        assert f.skipped_hit_objects[0].line == 6

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
from osu_core import (
    BeatmapFile,
    Countdown,
    CurvePoint,
    CurveType,
    EdgeSet,
    Effects,
    GameMode,
    HitCircle,
    HitObjectKind,
    HitSample,
    HitSound,
    HoldNote,
    OsuFile,
    ParseError,
    SampleSet,
    Slider,
    Spinner,
    TimingPoint,
    legacy_time_offset,
    parse_osu_file,
    render_osu_file,
)
from osu_core import _osu_file_objects as parser
from osu_core import _osu_file_parse as parser_parse

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
         ("osu file format vX", 14), ("ow computerosu file format v14", 14)],
    )  # fmt: skip
    def test_version_fallback(self, content, version):
        assert BeatmapFile(content=content).version == version

    def test_category_of_a_repeated_section(self):
        beatmap = BeatmapFile(content="[A]\nx\n\n[B]\ny\r\n[A]\nz // c\n")
        assert beatmap.get_category("A") == "x\n\nz // c"
        assert beatmap.get_category("B") == "y"


def test_nan_beat_lengths_compare_equal():
    text = "osu file format v14\n\n[TimingPoints]\n0,NaN,4,1,0,100,0,0\n"
    first, second = osu_core.parse_osu_file(text), osu_core.parse_osu_file(text)
    assert first == second
    assert hash(first.timing_points[0]) == hash(second.timing_points[0])
    assert osu_core.parse_osu_file(first.render()) == first

"""``replay`` (and ``--osr``), ``osu-file`` and ``parse`` on corpus files, downloads and garbage."""

from __future__ import annotations

import hashlib
import json
import sys

import pytest

from osu_core.beatmap import parse_osu_file
from osu_core.replay import parse_osr
from osu_transports.cli import ExitCode
from osu_transports.testing import KNOWN

from .conftest import json_of

BEATMAP, NAME = KNOWN.beatmap_id, KNOWN.username


class TestReplay:
    def test_json_is_the_replay_answer(self, api):
        data = json_of(api("replay", str(BEATMAP), NAME, "--json"))
        assert data["encoding"] == "base64"
        assert len(data["content"]) > 100
        assert data["beatmap_id"] == str(BEATMAP)

    def test_table_counts_frames(self, api):
        result = api("replay", str(BEATMAP), NAME)
        assert result.exit_code == 0, result.stderr
        assert "Frames" in result.stdout

    def test_osr_file_is_watchable(self, api, tmp_path):
        out = tmp_path / "play.osr"
        result = api("replay", str(BEATMAP), NAME, "--osr", str(out), "--json")
        summary = json_of(result)
        osr = parse_osr(out.read_bytes())
        beatmap = json_of(api("beatmap", str(BEATMAP), "--json"))
        assert osr.beatmap_md5 == beatmap["file_md5"]
        assert osr.player_name == NAME
        assert len(osr.frames()) == summary["frames"]["count"] > 0
        assert summary["path"] == str(out)
        assert "wrote" in result.stderr

    def test_by_score_id(self, api):
        score = json_of(api("scores", str(BEATMAP), "-n", "1", "--json"))[0]
        data = json_of(api("replay", "--score-id", score["score_id"], "--json"))
        assert data["score_id"] == score["score_id"]


class TestOsuFile:
    def test_prints_the_file(self, api):
        result = api("osu-file", str(BEATMAP))
        assert result.exit_code == 0, result.stderr
        assert parse_osu_file(result.stdout).metadata.beatmap_id == BEATMAP

    def test_writes_the_file_and_its_md5(self, api, tmp_path):
        out = tmp_path / "map.osu"
        data = json_of(api("osu-file", str(BEATMAP), "-o", str(out), "--json"))
        beatmap = json_of(api("beatmap", str(BEATMAP), "--json"))
        assert data["md5"] == hashlib.md5(out.read_bytes()).hexdigest() == beatmap["file_md5"]

    def test_json_content(self, api):
        data = json_of(api("osu-file", str(BEATMAP), "--json"))
        assert data["beatmap_id"] == BEATMAP
        assert data["content"].startswith("osu file format")


class TestParse:
    def test_every_corpus_osu_file(self, invoke, corpus):
        files = sorted((corpus / "osu").glob("*.osu"))
        assert files
        for path in files:
            summary = json_of(invoke("parse", str(path), "--json"))
            parsed = parse_osu_file(path.read_bytes())
            assert summary["hit_objects"]["total"] == len(parsed.hit_objects)
            assert summary["format_version"] == parsed.format_version

    def test_osu_table_shows_sections_and_counts(self, invoke, corpus):
        path = next(p for p in sorted((corpus / "osu").glob("*.osu")) if "mania" in p.name)
        result = invoke("parse", str(path))
        assert result.exit_code == 0, result.stderr
        assert "[HitObjects]" in result.stdout
        assert "Hit objects" in result.stdout

    def test_every_corpus_osr_file(self, invoke, corpus):
        files = sorted((corpus / "osr").glob("*.osr"))
        assert files
        for path in files:
            summary = json_of(invoke("parse", str(path), "--json"))
            osr = parse_osr(path.read_bytes())
            assert summary["kind"] == "osr"
            assert summary["frames"]["count"] == len(osr.frames())
            assert summary["player_name"] == osr.player_name

    def test_osr_table(self, invoke, corpus):
        result = invoke("parse", str(corpus / "osr" / "osrparse__replay.osr"))
        assert result.exit_code == 0, result.stderr
        assert "Frames" in result.stdout

    def test_stdin(self, invoke, corpus):
        path = sorted((corpus / "osu").glob("*.osu"))[0]
        result = invoke("parse", "-", "--json", input=path.read_bytes())
        assert json_of(result)["kind"] == "osu"

    def test_downloaded(self, api):
        summary = json_of(api("parse", "--beatmap-id", str(BEATMAP), "--json"))
        assert summary["metadata"]["beatmap_id"] == BEATMAP
        assert summary["sections"]["HitObjects"] == summary["hit_objects"]["total"]

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("garbage.osu", b"this is not a beatmap\n"),
            ("garbage.osr", b"\x00\x01garbage bytes" * 3),
            ("garbage.bin", b"\xff\xfe\x00 nothing"),
            ("empty.osu", b""),
            ("nul.osu", b"osu file format v14\n[General]\nMode: \x00\n"),
        ],
    )
    def test_garbage_is_one_line(self, invoke, tmp_path, name, content):
        path = tmp_path / name
        path.write_bytes(content)
        result = invoke("parse", str(path))
        assert result.exit_code in (ExitCode.PARSE_ERROR, ExitCode.CORRUPT_REPLAY)
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith("error: ")
        assert result.stdout == ""

    def test_missing_file_is_a_usage_error(self, invoke, tmp_path):
        assert invoke("parse", str(tmp_path / "nope.osu")).exit_code == ExitCode.USAGE


class TestPp:
    """``osu-api pp FILE.osu``: the figures of ``osu_core.performance`` for a local file."""

    MAP = "".join(
        ["osu file format v14\n\n[Difficulty]\nOverallDifficulty:8\nApproachRate:9\n\n",
         "[TimingPoints]\n1000,300,4,2,0,60,1,0\n\n[HitObjects]\n"]
        + [f"{64 + i * 40 % 384},{96 + i * 24 % 192},{1000 + i * 150},1,0\n" for i in range(200)]
    )  # fmt: skip

    def test_a_play_is_rated_as_the_library_rates_it(self, invoke, tmp_path):
        pytest.importorskip("rosu_pp_py")
        from osu_core.performance import calculate_performance

        path = tmp_path / "map.osu"
        path.write_text(self.MAP, encoding="utf-8")
        args = ("--mods", "HDDT", "--acc", "98.5", "--combo", "150", "--misses", "1")
        shown = invoke("pp", str(path), *args)
        assert shown.exit_code == 0, shown.stderr
        expected = calculate_performance(
            self.MAP.encode(), mods="HDDT", accuracy=98.5, combo=150, misses=1
        )
        assert f"{expected.pp:,.2f}" in shown.stdout
        assert f"{expected.pp_if_ss:,.2f}" in shown.stdout
        assert "HDDT" in shown.stdout
        data = json.loads(invoke("--json", "pp", str(path), *args).stdout)
        assert data["pp"] == pytest.approx(expected.pp)
        assert data["mods"] == "HDDT"
        assert data["mode"] == "osu"
        assert data["difficulty"]["stars"] == pytest.approx(expected.stars)
        taiko = json.loads(invoke("--json", "pp", str(path), "--mode", "taiko").stdout)
        assert taiko["mode"] == "taiko"
        assert taiko["difficulty"]["is_convert"] is True

    def test_a_bad_file_is_a_parse_error(self, invoke, tmp_path):
        pytest.importorskip("rosu_pp_py")
        path = tmp_path / "empty.osu"
        path.write_text("osu file format v14\n\n[HitObjects]\n", encoding="utf-8")
        result = invoke("pp", str(path))
        assert result.exit_code == 11
        assert "ParseError" in result.stderr

    def test_without_the_extra_the_command_names_it(self, invoke, tmp_path, monkeypatch):
        monkeypatch.setitem(sys.modules, "rosu_pp_py", None)
        path = tmp_path / "map.osu"
        path.write_text(self.MAP, encoding="utf-8")
        result = invoke("pp", str(path))
        assert result.exit_code != 0
        assert "osu-api-v1[pp]" in result.stderr

"""Smoke test of the fleet benchmark (``bench/bench_fleet.py``): a tiny run as a subprocess.

Two workers of 20 calls each at a twentieth of the real budgets (60 per 3 s plus a burst of
10): the script must start and stop its own redis-server and emulators, end with one line of
JSON with the keys the issue asks for, and keep the shared mode within the budget.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests._support import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.redis]

KEYS = {"workers", "calls", "calls_ok", "server_429", "budget_used"}


def test_a_tiny_run_reports_a_shared_mode_without_429s():
    pytest.importorskip("redis")
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed, and CI must install it", pytrace=False)
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    command = [
        sys.executable, str(ROOT / "bench" / "bench_fleet.py"), "--workers", "2", "--calls",
        "20", "--scale", "0.05", "--latency-calls", "50", "--json",
    ]  # fmt: skip
    done = subprocess.run(
        command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result.keys() >= KEYS
    assert result["local"].keys() >= KEYS
    assert isinstance(result["added_latency_us"], float)
    assert result["workers"] == 2
    assert result["calls"] == 40
    assert result["server_429"] == 0
    assert result["calls_ok"] == result["calls"]
    assert 0 < result["budget_used"] <= 1
    assert result["local"]["calls"] == 40

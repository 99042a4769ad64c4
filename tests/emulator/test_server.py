"""The loopback server, the pytest plugin, the serve command and the package surface."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

import osu_transports.testing as testing
from osu_transports.testing import KNOWN, OsuApiEmulator, serve

pytestmark = pytest.mark.network


def test_exports_are_sorted_and_present():
    assert testing.__all__ == sorted(testing.__all__)
    for name in testing.__all__:
        assert hasattr(testing, name)


def test_context_manager_serves_and_shuts_down_cleanly():
    before = set(threading.enumerate())
    with OsuApiEmulator() as emu:
        port = emu.port
        with httpx.Client(base_url=emu.base_url) as client:
            response = client.get("/api/get_user", params={"k": emu.api_key, "u": KNOWN.user_id})
            assert response.status_code == 200
            assert response.http_version == "HTTP/1.1"
            assert int(response.headers["content-length"]) == len(response.content)
            # keep-alive: a second request reuses the connection
            assert client.get("/api/get_match", params={"k": emu.api_key, "mp": 1}).is_success
    assert set(threading.enumerate()) == before
    with pytest.raises(RuntimeError):
        _ = emu.port
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_close_with_idle_keep_alive_connection_does_not_hang():
    emu = OsuApiEmulator().start()
    client = httpx.Client(base_url=emu.base_url)
    client.get("/")
    start = time.monotonic()
    emu.close()
    emu.close()  # idempotent
    assert time.monotonic() - start < 2
    client.close()


def test_head_and_post():
    with OsuApiEmulator() as emu, httpx.Client(base_url=emu.base_url) as client:
        params = {"k": emu.api_key, "u": KNOWN.user_id}
        head = client.head("/api/get_user", params=params)
        get = client.get("/api/get_user", params=params)
        assert head.content == b""
        assert head.headers["content-length"] == get.headers["content-length"]
        assert client.post("/api/get_user", params=params, content=b"x=1").json() == get.json()


def test_key_never_logged(caplog):
    caplog.set_level(logging.DEBUG)
    with OsuApiEmulator(api_key="s3cret-key-123") as emu, httpx.Client() as client:
        client.get(f"{emu.base_url}/api/get_user", params={"k": emu.api_key, "u": 1})
        client.get(f"{emu.base_url}/api/get_user", params={"k": "wrong-key-456", "u": 1})
        client.get(f"{emu.base_url}/api/get_user?k=s3cret-key-123 HTTP/1.1")
    emulator_lines = [r.getMessage() for r in caplog.records if r.name.startswith("osu_transports")]
    assert emulator_lines
    for line in emulator_lines:
        assert "s3cret" not in line
        assert "wrong-key" not in line
    assert all(p[0] != "k" for r in emu.handler.requests for p in r.params)


def test_plugin_fixture(osu_emulator):
    response = httpx.get(
        f"{osu_emulator.base_url}/api/get_user",
        params={"k": osu_emulator.api_key, "u": osu_emulator.known.user_id},
    )
    assert response.json()[0]["username"] == KNOWN.username


@pytest.mark.osu_emulator(api_key="marked-key", rate_limit=None)
def test_plugin_marker_configures(osu_emulator, osu_emulator_handler, osu_emulator_transport):
    assert osu_emulator.api_key == "marked-key"
    assert osu_emulator_handler.api_key == "marked-key"
    with httpx.Client(transport=osu_emulator_transport, base_url="http://x") as client:
        assert client.get("/api/get_user", params={"k": "marked-key", "u": 1}).json() == []


def test_serve_function_announces_and_stops():
    stop = threading.Event()
    lines: list[str] = []
    thread = threading.Thread(
        target=serve, args=("127.0.0.1", 0),
        kwargs={"stop": stop, "announce": lines.append, "faults": ["503@get_user,count=1"]},
    )  # fmt: skip
    thread.start()
    deadline = time.monotonic() + 10
    while not lines and time.monotonic() < deadline:
        time.sleep(0.01)
    base = lines[0].rsplit(" ", 1)[-1]
    assert base.startswith("http://127.0.0.1:")
    key = lines[1].split(": ", 1)[1]
    assert httpx.get(f"{base}/api/get_user", params={"k": key, "u": 1}).status_code == 503
    assert httpx.get(f"{base}/api/get_user", params={"k": key, "u": 1}).json() == []
    stop.set()
    thread.join(5)
    assert not thread.is_alive()


def test_module_command_rejects_bad_fault():
    result = subprocess.run(
        [sys.executable, "-m", "osu_transports.testing", "--port", "0", "--fault", "teapot"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "unknown fault kind" in result.stderr


def test_plugin_module_imports_cheaply():
    code = (
        "import sys; import osu_transports.testing.pytest_plugin; "
        "print('httpx' in sys.modules, 'osu_transports.testing._server' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=30, check=True)  # fmt: skip
    assert result.stdout.split()[1] == "False"


def test_startup_is_fast():
    start = time.perf_counter()
    with OsuApiEmulator(seed=4242):
        elapsed = time.perf_counter() - start
    assert elapsed < 2.0  # about 0.4 s on a quiet machine; generous for shared CI

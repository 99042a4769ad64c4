"""The Redis fixtures start a real ``redis-server``: it answers plain sockets and redis-py,
comes back empty on the same port after a restart (no persistence), and when paused makes a
client time out until it is resumed. The ``core`` tox env has no redis-py: this module skips
there."""

from __future__ import annotations

import socket
import sys
import time

import pytest

from tests.conftest import redis_server_binary
from tests.redis_server import RedisServer, RedisServerError, RedisServerNotFound, ping

redis = pytest.importorskip("redis")

pytestmark = pytest.mark.redis


def client(url: str, timeout: float = 5.0) -> redis.Redis:
    """A redis-py client that gives up at the first timeout (the default retries with
    backoff, which would hide how long the server took)."""
    return redis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=redis.retry.Retry(redis.backoff.NoBackoff(), 0),
    )


def raw(port: int, command: bytes) -> bytes:
    """One inline command over a plain socket, and its one-line answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(command + b"\r\n")
        answer = b""
        while not answer.endswith(b"\r\n"):
            chunk = conn.recv(1024)
            assert chunk, answer
            answer += chunk
        return answer


def test_the_session_server_answers_a_plain_socket(redis_server: RedisServer):
    assert redis_server.running
    assert redis_server.url == f"redis://127.0.0.1:{redis_server.port}/0"
    assert raw(redis_server.port, b"PING") == b"+PONG\r\n"
    assert ping("127.0.0.1", redis_server.port)


def test_the_session_server_answers_redis_py(redis_server: RedisServer):
    key = "test_redis_server:session"  # the session's server is shared and never flushed
    with client(redis_server.url) as r:
        assert r.ping() is True
        assert r.set(key, "value") is True
        assert r.get(key) == b"value"
        assert r.delete(key) == 1


def test_the_server_keeps_nothing_on_disk(redis_server: RedisServer):
    with client(redis_server.url) as r:
        assert r.config_get("save") == {"save": ""}
        assert r.config_get("appendonly") == {"appendonly": "no"}
        assert r.config_get("bind") == {"bind": "127.0.0.1"}
        assert r.config_get("dir") == {"dir": str(redis_server.directory.resolve())}


def test_the_fixtures_mark_their_tests(request: pytest.FixtureRequest, fresh_redis: RedisServer):
    assert request.node.get_closest_marker("redis") is not None
    assert fresh_redis.running


def test_fresh_redis_is_a_server_of_its_own(redis_server: RedisServer, fresh_redis: RedisServer):
    assert fresh_redis.port != redis_server.port
    with client(fresh_redis.url) as r:
        assert r.dbsize() == 0


def test_restarted_on_the_same_port_empty(fresh_redis: RedisServer):
    port, pid = fresh_redis.port, fresh_redis.pid
    with client(fresh_redis.url) as r:
        r.set("kept?", "no")
        assert r.get("kept?") == b"no"

    fresh_redis.stop()
    assert not fresh_redis.running
    assert not fresh_redis.ping()
    with client(fresh_redis.url) as r, pytest.raises(redis.exceptions.ConnectionError):
        r.ping()

    fresh_redis.start()
    assert fresh_redis.port == port
    assert fresh_redis.pid != pid
    assert raw(port, b"PING") == b"+PONG\r\n"
    with client(fresh_redis.url) as r:
        assert r.get("kept?") is None
        assert r.dbsize() == 0
    assert not (fresh_redis.directory / "dump.rdb").exists()
    assert not (fresh_redis.directory / "appendonlydir").exists()


def test_a_client_connected_before_the_restart_reconnects(fresh_redis: RedisServer):
    with client(fresh_redis.url) as r:
        r.set("k", "v")
        fresh_redis.stop()
        fresh_redis.start()
        assert r.get("k") is None  # a new connection, to the new (empty) server
        assert r.dbsize() == 0


def test_paused_a_client_times_out_then_resumed_it_answers(fresh_redis: RedisServer):
    with client(fresh_redis.url, timeout=0.2) as r:
        r.set("k", "v")
        fresh_redis.pause()
        assert fresh_redis.paused
        started = time.monotonic()
        with pytest.raises(redis.exceptions.TimeoutError):
            r.get("k")
        assert time.monotonic() - started < 2
        with (
            client(fresh_redis.url, timeout=0.2) as other,
            pytest.raises(redis.exceptions.TimeoutError),
        ):
            other.ping()  # a new connection too: the kernel accepts it, nobody answers
        assert not fresh_redis.ping(timeout=0.2)

        fresh_redis.resume()
        assert not fresh_redis.paused
        assert r.get("k") == b"v"
        assert raw(fresh_redis.port, b"PING") == b"+PONG\r\n"


def test_a_timed_pause_ends_by_itself(fresh_redis: RedisServer):
    with client(fresh_redis.url, timeout=5) as r:
        r.ping()
        started = time.monotonic()
        fresh_redis.pause(0.3)
        assert r.ping() is True  # a slow Redis: the answer comes once the pause is over
        assert time.monotonic() - started >= 0.25
    assert not fresh_redis.paused


def test_a_paused_server_stops(fresh_redis: RedisServer):
    fresh_redis.pause()
    started = time.monotonic()
    fresh_redis.stop()
    assert not fresh_redis.running
    assert time.monotonic() - started < 3  # resumed first, so SIGTERM works: no kill wait


def test_a_late_timer_does_not_end_a_later_pause(fresh_redis: RedisServer):
    fresh_redis.pause(0.2)
    fresh_redis.resume()
    fresh_redis.pause()
    time.sleep(0.4)
    assert fresh_redis.paused
    assert not fresh_redis.ping(timeout=0.2)
    fresh_redis.resume()
    assert fresh_redis.ping()


def test_start_twice_and_pause_stopped_are_errors(fresh_redis: RedisServer):
    with pytest.raises(RedisServerError, match="already running"):
        fresh_redis.start()
    fresh_redis.stop()
    with pytest.raises(RedisServerError, match="not running"):
        fresh_redis.pause()
    fresh_redis.resume()  # nothing to resume: no error
    fresh_redis.stop()  # twice: no error


def test_a_port_in_use_is_a_clear_error():
    binary = redis_server_binary()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        server = RedisServer(binary, port=port)
        with pytest.raises(RedisServerError) as caught:
            server.start()
        server.close()
    message = str(caught.value)
    assert f"127.0.0.1:{port} exited with status" in message
    assert "Address already in use" in message
    assert not server.running


def test_the_first_start_tries_another_port_when_its_is_taken(monkeypatch: pytest.MonkeyPatch):
    import tests.redis_server as module

    binary = redis_server_binary()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        ports = iter([taken])
        real_free_port = module.free_port
        monkeypatch.setattr(
            module, "free_port", lambda host: next(ports, None) or real_free_port(host)
        )
        with RedisServer(binary) as server:
            assert server.port != taken
            assert server.ping()


def test_a_server_that_never_answers_is_a_clear_error(tmp_path):
    silent = tmp_path / "silent-redis-server"
    silent.write_text(
        f"#!{sys.executable}\nimport sys, time\n"
        "print('starting, not really', file=sys.stderr, flush=True)\ntime.sleep(60)\n"
    )
    silent.chmod(0o755)
    server = RedisServer(str(silent), startup_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(RedisServerError) as caught, server:
        pass
    assert time.monotonic() - started < 8
    message = str(caught.value)
    assert "did not answer PING within 0.5 s" in message
    assert "starting, not really" in message  # its stderr is quoted
    assert not server.running


def test_no_binary_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install redis-server"):
        redis_server_binary()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        redis_server_binary()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install it"):
        redis_server_binary()
    with pytest.raises(RedisServerNotFound):
        RedisServer()

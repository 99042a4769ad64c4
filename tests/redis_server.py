"""A real ``redis-server`` for the tests, started and stopped by the tests themselves.

Standard library only (``tests/conftest.py`` imports it, and the ``core`` tox env has neither
httpx nor redis-py). A :class:`RedisServer` runs ``redis-server`` as a child process on
127.0.0.1, on a free TCP port, in a temporary directory of its own and without persistence
(``--save ''``, ``--appendonly no``): every start begins empty. It can be stopped and started
again on the same port (Redis restarted mid-run) and paused with SIGSTOP (a slow or hung
Redis: connections are still accepted by the kernel, but nothing answers)::

    with RedisServer() as server:
        client = redis.Redis.from_url(server.url)
        server.pause(0.5)  # answers again by itself after half a second
        server.stop()
        server.start()  # same port, no data
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

__all__ = ["RedisServer", "RedisServerError", "RedisServerNotFound", "find_redis_server"]

#: How long :meth:`RedisServer.start` waits for the first ``+PONG``.
STARTUP_TIMEOUT = 10.0
#: How long :meth:`RedisServer.stop` waits after SIGTERM before it sends SIGKILL.
STOP_TIMEOUT = 5.0
#: How many free ports the first start tries (another process may take the one chosen).
PORT_ATTEMPTS = 3
#: How much of the server's output an error quotes.
OUTPUT_TAIL = 4000


class RedisServerError(RuntimeError):
    """``redis-server`` did not start, or did not answer PING in time."""


class RedisServerNotFound(RedisServerError, FileNotFoundError):
    """No ``redis-server`` executable on PATH."""


def find_redis_server() -> str | None:
    """The path of the ``redis-server`` executable on PATH, or None."""
    return shutil.which("redis-server")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def ping(host: str, port: int, timeout: float = 0.5) -> bool:
    """Whether a Redis server answers ``PING`` with ``+PONG`` on ``host:port`` within
    ``timeout`` seconds (an inline command over a plain socket: no client library)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as conn:
            conn.settimeout(timeout)
            conn.sendall(b"PING\r\n")
            answer = b""
            while b"\r\n" not in answer and len(answer) < 1024:
                chunk = conn.recv(1024)
                if not chunk:
                    break
                answer += chunk
    except OSError:  # refused, reset, timed out
        return False
    return answer.startswith(b"+PONG")


class RedisServer:
    """A ``redis-server`` child process on ``127.0.0.1``, for one test or one session.

    Nothing runs until :meth:`start` (or ``with``). The port is chosen on the first start and
    kept: :meth:`stop` then :meth:`start` brings the server back on the same port, empty.
    :meth:`close` (or leaving the ``with`` block) stops it and removes its directory.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        binary: str | None = None,
        *,
        port: int | None = None,
        startup_timeout: float = STARTUP_TIMEOUT,
        extra_args: tuple[str, ...] = (),
    ) -> None:
        found = binary if binary is not None else find_redis_server()
        if found is None:
            raise RedisServerNotFound("redis-server is not on PATH (apt-get install redis-server)")
        self.binary = found
        self.startup_timeout = startup_timeout
        self.extra_args = extra_args
        self._port = port
        self._port_fixed = port is not None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._resume_timer: threading.Timer | None = None
        self._paused = False
        self._pauses = 0  # counts pauses, so a late timer cannot end a later pause

    # -- what the tests read ---------------------------------------------------------------

    @property
    def port(self) -> int:
        """The TCP port (the same across restarts)."""
        if self._port is None:
            raise RedisServerError("the server has not been started yet: no port chosen")
        return self._port

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:PORT/0``, for ``redis.Redis.from_url``."""
        return f"redis://{self.host}:{self.port}/0"

    @property
    def directory(self) -> Path:
        """The server's working directory (its ``dir``), a temporary one."""
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="redis-server-")
        return Path(self._tmp.name)

    @property
    def pid(self) -> int | None:
        """The process id while it runs, else None."""
        return self._process.pid if self.running and self._process is not None else None

    @property
    def running(self) -> bool:
        """Whether the process is alive (paused counts as alive)."""
        return self._process is not None and self._process.poll() is None

    @property
    def paused(self) -> bool:
        return self._paused and self.running

    def ping(self, timeout: float = 0.5) -> bool:
        """Whether the server answers PING within ``timeout`` seconds right now."""
        return self._port is not None and ping(self.host, self._port, timeout)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> RedisServer:
        """Start the server (on the same port as before, if it ran before) and wait until it
        answers PING. Raises :class:`RedisServerError`, quoting its output, if it does not."""
        if self.running:
            raise RedisServerError(f"redis-server is already running on port {self._port}")
        first = self._port is None
        attempts = PORT_ATTEMPTS if first and not self._port_fixed else 1
        for attempt in range(1, attempts + 1):
            if self._port is None or (first and attempt > 1):
                self._port = free_port(self.host)
            try:
                self._spawn_and_wait()
            except RedisServerError as error:
                in_use = "Address already in use" in str(error)
                if not in_use or attempt == attempts:
                    if first and not self._port_fixed:
                        self._port = None
                    raise
            else:
                return self
        raise AssertionError("unreachable")  # pragma: no cover

    def stop(self) -> None:
        """Stop the server: SIGTERM, then SIGKILL if it has not exited within a few seconds.
        A paused server is resumed first (a stopped process does not act on SIGTERM). The
        directory and port are kept for :meth:`start`."""
        with self._lock:
            self._cancel_resume_timer()
            process, self._process = self._process, None
            was_paused, self._paused = self._paused, False
        if process is None:
            return
        if process.poll() is None:
            if was_paused:
                process.send_signal(signal.SIGCONT)
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def close(self) -> None:
        """Stop the server and remove its directory."""
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def pause(self, seconds: float | None = None) -> None:
        """Freeze the server with SIGSTOP: it accepts connections (the kernel does) but
        answers nothing. With ``seconds``, it is resumed by itself after that long (a slow
        Redis), without blocking the caller; without, until :meth:`resume` (a hung one)."""
        with self._lock:
            process = self._require_running()
            self._cancel_resume_timer()
            process.send_signal(signal.SIGSTOP)
            self._paused = True
            self._pauses += 1
            if seconds is not None:
                timer = threading.Timer(seconds, self._resume_after, args=(self._pauses,))
                timer.daemon = True
                self._resume_timer = timer
                timer.start()

    def resume(self) -> None:
        """Let a paused server go on (SIGCONT). Does nothing if it is not paused."""
        with self._lock:
            self._resume_locked()

    def _resume_after(self, pause: int) -> None:
        """The timer of ``pause(seconds)``: resume, unless that pause has already ended."""
        with self._lock:
            if pause == self._pauses and self._paused:
                self._resume_locked()

    def _resume_locked(self) -> None:
        self._cancel_resume_timer()
        if self._paused and self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGCONT)
        self._paused = False

    def __enter__(self) -> RedisServer:
        if not self.running:
            try:
                self.start()
            except BaseException:
                self.close()  # no ``__exit__`` follows a failed ``__enter__``
                raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "paused" if self.paused else "running" if self.running else "stopped"
        return f"<RedisServer {state} port={self._port} dir={self._tmp and self._tmp.name}>"

    # -- inside ------------------------------------------------------------------------------

    def _command(self) -> list[str]:
        directory = str(self.directory)
        return [
            self.binary,
            "--port", str(self.port),
            "--bind", self.host,
            "--dir", directory,
            "--dbfilename", "dump.rdb",
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--logfile", "",  # log to stdout, which goes to a file beside the data
            *self.extra_args,
        ]  # fmt: skip

    def _spawn_and_wait(self) -> None:
        directory = self.directory
        stdout_path, stderr_path = directory / "stdout.log", directory / "stderr.log"
        with stdout_path.open("ab") as stdout, stderr_path.open("ab") as stderr:
            start_out, start_err = stdout.tell(), stderr.tell()
            process = subprocess.Popen(
                self._command(),
                cwd=directory,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
            )
        self._process = process
        deadline = time.monotonic() + self.startup_timeout
        while True:
            exited = process.poll() is not None
            if not exited and ping(self.host, self.port, timeout=0.5):
                return
            if exited or time.monotonic() >= deadline:
                if not exited:
                    self.stop()
                else:
                    self._process = None
                why = (
                    f"exited with status {process.returncode}"
                    if exited
                    else f"did not answer PING within {self.startup_timeout:g} s"
                )
                raise RedisServerError(
                    f"redis-server on {self.host}:{self.port} {why}\n"
                    f"command: {self._command()}\n"
                    f"stderr:\n{_tail(stderr_path, start_err)}\n"
                    f"stdout (its log):\n{_tail(stdout_path, start_out)}"
                )
            time.sleep(0.02)

    def _require_running(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            raise RedisServerError("redis-server is not running")
        return self._process

    def _cancel_resume_timer(self) -> None:
        if self._resume_timer is not None:
            self._resume_timer.cancel()
            self._resume_timer = None


def _tail(path: Path, start: int) -> str:
    """What was written to ``path`` from offset ``start`` on (its last part if long)."""
    try:
        with path.open("rb") as file:
            file.seek(start)
            data = file.read()
    except OSError as error:
        return f"(unreadable: {error})"
    text = data.decode("utf-8", "replace").strip()
    if len(text) > OUTPUT_TAIL:
        text = "..." + text[-OUTPUT_TAIL:]
    return text or "(empty)"

"""Each flavour against a hostile server: the emulator's socket faults, on 127.0.0.1.

One test body per case, parametrised over sync, asyncio and trio and over who made the httpx
client: the library (``OsuApi(key, timeout=...)``), or the caller (``OsuApi(key, client=...)``,
whose own timeouts then apply), with a plain httpx client or one built on the flavour's
``wire_transport()``. A plain client keeps httpx's own connection handling, which reads a forged
answer planted after a response and lets a drip go on while each read succeeds; the cases that
only our transport can stop run for the other two. The cases are the ones of issue 10: an answer
dripped a few bytes at a time, one that never comes, a ``Content-Length`` longer than the body,
an unsolicited second answer after the first, bodies that never end, claim gigabytes or inflate
to them, JSON nested 100,000 deep, a refused connection and a name that does not resolve. After
each failure the same client must still work, and nothing reachable from the exception raised
may hold the key (:func:`assert_no_key`, with a key that changes when URL-encoded).

Bodies are capped while streaming, so memory is measured with ``tracemalloc``. A client that
reads a hostile body whole would exhaust the machine before failing its assertion; the
:class:`MemoryWatchdog` cuts the emulator's connections first, so such a client fails quickly.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import traceback
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from types import TracebackType
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest

from osu_core import (
    OsuError,
    RequestTimeoutError,
    ResponseError,
    ResponseTooLargeError,
    RetryPolicy,
    TransportError,
    TransportFailure,
)
from osu_transports import asyncio as asyncio_flavour
from osu_transports import sync as sync_flavour
from osu_transports import trio as trio_flavour
from osu_transports.testing import KNOWN, FaultKind, OsuApiEmulator
from tests.transports._flavours import REAL_TIME_FLAVOURS, Flavour

pytestmark = pytest.mark.network

FLAVOURS = pytest.mark.parametrize("flavour", REAL_TIME_FLAVOURS, ids=repr)
ASYNC_FLAVOURS = pytest.mark.parametrize(
    "flavour", [f for f in REAL_TIME_FLAVOURS if f.is_async], ids=repr
)
OWNERS = pytest.mark.parametrize("owner", ["ours", "callers", "callers-wire"])
#: The clients whose connections run on our transport (the ones that stop drips and plants).
WIRED = pytest.mark.parametrize("owner", ["ours", "callers-wire"])

#: A key that URL-encoding changes (``+``, ``/`` and ``=`` are all escaped in a query), with
#: two fragments no encoding touches, so even a partial leak is found.
KEY = "Xq9ZkW+hostile/key=Vb7Lm"
SECRETS = frozenset({KEY, quote(KEY), quote(KEY, safe=""), quote_plus(KEY), "Xq9ZkW", "Vb7Lm"})
#: Retries transport failures at once; a retried ``ResponseError`` would show in the counts.
QUICK_RETRY = RetryPolicy(max_attempts=4, backoff=0.01, max_backoff=0.05)
LIMIT = 1_000_000
#: Peak traced memory allowed while a capped body is refused: the 1 MB cap plus buffers.
MEMORY_CEILING = 50 << 20
#: What GZIP_BOMB inflates to here: far past the cap and the ceiling, yet only 64 KB gzipped.
BOMB = 64 << 20
#: Slack on every timing: two shared cores, three event loops.
SLACK = 2.0
#: The DRIP that a 1 s timeout must cut: 64 bytes every 0.2 s, some 5 s for a get_user answer.
DRIP_SIZE, DRIP_DELAY = 64, 0.2


# --- The server, and clients of each kind ----------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Any:
    with OsuApiEmulator(api_key=KEY, rate_limit=None, replay_rate_limit=None) as emulator:
        yield emulator


@pytest.fixture
def emu(server: OsuApiEmulator) -> Any:
    server.faults.clear()
    yield server
    server.faults.clear()


_DEFAULT = object()


@contextlib.asynccontextmanager
async def open_api(
    flavour: Flavour, base_url: str, owner: str, *, timeout: Any = _DEFAULT, **kwargs: Any
) -> AsyncIterator[Any]:
    """A client of ``flavour`` on ``base_url``; ``owner`` says who made its httpx client.

    ``timeout`` goes to ``OsuApi`` (ours) or to the caller's ``httpx`` client (callers).
    """
    kwargs.setdefault("rate_limits", None)
    options = {} if timeout is _DEFAULT else {"timeout": timeout}
    if owner == "ours":
        async with flavour.api(KEY, base_url=base_url, **options, **kwargs) as api:
            yield api
        return
    module = {"sync": sync_flavour, "asyncio": asyncio_flavour, "trio": trio_flavour}[flavour.name]
    if owner == "callers-wire":
        options["transport"] = module.wire_transport()
    if flavour.name == "sync":
        with httpx.Client(**options) as client:
            async with flavour.api(KEY, base_url=base_url, client=client, **kwargs) as api:
                yield api
            assert not client.is_closed  # the caller's, so left open
        return
    async with httpx.AsyncClient(**options) as async_client:
        async with flavour.api(KEY, base_url=base_url, client=async_client, **kwargs) as api:
            yield api
        assert not async_client.is_closed


async def check_still_works(api: Any) -> None:
    """A normal call on the same client, right by value."""
    user = await api.get_user(KNOWN.user_id)
    assert user is not None
    assert user.user_id == KNOWN.user_id


async def raised(call: Callable[[], Awaitable[Any]], kind: type[BaseException]) -> Any:
    """Await ``call()``; return ``(the exception of type kind it raised, seconds taken)``."""
    start = time.monotonic()
    with pytest.raises(kind) as info:
        await call()
    return info.value, time.monotonic() - start


def answer_size(emu: OsuApiEmulator) -> int:
    """Bytes of the whole normal get_user answer, status line and headers included."""
    response = httpx.get(
        f"{emu.base_url}/api/get_user", params={"k": KEY, "u": KNOWN.user_id}, timeout=5
    )
    head = sum(len(n) + len(v) + 4 for n, v in response.headers.raw) + len("HTTP/1.1 200 OK\r\n")
    return head + len(response.content)


# --- Nothing reachable from an error may hold the key ------------------------------------------


def reachable_texts(error: BaseException) -> list[str]:
    """Every text reachable from ``error``: its str, repr, args and attributes, its cause and
    context (recursively), any ``request``/``response`` (their URLs and headers) and the
    formatted traceback of the whole chain."""
    texts = ["".join(traceback.format_exception(type(error), error, error.__traceback__))]
    seen: set[int] = set()

    def visit(value: Any, depth: int = 0) -> None:
        if value is None or id(value) in seen or depth > 8:
            return
        seen.add(id(value))
        if isinstance(value, (str, bytes)):
            texts.append(value.decode("latin-1") if isinstance(value, bytes) else value)
            return
        texts.append(repr(value))
        if isinstance(value, BaseException):
            texts.append(str(value))
            for part in (*value.args, value.__cause__, value.__context__, *vars(value).values()):
                visit(part, depth + 1)
            for part in getattr(value, "exceptions", ()):  # exception groups
                visit(part, depth + 1)
        if isinstance(value, (httpx.HTTPError, httpx.Response)):
            with contextlib.suppress(RuntimeError):  # .request raises when none was set
                visit(value.request, depth + 1)
        if isinstance(value, httpx.HTTPStatusError):
            visit(value.response, depth + 1)
        if isinstance(value, httpx.Request):
            texts.extend([str(value.url), str(value.url.query), repr(value.headers)])
        if isinstance(value, httpx.Response):
            texts.append(repr(value.headers))
        if isinstance(value, dict):
            for part in (*value.keys(), *value.values()):
                visit(part, depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for part in value:
                visit(part, depth + 1)

    visit(error)
    return texts


def assert_no_key(error: BaseException) -> None:
    leaks = [t for t in reachable_texts(error) if any(secret in t for secret in SECRETS)]
    assert not leaks, f"the key is reachable from {error!r}: {leaks[0][:500]}"


def test_the_key_search_finds_a_keyed_url():
    """The walk reaches a cause's request URL, URL-encoded key included (the issue's leak)."""
    url = httpx.URL("http://osu.test/api/get_user", params={"k": KEY, "u": 2})
    assert quote_plus(KEY) in str(url)
    cause = httpx.ConnectError("refused", request=httpx.Request("GET", url))
    try:
        try:
            raise cause
        except httpx.ConnectError as exc:
            raise TransportError("get_user: refused") from exc
    except TransportError as error:
        caught = error
    with pytest.raises(AssertionError, match="the key is reachable"):
        assert_no_key(caught)
    assert_no_key(TransportError("get_user: refused"))


# --- Memory ----------------------------------------------------------------------------------


class MemoryWatchdog:
    """Traces memory while active; cuts the emulator's connections whenever the traced total
    passes ``cutoff``, so a client that reads a hostile body whole fails (with a transport
    error, and a peak over the ceiling) instead of exhausting the machine."""

    def __init__(self, emulator: OsuApiEmulator, cutoff: int = 2 * MEMORY_CEILING) -> None:
        self.emulator = emulator
        self.cutoff = cutoff
        self.peak = 0
        self.cuts = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="memory-watchdog")

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            if tracemalloc.get_traced_memory()[0] > self.cutoff:
                self.cuts += 1
                server = self.emulator._server
                assert server is not None
                server.cut_connections()

    def __enter__(self) -> MemoryWatchdog:
        tracemalloc.start()
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        self._stop.set()
        self._thread.join()
        self.peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


# --- Slow answers: DRIP and STALL --------------------------------------------------------------


@FLAVOURS
@WIRED
def test_drip_is_cut_by_the_timeout(flavour: Flavour, owner: str, emu):
    """Every read succeeds in 0.2 s, so only a deadline on the whole attempt stops it."""
    drip_seconds = answer_size(emu) / DRIP_SIZE * DRIP_DELAY
    assert drip_seconds > 4.0  # what a per-read timeout would let it take

    async def body():
        async with open_api(flavour, emu.base_url, owner, timeout=1.0, retry=None) as api:
            emu.faults.add(FaultKind.DRIP, "get_user", count=1, size=DRIP_SIZE, delay=DRIP_DELAY)
            error, elapsed = await raised(lambda: api.get_user(KNOWN.user_id), TransportError)
            await check_still_works(api)
        return error, elapsed

    error, elapsed = flavour.run(body)
    assert isinstance(error, RequestTimeoutError), repr(error)
    assert error.kind is TransportFailure.TIMEOUT
    assert 0.9 <= elapsed < 1.0 + SLACK
    assert_no_key(error)


@FLAVOURS
@OWNERS
def test_a_drip_that_ends_in_time_is_read_whole(flavour: Flavour, owner: str, emu):
    """A slow answer within the timeout is reassembled, not cut early."""

    async def body():
        async with open_api(flavour, emu.base_url, owner, timeout=5.0, retry=None) as api:
            emu.faults.add(FaultKind.DRIP, "get_user", count=1, size=256, delay=0.1)
            start = time.monotonic()
            user = await api.get_user(KNOWN.user_id)
            elapsed = time.monotonic() - start
            await check_still_works(api)
        return user, elapsed

    user, elapsed = flavour.run(body)
    assert user.user_id == KNOWN.user_id
    assert user.username == KNOWN.username
    assert 0.5 < elapsed < 5.0


@FLAVOURS
@OWNERS
def test_stall_times_out(flavour: Flavour, owner: str, emu):
    async def body():
        async with open_api(flavour, emu.base_url, owner, timeout=1.0, retry=None) as api:
            emu.faults.add(FaultKind.STALL, "get_user", count=1)
            error, elapsed = await raised(lambda: api.get_user(KNOWN.user_id), TransportError)
            await check_still_works(api)
        return error, elapsed

    error, elapsed = flavour.run(body)
    assert isinstance(error, RequestTimeoutError), repr(error)
    assert error.kind is TransportFailure.TIMEOUT
    assert 0.9 <= elapsed < 1.0 + SLACK
    assert_no_key(error)


@ASYNC_FLAVOURS
@OWNERS
@pytest.mark.parametrize("kind", [FaultKind.DRIP, FaultKind.STALL])
def test_a_cancelled_call_leaves_the_client_usable(
    flavour: Flavour, owner: str, kind: FaultKind, emu
):
    """No timeouts at all on the client: the caller's cancel scope is what bounds the call."""

    async def body():
        async with open_api(flavour, emu.base_url, owner, timeout=None, retry=None) as api:
            await check_still_works(api)  # a pooled connection, to be reused or dropped
            emu.faults.add(kind, "get_user", count=1)
            start = time.monotonic()
            if flavour.name == "trio":
                import trio

                with pytest.raises(trio.TooSlowError), trio.fail_after(1):
                    await api.get_user(KNOWN.user_id)
            else:
                import asyncio

                with pytest.raises(asyncio.TimeoutError):  # not TimeoutError before 3.11
                    await asyncio.wait_for(api.get_user(KNOWN.user_id), 1)
            elapsed = time.monotonic() - start
            await check_still_works(api)
            await check_still_works(api)
        return elapsed

    assert 0.9 <= flavour.run(body) < 1.0 + SLACK


# --- Mis-framed answers --------------------------------------------------------------------------


@FLAVOURS
@OWNERS
def test_length_too_long_is_a_transport_error(flavour: Flavour, owner: str, emu):
    async def body():
        async with open_api(flavour, emu.base_url, owner, retry=None) as api:
            emu.faults.add(FaultKind.LENGTH_TOO_LONG, "get_user", count=1)
            error, _ = await raised(lambda: api.get_user(KNOWN.user_id), TransportError)
            await check_still_works(api)
        # A lost connection is retried: the same fault, then the right answer.
        async with open_api(flavour, emu.base_url, owner, retry=QUICK_RETRY) as api:
            before = emu.count("get_user")
            emu.faults.add(FaultKind.LENGTH_TOO_LONG, "get_user", count=1)
            await check_still_works(api)
            attempts = emu.count("get_user") - before
        return error, attempts

    error, attempts = flavour.run(body)
    assert error.kind in (TransportFailure.CONNECTION_LOST, TransportFailure.PROTOCOL)
    assert not isinstance(error, RequestTimeoutError)
    assert isinstance(error.__cause__, httpx.HTTPError)  # a key-free copy of httpx's error
    assert attempts == 2
    assert_no_key(error)


@FLAVOURS
@WIRED
def test_trailing_garbage_is_never_taken_for_the_next_answer(flavour: Flavour, owner: str, emu):
    """The planted answer is about another user: each call must get its own user back."""

    async def body():
        async with open_api(flavour, emu.base_url, owner, retry=None) as api:
            emu.faults.add(FaultKind.TRAILING_GARBAGE, "get_user", count=1)
            first = await api.get_user(KNOWN.user_id)
            second = await api.get_user(KNOWN.user_id)
            third = await api.get_user(KNOWN.never_played_user_id)
            match = await api.get_match(KNOWN.match_id)
        return first, second, third, match

    first, second, third, match = flavour.run(body)
    assert first.user_id == KNOWN.user_id  # the first answer is the right one...
    assert second.user_id == KNOWN.user_id  # ...and the plant is not the second's
    assert third.user_id == KNOWN.never_played_user_id  # nor is the second's the third's
    assert match.match_id == KNOWN.match_id


# --- Bodies too large to read ---------------------------------------------------------------------


@FLAVOURS
@OWNERS
@pytest.mark.parametrize("kind", [FaultKind.ENDLESS_BODY, FaultKind.HUGE_BODY, FaultKind.GZIP_BOMB])
def test_a_body_past_the_limit_is_refused_while_streaming(
    flavour: Flavour, owner: str, kind: FaultKind, emu
):
    """Cut at ``max_response_size``, never retried, quickly and in bounded memory."""
    size = BOMB if kind is FaultKind.GZIP_BOMB else None

    async def body():
        async with open_api(
            flavour, emu.base_url, owner, retry=QUICK_RETRY, max_response_size=LIMIT
        ) as api:
            await check_still_works(api)  # imports, pools and buffers in place before tracing
            before = emu.count("get_user")
            emu.faults.add(kind, "get_user", count=1, size=size)
            with MemoryWatchdog(emu) as watchdog:
                error, elapsed = await raised(lambda: api.get_user(KNOWN.user_id), OsuError)
            attempts = emu.count("get_user") - before
            await check_still_works(api)
        return error, elapsed, attempts, watchdog

    error, elapsed, attempts, watchdog = flavour.run(body)
    assert isinstance(error, ResponseTooLargeError), repr(error)
    assert isinstance(error, ResponseError)
    assert error.limit == LIMIT
    assert attempts == 1  # never retried
    assert elapsed < SLACK
    assert watchdog.cuts == 0
    assert watchdog.peak < MEMORY_CEILING, f"peak {watchdog.peak / 2**20:.1f} MiB"
    assert_no_key(error)


def test_the_watchdog_bounds_a_client_that_reads_everything(emu):
    """The safety net itself: plain httpx reads an endless body whole until it is cut."""
    emu.faults.add(FaultKind.ENDLESS_BODY, "get_user", count=1)
    url = f"{emu.base_url}/api/get_user"
    with (
        MemoryWatchdog(emu, cutoff=20 << 20) as watchdog,
        httpx.Client(timeout=5) as client,
        pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)),
    ):
        client.get(url, params={"k": KEY, "u": KNOWN.user_id})
    assert watchdog.cuts >= 1
    assert 20 << 20 < watchdog.peak < 200 << 20


# --- JSON too deep to decode --------------------------------------------------------------------


def _json_calls(api: Any) -> dict[str, Callable[[], Awaitable[Any]]]:
    """One call of every method that reads JSON, by the endpoint it calls."""
    return {
        "get_beatmaps": lambda: api.get_beatmaps(limit=5),
        "get_beatmap": lambda: api.get_beatmap(beatmap_id=KNOWN.beatmap_id),
        "get_user": lambda: api.get_user(KNOWN.user_id),
        "get_cached_user": lambda: api.get_cached_user(KNOWN.user_id),
        "get_scores": lambda: api.get_scores(KNOWN.beatmap_id),
        "get_score": lambda: api.get_score(KNOWN.beatmap_id),
        "get_user_bests": lambda: api.get_user_bests(KNOWN.user_id),
        "get_user_best": lambda: api.get_user_best(KNOWN.user_id),
        "get_user_recents": lambda: api.get_user_recents(KNOWN.user_id),
        "get_user_recent": lambda: api.get_user_recent(KNOWN.user_id),
        "get_match": lambda: api.get_match(KNOWN.match_id),
        "get_replay": lambda: api.get_replay(0, KNOWN.beatmap_id, KNOWN.user_id),
    }


@FLAVOURS
@OWNERS
def test_deep_json_is_a_response_error_from_every_method(flavour: Flavour, owner: str, emu):
    async def body():
        errors: dict[str, BaseException] = {}
        async with open_api(flavour, emu.base_url, owner, retry=QUICK_RETRY) as api:
            emu.faults.add(FaultKind.DEEP_JSON)
            before = emu.count()
            for name, call in _json_calls(api).items():
                # pytest.raises(ResponseError) lets a RecursionError through, failing the test
                errors[name], _ = await raised(call, ResponseError)
            attempts = emu.count() - before
            emu.faults.clear()
            await check_still_works(api)
        return errors, attempts

    errors, attempts = flavour.run(body)
    assert attempts == len(errors)  # never retried
    for name, error in errors.items():
        assert not isinstance(error, ResponseTooLargeError), name
        assert_no_key(error)


# --- No server at all -----------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@FLAVOURS
@OWNERS
def test_a_refused_connection_is_tried_at_most_twice(flavour: Flavour, owner: str):
    base_url = f"http://127.0.0.1:{_closed_port()}"

    async def body():
        async with open_api(flavour, base_url, owner, retry=RetryPolicy()) as api:
            return await raised(lambda: api.get_user(KNOWN.user_id), TransportError)

    error, elapsed = flavour.run(body)
    assert error.kind is TransportFailure.CONNECT
    assert not isinstance(error, RequestTimeoutError)
    # RetryPolicy() waits 0.25-0.5 s after the first failure and 0.5-1 s after the second, so
    # a third attempt could not start before 0.75 s.
    assert elapsed < 0.74
    assert_no_key(error)


NO_SUCH_HOST = "no-such-host.invalid"  # RFC 6761 section 6.4: never resolves


@pytest.fixture(scope="module")
def resolver_fails_fast() -> None:
    """Skip unless this machine's resolver rejects ``.invalid`` within 3 s."""
    outcome: list[BaseException | None] = []

    def resolve() -> None:
        try:
            socket.getaddrinfo(NO_SUCH_HOST, 80)
            outcome.append(None)
        except OSError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=resolve, daemon=True)  # a hung resolver is abandoned
    thread.start()
    thread.join(3.0)
    if not outcome:
        pytest.skip(f"the resolver did not answer for {NO_SUCH_HOST} within 3 s")
    if not isinstance(outcome[0], socket.gaierror):
        pytest.skip(f"{NO_SUCH_HOST} did not fail to resolve here: {outcome[0]!r}")


@FLAVOURS
@OWNERS
def test_a_name_that_does_not_resolve_is_tried_once(
    flavour: Flavour, owner: str, resolver_fails_fast
):
    async def body():
        async with open_api(flavour, f"http://{NO_SUCH_HOST}", owner, retry=RetryPolicy()) as api:
            return await raised(lambda: api.get_user(KNOWN.user_id), TransportError)

    error, elapsed = flavour.run(body)
    assert error.kind is TransportFailure.NAME_RESOLUTION
    assert elapsed < 0.25  # a second attempt would wait at least 0.25 s first
    assert_no_key(error)

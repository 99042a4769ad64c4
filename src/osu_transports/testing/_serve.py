"""``serve()``: run the emulator in the foreground for bots written in any language.

Used by ``python -m osu_transports.testing`` and by the ``osu-api serve`` command. It prints
the base URL and key, then blocks until interrupted (Ctrl+C) or until ``stop`` is set.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from osu_core import RateLimit

from ._faults import FaultKind, FaultPlan
from ._handler import DEFAULT_API_KEY, EmulatorConfig
from ._server import OsuApiEmulator

__all__ = ["parse_fault", "serve"]

#: The options of a fault spec and how their values are read.
_OPTIONS: dict[str, Callable[[str], Any]] = {
    "count": int, "seed": int, "size": int, "fraction": float, "delay": float,
}  # fmt: skip


def parse_fault(spec: str) -> dict[str, Any]:
    """Read a fault given on the command line.

    The form is ``KIND[@ENDPOINT][,count=N][,fraction=F][,delay=S][,seed=N][,size=N]``, e.g.
    ``503@get_user,count=2``, ``latency,delay=0.5``, ``reset@get_replay,fraction=0.1,seed=3``,
    ``drip@get_user,size=64,delay=0.1``. ``size`` is the depth, write size, declared length or
    inflated size of ``deep-json``, ``drip``, ``huge-body`` and ``gzip-bomb``.

    Args:
        spec: The text.

    Returns:
        Keyword arguments for :meth:`FaultPlan.add`, which accepts them.

    Raises:
        ValueError: naming what is wrong: the kind, the endpoint, or the option and its value.
    """
    head, *options = [part.strip() for part in spec.split(",")]
    kind, _, endpoint = head.partition("@")
    try:
        result: dict[str, Any] = {"kind": FaultKind(kind.strip().lower())}
    except ValueError:
        known = ", ".join(k.value for k in FaultKind)
        raise ValueError(f"unknown fault kind {kind!r}; known kinds: {known}") from None
    if endpoint:
        result["endpoint"] = endpoint.strip()
    for option in options:
        name, _, value = option.partition("=")
        name = name.strip()
        convert = _OPTIONS.get(name)
        if convert is None:
            raise ValueError(f"unknown fault option {name!r} in {spec!r}")
        try:
            result[name] = convert(value)
        except ValueError:
            wanted = "an integer" if convert is int else "a number"
            message = f"fault option {name!r} needs {wanted}, got {value!r} in {spec!r}"
            raise ValueError(message) from None
    try:
        FaultPlan().add(**result)  # the plan's own checks: endpoint, ranges, size
    except ValueError as exc:
        raise ValueError(f"{exc} in {spec!r}") from None
    return result


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    seed: int | None = None,
    api_key: str = DEFAULT_API_KEY,
    rate_limits: bool = True,
    retry_after: bool = True,
    faults: Iterable[str] = (),
    stop: threading.Event | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the emulator until interrupted.

    Args:
        host: The address to bind (loopback by default; the data is fake but the server is
            not hardened, so think twice before exposing it).
        port: The port; 0 picks a free one.
        seed: Dataset seed (default: the emulator's default seed).
        api_key: The accepted key.
        rate_limits: Enforce the real limits (1200/min + 200 burst, get_replay 10/min).
        retry_after: Send ``Retry-After`` with 429 answers.
        faults: Fault specs as :func:`parse_fault` reads them.
        stop: Stop serving once this event is set (for embedding); Ctrl+C always stops.
        announce: Where the startup lines go.

    Raises:
        ValueError: for a malformed fault spec.
        OSError: if the address cannot be bound.
    """
    options: dict[str, Any] = {"api_key": api_key, "retry_after": retry_after}
    if seed is not None:
        options["seed"] = seed
    if not rate_limits:
        options.update(rate_limit=None, replay_rate_limit=None)
    config = EmulatorConfig(**options)
    parsed = [parse_fault(spec) for spec in faults]
    with OsuApiEmulator(config, host=host, port=port) as emulator:
        for fault in parsed:
            emulator.faults.add(**fault)
        known = emulator.known
        limit = config.rate_limit
        announce(f"osu! API v1 emulator listening on {emulator.base_url}")
        announce(f"API key: {emulator.api_key}")
        announce(
            f"try: {emulator.base_url}/api/get_user?k={emulator.api_key}&u={known.user_id}"
            f"  (user {known.username!r}, beatmap {known.beatmap_id}, match {known.match_id})"
        )
        if isinstance(limit, RateLimit):
            announce(f"rate limit: {limit.requests}/{limit.per:g}s + {limit.burst} burst per key")
        for fault in parsed:
            announce(f"fault: {fault}")
        waiter = stop or threading.Event()
        try:
            while not waiter.wait(0.5):
                pass
        except KeyboardInterrupt:
            announce("stopping")

"""One async client across event loops: what the asyncio and trio flavours add to ``_async.py``.

Theory of operation. httpx's connections belong to the event loop that opened them, so a bot
that keeps one module-level ``OsuApi`` and calls ``asyncio.run()`` (or ``trio.run()``) more than
once used to find the previous loop's connections in its pool: every second run failed with a
bare ``RuntimeError: Event loop is closed``. Now each loop gets one small async generator, never
resumed, the first time one of our clients is used in it. Event loops finalize the async
generators still alive when they shut down (``asyncio.run`` calls ``loop.shutdown_asyncgens()``,
and ``trio.run`` finalizes the remaining ones at its end), so its ``finally`` runs while that
loop still works: it closes the httpx clients we own that the loop used, as weak references
found them. The next loop finds its client closed and builds a new one. A loop shut down without
finalizing its generators (run by hand) leaves the old client to the garbage collector; a new
one is built all the same.

One generator per loop, kept for as long as the loop, not one per client: trio warns about
each async generator the garbage collector finds unfinished, and clients come and go.

A client the caller passed in is theirs to manage (httpx's rule: create it inside the loop that
uses it), and is left alone. No task is started: the generator only waits to be finalized.
"""

from __future__ import annotations

import abc
import weakref
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx

__all__ = ["LoopBound"]


class _LoopEnd:
    """The clients one event loop used, and the generator it finalizes as it shuts down."""

    def __init__(self) -> None:
        self.clients: weakref.WeakSet[httpx.AsyncClient] = weakref.WeakSet()
        self.sentinel = self._close_all()

    async def _close_all(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            # The loop is shutting down its async generators: close the connections it owns
            # while it can still run the closing handshakes.
            for client in list(self.clients):
                if not client.is_closed:
                    await client.aclose()


#: Per running loop (or trio run), its :class:`_LoopEnd`; an entry goes with its loop.
_ENDS: weakref.WeakKeyDictionary[object, _LoopEnd] = weakref.WeakKeyDictionary()


class LoopBound(abc.ABC):
    """Rebinds the client it is mixed into to each new event loop (see the module docstring).

    Mixed into ``AsyncOsuApi`` subclasses, ahead of it; uses its ``_http``, ``_owns_client``
    and ``_new_http``.
    """

    _http: httpx.AsyncClient
    _owns_client: bool
    _bound: weakref.ref[object] | None = None

    if TYPE_CHECKING:

        def _new_http(self) -> httpx.AsyncClient: ...

    @abc.abstractmethod
    def _loop_token(self) -> object:
        """An object that stands for the running event loop (or trio run), weakly referable."""

    async def _enter(self) -> None:
        token = self._loop_token()
        bound = self._bound
        if bound is not None and bound() is token:
            return
        if self._owns_client:
            if bound is not None:  # a new loop: the old connections are no use here
                self._http = self._new_http()
            end = _ENDS.get(token)
            if end is None:
                end = _ENDS[token] = _LoopEnd()
                await end.sentinel.__anext__()  # started inside the loop, so it is the loop's
            end.clients.add(self._http)
        self._bound = weakref.ref(token)

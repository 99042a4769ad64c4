"""osu_transports: sync, asyncio and trio clients over httpx that carry out what osu_core
describes, and an offline emulator of the osu! API v1 for tests.

The flavours live in submodules so that importing one never imports another's event loop:
``osu_transports.sync``, ``osu_transports.asyncio``, ``osu_transports.trio``.
"""

from osu_core import __version__

__all__ = ["__version__"]

"""osu_transports: sync, asyncio and trio clients over httpx that carry out what osu_core
describes, and an offline emulator of the osu! API v1 for tests.

The flavours live in submodules so that importing one never imports another's event loop:
``osu_transports.sync``, ``osu_transports.asyncio``, ``osu_transports.trio``.

Importing this package imports nothing else: the pytest plugin (``osu_transports.testing.
pytest_plugin``, loaded into every pytest run where the package is installed) sits under it, so
``osu_core``, attrs and httpx load only when a flavour or a fixture is used.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:  # no typing import: pytest's plugin loading pays for each
    if name == "__version__":
        from osu_core._version import __version__

        return __version__
    raise AttributeError(f"module 'osu_transports' has no attribute {name!r}")

"""osu_transports.testing: an offline emulator of the osu! API v1 (work in progress)."""

__all__: list[str] = []

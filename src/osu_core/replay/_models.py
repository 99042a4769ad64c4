"""Replay frame values: the key state of each game mode and the frame tuples built from a stream.

A replay stream is a list of ``w|x|y|z`` frames (``reference/osu-file-format.md`` §B.2). What
``x`` and ``z`` mean depends on the mode, so each mode gets its own frame type whose ``keys`` is
that mode's flag type:

========  ==================  ==========================================================
mode      frame               ``keys``
========  ==================  ==========================================================
osu!      :class:`OsuFrame`   :class:`OsuKeys` from ``z`` (mouse buttons, keys, smoke)
taiko     :class:`TaikoFrame` :class:`TaikoKeys` from ``z`` (don and kat, left and right)
catch     :class:`CatchFrame` :class:`CatchKeys` from ``z`` (dash); ``x`` is the catcher
mania     :class:`ManiaFrame` :class:`ManiaKeys` from ``x`` (a bitmask of columns)
========  ==================  ==========================================================

Frames are ``NamedTuple`` s: hashable, compared by value, and built with ``tuple.__new__`` (no
per-frame validation), which keeps decoding tens of thousands of them cheap. This module holds
values only: no parsing, no I/O.
"""

from __future__ import annotations

from typing import NamedTuple, TypeAlias

from osu_core._enums import BoundedIntFlag

__all__ = [
    "CatchFrame",
    "CatchKeys",
    "ManiaFrame",
    "ManiaKeys",
    "OsuFrame",
    "OsuKeys",
    "RawFrame",
    "ReplayFrame",
    "TaikoFrame",
    "TaikoKeys",
]


class OsuKeys(BoundedIntFlag):
    """Buttons held in an osu! frame (``z``).

    Values from the osr wiki and lazer ``ReplayButtonState``. A keyboard key is always reported
    together with its mouse button: K1 arrives as ``M1 | K1`` (5), K2 as ``M2 | K2`` (10).
    """

    none = 0
    M1 = 1
    M2 = 2
    K1 = 4
    K2 = 8
    Smoke = 16


class TaikoKeys(BoundedIntFlag):
    """Drum hits held in a taiko frame (``z``).

    lazer ``TaikoReplayFrame.FromLegacy`` maps the legacy buttons Left1, Right1, Left2, Right2
    (1, 2, 4, 8) to left centre, left rim, right centre, right rim; osrparse calls them
    ``LEFT_DON``, ``LEFT_KAT``, ``RIGHT_DON``, ``RIGHT_KAT``.
    """

    none = 0
    LeftDon = 1
    LeftKat = 2
    RightDon = 4
    RightKat = 8


class CatchKeys(BoundedIntFlag):
    """Key state of a catch frame (``z``): only dashing is recorded."""

    none = 0
    Dash = 1

    @property
    def dashing(self) -> bool:
        """Whether the catcher dashes. lazer ``CatchReplayFrame`` (and osrparse) count a dash
        only when the state is exactly ``Dash`` (1), not when other bits come with it."""
        return int(self) == 1


class ManiaKeys(BoundedIntFlag):
    """Columns held in a mania frame: bit ``n - 1`` is column ``n`` (lazer
    ``ManiaReplayFrame.FromLegacy`` reads this bitmask from ``x``; up to 18 columns)."""

    none = 0
    Key1 = 1 << 0
    Key2 = 1 << 1
    Key3 = 1 << 2
    Key4 = 1 << 3
    Key5 = 1 << 4
    Key6 = 1 << 5
    Key7 = 1 << 6
    Key8 = 1 << 7
    Key9 = 1 << 8
    Key10 = 1 << 9
    Key11 = 1 << 10
    Key12 = 1 << 11
    Key13 = 1 << 12
    Key14 = 1 << 13
    Key15 = 1 << 14
    Key16 = 1 << 15
    Key17 = 1 << 16
    Key18 = 1 << 17

    @property
    def columns(self) -> tuple[int, ...]:
        """The held columns, 1-based and ascending: ``Key1 | Key18`` gives ``(1, 18)``."""
        value = int(self)
        return tuple(bit + 1 for bit in range(value.bit_length()) if value >> bit & 1)


class RawFrame(NamedTuple):
    """One frame exactly as the stream holds it, whatever the mode.

    Attributes:
        delta: Milliseconds since the previous frame (may be negative; ``-12345`` marks the
            RNG seed frame).
        x: The ``x`` field (cursor x, catcher x, or the mania column bitmask).
        y: The ``y`` field (cursor y; unused in taiko, catch and mania).
        z: The ``z`` field (key bits; the RNG seed in the seed frame).
    """

    delta: int
    x: float
    y: float
    z: int


class OsuFrame(NamedTuple):
    """An osu! frame: when, where the cursor is (playfield pixels, 512x384) and what is held.

    Attributes:
        delta: Milliseconds since the previous frame in the stream.
        time: Milliseconds since the start of the replay (the running sum of deltas).
        x: Cursor x.
        y: Cursor y.
        keys: Buttons held.
    """

    delta: int
    time: int
    x: float
    y: float
    keys: OsuKeys


class TaikoFrame(NamedTuple):
    """A taiko frame; ``x`` and ``y`` carry no meaning (values such as -150 or 640 are seen).

    Attributes:
        delta: Milliseconds since the previous frame in the stream.
        time: Milliseconds since the start of the replay.
        x: Unused by the game.
        y: Unused by the game.
        keys: Drum hits held.
    """

    delta: int
    time: int
    x: float
    y: float
    keys: TaikoKeys


class CatchFrame(NamedTuple):
    """A catch frame: ``x`` is the catcher's position, ``y`` is unused (9999 is seen).

    Attributes:
        delta: Milliseconds since the previous frame in the stream.
        time: Milliseconds since the start of the replay.
        x: Catcher x position.
        y: Unused by the game.
        keys: Dash state; use ``keys.dashing`` for the game's own rule.
    """

    delta: int
    time: int
    x: float
    y: float
    keys: CatchKeys


class ManiaFrame(NamedTuple):
    """A mania frame: the held columns are the bitmask stored in ``x``.

    Attributes:
        delta: Milliseconds since the previous frame in the stream.
        time: Milliseconds since the start of the replay.
        x: The raw column bitmask, as stored.
        y: Unused by the game.
        keys: The held columns as flags (``int(x)``; a negative ``x`` gives no columns).
    """

    delta: int
    time: int
    x: float
    y: float
    keys: ManiaKeys

    @property
    def columns(self) -> tuple[int, ...]:
        """The held columns, 1-based and ascending."""
        return self.keys.columns


#: Any mode's frame.
ReplayFrame: TypeAlias = OsuFrame | TaikoFrame | CatchFrame | ManiaFrame

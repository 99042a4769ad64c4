"""Game modifiers (mods): the bit flags of ``enabled_mods`` and ``mods``, and their acronyms.

The bits come from the API wiki and the ``.osr`` format page (``reference/api-v1.md`` §0). Two
rules of the game shape the acronym conversions:

* Nightcore is only ever sent together with DoubleTime (NC alone is 576, not 512), and Perfect
  together with SuddenDeath (PF is 16416). Parsing ``"NC"`` therefore gives NC|DT, and the
  canonical acronym string of NC|DT is ``"NC"`` (the implied DT is not written).
* ``in`` means subset, as for every ``enum.Flag``: ``HD in HDDT`` is true and ``HDDT in HD`` is
  false.

``enum.Flag`` caches a pseudo-member for every combination it ever builds, in
``_value2member_map_`` (``Flag._missing_`` in ``Lib/enum.py``: ``setdefault`` on 3.11-3.13,
``_create_pseudo_member_`` on 3.10, which also caches each unknown bit); a million rows of
varied ``enabled_mods`` kept a million of them alive. :class:`GameModifiers` (a
``BoundedIntFlag``, as are the core's other flags) keeps the first :data:`MODS_CACHE` and builds
the rest anew each time.

Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._enums import FLAG_CACHE_LIMITS, BoundedIntFlag, ascii_int, is_ascii_digits, shown
from ._errors import InvalidArgument

__all__ = ["MODS_CACHE", "GameModifier", "GameModifiers"]

#: How many mod combinations :class:`GameModifiers` keeps as cached pseudo-members. More than
#: an open enum's ``PSEUDO_MEMBER_CACHE``: combinations are more varied than unknown ids, and a
#: Flag pseudo-member costs about 7 µs to build (it is named by decomposing its bits), against
#: 0.3 µs for a cached lookup. 1024 of them hold about 0.5 MB.
MODS_CACHE = 1024

#: The API's mods are a signed 32-bit column with bit 31 unused: 0 to 2**31 - 1.
_MODS_MAX = 2**31 - 1


class GameModifiers(BoundedIntFlag):
    """Bitwise set of mods, as the API sends them in ``enabled_mods`` and ``mods``.

    Combine with ``|``; test with ``in`` (subset). Convert from acronyms with
    :meth:`from_acronyms` (``"HDDT"``, ``"hd,dt"``, ``"+HD HR"``) and back with :attr:`acronyms`;
    ``int(mods)`` is what the API expects.
    """

    none = 0
    NoFail = 1 << 0
    Easy = 1 << 1
    TouchDevice = 1 << 2
    NoVideo = 1 << 2  # the bit's name before touch devices took it over
    Hidden = 1 << 3
    HardRock = 1 << 4
    SuddenDeath = 1 << 5
    DoubleTime = 1 << 6
    Relax = 1 << 7
    HalfTime = 1 << 8
    Nightcore = 1 << 9  # only ever set along with DoubleTime: NC is sent as 576
    Flashlight = 1 << 10
    Autoplay = 1 << 11
    SpunOut = 1 << 12
    Relax2 = 1 << 13
    Autopilot = 1 << 13
    Perfect = 1 << 14  # only ever set along with SuddenDeath: PF is sent as 16416
    Key4 = 1 << 15
    Key5 = 1 << 16
    Key6 = 1 << 17
    Key7 = 1 << 18
    Key8 = 1 << 19
    FadeIn = 1 << 20
    Random = 1 << 21
    Cinema = 1 << 22
    Target = 1 << 23
    TargetPractice = 1 << 23
    Key9 = 1 << 24
    KeyCoop = 1 << 25
    Key1 = 1 << 26
    Key3 = 1 << 27
    Key2 = 1 << 28
    ScoreV2 = 1 << 29
    Mirror = 1 << 30
    LastMod = 1 << 30  # the original library's name for bit 30
    KeyMod = Key1 | Key2 | Key3 | Key4 | Key5 | Key6 | Key7 | Key8 | Key9 | KeyCoop
    FreeModAllowed = (
        NoFail
        | Easy
        | Hidden
        | HardRock
        | SuddenDeath
        | Flashlight
        | FadeIn
        | Relax
        | Relax2
        | SpunOut
        | KeyMod
    )
    ScoreIncreaseMods = Hidden | HardRock | DoubleTime | Flashlight | FadeIn

    @classmethod
    def from_acronyms(cls, text: str, *, parameter: str = "mods") -> GameModifiers:
        """Parse mods written as acronyms, in any order and case, with or without separators.

        ``"HDDT"``, ``"hd,dt"``, ``"+HD +DT"``, ``"DT|HD"`` all give Hidden|DoubleTime.
        ``"NC"`` gives Nightcore|DoubleTime and ``"PF"`` Perfect|SuddenDeath. ``""``, ``"NM"``
        and ``"None"`` give no mods. Key-count mods are ``"1K"`` to ``"9K"``; ScoreV2 is
        ``"V2"`` or ``"SV2"``.

        Args:
            text: The acronyms.
            parameter: The argument's name, for the error message.

        Raises:
            InvalidArgument: naming the part that is not a known acronym.
        """
        if not isinstance(text, str):
            raise InvalidArgument(
                f"{parameter}: acronyms must be a string, not {type(text).__name__}",
                parameter=parameter,
            )
        compact = _SEPARATORS.sub("", text)
        if not compact.isascii():
            # Acronyms are ASCII; upper() would turn U+017F (long s) into "S" and U+0131 into "I".
            raise _unknown_acronym(next(c for c in compact if not c.isascii()), text, parameter)
        compact = compact.upper()
        if compact in _NO_MODS:
            return cls.none
        value = 0
        pos = 0
        while pos < len(compact):
            for size in (4, 3, 2):
                bits = _ACRONYM_TO_BITS.get(compact[pos : pos + size])
                if bits is not None:
                    value |= bits
                    pos += size
                    break
            else:
                raise _unknown_acronym(compact[pos : pos + 2] or compact[pos:], text, parameter)
        return cls(value).normalized()

    @classmethod
    def coerce(
        cls, value: GameModifiers | int | str | Iterable[str], *, parameter: str = "mods"
    ) -> GameModifiers:
        """Turn what users write for mods into a :class:`GameModifiers`.

        Accepts a ``GameModifiers``, an ``int`` (the API's number), a string of acronyms or of
        digits (``"HDDT"`` or ``"72"``), or an iterable of acronyms (``["HD", "DT"]``). The
        result is normalised (NC implies DT, PF implies SD). ``parameter`` names the argument
        in error messages.

        Raises:
            InvalidArgument: for negative numbers, unknown acronyms or other types.
        """
        if isinstance(value, bool):
            raise InvalidArgument(
                f"{parameter}: must be mods, an int or acronyms, not a bool", parameter=parameter
            )
        if isinstance(value, int):
            number = int.__int__(value)  # a subclass's __str__ or __eq__ plays no part
            if not 0 <= number <= _MODS_MAX:
                raise InvalidArgument(
                    f"{parameter}: must be between 0 and 2**31 - 1, got {shown(value)}",
                    parameter=parameter,
                )
            return cls(number).normalized()
        if isinstance(value, str):
            if is_ascii_digits(value):  # "72"; "²" and "٣" are neither digits nor acronyms
                digits = ascii_int(value, 10)
                if digits is None or digits > _MODS_MAX:
                    raise InvalidArgument(
                        f"{parameter}: must be between 0 and 2**31 - 1, got {shown(value)}",
                        parameter=parameter,
                    )
                return cls.coerce(digits, parameter=parameter)
            return cls.from_acronyms(value.strip(), parameter=parameter)
        try:
            parts = list(value)
        except TypeError:
            raise InvalidArgument(
                f"{parameter}: must be mods, an int or acronyms, not {type(value).__name__}",
                parameter=parameter,
            ) from None
        if not all(isinstance(part, str) for part in parts):
            raise InvalidArgument(
                f"{parameter}: a list of mods must hold acronym strings", parameter=parameter
            )
        return cls.from_acronyms(",".join(parts), parameter=parameter)

    def normalized(self) -> GameModifiers:
        """Add the mods the game always sends along: DT with NC, SD with PF."""
        value = int(self)
        if value & _NC:
            value |= _DT
        if value & _PF:
            value |= _SD
        return type(self)(value)

    @property
    def acronyms(self) -> str:
        """The canonical acronym string, in bit order: ``"HDDT"``, ``"NC"`` for NC|DT, ``""``
        for no mods. Bits no acronym names are written as ``"[bits]"``, which
        :meth:`from_acronyms` rejects."""
        value = int(self)
        if value & _NC:
            value &= ~_DT
        if value & _PF:
            value &= ~_SD
        parts = []
        for bits, acronym in _CANONICAL:
            if value & bits:
                parts.append(acronym)
                value &= ~bits
        if value:
            parts.append(f"[{value}]")
        return "".join(parts)

    def __str__(self) -> str:
        return self.acronyms or "NM"


def _unknown_acronym(bad: str, text: str, parameter: str) -> InvalidArgument:
    return InvalidArgument(
        f"{parameter}: unknown mod acronym {bad!r} in {shown(text)}; known acronyms: "
        + ", ".join(_CANONICAL_ORDER_NAMES),
        parameter=parameter,
    )


FLAG_CACHE_LIMITS[GameModifiers] = MODS_CACHE

#: The singular name the original library's code uses in places: the same class.
GameModifier = GameModifiers

_DT = GameModifiers.DoubleTime.value
_NC = GameModifiers.Nightcore.value
_SD = GameModifiers.SuddenDeath.value
_PF = GameModifiers.Perfect.value

_SEPARATORS = re.compile(r"[\s,+|/;_-]+")
_NO_MODS = frozenset({"", "NM", "NOMOD", "NONE"})

# Canonical acronyms in bit order (the order of the osu! wiki's table).
_CANONICAL: tuple[tuple[int, str], ...] = tuple(
    (GameModifiers[name].value, acronym)
    for name, acronym in (
        ("NoFail", "NF"),
        ("Easy", "EZ"),
        ("TouchDevice", "TD"),
        ("Hidden", "HD"),
        ("HardRock", "HR"),
        ("SuddenDeath", "SD"),
        ("DoubleTime", "DT"),
        ("Relax", "RX"),
        ("HalfTime", "HT"),
        ("Nightcore", "NC"),
        ("Flashlight", "FL"),
        ("Autoplay", "AT"),
        ("SpunOut", "SO"),
        ("Relax2", "AP"),
        ("Perfect", "PF"),
        ("Key4", "4K"),
        ("Key5", "5K"),
        ("Key6", "6K"),
        ("Key7", "7K"),
        ("Key8", "8K"),
        ("FadeIn", "FI"),
        ("Random", "RD"),
        ("Cinema", "CN"),
        ("Target", "TP"),
        ("Key9", "9K"),
        ("KeyCoop", "COOP"),
        ("Key1", "1K"),
        ("Key3", "3K"),
        ("Key2", "2K"),
        ("ScoreV2", "V2"),
        ("Mirror", "MR"),
    )
)
_CANONICAL_ORDER_NAMES = tuple(acronym for _, acronym in _CANONICAL)

# Other spellings seen in the wild (osu!stable, lazer, tournament sheets).
_ALIASES = {
    "NV": "TD",
    "RL": "RX",
    "AU": "AT",
    "AUTO": "AT",
    "CO": "COOP",
    "DS": "COOP",
    "SV2": "V2",
    "CM": "CN",
    "TG": "TP",
}
_ACRONYM_TO_BITS: dict[str, int] = {acronym: bits for bits, acronym in _CANONICAL}
_ACRONYM_TO_BITS.update({alias: _ACRONYM_TO_BITS[target] for alias, target in _ALIASES.items()})

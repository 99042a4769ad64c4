"""``BeatmapFile``: the raw ``.osu`` download as an API model, with the reference's
``version`` and ``get_category`` and a typed :meth:`BeatmapFile.parse`.

The text handling here is deliberately light (find the header, slice out a section); the full
typed reading lives in :mod:`osu_core.beatmap`. No I/O.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ._base import BaseModel
from ._osu_format import LATEST_VERSION, header_version

if TYPE_CHECKING:
    from .beatmap._file import OsuFile

__all__ = ["BeatmapFile"]


def _lines(content: str) -> list[str]:
    text = content[1:] if content.startswith("\ufeff") else content
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@attrs.frozen(kw_only=True)
class BeatmapFile(BaseModel):
    """A beatmap's ``.osu`` file, as ``get_beatmap_file`` downloads it.

    Attributes:
        content: The file's text.
        beatmap_id: The beatmap (difficulty) id it was downloaded for, when known.
    """

    content: str
    beatmap_id: int | None = None

    @property
    def version(self) -> int:
        """The format version from the ``osu file format v<N>`` header.

        It is read from the first non-blank line, after a BOM. When there is no such line,
        or it is not a header, or its number is not an integer, this is 14: the version lazer
        assumes for such files (``LegacyDecoder.LATEST_VERSION``), so it always equals
        ``self.parse().format_version`` for content that parses.
        """
        for line in _lines(self.content):
            stripped = line.strip()
            if stripped:
                version = header_version(stripped)
                return LATEST_VERSION if version is None else version
        return LATEST_VERSION

    def get_category(self, category_name: str) -> str:
        """The raw text of a section (a "category"), without its ``[Name]`` line.

        Lines are returned as written (comments included, line ends unified to ``"\\n"``,
        trailing blanks of each line removed), without the blank lines at the section's start
        and end. A section that appears twice gives both bodies, in file order.

        Args:
            category_name: The section name without brackets, e.g. ``"Editor"``.

        Returns:
            The section's lines joined by ``"\\n"``; ``""`` when the file has no such section
            (or it is empty).
        """
        out: list[str] = []
        inside = False
        for line in _lines(self.content):
            stripped = line.rstrip()
            if stripped.startswith("[") and stripped.endswith("]"):
                inside = stripped[1:-1] == category_name
                continue
            if inside:
                out.append(stripped)
        return "\n".join(out).strip("\n")

    def parse(self) -> OsuFile:
        """Parse :attr:`content` into the typed model (see :func:`parse_osu_file`).

        Returns:
            The typed file.

        Raises:
            ParseError: if the content is empty or malformed.
        """
        from .beatmap._parser import parse_osu_file

        return parse_osu_file(self.content)

"""Paging through every beatmap ranked or loved since a date, as pure state.

Theory of operation: ``get_beatmaps(since=...)`` answers at most ``limit`` (500) rows ordered by
``approved_date``; the next page starts where the last one ended. Several difficulties of a set
share one ``approved_date``, so a page boundary can cut such a group in two, and whether the API
compares ``since`` with ``>`` or ``>=`` is not documented. The pager therefore asks again from one
second before the last date it saw (or from that date itself when that would not move forward),
and drops the ids it already returned: with either comparison nothing is lost and nothing is
returned twice. It stops after a page shorter than the limit. A full page that brings nothing new
(more than ``limit`` maps in one second, which has never happened) moves ``since`` one second
on, so paging always ends. A transport drives it::

    pager = BeatmapsSincePager(since=date(2024, 1, 1))
    while (call := pager.next_call()) is not None:
        for beatmap in pager.feed(send(call)):
            ...

No I/O.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from . import _params as p
from ._collections import BeatmapCollection
from ._endpoints import get_beatmaps
from ._http import Call
from ._models import Beatmap

__all__ = ["BeatmapsSincePager"]

_SECOND = _dt.timedelta(seconds=1)


@attrs.define(kw_only=True)
class BeatmapsSincePager:
    """The state of one walk through ``get_beatmaps(since=...)`` pages.

    Args:
        since: Start from maps ranked or loved at this moment (datetime, date or string; UTC).
        mode: Only maps of this mode.
        include_converted: With a ``mode`` other than osu!, include converted maps.
        limit: Page size, 1-500.
    """

    since: Any
    mode: Any = None
    include_converted: bool | None = None
    limit: int = 500
    _cursor: _dt.datetime = attrs.field(init=False)
    _seen: set[int] = attrs.field(init=False, factory=set)
    _done: bool = attrs.field(init=False, default=False)

    def __attrs_post_init__(self) -> None:
        text = p.since(self.since)
        self._cursor = _dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(
            tzinfo=_dt.timezone.utc
        )
        p.ranged(self.limit, "limit", 1, 500)
        # Validate the other filters now, not on the first page.
        self.next_call()

    @property
    def done(self) -> bool:
        """Whether the last page has been fed."""
        return self._done

    def next_call(self) -> Call[BeatmapCollection] | None:
        """The call for the next page, or None when paging is over."""
        if self._done:
            return None
        return get_beatmaps(
            limit=self.limit,
            since=self._cursor,
            mode=self.mode,
            include_converted=self.include_converted,
        )

    def feed(self, page: list[Beatmap]) -> list[Beatmap]:
        """Take a page's rows; return the ones not returned before, in order."""
        fresh = [b for b in page if b.beatmap_id not in self._seen]
        self._seen.update(b.beatmap_id for b in fresh)
        if len(page) < self.limit:
            self._done = True
            return fresh
        last = max(b.approved_date or b.last_update for b in page)
        if not fresh:
            self._cursor = max(self._cursor, last) + _SECOND
        elif last - _SECOND > self._cursor:
            self._cursor = last - _SECOND
        else:
            self._cursor = max(self._cursor, last)
        return fresh

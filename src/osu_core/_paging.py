"""Paging through every beatmap ranked or loved since a date, as pure state.

Theory of operation: ``get_beatmaps(since=...)`` answers at most ``limit`` (500) rows ordered by
``approved_date``; the next page starts where the last one ended. Several difficulties of a set
share one ``approved_date``, so a page boundary can cut such a group in two, and whether the API
compares ``since`` with ``>`` or ``>=`` is not documented. The pager therefore asks again from one
second before the last date it saw (or from that date itself when that would not move forward),
and drops the ids it already returned: with either comparison nothing is lost and nothing is
returned twice. It stops after a page shorter than the limit. A full page that brings nothing new
(more than ``limit`` maps in one second, which has never happened) moves ``since`` one second
past its last date, so paging always ends; so does a cursor that reaches MySQL's last DATETIME.

A server that ignores ``since`` answers every page with the same rows, and those one-second
steps then made a request per second of ``since``, forever (issue 10: ~1,000 requests in 10 s,
nothing new). A full page is *stale* when it brings no new beatmap or holds rows dated before the
``since`` it was asked for (which a server that filters never sends). After a stale page the
cursor is past the rows of that page, so an honest server gives at most two stale pages in a row
(when ``limit`` maps share each of two consecutive seconds); simulating every arrangement of up
to 6 maps in each of 4 seconds, with pages of 1 to 3 and either comparison, never gave more than
one. :data:`MAX_STALE_PAGES` (3) in a row therefore means ``since`` is not being honoured, and
:meth:`BeatmapsSincePager.next_call` raises :class:`ResponseError` instead of asking again:
four requests in all against such a server. The error comes from ``next_call``, not
``feed``, so the new rows of the last page still reach the caller. A transport drives it::

    pager = BeatmapsSincePager(since=date(2024, 1, 1))
    while (call := pager.next_call()) is not None:
        for beatmap in pager.feed(send(call)):
            ...

No I/O.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

import attrs

from . import _params as p
from ._collections import BeatmapCollection
from ._endpoints import get_beatmaps
from ._enums import shown
from ._errors import InvalidArgument, ResponseError
from ._http import Call
from ._models import Beatmap

__all__ = ["MAX_STALE_PAGES", "BeatmapsSincePager"]

#: Full pages in a row that bring nothing new (or rows from before ``since``) after which the
#: pager gives up: one more than an honest server can produce (see the module docstring).
MAX_STALE_PAGES = 3

_SECOND = _dt.timedelta(seconds=1)


@attrs.define(kw_only=True)
class BeatmapsSincePager:
    """The state of one walk through ``get_beatmaps(since=...)`` pages.

    Args:
        since: Start from maps ranked or loved at this moment (datetime, date or string; UTC;
            1000-01-01 to 9999-12-31 23:59:59, MySQL's DATETIME range).
        mode: Only maps of this mode.
        include_converted: With a ``mode`` other than osu!, include converted maps.
        limit: Page size, 1-500.

    Raises:
        InvalidArgument: for a bad argument, at once rather than on the first page.
    """

    since: Any
    mode: Any = None
    include_converted: bool | None = None
    limit: int = 500
    _start: _dt.datetime = attrs.field(init=False)
    _cursor: _dt.datetime = attrs.field(init=False)
    _asked: _dt.datetime = attrs.field(init=False)  # the since of the last page fed
    _seen: set[int] = attrs.field(init=False, factory=set)
    _done: bool = attrs.field(init=False, default=False)
    _stale: int = attrs.field(init=False, default=0)

    def __attrs_post_init__(self) -> None:
        self._start = self._cursor = self._asked = p.since_moment(self.since)
        self.limit = int(p.ranged(self.limit, "limit", 1, 500))
        # Validate the other filters now, not on the first page.
        self.next_call()

    @property
    def done(self) -> bool:
        """Whether the last page has been fed."""
        return self._done

    def next_call(self) -> Call[BeatmapCollection] | None:
        """The call for the next page, or None when paging is over.

        Raises:
            ResponseError: after :data:`MAX_STALE_PAGES` stale pages in a row: the server does
                not honour ``since``. It names the cursor; calling again raises again.
        """
        if self._stale >= MAX_STALE_PAGES:
            raise ResponseError(
                f"get_beatmaps: {self._stale} full pages in a row brought no new beatmap or "
                f"held rows dated before the since asked for, the last for "
                f"since={p.since(self._asked)!r} (started at since={p.since(self._start)!r}); "
                "the server does not seem to honour 'since'",
                endpoint="get_beatmaps",
            )
        if self._done:
            return None
        return get_beatmaps(
            limit=self.limit,
            since=self._cursor,
            mode=self.mode,
            include_converted=self.include_converted,
        )

    def feed(self, page: Iterable[Beatmap]) -> list[Beatmap]:
        """Take a page's rows; return the ones not returned before, in order.

        Raises:
            InvalidArgument: if ``page`` is not an iterable of :class:`Beatmap` with dates.
        """
        rows, dates = _rows_and_dates(page)
        fresh = [b for b in rows if b.beatmap_id not in self._seen]
        self._seen.update(b.beatmap_id for b in fresh)
        if len(rows) < self.limit:
            self._done = True
            return fresh
        self._asked = asked = self._cursor
        last = max(dates)
        stale = not fresh or min(dates) < asked
        self._stale = self._stale + 1 if stale else 0
        if not fresh:
            # Past every row seen; nothing can come after MySQL's last DATETIME.
            after = max(asked, last)
            if after >= p.SINCE_MAX:
                self._done = True
                return fresh
            self._cursor = after + _SECOND
        elif last - asked > _SECOND:
            self._cursor = last - _SECOND
        else:
            self._cursor = max(asked, last)
        self._cursor = self._cursor.replace(microsecond=0)  # what ``since`` can say
        return fresh


def _rows_and_dates(page: Iterable[Beatmap]) -> tuple[list[Beatmap], list[_dt.datetime]]:
    # The rows, and each one's date in UTC (approved_date, else last_update; naive means UTC).
    try:
        rows = list(page)
    except TypeError:
        raise InvalidArgument(
            f"page: must be an iterable of Beatmap, got {shown(page)}", parameter="page"
        ) from None
    dates = []
    for row in rows:
        moment = (row.approved_date or row.last_update) if isinstance(row, Beatmap) else None
        if not isinstance(moment, _dt.datetime):
            raise InvalidArgument(
                f"page: must hold Beatmap rows with dates, got {shown(row)}", parameter="page"
            )
        dates.append(p.as_utc(moment, "page"))
    return rows, dates

"""Rich renderings of the API's models, for the default (non ``--json``) output.

Readable first: numbers grouped, dates short and in UTC, accuracy computed per mode the way the
game shows it, HTML stripped from events. Nothing here fetches anything; the commands hand
in models and print what these functions build.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from osu_core import (
    Beatmap,
    GameMode,
    GameModifiers,
    MultiplayerMatch,
    Score,
    TeamType,
    User,
    UserBest,
    UserRecent,
)

__all__ = [
    "accuracy",
    "beatmap_panel",
    "beatmaps_table",
    "date",
    "day",
    "key_values",
    "match_view",
    "plays_table",
    "user_view",
]

_MODE_LABELS = {
    GameMode.Osu: "osu!",
    GameMode.Taiko: "osu!taiko",
    GameMode.Catch: "osu!catch",
    GameMode.Mania: "osu!mania",
}
_SHORT_MODES = {
    GameMode.Osu: "osu",
    GameMode.Taiko: "taiko",
    GameMode.Catch: "catch",
    GameMode.Mania: "mania",
}
_RANK_STYLES = {"XH": "bold bright_white", "X": "bold yellow", "SH": "bright_white", "S": "yellow"}
_TAG = re.compile(r"<[^>]+>")

Play = Score | UserBest | UserRecent


def mode_label(mode: GameMode | None) -> str:
    """``osu!taiko`` for ``GameMode.Taiko``; ``-`` for no mode."""
    if mode is None:
        return "-"
    return _MODE_LABELS.get(mode, mode.name)


def date(moment: dt.datetime | None) -> str:
    """A date as ``2024-05-19 13:03`` in UTC (``-`` for none)."""
    if moment is None:
        return "-"
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")


def number(value: float | None, digits: int = 0) -> str:
    """A number with thousands separators (``-`` for none)."""
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def duration(seconds: int | None) -> str:
    """Seconds as ``3:05`` or ``1:02:03``."""
    if seconds is None:
        return "-"
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def mods(value: GameModifiers | None) -> str:
    """Mods as acronyms (``NM`` for none)."""
    return "-" if value is None else str(value)


def accuracy(play: Play, mode: GameMode | None) -> float | None:
    """The accuracy the game shows for a play, as a percentage (osu! wiki, "Accuracy").

    Args:
        play: A score row.
        mode: The mode it was played in (osu! when unknown, as the API defaults).

    Returns:
        The accuracy in percent, or ``None`` when the play has no judged hits.
    """
    n300, n100, n50, miss = play.count300, play.count100, play.count50, play.countmiss
    geki, katu = play.countgeki, play.countkatu
    if mode == GameMode.Taiko:
        hit, total = n300 + 0.5 * n100, n300 + n100 + miss
    elif mode == GameMode.Catch:
        hit, total = n300 + n100 + n50, n300 + n100 + n50 + katu + miss
    elif mode == GameMode.Mania:
        hit = (300 * (geki + n300) + 200 * katu + 100 * n100 + 50 * n50) / 300
        total = geki + n300 + katu + n100 + n50 + miss
    else:
        hit = (300 * n300 + 100 * n100 + 50 * n50) / 300
        total = n300 + n100 + n50 + miss
    return None if total == 0 else 100 * hit / total


def key_values(rows: Sequence[tuple[str, RenderableType]]) -> Table:
    """A two-column grid of labels and values."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value)
    return grid


def _event_text(display_html: str) -> str:
    return escape(html.unescape(_TAG.sub("", display_html)).strip())


def user_view(user: User) -> RenderableType:
    """A user's statistics and recent events."""
    mode = user.mode if user.mode is not None else GameMode.Osu
    grades = (
        f"SS+ {number(user.count_rank_ssh)}  SS {number(user.count_rank_ss)}  "
        f"S+ {number(user.count_rank_sh)}  S {number(user.count_rank_s)}  "
        f"A {number(user.count_rank_a)}"
    )
    rank = "-" if user.pp_rank is None else f"#{user.pp_rank:,}"
    country_rank = "-" if user.pp_country_rank is None else f"#{user.pp_country_rank:,}"
    accuracy_text = "-" if user.accuracy is None else f"{user.accuracy:.2f}%"
    played = None if user.total_seconds_played is None else user.total_seconds_played // 3600
    stats = key_values(
        [
            ("Performance", f"{number(user.pp_raw, 2)}pp"),
            ("Global rank", rank),
            ("Country rank", f"{country_rank} ({user.country})"),
            ("Accuracy", accuracy_text),
            ("Level", number(user.level, 2)),
            ("Play count", number(user.playcount)),
            ("Play time", "-" if played is None else f"{played:,} h"),
            ("Ranked score", number(user.ranked_score)),
            ("Total score", number(user.total_score)),
            ("Grades", grades),
            ("Joined", date(user.join_date)),
        ]
    )
    title = f"[bold]{escape(user.username)}[/] · id {user.user_id} · {mode_label(mode)}"
    parts: list[RenderableType] = [stats]
    if user.events:
        events = Table(box=box.SIMPLE_HEAD, title="Recent events", title_justify="left")
        events.add_column("Date (UTC)", no_wrap=True)
        events.add_column("Event")
        for event in user.events:
            events.add_row(date(event.date), _event_text(event.display_html))
        parts += [Text(""), events]
    return Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED, expand=False)


def _beatmap_name(beatmap: Beatmap) -> str:
    return escape(f"{beatmap.artist} - {beatmap.title} [{beatmap.version}]")


def _short_mode(mode: GameMode | None) -> str:
    return "-" if mode is None else _SHORT_MODES.get(mode, mode.name)


def day(moment: dt.datetime | None) -> str:
    """A date as ``2024-05-19`` in UTC (``-`` for none)."""
    return "-" if moment is None else date(moment)[:10]


def beatmaps_table(beatmaps: Sequence[Beatmap], *, header: bool = True) -> Table:
    """Beatmaps, one row each; the column widths are fixed so pages can be printed apart.

    Args:
        beatmaps: The rows.
        header: Show the column titles (off for the pages streamed after the first).
    """
    table = Table(box=box.SIMPLE_HEAD, show_header=header, pad_edge=False, collapse_padding=True)
    table.add_column("Beatmap", justify="right", no_wrap=True, width=8)
    table.add_column("Mode", no_wrap=True, width=5)
    table.add_column("Stars", justify="right", no_wrap=True, width=5)
    table.add_column("Status", no_wrap=True, width=9)
    table.add_column("Ranked", no_wrap=True, width=10)
    table.add_column("Artist - Title [Version]", ratio=1)
    for beatmap in beatmaps:
        table.add_row(
            str(beatmap.beatmap_id),
            _short_mode(beatmap.mode),
            number(beatmap.difficultyrating, 2),
            beatmap.approved.name,
            day(beatmap.approved_date),
            _beatmap_name(beatmap),
        )
    return table


def beatmap_panel(beatmap: Beatmap) -> RenderableType:
    """One beatmap in detail."""
    stats = (
        f"CS {beatmap.diff_size:g}  AR {beatmap.diff_approach:g}  "
        f"OD {beatmap.diff_overall:g}  HP {beatmap.diff_drain:g}"
    )
    objects = (
        f"{number(beatmap.count_normal)} circles, {number(beatmap.count_slider)} sliders, "
        f"{number(beatmap.count_spinner)} spinners"
    )
    rows: list[tuple[str, RenderableType]] = [
        ("Mapper", f"{escape(beatmap.creator)} (id {beatmap.creator_id or '-'})"),
        ("Mode", mode_label(beatmap.mode)),
        ("Status", f"{beatmap.approved.name} ({date(beatmap.approved_date)})"),
        ("Stars", number(beatmap.difficultyrating, 2)),
        ("Difficulty", stats),
        ("BPM", number(beatmap.bpm, 0)),
        ("Length", f"{duration(beatmap.total_length)} (drain {duration(beatmap.hit_length)})"),
        ("Max combo", number(beatmap.max_combo)),
        ("Objects", objects),
        ("Plays", f"{number(beatmap.playcount)} ({number(beatmap.passcount)} passes)"),
        ("Favourites", number(beatmap.favourite_count)),
        ("Genre", f"{beatmap.genre_id.name} · {beatmap.language_id.name}"),
        ("MD5", beatmap.file_md5),
        ("Links", f"https://osu.ppy.sh/b/{beatmap.beatmap_id}"),
    ]
    title = f"[bold]{_beatmap_name(beatmap)}[/] · id {beatmap.beatmap_id}"
    return Panel(key_values(rows), title=title, title_align="left", expand=False)


def _rank(rank: str) -> Text:
    return Text(rank, style=_RANK_STYLES.get(rank, ""))


def plays_table(
    plays: Sequence[Play],
    *,
    title: str,
    mode: GameMode | None,
    computed: Sequence[float | None] | None = None,
) -> Table:
    """Score rows (a leaderboard, best scores or recent plays), one row each.

    Args:
        plays: The rows.
        title: The table's title.
        mode: The mode of the request, for accuracy (rows carry it too when the library knew).
        computed: Per row, the pp computed from the map (``get_performance``) for rows the
            API sent none for; shown with a ``~`` and explained in the caption.
    """
    leaderboard = bool(plays) and isinstance(plays[0], Score)
    table = Table(
        box=box.SIMPLE_HEAD,
        title=escape(title),
        title_justify="left",
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    # The one column allowed to wrap, so it is the one that narrows on a narrow terminal.
    table.add_column("Player" if leaderboard else "Beatmap", min_width=7)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Acc", justify="right", no_wrap=True)
    table.add_column("Combo", justify="right", no_wrap=True)
    table.add_column("Miss", justify="right", no_wrap=True)
    table.add_column("Mods", no_wrap=True)
    table.add_column("Rank", no_wrap=True)
    table.add_column("PP", justify="right", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    for index, play in enumerate(plays, 1):
        acc = accuracy(play, play.mode if play.mode is not None else mode)
        who = escape(play.username) if isinstance(play, Score) else str(play.beatmap_id)
        table.add_row(
            str(index),
            who,
            number(play.score),
            "-" if acc is None else f"{acc:.2f}%",
            f"{play.maxcombo:,}x",
            str(play.countmiss),
            mods(play.enabled_mods),
            _rank(play.rank),
            _pp(play.pp, None if computed is None else computed[index - 1]),
            day(play.date),
        )
    if computed is not None and any(v is not None for v in computed):
        table.caption = "~ computed from the map by rosu-pp-py (the API sends no pp for it)"
    return table


def _pp(sent: float | None, computed: float | None) -> str:
    if sent is None and computed is not None:
        return f"~{computed:,.0f}"
    return number(sent)


def match_view(match: MultiplayerMatch) -> RenderableType:
    """A multiplayer match: its times and one row per game."""
    first = match.games[0] if match.games else None
    rules = "-" if first is None else f"{first.team_type.name}, {first.scoring_type.name}"
    head = key_values(
        [
            ("Started", date(match.start_time)),
            ("Ended", date(match.end_time) if match.end_time else "in progress"),
            ("Format", rules),
            ("Link", f"https://osu.ppy.sh/mp/{match.match_id}"),
        ]
    )
    games = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    games.add_column("#", justify="right", no_wrap=True)
    games.add_column("Start", no_wrap=True)
    games.add_column("Beatmap", justify="right", no_wrap=True)
    games.add_column("Mode", no_wrap=True)
    games.add_column("Mods", no_wrap=True)
    games.add_column("Players", justify="right", no_wrap=True)
    games.add_column("Blue : Red")
    for index, game in enumerate(match.games, 1):
        if game.end_time is None:
            result = "aborted"
        elif game.team_type in (TeamType.team_vs, TeamType.tag_team_vs):
            blue = sum(s.score for s in game.scores if s.passed and s.team == 1)
            red = sum(s.score for s in game.scores if s.passed and s.team == 2)
            blue_text = f"[bold blue]{blue:,}[/]" if blue > red else f"{blue:,}"
            red_text = f"[bold red]{red:,}[/]" if red > blue else f"{red:,}"
            result = f"{blue_text} : {red_text}"
        elif game.scores:
            best = max(game.scores, key=lambda s: s.score)
            result = f"top: user {best.user_id} ({best.score:,})"
        else:
            result = "-"
        games.add_row(
            str(index),
            game.start_time.astimezone(dt.timezone.utc).strftime("%H:%M"),
            str(game.beatmap_id),
            _short_mode(game.play_mode),
            mods(game.mods),
            str(len(game.scores)),
            result,
        )
    title = f"[bold]{escape(match.name)}[/] · match {match.match_id} · {len(match.games)} games"
    return Panel(Group(head, games), title=title, title_align="left", expand=False)

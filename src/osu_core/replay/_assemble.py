"""Assemble a watchable ``.osr`` file from ``get_replay`` content and its score row.

``get_replay`` sends only the LZMA frame stream, not a file (``reference/api-v1.md`` §7); the
header has to come from the score row and the beatmap's MD5. Circleguard and CSharpOsu rebuild
files this way; this module does it as one pure function. No I/O.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Protocol

from osu_core._enums import GameMode
from osu_core._errors import InvalidArgument
from osu_core._mods import GameModifiers

from ._codec import decode_replay_frames_lzma, lzma_from_content
from ._osr import FIRST_LAZER_VERSION, OsrFile, render_osr

__all__ = ["DEFAULT_GAME_VERSION", "ScoreLike", "assemble_osr"]

#: Default game version for assembled files: a 2024 stable build (any ``yyyymmdd`` version at
#: or after 20140721 gives the int64 online id layout written here).
DEFAULT_GAME_VERSION = 20240411
_MD5_HEX = re.compile(r"[0-9a-fA-F]{32}")


class ScoreLike(Protocol):
    """What :func:`assemble_osr` reads from a score row (``get_scores``, ``get_user_best``,
    ``get_user_recent``); a ``username`` attribute is used when the row has one."""

    @property
    def score(self) -> int: ...
    @property
    def maxcombo(self) -> int: ...
    @property
    def count300(self) -> int: ...
    @property
    def count100(self) -> int: ...
    @property
    def count50(self) -> int: ...
    @property
    def countmiss(self) -> int: ...
    @property
    def countkatu(self) -> int: ...
    @property
    def countgeki(self) -> int: ...
    @property
    def perfect(self) -> bool: ...
    @property
    def enabled_mods(self) -> GameModifiers: ...
    @property
    def date(self) -> datetime: ...
    @property
    def score_id(self) -> int | None: ...
    @property
    def rank(self) -> str: ...


def _replay_checksum(score: ScoreLike, beatmap_md5: str, player_name: str) -> str:
    # Stable's local score checksum, the "replay MD5" field: MD5 of this text, with C# bool
    # formatting (True/False), the rank's name and the mods as a number. It reproduces the
    # field of corpus osrparse__replay_old_replayid.osr; the formula is the one private-server
    # projects and replay tools use to rebuild replays.
    text = (
        f"{score.count100 + score.count300}p{score.count50}o{score.countgeki}o"
        f"{score.countkatu}t{score.countmiss}a{beatmap_md5}r{score.maxcombo}"
        f"e{bool(score.perfect)}y{player_name}o{score.score}u{score.rank}"
        f"{int(score.enabled_mods)}{score.rank != 'F'}"
    )
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _target_practice_accuracy(score: ScoreLike) -> float:
    # osu! accuracy from the counts (the only mode with Target Practice).
    hits = score.count300 + score.count100 + score.count50 + score.countmiss
    points = 300 * score.count300 + 100 * score.count100 + 50 * score.count50
    return points / (300 * hits) if hits else 1.0


def assemble_osr(
    replay_content: str | bytes,
    *,
    score: ScoreLike,
    beatmap_md5: str,
    mode: GameMode | int,
    username: str | None = None,
    game_version: int = DEFAULT_GAME_VERSION,
) -> bytes:
    """Build a watchable ``.osr`` file from a ``get_replay`` content and its score row.

    ``get_replay`` sends only the LZMA frame stream; the header comes from the score row
    (``get_scores``, ``get_user_best`` or ``get_user_recent``) and the beatmap's ``file_md5``.
    The stream is kept byte for byte (after checking that it decodes); the replay MD5 is
    stable's local checksum of the score; the life bar is empty (the API does not send it);
    the online id is the row's ``score_id`` (0 when it has none).

    Args:
        replay_content: ``get_replay``'s ``content`` (base64 text) or the LZMA bytes.
        score: The score row the replay belongs to.
        beatmap_md5: The beatmap's ``file_md5``.
        mode: The mode the score was played in.
        username: The player's name; defaults to ``score.username`` when the row has one.
        game_version: The client version to write (``yyyymmdd``).

    Returns:
        The ``.osr`` file's bytes.

    Raises:
        InvalidArgument: no username, a beatmap MD5 that is not 32 hex digits, an unknown
            mode, or score values that do not fit the format.
        CorruptReplayError: if the replay content does not decode (ReplayTooLargeError, a
            subclass, if it decompresses past ``MAX_REPLAY_STREAM_SIZE`` or holds more than
            ``MAX_REPLAY_FRAMES`` frames).
    """
    name = username if username is not None else getattr(score, "username", None)
    if not name:
        raise InvalidArgument("a username is needed (the score row has none)", parameter="username")
    if not isinstance(beatmap_md5, str) or not _MD5_HEX.fullmatch(beatmap_md5):
        raise InvalidArgument("beatmap_md5 must be 32 hex digits", parameter="beatmap_md5")
    beatmap_md5 = beatmap_md5.lower()
    data = lzma_from_content(replay_content)
    _ = decode_replay_frames_lzma(data, mode).raw  # fail now rather than in the game
    mods = GameModifiers(int(score.enabled_mods))
    osr = OsrFile(
        mode=mode,
        game_version=game_version,
        beatmap_md5=beatmap_md5,
        player_name=name,
        replay_md5=_replay_checksum(score, beatmap_md5, name),
        count300=score.count300,
        count100=score.count100,
        count50=score.count50,
        countgeki=score.countgeki,
        countkatu=score.countkatu,
        countmiss=score.countmiss,
        score=score.score,
        maxcombo=score.maxcombo,
        perfect=score.perfect,
        mods=mods,
        life_bar="",
        timestamp=score.date,
        replay_data=data,
        online_score_id=score.score_id or 0,
        target_practice_accuracy=(
            _target_practice_accuracy(score)
            if GameModifiers.TargetPractice in mods and game_version < FIRST_LAZER_VERSION
            else None
        ),
    )
    return render_osr(osr)

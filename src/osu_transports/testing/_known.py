"""The dataset's well-known entries as one value, for fixtures, the README and the CLI."""

from __future__ import annotations

from typing import Final

import attrs

from . import _records as r

__all__ = ["KNOWN", "WellKnown"]


@attrs.frozen(kw_only=True)
class WellKnown:
    """Ids and names present in every dataset, whatever the seed.

    Attributes:
        user_id: A ranked osu! player with events, 100+ best scores and 50+ recent plays.
        username: Their name (it has a space: ``Lunar_Tanuki`` finds them too).
        digit_user_id: A user whose name is made only of digits...
        digit_username: ...equal to ``user_id`` as text (``type=string`` needed).
        never_played_user_id: A user whose stats are all ``null``.
        never_played_username: Their name.
        restricted_user_id: A restricted user (``get_user`` answers ``[]``).
        restricted_username: Their name.
        beatmap_id: A ranked osu! difficulty with more than 100 leaderboard scores.
        beatmapset_id: Its set.
        match_id: A team-vs match with a freemod game and an aborted game.
        dataset_now: The dataset's "now" (UTC epoch seconds): recent plays and events count
            back from it.
    """

    user_id: int = r.DEMO_USER_ID
    username: str = r.DEMO_USERNAME
    digit_user_id: int = r.DIGIT_USER_ID
    digit_username: str = r.DIGIT_USERNAME
    never_played_user_id: int = r.NEVER_PLAYED_USER_ID
    never_played_username: str = r.NEVER_PLAYED_USERNAME
    restricted_user_id: int = r.RESTRICTED_USER_ID
    restricted_username: str = r.RESTRICTED_USERNAME
    beatmap_id: int = r.DEMO_BEATMAP_ID
    beatmapset_id: int = r.DEMO_BEATMAPSET_ID
    match_id: int = r.DEMO_MATCH_ID
    dataset_now: int = r.DATASET_NOW


#: The well-known entries.
KNOWN: Final = WellKnown()

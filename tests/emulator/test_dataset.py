"""The generated dataset: builds for any seed, and keeps its invariants."""

from __future__ import annotations

import pytest

from osu_transports.testing import KNOWN, build_dataset

NOW = KNOWN.dataset_now


def check_invariants(dataset) -> None:
    ids = [b.beatmap_id for b in dataset.beatmaps]
    assert len(ids) == len(set(ids))
    assert KNOWN.beatmap_id in dataset.by_beatmap_id
    assert {KNOWN.user_id, KNOWN.digit_user_id, KNOWN.never_played_user_id,
            KNOWN.restricted_user_id} <= set(dataset.users)  # fmt: skip
    assert KNOWN.match_id in dataset.matches
    for b in dataset.beatmaps:
        assert b.submit_date <= b.last_update <= NOW
        assert (b.approved_date is None) == (b.approved <= 0)
        assert b.approved_date is None or b.submit_date < b.approved_date <= NOW
        assert b.count_normal >= 0
        assert b.count_slider >= 0
    for rows in dataset.scores.values():
        for s in rows:
            assert s.date <= NOW
            assert (s.pp is None) == (not dataset.by_beatmap_id[s.beatmap_id].gives_pp)
    for rows in dataset.recent.values():
        for s in rows:
            assert NOW - 86400 <= s.date <= NOW
            assert (s.score_id is None) == (s.rank == "F")
    assert len({(b.mode, b.approved) for b in dataset.beatmaps}) == 4 * 7


@pytest.mark.parametrize("seed", [0, 1, 11, 13, 2**40])
def test_seeds_build_and_keep_invariants(seed):
    check_invariants(build_dataset(seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(100, 130))
def test_many_seeds(seed):
    check_invariants(build_dataset(seed))


def test_size_is_enough_for_paging():
    dataset = build_dataset()
    assert len(dataset.beatmaps) > 1000
    assert sum(b.approved_date is not None for b in dataset.beatmaps) > 500

"""Placing finger-sized marker disks: none overlaps, the first stays put, crowds become groups."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from explorer.scene.marker_groups import disk_at, place_disks

RADIUS, GAP = 18.0, 12.0


def min_spacing(disks) -> float:
    pairs = itertools.combinations(disks, 2)
    return min((np.hypot(a.x - b.x, a.y - b.y) for a, b in pairs), default=np.inf)


@pytest.mark.parametrize("seed", range(5))
def test_disks_never_come_closer_than_the_gap(seed):
    display = np.random.default_rng(seed).uniform(0, 200, size=(40, 2))
    disks = place_disks(display, np.arange(40), RADIUS, GAP, max_shift=54.0)
    assert min_spacing(disks) >= 2 * RADIUS + GAP - 1e-9
    assert sorted(i for disk in disks for i in disk.members) == list(range(40))


def test_the_first_marker_keeps_its_place_and_a_close_one_is_nudged_within_reach():
    display = np.array([[100.0, 100.0], [120.0, 100.0]])
    first, second = place_disks(display, np.array([0, 1]), RADIUS, GAP, max_shift=54.0)
    assert (first.x, first.y) == (100.0, 100.0) and not first.nudged
    assert second.members == (1,) and second.nudged
    assert second.anchor == (120.0, 100.0)
    assert np.hypot(second.x - 120.0, second.y - 100.0) <= 54.0


def test_a_crowd_with_no_room_left_joins_the_nearest_disk():
    display = np.array([[100.0, 100.0], [101.0, 100.0]])
    (only,) = place_disks(display, np.array([0, 1]), RADIUS, GAP, max_shift=10.0)
    assert only.members == (0, 1) and only.is_group


def test_taps_find_the_disk_under_the_finger():
    display = np.array([[100.0, 100.0], [200.0, 100.0]])
    disks = place_disks(display, np.array([1, 0]), RADIUS, GAP, max_shift=54.0)
    assert disk_at(disks, 205.0, 110.0, slack=0.0).members == (1,)
    assert disk_at(disks, 100.0, 100.0 + RADIUS + 4, slack=6.0).members == (0,)
    assert disk_at(disks, 150.0, 100.0, slack=6.0) is None

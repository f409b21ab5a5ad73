"""The benchmark's scaled content: every copy of a trigger point has a referral field of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.bench.synthetic import WIDEN_MM, multiplied_content
from explorer.model.content import load_catalog
from explorer.model.referral import ReferralEngine

DATA = Path(__file__).resolve().parent / "data"


def test_every_copy_has_zones_and_so_a_field_of_its_own(tmp_path, tiny_atlas, tiny_catalog):
    path = multiplied_content(DATA / "tiny_content.yaml", 3, tmp_path)
    catalog = load_catalog(
        path, set(tiny_atlas.landmarks), structure_ids=set(tiny_atlas.structures)
    )
    points = catalog.trigger_points()
    assert len(points) == 3 * len(tiny_catalog.trigger_points())
    skin = tiny_atlas.skin
    engine = ReferralEngine(
        skin.vertices, skin.faces, tiny_atlas.landmark_positions(), build_graph=False
    )
    # The cache key covers every input of a field: distinct keys, distinct fields to solve.
    keys = {engine._cache_key(p.referral.essential, p.referral.spillover) for p in points}
    assert len(keys) == len(points)
    original = tiny_catalog.get("demo_muscle.tp1.left").referral.essential[0]
    second_copy = catalog.get("demo_muscle.tp1_x2.left").referral.essential[0]
    assert second_copy.reach_mm == pytest.approx(original.reach_mm + 2 * WIDEN_MM)

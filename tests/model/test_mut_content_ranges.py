"""content_ranges.py pinned on a hand-made extent: box edges, landmarks, mirrors and sizes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.content import load_catalog
from explorer.model.content_ranges import AtlasExtent
from explorer.model.errors import ContentError
from explorer.model.zones import Anchor

from .one_point_content import one_point_content

# Structures span x -200..100, y -50..50, z 0..200; grown by the 50 mm margin the box is
# x -250..150, y -100..100, z -50..250. It is lopsided in x on purpose: a left point at
# x = -200 is inside, its mirror at x = +200 is not. The skin is 150 mm at its widest.
EXTENT = AtlasExtent(
    lower=np.array([-200.0, -50.0, 0.0]),
    upper=np.array([100.0, 50.0, 200.0]),
    skin_size=150.0,
    landmarks={
        "temple_left": np.array([-60.0, 20.0, 150.0]),
        "temple_right": np.array([60.0, 20.0, 150.0]),
        "vertex": np.array([0.0, 0.0, 200.0]),
        "lonely_left": np.array([-50.0, 0.0, 100.0]),  # no lonely_right
    },
)
BOX = "x -250..150, y -100..100, z -50..250 mm"
FIX = (
    "Fix: Check the coordinates (millimetres) against a nearby landmark; offsets from a "
    "landmark are a few centimetres."
)
AT = "muscles[0].trigger_points[0].at"

# Line numbers below refer to this text (line 12 is "at", 17 the spot, 19 the stroke: its
# second seed starts at column 42 and width_mm at column 56).
BASE = one_point_content(
    """\
        sides: [left, right]
        referral:
          essential:
            - spot: {at: temple_left, radius_mm: 25}
          spillover:
            - stroke: {through: [vertex, temple_left], width_mm: 20}
        referral_text: There.
        sources: [s1]
"""
)


def problems(tmp_path: Path, *edits: tuple[str, str]) -> list[str]:
    """Load BASE with each (old, new) edit against EXTENT; problems with the path cut off."""
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_catalog(path, extent=EXTENT)
    except ContentError as error:
        return [str(problem).removeprefix(f"{path}:") for problem in error.problems]
    return []


def at(value: str) -> tuple[str, str]:
    return ("at: [-60.0, 0.0, 100.0]", f"at: {value}")


LEFT_ONLY = ("sides: [left, right]", "sides: [left]")


def test_box_edges_are_inside_and_a_tenth_beyond_is_not():
    assert EXTENT.contains((-250.0, -100.0, -50.0))
    assert EXTENT.contains((150.0, 100.0, 250.0))
    assert EXTENT.contains([0, 0, 0])  # any sequence of numbers
    for outside in [
        (-250.1, 0.0, 0.0), (150.1, 0.0, 0.0),
        (0.0, -100.1, 0.0), (0.0, 100.1, 0.0),
        (0.0, 0.0, -50.1), (0.0, 0.0, 250.1),
    ]:  # fmt: skip
        assert not EXTENT.contains(outside), outside
    assert not EXTENT.contains((float("nan"), 0.0, 0.0))


def test_position_adds_the_offset_to_the_landmark_on_each_axis():
    assert EXTENT.position(Anchor("temple_left", (1.0, 2.0, 3.0))) == (-59.0, 22.0, 153.0)
    assert EXTENT.position(Anchor(None, (-7.0, 8.0, 9.0))) == (-7.0, 8.0, 9.0)


def test_describe_box_is_the_grown_box():
    assert EXTENT.describe_box() == BOX


def test_a_point_inside_on_both_sides_passes(tmp_path):
    assert problems(tmp_path) == []


def test_a_literal_point_outside_is_reported(tmp_path):
    assert problems(tmp_path, at("[-260.0, 0.0, 100.0]"), LEFT_ONLY) == [
        f"12:9: {AT}: expected a point inside the atlas ({BOX}); found [-260.0, 0.0, 100.0]. {FIX}"
    ]


def test_only_the_mirror_outside_is_reported_as_mirrored(tmp_path):
    # x = -200 is inside on the left; mirrored, x = +200 is beyond 150.
    assert problems(tmp_path, at("[-200.0, 0.0, 100.0]")) == [
        f"12:9: {AT}: expected a point inside the atlas ({BOX}); found [200.0, 0.0, 100.0] "
        f"(mirrored to the right side). {FIX}"
    ]
    # Without a right side nothing is mirrored, so nothing is wrong.
    assert problems(tmp_path, at("[-200.0, 0.0, 100.0]"), LEFT_ONLY) == []


def test_a_landmark_point_names_the_landmark(tmp_path):
    # vertex z 200 + 60 = 260 > 250.
    assert problems(tmp_path, at("{landmark: vertex, offset: [0.0, 0.0, 60.0]}")) == [
        f"12:9: {AT}: expected a point inside the atlas ({BOX}); found 'vertex' plus the "
        f"offset, at [0.0, 0.0, 260.0]. {FIX}"
    ]
    # temple_left x -60 - 150 = -210 is inside; the mirror, temple_right x 60 + 150 = 210, is not.
    assert problems(tmp_path, at("{landmark: temple_left, offset: [-150.0, 0.0, 0.0]}")) == [
        f"12:9: {AT}: expected a point inside the atlas ({BOX}); found 'temple_left' plus the "
        f"offset, at [210.0, 20.0, 150.0] (mirrored to the right side). {FIX}"
    ]


def test_unknown_landmarks_are_left_to_the_cross_checks(tmp_path):
    # lonely_left has no mirror in the extent: its right side cannot be placed, so only
    # the left (inside) is checked; nowhere_left is unknown altogether, however far.
    assert problems(tmp_path, at("{landmark: lonely_left, offset: [0.0, 0.0, 60.0]}")) == []
    assert problems(tmp_path, at("{landmark: nowhere_left, offset: [0.0, 0.0, 900.0]}")) == []


def test_every_seed_of_every_level_is_checked(tmp_path):
    far = "{landmark: temple_left, offset: [0.0, 0.0, 200.0]}"  # z 150 + 200 = 350
    stroke = "through: [vertex, temple_left]"
    assert problems(tmp_path, (stroke, f"through: [vertex, {far}]"), LEFT_ONLY) == [
        "19:42: muscles[0].trigger_points[0].referral.spillover[0].stroke.through[1]: expected "
        f"a point inside the atlas ({BOX}); found 'temple_left' plus the offset, at "
        f"[-60.0, 20.0, 350.0]. {FIX}"
    ]
    spot = "spot: {at: temple_left,"
    assert problems(
        tmp_path, (spot, "spot: {at: {landmark: vertex, offset: [0, 0, 51]},"), LEFT_ONLY
    ) == [
        "17:22: muscles[0].trigger_points[0].referral.essential[0].spot.at: expected a point "
        f"inside the atlas ({BOX}); found 'vertex' plus the offset, at [0.0, 0.0, 251.0]. {FIX}"
    ]


SIZE_FIX = "Fix: A zone this large covers the whole skin; give the size in millimetres."


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("radius_mm: 25", "radius_mm: 150", []),  # exactly the skin's size is allowed
        (
            "radius_mm: 25",
            "radius_mm: 150.5",
            ["17:39: muscles[0].trigger_points[0].referral.essential[0].spot.radius_mm: expected "
             f"radius_mm of at most 150 mm (the skin's widest extent); found 150.5. {SIZE_FIX}"],
        ),
        (
            # A small radius does not hide a huge feather after it.
            "radius_mm: 25",
            "radius_mm: 25, feather_mm: 300",
            ["17:54: muscles[0].trigger_points[0].referral.essential[0].spot.feather_mm: expected "
             f"feather_mm of at most 150 mm (the skin's widest extent); found 300. {SIZE_FIX}"],
        ),
        (
            "width_mm: 20",
            "width_mm: 151",
            ["19:56: muscles[0].trigger_points[0].referral.spillover[0].stroke.width_mm: expected "
             f"width_mm of at most 150 mm (the skin's widest extent); found 151. {SIZE_FIX}"],
        ),
    ],
    ids=["radius-equal", "radius-over", "feather-over", "width-over"],
)  # fmt: skip
def test_zone_sizes_up_to_the_skin(tmp_path, old, new, expected):
    assert problems(tmp_path, (old, new)) == expected


def test_an_outside_point_and_an_oversized_zone_are_both_reported(tmp_path):
    assert problems(tmp_path, at("[-260.0, 0.0, 100.0]"), ("radius_mm: 25", "radius_mm: 200")) == [
        f"12:9: {AT}: expected a point inside the atlas ({BOX}); found [-260.0, 0.0, 100.0]. {FIX}",
        "17:39: muscles[0].trigger_points[0].referral.essential[0].spot.radius_mm: expected "
        f"radius_mm of at most 150 mm (the skin's widest extent); found 200. {SIZE_FIX}",
    ]

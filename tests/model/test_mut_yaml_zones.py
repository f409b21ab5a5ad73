"""Points and zones (explorer.model.zones): exact parsing, messages and mirroring.

Written for mutation testing (issue 19): every branch of the point parser is
checked with a small hand-made value, and every message and fix is compared whole.
"""

from __future__ import annotations

import numpy as np
import pytest
from pydantic_core import PydanticCustomError

from explorer.model.zones import (
    Anchor,
    Region,
    Spot,
    Stroke,
    mirror_landmark_name,
    parse_anchor,
)


def _refusal(value) -> tuple[str, str]:
    """(message, fix) of the explained error that parsing ``value`` as a point raises."""
    with pytest.raises(PydanticCustomError) as caught:
        parse_anchor(value)
    assert caught.value.type == "explained"
    return caught.value.message(), caught.value.context["fix"]


# --- mirroring -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "mirrored"),
    [
        ("temple_left", "temple_right"),
        ("temple_right", "temple_left"),
        # Only a suffix counts: a name that starts with the side keeps it.
        ("left_x_right", "left_x_left"),
        ("right_x_left", "right_x_right"),
        # Midline names have no side; upper-case suffixes are not sides either.
        ("sternum", "sternum"),
        ("knee_LEFT", "knee_LEFT"),
    ],
)
def test_mirror_landmark_name_swaps_only_a_lower_case_side_suffix(name, mirrored):
    assert mirror_landmark_name(name) == mirrored


def test_a_landmark_anchor_mirrors_its_name_and_the_x_of_its_offset():
    # x changes sign, y and z stay; the side of the landmark swaps.
    assert Anchor("temple_left", (5.0, 2.0, 3.0)).mirrored() == Anchor(
        "temple_right", (-5.0, 2.0, 3.0)
    )


def test_a_literal_position_mirrors_its_x_and_stays_without_landmark():
    mirrored = Anchor(None, (-60.0, 10.0, 120.0)).mirrored()
    assert mirrored == Anchor(None, (60.0, 10.0, 120.0))
    assert mirrored.landmark is None


def test_mirroring_x_zero_gives_plus_zero():
    # 0.0 - 0.0 is +0.0; a -0.0 would print as "-0.0" in a cache key or a handout.
    (x, _, _) = Anchor(None, (0.0, 1.0, 2.0)).mirrored().vector
    assert x == 0.0
    assert np.copysign(1.0, x) == 1.0


# --- resolving -------------------------------------------------------------------------


def test_a_literal_position_resolves_to_itself_as_floats():
    position = Anchor(None, (1, 2, 3)).resolve({})
    assert position.dtype == np.float64
    assert position.tolist() == [1.0, 2.0, 3.0]


def test_a_landmark_anchor_resolves_to_the_landmark_plus_the_offset():
    landmarks = {"chin": np.array([10, 20, 30]), "nose": np.array([0.0, 0.0, 0.0])}
    position = Anchor("chin", (1.0, -2.0, 3.0)).resolve(landmarks)
    # (10 + 1, 20 - 2, 30 + 3)
    assert position.dtype == np.float64
    assert position.tolist() == [11.0, 18.0, 33.0]


def test_a_landmark_given_as_text_numbers_is_read_as_floats():
    # resolve() converts the landmark's position to float itself: "10" is 10.0.
    position = Anchor("chin", (1.0, 2.0, 3.0)).resolve({"chin": ["10", "20", "30"]})
    assert position.tolist() == [11.0, 22.0, 33.0]


# --- parsing a point -------------------------------------------------------------------


def test_an_anchor_passes_through_unchanged():
    anchor = Anchor("chin", (1.0, 2.0, 3.0))
    assert parse_anchor(anchor) is anchor


def test_a_landmark_name_is_stripped_of_surrounding_spaces():
    assert parse_anchor("  temple_left ") == Anchor("temple_left", (0.0, 0.0, 0.0))


def test_a_list_of_three_numbers_is_a_literal_position_in_order():
    # Three different components: a swapped or repeated index would show.
    anchor = parse_anchor([-60, 10.5, 120])
    assert anchor == Anchor(None, (-60.0, 10.5, 120.0))
    assert all(type(component) is float for component in anchor.vector)


def test_a_tuple_is_a_literal_position_too():
    assert parse_anchor((1, 2, 3)) == Anchor(None, (1.0, 2.0, 3.0))


def test_a_position_may_reach_the_body_limit_exactly():
    # 3000 mm is allowed; only beyond it is a typo.
    assert parse_anchor([3000, -3000, 0]) == Anchor(None, (3000.0, -3000.0, 0.0))


def test_a_landmark_with_an_offset_keeps_both():
    anchor = parse_anchor({"landmark": "chin", "offset": [1, -2, 3.5]})
    assert anchor == Anchor("chin", (1.0, -2.0, 3.5))


def test_a_landmark_without_offset_gets_a_zero_offset():
    assert parse_anchor({"landmark": "chin"}) == Anchor("chin", (0.0, 0.0, 0.0))


def test_a_landmark_mapping_name_is_stripped_too():
    assert parse_anchor({"landmark": " chin "}) == Anchor("chin", (0.0, 0.0, 0.0))


def test_a_name_of_64_characters_is_accepted_and_one_of_65_refused():
    assert parse_anchor("a" * 64) == Anchor("a" * 64)
    name = "a" * 65
    assert _refusal(name) == (
        f"expected a landmark name (snake_case, at most 64 characters); found '{name}'.",
        "Use a name from 'landmarks:' in meshes/manifest.yaml, e.g. 'temple_left'.",
    )


def test_a_name_that_is_not_snake_case_is_refused():
    assert _refusal("Temple-Left") == (
        "expected a landmark name (snake_case, at most 64 characters); found 'Temple-Left'.",
        "Use a name from 'landmarks:' in meshes/manifest.yaml, e.g. 'temple_left'.",
    )


def test_a_two_number_list_is_refused_as_a_position():
    assert _refusal([1, 2]) == (
        "expected a position as three numbers [x, y, z] in mm; found [1, 2].",
        "Write three numbers in square brackets, e.g. [-60.0, 10.0, 120.0].",
    )


def test_a_four_number_list_is_refused_as_a_position():
    assert _refusal([1, 2, 3, 4]) == (
        "expected a position as three numbers [x, y, z] in mm; found [1, 2, 3, 4].",
        "Write three numbers in square brackets, e.g. [-60.0, 10.0, 120.0].",
    )


def test_true_is_not_a_coordinate():
    # bool is an int in Python, but true is not a position.
    assert _refusal([True, 1, 2]) == (
        "expected a position as three numbers [x, y, z] in mm; found [true, 1, 2].",
        "Write three numbers in square brackets, e.g. [-60.0, 10.0, 120.0].",
    )


def test_text_is_not_a_coordinate():
    assert _refusal([1, "2", 3]) == (
        "expected a position as three numbers [x, y, z] in mm; found [1, '2', 3].",
        "Write three numbers in square brackets, e.g. [-60.0, 10.0, 120.0].",
    )


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_a_position_must_be_finite(bad):
    shown = repr(bad)  # nan, inf, -inf
    assert _refusal([1.0, bad, 3.0]) == (
        f"expected a position of three finite numbers in mm; found [1.0, {shown}, 3.0].",
        "Write ordinary numbers: .nan and .inf are not positions.",
    )


def test_a_position_beyond_the_body_limit_is_refused_of_the_atlas_origin():
    assert _refusal([0, 3000.5, 0]) == (
        "expected a position within 3000 mm of the atlas origin; found [0, 3000.5, 0].",
        "Give millimetres, and check for a misplaced decimal point.",
    )


def test_an_offset_beyond_the_body_limit_is_refused_along_each_axis():
    assert _refusal({"landmark": "chin", "offset": [-3001, 0, 0]}) == (
        "expected an offset within 3000 mm along each axis; found [-3001, 0, 0].",
        "Give millimetres, and check for a misplaced decimal point.",
    )


def test_an_offset_of_two_numbers_names_the_offset():
    assert _refusal({"landmark": "chin", "offset": [1, 2]}) == (
        "expected an offset as three numbers [x, y, z] in mm; found [1, 2].",
        "Write three numbers in square brackets, e.g. [-60.0, 10.0, 120.0].",
    )


def test_an_offset_with_nan_names_the_offset():
    assert _refusal({"landmark": "chin", "offset": [0.0, 0.0, float("nan")]}) == (
        "expected an offset of three finite numbers in mm; found [0.0, 0.0, nan].",
        "Write ordinary numbers: .nan and .inf are not positions.",
    )


def test_an_offset_that_is_not_a_list_is_refused():
    assert _refusal({"landmark": "chin", "offset": 5}) == (
        "expected offset as [dx, dy, dz] in mm; found the number 5.",
        "Write three numbers, e.g. [0.0, -10.0, 5.0].",
    )


def test_an_offset_written_as_null_is_refused_not_taken_as_zero():
    # "offset:" with nothing after it is a mistake, not a missing offset.
    assert _refusal({"landmark": "chin", "offset": None}) == (
        "expected offset as [dx, dy, dz] in mm; found nothing (an empty value).",
        "Write three numbers, e.g. [0.0, -10.0, 5.0].",
    )


def test_an_unknown_key_in_a_point_is_named_first_in_sorted_order():
    # Two unknown keys: the alphabetically first is named.
    assert _refusal({"landmark": "chin", "zeta": 1, "alpha": 2}) == (
        "unknown key 'alpha' in a point; expected landmark, offset.",
        "Remove it or check its spelling.",
    )


def test_a_single_unknown_key_in_a_point_is_named():
    assert _refusal({"landmark": "chin", "offset": [0, 0, 0], "ofset": [1, 2, 3]}) == (
        "unknown key 'ofset' in a point; expected landmark, offset.",
        "Remove it or check its spelling.",
    )


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (5, "the number 5"),
        (None, "nothing (an empty value)"),
        ("", "the text ''"),
        ("   ", "the text '   '"),
        ({"landmark": 5}, "a mapping with keys landmark"),
        ({"offset": [0, 0, 0]}, "a mapping with keys offset"),
    ],
    ids=["number", "null", "empty-text", "blank-text", "landmark-number", "no-landmark"],
)
def test_anything_else_is_refused_as_not_a_point(value, found):
    assert _refusal(value) == (
        "expected a point: a landmark name, [x, y, z] in atlas mm, or "
        f"{{landmark: name, offset: [dx, dy, dz]}}; found {found}.",
        "Name a landmark of the atlas or give coordinates in mm.",
    )


# --- zones -----------------------------------------------------------------------------


def test_a_spot_mirrors_its_point():
    spot = Spot.model_validate(
        {"at": {"landmark": "temple_left", "offset": [4, 5, 6]}, "radius_mm": 10}
    )
    mirrored = spot.mirrored()
    assert mirrored.at == Anchor("temple_right", (-4.0, 5.0, 6.0))
    assert mirrored.radius_mm == 10.0


def test_a_stroke_mirrors_every_point_in_order():
    stroke = Stroke.model_validate({"through": ["ear_left", [10, 0, 0]], "width_mm": 6})
    assert stroke.mirrored().through == (
        Anchor("ear_right", (0.0, 0.0, 0.0)),
        Anchor(None, (-10.0, 0.0, 0.0)),
    )


def test_a_region_mirrors_every_point_in_order():
    region = Region.model_validate({"around": [[1, 2, 3], "hip_right"], "radius_mm": 20})
    assert region.mirrored().around == (
        Anchor(None, (-1.0, 2.0, 3.0)),
        Anchor("hip_left", (0.0, 0.0, 0.0)),
    )

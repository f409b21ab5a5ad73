"""The needle view's geometry on hand-built triangles, with exact answers (issue 19: mutation).

The distances the needle view states come from :func:`ray_distances`; these
cases put a ray through, beside, along the edge of and behind a triangle
whose every number is known.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.atlas import Structure
from explorer.model.needle import ray_distances, resolve_direction, skin_normal_near

# One triangle in the plane z = 10: corners (0,0), (4,0), (0,4).
CORNERS = np.array([[0.0, 0.0, 10.0], [4.0, 0.0, 10.0], [0.0, 4.0, 10.0]])
ONE = np.array([[0, 1, 2]])
UP = np.array([0.0, 0.0, 1.0])


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.array(array)
    array.flags.writeable = False
    return array


def _mesh(vertices, faces, name="patch") -> Structure:
    return Structure(
        name, name, "skin", "skin", "midline", Path(f"{name}.ply"), "#ffffff", None, "test",
        _frozen(np.asarray(vertices, float)), _frozen(np.asarray(faces)),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("x", "y", "hits"),
    [
        (1.0, 1.0, [10.0]),  # inside: u = v = 0.25
        (0.0, 2.0, [10.0]),  # on the edge x = 0 (u = 0): still a hit
        (2.0, 0.0, [10.0]),  # on the edge y = 0 (v = 0)
        (0.0, 0.0, [10.0]),  # the corner itself
        (2.0, 2.0, [10.0]),  # on the long edge (u + v = 1)
        (2.5, 2.5, []),  # just beyond the long edge (u + v = 1.25)
    ],
)
def test_a_ray_up_from_the_floor_meets_the_triangle_only_inside_or_on_its_edges(x, y, hits):
    distances = ray_distances(np.array([x, y, 0.0]), UP, CORNERS, ONE)
    assert distances.tolist() == pytest.approx(hits)


def test_beside_below_and_along_the_triangle_nothing_is_met():
    assert ray_distances(np.array([-0.5, 1.0, 0.0]), UP, CORNERS, ONE).size == 0  # u < 0
    assert ray_distances(np.array([1.0, -0.5, 0.0]), UP, CORNERS, ONE).size == 0  # v < 0
    # The triangle lies behind a ray pointing down (t < 0).
    assert ray_distances(np.array([1.0, 1.0, 0.0]), -UP, CORNERS, ONE).size == 0
    # A ray in the triangle's own plane never "meets" it (det = 0).
    along = ray_distances(np.array([-5.0, 1.0, 10.0]), np.array([1.0, 0, 0]), CORNERS, ONE)
    assert along.size == 0
    # Starting on the triangle itself: t = 0 is not ahead of the point.
    assert ray_distances(np.array([1.0, 1.0, 10.0]), UP, CORNERS, ONE).size == 0


def test_distances_to_several_triangles_come_sorted_nearest_first():
    stacked = np.vstack([CORNERS + [0, 0, 20.0], CORNERS, CORNERS + [0, 0, 5.0]])
    faces = np.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    distances = ray_distances(np.array([1.0, 1.0, 0.0]), UP, stacked, faces)
    assert distances.tolist() == pytest.approx([10.0, 15.0, 30.0])


def test_a_large_triangle_is_met_near_its_corner_far_from_its_centre():
    # Corners 200 mm apart: the hit point (1, 1) is about 93 mm from the centre,
    # inside the triangle's bounding sphere, so the quick pre-test must keep it.
    big = np.array([[0.0, 0.0, 10.0], [200.0, 0.0, 10.0], [0.0, 200.0, 10.0]])
    assert ray_distances(np.array([1.0, 1.0, 0.0]), UP, big, ONE).tolist() == [10.0]


def test_a_small_triangle_is_met_off_its_centre():
    # Corners 1.2 mm apart (bounding radius about 0.63 mm): a hit 0.5 mm from the centre.
    small = np.array([[0.0, 0.0, 10.0], [1.2, 0.0, 10.0], [0.0, 1.2, 10.0]])
    assert ray_distances(np.array([0.05, 0.05, 0.0]), UP, small, ONE).tolist() == pytest.approx(
        [10.0]
    )


def test_an_editable_mesh_is_measured_afresh_after_it_changes():
    # Only read-only (atlas) arrays are cached: a mesh edited in place must not
    # be measured with its old triangles.
    vertices, faces = CORNERS.copy(), ONE.copy()
    assert ray_distances(np.array([1.0, 1.0, 0.0]), UP, vertices, faces).tolist() == [10.0]
    vertices[:, 2] = 25.0
    assert ray_distances(np.array([1.0, 1.0, 0.0]), UP, vertices, faces).tolist() == [25.0]


def _roof(height: float) -> Structure:
    """A ridge along y at x = 0, z = 100 + height; a flatter wide slope on +x, a steep one on -x."""
    top = 100.0 + height
    vertices = [
        [0.0, -5.0, top], [0.0, 5.0, top],  # the ridge
        [20.0, -5.0, 100.0], [20.0, 5.0, 100.0],  # +x eave: 20 mm out
        [-2.0, -5.0, 100.0], [-2.0, 5.0, 100.0],  # -x eave: 2 mm out
    ]  # fmt: skip
    faces = [[0, 2, 3], [0, 3, 1], [0, 1, 5], [0, 5, 4]]
    return _mesh(vertices, faces, f"roof{height:g}")


def test_the_skin_normal_is_the_area_weighted_mean_of_the_faces_within_8_mm():
    roof = _roof(2.0)
    normal = skin_normal_near(roof, np.array([0.0, -4.0, 102.0]))
    # The nearest vertex is the ridge's end (0, -5, 102). Only the steep -x slope's two
    # face centres lie within 8 mm of it (3.8 and 6.7 mm; the +x ones 9.5 and 13.8 mm),
    # each with cross product (-20, 0, 20): the normal leans 45 degrees toward -x.
    assert normal == pytest.approx(np.array([-1.0, 0.0, 1.0]) / np.sqrt(2.0))


def test_a_skin_normal_far_from_the_origin_leans_with_the_larger_slope():
    # At the +x eave (20, 5, 100) no face centre lies within 8 mm (the nearest, 9.5 mm):
    # the nearest face alone counts, cross product (20, 0, 200).
    roof = _roof(2.0)
    normal = skin_normal_near(roof, np.array([20.0, 5.0, 100.0]))
    expected = np.array([2.0, 0.0, 20.0]) / np.linalg.norm([2.0, 0.0, 20.0])
    assert normal == pytest.approx(expected)
    perpendicular = resolve_direction("perpendicular", np.array([20.0, 5.0, 100.0]), roof, None)
    assert perpendicular == pytest.approx(-expected)


def _box(name: str, low, high) -> Structure:
    """A closed axis-aligned box, 12 outward-facing triangles."""
    (x0, y0, z0), (x1, y1, z1) = low, high
    vertices = [
        [x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0],
        [x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1],
    ]  # fmt: skip
    faces = [
        [0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4],
        [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7],
    ]  # fmt: skip
    return _mesh(vertices, faces, name)


SKIN = _box("skin", (-50, -50, -50), (50, 50, 50))
EAST = np.array([1.0, 0.0, 0.0])


def test_the_needle_line_is_measured_from_the_skin_to_the_first_structure():
    from explorer.model.needle import needle_path

    artery = _box("artery", (20, -2, -2), (30, 12, 12))
    # (0, 3, 7): off every face's diagonal, so each face is met by one triangle only.
    start = np.array([0.0, 3.0, 7.0])
    path = needle_path(start, EAST, SKIN, {"artery": artery})
    # Enters the skin 50 mm behind the point (x = -50), meets the artery's face at x = 20.
    assert path.skin_to_point_mm == pytest.approx(50.0)
    assert path.entry == pytest.approx([-50.0, 3.0, 7.0])
    assert (path.hit_id, path.point_to_hit_mm) == ("artery", pytest.approx(20.0))
    assert path.end == pytest.approx([20.0, 3.0, 7.0])
    assert path.point == pytest.approx([0.0, 3.0, 7.0])


def test_a_structure_beyond_the_far_skin_or_the_reach_is_not_met():
    from explorer.model.needle import needle_path

    # From x = 10 the far skin is 40 mm on: an artery at exactly 40 mm counts, one
    # just past it lies outside the body on this line.
    at_skin = _box("at_skin", (50, -2, -2), (60, 2, 2))
    path = needle_path(np.array([10.0, 0, 0]), EAST, SKIN, {"at_skin": at_skin})
    assert (path.hit_id, path.point_to_hit_mm) == ("at_skin", pytest.approx(40.0))
    beyond = _box("beyond", (50.5, -2, -2), (60, 2, 2))
    clear = needle_path(np.array([10.0, 0, 0]), EAST, SKIN, {"beyond": beyond})
    assert (clear.hit_id, clear.point_to_hit_mm) == (None, None)
    assert clear.end == pytest.approx([50.0, 0.0, 0.0])  # the line stops at the far skin
    # The reach caps the search as well: 30 mm from x = -45 ends at x = -15.
    short = needle_path(np.array([-45.0, 0, 0]), EAST, SKIN, {}, reach_mm=30.0)
    assert short.end == pytest.approx([-15.0, 0.0, 0.0]) and short.hit_id is None


def test_the_nearer_of_two_structures_is_named_and_a_tie_keeps_the_first():
    from explorer.model.needle import needle_path

    near, far = _box("near", (10, -2, -2), (12, 2, 2)), _box("far", (25, -2, -2), (27, 2, 2))
    assert needle_path(np.zeros(3), EAST, SKIN, {"far": far, "near": near}).hit_id == "near"
    twin = _box("twin", (10, -3, -3), (14, 3, 3))
    assert needle_path(np.zeros(3), EAST, SKIN, {"near": near, "twin": twin}).hit_id == "near"
    assert needle_path(np.zeros(3), EAST, SKIN, {"twin": twin, "near": near}).hit_id == "twin"


def test_a_point_outside_the_skin_has_no_entry():
    from explorer.model.needle import needle_path

    # Pointing at the body from 30 mm outside it: no skin behind the point.
    path = needle_path(np.array([-80.0, 3, 7]), EAST, SKIN, {})
    assert (path.entry, path.skin_to_point_mm) == (None, None)
    assert path.end == pytest.approx([-50.0, 3.0, 7.0])  # the first skin ahead ends the line
    # Pointing away from the body: the skin lies behind (30 mm), nothing ahead, so the
    # line runs the whole 50 mm reach.
    away = needle_path(np.array([-80.0, 3, 7]), -EAST, SKIN, {})
    assert away.skin_to_point_mm == pytest.approx(30.0)
    assert away.end == pytest.approx([-130.0, 3.0, 7.0])


def test_a_direction_vector_is_made_unit_length():
    direction = resolve_direction((0.0, 3.0, 4.0), np.zeros(3), SKIN, None)
    assert direction == pytest.approx([0.0, 0.6, 0.8])
    with pytest.raises(ValueError, match="unknown needling direction 'sideways'"):
        resolve_direction("sideways", np.zeros(3), SKIN, None)


def test_one_faces_array_with_two_vertex_arrays_is_measured_for_each():
    # The triangle cache is keyed on the faces array; the same faces with other
    # vertices (another pose of one mesh) must not reuse the first triangles.
    faces = _frozen(ONE)
    low, high = _frozen(CORNERS), _frozen(CORNERS + [0.0, 0.0, 5.0])
    origin = np.array([1.0, 1.0, 0.0])
    assert ray_distances(origin, UP, low, faces).tolist() == [10.0]
    assert ray_distances(origin, UP, high, faces).tolist() == [15.0]
    assert ray_distances(origin, UP, low, faces).tolist() == [10.0]


def test_an_editable_skin_gets_a_fresh_normal_after_it_changes():
    vertices = np.array(CORNERS)
    faces = np.array(ONE)
    skin = Structure(
        "s", "s", "skin", "skin", "midline", Path("s.ply"), "#fff", None, "t", vertices, faces
    )
    assert skin_normal_near(skin, np.array([1.0, 1.0, 10.0])) == pytest.approx([0.0, 0.0, 1.0])
    vertices[:] = vertices[[0, 2, 1]]  # the same triangle wound the other way: facing down
    assert skin_normal_near(skin, np.array([1.0, 1.0, 10.0])) == pytest.approx([0.0, 0.0, -1.0])


def test_the_long_axis_of_a_rod_far_from_the_origin_runs_along_it():
    from explorer.model.needle import long_axis

    rod = _box("rod", (300, 200, 1000), (302, 202, 1060))  # 60 mm tall, 2 mm across
    axis = long_axis(rod)
    assert abs(axis @ [0.0, 0.0, 1.0]) == pytest.approx(1.0)


def test_a_vector_direction_has_no_name_and_no_depth_under_the_skin():
    import tempfile

    from explorer.model.needle import path_for_point
    from explorer.model.project import load_project
    from tests.needle_atlas import write_needle_atlas

    with tempfile.TemporaryDirectory() as folder:
        manifest, content = write_needle_atlas(Path(folder))
        project = load_project(content, manifest)
        point = project.catalog.get("slab.angled.left")
        path = path_for_point(point, np.array(point.at.vector), project.atlas)
    # Only a named direction is shown by name, and only a pincer measures the skin fold.
    assert (path.named, path.under_skin_mm) == (None, None)


# A long narrow body (x -50..50, y and z -10..10): near its +x end the skin faces +x.
BAR = _box("bar", (-50, -10, -10), (50, 10, 10))


def _rod(tilt_degrees: float) -> Structure:
    """A 16 mm rod at x = 41 mm, along z tilted toward x by ``tilt_degrees``."""
    rod = _box("rod", (-1, -1, -8), (1, 1, 8))
    angle = np.radians(tilt_degrees)
    turn = np.array(
        [[np.cos(angle), 0, np.sin(angle)], [0, 1, 0], [-np.sin(angle), 0, np.cos(angle)]]
    )
    vertices = rod.vertices @ turn.T + [41.0, 0.0, 0.0]
    return _mesh(vertices, rod.faces, f"rod{tilt_degrees:g}")


@pytest.mark.parametrize(
    ("y", "expected"),
    [
        # Both sides of the skin fold 10 mm away: front to back (toward -y) by rule.
        (0.0, [0.0, -1.0, 0.0]),
        # The -y skin is nearer (6 mm against 14): the needle enters there, heading +y.
        (-4.0, [0.0, 1.0, 0.0]),
        # The +y skin is nearer: it enters there, heading -y.
        (4.0, [0.0, -1.0, 0.0]),
    ],
)
def test_a_pincer_needle_crosses_the_muscle_from_the_nearer_skin(y, expected):
    position = np.array([45.0, y, 0.0])
    assert skin_normal_near(BAR, position) == pytest.approx([1.0, 0.0, 0.0])
    direction = resolve_direction("pincer", position, BAR, _rod(0.0))
    assert direction == pytest.approx(expected)


def test_a_pincer_across_a_slanted_muscle_is_still_a_unit_vector():
    # Fibres slanted 60 degrees toward the skin normal: across them and along the skin
    # is still +-y, and the direction is a unit vector whatever the slant.
    direction = resolve_direction("pincer", np.array([45.0, 0.0, 0.0]), BAR, _rod(60.0))
    assert direction == pytest.approx([0.0, -1.0, 0.0])
    assert np.linalg.norm(direction) == pytest.approx(1.0)

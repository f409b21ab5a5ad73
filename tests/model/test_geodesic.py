"""Distances and paths along a mesh: the fallbacks for long detours and meshes in pieces."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from explorer.model.geodesic import SurfaceGraph
from explorer.model.referral import ReferralEngine
from explorer.model.zones import Anchor, Stroke

from .test_referral import folded_strip


def grid(size: int, step: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """A flat ``size`` x ``size`` grid of squares, each cut into two triangles."""
    xs = np.arange(size + 1) * step
    vertices = np.array([(x, y, 0.0) for y in xs for x in xs])
    row = size + 1
    faces = []
    for j in range(size):
        for i in range(size):
            a = j * row + i
            faces += [(a, a + 1, a + row), (a + 1, a + row + 1, a + row)]
    return vertices, np.array(faces)


def test_a_path_that_detours_far_beyond_the_straight_gap_is_still_found():
    # The strip's arms are 10 mm apart in space; along the surface the two points
    # are 2 * 50 mm of arm plus the bend (a half circle of 5 pi = 15.7 mm, drawn as a
    # polygon a little shorter) apart: far past the first search's 3 * 10 + 20 = 50 mm.
    vertices, faces = folded_strip()
    graph = SurfaceGraph(vertices, faces)
    lower, upper = graph.nearest_nodes(np.array([[50.0, 20.0, 0.0], [50.0, 20.0, 10.0]]))
    path = graph.path(int(lower), int(upper))
    assert (path[0], path[-1]) == (lower, upper)
    positions = graph.node_positions[path]
    assert positions[:, 0].max() > 100.0  # it goes round the bend at x = 100..105
    length = np.linalg.norm(np.diff(positions, axis=0), axis=1).sum()
    assert 2 * 50 + 10 < length < 2 * 50 + 5 * np.pi


def test_a_path_between_pieces_of_a_mesh_is_just_its_two_ends():
    # Two separate spheres: no path joins them, so a stroke from one to the other
    # seeds only its end points instead of failing.
    first = trimesh.creation.icosphere(subdivisions=2, radius=20.0)
    second = first.copy()
    second.apply_translation([100.0, 0.0, 0.0])
    vertices = np.vstack([first.vertices, second.vertices])
    faces = np.vstack([first.faces, second.faces + len(first.vertices)])
    graph = SurfaceGraph(vertices, faces)
    start, end = graph.nearest_nodes(np.array([[20.0, 0.0, 0.0], [80.0, 0.0, 0.0]]))
    assert graph.path(int(start), int(end)).tolist() == [start, end]
    landmarks = {"a": np.array([20.0, 0.0, 0.0]), "b": np.array([80.0, 0.0, 0.0])}
    engine = ReferralEngine(vertices, faces, landmarks)
    values = engine.zone_intensity(Stroke(through=[Anchor("a"), Anchor("b")], width_mm=10))
    assert engine.intensity_at(values, "a") == 1.0
    assert engine.intensity_at(values, "b") == 1.0
    assert engine.intensity_at(values, np.array([-20.0, 0.0, 0.0])) == 0.0  # far sides bare
    assert engine.intensity_at(values, np.array([120.0, 0.0, 0.0])) == 0.0


def test_chords_keep_distances_close_to_straight_on_a_flat_grid():
    # Corner to corner of a 5 x 5 mm grid of 0.5 mm squares is 7.07 mm. Triangle edges
    # alone would zig-zag; the chords across each pair of triangles keep it within 5 %.
    vertices, faces = grid(10, step=0.5)
    graph = SurfaceGraph(vertices, faces)
    corner, opposite = graph.nearest_nodes(np.array([[0.0, 0.0, 0.0], [5.0, 5.0, 0.0]]))
    distances = graph.distances(np.array([corner]))
    assert distances[opposite] == pytest.approx(np.sqrt(50.0), rel=0.05)
    # Along a grid line the distance is exact: 10 steps of 0.5 mm (short edges keep
    # their length; only zero-length ones are raised, to 1e-9 mm).
    (edge_end,) = graph.nearest_nodes(np.array([[5.0, 0.0, 0.0]]))
    assert distances[edge_end] == pytest.approx(5.0)


def test_a_limited_search_stops_at_its_limit():
    vertices, faces = grid(10)
    graph = SurfaceGraph(vertices, faces)
    (corner,) = graph.nearest_nodes(np.array([[0.0, 0.0, 0.0]]))
    distances = graph.distances(np.array([corner]), limit=3.0)
    positions = graph.node_positions
    near = np.linalg.norm(positions, axis=1) <= 2.0
    far = np.linalg.norm(positions, axis=1) >= 3.5
    assert np.isfinite(distances[near]).all()
    assert np.isinf(distances[far]).all()


def test_vertices_closer_than_a_ten_thousandth_of_a_mm_are_one_node():
    # A seam: vertex 1 stored again as vertex 3, 0.00004 mm away (it rounds to the same
    # 0.0001 mm grid cell), is welded; vertex 5, 0.01 mm from vertex 0, is not. Vertex 2
    # shares x and z with both copies of vertex 1 but not y, so only a sort on all
    # three coordinates puts the two copies side by side.
    vertices = np.array(
        [
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [1.0, 1.0, 0.0],
            [1.00004, 0.0, 0.0],  # the same as vertex 1
            [2.0, 0.0, 0.0],
            [0.01, 0.0, 0.0],  # near vertex 0, but another vertex
        ]
    )
    faces = np.array([[0, 1, 2], [3, 4, 2], [5, 2, 0]])
    graph = SurfaceGraph(vertices, faces)
    assert graph.node_count == 5
    assert graph.vertex_to_node[1] == graph.vertex_to_node[3]
    assert graph.vertex_to_node[0] != graph.vertex_to_node[5]
    # Welded, the seam joins the triangles: vertex 4 is 1 mm + 1 mm from vertex 0.
    distances = graph.distances(np.array([graph.vertex_to_node[0]]))
    assert distances[graph.vertex_to_node[4]] == pytest.approx(2.0)


def test_integer_and_float32_positions_are_measured_in_float64():
    # A 3-4-5 right triangle given as integers: the long edge is 5 mm exactly.
    # A fourth vertex no face uses is a node without edges, unreachable.
    for dtype in (np.int32, np.float32):
        vertices = np.array([[0, 0, 0], [3, 0, 0], [3, 4, 0], [9, 9, 9]], dtype=dtype)
        graph = SurfaceGraph(vertices, np.array([[0, 1, 2]]))
        assert graph.node_positions.dtype == np.float64
        assert graph.matrix.shape == (4, 4)
        assert graph.distances(np.array([0])).tolist() == [0.0, 3.0, 5.0, np.inf]


def test_a_large_mesh_measures_every_edge():
    # 40k vertices: over 400k directed edges and chords, measured in blocks of 65536.
    # From pole to pole the distance is half the circumference, pi * 80 = 251 mm.
    sphere = trimesh.creation.icosphere(subdivisions=6, radius=80.0)
    graph = SurfaceGraph(sphere.vertices, sphere.faces)
    assert graph.matrix.nnz > 4 * 65536
    north, south = graph.nearest_nodes(np.array([[0.0, 0.0, 80.0], [0.0, 0.0, -80.0]]))
    distances = graph.distances(np.array([north]))
    assert distances[south] == pytest.approx(np.pi * 80.0, rel=0.03)
    assert np.isfinite(distances).all()

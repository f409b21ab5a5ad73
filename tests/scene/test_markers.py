"""Marker placement: closest points on a mesh, checked by hand and against brute force."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import trimesh

from explorer.model.atlas import Structure
from explorer.scene.markers import NearestVertex, closest_points_on_mesh


def _brute_force(point: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """Closest point over every triangle, from a dense barycentric grid plus the exact edges."""
    best, best_distance = None, np.inf
    steps = np.linspace(0.0, 1.0, 61)
    u, v = np.meshgrid(steps, steps)
    keep = u + v <= 1.0
    u, v = u[keep], v[keep]
    for a, b, c in corners:
        samples = a + u[:, None] * (b - a) + v[:, None] * (c - a)
        distances = np.linalg.norm(samples - point, axis=1)
        index = int(np.argmin(distances))
        if distances[index] < best_distance:
            best, best_distance = samples[index], distances[index]
    return best


def _structure(vertices, faces) -> Structure:
    return Structure(
        id="ball", name="Ball", kind="muscle", layer="deep", side="left", file=Path("ball.ply"),
        color="#ffffff", fma=None, source="test",
        vertices=np.asarray(vertices, dtype=float), faces=np.asarray(faces, dtype=np.int64),
    )  # fmt: skip


def test_each_region_of_a_triangle_gives_the_right_point():
    triangle = _structure([[0.0, 0, 0], [4.0, 0, 0], [0.0, 4, 0]], [[0, 1, 2]])
    points = np.array(
        [
            [-1.0, -1, 2],  # beyond corner a
            [6.0, -1, 0],  # beyond corner b
            [-1.0, 6, 0],  # beyond corner c
            [2.0, -3, 1],  # beside edge ab
            [-2.0, 2, 0],  # beside edge ac
            [3.0, 3, 0],  # beside edge bc
            [1.0, 1, 5],  # above the face
        ]
    )
    closest = closest_points_on_mesh(triangle, points)
    expected = [[0, 0, 0], [4, 0, 0], [0, 4, 0], [2, 0, 0], [0, 2, 0], [2, 2, 0], [1, 1, 0]]
    np.testing.assert_allclose(closest, expected, atol=1e-9)


def test_a_long_thin_triangle_wins_over_nearer_corners():
    # A sliver 200 mm long passes 1 mm under the point, while a 2 x 2 mm grid of eight
    # triangles 3 mm above it holds the point's nine nearest vertices. Only triangles
    # touching the eight nearest were tried before, which put the marker on the grid.
    sliver = [[-100.0, 0, 0], [100.0, 0, 0], [100.0, 0.5, 0]]
    grid = [[x, y, 4.0] for y in (-1.0, 0.0, 1.0) for x in (-1.0, 0.0, 1.0)]
    cells = [[3 + r * 3 + c, 4 + r * 3 + c, 7 + r * 3 + c] for r in (0, 1) for c in (0, 1)]
    cells += [[3 + r * 3 + c, 7 + r * 3 + c, 6 + r * 3 + c] for r in (0, 1) for c in (0, 1)]
    mesh = _structure(sliver + grid, [[0, 1, 2], *cells])
    # At x = 0 the sliver spans y from 0 to 0.25, so the point drops straight onto it.
    closest = closest_points_on_mesh(mesh, np.array([[0.0, 0.1, 1.0]]))
    np.testing.assert_allclose(closest, [[0.0, 0.1, 0.0]], atol=1e-9)


def test_nearest_vertex_of_each_query_point():
    import pyvista as pv

    cloud = pv.PolyData(np.array([[0.0, 0, 0], [10.0, 0, 0], [0.0, 10, 0], [0.0, 0, 10]]))
    found = NearestVertex(cloud).query(np.array([[9.0, 1, 0], [0.0, 0, 6], [1.0, 1, 1]]))
    assert found.tolist() == [1, 3, 0]


def test_closest_points_on_a_mesh_match_brute_force():
    sphere = trimesh.creation.icosphere(subdivisions=2, radius=30.0)
    structure = _structure(sphere.vertices, sphere.faces)
    rng = np.random.default_rng(7)
    points = rng.normal(size=(12, 3)) * 25.0
    closest = closest_points_on_mesh(structure, points)
    corners = structure.vertices[structure.faces]
    for point, found in zip(points, closest, strict=True):
        reference = _brute_force(point, corners)
        # The grid is 1/60 of an edge fine; the exact answer can only be closer.
        assert np.linalg.norm(found - point) <= np.linalg.norm(reference - point) + 1e-9
        assert np.linalg.norm(found - reference) < 0.5

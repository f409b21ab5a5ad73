"""Marker placement: closest points on triangles, checked against brute force."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import trimesh

from explorer.model.atlas import Structure
from explorer.scene.markers import closest_on_triangles, closest_points_on_mesh


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


def test_each_region_of_a_triangle_gives_the_right_point():
    a, b, c = np.array([0.0, 0, 0]), np.array([4.0, 0, 0]), np.array([0.0, 4, 0])
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
    n = len(points)
    closest = closest_on_triangles(points, *(np.tile(corner, (n, 1)) for corner in (a, b, c)))
    expected = [[0, 0, 0], [4, 0, 0], [0, 4, 0], [2, 0, 0], [0, 2, 0], [2, 2, 0], [1, 1, 0]]
    np.testing.assert_allclose(closest, expected, atol=1e-12)


def test_closest_points_on_a_mesh_match_brute_force():
    sphere = trimesh.creation.icosphere(subdivisions=2, radius=30.0)
    structure = Structure(
        id="ball", name="Ball", kind="muscle", layer="deep", side="left", file=Path("ball.ply"),
        color="#ffffff", fma=None, source="test",
        vertices=np.asarray(sphere.vertices), faces=np.asarray(sphere.faces),
    )  # fmt: skip
    rng = np.random.default_rng(7)
    points = rng.normal(size=(12, 3)) * 25.0
    closest = closest_points_on_mesh(structure, points)
    corners = structure.vertices[structure.faces]
    for point, found in zip(points, closest, strict=True):
        reference = _brute_force(point, corners)
        # The grid is 1/60 of an edge fine; the exact answer can only be closer.
        assert np.linalg.norm(found - point) <= np.linalg.norm(reference - point) + 1e-9
        assert np.linalg.norm(found - reference) < 0.5

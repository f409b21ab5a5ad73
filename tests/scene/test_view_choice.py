"""The selection camera faces the painted skin (scene/views.best_view_direction)."""

import numpy as np

from explorer.scene.views import best_view_direction, candidate_directions


def _cap(axis, count=50, spread=0.2, seed=0):
    """Unit normals scattered around ``axis``."""
    rng = np.random.default_rng(seed)
    normals = np.asarray(axis, float) + spread * rng.standard_normal((count, 3))
    return normals / np.linalg.norm(normals, axis=1, keepdims=True)


def test_a_pattern_on_the_left_side_is_seen_from_the_left():
    direction = best_view_direction(_cap((-1, 0, 0)), np.ones(50))
    assert direction[0] < -0.9


def test_a_pattern_on_the_crown_is_seen_from_above():
    direction = best_view_direction(_cap((0, 0, 1), spread=0.05), np.ones(50))
    np.testing.assert_allclose(direction, (0, 0, 1))


def test_a_pattern_on_the_temple_is_not_seen_from_above():
    # Facing mostly sideways and a little up: the side view must win over the top.
    direction = best_view_direction(_cap((-0.8, 0.2, 0.55)), np.ones(50))
    assert direction[2] < 0.5


def test_candidates_are_unit_vectors_around_the_head():
    directions = candidate_directions()
    np.testing.assert_allclose(np.linalg.norm(directions, axis=1), 1.0)
    assert len(directions) == 13


def test_marker_detail_drops_as_markers_multiply():
    from explorer.scene.markers import marker_subdivisions

    assert [marker_subdivisions(n) for n in (50, 500, 2000, 5000)] == [2, 1, 0, -1]

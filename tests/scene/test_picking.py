"""Picking maths with a made-up camera: nearest within radius, occlusion, click vs drag."""

from __future__ import annotations

import numpy as np

from explorer.scene.picking import ClickGuard, ViewSnapshot, pick_marker, project_to_display

# An orthographic camera at z = +1000 looking down -z: world x, y in [-100, 100] fill 200x200 px.
VIEW = ViewSnapshot(np.diag([0.01, 0.01, -0.001, 1.0]), 200, 200, np.array([0.0, 0.0, 1000.0]))
MARKERS = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [-50.0, -50.0, 0.0]])
ALL = np.ones(3, dtype=bool)


def test_projection_maps_world_to_pixels():
    display, in_front = project_to_display(MARKERS, VIEW)
    np.testing.assert_allclose(display, [[100, 100], [110, 100], [50, 50]])
    assert in_front.all()


def test_nearest_marker_within_radius_wins():
    assert pick_marker(MARKERS, ALL, VIEW, (108, 101), 12) == 1
    assert pick_marker(MARKERS, ALL, VIEW, (102, 100), 12) == 0
    assert pick_marker(MARKERS, ALL, VIEW, (130, 130), 12) is None


def test_touch_radius_reaches_further():
    assert pick_marker(MARKERS, ALL, VIEW, (50, 70), 12) is None
    assert pick_marker(MARKERS, ALL, VIEW, (50, 70), 24) == 2


def test_hidden_markers_are_skipped():
    visible = np.array([True, False, True])
    assert pick_marker(MARKERS, visible, VIEW, (108, 100), 12) == 0


def test_occluded_marker_is_not_hit_and_the_next_one_is():
    def blocked(eye, target, index):
        return index == 1

    assert pick_marker(MARKERS, ALL, VIEW, (108, 100), 12, blocked) == 0
    assert pick_marker(MARKERS, ALL, VIEW, (110, 100), 5, blocked) is None


def test_click_is_a_click_and_drag_is_not():
    now = [0.0]
    guard = ClickGuard(clock=lambda: now[0])
    guard.press(100, 100)
    assert guard.release(102, 101)
    guard.press(100, 100)
    guard.move(115, 100)
    assert not guard.release(100, 100), "went far during the press: a drag even if it came back"
    guard.press(100, 100)
    now[0] = 2.0
    assert not guard.release(100, 100), "a long hold is not a click"
    assert not guard.release(100, 100), "a release without a press is not a click"

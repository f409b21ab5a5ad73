"""Picking maths with a made-up camera: nearest within radius, occlusion, click vs drag."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.scene.picking import (
    ClickGuard,
    SegmentOccluder,
    ViewSnapshot,
    pick_marker,
    project_to_display,
)

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


# Occlusion in the tiny atlas -------------------------------------------------
#
# Seen from the right, the left demo muscle's TrP1 (at x = -71) lies behind the
# right demo muscle (x = 61..71) and the skull (radius 55, at the centre), on
# one line of sight through (y 10, z 20). The skin is see-through throughout.

TP = "demo_muscle.tp1.left"


@pytest.fixture
def from_the_right(scene):
    from explorer.model.state import AppState

    state = AppState()
    scene.bind(state)
    state.set_layer_opacity("skin", 0.4)
    # Hide the right side's own TrP1, which sits on the same line of sight, nearer.
    state.set_marker_filter("left")
    scene.show_view("right", render=True)
    return scene, state


def test_bone_and_another_muscle_each_hide_a_marker(from_the_right):
    scene, state = from_the_right
    x, y = scene.display_position(TP)
    assert scene.pick(x, y, 12) is None, "right muscle and skull in front"
    state.set_layer_opacity("deep", 0.5)  # muscles see-through: only the skull in the way
    assert scene.pick(x, y, 12) is None, "the skull hides it"
    state.set_layer_visible("bones", False)
    assert scene.pick(x, y, 12) == TP, "nothing opaque in front any more"
    state.set_layer_opacity("deep", 1.0)  # the muscles solid again, the skull still hidden
    assert scene.pick(x, y, 12) is None, "the right muscle hides it"


def test_a_markers_own_muscle_never_hides_it(from_the_right):
    # From the right the line of sight crosses the left muscle's inner face before
    # reaching the marker on its outer face; that muscle is the marker's own.
    scene, _ = from_the_right
    own = ("demo_muscle_left", dict(scene.structures.occluders())["demo_muscle_left"])
    eye = np.array(scene.plotter.renderer.GetActiveCamera().GetPosition())
    target = scene.marker_position(TP)
    assert not SegmentOccluder(lambda: [own], lambda index: {"demo_muscle_left"})(eye, target, 0)
    # The exception is what lets it through: without it, its inner face would hide it.
    assert SegmentOccluder(lambda: [own], lambda index: set())(eye, target, 0)

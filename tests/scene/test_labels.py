"""Muscle labels: layout geometry, and a posterior render of the shipped atlas."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from explorer.scene.label_layout import Occupancy, boxes_overlap, leader_end, place_labels

ROOT = Path(__file__).resolve().parents[2]


def disjoint(a: np.ndarray, b: np.ndarray) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_crowded_labels_never_overlap_and_stay_on_screen():
    rng = np.random.default_rng(0)
    anchors = rng.uniform([300, 250], [500, 450], size=(14, 2))
    sizes = np.tile([120.0, 20.0], (14, 1))
    boxes = place_labels(anchors, sizes, (800, 700), np.array([400.0, 350.0]))
    placed = [box for box in boxes if box is not None]
    assert len(placed) >= 12
    for a, b in combinations(placed, 2):
        assert disjoint(a, b)
    for box in placed:
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= 800 and box[3] <= 700


def test_labels_keep_clear_of_blocked_boxes_anchors_and_the_pattern():
    anchors = np.array([[400.0, 400.0], [420.0, 380.0]])
    sizes = np.array([[100.0, 20.0], [100.0, 20.0]])
    legend = np.array([[430.0, 300.0, 700.0, 700.0]])
    painted = np.array([[x, y] for x in range(300, 400, 4) for y in range(380, 440, 4)], float)
    occupancy = Occupancy((800, 700), painted)
    boxes = place_labels(anchors, sizes, (800, 700), np.array([350.0, 350.0]), legend, occupancy)
    for box in boxes:
        assert box is not None
        assert not boxes_overlap(box, legend)[0]
        assert not occupancy.covers(box)[0]
        for anchor in anchors:
            assert not (box[0] <= anchor[0] <= box[2] and box[1] <= anchor[1] <= box[3])


def test_a_label_with_no_room_is_left_out_rather_than_overlapping():
    anchors = np.array([[50.0, 50.0], [52.0, 50.0]])
    sizes = np.array([[90.0, 90.0], [90.0, 90.0]])
    boxes = place_labels(anchors, sizes, (100, 100), np.array([50.0, 50.0]))
    assert boxes[1] is None


def test_the_leader_line_meets_the_box_at_its_nearest_point():
    box = np.array([10.0, 10.0, 50.0, 30.0])
    assert np.allclose(leader_end(np.array([0.0, 20.0]), box), [10.0, 20.0])
    assert np.allclose(leader_end(np.array([60.0, 40.0]), box), [50.0, 30.0])


@pytest.fixture(scope="module")
def shipped():
    from explorer.model.project import load_project

    return load_project(ROOT / "trigger_points.yaml", ROOT / "meshes" / "manifest.yaml")


@pytest.fixture
def study_scene(shipped):
    import pyvista as pv

    from explorer.scene.anatomy_scene import AnatomyScene
    from explorer.scene.render import build_engine
    from explorer.scene.study_overlay import StudyOverlay

    plotter = pv.Plotter(off_screen=True, window_size=[1024, 700])
    scene = AnatomyScene(plotter, shipped.atlas, shipped.catalog, build_engine(shipped.atlas))
    scene.set_layer("skin", True, 0.6, render=False)
    overlay = StudyOverlay(scene)
    overlay.set_labels(True)
    overlay.set_legend(True)
    plotter.show(auto_close=False)  # pyvista draws nothing before the window is shown
    try:
        yield scene, overlay
    finally:
        plotter.close()


def test_posterior_render_labels_are_disjoint_and_clear_of_legend_and_pattern(study_scene):
    scene, overlay = study_scene
    scene.on_selection_changed(["upper_trapezius.tp1.left"], render=False)
    scene.show_view("posterior", render=False)
    scene.plotter.render()
    boxes = overlay.labels.boxes
    assert {"upper_trapezius", "lower_trapezius", "occipitalis"} <= set(boxes)
    for a, b in combinations(boxes.values(), 2):
        assert disjoint(a, b)
    legend = overlay.legend.box
    assert legend is not None
    for box in boxes.values():
        assert disjoint(box, legend)
        assert box[0] >= 0 and box[2] <= 1024 and box[1] >= 0 and box[3] <= 700
    painted = overlay.labels._painted_on_screen(_view(scene))
    assert len(painted) > 50  # the pattern is on screen, so the check below means something
    occupancy = Occupancy((1024, 700), painted)
    assert not occupancy.covers(np.array(list(boxes.values()))).any()


def test_labels_follow_the_camera_in_the_frame_being_drawn(study_scene):
    scene, overlay = study_scene
    renderer = scene.plotter.renderer
    frames = []
    renderer.AddObserver("EndEvent", lambda *_: frames.append(1))
    scene.show_view("posterior", render=False)
    scene.plotter.render()
    before = {key: box.copy() for key, box in overlay.labels.boxes.items()}
    frames.clear()
    renderer.GetActiveCamera().Azimuth(30)
    scene.plotter.render()
    assert len(frames) == 1  # one frame drawn, and no other
    moved = [key for key in before if key in overlay.labels.boxes]
    assert any(not np.allclose(before[key], overlay.labels.boxes[key]) for key in moved)


def test_labels_off_place_nothing(study_scene):
    scene, overlay = study_scene
    overlay.set_labels(False)
    scene.plotter.render()
    assert overlay.labels.boxes == {}


def test_legend_names_solid_striped_and_each_muscle_on_screen(study_scene):
    scene, overlay = study_scene
    scene.show_view("posterior", render=False)
    scene.plotter.render()
    kinds = [kind for kind, _ in overlay.legend.rows]
    assert kinds[:2] == ["solid", "striped"]
    names = [text for kind, text in overlay.legend.rows[2:]]
    assert "Upper trapezius" in names and "Occipitalis" in names
    # From behind, the face's markers are on the far side: no row for them.
    assert "Frontalis" not in names


def test_every_muscle_has_its_own_marker_look(shipped):
    from explorer.scene.marker_style import muscle_marker_style

    looks = [muscle_marker_style(index) for index in range(len(shipped.catalog.muscles))]
    assert len(set(looks)) == len(looks)
    assert len({look.rgb for look in looks}) >= 6


def _view(scene):
    from explorer.scene.picking import snapshot_view

    return snapshot_view(scene.plotter.renderer)

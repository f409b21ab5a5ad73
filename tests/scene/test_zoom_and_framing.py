"""Zoom limits (a 5 cm field to the whole bust) and where a flight to a selection ends."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.scene import framing, views
from explorer.scene.picking import project_to_display, snapshot_view
from explorer.scene.zoom import NEAREST_FIELD_MM, ZoomLimits, zoom_by
from tests.scene.test_anatomy_scene import TP

BOUNDS = np.array([-100.0, 100.0, -120.0, 120.0, 1300.0, 1700.0])


def test_nearest_zoom_shows_a_5_cm_field_and_farthest_the_whole_bust_with_room():
    limits = ZoomLimits.for_bounds(BOUNDS)
    assert limits.field_mm(limits.nearest) == pytest.approx(NEAREST_FIELD_MM)
    presets = [views.preset_pose(p.name, BOUNDS).distance for p in views.PRESETS]
    assert max(presets) < limits.farthest <= 2 * max(presets)
    assert limits.clamp(1.0) == limits.nearest
    assert limits.clamp(1e9) == limits.farthest
    assert limits.clamp(limits.nearest * 2) == limits.nearest * 2


def test_every_view_and_selection_lies_within_the_zoom_limits(scene):
    limits = scene.zoom_limits
    poses = [scene.view_pose(preset.name) for preset in views.PRESETS]
    poses += [scene.selection_pose([point.id]) for point in scene.points]
    poses.append(scene.selection_pose([point.id for point in scene.points]))
    assert all(limits.nearest <= pose.distance <= limits.farthest for pose in poses)


def test_zoom_moves_along_the_line_of_sight_and_stops_at_the_limits(scene):
    camera = scene.plotter.renderer.GetActiveCamera()
    focal = np.array(camera.GetFocalPoint())
    direction = np.array(camera.GetDirectionOfProjection())
    for _ in range(40):
        zoom_by(camera, 1.2, scene.zoom_limits)
    assert camera.GetDistance() == pytest.approx(scene.zoom_limits.nearest)
    assert np.allclose(camera.GetFocalPoint(), focal)
    assert np.allclose(camera.GetDirectionOfProjection(), direction)
    for _ in range(80):
        zoom_by(camera, 1 / 1.2, scene.zoom_limits)
    assert camera.GetDistance() == pytest.approx(scene.zoom_limits.farthest)


def test_any_zoom_is_brought_back_within_the_limits_before_a_render(scene):
    camera = scene.plotter.renderer.GetActiveCamera()
    camera.Dolly(1000.0)  # what VTK's own right-drag zoom could do
    scene.plotter.render_window.Render()
    assert camera.GetDistance() == pytest.approx(scene.zoom_limits.nearest)
    camera.Dolly(1e-4)
    scene.plotter.render_window.Render()
    assert camera.GetDistance() == pytest.approx(scene.zoom_limits.farthest)


def test_a_narrow_viewport_moves_the_camera_back_until_the_sphere_fits_across():
    pose = views.pose_from(np.zeros(3), np.array([0.0, 1.0, 0.0]), 100.0, np.array([0, 0, 1.0]))
    assert framing.fit_to_aspect(pose, 1.6) is pose, "a wide view already fits"
    narrow = framing.fit_to_aspect(pose, 0.5)
    half_across = math.atan(0.5 * math.tan(math.radians(views.VIEW_ANGLE) / 2))
    # The framed sphere (radius 100 mm, margin included) fits the horizontal half-angle.
    assert views.MARGIN * 100.0 / narrow.distance == pytest.approx(math.sin(half_across))
    assert np.allclose(narrow.focal_point, pose.focal_point)


def _in_view(scene, points: np.ndarray) -> bool:
    display, in_front = project_to_display(points, snapshot_view(scene.plotter.renderer))
    width, height = scene.plotter.renderer.GetSize()
    inside = (display[:, 0] >= 0) & (display[:, 0] < width) & (display[:, 1] >= 0)
    return bool(np.all(in_front & inside & (display[:, 1] < height)))


def test_selection_pose_shows_the_whole_head_pattern_and_marker(scene):
    scene.apply_pose(scene.selection_pose([TP]), render=False)
    head = framing.head_box(scene.skin_mesh.points)
    corners = np.array([[x, y, z] for x in head[:, 0] for y in head[:, 1] for z in head[:, 2]])
    painted = scene.skin_mesh.points[scene.engine.field(scene.catalog.get(TP)).combined > 0.2]
    assert _in_view(scene, corners)
    assert _in_view(scene, painted)
    assert _in_view(scene, scene.marker_position(TP)[None, :])


def test_the_view_chosen_keeps_markers_clear_of_opaque_layers_when_it_can():
    markers = np.array([[0.0, 0.0, 0.0]])
    normals = np.tile([[1.0, 0.0, 0.0]], (10, 1))  # the pattern faces +x best
    head = np.array([[-50.0, -50.0, -50.0], [50.0, 50.0, 50.0]])
    direction = lambda pose: (pose.position - pose.focal_point) / pose.distance  # noqa: E731

    def args(hidden):
        return (markers, markers, head, np.zeros(3), 30.0, normals, np.ones(10), hidden)

    best = framing.selection_pose(*args(lambda eye, row: False))
    assert direction(best)[0] > 0.95
    # Hidden from every camera on the +x side: the next direction facing the pattern wins.
    other = framing.selection_pose(*args(lambda eye, row: eye[0] > 0 and abs(eye[1]) < 1e-6))
    assert direction(other)[0] > 0.5 and abs(direction(other)[1]) > 0.1
    # Hidden from everywhere: keep the view that faces the pattern best.
    fallback = framing.selection_pose(*args(lambda eye, row: True))
    assert np.allclose(fallback.position, best.position)

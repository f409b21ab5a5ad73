"""Pixel probes on the tiny atlas: the selection paints the skin where it should."""

from __future__ import annotations

import numpy as np

from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.overlay import SKIN_RGB
from explorer.scene.picking import project_to_display, snapshot_view

TP = "demo_muscle.tp1.left"


def pixel_at(scene: AnatomyScene, point: np.ndarray) -> np.ndarray:
    """RGB of the rendered pixel where world ``point`` projects."""
    image = scene.plotter.screenshot(return_img=True)
    display, in_front = project_to_display(point, snapshot_view(scene.plotter.renderer))
    assert in_front[0]
    x, y = (round(value) for value in display[0])
    return image[image.shape[0] - 1 - y, x].astype(int)


def is_red(rgb: np.ndarray) -> bool:
    return rgb[0] > 120 and rgb[0] - rgb[1] > 60 and rgb[0] - rgb[2] > 90


def is_skin(rgb: np.ndarray) -> bool:
    """Skin's hue at any shading: green and blue close to red, as in SKIN_RGB."""
    red, green, blue = (max(float(value), 1.0) for value in rgb)
    skin_red, skin_green, skin_blue = SKIN_RGB
    return (
        red > 60
        and abs(green / red - skin_green / skin_red) < 0.08
        and abs(blue / red - skin_blue / skin_red) < 0.1
    )


def far_skin_point(scene: AnatomyScene) -> np.ndarray:
    """A left-facing skin vertex that the selection leaves unpainted, far from the temple."""
    field = scene.engine.field(scene.catalog.get(TP)).combined
    vertices = scene.atlas.skin.vertices
    facing_left = vertices[:, 0] < -0.8 * np.abs(vertices[:, 0]).max()
    unpainted = facing_left & (field == 0)
    temple = scene.atlas.landmark("temple_left")
    distance = np.where(unpainted, np.linalg.norm(vertices - temple, axis=1), -1)
    return vertices[int(np.argmax(distance))]


def test_selection_paints_the_essential_spot_and_leaves_far_skin(scene):
    scene.show_view("left", render=False)
    temple = scene.atlas.landmark("temple_left")
    assert is_skin(pixel_at(scene, temple)), "nothing selected yet: the temple is plain skin"
    scene.on_selection_changed([TP])
    assert is_red(pixel_at(scene, temple))
    assert is_skin(pixel_at(scene, far_skin_point(scene)))


def test_clearing_the_selection_unpaints(scene):
    scene.show_view("left", render=False)
    scene.on_selection_changed([TP])
    scene.on_selection_changed([])
    assert is_skin(pixel_at(scene, scene.atlas.landmark("temple_left")))


def test_selection_swaps_arrays_in_place(scene):
    colours = scene.skin_mesh.point_data["overlay_rgba"]
    actors = dict(scene.plotter.renderer.actors)
    scene.on_selection_changed([TP])
    assert scene.skin_mesh.point_data["overlay_rgba"] is not None
    assert np.shares_memory(colours, scene.skin_mesh.point_data["overlay_rgba"])
    assert dict(scene.plotter.renderer.actors) == actors


def test_spillover_is_striped(scene):
    """Around the vertex (spillover) pixels alternate between stripe and skin."""
    scene.show_view("superior", render=False)
    scene.on_selection_changed([TP])
    image = scene.plotter.screenshot(return_img=True).astype(int)
    display, _ = project_to_display(
        scene.atlas.landmark("vertex"), snapshot_view(scene.plotter.renderer)
    )
    x, y = (round(v) for v in display[0])
    row = image[image.shape[0] - 1 - y, x - 12 : x + 12]
    blueness = row[:, 2]  # stripes are orange (low blue), gaps are skin (high blue)
    assert blueness.max() - blueness.min() > 80


def test_multi_selection_adds_up(scene):
    single = scene.skin_mesh.point_data["overlay_rgba"].copy()
    scene.on_selection_changed([TP, "demo_muscle.tp2.left"])
    both = scene.skin_mesh.point_data["overlay_rgba"]
    inion = int(
        np.argmin(np.linalg.norm(scene.atlas.skin.vertices - scene.atlas.landmark("inion"), axis=1))
    )
    assert not np.array_equal(single[inion], both[inion])


def test_marker_filter_hides_other_muscles_markers(scene):
    assert scene.visible_markers().all()
    scene.set_layer("deep", False, 1.0, render=False)
    assert not scene.visible_markers().any(), "the demo muscle is in the deep layer"


def test_markers_sit_on_their_muscle(scene):
    muscle = scene.atlas.structures["demo_muscle_right"]
    position = scene.marker_position("demo_muscle.tp1.right")
    assert np.linalg.norm(muscle.vertices - position, axis=1).min() < 3.0
    assert position[0] > 0


def test_occluded_marker_is_not_picked_but_visible_one_is(scene):
    scene.show_view("left", render=True)
    x, y = scene.display_position(TP)
    assert scene.pick(x, y, 12) is None, "opaque skin hides the marker"
    scene.set_layer("skin", True, 0.4)
    assert scene.pick(x + 3, y - 3, 12) == TP
    assert scene.pick(x + 30, y, 12) is None

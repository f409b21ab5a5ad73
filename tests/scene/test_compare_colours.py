"""Compared points: a colour each, overlaps hatched (not blended), a legend naming the colours."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from explorer.model.referral import ReferralField
from explorer.scene.overlay import (
    ESSENTIAL_RGB,
    SKIN_RGB,
    SPILLOVER_RGB,
    overlay_arrays,
    point_colours,
)
from explorer.scene.picking import project_to_display, snapshot_view

ROOT = Path(__file__).resolve().parents[2]
TP1, TP2 = "demo_muscle.tp1.left", "demo_muscle.tp2.left"
BLUE = point_colours(1).solid


def field(essential, spillover) -> ReferralField:
    return ReferralField.from_dense(
        np.array(essential, np.float32), np.array(spillover, np.float32)
    )


def test_one_point_is_solid_where_essential_and_striped_where_it_spills():
    #             essential   essential+spill  spillover  bare
    one = field([1.0, 1.0, 0.0, 0.0], [0.0, 0.5, 0.5, 0.0])
    arrays = overlay_arrays([one], 4)
    assert tuple(arrays.rgb[0]) == ESSENTIAL_RGB and tuple(arrays.rgb[1]) == ESSENTIAL_RGB
    assert arrays.stripe_alpha[0] == 0 and arrays.stripe_alpha[1] == 0, "its own solid stays solid"
    assert tuple(arrays.rgb[2]) == SKIN_RGB and arrays.stripe_alpha[2] == pytest.approx(1.0)
    assert tuple(arrays.stripe_rgb[2]) == SPILLOVER_RGB
    assert tuple(arrays.rgb[3]) == SKIN_RGB and arrays.stripe_alpha[3] == 0


def test_overlapping_points_hatch_one_colour_over_the_other_never_a_blend():
    first = field([1.0, 1.0, 0.0], [0.0, 0.0, 0.0])
    second = field([0.0, 1.0, 1.0], [0.0, 0.0, 0.0])
    arrays = overlay_arrays([first, second], 3)
    assert tuple(arrays.rgb[0]) == ESSENTIAL_RGB and arrays.stripe_alpha[0] == 0
    assert tuple(arrays.rgb[2]) == BLUE and arrays.stripe_alpha[2] == 0
    # Both: the first point's solid, striped with the second's colour.
    assert tuple(arrays.rgb[1]) == ESSENTIAL_RGB
    assert tuple(arrays.stripe_rgb[1]) == point_colours(1).stripes
    assert arrays.stripe_alpha[1] == pytest.approx(1.0)
    palette = {tuple(c.solid) for c in (point_colours(0), point_colours(1))}
    assert {tuple(rgb) for rgb in arrays.rgb} <= palette, "no mixed third colour"


def test_each_palette_colour_is_distinct_and_the_palette_repeats():
    solids = [point_colours(index).solid for index in range(6)]
    assert len(set(solids)) == 6
    assert point_colours(6) == point_colours(0)


def pixel(scene, point) -> np.ndarray:
    image = scene.plotter.screenshot(return_img=True).astype(int)
    display, in_front = project_to_display(point, snapshot_view(scene.plotter.renderer))
    assert in_front[0]
    x, y = (round(value) for value in display[0])
    return image[image.shape[0] - 1 - y, x, :3]


def test_two_selected_points_paint_in_two_colours_and_the_legend_names_them(scene):
    scene.show_view("left", render=False)
    scene.on_selection_changed([TP1, TP2])
    temple, inion = scene.atlas.landmark("temple_left"), scene.atlas.landmark("inion")
    at_temple = pixel(scene, temple)
    assert at_temple[0] > at_temple[2] + 60, f"vermillion at the temple, got {at_temple}"
    scene.show_view("posterior", render=False)
    scene.render()
    at_inion = pixel(scene, inion)
    assert at_inion[2] > at_inion[0] + 40, f"blue at the back of the head, got {at_inion}"
    labels = [label for label, _rgb in scene.legend.entries]
    assert labels == [scene.catalog.get(TP1).label, scene.catalog.get(TP2).label]
    assert [rgb for _label, rgb in scene.legend.entries] == [ESSENTIAL_RGB, BLUE]
    assert all(actor.GetVisibility() for actor in scene.legend.labels[:2])
    scene.on_selection_changed([TP1])
    assert not scene.legend.visible, "one point needs no colour legend"


def test_spillover_stripes_draw_only_where_there_is_a_pattern(scene):
    scene.on_selection_changed([])
    assert scene.hatching.face_count == 0
    scene.on_selection_changed([TP1])
    assert 0 < scene.hatching.face_count < scene.skin_mesh.n_cells / 2
    scene.set_layer("skin", False, 1.0)
    assert not scene.hatching.actor.visibility, "stripes hide with the skin"


@pytest.mark.parametrize("size", ["640x640"])
def test_app_render_paints_two_points_in_two_distinct_colours(tmp_path, size):
    from PIL import Image

    output = tmp_path / "two.png"
    done = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "render", "--select", "upper_trapezius.tp1.left",
         "--select", "temporalis.tp1.left", "--view", "left", "--size", size, "-o", str(output)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pixels = np.asarray(Image.open(output).convert("RGB")).astype(int)

    def count(rgb) -> int:
        return int(np.all(np.abs(pixels - np.array(rgb)) < 35, axis=2).sum())

    assert count(ESSENTIAL_RGB) > 300, "the first point in vermillion"
    assert count(BLUE) > 100, "the second point in blue"

"""Isolate one muscle of the shipped atlas, then restore every actor exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.atlas import AT_RISK_KINDS
from explorer.model.state import LAYERS, AppState
from explorer.scene.isolate import FAINT_BONES, MuscleIsolation

ROOT = Path(__file__).resolve().parents[2]
TP = "upper_trapezius.tp1.left"


@pytest.fixture(scope="module")
def shipped():
    from explorer.model.project import load_project

    return load_project(ROOT / "trigger_points.yaml", ROOT / "meshes" / "manifest.yaml")


@pytest.fixture
def bound(shipped):
    """A scene bound to an AppState with unusual layers: some hidden, some faded."""
    import pyvista as pv

    from explorer.scene.anatomy_scene import AnatomyScene
    from explorer.scene.render import build_engine

    plotter = pv.Plotter(off_screen=True, window_size=[400, 400])
    scene = AnatomyScene(plotter, shipped.atlas, shipped.catalog, build_engine(shipped.atlas))
    state = AppState()
    scene.bind(state)
    state.set_layer_opacity("skin", 0.6)
    state.set_layer_visible("deep", False)
    state.set_layer_opacity("bones", 0.8)
    state.select(TP)
    try:
        yield scene, state
    finally:
        plotter.close()


def looks(scene) -> dict[str, tuple]:
    actors = {"skin": scene.skin_actor, **scene.structures.actors}
    return {
        name: (
            bool(actor.GetVisibility()),
            float(actor.GetProperty().GetOpacity()),
            bool(actor.GetProperty().GetBackfaceCulling()),
        )
        for name, actor in actors.items()
    }


def test_isolate_shows_only_the_muscle_its_markers_and_a_faint_skeleton(bound):
    scene, state = bound
    isolation = MuscleIsolation(scene, state)
    isolation.isolate(TP)
    atlas = scene.atlas.structures
    for sid, actor in scene.structures.actors.items():
        if atlas[sid].kind == "muscle":
            assert bool(actor.GetVisibility()) == (sid == "trapezius_descending_left"), sid
        elif atlas[sid].kind not in AT_RISK_KINDS:  # the at-risk layer keeps its own state
            assert actor.GetVisibility() and actor.GetProperty().GetOpacity() == FAINT_BONES
    shown = {scene.points[i].id for i in np.flatnonzero(scene.visible_markers())}
    assert shown == {"upper_trapezius.tp1.left", "upper_trapezius.tp2.left"}
    assert state.layer("skin").opacity == 0.0  # only the painted pattern shows
    assert scene.skin_mesh.point_data["overlay_rgba"][:, 3].max() > 200


def test_both_sides_shows_the_muscle_on_each_side(bound):
    scene, state = bound
    isolation = MuscleIsolation(scene, state)
    isolation.isolate(TP, both_sides=True)
    visible = {sid for sid, actor in scene.structures.actors.items() if actor.GetVisibility()}
    muscles = {sid for sid in visible if scene.atlas.structures[sid].kind == "muscle"}
    assert muscles == {"trapezius_descending_left", "trapezius_descending_right"}


def test_restore_gives_back_the_exact_visibility_opacity_layers_and_markers(bound):
    scene, state = bound
    before_looks = looks(scene)
    before_layers = {layer: state.layer(layer) for layer in LAYERS}
    before_markers = scene.visible_markers().copy()
    isolation = MuscleIsolation(scene, state)
    isolation.isolate(TP)
    assert looks(scene) != before_looks
    state.set_layer_visible("bones", False)  # the user changes a layer while isolated...
    assert not scene.structures.actors["trapezius_ascending_left"].GetVisibility()
    isolation.restore()
    assert looks(scene) == before_looks
    assert {layer: state.layer(layer) for layer in LAYERS} == before_layers
    assert np.array_equal(scene.visible_markers(), before_markers)
    assert not isolation.active


def test_without_app_state_the_scene_layers_are_restored(bound):
    scene, _state = bound
    before = looks(scene)
    isolation = MuscleIsolation(scene)
    isolation.isolate("masseter.a.right")
    assert scene.structures.actors["masseter_right"].GetVisibility()
    assert not scene.structures.actors["masseter_left"].GetVisibility()
    isolation.restore()
    assert looks(scene) == before

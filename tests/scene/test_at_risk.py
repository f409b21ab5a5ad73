"""The "Structures at risk" layer and the needle view on the box atlas (tests/needle_atlas.py)."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model.project import load_project
from explorer.model.state import AppState
from explorer.scene.isolate import MuscleIsolation
from explorer.scene.needle_view import FADED, FADED_SKIN, GLOW, NeedleView
from explorer.scene.picking import project_to_display, snapshot_view
from tests.needle_atlas import write_needle_atlas

STRAIGHT = "slab.straight.left"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    manifest, content = write_needle_atlas(tmp_path_factory.mktemp("boxes"))
    return load_project(content, manifest)


@pytest.fixture(scope="module")
def engine(project):
    from explorer.scene.render import build_engine

    return build_engine(project.atlas)


@pytest.fixture
def scene(project, engine):
    import pyvista as pv

    from explorer.scene.anatomy_scene import AnatomyScene

    # Large enough that the corner text leaves the middle, where the line is, clear.
    plotter = pv.Plotter(off_screen=True, window_size=[600, 600])
    try:
        yield AnatomyScene(plotter, project.atlas, project.catalog, engine)
    finally:
        plotter.close()


def look(actor) -> tuple:
    prop = actor.GetProperty()
    return bool(actor.GetVisibility()), round(prop.GetOpacity(), 3)


def test_structures_at_risk_are_their_own_layer_hidden_at_start(scene):
    actors = scene.structures.actors
    assert sorted(scene.structures.ids_in_layer("at_risk")) == sorted(
        sid for sid, s in scene.atlas.structures.items() if s.kind in {"artery", "vein", "nerve",
                                                                        "organ"}
    )  # fmt: skip
    assert all(not actors[sid].GetVisibility() for sid in scene.structures.ids_in_layer("at_risk"))
    scene.set_layer("at_risk", True, 1.0, render=False)
    assert look(actors["vertebral_artery_left"]) == (True, 1.0)
    assert look(actors["pleural_dome_left"]) == (True, 0.45)  # always see-through
    assert look(actors["slab_left"]) == (True, 1.0)  # muscles are not on the layer


@pytest.mark.parametrize(
    "sid, rgb",
    [
        ("vertebral_artery_left", (200, 16, 46)),
        ("internal_jugular_vein_right", (43, 95, 180)),
        ("greater_occipital_nerve_left", (242, 194, 0)),
        ("pleural_dome_right", (184, 200, 216)),
        ("spinal_canal", (232, 224, 168)),
    ],
)
def test_each_kind_has_its_colour(scene, sid, rgb):
    colour = scene.structures.actors[sid].GetProperty().GetColor()
    assert tuple(round(channel * 255) for channel in colour) == rgb


def test_the_kiosk_scene_holds_no_structure_at_risk(project, engine):
    import pyvista as pv

    from explorer.scene.anatomy_scene import AnatomyScene

    plotter = pv.Plotter(off_screen=True, window_size=[200, 200])
    try:
        kiosk_scene = AnatomyScene(plotter, project.atlas, project.catalog, engine,
                                   include_at_risk=False)  # fmt: skip
        kiosk_scene.set_layer("at_risk", True, 1.0, render=False)
        assert sorted(kiosk_scene.structures.actors) == ["slab_left", "slab_right", "vertebra"]
    finally:
        plotter.close()


def bound(scene) -> tuple[AppState, NeedleView]:
    state = AppState()
    scene.bind(state)
    view = NeedleView(scene)
    view.bind(state)
    return state, view


def test_needle_view_highlights_the_named_fades_the_rest_and_draws_the_line(scene):
    state, view = bound(scene)
    state.set_layer_visible("at_risk", True)
    state.select(STRAIGHT)
    assert not view.active  # the switch is off
    state.set_needle_view(True)
    actors = scene.structures.actors
    assert view.highlighted == ("vertebral_artery_left", "spinal_canal")
    assert look(actors["vertebral_artery_left"]) == (True, 1.0)
    assert actors["vertebral_artery_left"].GetProperty().GetAmbient() == pytest.approx(GLOW)
    assert look(actors["internal_jugular_vein_left"]) == (True, FADED)
    assert look(actors["slab_right"]) == (True, FADED)
    alpha = scene.skin_mesh.point_data["overlay_rgba"][:, 3]
    assert set(np.unique(alpha)) == {round(FADED_SKIN * 255)}  # the painted spot too
    skin_line = np.asarray(view._skin_segment.points)
    np.testing.assert_allclose(skin_line, [[-30, 0, 100], [-30, 0, 90]], atol=1e-9)
    np.testing.assert_allclose(view._onward_segment.points, [[-30, 0, 90], [-30, 0, 74]],
                               atol=1e-9)  # fmt: skip
    assert view.text_actor.GetVisibility()
    # The corner text is short; the card (view.lines) says it all.
    assert view.corner == [
        "Needle view: Slab straight (left)",
        "Skin to point: 10\u00a0mm",
        "Past the point: vertebral artery (left) at 16\u00a0mm",
        "One generic body, not a safe depth: see the card.",
    ]
    assert view.text_actor.GetInput() == "\n".join(f" {line} " for line in view.corner)
    assert view.lines[:3] == [
        "Structures at risk shown: Vertebral artery (left), Spinal canal",
        "Skin to the point, along the line: 10\u00a0mm.",
        "From the point on to the first structure at risk on the line: 16\u00a0mm, to the "
        "vertebral artery (left).",
    ]
    assert scene.visible_markers().sum() == 1  # only the viewed point's marker


def test_named_structures_show_even_with_their_layer_hidden(scene):
    state, _view = bound(scene)
    state.select(STRAIGHT)
    state.set_needle_view(True)
    actors = scene.structures.actors
    assert look(actors["vertebral_artery_left"]) == (True, 1.0)
    assert not actors["internal_jugular_vein_left"].GetVisibility()


def test_turning_it_off_puts_every_look_back(scene):
    state, view = bound(scene)
    state.set_layer_opacity("skin", 0.6)
    state.select(STRAIGHT)
    actors = {"skin": scene.skin_actor, **scene.structures.actors}
    before = {name: look(actor) for name, actor in actors.items()}
    alpha = scene.skin_mesh.point_data["overlay_rgba"][:, 3].copy()
    state.set_needle_view(True)
    state.set_needle_view(False)
    assert {name: look(actor) for name, actor in actors.items()} == before
    np.testing.assert_array_equal(scene.skin_mesh.point_data["overlay_rgba"][:, 3], alpha)
    assert not view.skin_line_actor.GetVisibility() and not view.text_actor.GetVisibility()
    assert view.corner == []
    assert scene.visible_markers().all()


def test_it_follows_undo_and_leaves_multi_selections_alone(scene):
    state, view = bound(scene)
    state.set_needle_view(True)
    state.select("slab.angled.left")
    state.select("slab.clear.right")
    assert view.tp_id == "slab.clear.right" and view.path.hit_id is None
    assert view.corner[1:3] == [
        "Skin to point: 10\u00a0mm",
        "Past the point: no structure at risk within 50\u00a0mm",  # no bone on the right
    ]
    state.undo()
    assert view.tp_id == "slab.angled.left" and view.path.hit_id == "spinal_canal"
    state.select("slab.clear.right", additive=True)
    assert not view.active


def test_it_keeps_an_isolated_muscle_isolated(scene):
    state, _view = bound(scene)
    isolation = MuscleIsolation(scene, state)
    state.select(STRAIGHT)
    isolation.isolate(STRAIGHT)
    assert not scene.structures.actors["slab_right"].GetVisibility()
    state.set_needle_view(True)
    state.set_needle_view(False)
    assert not scene.structures.actors["slab_right"].GetVisibility()
    isolation.restore()
    assert scene.structures.actors["slab_right"].GetVisibility()


def test_a_view_turned_off_while_isolated_leaves_nothing_faded(scene):
    state, _view = bound(scene)
    isolation = MuscleIsolation(scene, state)
    state.select(STRAIGHT)
    before = look(scene.structures.actors["slab_left"])
    state.set_needle_view(True)
    isolation.isolate(STRAIGHT)
    state.set_needle_view(False)
    isolation.restore()
    assert look(scene.structures.actors["slab_left"]) == before == (True, 1.0)


def test_a_point_without_direction_highlights_but_draws_no_line(scene):
    state, view = bound(scene)
    state.select("slab.undirected.left")
    state.set_needle_view(True)
    assert view.highlighted == ("vertebral_artery_left",)
    assert not view.skin_line_actor.GetVisibility()
    assert not view.onward_line_actor.GetVisibility()
    assert "No needling direction is given for this point, so no line is drawn." in view.lines
    assert view.corner == [
        "Needle view: Slab undirected (left)",
        "No needling direction given: no line drawn.",
        "One generic body, not a safe depth: see the card.",
    ]


def test_the_artery_is_red_on_screen_and_the_line_white(scene):
    state, view = bound(scene)
    state.select(STRAIGHT)
    state.set_needle_view(True)
    scene.apply_pose(view.pose(), render=False)
    image = np.asarray(scene.plotter.screenshot(return_img=True))[:, :, :3].astype(int)
    snapshot = snapshot_view(scene.plotter.renderer)
    height = image.shape[0]

    def pixel(point):
        display, _ = project_to_display(np.array(point, float), snapshot)
        x, y = display[0]
        return image[height - 1 - round(y), round(x)]

    red = pixel([-30.0, 0.0, 70.0])  # inside the artery box, under the line's end
    assert red[0] > 150 and red[1] < 90 and red[2] < 110
    white = pixel([-30.0, 0.0, 96.0])  # on the skin-to-point segment
    assert white.min() > 200


def test_handout_pictures_never_show_them(project, engine):
    from explorer.scene.snapshots import SnapshotRenderer

    with SnapshotRenderer(project.atlas, project.catalog, engine, size=(200, 200)) as shot:
        at_risk = shot.scene.structures.ids_in_layer("at_risk")
        assert at_risk  # built, but hidden at start ...
        shot.hide_inner_layers()  # ... and hidden again for the handout's pictures
        assert not any(shot.scene.structures.actors[sid].GetVisibility() for sid in at_risk)

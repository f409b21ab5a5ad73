"""A click writes only the old and new pattern's vertices: the result equals a full repaint."""

from __future__ import annotations

import numpy as np

from explorer.scene import overlay
from explorer.scene.mesh_incidence import faces_touching, incident_faces


def full_paint(scene, ids, opacity):
    """What the skin and stripe arrays hold after painting ``ids`` from scratch."""
    fields = [scene.engine.field(scene.catalog.get(tp_id)) for tp_id in ids]
    arrays = overlay.overlay_arrays(fields, scene.engine.n_vertices)
    skin = np.column_stack([arrays.rgb, overlay.skin_alpha(arrays.coverage, opacity)])
    stripes = np.column_stack(
        [arrays.stripe_rgb, np.round(255.0 * np.clip(arrays.stripe_alpha, 0.0, 1.0))]
    ).astype(np.uint8)
    faces = np.asarray(scene.skin_mesh.regular_faces)
    shown = faces[(arrays.stripe_alpha > 0)[faces].any(axis=1)]
    return skin, stripes, shown


def test_a_sequence_of_selections_leaves_what_a_full_repaint_would(scene):
    ids = [point.id for point in scene.points]
    steps = [(ids[0],), (ids[1],), tuple(ids), (), (ids[-1],)]
    for opacity in (1.0, 0.6):
        scene.set_layer("skin", True, opacity, render=False)
        for selection in steps:
            scene.on_selection_changed(selection, render=False)
            skin, stripes, shown = full_paint(scene, selection, opacity)
            np.testing.assert_array_equal(scene.skin_mesh.point_data["overlay_rgba"], skin)
            np.testing.assert_array_equal(scene.hatching.mesh.point_data["hatch_rgba"], stripes)
            hatched = scene.hatching.mesh
            got = np.asarray(hatched.regular_faces) if hatched.n_cells else np.zeros((0, 3))
            np.testing.assert_array_equal(got.reshape(-1, 3), shown.reshape(-1, 3))


def test_a_fade_of_the_whole_skin_is_undone_by_the_next_paint(scene):
    point = scene.points[0].id
    scene.on_selection_changed((point,), render=False)
    scene.fade_skin(40)
    assert (scene.skin_mesh.point_data["overlay_rgba"][:, 3] == 40).all()
    scene.on_selection_changed((scene.points[-1].id,), render=False)
    skin, _stripes, _shown = full_paint(scene, (scene.points[-1].id,), 1.0)
    np.testing.assert_array_equal(scene.skin_mesh.point_data["overlay_rgba"], skin)


def test_faces_touching_matches_a_mask_over_every_face():
    rng = np.random.default_rng(3)
    faces = rng.integers(0, 50, size=(200, 3))
    incidence = incident_faces(50, faces)
    for count in (0, 1, 7, 50):
        chosen = rng.choice(50, size=count, replace=False)
        mask = np.zeros(50, bool)
        mask[chosen] = True
        expected = np.flatnonzero(mask[faces].any(axis=1))
        np.testing.assert_array_equal(faces_touching(incidence, np.sort(chosen)), expected)

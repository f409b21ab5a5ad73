"""Level of detail: coarse copies while the camera moves, the very same frame when it stops."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.scene import decimation
from explorer.scene.lod import LevelOfDetail
from explorer.scene.motion import CameraMotion
from tests.scene.test_anatomy_scene import TP, is_red, pixel_at


def frame(scene) -> np.ndarray:
    """Render now and read the frame back."""
    scene.plotter.render_window.Render()
    return np.asarray(scene.plotter.screenshot(return_img=True)).copy()


@pytest.fixture(autouse=True)
def big_skin(monkeypatch):
    """Decimate the tiny skin too, as a skin too big to draw whole while moving is."""
    monkeypatch.setattr(decimation, "MOVING_SKIN_TRIANGLES", decimation.MIN_TRIANGLES)


@pytest.fixture
def painted(scene):
    """The tiny scene seen from the left with TrP1 painted and its coarse copies built."""
    scene.show_view("left", render=False)
    scene.on_selection_changed([TP], render=False)
    scene.motion.lod.build_all()
    return scene


def test_still_frame_after_moving_is_the_frame_drawn_without_lod(painted):
    before = frame(painted)  # nothing has moved yet: no level of detail ever drawn
    painted.motion.begin("drag")
    coarse = frame(painted)
    painted.motion.end("drag")
    after = frame(painted)
    assert not np.array_equal(before, coarse), "the moving frame must actually be coarse"
    assert np.array_equal(before, after)


def test_moving_frames_draw_the_coarse_meshes_without_multisampling(painted):
    window = painted.plotter.render_window
    window.SetMultiSamples(4)
    skin_mapper = painted.skin_actor.GetMapper()
    painted.motion.begin("wheel")
    assert painted.skin_actor.GetMapper() is not skin_mapper
    drawn = painted.skin_actor.GetMapper().GetInput()
    assert drawn.GetNumberOfCells() < 0.5 * painted.skin_mesh.n_cells
    assert window.GetMultiSamples() == 0
    painted.motion.end("wheel")
    assert painted.skin_actor.GetMapper() is skin_mapper
    assert window.GetMultiSamples() == 4


def test_pattern_and_markers_stay_in_place_in_moving_frames(painted):
    temple = painted.atlas.landmark("temple_left")
    painted.motion.begin("drag")
    assert is_red(pixel_at(painted, temple)), "the painted pattern shows on the coarse skin"
    marker = painted.marker_position(TP)
    # The markers are not decimated: each is drawn where it is in the full frame.
    assert painted.marker_actor.GetMapper().GetInput().GetNumberOfPoints() == (
        painted.markers.mesh.n_points
    )
    assert np.allclose(painted.markers.positions[painted._index[TP]], marker)


def test_a_selection_made_while_moving_reaches_the_coarse_skin(painted):
    painted.motion.begin("flight")
    painted.on_selection_changed([])  # cleared mid-flight
    frame(painted)
    coarse = painted.skin_actor.GetMapper().GetInput()
    colours = np.asarray(coarse.GetPointData().GetArray("overlay_rgba"))
    full = painted.skin_mesh.point_data["overlay_rgba"]
    part = next(part for part in painted.motion.lod._parts if part.name == "skin")
    assert np.array_equal(colours, np.asarray(full)[part.nearest])


def test_coarse_copies_keep_the_surface_and_cut_the_triangles(tiny_atlas):
    from explorer.scene.structures import polydata

    full = polydata(tiny_atlas.skin)
    coarse, nearest = decimation.decimate(full, 0.3)
    assert coarse.n_cells <= 0.35 * full.n_cells
    # Every coarse vertex lies on the full surface, within a small share of the head's size.
    distance = np.abs(coarse.compute_implicit_distance(full)["implicit_distance"])
    size = np.linalg.norm(np.ptp(np.asarray(full.points), axis=0))
    assert distance.max() < 0.01 * size
    assert np.linalg.norm(coarse.points - full.points[nearest], axis=1).max() < 0.05 * size
    assert "Normals" in coarse.point_data


def test_keep_fraction_leaves_small_meshes_alone(monkeypatch):
    assert decimation.keep_fraction("bone", decimation.MIN_TRIANGLES - 1) is None
    assert decimation.keep_fraction("bone", 50_000) == decimation.KEEP_FRACTION["bone"]
    assert decimation.keep_fraction("artery", 50_000) == decimation.KEEP_FRACTION["artery"]
    monkeypatch.setattr(decimation, "MOVING_SKIN_TRIANGLES", 80_000)
    # The skin keeps its own outline of the pattern up to the cap, and is cut down to it beyond.
    assert decimation.keep_fraction("skin", 75_220) is None
    assert decimation.keep_fraction("skin", 320_000) == pytest.approx(0.25)
    with pytest.raises(ValueError):
        decimation.decimate(None, 0.0)


def test_switched_off_lod_draws_every_frame_in_full(painted):
    lod: LevelOfDetail = painted.motion.lod
    mapper = painted.skin_actor.GetMapper()
    lod.enabled = False
    painted.motion.begin("drag")
    assert painted.skin_actor.GetMapper() is mapper
    lod.enabled = True
    assert painted.skin_actor.GetMapper() is not mapper, "switching back on mid-drag goes coarse"


def test_motion_goes_coarse_with_the_first_reason_and_full_after_the_last():
    class FakeDetail:
        coarse = False

        def set_coarse(self, coarse: bool) -> None:
            self.coarse = coarse

    redraws, landed = [], []
    detail = FakeDetail()
    motion = CameraMotion(detail, lambda: redraws.append(True))
    motion.begin("drag")
    motion.begin("wheel")
    motion.on_take_over("flight", lambda: landed.append(motion.end("flight")))
    assert detail.coarse and motion.reasons == {"drag", "wheel"}
    assert motion.end("drag") is False and detail.coarse and not redraws
    motion.take_over()
    assert landed == [False], "a flight never begun ends without a frame of its own"
    assert motion.end("wheel") is True
    assert not detail.coarse and redraws == [True]
    assert motion.end("wheel") is False, "ending twice asks for nothing"

"""The editable pain drawing and the region presets, on the tiny atlas."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model.pain_drawing import UNDO_DEPTH, PainDrawing, _fill_between
from explorer.model.pain_regions import (
    REGIONS,
    available_regions,
    disc_drawing,
    region_drawing,
    side_mask,
    soft_disc,
)
from explorer.model.referral import ReferralEngine
from explorer.model.zones import Anchor


@pytest.fixture(scope="module")
def engine(tiny_atlas):
    return ReferralEngine(
        tiny_atlas.skin.vertices, tiny_atlas.skin.faces, tiny_atlas.landmark_positions()
    )


def test_a_stroke_is_one_undo_step(engine, tiny_atlas):
    drawing = PainDrawing(engine)
    finals = []
    drawing.changed.connect(finals.append)
    temple, tragus = tiny_atlas.landmark("temple_left"), tiny_atlas.landmark("tragus_left")
    drawing.begin_stroke()
    drawing.dab(temple, 10)
    drawing.dab(tragus, 10)  # far away: the gap is filled with dabs
    drawing.end_stroke()
    assert finals == [False, False, True]
    midway = engine.intensity_at(drawing.weights, (temple + tragus) / 2)
    assert midway > 0.5
    assert drawing.undo()
    assert drawing.is_empty
    assert not drawing.undo()


def test_erase_clear_and_undo_clear(engine, tiny_atlas):
    drawing = PainDrawing(engine)
    drawing.add(disc_drawing(engine, "temple_left", 25))
    drawing.begin_stroke()
    drawing.dab(tiny_atlas.landmark("temple_left"), 10, erase=True)
    drawing.end_stroke()
    assert engine.intensity_at(drawing.weights, "temple_left") == 0
    drawing.clear()
    assert drawing.is_empty
    drawing.undo()
    assert not drawing.is_empty


def test_a_stroke_on_nothing_to_erase_is_no_undo_step(engine, tiny_atlas):
    drawing = PainDrawing(engine)
    drawing.begin_stroke()
    drawing.dab(tiny_atlas.landmark("vertex"), 10, erase=True)
    drawing.end_stroke()
    assert not drawing.can_undo


def test_one_sided_regions_stop_at_the_midline(engine):
    x = engine.vertices[:, 0]
    left = region_drawing(engine, "top", "left")
    both = region_drawing(engine, "top", "both")
    assert left[x > 5].max() == 0
    assert left[x < -5].max() == 1
    assert both[x > 5].max() == 1
    with pytest.raises(ValueError, match="unknown side"):
        region_drawing(engine, "top", "middle")
    with pytest.raises(KeyError, match="no pain region"):
        region_drawing(engine, "elbow", "left")


def test_only_regions_with_landmarks_are_offered(tiny_atlas):
    keys = {region.key for region in available_regions(tiny_atlas.landmarks)}
    assert {"temple", "top", "behind_ear"} <= keys
    assert "jaw" not in keys  # the tiny atlas has no jaw landmarks


def test_redo_replays_an_undone_step_until_a_new_edit(engine, tiny_atlas):
    drawing = PainDrawing(engine)
    temple = tiny_atlas.landmark("temple_left")
    drawing.dab(temple, 10)
    drawing.end_stroke()
    painted = drawing.weights.copy()
    assert not drawing.can_redo
    drawing.undo()
    assert drawing.is_empty and drawing.can_redo
    assert drawing.redo()
    np.testing.assert_array_equal(drawing.weights, painted)
    drawing.undo()
    drawing.dab(tiny_atlas.landmark("tragus_left"), 10)
    drawing.end_stroke()
    assert not drawing.can_redo and not drawing.redo()


# History: depth, signals, no-op edits, and the kiosk's reset --------------


def flat(engine, level: float) -> np.ndarray:
    """A drawing of ``level`` everywhere: cheap, and each level is a distinct step."""
    return np.full(engine.n_vertices, level, dtype=np.float32)


def test_undo_goes_back_at_most_undo_depth_steps(engine):
    drawing = PainDrawing(engine)
    assert UNDO_DEPTH == 50
    for step in range(1, 52):  # 51 edits: 0.01, 0.02, ... 0.51
        drawing.set(flat(engine, step / 100))
    undone = 0
    while drawing.undo():
        undone += 1
    # The 51st step back (to the empty start) was dropped to keep memory bounded.
    assert undone == 50
    np.testing.assert_array_equal(drawing.weights, flat(engine, 0.01))


def test_every_whole_drawing_edit_and_undo_redo_is_one_final_change(engine):
    drawing = PainDrawing(engine)
    assert drawing.weights.dtype == np.float32 and drawing.is_empty
    finals = []
    drawing.changed.connect(finals.append)
    drawing.add(flat(engine, 0.25))
    drawing.set(flat(engine, 0.5))
    drawing.undo()
    drawing.redo()
    drawing.clear()
    assert finals == [True, True, True, True, True]
    assert drawing.weights.shape == (engine.n_vertices,)
    assert drawing.weights.dtype == np.float32


def test_an_edit_that_changes_nothing_is_no_step_and_no_signal(engine):
    drawing = PainDrawing(engine)
    drawing.set(flat(engine, 0.5))
    finals = []
    drawing.changed.connect(finals.append)
    drawing.set(flat(engine, 0.5))
    drawing.add(flat(engine, 0.25))  # below what is drawn: the maximum is unchanged
    assert finals == []
    assert drawing.undo() and drawing.is_empty
    assert not drawing.can_undo


def test_set_clips_to_zero_one_and_keeps_float32(engine):
    drawing = PainDrawing(engine)
    values = np.zeros(engine.n_vertices)
    values[:3] = [-1.0, 0.5, 7.0]
    drawing.set(values)
    assert drawing.weights.dtype == np.float32
    assert drawing.weights[:3].tolist() == [0.0, 0.5, 1.0]
    with pytest.raises(ValueError, match="read-only"):
        drawing.weights[0] = 1.0


def test_reset_forgets_the_drawing_and_both_histories(engine, tiny_atlas):
    # A visitor draws, presses Undo (the drawing moves to the redo history), and leaves.
    drawing = PainDrawing(engine)
    drawing.dab(tiny_atlas.landmark("temple_left"), 10)
    drawing.end_stroke()
    drawing.add(disc_drawing(engine, "vertex", 20))
    drawing.undo()
    assert drawing.can_undo and drawing.can_redo
    finals = []
    drawing.changed.connect(finals.append)
    drawing.reset()
    assert finals == [True]  # views redraw and re-rank the empty drawing
    assert drawing.is_empty and drawing.weights.shape == (engine.n_vertices,)
    assert not drawing.can_undo and not drawing.can_redo
    assert not drawing.redo() and not drawing.undo()
    assert drawing.is_empty


def test_reset_in_the_middle_of_a_stroke_leaves_no_step_behind(engine, tiny_atlas):
    drawing = PainDrawing(engine)
    drawing.begin_stroke()
    drawing.dab(tiny_atlas.landmark("temple_left"), 10)
    drawing.reset()
    drawing.end_stroke()  # the finger lifts after the reset: nothing to record
    assert not drawing.can_undo and drawing.is_empty
    drawing.dab(tiny_atlas.landmark("vertex"), 10)  # a new stroke starts afresh
    drawing.end_stroke()
    assert drawing.undo() and drawing.is_empty and not drawing.can_undo


# Filling the gaps between pointer events -----------------------------------


class CountingEngine:
    """Wraps an engine and counts the discs a drawing paints."""

    def __init__(self, engine) -> None:
        self.engine, self.discs = engine, 0
        self.n_vertices = engine.n_vertices

    def zone_intensity(self, zone):
        self.discs += 1
        return self.engine.zone_intensity(zone)


def test_a_fast_move_is_filled_with_dabs_half_a_radius_apart(engine):
    counting = CountingEngine(engine)
    drawing = PainDrawing(counting)
    start = engine.landmarks["temple_left"]
    drawing.dab(start, 10)
    # 40 mm further with a 10 mm brush: dabs every 5 mm, so 8 more discs.
    drawing.dab(start + np.array([0.0, 0.0, 40.0]), 10)
    # The same place again: one disc, not two.
    drawing.dab(start + np.array([0.0, 0.0, 40.0]), 10)
    assert counting.discs == 1 + 8 + 1


def test_fill_between_spaces_the_centres_evenly_up_to_the_new_point():
    origin, end = np.zeros(3), np.array([2.0, 0.0, 0.0])
    assert [c.tolist() for c in _fill_between(None, end, 0.5)] == [[2.0, 0.0, 0.0]]
    # 2 mm at most 0.5 mm apart: 4 steps, the previous dab itself not repeated.
    centres = _fill_between(origin, end, 0.5)
    assert [c[0] for c in centres] == [0.5, 1.0, 1.5, 2.0]
    # From a point away from the origin, the steps follow the segment, not the origin.
    start = np.array([10.0, 4.0, 0.0])
    centres = _fill_between(start, start + [3.0, 0.0, 0.0], 1.0)
    assert [c.tolist() for c in centres] == [[11, 4, 0], [12, 4, 0], [13, 4, 0]]
    # A gap of 2.5 spacings rounds up to 3 steps, so no two dabs are further apart than asked.
    assert len(_fill_between(origin, np.array([2.5, 0.0, 0.0]), 1.0)) == 3
    # A zero spacing (a zero brush) counts as 1e-6 mm, not a division by zero: 3.5e-6 mm
    # takes 4 steps (a floor of 1 mm would give 1, of 1e-7 mm 35).
    assert len(_fill_between(origin, np.array([3.5e-6, 0.0, 0.0]), 0.0)) == 4


def test_the_same_drawing_given_in_float64_is_no_new_step(engine):
    # 0.7 is not a float32 number: the drawing holds float32(0.7) = 0.69999999. Given
    # again as float64, it must compare as the same drawing (no undo step), which
    # only holds if it is converted to float32 before the comparison.
    drawing = PainDrawing(engine)
    drawing.set(np.full(engine.n_vertices, 0.7))
    drawing.set(np.full(engine.n_vertices, 0.7))
    drawing.add(np.full(engine.n_vertices, 0.7))
    assert drawing.undo() and drawing.is_empty and not drawing.can_undo


# Region presets and discs ------------------------------------------------------


def test_side_mask_fades_across_six_mm_at_the_midline():
    # 0.5 + (distance toward the side) / 6 mm, clipped to 0..1; y and z play no part.
    vertices = np.array([[x, 40.0, -7.0] for x in (-9.0, -3.0, -1.5, 0.0, 3.0, 9.0)])
    left, right = side_mask(vertices, "left"), side_mask(vertices, "right")
    assert left.dtype == np.float32
    assert left.tolist() == [1.0, 1.0, 0.75, 0.5, 0.0, 0.0]
    assert right.tolist() == [0.0, 0.0, 0.25, 0.5, 1.0, 1.0]


def test_soft_disc_centres_its_soft_edge_on_the_radius():
    # A 20 mm disc: edge 0.25 * 20 = 5 mm wide, full out to 20 - 2.5 = 17.5 mm.
    spot = soft_disc(Anchor("vertex"), 20.0)
    assert (spot.at, spot.radius_mm, spot.feather_mm) == (Anchor("vertex"), 17.5, 5.0)


def test_a_disc_at_a_position_is_the_disc_at_that_landmark(engine):
    at_landmark = disc_drawing(engine, "temple_left", 20)
    position = engine.landmarks["temple_left"]
    np.testing.assert_array_equal(disc_drawing(engine, position, 20), at_landmark)
    # Only the first three numbers count (a homogeneous [x, y, z, 1] works too).
    np.testing.assert_array_equal(disc_drawing(engine, [*position, 1.0], 20), at_landmark)
    assert disc_drawing(engine, position).max() == 1.0  # the 30 mm default


def test_a_right_region_is_the_mirror_of_the_left_one(engine):
    x = engine.vertices[:, 0]
    right = region_drawing(engine, "temple", "right")
    assert engine.intensity_at(right, "temple_right") == 1.0
    assert right[x < -5].max() == 0.0


def test_region_errors_name_what_is_known(engine):
    with pytest.raises(ValueError) as caught:
        region_drawing(engine, "top", "middle")
    assert str(caught.value) == "unknown side 'middle'; expected one of left, right, both"
    with pytest.raises(KeyError) as caught:
        region_drawing(engine, "elbow", "left")
    known = ", ".join(region.key for region in REGIONS)
    assert caught.value.args == (f"no pain region 'elbow'; expected one of {known}",)


def test_a_region_is_offered_when_the_atlas_has_exactly_its_landmarks():
    temple = {"temple_left", "temple_right"}
    assert [region.key for region in available_regions(temple)] == ["temple"]
    assert available_regions({"temple_left"}) == ()

"""The editable pain drawing and the region presets, on the tiny atlas."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model.pain_drawing import PainDrawing
from explorer.model.pain_regions import available_regions, disc_drawing, region_drawing
from explorer.model.referral import ReferralEngine


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

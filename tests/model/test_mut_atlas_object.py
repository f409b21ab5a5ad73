"""explorer.model.atlas.Atlas: lookups and the extent, on an Atlas built by hand (no files)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.atlas import Atlas, Landmark, Structure


def structure(structure_id: str, kind: str, vertices: list[list[float]]) -> Structure:
    return Structure(
        id=structure_id,
        name=structure_id.title(),
        kind=kind,
        layer="deep",
        side="midline",
        file=Path(f"{structure_id}.off"),
        color="#000000",
        fma=None,
        source="s",
        vertices=np.array(vertices, dtype=np.float64),
        faces=np.array([[0, 1, 2]], dtype=np.int64),
    )


def atlas() -> Atlas:
    # The skin spans x -5..5, y 0..20, z 100..130: its sides are 10, 20 and 30 mm and no
    # corner is symmetric about the origin, so every axis mix-up changes a number.
    skin = structure("skin", "skin", [[-5, 0, 100], [5, 20, 130], [0, 10, 110]])
    bone = structure("bone", "bone", [[-1, 2, 101], [1, 3, 102], [0, 4, 103]])
    # A muscle outside the skin's box stretches the atlas box, not the skin size.
    muscle = structure("muscle", "muscle", [[-40, -7, 90], [2, 25, 140], [0, 0, 0]])
    other_muscle = structure("other", "muscle", [[0, 0, 100], [1, 1, 101], [2, 0, 100]])
    landmarks = {
        "chin": Landmark("chin", np.array([0.0, 20.0, 100.0]), "skin"),
        "nose_tip": Landmark("nose_tip", np.array([0.0, 19.0, 115.0]), "skin"),
    }
    return Atlas(
        manifest_path=Path("manifest.yaml"),
        structures={s.id: s for s in (skin, bone, muscle, other_muscle)},
        landmarks=landmarks,
        sources={},
    )


def test_structures_of_kind_keep_manifest_order_and_only_that_kind() -> None:
    the_atlas = atlas()
    assert [s.id for s in the_atlas.structures_of_kind("muscle")] == ["muscle", "other"]
    assert [s.id for s in the_atlas.structures_of_kind("bone")] == ["bone"]
    assert the_atlas.structures_of_kind("nerve") == []
    assert the_atlas.skin.id == "skin"


def test_extent_is_the_box_of_all_structures_and_the_largest_skin_side() -> None:
    extent = atlas().extent()
    # x: muscle -40 .. skin 5; y: muscle -7 .. muscle 25; z: muscle 0 .. muscle 140.
    np.testing.assert_array_equal(extent.lower, [-40.0, -7.0, 0.0])
    np.testing.assert_array_equal(extent.upper, [5.0, 25.0, 140.0])
    # The skin's sides are 10, 20 and 30 mm: the largest is 30 (not 130 - (-5) = 135).
    assert extent.skin_size == 30.0
    assert isinstance(extent.skin_size, float)
    assert list(extent.landmarks) == ["chin", "nose_tip"]
    np.testing.assert_array_equal(extent.landmarks["nose_tip"], [0.0, 19.0, 115.0])


def test_landmark_positions_map_each_name_to_its_point() -> None:
    positions = atlas().landmark_positions()
    assert list(positions) == ["chin", "nose_tip"]
    np.testing.assert_array_equal(positions["chin"], [0.0, 20.0, 100.0])
    np.testing.assert_array_equal(atlas().landmark("nose_tip"), [0.0, 19.0, 115.0])


def test_unknown_landmark_with_a_close_name_suggests_only_the_closest() -> None:
    with pytest.raises(KeyError) as caught:
        atlas().landmark("nose_tips")
    assert caught.value.args == ("no landmark 'nose_tips' in the atlas; did you mean 'nose_tip'?",)


def test_unknown_landmark_with_no_close_name_gives_no_hint() -> None:
    # 'zygoma' shares too little with 'chin' or 'nose_tip' for difflib's 0.6 cut-off.
    with pytest.raises(KeyError) as caught:
        atlas().landmark("zygoma")
    assert caught.value.args == ("no landmark 'zygoma' in the atlas",)
    assert caught.value.__suppress_context__


def test_an_atlas_without_landmarks_names_the_missing_one_plainly() -> None:
    empty = Atlas(Path("manifest.yaml"), atlas().structures, {}, {})
    with pytest.raises(KeyError) as caught:
        empty.landmark("chin")
    assert caught.value.args == ("no landmark 'chin' in the atlas",)
    assert empty.landmark_positions() == {}

"""explorer.model.atlas_checks: structures outside the skin and landmarks off their structure.

The atlases are those of test_mut_atlas_load: the skin spans -50..50, -50..50, 0..100 mm,
so with the 50 mm margin its box is x -100..100, y -100..100, z -50..150.
"""

from __future__ import annotations

from pathlib import Path

from explorer.model.atlas import load_atlas

from .test_mut_atlas_load import SKIN, make_atlas, problems_of, with_extras

OUTSIDE_FIX = "Check its 'units' and 'transform': every structure lies under the skin."
SKIN_BOX = "x -100..100, y -100..100, z -50..150 mm"
OFF_FIX = "Give the landmark's position on that structure, in mm of the atlas frame."


def outside(structure_id: str, spans: str) -> str:
    return f"structure '{structure_id}' reaches outside the skin ({SKIN_BOX}): it spans {spans}."


def test_a_structure_touching_the_grown_skin_box_on_every_side_is_inside(tmp_path: Path) -> None:
    # The bone fills the skin's box grown by exactly 50 mm: its corners lie on the limits.
    manifest = make_atlas(
        tmp_path,
        ("bone_tip: {at: [10, -10, 40]", "bone_tip: {at: [-100, -100, -50]"),
        meshes={"skin.off": SKIN, "bone.off": ((-100, -100, -50), (100, 100, 150))},
    )
    assert load_atlas(manifest).structures["bone"].vertices.min(axis=0).tolist() == [
        -100.0,
        -100.0,
        -50.0,
    ]


def test_a_structure_past_the_lower_limit_on_one_axis_is_outside(tmp_path: Path) -> None:
    # Only y goes below the grown skin box: -101 < -100.
    manifest = make_atlas(
        tmp_path,
        ("bone_tip: {at: [10, -10, 40]", "bone_tip: {at: [0, -101, 0]"),
        meshes={"skin.off": SKIN, "bone.off": ((0, -101, 0), (10, -90, 10))},
    )
    assert problems_of(manifest) == [
        (
            20,
            5,
            "structures[1].file",
            outside("bone", "x 0..10, y -101..-90, z 0..10 mm"),
            OUTSIDE_FIX,
        )
    ]


def test_a_structure_past_the_upper_limit_on_one_axis_is_outside(tmp_path: Path) -> None:
    manifest = make_atlas(
        tmp_path,
        ("bone_tip: {at: [10, -10, 40]", "bone_tip: {at: [0, 0, 140]"),
        meshes={"skin.off": SKIN, "bone.off": ((0, 0, 140), (10, 10, 151))},
    )
    assert problems_of(manifest) == [
        (
            20,
            5,
            "structures[1].file",
            outside("bone", "x 0..10, y 0..10, z 140..151 mm"),
            OUTSIDE_FIX,
        )
    ]


def test_every_structure_outside_is_reported_not_only_the_first(tmp_path: Path) -> None:
    # bone and extra1 are outside, extra0 between them is inside.
    manifest = with_extras(
        tmp_path,
        ["inner.off", "far.off"],
        ("bone_tip: {at: [10, -10, 40]", "bone_tip: {at: [150, 0, 0]"),
        meshes={
            "skin.off": SKIN,
            "bone.off": ((150, 0, 0), (160, 10, 10)),
            "inner.off": ((0, 0, 0), (10, 10, 10)),
            "far.off": ((-300, 0, 0), (-290, 10, 10)),
        },
    )
    assert problems_of(manifest) == [
        (
            20,
            5,
            "structures[1].file",
            outside("bone", "x 150..160, y 0..10, z 0..10 mm"),
            OUTSIDE_FIX,
        ),
        (
            37,
            5,
            "structures[3].file",
            outside("extra1", "x -300..-290, y 0..10, z 0..10 mm"),
            OUTSIDE_FIX,
        ),
    ]


def test_a_structure_outside_by_its_units_points_at_them(tmp_path: Path) -> None:
    # bone.off in cm: 12..13 cm is 120..130 mm in x, past 100.
    manifest = make_atlas(
        tmp_path,
        ('    fma: "FMA:1"\n', '    fma: "FMA:1"\n    units: cm\n'),
        ("bone_tip: {at: [10, -10, 40]", "bone_tip: {at: [120, 0, 0]"),
        meshes={"skin.off": SKIN, "bone.off": ((12, 0, 0), (13, 1, 1))},
    )
    assert problems_of(manifest) == [
        (
            23,
            5,
            "structures[1].units",
            outside("bone", "x 120..130, y 0..10, z 0..10 mm"),
            OUTSIDE_FIX,
        )
    ]


def test_a_structure_outside_by_its_transform_points_at_it(tmp_path: Path) -> None:
    # units and a transform: the transform (line 24) is named, as it is applied last.
    manifest = make_atlas(
        tmp_path,
        (
            '    fma: "FMA:1"\n',
            '    fma: "FMA:1"\n    units: mm\n'
            "    transform: [[1,0,0,0],[0,1,0,0],[0,0,1,-200],[0,0,0,1]]\n",
        ),
        ("bone_tip: {at: [10, -10, 40]", "bone_tip: {at: [10, -10, -160]"),
    )
    assert problems_of(manifest) == [
        (
            24,
            5,
            "structures[1].transform",
            outside("bone", "x -10..10, y -10..10, z -160..-140 mm"),
            OUTSIDE_FIX,
        )
    ]


def test_the_skin_is_found_wherever_it_is_listed(tmp_path: Path) -> None:
    # The entry 'bone' is the skin here, listed second; the first entry (a bone spanning
    # -5..5, -5..5, 0..10) and a muscle at 70..80 in x lie under it. Measured against
    # the first entry's box (x up to 55) the muscle would be outside.
    manifest = with_extras(
        tmp_path,
        ["muscle.off"],
        (
            "  - id: skin\n    name: Skin\n    kind: skin",
            "  - id: skin\n    name: Skin\n    kind: bone",
        ),
        (
            "  - id: bone\n    name: Bone\n    kind: bone",
            "  - id: bone\n    name: Bone\n    kind: skin",
        ),
        ("on: skin}", "on: bone}"),
        meshes={
            "skin.off": ((-5, -5, 0), (5, 5, 10)),
            "bone.off": SKIN,
            "muscle.off": ((70, 0, 0), (80, 10, 10)),
        },
    )
    atlas = load_atlas(manifest)
    assert atlas.skin.id == "bone"
    assert [s.id for s in atlas.structures_of_kind("bone")] == ["skin"]
    assert list(atlas.structures) == ["skin", "bone", "extra0"]


# --- landmarks ----------------------------------------------------------------------------


def test_a_landmark_on_the_edge_of_its_structures_grown_box_is_on_it(tmp_path: Path) -> None:
    # The bone spans -10..10, -10..10, 40..60; grown by 50: -60..60, -60..60, -10..110.
    manifest = make_atlas(
        tmp_path,
        (
            "bone_tip: {at: [10, -10, 40], on: bone}",
            "bone_tip: {at: [-60, 60, -10], on: bone}\n  other: {at: [60, -60, 110], on: bone}",
        ),
    )
    assert list(load_atlas(manifest).landmarks) == ["top", "bone_tip", "other"]


def test_each_landmark_off_its_structure_is_reported(tmp_path: Path) -> None:
    # 'top' (line 25) is fine; bone_tip is past the bone's box in x (61 > 60) and 'low' in z
    # (-10.5 < -10); both lie inside the skin's box, so only their own structure refuses them.
    manifest = make_atlas(
        tmp_path,
        (
            "bone_tip: {at: [10, -10, 40], on: bone}",
            "bone_tip: {at: [61, 0.25, 50], on: bone}\n  low: {at: [0, 0, -10.5], on: bone}",
        ),
    )
    box = "x -60..60, y -60..60, z -10..110 mm"
    assert problems_of(manifest) == [
        (
            26,
            14,
            "landmarks.bone_tip.at",
            f"expected a point on 'bone' ({box}); found [61.0, 0.2, 50.0].",
            OFF_FIX,
        ),
        (
            27,
            9,
            "landmarks.low.at",
            f"expected a point on 'bone' ({box}); found [0.0, 0.0, -10.5].",
            OFF_FIX,
        ),
    ]


def test_a_landmark_off_the_skin_is_measured_against_the_skin(tmp_path: Path) -> None:
    manifest = make_atlas(tmp_path, ("top: {at: [0, 0, 100]", "top: {at: [0, 0, 151]"))
    assert problems_of(manifest) == [
        (
            25,
            9,
            "landmarks.top.at",
            f"expected a point on 'skin' ({SKIN_BOX}); found [0.0, 0.0, 151.0].",
            OFF_FIX,
        )
    ]

"""The structures at risk in the bundled atlas (issue 13, item 2): named as the
shared contract says, closed, inside the skin, the vertebral arteries in the
transverse foramina and the pleural domes at their textbook height."""

from pathlib import Path

import pytest
import trimesh

from explorer.model.atlas import AT_RISK_KINDS, load_atlas
from tools.build_atlas import at_risk_checks
from tools.build_atlas.measures import outside_counts, polydata

MANIFEST = Path(__file__).resolve().parents[1] / "meshes" / "manifest.yaml"

#: The shared contract of issue 13: id -> (kind, colour). Paired unless noted.
CONTRACT = {
    "pleural_dome": ("organ", "#b8c8d8"),
    "vertebral_artery": ("artery", "#c8102e"),
    "common_carotid_artery": ("artery", "#c8102e"),
    "internal_jugular_vein": ("vein", "#2b5fb4"),
    "external_jugular_vein": ("vein", "#2b5fb4"),
    "brachiocephalic_vein": ("vein", "#2b5fb4"),
    "subclavian_artery": ("artery", "#c8102e"),
    "brachial_plexus": ("nerve", "#f2c200"),
    "greater_occipital_nerve": ("nerve", "#f2c200"),
    "occipital_artery": ("artery", "#c8102e"),
    "spinal_accessory_nerve": ("nerve", "#f2c200"),
    "great_auricular_nerve": ("nerve", "#f2c200"),
    "superficial_temporal_artery": ("artery", "#c8102e"),
    "facial_artery": ("artery", "#c8102e"),
    "parotid_duct": ("organ", None),
}
MIDLINE = {"spinal_canal": ("organ", "#e8e0a8")}


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(MANIFEST)


def _expected_ids() -> dict[str, tuple[str, str | None, str]]:
    expected = {"spinal_canal": (*MIDLINE["spinal_canal"], "midline")}
    for base, (kind, colour) in CONTRACT.items():
        for side in ("left", "right"):
            expected[f"{base}_{side}"] = (kind, colour, side)
    return expected


def test_every_contract_structure_exists_with_its_kind_colour_and_side(atlas):
    at_risk = {
        structure.id: structure
        for structure in atlas.structures.values()
        if structure.kind in AT_RISK_KINDS
    }
    expected = _expected_ids()
    assert set(at_risk) == set(expected)
    for name, (kind, colour, side) in expected.items():
        structure = at_risk[name]
        assert (structure.kind, structure.side, structure.layer) == (kind, side, "deep"), name
        if colour is not None:
            assert structure.color.lower() == colour, name


def test_structures_at_risk_are_closed_and_inside_the_skin(atlas):
    skin = polydata(atlas.skin.vertices, atlas.skin.faces)
    problems = {}
    for structure in atlas.structures.values():
        if structure.kind not in AT_RISK_KINDS:
            continue
        mesh = trimesh.Trimesh(structure.vertices, structure.faces, process=False)
        closed = mesh.is_watertight and mesh.is_winding_consistent and mesh.volume > 0
        outside = outside_counts(mesh, skin)
        if not closed or outside != (0, 0):
            problems[structure.id] = (closed, outside)
    assert problems == {}


def test_each_vertebral_artery_runs_through_the_c1_to_c6_transverse_foramina(atlas):
    passages = at_risk_checks.foramen_passages(atlas)
    assert sorted(passages) == sorted(
        f"c{level}_{side}" for level in range(1, 7) for side in ("left", "right")
    )
    for key, row in passages.items():
        # The landmark is a real opening in the bone, and the artery's centre
        # line crosses its height inside that opening, near its centre.
        assert row["foramen_ringed_by_bone"], key
        assert row["artery_offset_mm"] is not None and row["artery_offset_mm"] <= 1.5, (key, row)
        assert row["artery_ringed_by_bone"], key


def test_pleural_dome_rises_two_to_three_cm_above_the_medial_clavicle(atlas):
    for side, dome in at_risk_checks.dome_heights(atlas).items():
        assert 20.0 <= dome["top_above_medial_third_mm"] <= 30.0, (side, dome)
        assert dome["top_over_medial_third"], side

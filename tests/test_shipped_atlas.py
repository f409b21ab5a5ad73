"""The bundled atlas meets the figures of the atlas issue (measured by tools/build_atlas/report)."""

from pathlib import Path

import pytest

from explorer.model.atlas import load_atlas
from tools.build_atlas.report import RESTING_ON_BONE, measure

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "meshes" / "manifest.yaml"

SKIN_LANDMARKS = (
    "vertex",
    "glabella",
    "inion",
    "sternal_notch",
    "c7_skin",
    "chin",
    *(
        f"{name}_{side}"
        for side in ("left", "right")
        for name in (
            "temple",
            "tragus",
            "mastoid",
            "supraorbital",
            "angle_of_jaw",
            "acromion_skin",
            "forehead",
            "occiput",
            "orbit_lateral",
        )
    ),
)
BONE_LANDMARKS = (
    "mastoid_process_left",
    "mastoid_process_right",
    "c7_spinous",
    "acromion_left",
    "acromion_right",
    "external_occipital_protuberance",
)


@pytest.fixture(scope="module")
def report():
    return measure(MANIFEST)


def test_every_structure_is_closed_and_outward(report):
    bad = {
        name: row
        for name, row in report["structures"].items()
        if not (row["watertight"] and row["winding_consistent"] and row["volume_ml"] > 0)
    }
    assert bad == {}


def test_bones_and_muscles_lie_inside_the_skin(report):
    rows = report["structures"]
    bones = {
        k: v["inside_skin_pct"]
        for k, v in rows.items()
        if k != "skin" and "inside_bone_pct" not in v
    }
    muscles = {k: v["inside_skin_pct"] for k, v in rows.items() if "inside_bone_pct" in v}
    assert len(muscles) == 34
    assert {k: v for k, v in bones.items() if v < 99} == {}
    assert {k: v for k, v in muscles.items() if v < 97} == {}


def test_muscles_stay_out_of_skull_and_vertebrae(report):
    inside = {
        k: v["inside_bone_pct"]
        for k, v in report["structures"].items()
        if "inside_bone_pct" in v and not k.startswith(RESTING_ON_BONE)
    }
    assert {k: v for k, v in inside.items() if v > 3} == {}


def test_muscle_ends_reach_their_attachments(report):
    assert {k: v for k, v in report["attachments_mm"].items() if v > 6} == {}


def test_left_and_right_mirror(report):
    assert {k: v for k, v in report["mirror_mm"].items() if v > 2} == {}


def test_triangle_budget(report):
    assert report["total_triangles"] <= 300_000


def test_named_landmarks_exist_on_the_right_structures():
    atlas = load_atlas(MANIFEST)
    for name in SKIN_LANDMARKS:
        assert atlas.landmarks[name].on == "skin", name
    for name in BONE_LANDMARKS:
        assert atlas.structures[atlas.landmarks[name].on].kind == "bone", name
    # Sides: x < 0 is the subject's left.
    assert atlas.landmark("temple_left")[0] < 0 < atlas.landmark("temple_right")[0]
    assert atlas.landmark("vertex")[2] > atlas.landmark("glabella")[2] > atlas.landmark("chin")[2]
    assert atlas.landmark("glabella")[1] > atlas.landmark("inion")[1]


def test_head_and_neck_skin_is_fine_enough_to_paint(report):
    assert report["skin_vertices_above_sternal_notch"] >= 25_000

"""The needle view's geometry and checks on boxes whose distances are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.model.card_text import (
    GENERIC_BODY,
    GENERIC_BODY_SHORT,
    NO_DIRECTION,
    PINCER_NOTE,
    needle_corner,
    needle_summary,
)
from explorer.model.errors import ExplorerError
from explorer.model.needle import named_structures, path_for_point
from explorer.model.project import load_project
from tests.needle_atlas import write_needle_atlas


@pytest.fixture(scope="module")
def boxes(tmp_path_factory):
    manifest, content = write_needle_atlas(tmp_path_factory.mktemp("boxes"))
    return manifest, content


@pytest.fixture(scope="module")
def project(boxes):
    manifest, content = boxes
    return load_project(content, manifest)


def path_of(project, tp_id):
    point = project.catalog.get(tp_id)
    return path_for_point(point, np.array(point.at.vector), project.atlas)


@pytest.mark.parametrize("side, sign", [("left", -1.0), ("right", 1.0)])
def test_perpendicular_line_meets_the_artery_16_mm_on(project, side, sign):
    path = path_of(project, f"slab.straight.{side}")
    np.testing.assert_allclose(path.direction, [0.0, 0.0, -1.0], atol=1e-12)
    assert path.skin_to_point_mm == pytest.approx(10.0, abs=1e-9)
    np.testing.assert_allclose(path.entry, [sign * 30.0, 0.0, 100.0], atol=1e-9)
    assert path.hit_id == f"vertebral_artery_{side}"
    assert path.point_to_hit_mm == pytest.approx(16.0, abs=1e-9)
    np.testing.assert_allclose(path.end, [sign * 30.0, 0.0, 74.0], atol=1e-9)


@pytest.mark.parametrize("side, sign", [("left", -1.0), ("right", 1.0)])
def test_a_vector_is_mirrored_for_the_right_and_meets_the_canal(project, side, sign):
    path = path_of(project, f"slab.angled.{side}")
    np.testing.assert_allclose(path.direction, [-sign * 0.6, 0.0, -0.8], atol=1e-12)
    assert path.skin_to_point_mm == pytest.approx(12.5, abs=1e-9)  # 10 mm up at 0.8 a mm
    assert path.hit_id == "spinal_canal"
    assert path.point_to_hit_mm == pytest.approx(25.0 / 0.6, abs=1e-9)  # 25 mm across


def test_a_clear_line_reports_nothing_within_50_mm(project):
    path = path_of(project, "slab.clear.left")
    assert path.skin_to_point_mm == pytest.approx(10.0, abs=1e-9)
    assert (path.hit_id, path.point_to_hit_mm) == (None, None)
    assert path.bone_id == "vertebra" and path.point_to_bone_mm == pytest.approx(35.0, abs=1e-9)
    np.testing.assert_allclose(path.end, [-15.0, 0.0, 40.0], atol=1e-9)  # 50 mm on


def test_pincer_runs_along_the_skin_across_the_muscle_front_to_back(project):
    path = path_of(project, "slab.pinched.left")
    np.testing.assert_allclose(path.direction, [0.0, -1.0, 0.0], atol=1e-3)
    # Along the top of the body from its front face (y = 40) to its back face (y = -40).
    assert path.skin_to_point_mm == pytest.approx(40.0, rel=1e-3)
    assert path.hit_id is None
    np.testing.assert_allclose(path.end, [-30.0, -40.0, 90.0], atol=0.1)
    assert path.under_skin_mm == pytest.approx(10.0, abs=1e-9)  # the slab is 10 mm down
    assert needle_summary(path, {})[2:4] == [
        PINCER_NOTE,
        "Straight under the skin, the point lies 10\u00a0mm deep.",
    ]


def test_no_direction_draws_no_line_and_says_so(project):
    assert path_of(project, "slab.undirected.left") is None
    assert needle_summary(None, {}) == [NO_DIRECTION]


def test_summary_states_both_distances_and_the_caveat(project):
    names = {sid: s.name for sid, s in project.atlas.structures.items()}
    assert needle_summary(path_of(project, "slab.angled.left"), names) == [
        "Skin to the point, along the line: 13\u00a0mm.",
        "From the point on to the first structure at risk on the line: 42\u00a0mm, "
        "to the spinal canal.",
        GENERIC_BODY,
    ]
    assert needle_summary(path_of(project, "slab.clear.left"), names)[1:3] == [
        "From the point on: no structure at risk on the line within 50\u00a0mm.",
        "Bone comes first on the line: the vertebra, 35\u00a0mm on from the point.",
    ]
    assert "one generic body" in GENERIC_BODY and "not a safe depth" in GENERIC_BODY.replace(
        "neither figure is", "not"
    )


def test_the_corner_text_is_short_and_keeps_the_caveat(project):
    names = {sid: s.name for sid, s in project.atlas.structures.items()}
    label = "Slab angled (left)"
    assert needle_corner(label, path_of(project, "slab.angled.left"), names) == [
        "Needle view: Slab angled (left)",
        "Skin to point: 13\u00a0mm",
        "Past the point: spinal canal at 42\u00a0mm",
        GENERIC_BODY_SHORT,
    ]
    assert needle_corner("Slab clear (left)", path_of(project, "slab.clear.left"), names)[2] == (
        "Past the point: bone at 35\u00a0mm; nothing at risk within 50\u00a0mm"
    )
    assert needle_corner("Slab undirected (left)", None, names)[1:] == [
        "No needling direction given: no line drawn.",
        GENERIC_BODY_SHORT,
    ]
    assert GENERIC_BODY_SHORT == "One generic body, not a safe depth: see the card."


def test_named_structures_take_the_points_side_and_keep_midline_ids(project):
    atlas = project.atlas.structures
    assert named_structures(project.catalog.get("slab.straight.right"), atlas) == (
        "vertebral_artery_right",
        "spinal_canal",
    )
    assert named_structures(project.catalog.get("slab.clear.left"), atlas) == ()


def replaced(boxes, tmp_path, old, new):
    manifest, content = boxes
    text = content.read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "trigger_points.yaml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ExplorerError) as caught:
        load_project(changed, manifest)
    return changed, [str(problem) for problem in caught.value.problems]


def test_check_refuses_a_structure_the_atlas_lacks_with_its_place(boxes, tmp_path):
    path, problems = replaced(
        boxes, tmp_path, "structures: [vertebral_artery, spinal_canal]",
        "structures: [vertebral_artery, aorta]",
    )  # fmt: skip
    assert problems == [
        f"{path}:19:42: muscles[0].trigger_points[0].needling.structures[1]: expected a "
        "structure at risk of the atlas (an artery, vein, nerve or organ) named 'aorta'; "
        "found no aorta_left or aorta_right and no midline 'aorta'. Fix: Use a base id of "
        "an artery, vein, nerve or organ in meshes/manifest.yaml, or remove the name."
    ]


def test_check_refuses_a_muscle_named_as_a_structure_at_risk(boxes, tmp_path):
    _path, problems = replaced(
        boxes, tmp_path, "structures: [spinal_canal]", "structures: [slab, spinal_canl]"
    )
    assert [problem.split(": ", 2)[1] for problem in problems] == [
        "muscles[0].trigger_points[1].needling.structures[0]",
        "muscles[0].trigger_points[1].needling.structures[1]",
    ]
    assert problems[1].endswith("Fix: Did you mean 'spinal_canal'?")


@pytest.mark.parametrize(
    "written, message",
    [
        (
            "sideways",
            "expected a unit vector [x, y, z] or one of 'perpendicular', 'pincer'; found "
            "'sideways'. Fix: Write one of 'perpendicular', 'pincer'.",
        ),
        (
            "[0.6, 0.0, 0.6]",
            "expected a unit vector [x, y, z] or one of 'perpendicular', 'pincer'; found "
            "[0.6, 0.0, 0.6], of length 0.849. Fix: Divide each number by the length, so "
            "that x² + y² + z² = 1.",
        ),
        (
            "[0.0, 1.0]",
            "expected a unit vector [x, y, z] or one of 'perpendicular', 'pincer'; found "
            "[0.0, 1.0]. Fix: Write three numbers, e.g. [0.0, 0.6, 0.8] (front and up), or "
            "a name.",
        ),
    ],
)
def test_a_wrong_direction_is_a_located_error(boxes, tmp_path, written, message):
    path, problems = replaced(
        boxes, tmp_path, "direction: [0.6, 0.0, -0.8]", f"direction: {written}"
    )
    assert problems == [f"{path}:31:11: muscles[0].trigger_points[1].needling.direction: {message}"]


def test_a_side_suffix_in_needling_structures_is_refused(boxes, tmp_path):
    path, problems = replaced(
        boxes, tmp_path, "structures: [spinal_canal]", "structures: [vertebral_artery_left]"
    )
    assert problems == [
        f"{path}:30:11: muscles[0].trigger_points[1].needling.structures: expected a "
        "structure id without side suffix; found 'vertebral_artery_left'. Fix: Write "
        "'vertebral_artery'; _left/_right is added per side."
    ]

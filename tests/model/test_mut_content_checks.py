"""content_checks.py pinned: names at risk, midline structures, landmark mirrors, repeats."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.model.errors import ContentError

from .one_point_content import one_point_content

# Line numbers below refer to this text: line 7 'structures', 12 'at', 17 the spot,
# 18 the stroke, 20 'needling'.
CONTENT = one_point_content(
    """\
        sides: [left, right]
        referral:
          essential:
            - spot: {at: temple_left, radius_mm: 25}
            - stroke: {through: [vertex, temple_left], width_mm: 20}
        referral_text: There.
        needling: {approach: In., structures: [spinal_canal, vertebral_artery, carotid]}
        sources: [s1]
""",
    structures="[m, spine]",
)
LANDMARKS = {"vertex", "temple_left", "temple_right"}
# spine is a midline structure: it has no _left/_right version.
STRUCTURES = {"m_left", "m_right", "spine"}
# spinal_canal is midline; carotid exists on the left only.
AT_RISK = {"spinal_canal", "vertebral_artery_left", "vertebral_artery_right", "carotid_left"}
NEEDLING = "muscles[0].trigger_points[0].needling.structures"
AT_RISK_FIX = (
    "Fix: Use a base id of an artery, vein, nerve or organ in meshes/manifest.yaml, "
    "or remove the name."
)


def messages(tmp_path: Path, text: str, **atlas) -> list[str]:
    """Problems of ``text`` checked against ``atlas`` (all three sets unless given), file as F."""
    names = {"landmark_names": LANDMARKS, "structure_ids": STRUCTURES, "at_risk_ids": AT_RISK}
    names.update(atlas)
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_catalog(
            path,
            names["landmark_names"],
            **{k: v for k, v in names.items() if k != "landmark_names"},
        )
    except ContentError as error:
        return [str(problem).replace(str(path), "F") for problem in error.problems]
    return []


def test_only_the_name_missing_on_a_used_side_is_reported(tmp_path):
    # spinal_canal is midline and vertebral_artery has both sides: fine. carotid lacks a right.
    assert messages(tmp_path, CONTENT) == [
        f"F:20:80: {NEEDLING}[2]: expected a structure at risk of the atlas (an artery, vein, "
        "nerve or organ) named 'carotid'; found no carotid_right and no midline 'carotid'. "
        "Fix: Did you mean 'carotid'?"
    ]
    # Used on the left only, carotid_left is enough.
    assert messages(tmp_path, CONTENT.replace("[left, right]", "[left]")) == []


def test_every_unknown_name_at_risk_is_reported(tmp_path):
    text = CONTENT.replace(
        "[spinal_canal, vertebral_artery, carotid]",
        "[spinal_canal, nerve_x, vertebral_artery, nerve_y]",
    )
    assert messages(tmp_path, text, at_risk_ids=AT_RISK - {"carotid_left"}) == [
        f"F:20:{column}: {NEEDLING}[{index}]: expected a structure at risk of the atlas (an "
        f"artery, vein, nerve or organ) named '{name}'; found no {name}_left or {name}_right "
        f"and no midline '{name}'. {AT_RISK_FIX}"
        for index, name, column in [(1, "nerve_x", 62), (3, "nerve_y", 89)]
    ]


@pytest.mark.parametrize(
    ("written", "suggested"),
    [("vertebral_artery_righ", "vertebral_artery"), ("vertebral_artery_lef", "vertebral_artery")],
)
def test_the_suggestion_is_a_base_id_without_side(tmp_path, written, suggested):
    text = CONTENT.replace("[spinal_canal, vertebral_artery, carotid]", f"[{written}]")
    assert messages(tmp_path, text) == [
        f"F:20:48: {NEEDLING}[0]: expected a structure at risk of the atlas (an artery, vein, "
        f"nerve or organ) named '{written}'; found no {written}_left or {written}_right and no "
        f"midline '{written}'. Fix: Did you mean '{suggested}'?"
    ]


def test_a_shared_needling_block_is_reported_once(tmp_path):
    # The second point reuses the first one's needling through a YAML alias. The alias's
    # inside has no place of its own: both of tp2's problems fall back to its 'needling'
    # key (line 30), the same place and message, so they are listed once.
    block = "needling: &shared {approach: In., structures: [carotid, carotid]}"
    text = CONTENT.replace(
        "needling: {approach: In., structures: [spinal_canal, vertebral_artery, carotid]}", block
    ) + (
        "      - id: tp2\n"
        "        name: TrP2\n"
        "        at: [-60.0, 0.0, 100.0]\n"
        "        where: Here.\n"
        "        referral:\n"
        "          essential:\n"
        "            - spot: {at: vertex, radius_mm: 25}\n"
        "        referral_text: There.\n"
        "        needling: *shared\n"
        "        sources: [s1]\n"
    )
    assert [line.split(": ", 2)[:2] for line in messages(tmp_path, text)] == [
        ["F:20:56", f"{NEEDLING}[0]"],
        ["F:20:65", f"{NEEDLING}[1]"],
        ["F:30:9", "muscles[0].trigger_points[1].needling.structures[0]"],
    ]


def test_a_midline_structure_needs_no_side_suffix(tmp_path):
    assert messages(tmp_path, CONTENT.replace("[left, right]", "[left]")) == []
    # Without 'spine' in the atlas it is missing on both sides.
    assert messages(
        tmp_path, CONTENT.replace("[left, right]", "[left]"), structure_ids={"m_left"}
    ) == [
        "F:7:21: muscles[0].structures[1]: expected atlas structures spine_left; found none "
        "by that id. Fix: Did you mean 'm_left'?"
    ]


def test_every_unknown_landmark_is_reported(tmp_path):
    # Names too far from every known one for a suggestion.
    text = CONTENT.replace("at: temple_left", "at: qqq").replace(
        "[vertex, temple_left]", "[vertex, zzz]"
    )
    # The point itself may sit at a landmark too (line 12).
    text = text.replace("at: [-60.0, 0.0, 100.0]", "at: {landmark: ppp, offset: [-1, 0, 0]}")
    assert messages(tmp_path, text, at_risk_ids=None) == [
        "F:12:9: muscles[0].trigger_points[0].at: expected a landmark of the atlas; found "
        "'ppp'. Fix: See 'landmarks:' in meshes/manifest.yaml.",
        "F:17:22: muscles[0].trigger_points[0].referral.essential[0].spot.at: expected a "
        "landmark of the atlas; found 'qqq'. Fix: See 'landmarks:' in "
        "meshes/manifest.yaml.",
        "F:18:42: muscles[0].trigger_points[0].referral.essential[1].stroke.through[1]: "
        "expected a landmark of the atlas; found 'zzz'. Fix: See 'landmarks:' in "
        "meshes/manifest.yaml.",
    ]


def test_a_missing_mirror_landmark_matters_only_with_a_right_side(tmp_path):
    lonely = {"vertex", "temple_left"}
    assert (
        messages(tmp_path, CONTENT.replace("[left, right]", "[left]"), landmark_names=lonely) == []
    )
    assert messages(tmp_path, CONTENT, landmark_names=lonely, at_risk_ids=None) == [
        f"F:{place}: muscles[0].trigger_points[0].referral.essential[{path}: expected the atlas "
        "to have 'temple_right' for the right side (the mirror of 'temple_left'); it does not. "
        "Fix: Add the landmark to the atlas, or set 'sides: [left]'."
        for place, path in [("17:22", "0].spot.at"), ("18:42", "1].stroke.through[1]")]
    ]


def test_each_repeated_id_names_its_first_use(tmp_path):
    muscle = CONTENT[CONTENT.index("  - id: m\n") :]
    text = CONTENT + muscle + muscle  # three muscles 'm', at lines 5, 22 and 39
    # The other checks run too (and find nothing): they add to the repeats, never replace them.
    problems = messages(tmp_path, text, at_risk_ids=None)
    assert problems == [
        f"F:{line}:5: muscles[{index}].id: expected a unique id; found 'm', already used by "
        "muscles[0] (line 5). Fix: Give each entry its own id."
        for line, index in [(22, 1), (39, 2)]
    ]

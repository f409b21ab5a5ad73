"""Card wording: symptoms per audience, self-care stop rules, the needle view's sentences."""

from __future__ import annotations

import numpy as np

from explorer.model.card_text import (
    GENERIC_BODY,
    GENERIC_BODY_SHORT,
    needle_corner,
    needle_summary,
    self_care_text,
    symptom_text,
)
from explorer.model.content_schema import SelfCare, Symptom
from explorer.model.needle import NeedlePath

NBSP = "\u00a0"
NAMES = {"vertebral_artery_left": "Vertebral artery", "occiput": "Occipital bone"}


def path(skin=12.0, hit=None, to_hit=None, bone=None, to_bone=None):
    origin = np.zeros(3)
    return NeedlePath(
        point=origin,
        direction=np.array([1.0, 0.0, 0.0]),
        entry=None if skin is None else origin,
        skin_to_point_mm=skin,
        hit_id=hit,
        point_to_hit_mm=to_hit,
        end=origin,
        bone_id=bone,
        point_to_bone_mm=to_bone,
    )


def test_overlapping_symptom_names_every_condition_only_for_the_clinician():
    symptom = Symptom(text="Dizziness.", rule_out=["inner-ear disorders", "artery dissection"])
    assert symptom_text(symptom, clinician=True) == (
        "Dizziness. If this is new, see a doctor first. "
        "Rule out: inner-ear disorders, artery dissection."
    )
    # A patient reads the see-a-doctor line but never the conditions to rule out.
    assert (
        symptom_text(symptom, clinician=False) == "Dizziness. If this is new, see a doctor first."
    )


def test_self_care_without_a_stop_rule_is_just_the_step():
    assert self_care_text(SelfCare(text="Stretch gently.")) == "Stretch gently."
    step = SelfCare(text="Tuck your chin.", stop_if="you feel dizzy.")
    assert self_care_text(step) == "Tuck your chin. Stop if you feel dizzy."


def test_summary_without_skin_and_with_an_unnamed_structure():
    # No name for the hit in NAMES: the id itself is said, first letter lowered.
    lines = needle_summary(path(skin=None, hit="Spinal_canal", to_hit=7.4), NAMES)
    assert lines == [
        "The line meets no skin behind the point.",
        f"From the point on to the first structure at risk on the line: 7{NBSP}mm, "
        "to the spinal_canal.",
        GENERIC_BODY,
    ]


def test_summary_says_bone_comes_first_only_when_it_is_nearer():
    nearer = needle_summary(
        path(hit="vertebral_artery_left", to_hit=20.0, bone="occiput", to_bone=10.0), NAMES
    )
    assert nearer[1:3] == [
        f"From the point on to the first structure at risk on the line: 20{NBSP}mm, "
        "to the vertebral artery.",
        f"Bone comes first on the line: the occipital bone, 10{NBSP}mm on from the point.",
    ]
    # Bone beyond the artery, or at the same distance: the artery is what matters first.
    for to_bone in (30.0, 20.0):
        lines = needle_summary(
            path(hit="vertebral_artery_left", to_hit=20.0, bone="occiput", to_bone=to_bone), NAMES
        )
        assert not any(line.startswith("Bone comes first") for line in lines), to_bone


def test_summary_names_an_unknown_bone_by_its_id():
    lines = needle_summary(path(bone="C2_lamina", to_bone=15.0), {})
    assert lines[2] == f"Bone comes first on the line: the c2_lamina, 15{NBSP}mm on from the point."


def test_corner_without_skin_bone_or_structure():
    assert needle_corner("TrP1", path(skin=None), NAMES) == [
        "Needle view: TrP1",
        "Skin to point: no skin behind the point",
        f"Past the point: no structure at risk within 50{NBSP}mm",
        GENERIC_BODY_SHORT,
    ]


def test_corner_names_an_unnamed_structure_by_its_id():
    lines = needle_corner("TrP1", path(hit="Pleura_apex", to_hit=31.6), {})
    assert lines[2] == f"Past the point: pleura_apex at 32{NBSP}mm"

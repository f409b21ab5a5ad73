"""Card wording shared by every screen and page: symptoms, self-care steps, confidence.

The info card, the kiosk's patient card and the printed handout all say a
symptom, a self-care step or a low-confidence point the same way, so the
wording lives here, below Qt, where the handout's data builder can use it.
The needle view's sentences (desktop card and viewport only, never a patient
screen) live here too, beside the distances' caveat.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from explorer.model.content_schema import SelfCare, Symptom
from explorer.model.needle import REACH_MM, NeedlePath

#: The needle view's caveat, under every pair of distances it gives.
GENERIC_BODY = (
    "Measured on this atlas, which is one generic body. Real bodies differ, so neither "
    "figure is a safe depth."
)
PINCER_NOTE = (
    "A pincer grip lifts the muscle off the body wall; this atlas is not pinched, so "
    "its line runs under the skin for longer than in a lifted fold."
)
NO_DIRECTION = "No needling direction is given for this point, so no line is drawn."
#: The caveat in the viewport's corner, short: the card beside it says it in full.
GENERIC_BODY_SHORT = "One generic body, not a safe depth: see the card."

#: Beside a symptom that can also be a warning sign of something else.
SEE_DOCTOR_IF_NEW = "If this is new, see a doctor first."


def symptom_text(symptom: Symptom, clinician: bool) -> str:
    """A symptom in words; one that overlaps a red flag says so (and, for a clinician, why)."""
    if not symptom.overlaps_red_flag:
        return symptom.text
    text = f"{symptom.text} {SEE_DOCTOR_IF_NEW}"
    if clinician:
        text += f" Rule out: {', '.join(symptom.rule_out)}."
    return text


def self_care_text(step: SelfCare) -> str:
    """A self-care step with its stop rule, if it has one."""
    return f"{step.text} Stop if {step.stop_if}" if step.stop_if else step.text


def needle_summary(path: NeedlePath | None, names: Mapping[str, str]) -> list[str]:
    """The needle view's sentences: both distances and what they are not.

    ``names`` maps structure ids to display names. Distances are given to the
    millimetre: the atlas is no more exact than that, and a decimal would
    suggest a precision no generic body has.
    """
    if path is None:
        return [NO_DIRECTION]
    lines = []
    if path.skin_to_point_mm is None:
        lines.append("The line meets no skin behind the point.")
    else:
        lines.append(f"Skin to the point, along the line: {_mm(path.skin_to_point_mm)}.")
    if path.hit_id is None:
        lines.append(f"From the point on: no structure at risk on the line within {_mm(REACH_MM)}.")
    else:
        name = names.get(path.hit_id, path.hit_id)
        lines.append(
            f"From the point on to the first structure at risk on the line: "
            f"{_mm(path.point_to_hit_mm)}, to the {name[:1].lower()}{name[1:]}."
        )
    if path.bone_id is not None and _bone_first(path):
        name = names.get(path.bone_id, path.bone_id)
        lines.append(
            f"Bone comes first on the line: the {name[:1].lower()}{name[1:]}, "
            f"{_mm(path.point_to_bone_mm)} on from the point."
        )
    if path.named == "pincer":
        lines.append(PINCER_NOTE)
        if path.under_skin_mm is not None:
            lines.append(f"Straight under the skin, the point lies {_mm(path.under_skin_mm)} deep.")
    lines.append(GENERIC_BODY)
    return lines


def needle_corner(label: str, path: NeedlePath | None, names: Mapping[str, str]) -> list[str]:
    """The needle view's corner text in the viewport: the point, both distances, the caveat.

    Four short lines, so the anatomy the view is for stays in sight; the card
    says everything (the structures named, which bone comes first, the pincer
    grip, the caveat in full).
    """
    lines = [f"Needle view: {label}"]
    if path is None:
        return [*lines, "No needling direction given: no line drawn.", GENERIC_BODY_SHORT]
    if path.skin_to_point_mm is None:
        lines.append("Skin to point: no skin behind the point")
    else:
        lines.append(f"Skin to point: {_mm(path.skin_to_point_mm)}")
    past = []
    if path.bone_id is not None and _bone_first(path):
        past.append(f"bone at {_mm(path.point_to_bone_mm)}")
    if path.hit_id is None:
        nothing = "nothing" if past else "no structure"
        past.append(f"{nothing} at risk within {_mm(REACH_MM)}")
    else:
        name = names.get(path.hit_id, path.hit_id)
        past.append(f"{name[:1].lower()}{name[1:]} at {_mm(path.point_to_hit_mm)}")
    lines.append("Past the point: " + "; ".join(past))
    return [*lines, GENERIC_BODY_SHORT]


def _bone_first(path: NeedlePath) -> bool:
    """Whether the line meets bone before any structure at risk (or meets none)."""
    return path.point_to_hit_mm is None or (
        path.point_to_bone_mm is not None and path.point_to_bone_mm < path.point_to_hit_mm
    )


def _mm(distance: float) -> str:
    """``12.5`` -> ``"13 mm"``: whole millimetres, halves rounded up (not to even)."""
    # A no-break space: wrapped text never leaves "mm" alone on a line.
    return f"{math.floor(distance + 0.5):d}\u00a0mm"

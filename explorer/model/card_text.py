"""Card wording shared by every screen and page: symptoms, self-care steps, confidence.

The info card, the kiosk's patient card and the printed handout all say a
symptom, a self-care step or a low-confidence point the same way, so the
wording lives here, below Qt, where the handout's data builder can use it.
"""

from __future__ import annotations

from explorer.model.content_schema import SelfCare, Symptom

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

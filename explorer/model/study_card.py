"""A trigger point's desktop card as plain data: for ``app.py show`` and for students.

The info card (:class:`explorer.qt.panels.info_card.InfoCard`) shows these
fields as HTML; :func:`point_card` gives the same fields, in the same order,
as titled sections of plain text, which :func:`card_text` lays out for a
terminal and :meth:`PointCard.as_json` for a script. A test keeps the two in
step. The muscle's facts (origin, insertion, action, innervation) are for
the desktop card only, never for the kiosk's patient card.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from explorer.model.card_text import self_care_text, symptom_text
from explorer.model.patient_info import WARNING_LINE

#: Same words as the desktop card's disclaimer and low-confidence note.
DISCLAIMER = (
    "Educational tool — not a diagnosis. Headaches have many causes; see a doctor for a "
    "new, sudden, severe or changing headache, or one with fever, weakness, numbness, "
    "confusion or changes in vision. Dry needling must only be done by a trained clinician."
)
LOW_CONFIDENCE = (
    "Low confidence: this point rests on web pages or unchecked reports, "
    "not on the trigger point manual or a study."
)
FACTS_TITLE = "Muscle facts"
NEEDLING_TITLE = "Needling (for clinicians)"
#: Headache type names when the content has no patient information to name them.
TYPE_NAMES = {
    "tension": "Tension-type headache",
    "migraine": "Migraine",
    "cervicogenic": "Cervicogenic headache",
    "cluster": "Cluster headache",
    "sinus": "Sinus headache",
}
WIDTH = 88


def muscle_facts(muscle) -> tuple[tuple[str, str], ...]:
    """``(label, text)`` for the muscle's origin, insertion, action and innervation."""
    facts = muscle.facts
    return (
        ("Origin", facts.origin),
        ("Insertion", facts.insertion),
        ("Action", facts.action),
        ("Innervation", facts.innervation),
    )


def headache_type_name(kind: str, patient_info=None) -> str:
    """The display name of a headache type, e.g. ``"Tension-type headache"``."""
    for answer in getattr(patient_info, "headache_types", ()) or ():
        if answer.type == kind:
            return answer.name
    return TYPE_NAMES.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True)
class PointCard:
    """The card of one trigger point: heading lines, then titled sections."""

    id: str
    label: str
    muscle_line: str
    warning: str
    notes: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    facts: tuple[tuple[str, str], ...]
    muscle_id: str
    side: str
    muscle_name: str = ""
    aliases: tuple[str, ...] = ()

    def as_json(self) -> dict:
        """The card as JSON-ready data (``facts`` also as a mapping, for scripts)."""
        return {
            "id": self.id,
            "label": self.label,
            "muscle": {
                "id": self.muscle_id,
                "name": self.muscle_name,
                "aliases": list(self.aliases),
                "line": self.muscle_line,
            },
            "side": self.side,
            "warning": self.warning,
            "notes": list(self.notes),
            "facts": {label.lower(): text for label, text in self.facts},
            "sections": [{"title": title, "items": list(items)} for title, items in self.sections],
            "disclaimer": DISCLAIMER,
        }


def point_card(point, catalog) -> PointCard:
    """The desktop (clinician and student) card of ``point``."""
    muscle = point.muscle
    muscle_line = muscle.name + (f" ({', '.join(muscle.aliases)})" if muscle.aliases else "")
    info = getattr(catalog, "patient_info", None)
    warning = info.red_flags.summary if info else WARNING_LINE
    notes = (LOW_CONFIDENCE,) if point.confidence == "low" else ()
    facts = muscle_facts(muscle)
    sections = (
        ("Where", (point.where_clinician,)),
        ("Where it hurts", (point.referral_text_clinician,)),
        ("Symptoms", tuple(symptom_text(symptom, clinician=True) for symptom in point.symptoms)),
        ("Headache types", tuple(kind.title() for kind in muscle.headache_types)),
        (FACTS_TITLE, tuple(f"{label}: {text}" for label, text in facts)),
        (NEEDLING_TITLE, needling_lines(point)),
        ("Self-care", tuple(self_care_text(step) for step in point.self_care)),
        ("Sources", tuple(_source_text(catalog, key) for key in point.sources)),
    )
    sections = tuple((title, items) for title, items in sections if any(items))
    return PointCard(
        point.id,
        point.label,
        muscle_line,
        warning,
        notes,
        sections,
        facts,
        muscle.id,
        point.side,
        muscle.name,
        muscle.aliases,
    )


def needling_lines(point) -> tuple[str, ...]:
    """The clinician's needling notes, one line each (empty without needling)."""
    needling = point.needling
    if needling is None:
        return ()
    lines = [f"Approach: {needling.approach}"]
    if needling.depth:
        lines.append(f"Depth: {needling.depth}")
    if needling.at_risk:
        lines.append("Structures at risk: " + ", ".join(needling.at_risk))
    if needling.caution:
        lines.append(f"Caution: {needling.caution}")
    return tuple(lines)


def _source_text(catalog, key: str) -> str:
    source = catalog.sources.get(key)
    if source is None:
        return key
    return f"{source.text} <{source.url}>" if source.url else source.text


def card_text(card: PointCard, width: int = WIDTH) -> str:
    """The card laid out for a terminal: wrapped, sections titled, items bulleted."""
    lines = [card.label, card.muscle_line, f"[{card.id}]", "", f"! {card.warning}"]
    lines += [f"! {note}" for note in card.notes]
    for title, items in card.sections:
        lines += ["", f"{title}:"]
        for item in items:
            lines += textwrap.wrap(
                item,
                width,
                initial_indent="  - ",
                subsequent_indent="    ",
                break_long_words=False,  # keep addresses whole
                break_on_hyphens=False,
            )
    lines += ["", *textwrap.wrap(DISCLAIMER, width)]
    return "\n".join(lines)

"""The patient card: the info card's plain-words parts, without any needling technique.

The therapists' card (:mod:`explorer.qt.panels.info_card`) shows the needling
approach, depth and structures at risk. None of that belongs on a waiting-room
screen, so this card is built from an allow-list of fields rather than by
removing lines from the full card: a field added to the content later stays
hidden until someone decides a patient should see it.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser, QWidget

from explorer.model.content import Catalog, TriggerPoint
from explorer.model.patient_info import WARNING_LINE
from explorer.model.state import AppState
from explorer.qt.kiosk.style import CARD_CSS
from explorer.qt.panels.info_card import DISCLAIMER, self_care_text, symptom_text
from explorer.qt.panels.rich_text import set_html

WELCOME_TITLE = "Where can headache pain come from?"
WELCOME = (
    "Tight spots in the muscles of the head, neck and shoulders, called trigger points, "
    "can send pain to other places, such as the temple or behind the eye. "
    "Touch a coloured dot to see where its pain can be felt."
)
HOW_TO = "One finger turns the model. Two fingers zoom and move it."
ASK = "Ask your therapist what could help you, and whether treatment suits you."
LOW_CONFIDENCE = (
    "Not sure: this point is drawn from web pages, not from a study or the main textbook."
)
#: Source texts about needle technique are for clinicians, even in a citation list.
CLINICIAN_SOURCE = re.compile(r"needl|depth|cadaver|pleura", re.IGNORECASE)


class PatientCard(QTextBrowser):
    """Shows the selected trigger points in plain words, and always the disclaimer."""

    def __init__(self, catalog: Catalog, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.setObjectName("patient_card")
        self.setOpenLinks(False)  # no network, ever: links are never followed
        self.setOpenExternalLinks(False)
        # Read-only and not selectable: a long press must not select text or open a menu.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.document().setDefaultStyleSheet(CARD_CSS)
        info = catalog.patient_info
        #: The warning-signs line; the kiosk shows it as a button under the card.
        self.warning_text = info.red_flags.summary if info else WARNING_LINE
        state.selection_changed.connect(self._on_selection_changed)
        self._on_selection_changed(state.selection)

    def _on_selection_changed(self, selection: tuple[str, ...]) -> None:
        set_html(self, card_html([self.catalog.get(tp_id) for tp_id in selection], self.catalog))
        self.verticalScrollBar().setValue(0)


def card_html(points: list[TriggerPoint], catalog: Catalog) -> str:
    """The whole card: the points (latest first) or the welcome, then the disclaimer."""
    if points:
        body = "".join(point_html(point, catalog) for point in reversed(points))
        body += f"<p>{escape(ASK)}</p>"
    else:
        body = f"<h2>{escape(WELCOME_TITLE)}</h2><p>{escape(WELCOME)}</p><p>{escape(HOW_TO)}</p>"
    return f"{body}<hr><p class='disclaimer'><i>{escape(DISCLAIMER)}</i></p>"


def point_html(point: TriggerPoint, catalog: Catalog) -> str:
    """One trigger point for a patient: where it is, where it hurts, what may help."""
    side = "left side" if point.side == "left" else "right side"
    parts = [f"<h2>{escape(point.muscle.name)} <small>({side})</small></h2>"]
    parts.append(_section("Where the tight spot is", point.where))
    parts.append(_section("Where you may feel the pain", point.referral_text))
    symptoms = [symptom_text(symptom, clinician=False) for symptom in point.symptoms]
    parts.append(_items("You might notice", symptoms))
    parts.append(_items("Things you can try at home", map(self_care_text, point.self_care)))
    if point.confidence == "low":
        parts.append(f"<p><i>{escape(LOW_CONFIDENCE)}</i></p>")
    sources = [
        source.text
        for key in point.sources
        if (source := catalog.sources.get(key)) and not CLINICIAN_SOURCE.search(source.text)
    ]
    if sources:
        parts.append(f"<p class='sources'><small>Sources: {escape('; '.join(sources))}</small></p>")
    return "".join(parts)


def _section(title: str, text: str) -> str:
    return f"<h3>{escape(title)}</h3><p>{escape(text)}</p>" if text else ""


def _items(title: str, items) -> str:
    rows = "".join(f"<li>{escape(str(item))}</li>" for item in items)
    return f"<h3>{escape(title)}</h3><ul>{rows}</ul>" if rows else ""

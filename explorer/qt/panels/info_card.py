"""The info card: everything about the selected trigger points, for the therapist.

A therapist shows this card to the patient in the room, so it carries the
warning-signs line (a link that opens the full list) like every patient
card; the needling block and the conditions to rule out are the clinician's
part. Source links open in the system's browser when clicked; the app itself
never goes online.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from explorer.model.card_text import SEE_DOCTOR_IF_NEW, self_care_text, symptom_text
from explorer.model.content import Catalog, TriggerPoint
from explorer.model.patient_info import WARNING_LINE
from explorer.model.state import AppState
from explorer.qt.panels.card_sections import opened_after, sections_html, toggled_id
from explorer.qt.panels.muscle_facts import isolate_target, muscle_facts_html
from explorer.qt.panels.rich_text import set_html

__all__ = ["SEE_DOCTOR_IF_NEW", "InfoCard", "self_care_text", "symptom_text"]

DISCLAIMER = (
    "Educational tool — not a diagnosis. Headaches have many causes; see a doctor for a "
    "new, sudden, severe or changing headache, or one with fever, weakness, numbness, "
    "confusion or changes in vision. Dry needling must only be done by a trained clinician."
)
WELCOME = (
    "Click a marker on a muscle, or pick a trigger point in the list, to see where its "
    "pain is felt. Ctrl+click adds more points; Esc clears."
)
#: The in-card link target of the warning-signs line.
RED_FLAGS_LINK = "#red_flags"
#: The in-card link that turns the needle view on or off.
NEEDLE_LINK = "#needle_view"
NEEDLE_ANCHOR = "needle_view"
SHOW_AT_RISK = "Show structures at risk"
HIDE_AT_RISK = "Hide structures at risk"
LOW_CONFIDENCE = (
    "Low confidence: this point rests on web pages or unchecked reports, "
    "not on the trigger point manual or a study."
)


def warning_line_html(text: str = WARNING_LINE) -> str:
    """The short warning-signs line, a link to the full list, that tops every card."""
    return f'<p class="warning"><a href="{RED_FLAGS_LINK}"><b>&#9888; {escape(text)}</b></a></p>'


class InfoCard(QTextBrowser):
    """Shows the card of every selected trigger point, and always the disclaimer.

    Signals
    -------
    red_flags_requested
        The warning-signs line was clicked: show the full list.
    isolate_requested
        "Isolate this muscle" was clicked, with the point's id.

    Attributes
    ----------
    needle_lines
        Given a trigger point id, the needle view's sentences for it (the
        window sets this to the 3D needle view's); empty while it is off.
    """

    red_flags_requested = Signal()
    isolate_requested = Signal(str)  # a trigger point id: show only its muscle

    def __init__(self, catalog: Catalog, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.state = state
        self.needle_lines: Callable[[str], list[str]] = lambda _tp_id: []
        # Links are handled here: the warning line opens the list, a source opens the
        # browser. QTextBrowser would otherwise try to load them as documents.
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor_clicked)
        info = catalog.patient_info
        self.warning_text = info.red_flags.summary if info else WARNING_LINE
        #: The points shown, and which of their sections are open when several are compared.
        self.selection: tuple[str, ...] = ()
        self.opened: set[str] = set()
        state.selection_changed.connect(self._on_selection_changed)
        state.needle_view_changed.connect(self._on_needle_view_changed)
        self._on_selection_changed(state.selection)

    def _on_selection_changed(self, selection: tuple[str, ...]) -> None:
        """Show every selected point: one card, or a collapsible section each when compared."""
        self.opened = opened_after(selection, self.selection, self.opened)
        self.selection = tuple(selection)
        self._show()

    def _show(self) -> None:
        points = [self.catalog.get(tp_id) for tp_id in self.selection]
        if len(points) > 1:
            body = sections_html(points, self.opened, self.point_html)
        else:
            body = "".join(self.point_html(point) for point in points)
        if not body:
            body = f"<p>{escape(WELCOME)}</p>"
        warning = warning_line_html(self.warning_text)
        set_html(self, f"{warning}{body}<hr><p><small><i>{escape(DISCLAIMER)}</i></small></p>")

    def _on_needle_view_changed(self, enabled: bool) -> None:
        """Re-show the card; keep the needle view's part in sight (the link was just there)."""
        scroll = self.verticalScrollBar().value()
        self._show()
        self.verticalScrollBar().setValue(scroll)
        if enabled:
            self.scrollToAnchor(NEEDLE_ANCHOR)

    def toggle_section(self, tp_id: str) -> None:
        """Open or close the section of ``tp_id`` (a compared point)."""
        self.opened ^= {tp_id}
        scroll = self.verticalScrollBar().value()
        self._show()
        self.verticalScrollBar().setValue(scroll)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if (tp_id := toggled_id(url.toString())) is not None:
            self.toggle_section(tp_id)
        elif url.toString() == RED_FLAGS_LINK:
            self.red_flags_requested.emit()
        elif url.toString() == NEEDLE_LINK:
            self.state.set_needle_view(not self.state.needle_view)
        elif (isolated := isolate_target(url.toString())) is not None:
            self.isolate_requested.emit(isolated)
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def point_html(self, point: TriggerPoint) -> str:
        """The card of one trigger point as HTML."""
        muscle = point.muscle
        parts = [f"<h2>{escape(point.label)}</h2>", f"<p><b>{escape(muscle.name)}</b>"]
        if muscle.aliases:
            parts.append(f" ({escape(', '.join(muscle.aliases))})")
        parts.append("</p>")
        if point.confidence == "low":
            parts.append(f'<p style="color:#8a4b00"><b>{escape(LOW_CONFIDENCE)}</b></p>')
        parts.append(_section("Where", point.where_clinician))
        parts.append(_section("Where it hurts", point.referral_text_clinician))
        symptoms = [symptom_text(symptom, clinician=True) for symptom in point.symptoms]
        parts.append(_items("Symptoms", symptoms))
        parts.append(_items("Headache types", [kind.title() for kind in muscle.headache_types]))
        parts.append(muscle_facts_html(point))
        parts.append(self._needling_html(point))
        parts.append(_items("Self-care", [self_care_text(step) for step in point.self_care]))
        parts.append(_html_items("Sources", [self._source_html(key) for key in point.sources]))
        return "".join(parts)

    def _needling_html(self, point: TriggerPoint) -> str:
        needling = point.needling
        if needling is None:
            return ""
        lines = [f"Approach: {needling.approach}"]
        if needling.depth:
            lines.append(f"Depth: {needling.depth}")
        if needling.at_risk:
            lines.append("Structures at risk: " + ", ".join(needling.at_risk))
        if needling.caution:
            lines.append(f"Caution: {needling.caution}")
        return _items("Needling (for clinicians)", lines) + self._needle_view_html(point)

    def _needle_view_html(self, point: TriggerPoint) -> str:
        """The needle view's switch and, while it shows this point, its distances.

        The switch is offered for a single point only: the view shows one
        point's approach at a time.
        """
        if len(self.selection) != 1:
            return ""
        shown = self.state.needle_view
        label = HIDE_AT_RISK if shown else SHOW_AT_RISK
        link = f'<p><a name="{NEEDLE_ANCHOR}"></a><a href="{NEEDLE_LINK}"><b>{label}</b></a></p>'
        lines = self.needle_lines(point.id) if shown else []
        return link + _items("Needle view (measured on this atlas)", lines)

    def _source_html(self, key: str) -> str:
        source = self.catalog.sources.get(key)
        if source is None:
            return escape(key)
        if not source.url:
            return escape(source.text)
        return f'<a href="{escape(source.url, quote=True)}">{escape(source.text)}</a>'


def _section(title: str, text: str) -> str:
    return f"<h3>{escape(title)}</h3><p>{escape(text)}</p>" if text else ""


def _items(title: str, items) -> str:
    return _html_items(title, [escape(str(item)) for item in items])


def _html_items(title: str, rows_html) -> str:
    rows = "".join(f"<li>{row}</li>" for row in rows_html)
    return f"<h3>{escape(title)}</h3><ul>{rows}</ul>" if rows else ""

"""The info card: everything about the selected trigger points, in plain words."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from explorer.model.content import Catalog, TriggerPoint
from explorer.model.state import AppState

DISCLAIMER = (
    "Educational tool — not a diagnosis. Headaches have many causes; see a doctor for a "
    "new, sudden, severe or changing headache, or one with fever, weakness, numbness, "
    "confusion or changes in vision. Dry needling must only be done by a trained clinician."
)
WELCOME = (
    "Click a marker on a muscle, or pick a trigger point in the list, to see where its "
    "pain is felt. Ctrl+click adds more points; Esc clears."
)


class InfoCard(QTextBrowser):
    """Shows the card of every selected trigger point, and always the disclaimer."""

    def __init__(self, catalog: Catalog, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        # Sources may carry URLs; the app never goes online, so links are not followed.
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        state.selection_changed.connect(self._on_selection_changed)
        self._on_selection_changed(state.selection)

    def _on_selection_changed(self, selection: tuple[str, ...]) -> None:
        points = [self.catalog.get(tp_id) for tp_id in selection]
        body = "".join(self.point_html(point) for point in reversed(points))
        if not body:
            body = f"<p>{escape(WELCOME)}</p>"
        self.setHtml(f"{body}<hr><p><small><i>{escape(DISCLAIMER)}</i></small></p>")

    def point_html(self, point: TriggerPoint) -> str:
        """The card of one trigger point as HTML."""
        muscle = point.muscle
        parts = [f"<h2>{escape(point.label)}</h2>", f"<p><b>{escape(muscle.name)}</b>"]
        if muscle.aliases:
            parts.append(f" ({escape(', '.join(muscle.aliases))})")
        parts.append("</p>")
        parts.append(_section("Where", point.where))
        parts.append(_section("Where it hurts", point.referral_text))
        parts.append(_items("Symptoms", point.symptoms))
        parts.append(_items("Headache types", [kind.title() for kind in muscle.headache_types]))
        parts.append(self._needling_html(point))
        parts.append(_items("Self-care", point.self_care))
        if point.confidence == "low":
            parts.append("<p><i>Evidence for this point is limited or contested.</i></p>")
        parts.append(_items("Sources", [self._source_text(key) for key in point.sources]))
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
        return _items("Needling (for clinicians)", lines)

    def _source_text(self, key: str) -> str:
        source = self.catalog.sources.get(key)
        if source is None:
            return key
        return f"{source.text} <{source.url}>" if source.url else source.text


def _section(title: str, text: str) -> str:
    return f"<h3>{escape(title)}</h3><p>{escape(text)}</p>" if text else ""


def _items(title: str, items) -> str:
    items = list(items)
    if not items:
        return ""
    rows = "".join(f"<li>{escape(str(item))}</li>" for item in items)
    return f"<h3>{escape(title)}</h3><ul>{rows}</ul>"

"""Collapsible sections for a card that shows several compared points.

Each compared point gets a header line in its map colour (the same colour
as on the skin and in the viewport's legend), with a link that opens or
closes its section. The latest point opens; the others close, so the card
stays short, and a click on any header opens it again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from explorer.model.content import TriggerPoint
from explorer.scene.overlay import point_colours

#: Link targets of the section headers: ``#toggle/<trigger point id>``.
TOGGLE_PREFIX = "#toggle/"


def toggle_link(tp_id: str) -> str:
    """The header link that opens or closes the section of ``tp_id``."""
    return f"{TOGGLE_PREFIX}{tp_id}"


def toggled_id(link: str) -> str | None:
    """The trigger point a header link toggles, or None for any other link."""
    return link.removeprefix(TOGGLE_PREFIX) if link.startswith(TOGGLE_PREFIX) else None


def opened_after(selection: Sequence[str], before: Sequence[str], opened: set[str]) -> set[str]:
    """Which sections are open after the selection changed from ``before`` to ``selection``.

    A newly added point opens (and, when several are compared, closes the
    others); removed points are forgotten.
    """
    added = [tp_id for tp_id in selection if tp_id not in before]
    if added:
        return {added[-1]}
    return {tp_id for tp_id in opened if tp_id in selection}


def sections_html(
    points: Sequence[TriggerPoint], opened: set[str], body: Callable[[TriggerPoint], str]
) -> str:
    """Every point, latest first, each with its header and (when open) its ``body``."""
    total = len(points)
    parts = []
    for index in reversed(range(total)):
        point = points[index]
        red, green, blue = point_colours(index).solid
        swatch = f"<span style='color: rgb({red},{green},{blue})'>&#9632;</span>"
        is_open = point.id in opened
        arrow = "&#9662;" if is_open else "&#9656;"
        label = f"Point {index + 1} of {total}" + ("" if is_open else f": {escape(point.label)}")
        hint = "hide" if is_open else "show"
        parts.append(
            f"<p style='margin-top: 10px'><a href='{toggle_link(point.id)}'>{arrow} {swatch} "
            f"<b>{label}</b> <small>({hint})</small></a></p>"
        )
        if is_open:
            parts.append(body(point))
    return "".join(parts)

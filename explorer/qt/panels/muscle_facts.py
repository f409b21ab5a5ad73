"""The muscle's facts on the desktop card: origin, insertion, action, innervation.

Students learn a muscle by these four facts, so the desktop info card shows
them for the muscle of every point it describes, with a link that isolates
the muscle in 3D. The kiosk's patient card never shows them (too technical
for a waiting room). The same fields are in ``app.py show``
(:mod:`explorer.model.study_card`).
"""

from __future__ import annotations

from html import escape

from explorer.model.study_card import FACTS_TITLE, muscle_facts

#: Link target of "Isolate muscle" on the card; the trigger point id follows it.
ISOLATE_LINK = "#isolate/"


def muscle_facts_html(point) -> str:
    """The facts of ``point``'s muscle as a titled list, with the isolate link."""
    rows = "".join(
        f"<li><b>{escape(label)}:</b> {escape(text)}</li>"
        for label, text in muscle_facts(point.muscle)
    )
    link = f'<a href="{ISOLATE_LINK}{escape(point.id, quote=True)}">Isolate this muscle (I)</a>'
    return f"<h3>{escape(FACTS_TITLE)}</h3><ul>{rows}</ul><p>{link}</p>"


def isolate_target(link: str) -> str | None:
    """The trigger point id an "Isolate" link names, or None for any other link."""
    return link.removeprefix(ISOLATE_LINK) if link.startswith(ISOLATE_LINK) else None

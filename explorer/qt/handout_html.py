"""The handout as rich text for ``QTextDocument``: the page's words, in reading order.

:mod:`explorer.qt.handout_pdf` lays this out on paper. Everything here is
text a reader can select and copy; only the two maps, the logo and the
legend's colour swatches are pictures, named by the resource URLs below.
Qt's rich text knows a subset of HTML 4 and CSS: tables for side-by-side
parts, and no floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from explorer.model.handout import Handout, PointPart

#: Resource URLs of the pictures the text refers to.
LOGO_URL = "handout://logo"


def map_url(index: int) -> str:
    """Resource URL of the ``index``-th view of the map."""
    return f"handout://map/{index}"


def swatch_url(colour: int, striped: bool) -> str:
    """Resource URL of a point's solid or striped colour swatch."""
    return f"handout://swatch/{colour}/{'striped' if striped else 'solid'}"


STYLE = """
body { font-size: 10pt; color: #1a1a1a; }
h1 { font-size: 17pt; margin: 0; }
h2 { font-size: 13pt; margin-top: 12px; margin-bottom: 2px; }
h3 { font-size: 10.5pt; margin-top: 6px; margin-bottom: 1px; }
p { margin-top: 2px; margin-bottom: 4px; }
ul { margin-top: 0; margin-bottom: 2px; }
li { margin-bottom: 2px; }
.clinic { font-size: 13pt; font-weight: bold; }
.muted { color: #555555; }
.small { font-size: 8pt; color: #333333; }
.caption { font-size: 9pt; color: #444444; }
.warning-title { font-size: 13pt; font-weight: bold; color: #8a2500; }
"""


def handout_html(
    handout: Handout, captions: Sequence[str], map_width_px: int, has_logo: bool
) -> str:
    """The whole handout as one rich-text document.

    Parameters
    ----------
    captions
        One caption per view of the map, in order (its pictures are :func:`map_url`).
    map_width_px
        Width of each view on the page, in CSS pixels.
    has_logo
        Whether the :data:`LOGO_URL` resource exists.
    """
    parts = [
        _header(handout, has_logo),
        _figure(handout, captions, map_width_px),
        *(_point(part, len(handout.points) > 1) for part in handout.points),
        _warning_signs(handout),
        _sources(handout),
        f"<p class='small'><i>{escape(handout.disclaimer)}</i></p>",
    ]
    return "".join(parts)


def _header(handout: Handout, has_logo: bool) -> str:
    logo = f"<img src='{LOGO_URL}' height='56'>" if has_logo else ""
    clinic = f"<span class='clinic'>{escape(handout.clinic)}</span>" if handout.clinic else ""
    return (
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td width='1%' valign='middle'>{logo}</td>"
        f"<td valign='middle'>&nbsp;&nbsp;{clinic}</td>"
        f"<td align='right' valign='middle' class='muted'>{escape(handout.date_text)}</td>"
        "</tr></table>"
        f"<h1>{escape(handout.title)}</h1>"
    )


def _figure(handout: Handout, captions: Sequence[str], width: int) -> str:
    cells = "".join(
        f"<td align='center' valign='top'><img src='{map_url(index)}' width='{width}'>"
        f"<br><span class='caption'>{escape(caption)}</span></td>"
        for index, caption in enumerate(captions)
    )
    return (
        f"<p class='caption'><b>{escape(handout.figure.caption)}</b></p>"
        f"<table width='100%' cellspacing='0' cellpadding='2'><tr>{cells}</tr></table>"
        f"{_legend(handout.points)}<p>{escape(handout.map_note)}</p>"
    )


def _legend(points: Sequence[PointPart]) -> str:
    """Per point: its solid and striped swatches and its name."""
    rows = "".join(
        "<tr>"
        f"<td><img src='{swatch_url(part.colour, False)}' width='18' height='18'></td>"
        f"<td>main pain&nbsp;&nbsp;</td>"
        f"<td><img src='{swatch_url(part.colour, True)}' width='18' height='18'></td>"
        f"<td>may spread&nbsp;&nbsp;</td>"
        f"<td><b>{escape(part.heading)}</b></td>"
        "</tr>"
        for part in points
    )
    return f"<table cellspacing='2' cellpadding='1'>{rows}</table>"


def _point(part: PointPart, show_swatch: bool) -> str:
    swatch = (
        f"<img src='{swatch_url(part.colour, False)}' width='14' height='14'>&nbsp;"
        if show_swatch
        else ""
    )
    parts = [
        f"<h2>{swatch}{escape(part.heading)}</h2>",
        f"<p class='muted'>Trigger point: {escape(part.point_name)}</p>",
        _section("Where the tight spot is", part.where),
        _section("Where you may feel the pain", part.referral_text),
        _items("What you may notice", part.symptoms),
        _items("What you can do at home", part.self_care),
    ]
    if part.low_confidence:
        parts.append(f"<p><i>{escape(part.low_confidence)}</i></p>")
    return "".join(parts)


def _warning_signs(handout: Handout) -> str:
    signs = handout.warning_signs
    flags = "".join(
        f"<li><b>{escape(title)}.</b> {escape(text)}</li>" for title, text in signs.flags
    )
    return (
        "<br><table width='100%' border='1' cellspacing='0' cellpadding='8' "
        "style='border-color: #c05000; border-style: solid;' bgcolor='#fff6ee'><tr><td>"
        f"<p class='warning-title'>&#9888; {escape(signs.title)}</p>"
        f"<p>{escape(signs.intro)}</p><ul>{flags}</ul><p><b>{escape(signs.advice)}</b></p>"
        "</td></tr></table>"
    )


def _sources(handout: Handout) -> str:
    if not handout.sources:
        return ""
    rows = "".join(f"<li>{escape(line)}</li>" for line in handout.sources)
    return f"<h3>Sources</h3><ul class='small'>{rows}</ul>"


def _section(title: str, text: str) -> str:
    return f"<h3>{escape(title)}</h3><p>{escape(text)}</p>" if text else ""


def _items(title: str, items: Sequence[str]) -> str:
    rows = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<h3>{escape(title)}</h3><ul>{rows}</ul>" if rows else ""

"""The handout on paper: Qt's own PDF output, A4 or Letter, text that stays text.

The rich text of :mod:`explorer.qt.handout_html` goes into a
``QTextDocument`` laid out for the page (so no line is cut between two
pages), and each page is painted onto a ``QPdfWriter`` with a footer that
numbers it. Text is drawn as text in an embedded font, so a reader can
select, search and copy it, and a screen reader can read it; only the maps,
the logo and the swatches are pictures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextFormat,
)

from explorer.model.handout import Handout
from explorer.qt.handout_html import LOGO_URL, STYLE, handout_html, map_url, swatch_url
from explorer.scene.overlay import SKIN_RGB, point_colours

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(15, 14, 15, 12)
#: Dots per inch of the page's coordinates (text is vector; this only sets the grid).
RESOLUTION_DPI = 300
#: Room kept at the bottom of each page for the footer, in mm.
FOOTER_MM = 8
#: Qt's rich text measures pictures in CSS pixels of 1/96 inch.
CSS_DPI = 96
FONT_FAMILY = "DejaVu Sans"


@dataclass(frozen=True)
class MapView:
    """One picture of the map and where it is seen from."""

    image: np.ndarray  # (height, width, 3) uint8
    caption: str


class HandoutError(Exception):
    """The handout cannot be made: an unreadable logo, or an unwritable file."""


def write_handout_pdf(handout: Handout, views: Sequence[MapView], output: Path) -> int:
    """Lay ``handout`` out with its map ``views`` and write it to ``output``; return the pages.

    Raises
    ------
    HandoutError
        If the logo cannot be read or the PDF cannot be written.
    """
    logo = load_logo(handout.logo)
    writer = QPdfWriter(str(output))
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(f"{handout.title} ({handout.date_text})")
    writer.setCreator("Trigger Point Explorer")
    layout = QPageLayout(
        QPageSize(PAGE_SIZES[handout.paper]),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )
    writer.setPageLayout(layout)
    area = QRectF(layout.paintRectPixels(RESOLUTION_DPI))
    footer_px = FOOTER_MM / 25.4 * RESOLUTION_DPI
    page = QSizeF(area.width(), area.height() - footer_px)
    document = _document(handout, views, logo, writer, page)
    painter = QPainter()
    if not painter.begin(writer):
        raise HandoutError(f"cannot write '{output}': check the folder exists and is writable")
    try:
        pages = max(1, math.ceil(document.size().height() / page.height()))
        for number in range(pages):
            if number:
                writer.newPage()
            _paint_page(painter, document, page, number)
            _paint_footer(painter, handout, page, area.height(), number, pages)
    finally:
        painter.end()
    return pages


def _document(handout, views, logo, writer, page: QSizeF) -> QTextDocument:
    document = QTextDocument()
    # Lay the text out in the writer's own units, so what is measured is what is printed.
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    document.setDefaultFont(page_font(10))
    document.setDefaultStyleSheet(STYLE)
    resources = document.addResource
    image_resource = QTextDocument.ResourceType.ImageResource
    for index, view in enumerate(views):
        resources(image_resource, QUrl(map_url(index)), _qimage(view.image))
    if logo is not None:
        resources(image_resource, QUrl(LOGO_URL), logo)
    for part in handout.points:
        for striped in (False, True):
            resources(image_resource, QUrl(swatch_url(part.colour, striped)),
                      swatch_image(part.colour, striped))  # fmt: skip
    columns = max(len(views), 1)
    page_css_px = page.width() / RESOLUTION_DPI * CSS_DPI
    map_width = int(page_css_px / columns) - 12
    document.setHtml(handout_html(handout, [view.caption for view in views], map_width, bool(logo)))
    document.setPageSize(page)
    _keep_boxes_whole(document, page.height())
    return document


def _keep_boxes_whole(document: QTextDocument, page_height: float) -> None:
    """Start a table (the warning signs, the legend...) on a new page rather than split it.

    Only a table that fits on one page is moved; each move shifts what follows,
    so the tables are checked in order, after every move.
    """
    layout = document.documentLayout()
    for frame in document.rootFrame().childFrames():
        box = layout.frameBoundingRect(frame)
        first, last = int(box.top() // page_height), int((box.bottom() - 1) // page_height)
        if first != last and box.height() < page_height:
            frame_format = frame.frameFormat()
            frame_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            frame.setFrameFormat(frame_format)


def _paint_page(painter: QPainter, document: QTextDocument, page: QSizeF, number: int) -> None:
    """Paint the ``number``-th page-high slice of the laid-out document."""
    top = number * page.height()
    painter.save()
    painter.translate(0, -top)
    document.drawContents(painter, QRectF(QPointF(0, top), page))
    painter.restore()


def _paint_footer(painter, handout: Handout, page: QSizeF, bottom: float, number: int, pages: int):
    painter.setFont(page_font(8))
    painter.setPen(QColor(90, 90, 90))
    box = QRectF(0, page.height(), page.width(), bottom - page.height())
    left = " · ".join(part for part in (handout.clinic, handout.date_text) if part)
    align = Qt.AlignmentFlag.AlignVCenter
    painter.drawText(box, int(align | Qt.AlignmentFlag.AlignLeft), left)
    painter.drawText(box, int(align | Qt.AlignmentFlag.AlignRight), f"Page {number + 1} of {pages}")


def page_font(points: float) -> QFont:
    """The handout's font, without ligatures: "ff" and "fi" must stay two letters when
    a reader searches or copies the text ("stiff neck", not "sti\ufb00 neck")."""
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(points)
    for feature in ("liga", "clig"):
        font.setFeature(QFont.Tag(feature), 0)
    return font


def swatch_image(colour: int, striped: bool, size: int = 72) -> QImage:
    """A legend swatch: the point's solid colour, or its stripes on skin, as on the map."""
    colours = point_colours(colour)
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(*(SKIN_RGB if striped else colours.solid)))
    painter = QPainter(image)
    if striped:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(*colours.stripes))
        band = size / 6
        for step in range(-6, 7, 2):  # diagonal bands, like the map's
            offset = step * band
            corners = [(offset, size), (offset + band, size), (offset + band + size, 0),
                       (offset + size, 0)]  # fmt: skip
            painter.drawPolygon([QPointF(x, y) for x, y in corners])
    painter.setPen(QColor(120, 120, 120))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return image


def _qimage(pixels: np.ndarray) -> QImage:
    pixels = np.ascontiguousarray(pixels[:, :, :3], dtype=np.uint8)
    height, width = pixels.shape[:2]
    # Copy: the QImage would otherwise point into memory numpy may free.
    return QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def load_logo(path: Path | None) -> QImage | None:
    """The clinic's logo, or None without one; :class:`HandoutError` if it is no picture."""
    if path is None:
        return None
    logo = QImage(str(path))
    if logo.isNull():
        raise HandoutError(f"cannot read the logo '{path}': expected a PNG or JPEG image")
    return logo

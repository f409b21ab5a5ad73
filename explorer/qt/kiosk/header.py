"""The kiosk's header: logo, clinic name, page buttons and "Start again", at any width.

A clinic name can be as long as a sentence and a logo as wide as a banner,
and neither may push a button off the screen. So the logo is fitted into a
fixed box, the name first gets smaller type and then an ellipsis, and when
the screen is too narrow for name and buttons side by side the page buttons
move to a second row.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from explorer.qt.kiosk.style import BODY_PT, CLINIC_PT, GAP_PX

#: The logo is scaled to fit this box (logical pixels), keeping its shape.
LOGO_BOX = QSize(240, 64)
#: Keep the buttons on the name's row only if the name still gets this much room.
NAME_ROOM_PX = 420
MARGIN_PX = 24


class ElidedLabel(QLabel):
    """One line of text that shrinks to ``min_pt`` and then ends in "…" rather than widen.

    Parameters
    ----------
    text
        The full text (kept in :attr:`full_text`).
    max_pt, min_pt
        Point sizes it is drawn at: the largest that fits, never below ``min_pt``.
    """

    def __init__(self, text: str, max_pt: int, min_pt: int, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.full_text, self.max_pt, self.min_pt = text, max_pt, min_pt
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def _font(self, points: int) -> QFont:
        font = QFont(self.font())
        font.setPointSize(points)
        return font

    def shown_text(self) -> tuple[str, QFont]:
        """The text as drawn at the current width, and its font."""
        width = self.contentsRect().width()
        for points in range(self.max_pt, self.min_pt - 1, -2):
            font = self._font(points)
            if QFontMetrics(font).horizontalAdvance(self.full_text) <= width:
                return self.full_text, font
        font = self._font(self.min_pt)
        elided = QFontMetrics(font).elidedText(self.full_text, Qt.TextElideMode.ElideRight, width)
        return elided, font

    def is_elided(self) -> bool:
        """Whether the ellipsis is showing (the layout test allows it here, and only here)."""
        return self.shown_text()[0] != self.full_text

    def sizeHint(self) -> QSize:
        """The whole text at the largest size."""
        metrics = QFontMetrics(self._font(self.max_pt))
        return QSize(metrics.horizontalAdvance(self.full_text), metrics.height())

    def minimumSizeHint(self) -> QSize:
        """A few letters and the ellipsis: the name never widens the window."""
        metrics = QFontMetrics(self._font(self.min_pt))
        return QSize(metrics.horizontalAdvance("Wwww…"), metrics.height())

    def paintEvent(self, event) -> None:
        """Draw the fitted text, vertically centred."""
        text, font = self.shown_text()
        painter = QPainter(self)
        painter.setFont(font)
        painter.setPen(self.palette().color(self.foregroundRole()))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), flags, text)
        painter.end()


def logo_label(path: str | None, ratio: float) -> QLabel | None:
    """The clinic's logo fitted into :data:`LOGO_BOX` (sharp at ``ratio``), or None."""
    pixmap = QPixmap(path) if path and Path(path).is_file() else QPixmap()
    if pixmap.isNull():
        return None
    fitted = pixmap.scaled(
        LOGO_BOX * ratio,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    fitted.setDevicePixelRatio(ratio)
    image = QLabel()
    image.setObjectName("logo")
    image.setPixmap(fitted)
    image.setFixedSize(fitted.deviceIndependentSize().toSize())
    return image


class HeaderBar(QWidget):
    """Logo and clinic name on the left, ``nav`` and "Start again" on the right (or below)."""

    def __init__(self, clinic_name: str, logo: str | None, nav: QWidget) -> None:
        super().__init__()
        self.setObjectName("header")
        self.nav = nav
        self.logo = logo_label(logo, self.devicePixelRatioF())
        self.name = ElidedLabel(clinic_name, CLINIC_PT, BODY_PT)
        self.name.setObjectName("clinic_name")
        self.start_again = QPushButton("Start again")
        self.start_again.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(MARGIN_PX, 12, MARGIN_PX, 12)
        self.grid.setHorizontalSpacing(GAP_PX * 2)
        self.grid.setVerticalSpacing(GAP_PX)
        self.two_rows: bool | None = None
        self._arrange(two_rows=True)

    def _fits_one_row(self, width: int) -> bool:
        logo = self.logo.width() + self.grid.horizontalSpacing() if self.logo else 0
        buttons = self.nav.sizeHint().width() + self.start_again.sizeHint().width()
        spacing = 2 * self.grid.horizontalSpacing() + 2 * MARGIN_PX
        room = width - logo - buttons - spacing
        return room >= min(NAME_ROOM_PX, self.name.sizeHint().width())

    def _arrange(self, two_rows: bool) -> None:
        if two_rows == self.two_rows:
            return
        self.two_rows = two_rows
        for widget in (self.logo, self.name, self.nav, self.start_again):
            if widget is not None:
                self.grid.removeWidget(widget)
        column = 0
        if self.logo is not None:
            self.grid.addWidget(self.logo, 0, column)
            column += 1
        self.grid.addWidget(self.name, 0, column)
        self.grid.setColumnStretch(column, 1)
        if two_rows:
            self.grid.addWidget(self.start_again, 0, column + 1)
            self.grid.addWidget(self.nav, 1, 0, 1, column + 2)
        else:
            self.grid.addWidget(self.nav, 0, column + 1)
            self.grid.addWidget(self.start_again, 0, column + 2)

    def resizeEvent(self, event) -> None:
        """Put the page buttons beside the name when there is room, else on a row below."""
        super().resizeEvent(event)
        self._arrange(two_rows=not self._fits_one_row(event.size().width()))

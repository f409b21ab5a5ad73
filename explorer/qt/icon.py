"""The application icon, drawn with QPainter so no image file is needed."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap, QRadialGradient


def make_app_icon() -> QIcon:
    """A head silhouette with a glowing trigger point, at several sizes."""
    icon = QIcon()
    for size in (16, 32, 64, 128, 256):
        icon.addPixmap(_draw(size))
    return icon


def _draw(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scale = size / 64.0
    # Rounded dark tile, like the viewport background.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#20242b"))
    painter.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), 12 * scale, 12 * scale)
    # Head and neck in skin colour.
    painter.setBrush(QColor("#e2d4c8"))
    painter.drawEllipse(QRectF(16 * scale, 8 * scale, 30 * scale, 36 * scale))
    painter.drawRect(QRectF(24 * scale, 38 * scale, 14 * scale, 14 * scale))
    painter.drawRoundedRect(
        QRectF(10 * scale, 48 * scale, 42 * scale, 12 * scale), 6 * scale, 6 * scale
    )
    # Referred pain at the temple: a warm glow.
    glow = QRadialGradient(QPointF(22 * scale, 22 * scale), 11 * scale)
    glow.setColorAt(0.0, QColor(213, 94, 0, 255))
    glow.setColorAt(1.0, QColor(213, 94, 0, 0))
    painter.setBrush(QBrush(glow))
    painter.drawEllipse(QPointF(22 * scale, 22 * scale), 11 * scale, 11 * scale)
    # The trigger point itself, on the trapezius.
    painter.setPen(QPen(QColor("#20242b"), max(1.0, 1.5 * scale)))
    painter.setBrush(QColor(240, 228, 66))
    painter.drawEllipse(QPointF(42 * scale, 50 * scale), 5 * scale, 5 * scale)
    painter.end()
    return pixmap

"""A scroll area whose content is always laid out at the size the area gave it.

A resizable ``QScrollArea`` resizes its widget to the height its
word-wrapped labels need for the width (height-for-width) from inside the
widget's own layout pass. That resize can land while the layout is busy, and
the layout then keeps the rows of the old, shorter height: buttons drawn
on top of one another, a list over the buttons. Re-laying the content out
once the resize has settled keeps rows and widget in step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class FittingScrollArea(QScrollArea):
    """A frameless, vertically scrolling ``QScrollArea`` that re-lays out its content on resize."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(widget)
        self._pending = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the content's resizes (the base class adjusts the scroll bars)."""
        handled = super().eventFilter(watched, event)
        if watched is self.widget() and event.type() == QEvent.Type.Resize and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._relayout)
        return handled

    def _relayout(self) -> None:
        self._pending = False
        content = self.widget()
        layout = content.layout() if content is not None else None
        if layout is not None and layout.geometry() != content.rect():
            layout.setGeometry(content.rect())

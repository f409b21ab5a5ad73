"""A mode's panel takes the place of the other panels, and gives them back afterwards.

The pain drawing's panel needs the whole height of its side of the window
(at 1280x800 its results would otherwise be pushed off the bottom) and, on
a small window, the width the tree would take. So turning the mode on hides
the other docked panels and turning it off shows again exactly those that
were showing (the View menu can bring any back meanwhile). The window keeps
its size either way: the panel scrolls rather than grows (see
:func:`scrolling_dock`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from explorer.qt.fitting_scroll import FittingScrollArea


def scrolling_dock(title: str, name: str, widget: QWidget, window: QMainWindow) -> QDockWidget:
    """A dock holding ``widget`` in a scroll area, so its height never forces the window's."""
    area = FittingScrollArea(widget)
    area.setObjectName(f"{name}_scroll")
    # As wide as the content and its scroll bar, so it never needs a sideways scroll bar.
    scroll_bar = area.verticalScrollBar().sizeHint().width()
    area.setMinimumWidth(widget.minimumSizeHint().width() + scroll_bar + 2 * area.frameWidth())
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    dock = QDockWidget(title, window)
    dock.setObjectName(name)  # saveState needs names to restore docks
    dock.setWidget(area)
    return dock


class ModePanels:
    """Shows ``dock`` in place of the window's other docked panels while its mode is on."""

    def __init__(self, window: QMainWindow, dock: QDockWidget) -> None:
        self.window, self.dock = window, dock
        self._hidden: list[QDockWidget] = []
        self.on = False

    def neighbours(self) -> list[QDockWidget]:
        """The other docked (not floating) panels that are showing now."""
        return [
            dock
            for dock in self.window.findChildren(QDockWidget)
            if dock is not self.dock and not dock.isFloating() and dock.isVisibleTo(self.window)
        ]

    def follow(self, on: bool) -> None:
        """Swap the panels in (``on``) or back out; repeating either is harmless."""
        if on and not self.on:
            self._hidden = self.neighbours()
            for dock in self._hidden:
                dock.hide()
            self.dock.show()
            self.dock.raise_()
        elif not on:
            self.dock.hide()
            if self.on:
                for dock in self._hidden:
                    dock.show()
            self._hidden = []
        self.on = on

"""The desktop window's size rules: remembered, clamped to the screen, never outgrown.

* Saved geometry comes back clamped to the screen the window opens on, so
  a layout saved on a 4K monitor still fits a laptop.
* The layout is saved as the explore mode's: a mode's panel (the pain
  drawing's) is never remembered without its mode, so the two come back
  together or not at all.
* Docks never take more than half the width: the 3D view keeps the rest,
  down to the minimum size :data:`MIN_SIZE`. Below :data:`COMFORTABLE_SIZE`
  the status bar says the panels are squeezed, instead of letting them
  squeeze the view away.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSizePolicy

DEFAULT_SIZE = QSize(1280, 800)
#: The window cannot be made smaller than this; everything still fits.
MIN_SIZE = QSize(800, 600)
#: Below this, panels are narrower than they like, and the window says so.
COMFORTABLE_SIZE = QSize(1024, 640)
#: The docks' share of the window width, at most: the 3D view keeps the rest.
DOCKS_MAX_SHARE = 0.5
#: Of the docks' share, this part may go to the left (the tree); the rest to the right.
LEFT_SHARE = 0.4
#: Room the dock separators and frames take from the docks' share.
SEPARATORS_PX = 20
SMALL_NOTICE = "Panels narrowed: best at 1024 × 640 or larger"
GEOMETRY_KEY, STATE_KEY = "main_window/geometry", "main_window/state"
#: Qt's "no maximum" for a widget's size.
QWIDGETSIZE_MAX = 16777215


def clamp_to_screen(window: QMainWindow) -> None:
    """Shrink and move ``window`` so it lies within the available area of its screen."""
    frame = window.geometry()
    screen = QGuiApplication.screenAt(frame.center()) or window.screen()
    available = screen.availableGeometry()
    size = frame.size().boundedTo(available.size()).expandedTo(window.minimumSize())
    left = min(max(frame.left(), available.left()), available.right() - size.width() + 1)
    top = min(max(frame.top(), available.top()), available.bottom() - size.height() + 1)
    origin = (max(left, available.left()), max(top, available.top()))
    window.setGeometry(QRect(*origin, size.width(), size.height()))


def restore_layout(window: QMainWindow, settings: QSettings) -> None:
    """Geometry (clamped) and dock layout from ``settings``; docks of modes stay with their mode."""
    window.setMinimumSize(MIN_SIZE)
    geometry = settings.value(GEOMETRY_KEY)
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        window.resize(DEFAULT_SIZE)
    clamp_to_screen(window)
    layout = settings.value(STATE_KEY)
    if isinstance(layout, QByteArray):
        window.restoreState(layout)
    mode = getattr(window, "pain_mode", None)
    if mode is not None:
        mode.panels.follow(mode.active)


def save_layout(window: QMainWindow, settings: QSettings) -> None:
    """Save geometry and the dock layout as explore mode's (a mode's panels swapped back)."""
    mode = getattr(window, "pain_mode", None)
    if mode is not None and mode.active:
        mode.panels.follow(False)
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(STATE_KEY, window.saveState())


class DockWidthGuard(QObject):
    """Caps the docks' widths on every resize of ``window`` and shows the small-window notice."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.notice = QLabel(SMALL_NOTICE)
        self.notice.setObjectName("small_window_notice")
        # Never let the notice itself widen the window: it may be cut, the view may not.
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        window.statusBar().addWidget(self.notice, 1)
        window.installEventFilter(self)
        for dock in window.findChildren(QDockWidget):
            # Showing or moving a panel changes who shares the width.
            dock.visibilityChanged.connect(lambda _shown: self.apply(self.window.size()))
            dock.dockLocationChanged.connect(lambda _area: self.apply(self.window.size()))
        self.apply(window.size())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Re-apply the caps when the window is resized."""
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.apply(event.size())
        return False

    def apply(self, size: QSize) -> None:
        """Limit left and right docks to their share of ``size`` and update the notice.

        When only one side has panels showing, that side gets the whole share.
        """
        budget = DOCKS_MAX_SHARE * size.width() - SEPARATORS_PX
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        docks = self.window.findChildren(QDockWidget)
        shown = {self.window.dockWidgetArea(d) for d in docks if d.isVisibleTo(self.window)}
        left_share = LEFT_SHARE if {left, right} <= shown else 1.0
        caps = {left: int(budget * left_share), right: int(budget * (1 - LEFT_SHARE))}
        if left not in shown:
            caps[right] = int(budget)
        for dock in docks:
            cap = caps.get(self.window.dockWidgetArea(dock))
            floating = dock.isFloating()
            dock.setMaximumWidth(cap if cap is not None and not floating else QWIDGETSIZE_MAX)
        small = size.width() < COMFORTABLE_SIZE.width() or size.height() < COMFORTABLE_SIZE.height()
        self.notice.setVisible(small)

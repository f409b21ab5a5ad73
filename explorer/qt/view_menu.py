"""The View menu: every panel and toolbar as a toggle (so a closed one comes back), and Quit.

Other parts of the app add their own entries (labels, legend...) to the
same menu: :func:`view_menu` returns the window's "&View" menu, creating it
the first time. The panel list is rebuilt each time the menu opens, so a
panel added later by any module is listed too.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar

from explorer.qt.menus import top_menu

TITLE = "&View"


def view_menu(window: QMainWindow) -> QMenu:
    """The window's View menu, created before "Help" (if there is one) when it does not exist."""
    return top_menu(window, TITLE, before="Help")


class PanelToggles:
    """Keeps the "Panels" part of the View menu in step with the window's docks and toolbars.

    A dock may stand for a mode (the pain drawing's panel shows exactly when
    its mode is on); ``mode_actions`` maps such a dock to the mode's action,
    which the menu shows in place of the bare panel toggle.
    """

    def __init__(self, window: QMainWindow, mode_actions: dict[QDockWidget, QAction]) -> None:
        self.window, self.mode_actions = window, mode_actions
        self.menu = view_menu(window)
        self.menu.addSection("Panels")
        self.toolbars_heading = self.menu.addSection("Toolbars")
        self.end = self.menu.addSeparator()
        self.shown: list[QAction] = []
        self.quit = QAction("&Quit", window)
        self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit.setToolTip("Close the window (Ctrl+Q)")
        self.quit.triggered.connect(window.close)
        self.menu.addAction(self.quit)
        # The shortcut must work with the menu bar hidden or the menu never opened.
        window.addAction(self.quit)
        self.menu.aboutToShow.connect(self.refresh)
        self.refresh()

    def panel_actions(self) -> list[QAction]:
        """One toggle per dock, or the action of the mode the dock belongs to."""
        docks = self.window.findChildren(QDockWidget)
        return [self.mode_actions.get(dock) or dock.toggleViewAction() for dock in docks]

    def toolbar_actions(self) -> list[QAction]:
        """One toggle per toolbar."""
        return [toolbar.toggleViewAction() for toolbar in self.window.findChildren(QToolBar)]

    def refresh(self) -> None:
        """Rebuild both lists in place (docks and toolbars may have come or gone)."""
        for action in self.shown:
            self.menu.removeAction(action)
        panels, toolbars = self.panel_actions(), self.toolbar_actions()
        self.menu.insertActions(self.toolbars_heading, panels)
        self.menu.insertActions(self.end, toolbars)
        self.shown = panels + toolbars


def install_view_menu(window: QMainWindow) -> PanelToggles:
    """Add the panel toggles and Quit (Ctrl+Q) to ``window``'s View menu."""
    pain_mode = getattr(window, "pain_mode", None)
    modes = {pain_mode.dock: pain_mode.action} if pain_mode is not None else {}
    return PanelToggles(window, modes)

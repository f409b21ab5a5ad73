"""A top-level window that will not close, shrink, move or vanish while locked.

Qt hears about most ways out (Alt+F4 through the window manager, ``close()``,
minimising, leaving fullscreen, resizing, moving) as events, and each is
undone here. Some X-level actions bypass Qt entirely (another X client
unmapping or destroying the window); a one-second watchdog notices that the
window is no longer exposed, shows it again, and if that fails for
:data:`GIVE_UP_CHECKS` seconds emits ``unrecoverable`` so the launcher can
exit with a non-zero code and a service manager (systemd ``Restart=always``)
can start a fresh kiosk.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QWidget

#: How many refused escape attempts are remembered (bounded: a week of button mashing).
ESCAPE_LOG = 200
WATCHDOG_MS = 1000
GIVE_UP_CHECKS = 5


class LockedWindow(QWidget):
    """Base of the kiosk window: subclasses set ``logger`` and toggle :attr:`locked`."""

    unrecoverable = Signal()

    def __init__(self) -> None:
        super().__init__(None)
        self.locked = True
        self.logger = None
        self.escape_attempts: deque[str] = deque(maxlen=ESCAPE_LOG)
        self._bad_checks = 0
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(WATCHDOG_MS)
        self._watchdog.timeout.connect(self._check_still_there)

    def present(self) -> None:
        """Show fullscreen on the window's screen, and start watching.

        The geometry is set as well, because without a window manager (a bare
        X server, as on many kiosk set-ups) the fullscreen state alone does
        not resize the window.
        """
        screen = self.screen() or QApplication.primaryScreen()
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self._watchdog.start()

    def _refused(self, what: str) -> None:
        """Remember (bounded) and log an attempt to leave the kiosk."""
        self.escape_attempts.append(what)
        if self.logger is not None:
            self.logger.info("refused: %s", what)

    def _back_soon(self, what: str) -> None:
        self._refused(what)
        QTimer.singleShot(0, self._back_to_fullscreen)

    def _back_to_fullscreen(self) -> None:
        if self.locked:
            self.present()

    def _out_of_place(self) -> bool:
        """Whether the window no longer covers the whole screen.

        Covering more is fine: on a screen smaller than the layout's minimum
        size the window overhangs, and forcing it smaller would loop.
        """
        screen = self.screen() or QApplication.primaryScreen()
        return not self.geometry().contains(screen.geometry())

    # Qt's ways out ---------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close while locked (Alt+F4, the window manager, ``close()``)."""
        if not self.locked:
            self._watchdog.stop()
            super().closeEvent(event)
            return
        event.ignore()
        self._back_soon("close event")

    def changeEvent(self, event: QEvent) -> None:
        """Undo minimising or un-fullscreening while locked."""
        super().changeEvent(event)
        changed = event.type() == QEvent.Type.WindowStateChange
        if changed and self.locked and (not self.isFullScreen() or self.isMinimized()):
            self._back_soon("window state change")

    def hideEvent(self, event) -> None:
        """Come back if something hides the window while locked."""
        super().hideEvent(event)
        if self.locked:
            self._back_soon("hidden")

    def resizeEvent(self, event) -> None:
        """Grow back to the whole screen if something resized the window."""
        super().resizeEvent(event)
        if self.locked and self.isVisible() and self._out_of_place():
            self._back_soon("resized")

    def moveEvent(self, event) -> None:
        """Move back if something moved the window."""
        super().moveEvent(event)
        if self.locked and self.isVisible() and self._out_of_place():
            self._back_soon("moved")

    # What Qt does not hear about -------------------------------------------

    def _check_still_there(self) -> None:
        if not self.locked:
            return
        handle = self.windowHandle()
        if handle is not None and handle.isExposed() and not self._out_of_place():
            self._bad_checks = 0
            return
        self._bad_checks += 1
        self._refused("not on screen (watchdog)")
        if handle is not None:
            handle.hide()  # Qt still thinks it is mapped; hide first, or show() does nothing
        self.present()
        if self._bad_checks == GIVE_UP_CHECKS and self.logger is not None:
            self.logger.error("the window cannot be shown again; asking for a restart")
            self.unrecoverable.emit()

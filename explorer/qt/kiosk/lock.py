"""Locking: no key reaches the app, and a long press in a hidden corner asks for the PIN.

A waiting-room screen has no keyboard, but a visitor may plug one in, and a
window manager turns Alt+F4 into a close request. So :class:`KeyLock`
swallows *every* key event application-wide (Esc, Alt+F4, Ctrl+Q, Ctrl+W,
F11, Alt+Tab as far as it reaches the app...), except digits, Backspace and
Enter while the PIN pad is open. The close request itself is refused by the
shell's ``closeEvent``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride})
PIN_KEYS = frozenset(
    {
        *(getattr(Qt.Key, f"Key_{digit}") for digit in range(10)),
        Qt.Key.Key_Backspace,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
    }
)
#: Side of the square hidden corner, in logical pixels.
CORNER_PX = 110


class KeyLock(QObject):
    """Application event filter that eats keys; ``pin_pad_open`` lets PIN keys through.

    Parameters
    ----------
    pin_pad_open
        Returns whether the PIN pad is showing.
    """

    blocked = Signal(int)  # the key that was eaten (the escape-attempt log uses it)

    def __init__(self, pin_pad_open: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pin_pad_open = pin_pad_open

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow key events, unless they type into the open PIN pad."""
        if event.type() not in KEY_EVENTS:
            return False
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if self.pin_pad_open() and plain and event.key() in PIN_KEYS:
            return False
        if event.type() == QEvent.Type.KeyPress:
            self.blocked.emit(int(event.key()))
        return True


def corner_rect(window: QWidget, corner: str, size: int = CORNER_PX) -> QRect:
    """The hidden ``corner`` of ``window`` (global coordinates)."""
    frame = window.geometry()
    left = frame.left() if corner.endswith("left") else frame.right() - size + 1
    top = frame.top() if corner.startswith("top") else frame.bottom() - size + 1
    return QRect(left, top, size, size)


class CornerHold(QObject):
    """Emits ``held`` when a finger or button stays in the hidden corner for ``hold_ms``.

    Watches the whole application, because the corner lies over whatever
    widget is there (the logo by default), and that widget must not need to
    know about it.
    """

    held = Signal()

    def __init__(self, window: QWidget, corner: str, hold_ms: int) -> None:
        super().__init__(window)
        self.window, self.corner = window, corner
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, int(hold_ms)))
        self._timer.timeout.connect(self.held)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Start the hold on a press inside the corner; cancel on release or leaving it."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            if self._inside(event):
                self._timer.start()
        elif kind in (QEvent.Type.MouseMove, QEvent.Type.TouchUpdate):
            if self._timer.isActive() and not self._inside(event):
                self._timer.stop()
        elif kind in (
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            self._timer.stop()
        return False

    def _inside(self, event: QEvent) -> bool:
        points = event.points() if hasattr(event, "points") else []
        if not points:
            return False
        position: QPointF = points[0].globalPosition()
        return corner_rect(self.window, self.corner).contains(position.toPoint())

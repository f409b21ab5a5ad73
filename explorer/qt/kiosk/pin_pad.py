"""The admin PIN pad and the admin screen, as overlays inside the kiosk window.

They are plain child widgets, not dialogs: a dialog is a new top-level window
that a window manager could move, close or put behind the kiosk. The pad has
big digit buttons (it is used on the touch screen) and shows dots, never the
digits.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from explorer.qt.kiosk.pin import MAX_PIN_LENGTH, PinThrottle
from explorer.qt.kiosk.style import GAP_PX

#: Digit keys are this many logical pixels square: well over the 64 px target, and the
#: pad (five rows) still fits a 768 px tall screen.
KEY_SIZE = 84
#: The key that takes back the last digit.
BACKSPACE = "\u232b"


class Overlay(QWidget):
    """A dimmed full-window layer holding one centred panel."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.panel = QWidget(self)
        self.panel.setObjectName("overlay_panel")
        self.panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignCenter)
        outer.addStretch(1)
        self.hide()

    def open(self) -> None:
        """Cover the whole window and come to the front."""
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()


class PinPad(Overlay):
    """Digit keys, OK and Cancel; ``accepted`` fires once the throttle accepts the PIN."""

    accepted = Signal()

    def __init__(self, parent: QWidget, pin_hash: str | None, throttle: PinThrottle) -> None:
        super().__init__(parent)
        self.pin_hash, self.throttle = pin_hash, throttle
        self.entered = ""
        layout = QVBoxLayout(self.panel)
        title = QLabel("Staff only: enter the PIN")
        title.setObjectName("overlay_title")
        self.dots = QLabel("")
        self.dots.setObjectName("pin_dots")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        for label in (title, self.dots, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addLayout(self._keys())
        self._countdown = QTimer(self)
        self._countdown.setInterval(500)
        self._countdown.timeout.connect(self._show_wait)

    def _keys(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(GAP_PX)
        labels = [*"123456789", BACKSPACE, "0", "OK", "Cancel"]
        self.keys: dict[str, QPushButton] = {}
        for index, label in enumerate(labels):
            button = QPushButton(label)
            button.setMinimumSize(KEY_SIZE, KEY_SIZE)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, key=label: self.press(key))
            # Cancel gets a row of its own, so it is never hit instead of OK.
            columns = 3 if label == "Cancel" else 1
            grid.addWidget(button, index // 3, index % 3, 1, columns)
            self.keys[label] = button
        self.keys[BACKSPACE].setAccessibleName("Delete the last digit")
        return grid

    def open(self) -> None:
        """Show an empty pad."""
        self.entered = ""
        self._refresh()
        self._show_wait()
        super().open()
        self.setFocus()

    def press(self, key: str) -> None:
        """A key of the pad (a digit, :data:`BACKSPACE`, ``OK`` or ``Cancel``)."""
        if key == "Cancel":
            self.hide()
        elif key == "OK":
            self.submit()
        elif key == BACKSPACE:
            self.entered = self.entered[:-1]
        elif len(self.entered) < MAX_PIN_LENGTH:
            self.entered += key
        self._refresh()

    def keyPressEvent(self, event) -> None:
        """An admin with a keyboard may type the PIN (the key lock lets only these through)."""
        if event.text().isdigit():
            self.press(event.text())
        elif event.key() == Qt.Key.Key_Backspace:
            self.press(BACKSPACE)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()

    def submit(self) -> None:
        """Check the entered PIN against the stored hash, through the back-off."""
        pin, self.entered = self.entered, ""
        result = self.throttle.attempt(pin, self.pin_hash)
        if result:
            self.hide()
            self.accepted.emit()
        elif result is None:
            self._show_wait()
        elif not self.pin_hash:
            self.message.setText("No PIN is set. Set one with: python app.py kiosk-pin")
        else:
            self._show_wait(prefix="Wrong PIN. ")
        self._refresh()

    def _refresh(self) -> None:
        self.dots.setText("● " * len(self.entered) or " ")

    def _show_wait(self, prefix: str = "") -> None:
        left = self.throttle.seconds_left()
        waiting = left > 0
        for button in self.keys.values():
            button.setEnabled(not waiting or button.text() == "Cancel")
        if waiting:
            self.message.setText(f"{prefix}Try again in {math.ceil(left)} s.")
            self._countdown.start()
        else:
            self._countdown.stop()
            if not prefix and self.message.text().startswith(("Try again", "Wrong")):
                self.message.setText("")


class AdminPanel(Overlay):
    """After the right PIN: leave the kiosk, or lock it again with "Done".

    The shell also closes it (and locks) when nobody has touched the screen
    for the idle reset time, so an admin who walks away leaves no open door.
    """

    exit_requested = Signal()
    resume_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self.panel)
        title = QLabel("Kiosk settings")
        title.setObjectName("overlay_title")
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.setSpacing(GAP_PX)
        done = QPushButton("Done: lock the kiosk")
        done.clicked.connect(self.resume_requested)
        leave = QPushButton("Exit kiosk")
        leave.setObjectName("danger")
        leave.clicked.connect(self.exit_requested)
        for widget in (title, self.details, done, leave):
            layout.addWidget(widget)
        self.exit_button, self.done_button = leave, done

    def show_details(self, text: str) -> None:
        """Config path, log path, error count: what an admin needs, no file dialogs."""
        # A path has no spaces to wrap at; let it break after each "/" rather than widen the panel.
        self.details.setText(text.replace("/", "/\u200b"))
        self.open()

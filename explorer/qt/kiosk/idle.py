"""Idle detection: attract after N seconds without input, reset after M seconds.

:class:`IdleWatcher` filters every event of the application. Any touch,
click, wheel or key restarts both timers. While the attract tour runs, the
first touch only wakes the kiosk up: that press (and its release) is
swallowed, so waking never also selects or paints something by accident.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

#: Input that means a person is there.
ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.KeyPress,
        QEvent.Type.Gesture,
    }
)
PRESSES = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})
RELEASES = frozenset({QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd})


class IdleWatcher(QObject):
    """Emits ``attract_started``, ``attract_ended`` and ``reset_due`` from input idleness.

    Parameters
    ----------
    attract_ms, reset_ms
        Idle time before the tour and before the reset, in milliseconds
        (tests and the soak pass a few hundred).
    """

    attract_started = Signal()
    attract_ended = Signal()
    reset_due = Signal()

    def __init__(self, attract_ms: int, reset_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.attracting = False
        self.attract_enabled = True
        self._swallow_release = False
        self._attract_timer = self._single_shot(attract_ms, self._on_attract_due)
        self._reset_timer = self._single_shot(reset_ms, self._on_reset_due)

    def _single_shot(self, interval_ms: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(max(1, int(interval_ms)))
        timer.timeout.connect(slot)
        return timer

    def start(self, attract: bool = True) -> None:
        """Start counting idle time now; without ``attract`` only the reset is due.

        The admin screen counts towards the reset only: a tour would hide
        what the admin reads, while the reset closes the screen and locks.
        """
        self.attract_enabled = attract
        self._restart()

    def _restart(self) -> None:
        if self.attract_enabled:
            self._attract_timer.start()
        else:
            self._attract_timer.stop()
        self._reset_timer.start()

    def stop(self) -> None:
        """Stop both timers (admin screen open, or shutting down)."""
        self._attract_timer.stop()
        self._reset_timer.stop()

    def poke(self) -> None:
        """Someone is there: restart the countdowns and end the tour."""
        self._restart()
        if self.attracting:
            self.attracting = False
            self.attract_ended.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Restart the countdowns on input; swallow the press that wakes the kiosk."""
        kind = event.type()
        if kind not in ACTIVITY:
            return False
        if self._swallow_release and kind in RELEASES:
            self._swallow_release = False
            return True
        waking = self.attracting and kind in PRESSES
        self.poke()
        if waking:
            self._swallow_release = True
            return True
        return False

    def _on_attract_due(self) -> None:
        self.attracting = True
        self.attract_started.emit()

    def _on_reset_due(self) -> None:
        self.attracting = False
        self.reset_due.emit()
        self.start()  # a reset kiosk idles again: tour, then reset, for a week

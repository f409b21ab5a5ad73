"""Wheel zoom that never builds a backlog: notches move the camera, frames show the sum.

VTK's own wheel handling renders once per notch. With software rendering
fifteen quick notches then queue fifteen full renders (seconds of nothing on
screen, then an overshoot). Here a notch only moves the camera, within the
scene's zoom limits, and asks for a repaint; Qt merges the requests, so the
next frame shows every notch that came in before it. While notches keep
coming the scene draws coarse frames; :data:`SETTLE_MS` after the last one,
the full frame follows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.framing import viewport_aspect
from explorer.scene.zoom import zoom_by

#: One notch of a mouse wheel, in Qt's angle-delta units (eighths of a degree).
NOTCH = 120
#: Each notch brings the camera this many times closer (VTK's default step).
STEP = 1.2
#: A wheel that has been still this long has stopped: draw the full frame.
SETTLE_MS = 120
#: The name the wheel moves the camera under (see CameraMotion).
MOTION = "wheel"


class WheelZoom(QObject):
    """Zooms ``scene``'s camera by wheel turns, coalesced into the next frame.

    Parameters
    ----------
    scene
        The scene whose camera zooms; its ``zoom_limits`` bound the zoom.
    """

    #: The wheel stopped; the full frame has been asked for.
    settled = Signal()

    def __init__(self, scene: AnatomyScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.settle)

    @property
    def settle_ms(self) -> int:
        """Milliseconds of stillness after which the wheel counts as stopped."""
        return self._settle.interval()

    @settle_ms.setter
    def settle_ms(self, milliseconds: int) -> None:
        self._settle.setInterval(int(milliseconds))

    @property
    def turning(self) -> bool:
        """Whether notches came in less than :data:`SETTLE_MS` ago."""
        return self._settle.isActive()

    def turn(self, angle_delta: float) -> None:
        """A wheel turned by ``angle_delta`` (positive: away from the user, zoom in)."""
        if not angle_delta:
            return
        renderer = self.scene.plotter.renderer
        zoom_by(
            renderer.GetActiveCamera(),
            STEP ** (angle_delta / NOTCH),
            self.scene.zoom_limits,
            viewport_aspect(renderer),
        )
        renderer.ResetCameraClippingRange()
        self.scene.motion.begin(MOTION)
        self._settle.start()  # restarts: the full frame waits for the last notch
        self.scene.render()

    def settle(self) -> None:
        """The wheel stopped: the next frame is the full one."""
        self._settle.stop()
        self.scene.motion.end(MOTION)
        self.settled.emit()

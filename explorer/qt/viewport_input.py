"""Mouse on the 3D viewport: click to pick, ctrl+click to add, hover to preview, drag and zoom.

An event filter watches the interactor widget. It consumes only the wheel
(see :class:`WheelZoom`) and what the pain-drawing brush takes, so VTK still
turns and pans the camera on drags; only a press-release that did not drag
(see :class:`~explorer.scene.picking.ClickGuard`) picks. A press during a
camera flight first lands the flight at its final pose, so the click or
drag is handled where the camera was going. While a drag turns the camera
the scene draws coarse frames; the release brings the full one back.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent
from PySide6.QtWidgets import QToolTip, QWidget

from explorer.model.state import AppState
from explorer.qt.wheel_zoom import WheelZoom
from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.picking import (
    DRAG_DISTANCE_PX,
    MOUSE_RADIUS_PX,
    TOUCH_RADIUS_PX,
    ClickGuard,
)

#: The name a mouse drag moves the camera under (see CameraMotion).
DRAG = "drag"


class ViewportInput(QObject):
    """Turns clicks on ``widget`` into ``state.select`` and hovering into ``state.set_hovered``."""

    def __init__(self, widget: QWidget, scene: AnatomyScene, state: AppState) -> None:
        super().__init__(widget)
        self.widget, self.scene, self.state = widget, scene, state
        self.guard = ClickGuard()
        self.wheel = WheelZoom(scene, self)
        #: Asked first about every event (the pain-drawing brush); True means it used it.
        self.painter = None
        self._pressed_at: tuple[float, float] | None = None
        widget.setMouseTracking(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch mouse events; only the wheel and the painter consume them (VTK needs them too)."""
        if self.painter is not None and self.painter.handle(event):
            return True
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._on_pressed(event)
        elif kind == QEvent.Type.MouseMove:
            self._on_pointer_moved(event)
        elif kind == QEvent.Type.MouseButtonRelease:
            self._on_released(event)
        elif kind == QEvent.Type.Wheel:
            self.scene.motion.take_over()
            self.wheel.turn(event.angleDelta().y())
            return True
        elif kind == QEvent.Type.Leave:
            self.state.set_hovered(None)
        return False

    def _on_pressed(self, event: QMouseEvent) -> None:
        # A flight in progress lands first: the click or drag then acts on its final pose.
        self.scene.motion.take_over()
        self._pressed_at = _xy(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.guard.press(*_xy(event))

    def _on_released(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.guard.release(*_xy(event)):
            self.click(event.position().toPoint(), event.modifiers(), _is_touch(event))
        if event.buttons() == Qt.MouseButton.NoButton:
            self._pressed_at = None
            # Before VTK ends its rotation: that render request then draws the full frame.
            self.scene.motion.end(DRAG)

    def pick_at(self, position: QPoint, touch: bool = False) -> str | None:
        """Trigger point under widget ``position`` (Qt logical pixels, y down), or None."""
        ratio = self.widget.devicePixelRatioF()
        x = position.x() * ratio
        y = (self.widget.height() - position.y() - 1) * ratio
        return self.scene.pick(x, y, (TOUCH_RADIUS_PX if touch else MOUSE_RADIUS_PX) * ratio)

    def click(self, position: QPoint, modifiers, touch: bool = False) -> str | None:
        """Select the marker at ``position`` (ctrl adds); a click on nothing changes nothing."""
        tp_id = self.pick_at(position, touch)
        if tp_id is not None:
            additive = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
            self.state.select(tp_id, additive=additive)
        return tp_id

    def _on_pointer_moved(self, event: QMouseEvent) -> None:
        if self.guard.pressed:
            self.guard.move(*_xy(event))
        if event.buttons() != Qt.MouseButton.NoButton:
            self._on_dragged(event)
            return
        tp_id = self.pick_at(event.position().toPoint(), _is_touch(event))
        self.state.set_hovered(tp_id)
        if tp_id is not None:
            label = self.scene.catalog.get(tp_id).label
            QToolTip.showText(event.globalPosition().toPoint(), label, self.widget)
        else:
            QToolTip.hideText()

    def _on_dragged(self, event: QMouseEvent) -> None:
        """A button is held: once the pointer has travelled, the camera is moving."""
        if self._pressed_at is None or DRAG in self.scene.motion.reasons:
            return
        x, y = _xy(event)
        if math.hypot(x - self._pressed_at[0], y - self._pressed_at[1]) > DRAG_DISTANCE_PX:
            self.scene.motion.begin(DRAG)


def _xy(event: QMouseEvent) -> tuple[float, float]:
    position = event.position()
    return position.x(), position.y()


def _is_touch(event: QMouseEvent) -> bool:
    """Touch-synthesised mouse events get the larger, finger-sized hit radius."""
    device = event.pointingDevice()
    touch_device = device is not None and device.type() == QInputDevice.DeviceType.TouchScreen
    return touch_device or event.source() != Qt.MouseEventSource.MouseEventNotSynthesized

"""Mouse and touch on the 3D viewport: click to pick, ctrl+click to add, hover to preview.

An event filter watches the interactor widget without consuming anything,
so VTK still rotates and zooms on drags; only a press-release that did not
drag (see :class:`~explorer.scene.picking.ClickGuard`) picks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent
from PySide6.QtWidgets import QToolTip, QWidget

from explorer.model.state import AppState
from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.picking import MOUSE_RADIUS_PX, TOUCH_RADIUS_PX, ClickGuard


class ViewportInput(QObject):
    """Turns clicks on ``widget`` into ``state.select`` and hovering into ``state.set_hovered``."""

    def __init__(self, widget: QWidget, scene: AnatomyScene, state: AppState) -> None:
        super().__init__(widget)
        self.widget, self.scene, self.state = widget, scene, state
        self.guard = ClickGuard()
        #: Asked first about every event (the pain-drawing brush); True means it used it.
        self.painter = None
        widget.setMouseTracking(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch mouse events; only the painter may consume them (VTK needs them too)."""
        if self.painter is not None and self.painter.handle(event):
            return True
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self.guard.press(*_xy(event))
        elif kind == QEvent.Type.MouseMove:
            self._on_pointer_moved(event)
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            if self.guard.release(*_xy(event)):
                self.click(event.position().toPoint(), event.modifiers(), _is_touch(event))
                self._release_without_render(event)
                return True
        elif kind == QEvent.Type.Leave:
            self.state.set_hovered(None)
        return False

    def _release_without_render(self, event: QMouseEvent) -> None:
        """Hand a click's release to VTK, which ends its rotate state, but without drawing.

        VTK renders when a button comes up; the click has already asked for a
        repaint, which renders the new frame once, so VTK's render would double
        the cost of every click.
        """
        plotter_interactor = getattr(self.widget, "iren", None)
        interactor = getattr(plotter_interactor, "interactor", None)
        if interactor is None:
            self.widget.mouseReleaseEvent(event)
            return
        interactor.EnableRenderOff()
        try:
            self.widget.mouseReleaseEvent(event)
        finally:
            interactor.EnableRenderOn()

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
            return
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        tp_id = self.pick_at(event.position().toPoint(), _is_touch(event))
        self.state.set_hovered(tp_id)
        if tp_id is not None:
            label = self.scene.catalog.get(tp_id).label
            QToolTip.showText(event.globalPosition().toPoint(), label, self.widget)
        else:
            QToolTip.hideText()


def _xy(event: QMouseEvent) -> tuple[float, float]:
    position = event.position()
    return position.x(), position.y()


def _is_touch(event: QMouseEvent) -> bool:
    """Touch-synthesised mouse events get the larger, finger-sized hit radius."""
    device = event.pointingDevice()
    touch_device = device is not None and device.type() == QInputDevice.DeviceType.TouchScreen
    return touch_device or event.source() != Qt.MouseEventSource.MouseEventNotSynthesized

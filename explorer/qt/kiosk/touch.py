"""Touch on the 3D viewport: one finger turns, two fingers pinch-zoom and pan, a tap picks.

VTK's Qt widget knows nothing of ``QTouchEvent``, and Qt's mouse emulation
only follows the first finger, so the kiosk takes the touch events itself
(``WA_AcceptTouchEvents``) and moves the camera directly. The mouse keeps
VTK's own handling (drag turns, wheel zooms), so the kiosk also works with
a mouse. In the pain-drawing mode one finger paints: the touch is handed to
the painter as the mouse event it would have been.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from explorer.scene.picking import ClickGuard

#: Degrees of turn per pixel of finger travel.
DEGREES_PER_PX = 0.3
#: The name one- and two-finger moves move the camera under (see scene.motion).
TOUCH_MOTION = "touch"
#: The camera may come this close, or go this far, relative to the start distance.
ZOOM_LIMITS = (0.25, 3.0)
TOUCH_KINDS = frozenset(
    {
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TouchCancel,
    }
)


class TouchNavigator(QObject):
    """Event filter on the viewport widget turning touches into camera moves and taps.

    Parameters
    ----------
    widget
        The ``QtInteractor``.
    scene
        The scene whose camera moves and whose ``render`` draws.
    viewport_input
        Its ``click`` selects the marker under a tap (24 px radius) and its
        ``painter`` paints in the pain-drawing mode.
    """

    def __init__(self, widget: QWidget, scene, viewport_input) -> None:
        super().__init__(widget)
        self.widget, self.scene, self.input = widget, scene, viewport_input
        self.guard = ClickGuard()
        self.home_distance = scene.plotter.renderer.GetActiveCamera().GetDistance()
        self._last: list[QPointF] = []
        self._multi = False
        self._painting = False
        widget.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Consume touch events (no mouse emulation); leave everything else alone."""
        if event.type() not in TOUCH_KINDS:
            return False
        points = [point.position() for point in event.points()]
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self._begin(points)
        elif kind == QEvent.Type.TouchUpdate:
            self._update(points, event)
        else:
            self._end(points, cancelled=kind == QEvent.Type.TouchCancel)
        event.accept()
        return True

    # Sequence ------------------------------------------------------------

    def _begin(self, points: list[QPointF]) -> None:
        self._multi = len(points) > 1
        self._last = points
        self.scene.motion.take_over()  # a touch during a camera flight lands it first
        first = points[0]
        self.guard.press(first.x(), first.y())
        if not self._multi and self._painter_wants_touch():
            self._painting = True
            self._to_painter(QEvent.Type.MouseButtonPress, first)

    def _update(self, points: list[QPointF], event) -> None:
        if len(points) > 1 and not self._multi:
            self._multi = True  # a second finger turns a turn into a pinch, for good
            if self._painting:
                self._to_painter(QEvent.Type.MouseButtonRelease, self._last[0])
                self._painting = False
        if self._painting:
            self._to_painter(QEvent.Type.MouseMove, points[0])
        elif len(points) >= 2 and len(self._last) >= 2:
            self.scene.motion.begin(TOUCH_MOTION)  # coarse frames until the fingers lift
            self._pinch_and_pan(self._last[:2], points[:2])
        elif len(points) == 1 and len(self._last) == 1 and not self._multi:
            self.guard.move(points[0].x(), points[0].y())
            self.scene.motion.begin(TOUCH_MOTION)
            self._turn(self._last[0], points[0])
        self._last = points

    def _end(self, points: list[QPointF], cancelled: bool) -> None:
        position = points[0] if points else (self._last[0] if self._last else QPointF())
        self.scene.motion.end(TOUCH_MOTION)  # the next frame is drawn in full
        if self._painting:
            self._to_painter(QEvent.Type.MouseButtonRelease, position)
            self._painting = False
        elif self.guard.release(position.x(), position.y()) and not self._multi and not cancelled:
            self.input.click(position.toPoint(), Qt.KeyboardModifier.NoModifier, touch=True)
        self._last, self._multi = [], False

    # Camera --------------------------------------------------------------

    @property
    def camera(self):
        """The active VTK camera."""
        return self.scene.plotter.renderer.GetActiveCamera()

    def _turn(self, previous: QPointF, current: QPointF) -> None:
        camera = self.camera
        camera.Azimuth(-(current.x() - previous.x()) * DEGREES_PER_PX)
        camera.Elevation((current.y() - previous.y()) * DEGREES_PER_PX)
        camera.OrthogonalizeViewUp()
        self._redraw()

    def _pinch_and_pan(self, previous: list[QPointF], current: list[QPointF]) -> None:
        before, after = _spread(previous), _spread(current)
        if before > 1.0 and after > 1.0:
            self.zoom(after / before)
        shift = _centre(current) - _centre(previous)
        self.pan(shift.x(), shift.y())
        self._redraw()

    def zoom(self, factor: float) -> None:
        """Move the camera ``factor`` times closer, within :data:`ZOOM_LIMITS`."""
        camera = self.camera
        low, high = (limit * self.home_distance for limit in ZOOM_LIMITS)
        target = min(max(camera.GetDistance() / factor, low), high)
        camera.Dolly(camera.GetDistance() / target)

    def pan(self, dx_px: float, dy_px: float) -> None:
        """Slide the view so the model follows the fingers by ``dx, dy`` widget pixels."""
        camera = self.camera
        height = max(1, self.widget.height())
        mm_per_px = 2 * camera.GetDistance() * math.tan(math.radians(camera.GetViewAngle() / 2))
        mm_per_px /= height
        position, focal = camera.GetPosition(), camera.GetFocalPoint()
        up = camera.GetViewUp()
        forward = [f - p for f, p in zip(focal, position, strict=True)]
        right = _cross(forward, up)
        norm = math.sqrt(sum(c * c for c in right)) or 1.0
        right = [c / norm for c in right]
        # Qt's y grows downwards; dragging down moves the model down, i.e. the camera up.
        move = [(-dx_px * r + dy_px * u) * mm_per_px for r, u in zip(right, up, strict=True)]
        camera.SetPosition(*(p + m for p, m in zip(position, move, strict=True)))
        camera.SetFocalPoint(*(f + m for f, m in zip(focal, move, strict=True)))

    def _redraw(self) -> None:
        self.scene.plotter.renderer.ResetCameraClippingRange()
        self.scene.render()

    # Painting ------------------------------------------------------------

    def _painter_wants_touch(self) -> bool:
        painter = self.input.painter
        return painter is not None and getattr(painter, "active", False) and painter.tool != "turn"

    def _to_painter(self, kind: QEvent.Type, position: QPointF) -> None:
        buttons = (
            Qt.MouseButton.NoButton
            if kind == QEvent.Type.MouseButtonRelease
            else Qt.MouseButton.LeftButton
        )
        button = (
            Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        )
        event = QMouseEvent(
            kind, position, self.widget.mapToGlobal(position), button, buttons,
            Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        self.input.painter.handle(event)


def _spread(points: list[QPointF]) -> float:
    delta = points[1] - points[0]
    return math.hypot(delta.x(), delta.y())


def _centre(points: list[QPointF]) -> QPointF:
    return (points[0] + points[1]) / 2


def _cross(a, b) -> list[float]:
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]

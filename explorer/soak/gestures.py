"""Synthetic input for the soak: taps, drags, pinches, wheel, keys, sent through Qt.

Touches go through ``QTest.touchEvent`` with a virtual touch screen, so they
take the same path as a real finger (``QTouchEvent`` dispatched by Qt); mouse
and keys go through ``QTest``. Positions are widget coordinates (y down).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

_DEVICE = None


def touch_device():
    """One virtual touch screen for the whole process (Qt keeps every device registered)."""
    global _DEVICE
    if _DEVICE is None:
        _DEVICE = QTest.createTouchDevice()
    return _DEVICE


def _pump() -> None:
    # Once per gesture: the moves of a drag each ask for a frame, and Qt folds those
    # requests into one paint, as it does when a real finger outruns the renderer.
    QApplication.processEvents()


def tap(widget: QWidget, point: QPoint) -> None:
    """A quick one-finger tap."""
    QTest.touchEvent(widget, touch_device()).press(0, point, widget).commit()
    QTest.touchEvent(widget, touch_device()).release(0, point, widget).commit()
    _pump()


def drag(widget: QWidget, start: QPoint, end: QPoint, steps: int = 6) -> None:
    """One finger from ``start`` to ``end``."""
    QTest.touchEvent(widget, touch_device()).press(0, start, widget).commit()
    for step in range(1, steps + 1):
        point = start + (end - start) * (step / steps)
        QTest.touchEvent(widget, touch_device()).move(0, point, widget).commit()
    QTest.touchEvent(widget, touch_device()).release(0, end, widget).commit()
    _pump()


def two_finger(widget: QWidget, starts, ends, steps: int = 6) -> None:
    """Two fingers from ``starts`` to ``ends`` (a pinch if they close or spread, else a pan)."""
    sequence = QTest.touchEvent(widget, touch_device())
    sequence.press(0, starts[0], widget).press(1, starts[1], widget).commit()
    for step in range(1, steps + 1):
        fraction = step / steps
        points = [start + (end - start) * fraction for start, end in zip(starts, ends, strict=True)]
        QTest.touchEvent(widget, touch_device()).move(0, points[0], widget).move(
            1, points[1], widget
        ).commit()
    QTest.touchEvent(widget, touch_device()).release(0, ends[0], widget).release(
        1, ends[1], widget
    ).commit()
    _pump()


def mouse_drag(widget: QWidget, start: QPoint, end: QPoint, steps: int = 5) -> None:
    """Left-button drag (VTK turns the model)."""
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, steps + 1):
        QTest.mouseMove(widget, start + (end - start) * (step / steps))
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    _pump()


def mouse_click(widget: QWidget, point: QPoint) -> None:
    """A left click."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    _pump()


def wheel(widget: QWidget, point: QPoint, notches: int) -> None:
    """Mouse-wheel ``notches`` (positive: away from the user, zoom in)."""
    position = QPointF(point)
    event = QWheelEvent(
        position, QPointF(widget.mapToGlobal(point)), QPoint(0, 0), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)
    _pump()


def key(widget: QWidget, key_code: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press and release a key with ``modifiers``."""
    QTest.keyClick(widget, key_code, modifiers)
    _pump()

"""The kiosk forgets a visitor: after the idle reset nothing of their visit is left to bring back.

The case is the one the audit found: a visitor draws their pain, presses Undo
(so the drawing moves to the redo history), and walks away. Before the fix
the reset cleared the undo steps but not the redo ones, and ``redo()`` brought
the previous visitor's drawing back.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from explorer.qt.kiosk.config import KioskConfig
from explorer.qt.kiosk.pin import hash_pin
from explorer.qt.kiosk.shell import KioskTimings, KioskWindow
from explorer.soak import gestures

pytestmark = pytest.mark.gui

TP1 = "demo_muscle.tp1.left"
#: Reset before the tour (which would itself reset): the idle reset is what is tested.
TIMINGS = KioskTimings(attract_ms=600_000, reset_ms=2_000, step_ms=6_000, hold_ms=3_000)


@pytest.fixture
def kiosk(qtbot, tiny_project, tiny_engine, tmp_path):
    config = KioskConfig(clinic_name="Test clinic", pin_hash=hash_pin("2468"))
    window = KioskWindow(
        tiny_project, config, timings=TIMINGS, log_dir=tmp_path, engine=tiny_engine, ease_frames=0
    )
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


def camera_pose(kiosk) -> tuple:
    camera = kiosk.scene.plotter.renderer.GetActiveCamera()
    return (*camera.GetPosition(), *camera.GetFocalPoint(), *camera.GetViewUp())


def scroll_to_the_end(area) -> None:
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0, f"{area!r} does not scroll: the test could not see a reset"
    bar.setValue(bar.maximum())


def paint_a_stroke(kiosk) -> None:
    """Drag a finger-sized stroke across the middle of the head, with the mouse."""
    viewport = kiosk.viewport
    start = QPoint(viewport.width() // 2, viewport.height() // 2)
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(viewport, left, none, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + QPoint(0, 6 * step))
    QTest.mouseRelease(viewport, left, none, start + QPoint(0, 30))


def test_a_visitor_who_draws_presses_undo_and_leaves_leaves_nothing(kiosk, qtbot):
    start_pose = camera_pose(kiosk)
    drawing, panel = kiosk.pain_mode.drawing, kiosk.pain_mode.panel
    # The visitor looks around: taps a point, turns the head, reads everything.
    kiosk.state.select(TP1)  # as a tap on its marker does (test_kiosk taps for real)
    gestures.drag(kiosk.viewport, QPoint(100, 100), QPoint(250, 110))
    assert camera_pose(kiosk) != pytest.approx(start_pose)
    kiosk.state.set_hovered(TP1)  # what a plugged-in mouse's hover would leave behind
    kiosk.state.set_marker_filter("demo")  # and a search
    scroll_to_the_end(kiosk.card)
    kiosk.show_page("about")
    scroll_to_the_end(kiosk.about)
    # Then draws where it hurts and takes it back.
    kiosk.show_page("pain")
    paint_a_stroke(kiosk)
    assert not drawing.is_empty
    scroll_to_the_end(kiosk.pain_area)
    QTest.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert drawing.is_empty and drawing.can_redo  # the drawing now lives in the redo history

    # And walks away: no input until the idle reset.
    with qtbot.waitSignal(kiosk.idle.reset_due, timeout=10_000):
        pass

    # Nothing to bring back: not by redo, not by undo.
    assert not drawing.can_redo and not drawing.can_undo
    assert not drawing.redo() and drawing.is_empty
    assert not drawing.undo() and drawing.is_empty
    assert not panel.undo_button.isEnabled()
    assert kiosk.pain_mode.results == []
    state = kiosk.state
    assert state.selection == () and not state.undo() and not state.redo()
    assert state.hovered is None
    assert state.marker_filter == ""
    assert (state.mode, kiosk.side.currentWidget()) == ("explore", kiosk.explore_page)
    assert camera_pose(kiosk) == pytest.approx(start_pose)
    for area in (kiosk.card, kiosk.about, kiosk.pain_area):
        assert area.verticalScrollBar().value() == 0

"""The kiosk under Xvfb: locked, PIN-protected, self-resetting, crash-proof, touch-driven."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from explorer.qt.kiosk.config import KioskConfig
from explorer.qt.kiosk.patient_card import card_html
from explorer.qt.kiosk.pin import PinThrottle, hash_pin
from explorer.qt.kiosk.pin_pad import BACKSPACE
from explorer.qt.kiosk.shell import KioskTimings, KioskWindow
from explorer.qt.kiosk.style import TARGET_PX
from explorer.qt.panels.info_card import InfoCard
from explorer.soak import gestures

pytestmark = pytest.mark.gui

PIN = "2468"
TP1 = "demo_muscle.tp1.left"
ESCAPES = [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.NoModifier),  # VTK's own "quit" key
]


@pytest.fixture(scope="module")
def pin_hash():
    return hash_pin(PIN)


def make_kiosk(qtbot, project, engine, log_dir, pin_hash, timings):
    config = KioskConfig(clinic_name="Test clinic", pin_hash=pin_hash)
    window = KioskWindow(
        project, config, timings=timings, log_dir=log_dir, engine=engine, ease_frames=0
    )
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def kiosk(qtbot, tiny_project, tiny_engine, tmp_path, pin_hash):
    # Long idle timers: tests that want the tour use the ``fast_kiosk`` fixture.
    timings = KioskTimings(attract_ms=60_000, reset_ms=120_000, step_ms=6000, hold_ms=150)
    window = make_kiosk(qtbot, tiny_project, tiny_engine, tmp_path, pin_hash, timings)
    yield window
    window.shutdown()


@pytest.fixture
def fast_kiosk(qtbot, tiny_project, tiny_engine, tmp_path, pin_hash):
    timings = KioskTimings(attract_ms=150, reset_ms=600, step_ms=100, hold_ms=150)
    window = make_kiosk(qtbot, tiny_project, tiny_engine, tmp_path, pin_hash, timings)
    yield window
    window.shutdown()


def no_dialogs() -> bool:
    return not any(
        widget.isVisible() and isinstance(widget, QDialog | QMessageBox)
        for widget in QApplication.topLevelWidgets()
    )


@pytest.mark.parametrize(("key", "modifiers"), ESCAPES)
def test_escape_keys_do_not_close(kiosk, qtbot, key, modifiers):
    QTest.keyClick(kiosk, key, modifiers)
    QTest.keyClick(kiosk.viewport, key, modifiers)
    qtbot.wait(50)
    assert kiosk.isVisible() and kiosk.isFullScreen()
    assert kiosk.escape_attempts


def test_close_is_refused_while_locked(kiosk, qtbot):
    assert kiosk.close() is False
    qtbot.wait(50)
    assert kiosk.isVisible()
    assert "close event" in kiosk.escape_attempts


def test_minimising_comes_back(kiosk, qtbot):
    kiosk.showMinimized()
    qtbot.waitUntil(lambda: kiosk.isFullScreen() and not kiosk.isMinimized(), timeout=2000)


def hold_corner(kiosk, qtbot):
    with qtbot.waitSignal(kiosk.corner.held, timeout=2000):
        QTest.mousePress(
            kiosk, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(4, 4)
        )
    QTest.mouseRelease(
        kiosk, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(4, 4)
    )


def type_pin(kiosk, pin: str) -> None:
    for digit in pin:
        QTest.mouseClick(kiosk.pin_pad.keys[digit], Qt.MouseButton.LeftButton)
    QTest.mouseClick(kiosk.pin_pad.keys["OK"], Qt.MouseButton.LeftButton)


def test_short_corner_press_does_nothing(kiosk, qtbot):
    QTest.mouseClick(kiosk, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(4, 4))
    qtbot.wait(300)
    assert not kiosk.pin_pad.isVisible()


def test_long_press_and_right_pin_unlock_then_exit(kiosk, qtbot):
    hold_corner(kiosk, qtbot)
    assert kiosk.pin_pad.isVisible()
    type_pin(kiosk, PIN)
    assert kiosk.admin.isVisible() and not kiosk.locked
    with qtbot.waitSignal(kiosk.exited, timeout=2000):
        QTest.mouseClick(kiosk.admin.exit_button, Qt.MouseButton.LeftButton)
    assert not kiosk.isVisible()


def test_done_locks_again_at_once(kiosk, qtbot):
    hold_corner(kiosk, qtbot)
    type_pin(kiosk, PIN)
    QTest.mouseClick(kiosk.admin.done_button, Qt.MouseButton.LeftButton)
    assert kiosk.locked and not kiosk.admin.isVisible()
    assert kiosk.close() is False


def test_the_admin_screen_closes_and_locks_after_the_idle_reset_time(fast_kiosk, qtbot):
    kiosk = fast_kiosk
    hold_corner(kiosk, qtbot)
    type_pin(kiosk, PIN)
    assert kiosk.admin.isVisible() and not kiosk.locked
    qtbot.wait(kiosk.timings.attract_ms + 100)
    assert not kiosk.tour.running and kiosk.admin.isVisible()  # no tour over the admin
    with qtbot.waitSignal(kiosk.idle.reset_due, timeout=3000):
        pass
    assert kiosk.locked and not kiosk.admin.isVisible()
    assert kiosk.close() is False


def test_the_pin_pad_has_a_backspace(kiosk, qtbot):
    hold_corner(kiosk, qtbot)
    for key in ("2", "4", "6", "9", BACKSPACE, "8"):
        QTest.mouseClick(kiosk.pin_pad.keys[key], Qt.MouseButton.LeftButton)
    assert kiosk.pin_pad.entered == PIN
    assert kiosk.pin_pad.keys[BACKSPACE].height() >= TARGET_PX
    QTest.mouseClick(kiosk.pin_pad.keys["OK"], Qt.MouseButton.LeftButton)
    assert not kiosk.locked


def test_wrong_pin_is_rate_limited(kiosk, qtbot):
    now = [0.0]
    kiosk.pin_pad.throttle = PinThrottle(clock=lambda: now[0])
    hold_corner(kiosk, qtbot)
    type_pin(kiosk, "1111")
    assert kiosk.locked and kiosk.pin_pad.isVisible()
    assert "Wrong PIN" in kiosk.pin_pad.message.text()
    assert not kiosk.pin_pad.keys["1"].isEnabled()  # keys wait out the back-off
    kiosk.pin_pad.entered = PIN
    kiosk.pin_pad.submit()  # even the right PIN is refused during the back-off
    assert kiosk.locked
    now[0] = 1.5
    qtbot.waitUntil(kiosk.pin_pad.keys["1"].isEnabled, timeout=2000)  # the countdown ticks
    type_pin(kiosk, "9999")
    assert kiosk.pin_pad.throttle.seconds_left() == pytest.approx(2.0, abs=0.01)
    now[0] = 10.0
    qtbot.waitUntil(kiosk.pin_pad.keys["1"].isEnabled, timeout=2000)
    type_pin(kiosk, PIN)
    assert not kiosk.locked


def test_pin_keys_are_let_through_only_to_the_open_pad(kiosk, qtbot):
    QTest.keyClick(kiosk, Qt.Key.Key_2)
    assert kiosk.pin_pad.entered == ""
    hold_corner(kiosk, qtbot)
    for digit in PIN:
        QTest.keyClick(kiosk.pin_pad, getattr(Qt.Key, f"Key_{digit}"))
    QTest.keyClick(kiosk.pin_pad, Qt.Key.Key_Return)
    assert not kiosk.locked


def test_idle_attract_then_reset(fast_kiosk, qtbot):
    kiosk = fast_kiosk
    kiosk.show_page("pain")
    with qtbot.waitSignal(kiosk.idle.attract_started, timeout=3000):
        pass
    assert kiosk.tour.running
    qtbot.waitUntil(lambda: kiosk.state.selection != (), timeout=2000)
    assert kiosk.caption.text() and "Touch the screen" in kiosk.caption.text()
    with qtbot.waitSignal(kiosk.idle.reset_due, timeout=3000):
        pass
    assert kiosk.state.selection == ()
    assert kiosk.state.mode == "explore"
    assert kiosk.side.currentWidget() is kiosk.explore_page


def test_a_touch_ends_the_tour_without_selecting(fast_kiosk, qtbot):
    kiosk = fast_kiosk
    with qtbot.waitSignal(kiosk.idle.attract_started, timeout=3000):
        pass
    qtbot.waitUntil(lambda: kiosk.state.selection != (), timeout=2000)
    gestures.tap(kiosk.viewport, QPoint(10, 10))
    assert not kiosk.tour.running
    assert kiosk.state.selection == ()


def test_reset_clears_selection_drawing_and_panels(kiosk, qtbot):
    kiosk.state.select(TP1)
    kiosk.show_page("pain")
    kiosk.pain_mode.add_region("temple", "left")
    assert not kiosk.pain_mode.drawing.is_empty
    QTest.mouseClick(kiosk.start_again, Qt.MouseButton.LeftButton)
    assert kiosk.state.selection == () and kiosk.state.mode == "explore"
    assert kiosk.pain_mode.drawing.is_empty
    assert not kiosk.pain_mode.drawing.can_undo  # the next visitor cannot undo back
    assert not kiosk.state.undo()


def test_pain_results_are_muscle_rows_and_a_click_shows_the_best_point(kiosk):
    kiosk.show_page("pain")
    panel = kiosk.pain_mode.panel
    panel.side_buttons["left"].click()
    panel.region_buttons["temple"].click()
    row = panel.results.item(0)
    percent = kiosk.pain_mode.results[0].percent
    assert row.text() == (
        "Demo muscle — left side\nBest match: Demo muscle TrP1. "
        f"Explains {percent} % of the area you marked, mostly with its main zone."
    )
    # A mouse click, as the soak sends to result rows (synthetic touch reaches only the 3D view).
    gestures.mouse_click(panel.results.viewport(), panel.results.visualItemRect(row).center())
    assert kiosk.state.selection == (TP1,)


def test_exception_in_a_handler_is_logged_and_resets(kiosk, qtbot, monkeypatch, tmp_path):
    kiosk.state.select(TP1)

    def broken_pick(*args):
        raise RuntimeError("picking exploded")

    monkeypatch.setattr(kiosk.markers, "hit", broken_pick)
    gestures.tap(kiosk.viewport, QPoint(50, 50))
    qtbot.waitUntil(lambda: kiosk.state.selection == (), timeout=2000)
    assert kiosk.guard.exception_count == 1
    log = (tmp_path / "kiosk.log").read_text()
    assert "RuntimeError: picking exploded" in log
    assert no_dialogs()
    assert kiosk.isVisible()


def test_exception_reaching_excepthook_is_logged_and_resets(kiosk, qtbot, tmp_path):
    kiosk.state.select(TP1)
    try:
        raise ValueError("a slot failed")
    except ValueError:
        sys.excepthook(*sys.exc_info())  # what PySide6 does with an exception in a slot
    qtbot.waitUntil(lambda: kiosk.state.selection == (), timeout=2000)
    assert "ValueError: a slot failed" in (tmp_path / "kiosk.log").read_text()
    assert no_dialogs()


def test_a_tap_anywhere_on_a_marker_disk_selects_it(kiosk, qtbot):
    kiosk.scene.show_view("left")
    kiosk.scene.plotter.ren_win.Render()
    disk = next(d for d in kiosk.markers.disks if kiosk.scene.marker_ids[d.members[0]] == TP1)
    ratio = kiosk.viewport.devicePixelRatioF()
    # Near the rim of the 9.5 mm disk: well beyond where a mouse would pick the marker.
    rim = round(disk.radius / ratio) - 3
    centre = QPoint(round(disk.x / ratio), round(kiosk.viewport.height() - 1 - disk.y / ratio))
    gestures.tap(kiosk.viewport, centre + QPoint(rim * 6 // 10, -rim * 8 // 10))
    assert kiosk.state.selection == (TP1,)
    assert "Where you may feel the pain" in kiosk.card.toPlainText().replace("\u2029", "\n")
    gestures.tap(kiosk.viewport, QPoint(5, 5))  # the background: nothing happens
    assert kiosk.state.selection == (TP1,)


def test_one_finger_turns_and_a_pinch_zooms(kiosk, qtbot):
    camera = kiosk.scene.plotter.renderer.GetActiveCamera()
    position, distance = camera.GetPosition(), camera.GetDistance()
    gestures.drag(kiosk.viewport, QPoint(100, 100), QPoint(250, 110))
    assert camera.GetPosition() != position
    assert camera.GetDistance() == pytest.approx(distance, rel=1e-3)
    assert kiosk.state.selection == ()  # a drag is not a tap
    centre = kiosk.viewport.rect().center()
    gestures.two_finger(
        kiosk.viewport, [centre - QPoint(40, 0), centre + QPoint(40, 0)],
        [centre - QPoint(100, 0), centre + QPoint(100, 0)],
    )  # fmt: skip
    assert camera.GetDistance() < distance * 0.8


def test_patient_card_hides_needling(tiny_project, kiosk):
    catalog = tiny_project.catalog
    point = catalog.get(TP1)
    assert point.needling is not None and point.needling.depth
    clinician = InfoCard(catalog, kiosk.state)
    kiosk.state.select(TP1)
    assert point.needling.depth in clinician.toPlainText()
    html = card_html([point], catalog)
    for text in (point.needling.approach, point.needling.depth, "Needling", "Depth"):
        assert text not in html
    assert point.needling.depth not in kiosk.card.toPlainText()
    clinician.deleteLater()


def test_quick_soak_has_no_exceptions(qtbot, tiny_project, tiny_engine, tmp_path, pin_hash):
    from explorer.soak.driver import SoakDriver

    timings = KioskTimings(attract_ms=150, reset_ms=300, step_ms=50, hold_ms=3000)
    window = make_kiosk(qtbot, tiny_project, tiny_engine, tmp_path, pin_hash, timings)
    try:
        result = SoakDriver(window, seed=3, idle_every=50).run(
            200, sample_every=100, log=lambda _: None
        )
    finally:
        window.shutdown()
    assert result.exceptions == 0, result.driver_errors
    assert not result.escaped
    assert window.reset_count > 1 and window.attract_count >= 1


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None is immortal from Python 3.12 (PEP 683): its count never moves, nothing to guard",
)
def test_none_survives_pyside_void_calls(kiosk):
    """PySide6 6.12 drops a reference to None per void call; the kiosk gives None headroom."""
    from explorer.qt.kiosk.none_guard import HEADROOM

    assert sys.getrefcount(None) > HEADROOM // 2
    before = sys.getrefcount(None)
    for _ in range(1000):
        kiosk.viewport.update()  # a void Qt call
    assert sys.getrefcount(None) >= before - 1100  # at most about one per call; None lives on

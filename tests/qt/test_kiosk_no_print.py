"""The kiosk keeps no data: no print, no handout, no save, whatever the keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QProgressDialog

from explorer.qt.kiosk.config import KioskConfig
from explorer.qt.kiosk.pin import hash_pin
from explorer.qt.kiosk.shell import KioskTimings, KioskWindow

pytestmark = pytest.mark.gui

SAVE_WORDS = ("handout", "print", "save", "export")


@pytest.fixture
def kiosk(qtbot, tiny_project, tiny_engine, tmp_path):
    timings = KioskTimings(attract_ms=60_000, reset_ms=120_000, step_ms=6000, hold_ms=150)
    config = KioskConfig(clinic_name="Test clinic", pin_hash=hash_pin("2468"))
    window = KioskWindow(
        tiny_project, config, timings=timings, log_dir=tmp_path, engine=tiny_engine, ease_frames=0
    )
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


def test_kiosk_has_no_file_menu_and_no_save_or_print_action(kiosk):
    assert not isinstance(kiosk, QMainWindow) or not kiosk.menuBar().actions()
    for action in kiosk.findChildren(QAction):
        text = action.text().replace("&", "").lower()
        assert not any(word in text for word in SAVE_WORDS), action.text()
        shortcuts = (QKeySequence.StandardKey.Print, QKeySequence.StandardKey.Save)
        assert not any(action.shortcut().matches(QKeySequence(key)) for key in shortcuts)


@pytest.mark.parametrize("key", [Qt.Key.Key_P, Qt.Key.Key_S])
def test_ctrl_p_and_ctrl_s_open_nothing_in_the_kiosk(kiosk, qtbot, key):
    kiosk.state.set_selection(("demo_muscle.tp1.left",))
    QTest.keyClick(kiosk, key, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(kiosk.viewport, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(200)
    opened = [
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible() and isinstance(widget, (QDialog, QProgressDialog))
    ]
    assert opened == []
    assert kiosk.isVisible()

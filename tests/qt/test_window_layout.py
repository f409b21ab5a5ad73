"""The desktop window's size rules, View menu and keys (under Xvfb)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from explorer.qt.view_menu import view_menu
from explorer.qt.window_layout import MIN_SIZE

pytestmark = pytest.mark.gui

TP = "demo_muscle.tp1.left"


def open_window(qtbot, project, engine, settings):
    from explorer.qt.main_window import MainWindow

    window = MainWindow(project, settings=settings, engine=engine, ease_frames=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_pain_mode_keeps_the_window_size_and_swaps_the_panels_back(window, qtbot):
    info = window.findChild(type(window.pain_mode.dock), "info")
    window.resize(MIN_SIZE)  # the panel is taller than this: it must scroll, not grow the window
    qtbot.wait(50)
    before = window.size()
    window.state.set_mode("lookup")
    qtbot.wait(50)
    assert window.size() == before
    assert window.pain_mode.dock.isVisible() and not info.isVisible()
    panel = window.pain_mode.panel  # whole, not squeezed: what does not fit scrolls
    assert panel.height() >= panel.minimumSizeHint().height()
    window.state.set_mode("explore")
    qtbot.wait(50)
    assert window.size() == before
    assert info.isVisible() and not window.pain_mode.dock.isVisible()


def test_saved_geometry_is_clamped_to_the_screen(qtbot, tiny_project, tiny_engine, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = open_window(qtbot, tiny_project, tiny_engine, settings)
    screen = first.screen().availableGeometry()
    first.setGeometry(QRect(screen.left() + 200, screen.top(), 3000, 2000))
    first.close()  # saves the oversized geometry
    second = open_window(qtbot, tiny_project, tiny_engine, settings)
    assert screen.contains(second.geometry())
    second.close()


def test_mode_and_its_panel_come_back_together_or_not_at_all(
    qtbot, tiny_project, tiny_engine, tmp_path
):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = open_window(qtbot, tiny_project, tiny_engine, settings)
    first.state.set_mode("lookup")
    first.close()  # closed in pain mode
    second = open_window(qtbot, tiny_project, tiny_engine, settings)
    assert second.state.mode == "explore"
    assert not second.pain_mode.dock.isVisible()
    assert second.info_card.isVisible() and second.layer_controls.isVisible()
    second.close()


def test_small_window_keeps_half_the_width_for_the_view_and_says_so(window, qtbot):
    window.resize(MIN_SIZE)
    qtbot.wait(100)
    assert window.viewport.width() >= window.width() / 2
    assert window.dock_guard.notice.isVisible()
    window.resize(QSize(1100, 700))
    qtbot.wait(100)
    assert not window.dock_guard.notice.isVisible()
    assert window.minimumSize() == MIN_SIZE


def test_view_menu_lists_every_panel_and_shows_a_closed_one_again(window, qtbot):
    menu = view_menu(window)
    assert view_menu(window) is menu  # others add to the same menu
    menu.aboutToShow.emit()
    texts = [action.text() for action in menu.actions()]
    for title in ("Trigger points", "About this point", "Layers", "Where does it hurt?"):
        assert title in texts
    assert "&Quit" in texts
    info = next(a for a in menu.actions() if a.text() == "About this point")
    window.info_card.parentWidget().close()
    assert not window.info_card.isVisible()
    info.trigger()
    assert window.info_card.isVisible()
    mode = next(a for a in menu.actions() if a.text() == "Where does it hurt?")
    mode.trigger()
    assert window.state.mode == "lookup"


def test_ctrl_q_closes_the_window(window, qtbot):
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)


def test_arrow_keys_select_the_row_they_land_on(window, qtbot):
    tree = window.tree_panel.tree
    first = window.tree_panel.items[TP]
    tree.setFocus()
    window.state.select(TP)
    QTest.keyClick(tree, Qt.Key.Key_Down)
    below = tree.currentItem()
    assert below is not first
    assert window.state.selection == (below.data(0, Qt.ItemDataRole.UserRole),)


def test_tree_rows_keep_the_side_when_cut_and_say_it_in_full(window):
    tree = window.tree_panel.tree
    item = window.tree_panel.items[TP]
    text = item.text(0)
    assert text == "Left · Demo muscle TrP1"
    width = QFontMetrics(tree.font()).horizontalAdvance(text) // 2
    shown = QFontMetrics(tree.font()).elidedText(text, tree.textElideMode(), width)
    assert "…" in shown and shown.startswith("Left")  # cut, the side still shows
    assert "Demo muscle TrP1 (left)" in item.toolTip(0)


def test_escape_closes_the_about_dialog_not_the_selection(window, qtbot):
    window.state.select(TP)
    dialog = window.about_headaches.open()
    qtbot.waitExposed(dialog)
    # While it is open, the window behind takes no keys: Esc there is not "clear selection".
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.state.selection == (TP,) and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert window.state.selection == (TP,)

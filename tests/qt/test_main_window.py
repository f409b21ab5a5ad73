"""The explorer window under Xvfb: clicks, drags, tree, keys and the error dialog."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

pytestmark = pytest.mark.gui

TP = "demo_muscle.tp1.left"


def marker_point(window, tp_id: str) -> QPoint:
    """Where marker ``tp_id`` is on the viewport widget, in Qt coordinates (y down)."""
    x, y = window.scene.display_position(tp_id)
    ratio = window.viewport.devicePixelRatioF()
    return QPoint(round(x / ratio), round(window.viewport.height() - 1 - y / ratio))


def click(widget, point: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, modifier, point)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, modifier, point)


def test_click_on_marker_fills_the_card(window):
    assert "Demo muscle TrP1" not in window.info_card.toPlainText()
    click(window.viewport, marker_point(window, TP))
    assert window.state.selection == (TP,)
    text = window.info_card.toPlainText()
    assert "Demo muscle TrP1 (left)" in text
    assert "Pain at the temple" in text
    assert "Educational tool — not a diagnosis" in text


def test_drag_selects_nothing(window):
    start = marker_point(window, TP)
    QTest.mousePress(
        window.viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start
    )
    QTest.mouseMove(window.viewport, start + QPoint(15, 0))
    QTest.mouseRelease(
        window.viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        start + QPoint(15, 0),
    )
    assert window.state.selection == ()


def test_click_on_empty_space_selects_nothing(window):
    click(window.viewport, QPoint(5, 5))
    assert window.state.selection == ()


def test_tree_click_and_3d_click_give_the_same_state(window, qtbot):
    item = window.tree_panel.items[TP]
    rect = window.tree_panel.tree.visualItemRect(item)
    click(window.tree_panel.tree.viewport(), rect.center())
    from_tree = window.state.selection
    window.state.clear_selection()
    click(window.viewport, marker_point(window, TP))
    assert from_tree == window.state.selection == (TP,)
    assert [
        i.data(0, Qt.ItemDataRole.UserRole) for i in window.tree_panel.tree.selectedItems()
    ] == [TP]


def test_ctrl_click_adds_and_escape_clears(window):
    window.state.select("demo_muscle.tp2.left")
    click(window.viewport, marker_point(window, TP), Qt.KeyboardModifier.ControlModifier)
    assert set(window.state.selection) == {TP, "demo_muscle.tp2.left"}
    window.viewport.setFocus()
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.state.selection == ()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert set(window.state.selection) == {TP, "demo_muscle.tp2.left"}


def test_search_by_alias_and_enter_selects_first_match(window):
    window.tree_panel.search.setFocus()
    QTest.keyClicks(window.tree_panel.search, "DM trp2")
    QTest.keyClick(window.tree_panel.search, Qt.Key.Key_Return)
    assert window.state.selection == ("demo_muscle.tp2.left",)
    assert window.tree_panel.items[TP].isHidden()


def test_layer_controls_drive_the_scene(window):
    window.layer_controls.checks["deep"].setChecked(False)
    assert not window.state.layer("deep").visible
    assert not window.scene.visible_markers().any()


def test_broken_content_dialog_lists_the_line(tiny_project, tmp_path):
    from explorer.model.errors import ExplorerError
    from explorer.model.project import load_project
    from explorer.qt.error_dialog import build_error_dialog

    from .conftest import DATA

    broken = tmp_path / "broken.yaml"
    text = (DATA / "tiny_content.yaml").read_text().replace("radius_mm: 25", "radius_mm: big")
    broken.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "radius_mm: big" in row)
    shutil.copytree(DATA / "tiny_atlas", tmp_path / "atlas")
    with pytest.raises(ExplorerError) as caught:
        load_project(broken, tmp_path / "atlas" / "manifest.yaml")
    dialog = build_error_dialog(caught.value)
    assert f"broken.yaml:{line}:" in dialog.informativeText()
    assert "1 problem" in dialog.text()
    dialog.deleteLater()


def test_vtk_letter_keys_do_not_change_the_view(window):
    window.viewport.setFocus()
    for key in "w3q":
        QTest.keyClick(window.viewport, key)
    assert window.scene.skin_actor.prop.representation.name == "SURFACE"
    assert not window.viewport.ren_win.GetStereoRender()
    assert window.isVisible()

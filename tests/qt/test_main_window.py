"""The explorer window under Xvfb: clicks, drags, tree, keys and the error dialog."""

from __future__ import annotations

import shutil

import numpy as np
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


def test_broken_content_dialog_lists_the_line(qapp, tmp_path):
    from explorer.model.errors import ExplorerError
    from explorer.model.project import load_project
    from explorer.qt.error_dialog import build_error_dialog

    from .conftest import DATA

    broken = tmp_path / "broken.yaml"
    text = (DATA / "tiny_content.yaml").read_text().replace("radius_mm: 25", "radius_mm: big")
    broken.write_text(text)
    line, row = next((n, row) for n, row in enumerate(text.splitlines(), 1) if "big" in row)
    column = row.index("radius_mm: big") + 1  # the problem points at the key
    shutil.copytree(DATA / "tiny_atlas", tmp_path / "atlas")
    with pytest.raises(ExplorerError) as caught:
        load_project(broken, tmp_path / "atlas" / "manifest.yaml")
    dialog = build_error_dialog(caught.value)
    problem = (
        f"{broken}:{line}:{column}: muscles[0].trigger_points[0].referral.essential[0].spot."
        "radius_mm: expected a number; found the text 'big'. "
        "Fix: Write a plain number such as 12.5."
    )
    assert dialog.informativeText() == problem
    assert dialog.detailedText() == problem
    assert dialog.text() == (
        "The data files have 1 problem. Fix them and start again; nothing was loaded."
    )
    dialog.deleteLater()


def test_vtk_letter_keys_do_not_change_the_view(window):
    window.viewport.setFocus()
    for key in "w3q":
        QTest.keyClick(window.viewport, key)
    assert window.scene.skin_actor.prop.representation.name == "SURFACE"
    assert not window.viewport.ren_win.GetStereoRender()
    assert window.isVisible()


def test_a_click_before_the_background_precompute_paints_the_right_field(
    qtbot, tiny_project, tmp_path, monkeypatch
):
    """The first click on a fresh engine computes its field on the spot; the fill reuses it."""
    from PySide6.QtCore import QSettings

    from explorer.qt.main_window import MainWindow
    from explorer.scene import overlay
    from explorer.scene.render import build_engine

    # Hold the fill back, so the click surely comes first (it starts after the first frame).
    start_precompute = MainWindow._start_precompute
    monkeypatch.setattr(MainWindow, "_start_precompute", lambda self: None)
    engine = build_engine(tiny_project.atlas)  # nothing cached, not even the skin's graph
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(tiny_project, settings=settings, engine=engine, ease_frames=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_view("left")
    assert engine._cache == {}
    click(window.viewport, marker_point(window, TP))
    assert window.state.selection == (TP,)
    field = engine.field(tiny_project.catalog.get(TP))
    expected = overlay.overlay_arrays([field], engine.n_vertices)
    painted = window.scene.skin_mesh.point_data["overlay_rgba"]
    np.testing.assert_array_equal(painted[:, :3], expected.rgb)
    assert (painted[:, :3] != overlay.SKIN_RGB).any()  # the pattern is there, not bare skin
    # Now the fill runs: it adds the other points' fields and keeps the clicked one.
    start_precompute(window)
    qtbot.waitUntil(lambda: not window._pending_fields, timeout=10_000)
    assert len(engine._cache) == len(tiny_project.catalog.trigger_points())
    assert engine.field(tiny_project.catalog.get(TP)) is field
    window.close()

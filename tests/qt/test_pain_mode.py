"""The "Where does it hurt?" mode under Xvfb: regions, painting, undo, results."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from explorer.model.lookup import Candidate, LookupResult, MuscleResult
from explorer.model.pain_regions import disc_drawing
from explorer.qt.panels.pain_drawing import NOT_A_DIAGNOSIS

pytestmark = pytest.mark.gui

TP1 = "demo_muscle.tp1.left"


@pytest.fixture
def pain(window):
    window.state.set_mode("lookup")
    return window.pain_mode


def muscle_row(ids: tuple[str, ...]) -> MuscleResult:
    """A made-up ranked row whose best point has ``ids``."""
    side = "both" if len(ids) == 2 else ids[0].rsplit(".", 1)[1]
    candidate = Candidate(ids, "demo_muscle", "Demo muscle", side, "Demo muscle TrP")
    return MuscleResult(LookupResult(candidate, 0.5, 0.5, 0.5, 1.0, 1.0, "Explains 50 %"))


def mark(panel, region: str, side: str) -> None:
    """Tap the side, then the region, as a person would."""
    panel.side_buttons[side].click()
    panel.region_buttons[region].click()


def count_renders(window, monkeypatch) -> list:
    calls = []
    original = window.scene.render
    monkeypatch.setattr(window.scene, "render", lambda: (calls.append(1), original())[1])
    return calls


def skin_point_on_screen(window, landmark: str) -> QPoint:
    """Where skin landmark ``landmark`` is on the viewport, in Qt coordinates (y down)."""
    from explorer.scene.picking import project_to_display, snapshot_view

    position = window.project.atlas.landmark(landmark)
    display, _ = project_to_display(position, snapshot_view(window.viewport.renderer))
    ratio = window.viewport.devicePixelRatioF()
    x, y = display[0]
    return QPoint(round(x / ratio), round(window.viewport.height() - 1 - y / ratio))


def test_region_picker_is_labelled_buttons_with_a_side_choice(window):
    panel = window.pain_mode.panel
    assert panel.region_buttons["temple"].text() == "Temple"
    assert panel.region_buttons["behind_ear"].text() == "Behind the ear"
    assert [panel.side_buttons[side].text() for side in ("both", "left", "right")] == [
        "Both sides",
        "Left",
        "Right",
    ]
    assert panel.side_buttons["both"].isChecked()  # the default
    asked = []
    panel.region_requested.connect(lambda key, side: asked.append((key, side)))
    mark(panel, "temple", "right")
    panel.region_buttons["top"].click()  # the side stays chosen
    assert asked == [("temple", "right"), ("top", "right")]
    assert "right side" in panel.region_buttons["temple"].toolTip()


def test_toggle_shows_the_panel_and_the_disclaimer(window):
    assert not window.pain_mode.dock.isVisible()
    window.pain_mode.action.trigger()
    assert window.state.mode == "lookup"
    assert window.pain_mode.dock.isVisible()
    assert NOT_A_DIAGNOSIS in window.pain_mode.panel.disclaimer.text()
    window.pain_mode.action.trigger()
    assert window.state.mode == "explore"


def test_region_button_gives_a_ranked_list_in_one_render(pain, window, monkeypatch):
    renders = count_renders(window, monkeypatch)
    mark(pain.panel, "temple", "left")
    assert pain.panel.result_ids()[0] == (TP1,)
    # One row per muscle: muscle and side, then its best point and the share it explains.
    percent = pain.results[0].percent
    assert pain.panel.results.item(0).text() == (
        "Demo muscle — left side\nBest match: Demo muscle TrP1. "
        f"Explains {percent} % of the area you marked, mostly with its main zone."
    )
    assert 50 <= percent <= 100
    assert pain.outline.visible
    assert len(renders) == 1


def test_both_sides_region_lists_the_pair(pain):
    mark(pain.panel, "temple", "both")
    assert pain.panel.result_ids()[0] == (TP1, "demo_muscle.tp1.right")
    first_row = pain.panel.results.item(0).text()
    assert first_row.startswith("Demo muscle — both sides\nBest match: Demo muscle TrP1. ")
    assert "Together, left and right explain" in first_row


def test_clicking_a_result_selects_it(pain, window, monkeypatch):
    mark(pain.panel, "temple", "left")
    renders = count_renders(window, monkeypatch)
    results = pain.panel.results
    rect = results.visualItemRect(results.item(0))
    QTest.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.state.selection == (TP1,)
    assert len(renders) == 1  # no camera flight while drawing
    assert pain.outline.visible  # the drawing stays over the pattern


def test_top_three_together(pain, window):
    # The tiny content has one muscle; both temples make its best point the left+right pair.
    mark(pain.panel, "temple", "both")
    pain.drawing.add(disc_drawing(window.engine, "inion", 30))
    pain.panel.top_three.click()
    expected = [tp_id for ids in pain.panel.result_ids()[:3] for tp_id in ids]
    assert list(window.state.selection) == expected
    assert len(window.state.selection) >= 2


def test_top_three_selects_the_best_points_of_the_first_three_muscles(pain, window):
    tp2, right = "demo_muscle.tp2.left", "demo_muscle.tp1.right"
    rows = [(tp2,), (TP1,), (right,), (TP1, right)]
    pain.results = [muscle_row(ids) for ids in rows]
    pain.panel.top_three.setEnabled(True)
    pain.panel.top_three.click()
    assert window.state.selection == (tp2, TP1, right)  # not the fourth row


def test_painting_a_stroke_changes_the_drawing_and_undo_removes_it(pain, window):
    start = skin_point_on_screen(window, "temple_left")
    viewport = window.viewport
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + QPoint(0, 6 * step))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(0, 30)
    )
    assert not pain.drawing.is_empty
    assert pain.outline.visible
    assert pain.panel.undo_button.isEnabled()
    assert pain.panel.result_ids()  # ranked at the end of the stroke
    pain.panel.undo_button.click()
    assert pain.drawing.is_empty
    assert not pain.outline.visible


def test_erase_and_clear(pain, window):
    mark(pain.panel, "temple", "left")
    painted = int((pain.drawing.weights > 0.5).sum())
    pain.panel.tool_buttons["erase"].click()
    pain.panel.size_buttons["large"].click()
    centre = skin_point_on_screen(window, "temple_left")
    QTest.mouseClick(window.viewport, Qt.MouseButton.LeftButton, pos=centre)
    assert int((pain.drawing.weights > 0.5).sum()) < painted
    pain.panel.clear_button.click()
    assert pain.drawing.is_empty
    assert "Nothing marked" in pain.panel.results.item(0).text()


def test_turn_tool_leaves_the_drag_to_the_camera(pain, window):
    pain.panel.tool_buttons["turn"].click()
    start = skin_point_on_screen(window, "temple_left")
    QTest.mouseClick(window.viewport, Qt.MouseButton.LeftButton, pos=start)
    assert pain.drawing.is_empty


def test_red_flags_link_opens_when_to_see_a_doctor(pain, window, monkeypatch):
    opened = []
    if getattr(window, "about_headaches", None) is not None:
        monkeypatch.setattr(window.about_headaches, "open", opened.append)
        expected = ["red_flags"]
    else:
        monkeypatch.setattr(window, "show_red_flags", lambda: opened.append(1), raising=False)
        expected = [1]
    pain.panel.disclaimer.linkActivated.emit("red-flags")
    assert opened == expected


def test_ctrl_z_undoes_the_drawing_in_pain_mode_and_the_selection_outside(pain, window):
    window.state.select(TP1)
    mark(pain.panel, "temple", "left")
    assert not pain.drawing.is_empty
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pain.drawing.is_empty
    assert window.state.selection == (TP1,)
    QTest.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not pain.drawing.is_empty
    window.state.set_mode("explore")
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.selection == ()
    assert not pain.drawing.is_empty

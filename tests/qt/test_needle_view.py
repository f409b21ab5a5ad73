"""The desktop's needle view: the card's switch, its text, the layer row and undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from explorer.qt.panels.info_card import HIDE_AT_RISK, NEEDLE_LINK, SHOW_AT_RISK
from tests.needle_atlas import write_needle_atlas

pytestmark = pytest.mark.gui

STRAIGHT = "slab.straight.left"


@pytest.fixture(scope="module")
def boxes(tmp_path_factory):
    from explorer.model.project import load_project
    from explorer.scene.render import build_engine

    manifest, content = write_needle_atlas(tmp_path_factory.mktemp("boxes"))
    project = load_project(content, manifest)
    return project, build_engine(project.atlas)


@pytest.fixture
def window(qtbot, boxes, tmp_path):
    from PySide6.QtCore import QSettings

    from explorer.qt.main_window import MainWindow

    project, engine = boxes
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main_window = MainWindow(project, settings=settings, engine=engine, ease_frames=0)
    qtbot.addWidget(main_window)
    main_window.resize(1000, 700)
    main_window.show()
    qtbot.waitExposed(main_window)
    yield main_window
    main_window.close()


def card_text(window) -> str:
    # Qt's plain text turns the distances' no-break spaces into plain ones.
    return window.info_card.toPlainText()


def test_the_layer_panel_offers_structures_at_risk_off_at_start(window):
    check = window.layer_controls.checks["at_risk"]
    assert check.text() == "Structures at risk"
    assert not check.isChecked()
    assert not window.layer_controls.sliders["at_risk"].isEnabled()
    check.setChecked(True)
    assert window.state.layer("at_risk").visible
    assert window.scene.structures.actors["vertebral_artery_left"].GetVisibility()


def test_the_card_switch_shows_the_view_and_its_distances(window):
    window.state.select(STRAIGHT)
    assert SHOW_AT_RISK in card_text(window)
    window.info_card.anchorClicked.emit(QUrl(NEEDLE_LINK))
    assert window.state.needle_view and window.needle_view.tp_id == STRAIGHT
    text = card_text(window)
    assert HIDE_AT_RISK in text
    assert "Needle view (measured on this atlas)" in text
    assert "Skin to the point, along the line: 10 mm." in text
    assert (
        "From the point on to the first structure at risk on the line: 16 mm, to the "
        "vertebral artery (left)." in text
    )
    assert "one generic body" in text and "safe depth" in text
    window.info_card.anchorClicked.emit(QUrl(NEEDLE_LINK))
    assert not window.state.needle_view and not window.needle_view.active
    assert "Skin to the point" not in card_text(window)


def test_undo_moves_the_view_back_with_the_selection(window):
    window.state.set_needle_view(True)
    window.state.select(STRAIGHT)
    window.state.select("slab.clear.left")
    assert "no structure at risk on the line within 50 mm" in card_text(window)
    window.undo()
    assert window.state.selection == (STRAIGHT,)
    assert window.needle_view.tp_id == STRAIGHT
    assert "16 mm" in card_text(window)
    window.redo()
    assert window.needle_view.tp_id == "slab.clear.left"


def test_comparing_points_offers_no_needle_view(window):
    window.state.set_needle_view(True)
    window.state.set_selection((STRAIGHT, "slab.clear.left"))
    assert not window.needle_view.active
    assert SHOW_AT_RISK not in card_text(window) and HIDE_AT_RISK not in card_text(window)

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


def text_box(window) -> tuple[float, float, float, float]:
    """The corner text's display box (x0, y0, x1, y1), its band included."""
    renderer, actor = window.scene.plotter.renderer, window.needle_view.text_actor
    bbox = [0.0, 0.0, 0.0, 0.0]
    actor.GetBoundingBox(renderer, bbox)  # relative to the actor's position
    x, y = actor.GetPositionCoordinate().GetComputedDisplayValue(renderer)
    return x + bbox[0], y + bbox[2], x + bbox[1], y + bbox[3]


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)])
def test_the_corner_text_keeps_to_the_lower_left_clear_of_the_key(window, qtbot, size):
    window.resize(*size)
    window.state.select(STRAIGHT)
    window.info_card.anchorClicked.emit(QUrl(NEEDLE_LINK))
    qtbot.wait(50)  # the resize reaches the viewport
    window.scene.render()
    width, height = window.scene.plotter.renderer.GetSize()
    x0, y0, x1, y1 = text_box(window)
    assert window.needle_view.corner[0] == "Needle view: Slab straight (left)"
    assert min(x0, y0) >= 0, "inside the viewport"
    assert x1 <= 0.75 * width and y1 <= 0.25 * height, "a small box in the lower left"
    key = window.study.overlay.legend.box
    assert key is not None
    assert x1 < key[0] or y1 < key[1], "clear of the key in the upper right"


def test_save_image_shows_the_needle_view(window, tmp_path):
    from PySide6.QtGui import QImage

    window.state.select(STRAIGHT)
    plain = QImage(str(window.file_menu.save_image(tmp_path / "plain.png", (400, 400), True)))
    window.state.set_needle_view(True)
    shown = QImage(str(window.file_menu.save_image(tmp_path / "needle.png", (400, 400), True)))

    def dark(image) -> float:
        """The share of dark pixels in the lower left, where the corner text's band is."""
        corner = [image.pixelColor(x, y) for x in range(10, 200, 3) for y in range(345, 392, 3)]
        return sum(c.lightness() < 128 for c in corner) / len(corner)

    # The corner text's dark band on the white background.
    assert dark(plain) == 0 and dark(shown) > 0.6
    amber = [
        (x, y)
        for x in range(0, 400, 2)
        for y in range(0, 300, 2)
        if (c := shown.pixelColor(x, y)).red() > 240 and 130 < c.green() < 190 and c.blue() < 40
    ]
    assert amber, "the onward (amber) part of the needle line"

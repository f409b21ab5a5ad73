"""File menu: handout in a child process (window responsive), Save image, compare card, tree."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QPushButton

from explorer.model.handout import HandoutOptions
from explorer.scene.anatomy_scene import BACKGROUND

pytestmark = pytest.mark.gui

TP1, TP2 = "demo_muscle.tp1.left", "demo_muscle.tp2.left"


def test_file_menu_offers_the_handout_on_ctrl_p_and_save_image(window):
    menu = window.file_menu.menu
    texts = [action.text().replace("&", "") for action in menu.actions()]
    assert texts[:2] == ["Handout for the patient…", "Save image…"]
    bar_titles = [action.text() for action in window.menuBar().actions()]
    assert bar_titles == ["&File", "&View", "&Study", "&Help"], "File comes first, Help last"
    assert window.menuBar().actions()[0] == menu.menuAction()
    assert window.file_menu.handout_action.shortcut() == QKeySequence("Ctrl+P")


def test_handout_renders_in_a_child_while_the_window_keeps_working(window, qtbot, tmp_path):
    window.state.set_selection((TP1, TP2))
    output = tmp_path / "handout.pdf"
    ticks = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    steps = []
    job = window.file_menu.start_handout(output, HandoutOptions(clinic="Test clinic"))
    job.progress.connect(lambda step, total, what: steps.append((step, total)))
    assert window.file_menu.progress.isVisible()
    assert not window.file_menu.handout_action.isEnabled(), "one handout at a time"
    with qtbot.waitSignal(job.finished, timeout=120_000) as finished:
        pass
    timer.stop()
    ok, message, pages = finished.args
    assert ok, message
    assert output.is_file() and pages == len(PdfReader(output).pages) and 1 <= pages <= 2
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(output).pages)
    assert "Demo muscle TrP1 (left)" in text and "Demo muscle TrP2 (left)" in text
    assert "Pincer" not in text and "1-2 cm" not in text, "no needling on a patient handout"
    assert steps and steps[-1][0] == steps[-1][1], "progress reached the end"
    # The event loop kept running while the child rendered: the window never froze.
    assert len(ticks) >= 5
    assert window.file_menu.handout_action.isEnabled()
    window.file_menu.message_box.close()


def test_a_cancelled_handout_leaves_no_file(window, qtbot, tmp_path):
    window.state.set_selection((TP1,))
    output = tmp_path / "cancelled.pdf"
    job = window.file_menu.start_handout(output, HandoutOptions())
    with qtbot.waitSignal(job.finished, timeout=30_000) as finished:
        window.file_menu.progress.findChild(QPushButton).click()
    assert finished.args[0] is False and "cancelled" in finished.args[1]
    assert not output.exists()


@pytest.mark.parametrize("white", [True, False])
def test_save_image_writes_the_size_asked_for(window, tmp_path, white):
    window.state.set_selection((TP1,))
    output = window.file_menu.save_image(tmp_path / "view.png", (320, 200), white)
    image = QImage(str(output))
    assert (image.width(), image.height()) == (320, 200)
    corner = image.pixelColor(2, 2)
    expected = (
        (255, 255, 255) if white else tuple(int(BACKGROUND[i : i + 2], 16) for i in (1, 3, 5))
    )
    assert (corner.red(), corner.green(), corner.blue()) == expected


def test_card_lists_every_compared_point_in_collapsible_sections(window):
    card = window.info_card
    window.state.set_selection((TP1, TP2))
    text = card.toPlainText()
    assert "Point 2 of 2" in text and "Point 1 of 2: Demo muscle TrP1 (left)" in text
    assert "Demo muscle TrP2 (left)" in text
    assert "Pincer grip" not in text, "the first point's section starts closed"
    assert text.index("Warning signs") < text.index("Point 2 of 2"), "warning line stays on top"
    card.toggle_section(TP1)
    assert "Pincer grip" in card.toPlainText()
    window.state.set_selection((TP1,))
    assert "Point 1 of" not in card.toPlainText(), "one point: a plain card"


def test_tree_highlights_every_selected_row(window):
    window.state.set_selection((TP1, TP2))
    tree = window.tree_panel
    assert {item.data(0, 0x0100) for item in tree.tree.selectedItems()} == {TP1, TP2}

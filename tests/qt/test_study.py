"""Study features in the window: facts on the card, labels, isolate, search hints, the quiz."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtTest import QTest

from explorer.model.study_card import point_card
from explorer.qt.view_menu import view_menu

pytestmark = pytest.mark.gui

TP = "demo_muscle.tp1.left"
#: The quiz's seed source in these tests: its first round's second question is on
#: the left, as the first, so a wrong marker there can be tapped from that side.
QUIZ_SEED = 1


def start_quiz(window):
    """Start the quiz on a fixed round (the window draws a random one)."""
    quiz = window.study.quiz
    quiz.seed_source = random.Random(QUIZ_SEED)
    quiz.start()
    return quiz


def marker_point(window, tp_id: str) -> QPoint:
    x, y = window.scene.display_position(tp_id)
    ratio = window.viewport.devicePixelRatioF()
    return QPoint(round(x / ratio), round(window.viewport.height() - 1 - y / ratio))


def click(widget, point: QPoint) -> None:
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def plain(text: str) -> str:
    return " ".join(text.split())


def test_card_shows_the_muscle_facts_and_every_field_of_app_show(window):
    window.state.select(TP)
    text = plain(window.info_card.toPlainText())
    for fact in (
        "Origin: the side of the tiny skull",
        "Insertion: further along the side of the tiny skull",
        "Action: holds the test together",
        "Innervation: test nerve",
    ):
        assert fact in text
    card = point_card(window.project.catalog.get(TP), window.project.catalog)
    for title, items in card.sections:
        assert title in text
        for item in items:
            # Sources are links on the card; the text command adds their address.
            assert plain(item.split(" <")[0]) in text, item


def test_the_kiosk_patient_card_has_no_muscle_facts():
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "explorer" / "qt" / "kiosk" / "patient_card.py"
    assert "facts" not in source.read_text()


def test_key_l_toggles_labels_and_the_view_menu_has_them(window):
    window.viewport.setFocus()
    QTest.keyClick(window, Qt.Key.Key_L)
    assert window.study.overlay.labels.enabled
    view = view_menu(window)
    assert window.study.labels_action in view.actions()
    assert window.study.legend_action in view.actions()
    QTest.keyClick(window, Qt.Key.Key_L)
    assert not window.study.overlay.labels.enabled


def test_key_i_isolates_and_esc_restores_then_clears(window):
    window.state.select(TP)
    window.viewport.setFocus()
    before = window.scene.structures.actors["demo_muscle_right"].GetVisibility()
    QTest.keyClick(window, Qt.Key.Key_I)
    assert window.study.isolation.active
    assert not window.scene.structures.actors["demo_muscle_right"].GetVisibility()
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert not window.study.isolation.active
    assert window.scene.structures.actors["demo_muscle_right"].GetVisibility() == before
    assert window.state.selection == (TP,)  # the first Esc only restored the layers
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.state.selection == ()


def test_the_card_link_isolates_the_muscle(window):
    window.state.select(TP)
    assert "Isolate this muscle" in window.info_card.toPlainText()
    window.info_card.anchorClicked.emit(QUrl(f"#isolate/{TP}"))
    assert window.study.isolation.isolated == ("demo_muscle", ("left",))


def test_search_lists_reasons_says_when_nothing_matches_and_keeps_the_selection(window):
    window.state.select("demo_muscle.tp2.left")
    hints = window.study.search_hints
    window.tree_panel.search.setText("temple")
    rows = hints.rows()
    assert rows[0][0] == TP and rows[0][1] == "refers to the temple"
    assert not window.tree_panel.items["demo_muscle.tp2.left"].isHidden()  # selected: kept
    assert window.scene.visible_markers()[window.scene.marker_ids.index("demo_muscle.tp2.left")]
    window.tree_panel.search.setText("zzzq")
    assert hints.message.isVisible()
    assert 'No trigger point matches "zzzq"' in hints.message.text()


def test_a_tap_on_the_right_marker_scores(window, qtbot):
    quiz = start_quiz(window)
    assert window.state.mode == "quiz" and quiz.dock.isVisible()
    question = quiz.session.current
    assert question.is_tap  # one muscle: only tap questions can be asked
    assert (question.kind, question.answer) == ("tap_pattern_source", TP)
    assert window.state.selection == ()  # nothing gives the answer away
    click(window.viewport, marker_point(window, question.answer))
    assert quiz.session.score == 1
    assert "Right" in quiz.panel.feedback.text()
    assert window.state.selection == (question.answer,)  # the answer shown in 3D
    quiz.next_question()
    second = quiz.session.current
    assert (second.kind, second.answer) == ("tap_named_point", "demo_muscle.tp2.left")
    others = [p.id for p in window.project.catalog.trigger_points() if p.id != second.answer]
    # A wrong marker that can be hit from this view (not hidden behind the skull).
    pickable = [i for i in others if window.input.pick_at(marker_point(window, i), True) == i]
    assert pickable
    click(window.viewport, marker_point(window, pickable[0]))
    assert quiz.session.score == 1 and len(quiz.session.answers) == 2
    assert "Not quite" in quiz.panel.feedback.text()
    assert '"demo_muscle"' in window.settings.value("quiz/progress")


def test_a_click_during_a_question_never_selects(window):
    start_quiz(window)
    click(window.viewport, QPoint(5, 5))  # on nothing: a (wrong) answer, not a selection
    assert window.state.selection == (window.study.quiz.session.current.answer,)
    assert window.study.quiz.session.score == 0


def test_stopping_the_quiz_brings_labels_back(window):
    window.study.labels_action.setChecked(True)
    start_quiz(window)
    assert not window.study.overlay.labels.enabled
    window.study.quiz.stop()
    assert window.state.mode == "explore"
    assert window.study.overlay.labels.enabled
    assert not window.study.quiz.dock.isVisible()

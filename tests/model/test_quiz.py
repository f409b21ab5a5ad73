"""Quiz rounds from the shipped content: kinds, one right answer each, seeds, scoring, progress."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.model.quiz import KINDS, feedback, generate_round
from explorer.model.quiz_progress import QuizProgress, QuizSession

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "trigger_points.yaml")


def right_responses(question, catalog) -> list:
    """Every response that counts as right: choice indices, or tapped trigger point ids."""
    if question.is_tap:
        return [p.id for p in catalog.trigger_points() if question.is_correct(p.id)]
    return [index for index in range(len(question.choices)) if question.is_correct(index)]


@pytest.mark.parametrize("seed", range(12))
def test_a_round_has_ten_questions_of_three_kinds_each_with_one_right_answer(catalog, seed):
    quiz = generate_round(catalog, 10, seed)
    assert len(quiz.questions) == 10
    assert len({question.kind for question in quiz.questions}) >= 3
    for question in quiz.questions:
        assert len(right_responses(question, catalog)) == 1, question
        if not question.is_tap:
            assert len(question.choices) == 4
            assert len(set(question.choices)) == 4


def test_the_same_seed_gives_the_same_round(catalog):
    first = generate_round(catalog, 10, seed=1).as_json()
    assert generate_round(catalog, 10, seed=1).as_json() == first
    assert generate_round(catalog, 10, seed=2).as_json() != first


def test_no_distractor_has_the_very_same_pattern(catalog):
    names = {muscle.name: muscle.id for muscle in catalog.muscles}
    for seed in range(30):
        for question in generate_round(catalog, 10, seed).questions:
            if question.kind != "pattern_to_muscle":
                continue
            pattern = catalog.get(question.point_id).referral
            for choice in question.choices:
                if choice != question.answer:
                    others = [p for p in catalog.trigger_points() if p.muscle.id == names[choice]]
                    assert all(p.referral != pattern for p in others)


def test_a_pattern_two_points_share_is_never_asked_as_tap_its_source(catalog):
    # The two levator scapulae points have the same pattern: tapping either would be right.
    for seed in range(30):
        for question in generate_round(catalog, 10, seed).questions:
            if question.kind == "tap_pattern_source":
                assert not question.point_id.startswith("levator_scapulae.")


def test_questions_come_from_the_content_so_every_muscle_is_asked(catalog):
    asked = {q.muscle_id for seed in range(20) for q in generate_round(catalog, 10, seed).questions}
    assert asked == {muscle.id for muscle in catalog.muscles}
    kinds = {q.kind for seed in range(5) for q in generate_round(catalog, 10, seed).questions}
    assert kinds == set(KINDS)


def test_weakest_first_asks_the_worst_answered_muscles_first(catalog):
    progress = QuizProgress()
    for muscle in catalog.muscles:
        for _ in range(3):
            progress.record(muscle.id, muscle.id != "frontalis")
    quiz = generate_round(catalog, 10, seed=4, progress=progress, weakest_first=True)
    assert quiz.questions[0].muscle_id == "frontalis"


def test_a_tap_on_the_right_marker_scores_and_a_wrong_one_does_not(catalog):
    quiz = generate_round(catalog, 10, seed=1)
    session = QuizSession(quiz.questions)
    tap = next(question for question in quiz.questions if question.is_tap)
    while session.current is not tap:
        session.answer(False)
        session.next()
    right = feedback(tap, tap.answer, catalog)
    session.answer(right.correct)
    assert right.correct and right.message.startswith("Right")
    assert session.score == 1
    wrong = next(p.id for p in catalog.trigger_points() if p.id != tap.answer)
    assert not feedback(tap, wrong, catalog).correct
    assert "Not quite" in feedback(tap, wrong, catalog).message
    assert not feedback(tap, None, catalog).correct


def test_a_session_answers_each_question_once_and_ends():
    session = QuizSession(("q1", "q2"))
    session.answer(True)
    with pytest.raises(RuntimeError):
        session.answer(True)
    assert session.current == "q1"  # its feedback is shown
    session.next()
    session.answer(False)
    session.next()
    assert session.finished and session.current is None and session.score == 1


def test_progress_survives_its_json_and_ignores_junk():
    progress = QuizProgress()
    progress.record("masseter", True)
    progress.record("masseter", False)
    again = QuizProgress.from_json(progress.to_json())
    assert (again.of("masseter").asked, again.of("masseter").correct) == (2, 1)
    junk = QuizProgress.from_json('{"a": [1, 5], "b": "x", "c": [2, 1], "d": [true, 0]}')
    assert set(junk.muscles) == {"c"}
    assert QuizProgress.from_json("not json").muscles == {}
    assert QuizProgress.from_json(None).muscles == {}


def test_unasked_muscles_rank_between_missed_and_mastered():
    progress = QuizProgress()
    progress.record("missed", False)
    progress.record("mastered", True)
    order = progress.weakest_first(["mastered", "new", "missed"], random.Random(0))
    assert order == ["missed", "new", "mastered"]

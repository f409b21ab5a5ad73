"""Quiz details a student notices: prompts, feedback wording, seeds, progress, fallbacks."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.model.quiz import (
    KIND_TITLES,
    KINDS,
    Question,
    _kind_schedule,
    feedback,
    generate_round,
)
from explorer.model.quiz_progress import QuizProgress, QuizSession
from tests.tiny_paths import CONTENT

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "trigger_points.yaml")


def choice_question(**changes) -> Question:
    fields = {
        "number": 3,
        "kind": "pattern_to_muscle",
        "prompt": "Which muscle?",
        "point_id": "masseter.a.left",
        "muscle_id": "masseter",
        "side": "left",
        "choices": ("Temporalis", "Masseter", "Frontalis", "Digastric"),
        "answer": "Masseter",
    }
    return Question(**{**fields, **changes})


def test_a_choice_is_judged_by_index_or_text_and_out_of_range_is_wrong():
    question = choice_question()
    assert question.answer_index == 1
    assert question.is_correct(1) and question.is_correct("Masseter")
    assert not question.is_correct(0) and not question.is_correct("Temporalis")
    # Index 4 is one past the last of four choices: wrong, not an error.
    assert not question.is_correct(4) and not question.is_correct(-1)
    assert not question.is_correct(None)


def test_a_question_as_json_holds_what_the_screen_shows():
    assert choice_question().as_json() == {
        "number": 3,
        "kind": "pattern_to_muscle",
        "title": "Whose pattern is this?",
        "prompt": "Which muscle?",
        "trigger_point": "masseter.a.left",
        "muscle": "masseter",
        "side": "left",
        "choices": ["Temporalis", "Masseter", "Frontalis", "Digastric"],
        "answer": "Masseter",
        "answer_index": 1,
    }


def test_a_round_as_json_keeps_its_seed_and_numbers_its_questions(catalog):
    data = generate_round(catalog, 3, seed=5).as_json()
    assert data["seed"] == 5
    assert [q["number"] for q in data["questions"]] == [1, 2, 3]
    assert json.loads(json.dumps(data)) == data


def test_defaults_are_seed_zero_and_random_order(catalog):
    progress = QuizProgress()
    progress.record("scalenes", False)
    plain = generate_round(catalog, 4, 0).as_json()
    assert generate_round(catalog, 4).as_json() == plain
    assert plain["questions"][0]["muscle"] != "scalenes"
    # Progress alone does not reorder: only weakest_first does.
    assert generate_round(catalog, 4, 0, progress=progress).as_json() == plain
    weakest = generate_round(catalog, 4, 0, progress=progress, weakest_first=True)
    assert weakest.questions[0].muscle_id == "scalenes"


def test_a_round_needs_at_least_one_question(catalog):
    assert len(generate_round(catalog, 1, seed=2).questions) == 1
    with pytest.raises(ValueError, match="at least one question; asked for 0"):
        generate_round(catalog, 0)


# Pinned so that a saved seed keeps giving the very same round (questions and choices).
SEED_3_ROUND = [
    ("tap_named_point", "semispinalis_capitis.mid.right", ()),
    (
        "pattern_to_muscle",
        "digastric.posterior.left",
        ("Temporalis", "Medial pterygoid", "Digastric", "Lower trapezius"),
    ),
    (
        "name_highlighted_muscle",
        "scm_clavicular.tp1.right",
        (
            "Sternocleidomastoid, clavicular division",
            "Upper trapezius",
            "Sternocleidomastoid, sternal division",
            "Temporalis",
        ),
    ),
    ("tap_pattern_source", "occipitalis.tp1.right", ()),
    (
        "pattern_to_muscle",
        "lateral_pterygoid.tp1.left",
        ("Semispinalis capitis", "Lateral pterygoid", "Upper trapezius", "Occipitalis"),
    ),
    (
        "name_highlighted_muscle",
        "temporalis.tp1.left",
        ("Temporalis", "Splenius cervicis", "Suboccipital muscles", "Upper trapezius"),
    ),
    ("tap_named_point", "scalenes.group.left", ()),
    ("tap_pattern_source", "masseter.c.left", ()),
]


def test_seed_three_gives_the_pinned_round(catalog):
    quiz = generate_round(catalog, 8, seed=3)
    assert [(q.kind, q.point_id, q.choices) for q in quiz.questions] == SEED_3_ROUND


@pytest.mark.parametrize("seed", range(8))
def test_every_block_of_four_kinds_holds_each_once_never_twice_in_a_row(seed):
    # The schedule (a question falls back to another kind only if its muscle cannot have it).
    kinds = _kind_schedule(random.Random(seed), 14)
    assert len(kinds) == 14
    for start in (0, 4, 8):
        assert sorted(kinds[start : start + 4]) == sorted(KINDS)
    assert all(a != b for a, b in itertools.pairwise(kinds))


@pytest.mark.parametrize("seed", range(4))
def test_prompts_side_and_numbers_match_the_point(catalog, seed):
    for number, question in enumerate(generate_round(catalog, 10, seed).questions, start=1):
        point = catalog.get(question.point_id)
        assert question.number == number
        assert question.side == point.side
        assert question.muscle_id == point.muscle.id
        expected = {
            "tap_named_point": f"Tap {point.label} on the model.",
            "tap_pattern_source": "Tap the trigger point that causes the painted pain pattern.",
            "pattern_to_muscle": (
                "Which muscle has a trigger point that sends pain to the painted area?"
            ),
            "name_highlighted_muscle": f"Which muscle is shown here ({point.side} side)?",
        }[question.kind]
        assert question.prompt == expected
        assert (
            (question.answer == point.id)
            if question.is_tap
            else question.answer in (question.choices)
        )


def test_a_second_pass_over_the_muscles_asks_other_points(catalog):
    # 19 muscles, each with two points at least: 38 questions ask 38 different points.
    for seed in range(3):
        quiz = generate_round(catalog, 2 * len(catalog.muscles), seed)
        assert len({q.point_id for q in quiz.questions}) == len(quiz.questions)


def test_a_third_pass_still_asks_each_muscle_in_turn(catalog):
    # Once a muscle's points are all used, a point of it is asked again (no skipping on).
    count = 3 * len(catalog.muscles)
    quiz = generate_round(catalog, count, seed=1)
    assert len(quiz.questions) == count
    assert set(Counter(q.muscle_id for q in quiz.questions).values()) == {3}


def test_only_muscles_the_atlas_has_are_highlighted(catalog):
    everything = {s for p in catalog.trigger_points() for s in p.structures}
    assert (
        generate_round(catalog, 10, 6, structure_ids=everything).as_json()
        == generate_round(catalog, 10, 6).as_json()
    )
    quiz = generate_round(catalog, 10, 6, structure_ids=set())
    assert len(quiz.questions) == 10
    assert "name_highlighted_muscle" not in {q.kind for q in quiz.questions}
    assert {"pattern_to_muscle", "tap_named_point", "tap_pattern_source"} <= {
        q.kind for q in quiz.questions
    }


def test_one_muscle_content_falls_back_to_tap_questions():
    # No distractor exists with a single muscle, so every question is a tap, none skipped.
    tiny = load_catalog(CONTENT)
    quiz = generate_round(tiny, 6, seed=1)
    assert len(quiz.questions) == 6
    assert all(q.is_tap for q in quiz.questions)


def two_muscle_catalog(tmp_path):
    """The tiny content plus a second muscle whose one point has demo TrP1's very pattern."""
    text = CONTENT.read_text(encoding="utf-8")
    block = text[text.index("  - id: demo_muscle") : text.index("      - id: tp2")]
    other = (
        block.replace("demo_muscle", "other_muscle")
        .replace("Demo muscle", "Other muscle")
        .replace("[DM, test muscle]", "[OM]")
    )
    path = tmp_path / "two.yaml"
    path.write_text(text + other, encoding="utf-8")
    return load_catalog(path)


def test_two_muscles_give_two_choices_and_a_shared_pattern_is_never_asked(tmp_path):
    two = two_muscle_catalog(tmp_path)
    asked = set()
    for seed in range(12):
        for question in generate_round(two, 6, seed).questions:
            assert question.is_correct(
                question.answer_index if not question.is_tap else question.answer
            )
            if question.is_tap:
                continue
            # Two muscles: the right one and the other, still a fair question.
            assert sorted(question.choices) == ["Demo muscle", "Other muscle"]
            asked.add((question.kind, question.point_id))
    pattern_points = {point for kind, point in asked if kind == "pattern_to_muscle"}
    # TrP1 of either muscle has the same pattern: "whose pattern?" would have two answers.
    assert pattern_points == {"demo_muscle.tp2.left"}
    assert ("name_highlighted_muscle", "other_muscle.tp1.left") in asked


def test_weakest_first_orders_by_recorded_progress(catalog):
    progress = QuizProgress()
    for muscle_id, asked in (("frontalis", 3), ("masseter", 2), ("temporalis", 1)):
        for _ in range(asked):
            progress.record(muscle_id, False)
    # Strengths 1/5, 1/4, 1/3; every other muscle is unasked (1/2).
    quiz = generate_round(catalog, 5, seed=9, progress=progress, weakest_first=True)
    assert [q.muscle_id for q in quiz.questions[:3]] == ["frontalis", "masseter", "temporalis"]


def test_feedback_wording(catalog):
    quiz = generate_round(catalog, 8, seed=3)
    named, pattern, highlighted = quiz.questions[0], quiz.questions[1], quiz.questions[2]
    label = catalog.get(named.point_id).label
    other = catalog.get("masseter.a.left")

    right = feedback(named, named.point_id, catalog)
    assert (right.correct, right.message, right.reveal_id) == (
        True,
        f"Right: that is {label}.",
        named.point_id,
    )
    missed = feedback(named, None, catalog)
    assert missed.message == f"No point there. The answer is {label}, now highlighted."
    assert missed.reveal_id == named.point_id
    wrong = feedback(named, other.id, catalog)
    assert wrong.message == f"Not quite: you tapped {other.label}. The answer is {label}."

    source = catalog.get(pattern.point_id).label
    good = feedback(pattern, pattern.answer_index, catalog)
    assert good.message == f"Right: Digastric. The pattern is that of {source}."
    bad = feedback(pattern, 0, catalog)
    assert (bad.correct, bad.message) == (
        False,
        f"Not quite: it is Digastric. The pattern is that of {source}.",
    )
    name = "Sternocleidomastoid, clavicular division"
    assert feedback(highlighted, 0, catalog).message == f"Right: {name}."
    assert feedback(highlighted, 1, catalog).message == f"Not quite: it is {name}."
    assert feedback(highlighted, 1, catalog).reveal_id == "scm_clavicular.tp1.right"


def test_kind_titles_cover_every_kind():
    assert set(KIND_TITLES) == set(KINDS)


# --- progress and sessions ---------------------------------------------------------------


def test_progress_json_is_compact_and_sorted():
    progress = QuizProgress()
    progress.record("masseter", True)
    progress.record("frontalis", False)
    progress.record("masseter", False)
    assert progress.to_json() == '{"frontalis":[1,0],"masseter":[2,1]}'


@pytest.mark.parametrize("text", ["[1, 2]", "3", '"x"', "null", '{"a": 5}', '{"a": "ab"}'])
def test_progress_from_json_that_is_no_object_of_pairs_is_empty(text):
    assert QuizProgress.from_json(text).muscles == {}


def test_progress_keeps_none_right_and_all_right():
    data = '{"a": [3, 0], "b": [2, 2], "c": [0, 0], "d": [1, -1], "e": [1, 2, 3]}'
    again = QuizProgress.from_json(data)
    assert sorted(again.muscles) == ["a", "b", "c"]
    assert (again.of("b").asked, again.of("b").correct) == (2, 2)


def test_weakest_first_breaks_ties_by_the_seed():
    progress = QuizProgress()
    ids = ["a", "b", "c", "d", "e"]
    assert progress.weakest_first(ids, random.Random(1)) == progress.weakest_first(
        ids, random.Random(1)
    )
    assert sorted(progress.weakest_first(ids, random.Random(1))) == ids


def test_a_second_answer_says_why_it_is_refused():
    session = QuizSession(("q1",))
    session.answer(True)
    with pytest.raises(RuntimeError, match=r"^the current question has been answered already$"):
        session.answer(False)
    session.next()
    assert session.finished and session.score == 1
    with pytest.raises(RuntimeError, match="answered already"):
        session.answer(True)

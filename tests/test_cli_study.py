"""``app.py show`` and ``app.py quiz``: the card with the muscle's facts, and seeded rounds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.tiny_paths import ROOT, TINY


def run_app(*args: str, hash_seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
        env=env,
    )


def test_show_prints_the_card_with_the_muscle_facts():
    result = run_app("show", "demo_muscle.tp1.left", *TINY)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("Demo muscle TrP1 (left)\nDemo muscle (DM, test muscle)")
    for line in (
        "Muscle facts:",
        "  - Origin: the side of the tiny skull",
        "  - Insertion: further along the side of the tiny skull",
        "  - Action: holds the test together",
        "  - Innervation: test nerve",
        "Where it hurts:",
        "  - Pain at the temple, along a line from behind the ear to the temple.",
        "Needling (for clinicians):",
    ):
        assert line in text.splitlines(), line
    assert "Educational tool — not a diagnosis." in text


def test_show_json_has_the_facts_and_the_sections_in_card_order():
    result = run_app("show", "demo_muscle.tp2.left", "--json", *TINY)
    assert result.returncode == 0, result.stderr
    card = json.loads(result.stdout)
    assert card["facts"] == {
        "origin": "the side of the tiny skull",
        "insertion": "further along the side of the tiny skull",
        "action": "holds the test together",
        "innervation": "test nerve",
    }
    assert card["muscle"]["name"] == "Demo muscle"
    titles = [section["title"] for section in card["sections"]]
    assert titles == ["Where", "Where it hurts", "Headache types", "Muscle facts", "Sources"]
    assert card["notes"] and card["notes"][0].startswith("Low confidence")


def test_show_an_unknown_id_suggests_the_closest_and_exits_2():
    result = run_app("show", "demo_muscle.tp1.lft", *TINY)
    assert result.returncode == 2
    assert "demo_muscle.tp1.left" in result.stderr and result.stdout == ""


def test_quiz_json_is_a_round_of_ten_with_three_kinds_the_same_for_the_same_seed():
    # Different hash seeds: nothing in the draw may depend on set or dict order.
    first = run_app("quiz", "--questions", "10", "--seed", "1", "--json", hash_seed="1")
    again = run_app("quiz", "--questions", "10", "--seed", "1", "--json", hash_seed="2")
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout
    questions = json.loads(first.stdout)["questions"]
    assert len(questions) == 10
    assert len({question["kind"] for question in questions}) >= 3
    for question in questions:
        if question["choices"]:
            assert question["choices"].count(question["answer"]) == 1
            assert question["choices"][question["answer_index"]] == question["answer"]
        else:
            assert question["answer"] == question["trigger_point"]
    other = run_app("quiz", "--seed", "2", "--json")
    assert other.stdout != first.stdout


def test_quiz_text_marks_the_right_choice():
    result = run_app("quiz", "--questions", "4", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Quiz, seed 3: 4 questions")
    assert "   * " in result.stdout or "answer: tap" in result.stdout


def test_quiz_refuses_zero_questions():
    result = run_app("quiz", "--questions", "0")
    assert result.returncode == 2
    assert "between 1 and 100" in result.stderr

"""``app.py lookup`` on the tiny data: by landmark, by point, text and JSON."""

from __future__ import annotations

import json

from tests.test_cli import TINY, run_app


def test_lookup_landmark_json_best_first():
    result = run_app("lookup", *TINY, "--landmark", "temple_left", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == "demo_muscle.tp1.left"
    assert set(rows[0]) == {
        "id", "muscle", "side", "name", "score", "essential_fraction",  # the best point
        "muscle_name", "share", "percent",  # the muscle's row
    }  # fmt: skip
    assert rows[0]["muscle"] == "demo_muscle"
    assert rows[0]["muscle_name"] == "Demo muscle"
    assert rows[0]["percent"] == round(100 * rows[0]["share"])
    assert len(rows) == 1  # the tiny content has one muscle, listed once


def test_lookup_at_point_back_of_head_finds_tp2():
    # The inion of the tiny atlas: TrP2 refers there with its main zone.
    result = run_app("lookup", *TINY, "--at", "0", "-94.1", "13.4", "--radius", "25", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == "demo_muscle.tp2.left"
    assert rows[0]["essential_fraction"] > 0.9


def test_lookup_top_limits_and_text_has_reason():
    result = run_app("lookup", *TINY, "--landmark", "temple_right", "--top", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "1. Demo muscle (right side)"
    assert lines[1].startswith("   Best match: Demo muscle TrP1. Explains ")
    assert "% of the area you marked" in lines[1]
    assert len(lines) == 2


def test_lookup_text_and_json_agree_on_order_and_percentage():
    place = ("--landmark", "temple_left", "--top", "5")
    text = run_app("lookup", *TINY, *place).stdout.strip().splitlines()
    rows = json.loads(run_app("lookup", *TINY, *place, "--json").stdout)
    assert len(text) == 2 * len(rows)
    for number, row in enumerate(rows):
        assert text[2 * number].startswith(f"{number + 1}. {row['muscle_name']} (")
        assert f"Explains {row['percent']} % of the area you marked" in text[2 * number + 1]


def test_lookup_unknown_landmark_lists_the_skin_landmarks():
    result = run_app("lookup", *TINY, "--landmark", "nowhere")
    assert result.returncode == 2
    assert "no landmark 'nowhere'" in result.stderr
    assert "temple_left" in result.stderr


def test_lookup_needs_a_place():
    result = run_app("lookup", *TINY)
    assert result.returncode == 2
    assert "--at" in result.stderr

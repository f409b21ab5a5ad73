"""``app.py lookup`` on the tiny data: by landmark, by point, text and JSON."""

from __future__ import annotations

import json

from tests.test_cli import TINY, run_app


def test_lookup_landmark_json_best_first():
    result = run_app("lookup", *TINY, "--landmark", "temple_left", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == "demo_muscle.tp1.left"
    assert set(rows[0]) == {"id", "muscle", "side", "name", "score", "essential_fraction"}
    assert rows[0]["muscle"] == "demo_muscle"
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)


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
    assert lines[0].startswith("1. Demo muscle TrP1 (right)")
    assert "% of the area you marked" in lines[1]
    assert len(lines) == 2


def test_lookup_unknown_landmark_lists_the_skin_landmarks():
    result = run_app("lookup", *TINY, "--landmark", "nowhere")
    assert result.returncode == 2
    assert "no landmark 'nowhere'" in result.stderr
    assert "temple_left" in result.stderr


def test_lookup_needs_a_place():
    result = run_app("lookup", *TINY)
    assert result.returncode == 2
    assert "--at" in result.stderr

"""content_schema.py pinned: needling directions as written, and ids with a side suffix."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.model.content_schema import parse_direction
from explorer.model.errors import ContentError

from .one_point_content import one_point_content

# Line 18 holds the needling block (its direction key at column 35); line 7 the structures.
CONTENT = one_point_content(
    """\
        referral:
          essential:
            - spot: {at: [-60.0, 0.0, 100.0], radius_mm: 25}
        referral_text: There.
        needling: {approach: In., direction: DIRECTION, structures: [vertebral_artery]}
        sources: [s1]
"""
)
PLACE = "18:35: muscles[0].trigger_points[0].needling.direction"
EXPECTED = "expected a unit vector [x, y, z] or one of 'perpendicular', 'pincer'"
THREE = "Fix: Write three numbers, e.g. [0.0, 0.6, 0.8] (front and up), or a name."
DIVIDE = "Fix: Divide each number by the length, so that x² + y² + z² = 1."


def load(tmp_path: Path, direction: str, old: str = "", new: str = ""):
    """Load CONTENT with ``direction``; the catalog, or every problem as text (file cut off)."""
    text = CONTENT.replace("DIRECTION", direction)
    if old:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return load_catalog(path)
    except ContentError as error:
        return [str(problem).removeprefix(f"{path}:") for problem in error.problems]


def direction_of(tmp_path: Path, direction: str):
    return load(tmp_path, direction).get("m.tp1.left").needling.direction


def test_names_are_taken_without_surrounding_blanks(tmp_path):
    assert direction_of(tmp_path, "pincer") == "pincer"
    assert direction_of(tmp_path, "' perpendicular '") == "perpendicular"
    assert parse_direction("pincer\n") == "pincer"


def test_an_unknown_name_lists_the_names(tmp_path):
    assert load(tmp_path, "sideways") == [
        f"{PLACE}: {EXPECTED}; found 'sideways'. Fix: Write one of 'perpendicular', 'pincer'."
    ]


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("5", "5"),  # a lone number is no vector
        ("true", "true"),
        ("[1.0, 0.0]", "[1.0, 0.0]"),  # two numbers, although of length 1
        ("[0.0, 0.0, 1.0, 0.0]", "[0.0, 0.0, 1.0, 0.0]"),
        ("[1, a, 0]", "[1, 'a', 0]"),  # a text among numbers
        ("[true, 0, 0]", "[true, 0, 0]"),  # true is no number, although Python counts it 1
    ],
    ids=["number", "bool", "two", "four", "text-item", "bool-item"],
)
def test_anything_but_three_numbers_is_refused(tmp_path, written, found):
    assert load(tmp_path, written) == [f"{PLACE}: {EXPECTED}; found {found}. {THREE}"]


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("[0, 0, 2]", "[0, 0, 2], of length 2"),
        ("[0.0, 0.0, 0.5]", "[0.0, 0.0, 0.5], of length 0.5"),
        ("[0, 0, 0]", "[0, 0, 0], of length 0"),
        ("[.inf, 0, 0]", "[inf, 0, 0], of length nan"),  # not finite: no length at all
        ("[.nan, 0, 1]", "[nan, 0, 1], of length nan"),
        ("[0.0, 0.0, 1.02]", "[0.0, 0.0, 1.02], of length 1.02"),  # 0.02 over the tolerance
    ],
    ids=["two", "half", "zero", "inf", "nan", "just-over"],
)
def test_vectors_must_be_of_length_one(tmp_path, written, found):
    assert load(tmp_path, written) == [f"{PLACE}: {EXPECTED}; found {found}. {DIVIDE}"]


def test_a_nearly_unit_vector_is_normalised(tmp_path):
    # Length 1.005 is within the 0.01 tolerance; dividing by it gives exactly (0, 0, 1).
    assert direction_of(tmp_path, "[0.0, 0.0, 1.005]") == (0.0, 0.0, 1.0)
    # 0.6² + 0.8² = 1: unchanged, and ints become floats.
    assert direction_of(tmp_path, "[0, -0.6, 0.8]") == (0.0, -0.6, 0.8)
    assert direction_of(tmp_path, "[0.0, 0.0, 0.995]") == (0.0, 0.0, 1.0)


def test_a_sided_id_is_refused_with_its_base_in_the_fix(tmp_path):
    assert load(tmp_path, "pincer", "[vertebral_artery]", "[vertebral_artery_right]") == [
        "18:54: muscles[0].trigger_points[0].needling.structures: expected a structure id "
        "without side suffix; found 'vertebral_artery_right'. Fix: Write 'vertebral_artery'; "
        "_left/_right is added per side."
    ]
    assert load(tmp_path, "pincer", "structures: [m]", "structures: [m, upper_neck_left]") == [
        "7:5: muscles[0].structures: expected a structure id without side suffix; found "
        "'upper_neck_left'. Fix: Write 'upper_neck'; _left/_right is added per side."
    ]
    # Only the two suffixes count: '_leftish' is part of a name.
    catalog = load(tmp_path, "pincer", "structures: [m]", "structures: [m_leftish]")
    assert catalog.muscles[0].structures == ("m_leftish",)

"""Search by symptom, place and headache type on the shipped content: ranked, with reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.model.search import parse_terms, search
from explorer.model.search_words import stem

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "trigger_points.yaml")


@pytest.mark.parametrize(
    ("query", "muscle", "reason"),
    [
        # Splenius cervicis: two of its three zones reach behind the eye (T&S: its hallmark).
        ("behind the eye", "splenius_cervicis", "refers behind the eye"),
        ("headache behind the eye", "splenius_cervicis", "refers behind the eye"),
        # Temporalis TrP2: its whole pattern is the temple.
        ("temple", "temporalis", "refers to the temple"),
        ("jaw", "masseter", "also called jaw muscle"),
        # The clavicular SCM lists dizziness first among its symptoms.
        ("dizziness", "scm_clavicular", "symptom: Feeling dizzy"),
        ("tension", "upper_trapezius", "linked with tension-type headache"),
    ],
)
def test_each_example_finds_its_muscle_first_with_the_reason(catalog, query, muscle, reason):
    result = search(catalog, query)
    assert result.hits, result.message
    first = result.hits[0]
    assert first.point.muscle.id == muscle, [hit.point.id for hit in result.hits[:4]]
    assert first.reason.startswith(reason)
    assert result.message == ""


def test_hits_are_ranked_best_first(catalog):
    scores = [hit.score for hit in search(catalog, "behind the eye").hits]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]


def test_a_pattern_wholly_at_the_place_outranks_one_that_only_reaches_it(catalog):
    points = search(catalog, "temple").points
    ids = [point.id for point in points]
    # TrP2's zones are all at the temple; upper trapezius TrP1 reaches it from the neck.
    assert ids.index("temporalis.tp2.left") < ids.index("upper_trapezius.tp1.left")


def test_every_word_must_match_and_sides_filter(catalog):
    both = search(catalog, "temple left").points
    assert both and all(point.side == "left" for point in both)
    assert {p.id for p in both} < {p.id for p in search(catalog, "temple").points}


def test_no_match_says_so_and_suggests_the_closest_terms(catalog):
    result = search(catalog, "dizzyness")
    assert result.hits == ()
    assert "dizziness" in result.suggestions
    assert result.message.startswith('No trigger point matches "dizzyness".')
    assert "dizziness" in result.message


def test_no_match_without_close_terms_gives_examples(catalog):
    result = search(catalog, "knee")
    assert result.hits == () and result.suggestions == ()
    assert "temple" in result.message and "dizziness" in result.message


def test_a_headache_type_no_muscle_has_says_where_to_read_about_it(catalog):
    result = search(catalog, "migraine")
    assert result.hits == ()
    assert "linked with migraine" in result.message and "About headaches" in result.message


def test_filler_words_and_articles_are_ignored():
    assert [term.text for term in parse_terms("pain in my temple when I chew")] == [
        "temple",
        "chew",
    ]
    assert parse_terms("behind my eye")[0].place.name == "behind the eye"


def test_word_forms_share_a_stem():
    assert stem("dizziness") == stem("dizzy")
    assert stem("tingling") == stem("tingle")


def test_empty_query_returns_every_point_in_content_order(catalog):
    assert search(catalog, "  ").points == catalog.trigger_points()

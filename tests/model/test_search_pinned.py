"""Search on the shipped content, pinned: scores, reasons, ties, suggestions and hints.

Every test builds its own :class:`SearchIndex`, so nothing depends on an index
another test happened to build first.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from explorer.model.content import load_catalog
from explorer.model.search import SearchIndex, parse_terms, search
from explorer.model.search_evidence import LANDMARK_SLACK_MM, Text, zone_landmarks
from explorer.model.search_words import PLACES, Place, _place, find_phrase, side_free, stem
from tests.tiny_paths import CONTENT

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "trigger_points.yaml")


@pytest.fixture
def index(catalog):
    return SearchIndex(catalog)


def top(result, count=1):
    return [(hit.point.id, round(hit.score, 4), hit.reason) for hit in result.hits[:count]]


# (query, hits, first hit, its score, its reason, sum of all scores). Scores follow the table
# of explorer.model.search: a name 3 (+0.1 when a second kind of evidence matches too), a
# place 1 + share of the zones in it, a symptom 1 + 0.5/(1 + rank), a type 1 + 0.5/(1 + rank),
# pattern text 1.2 (1.3 for a place phrase), notes 1.1; a query's terms add up.
PINNED = [
    # Splenius cervicis upper: 2 of its 3 zones lie behind the eye: 1 + 2/3 + 0.1 (pattern too).
    ("behind the eye", 16, "splenius_cervicis.upper.left", 1.7667, "refers behind the eye", 22.819),
    ("above the eye", 10, "frontalis.tp1.left", 2.1, "refers above the eye", 15.8333),
    ("around the eye", 28, "frontalis.tp1.left", 2.0, "refers to the eye", 42.081),
    # Temporalis TrP2: both essential zones at the temple, its spillover zone not:
    # share 2 / 2.5, so 1 + 0.8, + 0.1 as its pattern text says "temple" too.
    ("temple", 32, "temporalis.tp2.left", 1.9, "refers to the temple", 44.7389),
    ("forehead", 10, "frontalis.tp1.left", 2.1, "refers to the forehead", 16.4357),
    ("top of the head", 4, "splenius_capitis.tp1.left", 2.1, "refers to the top of the head", 7.0),
    (
        "back of the head",
        20,
        "upper_trapezius.tp2.left",
        2.1,
        "refers to the back of the head",
        31.0571,
    ),
    ("side of the head", 16, "temporalis.tp4.left", 1.6, "refers to the side of the head", 21.6),
    ("behind the ear", 18, "lower_trapezius.tp1.left", 1.6, "refers behind the ear", 25.2889),
    # "ear" is inside the point name "Masseter TrP C ... (near the ear)": a name, 3.
    ("ear", 30, "masseter.c.left", 3.0, "name matches", 45.3),
    ("jaw", 32, "masseter.a.left", 3.1, "also called jaw muscle", 58.95),
    ("cheek", 14, "masseter.a.left", 2.1, "refers to the cheek", 22.15),
    (
        "neck",
        32,
        "semispinalis_cervicis_multifidi.tp1.left",
        3.1,
        "also called deep neck extensors",
        46.8,
    ),
    ("shoulder", 16, "splenius_cervicis.lower.left", 2.1, "refers to the shoulder", 24.4),
    # Sternal SCM lower: its throat zone is spillover only: "(spillover)" in the reason.
    ("throat", 6, "scm_sternal.lower.left", 1.4333, "refers to the throat (spillover)", 8.4667),
    ("breastbone", 4, "scm_sternal.lower.left", 1.7667, "refers to the breastbone", 6.3333),
    # An alias, exactly 3 (nothing else mentions "scm"); sternal SCM comes first in content.
    ("SCM", 10, "scm_sternal.lower.left", 3.0, "also called scm", 26.6),
    ("deep", 18, "masseter.d.left", 3.1, "name matches", 29.8),
    # Dizziness is the clavicular SCM's first symptom (1.5), upper trapezius's second (1.25).
    (
        "dizziness",
        6,
        "scm_clavicular.tp1.left",
        1.5,
        "symptom: Feeling dizzy or unsteady when you move.",
        8.0,
    ),
    # The second type of every muscle linked with it: 1 + 0.5/2; named as patient_info says.
    (
        "cervicogenic",
        30,
        "upper_trapezius.tp1.left",
        1.25,
        "linked with cervicogenic headache (from the neck)",
        37.5,
    ),
    # A three-letter word still matches ("Pain down the arm." is the scalenes' third symptom).
    ("arm", 2, "scalenes.group.left", 1.35, "symptom: Pain down the arm.", 2.7),
    ("chew", 20, "masseter.a.left", 3.1, "also called chewing muscle", 39.3833),
    (
        "numbness",
        6,
        "semispinalis_capitis.upper.left",
        1.6,
        "symptom: Numbness, tingling or burning over the back of the head, wh…",
        8.6,
    ),
    (
        "ringing",
        2,
        "masseter.d.left",
        1.5,
        "symptom: Ringing in the ear (tinnitus) on the same side.",
        3.0,
    ),
    (
        "nose",
        8,
        "zygomaticus_major.tp1.left",
        1.3,
        'pattern: "Pain in a curve that starts beside the nose"',
        9.35,
    ),
    (
        "stiff",
        12,
        "upper_trapezius.tp1.left",
        1.5,
        "symptom: A headache at the temple on the same side, often with a sti…",
        17.0,
    ),
    # Two ways of saying the same place are two terms, each scoring.
    ("eye orbit", 28, "frontalis.tp1.left", 4.0, "refers to the eye", 84.1619),
    ("sternum", 4, "scm_sternal.lower.left", 1.7667, "refers to the breastbone", 6.3333),
    ("occiput", 20, "upper_trapezius.tp2.left", 2.1, "refers to the back of the head", 31.0571),
    ("teeth", 32, "masseter.b.left", 2.1, "refers to the jaw and teeth", 46.8167),
    ("brow", 10, "frontalis.tp1.left", 2.1, "refers above the eye", 15.8333),
    ("mastoid", 22, "scm_sternal.upper.left", 3.1, "also called sternocleidomastoid", 44.3889),
    ("nape", 32, "splenius_cervicis.lower.left", 2.1, "refers to the neck", 43.6),
    ("crown", 4, "splenius_capitis.tp1.left", 2.1, "refers to the top of the head", 7.0),
    ("chest", 4, "scm_sternal.lower.left", 1.7667, "refers to the breastbone", 6.3333),
    # A side adds 3 and keeps only that side's points.
    ("left temple", 16, "temporalis.tp2.left", 4.9, "refers to the temple; left side", 70.3694),
    ("right jaw", 16, "masseter.a.right", 6.1, "also called jaw muscle; right side", 77.475),
    ("front", 22, "occipitalis.tp1.left", 3.0, "also called occipitofrontalis", 35.3),
    # Words only the clinician's notes hold (the part after a ";" is its own sentence).
    (
        "active",
        2,
        "temporalis.tp2.left",
        1.1,
        'notes: "in chronic tension-type headache active points are most com…"',
        2.2,
    ),
    (
        "curve",
        2,
        "zygomaticus_major.tp1.left",
        1.2,
        'pattern: "Pain in a curve that starts beside the nose"',
        2.4,
    ),
    (
        "about",
        12,
        "splenius_capitis.tp1.left",
        1.3,
        'pattern: "A patch of pain, about 3 to 5 cm across, on the top of the…"',
        None,
    ),
]


@pytest.mark.parametrize(("query", "count", "first", "score", "reason", "total"), PINNED)
def test_pinned_first_hit_score_reason_and_total(index, query, count, first, score, reason, total):
    result = index.search(query)
    assert result.query == query
    assert (len(result.hits), *top(result)[0]) == (count, first, score, reason)
    if total is not None:
        assert round(sum(hit.score for hit in result.hits), 4) == total
    assert result.message == "" and result.headline == ""


def test_scm_finds_both_divisions_then_the_digastric(index):
    assert [round(hit.score, 4) for hit in index.search("scm").hits] == [3.0] * 8 + [1.3] * 2
    # Every point of the two muscles called "SCM" (3 each, content order), then the digastric,
    # whose pattern text mentions the SCM (1.2, + 0.1 as its notes do too).
    ids = [hit.point.id for hit in index.search("scm").hits]
    assert ids == [
        "scm_sternal.lower.left",
        "scm_sternal.lower.right",
        "scm_sternal.mid.left",
        "scm_sternal.mid.right",
        "scm_sternal.upper.left",
        "scm_sternal.upper.right",
        "scm_clavicular.tp1.left",
        "scm_clavicular.tp1.right",
        "digastric.posterior.left",
        "digastric.posterior.right",
    ]


def test_ties_keep_content_order(index, catalog):
    order = {point.id: n for n, point in enumerate(catalog.trigger_points())}
    for query in ("throat", "cervicogenic", "temple", "tension"):
        hits = index.search(query).hits
        for a, b in itertools.pairwise(hits):
            assert a.score > b.score or (
                a.score == b.score and order[a.point.id] < order[b.point.id]
            )


def test_throat_ranks_spillover_share_and_essential_share(index):
    assert top(index.search("throat"), 6) == [
        ("scm_sternal.lower.left", 1.4333, "refers to the throat (spillover)"),
        ("scm_sternal.lower.right", 1.4333, "refers to the throat (spillover)"),
        ("scm_sternal.mid.left", 1.4, "refers to the throat"),
        ("scm_sternal.mid.right", 1.4, "refers to the throat"),
        ("medial_pterygoid.tp1.left", 1.4, "refers to the throat"),
        ("medial_pterygoid.tp1.right", 1.4, "refers to the throat"),
    ]


def test_dizziness_second_symptom_is_clipped_at_a_word(index):
    assert top(index.search("dizziness"), 3)[2] == (
        "upper_trapezius.tp1.left",
        1.25,
        "symptom: Dizziness when you change position. It is most common when…",
    )


def test_empty_query_lists_every_point_unscored(index, catalog):
    result = index.search("  ")
    assert result.query == "  " and result.headline == "" and result.message == ""
    assert result.points == catalog.trigger_points()
    assert {(hit.score, hit.reasons) for hit in result.hits} == {(0.0, ())}


def test_nonsense_letters_match_no_name(index):
    # "xx" is in no name, alias, id or side (names are joined by plain spaces).
    result = index.search("xx")
    assert result.hits == () and result.suggestions == ()


@pytest.mark.parametrize(
    ("query", "suggestions"),
    [
        ("tempel", ("temple", "temples")),
        ("masseterr", ("masseter",)),  # a muscle name
        ("splenus", ("splenius", "splenii")),  # aliases
        ("tensoin", ("tension",)),  # a headache type
        ("tensiontypeheadache", ("tension-type headache",)),  # a type's name
        ("eyebrw", ("eyebrow", "eyebrows")),  # ways of saying a place
        ("numbnes", ("numbness",)),  # a symptom word
        ("colld", ("cold",)),  # a four-letter symptom word
        ("armm", ()),  # three-letter symptom words are too short to suggest
        ("feelinng", ()),  # filler words are never suggested
        # The three closest per word, four at most in all.
        ("ocipitalis", ("occipitalis", "occipital", "suboccipitals")),
        ("ocipitalis splenus", ("occipitalis", "occipital", "suboccipitals", "splenius")),
        ("splenus ocipitalis", ("splenius", "splenii", "occipitalis", "occipital")),
        # Only the word that matched nothing is corrected, not "temple".
        ("temple splenus", ("splenius", "splenii")),
    ],
)
def test_no_match_suggests_the_closest_terms(index, query, suggestions):
    result = index.search(query)
    assert result.hits == ()
    assert result.suggestions == suggestions


def test_armm_suggests_nothing_so_the_examples_show(index):
    assert index.search("armm").message == (
        'No trigger point matches "armm". Try a muscle (SCM), a place (temple, behind the eye,'
        " jaw) or a symptom (dizziness)."
    )


def test_no_match_message_lists_the_suggestions(index):
    assert index.search("temple splenus").message == (
        'No trigger point matches "temple splenus". Closest terms: splenius, splenii.'
    )


@pytest.mark.parametrize(
    ("query", "type_name"),
    [("migraine", "migraine"), ("cluster", "cluster headache"), ("migraine temple", "migraine")],
)
def test_an_unlinked_headache_type_points_to_about_headaches(index, query, type_name):
    result = index.search(query)
    assert result.hits == ()
    assert result.message == (
        f'No trigger point matches "{query}". No muscle here is linked with {type_name}; '
        '"About headaches" (F1) says what is known about it.'
    )


def test_content_without_patient_info_still_explains_an_unlinked_type():
    # The tiny content has no patient_info and links its muscle with tension only.
    tiny = SearchIndex(load_catalog(CONTENT))
    assert tiny.search("migraine").message == (
        'No trigger point matches "migraine". No muscle here is linked with migraine; '
        '"About headaches" (F1) says what is known about it.'
    )
    assert tiny.search("tension").hits[0].reason == "linked with tension-type headache"


def test_the_catalog_search_function_gives_the_index_result(catalog):
    assert search(catalog, "temple").hits == SearchIndex(catalog).search("temple").hits
    assert search(catalog, "temple").query == "temple"


def test_a_place_term_keeps_its_words():
    terms = parse_terms("pain behind my eye and in the temple")
    assert [(t.text, t.place.name) for t in terms] == [
        ("behind eye", "behind the eye"),
        ("temple", "temple"),
    ]


def test_an_excerpt_keeps_a_decimal_number_whole(index):
    hit = index.search("arch").hits[0]
    assert hit.point.id == "temporalis.tp1.left"
    assert "2.5 cm above the zygomatic arch" in hit.reason, hit.reason


def test_two_phrases_of_one_place_come_in_the_same_order_in_every_run():
    # (parse_terms tries a place's phrases in this order; importing search_words is quick.)
    code = "from explorer.model.search_words import PLACES; print([p.phrase_words for p in PLACES])"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1")
    }
    assert len(runs) == 1, runs


# --- words and evidence helpers ----------------------------------------------------------


def test_stems_keep_three_letters():
    assert stem("eyes") == "eye"
    assert stem("yes") == "yes"
    assert stem("aches") == "ach"
    assert stem("dizziness") == "dizz"


def test_find_phrase_gives_the_start_or_minus_one():
    words = ["behind", "eye", "left"]
    assert find_phrase(words, ("behind", "eye")) == 0
    assert find_phrase(words, ("eye", "left")) == 1
    assert find_phrase(words, ("left", "eye")) == -1
    assert find_phrase(words, ("left", "side")) == -1


def test_side_free_drops_either_side_suffix():
    assert side_free("temple_left") == "temple"
    assert side_free("temple_right") == "temple"
    assert side_free("vertex") == "vertex"


def test_places_are_named_with_their_landmarks():
    first = PLACES[0]
    assert first.name == "behind the eye" and first.refers == "behind the eye"
    assert first.landmarks == frozenset({"orbit_lateral"})
    assert "retro orbital" in first.phrases and len(first.phrases) == 6


def test_a_place_is_written_as_comma_phrases_and_spaced_landmarks():
    # PLACES is built once at import; this checks the helper that builds each entry.
    assert _place("ear", "ear,in the ear", "ear tragus", "to the ear") == Place(
        "ear", ("ear", "in the ear"), frozenset({"ear", "tragus"}), "to the ear"
    )


def test_a_phrase_at_the_very_start_of_a_text_counts():
    text = Text("Behind the eye, a deep ache.")
    assert text.has_phrase((("behind", "eye"),))
    assert not text.has_phrase((("above", "eye"),))


def test_stems_of_three_letters_match_shorter_do_not():
    text = Text("Pain down the arm.")
    assert text.has_stem("arm") and not text.has_stem("ar")


def test_texts_are_clipped_to_sixty_characters():
    assert Text("a" * 60).clipped == "a" * 60
    assert Text("a" * 61).clipped == "a" * 59 + "…"
    assert Text("   spaced    out  ").clipped == "spaced out"
    assert Text("x" * 58 + " y" + "z" * 10).clipped == "x" * 58 + "…"


def test_excerpt_is_the_sentence_with_the_word():
    text = Text("First part here; second part has arch. Third sentence.")
    assert text.excerpt_with("arch") == '"second part has arch"'
    assert text.excerpt_with("third") == '"Third sentence"'
    assert text.excerpt_with("zzz") == '"First part here; second part has arch. Third sentence."'


def anchor(landmark, *vector):
    return SimpleNamespace(landmark=landmark, vector=vector)


def test_anchors_within_the_slack_lie_at_their_landmark():
    zone = SimpleNamespace(
        seeds=[
            anchor("temple_left", 0.0, 0.0, 0.0),
            anchor("vertex", 9.0, 12.0, 0.0),  # 15 mm: still at it
            anchor("orbit_lateral_right", 6.0, 0.0, 8.0),  # 10 mm
            anchor("mastoid_left", 0.0, 15.5, 0.0),  # too far
            anchor("", 0.0, 0.0, 0.0),  # no landmark
        ]
    )
    assert LANDMARK_SLACK_MM == 15.0
    assert zone_landmarks(zone) == frozenset({"temple", "vertex", "orbit_lateral"})

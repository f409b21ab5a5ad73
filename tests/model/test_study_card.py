"""The desktop card as plain text and JSON (``app.py show``): exact words, order, wrapping."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from explorer.model.content import load_catalog
from explorer.model.study_card import (
    DISCLAIMER,
    PointCard,
    card_text,
    headache_type_name,
    needling_lines,
    point_card,
)
from tests.tiny_paths import CONTENT

ROOT = Path(__file__).resolve().parents[2]

# The disclaimer wrapped at the default 88 columns.
#: The tiny muscle's facts as every card of it prints them.
FACTS_LINES = (
    "Muscle facts:\n"
    "  - Origin: the side of the tiny skull\n"
    "  - Insertion: further along the side of the tiny skull\n"
    "  - Action: holds the test together\n"
    "  - Innervation: test nerve\n"
    "\n"
)
DISCLAIMER_LINES = (
    "Educational tool — not a diagnosis. Headaches have many causes; see a doctor for a new,\n"
    "sudden, severe or changing headache, or one with fever, weakness, numbness, confusion or\n"
    "changes in vision. Dry needling must only be done by a trained clinician."
)


@pytest.fixture(scope="module")
def tiny():
    return load_catalog(CONTENT)


@pytest.fixture(scope="module")
def shipped():
    return load_catalog(ROOT / "trigger_points.yaml")


def test_tiny_point_card_in_full(tiny):
    # tiny_content.yaml has no patient_info, so the warning is the built-in line; every
    # section appears in the info card's order, the needling block for clinicians included.
    text = card_text(point_card(tiny.get("demo_muscle.tp1.left"), tiny))
    assert text == (
        "Demo muscle TrP1 (left)\n"
        "Demo muscle (DM, test muscle)\n"
        "[demo_muscle.tp1.left]\n"
        "\n"
        "! Warning signs: when to see a doctor\n"
        "\n"
        "Where:\n"
        "  - In the middle of the demo muscle, above the ear.\n"
        "\n"
        "Where it hurts:\n"
        "  - Pain at the temple, along a line from behind the ear to the temple.\n"
        "\n"
        "Symptoms:\n"
        "  - stiff neck\n"
        "\n"
        "Headache types:\n"
        "  - Tension\n"
        "\n" + FACTS_LINES + "Needling (for clinicians):\n"
        "  - Approach: Pincer grip, needle tangentially.\n"
        "  - Depth: 1-2 cm\n"
        "  - Structures at risk: nothing real, it is a test\n"
        "\n"
        "Self-care:\n"
        "  - Stretch gently.\n"
        "\n"
        "Sources:\n"
        "  - Demo, A. A made-up reference used only by the tests. 1999\n"
        "\n" + DISCLAIMER_LINES
    )


def test_low_confidence_point_says_so_and_drops_empty_sections(tiny):
    # tp2 has no symptoms, needling or self-care: those titles must not appear empty.
    # demo_web has an address, shown in angle brackets after its text.
    text = card_text(point_card(tiny.get("demo_muscle.tp2.left"), tiny))
    assert text == (
        "Demo muscle TrP2 (left)\n"
        "Demo muscle (DM, test muscle)\n"
        "[demo_muscle.tp2.left]\n"
        "\n"
        "! Warning signs: when to see a doctor\n"
        "! Low confidence: this point rests on web pages or unchecked reports, not on the "
        "trigger point manual or a study.\n"
        "\n"
        "Where:\n"
        "  - Behind the ear.\n"
        "\n"
        "Where it hurts:\n"
        "  - Pain at the back of the head.\n"
        "\n"
        "Headache types:\n"
        "  - Tension\n"
        "\n" + FACTS_LINES + "Sources:\n"
        "  - Demo, A. A made-up reference used only by the tests. 1999\n"
        "  - Demo web page, also made up <https://example.org/demo>\n"
        "\n" + DISCLAIMER_LINES
    )


def test_json_card_for_scripts(tiny):
    data = point_card(tiny.get("demo_muscle.tp2.left"), tiny).as_json()
    assert data == {
        "id": "demo_muscle.tp2.left",
        "label": "Demo muscle TrP2 (left)",
        "muscle": {
            "id": "demo_muscle",
            "name": "Demo muscle",
            "aliases": ["DM", "test muscle"],
            "line": "Demo muscle (DM, test muscle)",
        },
        "side": "left",
        "warning": "Warning signs: when to see a doctor",
        "notes": [
            "Low confidence: this point rests on web pages or unchecked reports, "
            "not on the trigger point manual or a study."
        ],
        "facts": {
            "origin": "the side of the tiny skull",
            "insertion": "further along the side of the tiny skull",
            "action": "holds the test together",
            "innervation": "test nerve",
        },
        "sections": [
            {"title": "Where", "items": ["Behind the ear."]},
            {"title": "Where it hurts", "items": ["Pain at the back of the head."]},
            {"title": "Headache types", "items": ["Tension"]},
            {
                "title": "Muscle facts",
                "items": [
                    "Origin: the side of the tiny skull",
                    "Insertion: further along the side of the tiny skull",
                    "Action: holds the test together",
                    "Innervation: test nerve",
                ],
            },
            {
                "title": "Sources",
                "items": [
                    "Demo, A. A made-up reference used only by the tests. 1999",
                    "Demo web page, also made up <https://example.org/demo>",
                ],
            },
        ],
        "disclaimer": DISCLAIMER,
    }


def test_right_side_point_and_a_confident_point_have_no_note(tiny):
    card = point_card(tiny.get("demo_muscle.tp1.right"), tiny)
    assert (card.side, card.label, card.notes) == ("right", "Demo muscle TrP1 (right)", ())


def test_shipped_card_uses_the_red_flags_summary_and_clinician_symptom_words(shipped):
    point = shipped.get("suboccipitals.group.left")
    card = point_card(point, shipped)
    assert card.warning == shipped.patient_info.red_flags.summary
    symptoms = dict(card.sections)["Symptoms"]
    # The dizziness symptom overlaps two red flags: the clinician card names both.
    assert symptoms[1] == (
        "Some people feel dizzy. A cause in the neck is not proven. "
        "If this is new, see a doctor first. "
        "Rule out: inner-ear (vestibular) disorders, cervical artery dissection."
    )
    self_care = dict(card.sections)["Self-care"]
    assert self_care[1] == "Work on a forward head posture at the desk and on the phone."
    assert self_care[0].endswith(
        " Stop if you feel dizzy or sick, your sight changes, or you feel tingling."
    )
    # The caution comes last in the needling block.
    assert dict(card.sections)["Needling (for clinicians)"][-1] == (
        f"Caution: {point.needling.caution}"
    )


def fake_point(needling=None, sources=(), aliases=()):
    facts = SimpleNamespace(origin="o", insertion="i", action="a", innervation="n")
    muscle = SimpleNamespace(
        id="m", name="Muscle", aliases=aliases, facts=facts, headache_types=("cluster",)
    )
    return SimpleNamespace(
        id="m.tp.left",
        label="Muscle TrP (left)",
        muscle=muscle,
        side="left",
        confidence="high",
        where_clinician="There.",
        referral_text_clinician="Here.",
        symptoms=(),
        self_care=(),
        needling=needling,
        sources=sources,
    )


def test_needling_lines_skip_what_is_not_given():
    needling = SimpleNamespace(approach="Flat palpation.", depth="", at_risk=(), caution="Go slow.")
    assert needling_lines(fake_point(needling)) == (
        "Approach: Flat palpation.",
        "Caution: Go slow.",
    )
    full = SimpleNamespace(
        approach="Pincer.", depth="1 cm", at_risk=("artery", "nerve"), caution=None
    )
    assert needling_lines(fake_point(full)) == (
        "Approach: Pincer.",
        "Depth: 1 cm",
        "Structures at risk: artery, nerve",
    )
    assert needling_lines(fake_point(None)) == ()


def test_unknown_source_key_is_shown_as_the_key_and_no_aliases_no_brackets(tiny):
    card = point_card(fake_point(sources=("demo_web", "missing_key")), tiny)
    assert card.muscle_line == "Muscle"
    assert dict(card.sections)["Sources"] == (
        "Demo web page, also made up <https://example.org/demo>",
        "missing_key",
    )
    assert dict(card.sections)["Headache types"] == ("Cluster",)


def test_wrapping_keeps_addresses_and_hyphenated_words_whole():
    long_url = "https://example.org/" + "a" * 40
    card = PointCard(
        id="x",
        label="L",
        muscle_line="M",
        warning="W",
        notes=(),
        sections=(("Sources", (f"A well-known source-of-truth page {long_url}",)),),
        facts=(),
        muscle_id="m",
        side="left",
    )
    lines = card_text(card, width=30).split("\n")
    body = lines[lines.index("Sources:") + 1 : lines.index("Sources:") + 5]
    # First line bulleted, the rest indented four; the address overruns rather than break.
    assert body == [
        "  - A well-known",
        "    source-of-truth page",
        f"    {long_url}",
        "",
    ]
    # The disclaimer is wrapped at 30 too, and keeps all its words.
    disclaimer = lines[lines.index("Sources:") + 5 :]
    assert max(len(line) for line in disclaimer) <= 30 and len(disclaimer) > 5
    assert " ".join(disclaimer) == DISCLAIMER


def test_headache_type_names_prefer_the_contents_wording(shipped):
    info = shipped.patient_info
    # The shipped file names cervicogenic headache its own way; the built-in name differs.
    assert headache_type_name("cervicogenic", info) == "Cervicogenic headache (from the neck)"
    assert headache_type_name("migraine", info) == "Migraine"
    assert headache_type_name("tension") == "Tension-type headache"
    assert headache_type_name("cervicogenic") == "Cervicogenic headache"
    assert headache_type_name("new_daily_persistent") == "New daily persistent"


def test_warning_line_is_the_contents_own_summary(tiny):
    # A content file may word the red-flags line itself (the shipped one uses the default).
    flags = SimpleNamespace(summary="Red flags: see a doctor before any treatment")
    catalog = SimpleNamespace(patient_info=SimpleNamespace(red_flags=flags), sources={})
    card = point_card(fake_point(), catalog)
    assert card.warning == "Red flags: see a doctor before any treatment"
    assert card_text(card).split("\n")[4] == "! Red flags: see a doctor before any treatment"

"""The shipped content tells the truth about safety: hazards, red flags, precautions, wording.

Each test pins one finding of the clinical review (brief section 6) so that a
later edit of ``trigger_points.yaml`` cannot quietly undo it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from explorer.model.content import load_catalog
from tools.wording import (
    MAX_AVERAGE_GRADE,
    average_grade,
    grade,
    patient_texts,
    python_strings,
    shared_runs,
    yaml_strings,
)

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "trigger_points.yaml"
BRIEFS = ROOT.parent / "shared" / "domain"

#: The upper-neck points: advanced technique over the cord and the vertebral artery.
UPPER_NECK = [
    "splenius_capitis.tp1",
    "semispinalis_capitis.upper",
    "semispinalis_capitis.mid",
    "suboccipitals.group",
    "suboccipitals.obliquus_superior",
]
SCM_POINTS = ["scm_sternal.lower", "scm_sternal.mid", "scm_sternal.upper", "scm_clavicular.tp1"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CONTENT)


def point(catalog, key: str):
    return catalog.get(f"{key}.left")


def hazards(catalog, key: str) -> str:
    """The structures at risk of one point, as one lower-case text."""
    return " | ".join(point(catalog, key).needling.at_risk).lower()


def test_upper_splenius_cervicis_names_cord_and_artery_not_lung(catalog):
    upper = hazards(catalog, "splenius_cervicis.upper")
    assert "spinal cord" in upper and "vertebral artery" in upper and "nerve roots" in upper
    assert "lung" not in upper and "pneumothorax" not in upper
    assert "lung" in hazards(catalog, "splenius_cervicis.lower")


@pytest.mark.parametrize("key", SCM_POINTS)
def test_every_scm_point_names_the_carotid_sheath_and_the_nerves(catalog, key):
    text = hazards(catalog, key)
    for structure in ("carotid sheath", "spinal accessory nerve", "great auricular nerve"):
        assert structure in text, (key, structure)


def test_lower_sternal_scm_names_pleura_and_great_veins_and_only_it(catalog):
    lower = hazards(catalog, "scm_sternal.lower")
    assert "pleura" in lower and "great veins" in lower
    for key in ("scm_sternal.mid", "scm_sternal.upper"):
        assert "pleura" not in hazards(catalog, key)


@pytest.mark.parametrize("key", UPPER_NECK)
def test_upper_neck_points_are_advanced_aim_at_bone_and_give_no_safe_depth(catalog, key):
    text = hazards(catalog, key)
    for structure in (
        "spinal cord",
        "vertebral artery",
        "greater occipital nerve",
        "occipital artery",
    ):
        assert structure in text, (key, structure)
    needling = point(catalog, key).needling
    approach = needling.approach.lower()
    assert "advanced" in approach and "ultrasound" in approach and "bone" in approach
    everything = " ".join(filter(None, (needling.approach, needling.depth, needling.caution)))
    # No length in mm or cm anywhere in the block: a number would read as a safe depth.
    assert not re.search(r"\d\s*(mm|cm)\b", everything), key
    assert "not a safe depth" in everything or "no depth" in everything.lower()


@pytest.mark.parametrize(
    ("key", "structures"),
    [
        ("temporalis.tp1", ["superficial temporal artery"]),
        ("temporalis.tp4", ["superficial temporal artery"]),
        ("masseter.a", ["parotid duct", "facial artery", "transverse facial artery"]),
        ("masseter.d", ["parotid duct", "facial artery"]),
        ("frontalis.tp1", ["orbit"]),
        ("occipitalis.tp1", ["greater occipital nerve", "occipital artery"]),
        ("upper_trapezius.tp1", ["lung apex"]),
        ("levator_scapulae.upper", ["lung apex"]),
        ("lower_trapezius.tp1", ["lung"]),
    ],
)
def test_face_scalp_and_shoulder_hazards(catalog, key, structures):
    text = hazards(catalog, key)
    for structure in structures:
        assert structure in text, (key, structure)


def test_what_to_expect_names_minor_effects_rare_risk_and_what_to_tell_first(catalog):
    items = {item.id: item for item in catalog.patient_info.what_to_expect}
    effects = items["after_effects"].text.lower()
    for word in ("sore", "bruis", "bleed", "faint"):
        assert word in effects
    assert "BRADY14" in items["after_effects"].sources
    assert "pneumothorax" in items["rare_risks"].text and "rarely" in items["rare_risks"].text
    # The survey found no serious event: it backs the minor effects, not the rare risk.
    assert "BRADY14" not in items["rare_risks"].sources
    before = items["before"].text.lower()
    for word in (
        "blood thinners",
        "bleed easily",
        "pregnant",
        "afraid of needles",
        "infected",
        "implant",
    ):
        assert word in before, word
    assert items["before"].sources


def test_red_flags_cover_snnoop10_as_completed(catalog):
    text = " ".join(f"{flag.title} {flag.text}" for flag in catalog.patient_info.red_flags.flags)
    text = text.lower()
    for sign in (
        "fever", "stiff neck", "rash", "weight loss", "cancer", "hiv", "weakness", "confusion",
        "at its worst within a minute", "after the age of 50", "temple or jaw", "chew",
        "red or watering eye", "droops", "blurred", "greying", "coughing", "lie down",
        "10 or more days a month", "new medicine", "pregnancy", "after giving birth",
        "blow to the head", "keeps getting worse",
    ):  # fmt: skip
        assert sign in text, sign


@pytest.mark.parametrize(
    ("key", "symptom", "condition"),
    [
        ("scm_sternal.lower", "watering eye", "glaucoma"),
        ("scm_sternal.upper", "narrower", "dissection"),
        ("scm_sternal.mid", "blurred vision", "papilloedema"),
        ("scm_clavicular.tp1", "dizzy", "dissection"),
        ("scm_clavicular.tp1", "heavy things", "stroke"),
        ("splenius_capitis.tp1", "whiplash", "dissection"),
        ("splenius_cervicis.upper", "blurred vision", "papilloedema"),
        ("occipitalis.tp1", "light and noise", "migraine"),
        ("frontalis.tp1", "light and noise", "migraine"),
        ("temporalis.tp2", "jaw when you chew", "giant-cell arteritis"),
        ("masseter.b", "jaw when you chew", "giant-cell arteritis"),
        ("upper_trapezius.tp1", "dizziness", "vestibular"),
    ],
)
def test_symptoms_that_overlap_red_flags_say_so(catalog, key, symptom, condition):
    matches = [s for s in point(catalog, key).symptoms if symptom in s.text.lower()]
    assert matches, (key, symptom)
    assert any(condition in " ".join(s.rule_out).lower() for s in matches), (key, condition)


def test_neck_stretches_with_extension_and_rotation_carry_a_stop_rule(catalog):
    for key in ("scm_sternal.lower", "scm_clavicular.tp1", "levator_scapulae.upper"):
        steps = [s for s in point(catalog, key).self_care if "turn" in s.text.lower()]
        assert steps and all(s.stop_if and "dizzy" in s.stop_if for s in steps), key


def test_no_reviewer_or_developer_notes_anywhere_in_the_content():
    text = CONTENT.read_text(encoding="utf-8").lower()
    banned = (
        "from recall", "not checked against", "not available to us", "tp-2", "tp-3",
        "in emg work", "our sources", "general anatomy; not from",
    )  # fmt: skip
    for phrase in banned:
        assert phrase not in text, phrase


def test_no_unauthorised_copies_slides_or_flashcards_are_cited():
    text = CONTENT.read_text(encoding="utf-8").lower()
    for host in ("pubhtml5", "vdocuments", "dokumen", "slideplayer", "brainscape", "docsbay"):
        assert host not in text, host


def test_every_travell_and_simons_muscle_cites_its_chapter(catalog):
    for tp in catalog.trigger_points():
        assert any(key.startswith("TS99-CH") for key in tp.sources), tp.id


def test_patient_fields_average_grade_eight_or_below(catalog):
    mean, grades = average_grade(catalog)
    assert len(grades) > 150  # every card, symptom, step and About text is measured
    assert mean <= MAX_AVERAGE_GRADE, grades[:5]


def test_grade_counts_syllables_from_the_dictionary():
    # 14 words, 1 sentence, 18 syllables (head-ache 2, u-sual-ly 3 in the dictionary's
    # shortest reading, for-ward 2, the rest 1): 0.39 * 14 + 11.8 * 18 / 14 - 15.59.
    text = "The headache usually starts at the back of the neck and then moves forward."
    assert grade(text) == pytest.approx(0.39 * 14 + 11.8 * 18 / 14 - 15.59)
    # A word the dictionary lacks falls back to the rule-based count, never zero.
    assert grade("Sternocleidomastoid.") > grade("Neck.")


def test_patient_texts_hold_no_clinician_wording(catalog):
    texts = " ".join(text for _name, text in patient_texts(catalog)).lower()
    for word in ("pincer", "electromyograph", "acromion", "innervation zone", "lamina"):
        assert word not in texts, word


@pytest.mark.skipif(not BRIEFS.is_dir(), reason="the domain briefs live beside the repository")
@pytest.mark.parametrize("brief", ["brief.md", "anatomy.md"])
def test_no_twelve_word_run_is_copied_from_the_briefs(brief):
    data = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    data.pop("sources")  # citations: titles and addresses must match their works
    texts = [*yaml_strings(data), *python_strings(ROOT / "explorer")]
    assert shared_runs(texts, (BRIEFS / brief).read_text(encoding="utf-8")) == []


def test_copy_check_finds_a_copied_run():
    reference = "one two three four five six seven eight nine ten eleven twelve thirteen"
    copied = [("x", "Intro: One, two three four five six seven eight nine ten eleven twelve!")]
    assert shared_runs(copied, reference) == [
        ("x", "one two three four five six seven eight nine ten eleven twelve")
    ]
    assert (
        shared_runs(
            [("y", "two three four five six seven eight nine ten eleven twelve")], reference
        )
        == []
    )

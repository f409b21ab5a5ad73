"""content.py pinned: per-side points, needling directions, look-ups, how problems are collected."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.content import Anchor, Region, Spot, Stroke, load_catalog
from explorer.model.content_schema import SelfCare, Symptom
from explorer.model.errors import ContentError

# Two muscles. alpha.tp1 is written with its sides as [right, left] (the catalog still puts
# left first), split patient/clinician wording and a needling vector; alpha.tp2 is left
# only with a named direction; beta.tp1 is right only, without needling.
# Line numbers below refer to this text.
CONTENT = """\
version: 1
sources:
  s1: A made-up book
muscles:
  - id: alpha
    name: Alpha
    structures: [alpha, alpha_deep]
    facts: {origin: a, insertion: b, action: c, innervation: d}
    trigger_points:
      - id: tp1
        name: Alpha TrP1
        at: {landmark: temple_left, offset: [-1.0, 2.0, 3.0]}
        where: {patient: In the temple., clinician: Over the temporal fossa.}
        sides: [right, left]
        referral:
          essential:
            - spot: {at: temple_left, radius_mm: 25}
          spillover:
            - region: {around: [vertex, mastoid_left], radius_mm: 10}
        referral_text: Pain at the temple.
        symptoms: [Dizziness, {text: Blurred vision, rule_out: [a stroke]}]
        needling:
          approach: Flat.
          direction: [-0.6, 0.0, 0.8]
        self_care: [{text: Stretch., stop_if: It hurts.}]
        sources: [s1]
        confidence: low
      - id: tp2
        name: Alpha TrP2
        at: [-10.0, 0.0, 0.0]
        where: Low.
        sides: [left]
        referral:
          essential:
            - spot: {at: vertex, radius_mm: 5}
        referral_text: Pain low.
        needling: {approach: Straight., direction: pincer}
        sources: [s1]
  - id: beta
    name: Beta
    structures: [beta]
    facts: {origin: a, insertion: b, action: c, innervation: d}
    trigger_points:
      - id: tp1
        name: Beta TrP1
        at: [-5.0, 0.0, 0.0]
        where: Mid.
        sides: [right]
        referral:
          essential:
            - stroke: {through: [glabella, inion], width_mm: 10}
        referral_text: Across.
        sources: [s1]
"""
# The unknown-key messages list the keys of a muscle in schema order.
MUSCLE_KEYS = "id, name, aliases, structures, facts, headache_types, trigger_points"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "content.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(tmp_path: Path, text: str) -> list[str]:
    """Every problem of ``text`` as its whole line, the file shown as ``F``."""
    path = write(tmp_path, text)
    with pytest.raises(ContentError) as caught:
        load_catalog(path)
    return [str(problem).replace(str(path), "F") for problem in caught.value.problems]


@pytest.fixture
def catalog(tmp_path):
    return load_catalog(str(write(tmp_path, CONTENT)))  # a str path works too


def test_points_come_per_muscle_then_file_order_left_before_right(catalog, tmp_path):
    ids = [point.id for point in catalog.trigger_points()]
    assert ids == ["alpha.tp1.left", "alpha.tp1.right", "alpha.tp2.left", "beta.tp1.right"]
    assert catalog.path == tmp_path / "content.yaml"
    assert list(catalog.sources) == ["s1"]
    assert [muscle.id for muscle in catalog.muscles] == ["alpha", "beta"]
    assert catalog.patient_info is None


def test_every_field_of_a_left_point(catalog):
    point = catalog.get("alpha.tp1.left")
    assert (point.key, point.side, point.muscle.id, point.name) == (
        "tp1",
        "left",
        "alpha",
        "Alpha TrP1",
    )
    assert point.label == "Alpha TrP1 (left)"
    assert point.at == Anchor("temple_left", (-1.0, 2.0, 3.0))
    assert point.structures == ("alpha_left", "alpha_deep_left")
    assert (point.where, point.where_clinician) == ("In the temple.", "Over the temporal fossa.")
    # One text for both readers when the file gives one.
    assert (point.referral_text, point.referral_text_clinician) == ("Pain at the temple.",) * 2
    assert point.symptoms == (
        Symptom(text="Dizziness"),
        Symptom(text="Blurred vision", rule_out=("a stroke",)),
    )
    assert point.needling.approach == "Flat."
    assert point.self_care == (SelfCare(text="Stretch.", stop_if="It hurts."),)
    assert (point.sources, point.confidence) == (("s1",), "low")
    assert point.referral_spec.essential[0].zone == Spot(at=Anchor("temple_left"), radius_mm=25)


def test_every_field_of_the_right_point_is_mirrored_or_shared(catalog):
    point = catalog.get("alpha.tp1.right")
    assert (point.key, point.side, point.muscle.id, point.name) == (
        "tp1",
        "right",
        "alpha",
        "Alpha TrP1",
    )
    # The landmark swaps side and the offset's x changes sign.
    assert point.at == Anchor("temple_right", (1.0, 2.0, 3.0))
    assert point.structures == ("alpha_right", "alpha_deep_right")
    assert (point.where, point.where_clinician) == ("In the temple.", "Over the temporal fossa.")
    assert (point.referral_text, point.referral_text_clinician) == ("Pain at the temple.",) * 2
    assert len(point.symptoms) == 2 and point.self_care[0].stop_if == "It hurts."
    assert (point.sources, point.confidence, point.needling.approach) == (("s1",), "low", "Flat.")


def test_zones_are_mirrored_only_on_the_right(catalog):
    left = catalog.get("alpha.tp1.left").referral
    assert left.essential == (Spot(at=Anchor("temple_left"), radius_mm=25),)
    assert left.spillover == (
        Region(around=(Anchor("vertex"), Anchor("mastoid_left")), radius_mm=10),
    )
    right = catalog.get("alpha.tp1.right").referral
    assert right.essential == (Spot(at=Anchor("temple_right"), radius_mm=25),)
    assert right.spillover == (
        Region(around=(Anchor("vertex"), Anchor("mastoid_right")), radius_mm=10),
    )
    # Midline landmarks stay as they are; the referral is built once.
    beta = catalog.get("beta.tp1.right")
    assert beta.referral.essential == (
        Stroke(through=(Anchor("glabella"), Anchor("inion")), width_mm=10),
    )
    assert beta.referral.spillover == ()
    assert beta.referral is beta.referral


def test_needle_direction_vector_is_mirrored_on_the_right(catalog):
    # Written for the left: x -0.6, front 0, up 0.8 (length 1). The right side flips x only.
    assert catalog.get("alpha.tp1.left").needle_direction == (-0.6, 0.0, 0.8)
    assert catalog.get("alpha.tp1.right").needle_direction == (0.6, 0.0, 0.8)
    assert catalog.get("alpha.tp2.left").needle_direction == "pincer"
    assert catalog.get("beta.tp1.right").needle_direction is None  # no needling block


def test_muscle_and_point_look_ups(catalog):
    assert catalog.muscle("beta").name == "Beta"
    assert catalog.muscle("alpha").name == "Alpha"
    with pytest.raises(KeyError) as caught:
        catalog.muscle("gamma")
    assert caught.value.args == ("no muscle with id 'gamma'",)
    with pytest.raises(KeyError) as caught:
        catalog.get("alpha.tp2.right")  # tp2 is left only
    assert caught.value.args == ("no trigger point with id 'alpha.tp2.right'",)
    assert [point.id for point in catalog.search("beta")] == ["beta.tp1.right"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- a\n- b\n", "a list of 2 item(s)"),
        ("", "nothing (an empty value)"),
        ("7\n", "the number 7"),
    ],
    ids=["list", "empty", "number"],
)
def test_a_file_that_is_no_mapping_is_one_problem_at_its_start(tmp_path, text, found):
    assert messages(tmp_path, text) == [
        f"F:1:1: expected a mapping with version, sources and muscles; found {found}. "
        "Fix: Start the file with 'version: 1'."
    ]


def test_sources_that_are_no_mapping_make_no_unknown_key_problems(tmp_path):
    # The points cite s1, which this list lacks; but with no usable 'sources' mapping no
    # key can be called unknown.
    text = CONTENT.replace("sources:\n  s1: A made-up book\n", "sources: [t1]\n")
    assert messages(tmp_path, text) == [
        "F:2:1: sources: expected a mapping; found a list of 1 item(s). "
        "Fix: Write 'key: value' entries indented under this key."
    ]


def test_muscles_that_are_no_list_are_not_validated_one_by_one(tmp_path):
    assert messages(tmp_path, "version: 1\nsources: {s1: A book}\nmuscles: {alpha: 1}\n") == [
        "F:3:1: muscles: expected a list; found a mapping with keys alpha. "
        "Fix: Write a YAML list: [a, b] or one '- item' per line."
    ]


def test_every_bad_muscle_is_reported_with_the_keys_it_may_have(tmp_path):
    text = CONTENT.replace("    name: Alpha\n", "    name: Alpha\n    colour: red\n").replace(
        "    name: Beta\n", "    name: Beta\n    facts2: x\n"
    )
    assert messages(tmp_path, text) == [
        f"F:7:5: muscles[0].colour: unknown key 'colour'; expected one of: {MUSCLE_KEYS}. "
        "Fix: Remove it or check its spelling.",
        f"F:42:5: muscles[1].facts2: unknown key 'facts2'; expected one of: {MUSCLE_KEYS}. "
        "Fix: Did you mean 'facts'?",
    ]


def test_an_unknown_top_level_key_lists_the_top_level_keys(tmp_path):
    assert messages(tmp_path, CONTENT.replace("version: 1\n", "version: 1\nextra: 2\n")) == [
        "F:2:1: extra: unknown key 'extra'; expected one of: version, sources, muscles, "
        "patient_info. Fix: Remove it or check its spelling."
    ]


def test_uncited_sources_are_only_reported_on_an_otherwise_valid_file(tmp_path):
    spare = CONTENT.replace("  s1: A made-up book\n", "  s1: A made-up book\n  s2: Unused\n")
    assert messages(tmp_path, spare) == [
        "F:4:3: sources.s2: expected every source to be cited; found 's2', which nothing "
        "cites. Fix: Cite it where it backs a claim, or remove it."
    ]
    # With another problem in the file, the citation check waits for it to be fixed.
    broken = spare.replace("    name: Beta\n", "    name: Beta\n    colour: red\n")
    assert messages(tmp_path, broken) == [
        f"F:42:5: muscles[1].colour: unknown key 'colour'; expected one of: {MUSCLE_KEYS}. "
        "Fix: Remove it or check its spelling."
    ]


def test_problems_are_sorted_by_line_whatever_check_found_them(tmp_path):
    # A structural problem in beta (line 41) is found before a cross-check problem in
    # alpha (line 26, an unknown source), but listed after it.
    text = CONTENT.replace(
        "        sources: [s1]\n        confidence: low\n",
        "        sources: [s9]\n        confidence: low\n",
    )
    text = text.replace("    name: Beta\n", "    name: Beta\n    colour: red\n")
    assert [line.split(": ", 2)[0:2] for line in messages(tmp_path, text)] == [
        ["F:26:19", "muscles[0].trigger_points[0].sources[0]"],
        ["F:41:5", "muscles[1].colour"],
    ]


# Inserted after line 3, so CONTENT's lines move down by 25 (muscle alpha's sources: line 51).
PATIENT_INFO = """\
  s2: A made-up guideline
patient_info:
  question: Can it help?
  answer: Perhaps.
  disclaimer: Education only.
  sources: [s1]
  headache_types:
    - type: tension
      name: Tension-type headache
      short_answer: Maybe.
      evidence: Little.
      certainty: low
      cannot_do: [It cannot cure.]
      sources: [s1]
  what_to_expect:
    - id: soreness
      title: Soreness
      text: Sore for a day.
      sources: [s1]
  red_flags:
    intro: See a doctor first if
    flags:
      - {id: onset, title: Sudden start, text: Worst at once.}
    advice: A doctor first.
    sources: [s2]
"""


def with_patient_info(old: str = "", new: str = "") -> str:
    text = CONTENT.replace("  s1: A made-up book\n", "  s1: A made-up book\n" + PATIENT_INFO)
    return text.replace(old, new) if old else text


def test_a_source_cited_only_by_the_patient_information_counts_as_cited(tmp_path):
    # s2 is cited by the red flags alone.
    catalog = load_catalog(write(tmp_path, with_patient_info()))
    assert catalog.patient_info.red_flags.sources == ("s2",)
    assert list(catalog.sources) == ["s1", "s2"]


def test_unknown_keys_in_the_patient_information_and_the_muscles_are_all_reported(tmp_path):
    text = with_patient_info("    sources: [s2]\n", "    sources: [s3]\n").replace(
        "        sources: [s1]\n        confidence: low\n",
        "        sources: [s9]\n        confidence: low\n",
    )
    unknown = "expected a key defined under 'sources' at the top of the file; found"
    assert messages(tmp_path, text) == [
        f"F:28:15: patient_info.red_flags.sources[0]: {unknown} 's3'. "
        "Fix: Add it under 'sources:' or correct the spelling.",
        f"F:51:19: muscles[0].trigger_points[0].sources[0]: {unknown} 's9'. "
        "Fix: Add it under 'sources:' or correct the spelling.",
    ]

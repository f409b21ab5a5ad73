"""The handout's data: only patient wording, the warning signs, the sources, the disclaimer."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from explorer.model.card_text import SEE_DOCTOR_IF_NEW
from explorer.model.content import load_catalog
from explorer.model.handout import (
    FALLBACK_DISCLAIMER,
    HandoutOptions,
    build_handout,
    date_text,
)

ROOT = Path(__file__).resolve().parents[2]
UPPER_TRAP = "upper_trapezius.tp1.left"
SCM_LOWER = "scm_sternal.lower.right"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "trigger_points.yaml")


def page_text(handout) -> str:
    """Every text of the handout, as one string."""
    parts = [handout.title, handout.clinic, handout.date_text, handout.figure.caption]
    for part in handout.points:
        parts += [part.heading, part.point_name, part.where, part.referral_text]
        parts += [*part.symptoms, *part.self_care, part.low_confidence or ""]
    signs = handout.warning_signs
    parts += [signs.title, signs.intro, signs.advice]
    parts += [text for flag in signs.flags for text in flag]
    return " ".join([*parts, *handout.sources, handout.disclaimer])


def test_one_point_carries_its_patient_words_and_the_warning_signs(catalog):
    options = HandoutOptions(clinic="  Riverside Physio ", date=datetime.date(2026, 12, 1))
    handout = build_handout(catalog, [UPPER_TRAP], options)
    point = catalog.get(UPPER_TRAP)
    part = handout.points[0]
    assert handout.clinic == "Riverside Physio"
    assert handout.date_text == "1 December 2026"
    assert part.where == point.where and part.referral_text == point.referral_text
    assert part.point_name == "Upper trapezius TrP1 (left)"
    assert handout.figure.point_ids == (UPPER_TRAP,) and handout.figure.views == 2
    flags = catalog.patient_info.red_flags.flags
    assert [title for title, _text in handout.warning_signs.flags] == [f.title for f in flags]
    assert handout.disclaimer == catalog.patient_info.disclaimer


def test_no_needling_clinician_wording_or_rule_outs_reach_the_page(catalog):
    handout = build_handout(catalog, [UPPER_TRAP, SCM_LOWER], HandoutOptions())
    text = page_text(handout)
    for tp_id in (UPPER_TRAP, SCM_LOWER):
        point = catalog.get(tp_id)
        needling = point.needling
        for clinical in (needling.approach, needling.depth, needling.caution, *needling.at_risk):
            if clinical:
                assert clinical not in text, clinical
        assert point.where_clinician == point.where or point.where_clinician not in text
        for symptom in point.symptoms:
            for condition in symptom.rule_out:
                assert condition not in text, condition
    for word in ("pincer", "needl", "pleura", "cadaver"):
        assert word not in text.lower(), word


def test_red_flag_symptoms_say_see_a_doctor_and_stretches_keep_their_stop_rule(catalog):
    part = build_handout(catalog, [SCM_LOWER], HandoutOptions()).points[0]
    point = catalog.get(SCM_LOWER)
    flagged = [s for s in point.symptoms if s.overlaps_red_flag]
    assert flagged
    for symptom in flagged:
        assert f"{symptom.text} {SEE_DOCTOR_IF_NEW}" in part.symptoms
    stops = [step.stop_if for step in point.self_care if step.stop_if]
    assert stops and all(any(stop in line for line in part.self_care) for stop in stops)


def test_sources_are_listed_once_without_the_needling_ones(catalog):
    handout = build_handout(catalog, [UPPER_TRAP, "upper_trapezius.tp1.right"], HandoutOptions())
    sources = handout.sources
    assert len(sources) == len(set(sources))
    assert any(line.startswith(catalog.sources["TS99-CH6"].text) for line in sources)
    assert any(catalog.sources["SNNOOP10"].text in line for line in sources), "warning signs"
    assert not any("needling" in line.lower() for line in sources)
    assert any(catalog.sources["NAM-UT"].url in line for line in sources), "addresses kept"


def test_points_get_colours_in_selection_order_and_low_confidence_says_so(catalog):
    ids = [UPPER_TRAP, "upper_trapezius.tp2.left", SCM_LOWER]
    handout = build_handout(catalog, ids, HandoutOptions())
    assert [part.colour for part in handout.points] == [0, 1, 2]
    assert handout.points[1].low_confidence and not handout.points[0].low_confidence
    assert "Each point has its own colour" in handout.figure.caption


def test_refuses_nothing_too_many_and_unknown_paper(catalog):
    ids = [p.id for p in catalog.trigger_points()[:5]]
    with pytest.raises(ValueError, match="at least one"):
        build_handout(catalog, [], HandoutOptions())
    with pytest.raises(ValueError, match="at most 4"):
        build_handout(catalog, ids, HandoutOptions())
    with pytest.raises(ValueError, match="unknown paper"):
        build_handout(catalog, ids[:1], HandoutOptions(paper="a3"))
    with pytest.raises(KeyError):
        build_handout(catalog, ["no.such.point"], HandoutOptions())


def test_content_without_patient_info_still_warns_and_disclaims(tiny_catalog):
    handout = build_handout(tiny_catalog, ["demo_muscle.tp1.left"], HandoutOptions())
    assert handout.warning_signs.flags and handout.disclaimer == FALLBACK_DISCLAIMER
    assert handout.sources == (tiny_catalog.sources["demo1999"].text,)


def test_dates_are_written_out():
    assert date_text(datetime.date(2027, 3, 9)) == "9 March 2027"

"""The handout's data pinned down: headings, captions, map notes, limits, dates, fallbacks."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.model.handout import HandoutOptions, build_handout, date_text
from tests.tiny_paths import CONTENT

ROOT = Path(__file__).resolve().parents[2]
UT_LEFT = "upper_trapezius.tp1.left"
UT_RIGHT = "upper_trapezius.tp1.right"
SCM_LOWER = "scm_sternal.lower.right"
MAP_NOTE = (
    "The coloured areas show where pain from a tight spot in a muscle (a trigger point) "
    "is often felt. Solid colour: where it is felt most. Stripes: where it can spread."
)
COMPARE_NOTE = "Where two colours take turns in stripes, pain from both points can be felt there."


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "trigger_points.yaml")


def test_one_point_heading_caption_and_map_note(catalog):
    handout = build_handout(catalog, [UT_LEFT], HandoutOptions())
    part = handout.points[0]
    assert (part.id, part.heading) == (UT_LEFT, "Upper trapezius, left side")
    assert handout.figure.caption == (
        "Where pain from this point is often felt: Upper trapezius, left"
    )
    # One point: no stripes of two colours, so no compare sentence.
    assert handout.map_note == MAP_NOTE


@pytest.mark.parametrize("ids", [[UT_LEFT, UT_RIGHT], [UT_LEFT, UT_RIGHT, SCM_LOWER]])
def test_several_points_share_a_caption_and_explain_the_stripes(catalog, ids):
    handout = build_handout(catalog, ids, HandoutOptions())
    assert handout.figure.caption == (
        "Where pain from these points is often felt. Each point has its own colour."
    )
    assert handout.map_note == f"{MAP_NOTE} {COMPARE_NOTE}"
    assert [part.heading for part in handout.points][:2] == [
        "Upper trapezius, left side",
        "Upper trapezius, right side",
    ]


def test_four_points_fit_and_repeats_count_once(catalog):
    four = [p.id for p in catalog.trigger_points()[:4]]
    assert len(build_handout(catalog, four, HandoutOptions()).points) == 4
    handout = build_handout(catalog, [UT_LEFT, UT_LEFT, UT_RIGHT], HandoutOptions())
    assert handout.figure.point_ids == (UT_LEFT, UT_RIGHT)


def test_error_messages_say_what_is_wrong(catalog):
    with pytest.raises(ValueError, match=r"^a handout needs at least one trigger point$"):
        build_handout(catalog, [], HandoutOptions())
    with pytest.raises(ValueError, match=r"^unknown paper 'a3'; expected one of a4, letter$"):
        build_handout(catalog, [UT_LEFT], HandoutOptions(paper="a3"))


def test_logo_and_paper_reach_the_page(catalog):
    options = HandoutOptions(logo=Path("clinic.png"), paper="letter")
    handout = build_handout(catalog, [UT_LEFT], options)
    assert (handout.logo, handout.paper) == (Path("clinic.png"), "letter")


def test_patient_symptoms_never_name_conditions_to_rule_out(catalog):
    part = build_handout(catalog, ["suboccipitals.group.left"], HandoutOptions()).points[0]
    assert (
        "Some people feel dizzy. A cause in the neck is not proven. "
        + ("If this is new, see a doctor first.")
        in part.symptoms
    )
    assert not any("Rule out" in line for line in part.symptoms)


def test_fallback_warning_signs_without_patient_info():
    tiny = load_catalog(CONTENT)
    signs = build_handout(tiny, ["demo_muscle.tp1.left"], HandoutOptions()).warning_signs
    assert signs.title == "Warning signs: when to see a doctor"
    assert signs.intro == (
        "Most headaches are not dangerous. But see a doctor first if your headache:"
    )
    assert signs.advice == "Any one of these means seeing a doctor first."
    assert [title for title, _text in signs.flags] == [
        "Is sudden or very bad",
        "Comes with other signs",
        "Is new or changing",
    ]


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@pytest.mark.parametrize("month, name", list(enumerate(MONTHS, start=1)))
def test_every_month_is_written_out(month, name):
    assert date_text(datetime.date(2026, month, 14)) == f"14 {name} 2026"

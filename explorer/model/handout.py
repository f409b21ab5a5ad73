"""What goes on the patient's handout, as plain data: no Qt, no rendering.

A therapist hands this page to the patient after showing them where their
pain comes from. :func:`build_handout` picks, from the catalog, only what a
patient should read: the patient wording of each point, its symptoms (with
the see-a-doctor line where a symptom can also be a warning sign), the
self-care steps with their stop rules, the warning signs, the sources and the
disclaimer. Nothing from the clinician's side is copied: no needling, no
clinician wording, no conditions to rule out, no source about needle
technique. The same allow-list rule as the kiosk's patient card: a field
added to the content later stays off the page until someone puts it here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from explorer.model.card_text import self_care_text, symptom_text
from explorer.model.content import Catalog, TriggerPoint
from explorer.model.patient_info import WARNING_LINE

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")

TITLE = "Where your pain may come from"
#: Explains the picture, whatever the number of points.
MAP_NOTE = (
    "The coloured areas show where pain from a tight spot in a muscle (a trigger point) "
    "is often felt. Solid colour: where it is felt most. Stripes: where it can spread."
)
#: Added when several points share the map.
COMPARE_NOTE = "Where two colours take turns in stripes, pain from both points can be felt there."
LOW_CONFIDENCE = (
    "Not sure: this point is drawn from web pages, not from a study or the main textbook."
)
#: Used when the content file has no patient information of its own.
FALLBACK_INTRO = "Most headaches are not dangerous. But see a doctor first if your headache:"
FALLBACK_FLAGS = (
    ("Is sudden or very bad", "It comes on all at once, or it is the worst you have had."),
    (
        "Comes with other signs",
        "Fever, stiff neck, weakness, numbness, confusion, or sight changes.",
    ),
    ("Is new or changing", "It is a new kind of headache, or it keeps getting worse."),
)
FALLBACK_ADVICE = "Any one of these means seeing a doctor first."
FALLBACK_DISCLAIMER = (
    "This handout is for learning only. It does not find out what is wrong, and it does not "
    "replace a check by a doctor or a trained therapist."
)
#: Source titles about needle technique are for clinicians, even in a citation list.
CLINICIAN_SOURCE = re.compile(r"needl|depth|cadaver|pleura", re.IGNORECASE)
#: How many points one handout takes: four fit on four pages.
MAX_POINTS = 4


@dataclass(frozen=True)
class HandoutOptions:
    """Who hands it out, on what paper, and when.

    Attributes
    ----------
    clinic
        The clinic's name for the header ("" for none).
    logo
        A PNG or JPEG of the clinic's logo, or None.
    paper
        ``"a4"`` or ``"letter"``.
    date
        The date printed in the header; today by default.
    """

    clinic: str = ""
    logo: Path | None = None
    paper: Paper = "a4"
    date: datetime.date | None = None


@dataclass(frozen=True)
class PointPart:
    """One trigger point in the patient's words; ``colour`` indexes the compare palette."""

    id: str
    heading: str
    point_name: str
    colour: int
    where: str
    referral_text: str
    symptoms: tuple[str, ...]
    self_care: tuple[str, ...]
    low_confidence: str | None


@dataclass(frozen=True)
class Figure:
    """One map: the points it paints, drawn from the two views that show them best."""

    point_ids: tuple[str, ...]
    caption: str
    views: int = 2


@dataclass(frozen=True)
class WarningSigns:
    """The signs that need a doctor before any muscle treatment."""

    title: str
    intro: str
    flags: tuple[tuple[str, str], ...]
    advice: str


@dataclass(frozen=True)
class Handout:
    """Everything on the page, in reading order."""

    title: str
    clinic: str
    logo: Path | None
    date_text: str
    paper: Paper
    figure: Figure
    map_note: str
    points: tuple[PointPart, ...]
    warning_signs: WarningSigns
    sources: tuple[str, ...]
    disclaimer: str


def build_handout(catalog: Catalog, point_ids: list[str], options: HandoutOptions) -> Handout:
    """The handout for ``point_ids`` (in selection order).

    Raises
    ------
    KeyError
        For an unknown trigger point id.
    ValueError
        For no point, more than :data:`MAX_POINTS`, or an unknown paper size.
    """
    ids = tuple(dict.fromkeys(point_ids))
    if not ids:
        raise ValueError("a handout needs at least one trigger point")
    if len(ids) > MAX_POINTS:
        raise ValueError(f"a handout takes at most {MAX_POINTS} trigger points; got {len(ids)}")
    if options.paper not in PAPERS:
        raise ValueError(f"unknown paper '{options.paper}'; expected one of {', '.join(PAPERS)}")
    points = [catalog.get(tp_id) for tp_id in ids]
    info = catalog.patient_info
    return Handout(
        title=TITLE,
        clinic=options.clinic.strip(),
        logo=options.logo,
        date_text=date_text(options.date or datetime.date.today()),
        paper=options.paper,
        figure=Figure(ids, figure_caption(points)),
        map_note=MAP_NOTE if len(points) == 1 else f"{MAP_NOTE} {COMPARE_NOTE}",
        points=tuple(point_part(point, index) for index, point in enumerate(points)),
        warning_signs=warning_signs(catalog),
        sources=source_lines(catalog, points),
        disclaimer=info.disclaimer if info else FALLBACK_DISCLAIMER,
    )


def point_part(point: TriggerPoint, colour: int) -> PointPart:
    """The patient's part of one trigger point: allow-listed fields only."""
    side = "left side" if point.side == "left" else "right side"
    return PointPart(
        id=point.id,
        heading=f"{point.muscle.name}, {side}",
        point_name=point.label,
        colour=colour,
        where=point.where,
        referral_text=point.referral_text,
        symptoms=tuple(symptom_text(symptom, clinician=False) for symptom in point.symptoms),
        self_care=tuple(self_care_text(step) for step in point.self_care),
        low_confidence=LOW_CONFIDENCE if point.confidence == "low" else None,
    )


def figure_caption(points: list[TriggerPoint]) -> str:
    """What the map shows, in words."""
    if len(points) == 1:
        return (
            f"Where pain from this point is often felt: {points[0].muscle.name}, {points[0].side}"
        )
    return "Where pain from these points is often felt. Each point has its own colour."


def warning_signs(catalog: Catalog) -> WarningSigns:
    """The content's red flags in the patient's words, or a short fallback list."""
    info = catalog.patient_info
    if info is None:
        return WarningSigns(WARNING_LINE, FALLBACK_INTRO, FALLBACK_FLAGS, FALLBACK_ADVICE)
    flags = info.red_flags
    return WarningSigns(
        flags.summary,
        flags.intro,
        tuple((flag.title, flag.text) for flag in flags.flags),
        flags.advice,
    )


def source_lines(catalog: Catalog, points: list[TriggerPoint]) -> tuple[str, ...]:
    """Each source once, in order of first citation: the points', then the warning signs'.

    Sources about needle technique are left out: their titles name it.
    """
    keys = [key for point in points for key in point.sources]
    if catalog.patient_info is not None:
        keys += catalog.patient_info.red_flags.sources
    lines = []
    for key in dict.fromkeys(keys):
        source = catalog.sources.get(key)
        if source is None or CLINICIAN_SOURCE.search(source.text):
            continue
        lines.append(f"{source.text} {source.url}" if source.url else source.text)
    return tuple(lines)


def date_text(day: datetime.date) -> str:
    """A date as people write it, e.g. ``1 December 2026`` (no locale: the same everywhere)."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
    return f"{day.day} {months[day.month - 1]} {day.year}"

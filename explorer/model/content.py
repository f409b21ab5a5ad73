"""``trigger_points.yaml`` -> :class:`Catalog` of muscles and per-side trigger points.

The file is validated once, at load. Every problem is collected (structure
first, then cross-checks such as unknown source keys or landmark names) and
raised together as one :class:`~explorer.model.errors.ContentError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from explorer.model.content_checks import citation_problems, cross_check
from explorer.model.content_ranges import AtlasExtent, range_problems
from explorer.model.content_schema import (
    ContentHeader,
    Muscle,
    Needling,
    ReferralSpec,
    SelfCare,
    Source,
    Symptom,
    TriggerPointSpec,
)
from explorer.model.errors import ContentError, Problem
from explorer.model.patient_info import PatientInfo, cited_keys, unknown_source_problems
from explorer.model.schema_errors import describe_value, problems_from_validation
from explorer.model.search import search as search_catalog
from explorer.model.yaml_source import YamlDocument, load_yaml
from explorer.model.zones import Anchor, Region, Spot, Stroke, Zone, mirror_landmark_name

__all__ = [
    "Anchor",
    "Catalog",
    "Muscle",
    "Referral",
    "Region",
    "SelfCare",
    "Source",
    "Spot",
    "Stroke",
    "Symptom",
    "TriggerPoint",
    "Zone",
    "load_catalog",
    "mirror_landmark_name",
]


@dataclass(frozen=True)
class Referral:
    """The zones of one trigger point on one side, ready to paint."""

    essential: tuple[Zone, ...]
    spillover: tuple[Zone, ...]

    @classmethod
    def from_spec(cls, spec: ReferralSpec, mirror: bool) -> Referral:
        """Collect the zones of ``spec``, mirrored to the right side if ``mirror``."""

        def zones(entries: Iterable) -> tuple[Zone, ...]:
            return tuple(e.zone.mirrored() if mirror else e.zone for e in entries)

        return cls(zones(spec.essential), zones(spec.spillover))


@dataclass(frozen=True, eq=False)
class TriggerPoint:
    """One trigger point on one side of the body.

    ``id`` is ``<muscle>.<tp>.<side>``, e.g. ``upper_trapezius.tp1.left``.
    Positions and zones are already mirrored for the right side (the zones
    on first use of :attr:`referral`: only painting needs them, and a large
    catalogue then starts without mirroring thousands of zones). ``where``
    and ``referral_text`` are the patient's wording; the ``*_clinician``
    fields hold the clinician's (the same text when the file gives one).
    """

    id: str
    key: str
    side: str
    muscle: Muscle
    name: str
    at: Anchor
    structures: tuple[str, ...]
    where: str
    where_clinician: str
    referral_spec: ReferralSpec
    referral_text: str
    referral_text_clinician: str
    symptoms: tuple[Symptom, ...]
    needling: Needling | None
    self_care: tuple[SelfCare, ...]
    sources: tuple[str, ...]
    confidence: str

    @property
    def label(self) -> str:
        """Display name with the side, e.g. ``Upper trapezius TrP1 (left)``."""
        return f"{self.name} ({self.side})"

    @property
    def needle_direction(self) -> str | tuple[float, float, float] | None:
        """The needling approach for this side: a named direction, a unit vector or None.

        Vectors are written for the left side and mirrored (x -> -x) on the right.
        """
        direction = self.needling.direction if self.needling else None
        if isinstance(direction, tuple) and self.side == "right":
            return (0.0 - direction[0], direction[1], direction[2])
        return direction

    @cached_property
    def referral(self) -> Referral:
        """The zones to paint, mirrored to this side (built on first use)."""
        return Referral.from_spec(self.referral_spec, mirror=self.side == "right")

    @classmethod
    def expand(cls, muscle: Muscle, spec: TriggerPointSpec, side: str) -> TriggerPoint:
        """Build the ``side`` instance of an authored (left-side) trigger point."""
        mirror = side == "right"
        return cls(
            id=f"{muscle.id}.{spec.id}.{side}",
            key=spec.id,
            side=side,
            muscle=muscle,
            name=spec.name,
            at=spec.at.mirrored() if mirror else spec.at,
            structures=tuple(f"{structure}_{side}" for structure in muscle.structures),
            where=spec.where.patient,
            where_clinician=spec.where.for_clinician,
            referral_spec=spec.referral,
            referral_text=spec.referral_text.patient,
            referral_text_clinician=spec.referral_text.for_clinician,
            symptoms=spec.symptoms,
            needling=spec.needling,
            self_care=spec.self_care,
            sources=spec.sources,
            confidence=spec.confidence,
        )


@dataclass(frozen=True, eq=False)
class Catalog:
    """All muscles and trigger points of one content file.

    Attributes
    ----------
    path
        The file it was loaded from.
    sources
        Citation key -> :class:`Source`.
    muscles
        Muscles in file order.
    patient_info
        The patient-facing texts, if the file has them.
    """

    path: Path
    sources: dict[str, Source]
    muscles: tuple[Muscle, ...]
    patient_info: PatientInfo | None = None

    @cached_property
    def _points(self) -> tuple[TriggerPoint, ...]:
        return tuple(
            TriggerPoint.expand(muscle, spec, side)
            for muscle in self.muscles
            for spec in muscle.trigger_points
            for side in ("left", "right")
            if side in spec.sides
        )

    @cached_property
    def _by_id(self) -> dict[str, TriggerPoint]:
        return {point.id: point for point in self._points}

    def trigger_points(self) -> tuple[TriggerPoint, ...]:
        """Every trigger point, per side: muscle order, then file order, left before right."""
        return self._points

    def get(self, tp_id: str) -> TriggerPoint:
        """Return the trigger point ``<muscle>.<tp>.<side>``; ``KeyError`` if unknown."""
        try:
            return self._by_id[tp_id]
        except KeyError:
            raise KeyError(f"no trigger point with id '{tp_id}'") from None

    def muscle(self, muscle_id: str) -> Muscle:
        """Return the muscle ``muscle_id``; ``KeyError`` if unknown."""
        for muscle in self.muscles:
            if muscle.id == muscle_id:
                return muscle
        raise KeyError(f"no muscle with id '{muscle_id}'")

    def search(self, text: str) -> tuple[TriggerPoint, ...]:
        """Trigger points matching every term of ``text``, best first.

        Names, aliases (``"scm"``) and sides match, and so do places,
        symptoms and headache types ("behind the eye", "dizziness"); see
        :mod:`explorer.model.search` for the ranking and the reasons. Empty
        text returns every trigger point.
        """
        return search_catalog(self, text).points


def load_catalog(
    path: Path | str,
    landmark_names: set[str] | None = None,
    *,
    structure_ids: set[str] | None = None,
    extent: AtlasExtent | None = None,
    at_risk_ids: set[str] | None = None,
) -> Catalog:
    """Read and validate a content file.

    Parameters
    ----------
    path
        The ``trigger_points.yaml`` to read.
    landmark_names
        Landmarks of the atlas; when given, every landmark a point names (and
        its mirror on the right side) must be one of them.
    structure_ids
        Structure ids of the atlas; when given, each muscle structure must
        exist with the side suffix of every side it is used on.
    extent
        Bounds of the atlas; when given, every point must lie inside it and
        every zone be smaller than the skin (see :mod:`.content_ranges`).
    at_risk_ids
        Ids of the atlas's structures at risk (kinds artery, vein, nerve,
        organ); when given, every name in a ``needling.structures`` list must
        be one of them on each side the point is used on.

    Raises
    ------
    ContentError
        Listing every problem found, each with file, line, column and YAML path.
    """
    document = load_yaml(Path(path), ContentError)
    if not isinstance(document.data, dict):
        found = describe_value(document.data)
        message = f"expected a mapping with version, sources and muscles; found {found}."
        raise ContentError([document.problem((), message, "Start the file with 'version: 1'.")])
    header, problems = _validate_header(document)
    muscles, muscle_problems = _validate_muscles(document)
    # Check source keys even when a citation itself is malformed.
    sources = document.data.get("sources")
    source_keys = set(sources) if isinstance(sources, dict) else None
    problems += muscle_problems
    problems += cross_check(
        document, muscles, source_keys, landmark_names, structure_ids, at_risk_ids
    )
    if extent is not None:
        problems += range_problems(document, muscles, extent)
    if header is not None and header.patient_info is not None and source_keys is not None:
        problems += unknown_source_problems(document, header.patient_info, source_keys)
    if header is not None and not problems:
        # Only on a structurally valid file: a muscle that failed validation would
        # make its sources look uncited.
        info_keys = cited_keys(header.patient_info) if header.patient_info else set()
        problems += citation_problems(document, muscles, header.sources, info_keys)
    if problems or header is None:
        raise ContentError(sorted(problems, key=lambda problem: problem.line or 0))
    return Catalog(Path(path), header.sources, tuple(muscles.values()), header.patient_info)


def _validate_header(document: YamlDocument) -> tuple[ContentHeader | None, list[Problem]]:
    try:
        return ContentHeader.model_validate(document.data), []
    except ValidationError as error:
        return None, problems_from_validation(error, document, (), ContentHeader)


def _validate_muscles(document: YamlDocument) -> tuple[dict[int, Muscle], list[Problem]]:
    """Validate each muscle on its own, so one bad muscle hides no other problem."""
    raw_muscles = document.data.get("muscles")
    muscles: dict[int, Muscle] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(raw_muscles if isinstance(raw_muscles, list) else []):
        try:
            muscles[index] = Muscle.model_validate(raw)
        except ValidationError as error:
            problems += problems_from_validation(error, document, ("muscles", index), Muscle)
    return muscles, problems

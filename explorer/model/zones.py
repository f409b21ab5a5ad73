"""Points and referral zones: the geometry part of the content schema.

A point is written as a landmark name, ``[x, y, z]`` in atlas mm, or
``{landmark: name, offset: [dx, dy, dz]}``; it is parsed into an
:class:`Anchor` by hand so that a wrong point gets one clear message rather
than one per union member. A zone is a spot, a stroke or a region; each is a
band of full intensity ``reach_mm`` wide around its seed points, with a soft
edge ``feather`` mm wide. :mod:`explorer.model.referral` paints them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, model_validator

from explorer.model.errors import clip
from explorer.model.schema_errors import describe_value, echo, explained

Vector3 = tuple[float, float, float]

#: No part of a human body lies farther than this from the atlas origin (on the
#: floor, in the mid-sagittal plane, see DESIGN.md): a coordinate or length
#: beyond it is a typo or a units mistake whatever atlas the content is used
#: with. :mod:`explorer.model.content_ranges` checks the tighter atlas bounds.
BODY_LIMIT_MM = 3000.0
#: Longest landmark name accepted (the atlas's are under 40 characters).
MAX_NAME_LENGTH = 64
_LANDMARK_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

#: A length in mm: a real number (true is not one), finite and body-sized; at least 1 mm,
#: since a smaller zone falls between the skin's vertices and paints nothing.
Millimetres = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=1, le=BODY_LIMIT_MM)]
#: A soft-edge width in mm: like :data:`Millimetres`, but zero means a hard edge.
FeatherMillimetres = Annotated[
    float, Field(strict=True, allow_inf_nan=False, ge=0, le=BODY_LIMIT_MM)
]

#: Default soft-edge width of a zone, as a fraction of its radius.
DEFAULT_FEATHER_FRACTION = 0.4

ANCHOR_HELP = "a landmark name, [x, y, z] in atlas mm, or {landmark: name, offset: [dx, dy, dz]}"


@dataclass(frozen=True)
class Anchor:
    """A point in the atlas frame: a landmark plus an offset, or a literal position.

    Attributes
    ----------
    landmark
        Landmark name, or ``None`` when ``vector`` is an absolute position.
    vector
        Offset from the landmark in mm, or the absolute position in mm.
    """

    landmark: str | None
    vector: Vector3 = (0.0, 0.0, 0.0)

    def mirrored(self) -> Anchor:
        """Return the anchor reflected through the mid-sagittal plane (x -> -x)."""
        x, y, z = self.vector
        name = mirror_landmark_name(self.landmark) if self.landmark else None
        return Anchor(name, (0.0 - x, y, z))  # 0.0 - x avoids a -0.0

    def resolve(self, landmarks: Mapping[str, np.ndarray]) -> np.ndarray:
        """Return the position in mm, looking the landmark up in ``landmarks``."""
        offset = np.asarray(self.vector, dtype=float)
        if self.landmark is None:
            return offset
        return np.asarray(landmarks[self.landmark], dtype=float) + offset


def mirror_landmark_name(name: str) -> str:
    """Swap a ``_left`` / ``_right`` suffix; midline names are returned unchanged."""
    if name.endswith("_left"):
        return name.removesuffix("_left") + "_right"
    if name.endswith("_right"):
        return name.removesuffix("_right") + "_left"
    return name


def _parse_vector(value: Any, what: str) -> Vector3:
    is_number = [isinstance(item, int | float) and not isinstance(item, bool) for item in value]
    if len(value) != 3 or not all(is_number):
        raise explained(
            f"expected {what} as three numbers [x, y, z] in mm; found {echo(value)}.",
            "Write three numbers in square brackets, e.g. [-60.0, 10.0, 120.0].",
        )
    vector = (float(value[0]), float(value[1]), float(value[2]))
    if not all(math.isfinite(component) for component in vector):
        raise explained(
            f"expected {what} of three finite numbers in mm; found {echo(value)}.",
            "Write ordinary numbers: .nan and .inf are not positions.",
        )
    if any(abs(component) > BODY_LIMIT_MM for component in vector):
        reach = "of the atlas origin" if what == "a position" else "along each axis"
        raise explained(
            f"expected {what} within {BODY_LIMIT_MM:g} mm {reach}; found {echo(value)}.",
            "Give millimetres, and check for a misplaced decimal point.",
        )
    return vector


def _landmark_name(value: str) -> str:
    name = value.strip()
    if len(name) > MAX_NAME_LENGTH or not _LANDMARK_NAME.match(name):
        raise explained(
            f"expected a landmark name (snake_case, at most {MAX_NAME_LENGTH} characters); "
            f"found '{clip(name)}'.",
            "Use a name from 'landmarks:' in meshes/manifest.yaml, e.g. 'temple_left'.",
        )
    return name


def parse_anchor(value: Any) -> Anchor:
    """Parse a point as written in YAML (see :data:`ANCHOR_HELP`)."""
    if isinstance(value, Anchor):
        return value
    if isinstance(value, str) and value.strip():
        return Anchor(_landmark_name(value))
    if isinstance(value, list | tuple):
        return Anchor(None, _parse_vector(value, "a position"))
    if isinstance(value, dict) and isinstance(value.get("landmark"), str):
        unknown = sorted(set(value) - {"landmark", "offset"})
        if unknown:
            raise explained(
                f"unknown key '{clip(unknown[0])}' in a point; expected landmark, offset.",
                "Remove it or check its spelling.",
            )
        offset = value.get("offset", [0.0, 0.0, 0.0])
        if not isinstance(offset, list):
            raise explained(
                f"expected offset as [dx, dy, dz] in mm; found {describe_value(offset)}.",
                "Write three numbers, e.g. [0.0, -10.0, 5.0].",
            )
        return Anchor(_landmark_name(value["landmark"]), _parse_vector(offset, "an offset"))
    raise explained(
        f"expected a point: {ANCHOR_HELP}; found {describe_value(value)}.",
        "Name a landmark of the atlas or give coordinates in mm.",
    )


AnchorField = Annotated[Anchor, PlainValidator(parse_anchor)]


class Strict(BaseModel):
    """Base: unknown keys are errors and loaded content is immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Zone(Strict):
    """Common part of spot, stroke and region: a disc of ``reach_mm`` around seeds."""

    kind: ClassVar[str] = ""
    feather_mm: FeatherMillimetres | None = None

    @property
    def reach_mm(self) -> float:
        """Geodesic distance from the seeds within which intensity is full."""
        raise NotImplementedError

    @property
    def seeds(self) -> tuple[Anchor, ...]:
        """The points the zone grows from, in authored order."""
        raise NotImplementedError

    @property
    def feather(self) -> float:
        """Soft-edge width in mm (explicit, or a fraction of the reach)."""
        if self.feather_mm is not None:
            return self.feather_mm
        return DEFAULT_FEATHER_FRACTION * self.reach_mm

    def mirrored(self) -> Zone:
        """Return the zone reflected to the other side of the body."""
        raise NotImplementedError


class Spot(Zone):
    """A round patch of ``radius_mm`` around one point."""

    kind: ClassVar[str] = "spot"
    at: AnchorField
    radius_mm: Millimetres

    @property
    def reach_mm(self) -> float:
        return self.radius_mm

    @property
    def seeds(self) -> tuple[Anchor, ...]:
        return (self.at,)

    def mirrored(self) -> Spot:
        return self.model_copy(update={"at": self.at.mirrored()})


class Stroke(Zone):
    """A band of ``width_mm`` following the skin through two or more points."""

    kind: ClassVar[str] = "stroke"
    through: tuple[AnchorField, ...] = Field(min_length=2)
    width_mm: Millimetres

    @property
    def reach_mm(self) -> float:
        return self.width_mm / 2

    @property
    def seeds(self) -> tuple[Anchor, ...]:
        return self.through

    def mirrored(self) -> Stroke:
        return self.model_copy(update={"through": tuple(a.mirrored() for a in self.through)})


class Region(Zone):
    """A blob: the union of discs of ``radius_mm`` around one or more points."""

    kind: ClassVar[str] = "region"
    around: tuple[AnchorField, ...] = Field(min_length=1)
    radius_mm: Millimetres

    @property
    def reach_mm(self) -> float:
        return self.radius_mm

    @property
    def seeds(self) -> tuple[Anchor, ...]:
        return self.around

    def mirrored(self) -> Region:
        return self.model_copy(update={"around": tuple(a.mirrored() for a in self.around)})


class ZoneEntry(Strict):
    """One list item of a referral level: exactly one of spot, stroke, region."""

    spot: Spot | None = None
    stroke: Stroke | None = None
    region: Region | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ZoneEntry:
        given = [name for name in ("spot", "stroke", "region") if getattr(self, name)]
        if len(given) != 1:
            found = " and ".join(given) if given else "none"
            raise explained(
                f"expected exactly one of spot, stroke or region; found {found}.",
                "Give each list item one key: spot, stroke or region.",
            )
        return self

    @property
    def zone(self) -> Zone:
        """The single zone this entry holds."""
        return self.spot or self.stroke or self.region  # type: ignore[return-value]

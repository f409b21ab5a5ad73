"""Numbers in the content that only make sense inside the atlas they are shown on.

The schema (:mod:`explorer.model.zones`) already refuses what no body could
hold: NaN, infinities, booleans and anything beyond
:data:`~explorer.model.zones.BODY_LIMIT_MM`. This module checks the tighter
bounds of the loaded atlas:

* every point (a trigger point's ``at`` and every zone seed, after adding a
  landmark's offset and mirroring to the right side) lies within the box
  around all structures plus :data:`MARGIN_MM`;
* every radius, stroke width and feather is at most the skin's widest extent.

Why these margins: points are snapped to the nearest muscle or skin surface,
so a hand-typed position a little off the mesh is fine; 50 mm is more than
the thickest soft tissue over the neck and shoulders. Typing mistakes land far
outside (a dropped digit turns 1400 into 140; centimetres for millimetres
shrink a point toward the origin). A zone wider than the whole skin paints
all of it from wherever it starts, which no referral chart does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from explorer.model.content_schema import Muscle, TriggerPointSpec
from explorer.model.errors import Problem
from explorer.model.yaml_source import YamlDocument
from explorer.model.zones import Anchor

#: How far outside the atlas's box a point may be authored (see the module docstring).
MARGIN_MM = 50.0

KeyPath = tuple[str | int, ...]
_SEED_KEY = {"spot": "at", "stroke": "through", "region": "around"}
_LENGTH_KEYS = ("radius_mm", "width_mm", "feather_mm")


@dataclass(frozen=True)
class AtlasExtent:
    """What the range checks need to know of an atlas.

    Attributes
    ----------
    lower, upper
        Corners of the box around every structure, in mm.
    skin_size
        The largest side of the skin's bounding box, in mm.
    landmarks
        Landmark positions by name, in mm.
    """

    lower: np.ndarray
    upper: np.ndarray
    skin_size: float
    landmarks: Mapping[str, np.ndarray]

    # Plain floats throughout: numpy's per-call overhead on three numbers, for each of
    # the 19,000 anchors of a 6,600-point file, cost a sixth of a second at start-up.
    @cached_property
    def _grown_box(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        low = tuple(value - MARGIN_MM for value in self.lower.tolist())
        return low, tuple(value + MARGIN_MM for value in self.upper.tolist())

    @cached_property
    def _landmark_floats(self) -> dict[str, tuple[float, ...]]:
        return {
            name: tuple(np.asarray(xyz, float).tolist()) for name, xyz in self.landmarks.items()
        }

    def contains(self, point: Sequence[float]) -> bool:
        """Whether ``point`` lies inside the box grown by :data:`MARGIN_MM` (NaN never does)."""
        (x0, y0, z0), (x1, y1, z1) = self._grown_box
        x, y, z = (float(value) for value in point)
        return x0 <= x <= x1 and y0 <= y <= y1 and z0 <= z <= z1

    def position(self, anchor: Anchor) -> tuple[float, float, float]:
        """Where ``anchor`` lies in mm: as :meth:`Anchor.resolve`, in plain floats."""
        dx, dy, dz = anchor.vector
        if anchor.landmark is None:
            return dx, dy, dz
        x, y, z = self._landmark_floats[anchor.landmark]
        return x + dx, y + dy, z + dz

    def describe_box(self) -> str:
        """The allowed box as text, e.g. ``x -316..316, y -109..218, z 1201..1714 mm``."""
        low, high = self.lower - MARGIN_MM, self.upper + MARGIN_MM
        spans = (
            f"{axis} {lo:.0f}..{hi:.0f}" for axis, lo, hi in zip("xyz", low, high, strict=True)
        )
        return ", ".join(spans) + " mm"


def range_problems(
    document: YamlDocument, muscles: dict[int, Muscle], extent: AtlasExtent
) -> list[Problem]:
    """Every point outside the atlas and every zone larger than the skin."""
    problems = []
    for index, muscle in muscles.items():
        for tp_index, point in enumerate(muscle.trigger_points):
            point_path = ("muscles", index, "trigger_points", tp_index)
            mirror = "right" in point.sides
            for path, anchor in _anchors(point_path, point):
                problem = _outside(document, path, anchor, mirror, extent)
                if problem is not None:
                    problems.append(problem)
            problems += _oversized(document, point_path, point, extent)
    return problems


def _anchors(point_path: KeyPath, point: TriggerPointSpec) -> Iterator[tuple[KeyPath, Anchor]]:
    yield (*point_path, "at"), point.at
    for _level, path, zone in _zones(point_path, point):
        seeds_path = (*path, _SEED_KEY[zone.kind])
        if zone.kind == "spot":
            yield seeds_path, zone.seeds[0]
        else:
            yield from (((*seeds_path, i), seed) for i, seed in enumerate(zone.seeds))


def _zones(point_path: KeyPath, point: TriggerPointSpec):
    for level in ("essential", "spillover"):
        for index, entry in enumerate(getattr(point.referral, level)):
            zone = entry.zone
            yield level, (*point_path, "referral", level, index, zone.kind), zone


def _outside(
    document: YamlDocument, path: KeyPath, anchor: Anchor, mirror: bool, extent: AtlasExtent
) -> Problem | None:
    """A problem if ``anchor`` (or its mirror, when the right side is used) leaves the atlas."""
    if anchor.landmark is not None and anchor.landmark not in extent.landmarks:
        return None  # the cross-checks report the unknown name
    candidates = [(anchor, "")]
    if mirror:
        candidates.append((anchor.mirrored(), " (mirrored to the right side)"))
    for candidate, note in candidates:
        if candidate.landmark is not None and candidate.landmark not in extent.landmarks:
            continue  # a missing mirror landmark is reported by the cross-checks
        position = extent.position(candidate)
        if extent.contains(position):
            continue
        shown = ", ".join(f"{value:.1f}" for value in position)
        found = f"[{shown}]{note}"
        if anchor.landmark is not None:
            found = f"'{anchor.landmark}' plus the offset, at {found}"
        return document.problem(
            path,
            f"expected a point inside the atlas ({extent.describe_box()}); found {found}.",
            "Check the coordinates (millimetres) against a nearby landmark; "
            "offsets from a landmark are a few centimetres.",
        )
    return None


def _oversized(
    document: YamlDocument, point_path: KeyPath, point: TriggerPointSpec, extent: AtlasExtent
) -> list[Problem]:
    problems = []
    for _level, path, zone in _zones(point_path, point):
        for key in _LENGTH_KEYS:
            value = getattr(zone, key, None)
            if value is None or value <= extent.skin_size:
                continue
            problems.append(
                document.problem(
                    (*path, key),
                    f"expected {key} of at most {extent.skin_size:.0f} mm (the skin's widest "
                    f"extent); found {value:g}.",
                    "A zone this large covers the whole skin; give the size in millimetres.",
                )
            )
    return problems

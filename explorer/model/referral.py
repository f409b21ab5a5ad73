"""Referral zones -> smooth per-vertex pain intensity on the skin.

Each zone is grown from its seed points by geodesic distance along the skin
(see :mod:`explorer.model.geodesic`): full intensity out to the zone's reach,
then a cosine fall-off to zero across its feather. Essential zones paint at
1.0 and spillover zones at 0.5. Fields are computed once per trigger point
and cached, keyed on a hash of the mesh and the resolved zones, so a click
only swaps arrays.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from explorer.model.geodesic import SurfaceGraph
from explorer.model.zones import Stroke, Zone

ESSENTIAL_LEVEL = 1.0
SPILLOVER_LEVEL = 0.5


class HasReferral(Protocol):
    """Anything with ``referral.essential`` and ``referral.spillover`` zones."""

    @property
    def referral(self) -> _Referral: ...


class _Referral(Protocol):
    essential: Sequence[Zone]
    spillover: Sequence[Zone]


@dataclass(frozen=True, eq=False)
class ReferralField:
    """Per-vertex intensity of one trigger point (or a merge of several).

    A pattern covers a few per cent of the skin, so the field is stored
    sparsely: the vertices it reaches (``support``) and its values there.
    The cache then holds a few KB per trigger point instead of three
    skin-sized arrays, which matters on a refined skin. The dense views
    (:attr:`essential`, :attr:`spillover`, :attr:`combined`) are new
    float32 arrays of length ``n_vertices`` on every access.

    Attributes
    ----------
    n_vertices
        Length of the dense views (the skin's vertex count).
    support
        Sorted int32 indices of the vertices where any level is above zero.
    essential_values, spillover_values, combined_values
        The three levels at ``support`` (read-only float32).
    """

    n_vertices: int
    support: np.ndarray
    essential_values: np.ndarray
    spillover_values: np.ndarray
    combined_values: np.ndarray

    @classmethod
    def from_dense(
        cls, essential: np.ndarray, spillover: np.ndarray, combined: np.ndarray | None = None
    ) -> ReferralField:
        """Keep the non-zero part of dense levels; ``combined`` defaults to their maximum.

        Parameters
        ----------
        essential
            0..1 per vertex: where the pain is always felt (drawn solid).
        spillover
            0..0.5 per vertex: where it is sometimes felt (drawn hatched).
        combined
            The pattern as one intensity; the larger of the two by default.
        """
        if combined is None:
            combined = np.maximum(essential, spillover)
        support = np.flatnonzero((essential > 0) | (spillover > 0) | (combined > 0))
        values = (
            np.asarray(level, dtype=np.float32)[support]
            for level in (essential, spillover, combined)
        )
        return cls(len(essential), _read_only(support.astype(np.int32)), *map(_read_only, values))

    def _dense(self, values: np.ndarray) -> np.ndarray:
        dense = np.zeros(self.n_vertices, dtype=np.float32)
        dense[self.support] = values
        return dense

    @property
    def essential(self) -> np.ndarray:
        """0..1 per vertex; where the pain is always felt (drawn solid)."""
        return self._dense(self.essential_values)

    @property
    def spillover(self) -> np.ndarray:
        """0..0.5 per vertex; where it is sometimes felt (drawn hatched)."""
        return self._dense(self.spillover_values)

    @property
    def combined(self) -> np.ndarray:
        """Per vertex, the larger of the two levels (for a merge: their clipped sum)."""
        return self._dense(self.combined_values)


class ReferralEngine:
    """Paints referral fields on one skin mesh; builds its graph once.

    Parameters
    ----------
    vertices, faces
        The skin mesh, in atlas mm.
    landmarks
        Landmark name -> position (mm), to resolve zones that name landmarks.
    cache_dir
        If given, fields are also stored there as ``<hash>.npy`` and reused
        across runs. Off by default.
    build_graph
        False defers building the geodesic graph to the first field.
    """

    def __init__(
        self,
        vertices: np.ndarray,
        faces: np.ndarray,
        landmarks: Mapping[str, np.ndarray],
        *,
        cache_dir: Path | None = None,
        build_graph: bool = True,
    ) -> None:
        self.vertices = np.asarray(vertices, dtype=np.float64)
        self.landmarks = dict(landmarks)
        self._faces = np.asarray(faces)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._mesh_hash = _hash_arrays(self.vertices, np.asarray(faces, dtype=np.int64))
        self._cache: dict[str, ReferralField] = {}
        if build_graph:
            self.graph  # noqa: B018  (build it now; see the property)

    @functools.cached_property
    def graph(self) -> SurfaceGraph:
        """The skin's edge graph (built in the constructor unless ``build_graph=False``).

        Deferring it lets the GUI show its first frame sooner: the first
        field, computed in the background, then builds it.
        """
        return SurfaceGraph(self.vertices, self._faces)

    @property
    def n_vertices(self) -> int:
        """Number of skin vertices, the length of every field."""
        return len(self.vertices)

    def field(self, trigger_point: HasReferral) -> ReferralField:
        """The cached field of ``trigger_point`` (computed on first use)."""
        referral = trigger_point.referral
        return self.field_for_zones(referral.essential, referral.spillover)

    def field_for_zones(
        self, essential: Sequence[Zone], spillover: Sequence[Zone]
    ) -> ReferralField:
        """The cached field of the given essential and spillover zones."""
        key = self._cache_key(essential, spillover)
        if key not in self._cache:
            self._cache[key] = self._load(key) or self._compute(key, essential, spillover)
        return self._cache[key]

    def precompute(self, trigger_points: Iterable[HasReferral]) -> None:
        """Fill the cache, e.g. at start-up, so no click ever waits."""
        for trigger_point in trigger_points:
            self.field(trigger_point)

    def zone_intensity(self, zone: Zone) -> np.ndarray:
        """0..1 intensity of one zone at every vertex (not cached)."""
        seeds = self._seed_nodes(zone)
        distances = self.graph.distances(seeds, limit=zone.reach_mm + zone.feather)
        return smooth_falloff(distances, zone.reach_mm, zone.feather)[self.graph.vertex_to_node]

    def intensity_at(self, values: np.ndarray, point: np.ndarray | str) -> float:
        """Value of per-vertex ``values`` at the skin vertex nearest ``point``.

        ``point`` may be a position in mm or a landmark name.
        """
        position = self.landmarks[point] if isinstance(point, str) else point
        return intensity_at(values, self.vertices, position)

    def _seed_nodes(self, zone: Zone) -> np.ndarray:
        positions = np.array([self._resolve(anchor) for anchor in zone.seeds])
        nodes = self.graph.nearest_nodes(positions)
        if not isinstance(zone, Stroke):
            return nodes
        # A stroke follows the skin between its points, seeded densely along it.
        legs = [self.graph.path(int(a), int(b)) for a, b in itertools.pairwise(nodes)]
        return np.concatenate(legs)

    def _resolve(self, anchor) -> np.ndarray:
        try:
            return anchor.resolve(self.landmarks)
        except KeyError:
            raise KeyError(f"landmark '{anchor.landmark}' is not in the atlas") from None

    def _compute(
        self, key: str, essential: Sequence[Zone], spillover: Sequence[Zone]
    ) -> ReferralField:
        essential_values = self._level(essential, ESSENTIAL_LEVEL)
        spillover_values = self._level(spillover, SPILLOVER_LEVEL)
        self._store(key, essential_values, spillover_values)
        return ReferralField.from_dense(essential_values, spillover_values)

    def _level(self, zones: Sequence[Zone], level: float) -> np.ndarray:
        values = np.zeros(self.n_vertices, dtype=np.float32)
        for zone in zones:
            np.maximum(values, self.zone_intensity(zone), out=values)
        return values * np.float32(level)

    def _cache_key(self, essential: Sequence[Zone], spillover: Sequence[Zone]) -> str:
        """Hash of the mesh and of each zone with its seeds resolved to positions."""

        def describe(zone: Zone) -> list:
            seeds = [np.round(self._resolve(anchor), 6).tolist() for anchor in zone.seeds]
            return [zone.kind, zone.reach_mm, zone.feather, seeds]

        definition = {
            "mesh": self._mesh_hash,
            "essential": [describe(zone) for zone in essential],
            "spillover": [describe(zone) for zone in spillover],
        }
        return hashlib.sha256(json.dumps(definition).encode()).hexdigest()[:32]

    def _load(self, key: str) -> ReferralField | None:
        if self.cache_dir is None:
            return None
        try:
            stacked = np.load(self.cache_dir / f"{key}.npy", allow_pickle=False)
        except (OSError, ValueError):
            return None  # absent or damaged: recompute
        if stacked.shape != (2, self.n_vertices):
            return None
        return ReferralField.from_dense(stacked[0], stacked[1])

    def _store(self, key: str, essential: np.ndarray, spillover: np.ndarray) -> None:
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a crash never leaves a half-written cache file.
        handle, temporary = tempfile.mkstemp(dir=self.cache_dir, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            np.save(file, np.stack([essential, spillover]))
        os.replace(temporary, self.cache_dir / f"{key}.npy")


def smooth_falloff(distances: np.ndarray, reach: float, feather: float) -> np.ndarray:
    """1 within ``reach``, a cosine ramp to 0 across ``feather``, 0 beyond (float32)."""
    values = np.zeros(distances.shape, dtype=np.float32)
    values[distances <= reach] = 1.0
    if feather > 0:
        band = (distances > reach) & (distances < reach + feather)
        fraction = (distances[band] - reach) / feather
        values[band] = 0.5 * (1.0 + np.cos(np.pi * fraction))
    return values


def combine(fields: Iterable[ReferralField], ceiling: float | None = 1.0) -> np.ndarray:
    """Additive heat map of several fields, for a multi-selection.

    Overlapping zones add up, so an area several trigger points refer to
    reads hotter. The sum is clipped at ``ceiling`` (1.0, the essential
    level, keeps one colour scale for one or many); ``None`` keeps the raw sum.
    """
    fields = list(fields)
    if not fields:
        raise ValueError("combine() needs at least one field")
    total = np.zeros(fields[0].n_vertices, dtype=np.float32)
    for referral_field in fields:
        total[referral_field.support] += referral_field.combined_values
    return total if ceiling is None else np.minimum(total, np.float32(ceiling))


def merge(fields: Iterable[ReferralField], ceiling: float | None = 1.0) -> ReferralField:
    """One field for several: levels by maximum (for solid vs hatched), combined additive."""
    fields = list(fields)
    if not fields:
        raise ValueError("merge() needs at least one field")
    essential = np.maximum.reduce([item.essential for item in fields])
    spillover = np.maximum.reduce([item.spillover for item in fields])
    return ReferralField.from_dense(essential, spillover, combine(fields, ceiling))


def intensity_at(values: np.ndarray, vertices: np.ndarray, point: np.ndarray) -> float:
    """Value of per-vertex ``values`` at the vertex nearest to ``point``."""
    squared = np.sum((np.asarray(vertices) - np.asarray(point, dtype=float)) ** 2, axis=1)
    return float(values[int(np.argmin(squared))])


def _read_only(values: np.ndarray) -> np.ndarray:
    values.setflags(write=False)
    return values


def _hash_arrays(*arrays: np.ndarray) -> str:
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(str(array.shape).encode())
    return digest.hexdigest()

"""The needle view's geometry: the approach line and the two distances, measured on the atlas.

For a selected trigger point whose needling block gives a ``direction``,
:func:`needle_path` draws a straight line through the point. Backwards it
meets the skin (where the needle would go in); onwards it may meet a
structure at risk. Both distances are straight-line millimetres on this one
atlas: the wording that goes with them
(:func:`explorer.model.card_text.needle_summary`) says so, and that real
bodies differ and no figure here is a safe depth.

Pure numpy: rays are cast against every triangle at once (Moller-Trumbore),
which for a few meshes of some ten thousand triangles costs milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from explorer.model.atlas import AT_RISK_KINDS, Atlas, Structure
from explorer.model.content_schema import NAMED_DIRECTIONS

if TYPE_CHECKING:  # card_text imports this module, and content (via search) imports card_text
    from scipy.spatial import cKDTree

    from explorer.model.content import TriggerPoint

#: How far past the point the line looks for a structure at risk, in mm.
REACH_MM = 50.0
#: Skin faces within this distance of the skin point nearest the trigger point
#: average into its normal, so one odd triangle cannot tilt "perpendicular".
NORMAL_RADIUS_MM = 8.0
#: A pincer line enters where the skin is nearer; within this much either way, from the front.
PINCER_TIE_MM = 1.0
#: Hits closer than this to a ray's start are the surface it starts on.
_EPSILON = 1e-9


@dataclass(frozen=True)
class NeedlePath:
    """The approach line through one trigger point and what it meets.

    Attributes
    ----------
    point
        The trigger point (its marker position), in mm.
    direction
        Unit vector the needle travels along.
    entry
        Where the line meets the skin behind the point (None if it never does).
    skin_to_point_mm
        Distance from ``entry`` to ``point``.
    hit_id
        The first structure at risk the line meets past the point within
        :data:`REACH_MM`, or None.
    point_to_hit_mm
        Distance from the point to that structure (None without a hit).
    end
        Where the drawn line stops past the point: the hit, the skin on the
        far side, or :data:`REACH_MM` on.
    named
        The named direction it was drawn along (``pincer``...), or None for a vector.
    bone_id, point_to_bone_mm
        The first bone the line meets past the point within reach, and how
        far on (None if none): a bony backstop, or bone before the hazard.
    under_skin_mm
        For a ``pincer`` line: how far the point lies under the skin along the
        inward normal, since the line itself runs along the unlifted skin.
    """

    point: np.ndarray
    direction: np.ndarray
    entry: np.ndarray | None
    skin_to_point_mm: float | None
    hit_id: str | None
    point_to_hit_mm: float | None
    end: np.ndarray
    named: str | None = None
    under_skin_mm: float | None = None
    bone_id: str | None = None
    point_to_bone_mm: float | None = None


def at_risk_structures(atlas: Atlas) -> dict[str, Structure]:
    """Every structure at risk of ``atlas`` (arteries, veins, nerves, organs) by id."""
    return {sid: s for sid, s in atlas.structures.items() if s.kind in AT_RISK_KINDS}


def named_structures(point: TriggerPoint, known: Mapping[str, object]) -> tuple[str, ...]:
    """The atlas ids of the structures ``point``'s needling block names, for its side.

    ``vertebral_artery`` on a left point is ``vertebral_artery_left``; a
    midline structure (``spinal_canal``) keeps its id. Names the atlas lacks
    are left out (``app.py check`` reports them).
    """
    names = point.needling.structures if point.needling else ()
    ids = []
    for base in names:
        sided = f"{base}_{point.side}"
        if sided in known:
            ids.append(sided)
        elif base in known:
            ids.append(base)
    return tuple(ids)


def ray_distances(
    origin: np.ndarray, direction: np.ndarray, vertices: np.ndarray, faces: np.ndarray
) -> np.ndarray:
    """Sorted distances along the ray ``origin + t * direction`` (t > 0) to every triangle hit.

    Only triangles whose bounding sphere the ray's line passes through are
    solved, so a ray through a 75,000-triangle skin tests a few dozen.
    """
    corners, centres, radii = _triangles(vertices, faces)
    offsets = centres - origin
    # Distance of each triangle's centre from the line (|offset x direction|, direction unit).
    near_line = np.einsum("ij,ij->i", offsets, offsets) - (offsets @ direction) ** 2 <= radii**2
    a, b, c = (corners[near_line, k] for k in range(3))
    edge1, edge2 = b - a, c - a
    p = np.cross(direction, edge2)
    det = np.einsum("ij,ij->i", edge1, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse = 1.0 / det
        s = origin - a
        u = np.einsum("ij,ij->i", s, p) * inverse
        q = np.cross(s, edge1)
        v = (q @ direction) * inverse
        t = np.einsum("ij,ij->i", edge2, q) * inverse
        # Parallel triangles give NaN (det = 0): every comparison with NaN is False.
        hit = (np.abs(det) > _EPSILON) & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > _EPSILON)
    return np.sort(t[hit])


#: Triangle corners, centres and bounding radii per mesh, keyed by the faces array's id
#: (atlas arrays are read-only, so they never change under the cache).
_TRIANGLES: dict[int, tuple[np.ndarray, ...]] = {}


def _triangles(vertices: np.ndarray, faces: np.ndarray) -> tuple[np.ndarray, ...]:
    cached = _TRIANGLES.get(id(faces))
    if cached is None or cached[0] is not faces or cached[1] is not vertices:
        corners = vertices[faces]
        centres = corners.mean(axis=1)
        radii = np.linalg.norm(corners - centres[:, None, :], axis=2).max(axis=1) * (1 + 1e-9)
        cached = (faces, vertices, corners, centres, radii)
        if not faces.flags.writeable:  # only frozen (atlas) arrays are safe to keep
            _TRIANGLES[id(faces)] = cached
    return cached[2:]


def skin_normal_near(skin: Structure, position: np.ndarray) -> np.ndarray:
    """Outward unit normal of the skin near the skin point closest to ``position``."""
    tree, centres, normals = _normals(skin)
    nearest = skin.vertices[tree.query(position)[1]]
    distance = np.linalg.norm(centres - nearest, axis=1)
    # On a coarse mesh no centre may lie that close: then the nearest face alone.
    close = distance <= max(NORMAL_RADIUS_MM, float(distance.min()))
    total = normals[close].sum(axis=0)
    return total / np.linalg.norm(total)


_NORMALS: dict[int, tuple] = {}


def _normals(mesh: Structure) -> tuple[cKDTree, np.ndarray, np.ndarray]:
    """A vertex tree, the face centres and area-weighted face normals of ``mesh`` (cached)."""
    from scipy.spatial import cKDTree  # late: scipy adds ~0.25 s to start-up

    cached = _NORMALS.get(id(mesh.faces))
    if cached is None or cached[0] is not mesh.faces:
        corners, centres, _radii = _triangles(mesh.vertices, mesh.faces)
        # The cross product's length is twice the face area: sums of it are area-weighted.
        normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
        cached = (mesh.faces, cKDTree(mesh.vertices), centres, normals)
        if not mesh.faces.flags.writeable:
            _NORMALS[id(mesh.faces)] = cached
    return cached[1:]


def long_axis(structure: Structure) -> np.ndarray:
    """Unit vector along which ``structure``'s vertices spread most (its fibres, for a muscle)."""
    centred = structure.vertices - structure.vertices.mean(axis=0)
    return np.linalg.svd(centred, full_matrices=False)[2][0]


def resolve_direction(
    direction: str | tuple[float, float, float] | None,
    position: np.ndarray,
    skin: Structure,
    muscle: Structure | None,
) -> np.ndarray | None:
    """The unit vector of a ``needling.direction`` at ``position`` (see NAMED_DIRECTIONS).

    ``perpendicular`` is the inward skin normal. ``pincer`` runs along the
    skin and across ``muscle``'s long axis, entering from the side where the
    skin is nearer (front to back when both are as near). None when there
    is no direction, or no muscle to take the axis from.
    """
    if direction is None:
        return None
    if not isinstance(direction, str):
        vector = np.asarray(direction, dtype=float)
        return vector / np.linalg.norm(vector)
    if direction not in NAMED_DIRECTIONS:
        raise ValueError(f"unknown needling direction '{direction}'")
    outward = skin_normal_near(skin, position)
    if direction == "perpendicular":
        return -outward
    if muscle is None:
        return None
    across = np.cross(long_axis(muscle), outward)
    across /= np.linalg.norm(across)
    if across[1] > 0:
        across = -across  # front to back, unless the other side's skin is nearer
    behind = _first(ray_distances(position, -across, skin.vertices, skin.faces))
    ahead = _first(ray_distances(position, across, skin.vertices, skin.faces))
    return -across if ahead < behind - PINCER_TIE_MM else across


def _first(distances: np.ndarray) -> float:
    return float(distances[0]) if len(distances) else np.inf


def needle_path(
    position: np.ndarray,
    direction: np.ndarray,
    skin: Structure,
    at_risk: Mapping[str, Structure],
    reach_mm: float = REACH_MM,
) -> NeedlePath:
    """Cast the approach line through ``position`` and measure it (see :class:`NeedlePath`)."""
    position = np.asarray(position, dtype=float)
    direction = np.asarray(direction, dtype=float)
    behind = ray_distances(position, -direction, skin.vertices, skin.faces)
    entry = position - behind[0] * direction if len(behind) else None
    ahead = ray_distances(position, direction, skin.vertices, skin.faces)
    # The search stops where the line leaves the body on the far side.
    limit = min(reach_mm, float(ahead[0])) if len(ahead) else reach_mm
    hit_id, hit_distance = _first_structure(position, direction, at_risk, limit)
    end_distance = hit_distance if hit_distance is not None else limit
    return NeedlePath(
        point=position,
        direction=direction,
        entry=entry,
        skin_to_point_mm=float(behind[0]) if len(behind) else None,
        hit_id=hit_id,
        point_to_hit_mm=hit_distance,
        end=position + end_distance * direction,
    )


def _first_structure(
    origin: np.ndarray, direction: np.ndarray, structures: Mapping[str, Structure], limit: float
) -> tuple[str | None, float | None]:
    """The structure the ray meets first within ``limit`` mm, and how far on (or None, None)."""
    best_id, best = None, None
    for sid, structure in structures.items():
        distance = _first(ray_distances(origin, direction, structure.vertices, structure.faces))
        if distance <= limit and (best is None or distance < best):
            best_id, best = sid, distance
    return best_id, best


def path_for_point(point: TriggerPoint, position: np.ndarray, atlas: Atlas) -> NeedlePath | None:
    """The needle path of ``point`` at its marker ``position``; None without a direction."""
    muscle = next((atlas.structures[s] for s in point.structures if s in atlas.structures), None)
    direction = resolve_direction(point.needle_direction, position, atlas.skin, muscle)
    if direction is None:
        return None
    path = needle_path(position, direction, atlas.skin, at_risk_structures(atlas))
    bones = {sid: s for sid, s in atlas.structures.items() if s.kind == "bone"}
    bone_id, bone_mm = _first_structure(position, direction, bones, REACH_MM)
    named = point.needle_direction if isinstance(point.needle_direction, str) else None
    under = None
    if named == "pincer":
        outward = skin_normal_near(atlas.skin, position)
        under = _first(ray_distances(position, outward, atlas.skin.vertices, atlas.skin.faces))
    return replace(
        path,
        named=named,
        under_skin_mm=None if under == np.inf else under,
        bone_id=bone_id,
        point_to_bone_mm=bone_mm,
    )

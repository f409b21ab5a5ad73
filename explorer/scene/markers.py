"""Trigger-point markers: placement on the muscle surface and one shared glyph mesh.

All markers live in one :class:`pyvista.PolyData` (a small sphere per
marker, built here in numpy) so that the whole set is one actor. Colour,
size and visibility change in place: colours per point, and a hidden
marker's sphere is collapsed onto its centre, which draws nothing.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import numpy as np
import pyvista as pv
from scipy.spatial import cKDTree

from explorer.model.atlas import Atlas, Structure
from explorer.model.content import TriggerPoint


def hex_to_rgb(color: str) -> np.ndarray:
    """``"#rrggbb"`` -> (3,) uint8."""
    text = color.lstrip("#")
    return np.array([int(text[index : index + 2], 16) for index in (0, 2, 4)], dtype=np.uint8)


def closest_point_on_mesh(structure: Structure, point: np.ndarray) -> np.ndarray:
    """Closest point to ``point`` on the triangles of ``structure`` (not just its vertices)."""
    vertices, faces = structure.vertices, structure.faces
    # Only triangles touching the few nearest vertices can hold the closest point.
    nearest = _vertex_tree(vertices).query(point, k=min(8, len(vertices)))[1]
    candidates = faces[np.isin(faces, np.atleast_1d(nearest)).any(axis=1)]
    best, best_distance = vertices[np.atleast_1d(nearest)[0]], np.inf
    for triangle in vertices[candidates]:
        closest = _closest_on_triangle(np.asarray(point, dtype=float), *triangle)
        distance = float(np.linalg.norm(closest - point))
        if distance < best_distance:
            best, best_distance = closest, distance
    return np.asarray(best, dtype=float)


#: id(vertex array) -> (weak reference to it, its k-d tree): one tree per structure, not per point.
_TREES: dict[int, tuple[weakref.ref, cKDTree]] = {}


def _vertex_tree(vertices: np.ndarray) -> cKDTree:
    """The k-d tree of ``vertices``, built once per array however many markers it holds."""
    cached = _TREES.get(id(vertices))
    if cached is not None and cached[0]() is vertices:
        return cached[1]
    tree, key = cKDTree(vertices), id(vertices)
    # The weak reference drops the entry with the array, so a reused id never hits.
    _TREES[key] = (weakref.ref(vertices, lambda _ref: _TREES.pop(key, None)), tree)
    return tree


def _closest_on_triangle(p: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Ericson, Real-Time Collision Detection, 5.1.5 (regions of the triangle)."""
    ab, ac, ap = b - a, c - a, p - a
    d1, d2 = ab @ ap, ac @ ap
    if d1 <= 0 and d2 <= 0:
        return a
    bp = p - b
    d3, d4 = ab @ bp, ac @ bp
    if d3 >= 0 and d4 <= d3:
        return b
    vc = d1 * d4 - d3 * d2
    if vc <= 0 <= d1 and d3 <= 0:
        return a + d1 / (d1 - d3) * ab
    cp = p - c
    d5, d6 = ab @ cp, ac @ cp
    if d6 >= 0 and d5 <= d6:
        return c
    vb = d5 * d2 - d1 * d6
    if vb <= 0 <= d2 and d6 <= 0:
        return a + d2 / (d2 - d6) * ac
    va = d3 * d6 - d5 * d4
    if va <= 0 and d4 - d3 >= 0 and d5 - d6 >= 0:
        return b + (d4 - d3) / ((d4 - d3) + (d5 - d6)) * (c - b)
    denominator = 1.0 / (va + vb + vc)
    return a + ab * (vb * denominator) + ac * (vc * denominator)


def marker_position(point: TriggerPoint, atlas: Atlas) -> np.ndarray:
    """The anchor of ``point`` snapped onto the nearest surface of its muscle on its side."""
    anchor = point.at.resolve(atlas.landmark_positions())
    surfaces = [atlas.structures[sid] for sid in point.structures if sid in atlas.structures]
    if not surfaces:
        return anchor  # content checks report missing structures; show the raw anchor
    snapped = [closest_point_on_mesh(structure, anchor) for structure in surfaces]
    return min(snapped, key=lambda candidate: float(np.linalg.norm(candidate - anchor)))


def marker_subdivisions(count: int) -> int:
    """Icosphere detail for ``count`` markers: round when few, cheap when thousands.

    Every frame draws every marker, so 5,000 smooth spheres (320 triangles
    each) would cost more than the whole atlas; at that density an 8- or
    20-sided marker reads the same. -1 means an octahedron.
    """
    if count <= 300:
        return 2  # 320 triangles
    if count <= 1500:
        return 1  # 80 triangles
    if count <= 3000:
        return 0  # 20 triangles
    return -1  # an octahedron: 8 triangles


class MarkerGlyphs:
    """One mesh holding a small sphere for every marker.

    Parameters
    ----------
    positions
        (n, 3) marker centres in mm.
    colors
        (n, 3) uint8 base colour of each marker.
    radius
        Sphere radius in mm.
    """

    def __init__(self, positions: np.ndarray, colors: np.ndarray, radius: float) -> None:
        detail = marker_subdivisions(len(positions))
        template = pv.Icosphere(radius=1.0, nsub=detail) if detail >= 0 else pv.Octahedron()
        self._template = np.asarray(template.points, dtype=np.float32)
        self.positions = np.asarray(positions, dtype=float).reshape(-1, 3)
        self.base_colors = np.asarray(colors, dtype=np.uint8).reshape(-1, 3)
        self.radius = float(radius)
        n, k = len(self.positions), len(self._template)
        faces = np.asarray(template.faces).reshape(-1, 4)
        offsets = (np.arange(n) * k)[:, None, None]
        all_faces = faces[None, :, :].repeat(n, axis=0)
        all_faces[:, :, 1:] += offsets
        self._scales = np.ones(n, dtype=np.float32)
        self._colors = self.base_colors.copy()
        self.mesh = pv.PolyData(self._points(self._scales), all_faces.reshape(-1))
        self.mesh.point_data["rgb"] = np.repeat(self.base_colors, k, axis=0)
        self.mesh.point_data.active_scalars_name = "rgb"
        # Views of the VTK arrays, taken once: writing through them is in place.
        self._mesh_points = self.mesh.points.reshape(n, k, 3)
        self._mesh_colors = self.mesh.point_data["rgb"].reshape(n, k, 3)

    @property
    def count(self) -> int:
        """Number of markers."""
        return len(self.positions)

    def update(self, scales: np.ndarray, colors: np.ndarray) -> None:
        """Resize (0 hides) and recolour markers in place.

        Only markers whose size or colour changed are rewritten, so a click
        (which changes a handful) costs the same with 50 markers or 5,000.
        """
        scales = np.asarray(scales, dtype=np.float32)
        colors = np.asarray(colors, dtype=np.uint8)
        resized = np.flatnonzero(scales != self._scales)
        recoloured = np.flatnonzero((colors != self._colors).any(axis=1))
        if len(resized) == 0 and len(recoloured) == 0:
            return
        if len(resized):
            self._mesh_points[resized] = self._points(scales[resized], resized).reshape(
                len(resized), -1, 3
            )
            self._scales[resized] = scales[resized]
            self.mesh.GetPoints().Modified()
        if len(recoloured):
            self._mesh_colors[recoloured] = colors[recoloured][:, None, :]
            self._colors[recoloured] = colors[recoloured]
            self.mesh.GetPointData().GetArray("rgb").Modified()
        self.mesh.Modified()

    def _points(self, scales: np.ndarray, which: np.ndarray | None = None) -> np.ndarray:
        centres = self.positions if which is None else self.positions[which]
        scaled = self._template[None, :, :] * (self.radius * scales)[:, None, None]
        return (centres[:, None, :] + scaled).reshape(-1, 3).astype(np.float32)


#: Okabe-Ito hues that stand out against the red-brown muscles, one per muscle in turn.
MUSCLE_MARKER_PALETTE = (
    (0, 114, 178),  # blue
    (0, 158, 115),  # bluish green
    (204, 121, 167),  # reddish purple
    (86, 180, 233),  # sky blue
    (117, 112, 179),  # violet (black read as a hole in the painted skin)
)
#: Okabe-Ito yellow: the selected markers.
SELECTED_MARKER_RGB = (240, 228, 66)


def muscle_marker_color(muscle_index: int) -> np.ndarray:
    """Marker colour of the ``muscle_index``-th muscle of the catalog."""
    return np.array(MUSCLE_MARKER_PALETTE[muscle_index % len(MUSCLE_MARKER_PALETTE)], np.uint8)


def marker_colors(
    base: np.ndarray, selected: Sequence[bool], hovered: Sequence[bool]
) -> np.ndarray:
    """Selected markers turn yellow; hovered ones lighten towards white."""
    colors = np.asarray(base, dtype=float).copy()
    hovered_mask = np.asarray(hovered, dtype=bool)
    colors[hovered_mask] = colors[hovered_mask] + 0.5 * (255.0 - colors[hovered_mask])
    colors[np.asarray(selected, dtype=bool)] = SELECTED_MARKER_RGB
    return np.round(colors).astype(np.uint8)

"""Trigger-point markers: placement on the muscle surface and one shared glyph mesh.

All markers live in one :class:`pyvista.PolyData` (a small sphere per
marker, built here in numpy) so that the whole set is one actor. Colour,
size and visibility change in place: colours per point, and a hidden
marker's sphere is collapsed onto its centre, which draws nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyvista as pv
from scipy.spatial import cKDTree

from explorer.model.atlas import Atlas, Structure
from explorer.model.content import TriggerPoint
from explorer.scene.marker_style import muscle_marker_style, shape_templates


def hex_to_rgb(color: str) -> np.ndarray:
    """``"#rrggbb"`` -> (3,) uint8."""
    text = color.lstrip("#")
    return np.array([int(text[index : index + 2], 16) for index in (0, 2, 4)], dtype=np.uint8)


def closest_points_on_mesh(structure: Structure, points: np.ndarray) -> np.ndarray:
    """(n, 3) closest points on the triangles of ``structure`` to each of the (n, 3) ``points``.

    Only triangles touching a point's few nearest vertices can hold its
    closest point; all (point, candidate triangle) pairs are solved at once.
    """
    vertices, faces = structure.vertices, structure.faces
    points = np.asarray(points, dtype=float).reshape(-1, 3)
    k = min(8, len(vertices))
    # One call per structure with all its points, so the tree is built once per structure.
    nearest = cKDTree(vertices).query(points, k=k)[1].reshape(len(points), k)
    starts, incident = _incident_faces(vertices, faces)
    # Every (point, face) pair where the face touches one of the point's nearest vertices.
    counts = (starts[nearest + 1] - starts[nearest]).ravel()
    owner = np.repeat(np.repeat(np.arange(len(points)), k), counts)
    first = np.repeat(starts[nearest].ravel(), counts)
    offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    pair_faces = incident[first + offset]
    corners = vertices[faces[pair_faces]]
    closest = closest_on_triangles(points[owner], corners[:, 0], corners[:, 1], corners[:, 2])
    distance = np.linalg.norm(closest - points[owner], axis=1)
    # Per point, the pair with the smallest distance: sort by (point, distance), take firsts.
    order = np.lexsort((distance, owner))
    firsts = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
    return closest[firsts]


def _incident_faces(vertices: np.ndarray, faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, faces)``: the faces touching vertex ``v`` are ``faces[starts[v]:starts[v+1]]``."""
    corner_vertex = np.asarray(faces).ravel()
    by_vertex = np.argsort(corner_vertex, kind="stable")
    starts = np.zeros(len(vertices) + 1, dtype=np.int64)
    np.cumsum(np.bincount(corner_vertex, minlength=len(vertices)), out=starts[1:])
    return starts, by_vertex // 3


def closest_on_triangles(p: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Closest point on each triangle ``(a[i], b[i], c[i])`` to ``p[i]``; all (n, 3).

    Ericson, Real-Time Collision Detection, 5.1.5: the Voronoi region of the
    triangle that ``p`` projects into (a corner, an edge or the face) decides
    the answer. The regions are tested in the book's order; ``np.select``
    takes the first that holds, as its early returns do.
    """
    ab, ac = b - a, c - a
    ap, bp, cp = p - a, p - b, p - c
    d1, d2 = _dot(ab, ap), _dot(ac, ap)
    d3, d4 = _dot(ab, bp), _dot(ac, bp)
    d5, d6 = _dot(ab, cp), _dot(ac, cp)
    vc, vb, va = d1 * d4 - d3 * d2, d5 * d2 - d1 * d6, d3 * d6 - d5 * d4
    with np.errstate(divide="ignore", invalid="ignore"):  # unused branches may divide by 0
        on_ab = a + (d1 / (d1 - d3))[:, None] * ab
        on_ac = a + (d2 / (d2 - d6))[:, None] * ac
        on_bc = b + ((d4 - d3) / ((d4 - d3) + (d5 - d6)))[:, None] * (c - b)
        inverse = 1.0 / (va + vb + vc)
        inside = a + ab * (vb * inverse)[:, None] + ac * (vc * inverse)[:, None]
    regions = [
        (d1 <= 0) & (d2 <= 0),
        (d3 >= 0) & (d4 <= d3),
        (vc <= 0) & (d1 >= 0) & (d3 <= 0),
        (d6 >= 0) & (d5 <= d6),
        (vb <= 0) & (d2 >= 0) & (d6 <= 0),
        (va <= 0) & (d4 - d3 >= 0) & (d5 - d6 >= 0),
    ]
    answers = [a, b, on_ab, c, on_ac, on_bc]
    return np.select([region[:, None] for region in regions], answers, inside)


def _dot(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", u, v)


def marker_positions(points: Sequence[TriggerPoint], atlas: Atlas) -> np.ndarray:
    """(n, 3): each anchor snapped onto the nearest surface among its structures.

    Solved per structure for all its points at once, so thousands of markers
    cost a few vectorised queries rather than a Python loop per point.
    A point with no known structure keeps its raw anchor (the content
    checks report it).
    """
    landmarks = atlas.landmark_positions()
    anchors = np.array([point.at.resolve(landmarks) for point in points], dtype=float)
    anchors = anchors.reshape(-1, 3)
    best = anchors.copy()
    best_distance = np.full(len(anchors), np.inf)
    users: dict[str, list[int]] = {}
    for index, point in enumerate(points):
        for sid in point.structures:
            if sid in atlas.structures:
                users.setdefault(sid, []).append(index)
    for sid, indices in users.items():
        snapped = closest_points_on_mesh(atlas.structures[sid], anchors[indices])
        distance = np.linalg.norm(snapped - anchors[indices], axis=1)
        closer = distance < best_distance[indices]
        chosen = np.asarray(indices)[closer]
        best[chosen], best_distance[chosen] = snapped[closer], distance[closer]
    return best


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
    shapes
        (n,) index into :data:`~explorer.scene.marker_style.SHAPES` per marker
        (all spheres by default): the second cue when colours repeat.
    """

    def __init__(
        self,
        positions: np.ndarray,
        colors: np.ndarray,
        radius: float,
        shapes: np.ndarray | None = None,
    ) -> None:
        detail = marker_subdivisions(len(positions))
        template = pv.Icosphere(radius=1.0, nsub=detail) if detail >= 0 else pv.Octahedron()
        self._template = np.asarray(template.points, dtype=np.float32)
        # Every shape moves the same vertices, so all markers still share one face list.
        self._templates = shape_templates(self._template)
        self.positions = np.asarray(positions, dtype=float).reshape(-1, 3)
        count = len(self.positions)
        self.shapes = np.zeros(count, np.intp) if shapes is None else np.asarray(shapes, np.intp)
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
        shapes = self.shapes if which is None else self.shapes[which]
        scaled = self._templates[shapes] * (self.radius * scales)[:, None, None]
        return (centres[:, None, :] + scaled).reshape(-1, 3).astype(np.float32)


#: Okabe-Ito yellow: the selected markers.
SELECTED_MARKER_RGB = (240, 228, 66)


def muscle_marker_color(muscle_index: int) -> np.ndarray:
    """Marker colour of the ``muscle_index``-th muscle of the catalog (shape: marker_style)."""
    return np.array(muscle_marker_style(muscle_index).rgb, np.uint8)


def marker_colors(
    base: np.ndarray, selected: Sequence[bool], hovered: Sequence[bool]
) -> np.ndarray:
    """Selected markers turn yellow; hovered ones lighten towards white."""
    colors = np.asarray(base, dtype=float).copy()
    hovered_mask = np.asarray(hovered, dtype=bool)
    colors[hovered_mask] = colors[hovered_mask] + 0.5 * (255.0 - colors[hovered_mask])
    colors[np.asarray(selected, dtype=bool)] = SELECTED_MARKER_RGB
    return np.round(colors).astype(np.uint8)

"""Trigger-point markers: placement on the muscle surface and one shared glyph mesh.

All markers live in one :class:`pyvista.PolyData` (a small sphere per
marker, built here in numpy) so that the whole set is one actor. Colour,
size and visibility change in place: colours per point, and a hidden
marker's sphere is collapsed onto its centre, which draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import reference, vtkPoints
from vtkmodules.vtkCommonDataModel import (
    vtkPolyData,
    vtkStaticCellLocator,
    vtkStaticPointLocator,
)

from explorer.model.atlas import Atlas, Structure
from explorer.model.content import TriggerPoint
from explorer.scene.marker_style import muscle_marker_style, shape_templates


def hex_to_rgb(color: str) -> np.ndarray:
    """``"#rrggbb"`` -> (3,) uint8."""
    text = color.lstrip("#")
    return np.array([int(text[index : index + 2], 16) for index in (0, 2, 4)], dtype=np.uint8)


def closest_points_on_mesh(
    structure: Structure, points: np.ndarray, locator: vtkStaticCellLocator | None = None
) -> np.ndarray:
    """(n, 3) closest points on the triangles of ``structure`` to each of the (n, 3) ``points``.

    Exact, from VTK's static cell locator (``locator`` if the caller has one
    built on the same mesh, as the scene's picking does). Looking only at the
    triangles around a point's nearest vertices is faster in numpy but can
    miss a long, thin triangle that passes closer (by up to 4 mm on the
    benchmark's content), and scipy's tree costs a quarter of a second to
    import before the first frame (issue 18).
    """
    points = np.asarray(points, dtype=float).reshape(-1, 3)
    if locator is None:
        locator = build_locator(structure_polydata(structure))
    closest = np.empty_like(points)
    found = [0.0, 0.0, 0.0]
    cell, sub_id, distance2 = reference(0), reference(0), reference(0.0)
    for index, point in enumerate(points.tolist()):
        locator.FindClosestPoint(point, found, cell, sub_id, distance2)
        closest[index] = found
    return closest


def structure_polydata(structure: Structure) -> pv.PolyData:
    """The bare triangles of ``structure`` as a VTK mesh (same vertex order, no normals)."""
    faces = np.column_stack([np.full(len(structure.faces), 3), structure.faces]).ravel()
    return pv.PolyData(np.asarray(structure.vertices, dtype=np.float64), faces)


def build_locator(mesh: pv.PolyData) -> vtkStaticCellLocator:
    """A built static cell locator for closest-point and ray tests against ``mesh``."""
    locator = vtkStaticCellLocator()
    locator.SetDataSet(mesh)
    locator.BuildLocator()
    return locator


class NearestVertex:
    """The vertex of a mesh nearest to each query point (VTK's static point locator).

    Used where scipy's tree would be the only reason to import scipy before
    the first frame (it costs about a quarter of a second, issue 18).
    """

    def __init__(self, mesh: pv.PolyData) -> None:
        # A points-only copy: a locator on the live mesh is rebuilt, or searched
        # through, again whenever the mesh is modified (every repaint of the skin).
        points = vtkPoints()
        points.SetData(numpy_to_vtk(np.array(mesh.points, dtype=np.float64), deep=True))
        self._cloud = vtkPolyData()
        self._cloud.SetPoints(points)
        self._locator = vtkStaticPointLocator()
        self._locator.SetDataSet(self._cloud)
        self._locator.BuildLocator()

    def query(self, points: np.ndarray) -> np.ndarray:
        """(n,) vertex indices for the (n, 3) ``points``."""
        find = self._locator.FindClosestPoint
        points = np.asarray(points, dtype=float).reshape(-1, 3)
        return np.array([find(point) for point in points.tolist()], dtype=np.intp)


def marker_positions(
    points: Sequence[TriggerPoint],
    atlas: Atlas,
    locator_of: Callable[[str], vtkStaticCellLocator] | None = None,
) -> np.ndarray:
    """(n, 3): each anchor snapped onto the nearest surface among its structures.

    Solved per structure: its locator is built once and asked for each of
    its points (about 20 microseconds a point).
    A point with no known structure keeps its raw anchor (the content
    checks report it). ``locator_of(structure_id)``, if given, supplies each
    structure's built cell locator (the scene keeps them for picking).
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
        locator = locator_of(sid) if locator_of is not None else None
        snapped = closest_points_on_mesh(atlas.structures[sid], anchors[indices], locator)
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

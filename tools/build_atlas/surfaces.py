"""Closest-point projection onto a surface, with the surface normal there."""

from __future__ import annotations

import numpy as np
import pyvista as pv
import trimesh


class Surface:
    """A closed triangle surface that points can be projected onto.

    Parameters
    ----------
    mesh
        One or more trimesh surfaces (merged). Normals must point outward.
    """

    def __init__(self, *meshes: trimesh.Trimesh) -> None:
        merged = trimesh.util.concatenate(list(meshes)) if len(meshes) > 1 else meshes[0]
        self.mesh = merged
        self.polydata = pv.PolyData.from_regular_faces(
            np.asarray(merged.vertices), np.asarray(merged.faces)
        )
        self._face_normals = np.asarray(merged.face_normals)

    def project(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the closest surface points and the outward normals there."""
        points = np.atleast_2d(np.asarray(points, dtype=float))
        cells, closest = self.polydata.find_closest_cell(points, return_closest_point=True)
        return np.atleast_2d(closest), self._face_normals[np.atleast_1d(cells)]

    def project_along(self, points: np.ndarray, direction) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`project`, but by rays along ``direction`` from outside.

        Closest-point projection can land on an inner wall (the skull is a
        shell around the cranial cavity); a ray from outside finds the outer face.
        """
        hits = []
        for point in points:
            try:
                hits.append(self.hit_from_outside(point, direction))
            except ValueError:  # nothing along the ray: fall back to the closest point
                hits.append(self.project(point)[0][0])
        hits = np.array(hits)
        _, normals = self.project(hits)
        return hits, normals

    def crossings(self, origin, direction, length: float = 600.0) -> np.ndarray:
        """Distances along a ray from ``origin`` at which it crosses the surface, sorted."""
        origin = np.asarray(origin, dtype=float)
        direction = np.asarray(direction, dtype=float) / np.linalg.norm(direction)
        # PyVista keeps one cell locator per mesh; duplicate hits on shared edges
        # are merged so that crossings pair up as entries and exits.
        found, _ = self.polydata.intersect_with_line(origin, origin + length * direction)
        found = np.asarray(found, dtype=float).reshape(-1, 3)
        return np.sort((found - origin) @ direction)

    def hit(self, origin, direction, length: float = 600.0) -> np.ndarray:
        """First point where a ray from ``origin`` along ``direction`` meets the surface."""
        origin = np.asarray(origin, dtype=float)
        direction = np.asarray(direction, dtype=float) / np.linalg.norm(direction)
        distances = self.crossings(origin, direction, length)
        if len(distances) == 0:
            raise ValueError(f"ray from {origin.round(1)} along {direction.round(2)} misses")
        return origin + distances[0] * direction

    def hit_from_outside(self, point, direction) -> np.ndarray:
        """Surface point seen when looking along ``direction`` at ``point`` from far away."""
        direction = np.asarray(direction, dtype=float) / np.linalg.norm(direction)
        return self.hit(np.asarray(point, float) - 500.0 * direction, direction, 1000.0)

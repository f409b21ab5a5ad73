"""Sizes of one muscle mesh: length, width, thickness, volume, skin clearance.

- length: extent along the line from the origin to the insertion feature
  (or, without one, along the mesh's first principal axis);
- width: median extent across that line (along the widest direction), over
  slices of the middle 60 % of the length;
- thickness: distance straight through the muscle from points on its surface,
  along the inward normal. The edge walls give long chords across the width:
  for a broad muscle (width at least 15 mm) chords longer than 60 % of its
  width or three times the median are dropped, for a narrow one the longest
  30 %. The mean of the rest is ``thickness_mean_mm``; their 90th percentile
  is the belly thickness ``thickness_belly_mm``.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
import trimesh

#: Points on each triangle besides its corners: the centroid and the edge
#: midpoints. A long edge between two vertices inside a concave skin can still
#: cross it, so these are tested too.
FACE_POINTS = np.array([[1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0], [0.0, 0.5, 0.5], [0.5, 0.0, 0.5]])


def face_points(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """(faces, 4, 3): the centroid and edge midpoints of every triangle."""
    return np.einsum("sk,fkd->fsd", FACE_POINTS, np.asarray(vertices)[np.asarray(faces)])


def polydata(vertices, faces) -> pv.PolyData:
    """PyVista surface of a triangle mesh."""
    return pv.PolyData.from_regular_faces(np.asarray(vertices, float), np.asarray(faces))


def principal_axes(vertices: np.ndarray) -> np.ndarray:
    """Rows: unit principal axes, longest first."""
    centred = vertices - vertices.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    return axes


def length_and_width(vertices: np.ndarray, axis=None) -> tuple[float, float]:
    """Extent along ``axis`` (default: the long axis), and the median width of
    its middle slices."""
    centred = vertices - vertices.mean(axis=0)
    if axis is None:
        axis = principal_axes(vertices)[0]
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    along = centred @ axis
    flat = centred - np.outer(along, axis)
    across = flat @ principal_axes(flat)[0]
    low, high = along.min(), along.max()
    widths = []
    for start in np.linspace(low + 0.2 * (high - low), low + 0.7 * (high - low), 6):
        band = (along >= start) & (along < start + 0.1 * (high - low))
        if band.sum() >= 4:
            widths.append(np.ptp(across[band]))
    return float(high - low), float(np.median(widths)) if widths else 0.0


def thickness(mesh: trimesh.Trimesh, width: float, samples: int = 400) -> tuple[float, float]:
    """Mean and belly (90th percentile) thickness of the broad faces (mm)."""
    surface = polydata(mesh.vertices, mesh.faces)
    step = max(1, len(mesh.faces) // samples)
    centres = np.asarray(mesh.triangles_center)[::step]
    normals = np.asarray(mesh.face_normals)[::step]
    chords = []
    for centre, normal in zip(centres, normals, strict=True):
        start = centre - 0.01 * normal
        points, _ = surface.ray_trace(start, start - 200.0 * normal)
        points = np.asarray(points).reshape(-1, 3)
        if len(points):
            chords.append(float(np.min(np.linalg.norm(points - start, axis=1))))
    if not chords:
        return 0.0, 0.0
    chords = np.sort(np.array(chords))
    if width >= 15.0:
        # Rays that leave a curved sheet far away are no thickness either.
        chords = chords[(chords <= 0.6 * width) & (chords <= 3.0 * np.median(chords))]
    else:
        chords = chords[: max(1, int(0.7 * len(chords)))]
    return float(chords.mean()), float(np.percentile(chords, 90))


def outside_counts(mesh: trimesh.Trimesh, skin: pv.PolyData) -> tuple[int, int]:
    """Vertices outside the skin, and face sample points outside it."""
    vertices = np.asarray(mesh.vertices)
    points = face_points(vertices, mesh.faces).reshape(-1, 3)
    distance = pv.PolyData(np.vstack([vertices, points])).compute_implicit_distance(skin)
    outside = np.asarray(distance["implicit_distance"]) > 0
    return int(outside[: len(vertices)].sum()), int(outside[len(vertices) :].sum())


def figures(mesh: trimesh.Trimesh, axis=None) -> dict[str, float]:
    """Length, width, mean and belly thickness (mm) and volume (ml) of a muscle."""
    length, width = length_and_width(np.asarray(mesh.vertices), axis)
    mean, belly = thickness(mesh, width)
    return {
        "length_mm": round(length, 1),
        "width_mm": round(width, 1),
        "thickness_mean_mm": round(mean, 1),
        "thickness_belly_mm": round(belly, 1),
        "volume_ml": round(float(mesh.volume) / 1000.0, 2),
    }


def incisor_overlap(jaw: np.ndarray, skull: np.ndarray) -> float:
    """How far the lower incisor tips rise above the upper ones (mm; a normal
    bite overlaps by a few mm, a negative value is an open bite)."""
    front_y = jaw[:, 1].max() - 25.0
    lower = jaw[(np.abs(jaw[:, 0]) < 10) & (jaw[:, 1] > front_y)]
    tips = lower[:, 2].max()
    upper = skull[(np.abs(skull[:, 0]) < 10) & (skull[:, 1] > front_y) & (skull[:, 2] < tips + 30)]
    return float(tips - upper[:, 2].min())

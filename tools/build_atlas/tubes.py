"""Closed tubes along smooth paths: the vessels and nerves of the safety layer.

A path is given by a few control points fixed to landmarks; it is smoothed by
a chord-length cubic spline and sampled every few millimetres. Each sample
gets a ring of ``sides`` points in a rotation-minimising frame (so the tube
does not twist where the path turns), and both ends are closed by a fan, so
the surface is watertight by construction.
"""

from __future__ import annotations

import numpy as np
import trimesh

from tools.build_atlas.muscle_shapes import spline_path

#: Sides of a vessel's cross-section: round enough at this size, cheap to draw.
SIDES = 10
#: Spacing of the rings along the path (mm).
RING_SPACING_MM = 3.0


def smooth_path(points, spacing: float = RING_SPACING_MM) -> np.ndarray:
    """A spline through ``points``, sampled about every ``spacing`` mm."""
    points = np.asarray(points, dtype=float)
    length = float(np.linalg.norm(np.diff(points, axis=0), axis=1).sum())
    return spline_path(points, max(4, int(np.ceil(length / spacing)) + 1))


def _frames(path: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tangents and two normals per sample, by the double-reflection method."""
    tangents = np.gradient(path, axis=0)
    tangents /= np.linalg.norm(tangents, axis=1, keepdims=True)
    helper = np.array([0.0, 0.0, 1.0]) if abs(tangents[0][2]) < 0.9 else np.array([1.0, 0, 0])
    first = np.cross(tangents[0], helper)
    normals = [first / np.linalg.norm(first)]
    for index in range(1, len(path)):
        step = path[index] - path[index - 1]
        length = step @ step
        if length < 1e-12:
            normals.append(normals[-1])
            continue
        reflected = normals[-1] - (2.0 / length) * (step @ normals[-1]) * step
        tangent_reflected = (
            tangents[index - 1] - (2.0 / length) * (step @ tangents[index - 1]) * step
        )
        second = tangents[index] - tangent_reflected
        second_length = second @ second
        if second_length > 1e-12:
            reflected = reflected - (2.0 / second_length) * (second @ reflected) * second
        reflected -= (reflected @ tangents[index]) * tangents[index]
        normals.append(reflected / np.linalg.norm(reflected))
    normals = np.array(normals)
    return tangents, normals, np.cross(tangents, normals)


def tube(points, radius, sides: int = SIDES, spacing: float = RING_SPACING_MM) -> trimesh.Trimesh:
    """A closed tube of ``radius`` mm along the spline through ``points``;
    outward-wound. ``radius`` is one number, or several spread evenly from the
    first point to the last."""
    path = smooth_path(points, spacing)
    # Several radii are spread evenly along the path (e.g. (start, end) for a taper).
    given = np.atleast_1d(np.asarray(radius, dtype=float))
    radii = np.interp(np.linspace(0.0, 1.0, len(path)), np.linspace(0.0, 1.0, len(given)), given)
    _, normals, binormals = _frames(path)
    angles = np.linspace(0.0, 2.0 * np.pi, sides, endpoint=False)
    rings = (
        path[:, None, :]
        + radii[:, None, None]
        * (
            np.cos(angles)[None, :, None] * normals[:, None, :]
            + np.sin(angles)[None, :, None] * binormals[:, None, :]
        )
    ).reshape(-1, 3)
    count = len(path)
    vertices = np.vstack([rings, path[0], path[-1]])
    ring = np.arange(sides)
    following = (ring + 1) % sides
    faces = []
    for index in range(count - 1):
        a, b = index * sides + ring, index * sides + following
        faces += [np.c_[a, b + sides, b], np.c_[a, a + sides, b + sides]]
    start, end, last = len(vertices) - 2, len(vertices) - 1, (count - 1) * sides
    faces += [np.c_[np.full(sides, start), ring, following]]
    faces += [np.c_[np.full(sides, end), last + following, last + ring]]
    mesh = trimesh.Trimesh(vertices, np.vstack(faces), process=False)
    if mesh.volume < 0:  # the frame's handedness decides the winding: make it outward
        mesh.invert()
    return mesh


def path_of(mesh: trimesh.Trimesh, sides: int = SIDES) -> np.ndarray:
    """The centre line of a mesh made by :func:`tube` (ring centroids, in order)."""
    rings = np.asarray(mesh.vertices)[:-2]
    return rings.reshape(-1, sides, 3).mean(axis=1)

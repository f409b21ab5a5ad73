"""Closed muscle surfaces: straps lofted along splines, and sheets over a surface.

Both builders produce watertight, consistently wound meshes by construction:
a strap is a tube of elliptical rings with a fan cap at each end; a sheet is an
outer and an inner grid joined by four side walls.
"""

from __future__ import annotations

import numpy as np
import trimesh
from scipy.interpolate import CubicSpline

from tools.build_atlas.surfaces import Surface

RING_SEGMENTS = 18


def spline_path(points: np.ndarray, samples: int) -> np.ndarray:
    """A smooth curve through ``points`` (chord-length parametrised cubic spline)."""
    points = np.asarray(points, dtype=float)
    chord = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(points, axis=0), axis=1))])
    spline = CubicSpline(chord, points, bc_type="natural")
    return spline(np.linspace(0.0, chord[-1], samples))


def taper(fraction: np.ndarray, tendon: float = 0.3) -> np.ndarray:
    """Belly profile: ``tendon`` at both ends, 1 in the middle."""
    return tendon + (1.0 - tendon) * np.sin(np.pi * np.clip(fraction, 0, 1)) ** 0.7


def strap(
    points: np.ndarray,
    width_mm: float,
    thickness_mm: float,
    flat_normal: np.ndarray,
    tendon: float = 0.3,
    samples: int = 36,
) -> trimesh.Trimesh:
    """Loft elliptical sections along a spline from origin, via points, to insertion.

    ``flat_normal`` is the direction the muscle's flat face looks toward (usually
    out of the body); the ellipse is ``width_mm`` across and ``thickness_mm`` deep.
    The end caps are centred exactly on the first and last point, so the
    attachments are where the spec says.
    """
    path = spline_path(points, samples)
    tangents = np.gradient(path, axis=0)
    tangents /= np.linalg.norm(tangents, axis=1, keepdims=True)
    profile = taper(np.linspace(0.0, 1.0, samples), tendon)
    angles = np.linspace(0.0, 2 * np.pi, RING_SEGMENTS, endpoint=False)
    rings = []
    for centre, tangent, scale in zip(path, tangents, profile, strict=True):
        thin_axis = flat_normal - (flat_normal @ tangent) * tangent
        thin_axis /= np.linalg.norm(thin_axis)
        wide_axis = np.cross(tangent, thin_axis)
        rings.append(
            centre
            + scale
            * (
                np.outer(np.cos(angles), wide_axis) * width_mm / 2
                + np.outer(np.sin(angles), thin_axis) * thickness_mm / 2
            )
        )
    return _tube(np.array(rings), path[0], path[-1])


def _tube(rings: np.ndarray, start: np.ndarray, end: np.ndarray) -> trimesh.Trimesh:
    count, segments = rings.shape[:2]
    vertices = np.vstack([rings.reshape(-1, 3), start, end])
    faces = []
    for ring in range(count - 1):
        for seg in range(segments):
            a, b = ring * segments + seg, ring * segments + (seg + 1) % segments
            faces += [[a, b, b + segments], [a, b + segments, a + segments]]
    start_index, end_index = len(vertices) - 2, len(vertices) - 1
    last = (count - 1) * segments
    for seg in range(segments):
        faces.append([start_index, (seg + 1) % segments, seg])
        faces.append([end_index, last + seg, last + (seg + 1) % segments])
    mesh = trimesh.Trimesh(vertices, np.array(faces), process=False)
    trimesh.repair.fix_normals(mesh)
    return mesh


def sheet(
    grid: np.ndarray,
    surface: Surface,
    gap_mm: float,
    thickness_mm: float,
    inward: bool,
    corners: np.ndarray | None = None,
    edge_thickness: float = 0.35,
    project_along=None,
) -> trimesh.Trimesh:
    """A muscle sheet lying over ``surface``, spanned by a (rows, columns, 3) grid.

    Grid points are projected onto ``surface``. With ``inward=True`` (skin) the
    sheet lies ``gap_mm`` beneath it; with ``inward=False`` (bone) it rests
    ``gap_mm`` above it. Thickness fades to ``edge_thickness`` of the maximum at
    the borders, as real sheets thin out toward their aponeuroses. If
    ``corners`` (attachment points, in grid-corner order) are given, the sheet
    dips toward each so its corners reach the bone it is attached to. With
    ``project_along`` (a direction), points are projected by rays from outside.
    """
    rows, columns = grid.shape[:2]
    if project_along is None:
        base, normals = surface.project(grid.reshape(-1, 3))
    else:
        base, normals = surface.project_along(grid.reshape(-1, 3), project_along)
    u = np.linspace(0, 1, columns)[None, :]
    v = np.linspace(0, 1, rows)[:, None]
    profile = edge_thickness + (1 - edge_thickness) * (np.sin(np.pi * u) * np.sin(np.pi * v)) ** 0.5
    depth = (thickness_mm * profile).reshape(-1, 1)
    gap = np.full((rows, columns), gap_mm)
    if corners is not None:
        gap += _corner_dips(
            corners, base.reshape(rows, columns, 3), gap_mm, thickness_mm * edge_thickness
        )
    direction = -normals if inward else normals
    near = base + direction * gap.reshape(-1, 1)
    far = near + direction * depth
    return _slab(near.reshape(rows, columns, 3), far.reshape(rows, columns, 3))


def _corner_dips(corners, base, gap_mm, edge_depth) -> np.ndarray:
    """Extra depth, strongest at each grid corner, that brings it to its landmark."""
    rows, columns = base.shape[:2]
    u = np.linspace(0, 1, columns)[None, :]
    v = np.linspace(0, 1, rows)[:, None]
    weights = [(1 - u) * (1 - v), u * (1 - v), u * v, (1 - u) * v]
    grid_corners = [base[0, 0], base[0, -1], base[-1, -1], base[-1, 0]]
    dips = np.zeros((rows, columns))
    for weight, landmark, surface_point in zip(weights, corners, grid_corners, strict=True):
        extra = max(0.0, np.linalg.norm(np.asarray(landmark) - surface_point) - gap_mm - edge_depth)
        dips += weight**3 * extra
    return dips


def resample(polyline: np.ndarray, count: int) -> np.ndarray:
    """``count`` points evenly spaced by arc length along ``polyline``."""
    polyline = np.asarray(polyline, dtype=float)
    lengths = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(polyline, axis=0), axis=1))])
    wanted = np.linspace(0.0, lengths[-1], count)
    return np.column_stack([np.interp(wanted, lengths, polyline[:, k]) for k in range(3)])


def ruled_grid(first: np.ndarray, second: np.ndarray, rows: int) -> np.ndarray:
    """(rows, columns, 3) grid of straight lines from each point of ``first`` to
    the matching point of ``second`` (two polylines of ``columns`` points)."""
    v = np.linspace(0.0, 1.0, rows)[:, None, None]
    return (1 - v) * np.asarray(first)[None] + v * np.asarray(second)[None]


def slab(outer: np.ndarray, inner: np.ndarray) -> trimesh.Trimesh:
    """Closed, outward-wound slab between two (rows, columns, 3) grids."""
    return _slab(outer, inner)


def bump(count: int, edge: float, power: float = 0.7) -> np.ndarray:
    """A profile from ``edge`` at both ends to 1 in the middle (for thickness)."""
    t = np.linspace(0.0, 1.0, count)
    return edge + (1 - edge) * np.sin(np.pi * t) ** power


def _slab(top: np.ndarray, bottom: np.ndarray) -> trimesh.Trimesh:
    rows, columns = top.shape[:2]
    vertices = np.vstack([top.reshape(-1, 3), bottom.reshape(-1, 3)])
    offset = rows * columns
    faces = []
    for r in range(rows - 1):
        for c in range(columns - 1):
            a, b, d, e = (
                r * columns + c,
                r * columns + c + 1,
                (r + 1) * columns + c,
                (r + 1) * columns + c + 1,
            )
            faces += [
                [a, b, e],
                [a, e, d],
                [a + offset, e + offset, b + offset],
                [a + offset, d + offset, e + offset],
            ]
    ring = (
        [(0, c) for c in range(columns)]
        + [(r, columns - 1) for r in range(1, rows)]
        + [(rows - 1, c) for c in range(columns - 2, -1, -1)]
        + [(r, 0) for r in range(rows - 2, 0, -1)]
    )
    border = [r * columns + c for r, c in ring]
    for index, current in enumerate(border):
        following = border[(index + 1) % len(border)]
        faces += [
            [current, current + offset, following],
            [following, current + offset, following + offset],
        ]
    mesh = trimesh.Trimesh(vertices, np.array(faces), process=False)
    trimesh.repair.fix_normals(mesh)
    return mesh

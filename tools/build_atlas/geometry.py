"""Small geometric tools shared by the build steps: fitting, ray casts, remeshing."""

from __future__ import annotations

import numpy as np
import pyvista as pv
import trimesh
from scipy import ndimage
from scipy.spatial import cKDTree

from tools.build_atlas.measures import face_points


def fit_similarity(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Least-squares similarity (Umeyama) mapping ``source`` points onto ``target``.

    Returns a 4x4 matrix ``T`` with ``T @ [p, 1] ~ q`` (rotation, one scale, shift).
    """
    source_mean, target_mean = source.mean(axis=0), target.mean(axis=0)
    source_centred, target_centred = source - source_mean, target - target_mean
    covariance = target_centred.T @ source_centred / len(source)
    u, singular, vt = np.linalg.svd(covariance)
    reflection = np.eye(3)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        reflection[2, 2] = -1.0  # a proper rotation, never a mirror
    rotation = u @ reflection @ vt
    scale = np.trace(np.diag(singular) @ reflection) / source_centred.var(axis=0).sum()
    matrix = np.eye(4)
    matrix[:3, :3] = scale * rotation
    matrix[:3, 3] = target_mean - scale * rotation @ source_mean
    return matrix


def apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Apply a 4x4 affine matrix to (N, 3) points."""
    return points @ matrix[:3, :3].T + matrix[:3, 3]


def solidify(
    vertices: np.ndarray,
    faces: np.ndarray,
    voxel_mm: float = 1.0,
    thicken_mm: float = 0.8,
    target_faces: int = 12000,
    keep: tuple[float, float] | None = None,
) -> trimesh.Trimesh:
    """Rebuild any triangle soup as one closed, consistently wound surface.

    The source bone meshes have holes and overlapping shells. They are sampled
    densely, rasterised into a voxel grid, thickened by ``thicken_mm``, their
    enclosed cavities filled, smoothed and contoured (flying edges), then
    decimated to about ``target_faces`` and mended by MeshFix (quadric
    decimation can pinch a few edges into non-manifold ones). ``keep=(z_min, z_max)`` clears voxels
    outside a height band first, so cut bones come out capped.
    """
    source = trimesh.Trimesh(vertices, faces, process=False)
    count = int(source.area / (voxel_mm * 0.5) ** 2) + 1000
    samples = trimesh.sample.sample_surface(source, count, seed=7)[0]
    samples = np.vstack([samples, vertices])
    margin = thicken_mm + 4 * voxel_mm
    lower = samples.min(axis=0) - margin
    shape = np.ceil((samples.max(axis=0) + margin - lower) / voxel_mm).astype(int) + 1
    grid = np.zeros(shape, dtype=bool)
    index = np.floor((samples - lower) / voxel_mm).astype(int)
    grid[index[:, 0], index[:, 1], index[:, 2]] = True
    radius = max(1, round(thicken_mm / voxel_mm))
    ball = np.linalg.norm(np.indices((2 * radius + 1,) * 3) - radius, axis=0) <= radius
    grid = ndimage.binary_dilation(grid, structure=ball)
    grid = ndimage.binary_fill_holes(grid)
    if keep is not None:
        heights = lower[2] + np.arange(shape[2]) * voxel_mm
        grid[:, :, (heights < keep[0]) | (heights > keep[1])] = False
    labels, count_labels = ndimage.label(grid)
    if count_labels > 1:  # drop specks left by the cut
        sizes = ndimage.sum(grid, labels, range(1, count_labels + 1))
        grid = np.isin(labels, 1 + np.flatnonzero(sizes >= 0.01 * sizes.max()))
    density = ndimage.gaussian_filter(grid.astype(np.float32), sigma=0.8)
    image = pv.ImageData(dimensions=shape, spacing=(voxel_mm,) * 3, origin=lower)
    image.point_data["density"] = density.ravel(order="F")
    surface = image.contour([0.5], scalars="density", method="flying_edges").triangulate()
    surface = _triangles_only(surface)
    if surface.n_cells > target_faces:
        surface = _triangles_only(surface.decimate(1.0 - target_faces / surface.n_cells))
    return closed_mesh(np.asarray(surface.points, float), surface.regular_faces)


#: Pieces smaller than this (triangles) are slivers, not bone.
MIN_PIECE_FACES = 100


def closed_mesh(vertices: np.ndarray, faces: np.ndarray) -> trimesh.Trimesh:
    """Mend small defects so the surface is watertight and outward-wound."""
    # Imported here: only the build needs pymeshfix (the `atlas` extra); the
    # report and the tests read this module's helpers without it installed.
    import pymeshfix

    # MeshFix keeps only the largest piece whatever its options say. The bust
    # cut leaves the lower posterior ribs as pieces of their own, which one
    # repair of the whole cage silently dropped: each piece of a real size is
    # mended on its own and put back (slivers that decimation splits off are not).
    fixer = pymeshfix.MeshFix(vertices, faces)
    fixer.repair(joincomp=False, remove_smallest_components=False)
    pieces = [trimesh.Trimesh(fixer.points, fixer.faces)]
    split = trimesh.Trimesh(vertices, faces, process=False).split(only_watertight=False)
    for piece in sorted(split, key=lambda part: -len(part.faces))[1:]:
        if len(piece.faces) < MIN_PIECE_FACES:
            continue
        fixer = pymeshfix.MeshFix(np.asarray(piece.vertices), np.asarray(piece.faces))
        fixer.repair(joincomp=False, remove_smallest_components=False)
        mended = trimesh.Trimesh(fixer.points, fixer.faces)
        if mended.is_watertight:
            pieces.append(mended)
    mesh = trimesh.util.concatenate(pieces) if len(pieces) > 1 else pieces[0]
    trimesh.repair.fix_normals(mesh)
    return mesh


def _triangles_only(surface: pv.PolyData) -> pv.PolyData:
    """Merge duplicate points and drop the degenerate lines/vertices VTK leaves."""
    surface = surface.clean(polys_to_lines=False, lines_to_points=False)
    return pv.PolyData(surface.points, surface.faces).triangulate()


def signed_distance(surface: pv.PolyData, points: np.ndarray) -> np.ndarray:
    """Signed distance of points to a closed surface: negative inside, positive outside."""
    probe = pv.PolyData(np.asarray(points, dtype=float))
    return np.asarray(probe.compute_implicit_distance(surface)["implicit_distance"])


def conform_inside(
    vertices: np.ndarray,
    skin: pv.PolyData,
    margin_mm: float | np.ndarray = 1.5,
    smoothing_mm: float = 8.0,
    rounds: int = 6,
) -> np.ndarray:
    """Pull vertices that poke through (or graze) the skin back inside it.

    A placed bone from another body pokes out where that body is bonier: the
    frontal bosses, the clavicles, teeth inside MakeHuman's open mouth cavity.
    Each round moves offending vertices along the inward skin normal to
    ``margin_mm`` (one value, or one per vertex) below the surface, and spreads
    that move over neighbours with a Gaussian of ``smoothing_mm`` so the
    surface bends rather than dents. The normals are averaged over 8 mm of skin:
    at a crease (the closed lips, an eyelid) the local normal runs along the
    crease and would push the teeth upward instead of back.
    """
    skin_tree, skin_normals = _skin_directions(skin)
    moved = np.array(vertices, dtype=float)
    neighbours = cKDTree(moved).query_ball_point(moved, 2.5 * smoothing_mm)
    for _ in range(rounds):
        depth_needed = signed_distance(skin, moved) + margin_mm
        offending = depth_needed > 0
        if not offending.any():
            break
        _, nearest = skin_tree.query(moved[offending])
        push = np.zeros_like(moved)
        push[offending] = -skin_normals[nearest] * depth_needed[offending, None]
        spread = _gaussian_spread(moved, push, neighbours, smoothing_mm)
        spread[offending] = np.where(
            np.linalg.norm(spread[offending], axis=1, keepdims=True)
            >= np.linalg.norm(push[offending], axis=1, keepdims=True),
            spread[offending],
            push[offending],
        )
        moved += spread
    return moved


_DIRECTIONS: dict[int, tuple] = {}


def _skin_directions(skin: pv.PolyData, radius: float = 8.0):
    """A point locator of the skin and its vertex normals averaged over ``radius``
    (cached per skin: every bone and muscle is conformed to the same one)."""
    cached = _DIRECTIONS.get(id(skin))
    if cached is not None and cached[0] is skin:
        return cached[1:]
    surface = skin.compute_normals(point_normals=True, cell_normals=False, auto_orient_normals=True)
    points = np.asarray(surface.points)
    normals = np.asarray(surface.point_data["Normals"], dtype=float)
    tree = cKDTree(points)
    pairs = tree.query_pairs(radius, output_type="ndarray")
    averaged = normals.copy()
    np.add.at(averaged, pairs[:, 0], normals[pairs[:, 1]])
    np.add.at(averaged, pairs[:, 1], normals[pairs[:, 0]])
    averaged /= np.linalg.norm(averaged, axis=1, keepdims=True)
    _DIRECTIONS[id(skin)] = (skin, tree, averaged)
    return tree, averaged


def _gaussian_spread(points, push, neighbours, sigma) -> np.ndarray:
    """Gaussian-weighted maximum-magnitude spread of a sparse displacement field."""
    spread = np.zeros_like(push)
    size = np.zeros(len(push))
    lengths = np.linalg.norm(push, axis=1)
    for index in np.flatnonzero(lengths > 0):
        near = np.asarray(neighbours[index], dtype=np.intp)
        weight = np.exp(-np.sum((points[near] - points[index]) ** 2, axis=1) / (2 * sigma**2))
        candidate = lengths[index] * weight
        better = candidate > size[near]
        size[near[better]] = candidate[better]
        spread[near[better]] = push[index] * weight[better, None]
    return spread


def clear_of_skin(
    vertices: np.ndarray,
    faces: np.ndarray,
    skin: pv.PolyData,
    margin_mm: float | np.ndarray,
    smoothing_mm: float = 8.0,
    rounds: int = 10,
) -> np.ndarray:
    """Conform a closed mesh inside the skin until no vertex, and no point of
    any triangle, lies less than ``margin_mm`` (one value or one per vertex)
    under it.

    Where a triangle's middle still grazes the skin after conforming its
    vertices, those vertices are asked for more depth next round.
    """
    base = np.broadcast_to(np.asarray(margin_mm, dtype=float), (len(vertices),))
    margins = base.copy()
    moved = np.asarray(vertices, dtype=float)
    for _ in range(rounds):
        moved = conform_inside(moved, skin, margins, smoothing_mm)
        points = face_points(moved, faces)
        depth = signed_distance(skin, points.reshape(-1, 3)).reshape(len(faces), -1)
        short = depth.max(axis=1) + 0.5 * base[faces].min(axis=1)
        if (short <= 0).all():
            break
        for face in np.flatnonzero(short > 0):
            corners = faces[face]
            margins[corners] = np.maximum(margins[corners] + 0.3, base[corners] + short[face] + 0.5)
    return moved

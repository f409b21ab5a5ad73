"""Give the back of the bust the soft tissue its skeleton needs.

MakeHuman's default body has a flat upper back and a slender nape: with the
thorax fitted to the sternum, shoulders and C7, the spinous processes from T4
down and the shoulder blades would stand out through its skin (T6 by ~20 mm).
Pushing those bones inward, as the first atlas did, bent the thoracic spine
forward and dragged the scapulae onto the side of the chest. Real backs carry
a layer of muscle and fat over these bones (trapezius, rhomboids, skin: about
1 cm over the spinous processes and the spine of the scapula), so here the
skin moves outward instead, by a smooth displacement field, until every such
bone point has that depth of tissue over it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh
from scipy.spatial import cKDTree

from tools.build_atlas.geometry import signed_distance
from tools.build_atlas.surfaces import Surface

#: Gaussian radius over which one bony point lifts the skin (mm): wide enough
#: that the back stays smooth and its displacement never folds a triangle.
SPREAD_MM = 28.0


@dataclass(frozen=True)
class Cover:
    """Bone points that need ``depth_mm`` of tissue between them and the skin."""

    points: np.ndarray
    depth_mm: float


def _thin(points: np.ndarray, spacing: float = 3.0) -> np.ndarray:
    """One point per ``spacing`` mm voxel (deterministic: the first in order)."""
    keys = np.floor(points / spacing).astype(np.int64)
    _, first = np.unique(keys, axis=0, return_index=True)
    return points[np.sort(first)]


def smooth_normals(skin: trimesh.Trimesh, radius: float = 15.0) -> np.ndarray:
    """Vertex normals averaged over ``radius`` mm: a direction field without kinks."""
    vertices = np.asarray(skin.vertices)
    normals = np.asarray(skin.vertex_normals)
    pairs = cKDTree(vertices).query_pairs(radius, output_type="ndarray")
    averaged = normals.copy()
    np.add.at(averaged, pairs[:, 0], normals[pairs[:, 1]])
    np.add.at(averaged, pairs[:, 1], normals[pairs[:, 0]])
    return averaged / np.linalg.norm(averaged, axis=1, keepdims=True)


def lift_amounts(skin: trimesh.Trimesh, covers: list[Cover]) -> np.ndarray:
    """Per skin vertex, how far it must move out (mm): the largest Gaussian-weighted
    shortfall of tissue depth over any cover point near it."""
    surface = Surface(skin)
    vertices = np.asarray(skin.vertices)
    tree = cKDTree(vertices)
    amounts = np.zeros(len(vertices))
    for cover in covers:
        points = _thin(cover.points)
        shortfall = cover.depth_mm + signed_distance(surface.polydata, points)
        short = shortfall > 0
        if not short.any():
            continue
        closest, _ = surface.project(points[short])
        for centre, amount in zip(closest, shortfall[short], strict=True):
            near = np.asarray(tree.query_ball_point(centre, 2.5 * SPREAD_MM), dtype=np.intp)
            distance = np.linalg.norm(vertices[near] - centre, axis=1)
            candidate = amount * np.exp(-(distance**2) / (2 * SPREAD_MM**2))
            amounts[near] = np.maximum(amounts[near], candidate)
    return amounts


def smoothed(skin: trimesh.Trimesh, values: np.ndarray, iterations: int = 60) -> np.ndarray:
    """``values`` averaged with their mesh neighbours (ripples between bony points go)."""
    edges = np.asarray(skin.edges_unique)
    count = np.bincount(edges.ravel(), minlength=len(values)).astype(float)
    result = values.copy()
    for _ in range(iterations):
        total = np.bincount(edges[:, 0], result[edges[:, 1]], len(values))
        total += np.bincount(edges[:, 1], result[edges[:, 0]], len(values))
        result = 0.5 * result + 0.5 * total / np.maximum(count, 1.0)
    return result


def directions(skin: trimesh.Trimesh, bottom_z: float) -> np.ndarray:
    """Outward directions that turn horizontal toward the bottom cut.

    The cap must stay in its cutting plane, and the skin just above it must
    move the same way as the cap's rim or the two would cross.
    """
    normals = smooth_normals(skin)
    heights = np.asarray(skin.vertices)[:, 2]
    normals[:, 2] *= np.clip((heights - bottom_z) / 40.0, 0.0, 1.0)
    horizontal = np.linalg.norm(normals[:, :2], axis=1)
    on_cap = horizontal < 0.3  # the cap itself: move with the rim, outward in plane
    normals[on_cap, :2] = 0.0
    return normals


def give_room(
    skin: trimesh.Trimesh, covers: list[Cover], bottom_z: float, rounds: int = 4
) -> trimesh.Trimesh:
    """The skin moved outward until every cover has its tissue depth.

    Each round lifts the skin by the shortfall still left, smoothed over the
    surface; a few rounds settle it, because smoothing lowers each peak a little.
    """
    moved = skin
    for _ in range(rounds):
        amounts = lift_amounts(moved, covers)
        if amounts.max() < 0.1:
            break
        field = smoothed(moved, amounts)[:, None] * directions(moved, bottom_z)
        moved = trimesh.Trimesh(np.asarray(moved.vertices) + field, moved.faces, process=False)
    return moved

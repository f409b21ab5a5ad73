"""The body a muscle is built into: skin, bones, landmarks and the layers so far.

Muscles are built from the skin inward. A sheet or band is *draped*: each of
its grid points is carried to the skin, and from there inward along the skin
normal, past the skin and every muscle already built above it, to the depth
where its own layer begins. So the depth order of the brief (skin, trapezius,
splenius, semispinalis, suboccipitals, bone) holds by construction, and a
muscle that has nothing above it lies just under the skin. Layers are squeezed,
never pushed into bone, where the tissue is thinner than they need.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import trimesh

from tools.build_atlas.surfaces import Surface

#: Skin and subcutaneous fat over the outermost muscle (mm).
SKIN_GAP_MM = 2.5
#: Fascia between two muscle layers (mm).
LAYER_GAP_MM = 0.8
#: Least clearance over bone where a layer is squeezed (mm).
BONE_GAP_MM = 0.8
#: How deep a ray looks for the layers above a muscle (mm).
LOOK_DEPTH_MM = 60.0
#: A layer lies on the one above it if it begins within this of its end (mm).
CONTIGUOUS_MM = 3.0


@dataclass
class Body:
    """Everything a muscle builder may look at (left side, x < 0)."""

    marks: dict[str, np.ndarray]
    skin: Surface
    skull: Surface
    bones: Surface
    bust_cut_z: float
    built: dict[str, Surface] = field(default_factory=dict)
    #: Shapes shared by several structures (the trapezius is one sheet, three parts).
    cache: dict[str, object] = field(default_factory=dict)

    def mark(self, name: str) -> np.ndarray:
        """A landmark by name (a copy: builders may shift it)."""
        return np.array(self.marks[name], dtype=float)

    def under_skin(self, point, depth: float) -> np.ndarray:
        """The point ``depth`` mm beneath the skin point closest to ``point``."""
        closest, normal = self.skin.project(point)
        return closest[0] - normal[0] * depth

    def along(self, start: str, end: str, fraction: float) -> np.ndarray:
        """The point ``fraction`` of the way from landmark ``start`` to ``end``."""
        return self.marks[start] + fraction * (self.marks[end] - self.marks[start])

    def add(self, name: str, mesh: trimesh.Trimesh) -> None:
        """Record a finished muscle, so deeper ones drape under it."""
        self.built[name] = Surface(mesh)

    def columns(self, points: np.ndarray, smoothing: int = 3):
        """Skin points over ``points`` and smoothed inward normals there.

        ``points`` is a (rows, columns, 3) grid; normals are averaged with
        their grid neighbours so a sheet draped along them does not crumple
        over a coarse skin triangle.
        """
        rows, columns = points.shape[:2]
        closest, normals = self.skin.project(points.reshape(-1, 3))
        inward = -normals.reshape(rows, columns, 3)
        for _ in range(smoothing):
            padded = np.pad(inward, ((1, 1), (1, 1), (0, 0)), mode="edge")
            inward = (
                padded[1:-1, 1:-1] * 2
                + padded[:-2, 1:-1]
                + padded[2:, 1:-1]
                + padded[1:-1, :-2]
                + padded[1:-1, 2:]
            ) / 6.0
            inward /= np.linalg.norm(inward, axis=2, keepdims=True)
        return closest.reshape(rows, columns, 3), inward

    def depth_below(
        self, start: np.ndarray, inward: np.ndarray, under: tuple[str, ...], from_depth: float
    ) -> float:
        """Depth (from the skin point ``start``) at which the stack of ``under``
        layers lying on top of one another from ``from_depth`` inward ends.

        A layer counts only if it begins where the stack so far ends (within
        ``CONTIGUOUS_MM``): a muscle crossed far deeper, beside the column
        rather than above it, must not push the new layer down to it.
        """
        spans = []
        for name in under:
            crossings = self.built[name].crossings(start - inward, inward, LOOK_DEPTH_MM) - 1.0
            spans += [(crossings[i], crossings[i + 1]) for i in range(0, len(crossings) - 1, 2)]
        depth = from_depth
        for entry, exit_ in sorted(spans):
            if entry <= depth + CONTIGUOUS_MM:
                depth = max(depth, exit_ + LAYER_GAP_MM)
        return depth

    def bone_depth(self, start: np.ndarray, inward: np.ndarray) -> float:
        """Distance from the skin point ``start`` to the first bone along ``inward``."""
        crossings = self.bones.crossings(start + 0.5 * inward, inward, 150.0)
        return float(crossings[0]) + 0.5 if len(crossings) else 150.0


def drape(
    body: Body,
    grid: np.ndarray,
    thickness: np.ndarray,
    under: tuple[str, ...] = (),
    skin_gap: float = SKIN_GAP_MM,
    smoothing: int = 8,
) -> tuple[np.ndarray, np.ndarray]:
    """Outer and inner surfaces of a layer spanned by ``grid`` (rows, columns, 3).

    The outer surface starts ``skin_gap`` under the skin or just under the
    deepest of the ``under`` muscles that covers the column, whichever is
    deeper; ``thickness`` (rows, columns) is laid inward from there, squeezed
    to stop short of bone. The start depths are smoothed over the grid so the
    sheet bends softly where a covering muscle ends instead of stepping.
    """
    starts, inward = body.columns(grid)
    rows, columns = grid.shape[:2]
    top = np.full((rows, columns), skin_gap)
    floor = np.zeros((rows, columns))
    for r in range(rows):
        for c in range(columns):
            if under:
                top[r, c] = body.depth_below(starts[r, c], inward[r, c], under, skin_gap)
            floor[r, c] = body.bone_depth(starts[r, c], inward[r, c]) - BONE_GAP_MM
    for _ in range(smoothing):  # no steps where a covering layer ends
        padded = np.pad(top, 1, mode="edge")
        top = (
            2 * top + padded[:-2, 1:-1] + padded[2:, 1:-1] + padded[1:-1, :-2] + padded[1:-1, 2:]
        ) / 6
    bottom = np.minimum(top + thickness, floor)
    # Where the bone comes up under the layer, both faces give way (a thinner
    # layer rather than one through the bone), keeping a quarter of its thickness.
    top = np.minimum(top, bottom - 0.25 * thickness)
    outer = starts + inward * top[..., None]
    inner = starts + inward * bottom[..., None]
    return outer, inner


def attach(
    body: Body,
    outer: np.ndarray,
    inner: np.ndarray,
    weights: np.ndarray,
    bone: Surface | None = None,
    gap: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Carry a layer onto the bone it arises from or inserts on.

    ``weights`` (rows, columns) say how much of the way each grid point goes:
    1 puts its deep face on the nearest bone (``gap`` mm off it), 0 leaves it
    draped. Blending over a few rows makes the muscle dive to its attachment
    the way a belly narrows into a tendon or an aponeurosis.
    """
    shape = outer.shape
    closest, normals = (bone or body.bones).project(inner.reshape(-1, 3))
    target = (closest + normals * gap).reshape(shape)
    shift = weights[..., None] * (target - inner)
    return outer + shift, inner + shift


def on_bone(
    body: Body,
    grid: np.ndarray,
    thickness: np.ndarray,
    looking: np.ndarray,
    bone: Surface | None = None,
    gap: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Outer and inner faces of a layer lying flat on bone under ``grid``.

    Each grid point is carried along ``looking`` (from outside toward the bone)
    onto the first bone it meets. Where the bone falls away under the muscle
    (between the atlas and the occiput, in the notch of the jaw) the layer
    bridges the gap in a straight line along each row instead of dipping into it.
    """
    bone = bone or body.bones
    looking = np.asarray(looking, float) / np.linalg.norm(looking)
    rows, columns = grid.shape[:2]
    depth = np.empty((rows, columns))
    for r in range(rows):
        for c in range(columns):
            crossings = bone.crossings(grid[r, c] - 150.0 * looking, looking, 300.0)
            depth[r, c] = crossings[0] if len(crossings) else np.nan
    for c in range(columns):  # bridge gaps: never deeper than the chord of the row
        column = depth[:, c]
        known = ~np.isnan(column)
        column[~known] = np.interp(np.flatnonzero(~known), np.flatnonzero(known), column[known])
        chord = np.linspace(column[0], column[-1], rows)
        depth[:, c] = np.minimum(column, chord)
    base = grid - 150.0 * looking + depth[..., None] * looking
    inner = base - gap * looking
    outer = inner - thickness[..., None] * looking
    return outer, inner


def sink(
    body: Body, outer: np.ndarray, inner: np.ndarray, weights: np.ndarray, gap: float = BONE_GAP_MM
) -> tuple[np.ndarray, np.ndarray]:
    """Lower a layer along its skin columns onto the bone beneath it, by ``weights``.

    Unlike :func:`attach`, which carries each point to its nearest bone (right
    for an end on one feature), this keeps a broad part smooth where it lies on
    a row of separate processes: each point only goes straight down, and the
    moves are smoothed over the grid.
    """
    starts, inward = body.columns(inner)
    rows, columns = inner.shape[:2]
    drop = np.zeros((rows, columns))
    for r in range(rows):
        for c in range(columns):
            floor = body.bone_depth(starts[r, c], inward[r, c]) - gap
            drop[r, c] = max(0.0, floor - float((inner[r, c] - starts[r, c]) @ inward[r, c]))
    drop = np.minimum(drop, 25.0) * weights
    for _ in range(4):
        padded = np.pad(drop, 1, mode="edge")
        drop = (
            2 * drop + padded[:-2, 1:-1] + padded[2:, 1:-1] + padded[1:-1, :-2] + padded[1:-1, 2:]
        ) / 6
    shift = inward * drop[..., None]
    return outer + shift, inner + shift

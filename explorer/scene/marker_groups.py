"""Where finger-sized marker disks go on the screen so that none overlaps another.

Pure geometry over projected positions, so it is tested without a renderer.
Markers are placed in order of importance. Each sits on its own position if
it is free; otherwise it is nudged to the nearest free spot close by (and
the drawing joins it to its true position with a thin line); when the
neighbourhood is too crowded even for that, it joins the nearest disk,
which then stands for a group and shows how many it holds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

#: Nudged disks are tried on rings this many radii apart ...
RING_STEP = 0.5
#: ... at this many angles each.
RING_ANGLES = 16


@dataclass(frozen=True)
class ScreenDisk:
    """One disk on the screen (display pixels, origin bottom-left).

    Attributes
    ----------
    members
        Indices of the markers it stands for, the one placed first leading;
        more than one makes a group.
    x, y
        Centre of the disk.
    radius
        In display pixels.
    anchor
        Where the leading marker really is (the centre, unless nudged).
    """

    members: tuple[int, ...]
    x: float
    y: float
    radius: float
    anchor: tuple[float, float]

    @property
    def is_group(self) -> bool:
        """Whether it stands for several markers."""
        return len(self.members) > 1

    @property
    def nudged(self) -> bool:
        """Whether it was moved off its marker's position (by more than a pixel)."""
        return bool(np.hypot(self.x - self.anchor[0], self.y - self.anchor[1]) > 1.0)

    def contains(self, x: float, y: float, slack: float = 0.0) -> bool:
        """Whether ``x, y`` lies on the disk, or within ``slack`` px of its rim."""
        return float(np.hypot(x - self.x, y - self.y)) <= self.radius + slack


@functools.lru_cache(maxsize=8)
def _ring_offsets(rings: int) -> np.ndarray:
    """(1 + rings * RING_ANGLES, 2) offsets in radii: none, then ring after ring outwards.

    Each ring is turned a little against the last, so the spots do not line up in spokes.
    """
    angles = np.linspace(0.0, 2 * np.pi, RING_ANGLES, endpoint=False)
    offsets = [np.zeros((1, 2))]
    for ring in range(1, rings + 1):
        step = ring * RING_STEP
        offsets.append(step * np.column_stack([np.cos(angles + ring), np.sin(angles + ring)]))
    return np.vstack(offsets)


def _spots(point: np.ndarray, radius: float, max_shift: float) -> np.ndarray:
    """``point``, then rings of candidate spots around it, nearest first."""
    rings = int(max_shift / (RING_STEP * radius) + 1e-9)
    return point + radius * _ring_offsets(rings)


def place_disks(
    display: np.ndarray, order: np.ndarray, radius: float, gap: float, max_shift: float
) -> list[ScreenDisk]:
    """Disks for the markers ``order`` (indices into ``display``), none closer than ``gap``.

    Parameters
    ----------
    display
        (n, 2) projected positions of all markers.
    order
        The markers to show, most important first (selected ones lead).
    radius
        Radius of every disk.
    gap
        Free space kept between two disks.
    max_shift
        How far a disk may be nudged from its marker before it joins a group instead.
    """
    order = np.asarray(order, dtype=int)
    spacing_squared = (2 * radius + gap) ** 2
    centres = np.empty((len(order), 2))  # the first ``count`` rows are placed
    count = 0
    members: list[list[int]] = []
    anchors: list[tuple[float, float]] = []
    for index in order:
        point = np.asarray(display[index], dtype=float)
        spots = _spots(point, radius, max_shift) if count else point[None, :]
        offsets = spots[:, None, :] - centres[None, :count, :]
        nearest = np.einsum("ijk,ijk->ij", offsets, offsets).min(axis=1, initial=np.inf)
        free = np.flatnonzero(nearest >= spacing_squared)
        if len(free):
            centres[count] = spots[free[0]]
            count += 1
            members.append([int(index)])
            anchors.append((float(point[0]), float(point[1])))
        else:
            to_point = centres[:count] - point
            members[int(np.argmin(np.einsum("ij,ij->i", to_point, to_point)))].append(int(index))
    return [
        ScreenDisk(tuple(group), float(centre[0]), float(centre[1]), radius, (anchor[0], anchor[1]))
        for centre, group, anchor in zip(centres[:count], members, anchors, strict=True)
    ]


def disk_at(disks: list[ScreenDisk], x: float, y: float, slack: float) -> ScreenDisk | None:
    """The disk under ``x, y`` (or within ``slack`` of it), nearest centre first."""
    hits = [disk for disk in disks if disk.contains(x, y, slack)]
    return min(hits, key=lambda disk: np.hypot(x - disk.x, y - disk.y), default=None)

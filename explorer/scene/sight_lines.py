"""Is anything opaque between the eye and a point? Many points at once, cheaply.

:class:`~explorer.scene.picking.SegmentOccluder` asks every opaque surface's
cell locator about one segment: right for one click, slow for the hundreds
of candidate anchors the labels weigh each frame. Most surfaces lie nowhere
near most sight lines, so a vectorised test against every surface's bounding
box first leaves only a few locators to ask per line.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonCore import mutable

#: Sight lines stop this far (mm) short of their point: the surface it lies on is no cover.
CLEARANCE_MM = 1.0


class SightLines:
    """Sight lines from ``eye`` to each of ``targets`` (n, 3), against ``occluders``.

    Parameters
    ----------
    eye
        The camera position.
    targets
        The points looked at.
    occluders
        ``(name, locator)`` of every surface that hides what lies behind it.
    """

    def __init__(self, eye: np.ndarray, targets: np.ndarray, occluders) -> None:
        self.eye = np.asarray(eye, dtype=float)
        targets = np.asarray(targets, dtype=float).reshape(-1, 3)
        direction = targets - self.eye
        length = np.maximum(np.linalg.norm(direction, axis=1, keepdims=True), 1e-9)
        self.ends = self.eye + direction * np.clip(1.0 - CLEARANCE_MM / length, 0.0, 1.0)
        self.names = [name for name, _ in occluders]
        self.locators = [locator for _, locator in occluders]
        boxes = np.array(
            [locator.GetDataSet().GetBounds() for locator in self.locators], dtype=float
        ).reshape(-1, 6)
        self._near = segments_meet_boxes(self.eye, self.ends, boxes)

    def hidden(self, index: int, ignore: set[str]) -> bool:
        """Whether a surface not in ``ignore`` crosses the sight line to ``targets[index]``."""
        for which in np.flatnonzero(self._near[index]):
            if self.names[which] not in ignore and _hits(
                self.locators[which], self.eye, self.ends[index]
            ):
                return True
        return False


def segments_meet_boxes(start: np.ndarray, ends: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(n, k) bool: does the segment from ``start`` to ``ends[i]`` meet box ``j``? (slab test)"""
    if len(boxes) == 0:
        return np.zeros((len(ends), 0), dtype=bool)
    low, high = boxes[:, 0::2], boxes[:, 1::2]  # (k, 3) from xmin, xmax, ymin, ...
    direction = ends - start
    direction = np.where(np.abs(direction) < 1e-12, 1e-12, direction)
    t_low = (low[None, :, :] - start) / direction[:, None, :]
    t_high = (high[None, :, :] - start) / direction[:, None, :]
    enter = np.minimum(t_low, t_high).max(axis=2)
    leave = np.maximum(t_low, t_high).min(axis=2)
    return (leave >= np.maximum(enter, 0.0)) & (enter <= 1.0)


def _hits(locator, start: np.ndarray, end: np.ndarray) -> bool:
    t, sub_id = mutable(0.0), mutable(0)
    point, parametric = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
    return bool(locator.IntersectWithLine(start, end, 1e-6, t, point, parametric, sub_id))

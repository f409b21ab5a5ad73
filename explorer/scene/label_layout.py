"""Where labels go on screen: beside their anchors, never on each other or on the pattern.

Pure geometry in display pixels (origin bottom-left, as VTK's display
coordinates), so it is tested without a render window. Each label is tried
at a ring of places around its anchor, pointing away from the middle of the
model so that labels fan out to its edges, nearest first; the first place
that stays on screen and touches no placed label, no blocked box (a legend),
no anchor and no painted cell wins. A label with no free place is left out
rather than drawn over something.
"""

from __future__ import annotations

import numpy as np

#: Distances (px) from the anchor to the label, tried in this order.
DISTANCES_PX = (26.0, 50.0, 80.0, 115.0, 160.0, 215.0)
#: Turns (degrees) from "straight out from the model's middle", tried in this order.
ANGLES_DEG = (0.0, 25.0, -25.0, 50.0, -50.0, 75.0, -75.0, 105.0, -105.0, 140.0, -140.0, 180.0)
#: Free space kept between labels, and around anchors.
GAP_PX = 4.0
ANCHOR_CLEARANCE_PX = 5.0


class Occupancy:
    """Screen cells that labels must not cover (the painted pattern), with box queries in O(1).

    Parameters
    ----------
    size
        Viewport width and height in pixels.
    points
        (n, 2) display positions that are taken; each takes its cell and the cells around it.
    cell_px
        Cell size: finer is tighter, coarser is cheaper.
    """

    def __init__(self, size: tuple[int, int], points: np.ndarray, cell_px: float = 8.0) -> None:
        width, height = size
        self.cell = float(cell_px)
        columns, rows = int(np.ceil(width / cell_px)) + 1, int(np.ceil(height / cell_px)) + 1
        grid = np.zeros((rows, columns), dtype=np.int32)
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        cells = np.floor(points / self.cell).astype(int)
        inside = (cells[:, 0] >= 0) & (cells[:, 0] < columns) & (cells[:, 1] >= 0)
        inside &= cells[:, 1] < rows
        grid[cells[inside, 1], cells[inside, 0]] = 1
        # One cell of margin: vertices are sparse, the painted surface between them is not.
        padded = np.pad(grid, 1)
        grown = np.zeros_like(grid)
        for dy in (0, 1, 2):
            for dx in (0, 1, 2):
                grown |= padded[dy : dy + rows, dx : dx + columns]
        # Summed-area table: the count of taken cells in any box is four look-ups.
        self._sums = np.zeros((rows + 1, columns + 1), dtype=np.int32)
        self._sums[1:, 1:] = grown.cumsum(axis=0).cumsum(axis=1)
        self._shape = (rows, columns)

    def covers(self, boxes: np.ndarray) -> np.ndarray:
        """(m,) bool: which of the (m, 4) ``x0, y0, x1, y1`` boxes touch a taken cell."""
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        rows, columns = self._shape
        x0 = np.clip(np.floor(boxes[:, 0] / self.cell).astype(int), 0, columns)
        y0 = np.clip(np.floor(boxes[:, 1] / self.cell).astype(int), 0, rows)
        x1 = np.clip(np.floor(boxes[:, 2] / self.cell).astype(int) + 1, 0, columns)
        y1 = np.clip(np.floor(boxes[:, 3] / self.cell).astype(int) + 1, 0, rows)
        sums = self._sums
        taken = sums[y1, x1] - sums[y0, x1] - sums[y1, x0] + sums[y0, x0]
        return taken > 0


def boxes_overlap(boxes: np.ndarray, others: np.ndarray, gap: float = 0.0) -> np.ndarray:
    """(m,) bool: which of ``boxes`` (m, 4) come within ``gap`` of any of ``others`` (k, 4)."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    others = np.asarray(others, dtype=float).reshape(-1, 4)
    if len(others) == 0:
        return np.zeros(len(boxes), dtype=bool)
    a, b = boxes[:, None, :], others[None, :, :]
    apart = (a[..., 2] + gap <= b[..., 0]) | (b[..., 2] + gap <= a[..., 0])
    apart |= (a[..., 3] + gap <= b[..., 1]) | (b[..., 3] + gap <= a[..., 1])
    return ~apart.all(axis=1)


def _candidates(anchor: np.ndarray, size: np.ndarray, outward: np.ndarray) -> np.ndarray:
    """(c, 4) boxes around ``anchor`` in preference order (nearest, then most outward)."""
    turns = np.radians(np.array(ANGLES_DEG))
    cos, sin = np.cos(turns), np.sin(turns)
    directions = np.column_stack(
        [outward[0] * cos - outward[1] * sin, outward[0] * sin + outward[1] * cos]
    )
    distances = np.repeat(np.array(DISTANCES_PX), len(turns))
    directions = np.tile(directions, (len(DISTANCES_PX), 1))
    tips = anchor + distances[:, None] * directions
    width, height = size
    # The label hangs off the tip on the side it points to, centred vertically.
    x0 = np.where(directions[:, 0] >= 0, tips[:, 0], tips[:, 0] - width)
    y0 = tips[:, 1] - height / 2
    return np.column_stack([x0, y0, x0 + width, y0 + height])


def place_labels(
    anchors: np.ndarray,
    sizes: np.ndarray,
    viewport: tuple[int, int],
    centre: np.ndarray,
    blocked: np.ndarray | None = None,
    occupancy: Occupancy | None = None,
) -> list[np.ndarray | None]:
    """A box ``x0, y0, x1, y1`` for each label (in the given order of priority), or None.

    Parameters
    ----------
    anchors
        (n, 2) display positions the labels point at.
    sizes
        (n, 2) label widths and heights in pixels.
    viewport
        Width and height of the screen area.
    centre
        The model's middle on screen: labels are pushed away from it.
    blocked
        (k, 4) boxes labels must keep clear of (legends).
    occupancy
        Cells labels must not cover (the painted pattern).
    """
    anchors = np.asarray(anchors, dtype=float).reshape(-1, 2)
    sizes = np.asarray(sizes, dtype=float).reshape(-1, 2)
    width, height = viewport
    placed = np.asarray(blocked if blocked is not None else np.zeros((0, 4)), float).reshape(-1, 4)
    clearance = ANCHOR_CLEARANCE_PX
    anchor_boxes = np.column_stack([anchors - clearance, anchors + clearance])
    result: list[np.ndarray | None] = []
    for anchor, size in zip(anchors, sizes, strict=True):
        outward = anchor - np.asarray(centre, dtype=float)
        norm = float(np.hypot(*outward))
        outward = outward / norm if norm > 1.0 else np.array([1.0, 0.0])
        boxes = _candidates(anchor, size, outward)
        usable = (boxes[:, 0] >= GAP_PX) & (boxes[:, 2] <= width - GAP_PX)
        usable &= (boxes[:, 1] >= GAP_PX) & (boxes[:, 3] <= height - GAP_PX)
        usable &= ~boxes_overlap(boxes, placed, GAP_PX)
        usable &= ~boxes_overlap(boxes, anchor_boxes)
        if occupancy is not None:
            usable &= ~occupancy.covers(boxes)
        choice = int(np.argmax(usable)) if usable.any() else None
        box = None if choice is None else boxes[choice]
        if box is not None:
            placed = np.vstack([placed, box])
        result.append(box)
    return result


def leader_end(anchor: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The point of ``box`` nearest to ``anchor``: where the leader line meets the label."""
    return np.clip(np.asarray(anchor, dtype=float), box[:2], box[2:])

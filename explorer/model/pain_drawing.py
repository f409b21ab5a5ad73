"""An editable pain drawing on the skin: brush strokes, erase, regions, clear, undo and redo.

The drawing is one float32 weight per skin vertex (0..1). A brush dab paints
a soft geodesic disc, so paint never jumps across to the other side of the
ear. Each stroke, region, or clear is one undo step. Views subscribe to
:attr:`PainDrawing.changed`; its argument says whether the change is
complete (end of a stroke) or a preview (a dab in the middle of one), so a
view can redraw on every dab but re-rank only once per stroke.
"""

from __future__ import annotations

from collections import deque

import numpy as np
from psygnal import Signal

from explorer.model.pain_regions import soft_disc
from explorer.model.referral import ReferralEngine
from explorer.model.zones import Anchor

#: Brush radii in mm, by name, for the brush-size buttons.
BRUSH_SIZES_MM = {"small": 10.0, "medium": 18.0, "large": 30.0}
#: How many steps undo can go back.
UNDO_DEPTH = 50


class PainDrawing:
    """Per-vertex pain weights on the skin of ``engine``, with undo.

    Parameters
    ----------
    engine
        The referral engine of the skin; its surface graph paints the dabs.
    """

    changed = Signal(bool)  # True when a change is complete, False for a preview

    def __init__(self, engine: ReferralEngine) -> None:
        self.engine = engine
        self._weights = np.zeros(engine.n_vertices, dtype=np.float32)
        self._undo: deque[np.ndarray] = deque(maxlen=UNDO_DEPTH)
        self._redo: list[np.ndarray] = []
        self._stroke_open = False
        self._last_dab: np.ndarray | None = None

    @property
    def weights(self) -> np.ndarray:
        """Read-only view of the per-vertex weights (0..1)."""
        view = self._weights.view()
        view.setflags(write=False)
        return view

    @property
    def is_empty(self) -> bool:
        """Whether nothing is drawn."""
        return not bool(self._weights.any())

    @property
    def can_undo(self) -> bool:
        """Whether there is a step to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether an undone step can be made again."""
        return bool(self._redo)

    # Strokes -------------------------------------------------------------

    def begin_stroke(self) -> None:
        """Start a stroke: everything until :meth:`end_stroke` is one undo step."""
        if not self._stroke_open:
            self._undo.append(self._weights.copy())
            self._stroke_open = True
            self._last_dab = None

    def dab(self, point: np.ndarray, radius_mm: float, erase: bool = False) -> None:
        """Paint (or erase) a soft disc of ``radius_mm`` at skin ``point`` (mm).

        Fast pointer moves leave gaps between events, so dabs are filled in
        along the straight line from the previous one, half a radius apart.
        """
        point = np.asarray(point, dtype=float)
        self.begin_stroke()
        for centre in _fill_between(self._last_dab, point, radius_mm / 2):
            disc = self.engine.zone_intensity(soft_disc(Anchor(None, tuple(centre)), radius_mm))
            if erase:
                np.minimum(self._weights, 1.0 - disc, out=self._weights)
            else:
                np.maximum(self._weights, disc, out=self._weights)
        self._last_dab = point
        self.changed.emit(False)

    def end_stroke(self) -> None:
        """Finish the stroke in progress (a no-op if there is none)."""
        if self._stroke_open:
            self._stroke_open = False
            self._last_dab = None
            if np.array_equal(self._undo[-1], self._weights):
                self._undo.pop()  # a stroke that changed nothing is no undo step
            else:
                self._redo.clear()  # a new edit ends the redo history, as everywhere
            self.changed.emit(True)

    # Whole-drawing edits -------------------------------------------------

    def add(self, weights: np.ndarray) -> None:
        """Add a ready-made drawing (e.g. a region) to what is drawn; one undo step."""
        self._replace(np.maximum(self._weights, np.asarray(weights, dtype=np.float32)))

    def set(self, weights: np.ndarray) -> None:
        """Replace the whole drawing; one undo step."""
        self._replace(np.clip(np.asarray(weights, dtype=np.float32), 0.0, 1.0))

    def clear(self) -> None:
        """Erase everything; one undo step (so a mistaken clear can be undone)."""
        if not self.is_empty:
            self._replace(np.zeros_like(self._weights))

    def reset(self) -> None:
        """Forget everything: the drawing and every undo and redo step.

        Unlike :meth:`clear`, which is itself undoable, nothing drawn before
        can be brought back afterwards: the kiosk calls this between
        visitors, and it keeps no patient data.
        """
        self._stroke_open = False
        self._last_dab = None
        self._undo.clear()
        self._redo.clear()
        self._weights = np.zeros_like(self._weights)
        self.changed.emit(True)

    def undo(self) -> bool:
        """Go back one step; return False if there is nothing to undo."""
        return self._step(self._undo, self._redo)

    def redo(self) -> bool:
        """Make the last undone step again; return False if there is none."""
        return self._step(self._redo, self._undo)

    def _step(self, source, target) -> bool:
        """Restore the newest drawing of ``source``, keeping the current one on ``target``."""
        self.end_stroke()
        if not source:
            return False
        target.append(self._weights)
        self._weights = source.pop()
        self.changed.emit(True)
        return True

    def _replace(self, weights: np.ndarray) -> None:
        self.end_stroke()
        if np.array_equal(weights, self._weights):
            return
        self._undo.append(self._weights)
        self._redo.clear()
        self._weights = weights.astype(np.float32, copy=True)
        self.changed.emit(True)


def _fill_between(previous: np.ndarray | None, point: np.ndarray, spacing: float):
    """Dab centres from just after ``previous`` up to ``point``, at most ``spacing`` apart."""
    if previous is None:
        return [point]
    gap = float(np.linalg.norm(point - previous))
    steps = max(1, int(np.ceil(gap / max(spacing, 1e-6))))
    return [previous + (point - previous) * (step / steps) for step in range(1, steps + 1)]

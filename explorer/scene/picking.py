"""Screen-space marker picking with a click-vs-drag guard.

A click picks the visible marker whose projected centre is nearest to the
pointer, within 12 px for a mouse and 24 px for a finger. Markers behind an
opaque surface (skin, bone, another muscle) are skipped by casting a ray
from the eye. The geometry is in pure functions over a :class:`ViewSnapshot`
so tests can drive it with a made-up camera.

Display coordinates are VTK's: pixels, origin at the bottom-left.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from vtkmodules.vtkCommonDataModel import vtkDataSet

from explorer.scene.sight_lines import segments_meet_boxes

MOUSE_RADIUS_PX = 12.0
TOUCH_RADIUS_PX = 24.0
#: Movement beyond this between press and release (or during the press) makes a drag.
DRAG_DISTANCE_PX = 4.0
#: A press held longer than this is a drag/hold, not a click.
CLICK_MAX_SECONDS = 0.8
#: Surfaces' boxes are widened by this (mm) before the quick test of a sight line.
BOX_MARGIN_MM = 0.01


@dataclass(frozen=True)
class ViewSnapshot:
    """What picking needs to know about the camera at one moment.

    Attributes
    ----------
    world_to_clip
        4x4 composite projection (world -> clip coordinates).
    width, height
        Viewport size in display pixels.
    eye
        Camera position in world mm.
    """

    world_to_clip: np.ndarray
    width: int
    height: int
    eye: np.ndarray


def snapshot_view(renderer) -> ViewSnapshot:
    """Capture a VTK renderer's camera as a :class:`ViewSnapshot`."""
    camera = renderer.GetActiveCamera()
    width, height = renderer.GetSize()
    matrix = camera.GetCompositeProjectionTransformMatrix(renderer.GetTiledAspectRatio(), -1, 1)
    world_to_clip = np.array([[matrix.GetElement(i, j) for j in range(4)] for i in range(4)])
    return ViewSnapshot(world_to_clip, int(width), int(height), np.array(camera.GetPosition()))


def project_to_display(points: np.ndarray, view: ViewSnapshot) -> tuple[np.ndarray, np.ndarray]:
    """Project world ``points`` (n, 3) to display pixels.

    Returns
    -------
    display
        (n, 2) x, y in pixels from the bottom-left.
    in_front
        (n,) bool: the point is in front of the camera and inside the depth range.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 3)
    homogeneous = np.hstack([points, np.ones((len(points), 1))]) @ view.world_to_clip.T
    w = homogeneous[:, 3]
    safe_w = np.where(np.abs(w) < 1e-12, 1e-12, w)
    ndc = homogeneous[:, :3] / safe_w[:, None]
    display = np.column_stack(
        [(ndc[:, 0] + 1) * 0.5 * view.width, (ndc[:, 1] + 1) * 0.5 * view.height]
    )
    in_front = (w > 0) & (np.abs(ndc[:, 2]) <= 1.0)
    return display, in_front


def candidates_within(
    display: np.ndarray, usable: np.ndarray, pointer: tuple[float, float], radius: float
) -> np.ndarray:
    """Indices of usable markers within ``radius`` px of ``pointer``, nearest first."""
    distances = np.linalg.norm(np.asarray(display) - np.asarray(pointer, dtype=float), axis=1)
    inside = np.flatnonzero(np.asarray(usable, dtype=bool) & (distances <= radius))
    return inside[np.argsort(distances[inside], kind="stable")]


#: ``blocked(eye, target, marker_index) -> bool``: is there opaque geometry in between?
OcclusionTest = Callable[[np.ndarray, np.ndarray, int], bool]


def pick_marker(
    positions: np.ndarray,
    visible: np.ndarray,
    view: ViewSnapshot,
    pointer: tuple[float, float],
    radius: float,
    blocked: OcclusionTest | None = None,
) -> int | None:
    """Index of the nearest visible, unoccluded marker within ``radius`` px, else ``None``."""
    display, in_front = project_to_display(positions, view)
    for index in candidates_within(display, np.asarray(visible) & in_front, pointer, radius):
        if blocked is None or not blocked(view.eye, positions[index], int(index)):
            return int(index)
    return None


class SegmentOccluder:
    """Ray test against opaque meshes, for :func:`pick_marker`'s ``blocked``.

    Parameters
    ----------
    occluders
        Called at pick time; returns ``(name, locator)`` pairs for the surfaces
        that currently hide what lies behind them (visible and opaque). Each
        locator is a built ``vtkAbstractCellLocator``.
    ignore
        ``ignore(marker_index)`` -> names of surfaces that never hide that
        marker (its own muscle, which it sits on).
    clearance
        The segment stops this many mm short of the marker, so the surface
        the marker is snapped onto does not count as in front of it.
    """

    def __init__(
        self,
        occluders: Callable[[], list[tuple[str, object]]],
        ignore: Callable[[int], set[str]],
        clearance: float = 1.0,
    ) -> None:
        self._occluders = occluders
        self._ignore = ignore
        self._clearance = clearance
        self._boxes_of: list | None = None
        self._box_cache = np.zeros((0, 6))

    def __call__(self, eye: np.ndarray, target: np.ndarray, marker_index: int) -> bool:
        """True if any opaque surface crosses the segment from ``eye`` to ``target``."""
        direction = np.asarray(target, dtype=float) - eye
        length = float(np.linalg.norm(direction))
        if length <= self._clearance:
            return False
        end = eye + direction * (1.0 - self._clearance / length)
        skip = self._ignore(marker_index)
        occluders = self._occluders()
        # Most surfaces lie nowhere near the segment: one vectorised box test leaves
        # the few whose locator must be asked (a locator call costs ~10 us of Python).
        near = segments_meet_boxes(eye, end[None, :], self._boxes(occluders))[0]
        return any(
            _segment_hits(locator, eye, end)
            for (name, locator), close in zip(occluders, near, strict=True)
            if close and name not in skip
        )

    def _boxes(self, occluders: list[tuple[str, object]]) -> np.ndarray:
        """(k, 6) bounds of ``occluders``' meshes, a little wider; kept while the list is."""
        if occluders is not self._boxes_of:
            # On the class: the data set is a pyvista mesh, whose attribute lookups are slow.
            bounds = [vtkDataSet.GetBounds(locator.GetDataSet()) for _, locator in occluders]
            boxes = np.array(bounds, dtype=float).reshape(-1, 6)
            # Wider than the locator's tolerance, so a box never rejects a segment it would hit.
            boxes[:, 0::2] -= BOX_MARGIN_MM
            boxes[:, 1::2] += BOX_MARGIN_MM
            self._boxes_of, self._box_cache = occluders, boxes
        return self._box_cache


def _segment_hits(locator, start: np.ndarray, end: np.ndarray) -> bool:
    from vtkmodules.vtkCommonCore import mutable

    t, sub_id = mutable(0.0), mutable(0)
    hit_point, parametric = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
    return bool(locator.IntersectWithLine(start, end, 1e-6, t, hit_point, parametric, sub_id))


@dataclass
class ClickGuard:
    """Tells a click from a drag: too far or too long between press and release is a drag."""

    max_distance: float = DRAG_DISTANCE_PX
    max_seconds: float = CLICK_MAX_SECONDS
    clock: Callable[[], float] = time.monotonic
    _start: tuple[float, float] | None = field(default=None, init=False)
    _start_time: float = field(default=0.0, init=False)
    _dragged: bool = field(default=False, init=False)

    def press(self, x: float, y: float) -> None:
        """A button went down (or a finger touched) at ``x, y``."""
        self._start, self._start_time, self._dragged = (x, y), self.clock(), False

    def move(self, x: float, y: float) -> None:
        """The pointer moved while pressed; going far once makes it a drag for good."""
        if self._start is not None and self._moved_far(x, y):
            self._dragged = True

    def release(self, x: float, y: float) -> bool:
        """The button came up at ``x, y``; return True if this was a click."""
        if self._start is None:
            return False
        self.move(x, y)
        quick = self.clock() - self._start_time <= self.max_seconds
        is_click = quick and not self._dragged
        self._start = None
        return is_click

    @property
    def pressed(self) -> bool:
        """Whether a press is in progress."""
        return self._start is not None

    def _moved_far(self, x: float, y: float) -> bool:
        start_x, start_y = self._start
        return float(np.hypot(x - start_x, y - start_y)) > self.max_distance

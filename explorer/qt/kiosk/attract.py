"""The attract tour: a gently swaying model stepping through trigger points with captions.

It runs while the kiosk is idle. Each step selects one trigger point (one
per muscle, left side), frames it, and then sways the camera a few degrees
either side so the picture is alive without being busy. A frame is one
camera move and one render; nothing is added to the scene.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from explorer.model.content import Catalog, TriggerPoint
from explorer.model.state import AppState
from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.views import CameraPose

FRAME_MS = 100  # 10 frames a second: smooth enough for a slow sway, cheap on a kiosk PC
SWAY_DEGREES = 25.0
SWAY_PERIOD_S = 12.0
CAPTION_CHARS = 80  # two lines of the caption bar


def tour_points(catalog: Catalog) -> list[TriggerPoint]:
    """One left-side trigger point per muscle, in file order."""
    seen, points = set(), []
    for point in catalog.trigger_points():
        if point.side == "left" and point.muscle.id not in seen:
            seen.add(point.muscle.id)
            points.append(point)
    return points


def caption(point: TriggerPoint) -> str:
    """A short plain caption: the muscle and where its pain is felt."""
    text = (point.referral_text or point.where or "").strip()
    first = text.split(". ")[0].rstrip(".")
    if len(first) > CAPTION_CHARS:
        first = first[: CAPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return f"{point.muscle.name}: {first}." if first else point.muscle.name


def swayed(pose: CameraPose, degrees: float) -> CameraPose:
    """``pose`` turned by ``degrees`` about the vertical (+z) axis through its focal point."""
    angle = math.radians(degrees)
    rotation = np.array(
        [
            [math.cos(angle), -math.sin(angle), 0.0],
            [math.sin(angle), math.cos(angle), 0.0],
            [0.0, 0.0, 1.0],
        ]
    )
    offset = np.asarray(pose.position) - pose.focal_point
    return CameraPose(
        pose.focal_point + rotation @ offset, pose.focal_point, rotation @ pose.view_up
    )


class AttractTour(QObject):
    """Steps through :func:`tour_points` while running; ``caption_changed`` tells the shell."""

    caption_changed = Signal(str)

    def __init__(
        self,
        scene: AnatomyScene,
        state: AppState,
        step_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.scene, self.state = scene, state
        self.points = tour_points(scene.catalog)
        self._step = 0
        self._frame = 0
        self._pose: CameraPose | None = None
        self._frame_timer = QTimer(self)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self._on_frame)
        self._step_timer = QTimer(self)
        self._step_timer.setInterval(max(1, int(step_ms)))
        self._step_timer.timeout.connect(self._next_point)

    @property
    def running(self) -> bool:
        """Whether the tour is on."""
        return self._frame_timer.isActive()

    def start(self) -> None:
        """Start at the next point of the tour (it continues where it last stopped)."""
        self._frame = 0
        self._next_point()
        self._frame_timer.start()
        self._step_timer.start()

    def stop(self) -> None:
        """Stop moving; the shell resets what the tour changed."""
        self._frame_timer.stop()
        self._step_timer.stop()
        self._pose = None
        self.caption_changed.emit("")

    def _next_point(self) -> None:
        if not self.points:
            self._pose = self.scene.view_pose("anterior")
            self.caption_changed.emit("")
            return
        point = self.points[self._step % len(self.points)]
        self._step = (self._step + 1) % len(self.points)
        self.state.set_selection((point.id,))
        self._pose = self.scene.selection_pose((point.id,))
        self.caption_changed.emit(caption(point))

    def _on_frame(self) -> None:
        if self._pose is None:
            return
        self._frame += 1
        seconds = self._frame * FRAME_MS / 1000.0
        degrees = SWAY_DEGREES * math.sin(2 * math.pi * seconds / SWAY_PERIOD_S)
        self.scene.apply_pose(swayed(self._pose, degrees))

"""A short camera animation towards a target pose, a few frames on a QTimer."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.views import CameraPose, current_pose, interpolate_pose

FRAMES = 10
FRAME_MS = 20


class CameraEase(QObject):
    """Moves the scene's camera to a pose over ``frames`` renders (0 = jump)."""

    def __init__(self, scene: AnatomyScene, frames: int = FRAMES, parent: QObject | None = None):
        super().__init__(parent)
        self.scene, self.frames = scene, frames
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_frame)
        self._start: CameraPose | None = None
        self._end: CameraPose | None = None
        self._frame = 0

    @property
    def running(self) -> bool:
        """Whether an animation is under way."""
        return self._timer.isActive()

    def ease_to(self, pose: CameraPose) -> None:
        """Start moving towards ``pose``, from wherever the camera is now."""
        if self.frames <= 0:
            self.scene.apply_pose(pose)
            return
        self._start = current_pose(self.scene.plotter.renderer.GetActiveCamera())
        self._end, self._frame = pose, 0
        self._timer.start()

    def stop(self) -> None:
        """Stop where the camera is now."""
        self._timer.stop()

    def _on_frame(self) -> None:
        self._frame += 1
        fraction = self._frame / self.frames
        self.scene.apply_pose(interpolate_pose(self._start, self._end, fraction))
        if self._frame >= self.frames:
            self._timer.stop()

"""Camera flights to a pose that last a fixed time, however slow the frames are.

Each tick of a short timer puts the camera where the clock says it should
be by now and asks for a frame. When a frame takes longer than a tick (a
software renderer), the ticks that fell inside it are simply never drawn,
so a flight lasts :data:`FRAMES` x :data:`FRAME_MS` on any machine. A tick
whose next frame would come after the end lands at once, so the final pose
is not a frame late. While it flies the scene draws coarse frames
(:mod:`explorer.scene.lod`); the final pose gets one full frame. A click
or drag during the flight ends it at once at its final pose
(:meth:`explorer.scene.motion.CameraMotion.take_over`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.framing import fit_to_aspect, viewport_aspect
from explorer.scene.views import CameraPose, current_pose, interpolate_pose

#: A flight lasts as long as this many frames at :data:`FRAME_MS` each: 0.4 s.
FRAMES = 10
FRAME_MS = 40
#: How often the clock is read; frames are drawn as fast as the machine allows.
TICK_MS = 15
#: The name a flight moves the camera under (see CameraMotion).
MOTION = "flight"


class CameraEase(QObject):
    """Flies the scene's camera to a pose in ``frames`` x :data:`FRAME_MS` (0 frames: jump).

    Parameters
    ----------
    scene
        The scene whose camera flies.
    frames
        Length of a flight in nominal 40 ms frames; 0 jumps straight to the pose.
    clock
        Seconds, monotonic; tests pass a fake one.
    """

    #: The flight reached its final pose (on time, or cut short by the user).
    landed = Signal()

    def __init__(
        self,
        scene: AnatomyScene,
        frames: int = FRAMES,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.scene, self.clock = scene, clock
        self.duration_s = max(0, frames) * FRAME_MS / 1000.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.advance)
        self._start: CameraPose | None = None
        self._end: CameraPose | None = None
        self._started_at = self._last_tick = 0.0

    @property
    def running(self) -> bool:
        """Whether a flight is under way."""
        return self._timer.isActive()

    @property
    def target(self) -> CameraPose | None:
        """Where the current (or last) flight goes."""
        return self._end

    def ease_to(self, pose: CameraPose) -> None:
        """Fly from wherever the camera is now to ``pose`` (stepped back if the view is narrow)."""
        renderer = self.scene.plotter.renderer
        pose = fit_to_aspect(pose, viewport_aspect(renderer))
        self._end = pose
        if self.duration_s <= 0:
            self._timer.stop()
            self.scene.apply_pose(pose)
            return
        self._start = current_pose(renderer.GetActiveCamera())
        self._started_at = self._last_tick = self.clock()
        # Coarse from the start: on a slow machine the first frame alone may outlast
        # the flight, and a full one would turn the flight into a stutter.
        self.scene.motion.begin(MOTION)
        self.scene.motion.on_take_over(MOTION, self.finish)
        self._timer.start()

    def advance(self) -> None:
        """Put the camera where the clock says and ask for a frame; land when time is up."""
        if not self.running:
            return
        now = self.clock()
        # Ticks come once a frame when frames are slower than ticks: the gap since
        # the last one is how long the next frame will take to show.
        frame_s = now - self._last_tick
        self._last_tick = now
        elapsed = now - self._started_at
        if elapsed + frame_s >= self.duration_s:
            self.finish()
            return
        fraction = elapsed / self.duration_s
        self.scene.apply_pose(interpolate_pose(self._start, self._end, fraction))

    def finish(self) -> None:
        """Land at the final pose now; the next frame is drawn in full."""
        if not self.running:
            return
        self._timer.stop()
        self.scene.apply_pose(self._end, render=False)
        # Ending the last movement asks for the (full) frame; otherwise ask here.
        if not self.scene.motion.end(MOTION):
            self.scene.render()
        self.landed.emit()

    def stop(self) -> None:
        """Stop where the camera is now."""
        self._timer.stop()
        self.scene.motion.end(MOTION)

"""The 3D viewport widget: pyvistaqt's ``QtInteractor``, drawing one render per frame.

Two renders are saved on every frame:

* When a window is shown, Qt paints its OpenGL widgets once while they are
  still hidden, then again when the window is exposed; only the second frame
  reaches the screen. The hidden paint only asks for a repaint.
* VTK's interactor styles render the moment the camera moves (each mouse
  move of a drag, each wheel notch), and the widget's paint then renders the
  same frame again to show it. Here the interactor never renders on its
  own: its render requests become repaint requests, which Qt merges, so a
  burst of moves or notches costs one frame, drawn when the event loop is free.

With software rendering one render of the atlas is about 0.2-0.4 s, so both
matter. The viewport also builds the scene's coarse meshes once its first
frame is on screen (:meth:`build_when_idle`).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import Qt, QTimer
from pyvistaqt import QtInteractor

from explorer.scene.lod import LevelOfDetail

#: glibc's ``mallopt`` parameter for the size above which blocks are mapped, not heaped.
M_MMAP_THRESHOLD = -3
#: Blocks at least this big come straight from the system and go back when freed.
BIG_BLOCK_BYTES = 1 << 20


def give_big_blocks_back() -> None:
    """Make glibc return large freed blocks (framebuffers) to the system at once.

    Switching between coarse and full frames re-creates the render window's
    framebuffers (the multisampling changes). With glibc's default sliding
    threshold the freed buffers stayed in the heap: resident memory grew by
    50-100 MB over a few dozen drags. A fixed threshold keeps it within about
    20 MB. Only glibc (Linux) needs this; elsewhere it does nothing.
    """
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, BIG_BLOCK_BYTES)


def trim_heap() -> None:
    """Hand the heap's free pages back to the system (glibc's ``malloc_trim``).

    Called when a burst of short-lived allocations is over (the background
    precompute, a movement): the blocks under the mapping threshold that it
    freed stay resident otherwise, 30-60 MB here, and the next burst adds
    its own peak on top of them. It takes a few milliseconds.
    """
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def _glibc():
    """The C library if it is glibc (Linux), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None  # not glibc (e.g. musl): nothing to tune
    return libc if hasattr(libc, "malloc_trim") else None


class Viewport(QtInteractor):
    """A ``QtInteractor`` that renders only when it can be seen, and once per frame."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        give_big_blocks_back()
        self._painting = False
        self._lod: LevelOfDetail | None = None
        self._last_coarse = False
        self._interactor = getattr(self.iren, "interactor", None)
        if self._interactor is not None:  # None off-screen: nothing to defer
            self._interactor.EnableRenderOff()
            tag = self._interactor.AddObserver("RenderEvent", self._on_render_requested)
            # pyvistaqt removes the observers it lists when the widget closes.
            self._vtk_observers.append((self._interactor, tag))

    def paintGL(self) -> None:
        """Render and show the scene; while hidden, only ask for a paint once shown."""
        if not self.isVisible():
            # Nothing painted now reaches the screen; the repaint request makes
            # sure a frame follows as soon as the widget is visible.
            self.update()
            return
        self._painting = True
        if self._interactor is not None:
            self._interactor.EnableRenderOn()  # the paint's own render is the frame's one
        try:
            super().paintGL()
        finally:
            if self._interactor is not None:
                self._interactor.EnableRenderOff()
            self._painting = False
        self._after_movement()

    def _after_movement(self) -> None:
        # The first full frame after coarse ones ends a movement: give back its garbage.
        coarse = self._lod is not None and self._lod.showing_coarse
        if self._last_coarse and not coarse:
            QTimer.singleShot(0, trim_heap)
        self._last_coarse = coarse

    def _on_render_requested(self, *_args) -> None:
        # VTK asked for a frame (a style moved the camera): draw it with the next paint.
        if not self._painting:
            self.update()

    def build_when_idle(self, lod: LevelOfDetail) -> None:
        """Build ``lod``'s coarse meshes after the next frame, one mesh per event-loop turn.

        Not before the first frame (it would delay it) and never inside a
        click: between two meshes the event loop serves whatever came in.
        """

        self._lod = lod

        def build_one() -> None:
            if not self._closed and lod.build_next():
                QTimer.singleShot(0, build_one)

        self.frameSwapped.connect(
            lambda: QTimer.singleShot(0, build_one), Qt.ConnectionType.SingleShotConnection
        )

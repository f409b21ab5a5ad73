"""The 3D viewport widget: pyvistaqt's ``QtInteractor`` without the wasted first render.

When a window is shown, Qt paints its OpenGL widgets once while they are
still hidden, then again when the window is exposed; only the second frame
reaches the screen. pyvistaqt renders the whole scene in both. With
software rendering one render of the atlas is about 0.2 s, so skipping the
hidden one brings the first frame forward by that much.
"""

from __future__ import annotations

from pyvistaqt import QtInteractor


class Viewport(QtInteractor):
    """A ``QtInteractor`` that renders only when it can be seen."""

    def paintGL(self) -> None:
        """Render and show the scene; while hidden, only ask for a paint once shown."""
        if not self.isVisible():
            # Nothing painted now reaches the screen; the repaint request makes
            # sure a frame follows as soon as the widget is visible.
            self.update()
            return
        super().paintGL()

"""Who is moving the camera now: the user's gestures and the camera flights.

Every source of movement says when it starts and when it ends, under its
own name (``"drag"``, ``"wheel"``, ``"touch"``, ``"flight"``). While any is
under way the scene draws coarse frames (:mod:`explorer.scene.lod`); when
the last one ends it asks for one full frame. A flight also leaves a way to
finish it at once: when the user takes the camera mid-flight
(:meth:`CameraMotion.take_over`), the flight jumps to its final pose and
the click or drag is handled there.
"""

from __future__ import annotations

from collections.abc import Callable

from explorer.scene.lod import LevelOfDetail


class CameraMotion:
    """The movements under way, and the level of detail they call for.

    Parameters
    ----------
    lod
        Switched to coarse while anything moves, back to full when all stop.
    redraw
        Asks for a frame; called when the last movement ends, so the full
        frame is drawn even if nothing else changes.
    """

    def __init__(self, lod: LevelOfDetail, redraw: Callable[[], None]) -> None:
        self.lod, self._redraw = lod, redraw
        self._reasons: set[str] = set()
        self._finishers: dict[str, Callable[[], None]] = {}

    @property
    def moving(self) -> bool:
        """Whether any movement is under way."""
        return bool(self._reasons)

    @property
    def reasons(self) -> frozenset[str]:
        """The movements under way."""
        return frozenset(self._reasons)

    def begin(self, reason: str) -> None:
        """``reason`` starts moving the camera: the next frames are coarse."""
        if reason in self._reasons:
            return
        self._reasons.add(reason)
        if len(self._reasons) == 1:
            self.lod.set_coarse(True)

    def on_take_over(self, reason: str, finish: Callable[[], None]) -> None:
        """If the user takes the camera before ``reason`` ends, call ``finish`` (it lands)."""
        self._finishers[reason] = finish

    def end(self, reason: str) -> bool:
        """``reason`` stopped; after the last one, the next frame is drawn in full.

        Returns whether it asked for that frame (so the caller need not).
        """
        self._finishers.pop(reason, None)
        if reason not in self._reasons:
            return False
        self._reasons.discard(reason)
        if self._reasons:
            return False
        self.lod.set_coarse(False)
        self._redraw()
        return True

    def take_over(self) -> None:
        """The user grabs the camera: finish every flight at its final pose, now."""
        for finish in list(self._finishers.values()):
            finish()
        self._finishers.clear()

"""What the kiosk does on "Where does it hurt?": the model turns, results and cards follow.

* Entering the page clears the last point's pattern, so only the visitor's
  own marks are on the skin.
* A tapped region turns the head to face what was marked, and the page
  scrolls to the results.
* A tapped result shows its patient card (the model turns to its pattern);
  "Back to the list" returns to the drawing alone.
* While drawing, only a chosen result's markers are shown: disks would
  cover the skin being painted.
"""

from __future__ import annotations

from explorer.qt.kiosk.pain_page import PainPage
from explorer.scene.drawing_pose import DrawingFraming

MODE = "lookup"


class PainFlow:
    """Wires the pain page of ``window`` (a :class:`~explorer.qt.kiosk.shell.KioskWindow`)."""

    def __init__(self, window) -> None:
        self.window = window
        self.state, self.pain_mode = window.state, window.pain_mode
        self.page = PainPage(self.pain_mode.panel, window.project.catalog, window.state)
        self.framing = DrawingFraming(window.scene)
        guarded = window.guard.guarded
        # After PainMode's own slot: by then the region is in the drawing and ranked.
        self.pain_mode.panel.region_requested.connect(guarded(lambda *_: self.face_drawing()))
        self.pain_mode.drawing.changed.connect(
            guarded(lambda final: final and self.page.reveal_results())
        )
        self.page.back_requested.connect(guarded(self.back_to_results))
        self.page.red_flags_requested.connect(guarded(window.show_red_flags))
        self.state.mode_changed.connect(self._on_mode_changed)

    def enter(self, from_elsewhere: bool) -> None:
        """The visitor opened the page: the drawing alone, tools first if they came from afar."""
        self.state.clear_selection()
        if from_elsewhere:
            self.page.scroll_to_top()
        self.page.show_panel()

    def on_selection(self, selection: tuple[str, ...]) -> None:
        """A result (or the top three) was chosen, or the choice was cleared."""
        if selection:
            self.page.show_result()
        else:
            self.page.show_panel()

    def face_drawing(self) -> None:
        """Turn the model so the visitor sees what they marked, and show the results."""
        pose = self.framing.pose(self.pain_mode.drawing.weights)
        if pose is not None:
            self.window.ease.ease_to(pose)
        self.page.reveal_results()

    def back_to_results(self) -> None:
        """From a result's card back to the list, with only the drawing painted again."""
        self.state.clear_selection()
        self.page.show_panel()
        self.face_drawing()

    def _on_mode_changed(self, mode: str) -> None:
        self.window.markers.only_selected = mode == MODE
        self.window.scene.render()

"""Back to the start screen: what "everything resets" means, in one place.

Called after the idle timeout, by "Start again", when the tour ends and after
any error. It must work from any state, including a half-finished one left
by an exception, so each step stands alone and none assumes the previous one
ran.
"""

from __future__ import annotations

import numpy as np

from explorer.model.state import HIDDEN_AT_START, LAYERS
from explorer.scene.views import DEFAULT_VIEW

#: The skin starts see-through so the markers on the muscles show (as in the main window).
START_SKIN_OPACITY = 0.6
#: The start view, closer than the explorer's: bigger dots to aim a finger at, from a metre away.
START_ZOOM = 1.35


def reset_to_start(window) -> None:
    """Stop the tour, close overlays (and lock), clear selection and drawing, home the camera."""
    window.tour.stop()
    window.ease.stop()
    window.pin_pad.hide()
    window.chooser.hide()
    if not window.admin.isHidden():
        # An admin session never outlives a reset (idle time, an error): lock again.
        window.admin.hide()
        window.locked = True
    _reset_state(window.state)
    _reset_drawing(window.pain_mode)
    window.show_page("explore")
    window.card.verticalScrollBar().setValue(0)
    window.about.verticalScrollBar().setValue(0)
    window.pain_page.show_panel()
    window.pain_page.scroll_to_top()
    window.scene.show_view(DEFAULT_VIEW, render=False)
    window.scene.plotter.renderer.GetActiveCamera().Dolly(START_ZOOM)
    window.scene.plotter.renderer.ResetCameraClippingRange()
    window.scene.render()


def _reset_state(state) -> None:
    state.set_mode("explore")
    state.clear_selection()
    state.set_hovered(None)
    state.set_marker_filter("")
    state.set_show_only_selected_muscle(False)
    state.set_needle_view(False)
    for layer in LAYERS:
        # The structures at risk stay hidden: clinician detail, never for a waiting room.
        state.set_layer_visible(layer, layer not in HIDDEN_AT_START)
        state.set_layer_opacity(layer, START_SKIN_OPACITY if layer == "skin" else 1.0)
    # The kiosk keeps no visitor's data: the next visitor cannot undo back to it.
    _forget(getattr(state, "_undo", None))
    _forget(getattr(state, "_redo", None))


def _reset_drawing(pain_mode) -> None:
    drawing = pain_mode.drawing
    reset = getattr(drawing, "reset", None)
    if callable(reset):
        reset()
    else:
        # PainDrawing has no public "forget everything" yet: clear, then drop the
        # undo steps, or the next visitor could undo back to this one's drawing.
        drawing.end_stroke()
        drawing.clear()
        _forget(getattr(drawing, "_undo", None))
        if not np.any(drawing.weights):
            pain_mode.panel.set_can_undo(False)
    panel = pain_mode.panel
    panel.tool_buttons["paint"].setChecked(True)
    panel.size_buttons["medium"].setChecked(True)
    panel.side_buttons["both"].setChecked(True)
    pain_mode._painting = False


def _forget(history) -> None:
    if history is not None:
        history.clear()

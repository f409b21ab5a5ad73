"""AppState: the one source of truth for what is selected and shown.

Views never talk to each other; they call methods here and subscribe to the
signals (handlers named ``_on_<what>_changed``). Every setter compares
first, so a call that changes nothing emits nothing and cannot start a
feedback loop between two views.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from psygnal import Signal

#: Layers the user can show, hide and fade, from the outside in; ``at_risk`` holds
#: the structures at risk when needling (arteries, veins, nerves, organs).
LAYERS = ("skin", "superficial", "deep", "bones", "at_risk")
#: Layers hidden until the user shows them. The structures at risk are clinician
#: detail: off at start on the desktop, and the kiosk never shows them at all.
HIDDEN_AT_START = frozenset({"at_risk"})
#: What the app is doing; views switch panels on ``mode_changed``.
MODES = ("explore", "lookup", "quiz")
#: How many selection changes ``undo`` can step back through.
UNDO_DEPTH = 100


@dataclass(frozen=True)
class LayerSettings:
    """Visibility and opacity (0 = clear, 1 = solid) of one layer."""

    visible: bool = True
    opacity: float = 1.0


def start_settings(layer: str) -> LayerSettings:
    """How ``layer`` looks when the app starts: shown and solid, unless hidden at start."""
    return LayerSettings(visible=layer not in HIDDEN_AT_START)


class AppState:
    """Selection, hover, mode and layer settings, announced by psygnal signals."""

    selection_changed = Signal(tuple)  # the new selection: tuple of TrP ids
    hovered_changed = Signal(object)  # TrP id under the pointer, or None
    mode_changed = Signal(str)
    layer_changed = Signal(str)  # the layer whose visibility or opacity changed
    marker_filter_changed = Signal(str)  # the new marker filter text
    show_only_selected_muscle_changed = Signal(bool)
    needle_view_changed = Signal(bool)

    def __init__(self) -> None:
        self._selection: tuple[str, ...] = ()
        self._undo: deque[tuple[str, ...]] = deque(maxlen=UNDO_DEPTH)
        self._redo: list[tuple[str, ...]] = []
        self._hovered: str | None = None
        self._mode = MODES[0]
        self._layers = {layer: start_settings(layer) for layer in LAYERS}
        self._marker_filter = ""
        self._show_only_selected_muscle = False
        self._needle_view = False

    # Selection -----------------------------------------------------------

    @property
    def selection(self) -> tuple[str, ...]:
        """Selected trigger point ids, in the order they were selected."""
        return self._selection

    def select(self, tp_id: str, additive: bool = False) -> None:
        """Select ``tp_id``.

        A plain select replaces the selection; ``additive`` (ctrl-click, or a
        touch in multi-select mode) toggles ``tp_id`` in or out of it.
        """
        if not additive:
            self._set_selection((tp_id,))
        elif tp_id in self._selection:
            self._set_selection(tuple(item for item in self._selection if item != tp_id))
        else:
            self._set_selection((*self._selection, tp_id))

    def set_selection(self, tp_ids: tuple[str, ...]) -> None:
        """Replace the whole selection (duplicates are dropped, order kept)."""
        self._set_selection(tuple(dict.fromkeys(tp_ids)))

    def clear_selection(self) -> None:
        """Select nothing."""
        self._set_selection(())

    def undo(self) -> bool:
        """Go back to the previous selection; return False if there is none."""
        if not self._undo:
            return False
        self._redo.append(self._selection)
        self._selection = self._undo.pop()
        self.selection_changed.emit(self._selection)
        return True

    def redo(self) -> bool:
        """Re-apply the selection that ``undo`` stepped back from."""
        if not self._redo:
            return False
        self._undo.append(self._selection)
        self._selection = self._redo.pop()
        self.selection_changed.emit(self._selection)
        return True

    def forget_history(self) -> None:
        """Drop every undo and redo step, so nothing can step back to an earlier selection."""
        self._undo.clear()
        self._redo.clear()

    def _set_selection(self, selection: tuple[str, ...]) -> None:
        if selection == self._selection:
            return
        self._undo.append(self._selection)
        self._redo.clear()
        self._selection = selection
        self.selection_changed.emit(selection)

    # Hover and mode ------------------------------------------------------

    @property
    def hovered(self) -> str | None:
        """The trigger point under the pointer, if any."""
        return self._hovered

    def set_hovered(self, tp_id: str | None) -> None:
        """Set the trigger point under the pointer (``None`` for none)."""
        if tp_id != self._hovered:
            self._hovered = tp_id
            self.hovered_changed.emit(tp_id)

    @property
    def mode(self) -> str:
        """The current mode, one of :data:`MODES`."""
        return self._mode

    def set_mode(self, mode: str) -> None:
        """Switch mode; ``ValueError`` if ``mode`` is not one of :data:`MODES`."""
        if mode not in MODES:
            raise ValueError(f"unknown mode '{mode}'; expected one of {', '.join(MODES)}")
        if mode != self._mode:
            self._mode = mode
            self.mode_changed.emit(mode)

    # Layers and filters --------------------------------------------------

    def layer(self, layer: str) -> LayerSettings:
        """Visibility and opacity of ``layer``."""
        return self._layers[self._check_layer(layer)]

    def set_layer_visible(self, layer: str, visible: bool) -> None:
        """Show or hide ``layer``."""
        self._update_layer(layer, LayerSettings(bool(visible), self.layer(layer).opacity))

    def set_layer_opacity(self, layer: str, opacity: float) -> None:
        """Set the opacity of ``layer``, clamped to 0..1."""
        opacity = min(max(float(opacity), 0.0), 1.0)
        self._update_layer(layer, LayerSettings(self.layer(layer).visible, opacity))

    def _update_layer(self, layer: str, settings: LayerSettings) -> None:
        if settings != self._layers[layer]:
            self._layers[layer] = settings
            self.layer_changed.emit(layer)

    @staticmethod
    def _check_layer(layer: str) -> str:
        if layer not in LAYERS:
            raise ValueError(f"unknown layer '{layer}'; expected one of {', '.join(LAYERS)}")
        return layer

    @property
    def marker_filter(self) -> str:
        """Text that visible markers must match (empty: show all)."""
        return self._marker_filter

    def set_marker_filter(self, text: str) -> None:
        """Show only markers matching ``text`` (see ``Catalog.search``)."""
        if text != self._marker_filter:
            self._marker_filter = text
            self.marker_filter_changed.emit(text)

    @property
    def show_only_selected_muscle(self) -> bool:
        """Whether other muscles are hidden while a trigger point is selected."""
        return self._show_only_selected_muscle

    def set_show_only_selected_muscle(self, enabled: bool) -> None:
        """Hide (or show again) the muscles that hold no selected trigger point."""
        if bool(enabled) != self._show_only_selected_muscle:
            self._show_only_selected_muscle = bool(enabled)
            self.show_only_selected_muscle_changed.emit(self._show_only_selected_muscle)

    @property
    def needle_view(self) -> bool:
        """Whether the needle view is on (desktop only): see :mod:`explorer.scene.needle_view`.

        It stays on across selection changes, undo and redo, and shows the
        selected point's approach whenever exactly one point is selected.
        """
        return self._needle_view

    def set_needle_view(self, enabled: bool) -> None:
        """Turn the needle view on or off."""
        if bool(enabled) != self._needle_view:
            self._needle_view = bool(enabled)
            self.needle_view_changed.emit(self._needle_view)

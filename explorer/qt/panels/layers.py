"""Layer controls: a visibility box and an opacity slider per layer, bound to AppState."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QSlider, QWidget

from explorer.model.state import LAYERS, AppState

LAYER_LABELS = {
    "skin": "Skin",
    "superficial": "Superficial muscles",
    "deep": "Deep muscles",
    "bones": "Bones",
    "at_risk": "Structures at risk",
}


class LayerControls(QWidget):
    """Checkbox + 0-100 % slider per layer; follows ``layer_changed`` with blocked signals."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.checks: dict[str, QCheckBox] = {}
        self.sliders: dict[str, QSlider] = {}
        grid = QGridLayout(self)
        for row, layer in enumerate(LAYERS):
            check = QCheckBox(LAYER_LABELS[layer], self)
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setRange(0, 100)
            slider.setToolTip(f"Opacity of {LAYER_LABELS[layer].lower()}")
            if layer == "at_risk":
                check.setToolTip(
                    "Arteries (red), veins (blue), nerves (yellow) and the pleura "
                    "(pale, see-through) to keep clear of when needling"
                )
            check.toggled.connect(lambda on, layer=layer: state.set_layer_visible(layer, on))
            slider.valueChanged.connect(
                lambda value, layer=layer: state.set_layer_opacity(layer, value / 100.0)
            )
            grid.addWidget(check, row, 0)
            grid.addWidget(slider, row, 1)
            self.checks[layer], self.sliders[layer] = check, slider
            self._on_layer_changed(layer)
        state.layer_changed.connect(self._on_layer_changed)

    def _on_layer_changed(self, layer: str) -> None:
        settings = self.state.layer(layer)
        with QSignalBlocker(self.checks[layer]), QSignalBlocker(self.sliders[layer]):
            self.checks[layer].setChecked(settings.visible)
            self.sliders[layer].setValue(round(settings.opacity * 100))
            self.sliders[layer].setEnabled(settings.visible)

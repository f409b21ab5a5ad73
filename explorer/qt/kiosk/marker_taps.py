"""Taps on the kiosk's finger-sized markers: one disk selects its point, a group asks which.

:class:`KioskInput` replaces the explorer's pick (nearest small sphere within
a radius) with a hit test on the disks actually drawn
(:class:`~explorer.scene.touch_markers.TouchMarkers`). A disk standing for
several overlapping markers opens :class:`GroupChooser`: one big button per
point, so each can be tapped however close they sit on the model.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from explorer.model.content import Catalog
from explorer.qt.kiosk.pin_pad import Overlay
from explorer.qt.kiosk.style import GAP_PX
from explorer.qt.viewport_input import ViewportInput

CHOOSER_TITLE = "Which spot?"
#: More choices than this go in two columns.
ONE_COLUMN_MAX = 6


class KioskInput(ViewportInput):
    """Viewport clicks and taps matched against the marker disks on screen.

    ``on_group`` is called with the ids of a tapped group disk.
    """

    def __init__(self, widget, scene, state, markers, on_group: Callable[[tuple], None]):
        super().__init__(widget, scene, state)
        self.markers, self.on_group = markers, on_group

    def disk_ids(self, position: QPoint) -> tuple[str, ...]:
        """Ids of the disk at widget ``position`` (logical pixels, y down)."""
        ratio = self.widget.devicePixelRatioF()
        x = position.x() * ratio
        y = (self.widget.height() - position.y() - 1) * ratio
        return self.markers.hit(x, y)

    def pick_at(self, position: QPoint, touch: bool = False) -> str | None:
        """The point of a lone disk at ``position`` (a group has no single answer)."""
        ids = self.disk_ids(position)
        return ids[0] if len(ids) == 1 else None

    def click(self, position: QPoint, modifiers, touch: bool = False) -> str | None:
        """Select a lone disk's point, or offer a group's points; nothing elsewhere."""
        ids = self.disk_ids(position)
        if len(ids) == 1:
            self.state.select(ids[0])
            return ids[0]
        if ids:
            self.on_group(ids)
        return None


class GroupChooser(Overlay):
    """ "Which spot?": a big button per trigger point of a tapped group disk."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget, catalog: Catalog) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.column = QVBoxLayout(self.panel)
        self.column.setSpacing(GAP_PX)
        title = QLabel(CHOOSER_TITLE)
        title.setObjectName("overlay_title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column.addWidget(title)
        self.grid = QGridLayout()
        self.grid.setSpacing(GAP_PX)
        self.column.addLayout(self.grid)
        self.buttons: dict[str, QPushButton] = {}
        self.cancel = QPushButton("Cancel")
        self.cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(self.hide)
        self.column.addWidget(self.cancel)

    def offer(self, ids: tuple[str, ...]) -> None:
        """Show one button per id (in the disk's order), above Cancel."""
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        # One column while it fits the shortest screen (768 px), two beyond.
        columns = 1 if len(ids) <= ONE_COLUMN_MAX else 2
        for index, tp_id in enumerate(ids):
            button = QPushButton(self.catalog.get(tp_id).label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, tp_id=tp_id: self._choose(tp_id))
            self.grid.addWidget(button, index // columns, index % columns)
            self.buttons[tp_id] = button
        self.open()

    def _choose(self, tp_id: str) -> None:
        self.hide()
        self.chosen.emit(tp_id)

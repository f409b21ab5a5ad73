"""The "Where does it hurt?" panel: brush tools, region buttons and the ranked results.

The panel only shows things and announces what the user asked for through
its signals; :mod:`explorer.qt.pain_mode` does the work. Results are
suggestions, never a diagnosis, and the panel says so next to them. Each
row is one muscle, with its best-matching trigger point and the share of
the marked area it explains; the kiosk shows the same list, styled as big
touch targets.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.model.lookup import MuscleResult
from explorer.model.pain_drawing import BRUSH_SIZES_MM
from explorer.model.pain_regions import PainRegion

HINT = (
    "Paint where it hurts, or tap a region. The list shows the muscles whose "
    "trigger points best match the pain you marked."
)
NOT_A_DIAGNOSIS = "Not a diagnosis — see When to see a doctor"
EMPTY = "Nothing marked yet."
NO_MATCH = "No trigger point in this app refers pain to the area you marked."
TOOLS = (("paint", "Paint"), ("erase", "Erase"), ("turn", "Turn head"))
SIDE_LABELS = {"left": "Left", "both": "Both", "right": "Right"}
#: How many results the list shows.
TOP_N = 8
RESULTS_MIN_HEIGHT_PX = 220
RESULT_SPACING_PX = 5


class PainDrawingPanel(QWidget):
    """Tools, region buttons and results of the pain-drawing mode."""

    tool_changed = Signal(str)  # paint, erase or turn
    brush_size_changed = Signal(str)  # a key of BRUSH_SIZES_MM
    region_requested = Signal(str, str)  # region key, side
    undo_requested = Signal()
    clear_requested = Signal()
    result_activated = Signal(tuple)  # trigger point ids of the tapped muscle's best point
    top_three_requested = Signal()
    red_flags_requested = Signal()

    def __init__(self, regions: Sequence[PainRegion], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(self._tool_row())
        layout.addLayout(self._size_row())
        layout.addLayout(self._edit_row())
        layout.addLayout(self._region_grid(regions))
        self.results = QListWidget()
        self.results.setWordWrap(True)
        # Each row is two or three wrapped lines: a gap keeps one muscle from running into the next.
        self.results.setSpacing(RESULT_SPACING_PX)
        # The results are the point of the panel: never let the buttons squeeze them out.
        self.results.setMinimumHeight(RESULTS_MIN_HEIGHT_PX)
        self.results.itemClicked.connect(self._on_item_clicked)
        layout.addWidget(self.results, stretch=1)
        self.top_three = QPushButton("Show the top 3 together")
        self.top_three.setEnabled(False)
        self.top_three.clicked.connect(self.top_three_requested)
        layout.addWidget(self.top_three)
        self.disclaimer = QLabel(f'<a href="red-flags">{escape(NOT_A_DIAGNOSIS)}</a>')
        self.disclaimer.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.disclaimer.linkActivated.connect(lambda _link: self.red_flags_requested.emit())
        layout.addWidget(self.disclaimer)
        self.set_results([], drawn=False)

    def _tool_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.tool_buttons = _exclusive_buttons(row, TOOLS, self.tool_changed)
        self.tool_buttons["paint"].setChecked(True)
        return row

    def _size_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Brush:"))
        sizes = [(name, name.title()) for name in BRUSH_SIZES_MM]
        self.size_buttons = _exclusive_buttons(row, sizes, self.brush_size_changed)
        self.size_buttons["medium"].setChecked(True)
        return row

    def _edit_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.undo_requested)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(self.clear_requested)
        row.addWidget(self.undo_button)
        row.addWidget(self.clear_button)
        self.set_can_undo(False)
        return row

    def _region_grid(self, regions: Sequence[PainRegion]) -> QGridLayout:
        grid = QGridLayout()
        self.region_buttons: dict[tuple[str, str], QPushButton] = {}
        for row, region in enumerate(regions):
            grid.addWidget(QLabel(region.label), row, 0)
            for column, side in enumerate(("left", "both", "right"), start=1):
                button = QPushButton(SIDE_LABELS[side])
                button.setToolTip(f"{region.label}, {side if side != 'both' else 'both sides'}")
                button.clicked.connect(
                    lambda _=False, key=region.key, side=side: self.region_requested.emit(key, side)
                )
                grid.addWidget(button, row, column)
                self.region_buttons[(region.key, side)] = button
        return grid

    # Shown state ---------------------------------------------------------

    def set_can_undo(self, can_undo: bool) -> None:
        """Enable Undo only when there is something to undo."""
        self.undo_button.setEnabled(can_undo)

    def set_results(self, results: Sequence[MuscleResult], drawn: bool = True) -> None:
        """Show ranked muscles (best first); ``drawn`` says whether anything is marked.

        A row's data is its best point's ids, which a tap selects.
        """
        self.results.clear()
        for result in results[:TOP_N]:
            item = QListWidgetItem(result_text(result))
            item.setData(Qt.ItemDataRole.UserRole, result.ids)
            item.setToolTip(result.reason)
            self.results.addItem(item)
        if not results:
            item = QListWidgetItem(NO_MATCH if drawn else EMPTY)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.top_three.setEnabled(bool(results))

    def result_ids(self) -> list[tuple[str, ...]]:
        """The ids of each listed result, in order (for tests and the top-3 button)."""
        items = (self.results.item(row) for row in range(self.results.count()))
        return [ids for item in items if (ids := item.data(Qt.ItemDataRole.UserRole))]

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        ids = item.data(Qt.ItemDataRole.UserRole)
        if ids:
            self.result_activated.emit(tuple(ids))


def result_text(result: MuscleResult) -> str:
    """Two lines: muscle and side, then its best point and the share it explains.

    E.g. "Upper trapezius — left side" and "Best match: Upper trapezius TrP1.
    Explains 72 % of the area you marked, mostly with its main zone."
    """
    return f"{result.muscle_name} — {result.side_words}\n{result.reason}"


def _exclusive_buttons(row: QHBoxLayout, choices, signal) -> dict[str, QPushButton]:
    """Checkable buttons of which exactly one is down; ``signal`` emits the chosen key."""
    group = QButtonGroup(row)
    buttons = {}
    for key, label in choices:
        button = QPushButton(label)
        button.setCheckable(True)
        button.toggled.connect(lambda on, key=key: on and signal.emit(key))
        group.addButton(button)
        row.addWidget(button)
        buttons[key] = button
    return buttons

"""The "Where does it hurt?" panel: brush tools, region buttons and the ranked results.

A region is picked with two big labelled choices rather than a grid of
small cells: which side (both, left or right), then the region by name
("Temple", "Behind the ear"...).

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

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
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
#: The side a region button marks: key, button text. Both sides first: most headaches are.
SIDES = (("both", "Both sides"), ("left", "Left"), ("right", "Right"))
SIDE_WORDS = {"both": "both sides", "left": "left side", "right": "right side"}
#: Region buttons per row: two keeps each label whole in a side panel (kiosk and desk).
REGION_COLUMNS = 2
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
        self.region_buttons: dict[str, QPushButton] = {}
        self._labels = {region.key: region.label for region in regions}
        layout = QVBoxLayout(self)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(self._tool_row())
        layout.addLayout(self._size_row())
        layout.addLayout(self._edit_row())
        layout.addLayout(self._side_row())
        layout.addLayout(self._region_grid(regions))
        self.results = WrappedRows()
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
        self.disclaimer = QLabel()
        self.link_red_flags(True)
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.disclaimer.linkActivated.connect(lambda _link: self.red_flags_requested.emit())
        layout.addWidget(self.disclaimer)
        self.set_results([], drawn=False)

    def _tool_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.tool_buttons = _exclusive_buttons(row, TOOLS, self.tool_changed.emit)
        self.tool_buttons["paint"].setChecked(True)
        return row

    def _size_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Brush:"))
        sizes = [(name, name.title()) for name in BRUSH_SIZES_MM]
        self.size_buttons = _exclusive_buttons(row, sizes, self.brush_size_changed.emit)
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

    def _side_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Side:"))
        self.side_buttons = _exclusive_buttons(row, SIDES, self._on_side_changed)
        self.side = SIDES[0][0]
        self.side_buttons[self.side].setChecked(True)
        return row

    def _on_side_changed(self, side: str) -> None:
        self.side = side
        for key, button in self.region_buttons.items():
            button.setToolTip(f"Mark: {self._labels[key]}, {SIDE_WORDS[side]}")

    def _region_grid(self, regions: Sequence[PainRegion]) -> QGridLayout:
        grid = QGridLayout()
        for index, region in enumerate(regions):
            button = QPushButton(region.label)
            button.clicked.connect(lambda _=False, key=region.key: self.request_region(key))
            grid.addWidget(button, index // REGION_COLUMNS, index % REGION_COLUMNS)
            self.region_buttons[region.key] = button
        self._on_side_changed(self.side)
        return grid

    def request_region(self, key: str, side: str | None = None) -> None:
        """Ask for region ``key`` on ``side`` (the chosen side by default)."""
        if side is not None:
            self.side_buttons[side].setChecked(True)
        self.region_requested.emit(key, self.side)

    # Shown state ---------------------------------------------------------

    def link_red_flags(self, linked: bool) -> None:
        """Show "not a diagnosis" as a link to the warning signs, or as plain words.

        The kiosk shows plain words: a text link is too small for a finger,
        and its page has a big warning-signs button instead.
        """
        text = escape(NOT_A_DIAGNOSIS)
        self.disclaimer.setText(f'<a href="red-flags">{text}</a>' if linked else text)

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
        self.results.fit_rows()
        self.top_three.setEnabled(bool(results))

    def result_ids(self) -> list[tuple[str, ...]]:
        """The ids of each listed result, in order (for tests and the top-3 button)."""
        items = (self.results.item(row) for row in range(self.results.count()))
        return [ids for item in items if (ids := item.data(Qt.ItemDataRole.UserRole))]

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        ids = item.data(Qt.ItemDataRole.UserRole)
        if ids:
            self.result_activated.emit(tuple(ids))


class WrappedRows(QListWidget):
    """A list whose rows are exactly as tall as their text wrapped at the list's width.

    Qt's own word-wrapped rows keep the height they got at another width
    (the dock grows when a mode swaps panels), and then cut the last line
    short with "…"; these rows are measured again on every resize.

    Attributes
    ----------
    inset
        Room between a row's edges and its text, (across, down), in pixels:
        the item's padding and margins (the kiosk's style pads more).
    min_row_height
        Rows are never lower than this (the kiosk's touch target).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.inset = (6, 3)
        self.min_row_height = 0

    def fit_rows(self) -> None:
        """Give every row the height of its wrapped text at the current width."""
        across, down = self.inset
        width = max(1, self.viewport().width() - 2 * self.spacing())
        box = QRect(0, 0, max(1, width - 2 * across), 100_000)
        metrics = self.fontMetrics()
        for row in range(self.count()):
            item = self.item(row)
            text = metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, item.text()).height()
            item.setSizeHint(QSize(width, max(text + 2 * down, self.min_row_height)))

    def resizeEvent(self, event) -> None:
        """A new width wraps the rows anew."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_rows()


def result_text(result: MuscleResult) -> str:
    """Two lines: muscle and side, then its best point and the share it explains.

    E.g. "Upper trapezius — left side" and "Best match: Upper trapezius TrP1.
    Explains 72 % of the area you marked, mostly with its main zone."
    """
    return f"{result.muscle_name} — {result.side_words}\n{result.reason}"


def _exclusive_buttons(row: QHBoxLayout, choices, on_chosen) -> dict[str, QPushButton]:
    """Checkable buttons of which exactly one is down; ``on_chosen`` gets the chosen key."""
    group = QButtonGroup(row)
    buttons = {}
    for key, label in choices:
        button = QPushButton(label)
        button.setCheckable(True)
        button.toggled.connect(lambda on, key=key: on and on_chosen(key))
        group.addButton(button)
        row.addWidget(button)
        buttons[key] = button
    return buttons

"""Search field and tree of muscles -> trigger points, bound to AppState."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.model.content import Catalog
from explorer.model.state import AppState

ID_ROLE = Qt.ItemDataRole.UserRole


class _KeyboardTree(QTreeWidget):
    """A tree that says when the arrow keys (or Page/Home/End) moved its current row."""

    moved_by_keys = Signal(QTreeWidgetItem)

    def keyPressEvent(self, event) -> None:
        """Let the tree move, then report the row it landed on."""
        before = self.currentItem()
        super().keyPressEvent(event)
        after = self.currentItem()
        if after is not None and after is not before:
            self.moved_by_keys.emit(after)


class TriggerPointTree(QWidget):
    """A search box over a muscle -> trigger point tree.

    A row click calls ``state.select`` (ctrl adds), exactly like a click on a
    marker; the tree then mirrors ``selection_changed`` with its signals
    blocked, so the two never loop. Search matches names and aliases
    ("SCM") and also filters the markers; Enter selects the first match.
    """

    def __init__(self, catalog: Catalog, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog, self.state = catalog, state
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search muscles and trigger points (e.g. SCM)")
        self.search.setClearButtonEnabled(True)
        self.tree = _KeyboardTree(self)
        self.tree.setHeaderHidden(True)

        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        # Every row is one line of text; saying so lets Qt place a row without
        # measuring the rows above it, which made selecting cost grow with the tree.
        self.tree.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._fill()
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_entered)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.itemActivated.connect(self._on_item_clicked)
        self.tree.moved_by_keys.connect(self._on_item_clicked)
        state.selection_changed.connect(self._on_selection_changed)

    def _fill(self) -> None:
        # One pass to group the points (in catalog order), not one pass per muscle.
        by_muscle: dict[str, list] = {}
        for point in self.catalog.trigger_points():
            by_muscle.setdefault(point.muscle.id, []).append(point)
        for muscle in self.catalog.muscles:
            parent = QTreeWidgetItem(self.tree, [muscle.name])
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            if muscle.aliases:
                parent.setToolTip(0, "Also called: " + ", ".join(muscle.aliases))
            for point in by_muscle.get(muscle.id, []):
                child = QTreeWidgetItem(parent, [row_text(point)])
                child.setData(0, ID_ROLE, point.id)
                # The whole name first, in case the row is cut; then where it is.
                child.setToolTip(0, f"{point.label}\n{point.where}")
                self.items[point.id] = child
            parent.setExpanded(True)

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        tp_id = item.data(0, ID_ROLE)
        if tp_id is None:
            return
        additive = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier)
        self.state.select(tp_id, additive=additive)

    def _on_selection_changed(self, selection: tuple[str, ...]) -> None:
        with QSignalBlocker(self.tree):
            # Touch only the rows that change: clearSelection() walks every row,
            # which made a click cost grow with the number of trigger points.
            for item in self.tree.selectedItems():
                item.setSelected(False)
            for tp_id in selection:
                if tp_id in self.items:
                    item = self.items[tp_id]
                    # Shown even if the search filtered it out. Only when hidden: Qt lays
                    # out every row again after any setHidden, changed or not.
                    for row in (item, item.parent()):
                        if row.isHidden():
                            row.setHidden(False)
                    item.setSelected(True)
            if selection and selection[-1] in self.items:
                # NoUpdate: making a row current must not drop the other selected rows.
                no_update = QItemSelectionModel.SelectionFlag.NoUpdate
                self.tree.setCurrentItem(self.items[selection[-1]], 0, no_update)
                self.tree.scrollToItem(self.items[selection[-1]])

    def _on_search_text_changed(self, text: str) -> None:
        # A search never hides the selected point.
        matches = {point.id for point in self.catalog.search(text)} | set(self.state.selection)
        for index in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(index)
            shown = 0
            for child_index in range(parent.childCount()):
                child = parent.child(child_index)
                visible = child.data(0, ID_ROLE) in matches
                child.setHidden(not visible)
                shown += visible
            parent.setHidden(shown == 0)
        self.state.set_marker_filter(text)

    def _on_search_entered(self) -> None:
        matches = self.catalog.search(self.search.text())
        if matches:
            self.state.select(matches[0].id)

    def first_match(self, text: str) -> str | None:
        """The id Enter would select for ``text``."""
        matches = self.catalog.search(text)
        return matches[0].id if matches else None


def row_text(point) -> str:
    """A tree row: the side first, so a narrow panel cuts the name and never the side.

    E.g. "Left · Temporalis TrP2 (middle-anterior)".
    """
    return f"{point.side.capitalize()} \u00b7 {point.name}"

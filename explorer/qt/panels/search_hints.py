"""Under the search field: the best matches with the reason each matched, or what to try.

The tree below keeps filtering by the same search (and never hides the
selected point); this list adds what the tree cannot show: the ranking and
the reason ("refers behind the eye", "symptom: ..."). With no match it says
so and names the closest terms the content knows. A row click selects the
point, as a tree row does.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from explorer.model.search import SUGGESTION_LEAD, search
from explorer.model.state import AppState

#: Rows listed (the tree below shows every match), and how many show without scrolling.
TOP = 8
VISIBLE_ROWS = 4
ID_ROLE = Qt.ItemDataRole.UserRole
PLACEHOLDER = "Search: muscle, place or symptom (e.g. SCM, temple, dizziness)"


class SearchHints(QWidget):
    """Ranked matches with reasons for the text of ``line_edit``.

    Parameters
    ----------
    line_edit
        The search field to follow (the tree panel's).
    catalog, state
        What to search, and where a row click selects.
    """

    def __init__(self, line_edit, catalog, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog, self.state = catalog, state
        self.line_edit = line_edit
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("search_message")
        # The closest terms are links: a click searches for that term.
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.linkActivated.connect(line_edit.setText)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setObjectName("search_results")
        self.list.setToolTip("Best matches first, each with the reason it matched")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        # Only as tall as its content: the tree below takes the rest of the panel.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        line_edit.setPlaceholderText(PLACEHOLDER)
        line_edit.textChanged.connect(self._on_search_text_changed)
        self.list.itemClicked.connect(self._on_item_clicked)
        self.list.itemActivated.connect(self._on_item_clicked)
        if line_edit.text().strip():
            self._on_search_text_changed(line_edit.text())
        else:
            # Nothing typed yet, nothing to show: the search index is built by the first
            # search, not before the first frame (seconds with 5,000 trigger points).
            self.message.hide()
            self.list.hide()

    def _on_search_text_changed(self, text: str) -> None:
        result = search(self.catalog, text)
        self.list.clear()
        searching = bool(text.strip())
        self.message.setText(_message_html(result))
        self.message.setVisible(bool(result.message))
        for rank, hit in enumerate(result.hits[:TOP] if searching else (), 1):
            item = QListWidgetItem(f"{rank}. {hit.point.label}\n    {hit.reason}")
            item.setData(ID_ROLE, hit.point.id)
            item.setToolTip(hit.reason)
            self.list.addItem(item)
        self.list.setVisible(searching and bool(result.hits))
        if self.list.count():
            # Room for up to four two-line rows; more scroll.
            rows = min(self.list.count(), VISIBLE_ROWS)
            frame = 2 * self.list.frameWidth()
            self.list.setFixedHeight(rows * self.list.sizeHintForRow(0) + frame)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        tp_id = item.data(ID_ROLE)
        if tp_id is not None:
            self.state.select(tp_id)

    def rows(self) -> list[tuple[str, str]]:
        """(trigger point id, reason) of each row listed, in order."""
        items = [self.list.item(index) for index in range(self.list.count())]
        return [(item.data(ID_ROLE), item.toolTip()) for item in items]


def _message_html(result) -> str:
    """The no-match message, each suggested term a link that searches for it."""
    if not result.suggestions or result.hint:
        return escape(result.message, quote=False)
    links = ", ".join(
        f'<a href="{escape(term)}">{escape(term, quote=False)}</a>' for term in result.suggestions
    )
    return f"{escape(result.headline, quote=False)} {SUGGESTION_LEAD}: {links}."


def install_search_hints(tree_panel, catalog, state: AppState) -> SearchHints:
    """Put :class:`SearchHints` between the tree panel's search field and its tree."""
    hints = SearchHints(tree_panel.search, catalog, state, tree_panel)
    layout = tree_panel.layout()
    layout.insertWidget(layout.indexOf(tree_panel.search) + 1, hints)
    return hints

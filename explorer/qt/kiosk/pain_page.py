"""The kiosk's "Where does it hurt?" page: the drawing panel, or the card of a tapped result.

A visitor who taps a result wants to read about it, and the side panel has
room for one thing at a time. So the page flips between the pain-drawing
panel (scrolling, as it is taller than a small screen) and the patient card
of the chosen point, with a big button back to the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.model.content import Catalog
from explorer.model.state import AppState
from explorer.qt.kiosk import pages
from explorer.qt.kiosk.patient_card import PatientCard
from explorer.qt.kiosk.style import GAP_PX, ROW_PADDING_PX, TARGET_PX
from explorer.qt.panels.pain_drawing import PainDrawingPanel

BACK_TEXT = "\u2190 Back to the list"


class PainPage(QStackedWidget):
    """The panel (:attr:`area`) or the result card (:attr:`result_view`).

    Parameters
    ----------
    panel
        The shared pain-drawing panel (tools, regions, results).
    catalog, state
        For the result's patient card, which follows the selection.
    """

    back_requested = Signal()
    red_flags_requested = Signal()

    def __init__(self, panel: PainDrawingPanel, catalog: Catalog, state: AppState) -> None:
        super().__init__()
        self.panel = panel
        pages.touch_spacing(panel)
        for widget in panel.findChildren(QWidget):
            # No focus ring, and no jump of the page to whichever widget took the focus.
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        panel.link_red_flags(False)
        self._fit_rows_soon = _coalesced(self, self._fit_results)
        self._reveal_pending = False
        # The list grows with its rows, so the page scrolls as one: no list in a list.
        panel.results.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Rows are touch targets, padded by the kiosk's style (see style.STYLE_SHEET).
        panel.results.inset = (ROW_PADDING_PX + 6, ROW_PADDING_PX + 3)
        panel.results.min_row_height = TARGET_PX
        panel.results.model().rowsInserted.connect(self._fit_rows_soon)
        self.area = pages.scrolling(panel)
        self.card = PatientCard(catalog, state)
        pages.finger_scrolling(self.card)
        panel_page, panel_warning = pages.with_warning_button(self.area, self.card.warning_text)
        card_page, self.warning_button = pages.with_warning_button(
            self.card, self.card.warning_text
        )
        for button in (panel_warning, self.warning_button):
            button.clicked.connect(self.red_flags_requested)
        self.back_button = QPushButton(BACK_TEXT)
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.back_requested)
        self.result_view = QWidget()
        column = QVBoxLayout(self.result_view)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(GAP_PX)
        column.addWidget(self.back_button)
        column.addWidget(card_page, stretch=1)
        self.panel_view = panel_page
        self.addWidget(self.panel_view)
        self.addWidget(self.result_view)

    @property
    def showing_result(self) -> bool:
        """Whether the result card is up."""
        return self.currentWidget() is self.result_view

    def show_panel(self) -> None:
        """The drawing panel, where the visitor left it."""
        self.setCurrentWidget(self.panel_view)
        self._fit_rows_soon()

    def show_result(self) -> None:
        """The card of the selected point, from its top."""
        self.card.verticalScrollBar().setValue(0)
        self.setCurrentWidget(self.result_view)

    def reveal_results(self) -> None:
        """Scroll the panel so the result list is in view (it sits below the region buttons)."""
        # Once the list has its new height, or the scroll falls short (see _fit_results).
        self._reveal_pending = True
        self._fit_rows_soon()

    def _scroll_to_results(self) -> None:
        # Settle the layouts the new list height asked for, so positions and range are current.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        top = self.panel.results.geometry().top() - GAP_PX
        bar = self.area.verticalScrollBar()
        bar.setValue(max(bar.value(), min(top, bar.maximum())))

    def _fit_results(self) -> None:
        """Make the result list exactly as tall as its rows (wrapped at the current width)."""
        rows = self.panel.results
        if rows.count() and rows.viewport().width() > 0:
            rows.scrollToTop()
            rows.doItemsLayout()
            last = rows.visualItemRect(rows.item(rows.count() - 1))
            rows.setFixedHeight(last.bottom() + 1 + rows.spacing() + 2 * rows.frameWidth())
        if self._reveal_pending:
            self._reveal_pending = False
            # The page takes the new height on the next turn of the event loop.
            QTimer.singleShot(0, self._scroll_to_results)

    def resizeEvent(self, event) -> None:
        """A new width wraps the rows anew."""
        super().resizeEvent(event)
        self._fit_rows_soon()

    def scroll_to_top(self) -> None:
        """Back to the first tool row (the reset does this)."""
        self.area.verticalScrollBar().setValue(0)


def _coalesced(parent: QWidget, slot):
    """A function that runs ``slot`` once, at the next event-loop turn, however often called."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return lambda *_: timer.start()

"""Geometry rules every screen of the app must keep (used by the layout harness).

Each check walks the visible widgets of a window and returns plain-language
problems ("'Explore' is 92 px wide but its text needs 141 px"), so a failure
says what to fix. Rectangles are compared in global logical pixels and
clipped to the scroll areas that hold them, because a row scrolled out of
view is not outside the screen.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QListWidget,
    QWidget,
)

from explorer.qt.kiosk.header import ElidedLabel

#: Room a list row keeps around its text (style padding, item margins).
ROW_PADDING_PX = 8


def global_rect(widget: QWidget) -> QRect:
    """``widget``'s rectangle in global logical pixels."""
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def shown_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` its ancestors let through (empty if scrolled out of view)."""
    rect = global_rect(widget)
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        rect = rect.intersected(global_rect(parent))
        parent = parent.parentWidget()
    return rect


def _in_scrolled_content(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent.parentWidget(), QAbstractScrollArea):
            return True  # parent is a scroll area's viewport
        parent = parent.parentWidget()
    return False


def visible_widgets(window: QWidget) -> list[QWidget]:
    """Widgets a person sees: shown, not scrolled away, not under an open overlay panel."""
    widgets = [w for w in window.findChildren(QWidget) if w.isVisible()]
    overlays = [w for w in widgets if w.objectName() == "overlay"]
    if overlays:
        top = overlays[-1]
        widgets = [w for w in widgets if top.isAncestorOf(w)]
    return [w for w in widgets if not shown_rect(w).isEmpty()]


def describe(widget: QWidget) -> str:
    """A name a person can find: the text, else the object name, else the class."""
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    text = " ".join(str(text).split())[:40]
    return repr(text) if text else widget.objectName() or type(widget).__name__


def text_problems(widgets: list[QWidget]) -> list[str]:
    """Buttons and labels whose text does not fit (clipped or elided)."""
    problems = []
    for widget in widgets:
        if isinstance(widget, ElidedLabel):
            continue  # the clinic name may end in "…": the one text allowed to
        need = widget.sizeHint()
        if isinstance(widget, QAbstractButton) and widget.text():
            if widget.width() < need.width() or widget.height() < need.height():
                problems.append(
                    f"button {describe(widget)} is {widget.width()}x{widget.height()} px "
                    f"but its text needs {need.width()}x{need.height()}"
                )
        elif isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            problems += _label_problem(widget)
        elif isinstance(widget, QListWidget) and widget.wordWrap():
            problems += _row_text_problems(widget)
    return problems


def _row_text_problems(rows: QListWidget) -> list[str]:
    """Wrapped rows cut short (Qt then ends the last line they show with "…")."""
    metrics, problems = rows.fontMetrics(), []
    for index in range(rows.count()):
        item = rows.item(index)
        rect = rows.visualItemRect(item)
        # A little narrower than the row: its padding and the item's margins.
        box = QRect(0, 0, max(1, rect.width() - ROW_PADDING_PX), 100_000)
        need = metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, item.text()).height()
        if need > rect.height():
            problems.append(
                f"list row {item.text()[:30]!r} is {rect.height()} px tall, needs {need}"
            )
    return problems


def _label_problem(label: QLabel) -> list[str]:
    if label.wordWrap():
        height = label.heightForWidth(label.width())
        if label.height() < height:
            return [f"label {describe(label)} is {label.height()} px tall, needs {height}"]
    elif label.width() < label.sizeHint().width():
        return [
            f"label {describe(label)} is {label.width()} px wide, needs {label.sizeHint().width()}"
        ]
    return []


def outside_problems(window: QWidget, widgets: list[QWidget], screen: QRect) -> list[str]:
    """The window, or any widget in it, reaching past the screen."""
    problems = []
    if not screen.contains(window.frameGeometry()):
        problems.append(f"window {window.frameGeometry()} is not inside the screen {screen}")
    for widget in widgets:
        rect = shown_rect(widget) if _in_scrolled_content(widget) else global_rect(widget)
        if not screen.contains(rect):
            problems.append(f"{describe(widget)} at {rect} lies outside the screen {screen}")
    return problems


def _gap(a: QRect, b: QRect) -> int:
    """Free pixels between two rectangles; negative when they overlap."""
    return max(
        b.left() - (a.left() + a.width()),
        a.left() - (b.left() + b.width()),
        b.top() - (a.top() + a.height()),
        a.top() - (b.top() + b.height()),
    )


def overlap_problems(widgets: list[QWidget], min_gap: int = 0) -> list[str]:
    """Buttons that overlap, or (``min_gap`` > 0) come closer than ``min_gap`` px."""
    buttons = [(w, shown_rect(w)) for w in widgets if isinstance(w, QAbstractButton)]
    problems = []
    for (first, a), (second, b) in itertools.combinations(buttons, 2):
        if first.isAncestorOf(second) or second.isAncestorOf(first):
            continue
        gap = _gap(a, b)
        if gap < min_gap:
            what = "overlap" if gap < 0 else f"are only {gap} px apart"
            problems.append(f"buttons {describe(first)} and {describe(second)} {what}")
    return problems


def touch_problems(widgets: list[QWidget], target_px: int, gap_px: int) -> list[str]:
    """Buttons and list rows under ``target_px`` either way, or rows closer than ``gap_px``."""
    problems = []
    for widget in widgets:
        if isinstance(widget, QAbstractButton) and widget.isEnabled():
            if min(widget.width(), widget.height()) < target_px:
                problems.append(
                    f"button {describe(widget)} is {widget.width()}x{widget.height()} px, "
                    f"under the {target_px} px touch target"
                )
        elif isinstance(widget, QListWidget):
            problems += _row_problems(widget, target_px, gap_px)
    return problems


def _row_problems(rows: QListWidget, target_px: int, gap_px: int) -> list[str]:
    problems, above = [], None
    for index in range(rows.count()):
        item = rows.item(index)
        rect = rows.visualItemRect(item)
        if item.flags() and rect.height() < target_px:
            problems.append(f"list row {item.text()[:30]!r} is {rect.height()} px tall")
        if above is not None and _gap(above, rect) < gap_px:
            problems.append(
                f"list row {item.text()[:30]!r} is {_gap(above, rect)} px from the next"
            )
        above = rect
    return problems

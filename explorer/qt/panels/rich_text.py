"""Setting a text browser's HTML with one layout pass instead of two.

``QTextEdit.setHtml`` empties the document first. The empty document
needs no vertical scroll bar, so the bar goes, and the new text is laid
out at the full width; a card is nearly always taller than its panel, so
the bar then comes back and Qt lays the whole text out again at the
narrower width. That second pass was about half of what showing a card
cost on every click.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextEdit


def set_html(browser: QTextEdit, html: str) -> None:
    """``browser.setHtml(html)``, laid out once when the scroll bar is already shown.

    The bar is held for the swap only: when the new text fits, it goes
    afterwards (and the short text is laid out again, which is cheap), so
    what the panel shows in the end is what a plain ``setHtml`` shows.
    """
    as_needed = Qt.ScrollBarPolicy.ScrollBarAsNeeded
    bar = browser.verticalScrollBar()
    hold = browser.verticalScrollBarPolicy() == as_needed and bar.isVisible()
    if hold:
        browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    browser.setHtml(html)
    if hold:
        browser.setVerticalScrollBarPolicy(as_needed)

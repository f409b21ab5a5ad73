"""The "About headaches" dialog: the patient's question answered honestly, with its sources.

:func:`patient_info_html` turns the validated ``patient_info`` of the content
into one readable HTML page: the warning signs first (so that the list opens
at its top wherever it is asked for), then the short answer, per headache
type what the evidence says and what muscle treatment can and cannot do, what
is still debated, and what a session is like. :class:`AboutHeadachesDialog` shows it in a
scrolling browser with the disclaimer pinned below, so it is always on screen.
:func:`install_about_headaches` adds the toolbar and menu action (F1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from explorer.model.content_schema import Source
from explorer.model.patient_info import PatientInfo
from explorer.qt.menus import top_menu

TITLE = "About headaches"
#: Shown when the content file has no ``patient_info``.
FALLBACK_DISCLAIMER = (
    "This app is for education only and does not diagnose any condition. "
    "See a doctor about a new, sudden, severe or changing headache."
)
#: Plain words for each certainty level of the evidence.
CERTAINTY_TEXT = {
    "low": "Evidence: low certainty",
    "very_low": "Evidence: very low certainty",
    "insufficient": "Evidence: not enough to say",
    "not_applicable": "Not a muscle problem",
}
#: Anchors of the page's sections in page order, for :meth:`AboutHeadachesDialog.show_section`.
SECTIONS = ("red_flags", "answer", "types", "debate", "expect")
_STYLE = (
    "body { font-size: 12pt; line-height: 140%; }"
    "h1 { font-size: 17pt; } h2 { font-size: 15pt; margin-top: 18px; }"
    "h3 { font-size: 13pt; margin-bottom: 2px; } .note { color: #555555; }"
    ".flag { font-weight: bold; }"
)


def patient_info_html(
    info: PatientInfo, sources: Mapping[str, Source], *, links: bool = False
) -> str:
    """The whole "About headaches" page as HTML (text escaped, sources spelled out).

    ``links`` makes sources with a URL clickable (the desktop; a kiosk has
    no browser to open).
    """
    cite = _Citer(sources, links)
    parts = [
        f"<html><head><style>{_STYLE}</style></head><body>",
        _red_flags_html(info, cite),
        f'<a name="answer"></a><h1>{escape(info.question)}</h1>',
        f"<p>{escape(info.answer)}</p>",
        cite(info.sources),
        '<a name="types"></a><h2>Does dry needling help my kind of headache?</h2>',
        *(_answer_html(answer, cite) for answer in info.headache_types),
    ]
    if info.debate:
        parts.append('<a name="debate"></a><h2>What is still debated</h2>')
        parts.extend(_expect_html(item, cite) for item in info.debate)
    parts += [
        '<a name="expect"></a><h2>What to expect</h2>',
        *(_expect_html(item, cite) for item in info.what_to_expect),
        f'<hr><p class="note"><i>{escape(info.disclaimer)}</i></p>',
        "</body></html>",
    ]
    return "".join(parts)


def _answer_html(answer, cite: _Citer) -> str:
    parts = [
        f"<h3>{escape(answer.name)}</h3>",
        f"<p><b>{escape(answer.short_answer)}</b> "
        f'<span class="note">({escape(CERTAINTY_TEXT[answer.certainty])})</span></p>',
        f"<p>{escape(answer.evidence)}</p>",
        _list("What muscle treatment can do", answer.can_do),
        _list("What it cannot do", answer.cannot_do),
        cite(answer.sources),
    ]
    return "".join(parts)


def _expect_html(item, cite: _Citer) -> str:
    return f"<p><b>{escape(item.title)}.</b> {escape(item.text)}</p>" + cite(item.sources)


def _red_flags_html(info: PatientInfo, cite: _Citer) -> str:
    flags = info.red_flags
    items = "".join(
        f'<li><span class="flag">{escape(flag.title)}:</span> {escape(flag.text)}</li>'
        for flag in flags.flags
    )
    return (
        '<a name="red_flags"></a><h2>When to see a doctor first</h2>'
        f"<p>{escape(flags.intro)}</p><ul>{items}</ul>"
        f"<p><b>{escape(flags.advice)}</b></p>" + cite(flags.sources)
    )


def _list(title: str, items: Sequence[str]) -> str:
    if not items:
        return ""
    rows = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<p><i>{escape(title)}:</i></p><ul>{rows}</ul>"


class _Citer:
    """Renders a "Sources:" line for a list of keys, with or without links."""

    def __init__(self, sources: Mapping[str, Source], links: bool) -> None:
        self.sources, self.links = sources, links

    def __call__(self, keys: Sequence[str]) -> str:
        cited = "; ".join(self._one(key) for key in keys)
        return f'<p class="note"><small>Sources: {cited}</small></p>'

    def _one(self, key: str) -> str:
        source = self.sources.get(key)
        if source is None:
            return escape(key)
        text = f"[{escape(key)}] {escape(source.text)}"
        if self.links and source.url:
            return f'<a href="{escape(source.url, quote=True)}">{text}</a>'
        return text


class AboutHeadachesDialog(QDialog):
    """A scrolling page of patient information with the disclaimer always visible.

    Parameters
    ----------
    info
        The validated ``patient_info``; ``None`` shows only the disclaimer.
    sources
        Citation key -> source, to spell out the keys the texts cite.
    """

    def __init__(
        self,
        info: PatientInfo | None,
        sources: Mapping[str, Source],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.resize(720, 760)
        self.browser = QTextBrowser(self)
        # The app never goes online itself: a clicked source opens the system browser.
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(_open_web_link)
        self.browser.setHtml(patient_info_html(info, sources, links=True) if info else "")
        disclaimer = info.disclaimer if info else FALLBACK_DISCLAIMER
        self.disclaimer = QLabel(disclaimer, self)
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setStyleSheet("font-style: italic; padding: 6px;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, stretch=1)
        layout.addWidget(self.disclaimer)
        layout.addWidget(buttons)

    def text(self) -> str:
        """The page as plain text (what a reader sees, for tests and copying)."""
        return self.browser.toPlainText()

    def show_section(self, name: str) -> None:
        """Scroll to section ``name`` (one of :data:`SECTIONS`); the first one is the top."""
        if name not in SECTIONS:
            raise KeyError(f"unknown section '{name}'; expected one of {', '.join(SECTIONS)}")
        if name == SECTIONS[0]:
            self.browser.verticalScrollBar().setValue(0)
        else:
            self.browser.scrollToAnchor(name)


def _open_web_link(url: QUrl) -> None:
    if url.scheme() in ("http", "https"):
        QDesktopServices.openUrl(url)


class AboutHeadaches:
    """The action that opens :class:`AboutHeadachesDialog` from a main window."""

    def __init__(self, window: QMainWindow) -> None:
        catalog = window.project.catalog
        self.window = window
        self.info = getattr(catalog, "patient_info", None)
        self.sources = catalog.sources
        self.dialog: AboutHeadachesDialog | None = None
        self.action = QAction(TITLE, window)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.action.setToolTip(f"{TITLE}: does dry needling help, what to expect, red flags (F1)")
        self.action.triggered.connect(lambda _=False: self.open())

    def open(self, section: str = SECTIONS[0]) -> AboutHeadachesDialog:
        """Show the dialog (created once, then reused) at ``section``."""
        if self.dialog is None:
            self.dialog = AboutHeadachesDialog(self.info, self.sources, self.window)
            # Modal to its window: Esc closes the page, never the selection behind it.
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.show_section(section)
        return self.dialog


def install_about_headaches(window: QMainWindow) -> AboutHeadaches:
    """Add the "About headaches" action to the window's toolbar and Help menu.

    Also pins a short disclaimer in the status bar, so the main screen always
    shows it.
    """
    about = AboutHeadaches(window)
    toolbar = window.findChild(QToolBar, "view_toolbar")
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addAction(about.action)
    top_menu(window, "&Help").addAction(about.action)
    notice = QLabel("Education only, not a diagnosis. Warning signs: see a doctor first (F1).")
    notice.setObjectName("disclaimer_notice")
    window.statusBar().addPermanentWidget(notice)
    return about

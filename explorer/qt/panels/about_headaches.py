"""The "About headaches" dialog: the patient's question answered honestly, with its sources.

:func:`patient_info_html` turns the validated ``patient_info`` of the content
into one readable HTML page: the short answer, then per headache type what
the evidence says and what muscle treatment can and cannot do, what a session
is like, and the red flags. :class:`AboutHeadachesDialog` shows it in a
scrolling browser with the disclaimer pinned below, so it is always on screen.
:func:`install_about_headaches` adds the toolbar and menu action (F1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
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
#: Anchors of the page's sections, for :meth:`AboutHeadachesDialog.show_section`.
SECTIONS = ("answer", "types", "expect", "red_flags")
_STYLE = (
    "body { font-size: 12pt; line-height: 140%; }"
    "h1 { font-size: 17pt; } h2 { font-size: 15pt; margin-top: 18px; }"
    "h3 { font-size: 13pt; margin-bottom: 2px; } .note { color: #555555; }"
    ".flag { font-weight: bold; }"
)


def patient_info_html(info: PatientInfo, sources: Mapping[str, Source]) -> str:
    """The whole "About headaches" page as HTML (text escaped, sources spelled out)."""
    parts = [
        f"<html><head><style>{_STYLE}</style></head><body>",
        f'<a name="answer"></a><h1>{escape(info.question)}</h1>',
        f"<p>{escape(info.answer)}</p>",
        _sources_line(info.sources, sources),
        '<a name="types"></a><h2>Does dry needling help my kind of headache?</h2>',
        *(_answer_html(answer, sources) for answer in info.headache_types),
        '<a name="expect"></a><h2>What to expect</h2>',
        *(_expect_html(item, sources) for item in info.what_to_expect),
        _red_flags_html(info, sources),
        f'<hr><p class="note"><i>{escape(info.disclaimer)}</i></p>',
        "</body></html>",
    ]
    return "".join(parts)


def _answer_html(answer, sources: Mapping[str, Source]) -> str:
    parts = [
        f"<h3>{escape(answer.name)}</h3>",
        f"<p><b>{escape(answer.short_answer)}</b> "
        f'<span class="note">({escape(CERTAINTY_TEXT[answer.certainty])})</span></p>',
        f"<p>{escape(answer.evidence)}</p>",
        _list("What muscle treatment can do", answer.can_do),
        _list("What it cannot do", answer.cannot_do),
        _sources_line(answer.sources, sources),
    ]
    return "".join(parts)


def _expect_html(item, sources: Mapping[str, Source]) -> str:
    return f"<p><b>{escape(item.title)}.</b> {escape(item.text)}</p>" + _sources_line(
        item.sources, sources
    )


def _red_flags_html(info: PatientInfo, sources: Mapping[str, Source]) -> str:
    flags = info.red_flags
    items = "".join(
        f'<li><span class="flag">{escape(flag.title)}:</span> {escape(flag.text)}</li>'
        for flag in flags.flags
    )
    return (
        '<a name="red_flags"></a><h2>When to see a doctor</h2>'
        f"<p>{escape(flags.intro)}</p><ul>{items}</ul>"
        f"<p><b>{escape(flags.advice)}</b></p>" + _sources_line(flags.sources, sources)
    )


def _list(title: str, items: Sequence[str]) -> str:
    if not items:
        return ""
    rows = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<p><i>{escape(title)}:</i></p><ul>{rows}</ul>"


def _sources_line(keys: Sequence[str], sources: Mapping[str, Source]) -> str:
    cited = "; ".join(
        f"[{escape(key)}] {escape(sources[key].text)}" if key in sources else escape(key)
        for key in keys
    )
    return f'<p class="note"><small>Sources: {cited}</small></p>'


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
        # The app never goes online: links are shown as text, not followed.
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(patient_info_html(info, sources) if info else "")
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
        """Scroll to section ``name`` (one of :data:`SECTIONS`)."""
        if name not in SECTIONS:
            raise KeyError(f"unknown section '{name}'; expected one of {', '.join(SECTIONS)}")
        self.browser.scrollToAnchor(name)


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

    def open(self, section: str = "answer") -> AboutHeadachesDialog:
        """Show the dialog (created once, then reused) at ``section``."""
        if self.dialog is None:
            self.dialog = AboutHeadachesDialog(self.info, self.sources, self.window)
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
    window.menuBar().addMenu("&Help").addAction(about.action)
    notice = QLabel("Education only, not a diagnosis. See a doctor about warning signs (F1).")
    notice.setObjectName("disclaimer_notice")
    window.statusBar().addPermanentWidget(notice)
    return about

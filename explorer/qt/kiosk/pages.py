"""The visible parts of the kiosk shell: header, navigation, caption bar, "About headaches".

Pure layout: the widgets here announce what the visitor asked for through
plain Qt signals (buttons), and :mod:`.shell` decides what happens.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer.model.content import Catalog
from explorer.qt.fitting_scroll import FittingScrollArea
from explorer.qt.kiosk.header import HeaderBar
from explorer.qt.kiosk.style import BODY_PT, CARD_CSS, GAP_PX, HEADING_PT
from explorer.qt.panels.info_card import DISCLAIMER

#: Narrowest and widest side panel (logical pixels).
SIDE_WIDTH_RANGE = (640, 860)
#: Navigation pages: key, button text.
PAGES = (
    ("explore", "Explore"),
    ("pain", "Where does it hurt?"),
    ("about", "About headaches"),
)
VIEWS = (("anterior", "Front"), ("posterior", "Back"), ("left", "Left"), ("right", "Right"))
IDLE_HINT = "Touch a coloured dot to see where its pain can spread."
PAIN_HINT = "Paint where it hurts with one finger. Two fingers zoom and move the model."
WAKE_HINT = "Touch the screen to explore"


def header(clinic_name: str, logo: str | None, nav: QWidget) -> tuple[HeaderBar, QPushButton]:
    """Logo, clinic name, the page buttons ``nav`` and "Start again"; returns (bar, button)."""
    bar = HeaderBar(clinic_name, logo, nav)
    return bar, bar.start_again


def side_width(window_width: int) -> int:
    """Width of the side panel for a window ``window_width`` logical pixels wide.

    Half the window, within :data:`SIDE_WIDTH_RANGE`: wide enough for two
    columns of region buttons and 22 pt lines, while the model keeps the rest.
    """
    low, high = SIDE_WIDTH_RANGE
    return max(low, min(high, window_width // 2))


def button_row(choices, checkable: bool) -> tuple[QWidget, dict[str, QPushButton]]:
    """A row of big buttons; checkable rows have exactly one button down."""
    bar = QWidget()
    row = QHBoxLayout(bar)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(GAP_PX)
    group = QButtonGroup(bar) if checkable else None
    buttons = {}
    for key, text in choices:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no keyboard focus ring on a kiosk
        button.setCheckable(checkable)
        if group is not None:
            group.addButton(button)
        row.addWidget(button)
        buttons[key] = button
    return bar, buttons


def with_warning_button(card: QWidget, text: str) -> tuple[QWidget, QPushButton]:
    """``card`` above a full-width warning-signs button that never scrolls away."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(GAP_PX)
    column.addWidget(card, stretch=1)
    button = QPushButton(f"\u26a0 {text}")
    button.setObjectName("warning_signs")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    column.addWidget(button)
    return page, button


def touch_spacing(widget: QWidget) -> None:
    """At least :data:`GAP_PX` between the rows and buttons of every layout in ``widget``.

    For panels shared with the desktop (the pain drawing's), whose layouts
    keep the platform's tighter spacing there.
    """
    layouts = [widget.layout(), *widget.findChildren(QLayout)]
    for layout in filter(None, layouts):
        layout.setSpacing(max(layout.spacing(), GAP_PX))


def finger_scrolling(area) -> None:
    """Let a finger drag scroll ``area`` (a scroll area or text browser), with momentum."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless, finger-scrollable area (long panels on a short screen)."""
    area = FittingScrollArea(widget)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    finger_scrolling(area)
    return area


def caption_bar() -> QLabel:
    """A fixed-height line under the model: a hint, or the tour's caption.

    It never hides, so the 3D view keeps its size when captions come and go
    (a resize would cost a full re-render of the viewport).
    """
    label = QLabel(IDLE_HINT)
    label.setObjectName("hint")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    # Three lines of body text: two of caption and the "touch to explore" line.
    label.setFixedHeight(int(BODY_PT * 6.2))
    return label


class AboutPage(QTextBrowser):
    """ "About headaches" at kiosk size: the content's patient information, or a safe fallback."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_page")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.document().setDefaultStyleSheet(CARD_CSS)
        self.setHtml(about_html(catalog))

    def show_section(self, name: str = "red_flags") -> None:
        """Scroll to a section anchor; ``red_flags``, the page's first section, is the top."""
        if name == "red_flags":
            self.verticalScrollBar().setValue(0)
        else:
            self.scrollToAnchor(name)


def about_html(catalog: Catalog) -> str:
    """The patient-information page from ``catalog.patient_info``, with kiosk-size type.

    Hook: :mod:`explorer.qt.panels.about_headaches` renders the page; without
    it (or without ``patient_info`` in the content) a short honest page with
    the disclaimer and the red flags is shown instead.
    """
    info = getattr(catalog, "patient_info", None)
    try:
        from explorer.qt.panels import about_headaches
    except ImportError:
        about_headaches = None
    if info is None or about_headaches is None:
        return (
            "<h2>About headaches</h2><p>Most headaches are not dangerous. "
            "Tight muscles in the neck and shoulders can add to them.</p>"
            f"<a name='red_flags'></a><h2>When to see a doctor</h2><p>{escape(DISCLAIMER)}</p>"
        )
    html = about_headaches.patient_info_html(info, catalog.sources, links=False)
    # The dialog's sizes suit a desk; a kiosk is read from a metre away.
    return html.replace(getattr(about_headaches, "_STYLE", "\0"), _kiosk_about_style())


def _kiosk_about_style() -> str:
    return (
        f"body {{ font-size: {BODY_PT}pt; }} h1 {{ font-size: {HEADING_PT + 2}pt; }}"
        f"h2 {{ font-size: {HEADING_PT}pt; margin-top: 20px; }}"
        f"h3 {{ font-size: {BODY_PT + 2}pt; }} .note {{ color: #aab3bf; }}"
        ".flag { font-weight: bold; }"
    )

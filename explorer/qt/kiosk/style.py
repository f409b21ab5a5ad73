"""Sizes and the style sheet of the kiosk: big type, big targets, high contrast.

At 1080p on a 24" screen 1 pt is about 0.37 mm, so 22 pt body text is about
8 mm tall: readable from a chair a metre away. Every control is at least
:data:`TARGET_PX` high (WCAG and the platform guidelines ask for 44-48 px).
"""

from __future__ import annotations

TARGET_PX = 64
#: Free space between two touch targets (WCAG asks for 8 px at least; a finger likes more).
GAP_PX = 12
#: Marker disks: 9.5 mm across on a 96 dpi screen (the target is at least 9 mm).
MARKER_PX = 36
#: Padding inside a list row (the pain drawing's results).
ROW_PADDING_PX = 8
BODY_PT = 22
HEADING_PT = 30
CAPTION_PT = 22
CLINIC_PT = 34
ACCENT = "#f2b134"  # amber: reads on the dark background and for colour-blind users
BACKGROUND = "#20242b"
PANEL = "#2b313a"
TEXT = "#f4f4f4"

STYLE_SHEET = f"""
QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-size: {BODY_PT}pt; }}
QLabel#clinic_name {{ font-size: {CLINIC_PT}pt; font-weight: 600; }}
QLabel#caption {{ font-size: {CAPTION_PT}pt; color: {BACKGROUND}; background: {ACCENT};
    padding: 6px 24px; border-radius: 12px; }}
QLabel#hint {{ font-size: {BODY_PT}pt; color: #cfd6df; }}
QPushButton {{ min-height: {TARGET_PX}px; min-width: {TARGET_PX}px; padding: 0px 16px;
    background: {PANEL}; border: 2px solid #56606e; border-radius: 14px; }}
QPushButton:checked {{ background: {ACCENT}; color: {BACKGROUND}; border-color: {ACCENT}; }}
QPushButton:pressed {{ background: #3b4452; }}
QPushButton:disabled {{ color: #7d8590; border-color: #3b4452; }}
QPushButton#danger {{ background: #8b1e1e; border-color: #c24040; }}
QPushButton#warning_signs {{ background: #5a3d00; border-color: #f0b429; color: #ffe7a8; }}
QTextBrowser {{ background: {PANEL}; border: none; padding: 16px; }}
QListWidget {{ background: {PANEL}; border: none; }}
QListWidget::item {{ min-height: {TARGET_PX}px; padding: {ROW_PADDING_PX}px;
    border-bottom: 1px solid #3b4452; }}
QScrollBar:vertical {{ width: 28px; background: {PANEL}; }}
QScrollBar::handle:vertical {{ min-height: {TARGET_PX}px; background: #56606e;
    border-radius: 12px; }}
QWidget#overlay {{ background: rgba(0, 0, 0, 200); }}
QWidget#overlay_panel {{ background: {PANEL}; border: 2px solid {ACCENT}; border-radius: 20px;
    padding: 24px; }}
QWidget#overlay_panel QLabel {{ background: transparent; }}
QLabel#overlay_title {{ font-size: {HEADING_PT}pt; background: transparent; }}
QLabel#pin_dots {{ font-size: {HEADING_PT}pt; min-height: {TARGET_PX}px; background: transparent; }}
"""

#: Rich-text styles of the cards (QTextBrowser takes these, not the widget style sheet).
CARD_CSS = f"""
h2 {{ font-size: {HEADING_PT}pt; color: {ACCENT}; margin-bottom: 6px; }}
h3 {{ font-size: {BODY_PT + 2}pt; margin-top: 14px; margin-bottom: 2px; }}
p, li {{ font-size: {BODY_PT}pt; }}
.disclaimer {{ font-size: {BODY_PT - 4}pt; }}
.sources {{ font-size: {BODY_PT - 6}pt; color: #aab3bf; }}
"""

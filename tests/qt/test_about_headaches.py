"""The "About headaches" dialog: the shipped patient information, red flags and disclaimer."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.qt.panels.about_headaches import AboutHeadachesDialog, patient_info_html

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped():
    return load_catalog(ROOT / "trigger_points.yaml")


@pytest.fixture
def dialog(qtbot, shipped):
    about = AboutHeadachesDialog(shipped.patient_info, shipped.sources)
    qtbot.addWidget(about)
    about.show()
    qtbot.waitExposed(about)
    return about


def test_dialog_shows_every_headache_type_and_the_red_flags(dialog, shipped):
    text = dialog.text()
    info = shipped.patient_info
    assert info.question in text
    for answer in info.headache_types:
        assert answer.name in text
    # The warning signs come first, so that every way of opening the page lands on them.
    assert text.startswith("When to see a doctor first\n" + info.red_flags.intro)
    for flag in info.red_flags.flags:
        assert flag.title in text
    assert "thunderclap" in text


def test_disclaimer_is_always_visible(dialog, shipped):
    assert dialog.disclaimer.isVisible()
    assert dialog.disclaimer.text() == shipped.patient_info.disclaimer
    # Scrolling to the end keeps the pinned disclaimer on screen.
    dialog.show_section("red_flags")
    assert dialog.disclaimer.isVisible()


def test_sources_are_spelled_out(shipped):
    html = patient_info_html(shipped.patient_info, shipped.sources)
    assert "Gildir" in html
    assert "SNNOOP10" in html


def test_unknown_section_is_an_error(dialog):
    with pytest.raises(KeyError, match="red_flags"):
        dialog.show_section("nowhere")


def test_main_window_opens_it_with_f1(window, qtbot):
    action = window.about_headaches.action
    assert action.shortcut().toString() == "F1"
    action.trigger()
    dialog = window.about_headaches.dialog
    qtbot.waitExposed(dialog)
    assert dialog.disclaimer.isVisible()
    notice = window.statusBar().findChild(type(dialog.disclaimer), "disclaimer_notice")
    assert notice is not None and "not a diagnosis" in notice.text()
    dialog.close()

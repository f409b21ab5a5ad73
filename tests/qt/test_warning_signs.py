"""Warning signs one tap away, red-flag overlaps beside symptoms, sources as links.

The content here is the tiny test content with patient information, a symptom
that overlaps a red flag, a neck stretch with a stop rule and a point whose
location has a patient and a clinician wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtTest import QTest

from explorer.model.project import load_project
from explorer.qt.kiosk.config import KioskConfig
from explorer.qt.kiosk.patient_card import card_html
from explorer.qt.kiosk.pin import hash_pin
from explorer.qt.kiosk.shell import KioskTimings, KioskWindow
from explorer.qt.main_window import MainWindow
from explorer.qt.panels import info_card

pytestmark = pytest.mark.gui

DATA = Path(__file__).resolve().parents[1] / "data"
TP1 = "demo_muscle.tp1.left"
PATIENT_INFO = """\
patient_info:
  question: Can dry needling help my headaches?
  answer: Sometimes; the evidence is weak.
  disclaimer: Education only, not a diagnosis.
  sources: [demo1999]
  headache_types:
    - {type: tension, name: Tension-type headache, short_answer: Possibly., evidence: Mixed.,
       certainty: very_low, cannot_do: [No cure.], sources: [demo1999]}
  what_to_expect:
    - {id: soreness, title: Soreness, text: Sore for a day or two., sources: [demo1999]}
  red_flags:
    summary: "Warning signs: see a doctor first"
    intro: See a doctor first if
    flags:
      - {id: sudden, title: Sudden start, text: Worst within a minute.}
    advice: Any of these means a doctor first.
    sources: [demo1999]
"""
CHANGES = {
    "        where: In the middle of the demo muscle, above the ear.\n": (
        "        where:\n"
        "          patient: In the middle of the muscle, above the ear.\n"
        "          clinician: Mid-belly, found with a pincer grip.\n"
    ),
    "        symptoms: [stiff neck]\n": (
        "        symptoms:\n"
        "          - stiff neck\n"
        '          - {text: "A red, watering eye.", rule_out: [glaucoma, cluster headache]}\n'
    ),
    "        self_care: [Stretch gently.]\n": (
        "        self_care:\n"
        "          - {text: Lift the chin and turn the head., stop_if: you feel dizzy.}\n"
    ),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    text = (DATA / "tiny_content.yaml").read_text(encoding="utf-8")
    for old, new in CHANGES.items():
        assert old in text
        text = text.replace(old, new)
    text = text.replace("muscles:\n", PATIENT_INFO + "muscles:\n", 1)
    path = tmp_path_factory.mktemp("content") / "trigger_points.yaml"
    path.write_text(text, encoding="utf-8")
    return load_project(path, DATA / "tiny_atlas" / "manifest.yaml")


@pytest.fixture
def desktop(qtbot, project, tiny_engine, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(project, settings=settings, engine=tiny_engine, ease_frames=0)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def plain(widget) -> str:
    return widget.toPlainText().replace("\u2029", "\n")


def test_clinician_card_tops_with_the_warning_line_and_names_what_to_rule_out(desktop):
    desktop.state.set_selection((TP1,))
    text = plain(desktop.info_card)
    assert text.startswith("\u26a0 Warning signs: see a doctor first\n")
    assert (
        "A red, watering eye. If this is new, see a doctor first. "
        "Rule out: glaucoma, cluster headache." in text
    )
    assert "Lift the chin and turn the head. Stop if you feel dizzy." in text
    assert "Mid-belly, found with a pincer grip." in text
    assert "In the middle of the muscle, above the ear." not in text


def test_warning_line_opens_the_list_at_its_top(desktop, qtbot):
    desktop.state.set_selection((TP1,))
    desktop.info_card.anchorClicked.emit(QUrl(info_card.RED_FLAGS_LINK))
    dialog = desktop.about_headaches.dialog
    qtbot.waitExposed(dialog)
    assert dialog.browser.verticalScrollBar().value() == 0
    assert dialog.text().startswith("When to see a doctor first\nSee a doctor first if\n")
    dialog.close()


def test_f1_opens_about_headaches_with_the_warning_signs_first(desktop, qtbot):
    desktop.about_headaches.action.trigger()
    dialog = desktop.about_headaches.dialog
    qtbot.waitExposed(dialog)
    assert dialog.text().startswith("When to see a doctor first")
    assert dialog.browser.verticalScrollBar().value() == 0
    dialog.close()


def test_sources_with_an_address_are_links_opened_by_the_system_browser(desktop, monkeypatch):
    opened = []
    monkeypatch.setattr(info_card.QDesktopServices, "openUrl", lambda url: opened.append(url))
    desktop.state.set_selection(("demo_muscle.tp2.left",))
    html = desktop.info_card.toHtml()
    assert 'href="https://example.org/demo"' in html
    assert "<https://" not in plain(desktop.info_card)
    desktop.info_card.anchorClicked.emit(QUrl("https://example.org/demo"))
    assert [url.toString() for url in opened] == ["https://example.org/demo"]


def test_patient_card_says_see_a_doctor_but_keeps_clinician_detail_off(project):
    html = card_html([project.catalog.get(TP1)], project.catalog)
    assert "A red, watering eye. If this is new, see a doctor first." in html
    assert "Rule out" not in html
    assert "pincer" not in html and "In the middle of the muscle, above the ear." in html
    assert "Stop if you feel dizzy." in html


@pytest.fixture
def kiosk(qtbot, project, tiny_engine, tmp_path):
    config = KioskConfig(clinic_name="Test clinic", pin_hash=hash_pin("2468"))
    timings = KioskTimings(attract_ms=60_000, reset_ms=120_000, step_ms=6000, hold_ms=150)
    window = KioskWindow(
        project, config, timings=timings, log_dir=tmp_path, engine=tiny_engine, ease_frames=0
    )
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


def test_kiosk_warning_button_is_always_under_the_card_and_opens_the_list(kiosk, qtbot):
    button = kiosk.warning_button
    assert button.text() == "\u26a0 Warning signs: see a doctor first"
    assert button.isVisible() and button.height() >= 64
    kiosk.state.set_selection((TP1,))
    assert button.isVisible()
    kiosk.about.verticalScrollBar().setValue(kiosk.about.verticalScrollBar().maximum())
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.side.currentWidget() is kiosk.about
    assert kiosk.about.verticalScrollBar().value() == 0
    assert plain(kiosk.about).startswith("When to see a doctor first")

"""The kiosk's screens: finger-sized markers, the pain page's results and card, the header."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from explorer.qt.kiosk.config import KioskConfig
from explorer.qt.kiosk.shell import KioskTimings, KioskWindow
from explorer.qt.kiosk.style import TARGET_PX

pytestmark = pytest.mark.gui

TP1, TP2 = "demo_muscle.tp1.left", "demo_muscle.tp2.left"
LONG_NAME = "Dr. Müller-Lüdenscheidt Physiotherapie & Schmerzpraxis am Stadtpark"
TIMINGS = KioskTimings(attract_ms=60_000, reset_ms=120_000, step_ms=6000, hold_ms=3000)
NINE_MM_PX = 9 / 25.4 * 96


def open_kiosk(qtbot, project, engine, tmp_path, **config):
    config = KioskConfig(pin_hash="scrypt$unused", **config)
    window = KioskWindow(
        project, config, timings=TIMINGS, log_dir=tmp_path, engine=engine, ease_frames=0
    )
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def kiosk(qtbot, tiny_project, tiny_engine, tmp_path):
    window = open_kiosk(qtbot, tiny_project, tiny_engine, tmp_path)
    yield window
    window.shutdown()


def camera(kiosk):
    return kiosk.scene.plotter.renderer.GetActiveCamera()


def disks_now(kiosk):
    kiosk.scene.plotter.ren_win.Render()
    return kiosk.markers.disks


@pytest.mark.parametrize("view", ["anterior", "left", "posterior"])
def test_marker_disks_are_at_least_9_mm_and_never_overlap(kiosk, view):
    kiosk.scene.show_view(view, render=False)
    disks = disks_now(kiosk)
    ratio = kiosk.viewport.devicePixelRatioF()
    assert all(2 * disk.radius / ratio >= NINE_MM_PX for disk in disks)
    for first, second in itertools.combinations(disks, 2):
        assert np.hypot(first.x - second.x, first.y - second.y) >= first.radius + second.radius


def shown_ids(kiosk, view: str) -> set[str]:
    kiosk.scene.show_view(view, render=False)
    return {kiosk.scene.marker_ids[i] for disk in disks_now(kiosk) for i in disk.members}


def test_markers_on_the_far_side_of_the_head_are_not_shown(kiosk):
    # The demo point sits on the left temple: seen from the left, not from the right.
    assert TP1 in shown_ids(kiosk, "left")
    assert TP1 not in shown_ids(kiosk, "right")


def test_a_tap_on_a_group_moves_closer_and_at_the_closest_asks_which(kiosk, qtbot):
    kiosk.scene.show_view("left")
    distance = camera(kiosk).GetDistance()
    kiosk.offer_group((TP1, TP2))
    assert camera(kiosk).GetDistance() < distance  # closer, centred on the pair
    assert not kiosk.chooser.isVisible()
    for _ in range(10):  # as close as it goes: then the kiosk asks
        if kiosk.chooser.isVisible():
            break
        kiosk.offer_group((TP1, TP2))
    assert kiosk.chooser.isVisible()
    assert set(kiosk.chooser.buttons) == {TP1, TP2}
    button = kiosk.chooser.buttons[TP2]
    assert button.text() == "Demo muscle TrP2 (left)" and button.height() >= TARGET_PX
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.state.selection == (TP2,) and not kiosk.chooser.isVisible()


def test_entering_the_pain_page_clears_the_last_point(kiosk):
    kiosk.state.select(TP1)
    kiosk.show_page("pain")
    assert kiosk.state.selection == ()
    assert not kiosk.pain_page.showing_result
    assert disks_now(kiosk) == []  # nothing over the skin to be painted


def test_a_region_tap_turns_the_model_to_face_it(kiosk):
    kiosk.scene.show_view("right")  # the left temple faces away
    kiosk.show_page("pain")
    panel = kiosk.pain_mode.panel
    panel.side_buttons["left"].click()
    panel.region_buttons["temple"].click()
    position, focal = np.array(camera(kiosk).GetPosition()), np.array(camera(kiosk).GetFocalPoint())
    assert position[0] < focal[0]  # looking from the subject's left (RAS: -x)


def test_a_result_tap_shows_its_card_and_turns_to_it_and_back_goes_to_the_list(kiosk, qtbot):
    kiosk.show_page("pain")
    panel = kiosk.pain_mode.panel
    panel.side_buttons["left"].click()
    panel.region_buttons["temple"].click()
    ids = kiosk.pain_mode.results[0].ids
    row = panel.results.item(0)
    panel.results.itemClicked.emit(row)
    assert kiosk.state.selection == ids
    assert kiosk.pain_page.showing_result
    text = kiosk.pain_page.card.toPlainText()
    assert "Demo muscle" in text and "Where you may feel the pain" in text
    expected = kiosk.scene.selection_pose(ids)
    assert np.allclose(camera(kiosk).GetPosition(), expected.position)
    # While drawing, only the chosen result's markers show: disks would hide the painted skin.
    shown = {kiosk.scene.marker_ids[i] for disk in disks_now(kiosk) for i in disk.members}
    assert shown and shown <= set(ids)
    QTest.mouseClick(kiosk.pain_page.back_button, Qt.MouseButton.LeftButton)
    assert not kiosk.pain_page.showing_result
    assert kiosk.state.selection == () and not kiosk.pain_mode.drawing.is_empty


def test_results_grow_with_their_rows_and_come_into_view(kiosk, qtbot):
    kiosk.show_page("pain")
    panel = kiosk.pain_mode.panel
    panel.region_buttons["temple"].click()
    rows = panel.results
    last = rows.visualItemRect(rows.item(rows.count() - 1))
    qtbot.waitUntil(lambda: rows.height() >= last.bottom(), timeout=2000)
    area = kiosk.pain_page.area
    top = rows.mapTo(area.widget(), QPoint(0, 0)).y()
    qtbot.waitUntil(
        lambda: (
            area.verticalScrollBar().value() >= min(top, area.verticalScrollBar().maximum()) - 20
        ),
        timeout=2000,
    )


def test_a_long_clinic_name_and_a_banner_logo_stay_inside_the_header(
    qtbot, tiny_project, tiny_engine, tmp_path
):
    logo = QImage(2000, 300, QImage.Format.Format_RGB32)
    logo.fill(QColor("steelblue"))
    logo.save(str(tmp_path / "logo.png"))
    window = open_kiosk(
        qtbot,
        tiny_project,
        tiny_engine,
        tmp_path,
        clinic_name=LONG_NAME,
        logo=str(tmp_path / "logo.png"),
    )
    try:
        # The smallest screen the kiosk supports still holds it all.
        hint = window.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 768
        bar = window.start_again.parentWidget()  # the header
        assert bar.logo.width() <= 240 and bar.logo.height() <= 64
        bar.resize(1280, bar.height())
        assert bar.two_rows and bar.name.is_elided()
        assert bar.name.shown_text()[0].endswith("…")
        bar.resize(3000, bar.height())
        assert not bar.two_rows and not bar.name.is_elided()
    finally:
        window.shutdown()

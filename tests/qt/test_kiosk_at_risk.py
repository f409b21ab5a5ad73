"""The kiosk never shows the structures at risk or the needle view, whatever its state says."""

from __future__ import annotations

import pytest

from explorer.qt.kiosk.config import KioskConfig
from explorer.qt.kiosk.pin import hash_pin
from explorer.qt.kiosk.shell import KioskTimings, KioskWindow
from tests.needle_atlas import write_needle_atlas

pytestmark = pytest.mark.gui

TIMINGS = KioskTimings(attract_ms=600_000, reset_ms=600_000, step_ms=6_000, hold_ms=3_000)


@pytest.fixture
def kiosk(qtbot, tmp_path):
    from explorer.model.project import load_project

    manifest, content = write_needle_atlas(tmp_path / "boxes")
    project = load_project(content, manifest)
    config = KioskConfig(clinic_name="Test clinic", pin_hash=hash_pin("2468"))
    window = KioskWindow(project, config, timings=TIMINGS, log_dir=tmp_path, ease_frames=0)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


def drawn_meshes(kiosk) -> set[str]:
    """Names of the structure meshes in the kiosk's renderer."""
    return set(kiosk.scene.plotter.renderer.actors) & set(kiosk.project.atlas.structures)


def test_the_kiosk_scene_has_no_structure_at_risk_even_when_asked(kiosk):
    assert sorted(kiosk.scene.structures.actors) == ["slab_left", "slab_right", "vertebra"]
    kiosk.state.set_layer_visible("at_risk", True)
    kiosk.state.set_needle_view(True)
    kiosk.state.select("slab.straight.left")
    assert drawn_meshes(kiosk) == {"skin", "slab_left", "slab_right", "vertebra"}
    assert not hasattr(kiosk, "needle_view")


def test_a_reset_hides_the_layer_and_turns_the_view_off(kiosk):
    kiosk.state.set_layer_visible("at_risk", True)
    kiosk.state.set_needle_view(True)
    kiosk.reset_to_start()
    assert not kiosk.state.layer("at_risk").visible
    assert not kiosk.state.needle_view
    assert kiosk.state.layer("bones").visible  # the other layers come back


def test_the_patient_card_names_no_needling_detail(kiosk):
    kiosk.state.select("slab.straight.left")
    text = kiosk.card.toPlainText()
    for clinician_only in ("Structures at risk", "Needle view", "Skin to the point", "artery"):
        assert clinician_only not in text

"""One screen of the layout harness: the kiosk and the main window on the X server it is given.

Run as ``python -m tests.qt.layout_probe [--shots DIR]`` with ``DISPLAY`` (and
``QT_SCALE_FACTOR`` for a high-density screen) set; :mod:`test_layout` starts
one private Xvfb per screen size and runs this in it. It opens the shipped
atlas and content, visits every kiosk page (with a long clinic name and a
wide logo) and every main-window mode, checks each with
:mod:`layout_checks`, and prints one JSON object: the screen, the device
pixel ratio, what it visited and every problem found.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

# isort: off
# The scene (VTK) before Qt, as explorer.qt.app does.
import explorer.scene.anatomy_scene  # noqa: F401
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

# isort: on

from tests.qt import layout_checks as checks

ROOT = Path(__file__).resolve().parents[2]
LONG_NAME = "Dr. Müller-Lüdenscheidt Physiotherapie & Schmerzpraxis am Stadtpark"
TOUCH_TARGET_PX, TOUCH_GAP_PX = 64, 8
#: 9 mm at 96 dpi, in logical pixels.
MARKER_MIN_PX = 9 / 25.4 * 96
#: Time for layouts and the frame a change asked for (software rendering, a busy machine).
SETTLE_MS = 150
#: Windows at least this tall show the whole pain panel, results included, without scrolling.
FULL_PANEL_HEIGHT = 760


class Probe:
    """Visits screens and collects problems (and screenshots, if asked)."""

    def __init__(self, app: QApplication, shots: Path | None) -> None:
        self.app, self.shots = app, shots
        self.screen = app.primaryScreen()
        self.rect = self.screen.geometry()
        self.problems: list[str] = []
        self.visited: list[str] = []

    def settle(self, window) -> None:
        """Let layouts, timers and the repaint they asked for run (one render, at most)."""
        # Twice: a slow frame can take the whole first wait, and the timers it held up
        # (a scroll to the results, a re-layout) then run in the second.
        QTest.qWait(SETTLE_MS)
        QTest.qWait(SETTLE_MS)
        markers = getattr(window, "markers", None)
        if markers is not None:
            markers.layout()  # the disks the frame just drawn shows, for this camera

    def check(self, name: str, window, kiosk: bool) -> None:
        """All rules for the screen ``name`` now shown in ``window``."""
        self.settle(window)
        self.visited.append(name)
        widgets = checks.visible_widgets(window)
        found = checks.text_problems(widgets) + checks.outside_problems(window, widgets, self.rect)
        if kiosk:
            found += checks.overlap_problems(widgets, TOUCH_GAP_PX)
            found += checks.touch_problems(widgets, TOUCH_TARGET_PX, TOUCH_GAP_PX)
            found += self.marker_problems(window)
        else:
            found += checks.overlap_problems(widgets)
        self.problems += [f"{name}: {problem}" for problem in found]
        if self.shots is not None:
            shot = self.shots / (name.replace(" ", "_").replace(",", "") + ".png")
            self.screen.grabWindow(0).save(str(shot))

    def marker_problems(self, kiosk) -> list[str]:
        """Disks under 9 mm, or overlapping (they must be spread or grouped)."""
        if kiosk.viewport.isHidden() or any(o.isVisible() for o in (kiosk.pin_pad, kiosk.admin)):
            return []
        ratio = kiosk.viewport.devicePixelRatioF()
        disks, problems = kiosk.markers.disks, []
        for disk in disks:
            if 2 * disk.radius / ratio < MARKER_MIN_PX:
                problems.append(f"a marker disk is {2 * disk.radius / ratio:.1f} px across")
        for index, first in enumerate(disks):
            for second in disks[index + 1 :]:
                apart = ((first.x - second.x) ** 2 + (first.y - second.y) ** 2) ** 0.5
                if apart < first.radius + second.radius:
                    problems.append(f"marker disks at {first.x:.0f},{first.y:.0f} overlap")
        if not disks and kiosk.state.mode == "explore":
            problems.append("no marker disk is shown")
        return problems


def wide_logo(folder: Path) -> str:
    """A banner-shaped logo (2000 x 300 px), the kind that used to widen the header."""
    image = QImage(2000, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7bd5"))
    path = folder / "logo.png"
    image.save(str(path))
    return str(path)


def visit_kiosk(probe: Probe, project, engine, folder: Path) -> None:
    """Every kiosk page, with the long clinic name and the wide logo."""
    from explorer.qt.kiosk.config import KioskConfig
    from explorer.qt.kiosk.shell import KioskWindow

    config = KioskConfig(clinic_name=LONG_NAME, logo=wide_logo(folder), pin_hash="scrypt$x")
    kiosk = KioskWindow(
        project, config, log_dir=folder, engine=engine, install_hooks=False, ease_frames=0
    )
    kiosk.present()
    QTest.qWaitForWindowExposed(kiosk)
    try:
        _kiosk_pages(probe, kiosk, project)
    finally:
        kiosk.shutdown()


def _kiosk_pages(probe: Probe, kiosk, project) -> None:
    probe.check("kiosk start", kiosk, kiosk=True)
    groups = [disk for disk in kiosk.markers.disks if disk.is_group]
    kiosk.state.select(project.catalog.trigger_points()[0].id)
    probe.check("kiosk explore with a point", kiosk, kiosk=True)
    kiosk.show_page("pain")
    probe.check("kiosk pain", kiosk, kiosk=True)
    kiosk.pain_mode.panel.request_region("temple", "both")
    probe.check("kiosk pain with results", kiosk, kiosk=True)
    first = kiosk.pain_mode.panel.results.item(0)
    kiosk.pain_mode.panel.results.itemClicked.emit(first)
    probe.check("kiosk pain result card", kiosk, kiosk=True)
    kiosk.show_page("about")
    probe.check("kiosk about", kiosk, kiosk=True)
    kiosk.reset_to_start()
    if groups:
        kiosk.chooser.offer(tuple(kiosk.scene.marker_ids[i] for i in groups[0].members))
        probe.check("kiosk which spot", kiosk, kiosk=True)
        kiosk.chooser.hide()
    kiosk.open_pin_pad()
    probe.check("kiosk pin pad", kiosk, kiosk=True)
    kiosk.pin_pad.hide()
    kiosk._on_unlocked()
    probe.check("kiosk admin", kiosk, kiosk=True)


def visit_main_window(probe: Probe, project, engine, folder: Path) -> None:
    """The main window in explore and pain mode, at its default size and at 800x600."""
    from explorer.qt.main_window import MainWindow

    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(project, settings=settings, engine=engine, ease_frames=0)
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(4 * SETTLE_MS)  # the first frame
    try:
        for label, size in (("main", None), ("main 800x600", (800, 600))):
            if size is not None:
                window.resize(*size)
            _main_modes(probe, window, label)
    finally:
        window.close()


def _main_modes(probe: Probe, window, label: str) -> None:
    probe.check(f"{label} explore", window, kiosk=False)
    before = window.size()
    window.state.set_mode("lookup")
    window.pain_mode.panel.request_region("temple", "both")
    probe.check(f"{label} pain mode", window, kiosk=False)
    probe.problems += _main_rules(window, before, label)
    window.state.set_mode("explore")
    probe.settle(window)
    if window.size() != before:
        probe.problems.append(f"{label}: leaving pain mode resized the window to {window.size()}")


def _main_rules(window, before, label: str) -> list[str]:
    problems = []
    if window.size() != before:
        problems.append(f"{label}: pain mode resized the window from {before} to {window.size()}")
    share = window.viewport.width() / window.width()
    if share < 0.5:
        problems.append(f"{label}: the 3D view has {share:.0%} of the width")
    results = window.pain_mode.panel.results
    # From 1280x800 up the whole panel fits; a smaller window may scroll it.
    if window.height() >= FULL_PANEL_HEIGHT and checks.shown_rect(results) != checks.global_rect(
        results
    ):
        problems.append(f"{label}: the pain results are partly scrolled out of view")
    small = window.width() < 1024 or window.height() < 640
    if window.dock_guard.notice.isVisible() != small:
        problems.append(f"{label}: the small-window notice is wrong (window {window.size()})")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Run the probe on the current display; print the JSON report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path, default=None, help="save a PNG of every screen")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from explorer.model.project import load_project
    from explorer.scene.render import build_engine

    started = time.perf_counter()
    project = load_project(ROOT / "trigger_points.yaml", ROOT / "meshes" / "manifest.yaml")
    engine = build_engine(project.atlas)
    if args.shots is not None:
        args.shots.mkdir(parents=True, exist_ok=True)
    probe = Probe(app, args.shots)
    seconds = {"load": time.perf_counter() - started}
    with tempfile.TemporaryDirectory() as folder:
        for name, visit in (("kiosk", visit_kiosk), ("main window", visit_main_window)):
            started = time.perf_counter()
            visit(probe, project, engine, Path(folder))
            seconds[name] = time.perf_counter() - started
    screen: QRect = probe.rect
    report = {
        "screen": [screen.width(), screen.height()],
        "ratio": probe.screen.devicePixelRatio(),
        "visited": probe.visited,
        "problems": probe.problems,
        "seconds": {name: round(value, 1) for name, value in seconds.items()},
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

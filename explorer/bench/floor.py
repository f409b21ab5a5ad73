"""The floor: the cheapest program that shows the same meshes in a pyvistaqt window.

A ``QMainWindow`` holding a ``QtInteractor``, every mesh of the manifest read
with ``pyvista.read`` and added with a plain colour. Everything the explorer
does beyond this (validation, referral engine, markers, panels) is what the
budgets ration.
"""

from __future__ import annotations

import time
from pathlib import Path

#: Preset views cycled while timing renders, so coverage matches the explorer's clicks.
VIEWS = ("anterior", "posterior", "left", "right", "posterior_oblique")


def run(
    atlas: Path,
    size: tuple[int, int],
    viewport: tuple[int, int] | None,
    renders: int,
    startup_only: bool = False,
):
    """Start the bare window, then time renders (unless ``startup_only``); return the figures."""
    import pyvista as pv
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QMainWindow, QWidget
    from pyvistaqt import QtInteractor
    from ruamel.yaml import YAML

    from explorer.bench.measure import FrameClock, since_spawn_ms

    app = QApplication.instance() or QApplication([])
    manifest = YAML(typ="safe").load(Path(atlas).read_text())
    window = QMainWindow()
    holder = QWidget(window)
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    plotter = QtInteractor(holder, auto_update=False)
    layout.addWidget(plotter)
    if viewport is not None:
        # Same pixel count as the explorer's viewport: software rendering is fill-bound.
        plotter.setFixedSize(*viewport)
    window.setCentralWidget(holder)
    triangles = 0
    for entry in manifest["structures"]:
        mesh = pv.read(Path(atlas).parent / entry["file"])
        plotter.add_mesh(mesh, color=entry.get("color", "white"), name=entry["id"])
        triangles += mesh.n_cells
    frames = FrameClock(plotter)
    window.resize(*size)
    window.show()
    frames.wait_for(1)
    startup_ms = since_spawn_ms()
    figures = {
        "startup_ms": startup_ms,
        "startup_cpu_ms": time.process_time() * 1000.0,
        "viewport_px": [plotter.width(), plotter.height()],
        "window_px": [window.width(), window.height()],
        "triangles": int(triangles),
    }
    if not startup_only:
        figures.update(_time_renders(plotter, frames, renders))
        figures["frame_20k"] = _time_small_mesh(plotter, frames, renders)
    plotter.close()
    window.close()
    app.processEvents()
    return figures


def _time_small_mesh(plotter, frames, renders: int) -> dict:
    """Median frame of the same window showing one ~20,000-triangle sphere instead.

    A reference for the moving frames: what this machine needs to put a
    small mesh on screen at the same size.
    """
    import pyvista as pv
    from PySide6.QtWidgets import QWidget

    from explorer.bench.measure import settle, summary

    plotter.clear_actors()
    sphere = pv.Sphere(theta_resolution=100, phi_resolution=100)  # 19,600 triangles
    plotter.add_mesh(sphere, color="ivory")
    plotter.reset_camera()
    frame_ms = []
    for _ in range(renders):
        plotter.camera.Azimuth(7.0)
        count = frames.count
        start = time.perf_counter()
        QWidget.update(plotter)
        frame_ms.append((frames.wait_for(count + 1) - start) * 1000.0)
        settle(0.02)
    return {**summary(frame_ms), "triangles": int(sphere.n_cells)}


def _time_renders(plotter, frames, renders: int) -> dict:
    """Median VTK render, and median frame (repaint request to frame on screen)."""
    from PySide6.QtWidgets import QWidget

    from explorer.bench.measure import settle, summary
    from explorer.scene import views

    bounds = plotter.bounds
    poses = [views.preset_pose(name, bounds) for name in VIEWS]
    vtk_ms, frame_ms = [], []
    for index in range(renders):
        views.apply_pose(plotter.renderer, poses[index % len(poses)])
        count = frames.count
        start = time.perf_counter()
        plotter.ren_win.Render()
        vtk_ms.append((time.perf_counter() - start) * 1000.0)
        frames.wait_for(count + 1)  # the repaint that Render() scheduled, out of the way
        settle(0.02)
        views.apply_pose(plotter.renderer, poses[(index + 1) % len(poses)])
        count = frames.count
        start = time.perf_counter()
        # The cheapest way to put a new frame on screen: one repaint, which renders once.
        QWidget.update(plotter)
        frame_ms.append((frames.wait_for(count + 1) - start) * 1000.0)
        settle(0.02)
    return {"vtk_render": summary(vtk_ms), "frame": summary(frame_ms)}

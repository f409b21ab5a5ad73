"""Movement figures: frames while dragging, camera flights and wheel bursts, through real input.

* **Drag.** A synthetic press, a series of mouse moves and a release on the
  viewport, each move timed to the frame it puts on screen. The same drag
  runs twice: with the level of detail (coarse frames) and with it switched
  off (every frame in full), so the two medians come from the same run.
* **Still frame.** A frame grabbed before any movement and one grabbed after
  a coarse frame at the same pose; the count of differing pixels must be 0.
* **Flights.** Selecting a point flies the camera to it; timed from the
  selection to the first frame on screen after the flight landed.
* **Wheel burst.** Fifteen notches spread over 100 ms, each delivered at its
  due time as the window system would queue them; timed from the first notch
  to the first frame after the wheel settled.
"""

from __future__ import annotations

import time

from explorer.bench.measure import settle, summary

#: Mouse moves per timed drag, and pixels between them.
DRAG_STEPS, DRAG_STEP_PX = 16, 12
#: The wheel burst of issue 18: notches, spread over this many milliseconds.
BURST_NOTCHES, BURST_MS = 15, 100.0


def time_drag(window, frames, steps: int = DRAG_STEPS) -> dict:
    """Median frame while dragging, coarse and full, and the release to the still frame."""
    lod = window.scene.motion.lod
    figures = {}
    for name, coarse in (("full", False), ("coarse", True)):
        lod.enabled = coarse
        figures[name] = _drag_once(window, frames, steps)
    lod.enabled = True
    figures["drag_frame"] = figures["coarse"]["frame"]
    figures["full_frame"] = figures["full"]["frame"]
    differing = _still_frame_difference(window)
    if differing is None:
        figures["notes"] = {"still_pixels_differing": "the coarse frame equals the full one"}
    else:
        figures["still_pixels_differing"] = differing
    figures["coarse_triangles"] = lod.triangles(coarse=True)
    figures["full_triangles"] = lod.triangles(coarse=False)
    return figures


def _drag_once(window, frames, steps: int) -> dict:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    viewport = window.viewport
    _show_view(window, frames, "anterior")
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    start_point = QPoint(viewport.width() // 3, viewport.height() // 2)
    QTest.mousePress(viewport, left, plain, start_point)
    frame_ms, point = [], start_point
    for step in range(1, steps + 1):
        point = start_point + QPoint(step * DRAG_STEP_PX, (step % 3) * 2)
        count = frames.count
        started = time.perf_counter()
        QTest.mouseMove(viewport, point)
        frame_ms.append((frames.wait_for(count + 1) - started) * 1000.0)
    moving = window.scene.motion.moving
    count = frames.count
    started = time.perf_counter()
    QTest.mouseRelease(viewport, left, plain, point)
    release_ms = (frames.wait_for(count + 1) - started) * 1000.0
    settle(0.05)
    return {
        "frame": summary(frame_ms),
        "release_to_still_ms": release_ms,
        "moving_while_dragged": moving,
        "still_after_release": not window.scene.motion.moving,
    }


def _still_frame_difference(window) -> int | None:
    """Pixels that differ between a frame drawn before any movement and one drawn after.

    None if the coarse frame in between looked the same as the full one: then
    the level of detail did nothing, and the comparison would prove nothing.
    """
    import numpy as np

    motion, viewport = window.scene.motion, window.viewport
    before = grab_frame(viewport)
    motion.begin("bench")
    coarse = grab_frame(viewport)
    motion.end("bench")
    after = grab_frame(viewport)
    if np.array_equal(before, coarse):
        return None
    return int(np.count_nonzero(np.any(before != after, axis=2)))


def grab_frame(viewport):
    """Render the scene as it stands now and read the pixels back from VTK's framebuffer."""
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkRenderingCore import vtkWindowToImageFilter

    window = viewport.ren_win
    window.Render()
    grabber = vtkWindowToImageFilter()
    grabber.SetInput(window)
    grabber.ReadFrontBufferOff()  # the frame just rendered, not whatever is on screen
    grabber.Update()
    image = grabber.GetOutput()
    width, height, _ = image.GetDimensions()
    return vtk_to_numpy(image.GetPointData().GetScalars()).reshape(height, width, -1).copy()


def time_flights(window, frames, targets: list[tuple[str, str]]) -> dict:
    """Wall time of the flight to each target, from the selection to its landed frame."""
    wall_ms, frame_counts, off_target = [], [], []
    landed: list[int] = []
    window.ease.landed.connect(lambda: landed.append(frames.count))
    for tp_id, view in targets:
        window.state.clear_selection()
        _show_view(window, frames, view)
        landed.clear()
        count = frames.count
        started = time.perf_counter()
        window.state.select(tp_id)
        if not window.ease.running and not landed:
            continue  # no flight (already framed): nothing to time
        while not landed:
            frames.wait_for(frames.count + 1)
        shown = frames.wait_for(landed[0] + 1)
        wall_ms.append((shown - started) * 1000.0)
        frame_counts.append(frames.count - count)
        if not _at_pose(window, window.ease.target):
            off_target.append(tp_id)
    window.state.clear_selection()
    return {
        "flight": summary(wall_ms) if wall_ms else {},
        "flight_duration_ms": window.ease.duration_s * 1000.0,
        "frames_per_flight": summary([float(n) for n in frame_counts]) if frame_counts else {},
        "flights_off_target": off_target,
    }


def _at_pose(window, pose) -> bool:
    import numpy as np

    from explorer.scene.views import current_pose

    now = current_pose(window.scene.plotter.renderer.GetActiveCamera())
    return bool(
        np.allclose(now.position, pose.position, atol=1e-6)
        and np.allclose(now.focal_point, pose.focal_point, atol=1e-6)
    )


def time_wheel_burst(window, frames) -> dict:
    """Fifteen notches in 100 ms from the default view; time to the settled full frame."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent

    viewport, wheel = window.viewport, window.input.wheel
    _show_view(window, frames, "anterior")
    settled: list[int] = []
    wheel.settled.connect(lambda: settled.append(frames.count))
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    count = frames.count
    started = time.perf_counter()
    due = [started + BURST_MS / 1000.0 * i / (BURST_NOTCHES - 1) for i in range(BURST_NOTCHES)]
    sent = 0
    while not settled:
        now = time.perf_counter()
        # Every notch that is due by now, at once: the window system queues them
        # while a frame is drawn, and Qt hands them over together.
        while sent < BURST_NOTCHES and due[sent] <= now:
            event = QWheelEvent(
                centre, viewport.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120),
                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase, False,
            )  # fmt: skip
            QCoreApplication.sendEvent(viewport, event)
            sent += 1
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    shown = frames.wait_for(settled[0] + 1)
    wheel_frames = frames.count - count
    camera = window.scene.plotter.renderer.GetActiveCamera()
    return {
        "wheel_settle_ms": (shown - started) * 1000.0,
        "wheel_frames": wheel_frames,
        "wheel_full_frame_ms": _full_frame_here(viewport, frames),
        "wheel_burst_ms": BURST_MS,
        "wheel_settle_delay_ms": float(wheel.settle_ms),
        "wheel_distance_mm": camera.GetDistance(),
        "zoom_nearest_mm": window.scene.zoom_limits.nearest,
    }


def _full_frame_here(viewport, frames) -> float:
    """Milliseconds of one more full frame at the pose the wheel left (the model is bigger now).

    Software rendering is bound by the pixels drawn: zoomed in, the full
    frame costs more than the one at the default view, and the least a
    burst can take ends with a frame like this one.
    """
    count = frames.count
    started = time.perf_counter()
    viewport.update()
    return (frames.wait_for(count + 1) - started) * 1000.0


def _show_view(window, frames, view: str) -> None:
    """Put the camera on a preset and wait until that frame is on screen (not timed)."""
    window.ease.stop()
    count = frames.count
    window.scene.show_view(view)
    frames.wait_for(count + 1)
    settle(0.05)

"""Clicks through the real path: a synthetic press and release on the viewport widget.

For each target the camera is first put in a preset view from which the
marker can be picked (not part of the timing). Then the clock runs from the
press to the frame that reaches the screen. Renders are timed by VTK's own
start/end events, so whatever runs them (our scene, VTK's interactor style,
the widget's paint) is counted.

The camera flight a selection starts is switched off while clicking (the
camera jumps to the selection's pose): a flight draws its first frames
coarse (:mod:`explorer.scene.lod`), and a click must be timed to a frame
in full detail. Flights are timed on their own (:mod:`explorer.bench.motion`).
"""

from __future__ import annotations

import itertools
import time

from explorer.bench.measure import RenderClock, settle, summary

#: Views tried, in order, to find one from which a marker is pickable.
VIEWS = ("posterior", "left", "right", "anterior", "posterior_oblique", "superior")


def pickable_targets(window, wanted: int) -> list[tuple[str, str]]:
    """Up to ``wanted`` (trigger point id, view) pairs, spread over the muscles."""
    from explorer.scene import views

    scene = window.scene
    renderer = scene.plotter.renderer
    by_muscle: dict[str, list[str]] = {}
    for point in scene.points:
        by_muscle.setdefault(point.muscle.id, []).append(point.id)
    # Round-robin over muscles, so the sample is not one muscle's points.
    order = [tp for group in itertools.zip_longest(*by_muscle.values()) for tp in group if tp]
    poses = {name: scene.view_pose(name) for name in VIEWS}
    targets = []
    for tp_id in order:
        for name in VIEWS:
            views.apply_pose(renderer, poses[name])
            x, y = scene.display_position(tp_id)
            inside = 4 <= x < renderer.GetSize()[0] - 4 and 4 <= y < renderer.GetSize()[1] - 4
            if inside and scene.pick(x, y, 12.0) == tp_id:
                targets.append((tp_id, name))
                break
        if len(targets) >= wanted:
            break
    return targets


def time_clicks(window, frames, targets: list[tuple[str, str]]) -> dict:
    """Click each (trigger point, view) of ``targets``; summarise latency, render, Python."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    viewport, scene, state = window.viewport, window.scene, window.state
    clock = RenderClock(viewport.ren_win)
    latency, python, renders, render_counts, missed = [], [], [], [], []
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    flight_s, window.ease.duration_s = window.ease.duration_s, 0.0
    for tp_id, view in targets:
        window.ease.stop()
        shown_before = frames.count
        scene.show_view(view)
        # The view's own frame must be on screen before the clock starts, or the
        # click would be credited with it.
        frames.wait_for(shown_before + 1)
        settle(0.05)
        x, y = scene.display_position(tp_id)
        ratio = viewport.devicePixelRatioF()
        point = QPoint(round(x / ratio), round(viewport.height() - 1 - y / ratio))
        clock.reset()
        count = frames.count
        start = time.perf_counter()
        QTest.mousePress(viewport, left, plain, point)
        QTest.mouseRelease(viewport, left, plain, point)
        handled = time.perf_counter()
        rendered_while_handling = clock.total_ms
        shown = frames.wait_for(count + 1)
        latency.append((shown - start) * 1000.0)
        python.append((handled - start) * 1000.0 - rendered_while_handling)
        renders.append(clock.total_ms)
        render_counts.append(clock.count)
        if state.selection != (tp_id,):
            missed.append(tp_id)
    clock.close()
    window.ease.stop()
    window.ease.duration_s = flight_s
    return {
        "click": summary(latency) if latency else {},
        "python": summary(python) if python else {},
        "render_in_click": summary(renders) if renders else {},
        # Everything but drawing (Python, upload, blit, compositing): what must stay flat.
        "overhead": summary([t - r for t, r in zip(latency, renders, strict=True)])
        if latency
        else {},
        "renders_per_click": max(render_counts, default=0),
        "clicked": [tp for tp, _ in targets],
        "missed": missed,
    }

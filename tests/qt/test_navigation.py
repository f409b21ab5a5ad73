"""Moving the camera: coarse frames while moving, flights by the clock, one frame per burst."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest

from explorer.bench.measure import FrameClock, RenderClock
from explorer.bench.motion import grab_frame
from explorer.scene.framing import fit_to_aspect, viewport_aspect
from explorer.scene.views import DEFAULT_VIEW, current_pose, interpolate_pose

pytestmark = pytest.mark.gui

TP = "demo_muscle.tp1.left"
LEFT, PLAIN = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


@pytest.fixture(autouse=True)
def big_skin(monkeypatch):
    """Decimate the tiny skin too, as a skin too big to draw whole while moving is."""
    from explorer.scene import decimation

    monkeypatch.setattr(decimation, "MOVING_SKIN_TRIANGLES", decimation.MIN_TRIANGLES)


class FakeClock:
    """Seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def flying(qtbot, tiny_project, tiny_engine, tmp_path):
    """A window whose flights last the real 0.4 s, on a clock the test moves."""
    from explorer.qt.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(tiny_project, settings=settings, engine=tiny_engine)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # the Home key needs focus
    window.ease.clock = clock = FakeClock()
    window.scene.show_view("posterior")
    yield window, clock
    window.close()


def camera(window):
    return window.scene.plotter.renderer.GetActiveCamera()


def same_pose(window, pose) -> bool:
    now = current_pose(camera(window))
    return bool(
        np.allclose(now.position, pose.position) and np.allclose(now.focal_point, pose.focal_point)
    )


def marker_point(window, tp_id: str) -> QPoint:
    x, y = window.scene.display_position(tp_id)
    ratio = window.viewport.devicePixelRatioF()
    return QPoint(round(x / ratio), round(window.viewport.height() - 1 - y / ratio))


def wheel(widget, notches: int = 1) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre, widget.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, PLAIN, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QCoreApplication.sendEvent(widget, event)


def test_a_flight_goes_by_the_clock_coarse_and_lands_on_time(flying):
    window, clock = flying
    ease, motion = window.ease, window.scene.motion
    start = current_pose(camera(window))
    ease.ease_to(window.scene.view_pose("left"))
    target = ease.target
    assert target.distance >= window.scene.view_pose("left").distance
    assert ease.running and motion.reasons == {"flight"} and motion.lod.showing_coarse
    # Each tick puts the camera where the clock says, whatever the frames did.
    for now, fraction in ((0.1, 0.25), (0.2, 0.5), (0.25, 0.625)):
        clock.now = now
        ease.advance()
        assert same_pose(window, interpolate_pose(start, target, fraction))
    landed = []
    ease.landed.connect(lambda: landed.append(True))
    # The last frame took 0.11 s: the next would show after the end, so it lands now.
    clock.now = 0.36
    ease.advance()
    assert landed and not ease.running
    assert same_pose(window, target)
    assert not motion.moving and not motion.lod.showing_coarse


def test_a_frame_slower_than_the_flight_drops_every_step_in_between(flying):
    window, clock = flying
    window.ease.ease_to(window.scene.view_pose("left"))
    clock.now = 0.9  # one software frame took longer than the whole flight
    window.ease.advance()
    assert not window.ease.running
    assert same_pose(window, window.ease.target)


def test_a_click_during_a_flight_lands_it_and_picks_at_the_final_pose(flying):
    window, clock = flying
    scene = window.scene
    window.ease.ease_to(scene.view_pose("left"))
    clock.now = 0.1
    window.ease.advance()  # a quarter of the way: the camera is between the poses
    mid_flight = current_pose(camera(window))
    scene.apply_pose(window.ease.target, render=False)
    at_the_end = marker_point(window, TP)
    scene.apply_pose(mid_flight, render=False)
    assert (marker_point(window, TP) - at_the_end).manhattanLength() > 30, "it has to move"
    landed = []
    window.ease.landed.connect(lambda: landed.append(current_pose(camera(window))))
    QTest.mousePress(window.viewport, LEFT, PLAIN, at_the_end)
    QTest.mouseRelease(window.viewport, LEFT, PLAIN, at_the_end)
    assert len(landed) == 1, "the press landed the flight before the pick"
    assert window.state.selection == (TP,), "picked where the marker is at the final pose"


def test_a_drag_draws_coarse_frames_and_the_release_the_frame_of_before(window, qtbot):
    lod, motion = window.scene.motion.lod, window.scene.motion
    qtbot.waitUntil(lambda: lod.ready, timeout=10_000)
    pose = current_pose(camera(window))
    before = grab_frame(window.viewport)
    start = QPoint(window.viewport.width() // 3, window.viewport.height() // 2)
    QTest.mousePress(window.viewport, LEFT, PLAIN, start)
    QTest.mouseMove(window.viewport, start + QPoint(2, 0))
    assert not motion.moving, "a press that has not travelled is still a possible click"
    QTest.mouseMove(window.viewport, start + QPoint(40, 0))
    assert motion.reasons == {"drag"} and lod.showing_coarse
    assert not same_pose(window, pose), "VTK turned the camera"
    QTest.mouseRelease(window.viewport, LEFT, PLAIN, start + QPoint(40, 0))
    assert not motion.moving and not lod.showing_coarse
    window.scene.apply_pose(pose, render=False)
    assert np.array_equal(grab_frame(window.viewport), before)


def drag(widget, start: QPoint, offsets, frames=None) -> QPoint:
    """Press at ``start``, move by each offset (waiting for its frame if ``frames``), release."""
    QTest.mousePress(widget, LEFT, PLAIN, start)
    point = start
    for offset in offsets:
        point = start + offset
        QTest.mouseMove(widget, point)
        if frames is not None:
            frames.wait_for(frames.count + 1)
    QTest.mouseRelease(widget, LEFT, PLAIN, point)
    return point


def test_every_frame_of_a_drag_is_drawn_coarse_and_the_first_after_it_in_full(window, qtbot):
    lod = window.scene.motion.lod
    qtbot.waitUntil(lambda: lod.ready, timeout=10_000)
    skin = window.scene.skin_actor
    full_triangles = window.scene.skin_mesh.n_cells
    drawn = []  # triangles of the skin each frame drew, as VTK finished drawing it
    tag = window.viewport.ren_win.AddObserver(
        "EndEvent", lambda *_: drawn.append(skin.GetMapper().GetInput().GetNumberOfCells())
    )
    frames = FrameClock(window.viewport)
    start = QPoint(window.viewport.width() // 3, window.viewport.height() // 2)
    QTest.mousePress(window.viewport, LEFT, PLAIN, start)
    for step in range(1, 5):
        QTest.mouseMove(window.viewport, start + QPoint(20 * step, 0))
        frames.wait_for(frames.count + 1)
    moving_frames = list(drawn)
    QTest.mouseRelease(window.viewport, LEFT, PLAIN, start + QPoint(80, 0))
    frames.wait_for(frames.count + 1)
    window.viewport.ren_win.RemoveObserver(tag)
    assert len(moving_frames) >= 3
    # The first move only travels past the click distance; every frame after it is coarse.
    assert all(count < 0.5 * full_triangles for count in moving_frames[1:])
    assert drawn[len(moving_frames)] == full_triangles, "the first frame after release is full"


def test_a_drag_during_a_flight_lands_it_and_turns_the_camera_from_the_final_pose(flying):
    window, clock = flying
    start = QPoint(window.viewport.width() // 2, window.viewport.height() // 2)
    moves = [QPoint(20, 0), QPoint(40, 5)]
    window.ease.ease_to(window.scene.view_pose("left"))
    target = window.ease.target
    window.ease.stop()
    window.scene.apply_pose(target, render=False)
    drag(window.viewport, start, moves)
    turned_from_target = current_pose(camera(window))
    window.scene.show_view("posterior")
    window.ease.ease_to(window.scene.view_pose("left"))
    clock.now = 0.1
    window.ease.advance()
    assert not same_pose(window, target), "mid-flight"
    drag(window.viewport, start, moves)
    assert not window.ease.running
    assert same_pose(window, turned_from_target), "the drag turned the camera from the landing"


def test_a_wheel_notch_during_a_flight_lands_it_and_zooms_from_the_final_pose(flying):
    window, clock = flying
    window.ease.ease_to(window.scene.view_pose("left"))
    clock.now = 0.1
    window.ease.advance()
    wheel(window.viewport)
    target = window.ease.target
    assert not window.ease.running
    now = current_pose(camera(window))
    assert np.allclose(now.focal_point, target.focal_point)
    assert now.distance == pytest.approx(target.distance / 1.2)
    window.input.wheel.settle()


def test_a_wheel_burst_is_drawn_once_and_settles_in_full(window, qtbot):
    renders = RenderClock(window.viewport.ren_win)
    frames = FrameClock(window.viewport)
    window.input.wheel.settle_ms = 60_000  # the test says when the wheel stops
    limits = window.scene.zoom_limits
    distance = camera(window).GetDistance()
    for _ in range(15):
        wheel(window.viewport)
    assert renders.count == 0, "no notch renders on its own: no backlog"
    assert camera(window).GetDistance() == pytest.approx(limits.clamp(distance / 1.2**15))
    assert window.scene.motion.reasons == {"wheel"}
    frames.wait_for(1)
    assert renders.count == 1
    window.input.wheel.settle()
    frames.wait_for(2)
    assert renders.count == 2 and not window.scene.motion.lod.showing_coarse
    renders.close()


def test_zoom_stops_at_its_limits_and_reset_always_comes_home(window):
    limits, renderer = window.scene.zoom_limits, window.scene.plotter.renderer
    for _ in range(60):
        wheel(window.viewport)
    assert camera(window).GetDistance() == pytest.approx(limits.nearest)
    for _ in range(120):
        wheel(window.viewport, -1)
    farthest = limits.clamp(1e12, viewport_aspect(renderer))
    assert camera(window).GetDistance() == pytest.approx(farthest)
    camera(window).SetFocalPoint(500.0, 500.0, 0.0)  # panned far away
    QTest.keyClick(window, Qt.Key.Key_Home)
    home = fit_to_aspect(window.scene.view_pose(DEFAULT_VIEW), viewport_aspect(renderer))
    assert same_pose(window, home)


def test_reset_during_a_flight_flies_home_instead(flying):
    window, clock = flying
    window.ease.ease_to(window.scene.view_pose("left"))
    clock.now = 0.2
    window.ease.advance()
    QTest.keyClick(window, Qt.Key.Key_Home)
    clock.now = 0.8
    window.ease.advance()
    home = window.scene.view_pose(DEFAULT_VIEW)
    assert same_pose(window, fit_to_aspect(home, viewport_aspect(window.scene.plotter.renderer)))


def test_a_pinch_draws_coarse_frames_until_the_fingers_lift(window):
    from explorer.qt.kiosk.touch import TouchNavigator
    from explorer.soak.gestures import touch_device

    navigator = TouchNavigator(window.viewport, window.scene, window.input)
    motion, viewport = window.scene.motion, window.viewport
    centre = QPoint(viewport.width() // 2, viewport.height() // 2)
    near, far = QPoint(40, 0), QPoint(80, 0)
    distance = camera(window).GetDistance()
    QTest.touchEvent(viewport, touch_device()).press(0, centre - near, viewport).press(
        1, centre + near, viewport
    ).commit()
    QTest.touchEvent(viewport, touch_device()).move(0, centre - far, viewport).move(
        1, centre + far, viewport
    ).commit()
    assert motion.reasons == {"touch"} and motion.lod.showing_coarse
    assert camera(window).GetDistance() < distance, "spreading the fingers zooms in"
    QTest.touchEvent(viewport, touch_device()).release(0, centre - far, viewport).release(
        1, centre + far, viewport
    ).commit()
    assert not motion.moving and not motion.lod.showing_coarse
    viewport.removeEventFilter(navigator)

"""The kiosk window: fullscreen, frameless, on top, locked, and always finding its way home.

It reuses the explorer's parts (scene, picking, the pain-drawing mode) and
adds what a waiting room needs: big touch controls, the patient card instead
of the clinician card, the attract tour, the reset to the start screen, the
key lock, the hidden-corner PIN pad and the crash guard.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from explorer.model.project import Project
from explorer.model.referral import ReferralEngine
from explorer.model.state import AppState
from explorer.qt.camera_ease import FRAMES, CameraEase
from explorer.qt.kiosk import pages
from explorer.qt.kiosk.attract import AttractTour
from explorer.qt.kiosk.config import (
    KioskConfig,
    KioskTimings,
    default_config_path,
    default_log_dir,
)
from explorer.qt.kiosk.crash_guard import CrashGuard, GuardedFilter
from explorer.qt.kiosk.idle import IdleWatcher
from explorer.qt.kiosk.lock import CornerHold, KeyLock
from explorer.qt.kiosk.locked_window import LockedWindow
from explorer.qt.kiosk.marker_taps import GroupChooser, KioskInput
from explorer.qt.kiosk.none_guard import immortalise_none
from explorer.qt.kiosk.pain_flow import PainFlow
from explorer.qt.kiosk.patient_card import PatientCard
from explorer.qt.kiosk.pin import PinThrottle
from explorer.qt.kiosk.pin_pad import AdminPanel, PinPad
from explorer.qt.kiosk.reset import reset_to_start
from explorer.qt.kiosk.style import GAP_PX, MARKER_PX, STYLE_SHEET
from explorer.qt.kiosk.touch import TouchNavigator
from explorer.qt.pain_mode import PainMode
from explorer.qt.viewport import Viewport
from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.render import build_engine
from explorer.scene.touch_markers import TouchMarkers

__all__ = ["KioskTimings", "KioskWindow"]


class KioskWindow(LockedWindow):
    """The whole kiosk.

    Parameters
    ----------
    project
        Loaded atlas and catalog.
    config
        Clinic name, logo, timings and the PIN hash.
    timings
        Overrides the config's timings (milliseconds).
    log_dir
        Where the rotating error log goes (the user log dir by default).
    engine
        Referral engine to reuse (tests share one).
    install_hooks
        Take over ``sys.excepthook`` and the Qt message handler.
    """

    exited = Signal()  # the admin left the kiosk

    def __init__(
        self,
        project: Project,
        config: KioskConfig,
        *,
        timings: KioskTimings | None = None,
        log_dir: Path | None = None,
        engine: ReferralEngine | None = None,
        config_path: Path | None = None,
        install_hooks: bool = True,
        ease_frames: int = FRAMES,
    ) -> None:
        immortalise_none()  # before any Qt call: see none_guard for the PySide6 bug
        super().__init__()
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setWindowTitle(config.clinic_name)
        self.setStyleSheet(STYLE_SHEET)
        self.project, self.config = project, config
        self.config_path = config_path or default_config_path()
        self.timings = timings or KioskTimings.from_config(config)
        self.state = AppState()
        self.engine = engine or build_engine(project.atlas)
        self.reset_count = 0
        self.attract_count = 0
        self.guard = CrashGuard(log_dir or default_log_dir(), self.reset_to_start)
        self.logger = self.guard.logger
        self._build_viewport(ease_frames)
        self._build_layout()
        self._build_lock()
        self._build_idle()
        self._guard_filters()
        if install_hooks:
            self.guard.install()
        self._hooks_installed = install_hooks
        self.reset_to_start()
        self.guard.logger.info("kiosk started")
        # Fill the referral cache in idle turns, so no visitor's first tap waits for it.
        self._pending_fields = deque(project.catalog.trigger_points())
        QTimer.singleShot(0, self._precompute_next)

    # Building ------------------------------------------------------------

    def _build_viewport(self, ease_frames: int) -> None:
        self.viewport = Viewport(self, auto_update=False)
        interactor = self.viewport.iren
        if interactor is not None:  # VTK's one-letter keys ('q' quits, 'w' wireframe...)
            interactor.clear_key_event_callbacks()
            interactor.interactor.RemoveObservers("CharEvent")
        atlas, catalog = self.project.atlas, self.project.catalog
        # No structures at risk in a waiting room: the scene does not even hold them.
        self.scene = AnatomyScene(self.viewport, atlas, catalog, self.engine, include_at_risk=False)
        self.scene.request_frame = self.viewport.update
        self.scene.bind(self.state)
        self.viewport.build_when_idle(self.scene.motion.lod)  # coarse meshes for moving frames
        self.ease = CameraEase(self.scene, ease_frames, self)
        self.markers = TouchMarkers(self.scene, MARKER_PX, GAP_PX, self.viewport.devicePixelRatioF)
        self.state.selection_changed.connect(self.markers.set_selected)
        self.input = KioskInput(
            self.viewport,
            self.scene,
            self.state,
            self.markers,
            self.guard.guarded(self.offer_group),
        )
        # No hover: hover tooltips and highlights cannot be reached by a finger.
        self.viewport.setMouseTracking(False)
        self.touch = TouchNavigator(self.viewport, self.scene, self.input)
        self.pain_mode = PainMode(self)
        self.input.painter = self.pain_mode
        self.state.selection_changed.connect(self._on_selection_changed)

    def _build_layout(self) -> None:
        catalog = self.project.catalog
        nav, self.nav_buttons = pages.button_row(pages.PAGES, checkable=True)
        header, self.start_again = pages.header(self.config.clinic_name, self.config.logo, nav)
        self.start_again.clicked.connect(self.guard.guarded(lambda: self.reset_to_start()))
        for key, button in self.nav_buttons.items():
            button.clicked.connect(self.guard.guarded(lambda _=False, key=key: self.show_page(key)))
        views, self.view_buttons = pages.button_row(pages.VIEWS, checkable=False)
        for name, button in self.view_buttons.items():
            button.clicked.connect(
                self.guard.guarded(lambda _=False, name=name: self.show_view(name))
            )
        self.caption = pages.caption_bar()
        self.card = PatientCard(catalog, self.state)
        self.explore_page, self.warning_button = pages.with_warning_button(
            self.card, self.card.warning_text
        )
        self.warning_button.clicked.connect(self.guard.guarded(lambda: self.show_red_flags()))
        self.about = pages.AboutPage(catalog)
        self.side = QStackedWidget()
        self.pain_flow = PainFlow(self)
        self.pain_page, self.pain_area = self.pain_flow.page, self.pain_flow.page.area
        self.pages = {"explore": self.explore_page, "pain": self.pain_page, "about": self.about}
        for widget in self.pages.values():
            self.side.addWidget(widget)
        pages.finger_scrolling(self.card)
        pages.finger_scrolling(self.about)
        left = QVBoxLayout()
        left.setSpacing(GAP_PX)
        left.addWidget(self.viewport, stretch=1)
        left.addWidget(self.caption)
        left.addWidget(views)
        self.side.setFixedWidth(pages.side_width(self.width()))
        body = QHBoxLayout()
        body.setSpacing(GAP_PX)
        body.setContentsMargins(12, 0, 12, 12)
        body.addLayout(left, stretch=1)
        body.addWidget(self.side)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(header)
        outer.addLayout(body, stretch=1)
        for widget in self.findChildren(QWidget):
            # No context menus anywhere: a long press must never open one.
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            widget.setToolTip("")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def resizeEvent(self, event) -> None:
        """Give the side panel its share of the new width (the screen's, once presented)."""
        super().resizeEvent(event)
        self.side.setFixedWidth(pages.side_width(event.size().width()))

    def _build_lock(self) -> None:
        self.chooser = GroupChooser(self, self.project.catalog)
        self.chooser.chosen.connect(self.guard.guarded(lambda tp_id: self.state.select(tp_id)))
        self.pin_pad = PinPad(self, self.config.pin_hash, PinThrottle())
        self.admin = AdminPanel(self)
        self.pin_pad.accepted.connect(self._on_unlocked)
        self.admin.resume_requested.connect(self._relock)
        self.admin.exit_requested.connect(self.exit_kiosk)
        self.key_lock = KeyLock(self.pin_pad.isVisible, self)
        self.key_lock.blocked.connect(lambda key: self._refused(f"key {key:#x}"))
        self.corner = CornerHold(self, self.config.corner, self.timings.hold_ms)
        self.corner.held.connect(self.guard.guarded(self.open_pin_pad))

    def _build_idle(self) -> None:
        self.idle = IdleWatcher(self.timings.attract_ms, self.timings.reset_ms, self)
        self.tour = AttractTour(self.scene, self.state, self.timings.step_ms, self)
        self.idle.attract_started.connect(self.guard.guarded(self.start_attract))
        self.idle.attract_ended.connect(self.guard.guarded(self.reset_to_start))
        self.idle.reset_due.connect(self.guard.guarded(self.reset_to_start))
        self.tour.caption_changed.connect(self._on_caption_changed)
        app = QApplication.instance()
        # Installed last, so asked first: the lock sees keys before anyone else.
        for event_filter in (self.corner, self.idle, self.key_lock):
            app.installEventFilter(event_filter)
        self.idle.start()

    def _guard_filters(self) -> None:
        """Route the viewport's input handlers through the crash guard."""
        for handler in (self.input, self.touch):
            self.viewport.removeEventFilter(handler)
            self.viewport.installEventFilter(GuardedFilter(handler, self.guard))

    def _precompute_next(self) -> None:
        if self._pending_fields and not self.viewport._closed:
            self.guard.guarded(self.engine.field)(self._pending_fields.popleft())
            QTimer.singleShot(0, self._precompute_next)

    # Pages, attract, reset -----------------------------------------------

    def show_page(self, key: str) -> None:
        """Show side page ``key`` (explore, pain or about) and switch mode to match.

        "Where does it hurt?" starts from the drawing alone: the pattern of a
        point picked before would be mistaken for the visitor's own marks.
        """
        self.state.set_mode("lookup" if key == "pain" else "explore")
        if key == "pain":
            self.pain_flow.enter(from_elsewhere=self.side.currentWidget() is not self.pain_page)
        self.side.setCurrentWidget(self.pages[key])
        self.nav_buttons[key].setChecked(True)
        if not self.tour.running:
            self.caption.setText(pages.PAIN_HINT if key == "pain" else pages.IDLE_HINT)
        if key == "about":
            self.about.show_section("red_flags")

    def show_view(self, name: str) -> None:
        """Ease to the preset view ``name`` (Front, Back, Left, Right buttons)."""
        self.ease.ease_to(self.scene.view_pose(name))

    def show_red_flags(self) -> None:
        """The warning-signs button and the pain panel's link land here, at the list's top."""
        self.show_page("about")
        self.about.show_section("red_flags")

    def start_attract(self) -> None:
        """Idle: start the gentle tour from the start screen."""
        self.reset_to_start()
        self.attract_count += 1
        self.tour.start()

    def reset_to_start(self) -> None:
        """Everything back to the start screen (see :func:`.reset.reset_to_start`)."""
        reset_to_start(self)
        self.reset_count += 1

    def _on_caption_changed(self, text: str) -> None:
        self.caption.setText(f"{text}\n{pages.WAKE_HINT}" if text else self._hint())
        self.caption.setObjectName("caption" if text else "hint")
        self.caption.style().polish(self.caption)

    def _hint(self) -> str:
        return pages.PAIN_HINT if self.side.currentWidget() is self.pain_page else pages.IDLE_HINT

    def _on_selection_changed(self, selection: tuple[str, ...]) -> None:
        if self.tour.running:
            return  # the tour moves its own camera
        if self.state.mode == "lookup":
            self.pain_flow.on_selection(selection)  # a result's card; the model turns to it
        elif self.side.currentWidget() is self.about:
            self.show_page("explore")
        pose = self.scene.selection_pose(selection)
        if pose is not None:
            self.ease.ease_to(pose)

    # Lock ------------------------------------------------------------------

    def offer_group(self, ids: tuple[str, ...]) -> None:
        """A tap on a disk standing for several points: move closer until they part, then ask."""
        pose = self.markers.spread_pose(ids)
        if pose is None:
            self.chooser.offer(ids)
        else:
            self.ease.ease_to(pose)

    def open_pin_pad(self) -> None:
        """The hidden corner was held: ask for the PIN."""
        self.tour.stop()
        self.pin_pad.open()

    def _on_unlocked(self) -> None:
        self.locked = False
        # No tour over the admin screen, but the idle reset still closes it and locks:
        # an admin who walks away must not leave "Exit kiosk" one tap from a visitor.
        self.idle.start(attract=False)
        self.guard.logger.info("admin unlocked the kiosk")
        self.admin.show_details(
            f"Settings file: {self.config_path}\nLog: {self.guard.log_path}\n"
            f"Errors since start: {self.guard.exception_count}\n"
            "Change the PIN with: python app.py kiosk-pin"
        )

    def _relock(self) -> None:
        self.admin.hide()
        self.locked = True
        self.idle.start()

    def exit_kiosk(self) -> None:
        """Leave the kiosk (only reachable from the admin screen)."""
        self.guard.logger.info("admin closed the kiosk")
        self.shutdown()
        self.exited.emit()

    def shutdown(self) -> None:
        """Unlock, stop every timer and filter, release the render window and close."""
        self.locked = False
        self.idle.stop()
        self.tour.stop()
        self.ease.stop()
        app = QApplication.instance()
        for event_filter in (self.corner, self.idle, self.key_lock):
            app.removeEventFilter(event_filter)
        if self._hooks_installed:
            self.guard.uninstall()
            self._hooks_installed = False
        self.viewport.close()
        self.close()

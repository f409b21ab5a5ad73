"""The main window: wires AppState <-> scene <-> panels around one QtInteractor.

The window *owns* a ``pyvistaqt.QtInteractor`` (it does not inherit one).
Every selection goes through :meth:`AppState.select`, whether it comes from
the tree, Enter in the search field or a click on a marker; the scene and
the panels only follow ``selection_changed``.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QSettings, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from explorer.model.project import Project
from explorer.model.referral import ReferralEngine
from explorer.model.state import AppState
from explorer.qt.camera_ease import FRAMES, CameraEase
from explorer.qt.file_menu import install_file_menu
from explorer.qt.icon import make_app_icon
from explorer.qt.pain_mode import install_pain_mode
from explorer.qt.panels.about_headaches import install_about_headaches
from explorer.qt.panels.info_card import InfoCard
from explorer.qt.panels.layers import LayerControls
from explorer.qt.panels.trigger_point_tree import TriggerPointTree
from explorer.qt.settings import gui_settings
from explorer.qt.study import install_study
from explorer.qt.view_menu import install_view_menu
from explorer.qt.viewport import Viewport, trim_heap
from explorer.qt.viewport_input import ViewportInput
from explorer.qt.window_layout import DockWidthGuard, restore_layout, save_layout
from explorer.scene.anatomy_scene import AnatomyScene
from explorer.scene.needle_view import NeedleView
from explorer.scene.render import build_engine
from explorer.scene.views import DEFAULT_VIEW, PRESETS

TITLE = "Trigger Point Explorer"
#: The skin starts see-through so the markers on the muscles show; the user can make it solid.
START_SKIN_OPACITY = 0.6


class MainWindow(QMainWindow):
    """Search/tree on the left, the 3D viewport in the centre, the card and layers on the right.

    Parameters
    ----------
    project
        The loaded atlas and catalog (the window is never built half-loaded).
    state
        Shared application state; a new one by default.
    settings
        Where geometry and dock layout are remembered; the user's settings by default.
    engine
        Referral engine to reuse (tests share one); built on the atlas skin by default.
    ease_frames
        Frames of the camera animation to a selection (0 jumps).
    """

    def __init__(
        self,
        project: Project,
        state: AppState | None = None,
        *,
        settings: QSettings | None = None,
        engine: ReferralEngine | None = None,
        ease_frames: int = FRAMES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.state = state or AppState()
        self.settings = settings or gui_settings()
        self.setWindowTitle(TITLE)
        self.setWindowIcon(make_app_icon())
        self.viewport = Viewport(self, auto_update=False)
        self.setCentralWidget(self.viewport)
        self._disable_builtin_keys()
        self.engine = engine or build_engine(project.atlas)
        self.scene = AnatomyScene(self.viewport, project.atlas, project.catalog, self.engine)
        # Repaint instead of rendering now: the widget's paint renders anyway (one draw a frame).
        self.scene.request_frame = self.viewport.update
        self.state.set_layer_opacity("skin", START_SKIN_OPACITY)
        self.scene.bind(self.state)
        # Bound before the panels, so the card reads the needle view's new text.
        self.needle_view = NeedleView(self.scene)
        self.needle_view.bind(self.state)
        self.ease = CameraEase(self.scene, ease_frames, self)
        self.input = ViewportInput(self.viewport, self.scene, self.state)
        self._build_panels()
        self._build_toolbar()
        self._build_shortcuts()
        self.pain_mode = install_pain_mode(self)
        self.about_headaches = install_about_headaches(self)
        self.info_card.red_flags_requested.connect(lambda: self.about_headaches.open("red_flags"))
        self.state.selection_changed.connect(self._on_selection_changed)
        self.state.needle_view_changed.connect(
            lambda _on: self._on_selection_changed(self.state.selection)
        )
        self.state.hovered_changed.connect(self._on_hovered_changed)
        self.file_menu = install_file_menu(self)
        self.view_menu = install_view_menu(self)
        self.study = install_study(self)  # labels, legend, isolate, search hints, quiz
        self._restore_settings()
        # After the restore: caps for the final size, so the first frame is the only one.
        self.dock_guard = DockWidthGuard(self)
        self._pending_fields = deque(project.catalog.trigger_points())
        # Fill the cache once the first frame is on screen: started earlier, it delays it.
        self.viewport.frameSwapped.connect(
            self._start_precompute, Qt.ConnectionType.SingleShotConnection
        )
        self.viewport.build_when_idle(self.scene.motion.lod)  # coarse meshes for moving frames

    # Building ------------------------------------------------------------

    def _build_panels(self) -> None:
        catalog = self.project.catalog
        self.tree_panel = TriggerPointTree(catalog, self.state, self)
        self.info_card = InfoCard(catalog, self.state, self)
        self.info_card.needle_lines = self._needle_lines
        self.layer_controls = LayerControls(self.state, self)
        for name, title, widget, area in (
            (
                "trigger_points",
                "Trigger points",
                self.tree_panel,
                Qt.DockWidgetArea.LeftDockWidgetArea,
            ),
            ("info", "About this point", self.info_card, Qt.DockWidgetArea.RightDockWidgetArea),
            ("layers", "Layers", self.layer_controls, Qt.DockWidgetArea.RightDockWidgetArea),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)  # saveState needs names to restore docks
            dock.setWidget(widget)
            self.addDockWidget(area, dock)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("View")
        toolbar.setObjectName("view_toolbar")
        self.view_actions: dict[str, QAction] = {}
        for view in PRESETS:
            action = QAction(view.label, self)
            action.setShortcut(QKeySequence(view.key))
            action.setToolTip(f"{view.label} view ({view.key})")
            action.triggered.connect(lambda _=False, name=view.name: self.show_view(name))
            toolbar.addAction(action)
            self.view_actions[view.name] = action
        reset = QAction("Reset", self)
        reset.setShortcut(QKeySequence(Qt.Key.Key_Home))
        reset.setToolTip("Reset the view (Home)")
        reset.triggered.connect(lambda: self.show_view(DEFAULT_VIEW))
        toolbar.addAction(reset)
        toolbar.addSeparator()
        self.only_selected_action = QAction("Only this muscle's points", self)
        self.only_selected_action.setCheckable(True)
        self.only_selected_action.setToolTip(
            "Show all trigger points, or only the selected muscle's"
        )
        self.only_selected_action.toggled.connect(self.state.set_show_only_selected_muscle)
        self.state.show_only_selected_muscle_changed.connect(
            self._on_show_only_selected_muscle_changed
        )
        toolbar.addAction(self.only_selected_action)

    def _build_shortcuts(self) -> None:
        for sequence, slot in (
            (QKeySequence(Qt.Key.Key_Escape), self._on_escape),
            (QKeySequence.StandardKey.Undo, self.undo),
            (QKeySequence.StandardKey.Redo, self.redo),
        ):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def _on_escape(self) -> None:
        """Esc: leave an isolated muscle first (qt/study.py), otherwise clear the selection."""
        study = getattr(self, "study", None)
        if study is None or not study.escape():
            self.state.clear_selection()

    def _disable_builtin_keys(self) -> None:
        """Drop VTK's and pyvista's one-letter keys ('w' wireframe, '3' stereo, 'q' quit...).

        They would fight the window's own shortcuts and let a kiosk user wreck the view.
        """
        interactor = self.viewport.iren
        if interactor is None:  # off-screen: no key handling at all
            return
        interactor.clear_key_event_callbacks()
        interactor.interactor.RemoveObservers("CharEvent")

    # Reactions -----------------------------------------------------------

    def undo(self) -> None:
        """Ctrl+Z: while drawing the pain, undo the drawing; otherwise the selection."""
        if not (self.pain_mode.active and self.pain_mode.drawing.undo()):
            self.state.undo()

    def redo(self) -> None:
        """Ctrl+Shift+Z / Ctrl+Y: the counterpart of :meth:`undo`."""
        if not (self.pain_mode.active and self.pain_mode.drawing.redo()):
            self.state.redo()

    def show_view(self, name: str) -> None:
        """Ease to the preset view ``name``."""
        self.ease.ease_to(self.scene.view_pose(name))

    def _on_selection_changed(self, selection: tuple[str, ...]) -> None:
        if self.state.mode == "lookup":
            return  # keep the camera on the pain drawing: a result is one render, no flight
        # The needle view (bound before this handler, so already updated) frames its line.
        pose = self.needle_view.pose() or self.scene.selection_pose(selection)
        if pose is not None:
            self.ease.ease_to(pose)

    def _needle_lines(self, tp_id: str) -> list[str]:
        """The needle view's sentences while it shows ``tp_id`` (for the card)."""
        view = self.needle_view
        return view.lines if view.tp_id == tp_id else []

    def _on_hovered_changed(self, tp_id: str | None) -> None:
        if tp_id is None:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(self.project.catalog.get(tp_id).label)

    def _on_show_only_selected_muscle_changed(self, enabled: bool) -> None:
        with QSignalBlocker(self.only_selected_action):
            self.only_selected_action.setChecked(enabled)

    def _start_precompute(self) -> None:
        # Queued, so every other listener of the first frame runs first.
        QTimer.singleShot(0, self._precompute_next)

    def _precompute_next(self) -> None:
        """Fill the referral cache one point per event-loop turn, so no click waits."""
        if self._pending_fields and not self.viewport._closed:
            # The pose needs the field, so this caches both: a click then only looks them up.
            self.scene.selection_pose((self._pending_fields.popleft().id,))
            if self._pending_fields:
                QTimer.singleShot(0, self._precompute_next)
            else:
                trim_heap()  # the solves' scratch arrays are gone; so are their pages

    # Settings and closing ------------------------------------------------

    def _restore_settings(self) -> None:
        # Clamped to the screen; a mode's panel only ever comes back with its mode.
        restore_layout(self, self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember geometry and layout, then release the render window."""
        save_layout(self, self.settings)
        self.ease.stop()
        self._pending_fields.clear()
        self.viewport.close()
        super().closeEvent(event)

"""The "Where does it hurt?" mode: painting on the skin, ranking, showing results.

:func:`install_pain_mode` adds the mode to a :class:`MainWindow`: a toolbar
toggle, a dock with :class:`PainDrawingPanel`, the drawing's outline in the
scene, and a painter that :class:`ViewportInput` asks first about every
mouse event. A change of the drawing costs one outline update, one ranking
(at the end of a stroke only) and one render. Tapping a result goes through
``AppState.set_selection``, like any other selection.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMessageBox

from explorer.model.lookup import LookupIndex, MuscleResult
from explorer.model.pain_drawing import BRUSH_SIZES_MM, PainDrawing
from explorer.model.pain_regions import available_regions, region_drawing
from explorer.qt.mode_panels import ModePanels, scrolling_dock
from explorer.qt.panels.info_card import DISCLAIMER
from explorer.qt.panels.pain_drawing import TOP_N, PainDrawingPanel
from explorer.scene.drawing import DrawingOutline, SkinPicker

MODE = "lookup"


class PainMode(QObject):
    """Controller of the pain-drawing mode of ``window`` (see :func:`install_pain_mode`)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window, self.state, self.scene = window, window.state, window.scene
        atlas = window.project.atlas
        self.drawing = PainDrawing(window.engine)
        self.panel = PainDrawingPanel(available_regions(atlas.landmarks), window)
        self.outline = DrawingOutline(self.scene.plotter, self.scene.skin_mesh)
        self.picker = SkinPicker(self.scene.plotter.renderer, self.scene.skin_actor)
        self.tool, self.brush_mm = "paint", BRUSH_SIZES_MM["medium"]
        self.results: list[MuscleResult] = []
        self._index: LookupIndex | None = None
        self._painting = False
        #: Set by :func:`install_pain_mode` on the desktop (the kiosk has its own pages).
        self.panels: ModePanels | None = None
        self._connect()
        self._on_mode_changed(self.state.mode)

    def _connect(self) -> None:
        panel = self.panel
        panel.tool_changed.connect(self._on_tool_changed)
        panel.brush_size_changed.connect(self._on_brush_size_changed)
        panel.region_requested.connect(self.add_region)
        panel.undo_requested.connect(self.drawing.undo)
        panel.clear_requested.connect(self.drawing.clear)
        panel.result_activated.connect(lambda ids: self.state.set_selection(tuple(ids)))
        panel.top_three_requested.connect(self.show_top_three)
        panel.red_flags_requested.connect(self.show_red_flags)
        self.drawing.changed.connect(self._on_drawing_changed)
        self.state.mode_changed.connect(self._on_mode_changed)

    # Mode and tools ------------------------------------------------------

    @property
    def active(self) -> bool:
        """Whether the app is in the pain-drawing mode."""
        return self.state.mode == MODE

    def _on_mode_changed(self, mode: str) -> None:
        self.outline.set_shown(mode == MODE)
        self.scene.render()

    def _on_tool_changed(self, tool: str) -> None:
        self.tool = tool

    def _on_brush_size_changed(self, name: str) -> None:
        self.brush_mm = BRUSH_SIZES_MM[name]

    # Editing -------------------------------------------------------------

    def add_region(self, key: str, side: str) -> None:
        """Add a region preset to the drawing (one undo step)."""
        self.drawing.add(region_drawing(self.window.engine, key, side))

    def handle(self, event: QEvent) -> bool:
        """Paint with the left button while painting or erasing; True if ``event`` was used.

        Other buttons and the "Turn head" tool fall through to VTK, so the
        head still turns, pans and zooms.
        """
        if not self.active or self.tool == "turn":
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._painting = True
            self.drawing.begin_stroke()
            self._dab_at(event)
            return True
        if kind == QEvent.Type.MouseMove and self._painting:
            self._dab_at(event)
            return True
        is_left = (
            kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton
        )
        if is_left and self._painting:
            self._painting = False
            self.drawing.end_stroke()
            return True
        return False

    def _dab_at(self, event) -> None:
        widget = self.window.viewport
        ratio = widget.devicePixelRatioF()
        position = event.position()
        x = position.x() * ratio
        y = (widget.height() - position.y() - 1) * ratio
        point = self.picker.pick(x, y)
        if point is not None:
            self.drawing.dab(point, self.brush_mm, erase=self.tool == "erase")

    # Reacting ------------------------------------------------------------

    def _on_drawing_changed(self, final: bool) -> None:
        self.outline.update(self.drawing.weights)
        if final:
            self.rank()
        self.panel.set_can_undo(self.drawing.can_undo)
        self.scene.render()

    def rank(self) -> list[MuscleResult]:
        """Rank the muscles for the drawing (each with its best point) and list them."""
        if self.drawing.is_empty:
            self.results = []
        else:
            self.results = self.index.rank(self.drawing.weights, top=TOP_N)
        self.panel.set_results(self.results, drawn=not self.drawing.is_empty)
        return self.results

    @property
    def index(self) -> LookupIndex:
        """The ranking index, built on first use (needs every referral field)."""
        if self._index is None:
            skin = self.window.project.atlas.skin
            points = self.window.project.catalog.trigger_points()
            self._index = LookupIndex.build(self.window.engine, skin.faces, points)
        return self._index

    def show_top_three(self) -> None:
        """Select the top three muscles' best points together: their patterns add up on the skin."""
        ids = [tp_id for result in self.results[:3] for tp_id in result.ids]
        if ids:
            self.state.set_selection(tuple(ids))

    def show_red_flags(self) -> None:
        """Open "When to see a doctor": the About headaches page if the window has it.

        Hooks, in order: ``window.show_red_flags()``, then
        ``window.about_headaches.open("red_flags")``; without either, a short message.
        """
        handler = getattr(self.window, "show_red_flags", None)
        about = getattr(self.window, "about_headaches", None)
        if callable(handler):
            handler()
        elif about is not None and callable(getattr(about, "open", None)):
            about.open("red_flags")
        else:
            QMessageBox.information(self.window, "When to see a doctor", DISCLAIMER)


def install_pain_mode(window) -> PainMode:
    """Add the pain-drawing mode to ``window``: toggle action, dock, painter.

    The dock scrolls instead of growing the window, replaces the other
    right-hand panels while the mode is on (:class:`ModePanels`), and has
    no close button: the mode's toggle is the one way to show or hide it.
    """
    mode = PainMode(window)
    dock = scrolling_dock("Where does it hurt?", "pain_drawing", mode.panel, window)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.setVisible(False)
    mode.panels = ModePanels(window, dock)
    mode.panels.follow(mode.active)
    action = QAction("Where does it hurt?", window)
    action.setCheckable(True)
    action.setChecked(mode.active)
    action.setToolTip("Paint where it hurts and see which trigger points could cause it")
    action.toggled.connect(lambda on: window.state.set_mode(MODE if on else "explore"))

    def follow_mode(name: str) -> None:
        action.setChecked(name == MODE)  # no loop: set_mode ignores an unchanged mode
        mode.panels.follow(name == MODE)

    window.state.mode_changed.connect(follow_mode)
    toolbar = window.addToolBar("Where does it hurt?")
    toolbar.setObjectName("pain_toolbar")  # saveState needs names to restore toolbars
    toolbar.addAction(action)
    window.input.painter = mode
    mode.dock, mode.action = dock, action
    return mode

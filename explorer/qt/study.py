"""Study mode of the main window: labels, legend, isolate, symptom search hints and the quiz.

:func:`install_study` adds, to a :class:`~explorer.qt.main_window.MainWindow`:

* View -> Labels (L) and View -> Legend, both remembered between sessions;
* Study -> Isolate muscle (I, and the link on the card), Isolate both sides,
  and Quiz (Ctrl+Shift+Q, checked while it runs);
* the ranked search results with reasons under the search field.

Esc first leaves an isolated muscle (:meth:`Study.escape`), then clears the
selection as before.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSignalBlocker
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from explorer.qt.menus import top_menu
from explorer.qt.panels.search_hints import install_search_hints
from explorer.qt.quiz_mode import MODE as QUIZ_MODE
from explorer.qt.quiz_mode import QuizMode
from explorer.qt.view_menu import view_menu
from explorer.scene.isolate import MuscleIsolation
from explorer.scene.study_overlay import StudyOverlay

STUDY_MENU = "&Study"
LABELS_KEY, LEGEND_KEY, BOTH_SIDES_KEY = "study/labels", "study/legend", "study/isolate_both"


class Study(QObject):
    """The study features of ``window``; see :func:`install_study`."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window, self.state = window, window.state
        self.overlay = StudyOverlay(window.scene)
        self.isolation = MuscleIsolation(window.scene, window.state)
        self.search_hints = install_search_hints(
            window.tree_panel, window.project.catalog, self.state
        )
        self.quiz = QuizMode(window, self.overlay)
        settings = window.settings
        self.labels_action = self._action("&Labels", "L", "Name each visible muscle on the model")
        self.labels_action.setCheckable(True)
        self.labels_action.toggled.connect(self._on_labels_toggled)
        self.legend_action = self._action(
            "Le&gend", None, "What the colours, stripes and markers mean"
        )
        self.legend_action.setCheckable(True)
        self.legend_action.toggled.connect(self._on_legend_toggled)
        self.isolate_action = self._action(
            "&Isolate muscle", "I", "Show only the selected muscle (I or Esc restores)"
        )
        self.isolate_action.setCheckable(True)
        self.isolate_action.triggered.connect(self.toggle_isolation)
        self.both_sides_action = self._action(
            "Isolate &both sides", None, "Isolate shows the muscle on both sides"
        )
        self.both_sides_action.setCheckable(True)
        self.both_sides_action.toggled.connect(self._on_both_sides_toggled)
        self.quiz_action = self._action(
            "&Quiz", "Ctrl+Shift+Q", "Ten questions on patterns, points and muscles"
        )
        self.quiz_action.setCheckable(True)  # checked while the quiz is on
        self.quiz_action.triggered.connect(lambda on: self.quiz.start() if on else self.quiz.stop())
        self._build_menus()
        # View -> Panels shows the quiz's panel as this action, as the pain drawing's is
        # shown as its mode: a bare panel toggle would open an empty quiz.
        panels = getattr(window, "view_menu", None)
        if panels is not None and hasattr(panels, "mode_actions"):
            panels.mode_actions[self.quiz.dock] = self.quiz_action
        self.labels_action.setChecked(_flag(settings.value(LABELS_KEY, False)))
        self.legend_action.setChecked(_flag(settings.value(LEGEND_KEY, True)))
        self.both_sides_action.setChecked(_flag(settings.value(BOTH_SIDES_KEY, False)))
        window.info_card.isolate_requested.connect(self.isolate_point)
        self.state.selection_changed.connect(self._on_selection_changed)
        self.state.mode_changed.connect(self._on_mode_changed)
        window.scene.render()

    def _action(self, text: str, key: str | None, tip: str) -> QAction:
        action = QAction(text, self.window)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setToolTip(f"{tip} ({key})")
            # The shortcut works with the menu bar hidden or the menu never opened.
            self.window.addAction(action)
        else:
            action.setToolTip(tip)
        action.setStatusTip(tip)
        return action

    def _build_menus(self) -> None:
        view = view_menu(self.window)
        # On top: the panel and toolbar lists below are rebuilt each time the menu opens.
        first = view.actions()[0] if view.actions() else None
        view.insertSection(first, "Study aids")
        view.insertActions(first, [self.labels_action, self.legend_action])
        study = study_menu(self.window)
        for action in (self.isolate_action, self.both_sides_action):
            study.addAction(action)
        study.addSeparator()
        study.addAction(self.quiz_action)

    # Labels and legend ---------------------------------------------------

    def _on_labels_toggled(self, enabled: bool) -> None:
        self.overlay.set_labels(enabled)
        self.window.settings.setValue(LABELS_KEY, bool(enabled))
        self.window.scene.render()

    def _on_legend_toggled(self, enabled: bool) -> None:
        self.overlay.set_legend(enabled)
        self.window.settings.setValue(LEGEND_KEY, bool(enabled))
        self.window.scene.render()

    # Isolate -------------------------------------------------------------

    def toggle_isolation(self) -> None:
        """I: isolate the selected point's muscle, or restore the layers if isolated."""
        if self.isolation.active:
            self.isolation.restore()
        elif self.state.selection:
            self.isolate_point(self.state.selection[-1])
        else:
            self.window.statusBar().showMessage(
                "Select a trigger point first, then isolate its muscle.", 4000
            )
        self.isolate_action.setChecked(self.isolation.active)

    def isolate_point(self, tp_id: str) -> None:
        """Show only the muscle of ``tp_id`` (both sides if so chosen)."""
        if self.state.mode == QUIZ_MODE:
            return  # a quiz shows what it needs; isolating would rearrange it
        self.isolation.isolate(tp_id, both_sides=self.both_sides_action.isChecked())
        self.isolate_action.setChecked(True)

    def escape(self) -> bool:
        """Esc: restore an isolated muscle's layers; False if nothing was isolated."""
        if not self.isolation.active:
            return False
        self.isolation.restore()
        self.isolate_action.setChecked(False)
        return True

    def _on_both_sides_toggled(self, both: bool) -> None:
        self.window.settings.setValue(BOTH_SIDES_KEY, bool(both))
        if self.isolation.active and self.state.selection:
            self.isolate_point(self.state.selection[-1])

    def _on_selection_changed(self, selection: tuple[str, ...]) -> None:
        """Isolation follows the selection to another muscle; no selection ends it."""
        if not self.isolation.active:
            return
        if not selection:
            self.escape()
            return
        point = self.window.project.catalog.get(selection[-1])
        muscle_id, sides = self.isolation.isolated
        if point.muscle.id != muscle_id or point.side not in sides:
            self.isolate_point(point.id)

    def _on_mode_changed(self, mode: str) -> None:
        if mode == QUIZ_MODE:
            self.escape()
        with QSignalBlocker(self.quiz_action):
            self.quiz_action.setChecked(mode == QUIZ_MODE)


def study_menu(window: QMainWindow) -> QMenu:
    """The window's Study menu, made before Help the first time."""
    return top_menu(window, STUDY_MENU, before="Help")


def _flag(value: object) -> bool:
    """A QSettings boolean (INI files give back "true"/"false")."""
    return value is True or value == "true"


def install_study(window) -> Study:
    """Add the study features to ``window`` (see the module docstring)."""
    return Study(window)

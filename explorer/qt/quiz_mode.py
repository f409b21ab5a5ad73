"""The quiz mode of the main window: Study -> Quiz.

It asks a round of ten questions drawn by :mod:`explorer.model.quiz`, shows
each on the model (:class:`~explorer.scene.quiz_view.QuizView`), takes an
answer from the panel's buttons or from a tap on the model, says at once
whether it was right and shows the right answer in 3D by selecting it.
Progress per muscle is kept in the window's QSettings, so "weakest muscles
first" works across sessions.

While a question waits for its answer, a click on the model is the answer
(never a selection, which would open the card and give it away) and
hovering shows no names; labels and the legend step aside.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea

from explorer.model.quiz import ROUND_LENGTH, feedback, generate_round
from explorer.model.quiz_progress import QuizProgress, QuizSession
from explorer.qt.panels.quiz import QuizPanel
from explorer.scene.picking import ClickGuard
from explorer.scene.quiz_view import QuizView

MODE = "quiz"
PROGRESS_KEY = "quiz/progress"
WEAKEST_FIRST_KEY = "quiz/weakest_first"


class QuizMode(QObject):
    """Controller of the quiz in ``window`` (a :class:`~explorer.qt.main_window.MainWindow`)."""

    def __init__(self, window, overlay) -> None:
        super().__init__(window)
        self.window, self.state, self.overlay = window, window.state, overlay
        self.view = QuizView(window.scene, window.state)
        self.panel = QuizPanel(window)
        self.progress = QuizProgress.from_json(window.settings.value(PROGRESS_KEY, ""))
        self.session: QuizSession | None = None
        self.total = 0
        self.seed_source = random.Random()
        weakest = window.settings.value(WEAKEST_FIRST_KEY, False)
        self.panel.weakest_first.setChecked(weakest in (True, "true"))
        self.dock = QDockWidget("Quiz", window)
        self.dock.setObjectName("quiz")
        # Scrolls rather than cuts a long question off when the docks beside it leave little room.
        self.scroll = scroll = QScrollArea(self.dock)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.panel)
        self.dock.setWidget(scroll)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.taps = QuizTaps(self, window.input)
        self._connect()

    def _connect(self) -> None:
        self.panel.choice_made.connect(self.choose)
        self.panel.next_requested.connect(self.next_question)
        self.panel.new_round_requested.connect(self.new_round)
        self.panel.stop_requested.connect(self.stop)
        self.panel.weakest_first_changed.connect(
            lambda on: self.window.settings.setValue(WEAKEST_FIRST_KEY, bool(on))
        )
        self.state.mode_changed.connect(self._on_mode_changed)
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)

    # Mode ----------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Whether the quiz mode is on."""
        return self.state.mode == MODE

    @property
    def awaiting_answer(self) -> bool:
        """Whether a question is shown and not answered yet."""
        session = self.session
        return (
            self.active
            and session is not None
            and not session.showing_feedback
            and (session.current is not None)
        )

    def start(self) -> None:
        """Enter the quiz mode and start a round."""
        self.state.set_mode(MODE)
        self.new_round()

    def stop(self) -> None:
        """Leave the quiz: the model goes back to exploring."""
        if self.active:
            self.state.set_mode("explore")

    def _on_mode_changed(self, mode: str) -> None:
        entering = mode == MODE
        self.overlay.suspend(entering)
        self.dock.setVisible(entering)
        if entering:
            self.dock.raise_()
            # Most of the column's height (once the dock is laid out): the question matters
            # more than the layer sliders now.
            QTimer.singleShot(0, self._give_dock_room)
        else:
            self.session = None
            self.view.clear()

    def _give_dock_room(self) -> None:
        height = int(self.window.height() * 0.6)
        self.window.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        # Closing the panel with its title-bar button ends the quiz too.
        if not visible and self.active and not self.window.isMinimized():
            self.stop()
        elif visible and not self.active:
            # A layout saved mid-quiz brings the panel back without its quiz: hide it.
            QTimer.singleShot(0, lambda: self.dock.setVisible(self.active))

    # Questions -----------------------------------------------------------

    def new_round(self) -> None:
        """Draw a fresh round (weakest muscles first if asked) and show its first question."""
        quiz = generate_round(
            self.window.project.catalog,
            ROUND_LENGTH,
            seed=self.seed_source.randrange(2**31),
            progress=self.progress,
            weakest_first=self.panel.weakest_first.isChecked(),
            structure_ids=set(self.window.scene.structures.actors),
        )
        self.session = QuizSession(quiz.questions)
        self.total = len(quiz.questions)
        if not quiz.questions:
            self.panel.show_empty()
            return
        self._show_current()

    def _show_current(self) -> None:
        question = self.session.current
        self.state.clear_selection()
        pose = self.view.show(question)
        self.window.ease.ease_to(pose)
        self.panel.show_question(question, self.total, self.session.score)

    def choose(self, index: int) -> None:
        """The answer button ``index`` was pressed."""
        if self.awaiting_answer and not self.session.current.is_tap:
            self._answer(index, chosen=index)

    def tap(self, tp_id: str | None) -> None:
        """The model was tapped on ``tp_id``'s marker (None: on no marker)."""
        if self.awaiting_answer and self.session.current.is_tap:
            self._answer(tp_id, chosen=None)

    def _answer(self, response, chosen: int | None) -> None:
        question = self.session.current
        result = feedback(question, response, self.window.project.catalog)
        self.session.answer(result.correct)
        self.progress.record(question.muscle_id, result.correct)
        self.window.settings.setValue(PROGRESS_KEY, self.progress.to_json())
        last = len(self.session.answers) == self.total
        self.panel.show_feedback(question, result, chosen, last)
        # Once laid out with the feedback in it, bring the feedback into view.
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(self.panel.feedback))
        # The right answer in 3D: its pattern, marker and muscle, as a selection shows them.
        self.view.reveal()
        self.state.select(result.reveal_id)

    def next_question(self) -> None:
        """Leave the feedback for the next question, or the score at the end."""
        if self.session is None or not self.session.showing_feedback:
            return
        self.session.next()
        if self.session.finished:
            self.state.clear_selection()
            self.panel.show_round_over(self.session.score, self.total, self.weakest_names())
        else:
            self._show_current()

    def weakest_names(self, count: int = 3) -> list[str]:
        """Names of the muscles answered worst so far (only muscles asked about)."""
        catalog = self.window.project.catalog
        asked = [m for m in catalog.muscles if self.progress.of(m.id).asked]
        asked.sort(key=lambda muscle: self.progress.of(muscle.id).strength)
        return [muscle.name for muscle in asked[:count]]


class QuizTaps:
    """Sits in front of the viewport's other mouse handler: in a question, a click answers.

    Presses and drags still reach VTK (the head turns as usual); a click's
    release is the answer and is handed to VTK without a render, as the
    viewport's own click handling does. Outside a question, every event goes
    to the handler it replaced (the pain drawing's brush).
    """

    def __init__(self, mode: QuizMode, viewport_input) -> None:
        self.mode, self.input = mode, viewport_input
        self.previous = viewport_input.painter
        self.guard = ClickGuard()
        viewport_input.painter = self

    def handle(self, event: QEvent) -> bool:
        """True if ``event`` was used by the quiz."""
        if not self.mode.awaiting_answer:
            return self.previous.handle(event) if self.previous is not None else False
        kind = event.type()
        left = getattr(event, "button", lambda: None)() == Qt.MouseButton.LeftButton
        position = getattr(event, "position", None)
        if kind == QEvent.Type.MouseMove and event.buttons() == Qt.MouseButton.NoButton:
            return True  # no hover names: they would give the answer away
        if kind == QEvent.Type.MouseButtonPress and left:
            self.guard.press(position().x(), position().y())
        elif kind == QEvent.Type.MouseMove:
            self.guard.move(position().x(), position().y())
        elif kind == QEvent.Type.MouseButtonRelease and left:
            x, y = position().x(), position().y()
            if self.guard.release(x, y):
                self.input.guard.release(x, y)  # its press saw no release: keep it in step
                self.mode.tap(self.input.pick_at(position().toPoint(), touch=True))
                self._release_without_render(event)
                return True
        return False

    def _release_without_render(self, event) -> None:
        """Let VTK end its rotation, without drawing a frame the answer already asked for."""
        widget = self.input.widget
        interactor = getattr(getattr(widget, "iren", None), "interactor", None)
        if interactor is None:
            widget.mouseReleaseEvent(event)
            return
        interactor.EnableRenderOff()
        try:
            widget.mouseReleaseEvent(event)
        finally:
            interactor.EnableRenderOn()

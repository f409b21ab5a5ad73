"""The quiz panel: the question, four answer buttons or "tap the model", feedback, score.

Only widgets: :class:`explorer.qt.quiz_mode.QuizMode` decides what to show
and reacts to the signals. Feedback never relies on colour alone: it starts
with "Right" or "Not quite", and the right answer's button is marked with a
tick whatever was chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from explorer.model.quiz import KIND_TITLES, MAX_CHOICES

TAP_HINT = "Tap the marker on the model. Drag to turn the head first if you need to."
RIGHT_STYLE = "color: #1b7f3b; font-weight: bold;"
WRONG_STYLE = "color: #a34a00; font-weight: bold;"
TICK = "\u2713 "


class QuizPanel(QWidget):
    """Shows one question at a time and, at the end, the round's score.

    Signals
    -------
    choice_made(int)
        An answer button was pressed (its index).
    next_requested, new_round_requested, stop_requested
        The buttons of the same names.
    weakest_first_changed(bool)
        The "weakest muscles first" option was switched.
    """

    choice_made = Signal(int)
    next_requested = Signal()
    new_round_requested = Signal()
    stop_requested = Signal()
    weakest_first_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QLabel(self)
        self.kind.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.progress = QLabel(self)
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size: 11pt;")
        self.hint = QLabel(TAP_HINT, self)
        self.hint.setWordWrap(True)
        self.choices = [ChoiceButton(self) for _ in range(MAX_CHOICES)]
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.next_button = QPushButton("Next question", self)
        self.new_round_button = QPushButton("New round", self)
        self.weakest_first = QCheckBox("Weakest muscles first", self)
        self.weakest_first.setToolTip("Ask first about the muscles you got wrong most often")
        self.stop_button = QPushButton("Stop quiz", self)
        for label in (self.kind, self.progress, self.prompt, self.hint, self.feedback):
            label.setTextFormat(Qt.TextFormat.PlainText)  # content text is never markup
        self._build_layout()
        for index, button in enumerate(self.choices):
            button.clicked.connect(lambda _=False, index=index: self.choice_made.emit(index))
        self.next_button.clicked.connect(self.next_requested)
        self.new_round_button.clicked.connect(self.new_round_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.weakest_first.toggled.connect(self.weakest_first_changed)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        # Feedback and "next" sit right under the question, where the eye is after answering;
        # the choices below keep the tick on the right one.
        for widget in (self.kind, self.progress, self.prompt, self.hint, self.feedback):
            layout.addWidget(widget)
        layout.addWidget(self.next_button)
        for widget in self.choices:
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.weakest_first)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_round_button)
        buttons.addWidget(self.stop_button)
        layout.addLayout(buttons)

    def show_question(self, question, total: int, score: int) -> None:
        """Ask ``question`` (number ``question.number`` of ``total``; ``score`` right so far)."""
        self.kind.setText(KIND_TITLES[question.kind])
        self.progress.setText(f"Question {question.number} of {total} · Score {score}")
        self.prompt.setText(question.prompt)
        self.hint.setVisible(question.is_tap)
        for index, button in enumerate(self.choices):
            shown = index < len(question.choices)
            button.setVisible(shown)
            button.setEnabled(shown)
            button.setText(question.choices[index] if shown else "")
            button.set_look("")
        self.feedback.clear()
        self.feedback.hide()
        self.next_button.hide()

    def show_feedback(self, question, feedback, chosen: int | None, last: bool) -> None:
        """Say whether the answer was right, mark the right choice, offer the next question."""
        self.feedback.setText(feedback.message)
        self.feedback.setStyleSheet(RIGHT_STYLE if feedback.correct else WRONG_STYLE)
        self.feedback.show()
        for index, button in enumerate(self.choices[: len(question.choices)]):
            button.setEnabled(False)
            if index == question.answer_index:
                button.setText(TICK + question.choices[index])
                button.set_look(RIGHT_STYLE)
            elif index == chosen:
                button.set_look(f"{WRONG_STYLE} text-decoration: line-through;")
        self.hint.hide()
        self.next_button.setText("See your score" if last else "Next question")
        self.next_button.show()
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_round_over(self, score: int, total: int, weakest: list[str]) -> None:
        """The round's score and the muscles to practise."""
        self.kind.setText("Round over")
        self.progress.setText(f"You scored {score} out of {total}.")
        practise = ", ".join(weakest) if weakest else "none yet"
        self.prompt.setText(f"Muscles to practise (weakest first): {practise}.")
        for widget in (self.hint, self.feedback, self.next_button, *self.choices):
            widget.hide()

    def show_empty(self) -> None:
        """There is nothing to ask (the content has no usable points)."""
        self.kind.setText("No questions")
        self.progress.clear()
        self.prompt.setText("This content has no trigger points to ask about.")
        for widget in (self.hint, self.feedback, self.next_button, *self.choices):
            widget.hide()


class ChoiceButton(QPushButton):
    """An answer button whose text wraps: long muscle names must not widen the dock.

    The text lives in a label inside the button (a push button never wraps);
    clicks go through the label to the button.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label)
        self.setMinimumHeight(46)  # two lines of a long name
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        """Show ``text`` (wrapped) on the button."""
        self.label.setText(text)

    def text(self) -> str:
        """The button's text."""
        return self.label.text()

    def set_look(self, style: str) -> None:
        """Style the text (right: green and bold; wrong: struck through)."""
        self.label.setStyleSheet(style)

"""Quiz progress per muscle, kept between sessions, and a round being played.

:class:`QuizProgress` counts questions asked and answered right per muscle.
It round-trips through a short JSON text (the GUI keeps it in QSettings) and
ignores anything malformed in it, so a damaged setting costs the history,
never a start-up. :class:`QuizSession` walks through one round and keeps
its score.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field


@dataclass
class MuscleProgress:
    """How often questions on one muscle were asked and answered right."""

    asked: int = 0
    correct: int = 0

    @property
    def strength(self) -> float:
        """Share answered right, pulled towards 1/2 while there are few answers.

        (correct + 1) / (asked + 2): an unasked muscle counts as 1/2, so it
        comes before a muscle always answered right and after one always missed.
        """
        return (self.correct + 1) / (self.asked + 2)


class QuizProgress:
    """Per-muscle progress (muscle id -> :class:`MuscleProgress`)."""

    def __init__(self, muscles: dict[str, MuscleProgress] | None = None) -> None:
        self.muscles: dict[str, MuscleProgress] = dict(muscles or {})

    def record(self, muscle_id: str, correct: bool) -> None:
        """Count one answer on ``muscle_id``."""
        entry = self.muscles.setdefault(muscle_id, MuscleProgress())
        entry.asked += 1
        entry.correct += int(bool(correct))

    def of(self, muscle_id: str) -> MuscleProgress:
        """Progress on ``muscle_id`` (zero if never asked)."""
        return self.muscles.get(muscle_id, MuscleProgress())

    def weakest_first(self, muscle_ids: list[str], rng: random.Random) -> list[str]:
        """``muscle_ids`` ordered from the weakest to the strongest (ties in seeded order)."""
        shuffled = rng.sample(list(muscle_ids), len(muscle_ids))
        return sorted(shuffled, key=lambda muscle_id: self.of(muscle_id).strength)

    def to_json(self) -> str:
        """A compact JSON text of the counts."""
        data = {key: [entry.asked, entry.correct] for key, entry in sorted(self.muscles.items())}
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: object) -> QuizProgress:
        """Parse :meth:`to_json`'s text; entries that make no sense are dropped."""
        try:
            data = json.loads(text) if isinstance(text, str) else {}
        except ValueError:
            data = {}
        muscles = {}
        for key, value in data.items() if isinstance(data, dict) else ():
            if _valid_counts(value):
                muscles[str(key)] = MuscleProgress(int(value[0]), int(value[1]))
        return cls(muscles)


def _valid_counts(value: object) -> bool:
    if not isinstance(value, list) or len(value) != 2:
        return False
    if not all(isinstance(item, int) and not isinstance(item, bool) for item in value):
        return False
    return 0 <= value[1] <= value[0]


@dataclass
class QuizSession:
    """One round being played: the current question, the answers given, the score.

    After :meth:`answer` the question stays current (its feedback is shown)
    until :meth:`next` moves on.

    Parameters
    ----------
    questions
        The round's questions, in order.
    """

    questions: tuple
    answers: list[bool] = field(default_factory=list)
    showing_feedback: bool = field(default=False, init=False)

    @property
    def current(self):
        """The question shown now, or None when the round is over."""
        index = len(self.answers) - 1 if self.showing_feedback else len(self.answers)
        return self.questions[index] if index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        """Whether every question was answered and the last feedback was dismissed."""
        return len(self.answers) >= len(self.questions) and not self.showing_feedback

    @property
    def score(self) -> int:
        """Right answers so far."""
        return sum(self.answers)

    def answer(self, correct: bool) -> None:
        """Record the judged answer to the current question (once per question)."""
        if self.showing_feedback or self.finished:
            raise RuntimeError("the current question has been answered already")
        self.answers.append(bool(correct))
        self.showing_feedback = True

    def next(self) -> None:
        """Move on from the feedback to the next question (or the end of the round)."""
        self.showing_feedback = False

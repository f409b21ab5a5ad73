"""Quiz rounds drawn from the content: questions, answers and scoring, seeded (no Qt).

Four kinds of question, each about one trigger point or muscle of the
catalog, so a muscle added to ``trigger_points.yaml`` joins the quiz by itself:

``pattern_to_muscle``
    A referral pattern is painted; pick the muscle (up to four choices).
``tap_named_point``
    A point is named; tap its marker on the model.
``name_highlighted_muscle``
    A muscle is highlighted; pick its name.
``tap_pattern_source``
    A pattern is painted; tap the marker of the point that causes it.

Every question has exactly one right answer: a distractor never has a point
with the very same pattern, and a pattern shared by two points is never
asked as "tap its source". The same seed (and progress) gives the same round.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from explorer.model.quiz_progress import QuizProgress

KINDS = ("pattern_to_muscle", "tap_named_point", "name_highlighted_muscle", "tap_pattern_source")
TAP_KINDS = frozenset({"tap_named_point", "tap_pattern_source"})
#: Short names of the kinds, for the panel and the command line.
KIND_TITLES = {
    "pattern_to_muscle": "Whose pattern is this?",
    "tap_named_point": "Find the point",
    "name_highlighted_muscle": "Name the muscle",
    "tap_pattern_source": "Where does this pain start?",
}
ROUND_LENGTH = 10
MAX_CHOICES = 4


@dataclass(frozen=True)
class Question:
    """One question; ``answer`` is a muscle name (choice kinds) or a trigger point id (taps).

    ``point_id`` is the trigger point the question is about: the one whose
    pattern is painted, which is named, or (for a highlighted muscle) the
    muscle's point on the highlighted side, shown as the answer afterwards.
    """

    number: int
    kind: str
    prompt: str
    point_id: str
    muscle_id: str
    side: str
    choices: tuple[str, ...]
    answer: str

    @property
    def is_tap(self) -> bool:
        """Whether the answer is a tap on the model rather than a choice."""
        return self.kind in TAP_KINDS

    @property
    def answer_index(self) -> int | None:
        """Index of the right choice, or None for a tap question."""
        return None if self.is_tap else self.choices.index(self.answer)

    def is_correct(self, response: str | int | None) -> bool:
        """Whether ``response`` (a choice index or text, or the tapped point id) is right."""
        if response is None:
            return False
        if self.is_tap:
            return response == self.answer
        if isinstance(response, int):
            return 0 <= response < len(self.choices) and self.choices[response] == self.answer
        return response == self.answer

    def as_json(self) -> dict:
        """The question as JSON-ready data (what the screen shows, choices and answer)."""
        return {
            "number": self.number,
            "kind": self.kind,
            "title": KIND_TITLES[self.kind],
            "prompt": self.prompt,
            "trigger_point": self.point_id,
            "muscle": self.muscle_id,
            "side": self.side,
            "choices": list(self.choices),
            "answer": self.answer,
            "answer_index": self.answer_index,
        }


@dataclass(frozen=True)
class QuizRound:
    """The questions of one round and the seed they were drawn with."""

    seed: int
    questions: tuple[Question, ...]

    def as_json(self) -> dict:
        """The round as JSON-ready data."""
        return {"seed": self.seed, "questions": [q.as_json() for q in self.questions]}


def generate_round(
    catalog,
    questions: int = ROUND_LENGTH,
    seed: int = 0,
    *,
    progress: QuizProgress | None = None,
    weakest_first: bool = False,
    structure_ids: set[str] | None = None,
) -> QuizRound:
    """Draw a round of ``questions`` questions from ``catalog``.

    Parameters
    ----------
    questions
        How many questions (at least 1).
    seed
        The same seed (with the same progress) always gives the same round.
    progress, weakest_first
        With ``weakest_first``, the muscles answered worst so far come first.
    structure_ids
        Structures the atlas has: a muscle is only highlighted if all of its
        structures on that side exist. ``None`` trusts the content.
    """
    if questions < 1:
        raise ValueError(f"a round needs at least one question; asked for {questions}")
    rng = random.Random(seed)
    builder = _Builder(catalog, rng, structure_ids)
    muscles = [muscle.id for muscle in catalog.muscles]
    if weakest_first:
        order = (progress or QuizProgress()).weakest_first(muscles, rng)
    else:
        order = rng.sample(muscles, len(muscles))
    kinds = _kind_schedule(rng, questions)
    made: list[Question] = []
    for number in range(1, questions + 1):
        question = builder.question(number, kinds[number - 1], order, number - 1)
        if question is None:
            break
        made.append(question)
    return QuizRound(seed, tuple(made))


def _kind_schedule(rng: random.Random, count: int) -> list[str]:
    """Kinds for ``count`` questions: every block of four holds each kind once."""
    kinds: list[str] = []
    while len(kinds) < count:
        block = list(KINDS)
        rng.shuffle(block)
        if kinds and block[0] == kinds[-1]:
            block.append(block.pop(0))  # no kind twice in a row across blocks
        kinds += block
    return kinds[:count]


class _Builder:
    """Makes questions, remembering which points a round has used."""

    def __init__(self, catalog, rng: random.Random, structure_ids: set[str] | None) -> None:
        self.catalog, self.rng, self.structure_ids = catalog, rng, structure_ids
        self.points = catalog.trigger_points()
        self.used: set[str] = set()
        self.names = {muscle.id: muscle.name for muscle in catalog.muscles}
        # Points whose pattern another point shares: "tap its source" would have two answers.
        patterns = Counter(point.referral for point in self.points)
        self.shared_pattern = {point.id for point in self.points if patterns[point.referral] > 1}

    def question(self, number: int, kind: str, order: list[str], start: int) -> Question | None:
        """A question of ``kind`` (or, if impossible, another kind) on the next usable muscle."""
        kinds = [kind] + [other for other in KINDS if other != kind]
        for offset in range(len(order)):
            muscle_id = order[(start + offset) % len(order)]
            for candidate_kind in kinds:
                question = self._make(number, candidate_kind, muscle_id)
                if question is not None:
                    self.used.add(question.point_id)
                    return question
        return None

    def _make(self, number: int, kind: str, muscle_id: str) -> Question | None:
        subjects = [p for p in self.points if p.muscle.id == muscle_id and self._fits(kind, p)]
        fresh = [p for p in subjects if p.id not in self.used]
        if not (fresh or subjects):
            return None
        point = self.rng.choice(fresh or subjects)
        if kind in TAP_KINDS:
            prompt = (
                f"Tap {point.label} on the model."
                if kind == "tap_named_point"
                else "Tap the trigger point that causes the painted pain pattern."
            )
            return Question(number, kind, prompt, point.id, muscle_id, point.side, (), point.id)
        choices = self._choices(point, kind)
        if len(choices) < 2:
            return None
        prompt = (
            "Which muscle has a trigger point that sends pain to the painted area?"
            if kind == "pattern_to_muscle"
            else f"Which muscle is shown here ({point.side} side)?"
        )
        answer = self.names[muscle_id]
        return Question(number, kind, prompt, point.id, muscle_id, point.side, choices, answer)

    def _fits(self, kind: str, point) -> bool:
        if kind == "tap_pattern_source":
            return point.id not in self.shared_pattern
        if kind == "name_highlighted_muscle" and self.structure_ids is not None:
            return all(structure in self.structure_ids for structure in point.structures)
        return True

    def _choices(self, point, kind: str) -> tuple[str, ...]:
        """The right muscle and up to three others, plausible ones first, shuffled."""
        others = [m for m in self.catalog.muscles if m.id != point.muscle.id]
        if kind == "pattern_to_muscle":
            # A muscle with a point of the very same pattern would be a second right answer.
            same = {p.muscle.id for p in self.points if p.referral == point.referral}
            others = [m for m in others if m.id not in same]
        names = {self.names[point.muscle.id]}
        others = [m for m in others if m.name not in names]
        near = _places(point)
        overlap = {m.id: len(near & _muscle_places(self.points, m.id)) for m in others}
        self.rng.shuffle(others)
        # Most overlap first (stable after the shuffle, so ties stay random but seeded).
        others.sort(key=lambda m: -overlap[m.id])
        pool = others[: MAX_CHOICES + 1]
        picked = self.rng.sample(pool, min(MAX_CHOICES - 1, len(pool)))
        choices = [self.names[point.muscle.id], *(m.name for m in picked)]
        self.rng.shuffle(choices)
        return tuple(choices)


def _places(point) -> set[str]:
    """Side-free landmark names of a point's zones: where its pattern lies."""
    zones = (*point.referral.essential, *point.referral.spillover)
    return {
        anchor.landmark.removesuffix("_left").removesuffix("_right")
        for zone in zones
        for anchor in zone.seeds
        if anchor.landmark
    }


def _muscle_places(points, muscle_id: str) -> set[str]:
    return {name for p in points if p.muscle.id == muscle_id for name in _places(p)}


@dataclass(frozen=True)
class Feedback:
    """What to tell the student after an answer, and which point to show in 3D."""

    correct: bool
    message: str
    reveal_id: str


def feedback(question: Question, response: str | int | None, catalog) -> Feedback:
    """Judge ``response`` to ``question`` and say what the right answer is."""
    point = catalog.get(question.point_id)
    correct = question.is_correct(response)
    if question.is_tap:
        if correct:
            message = f"Right: that is {point.label}."
        elif response is None:
            message = f"No point there. The answer is {point.label}, now highlighted."
        else:
            tapped = catalog.get(response).label
            message = f"Not quite: you tapped {tapped}. The answer is {point.label}."
    else:
        message = (
            f"Right: {question.answer}." if correct else f"Not quite: it is {question.answer}."
        )
        if question.kind == "pattern_to_muscle":
            message += f" The pattern is that of {point.label}."
    return Feedback(correct, message, point.id)

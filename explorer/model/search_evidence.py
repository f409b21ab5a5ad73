"""How one search term matches one trigger point: the evidence and its score.

See :mod:`explorer.model.search` for the scores and how they add up. Each
trigger point's words (names, zone landmarks, pattern, symptoms, types) are
prepared once, when the catalog's search index is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.model.search_words import (
    WORD,
    Place,
    find_phrase,
    side_free,
    stem,
    without_articles,
    words_of,
)

#: An anchor this far (mm) from its landmark no longer counts as lying at it.
LANDMARK_SLACK_MM = 15.0
NAME_SCORE = 3.0
EXCERPT_CHARS = 60


@dataclass(frozen=True)
class Term:
    """One term of a query: a place, or a single word."""

    text: str  # as typed (a place's matched words, or one word)
    place: Place | None = None

    @property
    def stem(self) -> str:
        """The word's stem (see :func:`~explorer.model.search_words.stem`)."""
        return stem(self.text)


class PointWords:
    """Everything about one trigger point that a term can match, prepared once."""

    def __init__(self, point, type_names: dict[str, str]) -> None:
        muscle = point.muscle
        self.point = point
        self.aliases = tuple(alias.lower() for alias in muscle.aliases)
        name_parts = [muscle.name, muscle.id.replace("_", " "), *muscle.aliases]
        self.name_text = " ".join([*name_parts, point.name, point.side]).lower()
        self.essential = [zone_landmarks(zone) for zone in point.referral.essential]
        self.spillover = [zone_landmarks(zone) for zone in point.referral.spillover]
        self.pattern = Text(f"{point.referral_text} {point.referral_text_clinician}")
        self.where = Text(point.where)
        self.notes = Text(f"{point.where_clinician} {point.referral_text_clinician}")
        self.symptoms = [Text(symptom.text) for symptom in point.symptoms]
        self.types = [(kind, type_names.get(kind, kind)) for kind in muscle.headache_types]

    def score(self, term: Term) -> tuple[float, str]:
        """Best score of ``term`` on this point (0 if it does not match) and the reason."""
        found = [item for item in self._evidence(term) if item is not None]
        if not found:
            return 0.0, ""
        score, reason = max(found, key=lambda item: item[0])
        return score + (0.1 if len(found) > 1 else 0.0), reason

    def _evidence(self, term: Term):
        yield self._name(term.text)
        if term.place is not None:
            yield self._zones(term.place)
            phrases = term.place.phrase_words
            refers = f"refers {term.place.refers}"
            yield (1.3, refers) if self.pattern.has_phrase(phrases) else None
            yield self._symptom(lambda text: text.has_phrase(phrases), weight=0.25)
            if self.where.has_phrase(phrases):
                yield 1.15, f"lies here: {self.where.excerpt_with(phrases[0][0])}"
            return
        yield self._symptom(lambda text: text.has_stem(term.stem), weight=0.5)
        yield self._type(term.stem)
        if self.pattern.has_stem(term.stem):
            yield 1.2, f"pattern: {self.pattern.excerpt_with(term.stem)}"
        if self.notes.has_stem(term.stem):
            yield 1.1, f"notes: {self.notes.excerpt_with(term.stem)}"

    def _name(self, text: str):
        if text not in self.name_text:
            return None
        if text == self.point.side:
            return NAME_SCORE, f"{text} side"
        alias = next((alias for alias in self.aliases if text in alias), None)
        return NAME_SCORE, f"also called {alias}" if alias else "name matches"

    def _zones(self, place: Place):
        essential = sum(bool(names & place.landmarks) for names in self.essential)
        spillover = sum(bool(names & place.landmarks) for names in self.spillover)
        if not essential and not spillover:
            return None
        total = len(self.essential) + 0.5 * len(self.spillover)
        share = (essential + 0.5 * spillover) / total
        where = "" if essential else " (spillover)"
        return 1.0 + share, f"refers {place.refers}{where}"

    def _symptom(self, matches, weight: float):
        for rank, text in enumerate(self.symptoms):
            if matches(text):
                return 1.0 + weight / (1 + rank), f"symptom: {text.clipped}"
        return None

    def _type(self, word_stem: str):
        for rank, (kind, name) in enumerate(self.types):
            if any(stem(word).startswith(word_stem) for word in [kind, *words_of(name)]):
                return 1.0 + 0.5 / (1 + rank), f"linked with {name[0].lower()}{name[1:]}"
        return None


class Text:
    """A text with its words, stems and sentences, for phrase and stem matching."""

    def __init__(self, text: str) -> None:
        self.text = " ".join(text.split())
        self.words = without_articles(words_of(self.text))
        self.stems = {stem(word) for word in self.words}

    def has_phrase(self, phrases: tuple[tuple[str, ...], ...]) -> bool:
        """Whether any of ``phrases`` (words, articles dropped) occurs in the text."""
        return any(find_phrase(self.words, phrase) >= 0 for phrase in phrases)

    def has_stem(self, word_stem: str) -> bool:
        """Whether a word of the text starts with ``word_stem`` (three letters at least)."""
        return len(word_stem) >= 3 and any(item.startswith(word_stem) for item in self.stems)

    @property
    def clipped(self) -> str:
        """The text, cut to a reason's length."""
        return _clip(self.text)

    def excerpt_with(self, word_stem: str) -> str:
        """The first sentence holding a word starting with ``word_stem``, clipped, in quotes."""
        # A sentence ends at a full stop or semicolon followed by a space (or the end):
        # splitting at every "." quoted "2.5 cm above the arch" as "5 cm above the arch".
        sentences = [part.strip() for part in _SENTENCE_END.split(self.text)]
        for sentence in sentences:
            for match in WORD.finditer(sentence.lower()):
                if stem(match.group()).startswith(word_stem):
                    return f'"{_excerpt_around(sentence, match.end())}"'
        return f'"{_clip(self.text)}"'


#: Characters kept after a match that lies past the limit, so its phrase reads to its end.
_AFTER_MATCH = 12
_SENTENCE_END = re.compile(r"[.;](?:\s+|$)")


def _excerpt_around(sentence: str, end: int) -> str:
    """``sentence`` clipped so that the matched word ending at ``end`` stays in view.

    A long sentence whose match lies past the limit is shown from a word a
    little before the match, after an ellipsis: "…about 2.5 cm above the arch".
    """
    if end <= EXCERPT_CHARS - 1 or len(sentence) <= EXCERPT_CHARS:
        return _clip(sentence)
    start = max(0, end + _AFTER_MATCH - (EXCERPT_CHARS - 2))
    space = sentence.rfind(" ", 0, start + 1)
    return _clip("…" + sentence[space + 1 :])


def _clip(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def zone_landmarks(zone) -> frozenset[str]:
    """Side-free landmark names a zone grows from (anchors far off their landmark excepted)."""
    names = set()
    for anchor in zone.seeds:
        offset = sum(component * component for component in anchor.vector) ** 0.5
        if anchor.landmark and offset <= LANDMARK_SLACK_MM:
            names.add(side_free(anchor.landmark))
    return frozenset(names)

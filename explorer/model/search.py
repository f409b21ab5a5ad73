"""Search trigger points by name, place, symptom and headache type, ranked, with reasons.

A query is split into *terms*: places ("behind the eye", see
:data:`~explorer.model.search_words.PLACES`) and the remaining meaningful
words. A trigger point is a hit when every term matches it somehow:

========================  =====================================  ===========
evidence                  example                                score
========================  =====================================  ===========
name, alias or side       "scm", "left"                          3
referral zone             "temple": a zone lies on temple_left   1 + share
symptom                   "dizziness": "Feeling dizzy ..."       1 + 0.5 / (1 + rank)
headache type             "tension"                              1 + 0.5 / (1 + rank)
pattern text              "deep": "A deep ache ..."              1.2 to 1.3
where it lies, notes      "shoulder": "On top of the shoulder"   1.1 to 1.15
========================  =====================================  ===========

*share* is the part of the point's zones that lies in the place (spillover
counts half), so a point whose whole pattern is at the temple outranks one
that only reaches it; *rank* is the symptom's (or type's) position in the
content, where the most typical comes first. A term matched by two kinds of
evidence gets 0.1 more. Points are ranked by the sum over the terms, ties in
content order, and each hit says why it matched ("refers behind the eye").
"""

from __future__ import annotations

import difflib
import weakref
from dataclasses import dataclass

from explorer.model.search_evidence import PointWords, Term
from explorer.model.search_words import (
    FILLER_WORDS,
    PLACES,
    find_phrase,
    stem,
    without_articles,
    words_of,
)
from explorer.model.study_card import TYPE_NAMES, headache_type_name

#: Shown when nothing matches and no word is close to a known one.
EXAMPLES = "a muscle (SCM), a place (temple, behind the eye, jaw) or a symptom (dizziness)"
SUGGESTION_LEAD = "Closest terms"


@dataclass(frozen=True)
class SearchHit:
    """One trigger point found, how well it matched and why."""

    point: object  # explorer.model.content.TriggerPoint (not imported: content imports us)
    score: float
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        """Why it matched, e.g. ``"refers behind the eye"``."""
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class SearchResult:
    """The ranked hits of one query; with none, what to try instead."""

    query: str
    hits: tuple[SearchHit, ...]
    suggestions: tuple[str, ...] = ()
    hint: str = ""

    @property
    def points(self) -> tuple:
        """The trigger points found, best first."""
        return tuple(hit.point for hit in self.hits)

    @property
    def headline(self) -> str:
        """``""`` when something matched; otherwise that nothing did."""
        if self.hits or not self.query.strip():
            return ""
        return f'No trigger point matches "{self.query.strip()}".'

    @property
    def message(self) -> str:
        """``""`` when something matched; otherwise says so and what to try."""
        if not self.headline:
            return ""
        if self.hint:
            return f"{self.headline} {self.hint}"
        if self.suggestions:
            return f"{self.headline} {SUGGESTION_LEAD}: {', '.join(self.suggestions)}."
        return f"{self.headline} Try {EXAMPLES}."


def parse_terms(text: str) -> list[Term]:
    """Split a query into place terms and meaningful words (filler words dropped)."""
    words: list[str | None] = list(without_articles(words_of(text)))
    terms: list[Term] = []
    for place in PLACES:
        for phrase in place.phrase_words:
            start = find_phrase(words, phrase)
            if start >= 0:
                terms.append(Term(" ".join(phrase), place))
                words[start : start + len(phrase)] = [None] * len(phrase)
    terms += [Term(word) for word in words if word and word not in FILLER_WORDS]
    return terms


class SearchIndex:
    """Prepared search over one catalog; build it once (see :func:`search`)."""

    def __init__(self, catalog) -> None:
        info = getattr(catalog, "patient_info", None)
        type_names = {kind: headache_type_name(kind, info) for kind in _all_types(catalog)}
        self._points = [PointWords(point, type_names) for point in catalog.trigger_points()]
        self._vocabulary = _vocabulary(catalog, type_names)
        # Types the app knows of that no muscle here is linked with (e.g. migraine).
        known = {answer.type for answer in getattr(info, "headache_types", ()) or ()}
        self._unlinked_types = {
            kind: headache_type_name(kind, info)
            for kind in (known | set(TYPE_NAMES)) - set(type_names)
        }

    def search(self, text: str) -> SearchResult:
        """Every trigger point matching all terms of ``text``, best first."""
        terms = parse_terms(text)
        if not terms:
            return SearchResult(text, tuple(SearchHit(p.point, 0.0, ()) for p in self._points))
        hits, matched_terms = [], set()
        for order, words in enumerate(self._points):
            scored = [words.score(term) for term in terms]
            matched_terms |= {index for index, (score, _) in enumerate(scored) if score > 0}
            if all(score > 0 for score, _ in scored):
                reasons = tuple(dict.fromkeys(reason for _, reason in scored))
                hits.append((-sum(score for score, _ in scored), order, words.point, reasons))
        hits.sort(key=lambda hit: hit[:2])
        found = tuple(SearchHit(point, -score, reasons) for score, _, point, reasons in hits)
        unmatched = [term for index, term in enumerate(terms) if index not in matched_terms]
        if found:
            return SearchResult(text, found)
        return SearchResult(text, (), self._suggest(unmatched or terms), self._hint(terms))

    def _hint(self, terms: list[Term]) -> str:
        """Why a headache type finds nothing: no muscle of the content is linked with it."""
        for term in terms:
            for kind, name in self._unlinked_types.items():
                if term.place is None and stem(kind).startswith(term.stem):
                    return (
                        f"No muscle here is linked with {name[0].lower()}{name[1:]}; "
                        '"About headaches" (F1) says what is known about it.'
                    )
        return ""

    def _suggest(self, terms: list[Term]) -> tuple[str, ...]:
        close: list[str] = []
        for term in terms:
            close += difflib.get_close_matches(term.text, self._vocabulary, n=3, cutoff=0.7)
        return tuple(dict.fromkeys(close))[:4]


def _all_types(catalog) -> set[str]:
    return {kind for muscle in catalog.muscles for kind in muscle.headache_types}


def _vocabulary(catalog, type_names: dict[str, str]) -> list[str]:
    """Terms worth suggesting: places, muscle names and aliases, symptom words, types."""
    terms = {place.name for place in PLACES}
    terms |= {phrase for place in PLACES for phrase in place.phrases}
    for muscle in catalog.muscles:
        terms |= {muscle.name.lower(), *(alias.lower() for alias in muscle.aliases)}
    for point in catalog.trigger_points():
        for symptom in point.symptoms:
            terms |= {w for w in words_of(symptom.text) if len(w) > 3 and w not in FILLER_WORDS}
    terms |= set(type_names) | {name.lower() for name in type_names.values()}
    return sorted(terms)


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def search(catalog, text: str) -> SearchResult:
    """Search ``catalog`` (its index is built on first use and kept with it)."""
    index = _INDEXES.get(catalog)
    if index is None:
        index = _INDEXES[catalog] = SearchIndex(catalog)
    return index.search(text)

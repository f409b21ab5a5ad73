"""pydantic models for ``patient_info`` in ``trigger_points.yaml``: the patient-facing texts.

They answer "Does dry needling help headaches?" per headache type, say what a
session is like and list the red flags that mean seeing a doctor first. Like
the trigger points, every claim names source keys from the file's ``sources``;
:func:`unknown_source_problems` checks them after structural validation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, field_validator

from explorer.model.errors import Problem, clip
from explorer.model.schema_errors import PLAIN_TEXT, explained
from explorer.model.yaml_source import YamlDocument
from explorer.model.zones import Strict

HeadacheType = Literal["tension", "migraine", "cervicogenic", "cluster", "sinus"]
#: How much the evidence supports a benefit of myofascial treatment.
Certainty = Literal["low", "very_low", "insufficient", "not_applicable"]
SnakeId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
# The cap bounds what one field can hold (the longest shipped text is under 1,000).
Text = Annotated[str, Field(min_length=1, max_length=4000), PLAIN_TEXT]
SourceKeys = Annotated[tuple[str, ...], Field(min_length=1)]

KeyPath = tuple[str | int, ...]


class HeadacheAnswer(Strict):
    """What the evidence says about myofascial treatment for one headache type."""

    type: HeadacheType
    name: Text
    short_answer: Text
    evidence: Text
    certainty: Certainty
    can_do: tuple[Text, ...] = ()
    cannot_do: tuple[Text, ...] = Field(min_length=1)
    sources: SourceKeys


class ExpectItem(Strict):
    """One step of "What to expect" from a dry-needling session."""

    id: SnakeId
    title: Text
    text: Text
    sources: SourceKeys


class RedFlag(Strict):
    """One warning sign that needs a doctor before any muscle treatment."""

    id: SnakeId
    title: Text
    text: Text


#: The warning-signs line every patient card carries when the file gives none.
WARNING_LINE = "Warning signs: when to see a doctor"


class RedFlags(Strict):
    """ "When to see a doctor": the SNNOOP10 warning signs in plain words.

    ``summary`` is the one line every patient-facing card carries; it opens
    the full list.
    """

    summary: Text = WARNING_LINE
    intro: Text
    flags: tuple[RedFlag, ...] = Field(min_length=1)
    advice: Text
    sources: SourceKeys


class PatientInfo(Strict):
    """The patient-facing texts shown in the "About headaches" panel."""

    question: Text
    answer: Text
    disclaimer: Text
    headache_types: tuple[HeadacheAnswer, ...] = Field(min_length=1)
    what_to_expect: tuple[ExpectItem, ...] = Field(min_length=1)
    #: "What is still debated": the limits of the evidence, said plainly.
    debate: tuple[ExpectItem, ...] = ()
    red_flags: RedFlags
    sources: SourceKeys

    @field_validator("headache_types")
    @classmethod
    def _one_answer_per_type(cls, answers: tuple[HeadacheAnswer, ...]) -> tuple:
        types = [answer.type for answer in answers]
        repeated = sorted({kind for kind in types if types.count(kind) > 1})
        if repeated:
            raise explained(
                f"expected each headache type once; found '{repeated[0]}' more than once.",
                "Merge the entries into one.",
            )
        return answers

    def answer_for(self, kind: str) -> HeadacheAnswer:
        """Return the answer for headache type ``kind``; ``KeyError`` if absent."""
        for answer in self.headache_types:
            if answer.type == kind:
                return answer
        raise KeyError(f"no patient information for headache type '{kind}'")


def _source_refs(info: PatientInfo) -> Iterator[tuple[KeyPath, str]]:
    """Every (YAML path, key) pair of source keys under ``patient_info``."""
    root: KeyPath = ("patient_info",)
    yield from (((*root, "sources", i), key) for i, key in enumerate(info.sources))
    for index, answer in enumerate(info.headache_types):
        path = (*root, "headache_types", index, "sources")
        yield from (((*path, i), key) for i, key in enumerate(answer.sources))
    for section in ("what_to_expect", "debate"):
        for index, item in enumerate(getattr(info, section)):
            path = (*root, section, index, "sources")
            yield from (((*path, i), key) for i, key in enumerate(item.sources))
    path = (*root, "red_flags", "sources")
    yield from (((*path, i), key) for i, key in enumerate(info.red_flags.sources))


def cited_keys(info: PatientInfo) -> set[str]:
    """Every source key the patient information cites."""
    return {key for _path, key in _source_refs(info)}


def unknown_source_problems(
    document: YamlDocument, info: PatientInfo, source_keys: set[str]
) -> list[Problem]:
    """One problem per source key under ``patient_info`` that ``sources`` does not define."""
    return [
        document.problem(
            path,
            f"expected a key defined under 'sources' at the top of the file; found '{clip(key)}'.",
            "Add it under 'sources:' or correct the spelling.",
        )
        for path, key in _source_refs(info)
        if key not in source_keys
    ]

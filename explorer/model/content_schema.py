"""pydantic models for the authored shape of ``trigger_points.yaml``.

These models mirror the file one to one and reject unknown keys. A trigger
point is authored once, on the subject's left (x < 0);
:mod:`explorer.model.content` expands it per side and mirrors it. Points and
zones live in :mod:`explorer.model.zones`.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from explorer.model.errors import clip
from explorer.model.patient_info import HeadacheType, PatientInfo
from explorer.model.schema_errors import PLAIN_TEXT, echo, explained, refuse_bool
from explorer.model.zones import Anchor, AnchorField, Strict, ZoneEntry

Side = Literal["left", "right"]
#: Ids are short names (the longest shipped one has 32 characters).
SnakeId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
#: Longest text of one field: a card paragraph is a few hundred characters.
MAX_TEXT_LENGTH = 4000
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_LENGTH), PLAIN_TEXT]
#: Text that may be empty.
FreeText = Annotated[str, Field(max_length=MAX_TEXT_LENGTH), PLAIN_TEXT]
#: A web address; only http(s) links may open from a card.
Url = Annotated[str, Field(max_length=2000, pattern=r"^https?://[^\s]+$"), PLAIN_TEXT]
#: A citation key such as ``TS99-CH6``.
SourceKey = Annotated[str, Field(min_length=1, max_length=64), PLAIN_TEXT]

_SIDE_SUFFIXES = ("_left", "_right")


#: What kind of work a source is. Only ``web`` counts as a web page for the
#: "a point resting only on web pages must be flagged low-confidence" rule.
SourceKind = Literal["book", "journal", "guideline", "registry", "web"]


class Source(Strict):
    """A citation; YAML may give just the text, or ``{text, url, kind}``.

    Without ``kind``, a source with a ``url`` counts as a web page and one
    without as a printed work: an unmarked link never passes for a primary
    source.
    """

    text: Text
    url: Url | None = None
    kind: SourceKind = "book"

    @model_validator(mode="before")
    @classmethod
    def _from_plain_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"text": value}
        if isinstance(value, dict) and "kind" not in value and value.get("url"):
            return {**value, "kind": "web"}
        return value

    @property
    def is_web_page(self) -> bool:
        """True for a web page (blog, clinic site, symptom checker...)."""
        return self.kind == "web"


class Wording(Strict):
    """One text in two registers: plain words for patients, detail for clinicians.

    YAML may give one text for both (``where: In the forehead.``) or split it
    (``where: {patient: ..., clinician: ...}``) when the clinician's version
    names techniques or research that a patient screen must not show.
    """

    patient: Text
    clinician: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain_text(cls, value: Any) -> Any:
        return {"patient": value} if isinstance(value, str) else value

    @property
    def for_clinician(self) -> str:
        """The clinician's text, or the shared one."""
        return self.clinician or self.patient


class Symptom(Strict):
    """Something a patient may notice; ``rule_out`` marks an overlap with a red flag.

    A symptom with ``rule_out`` can also be a warning sign of another
    condition: the patient card adds "if this is new, see a doctor first" and
    the clinician card names the conditions to rule out.
    """

    text: Text
    rule_out: tuple[Text, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_plain_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @property
    def overlaps_red_flag(self) -> bool:
        """True when a new case of this symptom needs a doctor first."""
        return bool(self.rule_out)


class SelfCare(Strict):
    """One self-care step; ``stop_if`` says when to stop (e.g. dizziness on a neck stretch)."""

    text: Text
    stop_if: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class ReferralSpec(Strict):
    """Where the pain is felt: essential (always) and spillover (sometimes) zones."""

    essential: tuple[ZoneEntry, ...] = Field(min_length=1)
    spillover: tuple[ZoneEntry, ...] = ()


#: Named needling directions (``needling.direction``), each computed on the atlas
#: by :mod:`explorer.model.needle`:
#:
#: ``perpendicular``
#:     Straight in: from the skin point nearest the trigger point, through it.
#: ``pincer``
#:     Across a pinched fold toward the fingers holding it: along the skin
#:     (tangential to the body wall, never down into it) and across the
#:     muscle's long axis, entering from the side where the skin is nearer
#:     (from the front when both sides are as near). The atlas is not
#:     pinched, so its skin distance is that of the unlifted muscle.
NAMED_DIRECTIONS = {
    "perpendicular": "straight in, at right angles to the skin",
    "pincer": "across the pinched fold toward the fingers, along the body wall",
}
#: How far from length 1 a written direction vector may be (three decimals suffice).
UNIT_TOLERANCE = 0.01
#: A direction as written: a name from :data:`NAMED_DIRECTIONS` or a unit vector.
Direction = str | tuple[float, float, float]


def parse_direction(value: Any) -> Direction:
    """Check a ``needling.direction`` as written; return the name or the unit vector.

    A vector is in the atlas frame (RAS: +x the subject's right, +y front, +z
    up), written for the left-side point; it is normalised to length 1.
    """
    names = ", ".join(f"'{name}'" for name in NAMED_DIRECTIONS)
    expected = f"expected a unit vector [x, y, z] or one of {names}"
    if isinstance(value, str):
        if value.strip() in NAMED_DIRECTIONS:
            return value.strip()
        raise explained(f"{expected}; found '{clip(value)}'.", f"Write one of {names}.")
    is_number = (
        [isinstance(v, int | float) and not isinstance(v, bool) for v in value]
        if (isinstance(value, list | tuple))
        else [False]
    )
    if len(is_number) != 3 or not all(is_number):
        raise explained(
            f"{expected}; found {echo(value)}.",
            "Write three numbers, e.g. [0.0, 0.6, 0.8] (front and up), or a name.",
        )
    vector = tuple(float(v) for v in value)
    length = math.sqrt(sum(v * v for v in vector)) if all(map(math.isfinite, vector)) else math.nan
    if not abs(length - 1.0) <= UNIT_TOLERANCE:
        raise explained(
            f"{expected}; found {echo(value)}, of length {length:.3g}.",
            "Divide each number by the length, so that x² + y² + z² = 1.",
        )
    return tuple(v / length for v in vector)


class Needling(Strict):
    """Dry-needling notes for therapists.

    ``structures`` names the atlas's structures at risk near the point (base
    ids such as ``vertebral_artery``; the point's side picks ``_left`` or
    ``_right``, and a midline structure has no suffix). ``direction`` is the
    approach the needle view draws (see :data:`NAMED_DIRECTIONS` and
    :func:`parse_direction`); without one no line is drawn.
    """

    approach: Text
    at_risk: tuple[Text, ...] = ()
    structures: tuple[SnakeId, ...] = ()
    direction: Direction | None = None
    depth: FreeText | None = None
    caution: FreeText | None = None

    @field_validator("direction", mode="before")
    @classmethod
    def _direction(cls, value: Any) -> Any:
        return None if value is None else parse_direction(value)

    @field_validator("structures")
    @classmethod
    def _structures_without_side(cls, structures: tuple[str, ...]) -> tuple[str, ...]:
        return _without_side_suffix(structures)


class Facts(Strict):
    """Anatomy card of a muscle."""

    origin: Text
    insertion: Text
    action: Text
    innervation: Text


class TriggerPointSpec(Strict):
    """One trigger point as authored (left side; mirrored per ``sides``)."""

    id: SnakeId
    name: Text
    at: AnchorField
    where: Wording
    sides: tuple[Side, ...] = Field(default=("left", "right"), min_length=1)
    referral: ReferralSpec
    referral_text: Wording
    symptoms: tuple[Symptom, ...] = ()
    needling: Needling | None = None
    self_care: tuple[SelfCare, ...] = ()
    sources: tuple[SourceKey, ...] = Field(min_length=1)
    confidence: Literal["high", "low"] = "high"

    @field_validator("sides")
    @classmethod
    def _sides_unique(cls, sides: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(sides)) != len(sides):
            raise explained(f"expected each side once; found {echo(sides)}.", "Remove the repeat.")
        return sides

    @field_validator("at")
    @classmethod
    def _authored_on_left(cls, at: Anchor) -> Anchor:
        # "not x < 0" rather than "x >= 0": it refuses NaN as well.
        if at.landmark is None and not at.vector[0] < 0:
            raise explained(
                f"expected a left-side position (x < 0); found x = {at.vector[0]}.",
                "Author trigger points on the left; the right side is mirrored.",
            )
        if at.landmark and at.landmark.endswith("_right"):
            raise explained(
                f"expected a left or midline landmark; found '{clip(at.landmark)}'.",
                "Author trigger points on the left; the right side is mirrored.",
            )
        return at


class Muscle(Strict):
    """A muscle with its facts and trigger points."""

    id: SnakeId
    name: Text
    aliases: tuple[Text, ...] = ()
    structures: tuple[SnakeId, ...] = Field(min_length=1)
    facts: Facts
    headache_types: tuple[HeadacheType, ...] = ()
    trigger_points: tuple[TriggerPointSpec, ...] = Field(min_length=1)

    @field_validator("structures")
    @classmethod
    def _no_side_suffix(cls, structures: tuple[str, ...]) -> tuple[str, ...]:
        return _without_side_suffix(structures)


def _without_side_suffix(structures: tuple[str, ...]) -> tuple[str, ...]:
    """Refuse ``_left``/``_right`` ids: the point's side adds the suffix."""
    for structure in structures:
        if structure.endswith(_SIDE_SUFFIXES):
            base = structure.rsplit("_", 1)[0]
            raise explained(
                f"expected a structure id without side suffix; found '{clip(structure)}'.",
                f"Write '{clip(base)}'; _left/_right is added per side.",
            )
    return structures


class ContentHeader(Strict):
    """Top level of the file; muscles are validated one by one afterwards."""

    version: Literal[1]
    sources: dict[SourceKey, Source] = Field(min_length=1)
    muscles: list[Any] = Field(min_length=1)
    patient_info: PatientInfo | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: Any) -> Any:
        return refuse_bool(value, "the number 1")

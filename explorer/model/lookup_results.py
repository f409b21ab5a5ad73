"""What the pain-drawing lookup returns, and the plain words it shows for it.

:class:`LookupResult` is one trigger point (or left+right pair) scored
against a drawing; :class:`MuscleResult` is one muscle, represented by its
best-scoring point. The texts are read by patients, so they stay short and
plain, and every percentage they show is :func:`shown_percent` of a
result's ``share``, the number the muscle list is sorted by.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The main zone "mostly" explains a drawing above this essential fraction.
MOSTLY = 0.6
#: A pattern is "much larger" than the drawing below this precision.
MUCH_LARGER = 0.25


@dataclass(frozen=True)
class Candidate:
    """What can explain a drawing: one trigger point, or a left+right pair of one."""

    ids: tuple[str, ...]
    muscle: str
    muscle_name: str
    side: str  # left, right or both
    name: str

    @property
    def id(self) -> str:
        """The trigger point id; a pair joins both ids with ``+``."""
        return "+".join(self.ids)


@dataclass(frozen=True)
class LookupResult:
    """One trigger point (or pair) scored against a pain drawing.

    Attributes
    ----------
    candidate
        The trigger point (or pair) it is about.
    score
        0..1, higher explains the drawing better (recall and precision together).
    share
        Share of the drawn area its pattern explains, spillover counted half.
    coverage
        Share of the drawn area its pattern touches (spillover counted fully).
    essential_fraction
        Share of that touched area lying in its essential (main) zone.
    precision
        Share of its (spillover-weighted) pattern lying inside the drawing.
    reason
        One plain sentence saying why it is listed.
    """

    candidate: Candidate
    score: float
    share: float
    coverage: float
    essential_fraction: float
    precision: float
    reason: str

    @property
    def id(self) -> str:
        """See :attr:`Candidate.id`."""
        return self.candidate.id

    @property
    def ids(self) -> tuple[str, ...]:
        """Trigger point ids to select to show this result's pattern."""
        return self.candidate.ids

    @property
    def percent(self) -> int:
        """The whole-number percentage the texts show: :func:`shown_percent` of ``share``."""
        return shown_percent(self.share)

    def as_json(self) -> dict:
        """The six keys describing the point: id, muscle, side, name, score, essential_fraction."""
        c = self.candidate
        return {
            "id": c.id,
            "muscle": c.muscle,
            "side": c.side,
            "name": c.name,
            "score": round(self.score, 4),
            "essential_fraction": round(self.essential_fraction, 4),
        }


@dataclass(frozen=True)
class MuscleResult:
    """One muscle explaining a pain drawing, through its best-scoring point (or pair).

    Its share, percentage and side are those of ``best``: the point whose
    pattern a tap on the row shows, so the number and the picture agree.
    """

    best: LookupResult

    @property
    def muscle(self) -> str:
        """The muscle id."""
        return self.best.candidate.muscle

    @property
    def muscle_name(self) -> str:
        """The muscle's display name."""
        return self.best.candidate.muscle_name

    @property
    def side(self) -> str:
        """Side of the best point: left, right or both."""
        return self.best.candidate.side

    @property
    def side_words(self) -> str:
        """The side in words: "left side", "right side" or "both sides"."""
        return side_words(self.side)

    @property
    def score(self) -> float:
        """The best point's score."""
        return self.best.score

    @property
    def share(self) -> float:
        """Share of the drawing the best point explains (see :attr:`LookupResult.share`)."""
        return self.best.share

    @property
    def percent(self) -> int:
        """The whole-number percentage shown, and sorted by."""
        return self.best.percent

    @property
    def ids(self) -> tuple[str, ...]:
        """Trigger point ids to select: the best point, or both points of a pair."""
        return self.best.ids

    @property
    def reason(self) -> str:
        """E.g. "Best match: Upper trapezius TrP1. Explains 72 % of the area you marked, ..."."""
        return f"Best match: {self.best.candidate.name}. {self.best.reason}."

    def as_json(self) -> dict:
        """The best point's six keys plus ``muscle_name``, ``share`` and ``percent``."""
        return {
            **self.best.as_json(),
            "muscle_name": self.muscle_name,
            "share": round(self.share, 4),
            "percent": self.percent,
        }


def shown_percent(share: float) -> int:
    """``share`` (0..1) as the whole-number percentage the texts show."""
    return round(100 * float(share))


def side_words(side: str) -> str:
    """``side`` (left, right or both) in words: "left side", "right side" or "both sides"."""
    return "both sides" if side == "both" else f"{side} side"


def explain(candidate: Candidate, share: float, essential_fraction: float, precision: float):
    """A plain sentence on why ``candidate`` is listed.

    E.g. "Explains 80 % of the area you marked, mostly with its main zone".
    """
    pair = candidate.side == "both"
    subject = "together, left and right explain" if pair else "explains"
    its = "their" if pair else "its"
    zones = "zones" if pair else "zone"
    if essential_fraction >= MOSTLY:
        how = f"mostly with {its} main {zones}"
    elif essential_fraction <= 1 - MOSTLY:
        how = f"mostly with {its} wider, weaker {zones}"
    else:
        how = f"with both {its} main and {its} wider {zones}"
    text = f"{subject} {shown_percent(share)} % of the area you marked, {how}"
    if precision < MUCH_LARGER:
        text += f"; {its} pattern also reaches well beyond it"
    return text[0].upper() + text[1:]

"""The table of outcomes by input and family, and the summary line."""

from __future__ import annotations

from collections import Counter

from explorer.fuzz.runner import FAILURES, Outcome

COLUMNS = ("accepted", "located", "not-located", *FAILURES)
_SHORT = {"accepted": "accept", "not-located": "unlocated", "accepted-invalid": "acc-bad",
          "refused-valid": "ref-good", "long-message": "long-msg"}  # fmt: skip


def table(outcomes: list[Outcome]) -> str:
    """A fixed-width table: one row per (input, family), totals at the bottom."""
    rows: dict[tuple[str, str], Counter] = {}
    for outcome in outcomes:
        rows.setdefault((outcome.case.target, outcome.case.family), Counter())[outcome.outcome] += 1
    heads = [_SHORT.get(column, column) for column in COLUMNS]
    lines = [f"{'input':9} {'family':16} {'cases':>6} " + " ".join(f"{h:>9}" for h in heads)]
    total: Counter = Counter()
    for (target, family), counts in sorted(rows.items()):
        total.update(counts)
        lines.append(_row(target, family, counts))
    lines.append(_row("all", "", total))
    return "\n".join(lines)


def _row(target: str, family: str, counts: Counter) -> str:
    cells = " ".join(f"{counts.get(column, 0):>9}" for column in COLUMNS)
    return f"{target:9} {family:16} {sum(counts.values()):>6} {cells}"


def summary(outcomes: list[Outcome]) -> str:
    """Counts of the failing outcomes and the share of refusals that were located."""
    counts = Counter(outcome.outcome for outcome in outcomes)
    refused = counts["located"] + counts["not-located"]
    located = 100.0 * counts["located"] / refused if refused else 100.0
    failures = ", ".join(f"{counts[name]} {name}" for name in FAILURES)
    return f"{len(outcomes)} cases: {failures}; {located:.1f} % of {refused} refusals located"


def failed(outcomes: list[Outcome]) -> list[Outcome]:
    """The outcomes that fail the run."""
    return [outcome for outcome in outcomes if outcome.outcome in FAILURES]


def describe(outcome: Outcome) -> str:
    """Several lines on one failing (or chosen) case, enough to reproduce and fix it."""
    case = outcome.case
    lines = [
        f"case {case.number}: {case.target}/{case.family} '{case.name}' expected {case.expect}, "
        f"got {outcome.outcome} (peak +{outcome.peak_mb:.0f} MB)"
    ]
    if outcome.detail:
        lines.append("  " + outcome.detail.strip().replace("\n", "\n  ")[-2000:])
    lines += [f"  {problem[:300]}" for problem in outcome.problems[:5]]
    return "\n".join(lines)

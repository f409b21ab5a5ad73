"""The budget table: each figure beside its floor, the budget, PASS/FAIL, and why when not measured.

No row is ever left out. A figure that is missing (its configuration failed,
or did not report it) or whose baseline is missing is a FAIL, with the
reason in the last column. Only a configuration that was deliberately not
run (``--quick``) shows SKIP.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: "Cost must not grow with the number of TrPs at click time" (DESIGN.md), read
#: as: within this ratio of the same figure with the shipped points. A click's
#: Python time varies by about a tenth between runs, so 1.0 exactly is noise.
GROWTH = 1.25


@dataclass(frozen=True)
class Figure:
    """A measured value, or why there is none.

    ``skipped`` marks a value whose configuration was not asked for.
    """

    value: float | None
    reason: str = ""
    skipped: bool = False

    def __add__(self, other: Figure) -> Figure:
        """The sum of two figures (a composite baseline); missing if either is."""
        if self.value is None:
            return self
        if other.value is None:
            return other
        return Figure(self.value + other.value)


@dataclass(frozen=True)
class Row:
    """One line of the table.

    ``limit`` is the budget as a ratio to ``floor`` when ``relative``, else
    in the figure's own unit; ``None`` marks a row shown for information.
    ``basis`` names what ``floor`` is: the bare window, the same figure with
    the shipped number of trigger points, or a full-detail frame.
    ``missing`` says why the value or the floor a row needs is absent.
    """

    figure: str
    value: float | None
    unit: str
    floor: float | None = None
    limit: float | None = None
    relative: bool = True
    basis: str = "floor"
    missing: str = ""
    skipped: bool = False

    @property
    def ratio(self) -> float | None:
        """Value over floor, when both exist."""
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def budget(self) -> str:
        """The budget as DESIGN.md words it."""
        if self.limit is None:
            return "-"
        if self.relative:
            return f"<= {self.limit:.3g}x {self.basis}"
        return f"<= {self.limit:g} {self.unit}"

    @property
    def verdict(self) -> str:
        """PASS or FAIL; '-' for an information row; SKIP if not asked for; FAIL if missing."""
        if self.missing:
            return "SKIP" if self.skipped else "FAIL"
        if self.limit is None:
            return "-"
        measured = self.ratio if self.relative else self.value
        return "PASS" if measured <= self.limit else "FAIL"

    def as_json(self) -> dict:
        """The row with its derived columns."""
        return {**asdict(self), "ratio": self.ratio, "budget": self.budget, "verdict": self.verdict}


def row(
    figure: str,
    value: Figure,
    unit: str,
    floor: Figure | None = None,
    limit: float | None = None,
    relative: bool = True,
    basis: str = "floor",
) -> Row:
    """A :class:`Row` from figures; a missing value or floor becomes its ``missing`` reason."""
    needed = [value] + ([floor] if floor is not None else [])
    absent = [item for item in needed if item.value is None]
    reason = "; ".join(dict.fromkeys(item.reason for item in absent))
    return Row(
        figure,
        value.value,
        unit,
        None if floor is None else floor.value,
        limit,
        relative,
        basis,
        missing=reason or ("missing" if absent else ""),
        skipped=bool(absent) and all(item.skipped for item in absent),
    )


class Figures:
    """Reads figures out of the configurations' JSON, with a reason for each one missing.

    Parameters
    ----------
    configs
        Figures per configuration name, as the probes wrote them.
    skipped
        Configurations deliberately not run (``--quick``).
    """

    def __init__(self, configs: dict[str, dict], skipped: frozenset[str] = frozenset()) -> None:
        self.configs, self.skipped = configs, skipped

    def __call__(self, config: str, *path: str) -> Figure:
        """The number at ``path`` in ``config``'s figures, or why there is none."""
        if config not in self.configs:
            if config in self.skipped:
                return Figure(None, f"{config} not run (--quick)", skipped=True)
            return Figure(None, f"{config} did not run")
        node = self.configs[config]
        if "error" in node:
            return Figure(None, f"{config} failed: {node['error']}")
        # A probe may explain a figure it could not measure, under "notes".
        note = node.get("notes", {}).get(".".join(path))
        for key in path:
            if not isinstance(node, dict) or key not in node:
                if note:
                    return Figure(None, f"{config}: {note}")
                return Figure(None, f"{config} reported no {'.'.join(path)}")
            node = node[key]
        if isinstance(node, bool) or not isinstance(node, int | float):
            return Figure(None, f"{config} reported no number at {'.'.join(path)}")
        return Figure(float(node))


#: Units counted in whole numbers.
COUNTS = frozenset({"px", "fields", "TrPs"})


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.0f} {unit}" if unit in COUNTS else f"{value:.1f} {unit}"


def format_table(rows: list[Row]) -> str:
    """Plain-text table, one row per figure; the last column says why a figure is missing."""
    header = ("figure", "value", "floor", "ratio", "budget", "verdict", "note")
    lines = [header]
    for line in rows:
        lines.append(
            (
                line.figure,
                _amount(line.value, line.unit),
                _amount(line.floor, line.unit),
                "-" if line.ratio is None else f"{line.ratio:.2f}x",
                line.budget,
                line.verdict,
                line.missing,
            )
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    text = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in lines
    ]
    text.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in text)

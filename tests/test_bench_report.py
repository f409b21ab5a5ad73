"""The benchmark's table: ratios, budgets and verdicts from given figures."""

from __future__ import annotations

from explorer.bench.report import build_rows, format_table


def _explorer(python_ms: float, overhead_ms: float, points: int) -> dict:
    return {
        "startup_ms": 1500.0,
        "click": {"median_ms": 190.0, "p90_ms": 200.0},
        "python": {"median_ms": python_ms, "p90_ms": python_ms},
        "overhead": {"median_ms": overhead_ms, "min_ms": overhead_ms - 3.0},
        "render_in_click": {"median_ms": 170.0},
        "trigger_points": points,
        "peak_rss_mb": 600.0,
    }


def test_rows_give_ratios_budgets_and_verdicts():
    configs = {
        "floor": {
            "startup_ms": 1000.0,
            "frame": {"median_ms": 200.0},
            "vtk_render": {"median_ms": 195.0},
            "peak_rss_mb": 500.0,
        },
        "explorer": _explorer(4.0, 20.0, 50),
        "explorer_trp_x10": _explorer(4.4, 21.0, 500),
        "explorer_trp_x100": _explorer(6.0, 30.0, 5000),
    }
    rows = {row.figure: row for row in build_rows(configs)}
    startup = rows["startup to first interactive frame"]
    assert (startup.ratio, startup.budget, startup.verdict) == (1.5, "<= 1.5x floor", "PASS")
    assert rows["peak RSS"].ratio == 1.2 and rows["peak RSS"].verdict == "PASS"
    grown = rows["TrPs x100 (5000): python vs 1x TrPs"]
    assert (grown.ratio, grown.budget, grown.verdict) == (1.5, "<= 1.25x 1x", "FAIL")
    flat = rows["TrPs x10 (500): click minus render, best vs 1x"]
    assert (flat.ratio, flat.verdict) == (18.0 / 17.0, "PASS")
    assert rows["TrPs x100 (5000): click minus render, best vs 1x"].verdict == "FAIL"
    assert rows["TrPs x100 (5000): click minus render, median vs 1x"].verdict == "-"
    table = format_table(list(rows.values()))
    assert "TrPs x100 (5000): python vs 1x TrPs" in table and "FAIL" in table

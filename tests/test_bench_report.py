"""The benchmark's table: ratios, budgets and verdicts from given figures; no row ever hidden."""

from __future__ import annotations

import builtins
import importlib
import sys

import pytest

from explorer.bench.report import format_table
from explorer.bench.rows import build_rows


def _explorer(python_ms: float, overhead_ms: float, points: int) -> dict:
    return {
        "startup_ms": 1500.0,
        "startup_cpu_ms": 1300.0,
        "click": {"median_ms": 190.0, "p90_ms": 200.0},
        "python": {"median_ms": python_ms, "p90_ms": python_ms},
        "overhead": {"median_ms": overhead_ms, "min_ms": overhead_ms - 3.0},
        "render_in_click": {"median_ms": 170.0},
        "trigger_points": points,
        "peak_rss_mb": 600.0,
        "precompute_ms": 900.0,
        "fields_cached": points,
        "field_cache_mb": 0.5,
        "rss_after_precompute_mb": 580.0,
        "full_frame": {"median_ms": 300.0},
        "drag_frame": {"median_ms": 90.0},
        "still_pixels_differing": 0,
        "flight": {"median_ms": 800.0},
        "flight_duration_ms": 400.0,
        "wheel_settle_ms": 600.0,
        "wheel_burst_ms": 100.0,
        "wheel_settle_delay_ms": 120.0,
        "wheel_full_frame_ms": 320.0,
    }


def _floor() -> dict:
    return {
        "startup_ms": 1000.0,
        "startup_cpu_ms": 900.0,
        "frame": {"median_ms": 200.0},
        "vtk_render": {"median_ms": 195.0},
        "frame_20k": {"median_ms": 60.0},
        "peak_rss_mb": 500.0,
    }


def _all_configs() -> dict:
    return {
        "floor": _floor(),
        "explorer": _explorer(4.0, 20.0, 50),
        "ranking": {"ranking": {"median_ms": 3.0}},
        "explorer_trp_x10": _explorer(4.4, 21.0, 500),
        "explorer_trp_x100": _explorer(6.0, 30.0, 6600),
        "explorer_trp_5000": _explorer(5.0, 24.0, 5016),
        "explorer_skin_x4": _explorer(5.0, 22.0, 50),
        "floor_skin_x4": _floor(),
    }


def _by_name(configs: dict, skipped=frozenset()) -> dict:
    return {row.figure: row for row in build_rows(configs, frozenset(skipped))}


def test_rows_give_ratios_budgets_and_verdicts():
    rows = _by_name(_all_configs())
    startup = rows["startup to first interactive frame"]
    assert (startup.ratio, startup.budget, startup.verdict) == (1.5, "<= 1.5x floor", "PASS")
    assert rows["peak RSS"].ratio == 1.2 and rows["peak RSS"].verdict == "PASS"
    grown = rows["TrPs x100: python vs 1x TrPs"]
    assert (grown.ratio, grown.budget, grown.verdict) == (1.5, "<= 1.25x 1x", "FAIL")
    flat = rows["TrPs x10: click minus render, best vs 1x"]
    assert (flat.ratio, flat.verdict) == (18.0 / 17.0, "PASS")
    assert rows["TrPs x100: click minus render, best vs 1x"].verdict == "FAIL"
    assert rows["TrPs x100: click minus render, median vs 1x"].verdict == "-"
    assert rows["TrPs x100: precompute after first frame"].value == 900.0
    assert rows["TrPs x100: trigger points"].value == 6600
    # Issue 18's start-up figure is for 5,000 points: a configuration of its own.
    assert rows["5,000 TrPs: trigger points"].value == 5016
    scaled = rows["5,000 TrPs: startup"]
    assert (scaled.ratio, scaled.budget, scaled.verdict) == (1.5, "<= 1.5x floor", "PASS")
    assert rows["5,000 TrPs: python on top, median"].value == 5.0
    assert rows["TrPs x100: field cache size"].unit == "MiB"
    table = format_table(list(rows.values()))
    assert "TrPs x100: python vs 1x TrPs" in table and "FAIL" in table


def test_movement_rows_hold_the_moving_frames_to_a_third_of_a_full_one():
    configs = _all_configs()
    rows = _by_name(configs)
    drag = rows["frame while dragging (level of detail), median"]
    assert (drag.ratio, drag.budget, drag.verdict) == (0.3, "<= 0.333x full frame", "PASS")
    flight = rows["flight to a selection, wall time, median"]
    assert flight.floor == 700.0 and flight.verdict == "PASS"  # 800 <= 1.25 x (400 + 300)
    wheel = rows["wheel burst (15 notches in 100 ms) to settled frame"]
    # The full frame it ends with is the one at the zoomed-in pose (320), not the drag's (300).
    assert wheel.floor == 540.0 and wheel.verdict == "PASS"  # 600 <= 1.25 x (100 + 120 + 320)
    # With moving frames longer than the settle delay, two of them come before the full one.
    slow = _all_configs()
    slow["explorer"]["drag_frame"]["median_ms"] = 150.0
    slow_wheel = _by_name(slow)["wheel burst (15 notches in 100 ms) to settled frame"]
    assert slow_wheel.floor == 620.0 and slow_wheel.verdict == "PASS"  # 600 <= 1.25 x 620
    assert "2 moving frames" in slow_wheel.budget
    assert rows["still frame after moving: pixels unlike a frame without LOD"].verdict == "PASS"
    assert rows["skin x4: frame while dragging (level of detail), median"].verdict == "PASS"
    configs["explorer"]["drag_frame"]["median_ms"] = 110.0
    configs["explorer"]["still_pixels_differing"] = 3
    configs["explorer"]["wheel_settle_ms"] = 700.0  # > 1.25 x 540
    rows = _by_name(configs)
    assert rows["frame while dragging (level of detail), median"].verdict == "FAIL"
    assert rows["still frame after moving: pixels unlike a frame without LOD"].verdict == "FAIL"
    assert rows["wheel burst (15 notches in 100 ms) to settled frame"].verdict == "FAIL"


def test_no_row_is_ever_left_out():
    everything = build_rows(_all_configs())
    for missing in ("floor", "explorer", "ranking", "explorer_trp_x100", "explorer_trp_5000"):
        configs = _all_configs()
        del configs[missing]
        rows = build_rows(configs)
        assert [row.figure for row in rows] == [row.figure for row in everything]


def test_a_missing_figure_or_baseline_is_a_fail_with_its_reason():
    configs = _all_configs()
    del configs["explorer"]["click"]
    configs["floor"] = {"error": "exit code 1: no display"}
    rows = _by_name(configs)
    click = rows["click to painted frame, median"]
    assert click.verdict == "FAIL" and click.value is None
    assert (
        click.missing
        == "explorer reported no click.median_ms; floor failed: exit code 1: no display"
    )
    startup = rows["startup to first interactive frame"]
    assert startup.value == 1500.0 and startup.floor is None
    assert (startup.verdict, startup.missing) == ("FAIL", "floor failed: exit code 1: no display")
    info = rows["floor: one frame, 20k-triangle mesh"]
    assert info.verdict == "FAIL", "even a row shown for information says it is missing"
    table = format_table(list(rows.values()))
    assert "floor failed: exit code 1: no display" in table


def test_a_figure_a_probe_could_not_measure_says_why():
    configs = _all_configs()
    del configs["explorer"]["still_pixels_differing"]
    note = "the coarse frame equals the full one"
    configs["explorer"]["notes"] = {"still_pixels_differing": note}
    row = _by_name(configs)["still frame after moving: pixels unlike a frame without LOD"]
    assert (row.verdict, row.missing) == ("FAIL", f"explorer: {note}")


def test_configurations_left_out_by_quick_show_skip_and_failed_ones_fail():
    configs = _all_configs()
    quick = {"explorer_trp_x100", "explorer_trp_5000", "explorer_skin_x4", "floor_skin_x4"}
    for name in quick:
        del configs[name]
    del configs["explorer_trp_x10"]
    rows = _by_name(configs, quick)
    assert rows["5,000 TrPs: startup"].verdict == "SKIP"
    skipped = rows["skin x4: startup"]
    assert skipped.verdict == "SKIP"
    assert skipped.missing == "explorer_skin_x4 not run (--quick); floor_skin_x4 not run (--quick)"
    failed = rows["TrPs x10: startup"]
    assert (failed.verdict, failed.missing) == ("FAIL", "explorer_trp_x10 did not run")


def test_ranking_has_no_stand_in_when_the_lookup_harness_cannot_be_imported(monkeypatch):
    real_import = builtins.__import__

    def refuse_lookup(name, *args, **kwargs):
        if name == "explorer.bench_lookup":
            raise ImportError("simulated: no explorer.bench_lookup")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "explorer.bench.ranking", raising=False)
    monkeypatch.delitem(sys.modules, "explorer.bench_lookup", raising=False)
    monkeypatch.setattr(builtins, "__import__", refuse_lookup)
    with pytest.raises(ImportError, match="simulated"):
        importlib.import_module("explorer.bench.ranking")


def test_a_probe_that_crashed_is_reported_by_its_exception_and_where():
    from explorer.bench.runner import _why

    traceback = (
        "Traceback (most recent call last):\n"
        '  File "/x/app.py", line 3, in open_window\n'
        "    window = MainWindow(project)\n"
        '  File "/x/layers.py", line 28, in __init__\n'
        "    check = QCheckBox(LAYER_LABELS[layer], self)\n"
        "KeyError: 'at_risk'\n"
    )
    assert _why(traceback) == "KeyError: 'at_risk' (File \"/x/layers.py\", line 28, in __init__)"
    assert _why("") == "no output"
    configs = _all_configs()
    configs["explorer_skin_x4"] = {"error": f"exit code 1: {_why(traceback)}"}
    row = _by_name(configs)["skin x4: frame while dragging (level of detail), median"]
    assert row.verdict == "FAIL" and row.missing.startswith("explorer_skin_x4 failed: exit code 1")

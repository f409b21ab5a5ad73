"""Smoke test of ``python -m explorer.bench --quick`` on the tiny atlas: it runs and reports.

Timings are not checked (they depend on the machine); only that every
configuration ran, the JSON has the figures the table is made of, and every
row the quick run measures has its figure (the rest say SKIP, never vanish).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

pytestmark = pytest.mark.gui


def test_quick_bench_writes_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    command = [
        sys.executable,
        "-m",
        "explorer.bench",
        "--quick",
        "--clicks",
        "3",
        "--atlas",
        str(DATA / "tiny_atlas" / "manifest.yaml"),
        "--content",
        str(DATA / "tiny_content.yaml"),
        "--json",
        str(out),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "startup to first interactive frame" in done.stdout
    report = json.loads(out.read_text())
    configs = report["configs"]
    assert set(configs) >= {"floor", "explorer", "ranking", "explorer_trp_x10"}
    for name, figures in configs.items():
        assert "error" not in figures, (name, figures.get("error"))
        assert figures["peak_rss_mb"] > 0
    floor, explorer = configs["floor"], configs["explorer"]
    assert {"startup_ms", "frame", "vtk_render", "viewport_px"} <= set(floor)
    assert {"startup_ms", "click", "python", "render_in_click", "overhead"} <= set(explorer)
    # --quick starts each configuration once more; the row shows the median of the two.
    for figures in (floor, explorer, configs["explorer_trp_x10"]):
        samples = figures["startup_ms_samples"]
        assert len(samples) == 2 and figures["startup_ms"] == sum(samples) / 2
    assert {"median_ms", "p90_ms", "n"} <= set(explorer["click"])
    assert explorer["click"]["n"] >= 1 and not explorer["missed"]
    assert "median_ms" in configs["ranking"]["ranking"]
    assert configs["explorer_trp_x10"]["trigger_points"] == 10 * explorer["trigger_points"]
    assert {"drag_frame", "full_frame", "flight", "wheel_settle_ms", "wheel_full_frame_ms"} <= set(
        explorer
    )
    assert explorer["still_pixels_differing"] == 0, "the still frame is the frame without LOD"
    assert not explorer["flights_off_target"]
    assert explorer["wheel_distance_mm"] >= explorer["zoom_nearest_mm"] - 1e-6
    assert {"precompute_ms", "fields_cached", "field_cache_mb"} <= set(explorer)
    assert "median_ms" in floor["frame_20k"]
    verdicts = {row["figure"]: row["verdict"] for row in report["rows"]}
    assert verdicts["startup to first interactive frame"] in {"PASS", "FAIL"}
    assert verdicts["peak RSS"] in {"PASS", "FAIL"}
    unmeasured = [row for row in report["rows"] if row["missing"] and not row["skipped"]]
    assert not unmeasured, unmeasured
    assert verdicts["skin x4: startup"] == "SKIP"
    assert "SKIP" in done.stdout


def test_the_package_is_byte_compiled_before_any_probe(tmp_path, monkeypatch):
    # Probes must not compile the app's modules from source at every start-up (a
    # PYTHONDONTWRITEBYTECODE checkout has no .pyc files); the floor imports none of them.
    import importlib.util

    from explorer.bench import __main__ as bench

    module = tmp_path / "explorer" / "sample.py"
    module.parent.mkdir()
    module.write_text("VALUE = 1\n")
    monkeypatch.setattr(bench, "ROOT", tmp_path)
    bench.compile_package()
    assert Path(importlib.util.cache_from_source(str(module))).is_file()

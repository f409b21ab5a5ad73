"""``python -m tools.build_atlas [--out DIR]``: rebuild the atlas from the pinned
sources into DIR (default meshes/), then measure it and print the report."""

import argparse
import json
from pathlib import Path

import pyvista as pv

from tools.build_atlas.build import run
from tools.build_atlas.report import measure
from tools.build_atlas.report_summary import summary

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m tools.build_atlas", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("meshes"), help="atlas folder to write")
    parser.add_argument(
        "--cache", type=Path, default=Path("tools/build_atlas/.cache"), help="wheel cache"
    )
    arguments = parser.parse_args()
    pv.OFF_SCREEN = True
    build = run(arguments.out, arguments.cache)
    print(json.dumps(build, indent=2))
    report = measure(arguments.out / "manifest.yaml")
    # No timings in the file: two builds must write identical bytes.
    saved = {key: value for key, value in report.items() if key != "load_seconds"}
    (arguments.out / "atlas_report.json").write_text(json.dumps(saved, indent=1) + "\n", "utf-8")
    print("\n".join(summary(report)))

"""``python -m tools.build_atlas``: rebuild meshes/ from the pinned sources, then measure it."""

import json
from pathlib import Path

import pyvista as pv

from tools.build_atlas.build import run
from tools.build_atlas.report import measure, summary

if __name__ == "__main__":
    pv.OFF_SCREEN = True
    build = run(Path("meshes"), Path("tools/build_atlas/.cache"))
    print(json.dumps(build, indent=2))
    report = measure(Path("meshes/manifest.yaml"))
    Path("meshes/atlas_report.json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    print("\n".join(summary(report)))

"""Contact sheets of the built atlas for checking it by eye.

``python -m tools.build_atlas.preview OUT_DIR [ATLAS_DIR]`` renders anterior,
posterior, left-lateral and posterior-oblique views three ways: skin hidden,
skin translucent, the deep layer only, and the structures at risk over the
bones (``ATLAS_DIR`` defaults to meshes/).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyvista as pv

from explorer.model.atlas import AT_RISK_KINDS, load_atlas

VIEWS = {
    "anterior": (0, 1, 0),
    "posterior": (0, -1, 0),
    "left": (-1, 0, 0),
    "posterior_oblique": (-1, -1, 0.35),
}
# The structures at risk are on their own layer, off by default in the app:
# they get a sheet of their own, over the bones.
MODES = {
    "no_skin": lambda s: s.kind in ("bone", "muscle"),
    "translucent_skin": lambda s: s.kind not in AT_RISK_KINDS,
    "deep_only": lambda s: s.kind == "bone" or (s.kind == "muscle" and s.layer == "deep"),
    "at_risk": lambda s: s.kind == "bone" or s.kind in AT_RISK_KINDS,
}


def render_sheet(atlas, mode: str, out: Path, size=(2000, 560)) -> None:
    """One row of the four views for one visibility mode."""
    plotter = pv.Plotter(off_screen=True, window_size=size, shape=(1, len(VIEWS)))
    for column, direction in enumerate(VIEWS.values()):
        plotter.subplot(0, column)
        for structure in atlas.structures.values():
            if not MODES[mode](structure):
                continue
            mesh = pv.PolyData.from_regular_faces(
                np.array(structure.vertices), np.array(structure.faces)
            )
            opacity = (
                0.25 if structure.kind == "skin" else 0.5 if structure.kind == "organ" else 1.0
            )
            plotter.add_mesh(mesh, color=structure.color, opacity=opacity, smooth_shading=True)
        plotter.view_vector(direction, viewup=(0, 0, 1))
        plotter.camera.zoom(1.45)
    plotter.screenshot(str(out))
    plotter.close()


def main(out_dir: str, atlas_dir: str = "meshes") -> None:
    """Write the three contact sheets of the atlas in ``atlas_dir`` to ``out_dir``."""
    atlas = load_atlas(Path(atlas_dir) / "manifest.yaml")
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    for mode in MODES:
        render_sheet(atlas, mode, target / f"atlas_{mode}.png")


if __name__ == "__main__":
    main(*(sys.argv[1:3] or ["out"]))

"""A tiny atlas of boxes for the needle view, with distances known by construction.

All in mm (RAS). The skin is a box whose top face is the plane z = 100. A
muscle slab lies under it (top face z = 90), so a point on the slab is 10 mm
below the skin. Under the point (x = -30, y = 0) an "artery" box has its top
face at z = 74: 16 mm on. The midline "spinal canal" box has its side faces
at x = -5 and x = 5. Every structure on the left has a mirrored right twin.

Distances (left side; the right side mirrors them):

* ``slab.straight`` at (-30, 0, 90), perpendicular: skin 10 mm, artery 16 mm on.
* ``slab.angled`` at (-30, 0, 90), direction (0.6, 0, -0.8): skin 12.5 mm
  (it meets z = 100 at t = 10 / 0.8), canal 41.666... mm on (x = -5 at t = 25 / 0.6).
* ``slab.clear`` at (-15, 0, 90), perpendicular: skin 10 mm, nothing at risk within
  50 mm, but the top of a "vertebra" (bone, z = 55) 35 mm on.
* ``slab.pinched``: pincer, across the slab's long axis (x) along the top skin:
  front to back (-y), skin 40 mm behind (y = 40), leaving the skin 40 mm on.
* ``slab.undirected``: no direction, so no line.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import trimesh

#: (id, name, kind, low corner, high corner) of the left-side or midline boxes, in mm.
BOXES = (
    ("skin", "Skin", "skin", (-60, -40, 0), (60, 40, 100)),
    ("slab_left", "Slab (left)", "muscle", (-55, -15, 80), (-5, 15, 90)),
    ("vertebral_artery_left", "Vertebral artery (left)", "artery", (-35, -30, 66), (-25, 30, 74)),
    ("internal_jugular_vein_left", "Internal jugular vein (left)", "vein", (-55, -30, 60),
     (-45, 30, 70)),
    ("greater_occipital_nerve_left", "Greater occipital nerve (left)", "nerve", (-22, -30, 20),
     (-20, 30, 40)),
    ("pleural_dome_left", "Pleural dome (left)", "organ", (-55, -30, 20), (-40, 30, 40)),
    ("spinal_canal", "Spinal canal", "organ", (-5, -10, 10), (5, 10, 60)),
    ("vertebra", "Vertebra", "bone", (-18, -5, 50), (-12, 5, 55)),
)  # fmt: skip
COLOURS = {
    "skin": "#e0b9a0",
    "muscle": "#b5524a",
    "artery": "#c8102e",
    "vein": "#2b5fb4",
    "nerve": "#f2c200",
    "organ": "#b8c8d8",
    "bone": "#eee8d5",
}
CONTENT = """\
version: 1
sources:
  box2026: "Box, A. Made-up geometry for the needle tests. 2026"
muscles:
  - id: slab
    name: Slab
    structures: [slab]
    facts: {origin: a box, insertion: another box, action: none, innervation: none}
    trigger_points:
      - id: straight
        name: Slab straight
        at: [-30.0, 0.0, 90.0]
        where: On top of the slab.
        referral: {essential: [{spot: {at: [-30.0, 0.0, 100.0], radius_mm: 10}}]}
        referral_text: Over the point.
        needling:
          approach: Straight down.
          at_risk: [the artery box]
          structures: [vertebral_artery, spinal_canal]
          direction: perpendicular
        sources: [box2026]
      - id: angled
        name: Slab angled
        at: [-30.0, 0.0, 90.0]
        where: On top of the slab.
        referral: {essential: [{spot: {at: [-30.0, 0.0, 100.0], radius_mm: 10}}]}
        referral_text: Over the point.
        needling:
          approach: Down and toward the middle.
          structures: [spinal_canal]
          direction: [0.6, 0.0, -0.8]
        sources: [box2026]
      - id: clear
        name: Slab clear
        at: [-15.0, 0.0, 90.0]
        where: On top of the slab, nearer the middle.
        referral: {essential: [{spot: {at: [-15.0, 0.0, 100.0], radius_mm: 10}}]}
        referral_text: Over the point.
        needling: {approach: Straight down., direction: perpendicular}
        sources: [box2026]
      - id: pinched
        name: Slab pinched
        at: [-30.0, 0.0, 90.0]
        where: On top of the slab.
        referral: {essential: [{spot: {at: [-30.0, 0.0, 100.0], radius_mm: 10}}]}
        referral_text: Over the point.
        needling: {approach: Across the fold., direction: pincer}
        sources: [box2026]
      - id: undirected
        name: Slab undirected
        at: [-30.0, 0.0, 90.0]
        where: On top of the slab.
        referral: {essential: [{spot: {at: [-30.0, 0.0, 100.0], radius_mm: 10}}]}
        referral_text: Over the point.
        needling: {approach: Somehow., structures: [vertebral_artery]}
        sources: [box2026]
"""


def box(low, high) -> trimesh.Trimesh:
    """A closed, outward box split into triangles no longer than 4 mm."""
    low, high = np.asarray(low, float), np.asarray(high, float)
    mesh = trimesh.creation.box(extents=high - low)
    mesh.apply_translation((low + high) / 2)
    vertices, faces = trimesh.remesh.subdivide_to_size(mesh.vertices, mesh.faces, max_edge=4.0)
    return trimesh.Trimesh(vertices, faces, process=True)


def all_boxes():
    """Left/midline boxes and their mirrored right twins: (id, name, kind, side, low, high)."""
    for sid, name, kind, low, high in BOXES:
        if sid.endswith("_left"):
            yield sid, name, kind, "left", low, high
            mirrored_low = (-high[0], low[1], low[2])
            mirrored_high = (-low[0], high[1], high[2])
            right = sid.removesuffix("_left") + "_right"
            yield (
                right,
                name.replace("(left)", "(right)"),
                kind,
                "right",
                mirrored_low,
                (mirrored_high),
            )
        else:
            yield sid, name, kind, "midline", low, high


def write_needle_atlas(folder: Path) -> tuple[Path, Path]:
    """Write the meshes, manifest and content into ``folder``; return (manifest, content)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "version: 1",
        "name: Needle test boxes",
        "frame: RAS",
        "units: mm",
        "sources:",
        "  boxes: {title: Boxes made by tests/needle_atlas.py, licence: CC0-1.0}",
        "structures:",
    ]
    for sid, name, kind, side, low, high in all_boxes():
        data = box(low, high).export(file_type="ply")
        (folder / f"{sid}.ply").write_bytes(data)
        layer = "superficial" if kind == "skin" else "deep"
        digest = hashlib.sha256(data).hexdigest()
        lines.append(
            f"  - {{id: {sid}, name: {name}, kind: {kind}, layer: {layer}, side: {side}, "
            f'file: {sid}.ply, color: "{COLOURS[kind]}", source: boxes, sha256: "{digest}"}}'
        )
    manifest = folder / "manifest.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    content = folder / "trigger_points.yaml"
    content.write_text(CONTENT, encoding="utf-8")
    return manifest, content

"""Scaled inputs for the scale figures: a 4x refined skin, and 10x/100x trigger points.

Everything is written into a temporary directory; the shipped files are
only read.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np

#: How much wider each copy's zones are than the previous copy's, mm.
WIDEN_MM = 0.05


def refined_skin_atlas(manifest: Path, workdir: Path) -> Path:
    """Copy the atlas into ``workdir`` with the skin split once (each triangle into four).

    Linear subdivision keeps the surface where it was, so landmarks and
    trigger points still sit on it; only the vertex count grows (about 4x).
    """
    import pyvista as pv
    from ruamel.yaml import YAML

    source = Path(manifest).parent
    target = Path(workdir) / "atlas_refined"
    shutil.copytree(source, target)
    document = YAML(typ="safe").load(Path(manifest).read_text())
    skin = next(entry for entry in document["structures"] if entry["kind"] == "skin")
    refined = pv.read(source / skin["file"]).triangulate().subdivide(1, "linear").clean()
    refined.save(target / skin["file"], binary=True)
    text = (target / Path(manifest).name).read_text()
    if skin.get("sha256"):
        new_sum = hashlib.sha256((target / skin["file"]).read_bytes()).hexdigest()
        text = text.replace(skin["sha256"], new_sum)
    (target / Path(manifest).name).write_text(text)
    return target / Path(manifest).name


def multiplied_content(content: Path, factor: int, workdir: Path, seed: int = 0) -> Path:
    """``content`` with every trigger point repeated ``factor`` times, jittered, ids unique.

    Each copy's zones are a little wider than the original's (by
    :data:`WIDEN_MM` per copy), so every copy has a referral field of its
    own: the precompute then solves as many fields as there are points, as it
    would for real content, instead of finding the originals in the cache.
    """
    from ruamel.yaml import YAML

    # Safe, not round-trip: round-trip copies would repeat the file's anchors, which is an error.
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    document = yaml.load(Path(content).read_text())
    rng = np.random.default_rng(seed)
    for muscle in document["muscles"]:
        originals = list(muscle["trigger_points"])
        copies = []
        for copy in range(1, factor):
            for point in originals:
                copies.append(_jittered(point, copy, rng))
        muscle["trigger_points"].extend(copies)
    out = Path(workdir) / f"trigger_points_x{factor}.yaml"
    with out.open("w") as stream:
        yaml.dump(document, stream)
    return out


def _widen(item: dict, extra_mm: float) -> None:
    """Make one referral zone (spot, stroke or region) ``extra_mm`` wider."""
    for kind, size in (("spot", "radius_mm"), ("stroke", "width_mm"), ("region", "radius_mm")):
        zone = item.get(kind)
        if isinstance(zone, dict) and isinstance(zone.get(size), int | float):
            zone[size] = round(float(zone[size]) + extra_mm, 3)


def _jittered(point, copy: int, rng: np.random.Generator):
    import copy as copying

    clone = copying.deepcopy(point)
    clone["id"] = f"{point['id']}_x{copy}"
    clone["name"] = f"{point['name']} (copy {copy})"
    for level in ("essential", "spillover"):
        for item in clone.get("referral", {}).get(level) or []:
            _widen(item, copy * WIDEN_MM)
    offset = rng.uniform(-6.0, 6.0, size=3)
    at = clone["at"]
    if isinstance(at, dict):
        base = np.asarray(at.get("offset", (0.0, 0.0, 0.0)), dtype=float)
        at["offset"] = [round(float(v), 2) for v in base + offset]
    else:
        moved = np.asarray(at, dtype=float) + offset
        # Authored on the left: keep x < 0 so the validator's side rule still holds.
        moved[0] = min(moved[0], -1.0)
        clone["at"] = [round(float(v), 2) for v in moved]
    return clone

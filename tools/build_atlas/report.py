"""Measure the built atlas against the issue's figures; print and save a report.

``python -m tools.build_atlas.report`` reads ``meshes/`` through the app's own
loader, so it measures exactly what the app will show.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pyvista as pv
import trimesh

from explorer.model.atlas import load_atlas
from tools.build_atlas.muscle_specs import MUSCLES

RESTING_ON_BONE = ("rectus_capitis", "obliquus_capitis")  # the suboccipitals may touch bone
HARD_BONES = ("skull", "cervical_spine", "thoracic_spine")


def _polydata(structure) -> pv.PolyData:
    return pv.PolyData.from_regular_faces(np.array(structure.vertices), np.array(structure.faces))


def _inside_fraction(points: np.ndarray, closed: pv.PolyData) -> float:
    distance = pv.PolyData(points).compute_implicit_distance(closed)["implicit_distance"]
    return float(np.mean(np.asarray(distance) < 0))


def _surface_distance(surface: pv.PolyData, point) -> float:
    _, closest = surface.find_closest_cell(np.atleast_2d(point), return_closest_point=True)
    return float(np.linalg.norm(np.ravel(closest) - np.asarray(point)))


def measure(manifest: Path = Path("meshes/manifest.yaml")) -> dict:
    """Every figure the atlas issue asks for, as a dict."""
    started = time.perf_counter()
    atlas = load_atlas(manifest)
    load_seconds = time.perf_counter() - started
    skin = _polydata(atlas.skin)
    hard = pv.merge([_polydata(atlas.structures[name]) for name in HARD_BONES])
    rows = {}
    for structure in atlas.structures.values():
        mesh = trimesh.Trimesh(structure.vertices, structure.faces, process=False)
        row = {
            "triangles": len(structure.faces),
            "watertight": bool(mesh.is_watertight),
            "winding_consistent": bool(mesh.is_winding_consistent),
            "volume_ml": round(float(mesh.volume) / 1000.0, 2),
        }
        if structure.kind != "skin":
            row["inside_skin_pct"] = round(100 * _inside_fraction(structure.vertices, skin), 2)
        if structure.kind == "muscle":
            row["inside_bone_pct"] = round(100 * _inside_fraction(structure.vertices, hard), 2)
        rows[structure.id] = row
    head_and_neck = atlas.skin.vertices[:, 2] > atlas.landmark("sternal_notch")[2]
    return {
        "skin_vertices_above_sternal_notch": int(head_and_neck.sum()),
        "load_seconds": round(load_seconds, 3),
        "total_triangles": int(sum(row["triangles"] for row in rows.values())),
        "structures": rows,
        "attachments_mm": _attachments(atlas),
        "mirror_mm": _mirror(atlas),
    }


def _attachments(atlas) -> dict:
    result = {}
    for spec in MUSCLES:
        for side in ("left", "right"):
            surface = _polydata(atlas.structures[f"{spec.id}_{side}"])
            for role, name in (("origin", spec.origin), ("insertion", spec.insertion)):
                landmark = name.replace("_left", f"_{side}")
                result[f"{spec.id}_{side}.{role}({landmark})"] = round(
                    _surface_distance(surface, atlas.landmark(landmark)), 2
                )
    return result


def _mirror(atlas) -> dict:
    """Largest distance from a mirrored left vertex to the right surface."""
    result = {}
    for name, structure in atlas.structures.items():
        if not name.endswith("_left"):
            continue
        right = _polydata(atlas.structures[name[:-5] + "_right"])
        mirrored = np.array(structure.vertices) * np.array([-1.0, 1.0, 1.0])
        _, closest = right.find_closest_cell(mirrored, return_closest_point=True)
        result[name[:-5]] = round(float(np.linalg.norm(closest - mirrored, axis=1).max()), 3)
    return result


def _count(label: str, values: dict, passes, extreme=None, unit: str = "") -> str:
    """``label: passed/total (extreme value)``."""
    text = f"{label}: {sum(passes(value) for value in values.values())}/{len(values)}"
    if extreme is not None:
        name, function = extreme
        text += f" ({name} {function(values.values())}{unit})"
    return text


def summary(report: dict) -> list[str]:
    """The pass/fail lines for the closing note."""
    rows = report["structures"]
    closed = {
        k: v["watertight"] and v["winding_consistent"] and v["volume_ml"] > 0
        for k, v in rows.items()
    }
    bones = {
        k: v["inside_skin_pct"]
        for k, v in rows.items()
        if "inside_bone_pct" not in v and k != "skin"
    }
    muscles = {k: v["inside_skin_pct"] for k, v in rows.items() if "inside_bone_pct" in v}
    in_bone = {
        k: v["inside_bone_pct"]
        for k, v in rows.items()
        if "inside_bone_pct" in v and not k.startswith(RESTING_ON_BONE)
    }
    return [
        _count("closed and outward", closed, bool),
        _count("bones >= 99 % inside skin", bones, lambda v: v >= 99, ("min", min), " %"),
        _count("muscles >= 97 % inside skin", muscles, lambda v: v >= 97, ("min", min), " %"),
        _count(
            "muscles <= 3 % inside skull/vertebrae (suboccipitals exempt)",
            in_bone,
            lambda v: v <= 3,
            ("max", max),
            " %",
        ),
        _count(
            "attachments within 6 mm",
            report["attachments_mm"],
            lambda v: v <= 6,
            ("max", max),
            " mm",
        ),
        _count(
            "left/right mirror within 2 mm",
            report["mirror_mm"],
            lambda v: v <= 2,
            ("max", max),
            " mm",
        ),
        f"head and neck skin vertices (above the sternal notch): "
        f"{report['skin_vertices_above_sternal_notch']} (at least 25000)",
        f"triangles: {report['total_triangles']} (budget 300000); "
        f"load: {report['load_seconds']} s (budget 0.5 s)",
    ]


if __name__ == "__main__":
    result = measure()
    Path("meshes/atlas_report.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print("\n".join(summary(result)))

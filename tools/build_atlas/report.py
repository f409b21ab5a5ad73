"""Measure the built atlas against anatomy.md and the issue's figures.

``python -m tools.build_atlas.report [ATLAS_DIR]`` reads the atlas through the
app's own loader, so it measures exactly what the app will show, writes
``atlas_report.json`` next to the manifest and prints the summary.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import trimesh

from explorer.model.atlas import AT_RISK_KINDS, load_atlas
from tools.build_atlas import anatomy_checks, at_risk_checks
from tools.build_atlas.measures import figures, outside_counts, polydata
from tools.build_atlas.muscle_specs import MUSCLES

RESTING_ON_BONE = ("rectus_capitis", "obliquus_capitis")  # the suboccipitals may touch bone
HARD_BONES = ("skull", "cervical_spine", "thoracic_spine")
#: Structures measured together as well as part by part.
GROUPS = {
    "sternocleidomastoid": ("sternocleidomastoid_sternal", "sternocleidomastoid_clavicular"),
    "trapezius": ("trapezius_descending", "trapezius_transverse", "trapezius_ascending"),
}
GROUP_RANGES = {"sternocleidomastoid": {"width_mm": (30.0, 40.0, "one belly 3-4 cm wide")}}


def _inside_fraction(points: np.ndarray, closed) -> float:
    distance = polydata(points, np.zeros((0, 3), int)).compute_implicit_distance(closed)
    return float(np.mean(np.asarray(distance["implicit_distance"]) < 0))


def _surface_distance(surface, point) -> float:
    _, closest = surface.find_closest_cell(np.atleast_2d(point), return_closest_point=True)
    return float(np.linalg.norm(np.ravel(closest) - np.asarray(point)))


def _structure_rows(atlas, skin, hard) -> dict:
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
            row["vertices_outside_skin"], row["face_points_outside_skin"] = outside_counts(
                mesh, skin
            )
        if structure.kind == "muscle":
            row["inside_bone_pct"] = round(100 * _inside_fraction(structure.vertices, hard), 2)
        rows[structure.id] = row
    return rows


def _muscle_rows(atlas) -> dict:
    """Per left muscle (the right mirrors it): sizes, ranges, ends, and why not."""
    rows = {}
    for spec in MUSCLES:
        structure = atlas.structures[f"{spec.id}_left"]
        mesh = trimesh.Trimesh(structure.vertices, structure.faces, process=False)
        axis = atlas.landmark(spec.insertion) - atlas.landmark(spec.origin)
        row = figures(mesh, axis) | {"shape": spec.shape}
        # The distance between the two attachment landmarks (anatomy.md gives
        # some sizes this way, e.g. mastoid to manubrium).
        row["span_mm"] = round(float(np.linalg.norm(axis)), 1)
        surface = polydata(structure.vertices, structure.faces)
        row["origin_mm"] = round(_surface_distance(surface, atlas.landmark(spec.origin)), 1)
        row["insertion_mm"] = round(_surface_distance(surface, atlas.landmark(spec.insertion)), 1)
        row["ranges"] = {
            r.figure: {
                "range": [r.low, r.high],
                "anatomy_md": r.note,
                "in_range": r.low <= row[r.figure] <= r.high,
            }
            for r in spec.ranges
        }
        rows[spec.id] = row
    for group, members in GROUPS.items():
        merged = trimesh.util.concatenate(
            [
                trimesh.Trimesh(
                    atlas.structures[f"{m}_left"].vertices, atlas.structures[f"{m}_left"].faces
                )
                for m in members
            ]
        )
        row = figures(merged) | {"shape": "group of " + ", ".join(members)}
        row["ranges"] = {
            figure: {
                "range": [low, high],
                "anatomy_md": note,
                "in_range": low <= row[figure] <= high,
            }
            for figure, (low, high, note) in GROUP_RANGES.get(group, {}).items()
        }
        rows[group + " (whole)"] = row
    return rows


def _attachments(atlas) -> dict:
    result = {}
    for spec in MUSCLES:
        for side in ("left", "right"):
            surface = polydata(
                atlas.structures[f"{spec.id}_{side}"].vertices,
                atlas.structures[f"{spec.id}_{side}"].faces,
            )
            for role, name in (("origin", spec.origin), ("insertion", spec.insertion)):
                landmark = name.replace("_left", f"_{side}")
                result[f"{spec.id}_{side}.{role}({landmark})"] = round(
                    _surface_distance(surface, atlas.landmark(landmark)), 2
                )
    return result


def _mirror(atlas) -> dict:
    """Largest distance from a mirrored left vertex to the right surface, for
    bones and muscles (each structure at risk follows its own side's bones, and
    the brachiocephalic veins differ by anatomy)."""
    result = {}
    for name, structure in atlas.structures.items():
        if not name.endswith("_left") or structure.kind not in ("bone", "muscle"):
            continue
        right = atlas.structures[name[:-5] + "_right"]
        mirrored = np.array(structure.vertices) * np.array([-1.0, 1.0, 1.0])
        _, closest = polydata(right.vertices, right.faces).find_closest_cell(
            mirrored, return_closest_point=True
        )
        result[name[:-5]] = round(float(np.linalg.norm(closest - mirrored, axis=1).max()), 3)
    return result


def measure(manifest: Path = Path("meshes/manifest.yaml")) -> dict:
    """Every figure of the atlas issues, as a dict."""
    started = time.perf_counter()
    atlas = load_atlas(manifest)
    load_seconds = time.perf_counter() - started
    skin = polydata(atlas.skin.vertices, atlas.skin.faces)
    hard = polydata(
        np.vstack([atlas.structures[n].vertices for n in HARD_BONES]),
        np.vstack(_offset_faces([atlas.structures[n] for n in HARD_BONES])),
    )
    rows = _structure_rows(atlas, skin, hard)
    head_and_neck = atlas.skin.vertices[:, 2] > atlas.landmark("sternal_notch")[2]
    return {
        "skin_vertices_above_sternal_notch": int(head_and_neck.sum()),
        "load_seconds": round(load_seconds, 3),
        "total_triangles": int(sum(row["triangles"] for row in rows.values())),
        "structures": rows,
        "muscles": _muscle_rows(atlas),
        "attachments_mm": _attachments(atlas),
        "mirror_mm": _mirror(atlas),
        "depth_order": anatomy_checks.depth_order(atlas),
        "sheets": anatomy_checks.sheets(atlas),
        "at_risk": {
            "structures": _at_risk_rows(atlas),
            "vertebral_artery_foramina": at_risk_checks.foramen_passages(atlas),
            "pleural_dome": at_risk_checks.dome_heights(atlas),
        },
        "bones": {
            "clavicle_left": anatomy_checks.clavicle(atlas, "left"),
            "scapula_left": anatomy_checks.scapula(atlas, "left"),
            "thoracic_spinous_y_z_ahead": anatomy_checks.thoracic_line(atlas),
            "jaw_left": anatomy_checks.jaw(atlas),
        },
    }


def _at_risk_rows(atlas) -> dict:
    """Kind, triangles and size of each structure at risk."""
    rows = {}
    for structure in atlas.structures.values():
        if structure.kind not in AT_RISK_KINDS:
            continue
        mesh = trimesh.Trimesh(structure.vertices, structure.faces, process=False)
        rows[structure.id] = {
            "kind": structure.kind,
            "triangles": len(structure.faces),
            "extent_mm": round(float(np.linalg.norm(np.ptp(structure.vertices, axis=0))), 1),
            "volume_ml": round(float(mesh.volume) / 1000.0, 2),
        }
    return rows


def _offset_faces(structures):
    offset, faces = 0, []
    for structure in structures:
        faces.append(np.asarray(structure.faces) + offset)
        offset += len(structure.vertices)
    return faces


def main(atlas_dir: str = "meshes") -> None:
    """Measure the atlas in ``atlas_dir``, save its report beside it, print the summary."""
    from tools.build_atlas.report_summary import summary

    result = measure(Path(atlas_dir) / "manifest.yaml")
    saved = {key: value for key, value in result.items() if key != "load_seconds"}
    (Path(atlas_dir) / "atlas_report.json").write_text(json.dumps(saved, indent=1) + "\n", "utf-8")
    print("\n".join(summary(result)))


if __name__ == "__main__":
    main(*sys.argv[1:2])

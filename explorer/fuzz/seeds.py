"""The valid inputs every case starts from, built once per run.

* the shipped ``trigger_points.yaml`` (checked against the shipped atlas);
* a small atlas of its own (a skin, a bone and a muscle pair as spheres) for
  manifest cases, so each one loads in milliseconds;
* one small mesh per format, and a kiosk settings file with a real PIN hash.

Meshes are made with trimesh's exporters, in this process only: the workers
that load the cases never import trimesh.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from explorer.bundled_data import bundled_atlas, bundled_content
from explorer.model.errors import ContentError
from explorer.model.yaml_source import load_yaml

#: Format key -> (file suffix, trimesh export arguments).
MESH_KINDS = {
    "ply": (".ply", {"file_type": "ply", "encoding": "binary"}),
    "ply_ascii": (".ply", {"file_type": "ply", "encoding": "ascii"}),
    "obj": (".obj", {"file_type": "obj"}),
    "stl": (".stl", {"file_type": "stl"}),
    "stl_ascii": (".stl", {"file_type": "stl_ascii"}),
    "off": (".off", {"file_type": "off"}),
    "glb": (".glb", {"file_type": "glb"}),
}
BINARY_KINDS = ("ply", "stl", "glb")

ATLAS_MANIFEST = """\
version: 1
name: Fuzz atlas
frame: RAS
units: mm
sources:
  synthetic: {title: Synthetic spheres, licence: CC0-1.0}
structures:
  - id: skin
    name: Skin
    kind: skin
    layer: superficial
    side: midline
    file: skin.ply
    color: "#e0b9a0"
    source: synthetic
  - id: skull
    name: Skull
    kind: bone
    layer: deep
    side: midline
    file: skull.ply
    color: "#eee8d5"
    source: synthetic
    units: cm
  - id: muscle_left
    name: Muscle (left)
    kind: muscle
    layer: intermediate
    side: left
    file: muscle_left.ply
    color: "#b5524a"
    source: synthetic
    transform: [[1, 0, 0, -60], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]
  - id: muscle_right
    name: Muscle (right)
    kind: muscle
    layer: intermediate
    side: right
    file: muscle_right.ply
    color: "#b5524a"
    source: synthetic
    transform: [[-1, 0, 0, 60], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]
landmarks:
  vertex: {at: [0.0, 0.0, 1600.0], on: skin}
  temple_left: {at: [-70.0, 40.0, 1520.0], on: skin}
  temple_right: {at: [70.0, 40.0, 1520.0], on: skin}
"""

KIOSK_SETTINGS = """\
# Fuzz kiosk settings
clinic_name: Riverside Physiotherapy
logo: null
idle_attract_seconds: 60
idle_reset_seconds: 120
attract_step_seconds: 6
corner: top_left
corner_hold_seconds: 3
pin_hash: "{pin_hash}"
"""


@dataclass(frozen=True)
class Seeds:
    """Valid inputs (bytes) and their parsed data."""

    content_text: bytes
    content_data: Any
    atlas_files: dict[str, bytes]
    manifest_data: Any
    meshes: dict[str, bytes]
    mesh_vertex_count: dict[str, int]
    #: Format -> mesh variant (``flat``, ``speck``, ``some-flat``) -> bytes; see :func:`_variants`.
    mesh_variants: dict[str, dict[str, bytes]]
    kiosk_text: bytes
    kiosk_data: dict


def _sphere(radius: float, centre: tuple[float, float, float], subdivisions: int):
    import trimesh

    mesh = trimesh.creation.icosphere(subdivisions=subdivisions, radius=radius)
    mesh.apply_translation(centre)
    return mesh


def _export(mesh, kind: str) -> bytes:
    data = mesh.export(**MESH_KINDS[kind][1])
    return data.encode() if isinstance(data, str) else data


def _variants(sample) -> dict:
    """Well-formed meshes a loader must still judge by their geometry.

    ``flat``: every triangle has zero area (all corners on one line), invalid;
    ``speck``: the sample at a billionth of its size, a units mistake, invalid;
    ``some-flat``: the sample plus two degenerate triangles, as real exports
    often have, valid.
    """
    import numpy as np
    import trimesh

    on_a_line = sample.vertices.copy()
    on_a_line[:, 1:] = on_a_line[:, :1] * 0.5 + [20.0, 1480.0]
    some_flat = np.vstack([sample.faces, [[0, 0, 1], [2, 2, 2]]])
    return {
        "flat": trimesh.Trimesh(on_a_line, sample.faces, process=False),
        "speck": trimesh.Trimesh(sample.vertices * 1e-9, sample.faces, process=False),
        "some-flat": trimesh.Trimesh(sample.vertices, some_flat, process=False),
    }


def _ply(mesh) -> bytes:
    return mesh.export(file_type="ply", encoding="binary")


@cache
def build_seeds() -> Seeds:
    """Every seed input (cached: a run builds them once)."""
    from explorer.qt.kiosk.pin import hash_pin

    content_path = bundled_content()
    atlas = {
        "manifest.yaml": ATLAS_MANIFEST.encode(),
        "skin.ply": _ply(_sphere(100.0, (0.0, 0.0, 1500.0), 3)),
        "skull.ply": _ply(_sphere(6.0, (0.0, 0.0, 150.0), 2)),  # in cm
        "muscle_left.ply": _ply(_sphere(15.0, (0.0, 0.0, 0.0), 1)),
        "muscle_right.ply": _ply(_sphere(15.0, (0.0, 0.0, 0.0), 1)),
    }
    sample = _sphere(80.0, (0.0, 20.0, 1480.0), 2)
    meshes = {kind: _export(sample, kind) for kind in MESH_KINDS}
    variants = {
        kind: {name: _export(mesh, kind) for name, mesh in _variants(sample).items()}
        for kind in MESH_KINDS
    }
    vertex_counts = {kind: len(sample.vertices) for kind in MESH_KINDS}
    vertex_counts.update(stl=3 * len(sample.faces), stl_ascii=3 * len(sample.faces))
    kiosk = KIOSK_SETTINGS.format(pin_hash=hash_pin("2468")).encode()
    return Seeds(
        content_text=content_path.read_bytes(),
        content_data=load_yaml(content_path, ContentError).data,
        atlas_files=atlas,
        manifest_data=_parse(ATLAS_MANIFEST),
        meshes=meshes,
        mesh_vertex_count=vertex_counts,
        mesh_variants=variants,
        kiosk_text=kiosk,
        kiosk_data=_parse(kiosk.decode()),
    )


def _parse(text: str) -> Any:
    from explorer.model.yaml_events import build

    return build(text)


def shipped_atlas() -> Path:
    """The shipped manifest, which content cases are checked against."""
    return bundled_atlas()

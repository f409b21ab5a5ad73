"""Bones: OpenSim/MyoSim meshes, converted to RAS mm, split into named parts."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import trimesh

# OpenSim: metres, +x anterior, +y up, +z right. RAS: x' = z, y' = x, z' = y (det +1).
OPENSIM_TO_RAS = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]) * 1000.0

BONE_FILES = {
    "skull": "hat_skull",
    "mandible": "hat_jaw",
    "cervical_spine": "hat_cervical",
    "thoracic_spine": "hat_thoracic",
    "ribs_shoulder_girdle": "hat_ribs_scap",
}


@dataclass
class Bone:
    """A bone mesh in the atlas orientation."""

    id: str
    vertices: np.ndarray
    faces: np.ndarray


def read_bone(stl_bytes: bytes, bone_id: str) -> Bone:
    """Parse an STL from the wheel and rotate it into RAS millimetres."""
    mesh = trimesh.load(io.BytesIO(stl_bytes), file_type="stl", process=True)
    return Bone(
        bone_id,
        np.asarray(mesh.vertices) @ OPENSIM_TO_RAS.T,
        np.asarray(mesh.faces, dtype=np.int64),
    )


def _components(bone: Bone) -> tuple[np.ndarray, np.ndarray]:
    """Face labels of the connected pieces, and the pieces ordered by size."""
    mesh = trimesh.Trimesh(bone.vertices, bone.faces, process=False)
    labels = trimesh.graph.connected_component_labels(
        mesh.face_adjacency, node_count=len(mesh.faces)
    )
    return labels, np.argsort(-np.bincount(labels), kind="stable")


def _subset(bone: Bone, face_mask: np.ndarray, new_id: str) -> Bone:
    faces = bone.faces[face_mask]
    used, inverse = np.unique(faces, return_inverse=True)
    return Bone(new_id, bone.vertices[used], inverse.reshape(-1, 3))


def split_girdle(girdle: Bone) -> dict[str, Bone]:
    """Split ``hat_ribs_scap`` into rib cage, scapulae and clavicles.

    The largest piece of that mesh is not bone: it is the MyoSuite logo, a
    disc with a figure standing in front of the sternum. It and the loose
    pieces inside its bounding box are dropped.
    """
    labels, order = _components(girdle)
    logo_faces = girdle.faces[labels == order[0]]
    logo_box = girdle.vertices[np.unique(logo_faces)]
    low, high = logo_box.min(axis=0) - 3.0, logo_box.max(axis=0) + 3.0
    if not (40 < np.ptp(logo_box[:, 1]) < 80 and 100 < np.ptp(logo_box[:, 0]) < 160):
        raise RuntimeError("hat_ribs_scap changed: its largest piece is no longer the logo")
    keep = np.ones(len(girdle.faces), dtype=bool)
    parts: dict[str, np.ndarray] = {}
    for label in order:
        face_mask = labels == label
        points = girdle.vertices[np.unique(girdle.faces[face_mask])]
        if np.all((points >= low) & (points <= high)):
            keep &= ~face_mask
    # The scapulae and clavicles are the largest lateral pieces on each side.
    for name, rank_range in (("scapula", (1, 3)), ("clavicle", (4, 6))):
        for label in order[rank_range[0] : rank_range[1]]:
            face_mask = labels == label
            centre_x = girdle.vertices[np.unique(girdle.faces[face_mask])][:, 0].mean()
            side = "left" if centre_x < 0 else "right"
            parts[f"{name}_{side}"] = face_mask
            keep &= ~face_mask
    bones = {name: _subset(girdle, mask, name) for name, mask in parts.items()}
    bones["rib_cage"] = _subset(girdle, keep, "rib_cage")
    return bones

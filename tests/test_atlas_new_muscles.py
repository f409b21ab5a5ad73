"""The muscles added by issue 13 (scalenes, semispinalis cervicis and the
cervical multifidi, pterygoids, zygomaticus major, digastric, platysma): in the
bundled atlas on both sides, and in their textbook relations to their
neighbours. Closure, the skin, attachments and mirror symmetry are checked for
every muscle by tests/test_shipped_atlas.py."""

from pathlib import Path

import numpy as np
import pytest

from explorer.model.atlas import load_atlas
from tools.build_atlas.measures import polydata

MANIFEST = Path(__file__).resolve().parents[1] / "meshes" / "manifest.yaml"
NEW = (
    "scalenus_anterior",
    "scalenus_medius",
    "scalenus_posterior",
    "semispinalis_cervicis",
    "multifidus_cervicis",
    "pterygoid_lateral",
    "pterygoid_medial",
    "zygomaticus_major",
    "digastric_anterior",
    "digastric_posterior",
    "platysma",
)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(MANIFEST)


def _centre(atlas, name: str) -> np.ndarray:
    return np.asarray(atlas.structures[name].vertices).mean(axis=0)


def test_every_new_muscle_is_in_the_atlas_on_both_sides(atlas):
    for base in NEW:
        for side in ("left", "right"):
            structure = atlas.structures[f"{base}_{side}"]
            assert (structure.kind, structure.side) == ("muscle", side)


def test_subclavian_artery_and_plexus_pass_between_anterior_and_middle_scalene(atlas):
    # Over the first rib the artery lies behind the anterior scalene's lower
    # end and in front of the middle scalene's.
    for side in ("left", "right"):
        groove = np.asarray(atlas.landmark(f"first_rib_groove_{side}"), float)
        anterior = np.asarray(atlas.structures[f"scalenus_anterior_{side}"].vertices)
        middle = np.asarray(atlas.structures[f"scalenus_medius_{side}"].vertices)
        low_anterior = anterior[anterior[:, 2] < groove[2] + 15.0]
        low_middle = middle[middle[:, 2] < groove[2] + 15.0]
        assert low_anterior[:, 1].mean() > groove[1] > low_middle[:, 1].mean(), side


def test_platysma_lies_over_the_sternocleidomastoid(atlas):
    # Along rays from the front of the neck the platysma comes before the SCM.
    platysma = polydata(
        atlas.structures["platysma_left"].vertices, atlas.structures["platysma_left"].faces
    )
    scm = polydata(
        atlas.structures["sternocleidomastoid_sternal_left"].vertices,
        atlas.structures["sternocleidomastoid_sternal_left"].faces,
    )
    centre = _centre(atlas, "sternocleidomastoid_sternal_left")
    crossings = 0
    for dz in (-40.0, -30.0, -20.0, -10.0, 0.0, 10.0, 20.0):
        start, end = centre + (-60.0, 60.0, dz), centre + (20.0, -20.0, dz)
        over, _ = platysma.ray_trace(start, end, first_point=True)
        under, _ = scm.ray_trace(start, end, first_point=True)
        if len(over) and len(under):
            crossings += 1
            assert np.linalg.norm(over - start) < np.linalg.norm(under - start), dz
    assert crossings >= 2


def test_multifidus_lies_deep_to_semispinalis_cervicis(atlas):
    # From behind, beside the spinous processes of C3-C5, the multifidus is the deeper.
    compared = 0
    for z_name in ("c3_spinous", "c4_spinous", "c5_spinous"):
        level = np.asarray(atlas.landmark(z_name), float)
        start = np.array([-8.0, level[1] - 80.0, level[2]])
        end = start + (0.0, 140.0, 0.0)
        depths = {}
        for name in ("semispinalis_cervicis_left", "multifidus_cervicis_left"):
            surface = polydata(atlas.structures[name].vertices, atlas.structures[name].faces)
            hit, _ = surface.ray_trace(start, end, first_point=True)
            depths[name] = float(hit[1]) if len(hit) else None
        if None not in depths.values():
            compared += 1
            assert depths["semispinalis_cervicis_left"] < depths["multifidus_cervicis_left"]
    assert compared >= 1

"""The needle view on the shipped files: every named structure resolves, the lines make sense."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.needle import at_risk_structures, named_structures, path_for_point
from explorer.model.project import load_project

ROOT = Path(__file__).resolve().parents[2]
#: The points the issue asks to look at, each with a drawn approach.
LOOKED_AT = (
    "upper_trapezius.tp1.left",
    "scm_sternal.lower.left",
    "suboccipitals.group.left",
    "splenius_capitis.tp1.left",
)


@pytest.fixture(scope="module")
def shipped():
    return load_project(ROOT / "trigger_points.yaml", ROOT / "meshes" / "manifest.yaml")


def test_every_named_structure_resolves_on_both_sides(shipped):
    at_risk = at_risk_structures(shipped.atlas)
    for point in shipped.catalog.trigger_points():
        names = point.needling.structures if point.needling else ()
        resolved = named_structures(point, at_risk)
        assert len(resolved) == len(names), point.id
        assert all(sid in at_risk for sid in resolved)


@pytest.mark.parametrize("tp_id", LOOKED_AT)
def test_the_looked_at_points_draw_a_line_from_the_skin(shipped, tp_id):
    from explorer.scene.markers import marker_positions

    point = shipped.catalog.get(tp_id)
    position = marker_positions([point], shipped.atlas)[0]
    path = path_for_point(point, position, shipped.atlas)
    assert path is not None
    assert np.linalg.norm(path.direction) == pytest.approx(1.0)
    # A needle enters the skin within reach of the point: 1 mm to 8 cm along its line.
    assert 1.0 <= path.skin_to_point_mm <= 80.0


def test_right_side_lines_mirror_the_left(shipped):
    from explorer.scene.markers import marker_positions

    for tp_id in LOOKED_AT:
        left = shipped.catalog.get(tp_id)
        right = shipped.catalog.get(tp_id.replace(".left", ".right"))
        positions = marker_positions([left, right], shipped.atlas)
        paths = [
            path_for_point(p, x, shipped.atlas)
            for p, x in zip((left, right), positions, strict=True)
        ]
        mirrored = paths[1].direction * [-1.0, 1.0, 1.0]
        # The atlas is nearly symmetric, so the lines agree to within a few degrees.
        assert paths[0].direction @ mirrored > np.cos(np.radians(10.0)), tp_id

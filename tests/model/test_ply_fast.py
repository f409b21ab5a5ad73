"""The numpy PLY reader agrees with trimesh and declines layouts it does not know."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import trimesh

from explorer.model.ply_fast import read_binary_ply

ATLAS = Path(__file__).resolve().parents[1] / "data" / "tiny_atlas"


@pytest.mark.parametrize("name", ["skin.ply", "skull.ply", "demo_muscle_left.ply"])
def test_same_arrays_as_trimesh(name):
    data = (ATLAS / name).read_bytes()
    vertices, faces = read_binary_ply(data)
    reference = trimesh.load(io.BytesIO(data), file_type="ply", force="mesh", process=False)
    np.testing.assert_array_equal(vertices, np.asarray(reference.vertices, dtype=np.float64))
    np.testing.assert_array_equal(faces, np.asarray(reference.faces, dtype=np.int64))
    assert vertices.dtype == np.float64 and faces.dtype == np.int64


def test_other_layouts_fall_back():
    mesh = trimesh.creation.box()
    ascii_ply = trimesh.exchange.ply.export_ply(mesh, encoding="ascii")
    assert read_binary_ply(ascii_ply) is None
    assert read_binary_ply(b"solid not a ply\n") is None
    binary = (ATLAS / "skin.ply").read_bytes()
    assert read_binary_ply(binary[:-5]) is None  # truncated: let trimesh report it

"""OBJ, OFF, STL, GLB and PLY meshes load to the same triangles; bad indices and NaNs are refused.

The files are written by trimesh's exporters, an implementation independent of
the app's own readers (:mod:`explorer.model.mesh_formats`), so a reader that
misreads a format cannot agree with its own writer by accident.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import trimesh

from explorer.model.atlas import load_atlas
from explorer.model.errors import ExplorerError
from explorer.model.mesh_io import MeshFileError, parse_mesh

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny_atlas"

# A tetrahedron with coordinates float32 holds exactly (so binary formats lose
# nothing), none of them a whole number, and faces not in vertex order.
TETRA_VERTICES = np.array(
    [[-12.25, 3.5, 0.125], [40.5, -2.75, 1.0], [0.5, 30.25, -4.5], [2.0, 1.5, 25.75]]
)
TETRA_FACES = np.array([[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])
#: trimesh's export name -> the suffix the atlas file gets.
FORMATS = {
    "obj": ".obj",
    "off": ".off",
    "stl": ".stl",  # binary
    "stl_ascii": ".stl",
    "glb": ".glb",
    "ply": ".ply",
}
#: STL stores each triangle's three corners, not shared vertices.
UNINDEXED = {"stl", "stl_ascii"}


def exported(vertices: np.ndarray, faces: np.ndarray, kind: str) -> bytes:
    data = trimesh.Trimesh(vertices, faces, process=False).export(file_type=kind)
    return data.encode() if isinstance(data, str) else data


@pytest.mark.parametrize("kind", FORMATS)
def test_each_format_reads_back_the_same_triangles(kind):
    data = exported(TETRA_VERTICES, TETRA_FACES, kind)
    vertices, faces = parse_mesh(Path(f"tetra{FORMATS[kind]}"), data, max_triangles=4)
    assert vertices.dtype == np.float64 and faces.dtype == np.int64
    np.testing.assert_array_equal(vertices[faces], TETRA_VERTICES[TETRA_FACES])
    if kind in UNINDEXED:
        assert faces.tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]
    else:  # vertex order kept: landmarks and per-vertex data authored on the file stay valid
        np.testing.assert_array_equal(vertices, TETRA_VERTICES)
        np.testing.assert_array_equal(faces, TETRA_FACES)


@pytest.mark.parametrize("kind", ["obj", "off", "stl", "glb"])
def test_an_atlas_whose_skin_is_in_another_format_loads_the_same_skin(tmp_path, kind):
    shipped = load_atlas(TINY / "manifest.yaml").skin
    atlas_dir = tmp_path / "atlas"
    shutil.copytree(TINY, atlas_dir)
    suffix = FORMATS[kind]
    (atlas_dir / f"skin{suffix}").write_bytes(exported(shipped.vertices, shipped.faces, kind))
    manifest = atlas_dir / "manifest.yaml"
    text = manifest.read_text()
    # Point the skin at the new file and drop its sha256 (that of skin.ply).
    changed = re.sub(
        r"file: skin\.ply, (.*?),\s*sha256: \"[0-9a-f]+\"\}", rf"file: skin{suffix}, \1}}", text
    )
    assert changed != text
    manifest.write_text(changed)
    skin = load_atlas(manifest).skin
    # OBJ and OFF store decimal text: equal to well under a micrometre.
    np.testing.assert_allclose(
        skin.vertices[skin.faces], shipped.vertices[shipped.faces], rtol=0, atol=1e-6
    )
    assert len(skin.faces) == len(shipped.faces)


# Face indices and coordinates ---------------------------------------------

FOUR_VERTICES = "OFF\n4 1 0\n0 0 0\n1 0 0\n0 1 0\n0 0 1\n"


def test_the_last_vertex_is_a_valid_index():
    vertices, faces = parse_mesh(Path("x.off"), (FOUR_VERTICES + "3 0 1 3\n").encode(), 10)
    assert faces.tolist() == [[0, 1, 3]]
    assert len(vertices) == 4


def test_an_index_one_past_the_last_vertex_is_refused():
    with pytest.raises(MeshFileError) as caught:
        parse_mesh(Path("x.off"), (FOUR_VERTICES + "3 0 1 4\n").encode(), 10)
    error = caught.value
    assert (error.message, error.fix, error.field) == (
        "mesh file x.off could not be read (a face refers to vertex 4, but there are 4).",
        "Re-export it as a valid OFF triangle mesh.",
        "file",
    )


ASCII_PLY = (
    "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
    "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"
    "0 0 0\n1 0 0\n0 1 0\n3 0 1 -1\n"
)


def test_a_negative_index_is_refused_and_named():
    # The PLY reader passes signed indices through; the final check must catch them.
    with pytest.raises(MeshFileError) as caught:
        parse_mesh(Path("x.ply"), ASCII_PLY.encode(), 10)
    assert caught.value.message == (
        "mesh file x.ply could not be read (a face refers to vertex -1, but there are 3)."
    )


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf"])
def test_non_finite_coordinates_are_refused(bad):
    data = f"OFF\n3 1 0\n0 0 0\n{bad} 0 0\n0 1 0\n3 0 1 2\n".encode()
    with pytest.raises(MeshFileError) as caught:
        parse_mesh(Path("x.off"), data, 10)
    assert caught.value.message == (
        "mesh file x.off could not be read (it has NaN or infinite coordinates)."
    )


def test_a_nan_in_the_skin_is_a_located_atlas_error(tmp_path):
    atlas_dir = tmp_path / "atlas"
    shutil.copytree(TINY, atlas_dir)
    manifest = atlas_dir / "manifest.yaml"
    text = re.sub(
        r"file: skin\.ply, (.*?),\s*sha256: \"[0-9a-f]+\"\}",
        r"file: skin.off, \1}",
        manifest.read_text(),
    )
    manifest.write_text(text)
    (atlas_dir / "skin.off").write_text("OFF\n3 1 0\n0 0 0\nnan 0 0\n0 1 0\n3 0 1 2\n")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "file: skin.off" in row)
    column = text.splitlines()[line - 1].index("file:") + 1  # the key the problem is about
    with pytest.raises(ExplorerError) as caught:
        load_atlas(manifest)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{manifest}:{line}:{column}: structures[0].file: mesh file {atlas_dir / 'skin.off'} "
        "could not be read (it has NaN or infinite coordinates). "
        "Fix: Re-export it as a valid OFF triangle mesh."
    ]

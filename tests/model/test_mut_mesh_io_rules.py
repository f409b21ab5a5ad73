"""mesh_io's checks at their edges: exact limits, long paths, odd reader results, warnings.

Each test pins one boundary or one message the earlier tests leave open. Paths are
built so their length is known (over 80 characters but within 160, or over 160), which
decides whether a message quotes them whole or keeps only their end.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from explorer.model import mesh_io
from explorer.model.errors import clip
from explorer.model.mesh_formats import MeshFormatError
from explorer.model.mesh_io import (
    MeshFileError,
    check_in_reach,
    check_mesh_path,
    has_area,
    parse_mesh,
    read_mesh_bytes,
    resolve_inside,
    to_atlas_frame,
)

TRIANGLE_OFF = b"OFF\n3 1 0\n0 0 0\n10 0 0\n0 10 0\n3 0 1 2\n"
PATH_FIX = "Put the mesh inside the atlas folder and give its path relative to the manifest."
SIZE_FIX = "Decimate the mesh, or raise max_triangles if the machine has the memory."
REACH_FIX = "Check 'units' (what one unit of the file is) and the 'transform'."


def caught(call, *args, **kwargs) -> MeshFileError:
    with pytest.raises(MeshFileError) as error:
        call(*args, **kwargs)
    return error.value


def folder_of_length(tmp_path: Path, length: int) -> Path:
    """A folder under ``tmp_path`` whose resolved path has exactly ``length`` characters."""
    base = tmp_path.resolve()
    folder = base / ("d" * (length - len(str(base)) - 1))
    folder.mkdir()
    assert len(str(folder)) == length
    return folder


# check_mesh_path --------------------------------------------------------------------------


def test_a_space_is_not_a_control_character():
    assert check_mesh_path("my skin.ply") is None
    assert check_mesh_path("\u00e9t\u00e9/\u0080x.ply") is None  # U+0080 is past DEL


def test_a_path_of_exactly_1024_characters_passes_and_1025_do_not():
    assert check_mesh_path("a/" * 511 + "bc") is None  # 1,024 characters
    assert check_mesh_path("a/" * 511 + "bcd") == "a path of 1,025 characters (at most 1,024)"


def test_a_name_of_exactly_255_bytes_passes_in_any_folder():
    assert check_mesh_path("parts\\" + "x" * 255) is None
    assert check_mesh_path("parts/" + "\u00e9" * 127 + "x") is None  # 254 + 1 bytes


# MeshFileError -------------------------------------------------------------------------------


def test_a_mesh_file_error_carries_message_fix_and_field():
    error = MeshFileError("what", "how")
    assert (str(error), error.message, error.fix, error.field) == ("what", "what", "how", "file")
    assert MeshFileError("what", "how", field="units").field == "units"


# resolve_inside ------------------------------------------------------------------------------


def test_a_path_starting_with_a_backslash_is_absolute_too(tmp_path):
    error = caught(resolve_inside, tmp_path, "\\etc\\passwd")
    assert (
        error.message == "mesh path '\\etc\\passwd' is absolute; only relative paths are allowed."
    )
    assert (error.fix, error.field) == (PATH_FIX, "file")


def test_a_malformed_path_gets_the_path_fix(tmp_path):
    error = caught(resolve_inside, tmp_path, "")
    assert error.message == "mesh path '' is an empty path."
    assert (error.fix, error.field) == (PATH_FIX, "file")


def test_a_long_relative_path_is_quoted_by_its_end(tmp_path):
    relative = "/" + "p" * 100 + ".ply"  # 105 characters: more than 80 are cut
    error = caught(resolve_inside, tmp_path, relative)
    assert error.message == (
        f"mesh path '...{relative[-77:]}' is absolute; only relative paths are allowed."
    )


def test_a_symlink_loop_cannot_be_resolved(tmp_path):
    atlas = tmp_path / "atlas"
    atlas.mkdir()
    (atlas / "loop.ply").symlink_to(atlas / "loop.ply")
    try:
        (atlas.resolve() / "loop.ply").resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        reason = clip(exc)
    else:  # pragma: no cover - a Python that resolves loops without complaint
        pytest.skip("this Python resolves a symlink loop without an error")
    error = caught(resolve_inside, atlas, "loop.ply")
    assert error.message == f"mesh path 'loop.ply' cannot be resolved ({reason})."
    assert (error.fix, error.field) == (PATH_FIX, "file")


def test_paths_up_to_160_characters_are_quoted_whole_outside_the_folder(tmp_path):
    atlas = folder_of_length(tmp_path, 120)
    (atlas / "inner").mkdir()
    root = atlas / "inner"
    error = caught(resolve_inside, root, "../x.ply")
    # Both paths are over 80 characters and within 160: quoted in full.
    assert error.message == (
        f"mesh path '../x.ply' resolves to {atlas / 'x.ply'}, outside the atlas folder {root}."
    )
    assert error.fix == PATH_FIX


def test_paths_over_160_characters_keep_their_last_157(tmp_path):
    atlas = folder_of_length(tmp_path, 200)
    root = atlas / "inner"
    root.mkdir()
    error = caught(resolve_inside, root, "../x.ply")
    outside, folder = str(atlas / "x.ply"), str(root)
    assert error.message == (
        f"mesh path '../x.ply' resolves to ...{outside[-157:]}, outside the atlas folder "
        f"...{folder[-157:]}."
    )


# read_mesh_bytes -----------------------------------------------------------------------------


def test_a_missing_file_with_a_long_path_is_quoted_whole(tmp_path):
    folder = folder_of_length(tmp_path, 150)
    missing = folder / "a.ply"  # 156 characters
    error = caught(read_mesh_bytes, missing, 1000, None)
    assert error.message == f"mesh file not found: {missing}."
    assert (error.fix, error.field) == ("Check the 'file' path, or rebuild the atlas.", "file")


def test_a_folder_gets_the_path_fix(tmp_path):
    error = caught(read_mesh_bytes, tmp_path, 1000, None)
    assert error.fix == "Check the 'file' path, or rebuild the atlas."


def test_an_oversized_file_with_a_long_path_is_quoted_by_its_end(tmp_path):
    folder = folder_of_length(tmp_path, 190)
    path = folder / "big.off"
    path.write_bytes(TRIANGLE_OFF)
    error = caught(read_mesh_bytes, path, 10, None)
    assert error.message == (
        f"mesh file ...{str(path)[-157:]} is {len(TRIANGLE_OFF)} bytes, over the limit of 10 bytes."
    )
    assert (error.fix, error.field) == (SIZE_FIX, "file")


class _GrowingPath(type(Path())):
    """A path whose ``stat`` reports 1 byte: the file seems to grow once it is opened."""

    def stat(self, *args, **kwargs):
        real = super().stat(*args, **kwargs)
        return os.stat_result((*real[:6], 1, *real[7:10]))


def test_a_file_that_grows_past_the_cap_after_stat_is_refused(tmp_path):
    (tmp_path / "t.off").write_bytes(TRIANGLE_OFF)
    path = _GrowingPath(tmp_path / "t.off")
    cap = len(TRIANGLE_OFF) - 1
    error = caught(read_mesh_bytes, path, cap, None)
    assert error.message == f"mesh file {path} grew over the limit of {cap} bytes."
    assert (error.fix, error.field) == (SIZE_FIX, "file")
    # At exactly the cap nothing has grown over it.
    assert read_mesh_bytes(path, len(TRIANGLE_OFF), None) == TRIANGLE_OFF


class _LockedPath(type(Path())):
    """A path that exists but cannot be opened, with the error given as ``failure``."""

    failure: OSError = PermissionError(13, "Permission denied")

    def open(self, *args, **kwargs):
        raise type(self).failure


def test_an_unreadable_file_names_the_system_reason(tmp_path):
    (tmp_path / "t.off").write_bytes(TRIANGLE_OFF)
    path = _LockedPath(tmp_path / "t.off")
    error = caught(read_mesh_bytes, path, 1000, None)
    assert error.message == f"mesh file {path} could not be read (Permission denied)."
    assert (error.fix, error.field) == ("Check its permissions.", "file")


def test_an_os_error_without_a_system_reason_is_quoted_itself(tmp_path, monkeypatch):
    (tmp_path / "t.off").write_bytes(TRIANGLE_OFF)
    monkeypatch.setattr(_LockedPath, "failure", OSError("the disk went away"))
    path = _LockedPath(tmp_path / "t.off")
    error = caught(read_mesh_bytes, path, 1000, None)
    assert error.message == f"mesh file {path} could not be read (the disk went away)."


def test_a_hash_in_lower_case_is_accepted_and_the_data_returned(tmp_path):
    import hashlib

    path = tmp_path / "t.off"
    path.write_bytes(TRIANGLE_OFF)
    assert read_mesh_bytes(path, 1000, hashlib.sha256(TRIANGLE_OFF).hexdigest()) == TRIANGLE_OFF


# parse_mesh ----------------------------------------------------------------------------------


def test_parse_mesh_quotes_a_long_path_by_its_end():
    name = "f" * 100 + ".off"  # 104 characters: quoted whole
    error = caught(parse_mesh, Path(name), b"OFF\n3 1 0\n", 10)
    assert error.message.startswith(f"mesh file {name} could not be read (")
    longer = Path("g" * 200 + ".off")
    error = caught(parse_mesh, longer, TRIANGLE_OFF, 0)
    assert error.message == (
        f"mesh file ...{str(longer)[-157:]}: it declares 1 faces, over the limit of 0 triangles."
    )
    assert (error.fix, error.field) == (SIZE_FIX, "file")


def _reader_returning(monkeypatch, vertices, faces) -> None:
    monkeypatch.setattr(mesh_io, "read_mesh", lambda suffix, data, limits: (vertices, faces))


def _reader_raising(monkeypatch, error: Exception) -> None:
    def read(suffix, data, limits):
        raise error

    monkeypatch.setattr(mesh_io, "read_mesh", read)


def test_a_long_reason_is_cut_at_300_characters(monkeypatch):
    _reader_raising(monkeypatch, MeshFormatError("r" * 400))
    error = caught(parse_mesh, Path("x.off"), b"", 10)
    assert error.message == f"mesh file x.off could not be read ({'r' * 297}...)."
    assert error.fix == "Re-export it as a valid OFF triangle mesh."


def test_a_long_too_large_reason_is_cut_at_300_characters(monkeypatch):
    _reader_raising(monkeypatch, MeshFormatError("s" * 400, too_large=True))
    error = caught(parse_mesh, Path("x.off"), b"", 10)
    assert error.message == f"mesh file x.off: {'s' * 297}...."
    assert error.fix == SIZE_FIX


def test_a_reason_of_exactly_300_characters_is_kept_whole(monkeypatch):
    _reader_raising(monkeypatch, MeshFormatError("t" * 300))
    error = caught(parse_mesh, Path("x.off"), b"", 10)
    assert error.message == f"mesh file x.off could not be read ({'t' * 300})."


def test_a_reader_bug_is_reported_as_an_internal_error(monkeypatch):
    _reader_raising(monkeypatch, KeyError("boom"))
    error = caught(parse_mesh, Path("x.stl"), b"", 10)
    assert error.message == "mesh file x.stl could not be read (internal error, KeyError: 'boom')."
    assert (error.fix, error.field) == ("Re-export it as a valid STL triangle mesh.", "file")


def test_the_fix_names_the_suffix_without_its_dot_in_capitals():
    error = caught(parse_mesh, Path("x.obj"), b"v 0 0 0\n", 10)
    assert error.fix == "Re-export it as a valid OBJ triangle mesh."


VERTICES = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]])


@pytest.mark.parametrize(
    "faces",
    [np.array([[0, 1, 2, 3]]), np.array([0, 1, 2]), np.zeros((0, 3), dtype=np.int64)],
    ids=["four-columns", "one-dimensional", "empty"],
)
def test_faces_that_are_not_a_list_of_triangles_are_no_triangles(monkeypatch, faces):
    _reader_returning(monkeypatch, VERTICES, faces)
    error = caught(parse_mesh, Path("x.ply"), b"", 10)
    assert error.message == "mesh file x.ply could not be read (it has no triangles)."
    assert error.fix == "Re-export it as a valid PLY triangle mesh."


def test_more_triangles_than_the_cap_from_a_reader_are_refused(monkeypatch):
    _reader_returning(monkeypatch, VERTICES, np.array([[0, 1, 2], [0, 1, 3], [0, 2, 3]]))
    error = caught(parse_mesh, Path("x.ply"), b"", 2)
    assert error.message == "mesh file x.ply has 3 triangles, over the limit of 2."
    assert (error.fix, error.field) == (SIZE_FIX, "file")
    _vertices, faces = parse_mesh(Path("x.ply"), b"", 3)
    assert faces.tolist() == [[0, 1, 2], [0, 1, 3], [0, 2, 3]]


def test_a_too_large_index_is_named_when_the_smallest_is_zero(monkeypatch):
    _reader_returning(monkeypatch, VERTICES, np.array([[0, 1, 2], [0, 1, 7]]))
    error = caught(parse_mesh, Path("x.ply"), b"", 10)
    assert error.message == (
        "mesh file x.ply could not be read (a face refers to vertex 7, but there are 4)."
    )


def test_a_negative_index_is_named_before_a_too_large_one(monkeypatch):
    _reader_returning(monkeypatch, VERTICES, np.array([[0, 1, 9], [-2, 1, 2]]))
    error = caught(parse_mesh, Path("x.ply"), b"", 10)
    assert error.message == (
        "mesh file x.ply could not be read (a face refers to vertex -2, but there are 4)."
    )


def test_a_mesh_of_flat_triangles_only_is_refused():
    flat = b"OFF\n3 1 0\n0 0 0\n1 0 0\n2 0 0\n3 0 1 2\n"
    error = caught(parse_mesh, Path("x.off"), flat, 10)
    assert error.message == (
        "mesh file x.off could not be read (every triangle has zero area: its corners coincide "
        "or lie on one line)."
    )
    assert (error.fix, error.field) == ("Re-export it as a valid OFF triangle mesh.", "file")


def test_a_non_finite_coordinate_gets_the_format_fix():
    data = b"OFF\n3 1 0\n0 0 0\nnan 0 0\n0 1 0\n3 0 1 2\n"
    assert caught(parse_mesh, Path("x.off"), data, 10).fix == (
        "Re-export it as a valid OFF triangle mesh."
    )


def test_a_good_mesh_comes_back_as_read():
    vertices, faces = parse_mesh(Path("x.off"), TRIANGLE_OFF, 1)
    assert vertices.tolist() == [[0, 0, 0], [10, 0, 0], [0, 10, 0]]
    assert faces.tolist() == [[0, 1, 2]]


# has_area ------------------------------------------------------------------------------------

ONE = np.array([[0, 1, 2]])


def test_a_line_away_from_the_origin_is_flat():
    # Collinear on y = 1: measured from the first corner, not from the origin.
    line = np.array([[0.0, 1.0, 0.0], [1.0, 1.0, 0.0], [2.0, 1.0, 0.0]])
    assert not has_area(line, ONE)
    assert not has_area(line + [5.0, -3.0, 7.0], ONE)


def test_both_sides_are_measured_from_the_first_corner():
    # Sides (10, 0) and (1, h): twice the area is 10h, the threshold 1e-4 * (100 + 1 + h^2).
    # h = 0.0015 gives 0.015 > 0.0101: a (thin) triangle.
    thin = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [1.0, 0.0015, 0.0]])
    assert has_area(thin, ONE)
    # The same, a third as tall: 0.005 < 0.0101, a sliver.
    assert not has_area(thin * [1.0, 1 / 3, 1.0], ONE)


def test_two_equal_long_sides_at_a_tiny_angle_are_a_sliver():
    # Sides (10, 0) and (10, 1e-4): twice the area 1e-3, the threshold 1e-4 * 200 = 0.02.
    assert not has_area(np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [10.0, 1e-4, 0.0]]), ONE)


def test_each_triangle_is_judged_on_its_own():
    # A sliver (twice the area 0.01 against a threshold of 0.0125) and a point (0 against 0):
    # neither has area, whatever their areas add up to.
    vertices = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [5.0, 0.001, 0.0]])
    assert not has_area(vertices, np.array([[0, 1, 2], [0, 0, 0]]))
    assert has_area(
        np.concatenate([vertices, [[0.0, 0.0, 5.0]]]), np.array([[0, 1, 2], [0, 0, 0], [0, 1, 3]])
    )


def test_has_area_overflows_silently():
    huge = np.array([[1e200, 0.0, 0.0], [0.0, 1e200, 0.0], [0.0, 0.0, 1e200]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert has_area(huge, ONE) is False  # inf against inf: not more than a sliver
        assert has_area(np.array([[np.inf, 0, 0], [0, 1, 0], [0, 0, 1.0]]), ONE) is False


def test_no_faces_have_no_area():
    assert has_area(VERTICES, np.zeros((0, 3), dtype=np.int64)) is False


# to_atlas_frame ------------------------------------------------------------------------------

SKEW = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]])
FACE = np.array([[0, 1, 2]])


def test_millimetres_without_a_transform_are_not_copied():
    vertices, faces = to_atlas_frame(SKEW, FACE, "mm", None)
    assert np.shares_memory(vertices, SKEW) and np.shares_memory(faces, FACE)
    assert vertices.tolist() == SKEW.tolist()


def test_decimetres_are_a_hundred_millimetres():
    vertices, _ = to_atlas_frame(SKEW, FACE, "dm", None)
    assert vertices.tolist() == (SKEW * 100).tolist()
    assert not np.shares_memory(vertices, SKEW)


@pytest.mark.parametrize("scale", [0.5, 0.0], ids=["half", "flat"])
def test_a_transform_that_shrinks_but_does_not_mirror_keeps_the_winding(scale):
    transform = np.diag([scale, 1.0, 1.0, 1.0])
    vertices, faces = to_atlas_frame(SKEW, FACE, "mm", transform)
    assert faces.tolist() == [[0, 1, 2]]
    assert vertices.tolist() == (SKEW * [scale, 1, 1]).tolist()


def test_a_mirror_turns_the_faces_and_returns_contiguous_arrays():
    vertices, faces = to_atlas_frame(SKEW, FACE, "mm", np.diag([1.0, -1.0, 1.0, 1.0]))
    assert faces.tolist() == [[2, 1, 0]]
    assert faces.flags["C_CONTIGUOUS"] and vertices.flags["C_CONTIGUOUS"]


def test_scaling_and_moving_overflow_silently():
    huge = np.array([[1e306, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        vertices, _ = to_atlas_frame(huge, FACE, "m", None)  # 1e309 does not fit a float
        assert vertices[0, 0] == np.inf
        far = np.array([[np.inf, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
        moved, _ = to_atlas_frame(far, FACE, "mm", np.eye(4))  # inf * 0 inside the product
        assert np.isnan(moved[0, 1])


# check_in_reach ------------------------------------------------------------------------------


def test_a_single_vertex_is_a_speck():
    error = caught(check_in_reach, Path("dot.ply"), np.array([[1.0, 2.0, 3.0]]), "units")
    assert error.message == (
        "mesh file dot.ply spans only 0 mm once its units and transform are applied; the "
        "smallest structure of the atlas is wider than 0.5 mm."
    )
    assert (error.fix, error.field) == (REACH_FIX, "units")


def test_no_vertices_are_not_judged():
    check_in_reach(Path("none.ply"), np.zeros((0, 3)), "units")


def test_the_extent_is_measured_per_axis():
    # 0.4 mm along x, 0.3 along y, nothing along z, far from the origin on y and z:
    # the largest per-axis width is 0.4.
    speck = np.array([[0.0, 50.0, 50.0], [0.4, 50.0, 50.0], [0.0, 50.3, 50.0], [0.2, 50.1, 50.0]])
    error = caught(check_in_reach, Path("s.ply"), speck, "transform")
    assert error.message == (
        "mesh file s.ply spans only 0.4 mm once its units and transform are applied; the "
        "smallest structure of the atlas is wider than 0.5 mm."
    )
    assert (error.fix, error.field) == (REACH_FIX, "transform")


def test_a_width_of_exactly_half_a_millimetre_is_enough():
    check_in_reach(Path("s.ply"), np.array([[0.0, 0.0, 0.0], [0.5, 0.0, 0.0]]), "units")
    check_in_reach(Path("s.ply"), np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.5]]), "units")


def test_the_far_side_may_be_negative():
    far = np.array([[-3000.5, 0.0, 0.0], [0.0, 10.0, 0.0]])
    error = caught(check_in_reach, Path("skin.ply"), far, "transform")
    assert error.message == (
        "mesh file skin.ply reaches 3e+03 mm from the atlas origin once its units and transform "
        "are applied; a body fits within 3000 mm."
    )
    assert (error.fix, error.field) == (REACH_FIX, "transform")


def test_reach_and_extent_overflow_silently_and_the_reach_is_refused():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # high - low overflows to inf.
        wide = np.array([[1e308, 0.0, 0.0], [-1e308, 1.0, 0.0]])
        error = caught(check_in_reach, Path("w.ply"), wide, "units")
        assert error.message.startswith("mesh file w.ply reaches 1e+308 mm from the atlas origin")
        # inf - inf is NaN.
        endless = np.array([[np.inf, 0.0, 0.0], [np.inf, 1.0, 0.0]])
        error = caught(check_in_reach, Path("e.ply"), endless, "units")
        assert error.message.startswith("mesh file e.ply reaches inf mm from the atlas origin")


def test_check_in_reach_quotes_a_long_path_by_its_end():
    path = Path("h" * 100 + ".ply")
    error = caught(check_in_reach, path, np.array([[0.0, 0.0, 0.0], [4000.0, 0.0, 0.0]]), "units")
    assert error.message.startswith(f"mesh file {path} reaches 4e+03 mm")
    longer = Path("k" * 200 + ".ply")
    error = caught(check_in_reach, longer, np.array([[0.0, 0.0, 0.0], [0.1, 0.0, 0.0]]), "units")
    assert error.message.startswith(f"mesh file ...{str(longer)[-157:]} spans only 0.1 mm")


class _EndlessPath(type(Path())):
    """A path whose stream never ends: each read returns as many bytes as asked for."""

    asked: ClassVar[list] = []

    def open(self, *args, **kwargs):
        asked = type(self).asked

        class Endless:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def read(self, size=-1):
                asked.append(size)
                if size is None or size < 0:
                    raise AssertionError("asked for the whole of an endless file")
                return b"\0" * size

        return Endless()


def test_a_file_is_read_only_up_to_one_byte_past_the_cap(tmp_path, monkeypatch):
    # The file is 43 bytes by stat, but its stream never ends (a file still being written):
    # one byte past the cap is enough to know it is over.
    (tmp_path / "t.off").write_bytes(TRIANGLE_OFF)
    monkeypatch.setattr(_EndlessPath, "asked", [])
    path = _EndlessPath(tmp_path / "t.off")
    error = caught(read_mesh_bytes, path, 100, None)
    assert error.message == f"mesh file {path} grew over the limit of 100 bytes."
    assert _EndlessPath.asked == [101]


def test_an_unknown_suffix_is_an_internal_error_naming_the_whole_suffix():
    # Only the leading dot is stripped from the suffix in the fix.
    error = caught(parse_mesh, Path("x.Xstl"), TRIANGLE_OFF, 10)
    assert (
        error.message == "mesh file x.Xstl could not be read (internal error, KeyError: '.xstl')."
    )
    assert error.fix == "Re-export it as a valid XSTL triangle mesh."

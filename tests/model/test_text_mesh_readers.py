"""OBJ and OFF: every statement form reads to the expected triangles, in windows of any size.

The text readers take a fast numpy path for regular windows and a line-by-line
path otherwise. Each test here is run with windows of a few lines and of the
usual megabyte, so both paths and every window edge give the same triangles
and the same error lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.mesh_formats import text
from explorer.model.mesh_io import MeshFileError, parse_mesh

SQUARE = [[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [10.0, 10.0, 0.0], [0.0, 10.0, 0.0]]
APEX = [5.0, 5.0, 8.5]


@pytest.fixture(params=[64, 2**20], ids=["few-lines-window", "megabyte-window"], autouse=True)
def window(request, monkeypatch):
    monkeypatch.setattr(text, "WINDOW_BYTES", request.param)
    return request.param


def read(name: str, body: str) -> tuple[list, list]:
    vertices, faces = parse_mesh(Path(name), body.encode(), max_triangles=1000)
    return vertices.tolist(), faces.tolist()


def error_of(name: str, body: str) -> str:
    with pytest.raises(MeshFileError) as caught:
        parse_mesh(Path(name), body.encode(), max_triangles=1000)
    return str(caught.value)


def obj(*lines: str) -> str:
    return "\n".join(lines) + "\n"


PYRAMID_OBJ = obj(
    *(f"v {x:g} {y:g} {z:g}" for x, y, z in [*SQUARE, APEX]),
    "f 1 2 5",
    "f 2 3 5",
    "f 3 4 5",
    "f 4 1 5",
    "f 1 4 3 2",  # the base, a quad: split into a fan from its first corner
)
PYRAMID_FACES = [[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4], [0, 3, 2], [0, 2, 1]]


def test_obj_plain_vertices_and_a_quad_fan():
    vertices, faces = read("p.obj", PYRAMID_OBJ)
    assert vertices == [*SQUARE, APEX]
    assert faces == PYRAMID_FACES


def test_obj_corner_forms_and_relative_indices_give_the_same_faces():
    body = obj(
        "# texture and normal indices are ignored; negative indices count back",
        "o pyramid",
        *(f"v {x:g} {y:g} {z:g}" for x, y, z in [*SQUARE, APEX]),
        "vt 0 0",
        "vn 0 0 1",
        "g sides",
        "usemtl skin",
        "s 1",
        "f 1/1 2/1 5/1",
        "f 2//1 3//1 5//1",
        "f 3/1/1 4/1/1 5/1/1",
        "f -2 -5 -1",
        "f 1 -2 3 2",
    )
    vertices, faces = read("p.obj", body)
    assert vertices == [*SQUARE, APEX]
    assert faces == PYRAMID_FACES


def test_obj_a_face_past_the_last_vertex_is_named_in_obj_numbering():
    body = obj("v 0 0 0", "v 1 0 0", "f 1 2 4", "v 0 1 0")  # a later vertex may be named
    assert error_of("m.obj", body) == (
        "mesh file m.obj could not be read (a face refers to vertex 4, but the file defines 3 "
        "(OBJ counts from 1))."
    )
    assert read("m.obj", obj("v 0 0 0", "v 1 0 0", "f 1 2 3", "v 0 1 0"))[1] == [[0, 1, 2]]


def test_obj_relative_indices_count_back_from_where_the_face_stands():
    body = obj("v 0 0 0", "v 1 0 0", "v 0 1 0", "f -3 -2 -1", "v 0 0 1", "f -4 -3 -1")
    assert read("t.obj", body)[1] == [[0, 1, 2], [0, 1, 3]]


def test_obj_a_vertex_with_a_fourth_number_keeps_its_first_three():
    body = obj("v 0 0 0 1", "v 1 0 0 1", "v 0 1 0 1", "f 1 2 3")
    assert read("w.obj", body) == ([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 2]])


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (("v 0 0 0", "v 1 0", "v 0 1 0"),
         "line 2: expected three numbers after 'v'; found 'v 1 0'"),
        (("v 0 0 0", "v 1 0 0", "v 0 1 0", "f 1 2"),
         "line 4: expected three or more vertex numbers after 'f', such as 'f 1 2 3'; "
         "found 'f 1 2'"),
        (("v 0 0 0", "v 1 0 0", "v 0 1 0", "f 1 2 x"),
         "line 4: expected three or more vertex numbers after 'f', such as 'f 1 2 3'; "
         "found 'f 1 2 x'"),
        (("v 0 0 0", "v 1 0 0", "v 0 1 0", "f 0 1 2"),
         "line 4: vertex 0 does not exist (3 defined so far; OBJ counts from 1, or back from -1)"),
        (("v 0 0 0", "v 1 0 0", "v 0 1 0", "f -4 1 2"),
         "line 4: vertex -4 does not exist (3 defined so far; OBJ counts from 1, or back from -1)"),
        (("v 0 0 0", "v 1 0 0", "vertex 0 1 0"),
         "line 3: unknown statement 'vertex'; OBJ lines start with v, vt, vn, f, o, g, s, usemtl, "
         "mtllib or #"),
    ],
    ids=["short-vertex", "two-corners", "word-corner", "zero", "too-far-back", "unknown"],
)  # fmt: skip
def test_obj_errors_name_the_line_and_what_was_expected(lines, reason):
    body = obj(*lines)  # with the few-lines window, the error lies past a window edge
    assert error_of("m.obj", body) == f"mesh file m.obj could not be read ({reason})."


def off(*lines: str) -> str:
    return "\n".join(lines) + "\n"


PYRAMID_OFF_LINES = (
    *(f"{x:g} {y:g} {z:g}" for x, y, z in [*SQUARE, APEX]),
    "3 0 1 4",
    "3 1 2 4",
    "3 2 3 4",
    "3 3 0 4",
    "4 0 3 2 1",
)
PYRAMID_OFF_FACES = [[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4], [0, 3, 2], [0, 2, 1]]


def test_off_with_counts_on_the_header_line():
    vertices, faces = read("p.off", off("OFF 5 5 0", *PYRAMID_OFF_LINES))
    assert vertices == [*SQUARE, APEX]
    assert faces == PYRAMID_OFF_FACES


def test_off_with_comments_colours_and_counts_on_their_own_line():
    coloured = [line + " 255 0 0" for line in PYRAMID_OFF_LINES]
    body = off("# made by hand", "COFF", "", "5 5 8   # vertices faces edges", *coloured)
    vertices, faces = read("p.off", body)
    assert vertices == [*SQUARE, APEX]
    assert faces == PYRAMID_OFF_FACES


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (off("PLY", "3 1 0"), "line 1: it does not start with 'OFF'"),
        (off("OFF BINARY"), "binary OFF is not supported; save it as text OFF"),
        (off("OFF", "3"),
         "line 2: expected the counts 'vertices faces edges', such as '8 12 0'; found '3'"),
        (off("OFF", "three 1 0"),
         "line 2: expected the counts 'vertices faces edges', such as '8 12 0'; "
         "found 'three 1 0'"),
        (off("OFF 3 1 0", "0 0 0", "1 0", "0 1 0", "3 0 1 2"),
         "line 3: expected three numbers x y z for a vertex; found '1 0'"),
        (off("OFF 3 1 0", "0 0 0", "1 0 0", "0 1 0", "2 0 1"),
         "line 5: expected a face: its corner count n, then n vertex numbers; found '2 0 1'"),
        (off("OFF 3 1 0", "0 0 0", "1 0 0", "0 1 0", "4 0 1 2"),
         "line 5: expected a face: its corner count n, then n vertex numbers; found '4 0 1 2'"),
        (off("OFF 3 1 0", "0 0 0", "1 0 0", "0 1 0", "3 0 -1 2"),
         "line 5: vertex -1 does not exist (OFF counts vertices from 0)"),
        (off("OFF 3 2 0", "0 0 0", "1 0 0", "0 1 0", "3 0 1 2"),
         "the header declares 2 faces, but the file ends after 1"),
        (off("OFF 4 1 0", "0 0 0", "1 0 0", "0 1 0", "0 0 1"),
         "the header declares 1 faces, but the file ends after 0"),
    ],
    ids=["not-off", "binary", "one-count", "word-count", "short-vertex", "two-corner-face",
         "missing-corner", "negative", "faces-missing", "no-faces"],
)  # fmt: skip
def test_off_errors_name_the_line_and_what_was_expected(body, reason):
    assert error_of("m.off", body) == f"mesh file m.off could not be read ({reason})."


def test_a_line_longer_than_the_limit_is_named(monkeypatch):
    monkeypatch.setattr(text, "WINDOW_BYTES", 64)
    monkeypatch.setattr(text, "MAX_LINE_BYTES", 100)
    body = obj("v 0 0 0", "v 1 0 0", "# " + "x" * 200, "v 0 1 0", "f 1 2 3")
    assert error_of("long.obj", body) == (
        "mesh file long.obj could not be read (line 3 is longer than 100 bytes)."
    )


def test_a_line_longer_than_a_window_but_under_the_limit_is_read(monkeypatch):
    monkeypatch.setattr(text, "WINDOW_BYTES", 64)
    body = obj("v 0 0 0", "v 1 0 0", "# " + "x" * 200, "v 0 1 0", "f 1 2 3")
    assert read("long.obj", body) == ([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 2]])

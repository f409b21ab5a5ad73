"""OBJ and OFF readers: limits, window edges, the fast numpy path against the line path.

The OBJ reader reads a window of plain ``v x y z`` / ``f a b c`` lines with numpy
and any other window line by line. The two paths agree on valid files; they
differ in where a face index far past any vertex is reported, which the tests
below use to see which path read a window: numpy's path reports it at the end
("a face refers to vertex ..."), the line path on its line ("line 4: vertex ...").
"""

from __future__ import annotations

import pytest

from explorer.model.mesh_formats import Limits, MeshFormatError, text
from explorer.model.mesh_formats.obj import read_obj
from explorer.model.mesh_formats.off import read_off

LIMITS = Limits(max_triangles=100)
#: Lines 1-3: the corners of a right triangle.
OBJ_TRIANGLE = b"v 0 0 0\nv 1 0 0\nv 0 1 0\n"
#: 2**62 + 1: over the line path's largest index, still a 64-bit integer.
HUGE = 2**62 + 1


def failure(reader, data: bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(MeshFormatError) as caught:
        reader(data, limits)
    return caught.value.reason


def read(reader, data: bytes, limits: Limits = LIMITS) -> tuple[list, list]:
    vertices, faces = reader(data, limits)
    return vertices.tolist(), faces.tolist()


@pytest.fixture
def one_line_windows(monkeypatch):
    """Each window is then one line: none fits in a single byte."""
    monkeypatch.setattr(text, "WINDOW_BYTES", 1)


NUMPY_PATH = f"a face refers to vertex {HUGE:,}, but the file defines 3 (OBJ counts from 1)"
LINE_PATH = (
    f"line 4: vertex {HUGE} does not exist (3 defined so far; OBJ counts from 1, or back from -1)"
)


# --- OBJ: which path reads a window ---------------------------------------------------------


def test_obj_plain_lines_are_read_by_numpy():
    # Three vertex lines and two plain faces, one of them naming vertex 1.
    data = OBJ_TRIANGLE + f"f 1 2 {HUGE}\nf 1 2 3\n".encode()
    assert failure(read_obj, data) == NUMPY_PATH


def test_obj_a_window_of_faces_only_is_read_by_numpy(one_line_windows):
    data = OBJ_TRIANGLE + f"f 1 2 {HUGE}\n".encode()
    assert failure(read_obj, data) == NUMPY_PATH


def test_obj_a_window_naming_every_statement_is_still_read_by_numpy():
    # All 36 statements of the OBJ specification; none but v and f holds geometry.
    others = (
        "vt 0 0\nvn 0 0 1\nvp 0\nl 1 2\np 1\no x\ng x\ns 1\nmg 1\nusemtl m\nmtllib m\n"
        "cstype bezier\ndeg 3\nbmat u\nstep 1\ncurv 0 1 1 2\ncurv2 1\nsurf 0 1 0 1 1\n"
        "parm u 0 1\ntrim 0 1 1\nhole 0 1 1\nscrv 0 1 1\nsp 1\nend\ncon 1 0 1 1 2 0 1 1\n"
        "bevel off\nc_interp off\nd_interp off\nlod 1\nshadow_obj x\ntrace_obj x\n"
        "ctech cparm 1\nstech cparm 1\nmaplib m\nusemap m\ncall x\ncsh x\n"
    )
    data = OBJ_TRIANGLE + f"f 1 2 {HUGE}\n".encode() + others.encode()
    assert failure(read_obj, data) == NUMPY_PATH


def test_obj_a_window_with_slashes_is_read_line_by_line():
    data = OBJ_TRIANGLE + f"f 1 2 {HUGE}\nf 1/1 2 3\n".encode()
    assert failure(read_obj, data) == LINE_PATH


def test_obj_a_vertex_with_a_fourth_number_sends_its_window_line_by_line():
    data = b"v 0 0 0 1\nv 1 0 0\nv 0 1 0\n" + f"f 1 2 {HUGE}\n".encode()
    assert failure(read_obj, data) == LINE_PATH


def test_obj_a_face_with_four_corners_sends_its_window_line_by_line():
    data = OBJ_TRIANGLE + f"f 1 2 {HUGE}\nf 1 2 3 1\n".encode()
    assert failure(read_obj, data) == LINE_PATH


def test_obj_the_line_path_accepts_index_2_to_the_62():
    # 2**62 is the line path's largest index: refused only once the file's end is known.
    data = OBJ_TRIANGLE + f"f 1 2 {2**62}\nf 1//1 2 3\n".encode()
    assert failure(read_obj, data) == (
        f"a face refers to vertex {2**62:,}, but the file defines 3 (OBJ counts from 1)"
    )


def test_obj_a_fractional_index_is_refused_on_its_line():
    assert failure(read_obj, OBJ_TRIANGLE + b"f 1.5 2 3\n") == (
        "line 4: expected three or more vertex numbers after 'f', such as 'f 1 2 3'; "
        "found 'f 1.5 2 3'"
    )


def test_obj_plain_faces_keep_their_order_and_count_from_one():
    data = OBJ_TRIANGLE + b"v 1 1 0\nf 1 2 3\nf 2 4 3\nf 4 1 3\n"
    vertices, faces = read(read_obj, data)
    assert vertices == [[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0]]
    assert faces == [[0, 1, 2], [1, 3, 2], [3, 0, 2]]


@pytest.mark.parametrize(
    ("index", "shown"),
    [("100000000000000000000", "10000000000000000..."), ("12345678901234567890", None)],
    ids=["21-digits-clipped", "20-digits-whole"],
)
def test_obj_a_long_index_is_quoted_up_to_20_characters(index, shown):
    data = OBJ_TRIANGLE + f"f 1 2 {index}\nf 1//1 2 3\n".encode()
    assert failure(read_obj, data) == (
        f"line 4: vertex {shown or index} does not exist (3 defined so far; OBJ counts from 1, "
        "or back from -1)"
    )


def test_obj_an_index_over_64_bits_is_quoted_as_written():
    message = failure(read_obj, OBJ_TRIANGLE + b"f 1 2 99999999999999999999\n")
    assert "99999999999999999999" in message.replace(",", "")


# --- OBJ: limits, lines, bytes --------------------------------------------------------------


#: More than one triangle's worth, each refused with max_triangles=1.
OVER_ONE_TRIANGLE = [
    # The counted "v " lines (4) pass the limit of 3 at once; line 2 is never looked at.
    pytest.param(b"v 0 0 0\nbad\nv 1 0 0\nv 0 1 0\nv 0 0 1\n", "vertices", id="v-counted"),
    pytest.param(b"f 1 2 3\nbad\nf 1 3 2\nv 0 0 0\nv 1 0 0\nv 0 1 0\n", "faces", id="f-counted"),
    # "v\t" lines are not counted up front; the growing buffer enforces the limit.
    pytest.param(b"v\t0 0 0\nv\t1 0 0\nv\t0 1 0\nv\t0 0 1\n", "vertices", id="v-tab"),
    pytest.param(OBJ_TRIANGLE + b"f\t1 2 3\nf\t1 3 2\n", "faces", id="f-tab"),
]
OVER_ONE_TRIANGLE_MESSAGES = {
    "vertices": (
        "it has more than 3 vertices, over the limit of 3 (three per triangle of the 1 allowed)"
    ),
    "faces": "it has 2 triangles, over the limit of 1 triangles",
}


@pytest.mark.parametrize(("data", "what"), OVER_ONE_TRIANGLE)
def test_obj_over_the_triangle_limit_is_refused(data, what):
    expected = OVER_ONE_TRIANGLE_MESSAGES[what]
    assert failure(read_obj, data, Limits(max_triangles=1)) == expected


def test_obj_an_error_in_a_later_window_names_its_line(one_line_windows):
    assert failure(read_obj, b"v 0 0 0\nv 1 0 0\nv 0 1\n") == (
        "line 3: expected three numbers after 'v'; found 'v 0 1'"
    )


def test_obj_a_statement_that_is_not_utf8_is_shown_replaced():
    assert failure(read_obj, OBJ_TRIANGLE + b"\xff 1 2\n") == (
        "line 4: unknown statement '\ufffd'; OBJ lines start with v, vt, vn, f, o, g, s, usemtl, "
        "mtllib or #"
    )


def test_obj_a_nul_after_a_blank_first_line_is_on_line_2():
    assert failure(read_obj, b"\n\x00") == (
        "byte 1 (line 2) is a NUL byte: this is not a text OBJ file"
    )


# --- OFF --------------------------------------------------------------------------------------

OFF_TRIANGLE = b"OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n"


@pytest.mark.parametrize("data", [b"", b"# only a comment\n"], ids=["empty", "comment-only"])
def test_off_without_any_data_line_fails_on_line_1(data):
    assert failure(read_off, data) == "line 1: it does not start with 'OFF'"


def test_off_binary_with_counts_on_its_line_is_refused():
    assert failure(read_off, b"OFF BINARY 8 12 0\n") == (
        "binary OFF is not supported; save it as text OFF"
    )


def test_off_without_counts_quotes_an_empty_line():
    assert failure(read_off, b"OFF\n") == (
        "line 1: expected the counts 'vertices faces edges', such as '8 12 0'; found ''"
    )


def test_off_a_nul_byte_is_refused_as_binary():
    # OFF_TRIANGLE is 28 bytes, then "3 0 1 2" (7): the NUL is byte 35, on line 6.
    assert failure(read_off, OFF_TRIANGLE + b"3 0 1 2\x00\n") == (
        "byte 35 (line 6) is a NUL byte: this is not a text OFF file"
    )


def test_off_too_many_declared_vertices_say_declares():
    data = b"OFF\n4 1 0\n0 0 0\n1 0 0\n0 1 0\n0 0 1\n3 0 1 2\n"
    assert failure(read_off, data, Limits(max_triangles=1)) == (
        "it declares 4 vertices, over the limit of 3 (three per triangle of the 1 allowed)"
    )


def test_off_a_polygon_over_the_triangle_limit_is_refused():
    # One declared face (within the limit of 2), but a pentagon is 3 triangles.
    data = b"OFF\n5 1 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n0 2 0\n5 0 1 2 3 4\n"
    assert failure(read_off, data, Limits(max_triangles=2)) == (
        "it has 3 triangles, over the limit of 2 triangles"
    )


def test_off_faces_that_cannot_fit_in_the_file_are_refused_from_the_counts():
    data = b"OFF\n3 5 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"  # 36 bytes: room for 4 faces of 8
    assert failure(read_off, data) == (
        "it declares 5 faces of at least 8 byte(s) each, but only 36 bytes are in the whole file"
    )


def test_off_eight_bytes_a_face_is_the_bound():
    # 35 bytes hold 4 faces of 8 bytes: the counts pass, then the faces run out.
    data = b"OFF\n3 4 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2"
    assert len(data) == 35
    assert failure(read_off, data) == "the header declares 4 faces, but the file ends after 1"


def test_off_missing_vertices_are_counted():
    data = b"OFF\n3 1 0\n0.000000 0.000000 0.000000\n"  # long enough for the byte check
    assert failure(read_off, data) == "the header declares 3 vertices, but the file ends after 1"


def test_off_an_error_in_a_later_window_names_its_line(one_line_windows):
    data = b"OFF\n3 1 0\n0 0 0\n1 0\n0 1 0\n3 0 1 2\n"
    assert failure(read_off, data) == (
        "line 4: expected three numbers x y z for a vertex; found '1 0'"
    )


@pytest.mark.parametrize("face", ["x 0 1 2", "3 0 x 2"], ids=["count", "corner"])
def test_off_a_word_in_a_face_names_its_line(face):
    assert failure(read_off, OFF_TRIANGLE + face.encode() + b"\n") == (
        f"line 6: expected a face: its corner count n, then n vertex numbers; found '{face}'"
    )


def test_off_index_2_to_the_62_is_passed_on():
    # The reader's own bound is 2**62; the range check against the vertices comes later.
    assert read(read_off, OFF_TRIANGLE + f"3 0 1 {2**62}\n".encode())[1] == [[0, 1, 2**62]]


@pytest.mark.parametrize(
    ("corner", "shown"),
    [(HUGE, str(HUGE)), (10**20, "10000000000000000..."), (10**19, str(10**19))],
    ids=["just-over", "21-digits-clipped", "20-digits-whole"],
)
def test_off_an_index_over_2_to_the_62_is_named(corner, shown):
    assert failure(read_off, OFF_TRIANGLE + f"3 0 1 {corner}\n".encode()) == (
        f"line 6: vertex {shown} does not exist (OFF counts vertices from 0)"
    )

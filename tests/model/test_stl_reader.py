"""ASCII STL read in windows gives the same triangles and the right line numbers as one piece.

The reader cuts a large file into windows of about a megabyte, each ending
after an ``endfacet`` line. The tests shrink the window to a few facets, so
a small file crosses many window edges, and check that values and error
lines do not depend on where the cuts fall.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.model.mesh_formats import stl
from explorer.model.mesh_io import MeshFileError, parse_mesh

FACET_LINES = 7  # facet normal, outer loop, 3 x vertex, endloop, endfacet


def corners(count: int) -> np.ndarray:
    """``count`` triangles with exactly printable coordinates (quarters), none degenerate."""
    values = np.random.default_rng(count).integers(-400, 400, size=(count, 3, 3)) * 0.25
    values[:, 1, 0] += 200.0  # keeps the three corners of each triangle off one line
    values[:, 2, 1] += 200.0
    return values


def ascii_stl(triangles: np.ndarray, *, indent: str = "  ", case=str.lower) -> bytes:
    lines = [case("solid part")]
    for triangle in triangles:
        lines.append(indent + case("facet normal 0 0 1"))
        lines.append(indent * 2 + case("outer loop"))
        lines += [indent * 3 + case("vertex") + " {} {} {}".format(*corner) for corner in triangle]
        lines += [indent * 2 + case("endloop"), indent + case("endfacet")]
    lines.append(case("endsolid part"))
    return ("\n".join(lines) + "\n").encode()


def read(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    return parse_mesh(Path("part.stl"), data, max_triangles=1000)


def error_of(data: bytes) -> str:
    with pytest.raises(MeshFileError) as caught:
        read(data)
    return str(caught.value)


@pytest.fixture(params=[300, 1000, 10**6], ids=["two-facet-window", "small-window", "one-window"])
def window(request, monkeypatch):
    monkeypatch.setattr(stl, "WINDOW_BYTES", request.param)
    return request.param


def test_every_window_size_reads_the_same_triangles_in_order(window):
    triangles = corners(40)
    vertices, faces = read(ascii_stl(triangles))
    np.testing.assert_array_equal(vertices, triangles.reshape(-1, 3))
    assert faces.tolist() == np.arange(120).reshape(-1, 3).tolist()


def test_keywords_in_capitals_and_tabs_read_the_same(window):
    triangles = corners(12)
    vertices, _ = read(ascii_stl(triangles, indent="\t", case=str.upper))
    np.testing.assert_array_equal(vertices, triangles.reshape(-1, 3))


def test_a_bad_number_far_into_the_file_names_its_line(window):
    text = ascii_stl(corners(30)).decode().splitlines()
    bad_facet = 23  # 0-based, after the 'solid' line: its 'facet normal' line is
    line = 2 + bad_facet * FACET_LINES
    text[line + 2] = "      vertex 1 two 3"  # its second vertex: the block is named
    message = error_of(("\n".join(text) + "\n").encode())
    assert message == (
        f"mesh file part.stl could not be read (line {line}: expected a 'facet normal ... "
        "endfacet' block with three 'vertex x y z' lines; found 'facet normal 0 0 1')."
    )


def test_stray_text_between_facets_names_its_line(window):
    text = ascii_stl(corners(30)).decode().splitlines()
    line = 2 + 17 * FACET_LINES  # between facets 16 and 17
    text.insert(line - 1, "color 1 0 0")
    message = error_of(("\n".join(text) + "\n").encode())
    assert message == (
        f"mesh file part.stl could not be read (line {line}: expected a 'facet normal ... "
        "endfacet' block with three 'vertex x y z' lines; found 'color 1 0 0')."
    )


def test_a_file_cut_short_says_so(window):
    data = ascii_stl(corners(30))
    cut = data[: data.rindex(b"endsolid")]
    assert error_of(cut) == (
        "mesh file part.stl could not be read "
        "(it does not end with 'endsolid'; the file may be cut short)."
    )


def test_a_window_without_any_endfacet_names_the_line_it_starts_on(monkeypatch):
    monkeypatch.setattr(stl, "WINDOW_BYTES", 300)
    text = ascii_stl(corners(10)).decode().splitlines()
    line = 2 + 4 * FACET_LINES
    text.insert(line - 1, "x" * 700)  # longer than a window, holds no endfacet
    message = error_of(("\n".join(text) + "\n").encode())
    assert message.startswith("mesh file part.stl could not be read (line ")
    assert message.endswith(": no 'endfacet' in the next 300 bytes).")
    reported = int(message.split("(line ")[1].split(":")[0])
    # The window that fails starts at or after the last endfacet before the long line.
    assert line - FACET_LINES < reported <= line


def test_solid_and_endsolid_lines_may_separate_solids():
    first, second = ascii_stl(corners(2)), ascii_stl(corners(3) + 100)
    vertices, _ = read(first + second)
    expected = np.concatenate([corners(2), corners(3) + 100]).reshape(-1, 3)
    np.testing.assert_array_equal(vertices, expected)


def test_binary_stl_whose_header_starts_with_solid_is_read_as_binary():
    triangles = corners(2).astype(np.float32)
    records = np.zeros(2, dtype=stl._RECORD)
    records["corners"] = triangles
    data = b"solid but binary".ljust(80, b" ") + (2).to_bytes(4, "little") + records.tobytes()
    vertices, faces = read(data)
    np.testing.assert_array_equal(vertices, triangles.reshape(-1, 3))
    assert faces.tolist() == [[0, 1, 2], [3, 4, 5]]


def test_neither_binary_nor_ascii_names_both_sizes():
    data = b"\x01" * 80 + (3).to_bytes(4, "little") + b"\x00" * 10
    assert error_of(data) == (
        "mesh file part.stl could not be read (it is neither binary STL, whose header here "
        "promises 3 triangles (234 bytes) while the file has 94 bytes, nor ASCII STL, which "
        "starts with 'solid')."
    )


def test_a_short_file_that_is_not_ascii_says_it_is_too_short():
    assert error_of(b"\x01" * 20) == (
        "mesh file part.stl could not be read (it has 20 bytes: too short for binary STL "
        "(an 84-byte header), and it does not start with 'solid' as ASCII STL does)."
    )

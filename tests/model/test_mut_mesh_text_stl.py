"""STL: telling binary from ASCII, the triangle limit, and the line each ASCII error names.

Every facet below is the same seven unindented lines (``facet``), so line
numbers can be counted by hand: after a ``solid x`` line, facet k (from 0)
starts on line 2 + 7k. Windows are shrunk with ``stl.WINDOW_BYTES``.
"""

from __future__ import annotations

import pytest

from explorer.model.mesh_formats import Limits, MeshFormatError, stl
from explorer.model.mesh_formats.stl import read_stl

LIMITS = Limits(max_triangles=10)
BLOCK = "a 'facet normal ... endfacet' block with three 'vertex x y z' lines"


def facet(x: object = 1, after_endfacet: str = "") -> str:
    """86 bytes, 7 lines: the triangle (0 0 0), (x 0 0), (0 1 0)."""
    return (
        f"facet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex {x} 0 0\nvertex 0 1 0\nendloop\n"
        f"endfacet{after_endfacet}\n"
    )


def failure(data: str | bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(MeshFormatError) as caught:
        read_stl(data.encode() if isinstance(data, str) else data, limits)
    return caught.value.reason


def test_the_facet_helper_is_86_bytes():
    assert len(facet()) == 86


# --- binary or ASCII -----------------------------------------------------------------------


def test_a_nul_in_ascii_stl_is_refused_as_binary():
    assert failure(b"solid x\n\x00\nendsolid x\n") == (
        "byte 8 (line 2) is a NUL byte: this is not a text ASCII STL file"
    )


def test_an_84_byte_file_that_is_not_solid_names_both_sizes():
    # Bytes 80-83 are 0x01010101 = 16,843,009 triangles: 84 + 50 x that bytes.
    assert failure(b"\x01" * 84) == (
        "it is neither binary STL, whose header here promises 16,843,009 triangles "
        "(842,150,534 bytes) while the file has 84 bytes, nor ASCII STL, which starts with "
        "'solid'"
    )


def test_solid_is_looked_for_in_the_first_1024_bytes_only():
    # "solid" fills bytes 1019-1023; the 'x' after it (byte 1024) is not looked at,
    # so the file counts as ASCII, and its first line is then not a solid line.
    data = b" " * 1019 + b"solidx\n" + facet().encode() + b"endsolid x\n"
    assert failure(data) == f"line 1: expected {BLOCK}; found 'solidx'"


# --- the triangle limit ----------------------------------------------------------------------


def test_too_many_facets_are_refused_before_any_line_is_read():
    # Three 'endfacet' counted, limit 2: the stray line 9 is never reached.
    data = "solid x\n" + facet() + "color 1 0 0\n" + facet() * 2 + "endsolid x\n"
    assert failure(data, Limits(max_triangles=2)) == (
        "it has 3 triangles, over the limit of 2 triangles"
    )


def test_capital_facets_over_the_limit_are_refused_while_reading():
    # 'ENDFACET' is not counted up front; the growing buffer still enforces the limit.
    data = ("solid x\n" + facet() * 3 + "endsolid x\n").upper()
    assert failure(data, Limits(max_triangles=2)) == (
        "it has 3 triangles, over the limit of 2 triangles"
    )


# --- windows -------------------------------------------------------------------------------


def test_a_window_that_starts_with_a_stray_endfacet_reads_it_as_a_line(monkeypatch):
    monkeypatch.setattr(stl, "WINDOW_BYTES", 300)
    # 295 bytes (a padded solid line and two facets, lines 1-15), then a stray
    # 'endfacet' line crossing byte 300: the second window starts with it.
    head = "solid " + "p" * 116 + "\n" + facet() * 2
    assert len(head) == 295
    data = head + "endfacet\n" + "x" * 400 + "\n" + facet() + "endsolid x\n"
    assert failure(data) == f"line 16: expected {BLOCK}; found 'endfacet'"


def test_a_window_without_endfacet_names_the_line_it_starts_on(monkeypatch):
    monkeypatch.setattr(stl, "WINDOW_BYTES", 300)
    # Line 1 is blank, 2 is 'solid x', 3-9 a facet, 10 the long line.
    data = "\nsolid x\n" + facet() + "x" * 700 + "\n" + facet() + "endsolid x\n"
    assert failure(data) == "line 10: no 'endfacet' in the next 300 bytes"


def test_words_after_the_last_endfacet_of_a_window_fail_that_block(monkeypatch):
    monkeypatch.setattr(stl, "WINDOW_BYTES", 200)
    # The second facet (lines 9-15) ends "endfacet junk" and is the last whole
    # facet in the first 200 bytes; the block is refused at its first line.
    data = "solid x\n" + facet() + facet(after_endfacet=" junk") + facet() * 3 + "endsolid x\n"
    assert failure(data) == f"line 9: expected {BLOCK}; found 'facet normal 0 0 1'"


# --- which line an ASCII error names -------------------------------------------------------


def test_a_stray_line_after_a_leading_blank_line_is_counted():
    data = "\nsolid x\n" + facet() + "color 1 0 0\n" + facet() + "endsolid x\n"
    assert failure(data) == f"line 10: expected {BLOCK}; found 'color 1 0 0'"


def test_a_bad_number_in_a_second_facet_after_a_leading_blank_line_is_counted():
    # Line 1 blank, 2 solid, 3-9 the first facet, 10 the second's 'facet normal'.
    data = "\nsolid x\n" + facet() + facet("two") + "endsolid x\n"
    assert failure(data) == f"line 10: expected {BLOCK}; found 'facet normal 0 0 1'"


def test_a_last_line_without_newline_is_quoted_whole():
    assert failure("solid x\n" + facet() + "bogus") == f"line 9: expected {BLOCK}; found 'bogus'"


def test_a_bad_number_in_the_first_facet_names_its_line():
    assert failure("solid x\n" + facet("two") + "endsolid x\n") == (
        f"line 2: expected {BLOCK}; found 'facet normal 0 0 1'"
    )


def test_a_bad_number_after_blank_lines_names_the_facet_line():
    # Lines 9 and 10 are blank; the bad facet starts on line 11.
    data = "solid x\n" + facet() + "\n\n" + facet("two") + "endsolid x\n"
    assert failure(data) == f"line 11: expected {BLOCK}; found 'facet normal 0 0 1'"


# --- the end of the file -------------------------------------------------------------------


def test_endsolid_followed_by_a_few_blank_lines_is_read():
    data = "solid x\n" + facet() + "endsolid x\n" + "\n" * 100
    vertices, faces = read_stl(data.encode(), LIMITS)
    assert vertices.tolist() == [[0, 0, 0], [1, 0, 0], [0, 1, 0]]
    assert faces.tolist() == [[0, 1, 2]]


def test_endsolid_followed_by_4_kib_of_blank_lines_is_read():
    # 'endsolid x\n' (11 bytes) and 4,086 newlines: endsolid starts 4,097 bytes from the end.
    data = "solid x\n" + facet() + "endsolid x\n" + "\n" * 4086
    assert len(read_stl(data.encode(), LIMITS)[1]) == 1

"""The PLY header parser: what each header line means, and the exact words for each bad one.

``parse_header`` is called directly, so each test shows the header it reads and
the :class:`Header` (or the message) it must give.
"""

from __future__ import annotations

import pytest

from explorer.model.mesh_formats.common import MeshFormatError
from explorer.model.mesh_formats.ply_header import HEADER_LIMIT, parse_header

GOOD = [
    "ply",
    "format binary_little_endian 1.0",
    "comment made by hand",
    "obj_info generator: none",
    "element vertex 3",
    "property float x",
    "property float y",
    "property double z",
    "property uchar red",
    "element face 1",
    "property list uchar int vertex_indices",
    "element edge 2",
    "property int vertex1",
    "end_header",
]


def header(lines: list[str], newline: str = "\n") -> bytes:
    return (newline.join(lines) + newline).encode()


def error_of(data: bytes) -> str:
    with pytest.raises(MeshFormatError) as caught:
        parse_header(data)
    return str(caught.value)


def described(parsed) -> list:
    return [
        (element.name, element.count, [(p.name, p.kind, p.count_kind) for p in element.properties])
        for element in parsed.elements
    ]


EXPECTED_ELEMENTS = [
    ("vertex", 3, [("x", "f4", None), ("y", "f4", None), ("z", "f8", None), ("red", "u1", None)]),
    ("face", 1, [("vertex_indices", "i4", "u1")]),
    ("edge", 2, [("vertex1", "i4", None)]),
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_full_header_is_read_element_by_element(newline):
    data = header(GOOD, newline)
    parsed = parse_header(data + b"\x00" * 40)
    assert parsed.byte_order == "<"
    assert parsed.size == len(data)
    assert described(parsed) == EXPECTED_ELEMENTS
    assert parsed.element("face").index("vertex_indices") == 0
    assert parsed.element("vertex").index("z") == 2


@pytest.mark.parametrize(
    ("word", "order"), [("ascii", None), ("binary_little_endian", "<"), ("binary_big_endian", ">")]
)
def test_each_format_gives_its_byte_order(word, order):
    lines = [GOOD[0], f"format {word} 1.0", *GOOD[2:]]
    assert parse_header(header(lines)).byte_order == order


def test_the_first_end_header_counts_even_if_the_body_holds_those_bytes_again():
    data = header(GOOD)
    parsed = parse_header(data + b"\x01\x02end_header\n\x03")
    assert parsed.size == len(data)


def test_a_header_longer_than_the_limit_is_refused():
    lines = [GOOD[0], GOOD[1], *["comment " + "x" * 100] * (HEADER_LIMIT // 100), *GOOD[2:]]
    assert error_of(header(lines)) == "no 'end_header' line in its first 64 KiB"


def test_an_end_header_without_its_newline_is_refused():
    data = header(GOOD)[:-1]
    assert error_of(data) == "no 'end_header' line in its first 64 KiB"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ((0, "PLY"), "it does not start with the line 'ply'"),
        ((1, "format ascii 2.0"),
         "header line 2: expected 'format ascii 1.0', 'format binary_little_endian 1.0' or big; "
         "found 'format ascii 2.0'"),
        ((1, "format utf8 1.0"),
         "header line 2: expected 'format ascii 1.0', 'format binary_little_endian 1.0' or big; "
         "found 'format utf8 1.0'"),
        ((1, "comment the format comes later"),
         "header line 2: expected 'format ascii 1.0' or a binary format; "
         "found 'comment the format comes later'"),
        ((4, "element vertex three"),
         "header line 5: expected 'element <name> <count>' with a whole count; "
         "found 'element vertex three'"),
        ((4, "element vertex 1234567890123456789"),
         "header line 5: expected 'element <name> <count>' with a whole count; "
         "found 'element vertex 1234567890123456789'"),
        ((4, "element vertex"),
         "header line 5: expected 'element', 'property' or 'comment'; found 'element vertex'"),
        ((5, "property half x"),
         "header line 6: expected 'property <type> <name>' or 'property list <type> <type> "
         "<name>'; found 'property half x'"),
        ((10, "property list float int vertex_indices"),
         "header line 11: expected a whole-number type for the list's count; "
         "found 'property list float int vertex_indices'"),
        ((10, "property list uchar int"),
         "header line 11: expected 'property <type> <name>' or 'property list <type> <type> "
         "<name>'; found 'property list uchar int'"),
        ((2, "texture skin.png"),
         "header line 3: expected 'element', 'property' or 'comment'; found 'texture skin.png'"),
        ((2, "format ascii 1.0"),
         "header line 3: expected 'element', 'property' or 'comment'; found 'format ascii 1.0'"),
    ],
    ids=["capital-ply", "version-2", "unknown-format", "format-missing", "word-count",
         "huge-count", "no-count", "unknown-type", "float-count", "list-without-name",
         "unknown-keyword", "second-format"],
)  # fmt: skip
def test_each_bad_header_line_is_named_exactly(edit, message):
    lines = list(GOOD)
    index, text = edit
    lines[index] = text
    assert error_of(header(lines)) == message


def test_a_property_before_any_element_is_refused():
    lines = [GOOD[0], GOOD[1], "property float x", *GOOD[4:]]
    assert error_of(header(lines)) == (
        "header line 3: expected 'element', 'property' or 'comment'; found 'property float x'"
    )


def test_a_header_line_that_is_not_ascii_names_its_line():
    data = header([*GOOD[:3], "comment caf\u00e9", *GOOD[3:]])
    assert error_of(data) == "header line 4 is not plain ASCII text"


def _without(*names: str) -> list[str]:
    return [line for line in GOOD if not any(line.endswith(name) for name in names)]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (_without("face 1", "vertex_indices"), "its header needs exactly one 'face' element"),
        ([*GOOD[:-1], "element vertex 1", "property float x", "end_header"],
         "its header needs exactly one 'vertex' element"),
        ([line.replace("vertex_indices", "corners") for line in GOOD],
         "its 'face' element needs one list of whole numbers named vertex_indices"),
        ([line.replace("uchar int vertex", "uchar float vertex") for line in GOOD],
         "its 'face' element needs one list of whole numbers named vertex_indices"),
        ([*GOOD[:-1], "property list uchar int more", "end_header"],
         "element 'edge' has a list property"),
        (_without("double z"), "its 'vertex' element needs properties x, y and z"),
    ],
    ids=["no-face", "two-vertex", "face-list-misnamed", "float-indices", "list-elsewhere", "no-z"],
)  # fmt: skip
def test_the_elements_must_make_a_mesh(lines, message):
    assert error_of(header(lines)) == message


def test_vertex_index_is_accepted_as_the_face_lists_name():
    lines = [line.replace("vertex_indices", "vertex_index") for line in GOOD]
    assert parse_header(header(lines)).element("face").properties[0].name == "vertex_index"

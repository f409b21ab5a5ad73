"""Reading YAML files (explorer.model.yaml_source): documents, positions and file errors.

Written for mutation testing (issue 19): each refusal is compared whole, as
printed (file:line:col: message Fix: ...), and also field by field where the
printed form would hide a difference (a column of None prints as 1).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explorer.model.errors import AtlasError, ContentError, Problem
from explorer.model.yaml_source import YamlDocument, format_key_path, load_yaml

from .test_mut_yaml_events import NESTED, NESTED_LOCATIONS

CHECK_LINE = "Check indentation, colons and quotes on this line."
NOT_UTF8_FIX = "Save the file as UTF-8 text, or delete the stray byte."
CONTROL_FIX = "Delete it: binary data and control codes cannot go in this file."
SIZE_FIX = "Check it is the right file; content and settings files are far smaller."


def _write(tmp_path: Path, data: bytes | str, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _only_problem(path: Path, error_type=ContentError, **kwargs) -> Problem:
    with pytest.raises(error_type) as caught:
        load_yaml(path, error_type, **kwargs)
    assert type(caught.value) is error_type
    (problem,) = caught.value.problems
    return problem


# --- documents and positions -----------------------------------------------------------

TEXT = NESTED


def test_a_loaded_document_keeps_its_path_data_and_text(tmp_path):
    path = _write(tmp_path, TEXT)
    # A path given as text is accepted and kept as a Path.
    document = load_yaml(str(path), ContentError)
    assert document.path == path
    assert isinstance(document.path, Path)
    assert document.text == TEXT
    assert document.data == {"top": [{"k": 1, "j": ["x", "y"]}, "z"], "other": {"p": 1}}


def test_the_location_index_is_built_from_the_text_on_first_use(tmp_path):
    document = load_yaml(_write(tmp_path, TEXT), ContentError)
    assert document.locations == {(): (1, 1), **NESTED_LOCATIONS}
    # Built once: the same dict is returned again.
    assert document.locations is document.locations


def test_locate_finds_a_path_or_its_nearest_written_parent(tmp_path):
    document = load_yaml(_write(tmp_path, TEXT), ContentError)
    assert document.locate(["other", "p"]) == (5, 9)
    assert document.locate(("top", 0, "j", 1)) == (3, 12)
    # One level missing: its parent; two levels missing: the grandparent.
    assert document.locate(("top", 0, "missing")) == (2, 5)
    assert document.locate(("top", 0, "j", 5, "deeper")) == (3, 5)
    # Nothing of the path is written: the start of the file.
    assert document.locate(("nowhere",)) == (1, 1)
    assert document.locate(("nowhere", 3, "x")) == (1, 1)
    assert document.locate(()) == (1, 1)


def test_a_problem_is_located_and_names_its_key_path(tmp_path):
    path = _write(tmp_path, TEXT)
    document = load_yaml(path, ContentError)
    problem = document.problem(("top", 0, "j", 1), "expected a number.", "Write 1.")
    assert problem == Problem(path, 3, 12, "expected a number.", "top[0].j[1]", "Write 1.")
    assert str(problem) == f"{path}:3:12: top[0].j[1]: expected a number. Fix: Write 1."


def test_a_problem_without_fix_has_none(tmp_path):
    path = _write(tmp_path, TEXT)
    problem = load_yaml(path, ContentError).problem(["other", "p"], "bad.")
    assert problem.fix == ""
    assert str(problem) == f"{path}:5:9: other.p: bad."


def test_a_document_made_without_a_file_locates_everything_at_the_start():
    document = YamlDocument(Path("c.yaml"), {"a": 1}, "")
    assert document.locate(("a",)) == (1, 1)
    assert document.locations == {(): (1, 1)}


@pytest.mark.parametrize(
    ("key_path", "text"),
    [
        (("muscles", 2, "at"), "muscles[2].at"),
        ((0, "id"), "[0].id"),
        (("a", "b", "c"), "a.b.c"),
        (("a", 0, 1), "a[0][1]"),
        ((), ""),
        (("x" * 100,), "x" * 77 + "..."),
        (("line\nbreak",), "line\\nbreak"),
    ],
    ids=["mixed", "leading-index", "names", "indices", "empty", "long-name", "escaped"],
)
def test_format_key_path(key_path, text):
    assert format_key_path(key_path) == text


# --- YAML errors -----------------------------------------------------------------------


def test_a_libyaml_error_points_at_its_problem_not_its_context(tmp_path):
    # libyaml: "while scanning a simple key" (line 2) "could not find expected ':'" (line 3).
    path = _write(tmp_path, "a: b\nc\nd: e\n")
    problem = _only_problem(path)
    assert problem == Problem(
        path, 3, 1, "invalid YAML: could not find expected ':'.", fix=CHECK_LINE
    )


def test_an_unclosed_flow_list_points_at_where_reading_stopped(tmp_path):
    path = _write(tmp_path, "a: 1\nb: [1, 2\n")
    assert str(_only_problem(path)) == (
        f"{path}:3:1: invalid YAML: did not find expected ',' or ']'. Fix: {CHECK_LINE}"
    )


@pytest.mark.parametrize("quote", ["'", '"'])
def test_an_unclosed_quote_at_the_very_end_points_at_the_quote(tmp_path, quote):
    path = _write(tmp_path, f"a: 1\nb:  {quote}open")
    problem = _only_problem(path)
    assert problem == Problem(
        path,
        2,
        5,
        "invalid YAML: a quoted scalar starts here and is never closed.",
        fix=CHECK_LINE,
    )


def test_a_long_yaml_message_is_not_cut_at_the_echo_limit(tmp_path):
    name = "n" * 40
    path = _write(tmp_path, f"a: *{name}\n")
    # 102 characters: only the quoted name is limited, not the whole message.
    assert _only_problem(path) == Problem(
        path,
        1,
        4,
        f"invalid YAML: alias '*{name}' refers to no anchor defined before it.",
        fix=f"Define '&{name}' earlier, outside the list or map that uses it.",
    )


def test_the_error_type_given_is_the_one_raised(tmp_path):
    path = _write(tmp_path, "a: [\n")
    problem = _only_problem(path, AtlasError)
    assert (problem.line, problem.column) == (2, 1)


# --- control characters ----------------------------------------------------------------


def test_a_control_character_after_a_multibyte_one_on_line_two(tmp_path):
    # "b: é" is 4 characters: the bell (U+0007) is in column 5.
    path = _write(tmp_path, "a: 1\nb: \u00e9\x07\n")
    assert str(_only_problem(path)) == (
        f"{path}:2:5: invalid YAML: control character U+0007 is not allowed in a text file. "
        f"Fix: {CONTROL_FIX}"
    )


# --- bytes that are not UTF-8 ----------------------------------------------------------


def test_a_broken_sequence_after_multibyte_characters_is_located_in_characters(tmp_path):
    # Line 3 is "c: é" (4 characters, 5 bytes) then 0xe9 followed by "x".
    path = _write(tmp_path, b"a: 1\nb: 2\nc: \xc3\xa9\xe9x\n")
    assert str(_only_problem(path)) == (
        f"{path}:3:5: the file is not UTF-8 text: byte 0xe9 cannot continue a character. "
        f"Fix: {NOT_UTF8_FIX}"
    )


#: (text or bytes, line, column, message, fix) of one located reading problem.
LOCATED = [
    # Line 3 is "c: éé" then U+0001: 5 characters (7 bytes) before it, so column 6.
    pytest.param(
        "a: 1\nb: 2\nc: \u00e9\u00e9\x01\n",
        3,
        6,
        "invalid YAML: control character U+0001 is not allowed in a text file.",
        CONTROL_FIX,
        id="control-in-characters",
    ),
    pytest.param(
        "\x7fa: 1\n",
        1,
        1,
        "invalid YAML: control character U+007F is not allowed in a text file.",
        CONTROL_FIX,
        id="control-first",
    ),
    # The empty first line counts: the stray byte is on line 2, after "b: ".
    pytest.param(
        b"\nb: \xff\n",
        2,
        4,
        "the file is not UTF-8 text: byte 0xff cannot start a character.",
        NOT_UTF8_FIX,
        id="stray-byte",
    ),
    pytest.param(
        b"\x80a: 1\n",
        1,
        1,
        "the file is not UTF-8 text: byte 0x80 cannot start a character.",
        NOT_UTF8_FIX,
        id="stray-byte-first",
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "message", "fix"), LOCATED)
def test_a_bad_character_or_byte_is_located(tmp_path, text, line, column, message, fix):
    path = _write(tmp_path, text)
    assert _only_problem(path) == Problem(path, line, column, message, fix=fix)


# --- files that cannot be read ---------------------------------------------------------


def test_a_missing_file_is_refused_without_position(tmp_path):
    path = tmp_path / "missing.yaml"
    assert _only_problem(path) == Problem(
        path, None, None, "file not found.", fix="Check the path and spelling."
    )
    assert str(_only_problem(path)) == f"{path}: file not found. Fix: Check the path and spelling."


def test_a_link_to_a_missing_file_says_so(tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    assert _only_problem(link) == Problem(
        link, None, None, "file not found, only a link to it.", fix="Check the path and spelling."
    )


def test_a_path_through_a_file_cannot_be_read(tmp_path):
    path = _write(tmp_path, "a: 1\n") / "inner.yaml"
    assert _only_problem(path) == Problem(
        path,
        None,
        None,
        "cannot read the file (Not a directory).",
        fix="Check the path is a file.",
    )


def test_a_path_with_a_nul_character_cannot_be_read(tmp_path):
    path = tmp_path / "a\x00b.yaml"
    assert _only_problem(path, AtlasError) == Problem(
        path,
        None,
        None,
        "cannot read the file (embedded null byte).",
        fix="Check the path is a file.",
    )


def test_a_folder_is_refused_unread(tmp_path):
    assert _only_problem(tmp_path) == Problem(
        tmp_path,
        None,
        None,
        "this is a folder, not a text file.",
        fix="Give the path of the file itself.",
    )
    assert str(_only_problem(tmp_path)) == (
        f"{tmp_path}: this is a folder, not a text file. Fix: Give the path of the file itself."
    )


def test_a_pipe_is_refused_with_position_none(tmp_path):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    assert _only_problem(path, AtlasError) == Problem(
        path,
        None,
        None,
        "this is a pipe or a device, not a text file.",
        fix="Give the path of the file itself.",
    )


# --- the size cap ----------------------------------------------------------------------


def test_a_file_of_exactly_the_cap_is_read(tmp_path):
    path = _write(tmp_path, "a: 1\n")  # 5 bytes
    assert load_yaml(path, ContentError, max_bytes=5).data == {"a": 1}


def test_a_file_one_byte_over_the_cap_is_refused_at_1_1(tmp_path):
    path = _write(tmp_path, "a: 1\n")
    assert _only_problem(path, max_bytes=4) == Problem(
        path, 1, 1, "the file is 5 bytes, over the limit of 4 bytes.", fix=SIZE_FIX
    )


def test_a_tiny_file_over_a_tiny_cap_gives_its_own_size(tmp_path):
    path = _write(tmp_path, "a:\n")  # 3 bytes
    assert _only_problem(path, max_bytes=2).message == (
        "the file is 3 bytes, over the limit of 2 bytes."
    )


def test_sizes_are_written_with_thousands_separators(tmp_path):
    path = _write(tmp_path, "a: 1\n" + "#" * 1229 + "\n")  # 1,235 bytes
    assert str(_only_problem(path, max_bytes=1000)) == (
        f"{path}:1:1: the file is 1,235 bytes, over the limit of 1,000 bytes. Fix: {SIZE_FIX}"
    )


@pytest.mark.skipif(
    not Path("/proc/self/status").is_file() or Path("/proc/self/status").stat().st_size != 0,
    reason="needs a Linux /proc file, whose size reads as 0 before it is read",
)
def test_a_file_larger_than_its_stat_said_is_refused_after_reading_one_byte_too_many():
    # /proc files report size 0 but hold more: like a file that grew after stat().
    # Only max_bytes + 1 bytes are read, so the message gives 11, not the real size.
    path = Path("/proc/self/status")
    assert _only_problem(path, max_bytes=10) == Problem(
        path, 1, 1, "the file is 11 bytes, over the limit of 10 bytes.", fix=SIZE_FIX
    )

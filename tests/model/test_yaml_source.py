"""YAML loading: YAML 1.2 scalars, positions of keys and items, and located errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explorer.model.errors import ContentError
from explorer.model.yaml_source import load_yaml


def _load(tmp_path: Path, text: str):
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, ContentError)


def _problem(tmp_path: Path, text: str) -> str:
    """The single located problem that loading ``text`` reports."""
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, text)
    (problem,) = caught.value.problems
    return str(problem)


def test_plain_scalars_follow_yaml_1_2(tmp_path):
    document = _load(
        tmp_path,
        "on: yes\nno: off\noctal: 010\nhex: 0x1f\nnumber: 1.5e1\nempty:\nflag: true\n"
        "date: 2024-01-01\nquoted: 'true'\n",
    )
    assert document.data == {
        "on": "yes",
        "no": "off",
        "octal": 10,
        "hex": 31,
        "number": 15.0,
        "empty": None,
        "flag": True,
        "date": "2024-01-01",
        "quoted": "true",
    }


def test_keys_and_items_are_located(tmp_path):
    document = _load(tmp_path, "muscles:\n  - id: a\n    at: [1, 2, 3]\n  - id: b\n")
    assert document.locate(("muscles",)) == (1, 1)
    assert document.locate(("muscles", 1, "id")) == (4, 5)
    assert document.locate(("muscles", 0, "at", 2)) == (3, 16)
    # A path that was never written points at its nearest written parent.
    assert document.locate(("muscles", 1, "name")) == (4, 5)


def test_merge_keys_and_anchors_expand(tmp_path):
    document = _load(tmp_path, "base: &b {reach: 20, feather: 5}\nzone:\n  <<: *b\n  reach: 30\n")
    assert document.data["zone"] == {"reach": 30, "feather": 5}


def test_duplicate_key_is_an_error_at_the_second_key(tmp_path):
    assert _problem(tmp_path, "id: a\nname: A\nid: b\n").endswith(
        'file.yaml:3:1: invalid YAML: found duplicate key "id". '
        "Fix: Keep one 'id' entry in this mapping and delete the other."
    )


def test_alias_inside_itself_is_an_error_not_a_hang(tmp_path):
    assert _problem(tmp_path, "a: &x\n  - *x\n").endswith(
        "file.yaml:2:5: invalid YAML: alias '*x' refers to no anchor defined before it. "
        "Fix: Define '&x' earlier, outside the list or map that uses it."
    )


def test_tags_that_would_build_objects_are_refused(tmp_path):
    assert _problem(
        tmp_path, "name: ok\nrun: !!python/object/apply:os.system ['echo hi']\n"
    ).endswith(
        "file.yaml:2:6: invalid YAML: unsupported tag 'tag:yaml.org,2002:python/object/apply:"
        "os.system'. Fix: Remove the tag: these files hold plain text, numbers, lists and "
        "maps only."
    )


def test_a_second_document_is_an_error(tmp_path):
    assert _problem(tmp_path, "a: 1\n---\nb: 2\n").endswith(
        "file.yaml:2:1: invalid YAML: expected a single document in the file. "
        "Fix: Check indentation, colons and quotes on this line."
    )


def test_empty_file_loads_as_none(tmp_path):
    assert _load(tmp_path, "").data is None


def test_an_alias_bomb_is_refused_at_the_alias_that_crosses_the_budget(tmp_path):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    message = _problem(tmp_path, "\n".join(levels) + "\n")
    assert message.endswith(
        "file.yaml:7:10: invalid YAML: aliases repeat more than 1,000,000 values (an alias "
        "bomb?). Fix: Write the shared values out, or alias only small pieces."
    )


def test_nesting_deeper_than_the_limit_is_refused_where_it_crosses(tmp_path):
    text = "a:\n" + "".join(" " * depth + "- \n" for depth in range(1, 80))
    assert _problem(tmp_path, text).endswith(
        "file.yaml:51:51: invalid YAML: lists and maps nested more than 50 levels deep. "
        "Fix: Flatten the structure: these files need only a few levels of lists and maps."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: 0x" + "f" * 5000 + "\n",
            f"file.yaml:1:4: invalid YAML: '0x{'f' * 75}...' is not a valid int. "
            "Fix: Write a plain number of at most 18 digits, such as 12.5.",
        ),
        (
            "a: !!bool yes\n",
            "file.yaml:1:4: invalid YAML: 'yes' is not a valid bool. Fix: Write true or false.",
        ),
        (
            "? [a, b]\n: 1\n",
            "file.yaml:1:3: invalid YAML: found a list or mapping used as a key. "
            "Fix: Keys are plain names, such as 'radius_mm'.",
        ),
        (
            'a: 1\nb: "never closed\nc: 2\n',
            "file.yaml:2:4: invalid YAML: a quoted scalar starts here and is never closed. "
            "Fix: Check indentation, colons and quotes on this line.",
        ),
    ],
    ids=["huge-hex", "bool-yes", "list-as-key", "open-quote"],
)
def test_scalars_keys_and_quotes_that_no_file_of_ours_holds(tmp_path, text, message):
    assert _problem(tmp_path, text).endswith(message)


def test_a_file_over_the_cap_is_refused_unread(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n" + "#" * 100 + "\n")
    with pytest.raises(ContentError) as caught:
        load_yaml(path, ContentError, max_bytes=64)
    assert str(caught.value) == (
        f"{path}:1:1: the file is 106 bytes, over the limit of 64 bytes. "
        "Fix: Check it is the right file; content and settings files are far smaller."
    )


def test_a_pipe_is_refused_instead_of_read_forever(tmp_path):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    with pytest.raises(ContentError) as caught:
        load_yaml(path, ContentError)
    assert str(caught.value) == (
        f"{path}: this is a pipe or a device, not a text file. "
        "Fix: Give the path of the file itself."
    )


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path, ContentError).data == {"a": 1}

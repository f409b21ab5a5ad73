"""Where an unknown source key under ``patient_info`` is reported, and a missing answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.model.errors import ContentError
from tests.model.test_patient_info import CONTENT as VALID

#: (0-based line, as in VALID, with an unknown "nokey*" source key) for three lists.
UNKNOWN_KEYS = {
    8: ("  sources: [ts1999]\n", "  sources: [ts1999, nokey_top]\n"),
    16: ("      sources: [ts1999]\n", "      sources: [nokey_type]\n"),
    21: ("      sources: [ts1999]\n", "      sources: [ts1999, nokey_expect]\n"),
}


def _with_unknown_keys() -> str:
    lines = VALID.splitlines(keepends=True)
    for index, (old, new) in UNKNOWN_KEYS.items():
        assert lines[index] == old, "the shared valid content changed"
        lines[index] = new
    return "".join(lines)


def test_each_unknown_key_is_reported_at_its_own_line_and_path(tmp_path: Path):
    path = tmp_path / "trigger_points.yaml"
    path.write_text(_with_unknown_keys(), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(path)
    found = [(p.line, p.yaml_path) for p in caught.value.problems]
    # The editor jumps to these lines: the list each bad key sits in (lines 9, 17, 22).
    assert found == [
        (9, "patient_info.sources[1]"),
        (17, "patient_info.headache_types[0].sources[0]"),
        (22, "patient_info.what_to_expect[0].sources[1]"),
    ]
    assert "found 'nokey_type'" in caught.value.problems[1].message


def test_a_missing_headache_type_names_the_type(tmp_path: Path):
    path = tmp_path / "trigger_points.yaml"
    path.write_text(VALID, encoding="utf-8")
    info = load_catalog(path).patient_info
    assert info.answer_for("tension").name == "Tension-type headache"
    with pytest.raises(KeyError, match="no patient information for headache type 'migraine'"):
        info.answer_for("migraine")

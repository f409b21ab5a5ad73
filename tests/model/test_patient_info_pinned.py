"""Where an unknown source key under ``patient_info`` is reported, and a missing answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.model.errors import ContentError

# Line numbers in the tests refer to this text; every "nokey*" is not under sources.
CONTENT = """\
version: 1
sources:
  ts1999: Simons, Travell and Simons 1999
patient_info:
  question: Can dry needling help my headaches?
  answer: Sometimes; the evidence is weak.
  disclaimer: Education only, not a diagnosis.
  sources: [ts1999, nokey_top]
  headache_types:
    - type: tension
      name: Tension-type headache
      short_answer: Possibly.
      evidence: Small trials, mixed results.
      certainty: very_low
      cannot_do: [It cannot promise a cure.]
      sources: [nokey_type]
  what_to_expect:
    - id: soreness
      title: Soreness
      text: Sore for a day or three.
      sources: [ts1999, nokey_expect]
  red_flags:
    intro: See a doctor first if
    flags:
      - {id: onset, title: Sudden start, text: Worst within a minute.}
    advice: Any of these means a doctor first.
    sources: [ts1999]
muscles:
  - id: demo
    name: Demo
    structures: [demo]
    facts: {origin: a, insertion: b, action: c, innervation: d}
    trigger_points:
      - id: tp1
        name: Demo TrP
        at: [-40.0, 30.0, 60.0]
        where: Middle.
        referral:
          essential:
            - spot: {at: [-40.0, 30.0, 60.0], radius_mm: 25}
        referral_text: Pain nearby.
        sources: [ts1999]
"""


def test_each_unknown_key_is_reported_at_its_own_line_and_path(tmp_path: Path):
    path = tmp_path / "trigger_points.yaml"
    path.write_text(CONTENT, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(path)
    found = [(p.line, p.yaml_path) for p in caught.value.problems]
    # The editor jumps to these lines: the list each bad key sits in (lines 8, 16, 21).
    assert found == [
        (8, "patient_info.sources[1]"),
        (16, "patient_info.headache_types[0].sources[0]"),
        (21, "patient_info.what_to_expect[0].sources[1]"),
    ]
    assert "found 'nokey_type'" in caught.value.problems[1].message


def test_a_missing_headache_type_names_the_type(tmp_path: Path):
    path = tmp_path / "trigger_points.yaml"
    path.write_text(
        CONTENT.replace(", nokey_top", "")
        .replace("nokey_type", "ts1999")
        .replace(", nokey_expect", ""),
        encoding="utf-8",
    )
    info = load_catalog(path).patient_info
    assert info.answer_for("tension").name == "Tension-type headache"
    with pytest.raises(KeyError, match="no patient information for headache type 'migraine'"):
        info.answer_for("migraine")

"""``patient_info`` in trigger_points.yaml: validated like the rest, with located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.content import load_catalog
from explorer.model.errors import ContentError

# A valid file; each bad-input test changes one line. Line numbers refer to this text.
CONTENT = """\
version: 1
sources:
  ts1999: Simons, Travell and Simons 1999
  snoop: Dodick 2010
patient_info:
  question: Can dry needling help my headaches?
  answer: Sometimes; the evidence is weak.
  disclaimer: Education only, not a diagnosis.
  sources: [ts1999]
  headache_types:
    - type: tension
      name: Tension-type headache
      short_answer: Possibly.
      evidence: Small trials, mixed results.
      certainty: very_low
      cannot_do: [It cannot promise a cure.]
      sources: [ts1999]
  what_to_expect:
    - id: soreness
      title: Soreness
      text: Sore for a day or three.
      sources: [ts1999]
  red_flags:
    intro: See a doctor first if
    flags:
      - {id: onset, title: Sudden start, text: Worst within a minute.}
    advice: Any of these means a doctor first.
    sources: [snoop]
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


def load_changed(tmp_path: Path, old: str, new: str) -> ContentError:
    assert old in CONTENT
    path = tmp_path / "trigger_points.yaml"
    path.write_text(CONTENT.replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(path)
    return caught.value


def test_valid_patient_info_loads(tmp_path):
    path = tmp_path / "trigger_points.yaml"
    path.write_text(CONTENT, encoding="utf-8")
    info = load_catalog(path).patient_info
    assert info.answer_for("tension").certainty == "very_low"
    assert info.red_flags.flags[0].title == "Sudden start"
    with pytest.raises(KeyError):
        info.answer_for("cluster")


def test_unknown_certainty_names_line_and_path(tmp_path):
    error = load_changed(tmp_path, "certainty: very_low", "certainty: proven")
    message = str(error.problems[0])
    assert ":15:" in message
    assert "patient_info.headache_types[0].certainty" in message


def test_unknown_source_key_is_an_error(tmp_path):
    error = load_changed(tmp_path, "    sources: [snoop]", "    sources: [snop]")
    message = str(error.problems[0])
    assert "patient_info.red_flags.sources[0]" in message
    assert "'snop'" in message


def test_unknown_key_is_an_error(tmp_path):
    error = load_changed(tmp_path, "  question:", "  questoin:")
    messages = " ".join(str(problem) for problem in error.problems)
    assert "questoin" in messages
    assert "required key 'question' is missing" in messages


def test_a_headache_type_appears_once(tmp_path):
    repeated = CONTENT.replace(
        "  what_to_expect:",
        "    - {type: tension, name: Again, short_answer: x, evidence: y,"
        " certainty: low, cannot_do: [z], sources: [ts1999]}\n  what_to_expect:",
    )
    path = tmp_path / "trigger_points.yaml"
    path.write_text(repeated, encoding="utf-8")
    with pytest.raises(ContentError, match="each headache type once"):
        load_catalog(path)


def test_red_flags_need_at_least_one_flag(tmp_path):
    error = load_changed(
        tmp_path,
        "      - {id: onset, title: Sudden start, text: Worst within a minute.}\n",
        "      []\n",
    )
    assert "patient_info.red_flags.flags" in str(error.problems[0])

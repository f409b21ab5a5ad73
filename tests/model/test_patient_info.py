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


def messages(tmp_path: Path, error: ContentError) -> list[str]:
    """Every problem as the whole ``file:line:col: message`` line, the file shown as ``F``."""
    return [
        str(problem).replace(str(tmp_path / "trigger_points.yaml"), "F")
        for problem in error.problems
    ]


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
    # Line 15 of CONTENT, column 7: the key "certainty" after six spaces.
    assert messages(tmp_path, error) == [
        "F:15:7: patient_info.headache_types[0].certainty: expected one of 'low', 'very_low', "
        "'insufficient' or 'not_applicable'; found the text 'proven'. "
        "Fix: Use one of the listed values (mind the case)."
    ]


def test_unknown_source_key_is_an_error(tmp_path):
    error = load_changed(tmp_path, "    sources: [snoop]", "    sources: [snop]")
    # Line 28, column 15: the list item, after "    sources: [".
    assert messages(tmp_path, error) == [
        "F:28:15: patient_info.red_flags.sources[0]: expected a key defined under 'sources' at "
        "the top of the file; found 'snop'. Fix: Add it under 'sources:' or correct the spelling."
    ]


def test_unknown_key_is_an_error(tmp_path):
    error = load_changed(tmp_path, "  question:", "  questoin:")
    # The missing key is reported at its mapping (line 5, "patient_info:"), the
    # misspelt one where it stands (line 6, column 3).
    assert messages(tmp_path, error) == [
        "F:5:1: patient_info.question: required key 'question' is missing. "
        "Fix: Add 'question: ...' here.",
        "F:6:3: patient_info.questoin: unknown key 'questoin'; expected one of: question, "
        "answer, disclaimer, headache_types, what_to_expect, debate, red_flags, sources. "
        "Fix: Did you mean 'question'?",
    ]


def test_a_headache_type_appears_once(tmp_path):
    repeated = CONTENT.replace(
        "  what_to_expect:",
        "    - {type: tension, name: Again, short_answer: x, evidence: y,"
        " certainty: low, cannot_do: [z], sources: [ts1999]}\n  what_to_expect:",
    )
    path = tmp_path / "trigger_points.yaml"
    path.write_text(repeated, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(path)
    # Reported at the list (line 10, "  headache_types:"), not at either entry.
    assert messages(tmp_path, caught.value) == [
        "F:10:3: patient_info.headache_types: expected each headache type once; found "
        "'tension' more than once. Fix: Merge the entries into one."
    ]


def test_red_flags_need_at_least_one_flag(tmp_path):
    error = load_changed(
        tmp_path,
        "      - {id: onset, title: Sudden start, text: Worst within a minute.}\n",
        "      []\n",
    )
    assert messages(tmp_path, error) == [
        "F:25:5: patient_info.red_flags.flags: expected at least 1 item(s); found a list of 0 "
        "item(s). Fix: Add the missing item(s)."
    ]

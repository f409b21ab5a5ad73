"""The opening of a content file with one muscle and one point, shared by pinned tests.

Tests that pin line and column numbers build on it: its 13 lines end with the
point's ``where``, so whatever a test appends starts on line 14.
"""

from __future__ import annotations

_HEAD = """\
version: 1
sources:
  s1: A made-up book
muscles:
  - id: m
    name: M
    structures: STRUCTURES
    facts: {origin: a, insertion: b, action: c, innervation: d}
    trigger_points:
      - id: tp1
        name: TrP1
        at: [-60.0, 0.0, 100.0]
        where: Here.
"""


def one_point_content(rest: str, structures: str = "[m]") -> str:
    """Lines 1-13 (muscle ``m`` on ``structures``, point ``tp1``), then ``rest``."""
    return _HEAD.replace("STRUCTURES", structures) + rest

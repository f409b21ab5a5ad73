"""The links between entries of ``meshes/manifest.yaml`` that no single schema sees.

Unique ids, known sources, landmark structures, a single skin and side
suffixes. The raw data is read defensively, so these checks also run when the
schema failed and every problem of the file is reported in one go.
"""

from __future__ import annotations

import difflib
from typing import Any

from explorer.model.atlas_manifest import SNAKE_CASE
from explorer.model.errors import Problem, clip
from explorer.model.yaml_source import YamlDocument


def reference_problems(document: YamlDocument) -> list[Problem]:
    """Check the links between entries of the raw manifest data.

    It reads the raw data defensively, so it also runs when the schema failed
    and every problem of the file is reported in one go.
    """
    data = document.data if isinstance(document.data, dict) else {}
    raw = data.get("structures")
    structures = [
        (index, entry)
        for index, entry in enumerate(raw if isinstance(raw, list) else [])
        if isinstance(entry, dict)
    ]
    sources = data.get("sources") if isinstance(data.get("sources"), dict) else {}
    problems = _id_problems(document, structures)
    problems += _source_problems(document, structures, sources)
    problems += _skin_problems(document, structures)
    ids = {entry.get("id") for _, entry in structures if isinstance(entry.get("id"), str)}
    problems += _landmark_problems(document, data.get("landmarks"), ids)
    return problems


def _id_problems(document: YamlDocument, structures: list) -> list[Problem]:
    """Duplicate ids, and sided ids whose suffix disagrees with ``side``."""
    problems, first_index = [], {}
    for index, entry in structures:
        structure_id, side = entry.get("id"), entry.get("side")
        if not isinstance(structure_id, str):
            continue  # the schema reports a missing or non-text id
        if structure_id in first_index:
            problems.append(
                document.problem(
                    ("structures", index, "id"),
                    f"duplicate structure id '{clip(structure_id)}'; "
                    f"structures[{first_index[structure_id]}] already uses it.",
                    "Give every structure its own id.",
                )
            )
        first_index.setdefault(structure_id, index)
        if side not in ("left", "right", "midline"):
            continue
        suffix = (
            "_left"
            if structure_id.endswith("_left")
            else ("_right" if structure_id.endswith("_right") else "")
        )
        if suffix != ("" if side == "midline" else f"_{side}"):
            problems.append(
                document.problem(
                    ("structures", index, "side"),
                    f"structure '{clip(structure_id)}' has side '{side}', but its id "
                    + (f"ends in '{suffix}'." if suffix else "has no _left/_right suffix."),
                    "Sided ids end in _left or _right matching 'side'; midline ids end in neither.",
                )
            )
    return problems


def _source_problems(document: YamlDocument, structures: list, sources: dict) -> list[Problem]:
    """Each structure's ``source`` must be a key of ``sources``."""
    problems = []
    for index, entry in structures:
        source = entry.get("source")
        if isinstance(source, str) and source not in sources:
            known = ", ".join(sources) or "none"
            problems.append(
                document.problem(
                    ("structures", index, "source"),
                    f"unknown source '{clip(source)}'; the sources defined are: {clip(known)}.",
                    "Add it under 'sources' or use one of the defined keys.",
                )
            )
    return problems


def _skin_problems(document: YamlDocument, structures: list) -> list[Problem]:
    """Exactly one structure has kind ``skin``: referral paints on it."""
    skins = [index for index, entry in structures if entry.get("kind") == "skin"]
    if not skins:
        return [
            document.problem(
                ("structures",),
                "no structure has kind 'skin'; exactly one is required.",
                "Add the skin mesh with 'kind: skin'.",
            )
        ]
    return [
        document.problem(
            ("structures", index, "kind"),
            f"a second structure of kind 'skin'; structures[{skins[0]}] is already the skin "
            "and exactly one is allowed.",
            "Give the other structures another kind, or merge the skin meshes.",
        )
        for index in skins[1:]
    ]


def _landmark_problems(document: YamlDocument, landmarks: Any, ids: set) -> list[Problem]:
    """A landmark's ``on`` must name a structure id."""
    problems = []
    for name, entry in (landmarks if isinstance(landmarks, dict) else {}).items():
        if not SNAKE_CASE.match(name):
            problems.append(
                document.problem(
                    ("landmarks", name),
                    f"expected a snake_case landmark name, found '{clip(name)}'.",
                    "Rename it in lower case with underscores, e.g. 'temple_left'.",
                )
            )
        on = entry.get("on") if isinstance(entry, dict) else None
        if isinstance(on, str) and on not in ids:
            close = difflib.get_close_matches(on, [i for i in ids if isinstance(i, str)], n=1)
            problems.append(
                document.problem(
                    ("landmarks", name, "on"),
                    f"landmark '{clip(name)}' is on '{clip(on)}', which is not a structure id.",
                    f"Did you mean '{close[0]}'?" if close else "Use the id of a structure.",
                )
            )
    return problems

"""The schema of ``meshes/manifest.yaml`` and the checks between its entries.

pydantic checks each value's type and shape; :func:`validate_manifest` turns
its errors into located, plain-language Problems via
:mod:`explorer.model.schema_errors`.
:func:`reference_problems` checks what pydantic cannot see one entry at a time:
unique ids, known sources, landmark structures, a single skin and side suffixes.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from explorer.model.errors import Problem
from explorer.model.mesh_io import MESH_FORMATS
from explorer.model.schema_errors import explained, problems_from_validation
from explorer.model.yaml_source import YamlDocument

Units = Literal["mm", "cm", "dm", "m"]
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


_FIXES = {
    "file": "Use a mesh file of one of the listed formats, converting it if needed.",
    "color": "Write the colour as '#' and six hexadecimal digits, in quotes.",
    "sha256": "Write the file's sha256 as printed by 'sha256sum', or remove the key.",
    "transform": "Write four rows of four numbers; the last row is [0, 0, 0, 1].",
}


class _Strict(BaseModel):
    # A misspelt key must be an error, never silently ignored; NaN or inf
    # coordinates would poison every distance computed from them.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class SourceEntry(_Strict):
    """Where some meshes came from, and under which licence."""

    title: str
    licence: str
    url: str | None = None


class StructureEntry(_Strict):
    """One mesh of the atlas, as written in the manifest."""

    id: str = Field(pattern=SNAKE_CASE.pattern)
    name: str
    kind: Literal["skin", "bone", "muscle"]
    layer: Literal["superficial", "intermediate", "deep"]
    side: Literal["left", "right", "midline"]
    file: str
    color: str
    fma: str | None = None
    source: str
    sha256: str | None = None
    units: Units | None = None
    transform: list[list[float]] | None = None

    @field_validator("file")
    @classmethod
    def _mesh_format(cls, value: str) -> str:
        suffix = "." + value.rsplit(".", 1)[-1].lower() if "." in value else ""
        if suffix not in MESH_FORMATS:
            raise explained(
                f"expected a mesh file ending in {', '.join(MESH_FORMATS)}; found '{value}'."
            )
        return value

    @field_validator("color")
    @classmethod
    def _hex_color(cls, value: str) -> str:
        if not HEX_COLOR.match(value):
            raise explained(f"expected a colour like '#e0b9a0'; found '{value}'.")
        return value

    @field_validator("sha256")
    @classmethod
    def _hex_digest(cls, value: str | None) -> str | None:
        if value is not None and not SHA256.match(value):
            raise explained(f"expected 64 hexadecimal digits; found '{value}'.")
        return value

    @field_validator("transform")
    @classmethod
    def _affine(cls, value: list[list[float]] | None) -> list[list[float]] | None:
        # Only affine maps make sense for a mesh; a projective bottom row would
        # silently distort it, so it is refused rather than normalised away.
        if value is None:
            return value
        shape = [len(row) for row in value]
        if shape != [4, 4, 4, 4]:
            raise explained(f"expected a 4x4 matrix; found rows of lengths {shape}.")
        if value[3] != [0.0, 0.0, 0.0, 1.0]:
            raise explained(f"expected the last row to be [0, 0, 0, 1]; found {value[3]}.")
        return value


class LandmarkEntry(_Strict):
    """A named point in the atlas frame (millimetres), lying on a structure."""

    at: tuple[float, float, float]
    on: str


class ManifestEntry(_Strict):
    """The whole manifest file."""

    version: Literal[1]
    name: str
    frame: Literal["RAS"]
    units: Units = "mm"
    sources: dict[str, SourceEntry]
    structures: list[StructureEntry] = Field(min_length=1)
    landmarks: dict[str, LandmarkEntry] = Field(default_factory=dict)


def validate_manifest(document: YamlDocument) -> tuple[ManifestEntry | None, list[Problem]]:
    """Validate ``document.data``; return the manifest (or ``None``) and every schema problem."""
    try:
        return ManifestEntry.model_validate(document.data), []
    except ValidationError as exc:
        problems = problems_from_validation(exc, document, model=ManifestEntry)
    # Our own validators explain what is wrong; the fix depends on the field.
    return None, [
        replace(problem, fix=_FIXES.get(problem.yaml_path.rsplit(".", 1)[-1], ""))
        if not problem.fix
        else problem
        for problem in problems
    ]


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
    ids = {entry.get("id") for _, entry in structures}
    problems += _landmark_problems(document, data.get("landmarks"), ids)
    return problems


def _id_problems(document: YamlDocument, structures: list) -> list[Problem]:
    """Duplicate ids, and sided ids whose suffix disagrees with ``side``."""
    problems, first_index = [], {}
    for index, entry in structures:
        structure_id, side = entry.get("id"), entry.get("side")
        if structure_id in first_index:
            problems.append(
                document.problem(
                    ("structures", index, "id"),
                    f"duplicate structure id '{structure_id}'; "
                    f"structures[{first_index[structure_id]}] already uses it.",
                    "Give every structure its own id.",
                )
            )
        first_index.setdefault(structure_id, index)
        if not isinstance(structure_id, str) or side not in ("left", "right", "midline"):
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
                    f"structure '{structure_id}' has side '{side}', but its id "
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
                    f"unknown source '{source}'; the sources defined are: {known}.",
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
                    f"expected a snake_case landmark name, found '{name}'.",
                    "Rename it in lower case with underscores, e.g. 'temple_left'.",
                )
            )
        on = entry.get("on") if isinstance(entry, dict) else None
        if isinstance(on, str) and on not in ids:
            close = difflib.get_close_matches(on, [i for i in ids if isinstance(i, str)], n=1)
            problems.append(
                document.problem(
                    ("landmarks", name, "on"),
                    f"landmark '{name}' is on '{on}', which is not a structure id.",
                    f"Did you mean '{close[0]}'?" if close else "Use the id of a structure.",
                )
            )
    return problems

"""The schema of ``meshes/manifest.yaml`` and the checks between its entries.

pydantic checks each value's type and shape; :func:`validate_manifest` turns
its errors into located, plain-language Problems via
:mod:`explorer.model.schema_errors`.
What pydantic cannot see one entry at a time (unique ids, known sources...) is
checked in :mod:`explorer.model.atlas_references`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from explorer.model.errors import Problem, clip, clip_path
from explorer.model.mesh_io import MESH_FORMATS, check_mesh_path
from explorer.model.schema_errors import (
    PLAIN_TEXT,
    echo,
    explained,
    problems_from_validation,
    refuse_bool,
)
from explorer.model.yaml_source import YamlDocument
from explorer.model.zones import BODY_LIMIT_MM

Units = Literal["mm", "cm", "dm", "m"]
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
#: How much a transform may scale a mesh along any axis, either way. ``units``
#: already converts m, dm and cm; beyond a factor of 1000 no mesh of a body
#: needs, and a (near-)singular matrix would flatten the mesh into a plane.
TRANSFORM_SCALE_LIMIT = 1000.0

#: More structures than any atlas of a head, neck and shoulders needs (it has 44).
MAX_STRUCTURES = 500
#: A name or title: short text on one line.
Label = Annotated[str, Field(min_length=1, max_length=200), PLAIN_TEXT]
#: A real number (true is not one); NaN and infinities are refused by the config.
Number = Annotated[float, Field(strict=True)]
#: A coordinate in mm, within reach of a body (see ``BODY_LIMIT_MM``).
Coordinate = Annotated[float, Field(strict=True, ge=-BODY_LIMIT_MM, le=BODY_LIMIT_MM)]


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

    title: Label
    licence: Label
    url: Annotated[str, Field(max_length=2000, pattern=r"^https?://[^\s]+$")] | None = None


class StructureEntry(_Strict):
    """One mesh of the atlas, as written in the manifest."""

    id: str = Field(pattern=SNAKE_CASE.pattern, max_length=64)
    name: Label
    # artery/vein/nerve/organ: the structures at risk when needling (issue 13); the
    # scene puts them on their own "at_risk" layer, whatever their anatomical layer.
    kind: Literal["skin", "bone", "muscle", "artery", "vein", "nerve", "organ"]
    layer: Literal["superficial", "intermediate", "deep"]
    side: Literal["left", "right", "midline"]
    file: str
    color: str
    fma: Annotated[str, Field(max_length=64)] | None = None
    source: Label
    sha256: str | None = None
    units: Units | None = None
    transform: list[list[Number]] | None = None

    @field_validator("file")
    @classmethod
    def _mesh_format(cls, value: str) -> str:
        wrong = check_mesh_path(value)
        if wrong:
            raise explained(f"expected a relative path to a mesh file; found {wrong}.")
        suffix = "." + value.rsplit(".", 1)[-1].lower() if "." in value else ""
        if suffix not in MESH_FORMATS:
            raise explained(
                f"expected a mesh file ending in {', '.join(MESH_FORMATS)}; "
                f"found '{clip_path(value)}'."
            )
        return value

    @field_validator("color")
    @classmethod
    def _hex_color(cls, value: str) -> str:
        if not HEX_COLOR.match(value):
            raise explained(f"expected a colour like '#e0b9a0'; found '{clip(value)}'.")
        return value

    @field_validator("sha256")
    @classmethod
    def _hex_digest(cls, value: str | None) -> str | None:
        if value is not None and not SHA256.match(value):
            raise explained(f"expected 64 hexadecimal digits; found '{clip(value)}'.")
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
            raise explained(f"expected a 4x4 matrix; found rows of lengths {echo(shape)}.")
        if value[3] != [0.0, 0.0, 0.0, 1.0]:
            raise explained(f"expected the last row to be [0, 0, 0, 1]; found {echo(value[3])}.")
        _check_scales(np.array([row[:3] for row in value[:3]], dtype=np.float64))
        return value


def _check_scales(linear: np.ndarray) -> None:
    """Refuse a 3x3 part that flattens the mesh or scales it beyond any units change."""
    with np.errstate(all="ignore"):
        try:
            scales = np.linalg.svd(linear, compute_uv=False)
        except np.linalg.LinAlgError:
            scales = np.array([np.inf])
    if not np.isfinite(scales).all() or scales.max() > TRANSFORM_SCALE_LIMIT:
        raise explained(
            f"expected the 3x3 part to scale by at most {TRANSFORM_SCALE_LIMIT:g}; found "
            f"a scale of {echo(float(scales.max()))}.",
            "Use 'units' for m, dm or cm, and keep the rest of the matrix a rotation.",
        )
    if scales.min() < 1.0 / TRANSFORM_SCALE_LIMIT:
        rank = int(np.sum(scales >= scales.max() * 1e-9)) if scales.max() > 0 else 0
        raise explained(
            f"expected an invertible 3x3 part (rank 3) scaling by at least "
            f"{1.0 / TRANSFORM_SCALE_LIMIT:g}; found rank {rank}, smallest scale "
            f"{float(scales.min()):.3g}: it would flatten the mesh.",
            "Write a rotation, a mirror or a moderate scale; check for a row of zeros.",
        )


class LandmarkEntry(_Strict):
    """A named point in the atlas frame (millimetres), lying on a structure."""

    at: tuple[Coordinate, Coordinate, Coordinate]
    on: Label


class ManifestEntry(_Strict):
    """The whole manifest file."""

    version: Literal[1]
    name: Label
    frame: Literal["RAS"]

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: Any) -> Any:
        return refuse_bool(value, "the number 1")

    units: Units = "mm"
    sources: dict[str, SourceEntry]
    structures: list[StructureEntry] = Field(min_length=1, max_length=MAX_STRUCTURES)
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

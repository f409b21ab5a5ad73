"""Checks of an atlas once its meshes are in the atlas frame: is everything where it belongs?

Each mesh on its own may be a valid mesh in a plausible place (within reach
of a body) and still be wrong for this atlas: a muscle a metre beside the
skin because of a typo in its transform, a landmark nowhere near the
structure it names. Both are refused here, with the same margin the content
checks use (:data:`~explorer.model.content_ranges.MARGIN_MM`): every other
structure lies inside the skin's box, every landmark inside its structure's.
"""

from __future__ import annotations

import numpy as np

from explorer.model.atlas_manifest import ManifestEntry
from explorer.model.content_ranges import MARGIN_MM
from explorer.model.errors import Problem
from explorer.model.yaml_source import YamlDocument


def placement_problems(
    document: YamlDocument, manifest: ManifestEntry, structures: dict
) -> list[Problem]:
    """Structures outside the skin and landmarks off their structure."""
    return _outside_the_skin(document, manifest, structures) + _landmarks_off(
        document, manifest, structures
    )


def _box(vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return vertices.min(axis=0) - MARGIN_MM, vertices.max(axis=0) + MARGIN_MM


def _describe(lower: np.ndarray, upper: np.ndarray) -> str:
    spans = zip("xyz", lower, upper, strict=True)
    return ", ".join(f"{axis} {low:.0f}..{high:.0f}" for axis, low, high in spans) + " mm"


def _outside_the_skin(
    document: YamlDocument, manifest: ManifestEntry, structures: dict
) -> list[Problem]:
    skin = next(s for s in structures.values() if s.kind == "skin")
    lower, upper = _box(skin.vertices)
    problems = []
    for index, entry in enumerate(manifest.structures):
        vertices = structures[entry.id].vertices
        if entry.kind == "skin" or (
            np.all(vertices.min(axis=0) >= lower) and np.all(vertices.max(axis=0) <= upper)
        ):
            continue
        field = "transform" if entry.transform is not None else ("units" if entry.units else "file")
        problems.append(
            document.problem(
                ("structures", index, field),
                f"structure '{entry.id}' reaches outside the skin ({_describe(lower, upper)}): "
                f"it spans {_describe(vertices.min(axis=0), vertices.max(axis=0))}.",
                "Check its 'units' and 'transform': every structure lies under the skin.",
            )
        )
    return problems


def _landmarks_off(
    document: YamlDocument, manifest: ManifestEntry, structures: dict
) -> list[Problem]:
    problems = []
    boxes: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # one box per structure, not per landmark
    for name, entry in manifest.landmarks.items():
        if entry.on not in boxes:
            boxes[entry.on] = _box(structures[entry.on].vertices)
        lower, upper = boxes[entry.on]
        position = np.array(entry.at, dtype=np.float64)
        if np.all(position >= lower) and np.all(position <= upper):
            continue
        shown = ", ".join(f"{value:.1f}" for value in position)
        problems.append(
            document.problem(
                ("landmarks", name, "at"),
                f"expected a point on '{entry.on}' ({_describe(lower, upper)}); found [{shown}].",
                "Give the landmark's position on that structure, in mm of the atlas frame.",
            )
        )
    return problems

"""The anatomy atlas: ``meshes/manifest.yaml`` and its meshes, in the RAS millimetre frame.

:func:`load_atlas` validates the manifest, reads every mesh (inside the atlas
folder, size-capped, hash-checked when asked) and converts it into the atlas
frame. Anything wrong raises one :class:`~explorer.model.errors.AtlasError`
listing every problem with its file, line and column.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from explorer.model.atlas_checks import placement_problems
from explorer.model.atlas_manifest import ManifestEntry, StructureEntry, validate_manifest
from explorer.model.atlas_references import reference_problems
from explorer.model.content_ranges import AtlasExtent
from explorer.model.errors import AtlasError, Problem
from explorer.model.mesh_io import (
    MeshFileError,
    check_in_reach,
    max_bytes_for,
    parse_mesh,
    read_mesh_bytes,
    resolve_inside,
    to_atlas_frame,
)
from explorer.model.yaml_source import YamlDocument, load_yaml

#: Kinds of the structures at risk when needling: shown on their own layer, never
#: in the kiosk, and the only names a needling block's ``structures`` may use.
AT_RISK_KINDS = frozenset({"artery", "vein", "nerve", "organ"})


@dataclass(frozen=True)
class Structure:
    """One mesh of the atlas (skin, a bone or a muscle) in the atlas frame.

    ``vertices`` (N, 3) float64 in mm and ``faces`` (M, 3) int64 are read-only,
    because caches downstream (referral fields) are keyed on their content.
    """

    id: str
    name: str
    kind: str
    layer: str
    side: str
    file: Path
    color: str
    fma: str | None
    source: str
    vertices: np.ndarray
    faces: np.ndarray


@dataclass(frozen=True)
class Landmark:
    """A named point of the atlas, in mm, lying on structure ``on``."""

    id: str
    position: np.ndarray
    on: str


@dataclass(frozen=True)
class Source:
    """Where meshes came from and under which licence."""

    id: str
    title: str
    licence: str
    url: str | None


@dataclass
class Atlas:
    """All structures, landmarks and sources of one manifest."""

    manifest_path: Path
    structures: dict[str, Structure]
    landmarks: dict[str, Landmark]
    sources: dict[str, Source]

    @property
    def skin(self) -> Structure:
        """The single structure of kind ``skin`` (the manifest guarantees one)."""
        return self.structures_of_kind("skin")[0]

    def structures_of_kind(self, kind: str) -> list[Structure]:
        """Return the structures of ``kind`` (skin, bone, muscle, artery, ...) in manifest order."""
        return [structure for structure in self.structures.values() if structure.kind == kind]

    def landmark(self, name: str) -> np.ndarray:
        """Return the (3,) position in mm of landmark ``name``.

        Raises
        ------
        KeyError
            If there is no such landmark; the message suggests the closest name.
        """
        try:
            return self.landmarks[name].position
        except KeyError:
            close = difflib.get_close_matches(name, list(self.landmarks), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise KeyError(f"no landmark '{name}' in the atlas{hint}") from None

    def extent(self) -> AtlasExtent:
        """The box around every structure, the skin's size and the landmarks, for range checks."""
        vertices = [structure.vertices for structure in self.structures.values()]
        lower = np.min([v.min(axis=0) for v in vertices], axis=0)
        upper = np.max([v.max(axis=0) for v in vertices], axis=0)
        skin = self.skin.vertices
        skin_size = float(np.max(skin.max(axis=0) - skin.min(axis=0)))
        return AtlasExtent(lower, upper, skin_size, self.landmark_positions())

    def landmark_positions(self) -> dict[str, np.ndarray]:
        """Return every landmark's position by name, for array-based code such as referral."""
        return {name: landmark.position for name, landmark in self.landmarks.items()}


#: All meshes together may hold this many times ``max_triangles``.
ATLAS_TRIANGLE_FACTOR = 4


def load_atlas(manifest_path: Path, *, max_triangles: int = 1_000_000) -> Atlas:
    """Read a manifest and all of its meshes into an :class:`Atlas`.

    Parameters
    ----------
    manifest_path
        The ``manifest.yaml``; mesh paths are relative to its folder.
    max_triangles
        Largest triangle count allowed per mesh. The largest file size allowed
        is derived from it and checked before a file is read, so a huge or
        hostile file cannot exhaust memory.

    Raises
    ------
    AtlasError
        With every problem found. Schema and cross-reference problems are
        reported together; mesh files are read only once the manifest itself
        is valid, since a wrong ``file`` or ``units`` would make their errors
        misleading.
    """
    manifest_path = Path(manifest_path)
    document = load_yaml(manifest_path, AtlasError)
    manifest, problems = validate_manifest(document)
    problems += reference_problems(document)
    if manifest is None or problems:
        raise AtlasError(_in_file_order(problems))
    structures, problems = _load_structures(document, manifest, max_triangles)
    if not problems:
        problems = placement_problems(document, manifest, structures)
    if problems:
        raise AtlasError(_in_file_order(problems))
    return Atlas(
        manifest_path=manifest_path,
        structures=structures,
        landmarks=_landmarks(manifest),
        sources={
            key: Source(key, entry.title, entry.licence, entry.url)
            for key, entry in manifest.sources.items()
        },
    )


def _load_structures(
    document: YamlDocument, manifest: ManifestEntry, max_triangles: int
) -> tuple[dict[str, Structure], list[Problem]]:
    """Read every structure's mesh, collecting a problem for each one that fails."""
    root = document.path.parent
    structures, problems, triangles = {}, [], 0
    for index, entry in enumerate(manifest.structures):
        try:
            structures[entry.id] = _load_structure(root, entry, manifest.units, max_triangles)
        except MeshFileError as exc:
            problems.append(
                document.problem(("structures", index, exc.field), exc.message, exc.fix)
            )
            continue
        triangles += len(structures[entry.id].faces)
        if triangles > ATLAS_TRIANGLE_FACTOR * max_triangles:
            # Each mesh is capped; so is their sum, or a manifest naming one large
            # mesh a thousand times would exhaust memory all the same.
            problems.append(
                document.problem(
                    ("structures", index),
                    f"the atlas holds more than {ATLAS_TRIANGLE_FACTOR * max_triangles:,} "
                    "triangles with this structure; the rest were not read.",
                    "Use fewer or decimated meshes, or raise max_triangles.",
                )
            )
            break
    return structures, problems


def _load_structure(
    root: Path, entry: StructureEntry, default_units: str, max_triangles: int
) -> Structure:
    """Read, check and convert one structure's mesh into the atlas frame."""
    path = resolve_inside(root, entry.file)
    data = read_mesh_bytes(path, max_bytes_for(max_triangles), entry.sha256)
    vertices, faces = parse_mesh(path, data, max_triangles)
    transform = None if entry.transform is None else np.array(entry.transform, dtype=np.float64)
    vertices, faces = to_atlas_frame(vertices, faces, entry.units or default_units, transform)
    field = "transform" if transform is not None else ("units" if entry.units else "file")
    check_in_reach(path, vertices, field)
    return Structure(
        id=entry.id,
        name=entry.name,
        kind=entry.kind,
        layer=entry.layer,
        side=entry.side,
        file=path,
        color=entry.color,
        fma=entry.fma,
        source=entry.source,
        vertices=_read_only(vertices),
        faces=_read_only(faces),
    )


def _landmarks(manifest: ManifestEntry) -> dict[str, Landmark]:
    """Build landmarks; their ``at`` is already in the atlas frame, so no units apply."""
    return {
        name: Landmark(name, _read_only(np.array(entry.at, dtype=np.float64)), entry.on)
        for name, entry in manifest.landmarks.items()
    }


def _read_only(array: np.ndarray) -> np.ndarray:
    """Freeze ``array`` so shared atlas data cannot be changed behind a cache's back."""
    array.flags.writeable = False
    return array


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Sort problems by line so they read top to bottom like the file."""
    return sorted(problems, key=lambda problem: (problem.line or 0, problem.column or 0))

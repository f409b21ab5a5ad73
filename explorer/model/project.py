"""Load the atlas and the content together, cross-checked, or report every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explorer.model.atlas import AT_RISK_KINDS, Atlas, load_atlas
from explorer.model.content import Catalog, load_catalog
from explorer.model.errors import ExplorerError, Problem


@dataclass(frozen=True)
class Project:
    """A loaded atlas and the catalog validated against it."""

    atlas: Atlas
    catalog: Catalog


def load_project(content_path: Path, atlas_path: Path) -> Project:
    """Load ``atlas_path`` and then ``content_path``, checking names against the atlas.

    Raises
    ------
    ExplorerError
        With the problems of both files. If the atlas fails, the content is
        still validated on its own, so one run reports everything it can.
    """
    problems: list[Problem] = []
    atlas = None
    try:
        atlas = load_atlas(Path(atlas_path))
    except ExplorerError as error:
        problems += error.problems
    try:
        catalog = load_catalog(
            Path(content_path),
            set(atlas.landmarks) if atlas else None,
            structure_ids=set(atlas.structures) if atlas else None,
            extent=atlas.extent() if atlas else None,
            at_risk_ids=_at_risk_ids(atlas) if atlas else None,
        )
    except ExplorerError as error:
        problems += error.problems
    if problems:
        raise ExplorerError(problems)
    return Project(atlas, catalog)


def _at_risk_ids(atlas: Atlas) -> set[str]:
    """Ids of the structures at risk, the only names ``needling.structures`` may use."""
    return {sid for sid, structure in atlas.structures.items() if structure.kind in AT_RISK_KINDS}

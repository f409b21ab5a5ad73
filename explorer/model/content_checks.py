"""Checks across a content file that no single pydantic model can make.

Unique ids, source keys that exist, landmark and structure names the atlas
knows (on both sides, since the right side uses mirrored names), and the
structures at risk a needling block names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from explorer.model.content_schema import Muscle, Source, TriggerPointSpec
from explorer.model.errors import Problem, clip
from explorer.model.yaml_source import YamlDocument, format_key_path
from explorer.model.zones import Anchor, mirror_landmark_name

KeyPath = tuple[str | int, ...]

# The key under which each zone kind lists its seed points.
_SEED_KEY = {"spot": "at", "stroke": "through", "region": "around"}


def cross_check(
    document: YamlDocument,
    muscles: dict[int, Muscle],
    source_keys: set[str] | None,
    landmark_names: set[str] | None,
    structure_ids: set[str] | None,
    at_risk_ids: set[str] | None = None,
) -> list[Problem]:
    """Return every cross-reference problem; ``None`` sets skip their check.

    ``at_risk_ids`` are the atlas's structures at risk (arteries, veins,
    nerves, organs): every name in a ``needling.structures`` list must be one
    of them, on each side the point is used on.

    ``muscles`` maps the list index in the file to each muscle that passed
    structural validation, so problems point at the right line.
    """
    problems = _duplicates(document, [((("muscles", i)), m.id) for i, m in muscles.items()])
    for index, muscle in muscles.items():
        muscle_path = ("muscles", index)
        if structure_ids is not None:
            problems += _unknown_structures(document, muscle_path, muscle, structure_ids)
        points = [
            ((*muscle_path, "trigger_points", j), tp.id)
            for j, tp in enumerate(muscle.trigger_points)
        ]
        problems += _duplicates(document, points)
        for tp_index, point in enumerate(muscle.trigger_points):
            point_path = (*muscle_path, "trigger_points", tp_index)
            if source_keys is not None:
                problems += _unknown_sources(document, point_path, point, source_keys)
            if landmark_names is not None:
                problems += _unknown_landmarks(document, point_path, point, landmark_names)
            if at_risk_ids is not None:
                problems += _unknown_at_risk(document, point_path, point, at_risk_ids)
    return _once_each(problems)


def citation_problems(
    document: YamlDocument,
    muscles: dict[int, Muscle],
    sources: dict[str, Source],
    cited_elsewhere: set[str],
) -> list[Problem]:
    """Sources nobody cites, and points that rest on web pages alone without a flag.

    ``cited_elsewhere`` holds the keys cited outside the muscles (patient
    information). A source list is a promise that each entry backs a claim;
    an uncited one usually means a claim was removed and its source forgotten.
    A point whose every source is a web page must say so to its reader with
    ``confidence: low``.
    """
    cited = set(cited_elsewhere)
    problems = []
    for index, muscle in muscles.items():
        for tp_index, point in enumerate(muscle.trigger_points):
            cited.update(point.sources)
            known = [sources[key] for key in point.sources if key in sources]
            web_only = known and all(source.is_web_page for source in known)
            if web_only and point.confidence != "low":
                problems.append(
                    document.problem(
                        ("muscles", index, "trigger_points", tp_index, "sources"),
                        f"expected 'confidence: low' on '{muscle.id}.{point.id}', whose sources "
                        "are all web pages; found no low-confidence flag.",
                        "Add 'confidence: low', or cite a book, paper or guideline.",
                    )
                )
    for key in sources:
        if key not in cited:
            problems.append(
                document.problem(
                    ("sources", key),
                    f"expected every source to be cited; found '{clip(key)}', which nothing cites.",
                    "Cite it where it backs a claim, or remove it.",
                )
            )
    return problems


def _duplicates(document: YamlDocument, entries: list[tuple[KeyPath, str]]) -> list[Problem]:
    first_seen: dict[str, KeyPath] = {}
    problems = []
    for path, identifier in entries:
        if identifier not in first_seen:
            first_seen[identifier] = path
            continue
        line, _ = document.locate(first_seen[identifier])
        problems.append(
            document.problem(
                (*path, "id"),
                f"expected a unique id; found '{identifier}', already used by "
                f"{format_key_path(first_seen[identifier])} (line {line}).",
                "Give each entry its own id.",
            )
        )
    return problems


def _unknown_sources(
    document: YamlDocument, point_path: KeyPath, point: TriggerPointSpec, source_keys: set[str]
) -> list[Problem]:
    return [
        document.problem(
            (*point_path, "sources", index),
            f"expected a key defined under 'sources' at the top of the file; found '{clip(key)}'.",
            _suggest(key, source_keys, "Add it under 'sources:' or correct the spelling."),
        )
        for index, key in enumerate(point.sources)
        if key not in source_keys
    ]


def _unknown_landmarks(
    document: YamlDocument, point_path: KeyPath, point: TriggerPointSpec, names: set[str]
) -> list[Problem]:
    problems = []
    for path, anchor in _anchors(point_path, point):
        if anchor.landmark is None:
            continue
        if anchor.landmark not in names:
            problems.append(
                document.problem(
                    path,
                    f"expected a landmark of the atlas; found '{anchor.landmark}'.",
                    _suggest(anchor.landmark, names, "See 'landmarks:' in meshes/manifest.yaml."),
                )
            )
            continue
        mirrored = mirror_landmark_name(anchor.landmark)
        if "right" in point.sides and mirrored not in names:
            problems.append(
                document.problem(
                    path,
                    f"expected the atlas to have '{mirrored}' for the right side (the mirror "
                    f"of '{anchor.landmark}'); it does not.",
                    "Add the landmark to the atlas, or set 'sides: [left]'.",
                )
            )
    return problems


def _anchors(point_path: KeyPath, point: TriggerPointSpec) -> Iterator[tuple[KeyPath, Anchor]]:
    """Yield every point a trigger point names, with its key path."""
    yield (*point_path, "at"), point.at
    for level in ("essential", "spillover"):
        for index, entry in enumerate(getattr(point.referral, level)):
            zone = entry.zone
            zone_path = (*point_path, "referral", level, index, zone.kind, _SEED_KEY[zone.kind])
            if zone.kind == "spot":
                yield zone_path, zone.seeds[0]
            else:
                for seed_index, seed in enumerate(zone.seeds):
                    yield (*zone_path, seed_index), seed


def _unknown_structures(
    document: YamlDocument, muscle_path: KeyPath, muscle: Muscle, structure_ids: set[str]
) -> list[Problem]:
    sides = sorted({side for point in muscle.trigger_points for side in point.sides})
    problems = []
    for index, structure in enumerate(muscle.structures):
        missing = [
            f"{structure}_{side}" for side in sides if f"{structure}_{side}" not in structure_ids
        ]
        if missing and structure not in structure_ids:  # a midline structure has no suffix
            problems.append(
                document.problem(
                    (*muscle_path, "structures", index),
                    f"expected atlas structures {', '.join(missing)}; found none by that id.",
                    _suggest(f"{structure}_left", structure_ids, "See meshes/manifest.yaml."),
                )
            )
    return problems


def _unknown_at_risk(
    document: YamlDocument, point_path: KeyPath, point: TriggerPointSpec, at_risk_ids: set[str]
) -> list[Problem]:
    """Names in ``needling.structures`` that match no structure at risk of the atlas."""
    if point.needling is None:
        return []
    problems = []
    for index, base in enumerate(point.needling.structures):
        if base in at_risk_ids:  # a midline structure such as spinal_canal
            continue
        missing = [f"{base}_{side}" for side in point.sides if f"{base}_{side}" not in at_risk_ids]
        if not missing:
            continue
        problems.append(
            document.problem(
                (*point_path, "needling", "structures", index),
                f"expected a structure at risk of the atlas (an artery, vein, nerve or organ) "
                f"named '{clip(base)}'; found no {' or '.join(missing)} and no midline "
                f"'{clip(base)}'.",
                _suggest_base(base, at_risk_ids),
            )
        )
    return problems


def _suggest_base(base: str, at_risk_ids: set[str]) -> str:
    """Suggest the closest at-risk base id (side suffix removed), or where to look."""
    bases = {name.removesuffix("_left").removesuffix("_right") for name in at_risk_ids}
    return _suggest(
        base,
        bases,
        "Use a base id of an artery, vein, nerve or organ in meshes/manifest.yaml, "
        "or remove the name.",
    )


def _once_each(problems: list[Problem]) -> list[Problem]:
    """Drop repeats: a needling block shared through a YAML alias is reported once."""
    seen, unique = set(), []
    for problem in problems:
        key = (problem.line, problem.column, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def _suggest(name: str, known: set[str], otherwise: str) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"Did you mean '{close[0]}'?" if close else otherwise

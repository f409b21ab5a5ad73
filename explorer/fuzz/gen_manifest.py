"""Cases for an atlas manifest: numbers, transforms, paths that leave the folder, broken links."""

from __future__ import annotations

import copy
import hashlib
import random

from explorer.fuzz import gen_text
from explorer.fuzz.cases import Case
from explorer.fuzz.gen_content import BAD_COORDINATES, INF, NAN, dump
from explorer.fuzz.gen_files import make_not_a_file
from explorer.fuzz.seeds import Seeds
from explorer.model.yaml_source import MAX_YAML_BYTES

#: (name, 4x4 matrix) pairs that are no transform a mesh of a body can have.
BAD_TRANSFORMS = [
    ("singular", [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]),
    ("rank-2", [[1, 0, 0, -60], [0, 1, 0, 0], [0, 0, 0, 1500], [0, 0, 0, 1]]),
    ("scale-1e308", [[1e308, 0, 0, 0], [0, 1e308, 0, 0], [0, 0, 1e308, 0], [0, 0, 0, 1]]),
    ("scale-1e-6", [[1e-6, 0, 0, -60], [0, 1e-6, 0, 0], [0, 0, 1e-6, 1500], [0, 0, 0, 1]]),
    ("scale-1e4", [[1e4, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]),
    ("nan", [[NAN, 0, 0, -60], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]),
    ("inf", [[1, 0, 0, INF], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]),
    ("boolean", [[True, 0, 0, -60], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]),
    ("text", [["1", 0, 0, -60], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]),
    ("3x3", [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
    ("projective", [[1, 0, 0, -60], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 1, 1]]),
    ("far-away", [[1, 0, 0, 1e9], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]),
    ("beyond-reach", [[1, 0, 0, 5000], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]),
]
GOOD_TRANSFORMS = [
    ("rotation", [[0, -1, 0, -60], [1, 0, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]),
    ("mirror", [[-1, 0, 0, -60], [0, 1, 0, 0], [0, 0, 1, 1500], [0, 0, 0, 1]]),
    ("scale-2", [[2, 0, 0, -60], [0, 2, 0, 0], [0, 0, 2, 1500], [0, 0, 0, 1]]),
]
#: (name, file value, extra links or folders) for mesh paths that must be refused.
BAD_PATHS = [
    ("parent", "../skin.ply"),
    ("absolute", "/etc/passwd.ply"),
    ("climb", "sub/../../skin.ply"),
    ("symlink-out", "link.ply"),
    ("symlink-loop", "loop.ply"),
    ("long-name", "a" * 300 + ".ply"),
    ("long-path", "d/" * 600 + "x.ply"),
    ("nul", "sk\x00in.ply"),
    ("newline", "skin\n.ply"),
    ("missing", "missing.ply"),
    ("folder", "folder.ply"),
    ("vtk", "skin.vtk"),
    ("gltf", "skin.gltf"),
    ("empty", ""),
    ("upper-case", "SKIN.PLY"),
    ("backslash", "..\\skin.ply"),
]


def _structure(data: dict, rng: random.Random) -> dict:
    return rng.choice(data["structures"])


def numbers(rng: random.Random, data: dict) -> tuple[str, str]:
    """A landmark position that is not a finite number inside its structure."""
    landmark = rng.choice(list(data["landmarks"].values()))
    bad = rng.choice(BAD_COORDINATES)
    if rng.random() < 0.2:
        landmark["at"] = rng.choice([[0.0, 1600.0], [0.0, 0.0, 1600.0, 1.0], "vertex"])
        return "landmark at of the wrong shape", "invalid"
    landmark["at"][rng.randrange(3)] = bad
    return f"landmark at={bad!r}"[:60], "invalid"


def transform(rng: random.Random, data: dict) -> tuple[str, str]:
    """A transform that flattens, explodes or moves a mesh out of reach; or a good one."""
    muscle = data["structures"][2]
    if rng.random() < 0.2:
        name, matrix = rng.choice(GOOD_TRANSFORMS)
        muscle["transform"] = matrix
        return name, "valid"
    if rng.random() < 0.15:
        data["structures"][1]["units"] = rng.choice(["m", "km", "inch", 10, True])
        return f"skull units={data['structures'][1]['units']!r}", "invalid"
    name, matrix = rng.choice(BAD_TRANSFORMS)
    muscle["transform"] = copy.deepcopy(matrix)
    return name, "invalid"


def paths(rng: random.Random, data: dict) -> tuple[str, str]:
    """Mesh paths outside the folder, too long, malformed, or not files."""
    name, value = rng.choice(BAD_PATHS)
    _structure(data, rng)["file"] = value
    return name, "invalid"


def schema(rng: random.Random, data: dict) -> tuple[str, str]:
    """Unknown and missing keys, bad enums, colours, hashes and ids."""
    structure = _structure(data, rng)
    kind = rng.choice(["unknown", "missing", "enum", "color", "sha256", "id", "version", "empty"])
    if kind == "unknown":
        rng.choice([data, structure, data["sources"]["synthetic"]])["colour"] = "red"
    elif kind == "missing":
        del structure[
            rng.choice(["id", "name", "kind", "layer", "side", "file", "color", "source"])
        ]
    elif kind == "enum":
        key, value = rng.choice(
            [("kind", "bones"), ("layer", "outer"), ("side", "up"), ("kind", True), ("side", 1)]
        )
        structure[key] = value
    elif kind == "color":
        structure["color"] = rng.choice(["red", "#12345", "#gggggg", 0xE0B9A0, None])
    elif kind == "sha256":
        structure["sha256"] = rng.choice(["0" * 64, "abc", "g" * 64, 1234])
    elif kind == "id":
        structure["id"] = rng.choice(["Skin", "skin bone", "", "a" * 100, 7, "sk\u0456n",
                                      "skin\u200b", "\uff53kin"])  # fmt: skip
    elif kind == "version":
        data["version"] = rng.choice([2, "1", True, None])
    else:
        data["structures"] = []
    return kind, "invalid"


def references(rng: random.Random, data: dict) -> tuple[str, str]:
    """Duplicate ids, unknown sources, landmarks on nothing, skins too many or none."""
    kind = rng.choice(["duplicate", "source", "landmark-on", "two-skins", "no-skin", "suffix"])
    structures = data["structures"]
    if kind == "duplicate":
        structures[1]["id"] = structures[0]["id"]
    elif kind == "source":
        structures[1]["source"] = "makehuman"
    elif kind == "landmark-on":
        rng.choice(list(data["landmarks"].values()))["on"] = "skni"
    elif kind == "two-skins":
        structures[1]["kind"] = "skin"
    elif kind == "no-skin":
        structures[0]["kind"] = "bone"
    else:
        structures[2]["side"] = "right"
    return kind, "invalid"


def make_case(rng: random.Random, seeds: Seeds, number: int) -> Case:
    """One manifest case over the small atlas of :mod:`explorer.fuzz.seeds`."""
    family = rng.choice(["yaml-syntax", "encoding", "structure", "numbers", "transform",
                         "paths", "schema", "references", "valid", "not-a-file"])  # fmt: skip
    files = dict(seeds.atlas_files)
    text = files["manifest.yaml"]
    case = Case(number, "manifest", family, "", "invalid", "manifest.yaml", files=files)
    if family == "not-a-file":
        # The manifest itself (nothing to point at) or a mesh it names (its 'file' line).
        target = rng.choice(["manifest.yaml", "skull.ply"])
        case.whole_file = target == "manifest.yaml"
        case.name = target + " " + make_not_a_file(rng, case, target, missing_is_valid=False)
        return case
    if family == "yaml-syntax":
        case.name, case.expect, text = gen_text.syntax(rng, text)
    elif family == "encoding":
        case.name, case.expect, text = gen_text.encoding(rng, text)
    elif family == "structure":
        case.name, case.expect, text = gen_text.structure(rng, text, MAX_YAML_BYTES)
    else:
        data = copy.deepcopy(seeds.manifest_data)
        if family == "valid":
            case.name, case.expect = _valid(rng, data, files), "valid"
        else:
            mutate = {"numbers": numbers, "transform": transform, "paths": paths,
                      "schema": schema, "references": references}[family]  # fmt: skip
            case.name, case.expect = mutate(rng, data)
        text = dump(data)
    files["manifest.yaml"] = text
    case.links = {"link.ply": "/etc/hostname", "loop.ply": "loop.ply"}
    case.folders = ["folder.ply"]
    return case


def _valid(rng: random.Random, data: dict, files: dict[str, bytes]) -> str:
    kind = rng.choice(["unchanged", "sha256", "reorder", "no-landmarks"])
    if kind == "sha256":
        structure = data["structures"][0]
        structure["sha256"] = hashlib.sha256(files[structure["file"]]).hexdigest()
    elif kind == "reorder":
        data["structures"].reverse()
    elif kind == "no-landmarks":
        del data["landmarks"]
    return kind

"""Cases for ``trigger_points.yaml``, checked against the shipped atlas as ``app.py check`` does."""

from __future__ import annotations

import copy
import random
from typing import Any

import yaml

from explorer.fuzz import gen_text
from explorer.fuzz.cases import Case
from explorer.fuzz.gen_files import make_not_a_file
from explorer.fuzz.seeds import Seeds
from explorer.model.yaml_source import MAX_YAML_BYTES

NAN, INF = float("nan"), float("inf")
#: Values no coordinate may take: not numbers, not finite, or far outside any atlas.
BAD_COORDINATES = [NAN, INF, -INF, 1e12, -1e12, 1e308, 5000.0, -1e5, True, False, "12.5", None,
                   [1.0], {"x": 1}]  # fmt: skip
BAD_LENGTHS = [NAN, INF, -INF, 0, 0.0, -5, 1e12, 1e308, 1000.0, True, False, "30", None, [30],
               {"r": 1}]  # fmt: skip
BAD_FEATHERS = [NAN, INF, -1, 1e12, 1000.0, True, "5", [5], {"f": 1}]
#: Look-alikes: Cyrillic 'р', a zero-width space, full-width letters, a trailing space.
BAD_IDS = ["Bad Id", "", 123, "a" * 100, "1abc", "upper-trapezius", None, ["x"], "t\u0440p1",
           "tp\u200b1", "\uff54\uff50\uff11", "tp1 ", "TP1"]  # fmt: skip
#: Keys whose value is a length in mm, for :func:`gen_text.spelling`.
LENGTH_KEYS = ("radius_mm", "width_mm")
POINT_KEYS = ["id", "name", "at", "where", "referral", "referral_text", "sources"]
MUSCLE_KEYS = ["id", "name", "structures", "facts", "trigger_points"]


def dump(data: Any) -> bytes:
    """YAML text of ``data`` (PyYAML quotes every string a YAML 1.1 reader would misread)."""
    return yaml.dump(
        data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=10**9
    ).encode()


def _points(data: dict) -> list[dict]:
    return [point for muscle in data["muscles"] for point in muscle["trigger_points"]]


def _zones(point: dict) -> list[tuple[str, dict]]:
    """(kind, zone mapping) of every referral zone of ``point``."""
    levels = point["referral"].get("essential", []) + point["referral"].get("spillover", [])
    return [(kind, entry[kind]) for entry in levels for kind in entry]


def numbers(rng: random.Random, data: dict) -> tuple[str, str]:
    """Put a bad number in a coordinate, an offset, a radius, a width or a feather."""
    point = rng.choice(_points(data))
    kind, zone = rng.choice(_zones(point))
    target = rng.choice(["point", "seed", "length", "feather", "short-vector", "left-side"])
    if target == "length":
        key = "width_mm" if kind == "stroke" else "radius_mm"
        zone[key] = rng.choice(BAD_LENGTHS)
        return f"{key}={zone[key]!r}"[:60], "invalid"
    if target == "feather":
        zone["feather_mm"] = rng.choice(BAD_FEATHERS)
        return f"feather_mm={zone['feather_mm']!r}", "invalid"
    if target == "short-vector":
        point["at"] = rng.choice([[-50.0, 1400.0], [-50.0, 10.0, 1400.0, 1.0], []])
        return "at with a wrong length", "invalid"
    if target == "left-side":
        point["at"] = [rng.choice([0.0, 25.0, NAN]), 10.0, 1450.0]
        return f"at x={point['at'][0]}", "invalid"
    bad = rng.choice(BAD_COORDINATES)
    axis = rng.randrange(3)
    if target == "point":
        if isinstance(point["at"], list):
            point["at"][axis] = bad
            return f"at[{axis}]={bad!r}", "invalid"
        name = point["at"] if isinstance(point["at"], str) else point["at"]["landmark"]
        point["at"] = {"landmark": name, "offset": [0.0, 0.0, 0.0]}
        point["at"]["offset"][axis] = bad
        return f"offset[{axis}]={bad!r}", "invalid"
    seeds_key = {"spot": "at", "stroke": "through", "region": "around"}[kind]
    vector = [-40.0, 60.0, 1500.0]
    vector[axis] = bad
    if kind == "spot":
        zone["at"] = vector
    else:
        zone[seeds_key][rng.randrange(len(zone[seeds_key]))] = vector
    return f"{kind} seed [{axis}]={bad!r}", "invalid"


def schema(rng: random.Random, data: dict) -> tuple[str, str]:
    """Missing and unknown keys, wrong types, bad enums and ids."""
    muscle = rng.choice(data["muscles"])
    point = rng.choice(muscle["trigger_points"])
    kind = rng.choice(["missing", "unknown", "enum", "id", "type", "version", "empty"])
    if kind == "missing":
        owner, key = rng.choice(
            [(point, k) for k in POINT_KEYS] + [(muscle, k) for k in MUSCLE_KEYS]
        )
        del owner[key]
        return f"missing {key}", "invalid"
    if kind == "unknown":
        owner = rng.choice([data, muscle, point, _zones(point)[0][1], point["referral"]])
        owner["colour"] = "red"
        return "unknown key colour", "invalid"
    if kind == "enum":
        key, value = rng.choice(
            [("sides", ["up"]), ("sides", ["left", "left"]), ("confidence", "medium"),
             ("confidence", True), ("sides", [])]
        )  # fmt: skip
        point[key] = value
        return f"{key}={value!r}", "invalid"
    if kind == "id":
        owner = rng.choice([muscle, point])
        owner["id"] = rng.choice(BAD_IDS)
        return f"id={owner['id']!r}"[:60], "invalid"
    if kind == "type":
        key, value = rng.choice(
            [("name", 123), ("name", []), ("name", None), ("where", ["a"]), ("sources", "x"),
             ("referral", []), ("referral_text", {"doctor": "x"}), ("symptoms", "stiff")]
        )  # fmt: skip
        point[key] = value
        return f"{key}={value!r}", "invalid"
    if kind == "version":
        data["version"] = rng.choice([2, "1", True, None, 0])
        return f"version={data['version']!r}", "invalid"
    key = rng.choice(["sources", "trigger_points", "essential"])
    owner = {"sources": point, "trigger_points": muscle, "essential": point["referral"]}[key]
    owner[key] = []
    return f"empty {key}", "invalid"


def references(rng: random.Random, data: dict) -> tuple[str, str]:
    """Names the file or the atlas does not define, repeated ids, uncited sources."""
    muscle = rng.choice(data["muscles"])
    point = rng.choice(muscle["trigger_points"])
    kind = rng.choice(["source", "landmark", "structure", "duplicate", "right-landmark", "uncited"])
    if kind == "source":
        point["sources"] = [*point["sources"], "nobody_wrote_this"]
    elif kind == "landmark":
        _kind, zone = rng.choice(_zones(point))
        if "at" in zone:
            zone["at"] = "nowhere_left"
        else:
            key = "through" if "through" in zone else "around"
            zone[key][0] = "nowhere_left"
    elif kind == "structure":
        muscle["structures"] = [*muscle["structures"], "no_such_muscle"]
    elif kind == "duplicate":
        if len(muscle["trigger_points"]) > 1:
            muscle["trigger_points"][1]["id"] = muscle["trigger_points"][0]["id"]
        else:
            data["muscles"][1]["id"] = data["muscles"][0]["id"]
    elif kind == "right-landmark":
        point["at"] = "temple_right"
    else:
        data["sources"]["uncited_source"] = "A. Nobody. A source no point cites. 2001"
    return kind, "invalid"


def valid(rng: random.Random, data: dict) -> tuple[str, str]:
    """Edits that keep the file valid: it must still load."""
    kind = rng.choice(["unchanged", "nudge-point", "nudge-radius", "reorder", "flow-style"])
    point = rng.choice(_points(data))
    if kind == "nudge-point" and isinstance(point["at"], list):
        point["at"] = [point["at"][0] - 1.0, point["at"][1] + 0.5, point["at"][2]]
    elif kind == "nudge-radius":
        for _kind, zone in _zones(point):
            if "radius_mm" in zone:
                zone["radius_mm"] = zone["radius_mm"] + 1
    elif kind == "reorder":
        items = list(point.items())
        rng.shuffle(items)
        point.clear()
        point.update(items)
    return kind, "valid"


def make_case(rng: random.Random, seeds: Seeds, number: int) -> Case:
    """One content case of a family chosen by ``rng``."""
    family = rng.choice(["yaml-syntax", "encoding", "structure", "numbers", "schema",
                         "references", "valid", "not-a-file", "spelling"])  # fmt: skip
    text = seeds.content_text
    if family == "not-a-file":
        case = Case(number, "content", family, "", "invalid", "trigger_points.yaml",
                    files={"trigger_points.yaml": text}, whole_file=True)  # fmt: skip
        case.name = make_not_a_file(rng, case, "trigger_points.yaml", missing_is_valid=False)
        return case
    if family == "spelling":
        name, expect, text = gen_text.spelling(rng, text, LENGTH_KEYS)
    elif family == "yaml-syntax":
        name, expect, text = gen_text.syntax(rng, text)
    elif family == "encoding":
        name, expect, text = gen_text.encoding(rng, text)
    elif family == "structure":
        name, expect, text = gen_text.structure(rng, text, MAX_YAML_BYTES)
    else:
        data = copy.deepcopy(seeds.content_data)
        mutate = {"numbers": numbers, "schema": schema, "references": references, "valid": valid}
        name, expect = mutate[family](rng, data)
        text = dump(data) if not (family == "valid" and name == "flow-style") else _flow(data)
    return Case(number, "content", family, name, expect, "trigger_points.yaml",
                files={"trigger_points.yaml": text})  # fmt: skip


def _flow(data: Any) -> bytes:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, default_flow_style=True,
                     allow_unicode=True, width=120).encode()  # fmt: skip

"""Cases for the kiosk settings file (YAML, or JSON when it ends in ``.json``)."""

from __future__ import annotations

import copy
import json
import random

from explorer.fuzz import gen_text
from explorer.fuzz.cases import Case
from explorer.fuzz.gen_content import INF, NAN, dump
from explorer.fuzz.gen_files import make_not_a_file
from explorer.fuzz.seeds import Seeds
from explorer.qt.kiosk.config import MAX_CONFIG_BYTES
from explorer.qt.kiosk.config_values import SECONDS

#: Values no timeout may take: not numbers, not finite, too short, or beyond a Qt timer.
BAD_SECONDS = [1e308, INF, -INF, NAN, 0, -1, True, False, "6", [6], {"s": 1}, None, 3e6, 1e-9,
               0.5, 1e5, 2**31, 2**63 - 1]  # fmt: skip
BAD_VALUES = {
    "corner": ["middle", "TOP_LEFT", 1, None, [], "top-left"],
    "clinic_name": [[], 123, "", "x" * 200, "two\nlines", True, None, {"a": 1}],
    "logo": ["missing.png", "notes.txt", "folder.png", 123, "a" * 2000 + ".png", "bad\x00.png"],
    "pin_hash": ["garbage", "scrypt$1$1$1$x$y", 1234, "scrypt$16384$8$1$!!!$abc", "1234",
                 "scrypt$1099511627776$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"],
}  # fmt: skip


def make_case(rng: random.Random, seeds: Seeds, number: int) -> Case:
    """One kiosk-settings case."""
    family = rng.choice(["yaml-syntax", "encoding", "structure", "seconds", "values", "valid",
                         "not-a-file", "spelling", "json"])  # fmt: skip
    text, name, expect, main = seeds.kiosk_text, "", "invalid", "kiosk.yaml"
    if family == "not-a-file":
        case = Case(number, "kiosk", family, "", "invalid", main, files={main: text},
                    whole_file=True)  # fmt: skip
        case.name = make_not_a_file(rng, case, main, missing_is_valid=True)
        return case
    if family == "spelling":
        name, expect, text = gen_text.spelling(rng, text, tuple(SECONDS))
    elif family == "json":
        main = "kiosk.json"
        name, expect, text = _json_text(rng, seeds.kiosk_data)
    elif family == "yaml-syntax":
        name, expect, text = gen_text.syntax(rng, text)
    elif family == "encoding":
        name, expect, text = gen_text.encoding(rng, text)
    elif family == "structure":
        name, expect, text = gen_text.structure(rng, text, MAX_CONFIG_BYTES)
    else:
        data = copy.deepcopy(seeds.kiosk_data)
        if family == "seconds":
            key, value = rng.choice(list(SECONDS)), rng.choice(BAD_SECONDS)
            data[key] = value
            name = f"{key}={value!r}"
        elif family == "values":
            name = _bad_value(rng, data)
        else:
            name, expect = _valid(rng, data), "valid"
        if rng.random() < 0.25 and family != "values":
            main, text = "kiosk.json", json.dumps(data).encode()
        else:
            text = dump(data)
    files = {main: text, "logo.png": b"\x89PNG\r\n\x1a\n" + bytes(64), "notes.txt": b"hello"}
    return Case(number, "kiosk", family, name[:70], expect, main, files=files,
                folders=["folder.png"])  # fmt: skip


def _bad_value(rng: random.Random, data: dict) -> str:
    kind = rng.choice([*BAD_VALUES, "unknown", "order"])
    if kind == "unknown":
        data[rng.choice(["colour", "idle_seconds", "Corner"])] = 1
    elif kind == "order":
        data["idle_attract_seconds"], data["idle_reset_seconds"] = 120, rng.choice([120, 60, 10])
    else:
        data[kind] = rng.choice(BAD_VALUES[kind])
        return f"{kind}={data[kind]!r}"
    return kind


def _valid(rng: random.Random, data: dict) -> str:
    kind = rng.choice(["unchanged", "timeouts", "name", "logo", "no-pin", "empty"])
    if kind == "timeouts":
        data["idle_attract_seconds"] = rng.uniform(5, 1000)
        data["idle_reset_seconds"] = rng.uniform(data["idle_attract_seconds"] + 1, 86400)
        data["attract_step_seconds"] = rng.choice([1, 2.5, 600])
        data["corner_hold_seconds"] = rng.choice([1, 3, 30.0])
    elif kind == "name":
        data["clinic_name"] = rng.choice(["Müller Physio", "A", "x" * 80])
    elif kind == "logo":
        data["logo"] = "logo.png"
    elif kind == "no-pin":
        data["pin_hash"] = None
    else:
        data.clear()
    return kind


def _json_text(rng: random.Random, data: dict) -> tuple[str, str, bytes]:
    """Settings as JSON, strict or with what only YAML forgives (a .json file must be JSON)."""
    text = json.dumps(data, indent=rng.choice([None, 1, "\t"]))
    kind = rng.choice(["strict", "trailing-comma", "single-quotes", "nan", "comment", "bare-key"])
    if kind == "strict":
        return kind, "valid", text.encode()
    if kind == "trailing-comma":
        text = text.rstrip().removesuffix("}") + ",}"
    elif kind == "single-quotes":
        text = text.replace('"corner"', "'corner'")
    elif kind == "nan":
        text = text.replace('"attract_step_seconds": 6', '"attract_step_seconds": NaN')
    elif kind == "comment":
        text = "// kiosk settings\n" + text
    else:
        text = text.replace('"corner"', "corner")
    return kind, "invalid", text.encode()

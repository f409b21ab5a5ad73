"""Damage any YAML text can take: syntax, encoding and hostile structure.

Each function takes a random generator, a valid file's bytes and the
target's rules, and returns ``(mutation name, expectation, new bytes)``. A
mutation is marked ``invalid`` only when no reading of the result can be a
valid file; random edits whose effect depends on where they land are
``either`` (they must still never crash or hang).
"""

from __future__ import annotations

import random
import re

from explorer.model.yaml_events import MAX_VALUES

Mutation = tuple[str, str, bytes]

_KEY_LINE = re.compile(rb"^(?P<indent> *)(?P<key>[a-z_][a-z0-9_]*):(?P<rest>.*)$", re.MULTILINE)
_SCALAR_LINE = re.compile(
    rb"^(?P<head> *(?:- )?[a-z_][a-z0-9_]*: )(?P<value>[^\[{&*!|>#\s].*)$", re.MULTILINE
)
_CONTROL = bytes([*range(1, 9), 11, 12, *range(14, 32), 127])


def _pick(rng: random.Random, pattern: re.Pattern, data: bytes) -> re.Match | None:
    """A random match of ``pattern`` that is not inside a block scalar (``key: >-`` text)."""
    inside = _block_scalar_lines(data)
    matches = [match for match in pattern.finditer(data) if match.start() not in inside]
    return rng.choice(matches) if matches else None


def _block_scalar_lines(data: bytes) -> set[int]:
    """Offsets of the lines that belong to a block scalar: text there is not YAML structure."""
    inside, block_indent, offset = set(), None, 0
    for line in data.split(b"\n"):
        indent = len(line) - len(line.lstrip(b" "))
        if block_indent is not None and (indent > block_indent or not line.strip()):
            inside.add(offset)
        else:
            block_indent = indent if re.search(rb":\s*[|>][-+]?\s*$", line) else None
        offset += len(line) + 1
    return inside


def _insert(data: bytes, position: int, piece: bytes) -> bytes:
    return data[:position] + piece + data[position:]


def syntax(rng: random.Random, data: bytes) -> Mutation:
    """Broken YAML syntax: brackets, duplicate keys, truncation, stray characters."""
    kind = rng.choice(
        ["unclosed-bracket", "duplicate-key", "truncate", "flip-bytes", "tab-indent",
         "missing-colon", "stray-quote", "shifted-indent"]
    )  # fmt: skip
    if kind == "unclosed-bracket":
        line = _pick(rng, re.compile(rb"^.*: \[[^\]\n]*\]\s*$", re.MULTILINE), data)
        if line is None:
            return kind, "invalid", data + b"\nbroken: [1, 2\n"
        cut = data.rindex(b"]", line.start(), line.end())
        return kind, "invalid", data[:cut] + data[cut + 1 :]
    if kind == "duplicate-key":
        line = _pick(rng, _KEY_LINE, data)
        if line is None:
            return kind, "invalid", data + b"\nx: 1\nx: 2\n"
        copy = line.group("indent") + line.group("key") + b": null\n"
        return kind, "invalid", _insert(data, line.start(), copy)
    if kind == "truncate":
        return kind, "either", data[: rng.randrange(len(data))]
    if kind == "flip-bytes":
        edited = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            edited[rng.randrange(len(edited))] = rng.randrange(32, 127)
        return kind, "either", bytes(edited)
    line = _pick(rng, _KEY_LINE, data)
    if line is None:
        return kind, "either", data[::-1]
    start = line.start()
    if kind == "tab-indent":
        return kind, "either", data[:start] + b"\t" + data[start:]
    if kind == "missing-colon":
        colon = data.index(b":", start)
        return kind, "either", data[:colon] + data[colon + 1 :]
    if kind == "stray-quote":
        return kind, "either", _insert(data, line.start("rest"), b' "')
    return kind, "either", _insert(data, start, b" ")


def encoding(rng: random.Random, data: bytes, empty_is_valid: bool = False) -> Mutation:
    """Bytes that are not UTF-8 text, control characters, or harmless encoding variants."""
    del empty_is_valid
    kind = rng.choice(
        ["invalid-utf8", "nul-byte", "control-char", "binary-junk", "utf16", "latin1-comment",
         "utf8-bom", "crlf"]
    )  # fmt: skip
    position = rng.randrange(len(data) + 1)
    if kind == "invalid-utf8":
        return (
            kind,
            "invalid",
            _insert(data, position, rng.choice([b"\xff", b"\xc3(", b"\xed\xa0\x80"])),
        )
    if kind == "nul-byte":
        return kind, "invalid", _insert(data, position, b"\x00")
    if kind == "control-char":
        return kind, "invalid", _insert(data, position, bytes([rng.choice(_CONTROL)]))
    if kind == "binary-junk":
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(16, 4096))) + b"\x00\xff"
        return kind, "invalid", _insert(data, position, junk)
    if kind == "utf16":
        return kind, "invalid", data.decode("utf-8").encode("utf-16")
    if kind == "latin1-comment":
        start = data.rfind(b"\n", 0, position) + 1
        return kind, "invalid", _insert(data, start, "# café\n".encode("latin-1"))
    if kind == "utf8-bom":
        return kind, "valid", b"\xef\xbb\xbf" + data
    return kind, "valid", data.replace(b"\n", b"\r\n")


def alias_bomb(levels: int = 9) -> bytes:
    """A flow list whose aliases stand for 9^levels values."""
    parts = ["&a0 [x, x, x, x, x, x, x, x, x]"]
    parts += [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return ("[" + ", ".join(parts) + "]").encode()


def structure(rng: random.Random, data: bytes, cap_bytes: int) -> Mutation:
    """Hostile structure in a value, or a file that is not one document of one mapping."""
    kind = rng.choice(
        ["deep-flow", "deep-block", "alias-bomb", "python-tag", "binary-tag", "custom-tag",
         "huge-string", "huge-number", "complex-key", "second-document", "top-level-list",
         "oversized", "huge-key", "many-values"]
    )  # fmt: skip
    if kind == "many-values":
        # Just over the value cap, far under the byte cap: a flat list or a wide map.
        many = MAX_VALUES + 1000
        body = (
            (b"extra:\n" + b"- a\n" * many)
            if rng.random() < 0.5
            else (b"extra: {" + b", ".join(b"k%d: 1" % i for i in range(many // 2)) + b"}\n")
        )
        return kind, "invalid", data.rstrip(b"\n") + b"\n" + body
    if kind == "deep-block":
        block = b"deep:\n" + b"".join(b"  " * depth + b"a:\n" for depth in range(1, 120))
        return kind, "invalid", data.rstrip(b"\n") + b"\n" + block + b"  " * 120 + b"a: 1\n"
    if kind == "complex-key":
        return kind, "invalid", b"? [a, b]\n: 1\n" + data
    if kind == "second-document":
        return kind, "invalid", data + b"\n---\nx: 1\n"
    if kind == "top-level-list":
        return kind, "invalid", b"- " + data.replace(b"\n", b"\n  ")
    if kind == "oversized":
        return kind, "invalid", data + b"#" + b" " * (cap_bytes + 1 - len(data)) + b"\n"
    if kind == "huge-key":
        return (
            kind,
            "invalid",
            data.rstrip(b"\n") + b"\n" + b"k" * rng.choice([300, 10**6]) + b": 1\n",
        )
    line = _pick(rng, _SCALAR_LINE, data)
    if line is None:
        return kind, "invalid", data + b"\n: :\n["
    value = {
        "deep-flow": lambda: b"[" * 10_000 + b"]" * 10_000,
        "alias-bomb": alias_bomb,
        "python-tag": lambda: b"!!python/object/apply:os.system ['echo pwned']",
        "binary-tag": lambda: b"!!binary aGVsbG8=",
        "custom-tag": lambda: b"!secret value",
        "huge-string": lambda: b"x" * rng.choice([5000, 10**6, 10**7]),
        "huge-number": lambda: rng.choice([b"1" + b"0" * 400, b"0x" + b"f" * 5000, b"9" * 5000]),
    }[kind]()
    return kind, "invalid", data[: line.start("value")] + value + data[line.end("value") :]


#: Spellings of a number's value ``n`` that YAML 1.2 reads as that same number.
_SAME_NUMBER = {
    "leading-zero": lambda n: b"0%d" % n,  # 1.2 has no 0-octal: 010 is ten
    "octal": lambda n: b"0o%o" % n,
    "hex": lambda n: b"0x%x" % n,
    "plus": lambda n: b"+%d" % n,
    "exponent": lambda n: b"%de0" % n,
    "point": lambda n: b"%d.0" % n,
}
#: Spellings no reader of these files may take for a number.
_NOT_A_NUMBER = [b"yes", b"on", b"off", b"no", b"y", b"1_0", b"1:30", b"12 mm", b"1,5", b"0b101",
                 b"\xd9\xa3", b"\xef\xbc\x91\xef\xbc\x92", b"1e", b"~", b"''", b"[]", b"{}",
                 b".", b"-", b"0x", b"0o8", b"1e400", b"-.inf", b".NaN"]  # fmt: skip


def spelling(rng: random.Random, data: bytes, keys: tuple[str, ...]) -> Mutation:
    """Write the number of one of ``keys`` another way: the same value, or no number at all.

    YAML 1.1 readers take ``yes``/``on`` for booleans and ``010`` for eight;
    these files are read as YAML 1.2, where only ``true``/``false`` are
    booleans and ``010`` is ten, so the valid spellings keep the value exactly.
    """
    names = b"|".join(re.escape(key.encode()) for key in keys)
    pattern = re.compile(rb"\b(?:" + names + rb"): (?P<value>[0-9]+)(?=[,}\s])")
    match = _pick(rng, pattern, data)
    if match is None:
        return "no-number", "valid", data
    start, end = match.span("value")
    if rng.random() < 0.5:
        kind = rng.choice(list(_SAME_NUMBER))
        return kind, "valid", data[:start] + _SAME_NUMBER[kind](int(match["value"])) + data[end:]
    text = rng.choice(_NOT_A_NUMBER)
    return text.decode(errors="replace"), "invalid", data[:start] + text + data[end:]

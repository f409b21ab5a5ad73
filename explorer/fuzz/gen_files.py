"""Inputs that are not a readable file at all: a folder, a pipe, a device, a broken link.

A loader must refuse each at once, naming the file (there is no line to
point at), and must never block reading a pipe or an endless device. Used
for the file the loader is handed and, for meshes, the file a manifest names.
"""

from __future__ import annotations

import random

from explorer.fuzz.cases import Case

#: Kind -> how to put it at the path (see :func:`make_not_a_file`).
KINDS = ("folder", "pipe", "dev-zero", "dev-null", "dangling-link", "link-loop", "missing",
         "long-name")  # fmt: skip


def make_not_a_file(rng: random.Random, case: Case, relative: str, missing_is_valid: bool) -> str:
    """Replace ``relative`` in ``case`` by something that is not a readable file.

    Returns the kind's name; sets ``case.expect`` (a missing kiosk settings
    file means the defaults, so it is valid there).
    """
    kind = rng.choice(KINDS)
    case.files.pop(relative, None)
    case.expect = "invalid"
    if kind == "folder":
        case.folders.append(relative)
    elif kind == "pipe":
        case.fifos.append(relative)
    elif kind in ("dev-zero", "dev-null"):
        case.links[relative] = "/dev/" + kind[4:]
    elif kind == "dangling-link":
        case.links[relative] = "no-such-file"
    elif kind == "link-loop":
        case.links[relative] = relative.rsplit("/", 1)[-1]
    elif kind == "missing":
        case.expect = "valid" if missing_is_valid else "invalid"
    else:  # a name over the file system's 255 bytes: the OS refuses it before any read
        _stem, dot, suffix = relative.rpartition(".")
        if case.main == relative:
            case.main = "n" * 300 + dot + suffix
        else:
            case.files = {
                path: data.replace(relative.encode(), ("n" * 300 + dot + suffix).encode())
                for path, data in case.files.items()
            }
    return kind

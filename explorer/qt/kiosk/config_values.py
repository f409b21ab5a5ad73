"""What each kiosk setting may hold: type, range, and the located problem when it does not.

Timeouts become Qt timers in milliseconds, and a Qt timer holds at most
2^31 - 1 ms (about 24.8 days); longer values used to overflow or wrap. The
ranges below sit well inside that and inside what a waiting room needs:

* ``idle_attract_seconds`` 5 s to one day, ``idle_reset_seconds`` 10 s to one
  day: a kiosk that waits longer than a day to tidy up never does;
* ``attract_step_seconds`` 1 s to 10 minutes per trigger point;
* ``corner_hold_seconds`` 1 to 30 s: shorter lets a leaning visitor open the
  PIN pad by accident, longer is more than anyone holds a corner.

No module here imports Qt, so ``app.py kiosk-pin`` still runs without a display.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import math
from pathlib import Path
from typing import Any

from explorer.model.errors import Problem, clip, clip_path
from explorer.model.schema_errors import describe_value
from explorer.model.yaml_source import YamlDocument

#: The longest interval a Qt timer accepts, in milliseconds.
QT_TIMER_MAX_MS = 2**31 - 1
ONE_DAY = 24 * 60 * 60.0
#: Setting -> (shortest, longest) in seconds.
SECONDS = {
    "idle_attract_seconds": (5.0, ONE_DAY),
    "idle_reset_seconds": (10.0, ONE_DAY),
    "attract_step_seconds": (1.0, 600.0),
    "corner_hold_seconds": (1.0, 30.0),
}
CORNERS = ("top_left", "top_right", "bottom_left", "bottom_right")
#: The header has room for about this many characters at 1280 px.
MAX_CLINIC_NAME = 80
LOGO_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 5 * 1024 * 1024
_SCRYPT_MAX_MEMORY = 64 * 1024 * 1024  # what explorer.qt.kiosk.pin lets scrypt use

SECONDS_EXAMPLE = {
    "idle_attract_seconds": 60,
    "idle_reset_seconds": 120,
    "attract_step_seconds": 6,
    "corner_hold_seconds": 3,
}


def seconds_problem(document: YamlDocument, key: str, value: Any) -> Problem | None:
    """A problem unless ``value`` is a finite number of seconds in the range of ``key``."""
    low, high = SECONDS[key]
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and math.isfinite(value) and low <= value <= high:
        return None
    return document.problem(
        (key,),
        f"expected a positive number of seconds from {low:g} to {high:g}; "
        f"found {describe_value(value)}.",
        f"Write a plain number such as {SECONDS_EXAMPLE[key]}.",
    )


def text_problem(document: YamlDocument, key: str, value: Any) -> Problem | None:
    """A problem unless ``value`` is plain text (or null where that means "none")."""
    if key == "clinic_name":
        fits = isinstance(value, str) and 0 < len(value.strip()) <= MAX_CLINIC_NAME
        if fits and value.isprintable():
            return None
        return document.problem(
            (key,),
            f"expected the clinic's name as text of 1 to {MAX_CLINIC_NAME} characters on one "
            f"line; found {describe_value(value)}.",
            "Write the name as it should appear on the screen, in quotes if it has a colon.",
        )
    if value is None or isinstance(value, str):
        return None
    return document.problem(
        (key,), f"expected text; found {describe_value(value)}.", "Write the value as text."
    )


def logo_problem(document: YamlDocument, value: str) -> Problem | None:
    """A problem unless ``value`` names a picture file of a sensible size."""
    fix = f"Give the path of a {', '.join(LOGO_SUFFIXES)} file, relative to this file or absolute."
    if not value.isprintable() or len(value) > 1024:
        return document.problem(("logo",), "expected a file path; found unprintable text.", fix)
    path = Path(value) if Path(value).is_absolute() else document.path.parent / value
    if path.suffix.lower() not in LOGO_SUFFIXES:
        return document.problem(
            ("logo",), f"expected a picture file; found '{clip_path(value)}'.", fix
        )
    try:
        size = path.stat().st_size if path.is_file() else None
        elsewhere = size is None and path.exists()
    except (OSError, ValueError):
        size, elsewhere = None, False
    if elsewhere:
        return document.problem(
            ("logo",), f"the logo {clip_path(path)} is a folder, device or pipe, not a file.", fix
        )
    if size is None:
        return document.problem(("logo",), f"logo file not found: {clip_path(path)}.", fix)
    if size > MAX_LOGO_BYTES:
        return document.problem(
            ("logo",),
            f"the logo file is {size:,} bytes, over the limit of {MAX_LOGO_BYTES:,}.",
            "Save a smaller picture: a logo needs a few hundred pixels at most.",
        )
    return None


def corner_problem(document: YamlDocument, value: Any) -> Problem | None:
    """A problem unless ``value`` is one of :data:`CORNERS`."""
    if value in CORNERS and isinstance(value, str):
        return None
    return document.problem(
        ("corner",),
        f"expected one of {', '.join(CORNERS)}; found {describe_value(value)}.",
        "Use one of the listed corners.",
    )


def pin_hash_problem(document: YamlDocument, value: Any) -> Problem | None:
    """A problem unless ``value`` is null or a hash ``app.py kiosk-pin`` could have written.

    A malformed hash never matches any PIN, which would lock the admin out of
    the kiosk for good; the hash itself is never echoed.
    """
    if value is None or _well_formed_hash(value):
        return None
    return document.problem(
        ("pin_hash",),
        "expected a PIN hash written by 'app.py kiosk-pin'; found "
        f"{'text that is not one' if isinstance(value, str) else describe_value(value)}.",
        "Run 'python app.py kiosk-pin' to set the PIN again.",
    )


def _well_formed_hash(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 512:
        return False
    parts = value.split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or not all(p.isdigit() for p in parts[1:4]):
        return False
    n, r, p = (int(part) for part in parts[1:4])
    if n < 2 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16:
        return False
    if 128 * n * r > _SCRYPT_MAX_MEMORY:
        return False
    try:
        salt, digest = (base64.b64decode(part, validate=True) for part in parts[4:])
    except (binascii.Error, ValueError):
        return False
    return 8 <= len(salt) <= 64 and len(digest) == 64


def order_problem(document: YamlDocument, attract: float, reset: float) -> Problem | None:
    """The reset must come after the attract tour has started."""
    if reset > attract:
        return None
    return document.problem(
        ("idle_reset_seconds",),
        f"idle_reset_seconds ({reset:g}) must be longer than idle_attract_seconds ({attract:g}).",
        "The tour starts first; the return to the start screen comes later.",
    )


def unknown_key_problem(document: YamlDocument, key: str, known: list[str]) -> Problem:
    """An unknown key, with the allowed ones."""
    close = difflib.get_close_matches(key, known, n=1)
    return document.problem(
        (key,),
        f"unknown key '{clip(key)}'; expected one of: {', '.join(known)}.",
        f"Did you mean '{close[0]}'?" if close else "Remove it or check its spelling.",
    )

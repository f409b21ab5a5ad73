"""The kiosk configuration file: where it lives, what it may say, how it is read and written.

The file is YAML (or JSON, if its name ends in ``.json``) in
``platformdirs.user_config_dir("trigger-point-explorer")/kiosk.yaml``.
Documented keys (every one optional except ``pin_hash``, which
``app.py kiosk-pin`` writes):

``clinic_name``
    Shown in the header, e.g. ``"Riverside Physiotherapy"``.
``logo``
    Path to a PNG/SVG/JPEG shown next to the name (relative paths are
    relative to the config file).
``idle_attract_seconds`` (60)
    Seconds without a touch before the attract tour starts.
``idle_reset_seconds`` (120)
    Seconds without a touch before everything returns to the start screen.
``attract_step_seconds`` (6)
    Seconds the tour spends on each trigger point.
``corner`` (``top_left``)
    The hidden corner that opens the admin PIN pad when held.
``corner_hold_seconds`` (3)
    How long the corner must be held.
``pin_hash``
    Salted scrypt hash of the admin PIN (never the PIN itself).

Unknown keys and bad values are errors with the file name and the key, so a
typo never silently leaves a kiosk on default settings.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_log_dir
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

APP_DIR_NAME = "trigger-point-explorer"
CORNERS = ("top_left", "top_right", "bottom_left", "bottom_right")


class KioskConfigError(ValueError):
    """The kiosk config file cannot be read or holds a bad value."""


@dataclass(frozen=True)
class KioskConfig:
    """Settings of one kiosk (see the module docstring for each key)."""

    clinic_name: str = "Headache explorer"
    logo: str | None = None
    idle_attract_seconds: float = 60.0
    idle_reset_seconds: float = 120.0
    attract_step_seconds: float = 6.0
    corner: str = "top_left"
    corner_hold_seconds: float = 3.0
    pin_hash: str | None = None

    def with_pin_hash(self, pin_hash: str) -> KioskConfig:
        """A copy holding ``pin_hash``."""
        return replace(self, pin_hash=pin_hash)


def default_config_path() -> Path:
    """``kiosk.yaml`` in the user's config directory (not created here)."""
    return Path(user_config_dir(APP_DIR_NAME, appauthor=False)) / "kiosk.yaml"


def default_log_dir() -> Path:
    """The user's log directory for this app (created on demand by the crash guard)."""
    return Path(user_log_dir(APP_DIR_NAME, appauthor=False))


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else YAML(typ="safe").load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, YAMLError) as error:
        raise KioskConfigError(f"{path}: cannot read the kiosk config: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise KioskConfigError(
            f"{path}: expected a mapping of settings, found {type(data).__name__}"
        )
    return data


def _checked(path: Path, data: dict[str, Any]) -> KioskConfig:
    known = {item.name: item for item in fields(KioskConfig)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise KioskConfigError(
            f"{path}: unknown key(s) {', '.join(unknown)}; expected some of {', '.join(known)}"
        )
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key.endswith("_seconds"):
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise KioskConfigError(f"{path}: {key} must be a positive number; found {value!r}")
            value = float(value)
        elif value is not None and not isinstance(value, str):
            raise KioskConfigError(f"{path}: {key} must be text; found {value!r}")
        values[key] = value
    config = KioskConfig(**values)
    if config.corner not in CORNERS:
        raise KioskConfigError(f"{path}: corner must be one of {', '.join(CORNERS)}")
    if config.idle_reset_seconds <= config.idle_attract_seconds:
        raise KioskConfigError(
            f"{path}: idle_reset_seconds ({config.idle_reset_seconds:g}) must be longer than "
            f"idle_attract_seconds ({config.idle_attract_seconds:g})"
        )
    if config.logo and not Path(config.logo).is_absolute():
        config = replace(config, logo=str(path.parent / config.logo))
    return config


def load_config(path: Path | None = None) -> KioskConfig:
    """Read the config at ``path`` (default :func:`default_config_path`); defaults if absent."""
    path = path or default_config_path()
    if not path.exists():
        return KioskConfig()
    return _checked(path, _read_mapping(path))


def store_pin_hash(pin_hash: str, path: Path | None = None) -> Path:
    """Write ``pin_hash`` into the config at ``path``, keeping every other key and comment.

    The file is replaced atomically and made readable by its owner only, so a
    crash mid-write never leaves a kiosk with a half-written config.
    """
    path = path or default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        data = _read_mapping(path) if path.exists() else asdict(KioskConfig())
        data["pin_hash"] = pin_hash
        text = json.dumps(data, indent=2) + "\n"
    else:
        text = _yaml_with_pin(path, pin_hash)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kiosk-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _yaml_with_pin(path: Path, pin_hash: str) -> str:
    from io import StringIO

    round_trip = YAML()  # round-trip mode keeps the admin's comments
    if path.exists():
        _read_mapping(path)  # refuse to rewrite a file that is not a mapping
        document = round_trip.load(path.read_text(encoding="utf-8")) or {}
    else:
        document = round_trip.load(TEMPLATE)
    document["pin_hash"] = pin_hash
    stream = StringIO()
    round_trip.dump(document, stream)
    return stream.getvalue()


#: Written by ``app.py kiosk-pin`` when there is no config yet: every key, documented.
TEMPLATE = """\
# Trigger Point Explorer kiosk settings (see `python app.py --help`).
clinic_name: Headache explorer  # shown at the top of the screen
logo: null                 # path to a PNG/SVG shown next to the name
idle_attract_seconds: 60   # no touch for this long: the gentle tour starts
idle_reset_seconds: 120    # no touch for this long: back to the start screen
attract_step_seconds: 6    # time per trigger point in the tour
corner: top_left           # hold this corner to open the admin PIN pad
corner_hold_seconds: 3     # ...for this long
pin_hash: null             # set with `python app.py kiosk-pin`; never the PIN itself
"""


@dataclass(frozen=True)
class KioskTimings:
    """The kiosk's timers in milliseconds (tests and the soak use tiny values)."""

    attract_ms: int
    reset_ms: int
    step_ms: int
    hold_ms: int

    @classmethod
    def from_config(cls, config: KioskConfig) -> KioskTimings:
        """The timings the config asks for."""
        return cls(
            round(config.idle_attract_seconds * 1000),
            round(config.idle_reset_seconds * 1000),
            round(config.attract_step_seconds * 1000),
            round(config.corner_hold_seconds * 1000),
        )

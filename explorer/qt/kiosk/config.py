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
``idle_attract_seconds`` (60; 5 s to a day)
    Seconds without a touch before the attract tour starts.
``idle_reset_seconds`` (120; 10 s to a day, longer than the attract time)
    Seconds without a touch before everything returns to the start screen.
``attract_step_seconds`` (6; 1 to 600)
    Seconds the tour spends on each trigger point.
``corner`` (``top_left``)
    The hidden corner that opens the admin PIN pad when held.
``corner_hold_seconds`` (3; 1 to 30)
    How long the corner must be held.
``pin_hash``
    Salted scrypt hash of the admin PIN (never the PIN itself).

Unknown keys and bad values are errors with the file, line and column (see
:mod:`.config_values` for the ranges and why), so a typo never silently
leaves a kiosk on default settings.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

# One folder name for every per-user file the app keeps (the GUI's settings too).
from explorer.locations import config_dir, log_dir
from explorer.model.errors import ExplorerError, Problem
from explorer.model.schema_errors import describe_value
from explorer.model.yaml_source import YamlDocument, load_yaml
from explorer.qt.kiosk import config_values as values
from explorer.qt.kiosk.config_json import check_strict_json
from explorer.qt.kiosk.config_values import CORNERS, QT_TIMER_MAX_MS

#: A settings file is a few hundred bytes; anything near this is not one.
MAX_CONFIG_BYTES = 1024 * 1024

__all__ = ["CORNERS", "KioskConfig", "KioskConfigError", "KioskTimings", "load_config"]


class KioskConfigError(ExplorerError, ValueError):
    """The kiosk config file cannot be read or holds bad values; one located problem each."""


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
    return config_dir() / "kiosk.yaml"


def default_log_dir() -> Path:
    """The user's log directory for this app (created on demand by the crash guard)."""
    return log_dir()


def _read(path: Path) -> YamlDocument:
    """The config file as a located YAML document (JSON is read as the YAML it also is)."""
    is_json = path.suffix.lower() == ".json"
    try:
        document = load_yaml(path, KioskConfigError, MAX_CONFIG_BYTES)
    except KioskConfigError as error:
        if is_json and error.problems[0].line is not None:
            # Text YAML cannot read (a // comment, say): JSON's own message says more.
            check_strict_json(path, path.read_text("utf-8-sig", "replace"), KioskConfigError)
        raise
    if is_json:
        check_strict_json(path, document.text, KioskConfigError)
    if document.data is not None and not isinstance(document.data, dict):
        found = describe_value(document.data)
        raise KioskConfigError(
            [
                document.problem(
                    (),
                    f"expected a mapping of settings; found {found}.",
                    "Write one 'key: value' line per setting, e.g. 'clinic_name: Riverside'.",
                )
            ]
        )
    return document


def _read_mapping(path: Path) -> dict[str, Any]:
    return _read(path).data or {}


def _checked(path: Path, document: YamlDocument) -> KioskConfig:
    data: dict[str, Any] = document.data or {}
    known = [item.name for item in fields(KioskConfig)]
    problems: list[Problem | None] = [
        values.unknown_key_problem(document, key, known) for key in data if key not in known
    ]
    problems += [
        _value_problem(document, key, value) for key, value in data.items() if key in known
    ]
    found = sorted((p for p in problems if p is not None), key=lambda problem: problem.line or 0)
    if found:
        raise KioskConfigError(found)
    settings = {key: float(v) if key in values.SECONDS else v for key, v in data.items()}
    config = KioskConfig(**settings)
    order = values.order_problem(document, config.idle_attract_seconds, config.idle_reset_seconds)
    if order is not None:
        raise KioskConfigError([order])
    if config.logo and not Path(config.logo).is_absolute():
        config = replace(config, logo=str(path.parent / config.logo))
    return config


def _value_problem(document: YamlDocument, key: str, value: Any) -> Problem | None:
    if key in values.SECONDS:
        return values.seconds_problem(document, key, value)
    if key == "corner":
        return values.corner_problem(document, value)
    if key == "pin_hash":
        return values.pin_hash_problem(document, value)
    wrong_type = values.text_problem(document, key, value)
    if wrong_type is None and key == "logo" and value is not None:
        return values.logo_problem(document, value)
    return wrong_type


def load_config(path: Path | None = None) -> KioskConfig:
    """Read the config at ``path`` (default :func:`default_config_path`); defaults if absent.

    Raises
    ------
    KioskConfigError
        With every problem of the file, each at its line and column.
    """
    path = path or default_config_path()
    if not _is_there(path):
        return KioskConfig()
    return _checked(path, _read(path))


def _is_there(path: Path) -> bool:
    """False only when nothing at all is at ``path``.

    ``Path.exists`` is False for a broken or looping link and raises for a
    name too long; a kiosk must not quietly run on defaults because the
    admin's settings link is broken, so those are read (and refused) instead.
    """
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError):
        return True
    return True


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
        """The timings the config asks for.

        Raises
        ------
        ValueError
            If a value does not fit a Qt timer; :func:`load_config` refuses such
            values with a located error, so only a config built in code can.
        """
        return cls(
            _timer_ms(config.idle_attract_seconds, "idle_attract_seconds"),
            _timer_ms(config.idle_reset_seconds, "idle_reset_seconds"),
            _timer_ms(config.attract_step_seconds, "attract_step_seconds"),
            _timer_ms(config.corner_hold_seconds, "corner_hold_seconds"),
        )


def _timer_ms(seconds: float, name: str) -> int:
    """``seconds`` as whole milliseconds for a Qt timer (1 ms to 2^31 - 1 ms)."""
    if not math.isfinite(seconds) or not 0.001 <= seconds <= QT_TIMER_MAX_MS / 1000:
        raise ValueError(f"{name} = {seconds!r} s does not fit a Qt timer")
    return round(seconds * 1000)

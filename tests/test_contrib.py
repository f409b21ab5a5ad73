"""The shipped systemd unit starts the kiosk the way the command line expects."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from explorer.cli import build_parser

UNIT = Path(__file__).resolve().parents[1] / "contrib" / "trigger-point-kiosk.service"


def test_kiosk_unit_restarts_the_kiosk_command():
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(UNIT)
    service = unit["Service"]
    assert service["Restart"] == "always"
    assert service["MemoryMax"].endswith("M")
    command = shlex.split(service["ExecStart"])
    assert command[0].endswith(".venv/bin/python") and command[1] == "app.py"
    args = build_parser().parse_args(command[2:])
    assert args.kiosk
    assert unit["Install"]["WantedBy"] == "graphical-session.target"

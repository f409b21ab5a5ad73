"""The kiosk's command-line parts: ``--kiosk``, ``--kiosk-config`` and ``kiosk-pin``.

Kept out of :mod:`explorer.cli` so that file only gains two small hooks.
``kiosk-pin`` needs neither Qt nor a display.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from explorer.qt.kiosk.config import KioskConfigError, default_config_path, store_pin_hash
from explorer.qt.kiosk.pin import check_new_pin, hash_pin

CONFIG_HELP = (
    "kiosk settings file (YAML, or JSON if it ends in .json); default: "
    "kiosk.yaml in the user config dir, i.e. %(default_path)s"
)


def add_kiosk_arguments(parser: argparse.ArgumentParser, commands) -> None:
    """``--kiosk`` and ``--kiosk-config`` on the main parser, and the ``kiosk-pin`` command."""
    config_help = CONFIG_HELP % {"default_path": default_config_path()}
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="run the locked, touch-first waiting-room kiosk (needs a PIN: see kiosk-pin)",
    )
    parser.add_argument("--kiosk-config", type=Path, default=None, metavar="PATH", help=config_help)
    pin = commands.add_parser(
        "kiosk-pin", help="set the kiosk's admin PIN (stored as a salted hash)"
    )
    pin.add_argument("--kiosk-config", type=Path, default=None, metavar="PATH", help=config_help)
    pin.add_argument(
        "--pin-stdin", action="store_true", help="read the PIN from the first line of stdin"
    )


def set_pin(args: argparse.Namespace) -> int:
    """Ask for the PIN twice (or read it from stdin) and store its salted hash."""
    try:
        if args.pin_stdin:
            pin = sys.stdin.readline().strip()
        else:
            pin = getpass.getpass("New kiosk PIN (4-12 digits): ")
            check_new_pin(pin)  # say why before asking for it twice
            if getpass.getpass("Repeat it: ") != pin:
                print("The two PINs differ; nothing was changed.", file=sys.stderr)
                return 2
        check_new_pin(pin)
        path = store_pin_hash(hash_pin(pin), args.kiosk_config)
    except (KioskConfigError, OSError) as error:
        # The settings file cannot be read or written: bad input (1), not bad usage.
        print(f"kiosk-pin: {error}", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"kiosk-pin: {error}", file=sys.stderr)
        return 2
    print(f"PIN hash stored in {path}")
    return 0

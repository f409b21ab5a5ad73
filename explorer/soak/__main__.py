"""``python -m explorer.soak --interactions N [--seed S] [--report PATH]``.

Starts a private Xvfb (1920x1080) when there is no ``DISPLAY``, opens the
real kiosk on the real atlas and content with shortened idle timers, drives
it with :class:`~explorer.soak.driver.SoakDriver`, prints a table and exits
with 1 if any exception was logged or the window could be left.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (11, 8, 8, 10, 7, 8)


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m explorer.soak", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--interactions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report", type=Path, help="write the result as JSON here")
    parser.add_argument("--content", type=Path, default=ROOT / "trigger_points.yaml")
    parser.add_argument("--atlas", type=Path, default=ROOT / "meshes" / "manifest.yaml")
    parser.add_argument("--attract-ms", type=int, default=1500, help="shortened idle -> tour")
    parser.add_argument("--reset-ms", type=int, default=3000, help="shortened idle -> reset")
    parser.add_argument("--idle-every", type=int, default=250, help="an idle period every N")
    parser.add_argument("--sample-every", type=int, default=500)
    parser.add_argument(
        "--screen", default="1920x1080", help="size of the private Xvfb screen (WxH)"
    )
    return parser.parse_args(argv)


def start_xvfb(screen: str = "1920x1080") -> subprocess.Popen | None:
    """A private X server if there is no display (the caller stops it)."""
    if os.environ.get("DISPLAY"):
        return None
    if shutil.which("Xvfb") is None:
        sys.exit("no DISPLAY and no Xvfb on PATH: install xvfb or set DISPLAY")
    for number in range(200, 300):
        if (
            not Path(f"/tmp/.X{number}-lock").exists()
            and not Path(f"/tmp/.X11-unix/X{number}").exists()
        ):
            break
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", f"{screen}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"Xvfb :{number} did not start")
        time.sleep(0.05)
    os.environ["DISPLAY"] = f":{number}"
    return server


def run(args: argparse.Namespace, log_dir: Path):
    """Open the kiosk and soak it; returns (result, window)."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from explorer.model.project import load_project
    from explorer.qt.kiosk.config import KioskConfig
    from explorer.qt.kiosk.pin import hash_pin
    from explorer.qt.kiosk.shell import KioskTimings, KioskWindow
    from explorer.soak.driver import SoakDriver

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    project = load_project(args.content, args.atlas)
    config = KioskConfig(clinic_name="Soak test clinic", pin_hash=hash_pin("97531"))
    timings = KioskTimings(args.attract_ms, args.reset_ms, step_ms=400, hold_ms=3000)
    window = KioskWindow(project, config, timings=timings, log_dir=log_dir)
    window.present()
    QTest.qWait(500)
    driver = SoakDriver(window, args.seed, idle_every=args.idle_every)
    result = driver.run(args.interactions, sample_every=args.sample_every)
    return result, window


def table(result) -> str:
    """The samples as a fixed-width table."""
    header = ("interaction", "seconds", "RSS MB", "exceptions", "resets", "attracts")
    lines = [" ".join(f"{name:>{width}}" for name, width in zip(header, WIDTHS, strict=True))]
    for s in result.samples:
        lines.append(
            f"{s.interaction:>11} {s.seconds:>8.1f} {s.rss_mb:>8.1f} {s.exceptions:>10} "
            f"{s.resets:>7} {s.attracts:>8}"
        )
    growth = result.rss_growth()
    lines.append(
        f"exceptions: {result.exceptions}   driver errors: {len(result.driver_errors)}   "
        f"left the kiosk: {'YES' if result.escaped else 'no'}   RSS growth from 1,000 to end: "
        + (f"{growth * 100:+.1f} %" if growth is not None else "n/a")
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    """Run the soak; 0 when nothing went wrong."""
    args = parse_args(argv)
    server = start_xvfb(args.screen)
    log_dir = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    try:
        result, window = run(args, log_dir)
        print(table(result))
        print("actions:", json.dumps(dict(sorted(result.counts.items()))))
        print(f"kiosk log: {log_dir / 'kiosk.log'}")
        for line in result.driver_errors[:20]:
            print("driver error:", line)
        if args.report:
            report = dataclasses.asdict(result) | {
                "exceptions": result.exceptions,
                "rss_growth_from_1000": result.rss_growth(),
                "log": str(log_dir / "kiosk.log"),
            }
            args.report.write_text(json.dumps(report, indent=2))
        failed = result.exceptions > 0 or result.escaped
        window.shutdown()
        code = 1 if failed else 0
    finally:
        sys.stdout.flush()
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    # Qt would talk to the X server again while tearing down; it is gone, so leave now.
    os._exit(code)


if __name__ == "__main__":
    main()

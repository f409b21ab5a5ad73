"""``python -m explorer.bench [--quick] [--json PATH]``: the app against a bare pyvistaqt window.

Measures, in one run and each in a fresh process, the floor (a bare
pyvistaqt window with the same meshes), the explorer (start-up, clicks
through the real input path, frames while dragging, camera flights, a wheel
burst, the background precompute, peak memory), the pain-drawing ranking,
and the same figures on a 4x refined skin and with 10x and 100x trigger
points (each copy with zones of its own). Start-up figures are the median
of three start-ups (:mod:`explorer.bench.startup_samples`). Prints the budget table of
DESIGN.md and issue 18, every row whether measured or not. It reports and
never gates: the exit code is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import compileall
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from explorer.bench.report import format_table
from explorer.bench.rows import build_rows
from explorer.bench.runner import run_probe
from explorer.bench.startup_samples import EXTRA_SAMPLES, add_samples
from explorer.bench.xvfb import display

ROOT = Path(__file__).resolve().parents[2]
WINDOW = "1280x800"
#: Configurations ``--quick`` leaves out (their rows show SKIP).
NOT_QUICK = frozenset(
    {"explorer_trp_x100", "explorer_trp_5000", "explorer_skin_x4", "floor_skin_x4"}
)
#: Issue 18's start-up budget is stated for this many trigger points.
SCALE_POINTS = 5000


def build_parser() -> argparse.ArgumentParser:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m explorer.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="few clicks, no 4x skin or 100x TrPs")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--atlas", type=Path, default=ROOT / "meshes" / "manifest.yaml")
    parser.add_argument("--content", type=Path, default=ROOT / "trigger_points.yaml")
    parser.add_argument("--clicks", type=int, default=None, help="clicks per configuration")
    return parser


def measure(args: argparse.Namespace, screen: str, workdir: Path) -> dict[str, dict]:
    """Run every configuration; return figures per configuration name."""
    from explorer.bench.synthetic import multiplied_content, refined_skin_atlas

    clicks = str(args.clicks or (6 if args.quick else 24))
    renders = "5" if args.quick else "21"
    common = ("--size", WINDOW)
    configs: dict[str, dict] = {}
    launches: dict[str, tuple[str, tuple[str, ...]]] = {}

    def explorer(name: str, atlas: Path, content: Path) -> dict:
        _progress(name)
        options = ("--atlas", str(atlas), "--content", str(content), "--clicks", clicks)
        launches[name] = ("explorer", (*options, *common))
        configs[name] = run_probe("explorer", screen, *options, *common)
        return configs[name]

    def floor(name: str, atlas: Path, like: dict) -> None:
        _progress(name)
        # The same viewport pixels as the explorer's: software rendering is fill-bound.
        viewport = like.get("viewport_px")
        sized = ("--viewport", "x".join(map(str, viewport))) if viewport else ()
        options = ("--atlas", str(atlas), "--renders", renders, *sized)
        launches[name] = ("floor", (*options, *common))
        configs[name] = run_probe("floor", screen, *options, *common)

    base = explorer("explorer", args.atlas, args.content)
    floor("floor", args.atlas, base)
    _progress("ranking")
    configs["ranking"] = run_probe("ranking", screen)
    factors = (10,) if args.quick else (10, 100)
    for factor in factors:
        content = multiplied_content(args.content, factor, workdir)
        explorer(f"explorer_trp_x{factor}", args.atlas, content)
    if not args.quick:
        factor = copies_for(args.content, SCALE_POINTS)
        content = multiplied_content(args.content, factor, workdir)
        explorer(f"explorer_trp_{SCALE_POINTS}", args.atlas, content)
        refined = refined_skin_atlas(args.atlas, workdir)
        refined_run = explorer("explorer_skin_x4", refined, args.content)
        floor("floor_skin_x4", refined, refined_run)
    _progress("more start-up samples")
    add_samples(
        configs,
        launches,
        lambda kind, options: run_probe(kind, screen, *options, "--startup-only"),
        extra=1 if args.quick else EXTRA_SAMPLES,
    )
    return configs


def compile_package() -> None:
    """Byte-compile ``explorer`` once, as installing a wheel does, before any probe starts.

    With ``PYTHONDONTWRITEBYTECODE`` set (as on the CI machines) a checkout
    never gets its ``.pyc`` files, and every probe would compile the hundred
    modules the app imports from source again (about 0.15 s of each start-up)
    while the floor imports almost none of them.
    """
    compileall.compile_dir(ROOT / "explorer", quiet=1)


def copies_for(content: Path, points: int) -> int:
    """How many copies of ``content`` hold at least ``points`` trigger points (per side)."""
    from explorer.model.content import load_catalog

    return -(-points // len(load_catalog(content).trigger_points()))


def _progress(name: str) -> None:
    print(f"... measuring {name}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the table, optionally write JSON; always return 0."""
    args = build_parser().parse_args(argv)
    compile_package()
    with tempfile.TemporaryDirectory() as folder, display() as screen:
        configs = measure(args, screen, Path(folder))
    rows = build_rows(configs, NOT_QUICK if args.quick else frozenset())
    print(format_table(rows))
    for name, figures in configs.items():
        if "error" in figures:
            print(f"{name}: {figures['error']}")
    if args.json:
        document = {
            "quick": args.quick,
            "atlas": str(args.atlas),
            "content": str(args.content),
            "window": WINDOW,
            "configs": configs,
            "rows": [row.as_json() for row in rows],
        }
        args.json.write_text(json.dumps(document, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

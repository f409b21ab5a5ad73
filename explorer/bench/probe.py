"""One measured configuration, run in its own process: ``python -m explorer.bench.probe``.

Kept import-light at the top: the start-up clock of a probe runs from the
moment the parent spawned it, so the probe's own imports are the program's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _size(text: str) -> tuple[int, int]:
    width, height = (int(part) for part in text.lower().split("x"))
    return width, height


def main(argv: list[str] | None = None) -> int:
    """Run one probe and write its figures as JSON to ``--out``."""
    parser = argparse.ArgumentParser(prog="python -m explorer.bench.probe")
    parser.add_argument("kind", choices=("floor", "explorer", "ranking"))
    parser.add_argument("--atlas", type=Path)
    parser.add_argument("--content", type=Path)
    parser.add_argument("--size", type=_size, default=(1280, 800))
    parser.add_argument("--viewport", type=_size, default=None)
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--renders", type=int, default=15)
    parser.add_argument("--startup-only", action="store_true", help="stop at the first frame")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.kind == "floor":
        from explorer.bench import floor

        figures = floor.run(args.atlas, args.size, args.viewport, args.renders, args.startup_only)
    elif args.kind == "explorer":
        from explorer.bench import explorer_probe

        figures = explorer_probe.run(
            args.atlas, args.content, args.size, args.clicks, args.startup_only
        )
    else:
        from explorer.bench import ranking

        figures = ranking.run()
    from explorer.bench.measure import peak_rss_mb

    figures["peak_rss_mb"] = peak_rss_mb()
    args.out.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

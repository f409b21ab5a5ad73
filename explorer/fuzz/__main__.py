"""``python -m explorer.fuzz``: run the seeded fuzz cases and print the table."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from explorer.fuzz.report import describe, failed, summary, table
from explorer.fuzz.runner import TARGETS, run_cases


def main(argv: list[str] | None = None) -> int:
    """Run the cases; exit code 1 if any case failed (see ``runner.FAILURES``)."""
    parser = argparse.ArgumentParser(prog="python -m explorer.fuzz", description=__doc__)
    parser.add_argument("--cases", type=int, default=2000, help="how many cases (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="the run's seed (default 0)")
    parser.add_argument("--only", type=int, action="append", metavar="N",
                        help="run only case N (repeatable) and describe it")  # fmt: skip
    parser.add_argument("--target", action="append", choices=list(TARGETS),
                        help="only cases of this input (repeatable)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per case (30)")
    parser.add_argument("--memory-mb", type=int, default=2048,
                        help="address-space cap of a worker, in MiB (default 2048)")  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write every outcome to this file")
    args = parser.parse_args(argv)
    numbers = args.only or range(args.cases)
    started = time.perf_counter()
    outcomes = run_cases(
        numbers, args.seed, workers=args.workers, timeout=args.timeout,
        memory_mb=args.memory_mb, targets=args.target,
    )  # fmt: skip
    print(table(outcomes))
    print(summary(outcomes), f"({time.perf_counter() - started:.0f} s, seed {args.seed})")
    for outcome in outcomes if args.only else failed(outcomes)[:20]:
        print(describe(outcome))
    if args.json:
        rows = [
            {"number": o.case.number, "target": o.case.target, "family": o.case.family,
             "name": o.case.name, "expect": o.case.expect, "outcome": o.outcome,
             "peak_mb": round(o.peak_mb, 1), "problems": o.problems[:3], "detail": o.detail}
            for o in outcomes
        ]  # fmt: skip
        args.json.write_text(json.dumps(rows, indent=1))
    return 1 if failed(outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())

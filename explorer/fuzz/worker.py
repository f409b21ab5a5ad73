"""The process that loads fuzz cases: one JSON request per line in, one result per line out.

``python -m explorer.fuzz.worker --memory-mb 2048`` caps its own address space,
then for each request resets its peak-memory mark (``/proc/self/clear_refs``),
runs the loader the app itself uses for that input, and reports what happened
and the memory it took. A crash of the loader is reported, not suffered: only a
hard failure (a segfault, the memory cap) ends the process, and the parent
notices that as well.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sys
import traceback
from pathlib import Path

from explorer.fuzz.seeds import shipped_atlas
from explorer.model.errors import ExplorerError

#: Longest problem line accepted: a message of about 1000 characters, a fix, a path.
LONGEST_LINE = 2500


def rss_mb(field: str = "VmRSS") -> float:
    """A memory figure of this process from /proc, in MiB (VmRSS now, VmHWM the peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux 4.0+); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def load(target: str, path: Path) -> str:
    """Run the app's loader for ``target``; return "" if the result is sound, else why not."""
    if target == "content":
        from explorer.model.project import load_project

        project = load_project(path, shipped_atlas())
        return _content_oracle(project)
    if target in ("manifest", "mesh"):
        from explorer.model.atlas import load_atlas

        return _atlas_oracle(load_atlas(path))
    from explorer.qt.kiosk.config import KioskTimings, load_config
    from explorer.qt.kiosk.config_values import QT_TIMER_MAX_MS

    timings = KioskTimings.from_config(load_config(path))
    if not all(1 <= value <= QT_TIMER_MAX_MS for value in vars(timings).values()):
        return f"timings {timings} do not fit a Qt timer"
    return ""


def _content_oracle(project) -> str:
    """Independent of the validators: every point resolves to a finite spot inside the atlas."""
    import numpy as np

    extent = project.atlas.extent()
    for point in project.catalog.trigger_points():
        zones = point.referral.essential + point.referral.spillover
        anchors = [point.at] + [seed for zone in zones for seed in zone.seeds]
        for anchor in anchors:
            position = anchor.resolve(extent.landmarks)
            if not (np.isfinite(position).all() and extent.contains(position)):
                return f"{point.id} has a point at {position}"
        for zone in zones:
            if not (0 < zone.reach_mm <= extent.skin_size and math.isfinite(zone.feather)):
                return f"{point.id} has a zone of reach {zone.reach_mm}"
    return ""


def _atlas_oracle(atlas) -> str:
    import numpy as np

    for structure in atlas.structures.values():
        vertices = structure.vertices
        if not np.isfinite(vertices).all() or np.abs(vertices).max() > 3000:
            return f"{structure.id} has vertices out of reach"
        if structure.faces.min() < 0 or structure.faces.max() >= len(vertices):
            return f"{structure.id} has faces out of range"
    return ""


def run(request: dict) -> dict:
    """One case; the result says accepted, refused (with its problems) or crashed."""
    reset_peak()
    before = rss_mb()
    result: dict = {"number": request["number"]}
    try:
        wrong = load(request["target"], Path(request["path"]))
        result.update(status="accepted", oracle=wrong)
    except ExplorerError as error:
        lines = [str(problem) for problem in error.problems]
        result.update(
            status="refused",
            problems=[line[: LONGEST_LINE + 1] for line in lines[:20]],
            located=all(problem.line is not None for problem in error.problems),
            names_file=all(
                Path(problem.file).name == Path(request["path"]).name for problem in error.problems
            ),
            # A reader bug caught by mesh_io's last-resort handler is still a crash.
            unexpected=any("(internal error," in problem.message for problem in error.problems),
            longest=max(len(line) for line in lines),
        )
    except MemoryError:
        result.update(status="memory", error="MemoryError")
    except BaseException:  # a crash is what the harness is here to find
        result.update(status="crash", error=traceback.format_exc()[-3000:])
    result.update(base_mb=before, peak_mb=rss_mb("VmHWM"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m explorer.fuzz.worker")
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args()
    # Import every loader first: the first case's peak would otherwise count the imports.
    import explorer.model.atlas
    import explorer.model.project
    import explorer.qt.kiosk.config  # noqa: F401

    limit = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for line in sys.stdin:
        print(json.dumps(run(json.loads(line))), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()

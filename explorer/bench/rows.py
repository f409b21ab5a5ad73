"""Which rows the table has, their floors and their budgets (DESIGN.md and issue 18).

Every row is always there: :func:`build_rows` builds the same list whatever
ran, and a figure that could not be measured shows as FAIL with its reason.
"""

from __future__ import annotations

from explorer.bench.report import GROWTH, Figure, Figures, Row, row

#: A frame while the camera moves may cost at most this share of a full-detail frame.
MOVING_FRAME_SHARE = 1.0 / 3.0
#: A flight may take at most this multiple of its own length plus one full frame
#: (the least it can take: the final pose is drawn in full).
FLIGHT_SLACK = 1.25
#: A wheel burst may settle within this multiple of the least it can take (see
#: :func:`wheel_floor`).
WHEEL_SLACK = 1.25


def build_rows(configs: dict[str, dict], skipped: frozenset[str] = frozenset()) -> list[Row]:
    """All rows of the table, measured or not; ``skipped`` names configurations not asked for."""
    get = Figures(configs, skipped)
    frame = get("floor", "frame", "median_ms")
    rows = [
        row("floor: startup to first frame", get("floor", "startup_ms"), "ms"),
        row("floor: one frame (repaint -> on screen)", frame, "ms"),
        row("floor: one VTK Render() call", get("floor", "vtk_render", "median_ms"), "ms"),
        row("floor: one frame, 20k-triangle mesh", get("floor", "frame_20k", "median_ms"), "ms"),
        row("floor: peak RSS", get("floor", "peak_rss_mb"), "MiB"),
        row(
            "startup to first interactive frame",
            get("explorer", "startup_ms"),
            "ms",
            get("floor", "startup_ms"),
            1.5,
        ),
        row(
            "click to painted frame, median",
            get("explorer", "click", "median_ms"),
            "ms",
            frame,
            1.3,
        ),
        row(
            "startup CPU time (all threads of the process)",
            get("explorer", "startup_cpu_ms"),
            "ms",
            get("floor", "startup_cpu_ms"),
        ),
        row("click to painted frame, p90", get("explorer", "click", "p90_ms"), "ms", frame),
        row(
            "python on top per click, median",
            get("explorer", "python", "median_ms"),
            "ms",
            limit=10,
            relative=False,
        ),
        row("python on top per click, p90", get("explorer", "python", "p90_ms"), "ms"),
        row(
            "ranking, 200 TrPs x 50k vertices",
            get("ranking", "ranking", "median_ms"),
            "ms",
            limit=20,
            relative=False,
        ),
        row(
            "peak RSS",
            get("explorer", "peak_rss_mb"),
            "MiB",
            get("floor", "peak_rss_mb"),
            1.3,
        ),
    ]
    rows += precompute_rows(get, "explorer", "1x TrPs")
    rows += movement_rows(get, "explorer", "")
    rows += refined_skin_rows(get)
    rows += trigger_point_rows(get)
    return rows


def movement_rows(get: Figures, config: str, prefix: str) -> list[Row]:
    """Frames while dragging, the still frame, flights and the wheel burst of ``config``."""
    full = get(config, "full_frame", "median_ms")
    flight_floor = get(config, "flight_duration_ms") + full
    wheel_least = wheel_floor(
        get(config, "wheel_burst_ms"),
        get(config, "wheel_settle_delay_ms"),
        get(config, "drag_frame", "median_ms"),
        get(config, "wheel_full_frame_ms"),
    )
    return [
        row(f"{prefix}full-detail frame while dragging, median", full, "ms"),
        row(
            f"{prefix}frame while dragging (level of detail), median",
            get(config, "drag_frame", "median_ms"),
            "ms",
            full,
            MOVING_FRAME_SHARE,
            basis="full frame",
        ),
        row(
            f"{prefix}still frame after moving: pixels unlike a frame without LOD",
            get(config, "still_pixels_differing"),
            "px",
            limit=0,
            relative=False,
        ),
        row(
            f"{prefix}flight to a selection, wall time, median",
            get(config, "flight", "median_ms"),
            "ms",
            flight_floor,
            FLIGHT_SLACK,
            basis="(flight + full frame)",
        ),
        row(
            f"{prefix}wheel burst (15 notches in 100 ms) to settled frame",
            get(config, "wheel_settle_ms"),
            "ms",
            wheel_least,
            WHEEL_SLACK,
            basis="(max(burst + settle delay, 2 moving frames) + full frame at its pose)",
        ),
    ]


def wheel_floor(burst: Figure, settle: Figure, moving: Figure, full: Figure) -> Figure:
    """The least time from a wheel burst's first notch to its settled full frame.

    The full frame waits for the settle delay after the last notch, and for
    the moving frames: the first starts with the first notch, the second
    shows the notches that came in while the first was drawn, and the full
    frame cannot start before that one ends. On a fast machine the delay
    decides, on a slow one the two moving frames do (issue 18).
    """
    for figure in (burst, settle, moving, full):
        if figure.value is None:
            return figure
    waited = max(burst.value + settle.value, 2.0 * moving.value)
    return Figure(waited + full.value)


def precompute_rows(get: Figures, config: str, label: str) -> list[Row]:
    """How long filling the referral cache took after the first frame, and what it holds."""
    return [
        row(f"{label}: precompute after first frame", get(config, "precompute_ms"), "ms"),
        row(f"{label}: fields cached", get(config, "fields_cached"), "fields"),
        row(f"{label}: field cache size", get(config, "field_cache_mb"), "MiB"),
        row(f"{label}: RSS after precompute", get(config, "rss_after_precompute_mb"), "MiB"),
    ]


def refined_skin_rows(get: Figures) -> list[Row]:
    """The click, start-up, memory and movement figures on the 4x refined skin."""
    refined, floor = "explorer_skin_x4", "floor_skin_x4"
    refined_frame = get(floor, "frame", "median_ms")
    return [
        row("skin x4: floor frame", refined_frame, "ms"),
        row("skin x4: startup", get(refined, "startup_ms"), "ms", get(floor, "startup_ms"), 1.5),
        row("skin x4: click median", get(refined, "click", "median_ms"), "ms", refined_frame, 1.3),
        row(
            "skin x4: python on top, median",
            get(refined, "python", "median_ms"),
            "ms",
            limit=10,
            relative=False,
        ),
        row(
            "skin x4: peak RSS",
            get(refined, "peak_rss_mb"),
            "MiB",
            get(floor, "peak_rss_mb"),
            1.3,
        ),
        *movement_rows(get, refined, "skin x4: "),
    ]


def trigger_point_rows(get: Figures) -> list[Row]:
    """Start-up, memory, precompute and "no growth at click time" with 10x and 100x points."""
    base_python = get("explorer", "python", "median_ms")
    base_best = get("explorer", "overhead", "min_ms")
    rows = [
        row("1x TrPs: click minus render, median", get("explorer", "overhead", "median_ms"), "ms"),
        row("1x TrPs: click minus render, best", base_best, "ms"),
    ]
    # "5000": issue 18's start-up figure is for 5,000 points; x100 of today's content
    # holds more (6,600), and stays in the table with the same budgets.
    for name, label in (("x10", "TrPs x10"), ("x100", "TrPs x100"), ("5000", "5,000 TrPs")):
        config = f"explorer_trp_{name}"
        python = get(config, "python", "median_ms")
        rows += [
            row(f"{label}: trigger points", get(config, "trigger_points"), "TrPs"),
            row(
                f"{label}: startup",
                get(config, "startup_ms"),
                "ms",
                get("floor", "startup_ms"),
                1.5,
            ),
            row(
                f"{label}: startup CPU time",
                get(config, "startup_cpu_ms"),
                "ms",
                get("floor", "startup_cpu_ms"),
            ),
            row(
                f"{label}: peak RSS",
                get(config, "peak_rss_mb"),
                "MiB",
                get("floor", "peak_rss_mb"),
                1.3,
            ),
            *precompute_rows(get, config, label),
            row(
                f"{label}: click median",
                get(config, "click", "median_ms"),
                "ms",
                get("floor", "frame", "median_ms"),
                1.3,
            ),
            row(f"{label}: render in click", get(config, "render_in_click", "median_ms"), "ms"),
            row(f"{label}: python on top, median", python, "ms", limit=10, relative=False),
            row(f"{label}: python vs 1x TrPs", python, "ms", base_python, GROWTH, basis="1x"),
            row(
                f"{label}: click minus render, median vs 1x",
                get(config, "overhead", "median_ms"),
                "ms",
                get("explorer", "overhead", "median_ms"),
            ),
            # Judged on the best click: the median of this ~20 ms figure (event loop,
            # blit, X server) swung by a third between identical runs, while the best
            # click is the cost without that noise, as timeit does.
            row(
                f"{label}: click minus render, best vs 1x",
                get(config, "overhead", "min_ms"),
                "ms",
                base_best,
                GROWTH,
                basis="1x",
            ),
        ]
    return rows


__all__ = ["Figure", "build_rows"]

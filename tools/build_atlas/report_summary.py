"""The build report as text: pass/fail lines and one line per muscle."""

from __future__ import annotations

from tools.build_atlas.muscle_specs import MUSCLES

CAVEATS = {spec.id: spec.caveat for spec in MUSCLES if spec.caveat}


def _count(label: str, values: dict, passes, extreme=None, unit: str = "") -> str:
    """``label: passed/total (extreme value)``."""
    text = f"{label}: {sum(passes(value) for value in values.values())}/{len(values)}"
    if extreme is not None:
        name, function = extreme
        text += f" ({name} {function(values.values())}{unit})"
    return text


def checks(report: dict) -> list[str]:
    """The pass/fail lines."""
    rows = report["structures"]
    closed = {
        k: v["watertight"] and v["winding_consistent"] and v["volume_ml"] > 0
        for k, v in rows.items()
    }
    outside = {
        k: v["vertices_outside_skin"] + v["face_points_outside_skin"]
        for k, v in rows.items()
        if k != "skin"
    }
    in_bone = {
        k: v["inside_bone_pct"]
        for k, v in rows.items()
        if "inside_bone_pct" in v and not k.startswith(("rectus_capitis", "obliquus_capitis"))
    }
    depth = report["depth_order"]
    return [
        _count("closed and outward", closed, bool),
        _count(
            "structures with nothing outside the skin",
            outside,
            lambda v: v == 0,
            ("worst", max),
            " points",
        ),
        _count(
            "muscles <= 3 % inside skull/vertebrae (suboccipitals exempt)",
            in_bone,
            lambda v: v <= 3,
            ("max", max),
            " %",
        ),
        _count(
            "attachments within 7 mm",
            report["attachments_mm"],
            lambda v: v <= 7,
            ("max", max),
            " mm",
        ),
        _count(
            "left/right mirror within 2 mm",
            report["mirror_mm"],
            lambda v: v <= 2,
            ("max", max),
            " mm",
        ),
        f"depth order skin > trapezius > splenius > semispinalis > suboccipitals > bone: "
        f"{depth['columns'] - depth['out_of_order']}/{depth['columns']} rays in order",
        f"head and neck skin vertices (above the sternal notch): "
        f"{report['skin_vertices_above_sternal_notch']} (at least 25000)",
        f"triangles: {report['total_triangles']} (budget 300000); "
        f"load: {report['load_seconds']} s (budget 0.5 s)",
    ]


def muscle_lines(report: dict) -> list[str]:
    """One line per muscle: its sizes, each anatomy.md range and whether it holds."""
    lines = []
    for name, row in report["muscles"].items():
        text = (
            f"{name}: {row['shape']}; length {row['length_mm']} mm, width {row['width_mm']} mm, "
            f"thickness mean {row['thickness_mean_mm']} / belly {row['thickness_belly_mm']} mm, "
            f"volume {row['volume_ml']} ml"
        )
        if "origin_mm" in row:
            text += f"; ends {row['origin_mm']} / {row['insertion_mm']} mm from their features"
        for figure, check in row["ranges"].items():
            verdict = "ok" if check["in_range"] else "OUTSIDE"
            low, high = check["range"]
            text += f"; {figure} {low}-{high} ({check['anatomy_md']}): {verdict}"
        if "span_mm" in row:
            text += f"; attachments {row['span_mm']} mm apart"
        if name in CAVEATS:
            outside = not all(check["in_range"] for check in row["ranges"].values())
            text += f" -- {'why' if outside else 'note'}: {CAVEATS[name]}"
        lines.append(text)
    return lines


def bone_lines(report: dict) -> list[str]:
    """The shoulder girdle, thoracic spine and jaw figures."""
    bones = report["bones"]
    clavicle, scapula, jaw = bones["clavicle_left"], bones["scapula_left"], bones["jaw_left"]
    return [
        f"clavicle: {clavicle['length_mm']} mm long (14-15 cm), "
        f"swept back {clavicle['sweep_deg']} deg (20-35)",
        f"scapula: superior angle {scapula['superior_angle_above_t2_mm']} mm above T2, "
        f"root of the spine {scapula['spine_root_above_t3_mm']} mm above T3, "
        f"medial border {scapula['medial_border_at_root_mm']} mm from the midline (50-70); "
        f"blade to ribs {scapula['blade_gap_to_ribs_mm']} mm (5th/50th/95th percentile "
        f"over {scapula['blade_rays_on_ribs']} rays; negative = into the ribs)",
        "thoracic spinous tips [y, z, mm ahead of the T1-T3 line]: "
        + ", ".join(
            f"{level} {values}" for level, values in bones["thoracic_spinous_y_z_ahead"].items()
        ),
        "sheets: " + ", ".join(f"{name} {value}" for name, value in report["sheets"].items()),
        f"jaw: condyle {jaw['condyle_in_front_of_tragus_mm']} mm in front of the tragus, "
        f"{jaw['condyle_above_tragus_mm']} mm above it; angle at z {jaw['angle_z_mm']} "
        f"(C2-C3: {jaw['angle_level_between_c2_c3']}); "
        f"incisors overlap {jaw['incisor_overlap_mm']} mm; "
        f"joint space {jaw['condyle_clearance_mm']} mm",
    ]


def at_risk_lines(report: dict) -> list[str]:
    """The structures at risk: how many, the foramina and the pleural domes."""
    section = report["at_risk"]
    passages = section["vertebral_artery_foramina"]
    through = {
        key: row["foramen_ringed_by_bone"]
        and row["artery_ringed_by_bone"]
        and row["artery_offset_mm"] is not None
        and row["artery_offset_mm"] <= 1.5
        for key, row in passages.items()
    }
    offsets = [row["artery_offset_mm"] for row in passages.values() if row["artery_offset_mm"]]
    lines = [
        f"structures at risk: {len(section['structures'])} "
        f"({sum(row['triangles'] for row in section['structures'].values())} triangles)",
        f"vertebral artery through the transverse foramina C1-C6: "
        f"{sum(through.values())}/{len(through)} "
        f"(largest offset from a foramen centre {max(offsets, default=0)} mm)",
    ]
    for side, dome in section["pleural_dome"].items():
        lines.append(
            f"pleural dome ({side}): top {dome['top_above_medial_third_mm']} mm above the "
            f"medial third of the clavicle (20-30), over that third: "
            f"{dome['top_over_medial_third']}"
        )
    return lines


def summary(report: dict) -> list[str]:
    """Everything a reviewer reads: checks, bones, structures at risk, then
    muscle by muscle."""
    return (
        checks(report)
        + [""]
        + bone_lines(report)
        + [""]
        + at_risk_lines(report)
        + [""]
        + muscle_lines(report)
    )

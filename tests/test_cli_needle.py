"""``app.py check`` and ``app.py render --needle`` on the box atlas of tests/needle_atlas.py."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from tests.needle_atlas import write_needle_atlas
from tests.test_cli import run_app


@pytest.fixture(scope="module")
def boxes(tmp_path_factory):
    manifest, content = write_needle_atlas(tmp_path_factory.mktemp("boxes"))
    return ["--content", str(content), "--atlas", str(manifest)], content


def test_check_passes_when_every_named_structure_is_in_the_atlas(boxes):
    args, _ = boxes
    result = run_app("check", *args)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "OK: 1 muscles, 10 trigger points, 13 structures"


def test_check_fails_with_the_place_of_a_name_the_atlas_lacks(boxes, tmp_path):
    args, content = boxes
    broken = tmp_path / "trigger_points.yaml"
    text = content.read_text(encoding="utf-8")
    broken.write_text(text.replace("structures: [spinal_canal]", "structures: [spinal_cord]"))
    result = run_app("check", "--content", str(broken), *args[2:])
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"{broken}:30:24: muscles[0].trigger_points[1].needling.structures[0]: expected a "
        "structure at risk of the atlas (an artery, vein, nerve or organ) named 'spinal_cord'"
    )
    assert result.stdout.rstrip().endswith("Fix: Did you mean 'spinal_canal'?")


def test_render_needle_draws_the_view_headless(boxes, tmp_path):
    args, _ = boxes
    output = tmp_path / "needle.png"
    result = run_app(
        *args, "render", "--select", "slab.straight.left", "--needle", "--size", "640x480",
        "-o", str(output),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {output}"
    header = output.read_bytes()[:24]
    assert struct.unpack(">II", header[16:24]) == (640, 480)
    import pyvista as pv

    pixels = np.asarray(pv.read(str(output)).active_scalars).reshape(480, 640, -1)[:, :, :3]
    artery_red = (pixels[:, :, 0] > 170) & (pixels[:, :, 1] < 60) & (pixels[:, :, 2] < 80)
    amber = (pixels[:, :, 0] > 220) & (np.abs(pixels[:, :, 1].astype(int) - 158) < 30)
    assert artery_red.sum() > 200  # the named artery, highlighted
    assert amber.sum() > 20  # the line on from the point


def test_render_needle_needs_exactly_one_point(boxes, tmp_path):
    args, _ = boxes
    result = run_app(
        *args, "render", "--select", "slab.straight.left", "--select", "slab.clear.left",
        "--needle", "-o", str(tmp_path / "x.png"),
    )  # fmt: skip
    assert result.returncode == 2
    assert "--needle needs exactly one --select ID" in result.stderr

"""Memory stays bounded while refusing or loading a mesh: peak RSS <= 3x the file + 100 MB.

Each case runs ``load_atlas`` in a fresh interpreter and reads its own peak
resident memory (VmHWM), so nothing this test process holds counts. The
all-zero files are sparse: 256 MB of file cost no disk.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from explorer.fuzz.gen_mesh import ONE_MESH_MANIFEST
from explorer.model.mesh_io import max_bytes_for

#: Just under the byte cap for the default million triangles (256,065,536 bytes).
ZERO_BYTES = 256_000_000
MB = 2**20

PROBE = """
import json, sys
from pathlib import Path
from explorer.model.atlas import load_atlas
from explorer.model.errors import AtlasError
def peak():
    with open('/proc/self/status') as status:
        return next(int(l.split()[1]) * 1024 for l in status if l.startswith('VmHWM'))
before = peak()
try:
    atlas = load_atlas(Path(sys.argv[1]))
    result = {'faces': len(atlas.skin.faces)}
except AtlasError as error:
    result = {'problems': [str(p) for p in error.problems]}
result.update(before=before, peak=peak())
print(json.dumps(result))
"""


def probe(folder: Path, mesh_name: str) -> dict:
    manifest = folder / "manifest.yaml"
    manifest.write_text(ONE_MESH_MANIFEST.format(file=mesh_name))
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(manifest)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    ("suffix", "reason"),
    [
        (".ply", "it does not start with the line 'ply'"),
        (".obj", "byte 0 (line 1) is a NUL byte: this is not a text OBJ file"),
        (
            ".stl",
            "it is neither binary STL, whose header here promises 0 triangles (84 bytes) while "
            "the file has 256,000,000 bytes, nor ASCII STL, which starts with 'solid'",
        ),
    ],
)
def test_a_256_mb_all_zero_mesh_is_refused_within_the_memory_bound(tmp_path, suffix, reason):
    assert max_bytes_for(1_000_000) > ZERO_BYTES
    mesh = tmp_path / f"zero{suffix}"
    with mesh.open("wb") as stream:
        stream.truncate(ZERO_BYTES)
    result = probe(tmp_path, mesh.name)
    assert result["problems"] == [
        f"{tmp_path / 'manifest.yaml'}:7:75: structures[0].file: mesh file {mesh} could not be "
        f"read ({reason}). Fix: Re-export it as a valid {suffix[1:].upper()} triangle mesh."
    ]
    # Measured: about 290 MB (the file's bytes plus a 45 MB interpreter); the bound is 832 MB.
    assert result["peak"] <= 3 * ZERO_BYTES + 100 * MB


def test_loading_a_large_ascii_stl_stays_within_the_memory_bound(tmp_path):
    triangles = np.random.default_rng(0).uniform(-50, 50, (100_000, 3, 3)) + [0, 0, 1400]
    corners = triangles.reshape(-1, 9)
    facet = (
        "facet normal 0 0 1\n outer loop\n"
        + "  vertex {:.6f} {:.6f} {:.6f}\n" * 3
        + " endloop\nendfacet\n"
    )
    text = "solid big\n" + "".join(facet.format(*row) for row in corners) + "endsolid big\n"
    mesh = tmp_path / "big.stl"
    mesh.write_text(text)
    result = probe(tmp_path, mesh.name)
    assert result["faces"] == 100_000
    # trimesh took 9x the file's size for ASCII STL; the app's reader about 2x.
    assert result["peak"] <= 3 * mesh.stat().st_size + 100 * MB

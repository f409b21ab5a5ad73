"""Shared fixtures: the tiny atlas and content, and an off-screen scene on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.atlas import load_atlas
from explorer.model.content import load_catalog

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def tiny_atlas():
    return load_atlas(DATA / "tiny_atlas" / "manifest.yaml")


@pytest.fixture(scope="session")
def tiny_catalog(tiny_atlas):
    return load_catalog(
        DATA / "tiny_content.yaml",
        set(tiny_atlas.landmarks),
        structure_ids=set(tiny_atlas.structures),
    )


@pytest.fixture(scope="session")
def tiny_engine(tiny_atlas):
    from explorer.scene.render import build_engine

    return build_engine(tiny_atlas)


@pytest.fixture
def scene(tiny_atlas, tiny_catalog, tiny_engine):
    """An AnatomyScene in a 400x400 off-screen plotter, closed afterwards."""
    import pyvista as pv

    from explorer.scene.anatomy_scene import AnatomyScene

    plotter = pv.Plotter(off_screen=True, window_size=[400, 400])
    try:
        yield AnatomyScene(plotter, tiny_atlas, tiny_catalog, tiny_engine)
    finally:
        plotter.close()

"""Scene fixtures: the tiny atlas's referral engine and an off-screen scene on it."""

from __future__ import annotations

import pytest


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

"""Fixtures every test layer shares: the tiny synthetic atlas and its content."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.model.atlas import load_atlas
from explorer.model.content import load_catalog

DATA = Path(__file__).resolve().parent / "data"


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

"""Where the tests' tiny project lives, and the CLI arguments that load it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CONTENT = DATA / "tiny_content.yaml"
ATLAS = DATA / "tiny_atlas" / "manifest.yaml"
#: ``app.py`` arguments that run a command on the tiny content and atlas.
TINY = ["--content", str(CONTENT), "--atlas", str(ATLAS)]

"""Runs each configuration in a fresh subprocess, so start-up and peak memory are its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from explorer.bench.measure import SPAWNED_AT

#: Folder that holds the ``explorer`` package, so probes import this very checkout.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def run_probe(kind: str, display: str, *options: str, timeout_s: float = 1800.0) -> dict:
    """Run ``python -m explorer.bench.probe kind options``; return its figures.

    A failing probe is reported in the figures (``error``), never raised:
    the benchmark reports, it does not gate.
    """
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "figures.json"
        command = [sys.executable, "-m", "explorer.bench.probe", kind, *options, "--out", str(out)]
        env = dict(os.environ, DISPLAY=display)
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")])
        )
        # Stamped last, just before the spawn: start-up is measured from here.
        env[SPAWNED_AT] = repr(time.time())
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=timeout_s, check=False
            )
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {timeout_s:.0f} s"}
        if done.returncode != 0 or not out.exists():
            return {"error": f"exit code {done.returncode}: {_why(done.stderr or done.stdout)}"}
        return json.loads(out.read_text())


def _why(output: str) -> str:
    """The exception and where it was raised, from a probe's traceback (or its last line)."""
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    if not lines:
        return "no output"
    places = [line for line in lines if line.startswith('File "')]
    return f"{lines[-1]} ({places[-1]})" if places else lines[-1]

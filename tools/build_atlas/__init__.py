"""Reproducible build of the bundled atlas (``python -m tools.build_atlas``).

Never imported by ``explorer/``: the app only reads the files this writes.
"""

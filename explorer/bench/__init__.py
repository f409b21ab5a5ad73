"""The benchmark: ``python -m explorer.bench`` (see ``__main__``).

Nothing is imported here, so a probe subprocess pays only for what it
measures.
"""

"""Pause Python's cyclic garbage collector while the app starts.

Start-up builds hundreds of thousands of long-lived objects (the content's
plain data, its validated models, every module imported) and no garbage
cycles: a collection after loading the 6,600-point benchmark content finds
nothing to free. With the collector on, each batch of new objects still
triggers a collection that walks the older ones, which made up about a
quarter of the CPU of a 5,000-point start-up (issue 18). Reference counting
frees everything else as usual while the collector is paused.

The pause covers only start-up: :func:`resume` turns the collector back on
once the window is shown (or a command has its data), so a long session
collects as normal. Collection is not frozen (``gc.freeze``): a test
process opens many windows and their cycles must stay collectable.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_paused_by_us = False


def pause() -> None:
    """Turn the collector off for start-up, unless someone else already did."""
    global _paused_by_us
    if gc.isenabled():
        gc.disable()
        _paused_by_us = True


def resume() -> None:
    """Turn the collector back on if :func:`pause` turned it off; otherwise do nothing."""
    global _paused_by_us
    if _paused_by_us:
        _paused_by_us = False
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused for the ``with`` block, resumed however the block ends."""
    pause()
    try:
        yield
    finally:
        resume()

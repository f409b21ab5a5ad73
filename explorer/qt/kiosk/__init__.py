"""Waiting-room kiosk: a locked, touch-first, self-resetting shell around the explorer.

This package imports no Qt at package level, so ``app.py kiosk-pin`` (which
only needs :mod:`.config` and :mod:`.pin`) runs without a display.
"""

"""Soak test of the kiosk: thousands of random touches on the real window, under Xvfb.

``python -m explorer.soak --interactions 10000 --seed 1 --report soak.json``
"""

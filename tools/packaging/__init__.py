"""Packaging: the wheel's data step and the frozen (PyInstaller) build."""

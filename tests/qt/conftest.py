"""A MainWindow on the tiny atlas, with settings in a temporary file."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def tiny_project():
    from explorer.model.project import load_project

    return load_project(DATA / "tiny_content.yaml", DATA / "tiny_atlas" / "manifest.yaml")


@pytest.fixture(scope="session")
def tiny_engine(tiny_project):
    from explorer.scene.render import build_engine

    return build_engine(tiny_project.atlas)


@pytest.fixture
def window(qtbot, tiny_project, tiny_engine, tmp_path):
    from PySide6.QtCore import QSettings

    from explorer.qt.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main_window = MainWindow(tiny_project, settings=settings, engine=tiny_engine, ease_frames=0)
    qtbot.addWidget(main_window)
    main_window.resize(900, 600)
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=2000)  # window shortcuts need focus
    main_window.show_view("left")
    yield main_window
    main_window.close()

"""The window's top-level menus, looked up by title from a registry kept on the window.

Several modules add entries to the same menu (File, View, Study, Help), so
each asks for it by title and the first asker creates it. The menus are
kept in a dict on the window rather than found again through
``QAction.menu()`` on the menu bar's actions: under PySide6 that call
crashed the test run (a segmentation fault while a later window was built),
and the registry also keeps a Python reference to every menu for the
window's lifetime.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu

_REGISTRY = "_top_menus_by_title"


def _plain(title: str) -> str:
    return title.replace("&", "")


def _registry(window: QMainWindow) -> dict[str, QMenu]:
    registry = getattr(window, _REGISTRY, None)
    if registry is None:
        registry = {}
        setattr(window, _REGISTRY, registry)
    return registry


def top_menu(
    window: QMainWindow, title: str, *, before: str | None = None, first: bool = False
) -> QMenu:
    """The window's menu called ``title``, created the first time it is asked for.

    Parameters
    ----------
    window : QMainWindow
        The window whose menu bar holds the menu.
    title : str
        The menu's title with its mnemonic, e.g. ``"&View"``; lookup ignores the ``&``.
    before : str, optional
        When creating, put the new menu before this one (e.g. ``"Help"``) if it exists.
    first : bool
        When creating, put the new menu first in the bar.

    Returns
    -------
    QMenu
        The one menu of that title on this window.
    """
    registry = _registry(window)
    key = _plain(title)
    if key in registry:
        return registry[key]
    bar = window.menuBar()
    menu = QMenu(title, bar)
    anchor = None
    if first and bar.actions():
        anchor = bar.actions()[0]
    elif before is not None and _plain(before) in registry:
        anchor = registry[_plain(before)].menuAction()
    if anchor is not None:
        bar.insertMenu(anchor, menu)
    else:
        bar.addMenu(menu)
    registry[key] = menu
    return menu

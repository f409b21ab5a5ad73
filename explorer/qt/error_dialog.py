"""The dialog shown when the content or the atlas cannot be loaded."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from explorer.model.errors import ExplorerError

#: Problems listed in the dialog itself; the rest are in "Show Details".
SHOWN_PROBLEMS = 12


def problem_lines(error: ExplorerError) -> list[str]:
    """One ``file:line:col: message`` line per problem."""
    return [str(problem) for problem in error.problems]


def build_error_dialog(error: ExplorerError, parent: QWidget | None = None) -> QMessageBox:
    """A modal error box listing every problem with its file and line (not yet shown).

    Built separately from ``exec()`` so tests can read it without blocking.
    """
    lines = problem_lines(error)
    dialog = QMessageBox(parent)
    dialog.setIcon(QMessageBox.Icon.Critical)
    dialog.setWindowTitle("Trigger Point Explorer cannot start")
    count = f"{len(lines)} problem" + ("s" if len(lines) != 1 else "")
    dialog.setText(f"The data files have {count}. Fix them and start again; nothing was loaded.")
    shown = lines[:SHOWN_PROBLEMS]
    more = len(lines) - len(shown)
    dialog.setInformativeText("\n\n".join(shown) + (f"\n\n… and {more} more." if more else ""))
    dialog.setDetailedText("\n".join(lines))
    dialog.setStandardButtons(QMessageBox.StandardButton.Close)
    return dialog

"""The File menu of the desktop window: "Handout for the patient…" (Ctrl+P) and "Save image…".

The kiosk has no File menu and never installs this one: it keeps no data,
prints nothing and saves nothing.

The handout is made by a child process (:mod:`explorer.qt.handout_job`)
behind a progress dialog that does not block the window; the image is
rendered off-screen in this process with the window's own referral engine,
camera, layers and selection, at the size asked for, with the needle view's
line, highlights and corner text when the viewport shows them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QProgressDialog

from explorer.model.handout import MAX_POINTS, HandoutOptions
from explorer.model.state import LAYERS
from explorer.qt.file_dialogs import HandoutDialog, SaveImageDialog
from explorer.qt.handout_job import HandoutJob, handout_arguments
from explorer.qt.menus import top_menu
from explorer.scene import views
from explorer.scene.anatomy_scene import BACKGROUND

TITLE = "&File"
CHOOSE_POINTS = (
    f"Select one to {MAX_POINTS} trigger points first (Ctrl+click adds a point), "
    "then make the handout."
)


def file_menu(window: QMainWindow) -> QMenu:
    """The window's File menu, created first in the menu bar when it does not exist."""
    return top_menu(window, TITLE, first=True)


class FileMenu:
    """The File menu's actions and what they do, for one main window."""

    def __init__(self, window) -> None:
        self.window = window
        self.job: HandoutJob | None = None
        self.progress: QProgressDialog | None = None
        self.menu = file_menu(window)
        self.handout_action = QAction("&Handout for the patient…", window)
        self.handout_action.setShortcut(QKeySequence.StandardKey.Print)
        self.handout_action.setToolTip("A printable page (PDF) for the selected points (Ctrl+P)")
        self.handout_action.triggered.connect(self.ask_handout)
        self.save_image_action = QAction("Save &image…", window)
        self.save_image_action.setToolTip("Save the view as a PNG picture")
        self.save_image_action.triggered.connect(self.ask_save_image)
        for action in (self.handout_action, self.save_image_action):
            self.menu.addAction(action)
            window.addAction(action)  # the shortcut works with the menu closed

    # Handout -------------------------------------------------------------

    def ask_handout(self) -> None:
        """Ask for the header and the file name, then make the handout."""
        selection = self.window.state.selection
        if not selection or len(selection) > MAX_POINTS:
            QMessageBox.information(self.window, "Handout for the patient", CHOOSE_POINTS)
            return
        dialog = HandoutDialog(self.window.settings, self.window)
        if dialog.exec() != HandoutDialog.DialogCode.Accepted:
            return
        options = dialog.options()
        suggested = self._folder("handout") / f"handout-{datetime.date.today():%Y-%m-%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save the handout", str(suggested), "PDF (*.pdf)"
        )
        if path:
            output = Path(path).with_suffix(".pdf")
            self.window.settings.setValue("handout/folder", str(output.parent))
            self.start_handout(output, options)

    def start_handout(self, output: Path, options: HandoutOptions) -> HandoutJob:
        """Make the handout of the current selection in a child process; return the job."""
        project = self.window.project
        arguments = handout_arguments(
            project.catalog.path,
            project.atlas.manifest_path,
            self.window.state.selection,
            options,
            output,
        )
        self.job = HandoutJob(arguments, output, self.window)
        self.progress = QProgressDialog("Preparing the maps…", "Cancel", 0, 3, self.window)
        self.progress.setWindowTitle("Making the handout")
        # Not modal: the therapist can go on turning the model while it renders.
        self.progress.setWindowModality(Qt.WindowModality.NonModal)
        self.progress.setMinimumDuration(0)
        self.progress.canceled.connect(self.job.cancel)
        self.job.progress.connect(self._on_handout_progress)
        self.job.finished.connect(self._on_handout_finished)
        self.handout_action.setEnabled(False)
        self.progress.show()
        self.job.start()
        return self.job

    def _on_handout_progress(self, step: int, total: int, what: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(step)
            self.progress.setLabelText(f"{what}…")

    def _on_handout_finished(self, ok: bool, message: str, pages: int) -> None:
        self.handout_action.setEnabled(True)
        if self.progress is not None:
            self.progress.canceled.disconnect(self.job.cancel)
            self.progress.close()
        self.window.statusBar().showMessage(message, 10000)
        if ok:
            box = QMessageBox(
                QMessageBox.Icon.Information, "Handout saved", message, parent=self.window
            )
            box.setInformativeText(f"{pages} page{'s' if pages != 1 else ''}, ready to print.")
            opener = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Close)
            output = self.job.output
            opener.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(output)))
            )
            box.open()  # not exec(): nothing waits on it
            self.message_box = box
        elif "cancelled" not in message:
            QMessageBox.warning(self.window, "Handout for the patient", message)

    # Save image ----------------------------------------------------------

    def ask_save_image(self) -> None:
        """Ask for the size and the file name, then save the view as a PNG."""
        ratio = self.window.viewport.devicePixelRatioF()
        width = round(self.window.viewport.width() * ratio)
        height = round(self.window.viewport.height() * ratio)
        dialog = SaveImageDialog(width, height, self.window)
        if dialog.exec() != SaveImageDialog.DialogCode.Accepted:
            return
        suggested = self._folder("image") / "trigger-points.png"
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save image", str(suggested), "PNG image (*.png)"
        )
        if path:
            output = Path(path).with_suffix(".png")
            self.window.settings.setValue("image/folder", str(output.parent))
            self.save_image(output, dialog.image_size(), dialog.white.isChecked())

    def save_image(self, output: Path, size: tuple[int, int], white: bool) -> Path:
        """Render the current view at ``size`` and write it as PNG (white background if asked)."""
        from explorer.scene.snapshots import SnapshotRenderer

        window = self.window
        pose = views.current_pose(window.scene.plotter.renderer.GetActiveCamera())
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            background = "white" if white else BACKGROUND
            project = window.project
            with SnapshotRenderer(
                project.atlas, project.catalog, window.engine, size=size, background=background
            ) as shot:
                shot.scene.marker_actor.visibility = True
                shot.set_layers({name: window.state.layer(name) for name in LAYERS})
                pixels = _render_view(shot, window, pose)
        finally:
            QGuiApplication.restoreOverrideCursor()
        height, width = pixels.shape[:2]
        image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888)
        if not image.save(str(output), "PNG"):
            QMessageBox.warning(window, "Save image", f"Could not write '{output}'.")
        else:
            window.statusBar().showMessage(f"Image saved: {output} ({width} x {height})", 10000)
        return output

    def _folder(self, kind: str) -> Path:
        saved = self.window.settings.value(f"{kind}/folder", "")
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        return Path(QStandardPaths.writableLocation(documents) or Path.home())


def _render_view(shot, window, pose: views.CameraPose):
    """What the viewport shows, off-screen: the selection painted and the needle view if on."""
    import numpy as np

    from explorer.scene.needle_view import NeedleView

    needle = getattr(window, "needle_view", None)
    if needle is None or not needle.active:
        return shot.render_pose(window.state.selection, pose)
    # The needle view styles the painted scene, so it comes after the selection, as on screen.
    shot.scene.on_selection_changed(window.state.selection, render=False)
    NeedleView(shot.scene).show(needle.tp_id, render=False)
    shot.scene.apply_pose(pose, render=False)
    shot.plotter.render()  # an off-screen screenshot otherwise returns the last frame
    return np.asarray(shot.plotter.screenshot(return_img=True))[:, :, :3].copy()


def install_file_menu(window) -> FileMenu:
    """Give the desktop ``window`` its File menu; return it (tests drive its methods)."""
    return FileMenu(window)

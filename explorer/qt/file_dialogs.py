"""The two small dialogs of the File menu: the handout's header, and the image's size.

Both only collect choices; :mod:`explorer.qt.file_menu` acts on them. The
clinic's name, logo and paper are remembered between sessions.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from explorer.model.handout import HandoutOptions

#: Countries whose offices print on Letter paper by default.
LETTER_COUNTRIES = {QLocale.Country.UnitedStates, QLocale.Country.Canada, QLocale.Country.Mexico}


def default_paper() -> str:
    """Letter where it is the usual office paper, else A4."""
    return "letter" if QLocale.system().territory() in LETTER_COUNTRIES else "a4"


class HandoutDialog(QDialog):
    """Clinic name, logo and paper for the handout's header."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Handout for the patient")
        self.clinic = QLineEdit(str(settings.value("handout/clinic", "")))
        self.clinic.setPlaceholderText("Your clinic's name (optional)")
        self.logo = QLineEdit(str(settings.value("handout/logo", "")))
        self.logo.setPlaceholderText("A PNG or JPEG (optional)")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addWidget(browse)
        self.paper = QComboBox()
        self.paper.addItem("A4", "a4")
        self.paper.addItem("Letter", "letter")
        paper = str(settings.value("handout/paper", default_paper()))
        self.paper.setCurrentIndex(max(self.paper.findData(paper), 0))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save as PDF…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Clinic", self.clinic)
        form.addRow("Logo", logo_row)
        form.addRow("Paper", self.paper)
        form.addRow(buttons)

    def options(self) -> HandoutOptions:
        """The choices made, remembered for next time."""
        logo = self.logo.text().strip()
        self.settings.setValue("handout/clinic", self.clinic.text().strip())
        self.settings.setValue("handout/logo", logo)
        self.settings.setValue("handout/paper", self.paper.currentData())
        return HandoutOptions(
            clinic=self.clinic.text(),
            logo=Path(logo) if logo else None,
            paper=self.paper.currentData(),
        )

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Clinic logo", self.logo.text(), "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            self.logo.setText(path)


class SaveImageDialog(QDialog):
    """Size of the image and whether it gets a white background (for slides)."""

    def __init__(self, width: int, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save image")
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, value in ((self.width_box, width), (self.height_box, height)):
            box.setRange(16, 8192)
            box.setSuffix(" px")
            box.setValue(value)
        self.white = QCheckBox("White background (for slides and print)")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save as PNG…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Width", self.width_box)
        form.addRow("Height", self.height_box)
        form.addRow(self.white)
        form.addRow(buttons)

    def image_size(self) -> tuple[int, int]:
        """The chosen width and height in pixels."""
        return self.width_box.value(), self.height_box.value()

"""Preview of a printed document inside the app; print through Qt's print dialog or save the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.views.widgets import icon, name_widget


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Paint each page of the PDF onto the printer at the printer's resolution."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer not ready")
    try:
        dpi = printer.resolution()
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            image = document.render(index, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(target.x(), target.y(), image.scaled(scaled, Qt.AspectRatioMode.KeepAspectRatio,
                                                                   Qt.TransformationMode.SmoothTransformation))
    finally:
        painter.end()


class PdfPreviewDialog(QDialog):
    """Shows the PDF; Enter prints, Ctrl+S saves a copy, Esc closes. ``delivered`` says it was printed or saved
    (a public notice is then recorded as published)."""

    delivered = Signal(str)  # "printed", or the path saved to
    hide_requested = Signal(str)  # a word the clerk wants hidden on this notice: the notice is made again

    def __init__(self, pdf_path: Path, title: str, parent: QWidget | None = None,
                 masked: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_preview")
        self.setWindowTitle(title)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(720, min(860, screen.height() - 60) if screen is not None else 860)
        self.pdf_path = pdf_path
        self.document = QPdfDocument(self)
        self.document.load(str(pdf_path))
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.print_button = name_widget(QPushButton(icon("fa5s.print"), self.tr("&Print…")), "print_button",
                                        self.tr("Print"))
        self.save_button = name_widget(QPushButton(icon("fa5s.file-pdf"), self.tr("&Save as PDF…")), "save_pdf_button",
                                       self.tr("Save as PDF"))
        self.close_button = name_widget(QPushButton(self.tr("Close")), "close_button", self.tr("Close"))
        self.print_button.setDefault(True)
        self.status = QLabel(self.tr("{pages} page(s) · {name}").format(pages=self.document.pageCount(),
                                                                         name=pdf_path.name))  # words, not a path
        self.status.setObjectName("pdf_status")
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        if masked is None:
            layout.addWidget(self.view, 1)
        else:
            self.resize(1100, self.height())
            body = QHBoxLayout()
            body.addWidget(self.view, 3)
            body.addLayout(self._masked_panel(masked), 2)
            layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.close_button.clicked.connect(self.accept)
        QShortcut(QKeySequence.StandardKey.Save, self, self._on_save_clicked)

    def _masked_panel(self, masked: list[str]) -> QVBoxLayout:
        """What was masked on this notice, one line per item, and a field to hide one more word."""
        self.masked_list = QListWidget()
        self.masked_list.setObjectName("masked_list")
        self.masked_list.setAccessibleName(self.tr("What was masked"))
        self.masked_list.addItems(masked or [self.tr("Nothing personal was found in the texts.")])
        self.hide_edit = QLineEdit()
        self.hide_edit.setObjectName("hide_word")
        self.hide_edit.setAccessibleName(self.tr("Word to hide on this notice"))
        self.hide_edit.setPlaceholderText(self.tr("A name or word the masking missed"))
        self.hide_button = QPushButton(self.tr("Hide on this notice"))
        self.hide_button.setObjectName("hide_button")
        self.hide_button.setAccessibleName(self.tr("Hide the word and make the notice again"))
        self.hide_button.clicked.connect(self._on_hide_clicked)
        self.hide_edit.returnPressed.connect(self._on_hide_clicked)
        panel = QVBoxLayout()
        panel.addWidget(QLabel(self.tr("Masked on this notice ({n})").format(n=len(masked))))
        panel.addWidget(self.masked_list, 1)
        panel.addWidget(QLabel(self.tr("Hide another word:")))
        panel.addWidget(self.hide_edit)
        panel.addWidget(self.hide_button)
        return panel

    def _on_hide_clicked(self) -> None:
        word = self.hide_edit.text().strip()
        if word:
            self.hide_requested.emit(word)

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_pdf(self.document, printer)
            self.status.setText(self.tr("Sent to the printer."))
            self.delivered.emit("printed")

    def _on_save_clicked(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), str(Path.home() / self.pdf_path.name),
                                                self.tr("PDF files (*.pdf)"))
        if target:
            self.save_to(Path(target))

    def save_to(self, target: Path) -> None:
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        shutil.copyfile(self.pdf_path, target)
        self.status.setText(self.tr("Saved: {name} (in the folder {folder}).").format(
            name=target.name, folder=target.parent.name or target.anchor))  # names, not a path
        self.delivered.emit(str(target))

"""The MMS pictures attached to a message: a tile per picture (thumbnail, final size,
remove) and the "Add image" button. Conversion and upload are the page's and the image
service's business; this only shows :class:`PreparedImage` values."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.services.images import PreparedImage

#: What the file dialog offers (anything Pillow reads is converted to JPEG).
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".heic"}


def size_text(size: int) -> str:
    """Bytes as KB with one decimal (what the MMS limit is stated in)."""
    return f"{size / 1000:.1f} KB"


class AttachmentTile(QFrame):
    """One attached picture: thumbnail, final pixel size and file size, remove button."""

    remove_requested = Signal()

    def __init__(self, image: PreparedImage | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(132)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        self.thumbnail = QLabel()
        self.thumbnail.setFixedSize(120, 90)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: #eeeeee;")
        layout.addWidget(self.thumbnail)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self.remove_button = QToolButton()
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_requested)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignHCenter)
        if image is None:
            self.thumbnail.setText(self.tr("Converting…"))
            self.caption.setText("")
            self.remove_button.setEnabled(False)
        else:
            pixmap = QPixmap()
            pixmap.loadFromData(image.thumbnail)
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    120, 90, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.caption.setText(f"{image.width}×{image.height}\n{size_text(image.size)}")
            tip = image.source_name or image.name
            self.setToolTip(
                self.tr("%1 → %2 (%3×%4, %5)")
                .replace("%1", tip)
                .replace("%2", image.name)
                .replace("%3", str(image.width))
                .replace("%4", str(image.height))
                .replace("%5", size_text(image.size))
            )


class AttachmentStrip(QWidget):
    """Up to three picture tiles and the "Add image" button; drops are handled by the page."""

    add_requested = Signal()
    remove_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tiles_layout = QHBoxLayout()
        layout.addLayout(self.tiles_layout)
        side = QVBoxLayout()
        self.add_button = QPushButton(self.tr("Add image…"))
        self.add_button.clicked.connect(self.add_requested)
        side.addWidget(self.add_button)
        self.hint = QLabel(
            self.tr("Up to 3 pictures; drag them here. They are converted to JPEG under 300 KB.")
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666666;")
        side.addWidget(self.hint)
        side.addStretch(1)
        layout.addLayout(side, 1)
        self.tiles: list[AttachmentTile] = []

    def show_images(self, images: Sequence[PreparedImage], converting: int = 0) -> None:
        for tile in self.tiles:
            tile.deleteLater()
        self.tiles = []
        for index, image in enumerate(images):
            tile = AttachmentTile(image)
            tile.remove_requested.connect(lambda i=index: self.remove_requested.emit(i))
            self.tiles.append(tile)
            self.tiles_layout.addWidget(tile)
        for _ in range(converting):
            tile = AttachmentTile(None)
            self.tiles.append(tile)
            self.tiles_layout.addWidget(tile)
        self.add_button.setEnabled(len(images) + converting < 3)


class ImagesBox(QGroupBox):
    """The "Images (MMS)" box: the picture strip for SENS, or for API PLEX the upload
    paths pasted by the user (API PLEX sends only images it already holds)."""

    #: Local files the user picked in the file dialog.
    files_chosen = Signal(list)
    #: The pasted API PLEX paths changed.
    paths_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Images (MMS)"))
        layout = QVBoxLayout(self)
        self.strip = AttachmentStrip()
        self.strip.add_requested.connect(self.pick_files)
        layout.addWidget(self.strip)
        self.paths_help = QLabel(
            self.tr(
                "API PLEX sends MMS images it already holds: upload them with API PLEX's "
                "image upload, then paste the returned paths here, one per line (up to 3)."
            )
        )
        self.paths_help.setWordWrap(True)
        self.paths_help.setStyleSheet("color: #666666;")
        layout.addWidget(self.paths_help)
        self.paths_edit = QPlainTextEdit()
        self.paths_edit.setPlaceholderText(
            "https://api-plex-upload/.../image/mms/userid/photo.jpg"
        )
        self.paths_edit.setFixedHeight(64)
        self.paths_edit.setTabChangesFocus(True)
        self.paths_edit.textChanged.connect(self.paths_changed)
        layout.addWidget(self.paths_edit)
        self.paths_label = QLabel()
        self.paths_label.setWordWrap(True)
        self.paths_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.paths_label)
        self._file_dialog: QFileDialog | None = None

    def use_pasted_paths(self, pasted: bool) -> None:
        """Show the picture strip (SENS) or the pasted paths (API PLEX)."""
        self.strip.setVisible(not pasted)
        for widget in (self.paths_help, self.paths_edit):
            widget.setVisible(pasted)
        self.paths_label.setVisible(False)

    def image_paths(self) -> list[str]:
        """The pasted image paths (non-empty lines)."""
        return [
            line.strip() for line in self.paths_edit.toPlainText().splitlines() if line.strip()
        ]

    def check_paths(self, limit: int) -> None:
        """Say what is wrong with the pasted paths (too many, spaces), if anything."""
        paths = self.image_paths()
        problem = ""
        if len(paths) > limit:
            problem = self.tr("An MMS can carry at most 3 images.")
        elif any(any(c.isspace() for c in p) for p in paths):
            problem = self.tr("An image path cannot contain spaces.")
        self.show_path_problem(problem)

    def show_path_problem(self, problem: str) -> None:
        self.paths_label.setText(problem)
        self.paths_label.setVisible(bool(problem))

    def pick_files(self) -> None:
        """Open the file dialog (window-modal, never nested); the choice is emitted."""
        dialog = QFileDialog(self, self.tr("Attach images"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(
            self.tr("Images (%1)").replace(
                "%1", " ".join(f"*{suffix}" for suffix in sorted(IMAGE_SUFFIXES))
            )
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(self.files_chosen)
        self._file_dialog = dialog
        dialog.open()

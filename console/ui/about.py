"""The About dialog: version and the licences of everything the console ships.

(The application's identity -- desktop id, Windows font -- and the Help menu that opens
this dialog are in :mod:`console.ui.identity`, which the start-up loads before the window;
this module loads when About opens.)

The version shown is the installed package's own (``importlib.metadata``), so a frozen
bundle shows what it was built from; the component list is the dependency closure of the
``sens-console`` distribution read from the same metadata, with each component's licence,
plus Python and Qt themselves. The bundle build copies that metadata (see
``packaging/sens-console.spec``), so the list is the same from source and from the bundle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import qVersion
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console import __version__

if TYPE_CHECKING:
    from importlib import metadata

DISTRIBUTION = "sens-console"
# Licences of components whose metadata names none in a short form.
KNOWN_LICENCES = {
    "sens-console": "MIT",
    "pyside6-essentials": "LGPL-3.0-only",
    "shiboken6": "LGPL-3.0-only",
    "jaraco-classes": "MIT",
    "pywin32-ctypes": "BSD-3-Clause",
}
# The Qt libraries are used under the LGPL (the GPL alternatives are not what we ship).
LGPL_COMPONENTS = ("pyside6-essentials", "shiboken6")


def app_version() -> str:
    """The installed package's version (the bundle's build), else the source's.

    ``importlib.metadata`` is imported here, not at start-up (it costs tens of
    milliseconds): the start uses ``console.__version__``; this runs when About opens.
    """
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return __version__


@dataclass(frozen=True)
class Component:
    """One bundled component as the About dialog lists it."""

    name: str
    version: str
    licence: str


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    values = meta.get_all(name) or []
    return str(values[0]).strip() if values else ""


def _licence(dist: metadata.Distribution) -> str:
    """A short licence name from the metadata: SPDX expression, short License field, or
    the OSI classifier; the known table when the metadata says nothing usable."""
    meta = dist.metadata
    key = _canonical(_field(meta, "Name"))
    if key in LGPL_COMPONENTS:
        return KNOWN_LICENCES[key]
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    text = _field(meta, "License")
    if text and "\n" not in text and len(text) <= 40:
        return text
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License :: OSI Approved :: "):
            return classifier.rsplit(" :: ", 1)[-1].removesuffix(" License")
    return KNOWN_LICENCES.get(key, "?")


def _requirement_names(dist: metadata.Distribution) -> list[str]:
    """Names of `dist`'s runtime requirements (not its extras)."""
    names: list[str] = []
    for requirement in dist.requires or []:
        if "extra ==" in requirement.replace("extra==", "extra =="):
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        if match:
            names.append(match.group(1))
    return names


def bundled_components() -> list[Component]:
    """Python, Qt, and every installed distribution the console depends on (closure)."""
    import platform
    from importlib import metadata

    components = [
        Component("Python", platform.python_version(), "PSF-2.0"),
        Component("Qt", qVersion(), "LGPL-3.0-only"),
    ]
    seen: set[str] = set()
    pending = [DISTRIBUTION]
    found: list[Component] = []
    while pending:
        name = pending.pop()
        key = _canonical(name)
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional/platform-specific requirement that is not installed
        if key != DISTRIBUTION:
            label = _field(dist.metadata, "Name") or name
            found.append(Component(label, dist.version, _licence(dist)))
        pending.extend(_requirement_names(dist))
    return components + sorted(found, key=lambda c: c.name.lower())


class AboutDialog(QDialog):
    """Name, version, data folder and the licences of everything the console ships."""

    def __init__(self, parent: QWidget | None = None, data_folder: Path | None = None) -> None:
        # Qt's namespace enums load on first use (tens of milliseconds): not at start-up,
        # where this module gives the window its identity and Help menu.
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setWindowTitle(self.tr("About SENS Console"))
        self.version = app_version()
        self.components = bundled_components()

        icon = QLabel()
        icon.setPixmap(QApplication.windowIcon().pixmap(64, 64))  # set by console.app
        title = QLabel(self.tr("SENS Console"))
        title_font = QFont(title.font())
        if title_font.pointSizeF() > 0:
            title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        title.setFont(title_font)
        self.version_label = QLabel(self.tr("Version %1").replace("%1", self.version))
        self.version_label.setObjectName("versionLabel")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(self.version_label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(heading, 1)

        description = QLabel(
            self.tr(
                "Sends SMS, LMS and MMS notices through NAVER Cloud SENS. Free software "
                "under the MIT licence."
            )
        )
        description.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(description)
        if data_folder is not None:
            folder = QLabel(self.tr("Data folder: %1").replace("%1", str(data_folder)))
            folder.setObjectName("dataFolderLabel")
            folder.setWordWrap(True)
            folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(folder)

        layout.addWidget(QLabel(self.tr("Components included in this program:")))
        self.table = QTableWidget(len(self.components), 3)
        self.table.setObjectName("componentsTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Component"), self.tr("Version"), self.tr("Licence")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, component in enumerate(self.components):
            for column, text in enumerate((component.name, component.version, component.licence)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        layout.addWidget(self.table, 1)

        lgpl = QLabel(
            self.tr(
                "Qt and PySide6 are used under the GNU LGPL version 3: their libraries are "
                "separate files in the program folder and may be replaced. Each component's "
                "full licence text is in the program folder."
            )
        )
        lgpl.setWordWrap(True)
        layout.addWidget(lgpl)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 520)

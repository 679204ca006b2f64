"""The application's identity and its Help menu: what the start-up needs before the window.

The desktop entry id (Linux: the window finds its .desktop file and icon), the Korean UI
font on Windows, and Help > About, whose dialog (:mod:`console.ui.about`, with the
package metadata and the widgets it needs) loads only when it is opened.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

# The Linux desktop entry's id (packaging/linux/<id>.desktop, AppStream <id>).
DESKTOP_ID = "io.github.sens_console.SensConsole"


def korean_font_families(platform_name: str = sys.platform) -> list[str]:
    """The UI font families to prefer on `platform_name`, Korean-capable first.

    Windows: Malgun Gothic (shipped with every Korean-capable Windows) before Segoe UI,
    so Hangul and Latin come from one family. macOS and Linux already pick Apple SD
    Gothic Neo or Noto/Nanum through their font fallback: no preference is set there.
    """
    if platform_name == "win32":
        return ["Malgun Gothic", "Segoe UI"]
    return []


def install_identity(app: QApplication) -> None:
    """Give the application its desktop entry name (Linux: the window finds its .desktop
    file and icon) and, on Windows, its Korean UI font."""
    app.setDesktopFileName(DESKTOP_ID)
    preferred = korean_font_families()
    if not preferred:
        return
    from PySide6.QtGui import QFont, QFontDatabase  # (Windows only: not on every start)

    families = [f for f in preferred if f in QFontDatabase.families()]
    if families:
        font = QFont(app.font())
        font.setFamilies(families)
        app.setFont(font)


def show_about(parent: QWidget, data_folder: Path | None = None) -> QWidget:
    """Open the About dialog window-modal (``open()``, no nested event loop)."""
    from PySide6.QtCore import Qt

    from console.ui.about import AboutDialog

    dialog = AboutDialog(parent, data_folder)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install_about_menu(window: QMainWindow, data_folder: Path | None = None) -> QAction:
    """Add Help > About to `window`'s menu bar; returns the action (macOS moves it to the
    application menu by its role)."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("AboutDialog", "&Help"))
    action = QAction(QCoreApplication.translate("AboutDialog", "&About SENS Console"), window)
    action.setObjectName("aboutAction")
    action.setMenuRole(QAction.MenuRole.AboutRole)
    action.triggered.connect(lambda: show_about(window, data_folder))
    menu.addAction(action)
    return action

"""The About dialog: version from package metadata, licences of what the bundle ships,
the Help menu entry, and the application identity (desktop id, Windows font)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow

from console import __version__
from console.ui import about, identity
from console.ui.about import AboutDialog, Component, bundled_components
from console.ui.identity import install_about_menu, korean_font_families


def _dist(tmp_path: Path, **fields: str | list[str]) -> metadata.Distribution:
    """A distribution whose METADATA holds `fields` (lists become repeated headers)."""
    folder = tmp_path / "demo-1.0.dist-info"
    folder.mkdir(parents=True)
    lines = ["Metadata-Version: 2.4", "Version: 1.0"]
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            lines.append(f"{name.replace('_', '-')}: {item}")
    (folder / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return metadata.PathDistribution(folder)


def by_name(components: list[Component]) -> dict[str, Component]:
    return {c.name.lower().replace("_", "-"): c for c in components}


def test_version_comes_from_the_installed_metadata() -> None:
    assert about.app_version() == metadata.version("sens-console") == __version__


def test_components_are_the_dependency_closure_with_licences() -> None:
    components = bundled_components()
    named = by_name(components)
    assert [c.name for c in components[:2]] == ["Python", "Qt"]
    for direct in ("httpx", "keyring", "qasync", "tzdata", "pillow", "pyside6-essentials"):
        assert direct in named, direct
        assert named[direct].version == metadata.version(direct)
    # Transitive requirements are there too (httpx -> httpcore -> h11).
    assert {"httpcore", "h11", "shiboken6"} <= set(named)
    assert named["pyside6-essentials"].licence == "LGPL-3.0-only"
    assert named["qt"].licence == "LGPL-3.0-only"
    assert named["keyring"].licence == "MIT"
    assert all(c.licence != "?" for c in components)
    assert "sens-console" not in named  # the program itself is the dialog's heading


def test_licence_is_read_from_every_metadata_form(tmp_path: Path) -> None:
    cases = {
        "expr": _dist(tmp_path / "a", Name="a", License_Expression="Apache-2.0", License="X"),
        "short": _dist(tmp_path / "b", Name="b", License="BSD-3-Clause"),
        "classifier": _dist(
            tmp_path / "c",
            Name="c",
            License="Copyright (c) someone, a very long licence text that is no name at all",
            Classifier=["Programming Language :: Python", "License :: OSI Approved :: MIT License"],
        ),
        "table": _dist(tmp_path / "d", Name="jaraco.classes"),
        "lgpl": _dist(tmp_path / "e", Name="shiboken6", License="LGPL-3.0-only OR GPL-2.0-only"),
        "unknown": _dist(tmp_path / "f", Name="mystery"),
    }
    got = {key: about._licence(dist) for key, dist in cases.items()}
    assert got == {
        "expr": "Apache-2.0",
        "short": "BSD-3-Clause",
        "classifier": "MIT",
        "table": "MIT",
        "lgpl": "LGPL-3.0-only",
        "unknown": "?",
    }


def test_requirements_skip_extras(tmp_path: Path) -> None:
    dist = _dist(
        tmp_path,
        Name="x",
        Requires_Dist=[
            "httpx>=0.27",
            'pytest>=8; extra == "test"',
            "tzdata; sys_platform == 'win32'",
        ],
    )
    assert about._requirement_names(dist) == ["httpx", "tzdata"]


@pytest.mark.parametrize(
    ("platform_name", "families"),
    [("win32", ["Malgun Gothic", "Segoe UI"]), ("linux", []), ("darwin", [])],
)
def test_korean_font_preference(platform_name: str, families: list[str]) -> None:
    assert korean_font_families(platform_name) == families


def test_identity_names_the_desktop_entry(qapp: QApplication) -> None:
    identity.install_identity(qapp)
    assert qapp.desktopFileName() == identity.DESKTOP_ID
    root = Path(__file__).resolve().parents[2]
    assert (root / "packaging" / "linux" / f"{identity.DESKTOP_ID}.desktop").is_file()


def test_dialog_lists_version_folder_and_every_component(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(None, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert __version__ in dialog.version_label.text()
    table = dialog.table
    assert table.rowCount() == len(bundled_components())
    rows = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows["Qt"] == "LGPL-3.0-only"
    assert rows["Python"] == "PSF-2.0"
    folder = dialog.findChild(type(dialog.version_label), "dataFolderLabel")
    assert folder is not None and str(tmp_path) in folder.text()


def test_dialog_is_korean_with_the_korean_translations(qtbot, korean) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "SENS 콘솔 정보"
    assert dialog.version_label.text() == f"버전 {__version__}"
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["구성 요소", "버전", "라이선스"]


def test_help_menu_opens_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    action = install_about_menu(window, Path("/data"))
    assert action.menuRole() == action.MenuRole.AboutRole
    assert window.findChild(AboutDialog) is None
    action.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()

"""Packaging files that need no build: the icon set matches its script, the Linux
desktop entry and AppStream metadata are valid and agree with the app."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, ImageChops

from console import __version__
from console.ui.identity import DESKTOP_ID

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons" / "app"


def _make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "sens_make_icons", ROOT / "packaging" / "make_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_icon_files_are_what_the_script_draws() -> None:
    """The committed SVG and PNGs come from packaging/make_icons.py as it is now."""
    icons = _make_icons()
    assert (ICONS / "sens-console.svg").read_text(encoding="utf-8") == icons.svg()
    for size in (16, 48, 256):
        committed = Image.open(ICONS / f"sens-console-{size}.png").convert("RGBA")
        drawn = icons.render(size)
        assert committed.size == (size, size)
        assert ImageChops.difference(committed, drawn).getbbox() is None, size
    for size in icons.PNG_SIZES:
        assert (ICONS / f"sens-console-{size}.png").is_file()


def test_windows_and_macos_icons_hold_every_size() -> None:
    with Image.open(ICONS / "sens-console.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ICONS / "sens-console.icns") as icns:
        assert icns.size == (1024, 1024)
        assert {(16, 16, 2), (512, 512, 2)} <= set(icns.info["sizes"])


def test_svg_source_renders(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICONS / "sens-console.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == 256


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(LINUX / f"{DESKTOP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_starts_the_console_with_its_icon_in_korean() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "sens-console"  # install.sh rewrites it to the bundle's path
    assert entry["Icon"] == DESKTOP_ID
    assert entry["Name[ko]"] == "SENS 콘솔"
    assert entry["StartupWMClass"] == "sens-console"  # Qt's WM_CLASS: the app name
    # install.sh installs the icon under the entry's Icon name from these files.
    installer = (LINUX / "install.sh").read_text(encoding="utf-8")
    assert "sens-console-$size.png" in installer and "$id.png" in installer


def test_metainfo_matches_the_desktop_entry_and_version() -> None:
    root = ET.parse(LINUX / f"{DESKTOP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == DESKTOP_ID
    assert root.findtext("launchable") == f"{DESKTOP_ID}.desktop"
    assert root.findtext("project_license") == "MIT"
    releases = root.find("releases")
    assert releases is not None
    assert releases[0].get("version") == __version__, "add a <release> for the new version"


@pytest.mark.parametrize(
    ("tool", "args", "name"),
    [
        ("desktop-file-validate", [], f"{DESKTOP_ID}.desktop"),
        ("appstreamcli", ["validate", "--no-net"], f"{DESKTOP_ID}.metainfo.xml"),
    ],
)
def test_freedesktop_validators_accept_the_files(tool: str, args: list[str], name: str) -> None:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed")
    result = subprocess.run(
        [path, *args, str(LINUX / name)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr

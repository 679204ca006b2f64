"""The layering rule: nothing below ``console.ui`` imports Qt widgets or the UI."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import importlib, pkgutil, sys
import console
for pkg in ("console.domain", "console.providers", "console.services", "console.store"):
    module = importlib.import_module(pkg)
    for info in pkgutil.walk_packages(module.__path__, pkg + "."):
        importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m.startswith(("PySide6.QtWidgets", "console.ui")))
print(" ".join(bad))
"""


def test_core_layers_import_no_widgets() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"widget modules imported below the UI: {out}"


DOMAIN_SCRIPT = r"""
import importlib, pkgutil, sys
import console.domain as d
for info in pkgutil.walk_packages(d.__path__, "console.domain."):
    importlib.import_module(info.name)
ours = ("console.domain", "console.errors")
bad = sorted(
    m for m in sys.modules
    if m.startswith(("PySide6", "httpx", "sqlite3", "console.")) and not m.startswith(ours)
)
print(" ".join(bad))
"""


def test_domain_is_pure() -> None:
    out = subprocess.run(
        [sys.executable, "-c", DOMAIN_SCRIPT], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"domain imports outside itself: {out}"

"""Translation files: .qm compiled from the current .ts, no Korean missing, contexts right."""

from __future__ import annotations

import ast
import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

ROOT = Path(__file__).resolve().parents[2]


def _load_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("sens_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


i18n = _load_tool()


@pytest.mark.parametrize("pane", list(i18n.PANES))
def test_translations_are_complete_and_compiled(pane: str) -> None:
    """lupdate on today's sources adds nothing untranslated, and the .qm matches the .ts."""
    problems = i18n.check(pane)
    assert problems == [], (
        "\n".join(problems) + "\nFix: add Korean to the pane's JSON, run "
        ".venv/bin/python tools/i18n.py"
    )


def _class_names(paths: list[Path]) -> set[str]:
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names.add(node.name)
    return names


@pytest.mark.parametrize("pane", list(i18n.PANES))
def test_ts_contexts_are_classes_of_the_pane(pane: str) -> None:
    """Every context lupdate recorded is a class of the pane (self.tr at runtime uses the
    class name) or a literal translate() context used in its sources."""
    ts = i18n.ts_path(pane)
    if not ts.exists():
        pytest.skip(f"{pane} has no translatable strings yet")
    sources = i18n.pane_sources(pane)
    classes = _class_names(sources)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        assert (
            name in classes
            or f'translate(\n        "{name}"' in text
            or (f'translate("{name}"' in text)
        ), f"{ts.name}: context {name!r} is neither a class nor a translate() context"


def test_no_translated_class_is_subclassed() -> None:
    """PySide6's self.tr looks strings up under the *runtime* class name, lupdate under the
    class the call is written in: a subclass of a class that calls self.tr would show
    English. Fail early, naming both."""
    calls_tr: set[str] = set()
    bases: dict[str, set[str]] = {}
    for path in sorted((ROOT / "console" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases[node.name] = {
                b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
            }
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr == "tr"
                    and isinstance(inner.func.value, ast.Name)
                    and inner.func.value.id == "self"
                ):
                    calls_tr.add(node.name)
    offenders = sorted(
        f"{sub} subclasses {base}" for sub, bs in bases.items() for base in bs & calls_tr
    )
    assert offenders == [], offenders


def test_runtime_context_matches(qapp, korean) -> None:  # type: ignore[no-untyped-def]
    from console.ui.main_window import MainWindow

    assert QCoreApplication.translate("MainWindow", "Compose") == "메시지 작성"
    assert MainWindow.staticMetaObject.className() == "MainWindow"
    assert QCoreApplication.translate("SettingsPage", "Profiles") == "프로필"
    assert QCoreApplication.translate("ProfileDialog", "Test connection") == "연결 확인"
    assert QCoreApplication.translate("MessageBridge", "Unexpected error") == "예상하지 못한 오류"
    # Qt's own strings (standard buttons) come from qtbase_ko.qm.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "취소"


def test_tool_fills_from_json(tmp_path: Path) -> None:
    ts = tmp_path / "x_ko.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="ko">'
        "<context><name>A</name>"
        '<message><source>Save</source><translation type="unfinished"></translation></message>'
        '<message><source>Open</source><translation type="unfinished"></translation></message>'
        "</context><context><name>B</name>"
        '<message><source>Save</source><translation type="unfinished"></translation></message>'
        "</context></TS>",
        encoding="utf-8",
    )
    assert i18n.fill(ts, {"Save": "저장", "B|Save": "보관"}) == 2
    assert i18n.missing(ts) == [("A", "Open")]
    qm = tmp_path / "x_ko.qm"
    i18n.lrelease(ts, qm)
    assert qm.stat().st_size > 0

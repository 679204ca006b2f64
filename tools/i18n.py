#!/usr/bin/env python3
"""Update the Korean translations: lupdate per pane, fill from JSON, lrelease to .qm.

Usage (from the repository root, with the project venv)::

    .venv/bin/python tools/i18n.py              # all panes: update .ts, fill, build .qm
    .venv/bin/python tools/i18n.py compose      # only the compose pane
    .venv/bin/python tools/i18n.py --missing    # list untranslated strings as JSON to paste
    .venv/bin/python tools/i18n.py --check      # change nothing; exit 1 if anything is stale

How to add Korean translations (the quick way): put them in
``resources/translations/<pane>_ko.json``, a JSON object mapping an English source text to
its Korean translation. A key may be ``"Context|source"`` (context = the class whose
``self.tr`` produced it) to translate one class differently; a plain ``"source"`` key
applies to every context. Then run this tool. ``--missing`` prints exactly the strings
still untranslated, in that format, ready to paste and fill in. JSON entries win over
what the ``.ts`` holds; strings with no JSON entry keep the translation in the ``.ts``
(so editing the ``.ts`` with Qt Linguist works too). Placeholders such as ``%1`` must be
kept in the translation.

Panes and their sources (one ``<pane>_ko.ts``/``.qm`` each)::

    shell        console/app.py, console/session.py, console/ui/main_window.py,
                 console/ui/common/, console/ui/about.py, console/ui/identity.py
    settings     console/ui/settings/
    compose, recipients, history, reservations, unsubscribes   console/ui/<pane>/

Note: PySide6's ``self.tr`` uses the *runtime* class name as context. lupdate records the
class the call is written in. Call ``self.tr`` only in classes that are not subclassed by
other translated classes, or use ``QCoreApplication.translate("Context", ...)``.

The ``.ts`` files are written without source locations so that moving code does not
change them; the compiled ``.qm`` files are committed and a test checks they are current.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGE = "ko"

PANES: dict[str, tuple[str, ...]] = {
    "shell": (
        "console/app.py",
        "console/session.py",
        "console/ui/main_window.py",
        "console/ui/common",
        "console/ui/about.py",  # About dialog (packaging)
        "console/ui/identity.py",  # Help menu (packaging)
    ),
    "settings": ("console/ui/settings",),
    "compose": ("console/ui/compose",),
    "recipients": ("console/ui/recipients",),
    "history": ("console/ui/history",),
    "reservations": ("console/ui/reservations",),
    "unsubscribes": ("console/ui/unsubscribes",),
}


def _tool(name: str) -> str:
    """The PySide6 tool `name` from this interpreter's environment (or PATH)."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 into this environment")
    return found


def pane_sources(pane: str, root: Path = ROOT) -> list[Path]:
    """Every Python file of `pane`, sorted."""
    files: list[Path] = []
    for entry in PANES[pane]:
        path = root / entry
        if path.is_dir():
            files.extend(sorted(path.rglob("*.py")))
        elif path.exists():
            files.append(path)
    return files


def ts_path(pane: str, directory: Path = TRANSLATIONS) -> Path:
    return directory / f"{pane}_{LANGUAGE}.ts"


def qm_path(pane: str, directory: Path = TRANSLATIONS) -> Path:
    return directory / f"{pane}_{LANGUAGE}.qm"


def json_path(pane: str, directory: Path = TRANSLATIONS) -> Path:
    return directory / f"{pane}_{LANGUAGE}.json"


def lupdate(pane: str, ts: Path) -> None:
    """Run lupdate for `pane` into `ts` (existing translations are kept)."""
    sources = pane_sources(pane)
    if not sources:
        return
    ts.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            *[str(s) for s in sources],
            "-locations",
            "none",
            "-no-obsolete",
            "-source-language",
            "en",
            "-target-language",
            LANGUAGE,
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
        text=True,
    )


def load_mapping(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise SystemExit(f"{path}: expected a JSON object of strings")
    return data


def _messages(root: ET.Element) -> list[tuple[str, ET.Element]]:
    out: list[tuple[str, ET.Element]] = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message))
    return out


def fill(ts: Path, mapping: dict[str, str]) -> int:
    """Write translations from `mapping` into `ts`; returns how many were set."""
    if not ts.exists() or not mapping:
        return 0
    tree = ET.parse(ts)
    changed = 0
    for context, message in _messages(tree.getroot()):
        source = message.findtext("source") or ""
        korean = mapping.get(f"{context}|{source}", mapping.get(source))
        if korean is None:
            continue
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if translation.text != korean or translation.get("type") is not None:
            translation.text = korean
            translation.attrib.pop("type", None)
            changed += 1
    if changed:
        _write_ts(tree, ts)
    return changed


def _write_ts(tree: ET.ElementTree, ts: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def missing(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message in `ts` without a finished translation."""
    if not ts.exists():
        return []
    result = []
    for context, message in _messages(ET.parse(ts).getroot()):
        translation = message.find("translation")
        if (
            translation is None
            or not (translation.text or "").strip()
            or translation.get("type") in ("unfinished", "vanished", "obsolete")
        ):
            result.append((context, message.findtext("source") or ""))
    return result


def _content(ts: Path) -> list[tuple[str, str, str, str]]:
    """What matters in a .ts: (context, source, translation, state) per message."""
    out = []
    for context, message in _messages(ET.parse(ts).getroot()):
        translation = message.find("translation")
        text = translation.text or "" if translation is not None else ""
        state = translation.get("type", "") if translation is not None else "missing"
        out.append((context, message.findtext("source") or "", text, state))
    return sorted(out)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
        text=True,
    )


def update(pane: str) -> list[tuple[str, str]]:
    """lupdate, fill and lrelease one pane; returns what is still untranslated."""
    ts = ts_path(pane)
    lupdate(pane, ts)
    if not ts.exists():
        return []
    if fill(ts, load_mapping(json_path(pane))):
        lupdate(pane, ts)  # back to lupdate's own layout, so the next run changes nothing
    lrelease(ts, qm_path(pane))
    return missing(ts)


def check(pane: str) -> list[str]:
    """Problems of `pane` without changing anything: stale .ts/.qm, untranslated text."""
    problems: list[str] = []
    ts = ts_path(pane)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / ts.name
        if ts.exists():
            shutil.copy(ts, fresh)
        lupdate(pane, fresh)
        if not fresh.exists():
            return problems
        fill(fresh, load_mapping(json_path(pane)))
        if not ts.exists() or _content(fresh) != _content(ts):
            problems.append(f"{ts.name} is out of date: run tools/i18n.py")
        for context, source in missing(fresh):
            problems.append(f"{pane}: no Korean for {context}|{source!r}")
        if ts.exists():
            fresh_qm = Path(tmp) / "fresh.qm"
            lrelease(ts, fresh_qm)
            qm = qm_path(pane)
            if not qm.exists() or qm.read_bytes() != fresh_qm.read_bytes():
                problems.append(f"{qm.name} is stale: run tools/i18n.py")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("panes", nargs="*", help=f"some of {', '.join(PANES)} (default: all)")
    parser.add_argument("--check", action="store_true", help="report problems, change nothing")
    parser.add_argument("--missing", action="store_true", help="print untranslated as JSON")
    args = parser.parse_args(argv)
    panes = args.panes or list(PANES)
    unknown = [p for p in panes if p not in PANES]
    if unknown:
        parser.error(f"unknown pane(s): {', '.join(unknown)}")
    if args.check:
        problems = [p for pane in panes for p in check(pane)]
        print("\n".join(problems) or "translations are up to date")
        return 1 if problems else 0
    status = 0
    for pane in panes:
        left = update(pane)
        if args.missing and left:
            print(f"# {json_path(pane).relative_to(ROOT)}")
            template = {src: "" for _ctx, src in left}
            print(json.dumps(template, ensure_ascii=False, indent=2))
        elif left:
            print(f"{pane}: {len(left)} string(s) without Korean (use --missing to list)")
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())

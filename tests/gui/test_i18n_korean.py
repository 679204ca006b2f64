"""A Korean user sees no English: open every page and dialog in Korean and read every text.

Texts read: window titles, labels, buttons, group titles, tab texts, tooltips, placeholder
texts, combo items, list items, header labels of tables and trees, spin box prefixes/suffixes,
action texts. A word of two or more Latin letters fails the test unless it is listed in
ALLOWED below (keep that list short: names that Korean users read as they are).
"""

from __future__ import annotations

import re

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from console.context import AppContext
from console.secrets import SecretStore
from console.settings import Profile
from console.ui.main_window import PAGE_KEYS, MainWindow
from console.ui.settings.page import SettingsPage

ALLOWED = {
    # Product, service and message-type names, shown as they are in Korean UIs too.
    "SMS", "LMS", "MMS", "SENS", "API", "PLEX", "CJ",
    # Abbreviations Korean users read as they are (서비스 ID, URL, CSV 파일, 내 PC, 300KB).
    "ID", "URL", "CSV", "PC", "KB", "MB", "JPEG",
    # The language switch names each language in its own language.
    "English",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{2,}")
# Data, not prose: an NCP service ID (ncp:sms:kr:1234:...), a time zone name (Asia/Seoul).
DATA = re.compile(r"\bncp:[\w:.]*|\b[A-Z][a-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?")
TAG = re.compile(r"<[^>]+>")


def english_words(text: str) -> list[str]:
    text = re.sub(r"&#?\w+;", " ", TAG.sub(" ", text))  # rich text: tags, &nbsp;
    text = DATA.sub(" ", text.replace("&&", "").replace("&", ""))  # mnemonics: &Save
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def widget_texts(widget: QWidget) -> list[str]:
    """The user-visible texts that belong to `widget` itself."""
    texts = [widget.toolTip(), widget.statusTip(), widget.whatsThis(), widget.accessibleName()]
    if widget.isWindow():
        texts.append(widget.windowTitle())
    if isinstance(widget, QLabel):
        texts.append(widget.text())
    if isinstance(widget, QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QGroupBox):
        texts.append(widget.title())
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        texts.append(widget.placeholderText())
    if isinstance(widget, QComboBox):
        texts.append(widget.placeholderText())
        texts.extend(widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QListWidget):
        for i in range(widget.count()):
            item = widget.item(i)
            texts += [item.text(), item.toolTip()]
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            texts += [widget.tabText(i), widget.tabToolTip(i)]
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        texts += [widget.prefix(), widget.suffix()]
    if isinstance(widget, QAbstractSpinBox):
        texts.append(widget.specialValueText())
    if isinstance(widget, QHeaderView) and widget.model() is not None:
        model = widget.model()
        for section in range(widget.count()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(section, widget.orientation(), role)
                if isinstance(value, str) and not value.isdigit():
                    texts.append(value)
    for action in widget.actions():
        texts += [action.text(), action.toolTip()]
    return [t for t in texts if t]


def english_left(top: QWidget) -> list[str]:
    """'Class#name: text' for every visible text under `top` with English in it."""
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if widget is not top and not widget.isVisibleTo(top):
            continue
        for text in widget_texts(widget):
            words = english_words(text)
            if words:
                found.append(f"{type(widget).__name__}#{widget.objectName()}: {text!r} {words}")
    return found


def test_english_detector() -> None:
    assert english_words("SMS 90바이트, LMS 2,000바이트") == []
    assert english_words("발송 <b style='color:#000'>완료</b>&nbsp;·&#183;") == []
    assert english_words("&Save 저장") == ["Save"]
    assert english_words("서비스 ID: ncp:sms:kr:123:abc") == []
    assert english_words("시간대: Asia/Seoul, America/Argentina/Salta") == []
    assert english_words("Send now") == ["Send", "now"]


@pytest.mark.parametrize("keyring_available", [True, False], ids=["keyring", "no-keyring"])
def test_no_english_in_korean(qtbot, korean, app_context: AppContext, keyring_available) -> None:
    app_context.language = "ko"
    if not keyring_available:
        app_context.secrets = SecretStore(fail.Keyring())
    window = MainWindow.for_context(app_context)
    qtbot.addWidget(window)
    window.show()
    problems: list[str] = []
    for key in PAGE_KEYS:
        window.open_page(key)
        problems += [f"[{key}] {p}" for p in english_left(window)]

    settings_page = window.page("settings")
    assert isinstance(settings_page, SettingsPage)
    dialog = settings_page.add_profile()
    problems += [f"[add profile] {p}" for p in english_left(dialog)]
    dialog.save()  # empty: shows a field error in Korean
    assert dialog.error_label.text()
    problems += [f"[add profile, error] {p}" for p in english_left(dialog)]
    dialog.reject()

    saved = app_context.settings.save_profile(
        Profile(name="본사", service_id="ncp:sms:kr:1:x", access_key="AKIDEXAMPLE")
    )
    app_context.secrets.set(saved.id, "secret-value")
    app_context.set_active_profile(saved.id)
    settings_page.profile_list.setCurrentRow(0)
    problems += [f"[settings, profile] {p}" for p in english_left(window)]
    edit = settings_page.edit_profile()
    assert edit is not None
    problems += [f"[edit profile] {p}" for p in english_left(edit)]
    edit.reject()
    settings_page.remove_profile()
    assert settings_page.confirm_box is not None
    problems += [f"[remove?] {p}" for p in english_left(settings_page.confirm_box)]
    settings_page.confirm_box.button(QMessageBox.StandardButton.No).click()

    from console.ui.settings.secret_prompt import SecretPromptDialog

    prompt = SecretPromptDialog(app_context, saved, window)
    prompt.open()
    prompt.save()  # empty: explains in Korean
    problems += [f"[secret prompt] {p}" for p in english_left(prompt)]
    prompt.reject()

    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        window.messages.unexpected(RuntimeError, exc, exc.__traceback__)
    [box] = window.messages.open_dialogs()
    # The traceback under "details" is for the administrator and stays as it is.
    problems += [f"[unexpected] {p}" for p in english_left(box) if "RuntimeError" not in p]
    box.close()

    assert problems == [], "English left in the Korean interface:\n" + "\n".join(problems)

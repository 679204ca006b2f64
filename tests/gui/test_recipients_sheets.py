"""Choosing the sheet of a multi-sheet workbook in the Recipients import (real page/dialog)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PySide6.QtWidgets import QLabel

from console.services import importing as imp
from console.ui.recipients.mapping_dialog import MappingDialog, preview_rows
from console.ui.recipients.page import RecipientsPage
from tests.support import SHEET_LIST, RecordingNotifier, three_sheet_workbook, wait_until

LIST = [list(row) for row in SHEET_LIST]


def make_page(qtbot: Any, app_context: Any) -> tuple[RecipientsPage, RecordingNotifier]:
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    page = RecipientsPage(app_context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page, recorder


def combo_texts(dialog: MappingDialog) -> list[str]:
    return [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())]


async def open_dialog(page: RecipientsPage, path: Path) -> tuple[Any, MappingDialog]:
    task = page.import_path(path)
    await wait_until(lambda: page.mapping_dialog is not None and page.mapping_dialog.isVisible())
    dialog = page.mapping_dialog
    assert dialog is not None
    return task, dialog


async def choose_sheet(dialog: MappingDialog, name: str) -> None:
    """Pick `name` in the chooser as a user does, and wait for the worker's answer."""
    dialog.sheet_combo.setCurrentIndex(dialog.sheet_combo.findData(name))
    assert dialog.is_reading() and not dialog.ok_button.isEnabled()
    await wait_until(lambda: not dialog.is_reading())


def test_choose_the_list_sheet_and_import_it(
    qtbot: Any, qloop: Any, app_context: Any, tmp_path: Path
) -> None:
    page, recorder = make_page(qtbot, app_context)
    path = three_sheet_workbook(tmp_path / "송년회.xlsx")

    async def go() -> None:
        task, dialog = await open_dialog(page, path)
        # The first non-empty sheet is the cover: the chooser offers the others.
        assert dialog.sheet_combo.isVisibleTo(dialog)
        assert combo_texts(dialog) == ["표지", "빈 시트", "명단"]
        assert dialog.sheet_combo.currentText() == "표지"
        assert dialog.warning_label.isVisibleTo(dialog)
        assert "another sheet" in dialog.warning_label.text()
        assert "2 rows read" in dialog.source_label.text()

        await choose_sheet(dialog, "명단")
        assert dialog.table.sheet == "명단" and dialog.sheet_combo.currentText() == "명단"
        assert not dialog.warning_label.isVisibleTo(dialog)
        assert dialog.mapping() == imp.ColumnMapping(0, 1, True)
        assert preview_rows(dialog) == LIST[1:]
        assert "#{부서}" in dialog.variables_label.text()
        assert dialog.source_label.text() == "송년회.xlsx: 4 rows read."
        # The user keeps the department out of the names: no name column this time.
        dialog.name_combo.setCurrentIndex(0)
        dialog.ok_button.click()
        await task

        assert [r.phone.digits for r in page.model.rows()] == [
            "01023456789", "01034567890", "01045678901",
        ]  # fmt: skip
        assert page.model.variables == ["이름", "부서"]
        assert "3 recipients imported" in recorder.infos[-1] and not recorder.errors

        # Next time the same list sheet recalls the mapping chosen for its header layout.
        task, dialog = await open_dialog(page, path)
        await choose_sheet(dialog, "명단")
        assert dialog.mapping() == imp.ColumnMapping(0, None, True)
        dialog.reject()
        await task

    qloop.run_until_complete(go())


def test_an_empty_sheet_keeps_the_previous_preview(
    qtbot: Any, qloop: Any, app_context: Any, tmp_path: Path
) -> None:
    page, recorder = make_page(qtbot, app_context)
    path = three_sheet_workbook(tmp_path / "송년회.xlsx")

    async def go() -> None:
        task, dialog = await open_dialog(page, path)
        await choose_sheet(dialog, "명단")
        before = preview_rows(dialog)
        await choose_sheet(dialog, "빈 시트")
        # The message names the sheet; the list sheet stays chosen, shown and importable.
        assert dialog.warning_label.isVisibleTo(dialog)
        assert "The sheet '빈 시트' of '송년회.xlsx' is empty" in dialog.warning_label.text()
        assert dialog.sheet_combo.currentText() == "명단" and dialog.table.sheet == "명단"
        assert preview_rows(dialog) == before
        assert dialog.sheet_combo.isEnabled() and dialog.ok_button.isEnabled()
        dialog.ok_button.click()
        await task
        assert page.model.rowCount() == 3 and page.model.rows()[0].name == "김민준"
        assert not recorder.errors  # said in the dialog, not in a second message box

    qloop.run_until_complete(go())


def test_stop_reading_a_sheet_keeps_the_dialog(
    qtbot: Any, qloop: Any, app_context: Any, tmp_path: Path
) -> None:
    page, _recorder = make_page(qtbot, app_context)
    path = three_sheet_workbook(tmp_path / "송년회.xlsx")
    reading = threading.Event()

    def slow_sheet(sheet: str, progress: Any, cancel: threading.Event) -> Any:
        progress(1, 4)
        reading.set()
        cancel.wait(10)
        raise imp.ImportCancelled()

    async def go() -> None:
        task = page._start_import(
            lambda progress, cancel: imp.read_file(path, progress=progress, cancel=cancel),
            slow_sheet,
        )
        await wait_until(lambda: page.mapping_dialog is not None)
        dialog = page.mapping_dialog
        assert dialog is not None
        dialog.sheet_combo.setCurrentIndex(2)
        await wait_until(reading.is_set)
        await wait_until(lambda: dialog.sheet_progress.value() == 1)
        assert dialog.stop_button.isVisibleTo(dialog) and not dialog.sheet_combo.isEnabled()
        dialog.stop_button.click()
        await wait_until(lambda: not dialog.is_reading())
        assert dialog.sheet_combo.currentText() == "표지" and dialog.table.sheet == "표지"
        assert not dialog.stop_button.isVisibleTo(dialog) and dialog.sheet_combo.isEnabled()
        # Cancelling the dialog while another sheet is read stops that read too.
        reading.clear()
        dialog.sheet_combo.setCurrentIndex(2)
        await wait_until(reading.is_set)
        dialog.reject()
        await task
        await wait_until(lambda: "recipients-sheet" not in page.context.tasks._tasks)
        assert page.result is None and page.model.rowCount() == 0

    qloop.run_until_complete(go())


def test_single_sheet_and_pasted_text_have_no_chooser(
    qtbot: Any, qloop: Any, app_context: Any, tmp_path: Path
) -> None:
    page, _recorder = make_page(qtbot, app_context)
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    for row in LIST:
        sheet.append(row)
    path = tmp_path / "한장.xlsx"
    wb.save(path)

    async def go() -> None:
        task, dialog = await open_dialog(page, path)
        assert not dialog.sheet_combo.isVisibleTo(dialog)
        dialog.reject()
        await task
        task = page.import_text("010-2345-6789\n")
        await wait_until(lambda: page.mapping_dialog is not None)
        dialog = page.mapping_dialog
        assert dialog is not None and not dialog.sheet_combo.isVisibleTo(dialog)
        dialog.reject()
        await task

    qloop.run_until_complete(go())


def test_korean_chooser_marks_hidden_sheets(
    qtbot: Any, qloop: Any, korean: Any, app_context: Any, tmp_path: Path
) -> None:
    app_context.language = "ko"
    page, _recorder = make_page(qtbot, app_context)
    path = three_sheet_workbook(tmp_path / "송년회.xlsx", hidden_list=True)

    async def go() -> None:
        task, dialog = await open_dialog(page, path)
        assert combo_texts(dialog) == ["표지", "빈 시트", "명단 (숨김)"]
        assert "시트" in [label.text() for label in dialog.findChildren(QLabel)]
        assert dialog.stop_button.text() == "읽기 중지"
        assert "다른 시트" in dialog.warning_label.text()
        await choose_sheet(dialog, "명단")
        assert dialog.sheet_combo.currentText() == "명단 (숨김)"
        await choose_sheet(dialog, "빈 시트")
        assert "'빈 시트' 시트에 내용이 없습니다" in dialog.warning_label.text()
        dialog.grab().save(str(tmp_path / "sheet-chooser.png"))
        assert (tmp_path / "sheet-chooser.png").stat().st_size > 0
        dialog.reject()
        await task

    qloop.run_until_complete(go())

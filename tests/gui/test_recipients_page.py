"""The Recipients page driven through its real widgets (offscreen, qasync loop)."""

from __future__ import annotations

import csv
import io
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from console.domain.models import Recipient
from console.domain.phone import PhoneNumber
from console.services import importing as imp
from console.services.importing import InvalidRow, RecipientRow
from console.store import unsubscribes as optout_store
from console.ui.recipients.mapping_dialog import preview_rows
from console.ui.recipients.models import (
    DuplicateTableModel,
    ProblemTableModel,
    RecipientTableModel,
    RowRole,
    SearchProxy,
)
from console.ui.recipients.page import RecipientsPage
from tests.support import RecordingNavigator, RecordingNotifier, wait_until

HEADER = ["성명", "핸드폰", "동", "호수"]
ROWS = [
    ["김민준", "010-2345-6789", "101동", "1001호"],
    ["이서연", "1034567890", "102동", "1002호"],
    ["박지훈", "010 4567 8901", "103동", "1003호"],
    ["최예린", "010-2345-6789", "101동", ""],
    ["정도윤", "010-123-456", "104동", "1004호"],
    ["강하은", "없음", "105동", "1005호"],
]


def cp949_csv(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode("cp949"))
    return path


def make_page(
    qtbot: Any, app_context: Any
) -> tuple[RecipientsPage, RecordingNotifier, RecordingNavigator]:
    recorder, navigator = RecordingNotifier(), RecordingNavigator()
    app_context.notifier = recorder
    app_context.navigator = navigator
    page = RecipientsPage(app_context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page, recorder, navigator


async def import_through_dialog(page: RecipientsPage, start: Any, adjust: Any = None) -> Any:
    task = start()
    await wait_until(lambda: page.mapping_dialog is not None and page.mapping_dialog.isVisible())
    dialog = page.mapping_dialog
    assert dialog is not None
    if adjust is not None:
        adjust(dialog)
    dialog.ok_button.click()
    await task
    return dialog


def test_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    table = imp.read_text("\n".join(",".join(r) for r in [HEADER, *ROWS]))
    result = imp.build_recipients(table, imp.guess_mapping(table), opt_out={"01034567890"})
    recipients = RecipientTableModel()
    recipients.editor = lambda row, key, text: True
    recipients.set_rows(result.valid, result.columns)
    problems = ProblemTableModel(language="en")
    problems.fixer = lambda row, text: False
    problems.set_rows(result.invalid, result.columns)
    duplicates = DuplicateTableModel()
    duplicates.set_rows(result.duplicates, [])
    for model in (recipients, problems, duplicates, RecipientTableModel()):
        qtmodeltester.check(model)
        proxy = SearchProxy()
        proxy.setSourceModel(model)
        proxy.set_search("010-2345")
        qtmodeltester.check(proxy)
    assert recipients.index(0, 0).data() == "010-2345-6789"
    assert recipients.index(1, RecipientTableModel.COL_OPT_OUT).data() == "Opted out"
    assert recipients.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert recipients.headerData(4, Qt.Orientation.Horizontal) == "동"
    assert problems.index(0, ProblemTableModel.COL_REASON).data().startswith("The number has")
    assert duplicates.index(0, DuplicateTableModel.COL_KEPT).data() == "2"


def test_sorting_and_search_on_100000_rows(qtbot: Any) -> None:
    rows = [
        RecipientRow(PhoneNumber(f"010{i:08d}", "82", "mobile"), f"고객{i}", {"동": f"{i % 50}동"})
        for i in range(100_000)
    ]
    model = RecipientTableModel()
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    started = time.perf_counter()
    model.set_rows(rows, ["동"])
    proxy.sort(RecipientTableModel.COL_NUMBER, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data() == "010-0009-9999"
    proxy.set_search("0009-999")
    assert proxy.rowCount() == 11  # 01000099990..9 and 01000009999
    proxy.set_search("49동")
    assert proxy.rowCount() == 2000
    proxy.set_search("")
    assert proxy.rowCount() == 100_000
    assert time.perf_counter() - started < 20  # generous: the machine is shared


def test_import_cp949_csv_mapping_dialog_problems_and_save(
    qtbot: Any, qloop: Any, app_context: Any, tmp_path: Path
) -> None:
    optout_store.replace_all(
        app_context.db, app_context.profile.service_id,
        [imp_entry("01045678901")], imp_now(),
    )  # fmt: skip
    page, recorder, navigator = make_page(qtbot, app_context)
    path = cp949_csv(tmp_path / "입주민.csv", [HEADER, *ROWS])
    assert not page.compose_button.isEnabled() and not page.save_button.isEnabled()

    async def go() -> None:
        seen: dict[str, Any] = {}

        def check_dialog(dialog: Any) -> None:
            mapping = dialog.mapping()
            seen["guess"] = mapping
            seen["preview"] = preview_rows(dialog)
            seen["variables"] = dialog.variables_label.text()
            # The header toggle turns the title row into data, and back.
            dialog.header_check.setChecked(False)
            seen["rows_without_header"] = dialog.preview.rowCount()
            dialog.header_check.setChecked(True)
            assert dialog.mapping() == mapping

        await import_through_dialog(page, lambda: page.import_path(path), check_dialog)
        assert seen["guess"] == imp.ColumnMapping(phone_column=1, name_column=0, has_header=True)
        assert seen["preview"][0] == ROWS[0]
        assert "#{동}" in seen["variables"] and "#{호수}" in seen["variables"]
        assert seen["rows_without_header"] == len(ROWS) + 1

        assert page.model.rowCount() == 3
        assert [page.model.index(r, 0).data() for r in range(3)] == [
            "010-2345-6789", "010-3456-7890", "010-4567-8901",
        ]  # fmt: skip
        assert page.model.index(2, RecipientTableModel.COL_OPT_OUT).data() == "Opted out"
        assert page.problem_model.rowCount() == 2 and page.duplicate_model.rowCount() == 1
        assert page.summary_label.text() == (
            "3 recipients · 1 duplicates merged · 2 problems · 1 on the 080 opt-out list"
        )
        assert page.tabs.tabText(1) == "Problems (2)"
        assert "3 recipients imported" in recorder.infos[-1]
        assert page.title_label.text() == "Imported, not saved: 입주민.csv"

        # Fix a problem in place through the table's editor: it joins the recipients.
        page.tabs.setCurrentIndex(1)
        index = page.problem_proxy.index(0, ProblemTableModel.COL_NUMBER)
        assert index.data() == "010-123-456"
        page.problem_table.edit(index)
        editor = page.problem_table.findChild(QLineEdit)
        assert editor is not None
        editor.setText("010-1234-4567")
        QTest.keyClick(editor, Qt.Key.Key_Return)
        await wait_until(lambda: page.problem_model.rowCount() == 1)
        assert page.model.rowCount() == 4
        assert page.model.rows()[-1].name == "정도윤"
        # A still-invalid correction keeps the row where it is, with the new text and reason.
        bad = page.problem_proxy.index(0, ProblemTableModel.COL_NUMBER)
        assert not page.problem_proxy.setData(bad, "010-99")
        assert page.problem_proxy.index(0, ProblemTableModel.COL_NUMBER).data() == "010-99"
        assert page.problem_proxy.index(0, ProblemTableModel.COL_REASON).data() == (
            "The number is too short."
        )

        # Save as a list (problem rows kept with it).
        page.ask_name = lambda title, prompt, name="": "3월 관리비 안내"  # type: ignore[method-assign]
        page.save_button.click()
        assert page.current_list_id is not None and page.result is None
        info = page.lists.get(page.current_list_id)
        assert (info.name, info.count, info.problems) == ("3월 관리비 안내", 4, 1)
        assert page.title_label.text() == "List: 3월 관리비 안내"
        assert page.list_widget.count() == 1
        assert page.list_widget.item(0).text() == "3월 관리비 안내 (4)"

        # Edit in place on the saved list: name and number, re-validated and stored.
        name_index = page.proxy.index(0, RecipientTableModel.COL_NAME)
        assert page.proxy.setData(name_index, "김민준(대표)")
        number_index = page.proxy.index(0, RecipientTableModel.COL_NUMBER)
        assert not page.proxy.setData(number_index, "010-1")
        assert page.proxy.setData(number_index, "010-2345-0000")
        stored = page.lists.rows(page.current_list_id)
        assert (stored[0].phone, stored[0].name) == ("01023450000", "김민준(대표)")

        # Search, then hand the shown rows to Compose.
        page.search_edit.setText("103동")
        assert page.proxy.rowCount() == 1
        page.compose_button.click()
        [prefill] = navigator.prefills
        assert prefill["recipients"] == [
            Recipient(phone="01045678901", name="박지훈", fields={"동": "103동", "호수": "1003호"})
        ]

    qloop.run_until_complete(go())


def imp_entry(number: str) -> Any:
    from console.services.unsubscribes import OptOutEntry

    return OptOutEntry(number, imp_now(), "M")


def imp_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_saved_lists_create_rename_merge_delete_rows(
    qtbot: Any, qloop: Any, app_context: Any
) -> None:
    page, recorder, navigator = make_page(qtbot, app_context)
    a = page.create_list("거래처")
    assert a is not None and page.current_list_id == a
    assert page.add_row("010-1111-2222", "한빛상사")
    assert not page.add_row("010-1111-2222", "중복")  # already there
    assert not page.add_row("12", "짧음")
    assert len(recorder.errors) == 2
    assert page.model.rowCount() == 1
    b = page.create_list("고객")
    assert b is not None
    page.add_row("010-3333-4444", "고객1")
    page.add_row("010-1111-2222", "고객2")
    assert page.create_list("고객") is None  # the name is taken: shown, nothing changes
    assert "already exists" in str(recorder.errors[-1])

    assert page.rename_list(b, "고객 명단")
    page.list_search.setText("명단")
    assert page.list_widget.count() == 1
    page.list_search.clear()

    page.select_lists([a, b])
    assert page.merge_button.isEnabled() and not page.rename_button.isEnabled()
    page.ask_name = lambda title, prompt, name="": "전체"  # type: ignore[method-assign]
    page.merge_button.click()
    merged = page.current_list_id
    assert merged is not None and page.lists.get(merged).count == 2

    # Remove a row from the merged list through the selection (Delete key), confirmed.
    asked: list[str] = []
    answer = [False]
    page.confirm = lambda title, text: asked.append(text) or answer[0]  # type: ignore[method-assign]
    page.table.selectRow(0)
    assert page.remove_button.isEnabled()
    page.remove_button.click()
    assert page.lists.get(merged).count == 2 and "010-1111-2222" in asked[-1]
    answer[0] = True
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.lists.get(merged).count == 1

    # Delete two lists after a confirmation naming them.
    asked.clear()
    page.select_lists([a, merged])
    page.delete_list_button.click()
    assert "거래처" in asked[0] and "전체" in asked[0]
    assert [i.name for i in page.lists.lists()] == ["고객 명단"]
    assert page.current_list_id is None and page.title_label.text() == "No list open"

    # A selection goes to Compose on its own.
    page.open_list(b)
    page.table.selectRow(1)
    page.send_to_compose()
    assert [r.phone for r in navigator.prefills[-1]["recipients"]] == [
        page.model.rows()[1].phone.digits
    ]


def test_problems_of_a_saved_list_are_fixed_and_exported(
    qtbot: Any, qloop: Any, app_context: Any, tmp_path: Path
) -> None:
    page, _recorder, _nav = make_page(qtbot, app_context)
    table = imp.read_text("\n".join(",".join(r) for r in [HEADER, *ROWS]), "x.csv")
    page.show_import(imp.build_recipients(table, imp.guess_mapping(table)))
    list_id = page.save_as_list("문제 있는 목록")
    assert list_id is not None and page.problem_model.rowCount() == 2

    async def go() -> None:
        out = tmp_path / "problems.xlsx"
        await page.export_to(out, problems=True)
        again = imp.read_file(out)
        assert again.rows[0] == ["Number", "Name", "동", "호수", "Problem"]
        assert again.rows[1][:2] == ["010-123-456", "정도윤"]

    qloop.run_until_complete(go())
    row: InvalidRow = page.problem_proxy.index(0, 0).data(RowRole)
    assert page.fix_problem(row, "010-5555-6666")
    info = page.lists.get(list_id)
    assert (info.count, info.problems) == (4, 1)
    assert page.model.rowCount() == 4 and page.problem_model.rowCount() == 1


def test_cancel_while_reading_and_in_the_dialog(qtbot: Any, qloop: Any, app_context: Any) -> None:
    page, recorder, _nav = make_page(qtbot, app_context)
    reading = threading.Event()

    def slow_reader(progress: Any, cancel: threading.Event) -> Any:
        progress(1, 4)
        reading.set()
        cancel.wait(10)
        raise imp.ImportCancelled()

    async def go() -> None:
        task = page._start_import(slow_reader)
        await wait_until(reading.is_set)
        await wait_until(lambda: page.progress.value() == 1)
        assert page.progress.isVisible() and page.cancel_button.isVisible()
        assert not page.import_button.isEnabled()
        page.cancel_button.click()
        await task
        assert not page.progress.isVisible() and page.import_button.isEnabled()
        assert recorder.infos[-1] == "Import cancelled."
        # Cancel from the mapping dialog: nothing is shown or saved.
        task = page.import_text("010-1234-5678\n010-2345-6789\n")
        await wait_until(lambda: page.mapping_dialog is not None)
        page.cancel_button.click()
        await task
        assert page.result is None and page.model.rowCount() == 0

    qloop.run_until_complete(go())


def test_bad_files_leave_what_is_shown(
    qtbot: Any, qloop: Any, app_context: Any, tmp_path: Path
) -> None:
    page, recorder, _nav = make_page(qtbot, app_context)
    list_id = page.create_list("보관")
    page.add_row("010-1111-2222")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")

    async def go() -> None:
        for path in (binary, empty):
            await page.import_path(path)
        # No phone-like column: the dialog opens with the explanation to pick one by hand.
        task = page.import_text("이름\t메모\n김민준\t안녕\n")
        await wait_until(lambda: page.mapping_dialog is not None)
        dialog = page.mapping_dialog
        assert dialog is not None and dialog.warning_label.isVisibleTo(dialog)
        assert "phone" in dialog.warning_label.text()
        dialog.reject()
        await task

    qloop.run_until_complete(go())
    assert [type(e).__name__ for e in recorder.errors] == ["NotATextFileError", "EmptyFileError"]
    assert page.current_list_id == list_id and page.model.rowCount() == 1
    assert [(i.name, i.count) for i in page.lists.lists()] == [("보관", 1)]


def test_paste_and_drop(qtbot: Any, qloop: Any, app_context: Any, tmp_path: Path) -> None:
    page, _recorder, _nav = make_page(qtbot, app_context)
    QGuiApplication.clipboard().setText("이름\t휴대폰\r\n김민준\t010-2345-6789\r\n")

    async def go() -> None:
        await import_through_dialog(page, page.import_clipboard)
        assert page.title_label.text() == "Imported, not saved: pasted cells"
        assert page.model.rows()[0].name == "김민준"
        path = cp949_csv(tmp_path / "drop.csv", [HEADER, *ROWS])
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(
            QPoint(10, 10), Qt.DropAction.CopyAction, mime,
            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        await import_through_dialog(page, lambda: (page.dropEvent(event), page_task(page))[1])
        assert page.model.rowCount() == 3

    qloop.run_until_complete(go())
    QGuiApplication.clipboard().clear()


def page_task(page: RecipientsPage) -> Any:
    return page.context.tasks._tasks["recipients-import"]


def test_headerless_columns_are_named_in_the_users_language(
    qtbot: Any, qloop: Any, app_context: Any
) -> None:
    app_context.language = "ko"
    page, _recorder, _nav = make_page(qtbot, app_context)

    async def go() -> None:
        await import_through_dialog(page, lambda: page.import_text("김민준,010-2345-6789,3동\n"))

    qloop.run_until_complete(go())
    assert page.model.variables == ["열3"]
    assert page.model.rows()[0].fields == {"열3": "3동"}


def test_page_with_100000_rows_scrolls_and_searches(qtbot: Any, app_context: Any) -> None:
    page, _recorder, _nav = make_page(qtbot, app_context)
    lines = ["이름,휴대폰,동"] + [f"고객{i},010-{2000 + i // 10000}-{i % 10000:04d},{i % 50}동"
                                  for i in range(100_000)]  # fmt: skip
    table = imp.read_text("\n".join(lines), "big.csv")
    result = imp.build_recipients(table, imp.guess_mapping(table))
    started = time.perf_counter()
    page.show_import(result)
    assert page.model.rowCount() == 100_000
    page.table.scrollToBottom()
    page.table.viewport().grab()
    last = page.proxy.index(page.proxy.rowCount() - 1, 0)
    assert page.table.visualRect(last).isValid()
    page.search_edit.setText("2009-9999")
    assert page.proxy.rowCount() == 1
    page.search_edit.setText("")
    page.table.sortByColumn(RecipientTableModel.COL_NAME, Qt.SortOrder.DescendingOrder)
    assert page.proxy.index(0, RecipientTableModel.COL_NAME).data() == "고객99999"
    assert time.perf_counter() - started < 30  # generous: the machine is shared


def test_empty_page_names_its_tabs(qtbot: Any, app_context: Any) -> None:
    page, _recorder, _navigator = make_page(qtbot, app_context)
    assert [page.tabs.tabText(i) for i in range(3)] == [
        "Recipients (0)",
        "Problems (0)",
        "Merged duplicates (0)",
    ]

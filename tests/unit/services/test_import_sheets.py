"""Reading a chosen sheet of a multi-sheet workbook (the mapping dialog's sheet chooser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from console.services import importing as imp
from console.services.importing import guess_mapping, read_file
from tests.support import SHEET_LIST, three_sheet_workbook


def test_a_named_sheet_is_read_and_all_names_are_known(tmp_path: Path) -> None:
    path = three_sheet_workbook(tmp_path / "초대.xlsx")
    first = read_file(path)
    assert first.sheet == "표지"
    assert first.sheet_names == ("표지", "빈 시트", "명단") and first.hidden_sheets == ()
    seen: list[tuple[int, int]] = []
    chosen = read_file(path, sheet="명단", progress=lambda d, t: seen.append((d, t)))
    assert chosen.sheet == "명단" and chosen.sheet_names == first.sheet_names
    assert chosen.rows == [list(row) for row in SHEET_LIST]
    assert seen[-1] == (4, 4)
    assert guess_mapping(chosen) == imp.ColumnMapping(0, 1, True)


def test_an_empty_chosen_sheet_says_which_sheet(tmp_path: Path) -> None:
    path = three_sheet_workbook(tmp_path / "초대.xlsx")
    with pytest.raises(imp.EmptySheetError) as caught:
        read_file(path, sheet="빈 시트")
    assert isinstance(caught.value, imp.EmptyFileError)  # callers catching the old type
    assert "'빈 시트'" in caught.value.message("en") and "is empty" in caught.value.message("en")
    assert "'빈 시트' 시트에 내용이 없습니다" in caught.value.message("ko")


def test_an_unknown_sheet_is_unreadable(tmp_path: Path) -> None:
    path = three_sheet_workbook(tmp_path / "초대.xlsx")
    with pytest.raises(imp.UnreadableWorkbookError) as caught:
        read_file(path, sheet="없는 시트")
    assert "없는 시트" in caught.value.message("en")


def test_hidden_sheets_are_named_and_read_only_when_chosen(tmp_path: Path) -> None:
    path = three_sheet_workbook(tmp_path / "초대.xlsx", hidden_list=True)
    first = read_file(path)
    assert first.sheet == "표지" and first.hidden_sheets == ("명단",)
    assert read_file(path, sheet="명단").rows[1] == list(SHEET_LIST[1])


def test_a_single_sheet_workbook_keeps_the_file_message(tmp_path: Path) -> None:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "Sheet1"
    path = tmp_path / "빈.xlsx"
    wb.save(path)
    with pytest.raises(imp.EmptyFileError) as caught:
        read_file(path, sheet="Sheet1")
    assert type(caught.value) is imp.EmptyFileError

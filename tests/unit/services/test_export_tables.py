"""console.services.exporting: rows + headers -> .xlsx / .csv that Korean Excel opens right."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from console.services.exporting import ExportError, export_table

HEADERS = ["전화번호", "이름", "메모", "건수", "발송일"]
ROWS = [
    ["01012345678", "김민준", "=SUM(A1:A2)", 3, dt.datetime(2026, 1, 2, 9, 30)],
    ["010-2345-6789", "똠방각하", "줄\n바꿈, 쉼표", 2.5, dt.date(2026, 1, 3)],
    ["02-123-4567", "제어\x07문자", None, True, None],
]


def test_xlsx_keeps_text_as_text(tmp_path: Path) -> None:
    path = export_table(tmp_path / "out.xlsx", HEADERS, ROWS, sheet_title="고객/명단:1월")
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None and ws.title == "고객명단1월"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == HEADERS
    assert values[1][:4] == ["01012345678", "김민준", "=SUM(A1:A2)", 3]
    assert ws["C2"].data_type == "s"  # not a formula
    assert values[1][4] == dt.datetime(2026, 1, 2, 9, 30)
    assert values[2][1:4] == ["똠방각하", "줄\n바꿈, 쉼표", 2.5]
    assert values[3][:2] == ["02-123-4567", "제어문자"]
    assert not list(tmp_path.glob(".export-*"))


def test_csv_is_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    path = export_table(tmp_path / "out.csv", HEADERS, ROWS)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    assert rows[1] == ["01012345678", "김민준", "=SUM(A1:A2)", "3", "2026-01-02 09:30:00"]
    assert rows[2] == ["010-2345-6789", "똠방각하", "줄\n바꿈, 쉼표", "2.5", "2026-01-03"]
    assert rows[3][3:] == ["True", ""]


def test_large_export_streams(tmp_path: Path) -> None:
    rows = ([f"010{i:08d}", f"고객{i}"] for i in range(20_000))
    path = export_table(tmp_path / "big.xlsx", ["전화번호", "이름"], rows)
    import python_calamine as pc

    with pc.CalamineWorkbook.from_path(str(path)) as wb:
        rows_read = wb.get_sheet_by_index(0).to_python()
    assert len(rows_read) == 20_001 and rows_read[-1] == ["01000019999", "고객19999"]


def test_unknown_suffix_and_unwritable_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as info:
        export_table(tmp_path / "out.pdf", HEADERS, ROWS)
    assert ".xlsx" in info.value.message("ko")
    target = tmp_path / "exists.csv"
    target.write_text("old")
    target_dir = tmp_path / "dir.csv"
    target_dir.mkdir()
    with pytest.raises(ExportError):
        export_table(target_dir, HEADERS, ROWS)  # a folder is in the way
    assert target.read_text() == "old"
    assert not list(tmp_path.glob(".export-*"))

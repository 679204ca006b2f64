"""Write a table (headers + rows) to .xlsx or .csv, the way Korean Excel users expect.

Generic on purpose: recipient lists, problem rows and delivery history all export
through :func:`export_table`.

- CSV is UTF-8 *with* BOM and CRLF line ends, so that Excel on Korean Windows opens it
  with the Hangul intact (without the BOM it guesses CP949 and shows mojibake).
- XLSX is written with openpyxl's streaming writer; text that starts with "=" is kept as
  text (not turned into a formula), phone numbers stay text (no lost leading zero), and
  characters that the XLSX format cannot hold are dropped instead of failing the export.
- Files are written to a temporary name and renamed, so a failed export never leaves a
  half-written file where the user expects the old one.
"""

from __future__ import annotations

import csv
import datetime as _dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from console.errors import ConsoleError

Cell = str | int | float | bool | _dt.date | _dt.datetime | None

FORMATS = (".xlsx", ".csv")


class ExportError(ConsoleError):
    """The file could not be written."""


def export_table(
    path: Path | str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet_title: str = "Sheet1",
) -> Path:
    """Write `headers` and `rows` to `path`; the format follows the suffix (.xlsx or .csv)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(
            f"Cannot export to '{path.name}': choose a file ending in .xlsx or .csv.",
            f"'{path.name}'(으)로 내보낼 수 없습니다. 파일 이름을 .xlsx 또는 .csv로 끝내 주세요.",
        )
    fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=suffix, dir=path.parent or None)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if suffix == ".csv":
            write_csv(tmp, headers, rows)
        else:
            write_xlsx(tmp, headers, rows, sheet_title=sheet_title)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(
            f"Could not write '{path.name}': {exc.strerror or exc}. Close the file if it is "
            "open in Excel, or choose another folder.",
            f"'{path.name}' 파일을 저장하지 못했습니다: {exc.strerror or exc}. 엑셀에서 열려 "
            "있다면 닫거나 다른 폴더를 선택해 주세요.",
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """UTF-8 with BOM, comma-separated, CRLF: what Excel opens correctly in Korea."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows([_csv_cell(v) for v in row] for row in rows)


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet_title: str = "Sheet1",
) -> None:
    """Stream the rows into a one-sheet workbook (text stays text)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(sheet_title))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", str(h)))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        out: list[object] = []
        for value in row:
            if isinstance(value, str):
                if ILLEGAL_CHARACTERS_RE.search(value):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if value.startswith("="):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.data_type = "s"
                    out.append(cell)
                    continue
            elif isinstance(value, _dt.datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)
            out.append(value)
        ws.append(out)
    wb.save(path)


def _sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\").strip() or "Sheet1"
    return cleaned[:31]

"""Regenerate the sample recipient files in this folder (demo mode and importer tests).

    .venv/bin/python resources/samples/make_samples.py

Writes recipients_sample.{xlsx,csv (CP949),ods}. With the optional writers on the path
(``pip install --target /tmp/tools xlwt msoffcrypto-tool`` then ``PYTHONPATH=/tmp/tools``)
it also writes recipients_sample.xls (Excel 97-2003) and password_protected.xlsx
(password "1234"), which are committed because the app itself does not depend on them.

The list has the things real office lists have: hyphenated and bare numbers, a number Excel
stored as a float, a duplicate, a landline, a representative number, two invalid rows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

HEADER = ["이름", "휴대폰", "회사", "부서"]
ROWS: list[list[object]] = [
    ["김민준", "010-2345-6789", "한빛상사", "총무팀"],
    ["이서연", "01034567890", "한빛상사", "영업팀"],
    ["박지훈", 1045678901.0, "대한물산", "회계팀"],
    ["최예린", "010 5678 9012", "대한물산", "인사팀"],
    ["정도윤", "+82 10-6789-0123", "새봄유통", "물류팀"],
    ["강하은", "010-2345-6789", "한빛상사", "총무팀"],  # duplicate of 김민준
    ["조현우", "02-123-4567", "서울지점", "민원실"],
    ["윤지아", "1588-1234", "고객센터", "대표번호"],
    ["장서준", "010-123-456", "새봄유통", "영업팀"],  # too short
    ["임수아", "없음", "새봄유통", "영업팀"],  # no number
    ["한지호", "'01078901234", "대한물산", "기획팀"],
    ["오유진", "010.8901.2345", "한빛상사", "개발팀"],
]


def _text_rows() -> list[list[str]]:
    return [[str(int(v)) if isinstance(v, float) else str(v) for v in row] for row in ROWS]


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "수신자"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    wb.save(path)


def write_csv_cp949(path: Path) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER, *_text_rows()])
    path.write_bytes(buf.getvalue().encode("cp949"))


def write_ods(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """A minimal OpenDocument spreadsheet (no library writes .ods in our environment)."""

    def cell(v: object) -> str:
        if isinstance(v, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{v}">'
                f"<text:p>{v}</text:p></table:table-cell>"
            )
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p>'
            "</table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
        for row in [header, *rows]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="수신자">'
        + body
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def write_xls(path: Path) -> bool:
    try:
        import xlwt  # type: ignore[import-not-found]
    except ImportError:
        return False
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("수신자")
    for c, h in enumerate(HEADER):
        sheet.write(0, c, h)
    for r, row in enumerate(ROWS, start=1):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.save(str(path))
    return True


def write_encrypted(path: Path, source: Path) -> bool:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-not-found]
    except ImportError:
        return False

    with source.open("rb") as plain, path.open("wb") as out:
        OOXMLFile(plain).encrypt("1234", out)
    return True


def main() -> None:
    write_xlsx(HERE / "recipients_sample.xlsx")
    write_csv_cp949(HERE / "recipients_sample.csv")
    write_ods(HERE / "recipients_sample.ods", HEADER, ROWS)
    wrote = ["xlsx", "csv", "ods"]
    if write_xls(HERE / "recipients_sample.xls"):
        wrote.append("xls")
    if write_encrypted(HERE / "password_protected.xlsx", HERE / "recipients_sample.xlsx"):
        wrote.append("password_protected.xlsx")
    print("wrote:", ", ".join(wrote))


if __name__ == "__main__":
    main()

"""console.services.importing on generated files of every kind office staff bring."""

from __future__ import annotations

import csv
import io
import shutil
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from console.domain.phone import PhoneNumber, normalize
from console.services import importing as imp
from console.services.importing import (
    ColumnMapping,
    RecipientRow,
    build_recipients,
    guess_mapping,
    import_file,
    read_file,
    read_text,
)
from console.store.database import Database
from console.store.recipients import RecipientStore

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"

HEADER = ["이름", "휴대폰", "회사"]
ROWS = [
    ["김민준", "010-2345-6789", "한빛상사"],
    ["이서연", "01034567890", "대한물산"],
    ["박지훈", "010 4567 8901", "새봄유통"],
    ["최예린", "010-2345-6789", "한빛상사"],  # duplicate of row 2 (file row numbers)
    ["정도윤", "010-123-456", "한빛상사"],  # invalid
]


def write_csv(
    path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",", bom: bytes = b""
) -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(bom + buf.getvalue().encode(encoding))
    return path


def check_standard(result: imp.ImportResult) -> None:
    assert [r.phone.digits for r in result.valid] == ["01023456789", "01034567890", "01045678901"]
    assert [r.name for r in result.valid] == ["김민준", "이서연", "박지훈"]
    assert result.valid[0].fields == {"회사": "한빛상사"}
    assert result.columns == ["회사"]
    assert [(d.source_row, d.kept_row, d.name) for d in result.duplicates] == [(5, 2, "최예린")]
    assert result.valid[0].merged_rows == 1
    assert [(r.source_row, r.raw_phone, r.code) for r in result.invalid] == [
        (6, "010-123-456", "bad_length")
    ]
    assert result.accounted() == result.total_rows == 5


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("cp949", b"", "cp949"),
        ("euc-kr", b"", "cp949"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
    ],
)
def test_csv_encodings(tmp_path: Path, encoding: str, bom: bytes, expected: str) -> None:
    path = write_csv(tmp_path / "list.csv", [HEADER, *ROWS], encoding, bom=bom)
    table = read_file(path)
    assert table.encoding == expected
    assert table.rows[0] == HEADER
    check_standard(build_recipients(table, guess_mapping(table)))


def test_cp949_only_characters(tmp_path: Path) -> None:
    """'똠' and friends exist in CP949 but not in strict EUC-KR: still read correctly."""
    rows = [HEADER, ["똠방각하", "010-2345-6789", "뷁회사"]]
    table = read_file(write_csv(tmp_path / "x.csv", rows, "cp949"))
    result = build_recipients(table, guess_mapping(table))
    assert (result.valid[0].name, result.valid[0].fields["회사"]) == ("똠방각하", "뷁회사")


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    rows = [HEADER, *ROWS, ["홍길동", "010-9999-0000", f"회사{delimiter}지점"]]
    table = read_file(write_csv(tmp_path / "list.txt", rows, "utf-8", delimiter))
    assert table.delimiter == delimiter
    result = build_recipients(table, guess_mapping(table))
    assert result.valid[-1].fields == {"회사": f"회사{delimiter}지점"}  # quoted cell kept whole


def test_file_without_header(tmp_path: Path) -> None:
    table = read_file(write_csv(tmp_path / "bare.csv", ROWS, "cp949"))
    mapping = guess_mapping(table)
    assert mapping == ColumnMapping(phone_column=1, name_column=0, has_header=False)
    result = build_recipients(table, mapping)
    assert result.columns == ["col3"]
    assert result.valid[0].fields == {"col3": "한빛상사"}
    assert result.valid[0].source_row == 1
    assert result.accounted() == 5


def test_header_toggle_turns_first_row_into_data(tmp_path: Path) -> None:
    rows = [["김민준", "010-2345-6789"], ["이서연", "010-3456-7890"]]
    table = read_file(write_csv(tmp_path / "two.csv", rows, "utf-8"))
    assert guess_mapping(table).has_header is False
    as_header = build_recipients(table, ColumnMapping(1, 0, has_header=True))
    assert [r.name for r in as_header.valid] == ["이서연"]
    assert as_header.phone_header == "010-2345-6789"


@pytest.mark.parametrize(
    "header", ["전화번호", "핸드폰 번호", "휴대전화", "연락처", "Phone", "Mobile", "HP", "tel"]
)
def test_phone_header_names(tmp_path: Path, header: str) -> None:
    # A member number column that also looks numeric must not win over a named phone column.
    rows = [
        ["회원번호", header, "성명"],
        ["20240001", "", "김민준"],
        ["20240002", "010-3456-7890", "이서연"],
    ]
    table = read_file(write_csv(tmp_path / "h.csv", rows, "utf-8"))
    assert guess_mapping(table) == ColumnMapping(phone_column=1, name_column=2, has_header=True)


def test_phone_column_guessed_from_content(tmp_path: Path) -> None:
    rows = [["고객", "비고", "값"]] + [[f"고객{i}", "메모", f"010-2000-{i:04d}"] for i in range(20)]
    table = read_file(write_csv(tmp_path / "c.csv", rows, "utf-8"))
    mapping = guess_mapping(table)
    assert mapping.phone_column == 2 and mapping.has_header


def test_name_column_guessed_from_content(tmp_path: Path) -> None:
    rows = [
        ["a", "b", "c"],
        *[["x1", "010-2000-0001", "김민준"], ["x2", "010-2000-0002", "이서연"]],
    ]
    table = read_file(write_csv(tmp_path / "n.csv", rows, "utf-8"))
    assert guess_mapping(table).name_column == 2


def test_clipboard_text_from_excel() -> None:
    text = (
        "이름\t휴대폰\t회사\r\n"
        "김민준\t010-2345-6789\t한빛상사\r\n"
        '이서연\t1034567890\t"대한\r\n물산"\r\n'
    )
    table = read_text(text)
    assert table.source == "clipboard" and table.delimiter == "\t"
    result = build_recipients(table, guess_mapping(table))
    assert [r.phone.digits for r in result.valid] == ["01023456789", "01034567890"]
    assert result.valid[1].fields["회사"] == "대한\r\n물산"


def test_single_column_paste() -> None:
    table = read_text("010-2345-6789\n010-3456-7890\n")
    result = build_recipients(table, guess_mapping(table))
    assert len(result.valid) == 2 and result.columns == []


def xlsx(path: Path, rows: list[list[object]], *, blank_sheet_first: bool = False) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    if blank_sheet_first:
        ws.title = "빈 시트"
        ws = wb.create_sheet("명단")
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_openpyxl_xlsx_with_float_numbers_and_leading_blank_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [None, None, None],
        [None, None, None],
        HEADER,
        ["김민준", 1023456789, "한빛상사"],  # Excel dropped the leading zero
        ["이서연", 1034567890.0, None],
        ["박지훈", "'010-4567-8901", 3],
    ]
    path = xlsx(tmp_path / "list.xlsx", rows, blank_sheet_first=True)
    table = read_file(path)
    assert table.sheet == "명단" and table.sheet_names == ("빈 시트", "명단")
    assert table.first_row_number == 3
    result = build_recipients(table, guess_mapping(table))
    assert [r.phone.digits for r in result.valid] == ["01023456789", "01034567890", "01045678901"]
    assert [r.source_row for r in result.valid] == [4, 5, 6]
    assert result.valid[1].fields == {"회사": ""}
    assert result.valid[2].fields == {"회사": "3"}


def test_xlsx_renamed_csv_is_read_as_workbook(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "list.xlsx", [HEADER, *ROWS])
    renamed = tmp_path / "renamed.csv"
    shutil.copy(path, renamed)
    check_standard(import_file(renamed))


@pytest.mark.parametrize(
    "name",
    ["recipients_sample.xlsx", "recipients_sample.xls", "recipients_sample.ods",
     "recipients_sample.csv"],
)  # fmt: skip
def test_sample_files_of_every_format_agree(name: str) -> None:
    result = import_file(SAMPLES / name)
    assert len(result.valid) == 9
    assert [r.code for r in result.invalid] == ["bad_length", "not_a_number"]
    assert [(d.source_row, d.kept_row) for d in result.duplicates] == [(7, 2)]
    assert result.valid[2].phone.digits == "01045678901"  # stored as a float in the workbooks
    assert {r.phone.kind for r in result.valid} == {"mobile", "landline", "representative"}
    assert result.columns == ["회사", "부서"]


def test_duplicates_are_merged_filling_gaps() -> None:
    text = (
        "이름,전화,메모\n,010-2345-6789,\n김민준,010 2345 6789,VIP\n박지훈,01023456789,다른 메모\n"
    )
    result = build_recipients(table := read_text(text), guess_mapping(table))
    assert len(result.valid) == 1
    kept = result.valid[0]
    assert (kept.name, kept.fields, kept.merged_rows) == ("김민준", {"메모": "VIP"}, 2)
    assert [d.raw_phone for d in result.duplicates] == ["010 2345 6789", "01023456789"]


def test_duplicates_with_nothing_to_fill_leave_the_kept_row_as_it_was() -> None:
    text = (
        "이름,전화,메모\n김민준,010-2345-6789,VIP\n이서연,010 2345 6789,\n,01023456789,다른\n"
        "박지훈,02-123-4567,\n"
    )
    result = build_recipients(table := read_text(text), guess_mapping(table))
    kept = result.valid[0]
    assert (kept.name, kept.fields, kept.merged_rows) == ("김민준", {"메모": "VIP"}, 2)
    assert [(d.name, d.fields, d.kept_row) for d in result.duplicates] == [
        ("이서연", {"메모": ""}, 2),
        ("", {"메모": "다른"}, 2),
    ]
    assert all(d.phone == kept.phone == normalize("010-2345-6789") for d in result.duplicates)


def test_imported_rows_behave_like_constructed_rows() -> None:
    """Rows of an import make phone, name and fields on first use: nothing else differs."""
    text = "이름,휴대폰,동,메모\n 김민준 ,010-2345-6789,3동,VIP\n이서연,02-123-4567,,\n"
    result = build_recipients(table := read_text(text), guess_mapping(table))
    made = [
        RecipientRow(normalize("010-2345-6789"), "김민준", {"동": "3동", "메모": "VIP"}, 2),
        RecipientRow(normalize("02-123-4567"), "이서연", {"동": "", "메모": ""}, 3),
    ]
    assert result.valid == made and repr(result.valid) == repr(made)
    assert [r.to_domain() for r in build_recipients(table, guess_mapping(table)).valid] == [
        r.to_domain() for r in made
    ]
    first, second = build_recipients(table, guess_mapping(table)).valid
    assert type(first.phone) is PhoneNumber and first.phone.display == "010-2345-6789"
    first.name = "김민수"  # setting one lazily made attribute keeps the others
    assert (first.name, first.fields) == ("김민수", {"동": "3동", "메모": "VIP"})
    second.fields = {"동": "5동"}
    assert (second.name, second.fields) == ("이서연", {"동": "5동"})
    second.phone = normalize("010-9876-5432")
    assert second.phone.digits == "01098765432" and second != made[1]
    domain = first.to_domain()
    domain.fields["동"] = "바뀜"  # Compose gets its own dict
    assert first.fields["동"] == "3동"


def test_other_default_country_dedupes_and_flags_like_korea() -> None:
    text = "이름,phone,x\nA,090-1234-5678,1\nB,+82 10-1234-5678,2\nC,090 1234 5678,3\nD,bad,4\n"
    table = read_text(text)
    result = build_recipients(
        table, guess_mapping(table), default_country="81", opt_out={"9012345678"}
    )
    assert [(r.phone, r.name, r.opted_out, r.merged_rows) for r in result.valid] == [
        (PhoneNumber("9012345678", "81", "international"), "A", True, 1),
        (normalize("010-1234-5678"), "B", False, 0),
    ]
    assert [(d.source_row, d.kept_row) for d in result.duplicates] == [(4, 2)]
    assert [(r.source_row, r.code) for r in result.invalid] == [(5, "not_a_number")]


def test_opt_out_numbers_are_flagged() -> None:
    opt_out = imp.normalize_opt_out(["010-3456-7890", "+82 10 4567 8901", "not a number 123"])
    assert opt_out == frozenset({"01034567890", "01045678901", "123"})
    table = read_text("\n".join(r[1] for r in ROWS))
    result = build_recipients(table, guess_mapping(table), opt_out=opt_out)
    assert [r.opted_out for r in result.valid] == [False, True, True]
    assert result.opted_out_count == 2


def test_blank_rows_and_rows_without_number_are_accounted_for() -> None:
    text = "이름,전화\n김민준,010-2345-6789\n,\n이서연,\n\n박지훈,010-4567-8901\n"
    table = read_text(text)
    result = build_recipients(table, guess_mapping(table))
    assert len(result.valid) == 2 and result.blank_rows == 2
    assert [(r.source_row, r.name, r.code) for r in result.invalid] == [(4, "이서연", "empty")]
    assert result.accounted() == result.total_rows == 5


def test_fix_moves_a_problem_row_to_valid_or_duplicates() -> None:
    text = "이름,전화\n김민준,010-2345-6789\n이서연,010-345-7890\n박지훈,0102345678\n"
    result = build_recipients(table := read_text(text), guess_mapping(table))
    assert len(result.invalid) == 2
    with pytest.raises(imp.InvalidPhoneNumber):
        result.fix(0, "010-345-789")
    assert result.invalid[0].raw_phone == "010-345-789"
    fixed = result.fix(0, "010-3456-7890")
    assert fixed is not None and fixed.name == "이서연" and fixed in result.valid
    assert result.fix(0, "010-2345-6789") is None  # now a duplicate of 김민준
    assert result.invalid == [] and result.duplicates[-1].name == "박지훈"
    assert result.accounted() == result.total_rows


def test_invalid_rows_export_and_reimport(tmp_path: Path) -> None:
    from console.services.exporting import export_table

    table = read_text("\n".join(",".join(r) for r in [HEADER, *ROWS]))
    result = build_recipients(table, guess_mapping(table))
    headers, rows = imp.invalid_rows_table(result, "ko")
    assert headers == ["휴대폰", "이름", "회사", "오류 사유"]
    assert rows[0][:3] == ["010-123-456", "정도윤", "한빛상사"]
    rows[0][0] = "010-1234-5678"  # the user fixes the number in Excel
    for suffix in (".xlsx", ".csv"):
        path = export_table(tmp_path / f"problems{suffix}", headers, rows)
        again = import_file(path)
        assert [(r.phone.digits, r.name) for r in again.valid] == [("01012345678", "정도윤")]
        assert again.valid[0].fields["회사"] == "한빛상사"


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(imp.EmptyFileError) as info:
        read_file(path)
    assert "empty.csv" in info.value.message("ko") and "내용이 없습니다" in info.value.message("ko")


def test_header_only_file_is_empty(tmp_path: Path) -> None:
    table = read_file(write_csv(tmp_path / "h.csv", [HEADER], "utf-8"))
    with pytest.raises(imp.EmptyFileError):
        guess_mapping(table)


def test_no_phone_like_column(tmp_path: Path) -> None:
    rows = [["이름", "메모"], ["김민준", "안녕하세요"], ["이서연", "12"]]
    table = read_file(write_csv(tmp_path / "memo.csv", rows, "utf-8"))
    with pytest.raises(imp.NoPhoneColumnError) as info:
        guess_mapping(table)
    assert "전화번호" in info.value.message("ko") and "phone" in info.value.message("en")


def test_password_protected_workbook() -> None:
    with pytest.raises(imp.PasswordProtectedError) as info:
        read_file(SAMPLES / "password_protected.xlsx")
    assert "암호" in info.value.message("ko")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("truncated.xlsx", None),
        ("garbage.xlsx", b"this is not a workbook at all" * 20),
        ("fake.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024),
        ("zip.xlsx", None),
    ],
)
def test_corrupt_workbooks(tmp_path: Path, name: str, content: bytes | None) -> None:
    path = tmp_path / name
    if name == "truncated.xlsx":
        data = xlsx(tmp_path / "ok.xlsx", [HEADER, *ROWS]).read_bytes()
        content = data[: len(data) // 2]
    elif name == "zip.xlsx":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("hello.txt", "not a spreadsheet")
        content = buf.getvalue()
    assert content is not None
    path.write_bytes(content)
    with pytest.raises(imp.UnreadableWorkbookError) as info:
        read_file(path)
    assert "손상" in info.value.message("ko")


def test_binary_file_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(imp.NotATextFileError):
        read_file(path)
    exe = tmp_path / "program.txt"
    exe.write_bytes(bytes(range(1, 32)) * 200)  # control characters without NULs
    with pytest.raises(imp.NotATextFileError):
        read_file(exe)


def test_mixed_encodings(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "이름,전화\n김민준,010-2345-6789\n".encode("cp949")
        + "이서연,010-3456-7890\n".encode()
        + "박지훈,010-4567-8901\n".encode("cp949")
    )
    with pytest.raises(imp.UnknownEncodingError) as info:
        read_file(path)
    assert "UTF-8" in info.value.message("ko")


def test_bom_that_does_not_match_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "이름,전화\n김민준,010-2345-6789\n".encode("cp949"))
    with pytest.raises(imp.UnknownEncodingError):
        read_file(path)


def test_too_many_rows_csv_real_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b"phone\n" + b"1\n" * (imp.MAX_ROWS + 1))
    with pytest.raises(imp.TooManyRowsError) as info:
        read_file(path)
    assert "1,000,000" in info.value.message("ko")


def test_too_many_rows_workbook(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "big.xlsx", [HEADER] + [ROWS[0]] * 30)
    with pytest.raises(imp.TooManyRowsError):
        read_file(path, max_rows=20)
    assert len(read_file(path, max_rows=30).rows) == 31


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(imp.RecipientImportError) as info:
        read_file(tmp_path / "nope.csv")
    assert "nope.csv" in info.value.message("en")


# --- threads, progress, cancel, remembered mappings ----------------------------------------


def big_csv(path: Path, n: int) -> Path:
    rows = [["이름", "휴대폰"]] + [
        [f"고객{i}", f"010-{2000 + i // 10000}-{i % 10000:04d}"] for i in range(n)
    ]
    return write_csv(path, rows, "cp949")


def test_progress_is_reported(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    table = read_file(
        big_csv(tmp_path / "big.csv", 12_000), progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (12_001, 12_001) and len(calls) >= 3
    build_calls: list[tuple[int, int]] = []
    result = build_recipients(
        table, guess_mapping(table), progress=lambda d, t: build_calls.append((d, t))
    )
    steps = 12_000 + 12_000  # distinct numbers, then rows
    assert build_calls[0] == (5000, steps) and build_calls[-1] == (steps, steps)
    assert [d for d, _ in build_calls] == sorted(d for d, _ in build_calls)
    assert len(result.valid) == 12_000


def test_cancel_stops_read_and_build(tmp_path: Path) -> None:
    path = big_csv(tmp_path / "big.csv", 12_000)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(imp.ImportCancelled):
        read_file(path, cancel=cancel)
    table = read_file(path)
    cancel_mid = threading.Event()

    def progress(done: int, total: int) -> None:
        cancel_mid.set()

    with pytest.raises(imp.ImportCancelled):
        build_recipients(table, guess_mapping(table), progress=progress, cancel=cancel_mid)


@pytest.mark.parametrize("enabled", [True, False])
def test_import_in_worker_threads_leaves_gc_as_it_was(tmp_path: Path, enabled: bool) -> None:
    """Scripts run with automatic GC on; the app (and the test fixture) with it off."""
    import gc

    path = big_csv(tmp_path / "big.csv", 6_000)
    results: list[int] = []

    def work() -> None:
        results.append(len(import_file(path).valid))

    was = gc.isenabled()
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert results == [6_000] * 3


def test_mapping_remembered_per_header_layout(tmp_path: Path) -> None:
    store = RecipientStore(Database(tmp_path / "db.sqlite"))
    rows = [["구분", "번호A", "번호B"], ["가", "010-2345-6789", "010-3456-7890"]]
    table = read_file(write_csv(tmp_path / "a.csv", rows, "utf-8"))
    assert imp.remembered_mapping(store, table) is None
    chosen = ColumnMapping(phone_column=2, name_column=0, has_header=True)
    imp.remember_mapping(store, table, chosen)
    same_layout = read_file(
        write_csv(tmp_path / "b.csv", [rows[0], ["나", "", "010-1111-2222"]], "cp949")
    )
    assert imp.remembered_mapping(store, same_layout) == chosen
    other = read_file(write_csv(tmp_path / "c.csv", [["x", "y", "z"], *rows[1:]], "utf-8"))
    assert imp.remembered_mapping(store, other) is None


def test_services_import_no_qt() -> None:
    assert not any(m.startswith("PySide6.QtWidgets") for m in sys.modules if "importing" in m)
    import console.services.importing as module

    assert "PySide6" not in module.__dict__

"""Recipient import: Excel/ODS workbooks, CSV/text files and clipboard text -> clean recipients.

The import runs in three steps so that the UI can show a mapping dialog in between:

1. :func:`read_file` / :func:`read_text` read cells into a :class:`RawTable` (encoding and
   delimiter detection for text, python-calamine for workbooks; a workbook renamed ``.csv``
   is still read as a workbook);
2. :func:`guess_mapping` guesses the header row and the phone and name columns
   (a :class:`ColumnMapping`; :func:`remembered_mapping` recalls what the user chose last
   time for the same header layout);
3. :func:`build_recipients` normalises every number with :mod:`console.domain.phone`,
   removes duplicates and flags 080 opt-outs (an :class:`ImportResult`).

Steps 1 and 3 are plain blocking functions meant to run in a worker thread
(``asyncio.to_thread``): they report progress through a callback and stop with
:class:`ImportCancelled` when the given ``threading.Event`` is set. Nothing here writes to
the store except :func:`remember_mapping`; a failed import never touches a saved list.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import gc
import hashlib
import io
import itertools
import json
import operator
import re
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, MutableSequence, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, overload
from unicodedata import normalize as _nfkc

from console.domain.models import Recipient as DomainRecipient
from console.domain.phone import (
    EMPTY,
    KOREA,
    REASON_CODES,
    InvalidPhoneNumber,
    PhoneNumber,
    mobile_displays,
    mobile_number,
    normalize,
    normalize_column,
    normalize_many,
    reason_text,
    split_mobile_column,
)
from console.errors import ConsoleError

if TYPE_CHECKING:
    from console.store.recipients import RecipientStore

#: Above this many data rows a file is refused (a sheet that big is a mistake, not a list).
MAX_ROWS = 1_000_000
#: Cells sampled per column when guessing.
SAMPLE_ROWS = 500

Progress = Callable[[int, int], None]
"""``progress(done, total)``; called from the worker thread, every few thousand rows."""

_PROGRESS_EVERY = 5000


# --- errors ----------------------------------------------------------------------------------


class RecipientImportError(ConsoleError):
    """A file or text that could not be imported (nothing was changed)."""


class EmptyFileError(RecipientImportError):
    def __init__(self, source: str) -> None:
        super().__init__(
            f"'{source}' contains no data. Choose a file with at least one phone number.",
            f"'{source}'에 내용이 없습니다. 전화번호가 들어 있는 파일을 선택해 주세요.",
        )


class EmptySheetError(EmptyFileError):
    """The sheet the user chose holds nothing (the workbook's other sheets may)."""

    def __init__(self, source: str, sheet: str) -> None:
        RecipientImportError.__init__(
            self,
            f"The sheet '{sheet}' of '{source}' is empty. Choose the sheet that holds the list.",
            f"'{source}'의 '{sheet}' 시트에 내용이 없습니다. "
            "명단이 들어 있는 시트를 선택해 주세요.",
        )


class NoPhoneColumnError(RecipientImportError):
    def __init__(self, source: str) -> None:
        super().__init__(
            f"No column of '{source}' looks like phone numbers. Add a column named "
            "'전화번호' (or 'phone') with the numbers, or pick the column by hand.",
            f"'{source}'에서 전화번호로 보이는 열을 찾지 못했습니다. 번호가 들어 있는 열의 "
            "제목을 '전화번호'로 바꾸거나 직접 열을 지정해 주세요.",
        )


class UnreadableWorkbookError(RecipientImportError):
    def __init__(self, source: str, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"'{source}' could not be read as a spreadsheet; it may be damaged{extra}. "
            "Open it in Excel, save it again as .xlsx (or .csv) and import that file.",
            f"'{source}' 파일을 엑셀 파일로 읽을 수 없습니다. "
            f"파일이 손상되었을 수 있습니다{extra}. "
            "엑셀에서 열어 .xlsx(또는 .csv)로 다시 저장한 뒤 가져와 주세요.",
        )


class PasswordProtectedError(RecipientImportError):
    def __init__(self, source: str) -> None:
        super().__init__(
            f"'{source}' is protected with a password. Open it in Excel, remove the password "
            "(File > Info > Protect Workbook) and save it, then import it again.",
            f"'{source}' 파일에 암호가 걸려 있습니다. 엑셀에서 열어 암호를 해제하고"
            "(파일 > 정보 > 통합 문서 보호) 저장한 뒤 다시 가져와 주세요.",
        )


class NotATextFileError(RecipientImportError):
    def __init__(self, source: str) -> None:
        super().__init__(
            f"'{source}' is not a text (CSV) file or spreadsheet. Save the list from Excel as "
            ".xlsx or .csv and import that file.",
            f"'{source}'는 텍스트(CSV) 파일이나 엑셀 파일이 아닙니다. 엑셀에서 .xlsx 또는 "
            ".csv로 저장한 파일을 가져와 주세요.",
        )


class UnknownEncodingError(RecipientImportError):
    def __init__(self, source: str) -> None:
        super().__init__(
            f"The characters of '{source}' could not be read (mixed or unknown encoding). "
            "Open it in Excel and save it as 'CSV UTF-8' or .xlsx, then import it again.",
            f"'{source}'의 글자를 읽을 수 없습니다(인코딩이 섞여 있거나 알 수 없음). "
            "엑셀에서 열어 'CSV UTF-8' 또는 .xlsx로 저장한 뒤 다시 가져와 주세요.",
        )


class TooManyRowsError(RecipientImportError):
    def __init__(self, source: str, limit: int) -> None:
        super().__init__(
            f"'{source}' has more than {limit:,} rows. Split it into smaller files.",
            f"'{source}'의 행이 {limit:,}개를 넘습니다. 파일을 나누어 가져와 주세요.",
        )


class ImportCancelled(RecipientImportError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled.", "가져오기를 취소했습니다.")


# --- step 1: cells ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RawTable:
    """Cells as text, exactly as read (header row included), plus how they were read."""

    source: str
    rows: list[list[str]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheet_names: tuple[str, ...] = ()
    #: The sheets of ``sheet_names`` that Excel does not show (hidden or very hidden).
    hidden_sheets: tuple[str, ...] = ()
    #: 1-based row number (in the file) of ``rows[0]`` (leading blank rows are dropped).
    first_row_number: int = 1

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows[:SAMPLE_ROWS]), default=0)


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = True


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building hundreds of thousands of rows.

    The rows and recipients are tracked containers: with automatic collection on (scripts,
    benchmarks), building them triggers repeated full collections that make the import
    about 40% slower; paused, they are scanned once by the next young collection. In the
    app automatic collection is already off (the GUI thread collects, see
    console/ui/common/garbage.py) and the pause changes nothing: the collector is only
    turned back on if it was on before. Nothing built here forms reference cycles. Nested
    and concurrent pauses are counted.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ImportCancelled()


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".tab"})


def read_file(
    path: Path | str,
    *,
    sheet: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    max_rows: int = MAX_ROWS,
) -> RawTable:
    """Read a workbook or text file into cells (blocking; run it off the GUI thread).

    The format is decided by content, not by the name: an .xlsx renamed .csv still imports.
    """
    path = Path(path)
    source = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RecipientImportError(
            f"'{source}' could not be opened: {exc.strerror or exc}. Check that the file exists "
            "and is not open in another program.",
            f"'{source}' 파일을 열 수 없습니다: {exc.strerror or exc}. 파일이 있는지, 다른 "
            "프로그램에서 열려 있지 않은지 확인해 주세요.",
        ) from exc
    _check_cancel(cancel)
    if not data.strip():
        raise EmptyFileError(source)
    head = data[:8]
    if head.startswith(_ZIP_MAGIC) or head == _OLE_MAGIC:
        if head == _OLE_MAGIC and _ENCRYPTED_MARK in data[:65536] + data[-65536:]:
            raise PasswordProtectedError(source)
        return _read_workbook(data, source, sheet, progress, cancel, max_rows)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise UnreadableWorkbookError(source)
    text, encoding = decode_text(data, source)
    return _read_text(text, source, encoding, progress, cancel, max_rows)


def read_text(
    text: str,
    source: str = "clipboard",
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    max_rows: int = MAX_ROWS,
) -> RawTable:
    """Read pasted text (Excel copies ranges as tab-separated lines) into cells."""
    if not text.strip():
        raise EmptyFileError(source)
    return _read_text(text, source, None, progress, cancel, max_rows)


def decode_text(data: bytes, source: str = "file") -> tuple[str, str]:
    """Decode a text file: BOMs, UTF-16 without BOM, then strict UTF-8, then CP949."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = []
        sample = data[:8192]
        nul_even = sample[0::2].count(0)
        nul_odd = sample[1::2].count(0)
        half = max(1, len(sample) // 2)
        if nul_odd > half * 0.2 and nul_even < nul_odd / 8:
            candidates = ["utf-16-le"]
        elif nul_even > half * 0.2 and nul_odd < nul_even / 8:
            candidates = ["utf-16-be"]
        elif 0 in sample:
            raise NotATextFileError(source)
        else:
            candidates = ["utf-8", "cp949"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise NotATextFileError(source)
        return text, "cp949" if encoding == "cp949" else encoding
    if _looks_binary(data[:4096].decode("latin-1").replace("\x00", "")):
        raise NotATextFileError(source)
    raise UnknownEncodingError(source)  # e.g. a UTF-8 BOM in front of CP949 text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def detect_delimiter(text: str) -> str:
    """The delimiter (tab, comma, semicolon or |) used most consistently in the first lines."""
    lines = [ln for ln in text[:65536].splitlines()[:50] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0.0, 0)
    for delim in ("\t", ",", ";", "|"):
        counts = [_count_outside_quotes(ln, delim) for ln in lines]
        nonzero = [c for c in counts if c]
        if not nonzero:
            continue
        mode = max(set(nonzero), key=nonzero.count)
        score = (counts.count(mode) / len(counts), mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def _count_outside_quotes(line: str, delim: str) -> int:
    if '"' not in line:
        return line.count(delim)
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            count += 1
    return count


def _read_text(
    text: str,
    source: str,
    encoding: str | None,
    progress: Progress | None,
    cancel: threading.Event | None,
    max_rows: int,
) -> RawTable:
    text = text.lstrip("\ufeff")
    delimiter = detect_delimiter(text)
    total = text.count("\n") + 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    limit = max_rows + 1  # + a header row
    try:
        with gc_paused():
            while True:
                before = len(rows)
                rows.extend(itertools.islice(reader, _PROGRESS_EVERY))
                if len(rows) > limit:
                    raise TooManyRowsError(source, max_rows)
                if len(rows) - before < _PROGRESS_EVERY:
                    break
                _check_cancel(cancel)
                if progress is not None:
                    progress(len(rows), total)
    except csv.Error as exc:
        raise UnreadableWorkbookError(source, str(exc)) from exc
    first_row_number = 1
    skip = 0
    while skip < len(rows) and not any(c.strip() for c in rows[skip]):
        skip += 1
    if skip:
        del rows[:skip]
        first_row_number += skip
    _trim_trailing_blank(rows)
    if not rows:
        raise EmptyFileError(source)
    if progress is not None:
        progress(len(rows), len(rows))
    return RawTable(
        source, rows, encoding=encoding, delimiter=delimiter, first_row_number=first_row_number
    )


def _trim_trailing_blank(rows: list[list[str]]) -> None:
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()


def _read_workbook(
    data: bytes,
    source: str,
    sheet_name: str | None,
    progress: Progress | None,
    cancel: threading.Event | None,
    max_rows: int,
) -> RawTable:
    import python_calamine as pc

    try:
        workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError as exc:
        raise PasswordProtectedError(source) from exc
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise UnreadableWorkbookError(source) from exc
    try:
        names = tuple(workbook.sheet_names)
        visible = [
            m.name for m in workbook.sheets_metadata if m.visible == pc.SheetVisibleEnum.Visible
        ]
        hidden = tuple(n for n in names if n not in visible)
        candidates = [sheet_name] if sheet_name is not None else visible + list(hidden)
        for name in candidates:
            try:
                sheet = workbook.get_sheet_by_name(name)
            except pc.PasswordError as exc:
                raise PasswordProtectedError(source) from exc
            except Exception as exc:
                raise UnreadableWorkbookError(source, name) from exc
            if sheet.height == 0:
                continue
            if sheet.height > max_rows + 1:
                raise TooManyRowsError(source, max_rows)
            with gc_paused():
                rows = _sheet_rows(sheet, progress, cancel)
            _trim_trailing_blank(rows)
            first = 1  # iter_rows starts at the sheet's first row, blank or not
            while rows and not any(rows[0]):
                rows.pop(0)
                first += 1
            if rows:
                return RawTable(
                    source, rows, sheet=name, sheet_names=names, hidden_sheets=hidden,
                    first_row_number=first,
                )  # fmt: skip
        if sheet_name is not None and len(names) > 1:
            raise EmptySheetError(source, sheet_name)
        raise EmptyFileError(source)
    finally:
        workbook.close()


def _sheet_rows(
    sheet: Any, progress: Progress | None, cancel: threading.Event | None
) -> list[list[str]]:
    total = sheet.height
    rows: list[list[str]] = []
    append = rows.append
    for values in sheet.iter_rows():
        append([v if type(v) is str else cell_text(v) for v in values])
        if len(rows) % _PROGRESS_EVERY == 0:
            _check_cancel(cancel)
            if progress is not None:
                progress(len(rows), total)
    if progress is not None:
        progress(len(rows), len(rows))
    return rows


def cell_text(value: object) -> str:
    """A spreadsheet value as the text a user sees (1012345678.0 -> '1012345678')."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return repr(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    return str(value)


# --- step 2: mapping -------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds the number and the name; every other column is a variable."""

    phone_column: int
    name_column: int | None = None
    has_header: bool = True

    def to_json(self) -> str:
        return json.dumps(
            {"phone": self.phone_column, "name": self.name_column, "header": self.has_header}
        )

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        data = json.loads(text)
        name = data.get("name")
        return cls(int(data["phone"]), None if name is None else int(name), bool(data["header"]))


def _squash(header: str) -> str:
    return re.sub(r"[\s_\-\.\(\)\[\]/:#*]+", "", header).lower()


# (keyword, weight, exact-only): mobile-specific names first.
_PHONE_HEADERS: tuple[tuple[str, float, bool], ...] = (
    ("휴대폰", 0.7, False),
    ("핸드폰", 0.7, False),
    ("휴대전화", 0.7, False),
    ("휴대번호", 0.7, False),
    ("수신번호", 0.7, False),
    ("수신자번호", 0.7, False),
    ("받는번호", 0.7, False),
    ("mobile", 0.7, False),
    ("cellphone", 0.7, False),
    ("cell", 0.7, True),
    ("hp", 0.7, True),
    ("폰", 0.6, True),
    ("전화번호", 0.6, False),
    ("연락처", 0.6, False),
    ("phone", 0.6, False),
    ("전화", 0.5, False),
    ("tel", 0.5, True),
    ("telephone", 0.5, True),
    ("번호", 0.4, True),
    ("number", 0.4, True),
    ("to", 0.4, True),
)
_NAME_HEADERS: tuple[tuple[str, bool], ...] = (
    ("이름", False),
    ("성명", False),
    ("고객명", False),
    ("성함", False),
    ("회원명", False),
    ("수신자명", False),
    ("name", False),
    ("수신자", True),
    ("받는사람", True),
    ("받는분", True),
    ("고객", True),
    ("학생명", True),
    ("담당자", True),
)
# A Korean personal name: a common surname and one to three more syllables. (Department
# names such as 총무 or 영업팀 are also short Hangul words, hence the surname.)
_HANGUL_NAME = re.compile(
    r"^[김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나"
    r"지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉"
    r"][가-힣]{1,3}$"
)


def _header_weight(header: str) -> float:
    key = _squash(header)
    if not key:
        return 0.0
    for word, weight, exact in _PHONE_HEADERS:
        if key == word or (not exact and word in key):
            return weight
    return 0.0


def _is_name_header(header: str) -> bool:
    key = _squash(header)
    return bool(key) and any(key == w or (not exact and w in key) for w, exact in _NAME_HEADERS)


def _phone_ratio(rows: Sequence[Sequence[str]], column: int) -> float:
    """Share of the non-empty cells of `column` that are valid numbers."""
    cells = [row[column] for row in rows if column < len(row) and row[column].strip()]
    if not cells:
        return 0.0
    # A number needs ASCII digits once NFKC-normalised (as normalize() sees it): names and
    # other text are refused here without the cost of an InvalidPhoneNumber each.
    maybe = [c for c in cells if _ASCII_DIGIT.search(c if c.isascii() else _nfkc("NFKC", c))]
    valid = sum(1 for n in normalize_column(maybe) if type(n) is PhoneNumber)
    return valid / len(cells)


_ASCII_DIGIT = re.compile("[0-9]")


def guess_mapping(table: RawTable) -> ColumnMapping:
    """Guess header row, phone and name column; raise :class:`NoPhoneColumnError` if none."""
    rows = table.rows
    width = table.width
    if not rows or width == 0:
        raise EmptyFileError(table.source)
    first = rows[0]
    data = rows[1 : SAMPLE_ROWS + 1]
    ratios = [_phone_ratio(data, c) for c in range(width)]
    first_has_phone = any(_is_phone(cell) for cell in first)
    header_weights = [_header_weight(c) for c in first] + [0.0] * (width - len(first))
    has_header = not first_has_phone and (
        any(header_weights)
        or any(_is_name_header(c) for c in first)
        or any(r >= 0.5 for r in ratios)
        or not data
    )
    if not has_header:
        data = rows[:SAMPLE_ROWS]
        ratios = [_phone_ratio(data, c) for c in range(width)]
        header_weights = [0.0] * width
    scores = [ratios[c] + header_weights[c] for c in range(width)]
    candidates = [c for c in range(width) if ratios[c] >= 0.5 or header_weights[c] > 0]
    if has_header and len(rows) == 1:
        raise EmptyFileError(table.source)  # a header and nothing under it
    if not candidates:
        raise NoPhoneColumnError(table.source)
    phone = max(candidates, key=lambda c: (scores[c], -c))
    name = _guess_name_column(first if has_header else None, data, width, phone)
    return ColumnMapping(phone, name, has_header)


def _is_phone(cell: str) -> bool:
    if not cell.strip():
        return False
    try:
        normalize(cell)
    except InvalidPhoneNumber:
        return False
    return True


def _guess_name_column(
    header: Sequence[str] | None, data: Sequence[Sequence[str]], width: int, phone: int
) -> int | None:
    if header is not None:
        for c, h in enumerate(header):
            if c != phone and _is_name_header(h):
                return c
    for c in range(width):
        if c == phone:
            continue
        cells = [r[c].strip() for r in data if c < len(r) and r[c].strip()]
        if cells and sum(1 for s in cells if _HANGUL_NAME.match(s)) / len(cells) >= 0.7:
            return c
    return None


def column_names(table: RawTable, has_header: bool, unnamed: str = "col{}") -> list[str]:
    """A unique, non-empty name per column: the header text, or `unnamed` numbered (col3)."""
    width = table.width
    header = table.rows[0] if has_header and table.rows else []
    names: list[str] = []
    seen: set[str] = set()
    for c in range(width):
        base = header[c].strip() if c < len(header) and header[c].strip() else unnamed.format(c + 1)
        name, n = base, 2
        while name in seen:
            name, n = f"{base}_{n}", n + 1
        seen.add(name)
        names.append(name)
    return names


def layout_signature(table: RawTable, has_header: bool = True) -> str:
    """A key for 'the same kind of file': its squashed header cells (or its width)."""
    if has_header and table.rows:
        key = "\x1f".join(_squash(c) for c in table.rows[0])
    else:
        key = f"\x00noheader:{table.width}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def remembered_mapping(store: RecipientStore, table: RawTable) -> ColumnMapping | None:
    """The mapping the user last confirmed for this header layout, if it still fits."""
    width = table.width
    for has_header in (True, False):
        text = store.load_layout(layout_signature(table, has_header))
        if text is None:
            continue
        try:
            mapping = ColumnMapping.from_json(text)
        except (ValueError, KeyError, TypeError):
            continue
        if (
            mapping.has_header == has_header
            and mapping.phone_column < width
            and (mapping.name_column is None or mapping.name_column < width)
        ):
            return mapping
    return None


def remember_mapping(store: RecipientStore, table: RawTable, mapping: ColumnMapping) -> None:
    store.save_layout(layout_signature(table, mapping.has_header), mapping.to_json())


# --- step 3: recipients ----------------------------------------------------------------------


class _RowSource:
    """The cells and per-row results of one import, shared by its rows and their lists.

    By row number: `phones` (a :class:`PhoneNumber`, or the digits of a plain mobile) and
    `made` (the :class:`RecipientRow`, once one was asked for). Rows not made yet keep
    their 080 flag in `opted` and their merge count in `merged`.
    """

    __slots__ = (
        "field_columns",
        "first_row_number",
        "made",
        "made_count",
        "make_fields",
        "merged",
        "name_column",
        "opted",
        "phones",
        "rows",
    )

    def __init__(
        self,
        rows: Sequence[Sequence[str]],
        first_row_number: int,
        name_column: int | None,
        make_fields: Callable[[Sequence[str]], dict[str, str]],
        field_columns: dict[str, int],
        phones: Sequence[PhoneNumber | str | None],
    ) -> None:
        self.rows = rows
        self.first_row_number = first_row_number
        self.name_column = name_column
        self.make_fields = make_fields
        self.field_columns = field_columns
        self.phones = phones
        self.made: list[RecipientRow | None] = [None] * len(phones)
        self.made_count = 0
        self.opted: set[int] = set()
        self.merged: dict[int, int] = {}

    def row(self, number: int) -> RecipientRow:
        """The row of row `number` (made on first use; its name and fields on theirs)."""
        made = self.made[number]
        if made is not None:
            return made
        r = _new_object(RecipientRow)
        r._phone = cast(PhoneNumber | str, self.phones[number])
        r._name = self
        r._fields = number
        r.source_row = number
        r.opted_out = number in self.opted
        r.merged_rows = self.merged.get(number, 0)
        self.made[number] = r
        self.made_count += 1
        return r

    def make_all(self, numbers: Iterable[int]) -> None:
        """:meth:`row` for each of `numbers` (one tight loop: a save reads every row)."""
        made = self.made
        phones: Sequence[Any] = self.phones  # (no cast() call per row)
        earlier = (  # (the screenful the table showed, rows merges filled)
            set(itertools.compress(range(len(made)), made)) if self.made_count else set()
        )
        count = 0
        new = _new_object
        for n in numbers:
            if made[n] is None:
                r = new(RecipientRow)
                r._phone = phones[n]
                r._name = self
                r._fields = n
                r.source_row = n
                r.opted_out = False
                r.merged_rows = 0
                made[n] = r
                count += 1
        self.made_count += count
        # The few flagged rows afterwards, instead of two look-ups for every row.
        for n in self.opted.difference(earlier):
            made_now = made[n]
            if made_now is not None:
                made_now.opted_out = True
        for n, merged in self.merged.items():
            made_now = made[n]
            if made_now is not None and n not in earlier:
                made_now.merged_rows = merged


_new_object = object.__new__


_new_tuple = tuple.__new__


class RecipientRow:
    """A valid row of an import or a saved list: a number, a name and its variables.

    `fields` are the personalisation variables (``#{column}`` in Compose); `source_row` is
    the row number in the file (imports) or the row id (saved lists).

    Behaves like a mutable slotted dataclass (same constructor, attributes, ``==`` and
    repr), except that rows made by :func:`build_recipients` make their `phone` (plain
    mobile numbers are kept as digits), `name` and `fields` on first use, from the cells
    they were read from. A 100,000-row import would otherwise spend over half of its time
    making (and garbage-collecting) objects of which the table shows one screenful. Until
    then `_name` holds the import's :class:`_RowSource` and `_fields` the row's number in it
    (six slots, each holding a fresh or shared object, keep the collector's scan short).
    """

    __slots__ = ("_fields", "_name", "_phone", "merged_rows", "opted_out", "source_row")
    __match_args__ = ("phone", "name", "fields", "source_row", "opted_out", "merged_rows")

    source_row: int
    opted_out: bool
    #: Source rows merged into this one (duplicates of the same number).
    merged_rows: int
    #: The number, or (rows made by an import) the digits of a plain Korean mobile number.
    _phone: PhoneNumber | str
    _name: str | _RowSource
    _fields: dict[str, str] | int

    def __init__(
        self,
        phone: PhoneNumber,
        name: str = "",
        fields: dict[str, str] | None = None,
        source_row: int = 0,
        opted_out: bool = False,
        merged_rows: int = 0,
    ) -> None:
        self._phone = phone
        self._name = name
        self._fields = {} if fields is None else fields
        self.source_row = source_row
        self.opted_out = opted_out
        self.merged_rows = merged_rows

    def _load(self) -> tuple[str, dict[str, str]]:
        """Make name and fields from the import's cells (rows made by an import).

        Called once per row, by the first `name` or `fields` access: kept short (every
        row of a search or a save comes through here once).
        """
        source = self._name
        if not isinstance(source, _RowSource):
            return source, cast(dict[str, str], self._fields)
        cells = source.rows[cast(int, self._fields) - source.first_row_number]
        column = source.name_column
        name = self._name = "" if column is None else cells[column].strip()
        fields = self._fields = source.make_fields(cells)
        return name, fields

    @property
    def phone(self) -> PhoneNumber:
        phone = self._phone
        if isinstance(phone, str):  # the digits of a plain mobile (see mobile_number)
            phone = self._phone = _new_tuple(PhoneNumber, (phone, KOREA, "mobile"))
        return phone

    @phone.setter
    def phone(self, value: PhoneNumber) -> None:
        self._phone = value

    @property
    def name(self) -> str:
        name = self._name
        if isinstance(name, str):
            return name
        return self._load()[0]

    @name.setter
    def name(self, value: str) -> None:
        self._load()
        self._name = value

    @property
    def fields(self) -> dict[str, str]:
        fields = self._fields
        if isinstance(fields, dict):
            return fields
        return self._load()[1]

    @fields.setter
    def fields(self, value: dict[str, str]) -> None:
        self._load()
        self._fields = value

    def _astuple(self) -> tuple[Any, ...]:
        return (
            self.phone,
            self.name,
            self.fields,
            self.source_row,
            self.opted_out,
            self.merged_rows,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._astuple() == other._astuple()

    __hash__ = None  # type: ignore[assignment]  # mutable, like an eq dataclass

    def __repr__(self) -> str:
        return (
            f"RecipientRow(phone={self.phone!r}, name={self.name!r}, fields={self.fields!r}, "
            f"source_row={self.source_row!r}, opted_out={self.opted_out!r}, "
            f"merged_rows={self.merged_rows!r})"
        )

    def to_domain(self) -> DomainRecipient:
        """The recipient Compose and the planner take (domestic digits, else +E.164)."""
        phone = self.phone
        to = phone.digits if phone.country_code == KOREA else phone.e164
        return DomainRecipient(phone=to, name=self.name, fields=dict(self.fields))


class RecipientRows(MutableSequence[RecipientRow]):
    """The valid rows of an import: a list whose :class:`RecipientRow` objects are made on
    first use.

    An import of 100,000 rows would otherwise spend a fifth of its time making (and the
    collector scanning) row objects of which the table shows one screenful. Until a row is
    asked for, its position holds its row number in the import's :class:`_RowSource`; a row
    once made is the same object for every list sharing the source (:meth:`copy`), so an
    edit through one is seen by all. The column methods (:meth:`digits`, :meth:`names` ...)
    read what the table searches and sorts on straight from the cells, making no rows.
    Otherwise it behaves like a list (``==`` and repr included).
    """

    __slots__ = ("_items", "_numbers_only", "_source")

    def __init__(self, rows: Iterable[RecipientRow] = ()) -> None:
        self._items: list[int | RecipientRow] = list(rows)
        self._source: _RowSource | None = None
        #: Whether every position holds a row number (no row put in by hand or iterated).
        self._numbers_only = False

    @classmethod
    def _of_import(cls, source: _RowSource, numbers: list[int]) -> RecipientRows:
        rows = cls()
        rows._items = cast(list[int | RecipientRow], numbers)
        rows._source = source
        rows._numbers_only = True
        return rows

    def _row(self, item: Any) -> RecipientRow:
        if item.__class__ is int:
            return self._source.row(item)  # type: ignore[union-attr]  # ints only with a source
        return item

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> RecipientRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[RecipientRow]: ...

    def __getitem__(self, index: int | slice) -> RecipientRow | list[RecipientRow]:
        if isinstance(index, slice):
            return list(map(self._row, self._items[index]))
        return self._row(self._items[index])

    @overload
    def __setitem__(self, index: int, value: RecipientRow) -> None: ...

    @overload
    def __setitem__(self, index: slice, value: Iterable[RecipientRow]) -> None: ...

    def __setitem__(self, index: int | slice, value: Any) -> None:
        self._numbers_only = False
        if isinstance(index, slice):
            self._items[index] = list(value)
        else:
            self._items[index] = value

    def __delitem__(self, index: int | slice) -> None:
        del self._items[index]

    def insert(self, index: int, value: RecipientRow) -> None:
        self._numbers_only = False
        self._items.insert(index, value)

    def __iter__(self) -> Iterator[RecipientRow]:
        """Every row (all made at once: whoever iterates reads them all)."""
        source = self._source
        items = self._items
        if source is not None and (
            self._numbers_only or any(item.__class__ is int for item in items)
        ):
            made = source.made
            with gc_paused():  # (as when an import made all its rows: see gc_paused)
                if self._numbers_only:
                    source.make_all(cast(list[int], items))
                    self._items = list(map(made.__getitem__, cast(list[int], items)))  # type: ignore[arg-type]
                else:
                    source.make_all(item for item in items if item.__class__ is int)
                    self._items = [
                        cast(RecipientRow, made[i]) if i.__class__ is int else i for i in items
                    ]
            self._numbers_only = False
        return cast(Iterator[RecipientRow], iter(self._items))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RecipientRows):
            return list(self) == list(other)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return repr(list(self))

    def copy(self) -> RecipientRows:
        """A new list of the same rows (rows made later through either are shared)."""
        rows = RecipientRows()
        rows._items = self._items.copy()
        rows._source = self._source
        rows._numbers_only = self._numbers_only
        return rows

    def reorder(self, order: Iterable[int]) -> None:
        """Put the rows in `order` (positions of the current order), e.g. a sort's result."""
        self._items = list(map(self._items.__getitem__, order))

    # columns: one value per position, from the cells for rows not made yet ---------------
    #
    # While every position holds a row number (a fresh import, sorted or not), a column is
    # read with C-level maps over the cells, then the rows made since (the screenful the
    # view showed, edited rows) are put in; otherwise row by row.

    def _with_made_rows(
        self, values: list[Any], from_row: Callable[[RecipientRow], Any]
    ) -> list[Any]:
        """`values` (read from the cells) with the value of each row made since put in."""
        source = cast(_RowSource, self._source)
        if not source.made_count:
            return values
        made = source.made
        items = cast(list[int], self._items)
        for position in itertools.compress(range(len(items)), map(made.__getitem__, items)):
            values[position] = from_row(cast(RecipientRow, made[items[position]]))
        return values

    def _cells(self) -> list[Sequence[str]]:
        source = cast(_RowSource, self._source)
        numbers = map(operator.sub, self._items, itertools.repeat(source.first_row_number))
        return list(map(source.rows.__getitem__, numbers))

    def _column(
        self, from_cells: Callable[[int], Any], from_row: Callable[[RecipientRow], Any]
    ) -> list[Any]:
        made = self._source.made if self._source is not None else []
        out: list[Any] = []
        append = out.append
        items: list[Any] = self._items  # (no cast() call per row)
        for item in items:
            if item.__class__ is int:
                row = made[item]
                append(from_cells(item) if row is None else from_row(row))
            else:
                append(from_row(item))
        return out

    def _phone_column(
        self,
        mobiles: Callable[[list[str]], list[Any]],
        other: Callable[[PhoneNumber], Any],
    ) -> list[Any]:
        """A value of every row's number: `mobiles` maps the digits of plain mobiles (kept
        as digits by the import) in bulk, `other` takes any other number."""
        if not self._numbers_only:
            phones: Sequence[Any] = self._source.phones if self._source is not None else []

            def from_cells(number: int) -> Any:
                phone = phones[number]
                return mobiles([phone])[0] if phone.__class__ is str else other(phone)

            return self._column(from_cells, lambda r: other(r.phone))
        source = cast(_RowSource, self._source)
        phones = list(map(source.phones.__getitem__, cast(list[int], self._items)))
        not_digits = list(
            itertools.compress(
                range(len(phones)), map(isinstance, phones, itertools.repeat(PhoneNumber))
            )
        )
        numbers = [cast(PhoneNumber, phones[i]) for i in not_digits]
        for i in not_digits:
            phones[i] = "0000000000"  # a stand-in, replaced below
        values = mobiles(cast(list[str], phones))
        for i, phone in zip(not_digits, numbers, strict=True):
            values[i] = other(phone)
        return self._with_made_rows(values, lambda r: other(r.phone))

    def digits(self) -> list[str]:
        """``row.phone.digits`` of every row."""
        return self._phone_column(list, operator.attrgetter("digits"))

    def displays(self) -> list[str]:
        """``row.phone.display`` of every row."""
        return self._phone_column(mobile_displays, operator.attrgetter("display"))

    def kinds(self) -> list[str]:
        """``row.phone.kind`` of every row."""
        return self._phone_column(lambda ds: ["mobile"] * len(ds), operator.attrgetter("kind"))

    def text_columns(self, variables: Sequence[str]) -> list[list[str]]:
        """:meth:`displays`, :meth:`digits`, :meth:`names` and the :meth:`field_values` of
        `variables`, reading the cells once (what the Recipients table searches)."""
        cells = self._cells() if self._numbers_only else None
        return [
            self.displays(),
            self.digits(),
            self.names(cells),
            *(self.field_values(v, cells) for v in variables),
        ]

    def names(self, _cells: list[Sequence[str]] | None = None) -> list[str]:
        """``row.name`` of every row."""
        source = self._source
        name = operator.attrgetter("name")
        if source is None or source.name_column is None:
            return self._column(lambda _n: "", name)
        column = source.name_column
        if _cells is not None or self._numbers_only:
            cells = self._cells() if _cells is None else _cells
            return self._with_made_rows(
                list(map(str.strip, map(operator.itemgetter(column), cells))), name
            )
        rows, first = source.rows, source.first_row_number
        return self._column(lambda n: rows[n - first][column].strip(), name)

    def field_values(self, name: str, _cells: list[Sequence[str]] | None = None) -> list[str]:
        """``row.fields.get(name, "")`` of every row."""
        source = self._source
        column = source.field_columns.get(name) if source is not None else None

        def from_row(r: RecipientRow) -> str:
            return r.fields.get(name, "")

        if source is None or column is None:
            return self._column(lambda _n: "", from_row)
        if _cells is not None or self._numbers_only:
            cells = self._cells() if _cells is None else _cells
            return self._with_made_rows(list(map(operator.itemgetter(column), cells)), from_row)
        rows, first = source.rows, source.first_row_number
        return self._column(lambda n: rows[n - first][column], from_row)

    def opted_out(self) -> list[bool]:
        """``row.opted_out`` of every row."""
        opted = self._source.opted if self._source is not None else set()
        flag = operator.attrgetter("opted_out")
        if self._numbers_only:
            return self._with_made_rows(list(map(opted.__contains__, self._items)), flag)
        return self._column(opted.__contains__, flag)

    def opted_out_count(self) -> int:
        source = self._source
        if self._numbers_only and source is not None and not source.made_count:
            return sum(map(source.opted.__contains__, self._items)) if source.opted else 0
        return sum(self.opted_out())

    def find(self, phone: PhoneNumber) -> RecipientRow | None:
        """The first row whose number is `phone`, if any (rows are made only when found)."""
        wanted = phone.digits if phone == mobile_number(phone.digits) else None
        matches = self._phone_column(lambda ds: [d == wanted for d in ds], lambda p: p == phone)
        try:
            return self[matches.index(True)]
        except ValueError:
            return None


@dataclass(slots=True)
class InvalidRow:
    """A row whose number could not be used; kept so the user can fix it."""

    source_row: int
    raw_phone: str
    name: str
    fields: dict[str, str]
    code: str

    def reason(self, language: str = "ko") -> str:
        return reason_text(self.code, language)


@dataclass(slots=True)
class DuplicateRow:
    """A row dropped because an earlier row has the same number (`kept_row`)."""

    source_row: int
    kept_row: int
    raw_phone: str
    phone: PhoneNumber
    name: str
    fields: dict[str, str]


@dataclass
class ImportResult:
    """Every data row ends up in exactly one of `valid`, `invalid`, `duplicates`, `blank_rows`."""

    source: str
    mapping: ColumnMapping
    columns: list[str]
    #: A :class:`RecipientRows` when made by :func:`build_recipients`.
    valid: MutableSequence[RecipientRow]
    invalid: list[InvalidRow]
    duplicates: list[DuplicateRow]
    blank_rows: int
    total_rows: int
    phone_header: str = ""
    name_header: str = ""
    opt_out: frozenset[str] = frozenset()

    @property
    def opted_out_count(self) -> int:
        if isinstance(self.valid, RecipientRows):
            return self.valid.opted_out_count()
        return sum(1 for r in self.valid if r.opted_out)

    def accounted(self) -> int:
        return len(self.valid) + len(self.invalid) + len(self.duplicates) + self.blank_rows

    def fix(self, index: int, raw_phone: str, default_country: str = KOREA) -> RecipientRow | None:
        """Re-validate invalid row `index` with a corrected number.

        A fixed row moves to `valid` (returned) or, if its number is already there, to
        `duplicates` (None is returned). Raises :class:`InvalidPhoneNumber` if still bad,
        leaving the row where it was (with the new text).
        """
        row = self.invalid[index]
        row.raw_phone = raw_phone
        try:
            phone = normalize(raw_phone, default_country)
        except InvalidPhoneNumber as exc:
            row.code = exc.code
            raise
        del self.invalid[index]
        if isinstance(self.valid, RecipientRows):
            kept = self.valid.find(phone)
        else:
            kept = next((r for r in self.valid if r.phone == phone), None)
        if kept is not None:
            self.duplicates.append(
                DuplicateRow(
                    row.source_row, kept.source_row, raw_phone, phone, row.name, row.fields
                )
            )
            kept.merged_rows += 1
            return None
        recipient = RecipientRow(
            phone, row.name, row.fields, row.source_row, phone.digits in self.opt_out
        )
        self.valid.append(recipient)
        return recipient


def normalize_opt_out(numbers: Iterable[str]) -> frozenset[str]:
    """The national-form digits of opt-out numbers (unparsable entries kept as digits)."""
    out: set[str] = set()
    for number in numbers:
        try:
            out.add(normalize(number).digits)
        except InvalidPhoneNumber:
            digits = "".join(ch for ch in number if ch.isdigit())
            if digits:
                out.add(digits)
    return frozenset(out)


def _fields_maker(
    names: Sequence[str], columns: Sequence[int]
) -> Callable[[Sequence[str]], dict[str, str]]:
    """A fast row -> {variable: value} function for these columns.

    Generated as one dict display (like ``collections.namedtuple`` generates code): it runs
    once per row whose fields are used. Keys are embedded with repr(), columns are ints.
    """
    items = ", ".join(f"{name!r}: row[{int(c)}]" for name, c in zip(names, columns, strict=True))
    maker: Callable[[Sequence[str]], dict[str, str]] = eval(f"lambda row: {{{items}}}")
    return maker


def _fills_maker(
    columns: Sequence[int], name_column: int | None
) -> Callable[[Sequence[str], Sequence[str]], bool]:
    """A fast ``(duplicate_cells, kept_cells) -> bool``: would merging fill a blank?

    Lets a duplicate be counted without making the kept row's name and fields (see
    :func:`_merge_into` for what is filled). Generated like :func:`_fields_maker`.
    """
    terms = [f"(new[{int(c)}] and not old[{int(c)}])" for c in columns]
    if name_column is not None:
        c = int(name_column)
        terms.append(f"(new[{c}].strip() and not old[{c}].strip())")
    fills: Callable[[Sequence[str], Sequence[str]], bool] = eval(
        f"lambda new, old: bool({' or '.join(terms) or 'False'})"
    )
    return fills


def _merge_into(kept: RecipientRow, name: str, fields: dict[str, str]) -> None:
    """Fold a duplicate row into the row kept: fill what the kept row left empty."""
    kept.merged_rows += 1
    if not kept.name and name:
        kept.name = name
    kept_fields = kept.fields
    for k, v in fields.items():
        if v and not kept_fields.get(k):
            kept_fields[k] = v


def build_recipients(
    table: RawTable,
    mapping: ColumnMapping,
    *,
    opt_out: Collection[str] = frozenset(),
    default_country: str = KOREA,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    unnamed: str = "col{}",
) -> ImportResult:
    """Normalise, validate and deduplicate the rows of `table` (blocking; off the GUI thread).

    `opt_out` holds national-form numbers (see :func:`normalize_opt_out`) from the 080 list.
    """
    with gc_paused():
        return _build(table, mapping, opt_out, default_country, progress, cancel, unnamed)


def _build(
    table: RawTable,
    mapping: ColumnMapping,
    opt_out: Collection[str],
    default_country: str,
    progress: Progress | None,
    cancel: threading.Event | None,
    unnamed: str,
) -> ImportResult:
    names = column_names(table, mapping.has_header, unnamed)
    width = len(names)
    pc = mapping.phone_column
    nc = mapping.name_column
    if pc >= max(width, 1):
        raise NoPhoneColumnError(table.source)
    var_cols = [c for c in range(width) if c != pc and c != nc]
    var_names = [names[c] for c in var_cols]
    opt = opt_out if isinstance(opt_out, frozenset | set) else frozenset(opt_out)
    data = table.rows[1:] if mapping.has_header else table.rows
    offset = table.first_row_number + (1 if mapping.has_header else 0)
    total = len(data)
    if data and min(map(len, data)) < width:  # ragged CSV lines: pad once
        for row in [r for r in data if len(r) < width]:
            row.extend([""] * (width - len(row)))
    make_fields = _fields_maker(var_names, var_cols)
    chunk = _PROGRESS_EVERY
    steps = 2 * total

    # Pass 1, column-wise: a key per row that is equal for equal numbers: the digits of
    # domestic numbers, "+<country> <digits>" for others, the reason code for problems.
    # Plain mobile numbers (most of any list) are recognised in bulk and kept as digits
    # (their RecipientRow makes the PhoneNumber when asked); every other distinct text is
    # normalised once.
    column = list(map(operator.itemgetter(pc), data))
    keys: list[str] = []
    others: dict[int, PhoneNumber] = {}  # rows whose number is not a plain mobile
    cache: dict[str, PhoneNumber | str] = {}
    for start in range(0, total, chunk):
        _check_cancel(cancel)
        if progress is not None and start:
            progress(start, steps)
        part = column[start : start + chunk]
        split = split_mobile_column(part) if default_country == KOREA else None
        if split is None:
            digits, slow = [""] * len(part), list(range(len(part)))
        else:
            digits, slow = split
        if slow:
            normalize_many([part[j] for j in slow], default_country, into=cache)
            for j in slow:
                result = cache[part[j]]
                if type(result) is str:
                    digits[j] = result
                else:
                    phone = cast(PhoneNumber, result)
                    others[start + j] = phone
                    digits[j] = (
                        phone.digits
                        if phone.country_code == KOREA
                        else f"+{phone.country_code} {phone.digits}"
                    )
        keys += digits

    # Pass 2: the first row of each number is kept; later rows of the same number merge
    # into it; the rest are problems. The C-level dict keeps the first index of each.
    # Lists below are indexed by row number (row index + offset).
    end = offset + total
    first = dict(zip(reversed(keys), range(end - 1, offset - 1, -1), strict=True))
    for code in REASON_CODES:
        first.pop(code, None)
    keep = sorted(first.values())
    phones: list[PhoneNumber | str | None] = [None] * offset
    phones += keys  # digits stand for plain mobile numbers
    for i, phone in others.items():
        phones[offset + i] = phone
    # The table's own list, not `data`: a new 100,000-item list kept by the rows would be
    # scanned (all its cells' lists) by the next young garbage collection.
    source = _RowSource(
        table.rows,
        table.first_row_number,
        nc,
        make_fields,
        dict(zip(var_names, var_cols, strict=True)),
        phones,
    )
    fills = _fills_maker(var_cols, nc)
    _check_cancel(cancel)
    if progress is not None:
        progress(total, steps)
    # The kept rows by their row numbers: their objects are made when asked for.
    valid = RecipientRows._of_import(source, keep)
    if opt:  # 080 opt-outs: plain mobiles by their digits in C, the other numbers one by one
        opted = source.opted
        opted.update(itertools.compress(keep, map(opt.__contains__, map(phones.__getitem__, keep))))
        for i, phone in others.items():
            if first.get(keys[i]) == offset + i and phone.digits in opt:
                opted.add(offset + i)

    invalid: list[InvalidRow] = []
    duplicates: list[DuplicateRow] = []
    blank = 0
    kept_rows: list[bool | None] = [None] * end
    for n in keep:  # (a plain loop: faster here than map(kept_rows.__setitem__, ...))
        kept_rows[n] = True
    not_kept = map(operator.is_, kept_rows[offset:], itertools.repeat(None))
    del kept_rows
    made, merged = source.made, source.merged
    for i in itertools.compress(range(total), not_kept):
        row = data[i]
        key = keys[i]
        kept_number = first.get(key)
        if kept_number is not None:
            # A duplicate: folded into the kept row at once (each kept row's duplicates
            # thus in file order); a kept row it adds nothing to stays unmade.
            same = phones[offset + i]
            if same.__class__ is str:  # the digits of a plain mobile (see mobile_number)
                same = _new_tuple(PhoneNumber, (same, KOREA, "mobile"))
            name = row[nc].strip() if nc is not None else ""
            fields = make_fields(row)
            duplicates.append(
                DuplicateRow(
                    offset + i, kept_number, row[pc], cast(PhoneNumber, same), name, fields
                )
            )
            kept = made[kept_number]
            if kept is None and not fills(row, data[kept_number - offset]):
                merged[kept_number] = merged.get(kept_number, 0) + 1
            else:
                _merge_into(kept or source.row(kept_number), name, fields)
            continue
        if key == EMPTY and not any(c.strip() for c in row):
            blank += 1
            continue
        name = row[nc].strip() if nc is not None else ""
        invalid.append(InvalidRow(offset + i, row[pc], name, make_fields(row), key))
    if progress is not None:
        progress(steps, steps)
    return ImportResult(
        source=table.source,
        mapping=mapping,
        columns=var_names,
        valid=valid,
        invalid=invalid,
        duplicates=duplicates,
        blank_rows=blank,
        total_rows=total,
        phone_header=names[pc],
        name_header=names[nc] if nc is not None and nc < width else "",
        opt_out=frozenset(opt),
    )


def import_file(
    path: Path | str,
    *,
    opt_out: Collection[str] = frozenset(),
    mapping: ColumnMapping | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportResult:
    """Read, guess and build in one go (scripts, benchmarks, tests)."""
    table = read_file(path, progress=progress, cancel=cancel)
    return build_recipients(
        table,
        mapping or guess_mapping(table),
        opt_out=opt_out,
        progress=progress,
        cancel=cancel,
    )


def invalid_rows_table(
    result: ImportResult, language: str = "ko"
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the problem rows, shaped like the source so a fixed file re-imports.

    The last column is the reason; the importer treats it as just another variable.
    """
    phone_header = result.phone_header or ("전화번호" if language.startswith("ko") else "phone")
    name_header = result.name_header or ("이름" if language.startswith("ko") else "name")
    reason_header = "오류 사유" if language.startswith("ko") else "Problem"
    headers = [phone_header, name_header, *result.columns, reason_header]
    rows = [
        [r.raw_phone, r.name, *(r.fields.get(c, "") for c in result.columns), r.reason(language)]
        for r in result.invalid
    ]
    return headers, rows

"""Hypothesis fuzzing of the CSV importer: never crashes, every row is accounted for."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.services import importing as imp

phone_like = st.one_of(
    st.from_regex(r"01[016789]-?\d{3,4}-?\d{4}", fullmatch=True),
    st.from_regex(r"\+?82 ?10 ?\d{4} ?\d{4}", fullmatch=True),
    st.from_regex(r"0[2-6]\d?-\d{3,4}-\d{4}", fullmatch=True),
    st.from_regex(r"1[0-9]{9}(\.0)?", fullmatch=True),
    st.text(alphabet="0123456789-+() .'", max_size=16),
)
cell = st.one_of(
    phone_like,
    st.text(max_size=12),
    st.text(alphabet="가나다라김이박홍길동,;\t\"'\n", max_size=8),
)
table_rows = st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=table_rows,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949", "utf-16", "utf-16-le"]),
    delimiter=st.sampled_from([",", "\t", ";"]),
    header=st.booleans(),
)
def test_csv_import_never_crashes_and_accounts_for_every_row(
    rows: list[list[str]], encoding: str, delimiter: str, header: bool
) -> None:
    if header:
        rows = [["이름", "전화번호", "메모", "x", "y"][: max(len(r) for r in rows)], *rows]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        path.write_bytes(data)
        try:
            table = imp.read_file(path)
        except imp.RecipientImportError as exc:
            assert exc.message("ko") and exc.message("en")
            return
    assert table.rows
    try:
        mapping = imp.guess_mapping(table)
    except (imp.NoPhoneColumnError, imp.EmptyFileError):
        mapping = imp.ColumnMapping(phone_column=0, name_column=None, has_header=False)
    check_accounting(table, mapping)
    # Any column the user might pick by hand works too.
    for column in range(table.width):
        check_accounting(table, imp.ColumnMapping(column, None, has_header=False))


def check_accounting(table: imp.RawTable, mapping: imp.ColumnMapping) -> None:
    result = imp.build_recipients(table, mapping)
    data_rows = len(table.rows) - (1 if mapping.has_header else 0)
    assert result.total_rows == data_rows
    assert result.accounted() == data_rows
    seen_rows = (
        [r.source_row for r in result.valid]
        + [r.source_row for r in result.invalid]
        + [r.source_row for r in result.duplicates]
    )
    assert len(seen_rows) == len(set(seen_rows)) == data_rows - result.blank_rows
    numbers = [(r.phone.country_code, r.phone.digits) for r in result.valid]
    assert len(numbers) == len(set(numbers))
    kept = {r.source_row for r in result.valid}
    assert all(d.kept_row in kept for d in result.duplicates)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_clipboard_text_never_crashes(text: str) -> None:
    try:
        table = imp.read_text(text)
        mapping = imp.guess_mapping(table)
    except imp.RecipientImportError:
        return
    check_accounting(table, mapping)

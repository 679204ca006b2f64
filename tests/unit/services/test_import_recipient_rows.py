"""RecipientRows: the valid rows of an import, made on first use, read column by column."""

from __future__ import annotations

from typing import Any

from console.domain.phone import normalize
from console.services.importing import (
    ImportResult,
    RecipientRow,
    RecipientRows,
    build_recipients,
    guess_mapping,
    read_text,
)

TEXT = (
    "이름,휴대폰,동,메모\n"
    " 김민준 ,010-2345-6789,3동,VIP\n"
    "이서연,02-123-4567,,\n"
    "박지훈,+81 90-1234-5678,5동,\n"
    "최예린,010 3456 7890,6동,\n"
    ",010-2345-6789,,새 메모\n"  # duplicate of row 2, which it has nothing to add to
    "정도윤,02 123 4567,7동,있음\n"  # duplicate of row 3 (written differently): fills 동, 메모
    "강하은,1588-1234,8동,\n"
    "잘못,010-123-456,9동,\n"
)
OPT_OUT = frozenset({"01034567890", "9012345678"})


def fresh() -> ImportResult:
    table = read_text(TEXT)
    return build_recipients(table, guess_mapping(table), opt_out=OPT_OUT)


def attributes(rows: list[RecipientRow], variables: list[str]) -> dict[str, list[Any]]:
    """What the column methods must give, read from the row objects themselves."""
    return {
        "digits": [r.phone.digits for r in rows],
        "displays": [r.phone.display for r in rows],
        "kinds": [r.phone.kind for r in rows],
        "names": [r.name for r in rows],
        "opted_out": [r.opted_out for r in rows],
        **{f"field:{v}": [r.fields.get(v, "") for r in rows] for v in variables},
    }


def columns(rows: RecipientRows, variables: list[str]) -> dict[str, list[Any]]:
    return {
        "digits": rows.digits(),
        "displays": rows.displays(),
        "kinds": rows.kinds(),
        "names": rows.names(),
        "opted_out": rows.opted_out(),
        **{f"field:{v}": rows.field_values(v) for v in variables},
    }


def test_import_gives_recipient_rows_that_behave_like_a_list() -> None:
    result = fresh()
    rows = result.valid
    assert isinstance(rows, RecipientRows)
    assert [r.source_row for r in rows] == [2, 3, 4, 5, 8]
    assert rows[0] is rows[0] and rows[-1] is rows[4] and rows[1:3] == [rows[1], rows[2]]
    assert rows == list(rows) and repr(rows) == repr(list(rows))
    assert rows == fresh().valid and rows != fresh().valid[:4]
    assert rows[1].merged_rows == 1 and (rows[1].fields["동"], rows[1].fields["메모"]) == (
        "7동",
        "있음",
    )
    assert rows[0].merged_rows == 1 and rows[0].fields == {"동": "3동", "메모": "VIP"}
    added = RecipientRow(normalize("010-9999-8888"), "추가")
    rows.append(added)
    assert len(rows) == 6 and rows[5] is added and added in rows
    del rows[0]
    assert [r.source_row for r in rows] == [3, 4, 5, 8, 0]


def test_columns_read_from_the_cells_equal_the_rows_attributes() -> None:
    variables = ["동", "메모", "없는 열"]
    expected = attributes(list(fresh().valid), variables)
    assert columns(fresh().valid, variables) == expected
    assert fresh().valid.text_columns(variables) == [
        expected["displays"],
        expected["digits"],
        expected["names"],
        *(expected[f"field:{v}"] for v in variables),
    ]
    assert expected["opted_out"] == [False, False, True, True, False]
    assert fresh().valid.opted_out_count() == fresh().opted_out_count == 2


def test_columns_see_edits_of_rows_made_since_and_rows_added() -> None:
    variables = ["동", "메모"]
    rows = fresh().valid
    shown = rows.copy()
    edited = shown[3]  # made through a copy (as the table does): the same object for all
    assert rows[3] is edited
    edited.name = "최예린2"
    edited.fields = {"동": "바뀜"}
    edited.opted_out = False
    edited.phone = normalize("010-1111-2222")
    assert columns(rows, variables) == attributes(list(fresh_after(rows)), variables)
    assert rows.opted_out_count() == 1
    rows.append(RecipientRow(normalize("02-765-4321"), "추가", {"메모": "m"}, 0, True))
    assert columns(rows, variables) == attributes(list(rows), variables)
    assert rows.opted_out_count() == 2
    assert shown.names()[3] == "최예린2" and len(shown) == 5  # the copy has its own order


def fresh_after(rows: RecipientRows) -> list[RecipientRow]:
    """The rows of `rows` read one by one through a copy (iteration makes all of them)."""
    return list(rows.copy())


def test_reorder_changes_only_that_list() -> None:
    rows = fresh().valid
    sorted_copy = rows.copy()
    names = sorted_copy.names()
    order = sorted(range(len(names)), key=names.__getitem__)
    sorted_copy.reorder(order)
    assert sorted_copy.names() == sorted(names)
    assert [r.name for r in sorted_copy] == sorted(names)
    assert [r.source_row for r in rows] == [2, 3, 4, 5, 8]
    assert all(a is b for a, b in zip(sorted_copy, [rows[i] for i in order], strict=True))


def test_find_looks_numbers_up_without_reading_rows() -> None:
    rows = fresh().valid
    assert rows.find(normalize("010-2345-6789")) is rows[0]
    assert rows.find(normalize("02-123-4567")) is rows[1]
    assert rows.find(normalize("+81 90 1234 5678")) is rows[2]
    assert rows.find(normalize("1588-1234")) is rows[4]
    assert rows.find(normalize("010-9999-9999")) is None
    assert RecipientRows().find(normalize("010-2345-6789")) is None
    rows[0].phone = normalize("010-5555-6666")  # an edited row is found by its new number
    assert rows.find(normalize("010-5555-6666")) is rows[0]
    assert rows.find(normalize("010-2345-6789")) is None


def test_fix_into_an_existing_number_counts_a_merge() -> None:
    result = fresh()
    assert [r.raw_phone for r in result.invalid] == ["010-123-456"]
    assert result.fix(0, "010 3456 7890") is None
    assert result.valid[3].merged_rows == 1 and result.duplicates[-1].kept_row == 5

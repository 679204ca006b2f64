"""Saved recipient lists: create, rename, merge, delete, rows, search, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from console.domain.phone import InvalidPhoneNumber
from console.services import recipient_lists as rl
from console.services.importing import build_recipients, guess_mapping, import_file, read_text
from console.services.recipient_lists import RecipientLists
from console.store.database import Database


@pytest.fixture
def lists(tmp_path: Path) -> RecipientLists:
    return RecipientLists(Database(tmp_path / "console.sqlite"))


TEXT = (
    "이름,휴대폰,회사\n"
    "김민준,010-2345-6789,한빛상사\n"
    "이서연,010-3456-7890,대한물산\n"
    "박지훈,010-123-456,새봄유통\n"
    "최예린,010 2345 6789,중복\n"
)


def imported() -> object:
    table = read_text(TEXT, "명단.csv")
    return build_recipients(table, guess_mapping(table), opt_out={"01034567890"})


def test_schema_versions_are_in_our_range(lists: RecipientLists) -> None:
    assert lists.db.user_version >= 30
    from console.store.database import registered_migrations

    ours = [m.version for m in registered_migrations() if m.name.startswith("recipient")]
    assert ours and all(30 <= v <= 39 for v in ours)


def test_save_import_keeps_valid_rows_and_problems(lists: RecipientLists) -> None:
    result = imported()
    info = lists.save_import(result, "  1월   안내 ")  # type: ignore[arg-type]
    assert (info.name, info.count, info.problems, info.columns) == ("1월 안내", 2, 1, ("회사",))
    recipients = lists.recipients(info.id, opt_out={"01034567890"})
    assert [(r.phone.digits, r.name, r.fields, r.opted_out) for r in recipients] == [
        ("01023456789", "김민준", {"회사": "한빛상사"}, False),
        ("01034567890", "이서연", {"회사": "대한물산"}, True),
    ]
    problems = lists.rows(info.id, problems=True)
    assert [(p.raw_phone, p.name, p.problem, p.phone) for p in problems] == [
        ("010-123-456", "박지훈", "bad_length", None)
    ]


def test_names_are_unique_and_checked(lists: RecipientLists) -> None:
    lists.create("거래처")
    with pytest.raises(rl.ListNameTaken) as info:
        lists.create("거래처")
    assert "거래처" in info.value.message("ko")
    with pytest.raises(rl.InvalidListName):
        lists.create("   ")
    with pytest.raises(rl.InvalidListName):
        lists.create("x" * 101)
    other = lists.create("임시")
    with pytest.raises(rl.ListNameTaken):
        lists.rename(other.id, "거래처")
    assert lists.rename(other.id, "고객").name == "고객"
    assert [i.name for i in lists.lists()] == ["거래처", "고객"]
    assert [i.name for i in lists.lists("고")] == ["고객"]


def test_failed_save_leaves_lists_untouched(lists: RecipientLists) -> None:
    first = lists.save_import(imported(), "고객")  # type: ignore[arg-type]
    with pytest.raises(rl.ListNameTaken):
        lists.save_import(imported(), "고객")  # type: ignore[arg-type]
    assert [(i.id, i.count, i.problems) for i in lists.lists()] == [(first.id, 2, 1)]


def test_append_import_to_existing_list(lists: RecipientLists) -> None:
    info = lists.save_import(imported(), "고객")  # type: ignore[arg-type]
    table = read_text("휴대폰,부서\n010-2345-6789,총무\n010-5555-6666,영업\n")
    more = build_recipients(table, guess_mapping(table))
    after = lists.save_import(more, "", list_id=info.id)
    assert after.count == 3  # 010-2345-6789 was already there
    assert after.columns == ("회사", "부서")


def test_add_edit_remove_rows(lists: RecipientLists) -> None:
    info = lists.create("고객", ["회사"])
    row = lists.add(info.id, "+82 10-2345-6789", " 김민준 ", {"회사": "한빛"})
    assert (row.phone, row.kind, row.name) == ("01023456789", "mobile", "김민준")
    with pytest.raises(rl.NumberAlreadyInList) as dup:
        lists.add(info.id, "01023456789")
    assert "010-2345-6789" in dup.value.message("ko")
    with pytest.raises(InvalidPhoneNumber):
        lists.add(info.id, "010-12")
    second = lists.add(info.id, "02-123-4567", "본사")
    with pytest.raises(rl.NumberAlreadyInList):
        lists.edit(second.id, "010-2345-6789")
    edited = lists.edit(second.id, "031-123-4567", fields={"회사": "지점"})
    assert (edited.phone, edited.kind, edited.name, edited.fields) == (
        "0311234567", "landline", "본사", {"회사": "지점"}
    )  # fmt: skip
    assert lists.remove([row.id]) == 1
    assert [r.phone for r in lists.rows(info.id)] == ["0311234567"]


def test_fixing_a_problem_row_makes_it_valid(lists: RecipientLists) -> None:
    info = lists.save_import(imported(), "고객")  # type: ignore[arg-type]
    problem = lists.rows(info.id, problems=True)[0]
    with pytest.raises(InvalidPhoneNumber):
        lists.edit(problem.id, "010-123-45")
    assert lists.rows(info.id, problems=True)[0].raw_phone == "010-123-456"  # unchanged
    fixed = lists.edit(problem.id, "010-1234-4567")
    assert (fixed.phone, fixed.problem, fixed.name) == ("01012344567", None, "박지훈")
    assert (lists.get(info.id).count, lists.get(info.id).problems) == (3, 0)


def test_search(lists: RecipientLists) -> None:
    info = lists.save_import(imported(), "고객")  # type: ignore[arg-type]
    assert [r.name for r in lists.rows(info.id, "7890")] == ["이서연"]
    assert [r.name for r in lists.rows(info.id, "010-3456-7890")] == ["이서연"]
    assert [r.name for r in lists.rows(info.id, "한빛")] == ["김민준"]
    assert [r.name for r in lists.rows(info.id, "박지훈", problems=None)] == ["박지훈"]


def test_merge_and_delete(lists: RecipientLists) -> None:
    a = lists.save_import(imported(), "A")  # type: ignore[arg-type]
    b = lists.create("B", ["부서"])
    lists.add(b.id, "010-2345-6789", "중복")
    lists.add(b.id, "010-9999-8888", "새 사람", {"부서": "영업"})
    merged = lists.merge([a.id, b.id], "A+B")
    assert (merged.count, merged.problems, merged.columns) == (3, 1, ("회사", "부서"))
    assert {i.name for i in lists.lists()} == {"A", "B", "A+B"}
    with pytest.raises(rl.ListNameTaken):
        lists.merge([a.id, b.id], "A")
    moved = lists.merge([a.id, b.id], "전체", delete_sources=True)
    assert {i.name for i in lists.lists()} == {"A+B", "전체"} and moved.count == 3
    lists.delete(moved.id)
    assert [i.name for i in lists.lists()] == ["A+B"]
    with pytest.raises(rl.ListNotFound):
        lists.get(moved.id)


def test_export_list_and_problems(lists: RecipientLists, tmp_path: Path) -> None:
    info = lists.save_import(imported(), "고객/1월")  # type: ignore[arg-type]
    xlsx = lists.export(info.id, tmp_path / "고객.xlsx")
    ws = load_workbook(xlsx).active
    assert ws is not None
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["전화번호", "이름", "회사"],
        ["010-2345-6789", "김민준", "한빛상사"],
        ["010-3456-7890", "이서연", "대한물산"],
    ]
    csv_path = lists.export(info.id, tmp_path / "problems.csv", problems=True, language="en")
    data = csv_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[1].startswith("010-123-456,박지훈,새봄유통,")
    # The exported list imports back to the same recipients.
    again = import_file(xlsx)
    assert [r.phone.digits for r in again.valid] == ["01023456789", "01034567890"]

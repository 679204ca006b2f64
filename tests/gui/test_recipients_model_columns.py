"""RecipientTableModel on the rows of an import: sorts and searches read columns, not rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPersistentModelIndex, Qt

from console.domain.phone import normalize
from console.services import importing as imp
from console.services.importing import RecipientRow, RecipientRows
from console.ui.recipients.models import RecipientTableModel, RowRole, SearchProxy

TEXT = (
    "이름,휴대폰,동,메모\n"
    "박지훈,010-4567-8901,3동,b\n"
    "김민준,02-123-4567,,a\n"
    "이서연,+81 90-1234-5678,1동,\n"
    "김민준,1588-1234,2동,c\n"
    "최예린,011-234-5678,3동,A\n"
    ",010-4567-8901,9동,\n"
    "정도윤,010 3456 7890,,\n"
)


def old_key(model: RecipientTableModel, row: RecipientRow, column: int) -> Any:
    """The sort key the model used when it sorted row objects."""
    if column == model.COL_NUMBER:
        return row.phone.digits
    if column == model.COL_OPT_OUT:
        return row.opted_out
    if column < 4:
        return model.fixed_value(row, column)
    return str(row.fields.get(model.variables[column - 4], ""))


def test_sorts_and_search_texts_match_the_row_objects(qtbot: Any) -> None:
    table = imp.read_text(TEXT)

    def fresh_model() -> tuple[RecipientTableModel, SearchProxy, imp.ImportResult]:
        result = imp.build_recipients(table, imp.guess_mapping(table), opt_out={"01034567890"})
        assert isinstance(result.valid, RecipientRows)
        model = RecipientTableModel()
        proxy = SearchProxy()
        proxy.setSourceModel(model)
        model.set_rows(result.valid, result.columns)
        return model, proxy, result

    model, proxy, result = fresh_model()
    assert model.opted_out_count() == 1
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model, proxy, result = fresh_model()  # rows not made yet: read from the cells
            proxy.sort(column, order)
            shown = [proxy.index(r, 0).data(RowRole).source_row for r in range(proxy.rowCount())]
            by_objects = sorted(
                list(fresh_model()[2].valid),
                key=lambda r, c=column: old_key(model, r, c),
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
            assert shown == [r.source_row for r in by_objects], (column, order)
            # A second sort, now over rows the first one's check made, sorts stably.
            before = [model.row_object(r) for r in range(model.rowCount())]
            proxy.sort(RecipientTableModel.COL_NAME, order)
            again = sorted(
                before,
                key=lambda r: r.name,
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
            assert [model.row_object(r) for r in range(model.rowCount())] == again
    model, proxy, result = fresh_model()
    texts = [model.search_text(r) for r in range(model.rowCount())]
    for r in range(model.rowCount()):
        row = model.row_object(r)
        expected = "\x1f".join(
            [row.phone.display, row.phone.digits, row.name]
            + [row.fields.get(v, "") for v in model.variables]
        ).lower()
        assert texts[r] == expected
    model.sort(RecipientTableModel.COL_NAME)
    assert [r.source_row for r in result.valid] == [2, 3, 4, 5, 6, 8]  # not reordered


def test_sort_keeps_persistent_indexes_and_search_texts_follow(qtbot: Any) -> None:
    table = imp.read_text(TEXT)
    result = imp.build_recipients(table, imp.guess_mapping(table))
    model = RecipientTableModel()
    model.editor = lambda row, key, text: True
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    model.set_rows(result.valid, result.columns)
    proxy.set_search("a")  # builds the search texts before the sort
    assert proxy.rowCount() == 2  # 메모 a and A
    held = QPersistentModelIndex(model.index(0, 1))
    first = model.row_object(0)
    model.sort(RecipientTableModel.COL_NAME, Qt.SortOrder.DescendingOrder)
    assert model.row_object(held.row()) is first
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == [
        "최예린", "정도윤", "이서연", "박지훈", "김민준", "김민준",
    ]  # fmt: skip
    proxy.set_search("3동")
    shown = {proxy.index(r, 1).data() for r in range(proxy.rowCount())}
    assert shown == {"박지훈", "최예린"}
    # An edit of a row the view made is what the next sort and search see.
    index = model.index(held.row(), RecipientTableModel.COL_NAME)
    first.name = "가나다"
    model.refresh()
    assert index.data() == "가나다"
    model.sort(RecipientTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 1).data() == "가나다"
    proxy.set_search("가나")
    assert proxy.rowCount() == 1
    proxy.set_search("7777")
    assert proxy.rowCount() == 0
    first.phone = normalize("010-7777-8888")
    model.refresh()  # the same search, on the changed rows
    assert proxy.rowCount() == 1
    model.sort(RecipientTableModel.COL_NUMBER, Qt.SortOrder.DescendingOrder)
    assert proxy.rowCount() == 1 and proxy.index(0, 1).data() == "가나다"
    model.set_rows(imp.build_recipients(table, imp.guess_mapping(table)).valid, [])
    assert proxy.rowCount() == 0

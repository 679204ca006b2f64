"""Saved recipient lists: the use cases behind the Recipients pane's address book.

Every number written to a list has gone through :func:`console.domain.phone.normalize`;
rows whose number is still invalid are stored as problems (``phone`` NULL) so that the
user can fix them later. Every operation is one transaction: a failure leaves the lists
as they were.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

from console.domain.models import Recipient as DomainRecipient
from console.domain.phone import KOREA, PhoneKind, PhoneNumber, normalize, reason_text
from console.errors import ConsoleError
from console.services import importing
from console.services.exporting import export_table
from console.services.importing import ColumnMapping, ImportResult, RawTable, RecipientRow
from console.store.database import Database
from console.store.recipients import (
    DuplicateListName,
    ListInfo,
    RecipientStore,
    RowData,
    StoredRow,
)

MAX_NAME = 100


class RecipientListError(ConsoleError):
    """A list operation that was refused (nothing was changed)."""


class ListNameTaken(RecipientListError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"A list named '{name}' already exists. Choose another name.",
            f"'{name}' 이름의 목록이 이미 있습니다. 다른 이름을 입력해 주세요.",
        )


class InvalidListName(RecipientListError):
    def __init__(self) -> None:
        super().__init__(
            f"Enter a list name (1 to {MAX_NAME} characters).",
            f"목록 이름을 입력해 주세요(1~{MAX_NAME}자).",
        )


class ListNotFound(RecipientListError):
    def __init__(self, list_id: int) -> None:
        super().__init__(
            f"The list (#{list_id}) no longer exists; it may have been deleted.",
            f"목록(#{list_id})이 더 이상 없습니다. 삭제되었을 수 있습니다.",
        )


class NumberAlreadyInList(RecipientListError):
    def __init__(self, display: str) -> None:
        super().__init__(
            f"{display} is already in this list.",
            f"{display} 번호는 이미 이 목록에 있습니다.",
        )


def _row_from_phone(phone: PhoneNumber, raw: str, name: str, fields: Mapping[str, str]) -> RowData:
    return RowData(phone.digits, phone.country_code, phone.kind, raw, name, dict(fields))


def stored_to_recipient(row: StoredRow, opt_out: Collection[str] = ()) -> RecipientRow:
    """A stored valid row as a :class:`RecipientRow` (flagged if on the opt-out list)."""
    assert row.phone is not None
    kind = row.kind if row.kind in ("mobile", "landline", "representative") else "international"
    phone = PhoneNumber(row.phone, row.country_code, kind)  # type: ignore[arg-type]
    return RecipientRow(phone, row.name, dict(row.fields), row.id, row.phone in opt_out)


class RecipientLists:
    """Named lists of recipients kept in the console's database."""

    def __init__(self, db: Database, default_country: str = KOREA) -> None:
        self.db = db
        self.store = RecipientStore(db)
        self.default_country = default_country

    # lists ---------------------------------------------------------------------------------

    def lists(self, search: str = "") -> list[ListInfo]:
        return self.store.lists(search.strip())

    def find(self, list_id: int) -> ListInfo | None:
        """The list, or None when it no longer exists."""
        return self.store.get_list(list_id)

    def get(self, list_id: int) -> ListInfo:
        info = self.store.get_list(list_id)
        if info is None:
            raise ListNotFound(list_id)
        return info

    def create(self, name: str, columns: Sequence[str] = ()) -> ListInfo:
        name = self._check_name(name)
        try:
            list_id = self.store.create_list(name, columns)
        except DuplicateListName:
            raise ListNameTaken(name) from None
        return self.get(list_id)

    def rename(self, list_id: int, name: str) -> ListInfo:
        name = self._check_name(name)
        self.get(list_id)
        try:
            self.store.rename_list(list_id, name)
        except DuplicateListName:
            raise ListNameTaken(name) from None
        return self.get(list_id)

    def delete(self, list_id: int) -> None:
        self.store.delete_list(list_id)

    def merge(
        self, list_ids: Sequence[int], name: str, *, delete_sources: bool = False
    ) -> ListInfo:
        """A new list `name` with the rows of `list_ids` (a number once; problems kept)."""
        name = self._check_name(name)
        infos = [self.get(i) for i in list_ids]
        columns: list[str] = []
        for info in infos:
            columns += [c for c in info.columns if c not in columns]
        with self.db.transaction():
            try:
                new_id = self.store.create_list(name, columns)
            except DuplicateListName:
                raise ListNameTaken(name) from None
            for info in infos:
                self.store.add_rows(new_id, self.store.rows(info.id, problems=None))
            if delete_sources:
                for info in infos:
                    self.store.delete_list(info.id)
        return self.get(new_id)

    def save_import(
        self,
        result: ImportResult,
        name: str,
        *,
        list_id: int | None = None,
        include_problems: bool = True,
    ) -> ListInfo:
        """Save an import as a new list `name`, or append it to list `list_id` (one transaction)."""
        rows: list[RowData] = [
            _row_from_phone(r.phone, r.phone.digits, r.name, r.fields) for r in result.valid
        ]
        if include_problems:
            rows += [
                RowData(None, self.default_country, "", r.raw_phone, r.name, dict(r.fields), r.code)
                for r in result.invalid
            ]
        with self.db.transaction():
            if list_id is None:
                name = self._check_name(name)
                try:
                    list_id = self.store.create_list(name, result.columns)
                except DuplicateListName:
                    raise ListNameTaken(name) from None
            else:
                info = self.get(list_id)
                columns = list(info.columns) + [c for c in result.columns if c not in info.columns]
                self.store.set_columns(list_id, columns)
            self.store.add_rows(list_id, rows)
        return self.get(list_id)

    def remembered_mapping(self, table: RawTable) -> ColumnMapping | None:
        """The column mapping last confirmed for files laid out like `table`."""
        return importing.remembered_mapping(self.store, table)

    def remember_mapping(self, table: RawTable, mapping: ColumnMapping) -> None:
        importing.remember_mapping(self.store, table, mapping)

    def _check_name(self, name: str) -> str:
        name = " ".join(name.split())
        if not name or len(name) > MAX_NAME:
            raise InvalidListName()
        return name

    # rows ----------------------------------------------------------------------------------

    def rows(
        self, list_id: int, search: str = "", *, problems: bool | None = False
    ) -> list[StoredRow]:
        return self.store.rows(list_id, search.strip(), problems=problems)

    def recipients(
        self, list_id: int, search: str = "", *, opt_out: Collection[str] = ()
    ) -> list[RecipientRow]:
        """The valid rows as recipients (what Compose gets), flagged against `opt_out`."""
        opt = opt_out if isinstance(opt_out, frozenset | set) else frozenset(opt_out)
        return [stored_to_recipient(r, opt) for r in self.rows(list_id, search)]

    def domain_recipients(self, list_id: int, search: str = "") -> list[DomainRecipient]:
        """The valid rows as :class:`console.domain.models.Recipient` (for Compose)."""
        return [r.to_domain() for r in self.recipients(list_id, search)]

    def add(
        self, list_id: int, raw_phone: str, name: str = "", fields: Mapping[str, str] | None = None
    ) -> StoredRow:
        """Add one recipient; raises InvalidPhoneNumber or NumberAlreadyInList."""
        self.get(list_id)
        phone = normalize(raw_phone, self.default_country)
        added, _ = self.store.add_rows(
            list_id, [_row_from_phone(phone, raw_phone, name.strip(), fields or {})]
        )
        if not added:
            raise NumberAlreadyInList(phone.display)
        row = self.store.rows(list_id, phone.digits)
        return next(
            r for r in row if r.phone == phone.digits and r.country_code == phone.country_code
        )

    def edit(
        self,
        row_id: int,
        raw_phone: str,
        name: str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> StoredRow:
        """Change a row; a problem row whose number now validates becomes a valid row.

        Raises InvalidPhoneNumber (row unchanged) or NumberAlreadyInList.
        """
        current = self.store.row(row_id)
        if current is None:
            raise RecipientListError(
                "The row no longer exists; reload the list.",
                "행이 더 이상 없습니다. 목록을 다시 불러와 주세요.",
            )
        phone = normalize(raw_phone, self.default_country)
        new = _row_from_phone(
            phone,
            raw_phone,
            current.name if name is None else name.strip(),
            current.fields if fields is None else fields,
        )
        try:
            self.store.update_row(row_id, new)
        except sqlite3.IntegrityError:
            raise NumberAlreadyInList(phone.display) from None
        stored = self.store.row(row_id)
        assert stored is not None
        return stored

    def remove(self, row_ids: Iterable[int]) -> int:
        return self.store.delete_rows(row_ids)

    # export --------------------------------------------------------------------------------

    def export(
        self, list_id: int, path: Path | str, *, problems: bool = False, language: str = "ko"
    ) -> Path:
        """Write the list (or its problem rows, with the reason) to .xlsx or .csv."""
        info = self.get(list_id)
        ko = language.startswith("ko")
        headers = ["전화번호" if ko else "phone", "이름" if ko else "name", *info.columns]
        rows: list[list[str]]
        if problems:
            headers.append("오류 사유" if ko else "Problem")
            rows = [
                [
                    r.raw_phone,
                    r.name,
                    *(r.fields.get(c, "") for c in info.columns),
                    reason_text(r.problem or "", language),
                ]
                for r in self.rows(list_id, problems=True)
            ]
        else:
            rows = [
                [_display(r), r.name, *(r.fields.get(c, "") for c in info.columns)]
                for r in self.rows(list_id)
            ]
        return export_table(path, headers, rows, sheet_title=info.name)


def _display(row: StoredRow) -> str:
    """The number as the user knows it (010-1234-5678); it re-imports to the same digits."""
    if row.country_code != KOREA:
        return f"+{row.country_code}{row.phone}"
    kind: PhoneKind = "representative" if row.kind == "representative" else "mobile"
    return PhoneNumber(row.phone or "", KOREA, kind).display

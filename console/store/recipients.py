"""Saved recipient lists (address-book groups) and remembered column layouts.

Tables (versions 30-39):

- ``recipient_lists``: one row per named list; ``columns_json`` is the ordered list of
  personalisation variable names.
- ``recipient_rows``: the rows of a list; ``phone`` (national-form digits) is NULL for a
  row whose number is still invalid (``problem`` then holds the reason code and
  ``raw_phone`` what the user typed). A number appears at most once per list.
- ``recipient_layouts``: the column mapping last confirmed per header layout.

Plain values in and out; validation lives in :mod:`console.services.recipient_lists`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from console.store.database import Database, migration

migration(
    30,
    "recipient lists",
    """
    CREATE TABLE IF NOT EXISTS recipient_lists (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE,
        columns_json TEXT NOT NULL DEFAULT '[]',
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS recipient_rows (
        id           INTEGER PRIMARY KEY,
        list_id      INTEGER NOT NULL REFERENCES recipient_lists(id) ON DELETE CASCADE,
        phone        TEXT,
        country_code TEXT NOT NULL DEFAULT '82',
        kind         TEXT NOT NULL DEFAULT '',
        raw_phone    TEXT NOT NULL DEFAULT '',
        name         TEXT NOT NULL DEFAULT '',
        fields_json  TEXT NOT NULL DEFAULT '{}',
        problem      TEXT
    );
    CREATE UNIQUE INDEX IF NOT EXISTS recipient_rows_number
        ON recipient_rows(list_id, country_code, phone) WHERE phone IS NOT NULL;
    CREATE INDEX IF NOT EXISTS recipient_rows_list ON recipient_rows(list_id, id);
    CREATE TABLE IF NOT EXISTS recipient_layouts (
        signature    TEXT PRIMARY KEY,
        mapping_json TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );
    """,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ListInfo:
    id: int
    name: str
    columns: tuple[str, ...]
    count: int
    problems: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class RowData:
    """A row to write: `phone` None means an invalid number (see `problem`)."""

    phone: str | None
    country_code: str = "82"
    kind: str = ""
    raw_phone: str = ""
    name: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    problem: str | None = None


@dataclass(frozen=True)
class StoredRow(RowData):
    id: int = 0
    list_id: int = 0


class DuplicateListName(ValueError):
    """A list with this name exists already."""


class RecipientStore:
    """SQL for recipient lists; every method is one transaction (or one read)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # lists ---------------------------------------------------------------------------------

    def create_list(self, name: str, columns: Sequence[str] = ()) -> int:
        now = _now()
        try:
            with self.db.transaction() as conn:
                cur = conn.execute(
                    "INSERT INTO recipient_lists(name, columns_json, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?)",
                    (name, json.dumps(list(columns), ensure_ascii=False), now, now),
                )
        except sqlite3.IntegrityError as exc:
            raise DuplicateListName(name) from exc
        return int(cur.lastrowid or 0)

    def rename_list(self, list_id: int, name: str) -> None:
        try:
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE recipient_lists SET name = ?, updated_at = ? WHERE id = ?",
                    (name, _now(), list_id),
                )
        except sqlite3.IntegrityError as exc:
            raise DuplicateListName(name) from exc

    def set_columns(self, list_id: int, columns: Sequence[str]) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE recipient_lists SET columns_json = ?, updated_at = ? WHERE id = ?",
                (json.dumps(list(columns), ensure_ascii=False), _now(), list_id),
            )

    def delete_list(self, list_id: int) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM recipient_lists WHERE id = ?", (list_id,))

    def lists(self, search: str = "") -> list[ListInfo]:
        """All lists (name contains `search`, case-insensitive), by name."""
        sql = (
            "SELECT l.id, l.name, l.columns_json, l.created_at, l.updated_at, "
            " (SELECT COUNT(*) FROM recipient_rows r WHERE r.list_id = l.id "
            "   AND r.phone IS NOT NULL) AS n, "
            " (SELECT COUNT(*) FROM recipient_rows r WHERE r.list_id = l.id "
            "   AND r.phone IS NULL) AS p "
            "FROM recipient_lists l WHERE instr(lower(l.name), lower(?)) > 0 ORDER BY l.name"
        )
        return [
            ListInfo(
                int(r["id"]),
                str(r["name"]),
                tuple(json.loads(r["columns_json"])),
                int(r["n"]),
                int(r["p"]),
                str(r["created_at"]),
                str(r["updated_at"]),
            )
            for r in self.db.connection().execute(sql, (search,))
        ]

    def get_list(self, list_id: int) -> ListInfo | None:
        for info in self.lists():
            if info.id == list_id:
                return info
        return None

    def find_list(self, name: str) -> ListInfo | None:
        for info in self.lists(name):
            if info.name == name:
                return info
        return None

    # rows ----------------------------------------------------------------------------------

    def add_rows(self, list_id: int, rows: Iterable[RowData]) -> tuple[int, int]:
        """Append rows; a valid number already in the list is skipped.

        Returns (added, skipped duplicates).
        """
        added = skipped = 0
        with self.db.transaction() as conn:
            for row in rows:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO recipient_rows(list_id, phone, country_code, kind, "
                    "raw_phone, name, fields_json, problem) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        list_id,
                        row.phone,
                        row.country_code,
                        row.kind,
                        row.raw_phone,
                        row.name,
                        json.dumps(row.fields, ensure_ascii=False),
                        row.problem,
                    ),
                )
                if cur.rowcount:
                    added += 1
                else:
                    skipped += 1
            conn.execute(
                "UPDATE recipient_lists SET updated_at = ? WHERE id = ?", (_now(), list_id)
            )
        return added, skipped

    def update_row(self, row_id: int, row: RowData) -> None:
        """Replace a row's values; raises sqlite3.IntegrityError if the number is taken."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE recipient_rows SET phone = ?, country_code = ?, kind = ?, raw_phone = ?, "
                "name = ?, fields_json = ?, problem = ? WHERE id = ?",
                (
                    row.phone,
                    row.country_code,
                    row.kind,
                    row.raw_phone,
                    row.name,
                    json.dumps(row.fields, ensure_ascii=False),
                    row.problem,
                    row_id,
                ),
            )
            conn.execute(
                "UPDATE recipient_lists SET updated_at = ? "
                "WHERE id = (SELECT list_id FROM recipient_rows WHERE id = ?)",
                (_now(), row_id),
            )

    def delete_rows(self, row_ids: Iterable[int]) -> int:
        ids = list(row_ids)
        with self.db.transaction() as conn:
            n = 0
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                marks = ",".join("?" * len(part))
                n += conn.execute(
                    f"DELETE FROM recipient_rows WHERE id IN ({marks})", part
                ).rowcount
        return n

    def rows(
        self, list_id: int, search: str = "", *, problems: bool | None = False
    ) -> list[StoredRow]:
        """Rows of a list in insertion order.

        `problems`: False = valid rows, True = invalid rows, None = both. `search` matches
        the number, the name or any field value.
        """
        sql = "SELECT * FROM recipient_rows WHERE list_id = ?"
        params: list[object] = [list_id]
        if problems is True:
            sql += " AND phone IS NULL"
        elif problems is False:
            sql += " AND phone IS NOT NULL"
        if search:
            # "010-3456" finds 01034567890: numbers are compared by their digits.
            digits = "".join(ch for ch in search if ch.isdigit()) or search
            sql += (
                " AND (instr(coalesce(phone, ''), ?) > 0 OR instr(raw_phone, ?) > 0"
                " OR instr(lower(name), lower(?)) > 0 OR instr(lower(fields_json), lower(?)) > 0)"
            )
            params += [digits, search, search, search]
        sql += " ORDER BY id"
        return [_stored(r) for r in self.db.connection().execute(sql, params)]

    def row(self, row_id: int) -> StoredRow | None:
        r = (
            self.db.connection()
            .execute("SELECT * FROM recipient_rows WHERE id = ?", (row_id,))
            .fetchone()
        )
        return None if r is None else _stored(r)

    # layouts -------------------------------------------------------------------------------

    def save_layout(self, signature: str, mapping_json: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO recipient_layouts(signature, mapping_json, updated_at) "
                "VALUES (?, ?, ?) ON CONFLICT(signature) DO UPDATE SET "
                "mapping_json = excluded.mapping_json, updated_at = excluded.updated_at",
                (signature, mapping_json, _now()),
            )

    def load_layout(self, signature: str) -> str | None:
        r = (
            self.db.connection()
            .execute("SELECT mapping_json FROM recipient_layouts WHERE signature = ?", (signature,))
            .fetchone()
        )
        return None if r is None else str(r[0])


def _stored(r: sqlite3.Row) -> StoredRow:
    return StoredRow(
        phone=r["phone"],
        country_code=r["country_code"],
        kind=r["kind"],
        raw_phone=r["raw_phone"],
        name=r["name"],
        fields=json.loads(r["fields_json"]),
        problem=r["problem"],
        id=int(r["id"]),
        list_id=int(r["list_id"]),
    )

"""The local copy of each SENS service's 080 opt-out list.

Compose excludes and Recipients flags these numbers even when SENS cannot be reached, so
the list is cached per service:

``optout_numbers``
    ``service_id``, ``number`` (as SENS lists it: digits without hyphens), ``registered_at``
    (UTC ISO, NULL when SENS gave none), ``kind`` ('M' added by hand, 'C' by a call to the
    080 number), primary key (service_id, number).

``optout_sync``
    ``service_id`` (primary key), ``synced_at`` (UTC ISO of the last complete download:
    the cache's age), ``count``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from console.store.database import Database, migration

migration(
    41,
    "080 opt-out cache",
    """
    CREATE TABLE IF NOT EXISTS optout_numbers (
        service_id    TEXT NOT NULL,
        number        TEXT NOT NULL,
        registered_at TEXT,
        kind          TEXT,
        PRIMARY KEY (service_id, number)
    );
    CREATE TABLE IF NOT EXISTS optout_sync (
        service_id TEXT PRIMARY KEY,
        synced_at  TEXT NOT NULL,
        count      INTEGER NOT NULL
    );
    """,
)


@dataclass(frozen=True)
class OptOutEntry:
    """One number on the opt-out list."""

    number: str
    registered_at: datetime | None
    kind: str | None


def _utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _parse(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _row(row: sqlite3.Row) -> OptOutEntry:
    return OptOutEntry(row["number"], _parse(row["registered_at"]), row["kind"])


def replace_all(
    db: Database, service_id: str, entries: Iterable[OptOutEntry], synced_at: datetime
) -> int:
    """Replace the cached list of `service_id` with a complete download; returns the count."""
    rows = [(service_id, e.number, _utc(e.registered_at), e.kind) for e in entries]
    with db.transaction() as conn:
        conn.execute("DELETE FROM optout_numbers WHERE service_id = ?", (service_id,))
        conn.executemany(
            "INSERT OR REPLACE INTO optout_numbers (service_id, number, registered_at, kind) "
            "VALUES (?, ?, ?, ?)",
            rows,
        )
        count = conn.execute(
            "SELECT COUNT(*) FROM optout_numbers WHERE service_id = ?", (service_id,)
        ).fetchone()[0]
        conn.execute(
            "INSERT OR REPLACE INTO optout_sync (service_id, synced_at, count) VALUES (?, ?, ?)",
            (service_id, _utc(synced_at), count),
        )
    return int(count)


def upsert(db: Database, service_id: str, entries: Iterable[OptOutEntry]) -> None:
    """Add (or update) numbers SENS confirmed it registered."""
    rows = [(service_id, e.number, _utc(e.registered_at), e.kind) for e in entries]
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO optout_numbers (service_id, number, registered_at, kind) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (service_id, number) DO UPDATE SET "
            "registered_at = COALESCE(excluded.registered_at, registered_at), "
            "kind = COALESCE(excluded.kind, kind)",
            rows,
        )


def remove(db: Database, service_id: str, numbers: Sequence[str]) -> None:
    """Forget numbers SENS took off the list."""
    with db.transaction() as conn:
        conn.executemany(
            "DELETE FROM optout_numbers WHERE service_id = ? AND number = ?",
            [(service_id, n) for n in numbers],
        )


def entries(db: Database, service_id: str, search: str = "") -> list[OptOutEntry]:
    """The cached list (newest registration first); `search` matches digits anywhere."""
    digits = "".join(ch for ch in search if ch.isdigit())
    sql = "SELECT number, registered_at, kind FROM optout_numbers WHERE service_id = ?"
    params: list[str] = [service_id]
    if digits:
        sql += " AND instr(number, ?) > 0"
        params.append(digits)
    sql += " ORDER BY registered_at DESC, number"
    return [_row(r) for r in db.connection().execute(sql, params)]


def numbers(db: Database, service_id: str) -> set[str]:
    """Just the numbers of the cached list."""
    rows = db.connection().execute(
        "SELECT number FROM optout_numbers WHERE service_id = ?", (service_id,)
    )
    return {row[0] for row in rows}


def synced_at(db: Database, service_id: str) -> datetime | None:
    """When the cached list was last downloaded whole (None: never)."""
    row = db.connection().execute(
        "SELECT synced_at FROM optout_sync WHERE service_id = ?", (service_id,)
    ).fetchone()
    return _parse(row[0]) if row is not None else None

"""The compose pane's autosaved draft (one per profile) and saved message templates.

Tables (versions 53-59):

- ``compose_drafts``: the draft being written, per profile, in three rows (``part``):
  ``fields`` (text, subject, caller, options; rewritten on every autosave),
  ``recipients`` and ``images`` (rewritten only when they change). Separate rows, not
  columns: SQLite rewrites a whole row on UPDATE, and a 100,000-recipient list must not
  be rewritten on every pause in typing.
- ``message_templates``: named templates (text, subject, content type), unique by name.

Plain values in and out; :mod:`console.services.drafts` gives them meaning.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from console.store.database import Database, migration

migration(
    53,
    "compose drafts",
    """
    CREATE TABLE IF NOT EXISTS compose_drafts (
        profile    TEXT NOT NULL,
        part       TEXT NOT NULL,   -- 'fields', 'recipients' or 'images'
        data_json  TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (profile, part)
    );
    """,
)

migration(
    54,
    "message templates",
    """
    CREATE TABLE IF NOT EXISTS message_templates (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE,
        content      TEXT NOT NULL,
        subject      TEXT NOT NULL DEFAULT '',
        content_type TEXT NOT NULL DEFAULT 'COMM',
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );
    """,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredDraft:
    profile: str
    fields: Mapping[str, Any]
    recipients: Sequence[Mapping[str, Any]]
    images: Sequence[Mapping[str, Any]]
    updated_at: datetime


@dataclass(frozen=True)
class StoredTemplate:
    id: int
    name: str
    content: str
    subject: str
    content_type: str
    updated_at: datetime

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StoredTemplate:
        return cls(
            id=int(row["id"]),
            name=row["name"],
            content=row["content"],
            subject=row["subject"],
            content_type=row["content_type"],
            updated_at=datetime.fromisoformat(row["updated_at"]),
        )


class DraftStore:
    """The ``compose_drafts`` and ``message_templates`` tables; one transaction per call."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- draft -----------------------------------------------------------------------------

    def _upsert(self, profile: str, part: str, value: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO compose_drafts (profile, part, data_json, updated_at) "
                "VALUES (?,?,?,?) ON CONFLICT(profile, part) DO UPDATE SET "
                "data_json = excluded.data_json, updated_at = excluded.updated_at",
                (profile, part, value, _now()),
            )

    def save_fields(self, profile: str, fields: Mapping[str, Any]) -> None:
        self._upsert(profile, "fields", json.dumps(dict(fields), ensure_ascii=False))

    def save_recipients(self, profile: str, recipients: Sequence[Mapping[str, Any]]) -> None:
        self._upsert(profile, "recipients", json.dumps(list(recipients), ensure_ascii=False))

    def save_images(self, profile: str, images: Sequence[Mapping[str, Any]]) -> None:
        self._upsert(profile, "images", json.dumps(list(images)))

    def load(self, profile: str) -> StoredDraft | None:
        rows = (
            self.db.connection()
            .execute("SELECT * FROM compose_drafts WHERE profile = ?", (profile,))
            .fetchall()
        )
        if not rows:
            return None
        parts = {row["part"]: json.loads(row["data_json"]) for row in rows}
        return StoredDraft(
            profile=profile,
            fields=parts.get("fields") or {},
            recipients=parts.get("recipients") or [],
            images=parts.get("images") or [],
            updated_at=max(datetime.fromisoformat(row["updated_at"]) for row in rows),
        )

    def delete(self, profile: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM compose_drafts WHERE profile = ?", (profile,))

    # --- templates -------------------------------------------------------------------------

    def templates(self) -> list[StoredTemplate]:
        rows = (
            self.db.connection()
            .execute("SELECT * FROM message_templates ORDER BY name COLLATE NOCASE")
            .fetchall()
        )
        return [StoredTemplate.from_row(row) for row in rows]

    def template(self, template_id: int) -> StoredTemplate | None:
        row = (
            self.db.connection()
            .execute("SELECT * FROM message_templates WHERE id = ?", (template_id,))
            .fetchone()
        )
        return StoredTemplate.from_row(row) if row is not None else None

    def save_template(
        self, name: str, content: str, subject: str = "", content_type: str = "COMM"
    ) -> StoredTemplate:
        """Insert `name`, or replace the template of that name; returns the stored row."""
        now = _now()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO message_templates (name, content, subject, content_type, "
                "created_at, updated_at) VALUES (?,?,?,?,?,?) ON CONFLICT(name) DO UPDATE SET "
                "content = excluded.content, subject = excluded.subject, "
                "content_type = excluded.content_type, updated_at = excluded.updated_at",
                (name, content, subject, content_type, now, now),
            )
            row = conn.execute(
                "SELECT * FROM message_templates WHERE name = ?", (name,)
            ).fetchone()
        return StoredTemplate.from_row(row)

    def delete_template(self, template_id: int) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM message_templates WHERE id = ?", (template_id,))

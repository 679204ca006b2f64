"""Accepted send requests and their recipients: what History lists.

Two tables, one row per accepted request and one per recipient:

``sent_requests``
    ``request_id`` (SENS requestId, primary key), ``job_id``/``batch_seq`` (the send job
    and batch that produced it; NULL for requests found on the server by a history
    search), ``origin`` ('console' or 'server'), ``profile``, ``provider`` ('sens' or
    'apiplex'), ``service_id``, ``accepted_at`` (server request time, UTC ISO 8601),
    ``type`` (SMS/LMS/MMS), ``content_type`` (COMM/AD), ``country_code``, ``caller``,
    ``subject``, ``content`` (the request's default text), ``files`` (JSON list of
    fileIds), ``recipient_count``, ``cost`` (won, estimate), ``reserve_time``
    ("yyyy-MM-dd HH:mm" as sent) and ``reserve_tz``, ``status`` (request state:
    'accepted', 'reserved', 'cancelled', ...), the counters ``success_count``,
    ``fail_count``, ``pending_count`` (kept by the history poller; a new request is all
    pending), ``final`` (1 when every message has a final result), ``next_poll_at`` and
    ``last_polled_at`` (poller bookkeeping), ``updated_at``.

``sent_messages``
    ``id`` (rowid), ``request_id``, ``seq`` (position in the request's ``messages``),
    ``to_number`` (``to`` as sent; named so to avoid SQL's reserved word),
    ``country_code``, ``name`` and ``fields`` (JSON object of merge fields, from the
    recipient list), ``subject``/``content`` (personalised text, NULL = the request's
    default), ``message_id`` (SENS messageId, known once listed), ``status``
    (READY/PROCESSING/COMPLETED, NULL until first polled), ``status_code`` (SENS
    ``statusCode``: the handset result code, "0" = success), ``status_name``
    ('success'/'fail'), ``status_message``, ``result_code`` (provider-neutral result code
    looked up in the code tables: SENS statusCode, API PLEX's own code), ``telco``
    (carrier code), ``complete_time`` (UTC ISO), ``outcome`` ('pending', 'success',
    'failed': what the views colour and filter by), ``updated_at``.

Writers put a request and all its recipients in one transaction
(:func:`insert_accepted`), so History never shows half a request.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from console.store.database import Database, migration

migration(
    20,
    "history: sent requests and messages",
    """
    CREATE TABLE IF NOT EXISTS sent_requests (
        request_id      TEXT PRIMARY KEY,
        job_id          TEXT,
        batch_seq       INTEGER,
        origin          TEXT NOT NULL DEFAULT 'console',
        profile         TEXT,
        provider        TEXT NOT NULL DEFAULT 'sens',
        service_id      TEXT,
        accepted_at     TEXT NOT NULL,
        type            TEXT NOT NULL,
        content_type    TEXT NOT NULL DEFAULT 'COMM',
        country_code    TEXT NOT NULL DEFAULT '82',
        caller          TEXT NOT NULL,
        subject         TEXT,
        content         TEXT,
        files           TEXT,
        recipient_count INTEGER NOT NULL,
        cost            REAL,
        reserve_time    TEXT,
        reserve_tz      TEXT,
        status          TEXT NOT NULL,
        success_count   INTEGER NOT NULL DEFAULT 0,
        fail_count      INTEGER NOT NULL DEFAULT 0,
        pending_count   INTEGER NOT NULL DEFAULT 0,
        final           INTEGER NOT NULL DEFAULT 0,
        next_poll_at    TEXT,
        last_polled_at  TEXT,
        updated_at      TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS sent_requests_accepted ON sent_requests (accepted_at);
    CREATE INDEX IF NOT EXISTS sent_requests_job ON sent_requests (job_id, batch_seq);
    CREATE INDEX IF NOT EXISTS sent_requests_poll ON sent_requests (final, next_poll_at);

    CREATE TABLE IF NOT EXISTS sent_messages (
        id             INTEGER PRIMARY KEY,
        request_id     TEXT NOT NULL REFERENCES sent_requests (request_id) ON DELETE CASCADE,
        seq            INTEGER NOT NULL,
        to_number      TEXT NOT NULL,
        country_code   TEXT,
        name           TEXT,
        fields         TEXT,
        subject        TEXT,
        content        TEXT,
        message_id     TEXT,
        status         TEXT,
        status_code    TEXT,
        status_name    TEXT,
        status_message TEXT,
        result_code    TEXT,
        telco          TEXT,
        complete_time  TEXT,
        outcome        TEXT NOT NULL DEFAULT 'pending',
        updated_at     TEXT NOT NULL,
        UNIQUE (request_id, seq)
    );
    CREATE INDEX IF NOT EXISTS sent_messages_to ON sent_messages (to_number);
    CREATE INDEX IF NOT EXISTS sent_messages_outcome ON sent_messages (outcome, request_id);
    CREATE UNIQUE INDEX IF NOT EXISTS sent_messages_message_id
        ON sent_messages (message_id) WHERE message_id IS NOT NULL;
    """,
)

OUTCOMES = ("pending", "success", "failed")


def utc_text(value: datetime) -> str:
    """How times are stored: UTC ISO 8601 with milliseconds (sorts as text)."""
    if value.tzinfo is None:
        raise ValueError("history times must be timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class SentMessage:
    """One recipient of an accepted request, as recorded at acceptance."""

    to: str
    name: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    subject: str | None = None
    content: str | None = None
    country_code: str | None = None


@dataclass(frozen=True)
class AcceptedRequest:
    """A request SENS accepted (202), with what was sent."""

    request_id: str
    accepted_at: datetime
    type: str
    caller: str
    content: str
    messages: Sequence[SentMessage]
    content_type: str = "COMM"
    country_code: str = "82"
    subject: str | None = None
    files: Sequence[str] = ()
    cost: float | None = None
    reserve_time: str | None = None
    reserve_tz: str | None = None
    job_id: str | None = None
    batch_seq: int | None = None
    profile: str | None = None
    provider: str = "sens"
    service_id: str | None = None
    origin: str = "console"

    @property
    def status(self) -> str:
        return "reserved" if self.reserve_time else "accepted"


def insert_accepted(conn: sqlite3.Connection, request: AcceptedRequest) -> bool:
    """Record `request` and its recipients; call inside a transaction.

    Returns False (and changes nothing) when the request ID is already recorded, so a
    reconciled batch and a server search can never record one request twice.
    """
    now = utc_text(datetime.now(UTC))
    cursor = conn.execute(
        "INSERT OR IGNORE INTO sent_requests (request_id, job_id, batch_seq, origin, profile, "
        "provider, service_id, accepted_at, type, content_type, country_code, caller, subject, "
        "content, files, recipient_count, cost, reserve_time, reserve_tz, status, "
        "pending_count, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            request.request_id,
            request.job_id,
            request.batch_seq,
            request.origin,
            request.profile,
            request.provider,
            request.service_id,
            utc_text(request.accepted_at),
            request.type,
            request.content_type,
            request.country_code,
            request.caller,
            request.subject,
            request.content,
            json.dumps(list(request.files)) if request.files else None,
            len(request.messages),
            request.cost,
            request.reserve_time,
            request.reserve_tz,
            request.status,
            len(request.messages),
            now,
        ),
    )
    if cursor.rowcount == 0:
        return False
    conn.executemany(
        "INSERT INTO sent_messages (request_id, seq, to_number, country_code, name, fields, "
        "subject, content, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (
                request.request_id,
                seq,
                m.to,
                m.country_code or request.country_code,
                m.name or None,
                json.dumps(dict(m.fields), ensure_ascii=False) if m.fields else None,
                m.subject,
                m.content,
                now,
            )
            for seq, m in enumerate(request.messages)
        ],
    )
    return True


def link_request(conn: sqlite3.Connection, request: AcceptedRequest) -> None:
    """Claim an already recorded request (e.g. merged by a server search) for its batch.

    Fills the job link and the recipients' names and merge fields, which a server search
    cannot know; leaves results the poller already stored untouched.
    """
    conn.execute(
        "UPDATE sent_requests SET job_id = ?, batch_seq = ?, origin = ?, profile = "
        "COALESCE(profile, ?), cost = COALESCE(cost, ?), updated_at = ? "
        "WHERE request_id = ? AND job_id IS NULL",
        (
            request.job_id,
            request.batch_seq,
            request.origin,
            request.profile,
            request.cost,
            utc_text(datetime.now(UTC)),
            request.request_id,
        ),
    )
    conn.executemany(
        "UPDATE sent_messages SET name = COALESCE(name, ?), fields = COALESCE(fields, ?) "
        "WHERE request_id = ? AND to_number = ?",
        [
            (
                m.name or None,
                json.dumps(dict(m.fields), ensure_ascii=False) if m.fields else None,
                request.request_id,
                m.to,
            )
            for m in request.messages
        ],
    )


@dataclass(frozen=True)
class RequestRow:
    """A ``sent_requests`` row (the History engineer may read rows directly instead)."""

    request_id: str
    job_id: str | None
    accepted_at: datetime
    type: str
    caller: str
    content: str | None
    subject: str | None
    recipient_count: int
    status: str
    reserve_time: str | None
    cost: float | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> RequestRow:
        return cls(
            request_id=row["request_id"],
            job_id=row["job_id"],
            accepted_at=datetime.fromisoformat(row["accepted_at"]),
            type=row["type"],
            caller=row["caller"],
            content=row["content"],
            subject=row["subject"],
            recipient_count=int(row["recipient_count"]),
            status=row["status"],
            reserve_time=row["reserve_time"],
            cost=row["cost"],
        )


def get_request(db: Database, request_id: str) -> RequestRow | None:
    row = (
        db.connection()
        .execute("SELECT * FROM sent_requests WHERE request_id = ?", (request_id,))
        .fetchone()
    )
    return RequestRow.from_row(row) if row else None


def requests_of_job(db: Database, job_id: str) -> list[RequestRow]:
    rows = db.connection().execute(
        "SELECT * FROM sent_requests WHERE job_id = ? ORDER BY batch_seq", (job_id,)
    )
    return [RequestRow.from_row(r) for r in rows]


def message_rows(db: Database, request_id: str) -> list[dict[str, Any]]:
    """The recipients of `request_id` as dicts (``fields`` decoded), in request order."""
    rows = db.connection().execute(
        "SELECT * FROM sent_messages WHERE request_id = ? ORDER BY seq", (request_id,)
    )
    result = []
    for row in rows:
        item = dict(row)
        item["fields"] = json.loads(item["fields"]) if item["fields"] else {}
        result.append(item)
    return result


def known_request_ids(conn: sqlite3.Connection, request_ids: Iterable[str]) -> set[str]:
    """Which of `request_ids` are already recorded."""
    ids = list(request_ids)
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0]
            for r in conn.execute(
                f"SELECT request_id FROM sent_requests WHERE request_id IN ({marks})", chunk
            )
        )
    return found

"""API PLEX messages by msg_key: acceptance codes and webhook delivery results.

API PLEX has no query API: the msg_key (GMS: messageId) is the only handle on a message
and its delivery result arrives only by webhook. This table is therefore the console's
whole knowledge of an API PLEX message. States::

    sending   journalled before the request was written
    accepted  C100 / GMS PENDING; waiting for the webhook result
    rejected  refused in the send response (code and meaning kept)
    unknown   the request was written but no answer came (ambiguous); never resent blindly
    pending   GMS webhook with a non-final status (still on its way)
    delivered / failed   final webhook result

A result may arrive before the acceptance is recorded (fast webhook): acceptance never
overwrites a final state, and results for keys we never stored are kept too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from console.store.database import Database, migration

migration(
    60,
    "apiplex messages",
    """
    CREATE TABLE IF NOT EXISTS apiplex_messages (
        msg_key        TEXT PRIMARY KEY,
        product        TEXT NOT NULL,
        service_id     TEXT,
        profile_id     TEXT,
        job_ref        TEXT,
        sender         TEXT,
        receiver       TEXT,
        title          TEXT,
        echo           TEXT,
        state          TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        accept_code    TEXT,
        accept_desc    TEXT,
        accepted_at    TEXT,
        result_code    TEXT,
        result_desc    TEXT,
        result_ok      INTEGER,
        carrier        TEXT,
        request_date   TEXT,
        done_date      TEXT,
        result_at      TEXT,
        result_raw     TEXT,
        sms_count      INTEGER
    );
    CREATE INDEX IF NOT EXISTS apiplex_messages_job ON apiplex_messages(job_ref);
    CREATE INDEX IF NOT EXISTS apiplex_messages_profile
        ON apiplex_messages(profile_id, created_at);
    """,
)

migration(
    61,
    "apiplex webhook log",
    """
    CREATE TABLE IF NOT EXISTS apiplex_webhook_log (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at  TEXT NOT NULL,
        remote       TEXT,
        ok           INTEGER NOT NULL,
        error        TEXT,
        body         TEXT NOT NULL
    );
    """,
)

FINAL_STATES = ("delivered", "failed")
#: Webhook bodies kept for diagnosis (older ones are pruned).
WEBHOOK_LOG_KEEP = 2000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class ApiPlexMessage:
    """One row of ``apiplex_messages``."""

    msg_key: str
    product: str
    service_id: str | None
    profile_id: str | None
    job_ref: str | None
    sender: str | None
    receiver: str | None
    title: str | None
    echo: str | None
    state: str
    created_at: str
    updated_at: str
    accept_code: str | None
    accept_desc: str | None
    accepted_at: str | None
    result_code: str | None
    result_desc: str | None
    result_ok: bool | None
    carrier: str | None
    request_date: str | None
    done_date: str | None
    result_at: str | None
    result_raw: str | None
    sms_count: int | None

    @classmethod
    def from_row(cls, row: Any) -> ApiPlexMessage:
        data = dict(row)
        ok = data["result_ok"]
        data["result_ok"] = None if ok is None else bool(ok)
        return cls(**data)


@dataclass(frozen=True)
class OutgoingMessage:
    """What to journal before a request is written."""

    msg_key: str
    product: str
    receiver: str
    sender: str | None = None
    service_id: str | None = None
    title: str | None = None
    echo: str | None = None


class ApiPlexStore:
    """Reads and writes of the API PLEX tables (thread-safe through Database)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record_sending(
        self,
        messages: Iterable[OutgoingMessage],
        *,
        profile_id: str | None = None,
        job_ref: str | None = None,
    ) -> None:
        """Journal messages as 'sending' before their request is written."""
        now = _now()
        with self.db.transaction() as conn:
            conn.executemany(
                """
                INSERT INTO apiplex_messages (msg_key, product, service_id, profile_id, job_ref,
                    sender, receiver, title, echo, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?)
                ON CONFLICT(msg_key) DO UPDATE SET
                    product = excluded.product, service_id = excluded.service_id,
                    profile_id = COALESCE(excluded.profile_id, profile_id),
                    job_ref = COALESCE(excluded.job_ref, job_ref),
                    sender = excluded.sender, receiver = excluded.receiver,
                    title = excluded.title, echo = excluded.echo, updated_at = excluded.updated_at
                """,
                [
                    (m.msg_key, m.product, m.service_id, profile_id, job_ref, m.sender,
                     m.receiver, m.title, m.echo, now, now)
                    for m in messages
                ],
            )

    def record_acceptance(
        self,
        msg_key: str,
        *,
        product: str,
        code: str,
        desc: str,
        accepted: bool,
        receiver: str | None = None,
        sms_count: int | None = None,
        profile_id: str | None = None,
        job_ref: str | None = None,
    ) -> None:
        """Store the acceptance code of one message (never downgrades a final state)."""
        now = _now()
        state = "accepted" if accepted else "rejected"
        with self.db.transaction() as conn:
            conn.execute(
                """
                INSERT INTO apiplex_messages (msg_key, product, profile_id, job_ref, receiver,
                    state, created_at, updated_at, accept_code, accept_desc, accepted_at,
                    sms_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(msg_key) DO UPDATE SET
                    state = CASE WHEN state IN ('delivered', 'failed') THEN state
                                 ELSE excluded.state END,
                    receiver = COALESCE(receiver, excluded.receiver),
                    profile_id = COALESCE(profile_id, excluded.profile_id),
                    job_ref = COALESCE(job_ref, excluded.job_ref),
                    accept_code = excluded.accept_code, accept_desc = excluded.accept_desc,
                    accepted_at = excluded.accepted_at,
                    sms_count = COALESCE(excluded.sms_count, sms_count),
                    updated_at = excluded.updated_at
                """,
                (msg_key, product, profile_id, job_ref, receiver, state, now, now, code, desc,
                 now, sms_count),
            )

    def mark_unknown(self, msg_keys: Sequence[str]) -> None:
        """The request carrying `msg_keys` got no answer: their acceptance is unknown."""
        now = _now()
        with self.db.transaction() as conn:
            conn.executemany(
                "UPDATE apiplex_messages SET state = 'unknown', updated_at = ? "
                "WHERE msg_key = ? AND state = 'sending'",
                [(now, k) for k in msg_keys],
            )

    def record_result(
        self,
        msg_key: str,
        *,
        product: str,
        code: str,
        desc: str,
        ok: bool,
        final: bool = True,
        receiver: str | None = None,
        carrier: str | None = None,
        request_date: str | None = None,
        done_date: str | None = None,
        sms_count: int | None = None,
        raw: dict[str, Any] | None = None,
    ) -> bool:
        """Store a webhook result; True when the key was known before.

        Idempotent (API PLEX retries webhooks up to 10 times); a non-final GMS status
        never replaces a final one.
        """
        now = _now()
        state = ("delivered" if ok else "failed") if final else "pending"
        raw_text = json.dumps(raw, ensure_ascii=False) if raw is not None else None
        with self.db.transaction() as conn:
            known = conn.execute(
                "SELECT state FROM apiplex_messages WHERE msg_key = ?", (msg_key,)
            ).fetchone()
            if known is not None and not final and known["state"] in FINAL_STATES:
                return True
            conn.execute(
                """
                INSERT INTO apiplex_messages (msg_key, product, receiver, state, created_at,
                    updated_at, result_code, result_desc, result_ok, carrier, request_date,
                    done_date, result_at, result_raw, sms_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(msg_key) DO UPDATE SET
                    state = excluded.state, receiver = COALESCE(receiver, excluded.receiver),
                    result_code = excluded.result_code, result_desc = excluded.result_desc,
                    result_ok = excluded.result_ok, carrier = excluded.carrier,
                    request_date = excluded.request_date, done_date = excluded.done_date,
                    result_at = excluded.result_at, result_raw = excluded.result_raw,
                    sms_count = COALESCE(excluded.sms_count, sms_count),
                    updated_at = excluded.updated_at
                """,
                (msg_key, product, receiver, state, now, now, code, desc, int(ok), carrier,
                 request_date, done_date, now, raw_text, sms_count),
            )
        return known is not None

    def log_webhook(self, body: str, *, ok: bool, error: str | None, remote: str | None) -> None:
        """Keep a received webhook body for diagnosis (bounded)."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO apiplex_webhook_log (received_at, remote, ok, error, body) "
                "VALUES (?, ?, ?, ?, ?)",
                (_now(), remote, int(ok), error, body),
            )
            conn.execute(
                "DELETE FROM apiplex_webhook_log WHERE id <= "
                "(SELECT MAX(id) FROM apiplex_webhook_log) - ?",
                (WEBHOOK_LOG_KEEP,),
            )

    def get(self, msg_key: str) -> ApiPlexMessage | None:
        row = self.db.connection().execute(
            "SELECT * FROM apiplex_messages WHERE msg_key = ?", (msg_key,)
        ).fetchone()
        return ApiPlexMessage.from_row(row) if row is not None else None

    def messages(
        self,
        *,
        job_ref: str | None = None,
        profile_id: str | None = None,
        states: Sequence[str] | None = None,
        limit: int = 1000,
        offset: int = 0,
    ) -> list[ApiPlexMessage]:
        """Messages newest first, optionally filtered."""
        where: list[str] = []
        args: list[Any] = []
        if job_ref is not None:
            where.append("job_ref = ?")
            args.append(job_ref)
        if profile_id is not None:
            where.append("profile_id = ?")
            args.append(profile_id)
        if states:
            where.append(f"state IN ({', '.join('?' for _ in states)})")
            args.extend(states)
        sql = "SELECT * FROM apiplex_messages"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, msg_key LIMIT ? OFFSET ?"
        rows = self.db.connection().execute(sql, (*args, limit, offset)).fetchall()
        return [ApiPlexMessage.from_row(r) for r in rows]

    def counts(self, *, job_ref: str | None = None) -> dict[str, int]:
        """Number of messages per state (for progress and summaries)."""
        sql = "SELECT state, COUNT(*) AS n FROM apiplex_messages"
        args: tuple[Any, ...] = ()
        if job_ref is not None:
            sql += " WHERE job_ref = ?"
            args = (job_ref,)
        sql += " GROUP BY state"
        return {r["state"]: int(r["n"]) for r in self.db.connection().execute(sql, args)}

    def webhook_log(self, limit: int = 100) -> list[dict[str, Any]]:
        rows = self.db.connection().execute(
            "SELECT * FROM apiplex_webhook_log ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [dict(r) for r in rows]

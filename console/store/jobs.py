"""Send jobs: the journal that makes bulk sending resumable and exactly-once.

A job is written in full (every batch's exact request body and recipients) before the
first request goes out. Each batch then moves through states, each move committed
before the next network step::

    planned --> sending --> accepted (requestId)            final
                   |    \\-> failed (reason)                 final
                   |     \\-> ambiguous --reconcile--> accepted | planned (proven not sent)
                   \\-(crash)-> found 'sending' on resume: reconciled like 'ambiguous'
    planned --> cancelled                                   final (the user cancelled)

A batch is only ever sent from 'planned', and only reconciliation (a lookup on SENS)
may move 'sending'/'ambiguous' back to 'planned': so no batch is sent twice.

Job states: 'planned' (written, not started), 'running' (a run is, or was when the
process died, in progress), 'paused' (stopped with a reason: network down, keys
rejected, rate limited too long; resumable), 'cancelled', 'completed' (every batch
accepted or failed). :meth:`JobStore.unfinished_jobs` lists planned/running/paused.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from console.errors import ConsoleError
from console.store.database import Database, migration
from console.store.history import AcceptedRequest, insert_accepted, link_request, utc_text

migration(
    10,
    "send jobs and batches",
    """
    CREATE TABLE IF NOT EXISTS send_jobs (
        job_id           TEXT PRIMARY KEY,
        profile          TEXT,
        provider         TEXT NOT NULL DEFAULT 'sens',
        service_id       TEXT,
        kind             TEXT NOT NULL DEFAULT 'send',
        title            TEXT NOT NULL DEFAULT '',
        state            TEXT NOT NULL DEFAULT 'planned',
        reason_en        TEXT,
        reason_ko        TEXT,
        total_batches    INTEGER NOT NULL,
        total_recipients INTEGER NOT NULL,
        meta             TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        finished_at      TEXT
    );
    CREATE INDEX IF NOT EXISTS send_jobs_state ON send_jobs (state);

    CREATE TABLE IF NOT EXISTS send_batches (
        job_id             TEXT NOT NULL REFERENCES send_jobs (job_id) ON DELETE CASCADE,
        seq                INTEGER NOT NULL,
        type               TEXT NOT NULL,
        recipient_count    INTEGER NOT NULL,
        body               TEXT NOT NULL,
        recipients         TEXT NOT NULL,
        cost               REAL,
        state              TEXT NOT NULL DEFAULT 'planned',
        attempts           INTEGER NOT NULL DEFAULT 0,
        attempt_started_at TEXT,
        attempt_ended_at   TEXT,
        request_id         TEXT,
        accepted_at        TEXT,
        reason_en          TEXT,
        reason_ko          TEXT,
        updated_at         TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
    );
    CREATE INDEX IF NOT EXISTS send_batches_state ON send_batches (job_id, state);
    CREATE UNIQUE INDEX IF NOT EXISTS send_batches_request
        ON send_batches (request_id) WHERE request_id IS NOT NULL;
    """,
)

BATCH_STATES = ("planned", "sending", "accepted", "failed", "ambiguous", "cancelled")
#: States whose outcome is unknown until SENS is asked.
UNCERTAIN_STATES = ("sending", "ambiguous")
FINAL_BATCH_STATES = ("accepted", "failed", "cancelled")
JOB_STATES = ("planned", "running", "paused", "cancelled", "completed")
UNFINISHED_JOB_STATES = ("planned", "running", "paused")


def _now() -> datetime:
    return datetime.now(UTC)


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class BatchRecipient:
    """Who a batch's ``messages[i]`` goes to, kept for History (name, merge fields)."""

    to: str
    name: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchSpec:
    """One planned request: its exact SENS JSON body and its recipients, in body order."""

    type: str
    body: Mapping[str, Any]
    recipients: Sequence[BatchRecipient]
    cost: float | None = None

    def __post_init__(self) -> None:
        messages = self.body.get("messages")
        if not isinstance(messages, list) or len(messages) != len(self.recipients):
            raise ValueError("a batch needs one recipient per entry of body['messages']")
        if not 1 <= len(messages) <= 100:
            raise ValueError("a batch holds 1 to 100 messages")


@dataclass(frozen=True)
class JobRecord:
    job_id: str
    profile: str | None
    provider: str
    service_id: str | None
    kind: str
    title: str
    state: str
    reason_en: str | None
    reason_ko: str | None
    total_batches: int
    total_recipients: int
    meta: Mapping[str, Any]
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    def reason(self, language: str = "ko") -> str | None:
        return self.reason_ko if language.startswith("ko") else self.reason_en

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> JobRecord:
        return cls(
            job_id=row["job_id"],
            profile=row["profile"],
            provider=row["provider"],
            service_id=row["service_id"],
            kind=row["kind"],
            title=row["title"],
            state=row["state"],
            reason_en=row["reason_en"],
            reason_ko=row["reason_ko"],
            total_batches=int(row["total_batches"]),
            total_recipients=int(row["total_recipients"]),
            meta=json.loads(row["meta"]) if row["meta"] else {},
            created_at=datetime.fromisoformat(row["created_at"]),
            updated_at=datetime.fromisoformat(row["updated_at"]),
            finished_at=_parse(row["finished_at"]),
        )


@dataclass(frozen=True)
class BatchRecord:
    """A batch's journal entry without its (large) body; see :meth:`JobStore.payload`."""

    job_id: str
    seq: int
    type: str
    recipient_count: int
    cost: float | None
    state: str
    attempts: int
    attempt_started_at: datetime | None
    attempt_ended_at: datetime | None
    request_id: str | None
    accepted_at: datetime | None
    reason_en: str | None
    reason_ko: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> BatchRecord:
        return cls(
            job_id=row["job_id"],
            seq=int(row["seq"]),
            type=row["type"],
            recipient_count=int(row["recipient_count"]),
            cost=row["cost"],
            state=row["state"],
            attempts=int(row["attempts"]),
            attempt_started_at=_parse(row["attempt_started_at"]),
            attempt_ended_at=_parse(row["attempt_ended_at"]),
            request_id=row["request_id"],
            accepted_at=_parse(row["accepted_at"]),
            reason_en=row["reason_en"],
            reason_ko=row["reason_ko"],
        )


@dataclass(frozen=True)
class BatchPayload:
    body: dict[str, Any]
    recipients: tuple[BatchRecipient, ...]
    cost: float | None = None


@dataclass(frozen=True)
class StateCount:
    batches: int = 0
    recipients: int = 0


_BATCH_COLUMNS = (
    "job_id, seq, type, recipient_count, cost, state, attempts, attempt_started_at, "
    "attempt_ended_at, request_id, accepted_at, reason_en, reason_ko"
)


class StaleBatchError(RuntimeError):
    """A batch was not in the state a transition expected (a bug or a second runner)."""


class JobStore:
    """The ``send_jobs``/``send_batches`` tables. Each method is one short transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- creating and reading --------------------------------------------------------------

    def create_job(
        self,
        batches: Sequence[BatchSpec],
        *,
        profile: str | None = None,
        service_id: str | None = None,
        provider: str = "sens",
        kind: str = "send",
        title: str = "",
        meta: Mapping[str, Any] | None = None,
        job_id: str | None = None,
    ) -> str:
        """Write the whole plan (all batches 'planned'); returns the job ID."""
        if not batches:
            raise ValueError("a job needs at least one batch")
        job_id = job_id or uuid.uuid4().hex
        now = utc_text(_now())
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO send_jobs (job_id, profile, provider, service_id, kind, title, "
                "state, total_batches, total_recipients, meta, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,'planned',?,?,?,?,?)",
                (
                    job_id,
                    profile,
                    provider,
                    service_id,
                    kind,
                    title,
                    len(batches),
                    sum(len(b.recipients) for b in batches),
                    json.dumps(dict(meta), ensure_ascii=False) if meta else None,
                    now,
                    now,
                ),
            )
            conn.executemany(
                "INSERT INTO send_batches (job_id, seq, type, recipient_count, body, recipients, "
                "cost, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        job_id,
                        seq,
                        spec.type,
                        len(spec.recipients),
                        json.dumps(spec.body, ensure_ascii=False, separators=(",", ":")),
                        json.dumps(
                            [[r.to, r.name, dict(r.fields)] for r in spec.recipients],
                            ensure_ascii=False,
                            separators=(",", ":"),
                        ),
                        spec.cost,
                        now,
                    )
                    for seq, spec in enumerate(batches)
                ],
            )
        return job_id

    def job(self, job_id: str) -> JobRecord:
        row = (
            self.db.connection()
            .execute("SELECT * FROM send_jobs WHERE job_id = ?", (job_id,))
            .fetchone()
        )
        if row is None:
            raise KeyError(job_id)
        return JobRecord.from_row(row)

    def jobs(self, states: Sequence[str] | None = None) -> list[JobRecord]:
        sql = "SELECT * FROM send_jobs"
        args: tuple[str, ...] = ()
        if states:
            sql += f" WHERE state IN ({','.join('?' * len(states))})"
            args = tuple(states)
        rows = self.db.connection().execute(sql + " ORDER BY created_at", args)
        return [JobRecord.from_row(r) for r in rows]

    def unfinished_jobs(self) -> list[JobRecord]:
        """Jobs to offer for resuming at start-up: planned, running (crashed) or paused."""
        return self.jobs(UNFINISHED_JOB_STATES)

    def batches(self, job_id: str, states: Sequence[str] | None = None) -> list[BatchRecord]:
        sql = f"SELECT {_BATCH_COLUMNS} FROM send_batches WHERE job_id = ?"
        args: list[Any] = [job_id]
        if states:
            sql += f" AND state IN ({','.join('?' * len(states))})"
            args.extend(states)
        rows = self.db.connection().execute(sql + " ORDER BY seq", args)
        return [BatchRecord.from_row(r) for r in rows]

    def batch(self, job_id: str, seq: int) -> BatchRecord:
        row = (
            self.db.connection()
            .execute(
                f"SELECT {_BATCH_COLUMNS} FROM send_batches WHERE job_id = ? AND seq = ?",
                (job_id, seq),
            )
            .fetchone()
        )
        if row is None:
            raise KeyError((job_id, seq))
        return BatchRecord.from_row(row)

    def payload(self, job_id: str, seq: int) -> BatchPayload:
        """The batch's exact request body and recipients."""
        row = (
            self.db.connection()
            .execute(
                "SELECT body, recipients, cost FROM send_batches WHERE job_id = ? AND seq = ?",
                (job_id, seq),
            )
            .fetchone()
        )
        if row is None:
            raise KeyError((job_id, seq))
        recipients = tuple(
            BatchRecipient(to=to, name=name or "", fields=fields or {})
            for to, name, fields in json.loads(row["recipients"])
        )
        return BatchPayload(body=json.loads(row["body"]), recipients=recipients, cost=row["cost"])

    def counts(self, job_id: str) -> dict[str, StateCount]:
        """Batches and recipients per batch state (every state present, zero if none)."""
        result = dict.fromkeys(BATCH_STATES, StateCount())
        rows = self.db.connection().execute(
            "SELECT state, COUNT(*), SUM(recipient_count) FROM send_batches "
            "WHERE job_id = ? GROUP BY state",
            (job_id,),
        )
        for state, batches, recipients in rows:
            result[state] = StateCount(int(batches), int(recipients or 0))
        return result

    def batch_for_request(self, request_id: str) -> tuple[str, int] | None:
        """The (job, seq) a request ID was recorded for, if any."""
        row = (
            self.db.connection()
            .execute("SELECT job_id, seq FROM send_batches WHERE request_id = ?", (request_id,))
            .fetchone()
        )
        return (row[0], int(row[1])) if row else None

    # --- job transitions -------------------------------------------------------------------

    def set_job_state(self, job_id: str, state: str, reason: ConsoleError | None = None) -> None:
        if state not in JOB_STATES:
            raise ValueError(f"unknown job state {state!r}")
        now = utc_text(_now())
        finished = now if state in ("cancelled", "completed") else None
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE send_jobs SET state = ?, reason_en = ?, reason_ko = ?, updated_at = ?, "
                "finished_at = ? WHERE job_id = ?",
                (
                    state,
                    reason.message_en if reason else None,
                    reason.message_ko if reason else None,
                    now,
                    finished,
                    job_id,
                ),
            )

    def cancel_planned(self, job_id: str) -> int:
        """Mark every still-planned batch cancelled; returns how many."""
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE send_batches SET state = 'cancelled', updated_at = ? "
                "WHERE job_id = ? AND state = 'planned'",
                (utc_text(_now()), job_id),
            )
            return int(cursor.rowcount)

    # --- batch transitions (each one committed before the caller goes on) ------------------

    def _move(
        self,
        conn: sqlite3.Connection,
        job_id: str,
        seq: int,
        from_states: Sequence[str],
        assignments: str,
        args: Sequence[Any],
    ) -> None:
        marks = ",".join("?" * len(from_states))
        cursor = conn.execute(
            f"UPDATE send_batches SET {assignments}, updated_at = ? "
            f"WHERE job_id = ? AND seq = ? AND state IN ({marks})",
            (*args, utc_text(_now()), job_id, seq, *from_states),
        )
        if cursor.rowcount != 1:
            raise StaleBatchError(f"batch {job_id}/{seq} is not in {tuple(from_states)}")

    def mark_sending(self, job_id: str, seq: int, at: datetime) -> None:
        """Journal that the request is about to be written (planned -> sending)."""
        with self.db.transaction() as conn:
            self._move(
                conn,
                job_id,
                seq,
                ("planned",),
                "state = 'sending', attempts = attempts + 1, attempt_started_at = ?, "
                "attempt_ended_at = NULL, reason_en = NULL, reason_ko = NULL",
                (utc_text(at),),
            )

    def mark_accepted(self, job_id: str, seq: int, request: AcceptedRequest) -> None:
        """Record acceptance and the History rows in one transaction."""
        with self.db.transaction() as conn:
            self._move(
                conn,
                job_id,
                seq,
                ("sending", "ambiguous"),
                "state = 'accepted', request_id = ?, accepted_at = ?, "
                "attempt_ended_at = COALESCE(attempt_ended_at, ?), reason_en = NULL, "
                "reason_ko = NULL",
                (request.request_id, utc_text(request.accepted_at), utc_text(_now())),
            )
            if not insert_accepted(conn, request):
                link_request(conn, request)

    def mark_failed(self, job_id: str, seq: int, error: ConsoleError) -> None:
        """SENS refused the batch for good (e.g. validation): it was not sent."""
        with self.db.transaction() as conn:
            self._move(
                conn,
                job_id,
                seq,
                ("sending", "ambiguous", "planned"),
                "state = 'failed', attempt_ended_at = ?, reason_en = ?, reason_ko = ?",
                (utc_text(_now()), error.message_en, error.message_ko),
            )

    def mark_ambiguous(self, job_id: str, seq: int, error: ConsoleError | None = None) -> None:
        """The request may have been accepted: reconcile before anything else."""
        with self.db.transaction() as conn:
            self._move(
                conn,
                job_id,
                seq,
                ("sending", "ambiguous"),
                "state = 'ambiguous', attempt_ended_at = ?, reason_en = ?, reason_ko = ?",
                (
                    utc_text(_now()),
                    error.message_en if error else None,
                    error.message_ko if error else None,
                ),
            )

    def mark_not_sent(self, job_id: str, seq: int, error: ConsoleError | None = None) -> None:
        """Back to 'planned': SENS certainly did not accept this attempt.

        Only for proofs: a connection that never opened, a 429/401 answer, or a
        reconciliation that found no such request on SENS.
        """
        with self.db.transaction() as conn:
            self._move(
                conn,
                job_id,
                seq,
                UNCERTAIN_STATES,
                "state = 'planned', attempt_ended_at = COALESCE(attempt_ended_at, ?), "
                "reason_en = ?, reason_ko = ?",
                (
                    utc_text(_now()),
                    error.message_en if error else None,
                    error.message_ko if error else None,
                ),
            )

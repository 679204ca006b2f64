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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
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


# ======================================================================================
# History pane and poller (migrations 21+): poll bookkeeping, view queries, merging.
# ======================================================================================


def _add_poll_columns(conn: sqlite3.Connection) -> None:
    """Poll bookkeeping columns (idempotent: a column that exists is left alone)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(sent_requests)")}
    for name, decl in (
        ("poll_attempts", "INTEGER NOT NULL DEFAULT 0"),
        ("poll_error", "TEXT"),
        ("listed_count", "INTEGER NOT NULL DEFAULT 0"),
    ):
        if name not in have:
            conn.execute(f"ALTER TABLE sent_requests ADD COLUMN {name} {decl}")
    # The views sort and filter requests by these; messages of one request by outcome.
    conn.execute(
        "CREATE INDEX IF NOT EXISTS sent_requests_service_poll "
        "ON sent_requests (provider, final, next_poll_at)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS sent_requests_caller ON sent_requests (caller)")
    conn.execute(
        "CREATE INDEX IF NOT EXISTS sent_messages_request_outcome "
        "ON sent_messages (request_id, outcome)"
    )


migration(21, "history: poll bookkeeping and view indexes", _add_poll_columns)

migration(
    22,
    "history: covering indexes for number and name search",
    """
    CREATE INDEX IF NOT EXISTS sent_messages_number
        ON sent_messages (to_number, request_id, outcome);
    CREATE INDEX IF NOT EXISTS sent_messages_name ON sent_messages (name, request_id);
    DROP INDEX IF EXISTS sent_messages_to;
    """,
)

#: Request states that are never polled (the reservation was cancelled, or it failed).
UNPOLLED_STATUSES = ("cancelled", "canceled", "failed")


@dataclass(frozen=True)
class PollTarget:
    """A request the poller should ask SENS about now."""

    request_id: str
    accepted_at: datetime
    reserve_time: str | None
    reserve_tz: str | None
    poll_attempts: int
    recipient_count: int
    #: Found by a server search and its text is still unknown (one result query fills it).
    needs_content: bool
    service_id: str | None


def due_requests(
    conn: sqlite3.Connection, now: datetime, service_id: str | None, limit: int = 200
) -> list[PollTarget]:
    """Unfinished SENS requests of `service_id` (or of no recorded service) due by `now`."""
    marks = ",".join("?" * len(UNPOLLED_STATUSES))
    rows = conn.execute(
        "SELECT request_id, accepted_at, reserve_time, reserve_tz, poll_attempts, "
        "recipient_count, origin, content, service_id FROM sent_requests "
        "WHERE provider = 'sens' AND final = 0 "
        "AND (next_poll_at IS NULL OR next_poll_at <= ?) "
        f"AND status NOT IN ({marks}) AND (service_id IS NULL OR service_id = ?) "
        "ORDER BY COALESCE(next_poll_at, '') LIMIT ?",
        (utc_text(now), *UNPOLLED_STATUSES, service_id or "", limit),
    ).fetchall()
    return [
        PollTarget(
            request_id=r["request_id"],
            accepted_at=datetime.fromisoformat(r["accepted_at"]),
            reserve_time=r["reserve_time"],
            reserve_tz=r["reserve_tz"],
            poll_attempts=int(r["poll_attempts"]),
            recipient_count=int(r["recipient_count"]),
            needs_content=r["origin"] == "server" and r["content"] is None,
            service_id=r["service_id"],
        )
        for r in rows
    ]


def next_poll_time(conn: sqlite3.Connection, service_id: str | None) -> datetime | None:
    """When the earliest unfinished request of `service_id` is due (None: nothing to poll)."""
    marks = ",".join("?" * len(UNPOLLED_STATUSES))
    row = conn.execute(
        "SELECT MIN(COALESCE(next_poll_at, '')) FROM sent_requests "
        "WHERE provider = 'sens' AND final = 0 "
        f"AND status NOT IN ({marks}) AND (service_id IS NULL OR service_id = ?)",
        (*UNPOLLED_STATUSES, service_id or ""),
    ).fetchone()
    if row is None or row[0] is None:
        return None
    if row[0] == "":
        return datetime.fromtimestamp(0, UTC)
    return datetime.fromisoformat(row[0])


def unfinished_count(conn: sqlite3.Connection, service_id: str | None = None) -> int:
    """How many SENS requests (of `service_id`, when given) still wait for results."""
    marks = ",".join("?" * len(UNPOLLED_STATUSES))
    sql = (
        "SELECT COUNT(*) FROM sent_requests WHERE provider = 'sens' AND final = 0 "
        f"AND status NOT IN ({marks})"
    )
    args: list[Any] = list(UNPOLLED_STATUSES)
    if service_id is not None:
        sql += " AND (service_id IS NULL OR service_id = ?)"
        args.append(service_id)
    return int(conn.execute(sql, args).fetchone()[0])


@dataclass(frozen=True)
class MessageUpdate:
    """What SENS reported about one message (a request-search entry), provider-neutral."""

    message_id: str
    to: str
    status: str
    outcome: str
    status_code: str | None = None
    status_name: str | None = None
    status_message: str | None = None
    complete_time: datetime | None = None
    telco: str | None = None
    country_code: str | None = None


#: The ``sent_messages`` columns a reported result sets, for an added row and a known one.
_RESULT_COLUMNS = (
    "status",
    "status_code",
    "status_name",
    "status_message",
    "result_code",
    "telco",
    "complete_time",
    "outcome",
    "updated_at",
)
_INSERT_RESULT = (
    "INSERT OR IGNORE INTO sent_messages (request_id, seq, to_number, country_code, message_id, "
    f"{', '.join(_RESULT_COLUMNS)}) VALUES ({','.join('?' * (5 + len(_RESULT_COLUMNS)))})"
)
_UPDATE_RESULT = (
    "UPDATE sent_messages SET "
    + ", ".join(f"{column} = ?" for column in _RESULT_COLUMNS)
    + " WHERE id = ?"
)


def apply_updates(
    conn: sqlite3.Connection, request_id: str, updates: Sequence[MessageUpdate]
) -> int:
    """Store `updates` on the recipients of `request_id`; returns how many rows changed.

    A message is matched by its messageId, else (first listing) by number to the first
    recipient of that number still without one; a message the store does not know (a
    request found by a partial server search) is added. Call inside a transaction.
    """
    now = utc_text(datetime.now(UTC))
    rows = conn.execute(
        "SELECT id, seq, to_number, message_id, status, status_code, outcome, telco, "
        "complete_time FROM sent_messages WHERE request_id = ? ORDER BY seq",
        (request_id,),
    ).fetchall()
    by_id = {r["message_id"]: r for r in rows if r["message_id"]}
    free: dict[str, list[sqlite3.Row]] = {}
    for r in rows:
        if not r["message_id"]:
            free.setdefault(r["to_number"], []).append(r)
    next_seq = (max((int(r["seq"]) for r in rows), default=-1)) + 1
    changed = 0
    for u in updates:
        complete = utc_text(u.complete_time) if u.complete_time else None
        result = (  # _RESULT_COLUMNS' values (result_code is SENS's status code)
            u.status,
            u.status_code,
            u.status_name,
            u.status_message,
            u.status_code,
            u.telco,
            complete,
            u.outcome,
            now,
        )
        row = by_id.get(u.message_id)
        claimed = False
        if row is None:
            candidates = free.get(u.to)
            if candidates:
                row = candidates.pop(0)
                conn.execute(
                    "UPDATE sent_messages SET message_id = ? WHERE id = ?",
                    (u.message_id, row["id"]),
                )
                claimed = True
        if row is None:
            conn.execute(
                _INSERT_RESULT, (request_id, next_seq, u.to, u.country_code, u.message_id, *result)
            )
            next_seq += 1
            changed += 1
            continue
        same = (
            row["status"] == u.status
            and row["status_code"] == u.status_code
            and row["outcome"] == u.outcome
            and row["telco"] == u.telco
            and row["complete_time"] == complete
        )
        if same:
            changed += int(claimed)
            continue
        conn.execute(_UPDATE_RESULT, (*result, row["id"]))
        changed += 1
    return changed


@dataclass(frozen=True)
class Counts:
    """A request's recipients by outcome."""

    success: int
    failed: int
    pending: int

    @property
    def total(self) -> int:
        return self.success + self.failed + self.pending


def refresh_counts(conn: sqlite3.Connection, request_id: str) -> Counts:
    """Recount a request's outcomes into ``sent_requests`` (and its recipient count)."""
    tally = dict.fromkeys(OUTCOMES, 0)
    for outcome, count in conn.execute(
        "SELECT outcome, COUNT(*) FROM sent_messages WHERE request_id = ? GROUP BY outcome",
        (request_id,),
    ):
        tally[outcome] = int(count)
    counts = Counts(tally["success"], tally["failed"], tally["pending"])
    conn.execute(
        "UPDATE sent_requests SET success_count = ?, fail_count = ?, pending_count = ?, "
        "recipient_count = MAX(recipient_count, ?) WHERE request_id = ?",
        (counts.success, counts.failed, counts.pending, counts.total, request_id),
    )
    return counts


def schedule_poll(
    conn: sqlite3.Connection,
    request_id: str,
    *,
    polled_at: datetime,
    next_at: datetime | None,
    attempts: int,
    final: bool,
    error: str | None = None,
    listed: int | None = None,
) -> None:
    """Record a poll of `request_id` and when to ask again (``final``: never)."""
    conn.execute(
        "UPDATE sent_requests SET last_polled_at = ?, next_poll_at = ?, poll_attempts = ?, "
        "final = ?, poll_error = ?, listed_count = COALESCE(?, listed_count), updated_at = ? "
        "WHERE request_id = ?",
        (
            utc_text(polled_at),
            utc_text(next_at) if next_at is not None and not final else None,
            attempts,
            1 if final else 0,
            error,
            listed,
            utc_text(datetime.now(UTC)),
            request_id,
        ),
    )


def fill_content(
    conn: sqlite3.Connection,
    request_id: str,
    *,
    subject: str | None,
    content: str | None,
    files: Sequence[str] = (),
) -> None:
    """Give a request found on the server the text SENS's result query returned."""
    conn.execute(
        "UPDATE sent_requests SET subject = COALESCE(subject, ?), content = COALESCE(content, ?), "
        "files = COALESCE(files, ?) WHERE request_id = ?",
        (subject, content or "", json.dumps(list(files)) if files else None, request_id),
    )


def first_message_id(conn: sqlite3.Connection, request_id: str) -> str | None:
    row = conn.execute(
        "SELECT message_id FROM sent_messages WHERE request_id = ? AND message_id IS NOT NULL "
        "ORDER BY seq LIMIT 1",
        (request_id,),
    ).fetchone()
    return str(row[0]) if row else None


# -- views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryFilter:
    """What the History views show: every field narrows; None/"" means any.

    ``outcome`` selects requests with at least one message of that outcome (and, in a
    request's message list, only those messages); ``recipient`` matches number digits
    anywhere in a recipient's number; ``text`` searches subject, content, caller, request
    ID, recipients' numbers and names.
    """

    start: datetime | None = None
    end: datetime | None = None
    type: str | None = None
    outcome: str | None = None
    caller: str | None = None
    recipient: str | None = None
    content_type: str | None = None
    text: str | None = None
    #: Resolved message searches (see :func:`resolve_filter`); None: search in SQL.
    recipient_ids: tuple[str, ...] | None = None
    text_ids: tuple[str, ...] | None = None

    def message_conditions(self, alias: str = "m") -> tuple[list[str], list[Any]]:
        """Conditions on one message row (outcome and recipient number)."""
        where: list[str] = []
        args: list[Any] = []
        if self.outcome:
            where.append(f"{alias}.outcome = ?")
            args.append(self.outcome)
        digits = _digits(self.recipient)
        if digits:
            where.append(f"instr({alias}.to_number, ?) > 0")
            args.append(digits)
        return where, args

    def request_conditions(self, alias: str = "r") -> tuple[list[str], list[Any]]:
        """Conditions on a ``sent_requests`` row (joined subqueries for message matches)."""
        where: list[str] = []
        args: list[Any] = []
        if self.start is not None:
            where.append(f"{alias}.accepted_at >= ?")
            args.append(utc_text(self.start))
        if self.end is not None:
            where.append(f"{alias}.accepted_at < ?")
            args.append(utc_text(self.end))
        for column, value in (
            ("type", self.type),
            ("content_type", self.content_type),
            ("caller", _digits(self.caller) or self.caller),
        ):
            if value:
                where.append(f"{alias}.{column} = ?")
                args.append(value)
        counter = {"success": "success_count", "failed": "fail_count", "pending": "pending_count"}
        if self.outcome:
            if self.outcome not in counter:
                raise ValueError(f"unknown outcome {self.outcome!r}")
            where.append(f"{alias}.{counter[self.outcome]} > 0")
        digits = _digits(self.recipient)
        if digits:
            if self.recipient_ids is not None:
                where.append(f"{alias}.request_id IN (SELECT value FROM json_each(?))")
                args.append(json.dumps(list(self.recipient_ids)))
            else:
                where.append(
                    f"{alias}.request_id IN (SELECT x.request_id FROM sent_messages x "
                    "WHERE instr(x.to_number, ?) > 0)"
                )
                args.append(digits)
        text = (self.text or "").strip()
        if text:
            like = f"%{_escape_like(text)}%"
            parts = [
                f"{alias}.subject LIKE ? ESCAPE '\\'",
                f"{alias}.content LIKE ? ESCAPE '\\'",
                f"{alias}.caller LIKE ? ESCAPE '\\'",
                f"{alias}.request_id = ?",
            ]
            part_args: list[Any] = [like, like, like, text]
            if self.text_ids is not None:
                parts.append(f"{alias}.request_id IN (SELECT value FROM json_each(?))")
                part_args.append(json.dumps(list(self.text_ids)))
            else:
                sql, sub_args = _text_match_sql(text)
                parts.append(f"{alias}.request_id IN ({sql})")
                part_args.extend(sub_args)
            where.append("(" + " OR ".join(parts) + ")")
            args.extend(part_args)
        return where, args


def _text_match_sql(text: str) -> tuple[str, list[Any]]:
    """Requests with a recipient whose name (or number, for digit-like text) holds `text`.

    ``instr`` on the covering indexes (name/number, request_id) scans an index, not the
    table: a few hundred ms for a million messages.
    """
    sql = "SELECT x.request_id FROM sent_messages x WHERE instr(x.name, ?) > 0"
    args: list[Any] = [text]
    digits = _digits(text)
    if digits and len(digits) >= 3 and len(digits) * 2 >= len(text):
        sql += " UNION SELECT y.request_id FROM sent_messages y WHERE instr(y.to_number, ?) > 0"
        args.append(digits)
    return sql, args


def resolve_filter(conn: sqlite3.Connection, flt: HistoryFilter) -> HistoryFilter:
    """`flt` with its message searches (number, name) run once, as lists of request IDs.

    Every later query of the same view (count, pages, summary, chart, export) then looks
    up those IDs instead of scanning the messages again.
    """
    recipient_ids = flt.recipient_ids
    digits = _digits(flt.recipient)
    if digits and recipient_ids is None:
        recipient_ids = tuple(
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT request_id FROM sent_messages WHERE instr(to_number, ?) > 0",
                (digits,),
            )
        )
    text_ids = flt.text_ids
    text = (flt.text or "").strip()
    if text and text_ids is None:
        sql, args = _text_match_sql(text)
        text_ids = tuple(r[0] for r in conn.execute(sql, args))
    return replace(flt, recipient_ids=recipient_ids, text_ids=text_ids)


def _digits(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(conditions: list[str]) -> str:
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""


#: Sortable request columns (view column key -> SQL expression).
REQUEST_SORT = {
    "time": "r.accepted_at",
    "type": "r.type",
    "subject": "COALESCE(r.subject, r.content)",
    "caller": "r.caller",
    "recipients": "r.recipient_count",
    "success": "r.success_count",
    "failed": "r.fail_count",
    "pending": "r.pending_count",
    "progress": "(r.success_count + r.fail_count) * 1.0 / MAX(r.recipient_count, 1)",
    "cost": "r.cost",
    "status": "r.status",
}

#: Sortable message columns.
MESSAGE_SORT = {
    "seq": "m.seq",
    "number": "m.to_number",
    "name": "m.name",
    "outcome": "m.outcome",
    "code": "m.status_code",
    "telco": "m.telco",
    "completed": "m.complete_time",
}

REQUEST_COLUMNS = (
    "r.request_id, r.accepted_at, r.type, r.content_type, r.caller, r.subject, "
    "substr(r.content, 1, 200) AS content, r.recipient_count, r.success_count, r.fail_count, "
    "r.pending_count, r.cost, r.status, r.reserve_time, r.origin, r.final, r.provider"
)


def count_requests(conn: sqlite3.Connection, flt: HistoryFilter) -> int:
    where, args = flt.request_conditions()
    return int(
        conn.execute(f"SELECT COUNT(*) FROM sent_requests r{_where(where)}", args).fetchone()[0]
    )


def request_page(
    conn: sqlite3.Connection,
    flt: HistoryFilter,
    *,
    sort: str = "time",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[sqlite3.Row]:
    """One page of requests matching `flt`, sorted (ties broken by request ID)."""
    where, args = flt.request_conditions()
    order = "DESC" if descending else "ASC"
    expression = REQUEST_SORT[sort]
    sql = (
        f"SELECT {REQUEST_COLUMNS} FROM sent_requests r{_where(where)} "
        f"ORDER BY {expression} {order}, r.request_id {order} LIMIT ? OFFSET ?"
    )
    return conn.execute(sql, [*args, limit, offset]).fetchall()


def request_rows(conn: sqlite3.Connection, request_ids: Sequence[str]) -> list[sqlite3.Row]:
    """Fresh view rows of `request_ids` (any order)."""
    result: list[sqlite3.Row] = []
    ids = list(request_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        result.extend(
            conn.execute(
                f"SELECT {REQUEST_COLUMNS} FROM sent_requests r WHERE r.request_id IN ({marks})",
                chunk,
            )
        )
    return result


MESSAGE_COLUMNS = (
    "m.id, m.request_id, m.seq, m.to_number, m.country_code, m.name, m.message_id, m.status, "
    "m.status_code, m.status_name, m.status_message, m.telco, m.complete_time, m.outcome, "
    "m.fields"
)


def count_messages(conn: sqlite3.Connection, request_id: str, flt: HistoryFilter) -> int:
    where, args = flt.message_conditions()
    where.insert(0, "m.request_id = ?")
    return int(
        conn.execute(
            f"SELECT COUNT(*) FROM sent_messages m{_where(where)}", [request_id, *args]
        ).fetchone()[0]
    )


def message_page(
    conn: sqlite3.Connection,
    request_id: str,
    flt: HistoryFilter,
    *,
    sort: str = "seq",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[sqlite3.Row]:
    """One page of the messages of `request_id` that match `flt`'s message conditions."""
    where, args = flt.message_conditions()
    where.insert(0, "m.request_id = ?")
    order = "DESC" if descending else "ASC"
    sql = (
        f"SELECT {MESSAGE_COLUMNS} FROM sent_messages m{_where(where)} "
        f"ORDER BY {MESSAGE_SORT[sort]} {order}, m.seq {order} LIMIT ? OFFSET ?"
    )
    return conn.execute(sql, [request_id, *args, limit, offset]).fetchall()


def message_rows_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> list[sqlite3.Row]:
    ids = list(ids)
    result: list[sqlite3.Row] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        result.extend(
            conn.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM sent_messages m WHERE m.id IN ({marks})", chunk
            )
        )
    return result


@dataclass(frozen=True)
class Summary:
    """Messages of the current filter by outcome, and what they cost (won)."""

    sent: int
    delivered: int
    failed: int
    pending: int
    cost: float

    @property
    def delivery_rate(self) -> float | None:
        """Delivered share of the messages with a final result (None when none has one)."""
        done = self.delivered + self.failed
        return self.delivered / done if done else None


def summary(conn: sqlite3.Connection, flt: HistoryFilter) -> Summary:
    """Totals for `flt`: from the request counters, or per message for a number filter."""
    where, args = flt.request_conditions()
    if not _digits(flt.recipient):
        row = conn.execute(
            "SELECT COALESCE(SUM(r.success_count), 0), COALESCE(SUM(r.fail_count), 0), "
            "COALESCE(SUM(r.pending_count), 0), "
            "COALESCE(SUM(r.cost * (r.success_count + r.fail_count + r.pending_count) * 1.0 "
            "/ MAX(r.recipient_count, 1)), 0), "
            "COALESCE(SUM(r.cost * r.success_count * 1.0 / MAX(r.recipient_count, 1)), 0), "
            "COALESCE(SUM(r.cost * r.fail_count * 1.0 / MAX(r.recipient_count, 1)), 0), "
            "COALESCE(SUM(r.cost * r.pending_count * 1.0 / MAX(r.recipient_count, 1)), 0) "
            f"FROM sent_requests r{_where(where)}",
            args,
        ).fetchone()
        success, failed, pending = int(row[0]), int(row[1]), int(row[2])
        costs = {"success": row[4], "failed": row[5], "pending": row[6]}
        if flt.outcome:
            keep = {"success": success, "failed": failed, "pending": pending}[flt.outcome]
            success = keep if flt.outcome == "success" else 0
            failed = keep if flt.outcome == "failed" else 0
            pending = keep if flt.outcome == "pending" else 0
            cost = float(costs[flt.outcome] or 0)
        else:
            cost = float(row[3] or 0)
        return Summary(success + failed + pending, success, failed, pending, round(cost, 2))
    m_where, m_args = flt.message_conditions()
    sql = (
        "SELECT m.outcome, COUNT(*), COALESCE(SUM(r.cost * 1.0 / MAX(r.recipient_count, 1)), 0) "
        "FROM sent_requests r JOIN sent_messages m ON m.request_id = r.request_id"
        f"{_where(where + m_where)} GROUP BY m.outcome"
    )
    tally = dict.fromkeys(OUTCOMES, 0)
    cost = 0.0
    for outcome, count, outcome_cost in conn.execute(sql, [*args, *m_args]):
        tally[outcome] = int(count)
        cost += float(outcome_cost or 0)
    return Summary(
        sum(tally.values()), tally["success"], tally["failed"], tally["pending"], round(cost, 2)
    )


def daily_outcomes(
    conn: sqlite3.Connection, flt: HistoryFilter, utc_offset_minutes: int = 540
) -> list[tuple[str, int, int, int]]:
    """(local date 'YYYY-MM-DD', delivered, failed, pending) per day of `flt`, oldest first."""
    where, args = flt.request_conditions()
    sql = (
        f"SELECT date(r.accepted_at, '{int(utc_offset_minutes):+d} minutes') AS day, "
        "SUM(r.success_count), SUM(r.fail_count), SUM(r.pending_count) "
        f"FROM sent_requests r{_where(where)} GROUP BY day ORDER BY day"
    )
    return [
        (str(d), int(s or 0), int(f or 0), int(p or 0)) for d, s, f, p in conn.execute(sql, args)
    ]


def export_rows(conn: sqlite3.Connection, flt: HistoryFilter) -> Iterator[sqlite3.Row]:
    """Every message of the filtered requests (and matching the message conditions),
    newest request first, streamed from the database."""
    where, args = flt.request_conditions()
    m_where, m_args = flt.message_conditions()
    sql = (
        "SELECT r.request_id, r.accepted_at, r.type, r.content_type, r.caller, r.subject, "
        "r.content, m.seq, m.to_number, m.name, m.content AS message_content, m.outcome, "
        "m.status, m.status_code, m.status_message, m.telco, m.complete_time, m.message_id "
        "FROM sent_requests r JOIN sent_messages m ON m.request_id = r.request_id"
        f"{_where(where + m_where)} ORDER BY r.accepted_at DESC, r.request_id, m.seq"
    )
    yield from conn.execute(sql, [*args, *m_args])


def distinct_callers(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT caller FROM sent_requests ORDER BY 1")]


def recipients_of(
    conn: sqlite3.Connection, request_id: str, outcome: str | None = None
) -> list[sqlite3.Row]:
    """Recipients of a request (optionally only one outcome), in request order."""
    sql = "SELECT to_number, country_code, name, fields, subject, content, outcome FROM "
    sql += "sent_messages WHERE request_id = ?"
    args: list[Any] = [request_id]
    if outcome:
        sql += " AND outcome = ?"
        args.append(outcome)
    return conn.execute(sql + " ORDER BY seq", args).fetchall()


def request_row(conn: sqlite3.Connection, request_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM sent_requests WHERE request_id = ?", (request_id,)
    ).fetchone()
    return row


def job_templates(conn: sqlite3.Connection, job_id: str) -> tuple[str, str | None] | None:
    """(content template, subject template) a send job recorded in its meta, if any."""
    try:
        row = conn.execute("SELECT meta FROM send_jobs WHERE job_id = ?", (job_id,)).fetchone()
    except sqlite3.OperationalError:  # no send journal in this database
        return None
    if row is None or not row[0]:
        return None
    try:
        meta = json.loads(row[0])
    except ValueError:
        return None
    template = meta.get("template") if isinstance(meta, dict) else None
    if not isinstance(template, str) or not template:
        return None
    subject = meta.get("subject_template")
    return template, subject if isinstance(subject, str) else None

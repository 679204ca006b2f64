"""What the console knows about reserved sends, beside History's ``sent_requests``.

SENS has no "list reservations" call, so the list is the console's own: every row of
``sent_requests`` (owned by :mod:`console.store.history`) that carries a ``reserve_time``
or the status 'reserved' — written by the sending service, or merged by History's server
search. This module only *reads* that table and keeps its own:

``reservation_state``
    ``request_id`` (primary key; the reserveId), ``status`` (last ``reserveStatus`` SENS
    reported: READY, PROCESSING, CANCELED, FAIL, DONE, STALE, SKIP; NULL = never
    checked), ``checked_at`` (UTC ISO of that answer), ``check_error`` ('not_found',
    'network', 'server', ... of the last failed check; NULL after a good one),
    ``server_reserve_time``/``server_reserve_tz`` (what the status call said, for rows
    History could not fill), ``outcome`` (the last cancel attempt: 'cancelled',
    'already_sent', 'not_found', 'failed', 'too_late'), ``outcome_detail`` (its English
    and Korean sentences, JSON), ``outcome_at``, ``replaced_by`` (JSON list of the request
    IDs of the reservation that replaces this one, set when an edit was accepted),
    ``updated_at``.

When SENS says a reservation was cancelled or failed, the request's ``status`` in
``sent_requests`` becomes 'cancelled' or 'failed' (the values History documents), so that
History shows it so and its poller stops asking about it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.store.database import Database, migration

migration(
    40,
    "reservations: status cache and cancel outcomes",
    """
    CREATE TABLE IF NOT EXISTS reservation_state (
        request_id          TEXT PRIMARY KEY,
        status              TEXT,
        checked_at          TEXT,
        check_error         TEXT,
        server_reserve_time TEXT,
        server_reserve_tz   TEXT,
        outcome             TEXT,
        outcome_detail      TEXT,
        outcome_at          TEXT,
        replaced_by         TEXT,
        updated_at          TEXT NOT NULL
    );
    """,
)

DEFAULT_TZ = "Asia/Seoul"

#: reserveStatus values after which nothing more happens to a reservation.
FINAL_STATUSES = frozenset({"CANCELED", "FAIL", "DONE", "STALE", "SKIP"})
#: Every status the page can filter by.
ALL_STATUSES = ("READY", "PROCESSING", "CANCELED", "FAIL", "DONE", "STALE", "SKIP")


def _now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _parse_utc(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def reserve_instant(reserve_time: str | None, reserve_tz: str | None) -> datetime | None:
    """The moment of a ``yyyy-MM-dd HH:mm`` reservation in `reserve_tz` (aware), or None."""
    if not reserve_time:
        return None
    try:
        local = datetime.strptime(reserve_time.strip()[:16], "%Y-%m-%d %H:%M")
    except ValueError:
        return None
    return local.replace(tzinfo=_zone(reserve_tz))


@dataclass(frozen=True)
class Reservation:
    """One reserved request as the Reservations page shows it."""

    request_id: str
    service_id: str | None
    profile: str | None
    job_id: str | None
    accepted_at: datetime | None
    type: str
    content_type: str
    caller: str
    subject: str | None
    content: str | None
    recipient_count: int
    reserve_time: str | None
    reserve_tz: str
    history_status: str
    status: str | None
    checked_at: datetime | None
    check_error: str | None
    outcome: str | None
    outcome_en: str | None
    outcome_ko: str | None
    outcome_at: datetime | None
    replaced_by: tuple[str, ...]

    @property
    def reserve_at(self) -> datetime | None:
        """The send moment (aware, in the reservation's own zone)."""
        return reserve_instant(self.reserve_time, self.reserve_tz)

    @property
    def effective_status(self) -> str | None:
        """The status to show: SENS's last answer, else what the console knows itself."""
        if self.status:
            return self.status
        if self.outcome == "cancelled" or self.history_status == "cancelled":
            return "CANCELED"
        if self.history_status == "failed":
            return "FAIL"
        return None

    @property
    def is_active(self) -> bool:
        """Still waiting (or not checked yet): can be cancelled or edited."""
        return self.effective_status in (None, "READY")

    @property
    def first_line(self) -> str:
        """The subject, or the first non-empty line of the text."""
        if self.subject and self.subject.strip():
            return self.subject.strip()
        for line in (self.content or "").splitlines():
            if line.strip():
                return line.strip()
        return ""


_SELECT = """
    SELECT r.request_id, r.service_id, r.profile, r.job_id, r.accepted_at, r.type,
           r.content_type, r.caller, r.subject, r.content, r.recipient_count,
           COALESCE(r.reserve_time, s.server_reserve_time) AS reserve_time,
           COALESCE(r.reserve_tz, s.server_reserve_tz) AS reserve_tz,
           r.status AS history_status,
           s.status, s.checked_at, s.check_error, s.outcome, s.outcome_detail, s.outcome_at,
           s.replaced_by
    FROM sent_requests AS r
    LEFT JOIN reservation_state AS s ON s.request_id = r.request_id
    WHERE (r.reserve_time IS NOT NULL OR r.status = 'reserved' OR s.request_id IS NOT NULL)
      AND r.provider = 'sens'
"""


def _from_row(row: sqlite3.Row) -> Reservation:
    detail = json.loads(row["outcome_detail"]) if row["outcome_detail"] else {}
    return Reservation(
        request_id=row["request_id"],
        service_id=row["service_id"],
        profile=row["profile"],
        job_id=row["job_id"],
        accepted_at=_parse_utc(row["accepted_at"]),
        type=row["type"],
        content_type=row["content_type"],
        caller=row["caller"],
        subject=row["subject"],
        content=row["content"],
        recipient_count=int(row["recipient_count"]),
        reserve_time=row["reserve_time"],
        reserve_tz=row["reserve_tz"] or DEFAULT_TZ,
        history_status=row["history_status"],
        status=row["status"],
        checked_at=_parse_utc(row["checked_at"]),
        check_error=row["check_error"],
        outcome=row["outcome"],
        outcome_en=detail.get("en"),
        outcome_ko=detail.get("ko"),
        outcome_at=_parse_utc(row["outcome_at"]),
        replaced_by=tuple(json.loads(row["replaced_by"])) if row["replaced_by"] else (),
    )


def list_reservations(db: Database, service_id: str | None = None) -> list[Reservation]:
    """Every known reservation (of `service_id` when given), soonest send time first."""
    sql = _SELECT
    params: list[str] = []
    if service_id is not None:
        sql += " AND (r.service_id = ? OR r.service_id IS NULL)"
        params.append(service_id)
    rows = [_from_row(r) for r in db.connection().execute(sql, params)]
    far = datetime.max.replace(tzinfo=UTC)
    rows.sort(key=lambda r: (r.reserve_at or far, r.request_id))
    return rows


def get_reservations(db: Database, request_ids: Iterable[str]) -> list[Reservation]:
    """The reservations with these IDs (unknown IDs are left out), in the order given."""
    wanted = list(dict.fromkeys(request_ids))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = db.connection().execute(_SELECT + f" AND r.request_id IN ({marks})", wanted)
    found = {r["request_id"]: _from_row(r) for r in rows}
    return [found[i] for i in wanted if i in found]


def _ensure(conn: sqlite3.Connection, request_id: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO reservation_state (request_id, updated_at) VALUES (?, ?)",
        (request_id, _now_text()),
    )


#: reserveStatus -> the ``sent_requests.status`` History uses for it (History stops polling
#: requests in these states: see ``console.store.history.UNPOLLED_STATUSES``).
_HISTORY_STATUS = {"CANCELED": "cancelled", "FAIL": "failed", "STALE": "failed"}


def _sync_history_status(conn: sqlite3.Connection, request_id: str, status: str | None) -> None:
    """Tell History that a reservation will never send (so its poller stops asking)."""
    history = _HISTORY_STATUS.get((status or "").upper())
    if history is None:
        return
    conn.execute(
        "UPDATE sent_requests SET status = ?, updated_at = ? "
        "WHERE request_id = ? AND status IN ('reserved', 'accepted')",
        (history, _now_text(), request_id),
    )


def save_status(
    db: Database,
    request_id: str,
    status: str,
    *,
    reserve_time: str | None = None,
    reserve_tz: str | None = None,
    checked_at: datetime | None = None,
) -> None:
    """Record a ``reserveStatus`` answer (and the time SENS reported, when given)."""
    when = (checked_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
    with db.transaction() as conn:
        _ensure(conn, request_id)
        conn.execute(
            "UPDATE reservation_state SET status = ?, checked_at = ?, check_error = NULL, "
            "server_reserve_time = COALESCE(?, server_reserve_time), "
            "server_reserve_tz = COALESCE(?, server_reserve_tz), updated_at = ? "
            "WHERE request_id = ?",
            (status.upper(), when, reserve_time, reserve_tz, _now_text(), request_id),
        )
        _sync_history_status(conn, request_id, status)


def save_check_error(db: Database, request_id: str, kind: str) -> None:
    """Remember that the last status check failed (the last good status is kept)."""
    with db.transaction() as conn:
        _ensure(conn, request_id)
        conn.execute(
            "UPDATE reservation_state SET check_error = ?, updated_at = ? WHERE request_id = ?",
            (kind, _now_text(), request_id),
        )


def save_outcome(
    db: Database,
    request_id: str,
    outcome: str,
    message_en: str = "",
    message_ko: str = "",
    *,
    status: str | None = None,
) -> None:
    """Record the result of a cancel attempt (and the status it left, when known)."""
    now = _now_text()
    detail = json.dumps({"en": message_en, "ko": message_ko}, ensure_ascii=False)
    with db.transaction() as conn:
        _ensure(conn, request_id)
        conn.execute(
            "UPDATE reservation_state SET outcome = ?, outcome_detail = ?, outcome_at = ?, "
            "status = COALESCE(?, status), checked_at = CASE WHEN ? IS NULL THEN checked_at "
            "ELSE ? END, updated_at = ? WHERE request_id = ?",
            (outcome, detail, now, status, status, now, now, request_id),
        )
        _sync_history_status(conn, request_id, status)


def save_replaced_by(db: Database, request_id: str, new_request_ids: Sequence[str]) -> None:
    """Mark `request_id` as replaced by the (accepted) `new_request_ids`."""
    with db.transaction() as conn:
        _ensure(conn, request_id)
        conn.execute(
            "UPDATE reservation_state SET replaced_by = ?, updated_at = ? WHERE request_id = ?",
            (json.dumps(list(new_request_ids)), _now_text(), request_id),
        )


def recipients_of(db: Database, request_id: str) -> list[dict[str, object]]:
    """The recipients recorded for `request_id`: phone, name and merge fields."""
    rows = db.connection().execute(
        "SELECT to_number, name, fields FROM sent_messages WHERE request_id = ? ORDER BY seq",
        (request_id,),
    )
    return [
        {
            "phone": row["to_number"],
            "name": row["name"] or "",
            "fields": json.loads(row["fields"]) if row["fields"] else {},
        }
        for row in rows
    ]


def request_ids_of_job(db: Database, job_id: str) -> list[str]:
    """The requests a send job got accepted, in batch order."""
    rows = db.connection().execute(
        "SELECT request_id FROM sent_requests WHERE job_id = ? ORDER BY batch_seq", (job_id,)
    )
    return [row["request_id"] for row in rows]

"""Reservations: list, status refresh, cancel, and edit-by-replacement.

SENS has no "list reservations" call: the list is the console's store (see
:mod:`console.store.reservations`). Status and cancel go by request ID (= reserveId).

Editing or rescheduling a reservation is *replace*, never modify: the Reservations page
opens a copy in Compose (:func:`edit_prefill`, whose ``replaces_reservations`` key names
the old request IDs). Compose sends the copy as a new reservation with
``meta={REPLACES_META_KEY: [...old ids]}`` on its send job and, when the job ends, calls
:func:`finish_replacement` (job ID) — or :func:`replace_reservation` (old and new request
IDs) itself once every batch of the job is accepted. The old reservation is cancelled only
then, so a failure at either step loses nothing: if the new send fails, the old one still
stands; if the cancel fails (network), the old one is marked "replaced" and
:func:`complete_replacements` (run by every refresh of the Reservations page) cancels it
later — it also finishes replacements whose job completed without the Compose call.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from console.errors import ConsoleError
from console.providers.sens.errors import (
    SensAuthError,
    SensError,
    SensNetworkError,
    SensNotFoundError,
    SensRateLimitError,
    SensServerError,
    SensValidationError,
)
from console.store import reservations as store
from console.store.database import Database
from console.store.jobs import JobStore
from console.store.reservations import (
    ALL_STATUSES,
    FINAL_STATUSES,
    Reservation,
    get_reservations,
    list_reservations,
)

log = logging.getLogger(__name__)

__all__ = [
    "ALL_STATUSES",
    "CANCEL_WARNING_WINDOW",
    "FINAL_STATUSES",
    "REPLACES_META_KEY",
    "CancelResult",
    "RefreshReport",
    "ReplacementNotAccepted",
    "Reservation",
    "ReservationClient",
    "cancel_reservations",
    "complete_replacements",
    "edit_prefill",
    "finish_replacement",
    "get_reservations",
    "list_reservations",
    "matches",
    "refresh_statuses",
    "replace_reservation",
    "upcoming",
]

#: The send job ``meta`` key with which Compose names the reservations a send replaces.
REPLACES_META_KEY = "replaces_reservations"
#: Closer than this to the send time, a cancel may arrive too late: the page warns.
CANCEL_WARNING_WINDOW = timedelta(minutes=5)
#: Status checks run at most this many at a time.
CHECK_CONCURRENCY = 4

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class ReservationClient(Protocol):
    """What this service needs of :class:`console.providers.sens.SensClient`."""

    async def get_reservation_status(self, reserve_id: str) -> Any: ...

    async def cancel_reservation(self, reserve_id: str) -> None: ...


class ReplacementNotAccepted(ConsoleError):
    """:func:`replace_reservation` was called before the new reservation was recorded."""


# --------------------------------------------------------------------------- listing


def matches(
    reservation: Reservation,
    statuses: Collection[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> bool:
    """Whether `reservation` passes the page's filters.

    `statuses`: wanted statuses ("UNKNOWN" for never checked); `start`/`end`: inclusive
    dates of the send time in the reservation's own time zone.
    """
    if statuses:
        status = reservation.effective_status or "UNKNOWN"
        if status not in statuses:
            return False
    if start is not None or end is not None:
        at = reservation.reserve_at
        if at is None:
            return False
        day = at.date()
        if start is not None and day < start:
            return False
        if end is not None and day > end:
            return False
    return True


def upcoming(
    db: Database,
    service_id: str | None = None,
    *,
    limit: int = 3,
    now: datetime | None = None,
) -> list[Reservation]:
    """The next reservations still waiting to go out (for the reminder on Compose)."""
    moment = now or _utcnow()
    waiting = [
        r
        for r in list_reservations(db, service_id)
        if r.is_active and r.reserve_at is not None and r.reserve_at > moment
    ]
    return waiting[:limit]


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class RefreshReport:
    """What a status refresh did: how many rows were checked, which failed and why."""

    checked: int
    failed: tuple[str, ...]
    error: ConsoleError | None


def _error_kind(exc: BaseException) -> str:
    if isinstance(exc, SensNotFoundError):
        return "not_found"
    if isinstance(exc, SensNetworkError):
        return "network"
    if isinstance(exc, SensRateLimitError):
        return "rate_limited"
    if isinstance(exc, SensServerError):
        return "server"
    if isinstance(exc, SensAuthError):
        return "auth"
    return "error"


async def refresh_statuses(
    db: Database,
    client: ReservationClient,
    request_ids: Iterable[str] | None = None,
    *,
    service_id: str | None = None,
    include_final: bool = False,
) -> RefreshReport:
    """Ask SENS for the status of reservations and store the answers.

    Without `request_ids`, every reservation (of `service_id`) whose status can still
    change is checked. A failed check keeps the last known status; a lost network or
    rejected keys stop the round (the rest would fail the same way) and come back as
    ``error`` — never as an exception, so the local list always stays.
    """
    if request_ids is None:
        rows = list_reservations(db, service_id)
    else:
        rows = get_reservations(db, request_ids)
    wanted = [
        r.request_id
        for r in rows
        if include_final or (r.effective_status not in FINAL_STATUSES)
    ]
    semaphore = asyncio.Semaphore(CHECK_CONCURRENCY)
    stop = asyncio.Event()
    failed: list[str] = []
    errors: list[ConsoleError] = []
    checked = 0

    async def check(request_id: str) -> None:
        nonlocal checked
        async with semaphore:
            if stop.is_set():
                return
            try:
                result = await client.get_reservation_status(request_id)
            except SensError as exc:
                kind = _error_kind(exc)
                store.save_check_error(db, request_id, kind)
                failed.append(request_id)
                if kind != "not_found":
                    errors.append(exc)
                if kind in ("network", "auth"):
                    stop.set()
                return
            reserve_time = getattr(result, "reserve_time", None)
            store.save_status(
                db,
                request_id,
                str(result.status),
                reserve_time=reserve_time.strftime("%Y-%m-%d %H:%M") if reserve_time else None,
                reserve_tz=getattr(result, "reserve_time_zone", None),
            )
            checked += 1

    await asyncio.gather(*(check(i) for i in wanted))
    return RefreshReport(checked, tuple(failed), errors[0] if errors else None)


# --------------------------------------------------------------------------- cancel


@dataclass(frozen=True)
class CancelResult:
    """The result of cancelling one reservation.

    `outcome`: 'cancelled' (now or before), 'already_sent' (SENS is sending or sent it),
    'not_found' (SENS does not know the ID), 'too_late' (the send time is reached or too
    close for SENS to cancel), 'failed' (anything else; the reservation may still go out).
    """

    request_id: str
    outcome: str
    status: str | None
    message_en: str
    message_ko: str

    @property
    def ok(self) -> bool:
        return self.outcome == "cancelled"

    def message(self, language: str = "ko") -> str:
        return self.message_ko if language.startswith("ko") else self.message_en


def _when(reservation: Reservation | None) -> str:
    at = reservation.reserve_at if reservation else None
    return at.strftime("%Y-%m-%d %H:%M") if at else "?"


def _result_for_status(
    request_id: str, status: str, reservation: Reservation | None, now: datetime
) -> CancelResult:
    """Explain why a reservation in `status` could not be cancelled (or already was)."""
    when = _when(reservation)
    if status == "CANCELED":
        return CancelResult(
            request_id, "cancelled", status,
            "Cancelled: this reservation will not be sent.",
            "취소되었습니다. 이 예약은 발송되지 않습니다.",
        )
    if status in ("PROCESSING", "DONE"):
        return CancelResult(
            request_id, "already_sent", status,
            f"Too late: the send time ({when}) has come and SENS has already sent it "
            "to the messaging server. Check the results in History.",
            f"이미 발송되었습니다. 예약 시각({when})이 되어 SENS가 메시징 서버로 보냈습니다. "
            "결과는 발송 내역에서 확인하세요.",
        )
    if status in ("FAIL", "STALE", "SKIP"):
        return CancelResult(
            request_id, "failed", status,
            f"Nothing to cancel: SENS did not send this reservation (status {status}).",
            f"취소할 것이 없습니다. SENS가 이 예약을 발송하지 않았습니다(상태 {status}).",
        )
    at = reservation.reserve_at if reservation else None
    if at is not None and at - now <= CANCEL_WARNING_WINDOW:
        return CancelResult(
            request_id, "too_late", status,
            f"SENS refused to cancel: the send time ({when}) is too close. The message will "
            "probably go out; check History after the send time.",
            f"SENS가 취소를 거부했습니다. 예약 시각({when})이 너무 가깝습니다. 메시지가 발송될 "
            "가능성이 높으니 예약 시각 이후 발송 내역을 확인하세요.",
        )
    return CancelResult(
        request_id, "failed", status,
        "SENS refused to cancel this reservation. Refresh the list and try again.",
        "SENS가 이 예약의 취소를 거부했습니다. 목록을 새로 고친 뒤 다시 시도하세요.",
    )


async def _cancel_one(
    db: Database,
    client: ReservationClient,
    request_id: str,
    reservation: Reservation | None,
    now: datetime,
) -> CancelResult:
    status_known = reservation.effective_status if reservation else None
    if status_known in FINAL_STATUSES or status_known == "PROCESSING":
        assert status_known is not None
        return _result_for_status(request_id, status_known, reservation, now)
    try:
        await client.cancel_reservation(request_id)
    except SensNotFoundError:
        return CancelResult(
            request_id, "not_found", None,
            "SENS does not know this reservation (wrong ID, another service, or older than "
            "90 days). Nothing was cancelled.",
            "SENS에 이 예약이 없습니다(잘못된 ID, 다른 서비스, 또는 90일 이전). 취소된 것은 "
            "없습니다.",
        )
    except SensValidationError:
        # SENS refuses to cancel what is no longer waiting: ask what it is now.
        try:
            status = str((await client.get_reservation_status(request_id)).status).upper()
        except SensError as exc:
            return _failed(request_id, exc)
        return _result_for_status(request_id, status, reservation, now)
    except SensError as exc:
        return _failed(request_id, exc)
    return _result_for_status(request_id, "CANCELED", reservation, now)


def _failed(request_id: str, exc: SensError) -> CancelResult:
    return CancelResult(
        request_id, "failed", None,
        f"Not cancelled — the reservation still stands and will go out unless cancelled. "
        f"{exc.message_en}",
        f"취소하지 못했습니다. 예약은 그대로 남아 있어 취소하지 않으면 발송됩니다. "
        f"{exc.message_ko}",
    )


async def cancel_reservations(
    db: Database,
    client: ReservationClient,
    request_ids: Sequence[str],
    *,
    clock: Clock = _utcnow,
) -> list[CancelResult]:
    """Cancel each reservation; one result per ID (never raises for SENS errors).

    The store keeps each outcome (shown per row) and the status it leaves.
    """
    known = {r.request_id: r for r in get_reservations(db, request_ids)}
    results: list[CancelResult] = []
    for request_id in dict.fromkeys(request_ids):
        reservation = known.get(request_id)
        result = await _cancel_one(db, client, request_id, reservation, clock())
        store.save_outcome(
            db,
            request_id,
            result.outcome,
            result.message_en,
            result.message_ko,
            status=result.status,
        )
        results.append(result)
    return results


# --------------------------------------------------------------------------- replace


async def replace_reservation(
    db: Database,
    client: ReservationClient,
    old_request_ids: str | Sequence[str],
    new_request_ids: str | Sequence[str],
) -> list[CancelResult]:
    """Cancel the old reservation(s) because the new one(s) were accepted.

    Call it once SENS accepted every request of the new reservation (they are in the
    store). Raises :class:`ReplacementNotAccepted` (changing nothing) when a new request
    is unknown. The old ones are marked replaced before the cancel, so a cancel that fails
    is retried by :func:`complete_replacements`.
    """
    old = [old_request_ids] if isinstance(old_request_ids, str) else list(old_request_ids)
    new = [new_request_ids] if isinstance(new_request_ids, str) else list(new_request_ids)
    recorded = {r.request_id for r in get_reservations(db, new)}
    missing = [i for i in new if i not in recorded]
    if not new or missing:
        raise ReplacementNotAccepted(
            "The new reservation is not recorded as accepted, so the old one was kept. "
            "Check History and cancel the old reservation by hand if the new one went out.",
            "새 예약이 접수된 것으로 기록되지 않아 기존 예약을 그대로 두었습니다. 발송 내역을 "
            "확인하고 새 예약이 접수되었다면 기존 예약을 직접 취소하세요.",
        )
    for request_id in old:
        store.save_replaced_by(db, request_id, new)
    return await cancel_reservations(db, client, old)


async def finish_replacement(
    db: Database, client: ReservationClient, job_id: str
) -> list[CancelResult]:
    """Compose's one call after a send job ends: replace what the job's meta names.

    Does nothing (returns []) unless the job carries ``meta[REPLACES_META_KEY]``, is
    completed and had every batch accepted — a partly accepted copy keeps the old
    reservation, and the user decides. Old reservations already replaced are skipped.
    """
    jobs = JobStore(db)
    try:
        job = jobs.job(job_id)
    except KeyError:
        return []
    old = job.meta.get(REPLACES_META_KEY) if isinstance(job.meta, dict) else None
    if not old or job.state != "completed":
        return []
    if jobs.counts(job_id)["accepted"].batches != job.total_batches:
        return []
    pending = [r.request_id for r in get_reservations(db, old) if not r.replaced_by]
    new = store.request_ids_of_job(db, job_id)
    if not pending or not new:
        return []
    return await replace_reservation(db, client, pending, new)


async def complete_replacements(
    db: Database, client: ReservationClient, service_id: str | None = None
) -> list[CancelResult]:
    """Finish replacements whose second step did not happen or failed.

    - a completed send job with ``meta[REPLACES_META_KEY]`` whose every batch was
      accepted: its old reservations are replaced (the Compose call may never have come);
    - a reservation marked replaced that is still waiting: cancelled again.
    """
    results: list[CancelResult] = []
    for job in JobStore(db).jobs(("completed",)):
        if not (isinstance(job.meta, dict) and job.meta.get(REPLACES_META_KEY)):
            continue
        if service_id is not None and job.service_id not in (None, service_id):
            continue
        results += await finish_replacement(db, client, job.job_id)
    retry = [
        r.request_id
        for r in list_reservations(db, service_id)
        if r.replaced_by and r.is_active and r.outcome != "cancelled"
    ]
    if retry:
        results += await cancel_reservations(db, client, retry)
    return results


def edit_prefill(db: Database, request_ids: Sequence[str]) -> dict[str, Any]:
    """What to hand to ``navigator.open_compose(**prefill)`` to edit a reservation.

    Reservations split into several requests (over 100 recipients) are edited whole: the
    other waiting requests of the same send job are included. Keys: content, subject,
    recipients (phone/name/fields mappings), caller, message_type, content_type,
    reserve_at (aware datetime), reserve_time_zone and ``replaces_reservations`` (the
    request IDs to cancel once the copy is accepted).
    """
    chosen = get_reservations(db, request_ids)
    if not chosen:
        raise KeyError("no such reservation")
    ids = [r.request_id for r in chosen]
    for job_id in {r.job_id for r in chosen if r.job_id}:
        ids += store.request_ids_of_job(db, job_id)
    rows = [r for r in get_reservations(db, ids) if r.is_active]
    texts = {(r.content or "", r.subject or "", r.caller, r.reserve_time) for r in rows}
    if not rows:
        raise ConsoleError(
            "This reservation can no longer be edited: it was sent or cancelled.",
            "이 예약은 이미 발송되었거나 취소되어 편집할 수 없습니다.",
        )
    if len(texts) > 1:
        raise ConsoleError(
            "The selected reservations hold different messages. Edit one reservation at a time.",
            "선택한 예약들의 메시지가 서로 다릅니다. 예약을 하나씩 편집하세요.",
        )
    first = rows[0]
    recipients: list[dict[str, object]] = []
    for r in rows:
        recipients += store.recipients_of(db, r.request_id)
    return {
        "content": first.content or "",
        "subject": first.subject,
        "recipients": recipients,
        "caller": first.caller,
        "message_type": first.type,
        "content_type": first.content_type,
        "reserve_at": first.reserve_at,
        "reserve_time_zone": first.reserve_tz,
        REPLACES_META_KEY: [r.request_id for r in rows],
    }

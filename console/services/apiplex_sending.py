"""Journalled sending through CJ API PLEX, and the History rows of API PLEX messages.

API PLEX differs from SENS in ways that shape this module:

- a request carries at most 10 messages, and each message has a msg_key (GMS: messageId)
  chosen by us: the keys are generated when the job is written, so any resend of a batch
  reuses them (API PLEX then flags a duplicate, result "q", instead of delivering twice);
- there is no query API: a request that got no answer can never be looked up. Its
  messages become ``unknown`` (:meth:`ApiPlexStore.mark_unknown`), the batch stays
  ``ambiguous`` in the job journal and is *never* sent again by the console; only a
  webhook result for one of its keys proves it was accepted;
- HTTP 200 may still refuse single messages (G140, G141, C341 ...): those are stored with
  their code and meaning and shown as failed in History.

Each batch moves through the job journal (:class:`console.store.jobs.JobStore`) exactly
as a SENS batch: ``planned -> sending`` (committed with the msg_keys in
:class:`ApiPlexStore` before the request) ``-> accepted | failed | ambiguous``.
An answered request goes into History (``sent_requests``/``sent_messages``,
``provider='apiplex'``, ``request_id`` a local id, ``message_id`` the msg_key); webhook
results update those rows through :func:`apply_results_to_history`.

History's SENS-oriented columns are filled in a provider-neutral way: ``status`` READY
(sent or accepted, no result yet) / PROCESSING (GMS on its way) / COMPLETED (final),
``status_code`` the API PLEX code (acceptance code for a refusal, delivery result code
otherwise; "0" is success as on SENS), ``status_message`` the sentence of
:func:`console.services.webhooks.describe_state` (why "accepted" is the last known state
when no webhook receiver runs).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from console.errors import ConsoleError
from console.providers.apiplex.errors import (
    ApiPlexAmbiguousSendError,
    ApiPlexAuthError,
    ApiPlexError,
    ApiPlexNetworkError,
    ApiPlexRateLimitError,
    ApiPlexServerError,
    ApiPlexValidationError,
)
from console.providers.apiplex.models import Acceptance, BizMessage, GmsMessage, new_msg_key
from console.providers.apiplex.validation import MAX_MESSAGES_PER_REQUEST, TITLE_LIMIT
from console.services.sending import (
    ProgressCallback,
    SendPaused,
    SendProgress,
    StoreCalls,
    detached_error,
    dispatch_batches,
    notify_progress,
    rate_limited_pause,
    unit_prices,
)
from console.store.apiplex import ApiPlexMessage, ApiPlexStore, OutgoingMessage
from console.store.database import Database
from console.store.history import AcceptedRequest, SentMessage, insert_accepted, utc_text
from console.store.jobs import (
    UNCERTAIN_STATES,
    BatchPayload,
    BatchRecipient,
    BatchSpec,
    JobRecord,
    JobStore,
)

log = logging.getLogger(__name__)

PROVIDER = "apiplex"
DEFAULT_CONCURRENCY = 3
#: Consecutive 429s (after the client's own retries) before the job pauses.
MAX_RATE_LIMIT_STRIKES = 6
SEOUL = ZoneInfo("Asia/Seoul")


class ApiPlexSendClient(Protocol):
    """What sending needs of :class:`console.providers.apiplex.ApiPlexClient`."""

    service_ids: dict[str, str]

    async def send_biz_request(
        self, product: Any, messages: Sequence[BizMessage]
    ) -> list[Acceptance]: ...

    async def send_gms_request(self, messages: Sequence[GmsMessage]) -> list[Acceptance]: ...


class TitleTooLongError(ConsoleError):
    """An LMS/MMS title is over API PLEX's 50 bytes (EUC-KR)."""


# ======================================================================================
# plan -> batches of <= 10
# ======================================================================================


def request_id_for(job_id: str, seq: int) -> str:
    """History's ``request_id`` of a batch: local (API PLEX has no request id)."""
    return f"apiplex-{job_id}-{seq}"


def gms_number(country_code: str, digits: str) -> str:
    """The international number GMS wants (E.164 without '+') for a domestic-form entry."""
    text = digits.strip().lstrip("+")
    if text.startswith(country_code) and len(text) > len(country_code) + 6:
        return text
    return country_code + text.lstrip("0")


def specs_from_plan(
    plan: Any,
    *,
    subject: str = "",
    missing: str = "error",
) -> list[BatchSpec]:
    """API PLEX batch specs (<= 10 messages each, msg_keys fixed now) for a domain plan.

    The plan is built without a subject (the domain's subject limit is SENS's 40 bytes);
    each LMS/MMS message gets `subject` rendered for its recipient, checked against API
    PLEX's own 50-byte limit. Domestic batches become Biz Message SMS/LMS/MMS; batches to
    another country code go through GMS (one UTF-8 text, no title or images).
    """
    from console.domain.merge import render
    from console.providers.apiplex.validation import measure_euckr

    prices = unit_prices(plan)
    specs: list[BatchSpec] = []
    too_long = 0
    for batch in plan.batches:
        country = str(batch.country_code or "82")
        product = str(batch.type) if country == "82" else "GMS"
        items: list[dict[str, Any]] = []
        recipients: list[BatchRecipient] = []
        for i, (message, recipient) in enumerate(
            zip(batch.messages, batch.recipients, strict=True)
        ):
            item: dict[str, Any] = {"msg": batch.text_for(i)}
            if product == "GMS":
                item["to"] = gms_number(country, message.to)
                item["key"] = uuid.uuid4().hex
            else:
                item["to"] = message.to
                item["key"] = new_msg_key()
                if product in ("LMS", "MMS") and subject.strip():
                    title = render(subject, recipient, missing=missing).strip()  # type: ignore[arg-type]
                    if measure_euckr(title).bytes > TITLE_LIMIT:
                        too_long += 1
                    if title:
                        item["title"] = title
            items.append(item)
            recipients.append(
                BatchRecipient(
                    to=message.to,
                    name=getattr(recipient, "name", "") or "",
                    fields={str(k): str(v) for k, v in dict(recipient.fields).items()},
                )
            )
        price = prices.get(str(batch.type))
        for start in range(0, len(items), MAX_MESSAGES_PER_REQUEST):
            chunk = items[start : start + MAX_MESSAGES_PER_REQUEST]
            body = {
                "product": product,
                "sender": batch.from_,
                "country_code": country,
                "type": str(batch.type),
                "files": list(batch.file_ids) if product == "MMS" else [],
                "messages": chunk,
            }
            specs.append(
                BatchSpec(
                    type=str(batch.type),
                    body=body,
                    recipients=recipients[start : start + MAX_MESSAGES_PER_REQUEST],
                    cost=float(price * len(chunk)) if price is not None else None,
                )
            )
    if too_long:
        raise TitleTooLongError(
            f"The subject is over {TITLE_LIMIT} bytes for {too_long} recipients; API PLEX "
            f"allows at most {TITLE_LIMIT} bytes (about 25 Korean characters). Shorten it.",
            f"{too_long}명의 제목이 {TITLE_LIMIT}바이트를 넘습니다. API PLEX 제목은 최대 "
            f"{TITLE_LIMIT}바이트(한글 약 25자)입니다. 제목을 줄이세요.",
        )
    return specs


# ======================================================================================
# History rows
# ======================================================================================


def _history_fields(
    row: ApiPlexMessage, *, receiver_enabled: bool, language: str
) -> dict[str, Any]:
    """The ``sent_messages`` columns that show the state of one API PLEX message."""
    # (the webhook receiver's module brings http.server: loaded when History needs it)
    from console.services.webhooks import describe_state

    state = row.state
    if state in ("sending", "accepted", "unknown"):
        outcome, status, code, name = "pending", "READY", row.accept_code, None
    elif state == "pending":
        outcome, status, code, name = "pending", "PROCESSING", row.result_code, None
    elif state == "rejected":
        outcome, status, code, name = "failed", "COMPLETED", row.accept_code, "fail"
    elif state == "delivered":
        outcome, status, code, name = "success", "COMPLETED", row.result_code, "success"
    else:
        outcome, status, code, name = "failed", "COMPLETED", row.result_code, "fail"
    if state in ("sending", "accepted", "unknown"):
        code = None  # an acceptance code is not a result: History reads status_code so
    return {
        "outcome": outcome,
        "status": status,
        "status_code": code,
        "status_name": name,
        "status_message": describe_state(row, receiver_enabled=receiver_enabled).text(language),
        "result_code": row.result_code if state not in ("rejected",) else row.accept_code,
        "telco": row.carrier,
        "complete_time": _complete_time(row) if outcome != "pending" else None,
    }


def _complete_time(row: ApiPlexMessage) -> str | None:
    for text in (row.done_date, row.result_at, row.accepted_at):
        if not text:
            continue
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            continue
        if value.tzinfo is None:
            value = value.replace(tzinfo=SEOUL)  # API PLEX reports Korean time
        return utc_text(value)
    return None


def _rows_by_key(db: Database, keys: Sequence[str]) -> dict[str, ApiPlexMessage]:
    found: dict[str, ApiPlexMessage] = {}
    conn = db.connection()
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT * FROM apiplex_messages WHERE msg_key IN ({marks})", chunk):
            found[r["msg_key"]] = ApiPlexMessage.from_row(r)
    return found


def apply_results_to_history(
    db: Database,
    msg_keys: Iterable[str],
    *,
    language: str = "ko",
    receiver_enabled: bool = True,
) -> set[str]:
    """Copy what :class:`ApiPlexStore` knows of `msg_keys` into History's rows.

    ``sent_messages`` rows are found by ``message_id`` (= msg_key); their request's
    counters and ``final`` flag are refreshed. Returns the request IDs that changed.
    Idempotent, and harmless for keys History does not list (yet).
    """
    from console.store.history import refresh_counts

    keys = list(dict.fromkeys(msg_keys))
    if not keys:
        return set()
    rows = _rows_by_key(db, keys)
    now = utc_text(datetime.now(UTC))
    changed: set[str] = set()
    with db.transaction() as conn:
        for key in keys:
            row = rows.get(key)
            if row is None:
                continue
            target = conn.execute(
                "SELECT id, request_id, outcome, status, status_code, status_message, telco "
                "FROM sent_messages WHERE message_id = ?",
                (key,),
            ).fetchone()
            if target is None:
                continue
            fields = _history_fields(row, receiver_enabled=receiver_enabled, language=language)
            if all(target[k] == fields[k] for k in
                   ("outcome", "status", "status_code", "status_message", "telco")):
                continue
            conn.execute(
                "UPDATE sent_messages SET outcome = ?, status = ?, status_code = ?, "
                "status_name = ?, status_message = ?, result_code = ?, telco = ?, "
                "complete_time = ?, updated_at = ? WHERE id = ?",
                (fields["outcome"], fields["status"], fields["status_code"],
                 fields["status_name"], fields["status_message"], fields["result_code"],
                 fields["telco"], fields["complete_time"], now, target["id"]),
            )
            changed.add(str(target["request_id"]))
        for request_id in changed:
            counts = refresh_counts(conn, request_id)
            unknown = conn.execute(
                "SELECT COUNT(*) FROM sent_messages m JOIN apiplex_messages a "
                "ON a.msg_key = m.message_id WHERE m.request_id = ? AND a.state = 'unknown'",
                (request_id,),
            ).fetchone()[0]
            conn.execute(
                "UPDATE sent_requests SET final = ?, status = ?, updated_at = ? "
                "WHERE request_id = ?",
                (1 if counts.pending == 0 else 0, "unknown" if unknown else "accepted", now,
                 request_id),
            )
    return changed


def message_text(
    db: Database, msg_key: str, *, language: str = "ko", receiver_enabled: bool = True
) -> str | None:
    """What History should show for the API PLEX message `msg_key` (its message_id), in
    `language`; None when the key is unknown. (``status_code`` holds API PLEX codes, which
    SENS's code table does not know.)"""
    from console.services.webhooks import describe_state

    row = ApiPlexStore(db).get(msg_key)
    if row is None:
        return None
    return describe_state(row, receiver_enabled=receiver_enabled).text(language)


# ======================================================================================
# the service
# ======================================================================================


@dataclass
class _Run:
    job: JobRecord
    states: dict[int, str]
    sizes: dict[int, int]
    progress_cb: ProgressCallback | None
    cancel_event: asyncio.Event
    refused: dict[int, int]
    stop_reason: ConsoleError | None = None
    rate_strikes: int = 0
    not_before: float = 0.0


class ApiPlexSendingService:
    """Runs API PLEX send jobs (the same journal and progress as SENS jobs).

    `receiver_enabled` says whether delivery results can arrive (a running webhook
    receiver); it only changes what History explains.
    """

    def __init__(
        self,
        db: Database,
        client: ApiPlexSendClient,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        language: str = "ko",
        receiver_enabled: Callable[[], bool] | bool = False,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.db = db
        self.client = client
        self.jobs = JobStore(db)
        self.apiplex = ApiPlexStore(db)
        self.concurrency = concurrency
        self.language = language
        self._receiver = receiver_enabled
        self._sleep = sleep
        self._running: set[str] = set()
        # Errors cross as they are: _refuse_all reads the ApiPlexError's code.
        self._db = StoreCalls(db, detach_errors=False)

    def receiver_enabled(self) -> bool:
        return bool(self._receiver() if callable(self._receiver) else self._receiver)

    # --- jobs ------------------------------------------------------------------------

    def create_job(
        self,
        specs: Sequence[BatchSpec],
        *,
        profile: str | None = None,
        kind: str = "send",
        title: str = "",
        meta: Mapping[str, Any] | None = None,
    ) -> str:
        """Journal the batches (from :func:`specs_from_plan`); nothing is sent yet."""
        return self.jobs.create_job(
            list(specs),
            profile=profile,
            service_id=self.client.service_ids.get("SMS"),
            provider=PROVIDER,
            kind=kind,
            title=title,
            meta=meta,
        )

    async def create_job_async(self, specs: Sequence[BatchSpec], **kwargs: Any) -> str:
        if not self._db.in_threads:
            return self.create_job(specs, **kwargs)
        return await asyncio.to_thread(self.create_job, specs, **kwargs)

    def progress(self, job_id: str) -> SendProgress:
        """Counts of a job from the store (per message: refusals count as failed)."""
        job = self.jobs.job(job_id)
        states = {b.seq: b.state for b in self.jobs.batches(job_id)}
        sizes = {b.seq: b.recipient_count for b in self.jobs.batches(job_id)}
        refused = self._refused_counts(job_id, [s for s, st in states.items() if st == "accepted"])
        reason = ConsoleError(job.reason_en, job.reason_ko) if job.reason_en else None
        run = _Run(job, states, sizes, None, asyncio.Event(), refused)
        return self._progress(run, job.state, reason)

    def cancel_job(self, job_id: str) -> None:
        """Give up a job that is not running: planned batches are cancelled; batches in
        doubt stay in doubt (their webhook results will still update History)."""
        if job_id in self._running:
            raise RuntimeError("cancel a running job with its cancel_event")
        self.jobs.cancel_planned(job_id)
        self.jobs.set_job_state(job_id, "cancelled")

    # --- running ---------------------------------------------------------------------

    async def run(
        self,
        job_id: str,
        progress_cb: ProgressCallback | None = None,
        cancel_event: asyncio.Event | None = None,
    ) -> SendProgress:
        """Send (or resume) `job_id`; batches in doubt are settled only by webhook results."""
        if job_id in self._running:
            raise RuntimeError(f"job {job_id} is already running")
        job = self.jobs.job(job_id)
        if job.provider != PROVIDER:
            raise ValueError(f"job {job_id} is not an API PLEX job")
        if job.state in ("completed", "cancelled"):
            return self.progress(job_id)
        if not self._running:
            self._db.reset()
        self._running.add(job_id)
        try:
            return await self._run(job, progress_cb, cancel_event or asyncio.Event())
        finally:
            self._running.discard(job_id)

    async def _run(
        self, job: JobRecord, progress_cb: ProgressCallback | None, cancel: asyncio.Event
    ) -> SendProgress:
        batches = await self._db(self.jobs.batches, job.job_id)
        run = _Run(
            job,
            {b.seq: b.state for b in batches},
            {b.seq: b.recipient_count for b in batches},
            progress_cb,
            cancel,
            await self._db(
                self._refused_counts, job.job_id,
                [b.seq for b in batches if b.state == "accepted"],
            ),
        )
        await self._db(self.jobs.set_job_state, job.job_id, "running")
        self._report(run, "running")
        await self._settle_uncertain(run)
        planned = [s for s, st in sorted(run.states.items()) if st == "planned"]
        if planned and not cancel.is_set():
            await self._dispatch(run, planned)
        return await self._finish(run)

    async def _finish(self, run: _Run) -> SendProgress:
        job_id = run.job.job_id
        uncertain = sum(1 for st in run.states.values() if st in UNCERTAIN_STATES)
        if run.cancel_event.is_set() and run.stop_reason is None:
            for seq, st in list(run.states.items()):
                if st == "planned":
                    run.states[seq] = "cancelled"
            await self._db(self.jobs.cancel_planned, job_id)
            if not uncertain:
                await self._db(self.jobs.set_job_state, job_id, "cancelled")
                return self._report(run, "cancelled")
        planned = any(st == "planned" for st in run.states.values())
        if run.stop_reason is None and not planned and not uncertain:
            await self._db(self.jobs.set_job_state, job_id, "completed")
            return self._report(run, "completed")
        reason = run.stop_reason or _in_doubt(uncertain, self.receiver_enabled())
        await self._db(self.jobs.set_job_state, job_id, "paused", reason)
        return self._report(run, "paused", reason)

    def _progress(self, run: _Run, state: str, reason: ConsoleError | None) -> SendProgress:
        def batches(*states: str) -> int:
            return sum(1 for st in run.states.values() if st in states)

        def people(*states: str) -> int:
            return sum(run.sizes[s] for s, st in run.states.items() if st in states)

        refused = sum(n for s, n in run.refused.items() if run.states.get(s) == "accepted")
        return SendProgress(
            job_id=run.job.job_id,
            state=state,
            total_batches=run.job.total_batches,
            total_recipients=run.job.total_recipients,
            accepted_batches=batches("accepted"),
            accepted_recipients=people("accepted") - refused,
            failed_batches=batches("failed"),
            failed_recipients=people("failed") + refused,
            cancelled_batches=batches("cancelled"),
            cancelled_recipients=people("cancelled"),
            ambiguous_batches=batches(*UNCERTAIN_STATES),
            reason=reason,
        )

    def _report(
        self, run: _Run, state: str = "running", reason: ConsoleError | None = None
    ) -> SendProgress:
        return notify_progress(run.progress_cb, self._progress(run, state, reason), log)

    # --- dispatch --------------------------------------------------------------------

    async def _dispatch(self, run: _Run, planned: Sequence[int]) -> None:
        await dispatch_batches(
            run,
            planned,
            lambda seq: self._send_batch(run, seq),
            concurrency=self.concurrency,
            sleep=self._sleep,
            clock=asyncio.get_running_loop().time,  # the clock run.not_before is set on
        )

    def _begin(self, job: JobRecord, seq: int) -> BatchPayload | None:
        """(worker thread) Journal the keys, then planned -> sending; None if not planned."""
        batch = self.jobs.batch(job.job_id, seq)
        if batch.state != "planned":
            return None
        payload = self.jobs.payload(job.job_id, seq)
        body = payload.body
        product = str(body["product"])
        self.apiplex.record_sending(
            [
                OutgoingMessage(
                    msg_key=str(item["key"]),
                    product=product,
                    receiver=str(item["to"]),
                    sender=str(body.get("sender") or ""),
                    service_id=self.client.service_ids.get(product),
                    title=item.get("title"),
                )
                for item in body["messages"]
            ],
            profile_id=job.profile,
            job_ref=job.job_id,
        )
        self.jobs.mark_sending(job.job_id, seq, datetime.now(UTC))
        return payload

    async def _send_batch(self, run: _Run, seq: int) -> bool:
        """Send one planned batch; True when it should be queued again (429)."""
        job = run.job
        payload = await self._db(self._begin, job, seq)
        if payload is None:
            return False
        run.states[seq] = "sending"
        body = payload.body
        keys = [str(item["key"]) for item in body["messages"]]
        try:
            acceptances = await self._request(body)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                self.apiplex.mark_unknown(keys)
                self.jobs.mark_ambiguous(job.job_id, seq)
            raise
        except ApiPlexRateLimitError as exc:
            await self._db(self.jobs.mark_not_sent, job.job_id, seq, exc)
            run.states[seq] = "planned"
            run.rate_strikes += 1
            if run.rate_strikes >= MAX_RATE_LIMIT_STRIKES:
                run.stop_reason = run.stop_reason or rate_limited_pause("API PLEX")
                return False
            delay = min(30.0, 0.5 * 2 ** run.rate_strikes)
            run.not_before = asyncio.get_running_loop().time() + delay
            return True
        except (ApiPlexNetworkError, ApiPlexAuthError) as exc:
            # Certainly not processed, and nothing else will get through: pause.
            await self._db(self.jobs.mark_not_sent, job.job_id, seq, exc)
            run.states[seq] = "planned"
            run.stop_reason = run.stop_reason or exc
        except ApiPlexValidationError as exc:
            await self._db(self._refuse_all, job, seq, body, exc)
            run.states[seq] = "failed"
        except (ApiPlexAmbiguousSendError, ApiPlexServerError) as exc:
            await self._db(self._in_doubt, job, seq, payload, exc)
            run.states[seq] = "ambiguous"
        except ApiPlexError as exc:
            if exc.retryable:
                await self._db(self._in_doubt, job, seq, payload, exc)
                run.states[seq] = "ambiguous"
            else:
                await self._db(self._refuse_all, job, seq, body, exc)
                run.states[seq] = "failed"
        except Exception as exc:
            log.exception("API PLEX batch %s/%d: unexpected error", job.job_id, seq)
            await self._db(self._in_doubt, job, seq, payload, _unexpected(exc))
            run.states[seq] = "ambiguous"
        else:
            run.rate_strikes = 0
            refused = await self._db(self._accepted, job, seq, payload, acceptances)
            run.refused[seq] = refused
            run.states[seq] = "accepted"
            for_now = [a for a in acceptances if not a.accepted and a.retryable]
            if for_now and run.stop_reason is None:
                # Insufficient credit or the session limit: the next requests would be
                # refused too. Pause; the refused messages are in History as failed.
                run.stop_reason = _refused_for_now(for_now[0], len(for_now))
        self._report(run)
        return False

    async def _request(self, body: Mapping[str, Any]) -> list[Acceptance]:
        product = str(body["product"])
        sender = str(body.get("sender") or "")
        if product == "GMS":
            return await self.client.send_gms_request(
                [
                    GmsMessage(to=str(m["to"]), text=str(m["msg"]), message_id=str(m["key"]))
                    for m in body["messages"]
                ]
            )
        files = tuple(str(f) for f in body.get("files") or ())
        return await self.client.send_biz_request(
            product,
            [
                BizMessage(
                    receiver_number=str(m["to"]),
                    msg=str(m["msg"]),
                    sender_number=sender,
                    title=m.get("title"),
                    msg_key=str(m["key"]),
                    file_path=files,
                )
                for m in body["messages"]
            ],
        )

    # --- journal steps (worker thread) -----------------------------------------------

    def _history_request(
        self, job: JobRecord, seq: int, payload: BatchPayload, accepted_at: datetime
    ) -> AcceptedRequest:
        body = payload.body
        product = str(body["product"])
        items = body["messages"]
        texts = [str(m["msg"]) for m in items]
        common = max(set(texts), key=texts.count)
        return AcceptedRequest(
            request_id=request_id_for(job.job_id, seq),
            accepted_at=accepted_at,
            type=str(body.get("type") or ("SMS" if product == "GMS" else product)),
            caller=str(body.get("sender") or ""),
            content=common,
            messages=[
                SentMessage(
                    to=r.to,
                    name=r.name,
                    fields=r.fields,
                    subject=m.get("title"),
                    content=None if str(m["msg"]) == common else str(m["msg"]),
                )
                for r, m in zip(payload.recipients, items, strict=True)
            ],
            country_code=str(body.get("country_code") or "82"),
            subject=next((m.get("title") for m in items if m.get("title")), None),
            files=[str(f) for f in body.get("files") or ()],
            cost=payload.cost,
            job_id=job.job_id,
            batch_seq=seq,
            profile=job.profile,
            provider=PROVIDER,
            service_id=self.client.service_ids.get(product, product.lower()),
        )

    def _link_keys(self, conn: Any, request_id: str, keys: Sequence[str]) -> None:
        conn.executemany(
            "UPDATE sent_messages SET message_id = ? WHERE request_id = ? AND seq = ? "
            "AND message_id IS NULL",
            [(key, request_id, i) for i, key in enumerate(keys)],
        )

    def _accepted(
        self, job: JobRecord, seq: int, payload: BatchPayload, acceptances: list[Acceptance]
    ) -> int:
        """Store every acceptance code, the batch and its History rows; returns how many
        messages API PLEX refused."""
        for a in acceptances:
            self.apiplex.record_acceptance(
                a.key, product=a.product, code=a.code, desc=a.desc, accepted=a.accepted,
                receiver=a.receiver, sms_count=a.sms_count, profile_id=job.profile,
                job_ref=job.job_id,
            )
        keys = [str(item["key"]) for item in payload.body["messages"]]
        request = self._history_request(job, seq, payload, datetime.now(UTC))
        self.jobs.mark_accepted(job.job_id, seq, request)
        with self.db.transaction() as conn:
            self._link_keys(conn, request.request_id, keys)
        apply_results_to_history(
            self.db, keys, language=self.language, receiver_enabled=self.receiver_enabled()
        )
        return sum(1 for a in acceptances if not a.accepted)

    def _in_doubt(
        self, job: JobRecord, seq: int, payload: BatchPayload, error: ConsoleError
    ) -> None:
        """No answer: the keys become 'unknown', the batch 'ambiguous' (never resent), and
        History lists the messages so that their webhook results can update them."""
        log.warning("API PLEX batch %s/%d is in doubt: %s", job.job_id, seq, error.message_en)
        keys = [str(item["key"]) for item in payload.body["messages"]]
        self.apiplex.mark_unknown(keys)
        self.jobs.mark_ambiguous(job.job_id, seq, detached_error(error))
        request = self._history_request(job, seq, payload, datetime.now(UTC))
        with self.db.transaction() as conn:
            if insert_accepted(conn, request):
                conn.execute(
                    "UPDATE sent_requests SET status = 'unknown' WHERE request_id = ?",
                    (request.request_id,),
                )
            self._link_keys(conn, request.request_id, keys)
        apply_results_to_history(
            self.db, keys, language=self.language, receiver_enabled=self.receiver_enabled()
        )

    def _refuse_all(
        self, job: JobRecord, seq: int, body: Mapping[str, Any], error: ApiPlexError
    ) -> None:
        """The whole request was refused (nothing sent): keys 'rejected', batch 'failed'."""
        for item in body["messages"]:
            self.apiplex.record_acceptance(
                str(item["key"]), product=str(body["product"]), code=error.code or "",
                desc=error.message_en, accepted=False, receiver=str(item["to"]),
                profile_id=job.profile, job_ref=job.job_id,
            )
        self.jobs.mark_failed(job.job_id, seq, detached_error(error))

    def _refused_counts(self, job_id: str, seqs: Sequence[int]) -> dict[int, int]:
        if not seqs:
            return {}
        counts: dict[int, int] = {}
        conn = self.db.connection()
        for seq in seqs:
            counts[seq] = int(
                conn.execute(
                    "SELECT COUNT(*) FROM sent_messages m JOIN apiplex_messages a "
                    "ON a.msg_key = m.message_id WHERE m.request_id = ? "
                    "AND a.state = 'rejected'",
                    (request_id_for(job_id, seq),),
                ).fetchone()[0]
            )
        return counts

    # --- batches in doubt --------------------------------------------------------------

    def _settle(self, job: JobRecord, seq: int) -> tuple[str, int]:
        """(worker thread) The state a batch in doubt can be moved to, from what the store
        knows: 'accepted' once any of its keys has an answer or a webhook result, else it
        stays 'ambiguous' (a crash before the answer also ends here, as 'unknown')."""
        payload = self.jobs.payload(job.job_id, seq)
        keys = [str(item["key"]) for item in payload.body["messages"]]
        rows = _rows_by_key(self.db, keys)
        answered = [r for r in rows.values() if r.state not in ("sending", "unknown")]
        if not answered:
            self.apiplex.mark_unknown(keys)
            batch = self.jobs.batch(job.job_id, seq)
            if batch.state == "sending":
                self._in_doubt(job, seq, payload, _crashed())
            return "ambiguous", 0
        request = self._history_request(job, seq, payload, datetime.now(UTC))
        self.jobs.mark_accepted(job.job_id, seq, request)
        with self.db.transaction() as conn:
            self._link_keys(conn, request.request_id, keys)
        apply_results_to_history(
            self.db, keys, language=self.language, receiver_enabled=self.receiver_enabled()
        )
        return "accepted", sum(1 for r in rows.values() if r.state == "rejected")

    async def _settle_uncertain(self, run: _Run) -> None:
        for seq in [s for s, st in sorted(run.states.items()) if st in UNCERTAIN_STATES]:
            state, refused = await self._db(self._settle, run.job, seq)
            run.states[seq] = state
            if state == "accepted":
                run.refused[seq] = refused
        self._report(run)


def _in_doubt(batches: int, receiver: bool) -> SendPaused:
    tail_en = (
        "Their delivery results will settle it."
        if receiver
        else "Turn on the webhook receiver in Settings so that their results can settle it."
    )
    tail_ko = (
        "발송 결과가 오면 확정됩니다."
        if receiver
        else "결과로 확정하려면 설정에서 웹훅 수신기를 켜세요."
    )
    return SendPaused(
        f"{batches} requests got no answer from API PLEX, so it is not known whether they "
        f"were accepted. They are not sent again (API PLEX cannot be asked). {tail_en} "
        "Discard the send to stop waiting.",
        f"API PLEX가 {batches}개 요청에 응답하지 않아 접수 여부를 알 수 없습니다. "
        f"API PLEX에서 조회할 수 없으므로 다시 보내지 않습니다. {tail_ko} "
        "기다리지 않으려면 발송을 취소하세요.",
    )


def _refused_for_now(example: Acceptance, count: int) -> SendPaused:
    return SendPaused(
        f"API PLEX refused {count} messages for now: {example.meaning_en} ({example.code}). "
        "The send is paused before the next request; resume it once the cause is fixed. "
        "The refused messages are in History as failed (resend them from there).",
        f"API PLEX가 메시지 {count}건을 지금은 받을 수 없다고 했습니다: {example.meaning_ko} "
        f"({example.code}). 다음 요청 전에 발송을 일시 중지했습니다. 원인을 해결한 뒤 이어 "
        "보내세요. 거부된 메시지는 발송 내역에 실패로 표시되며 거기서 다시 보낼 수 있습니다.",
    )


def _crashed() -> ConsoleError:
    return ConsoleError(
        "The console stopped while this request was being sent; API PLEX cannot be asked "
        "whether it arrived.",
        "이 요청을 보내는 중에 콘솔이 멈췄습니다. API PLEX에서는 접수 여부를 조회할 수 없습니다.",
    )


def _unexpected(exc: BaseException) -> ConsoleError:
    return ConsoleError(
        f"The send ran into an unexpected error ({type(exc).__name__}); it is not known "
        "whether API PLEX accepted the request, so it is not sent again.",
        f"발송 중 예상하지 못한 오류가 발생했습니다({type(exc).__name__}). API PLEX의 접수 "
        "여부를 알 수 없어 다시 보내지 않습니다.",
    )


__all__ = [
    "PROVIDER",
    "ApiPlexSendingService",
    "TitleTooLongError",
    "apply_results_to_history",
    "gms_number",
    "message_text",
    "request_id_for",
    "specs_from_plan",
]

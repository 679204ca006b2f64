"""Journalled, resumable, exactly-once bulk sending.

A send is a job (:mod:`console.store.jobs`): the whole plan is written before the first
request, and every batch's state is committed around its request:

1. ``planned -> sending`` is committed *before* the request is written;
2. the answer is committed right after it: ``accepted`` with the requestId, together with
   the History rows (one transaction), or ``failed`` (SENS refused it for good), or back to
   ``planned`` when SENS certainly did not take it (429, 401, no connection), or
   ``ambiguous`` when nobody knows (timeout after writing, dropped connection, 5xx);
3. a batch found ``sending`` (the process died) or ``ambiguous`` is *reconciled* before
   anything else: SENS is searched by request-time window, caller, type and recipient
   number; a request with exactly the batch's recipients and text that no other batch
   claims is the batch's. Only when the search finds none (and enough time has passed
   for SENS to list it) does the batch go back to ``planned`` and out again.

So a batch is sent again only after SENS showed it never got the previous attempt.

Batches go out with bounded concurrency; 429s slow every worker down (shared backoff);
a lost network or rejected keys pause the job (resumable, with the reason); cancelling
stops before the next batch, and accepted batches stay accepted.

Store calls are short transactions run in worker threads (the loop's default executor),
so the qasync window loop never waits for the disk. A reserved batch in doubt cannot be
looked up before its reservation time (SENS lists reservations only from then): the job
pauses with that reason and is checked when resumed after it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

from console.errors import ConsoleError
from console.providers.sens.errors import (
    SensAmbiguousSendError,
    SensAuthError,
    SensError,
    SensNetworkError,
    SensRateLimitError,
    SensServerError,
    SensServiceNotFoundError,
    SensValidationError,
)
from console.providers.sens.times import SEOUL
from console.store.database import Database
from console.store.history import AcceptedRequest, SentMessage
from console.store.image_cache import ImageCache
from console.store.jobs import (
    UNCERTAIN_STATES,
    BatchPayload,
    BatchRecipient,
    BatchSpec,
    JobRecord,
    JobStore,
    StaleBatchError,
)

logger = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 4
#: Send job ``meta`` keys of the text as the user wrote it, before personalisation
#: (``#{...}`` variables intact): History's "resend to failed" starts from them.
TEMPLATE_META_KEY = "template"
SUBJECT_TEMPLATE_META_KEY = "subject_template"
#: A batch is tried at most this many times (each retry only after SENS proved the
#: previous attempt was not accepted).
DEFAULT_MAX_ATTEMPTS = 5
#: How long after an attempt SENS is trusted to list it; a search sooner than that
#: cannot prove that the attempt was not accepted.
DEFAULT_SETTLE_SECONDS = 10.0
#: Searches reach this far around an attempt (covers a PC clock up to 5 minutes off).
RECONCILE_MARGIN = timedelta(minutes=6)
#: ... and this far once a send answer has told us the server's clock.
RECONCILE_MARGIN_KNOWN_CLOCK = timedelta(minutes=1)
#: Consecutive 429s (after the client's own retries) before the job pauses.
MAX_RATE_LIMIT_STRIKES = 8
#: Longest server ``Retry-After`` (seconds) the job waits out while showing "running". A
#: longer one (a gateway answering "come back tomorrow") is waited this long once; if SENS
#: still asks for more after that, the job pauses and says how long SENS asked for.
MAX_RETRY_AFTER = 60.0


class SendClient(Protocol):
    """What sending needs of :class:`console.providers.sens.SensClient`."""

    async def send_message(self, request: Mapping[str, Any]) -> Any: ...

    def list_requests(
        self,
        *,
        request_id: str | None = None,
        request_start: datetime | None = None,
        request_end: datetime | None = None,
        **filters: Any,
    ) -> AsyncIterator[Any]: ...

    async def get_result(self, message_id: str) -> Any: ...


# --- errors the job pauses with ------------------------------------------------------------


class SendPaused(ConsoleError):
    """Why a job stopped without finishing (shown on the progress sheet, resumable)."""

    retryable = True


def rate_limited_pause(provider: str = "SENS") -> SendPaused:
    """Why a job paused after `provider` ("SENS", "API PLEX") kept answering 429."""
    return SendPaused(
        f"{provider} kept refusing requests as too many (429). The send is paused; resume it "
        "in a few minutes. Nothing was sent twice.",
        f"{provider}가 요청이 너무 많다며 계속 거부했습니다(429). 발송을 일시 중지했습니다. "
        "몇 분 뒤 이어서 보내세요. 중복 발송은 없습니다.",
    )


def _wait_text(seconds: float, language: str) -> str:
    """About how long `seconds` is, in whole minutes ("약 24시간", "about 1 hour 5 minutes")."""
    hours, minutes = divmod(max(1, math.ceil(seconds / 60)), 60)
    if language == "ko":
        parts = ([f"{hours}시간"] if hours else []) + ([f"{minutes}분"] if minutes else [])
        return "약 " + " ".join(parts)
    en = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes:
        en.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return "about " + " ".join(en)


def _asked_to_wait(seconds: float) -> SendPaused:
    return SendPaused(
        f"SENS asked the console to wait {_wait_text(seconds, 'en')} before sending more "
        "(429: too many requests, or the account's sending limit was reached). The send is "
        "paused; resume it after that time. Nothing was sent twice.",
        f"SENS가 {_wait_text(seconds, 'ko')} 뒤에 다시 보내라고 응답했습니다(429: 요청이 너무 "
        "많거나 계정의 발송 한도에 도달). 발송을 일시 중지했습니다. 그 시간이 지난 뒤 이어서 "
        "보내세요. 중복 발송은 없습니다.",
    )


def _unverifiable_reservation(when: str) -> SendPaused:
    return SendPaused(
        f"A reserved batch got no clear answer, and SENS lists a reservation only from its "
        f"time ({when}). Resume the send after that time to check it; it will not be sent "
        "twice.",
        f"예약 발송 묶음의 응답을 확인하지 못했습니다. SENS는 예약 시각({when}) 이후에만 예약을 "
        "조회할 수 있습니다. 그 시각 이후에 이어 보내기를 누르면 확인합니다. 중복 발송은 없습니다.",
    )


def _gave_up(attempts: int, last: str | None) -> ConsoleError:
    detail_en = f" Last error: {last}" if last else ""
    detail_ko = f" 마지막 오류: {last}" if last else ""
    return ConsoleError(
        f"This batch could not be sent after {attempts} attempts.{detail_en}",
        f"이 묶음은 {attempts}번 시도했지만 보내지 못했습니다.{detail_ko}",
    )


def _unexpected(exc: BaseException) -> ConsoleError:
    return ConsoleError(
        f"The send ran into an unexpected error ({type(exc).__name__}). The batch will be "
        "checked on SENS before it is tried again.",
        f"발송 중 예상하지 못한 오류가 발생했습니다({type(exc).__name__}). 다시 보내기 전에 "
        "SENS에서 접수 여부를 확인합니다.",
    )


# --- progress ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendProgress:
    """Counts for the progress bar; `pending` = planned + sending + ambiguous."""

    job_id: str
    state: str
    total_batches: int
    total_recipients: int
    accepted_batches: int = 0
    accepted_recipients: int = 0
    failed_batches: int = 0
    failed_recipients: int = 0
    cancelled_batches: int = 0
    cancelled_recipients: int = 0
    ambiguous_batches: int = 0
    reason: ConsoleError | None = None

    @property
    def pending_batches(self) -> int:
        return (
            self.total_batches
            - self.accepted_batches
            - self.failed_batches
            - self.cancelled_batches
        )

    @property
    def pending_recipients(self) -> int:
        return (
            self.total_recipients
            - self.accepted_recipients
            - self.failed_recipients
            - self.cancelled_recipients
        )

    @property
    def done(self) -> bool:
        return self.state in ("completed", "cancelled")

    @property
    def fraction(self) -> float:
        if not self.total_recipients:
            return 1.0
        return (self.total_recipients - self.pending_recipients) / self.total_recipients


ProgressCallback = Callable[[SendProgress], object]
_T = TypeVar("_T")


class _Tally:
    """Batch states of the running job, counted in memory so progress costs no query."""

    def __init__(self, job: JobRecord) -> None:
        self.job = job
        self.state_of: dict[int, str] = {}
        self.size_of: dict[int, int] = {}
        self._batches: collections.Counter[str] = collections.Counter()
        self._recipients: collections.Counter[str] = collections.Counter()

    def add(self, seq: int, state: str, size: int) -> None:
        self.state_of[seq] = state
        self.size_of[seq] = size
        self._batches[state] += 1
        self._recipients[state] += size

    def set(self, seq: int, state: str) -> None:
        old = self.state_of[seq]
        size = self.size_of[seq]
        self._batches[old] -= 1
        self._recipients[old] -= size
        self._batches[state] += 1
        self._recipients[state] += size
        self.state_of[seq] = state

    def count(self, state: str) -> int:
        return self._batches[state]

    def progress(self, state: str, reason: ConsoleError | None) -> SendProgress:
        b, r = self._batches, self._recipients
        return SendProgress(
            job_id=self.job.job_id,
            state=state,
            total_batches=self.job.total_batches,
            total_recipients=self.job.total_recipients,
            accepted_batches=b["accepted"],
            accepted_recipients=r["accepted"],
            failed_batches=b["failed"],
            failed_recipients=r["failed"],
            cancelled_batches=b["cancelled"],
            cancelled_recipients=r["cancelled"],
            ambiguous_batches=b["ambiguous"] + b["sending"],
            reason=reason,
        )


# --- plan -> job ---------------------------------------------------------------------------


def unit_prices(plan: Any) -> dict[str, float]:
    """Message type -> unit price (won) from a domain plan's cost lines (empty without)."""
    prices: dict[str, float] = {}
    for line in getattr(getattr(plan, "cost", None), "lines", ()) or ():
        prices[str(line.type)] = float(line.unit_price)
    return prices


def specs_from_plan(plan: Any) -> list[BatchSpec]:
    """The store's batch specs for a :class:`console.domain.models.SendPlan`.

    Each domain ``Batch`` becomes its exact JSON body (``Batch.to_body()``) plus its
    recipients (name and merge fields for History); the cost is the plan's unit price
    for the batch's type times its size.
    """
    prices = unit_prices(plan)
    specs: list[BatchSpec] = []
    for batch in plan.batches:
        body = batch.to_body()
        recipients = [
            BatchRecipient(
                to=message.to,
                name=getattr(recipient, "name", "") or "",
                fields={str(k): str(v) for k, v in dict(getattr(recipient, "fields", {})).items()},
            )
            for message, recipient in zip(batch.messages, batch.recipients, strict=True)
        ]
        price = prices.get(str(batch.type))
        cost = float(price * len(recipients)) if price is not None else None
        specs.append(BatchSpec(type=str(batch.type), body=body, recipients=recipients, cost=cost))
    return specs


# --- machinery shared with API PLEX sending ----------------------------------------------


def notify_progress(
    callback: ProgressCallback | None, progress: SendProgress, log: logging.Logger
) -> SendProgress:
    """Hand `progress` to `callback` (if any) and return it; a broken progress view must
    not break the journal, so its errors are only logged."""
    if callback is not None:
        try:
            callback(progress)
        except Exception:
            log.exception("progress callback failed")
    return progress


class StoreCalls:
    """Runs store calls in a worker thread, so commits (and WAL checkpoints, which sync
    the disk) never freeze the window's event loop.

    The loop's default executor is used on purpose: under qasync it runs QThreads, and
    a future completed from a plain Python thread crashed PySide at exit. Calls for one
    batch are awaited in order; SQLite serialises writers (busy timeout). With
    `detach_errors`, exceptions among the arguments cross as plain copies
    (:func:`detached_error`): a caught exception's traceback holds the loop's frames,
    which should not be released on another thread.
    """

    def __init__(self, db: Database, *, detach_errors: bool = True) -> None:
        #: Worker threads, except for an in-memory database (one per connection, and
        #: connections are per thread).
        self.in_threads = str(db.path) != ":memory:"
        self._detach_errors = detach_errors
        self._lock: asyncio.Lock | None = None

    def reset(self) -> None:
        """Forget the lock; the next call makes one on the loop then running (call it
        when no job runs, as a new run may be on another loop)."""
        self._lock = None

    async def __call__(self, fn: Callable[..., _T], *args: Any) -> _T:
        if not self.in_threads:
            return fn(*args)
        if self._detach_errors:
            args = tuple(detached_error(a) if isinstance(a, BaseException) else a for a in args)
        if self._lock is None:
            self._lock = asyncio.Lock()
        # One store call at a time: writers would only queue on SQLite's lock, and fewer
        # busy threads leave the GIL to the loop.
        async with self._lock:
            return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


class PacedRun(Protocol):
    """What the batch workers read of a running job."""

    stop_reason: ConsoleError | None
    cancel_event: asyncio.Event
    not_before: float


async def dispatch_batches(
    run: PacedRun,
    planned: Sequence[int],
    send_batch: Callable[[int], Awaitable[bool]],
    *,
    concurrency: int,
    sleep: Callable[[float], Awaitable[Any]],
    clock: Callable[[], float],
) -> None:
    """Send the `planned` batches with `concurrency` workers until done, stopped or
    cancelled.

    Every worker waits while ``run.not_before`` (on `clock`) is ahead: a 429 slows them
    all down. A batch whose `send_batch` returns True is queued again. If this is
    cancelled (or a worker fails), every worker is cancelled and awaited.
    """
    queue: asyncio.Queue[int] = asyncio.Queue()
    for seq in planned:
        queue.put_nowait(seq)

    async def worker() -> None:
        while not queue.empty():
            if run.stop_reason is not None or run.cancel_event.is_set():
                return
            wait = run.not_before - clock()
            if wait > 0:
                await sleep(wait)
                continue
            seq = queue.get_nowait()
            if await send_batch(seq):
                queue.put_nowait(seq)

    workers = [asyncio.ensure_future(worker()) for _ in range(concurrency)]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise


# --- the service ---------------------------------------------------------------------------


@dataclass
class _RunState:
    job: JobRecord
    tally: _Tally
    progress_cb: ProgressCallback | None
    cancel_event: asyncio.Event
    stop_reason: ConsoleError | None = None
    not_before: float = 0.0
    rate_strikes: int = 0
    rate_delay: float = 0.0
    #: When the capped wait for an over-long Retry-After ends (monotonic; 0: none yet).
    long_wait_end: float = 0.0


class SendingService:
    """Runs send jobs against a SENS client; one instance per profile/client.

    `clock` is wall time (epoch seconds) used for the journal and search windows;
    `sleep` is injectable so tests need not wait.
    """

    def __init__(
        self,
        db: Database,
        client: SendClient,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        settle_seconds: float = DEFAULT_SETTLE_SECONDS,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        provider: str = "sens",
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.db = db
        self.store = JobStore(db)
        self.client = client
        self.concurrency = concurrency
        self.max_attempts = max_attempts
        self.settle_seconds = settle_seconds
        self.provider = provider
        self._clock = clock
        self._sleep = sleep
        self._running: set[str] = set()
        self._db = StoreCalls(db)
        #: Server time minus ours, learnt from send answers (search windows follow it).
        self._server_offset = 0.0
        self._server_offset_known = False

    # --- jobs ------------------------------------------------------------------------------

    def create_job(
        self,
        plan_or_specs: Any,
        *,
        profile: str | None = None,
        service_id: str | None = None,
        kind: str = "send",
        title: str = "",
        meta: Mapping[str, Any] | None = None,
    ) -> str:
        """Journal a plan (a domain ``SendPlan`` or a list of :class:`BatchSpec`); no I/O.

        A test send is a job of kind "test" with the user's own number as its only
        recipient.
        """
        specs = (
            list(plan_or_specs)
            if isinstance(plan_or_specs, list | tuple)
            else specs_from_plan(plan_or_specs)
        )
        return self.store.create_job(
            specs,
            profile=profile,
            service_id=service_id or getattr(self.client, "service_id", None),
            provider=self.provider,
            kind=kind,
            title=title,
            meta=meta,
        )

    async def create_job_async(self, plan_or_specs: Any, **kwargs: Any) -> str:
        """:meth:`create_job` in a worker thread (a 100,000-recipient plan takes a moment)."""
        if not self._db.in_threads:  # one in-memory database per connection
            return self.create_job(plan_or_specs, **kwargs)
        return await asyncio.to_thread(self.create_job, plan_or_specs, **kwargs)

    def unfinished_jobs(self) -> list[JobRecord]:
        """Jobs to offer at start-up: never started, interrupted (crash) or paused."""
        return self.store.unfinished_jobs()

    def progress(self, job_id: str) -> SendProgress:
        """Counts of a job from the store (for a job that is not running here)."""
        job = self.store.job(job_id)
        counts = self.store.counts(job_id)
        reason = ConsoleError(job.reason_en, job.reason_ko) if job.reason_en else None
        return SendProgress(
            job_id=job_id,
            state=job.state,
            total_batches=job.total_batches,
            total_recipients=job.total_recipients,
            accepted_batches=counts["accepted"].batches,
            accepted_recipients=counts["accepted"].recipients,
            failed_batches=counts["failed"].batches,
            failed_recipients=counts["failed"].recipients,
            cancelled_batches=counts["cancelled"].batches,
            cancelled_recipients=counts["cancelled"].recipients,
            ambiguous_batches=counts["ambiguous"].batches + counts["sending"].batches,
            reason=reason,
        )

    def cancel_job(self, job_id: str) -> None:
        """Abandon a job that is not running (e.g. an unfinished one the user declines).

        Batches in doubt stay as they are (they were or were not sent; the journal keeps
        that question), planned ones are cancelled.
        """
        if job_id in self._running:
            raise RuntimeError("cancel a running job with its cancel_event")
        self.store.cancel_planned(job_id)
        self.store.set_job_state(job_id, "cancelled")

    async def discard(
        self, job_id: str, progress_cb: ProgressCallback | None = None
    ) -> SendProgress:
        """Give up the rest of a job, but first look up its batches in doubt on SENS.

        Nothing is sent: batches SENS accepted are recorded (and appear in History),
        the others are cancelled. If SENS cannot be asked, the job stays paused with the
        reason; :meth:`cancel_job` gives up without asking.
        """
        cancel = asyncio.Event()
        cancel.set()
        return await self.run(job_id, progress_cb, cancel)

    # --- running ---------------------------------------------------------------------------

    async def run(
        self,
        job_id: str,
        progress_cb: ProgressCallback | None = None,
        cancel_event: asyncio.Event | None = None,
    ) -> SendProgress:
        """Send (or resume) `job_id` until done, paused or cancelled; returns the final counts.

        Safe to call again on an interrupted or paused job: batches in doubt are looked
        up on SENS first, accepted ones are never touched.
        """
        if job_id in self._running:
            raise RuntimeError(f"job {job_id} is already running")
        job = self.store.job(job_id)
        if job.state in ("completed", "cancelled"):
            return self.progress(job_id)
        if not self._running:
            self._db.reset()  # a lock is made on first use, on this run's loop
        self._running.add(job_id)
        try:
            return await self._run(job, progress_cb, cancel_event or asyncio.Event())
        finally:
            self._running.discard(job_id)

    async def _run(
        self,
        job: JobRecord,
        progress_cb: ProgressCallback | None,
        cancel_event: asyncio.Event,
    ) -> SendProgress:
        tally = _Tally(job)
        for batch in await self._db(self.store.batches, job.job_id):
            tally.add(batch.seq, batch.state, batch.recipient_count)
        run = _RunState(job, tally, progress_cb, cancel_event)
        await self._db(self.store.set_job_state, job.job_id, "running")
        self._report(run, "running")

        for _round in range(self.max_attempts + 2):
            await self._reconcile_uncertain(run)
            if run.stop_reason is not None or cancel_event.is_set():
                break
            planned = [s for s, st in sorted(tally.state_of.items()) if st == "planned"]
            if not planned:
                break
            await self._dispatch(run, planned)
            if run.stop_reason is not None or cancel_event.is_set():
                break
            if not any(tally.count(st) for st in UNCERTAIN_STATES):
                break

        if cancel_event.is_set() and run.stop_reason is None:
            # Batches in doubt are still looked up (never resent) before the job closes.
            await self._reconcile_uncertain(run)
        return await self._finish(run)

    async def _finish(self, run: _RunState) -> SendProgress:
        job_id = run.job.job_id
        tally = run.tally
        uncertain = any(tally.count(st) for st in UNCERTAIN_STATES)
        if run.cancel_event.is_set() and run.stop_reason is None and not uncertain:
            for seq in [s for s, st in tally.state_of.items() if st == "planned"]:
                tally.set(seq, "cancelled")
            await self._db(self.store.cancel_planned, job_id)
            await self._db(self.store.set_job_state, job_id, "cancelled")
            return self._report(run, "cancelled")
        if run.stop_reason is None and not tally.count("planned") and not uncertain:
            await self._db(self.store.set_job_state, job_id, "completed")
            return self._report(run, "completed")
        reason = run.stop_reason or SendPaused(
            "Some batches could not be confirmed yet. Resume the send to check them again; "
            "nothing will be sent twice.",
            "일부 묶음의 접수 여부를 아직 확인하지 못했습니다. 이어 보내기를 누르면 다시 "
            "확인합니다. 중복 발송은 없습니다.",
        )
        await self._db(self.store.set_job_state, job_id, "paused", reason)
        return self._report(run, "paused", reason)

    def _report(
        self, run: _RunState, state: str = "running", reason: ConsoleError | None = None
    ) -> SendProgress:
        return notify_progress(run.progress_cb, run.tally.progress(state, reason), logger)

    def _stop(self, run: _RunState, reason: ConsoleError) -> None:
        if run.stop_reason is None:
            run.stop_reason = reason

    # --- dispatch --------------------------------------------------------------------------

    async def _dispatch(self, run: _RunState, planned: Sequence[int]) -> None:
        await dispatch_batches(
            run,
            planned,
            lambda seq: self._send_batch(run, seq),
            concurrency=self.concurrency,
            sleep=self._sleep,
            clock=time.monotonic,
        )

    def _begin_attempt(self, job_id: str, seq: int) -> BatchPayload | ConsoleError | None:
        """(worker thread) planned -> sending; the payload to send, an error if the batch
        has had its tries, None if it is no longer planned."""
        batch = self.store.batch(job_id, seq)
        if batch.state != "planned":
            return None
        if batch.attempts >= self.max_attempts:
            error = _gave_up(batch.attempts, batch.reason_en)
            self.store.mark_failed(job_id, seq, error)
            return error
        payload = self.store.payload(job_id, seq)
        expired = self._expired_images(payload.body)
        if expired is not None:
            self.store.mark_failed(job_id, seq, expired)
            return expired
        self.store.mark_sending(job_id, seq, self._now())
        return payload

    def _expired_images(self, body: Mapping[str, Any]) -> ConsoleError | None:
        """(worker thread) An error if an attached image will be gone when this goes out.

        A job resumed days later may reference uploads SENS has deleted (6 days); every
        message would then fail on the handset side, so the batch is failed here instead.
        """
        file_ids = [f.get("fileId") for f in body.get("files") or () if isinstance(f, Mapping)]
        if not file_ids:
            return None
        expiry = ImageCache(self.db).expiry_of([str(f) for f in file_ids if f])
        when = _reservation_instant(body) or self._now()
        if any(expires <= when for expires in expiry.values()):
            return ConsoleError(
                "An image of this message has expired on SENS (images are kept 6 days). "
                "Attach the image again and send the message anew.",
                "이 메시지의 이미지가 SENS에서 만료되었습니다(이미지는 6일 보관). 이미지를 다시 "
                "첨부해 새로 보내세요.",
            )
        return None

    async def _send_batch(self, run: _RunState, seq: int) -> bool:
        """Send one planned batch; True when it should be queued again (429)."""
        job_id = run.job.job_id
        begun = await self._db(self._begin_attempt, job_id, seq)
        if begun is None:
            return False
        if isinstance(begun, ConsoleError):
            run.tally.set(seq, "failed")
            self._report(run)
            return False
        payload = begun
        run.tally.set(seq, "sending")
        try:
            response = await self.client.send_message(payload.body)
        except asyncio.CancelledError:
            # The request may be on the wire: leave it to reconciliation.
            with contextlib.suppress(Exception):
                self.store.mark_ambiguous(job_id, seq)
            raise
        except SensAmbiguousSendError as exc:
            await self._ambiguous(run, seq, exc)
        except SensRateLimitError as exc:
            await self._db(self.store.mark_not_sent, job_id, seq, exc)
            run.tally.set(seq, "planned")
            self._rate_limited(run, exc)
            return run.stop_reason is None
        except (SensNetworkError, SensAuthError, SensServiceNotFoundError) as exc:
            # Certainly not accepted; nothing else will get through either: pause.
            await self._db(self.store.mark_not_sent, job_id, seq, exc)
            run.tally.set(seq, "planned")
            self._stop(run, exc)
        except SensServerError as exc:
            # A 5xx or an unreadable 2xx: SENS may have accepted it before failing.
            await self._ambiguous(run, seq, exc)
        except SensValidationError as exc:
            await self._db(self.store.mark_failed, job_id, seq, exc)
            run.tally.set(seq, "failed")
        except SensError as exc:
            if exc.retryable:
                await self._ambiguous(run, seq, exc)
            else:
                await self._db(self.store.mark_failed, job_id, seq, exc)
                run.tally.set(seq, "failed")
        except Exception as exc:
            logger.exception("batch %s/%d: unexpected error", job_id, seq)
            await self._ambiguous(run, seq, _unexpected(exc))
        else:
            run.rate_strikes = 0
            run.rate_delay = 0.0
            run.long_wait_end = 0.0
            accepted_at = _aware(getattr(response, "request_time", None)) or self._now()
            self._server_offset = accepted_at.timestamp() - self._clock()
            self._server_offset_known = True
            await self._accept(run, seq, payload, str(response.request_id), accepted_at)
        self._report(run)
        return False

    async def _ambiguous(self, run: _RunState, seq: int, error: ConsoleError) -> None:
        logger.warning("batch %s/%d is ambiguous: %s", run.job.job_id, seq, error.message_en)
        await self._db(self.store.mark_ambiguous, run.job.job_id, seq, error)
        run.tally.set(seq, "ambiguous")

    def _rate_limited(self, run: _RunState, exc: SensRateLimitError) -> None:
        run.rate_strikes += 1
        if run.rate_strikes >= MAX_RATE_LIMIT_STRIKES:
            self._stop(run, rate_limited_pause())
            return
        asked = exc.retry_after or 0.0
        now = time.monotonic()
        if asked > MAX_RETRY_AFTER:
            if run.long_wait_end and now >= run.long_wait_end:
                # Waited the cap once already and SENS still says "much later": pause
                # rather than park every worker for hours under a "running" job.
                self._stop(run, _asked_to_wait(asked))
                return
            if not run.long_wait_end:
                run.long_wait_end = now + MAX_RETRY_AFTER
        run.rate_delay = min(30.0, max(0.5, run.rate_delay * 2))
        delay = max(run.rate_delay, min(asked, MAX_RETRY_AFTER))
        run.not_before = max(run.not_before, now + delay)
        logger.info("rate limited: all workers wait %.1f s", delay)

    async def _accept(
        self,
        run: _RunState,
        seq: int,
        payload: BatchPayload,
        request_id: str,
        accepted_at: datetime,
    ) -> None:
        await self._db(self._record_accepted, run.job, seq, payload, request_id, accepted_at)
        run.tally.set(seq, "accepted")

    def _record_accepted(
        self,
        job: JobRecord,
        seq: int,
        payload: BatchPayload,
        request_id: str,
        accepted_at: datetime,
    ) -> None:
        """(worker thread) The batch accepted and its History rows, one transaction."""
        body = payload.body
        request = AcceptedRequest(
            request_id=request_id,
            accepted_at=accepted_at,
            type=str(body.get("type", "SMS")),
            caller=str(body.get("from", "")),
            content=str(body.get("content", "")),
            messages=[
                SentMessage(
                    to=r.to,
                    name=r.name,
                    fields=r.fields,
                    subject=item.get("subject"),
                    content=item.get("content"),
                )
                for r, item in zip(payload.recipients, body["messages"], strict=True)
            ],
            content_type=str(body.get("contentType", "COMM")),
            country_code=str(body.get("countryCode", "82")),
            subject=body.get("subject"),
            files=[f["fileId"] for f in body.get("files", ()) if isinstance(f, Mapping)],
            cost=payload.cost,
            reserve_time=body.get("reserveTime"),
            reserve_tz=body.get("reserveTimeZone"),
            job_id=job.job_id,
            batch_seq=seq,
            profile=job.profile,
            provider=job.provider,
            service_id=job.service_id,
        )
        self.store.mark_accepted(job.job_id, seq, request)

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    # --- reconciliation --------------------------------------------------------------------

    async def _reconcile_uncertain(self, run: _RunState) -> None:
        """Look up every batch in doubt on SENS; accepted ones are recorded, others replanned.

        When cancelling, a batch proven not accepted goes back to planned only to be
        cancelled with the rest.
        """
        job_id = run.job.job_id
        uncertain = await self._db(self.store.batches, job_id, UNCERTAIN_STATES)
        for batch in uncertain:
            if run.stop_reason is not None:
                return
            payload = await self._db(self.store.payload, job_id, batch.seq)
            try:
                found = await self._find_request(run, batch.seq, payload, batch.attempt_started_at)
            except _NotYetVerifiable as exc:
                self._stop(run, exc.reason)
                return
            except (SensNetworkError, SensAuthError, SensServiceNotFoundError) as exc:
                self._stop(run, exc)
                return
            except SensError as exc:
                logger.warning("reconciling %s/%d failed: %s", job_id, batch.seq, exc)
                self._stop(run, exc)
                return
            if found is not None:
                request_id, accepted_at = found
                logger.info("batch %s/%d was accepted as %s", job_id, batch.seq, request_id)
                await self._accept(run, batch.seq, payload, request_id, accepted_at)
            else:
                logger.info("batch %s/%d was not accepted; it goes out again", job_id, batch.seq)
                await self._db(self.store.mark_not_sent, job_id, batch.seq, None)
                run.tally.set(batch.seq, "planned")
            self._report(run)

    async def _find_request(
        self,
        run: _RunState,
        seq: int,
        payload: BatchPayload,
        attempt_started_at: datetime | None,
    ) -> tuple[str, datetime] | None:
        """The request SENS accepted for this batch's attempt, or None if there is none.

        Raises _NotYetVerifiable when a search could not be conclusive yet.
        """
        body = payload.body
        reserve_at = _reservation_instant(body)
        now = self._now()
        started = attempt_started_at or now
        if reserve_at is not None:
            # SENS lists a reserved request under its reservation time, and only from then.
            if reserve_at > now + timedelta(seconds=self._server_offset):
                raise _NotYetVerifiable(
                    _unverifiable_reservation(reserve_at.astimezone(SEOUL).strftime("%H:%M"))
                )
            window_start = reserve_at - RECONCILE_MARGIN
            window_end = reserve_at + RECONCILE_MARGIN
        else:
            # The narrower the window, the less chance that an identical request sent by
            # someone else around the same time is taken for this batch's.
            margin = RECONCILE_MARGIN_KNOWN_CLOCK if self._server_offset_known else RECONCILE_MARGIN
            window_start = started - margin
            window_end = now + margin
        offset = timedelta(seconds=self._server_offset)
        window_start += offset
        window_end = min(window_end + offset, now + offset + timedelta(seconds=1))

        found = await self._search(run, seq, payload, window_start, window_end)
        if found is not None or reserve_at is not None:
            return found
        settle = self.settle_seconds - (now - started).total_seconds()
        if settle > 0:
            # Too early to trust "not found": wait until SENS has surely listed it, look again.
            await self._sleep(settle)
            found = await self._search(
                run, seq, payload, window_start, self._now() + offset + timedelta(seconds=1)
            )
        return found

    async def _search(
        self,
        run: _RunState,
        seq: int,
        payload: BatchPayload,
        window_start: datetime,
        window_end: datetime,
    ) -> tuple[str, datetime] | None:
        body = payload.body
        items: list[Mapping[str, Any]] = body["messages"]
        wanted = sorted(str(item["to"]) for item in items)
        probe = str(items[0]["to"])
        candidates: dict[str, datetime] = {}
        async for record in self.client.list_requests(
            request_start=window_start,
            request_end=window_end,
            from_=body.get("from"),
            to=probe,
            type=body.get("type"),
        ):
            if record.request_id and record.request_id not in candidates:
                candidates[record.request_id] = record.request_time
        for request_id, request_time in sorted(candidates.items(), key=lambda kv: kv[1]):
            claimed = await self._db(self.store.batch_for_request, request_id)
            if claimed is not None and claimed != (run.job.job_id, seq):
                continue  # another batch's request (same recipient, e.g. a second job)
            records = [r async for r in self.client.list_requests(request_id=request_id)]
            if sorted(r.to for r in records) != wanted:
                continue
            if not await self._same_text(records, items, body):
                continue
            return request_id, _aware(request_time) or self._now()
        return None

    async def _same_text(
        self, records: Sequence[Any], items: Sequence[Mapping[str, Any]], body: Mapping[str, Any]
    ) -> bool:
        """Whether the request carries this batch's text (checked on one message)."""
        record = records[0]
        expected = next(
            (item.get("content") or body["content"] for item in items if item["to"] == record.to),
            body.get("content"),
        )
        result = await self.client.get_result(record.message_id)
        content = getattr(result, "content", None)
        if content is None:
            return True  # the result does not show content: recipients and time must do
        return _normalise(content) == _normalise(str(expected))


class _NotYetVerifiable(Exception):
    def __init__(self, reason: ConsoleError) -> None:
        super().__init__(reason.message_en)
        self.reason = reason


def detached_error(error: BaseException) -> ConsoleError:
    """The user-facing sentences of `error`, without its traceback."""
    if isinstance(error, ConsoleError):
        return ConsoleError(error.message_en, error.message_ko)
    return ConsoleError(str(error))


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def _aware(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=SEOUL)
    return value


def _reservation_instant(body: Mapping[str, Any]) -> datetime | None:
    text = body.get("reserveTime")
    if not text:
        return None
    from zoneinfo import ZoneInfo

    local = datetime.strptime(str(text), "%Y-%m-%d %H:%M")
    return local.replace(tzinfo=ZoneInfo(str(body.get("reserveTimeZone") or "Asia/Seoul")))




def template_meta(content: str, subject: str | None) -> dict[str, str]:
    """The send job ``meta`` entries that keep its unrendered text and subject."""
    meta = {TEMPLATE_META_KEY: content}
    if subject:
        meta[SUBJECT_TEMPLATE_META_KEY] = subject
    return meta


def unfinished_jobs(db: Database) -> list[JobRecord]:
    """Send jobs of any provider to offer for resume: never started, interrupted or paused
    (what the compose pane's banner lists, without constructing the store itself)."""
    return JobStore(db).unfinished_jobs()


__all__ = [
    "DEFAULT_CONCURRENCY",
    "SUBJECT_TEMPLATE_META_KEY",
    "TEMPLATE_META_KEY",
    "JobRecord",
    "PacedRun",
    "SendClient",
    "SendPaused",
    "SendProgress",
    "SendingService",
    "StaleBatchError",
    "StoreCalls",
    "detached_error",
    "dispatch_batches",
    "notify_progress",
    "rate_limited_pause",
    "specs_from_plan",
    "template_meta",
    "unfinished_jobs",
    "unit_prices",
]

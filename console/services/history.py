"""History: poll SENS until every sent message has its result, search the server, export.

Three jobs, all asyncio and no Qt:

- :class:`HistoryPoller` asks SENS about unfinished requests of the active service, one
  list call per request (``requestId`` with ``pageSize`` 1000, so never one call per
  message), stores the results and schedules the next look with a backoff that starts at
  seconds and grows to hours as the request ages; a request stops being polled when every
  message is final, and after 90 days (SENS forgets it). The schedule lives in the store,
  so a restart resumes where the last run stopped. Network errors pause the whole poller
  (nothing is counted against the requests) and it retries slowly until SENS answers.
- :func:`search_server` pulls what anyone on the account sent in a date range (split into
  the windows SENS accepts), page by page with progress, and merges it into the store
  without duplicates.
- :class:`HistoryQueries` is what the History views read (SQL pages, summary, per-day
  rates) and :func:`export_history` writes the current view to .xlsx/.csv.

Database work runs on one worker thread per poller/search so the window never waits on a
write lock held by the sending service.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import math
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

from console.errors import ConsoleError
from console.providers.sens import codes
from console.providers.sens.errors import (
    SensAuthError,
    SensError,
    SensNetworkError,
    SensRateLimitError,
    SensServiceNotFoundError,
)
from console.providers.sens.models import MessageRecord, MessageResult
from console.providers.sens.windows import legal_windows
from console.services.exporting import export_table
from console.store import history as store
from console.store.database import Database
from console.store.history import (
    AcceptedRequest,
    HistoryFilter,
    MessageUpdate,
    SentMessage,
    Summary,
    utc_text,
)

if TYPE_CHECKING:
    from console.context import AppContext
    from console.providers.sens import SensClient

__all__ = [
    "POLLER_TASK",
    "SEARCH_TASK",
    "Backoff",
    "HistoryFilter",
    "HistoryPoller",
    "HistoryQueries",
    "PollReport",
    "PollerPaused",
    "PollerState",
    "ResendDraft",
    "SearchProgress",
    "ServerSearch",
    "Summary",
    "carrier_name",
    "export_history",
    "failed_recipients",
    "is_apiplex_row",
    "outcome_of",
    "outcome_text",
    "result_meaning",
    "row_result_text",
    "search_server",
    "start_poller",
]

log = logging.getLogger(__name__)

#: Names of the long-running tasks in ``context.tasks``.
POLLER_TASK = "history-poller"
SEARCH_TASK = "history-search"

#: ``sent_requests.provider`` of API PLEX sends (no result query: webhooks only).
APIPLEX = "apiplex"

#: A request search by requestId returns up to this many messages per page.
LIST_PAGE_SIZE = 1000
#: SENS keeps history this long; after it a request is no longer asked about.
RETENTION = timedelta(days=90)

SEOUL = ZoneInfo("Asia/Seoul")
T = TypeVar("T")


# ======================================================================================
# presentation helpers (language-aware, used by views and export)
# ======================================================================================

_OUTCOME_TEXT = {
    "success": ("전달됨", "Delivered"),
    "failed": ("실패", "Failed"),
    "pending": ("대기 중", "Pending"),
}

_CARRIERS = {
    "SKT": ("SK텔레콤", "SK Telecom"),
    "KT": ("KT", "KT"),
    "KTF": ("KT", "KT"),
    "LGT": ("LG U+", "LG U+"),
    "LGU": ("LG U+", "LG U+"),
}


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[0] if language.startswith("ko") else pair[1]


def outcome_of(record: MessageRecord) -> str:
    """'success', 'failed' or 'pending' for a listed message."""
    if not record.completed:
        return "pending"
    return "success" if codes.is_success(record.status_code) else "failed"


def outcome_text(outcome: str, language: str = "ko") -> str:
    """The outcome in words ("전달됨", "Failed", ...)."""
    return _pick(_OUTCOME_TEXT.get(outcome, (outcome, outcome)), language)


def carrier_name(code: str | None, language: str = "ko") -> str:
    """A carrier code (SKT, KT, LGT) as users know it; unknown codes as they are."""
    if not code:
        return ""
    return _pick(_CARRIERS.get(code.upper(), (code, code)), language)


def result_meaning(
    outcome: str, status: str | None, status_code: str | None, language: str = "ko"
) -> str:
    """What the user reads for a message: the result code's meaning once final, else the
    processing state (or that SENS has not listed it yet)."""
    if outcome != "pending" and status_code is not None:
        return codes.describe(status_code, language)
    if status:
        return codes.describe_request_status(status, language)
    return _pick(("아직 조회되지 않음", "Not yet reported"), language)


def is_apiplex_row(row: sqlite3.Row | dict[str, Any]) -> bool:
    """Whether a History row (request, message or export row) went through API PLEX.

    View rows carry ``provider``; export rows only the request ID, which API PLEX sends
    make local (``apiplex-<job>-<seq>``, see ``apiplex_sending.request_id_for``).
    """
    keys = row.keys()
    if "provider" in keys and row["provider"]:
        return str(row["provider"]) == APIPLEX
    return "request_id" in keys and str(row["request_id"] or "").startswith(APIPLEX + "-")


def row_result_text(row: sqlite3.Row | dict[str, Any], language: str = "ko") -> str:
    """The result column of one message row.

    An API PLEX row keeps API PLEX's own codes in ``status_code`` (SENS's table would say
    "Unknown result code G141"): its text is the one History stored or computed for it
    (``result_text``/``status_message``). SENS rows are described by SENS's code table.
    """
    if is_apiplex_row(row):
        keys = row.keys()
        for key in ("result_text", "status_message"):
            if key in keys and row[key]:
                return str(row[key])
    return result_meaning(row["outcome"], row["status"], row["status_code"], language)


def local_time(text: str | None) -> datetime | None:
    """A stored UTC time as a naive local datetime (what the user reads and exports)."""
    if not text:
        return None
    return datetime.fromisoformat(text).astimezone().replace(tzinfo=None)


# ======================================================================================
# backoff
# ======================================================================================


@dataclass(frozen=True)
class Backoff:
    """When to ask SENS again about a request.

    The delay grows by `factor` with every poll that brought nothing new (from `first`
    seconds) and is capped by the request's age: a fresh send is checked every few
    seconds, one a day old every ten minutes, one a week old every few hours. New
    results reset the growth. While offline the poller waits `offline_first` seconds,
    doubling up to `offline_max`.
    """

    first: float = 5.0
    factor: float = 1.7
    #: (age up to seconds, longest delay seconds), in increasing age.
    ceilings: tuple[tuple[float, float], ...] = (
        (600.0, 30.0),
        (3600.0, 120.0),
        (6 * 3600.0, 600.0),
        (86400.0, 1800.0),
        (7 * 86400.0, 3 * 3600.0),
        (math.inf, 6 * 3600.0),
    )
    offline_first: float = 15.0
    offline_max: float = 300.0
    #: When nothing is due, look for new sends this often.
    idle_check: float = 5.0

    def delay(self, unchanged_polls: int, age: float) -> float:
        """Seconds until the next poll of a request `age` seconds old."""
        ceiling = next(limit for up_to, limit in self.ceilings if age <= up_to)
        grown = self.first * self.factor ** min(max(unchanged_polls, 0), 60)
        return max(self.first, min(grown, ceiling))

    def offline_delay(self, failures: int) -> float:
        return min(self.offline_max, self.offline_first * 2 ** max(failures - 1, 0))


# ======================================================================================
# database worker
# ======================================================================================


class _DbWorker:
    """Runs store functions on one thread (its own SQLite connection)."""

    def __init__(self, db: Database, name: str) -> None:
        self.db = db
        self._name = name
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None

    def _executor(self) -> concurrent.futures.ThreadPoolExecutor:
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix=self._name
            )
        return self._pool

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        def call() -> T:
            return fn(self.db.connection(), *args)

        return await _current_loop().run_in_executor(self._executor(), call)

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        def call() -> T:
            with self.db.transaction() as conn:
                return fn(conn, *args)

        return await _current_loop().run_in_executor(self._executor(), call)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _current_loop() -> asyncio.AbstractEventLoop:
    """The running loop, or the set one (a qasync task step may run inside a Qt spin)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.get_event_loop_policy().get_event_loop()


def _to_update(record: MessageRecord) -> MessageUpdate:
    return MessageUpdate(
        message_id=record.message_id,
        to=record.to,
        status=record.status.upper(),
        outcome=outcome_of(record),
        status_code=record.status_code if record.completed else None,
        status_name=record.status_name if record.completed else None,
        status_message=record.status_message if record.completed else None,
        complete_time=record.complete_time if record.completed else None,
        telco=record.telco_code if record.completed else None,
        country_code=record.country_code,
    )


def _reserve_at(target: store.PollTarget) -> datetime | None:
    """The reservation time of `target` as an aware datetime (None: not reserved)."""
    if not target.reserve_time:
        return None
    try:
        zone = ZoneInfo(target.reserve_tz) if target.reserve_tz else SEOUL
        naive = datetime.strptime(target.reserve_time, "%Y-%m-%d %H:%M")
    except (ValueError, KeyError):
        return None
    return naive.replace(tzinfo=zone)


# ======================================================================================
# poller
# ======================================================================================


@dataclass
class PollReport:
    """What one poll cycle did."""

    requests: int = 0
    list_calls: int = 0
    result_calls: int = 0
    changed_messages: int = 0
    finished: int = 0
    errors: int = 0
    offline: bool = False


@dataclass(frozen=True)
class PollerState:
    """The poller's state for the UI: 'idle', 'polling', 'offline', 'error' or 'inactive'
    (the active profile has nothing to poll: API PLEX reports results by webhook only)."""

    kind: str
    unfinished: int = 0
    error: BaseException | None = None
    retry_in: float | None = None


class PollerPaused(Exception):
    """SENS cannot be reached (``offline``) or refuses us: the cycle stopped; the poller
    tries again later. ``error`` is the cause (a ConsoleError for the user)."""

    def __init__(self, error: BaseException, offline: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.offline = offline


ClientSource = Callable[[], "SensClient"]


class HistoryPoller:
    """Polls unfinished requests of the active service until their messages are final.

    `client` is a SensClient or a callable returning the current one (the profile may
    change while the poller runs). `active` says whether the active profile's results can
    be polled at all (False for an API PLEX profile: the poller then idles in the
    'inactive' state and asks for no client). Only SENS rows are ever polled: API PLEX
    rows (``provider='apiplex'``) are left to the webhook whatever the profile. Listeners
    hear which requests changed and the state.
    """

    def __init__(
        self,
        db: Database,
        client: SensClient | ClientSource,
        *,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
        concurrency: int = 4,
        batch: int = 200,
        active: Callable[[], bool] | None = None,
    ) -> None:
        self.db = db
        self._client_source: ClientSource = client if callable(client) else (lambda: client)
        self._active: Callable[[], bool] = active or (lambda: True)
        self.backoff = backoff or Backoff()
        self._clock = clock
        self._concurrency = max(1, concurrency)
        self._batch = batch
        self._worker = _DbWorker(db, "history-poll")
        self._waiter: asyncio.Future[None] | None = None
        self._woken = False
        self._change_listeners: list[Callable[[set[str]], None]] = []
        self._state_listeners: list[Callable[[PollerState], None]] = []
        self.state = PollerState("idle")
        self.cycles = 0

    # -- listeners -----------------------------------------------------------------------

    def add_change_listener(self, callback: Callable[[set[str]], None]) -> None:
        """`callback(request_ids)` after results of those requests were stored."""
        self._change_listeners.append(callback)

    def remove_change_listener(self, callback: Callable[[set[str]], None]) -> None:
        with contextlib.suppress(ValueError):
            self._change_listeners.remove(callback)

    def add_state_listener(self, callback: Callable[[PollerState], None]) -> None:
        self._state_listeners.append(callback)

    def remove_state_listener(self, callback: Callable[[PollerState], None]) -> None:
        with contextlib.suppress(ValueError):
            self._state_listeners.remove(callback)

    def _set_state(self, state: PollerState) -> None:
        self.state = state
        for callback in list(self._state_listeners):
            try:
                callback(state)
            except Exception:
                log.exception("history state listener failed")

    def notify_changed(self, request_ids: set[str]) -> None:
        """Tell the change listeners that results of `request_ids` were stored by someone
        else (the API PLEX webhook receiver), so the views refresh at once."""
        self._changed(set(request_ids))

    @property
    def active(self) -> bool:
        """Whether the active profile's results are polled (SENS) or not (API PLEX)."""
        try:
            return bool(self._active())
        except Exception:
            log.exception("history poller: the active check failed")
            return False

    def _changed(self, request_ids: set[str]) -> None:
        if not request_ids:
            return
        for callback in list(self._change_listeners):
            try:
                callback(request_ids)
            except Exception:
                log.exception("history change listener failed")

    def wake(self) -> None:
        """Look now (new sends, a profile change, the user pressed refresh)."""
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        else:
            self._woken = True

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    # -- one cycle -----------------------------------------------------------------------

    async def poll_once(self) -> PollReport:
        """Poll every request due now (repeatedly, until none is due)."""
        report = PollReport()
        if not self.active:
            return report  # an API PLEX profile: nothing can be asked, no client needed
        if not await self._worker.read(store.unfinished_count):
            return report  # nothing to ask: no client (in demo mode: no simulator) needed
        try:
            client = self._client_source()
        except ConsoleError as exc:
            raise PollerPaused(exc, offline=False) from exc
        service_id = client.service_id
        polled: set[str] = set()
        semaphore = asyncio.Semaphore(self._concurrency)

        async def one(target: store.PollTarget) -> str | None:
            async with semaphore:
                changed = await self._poll_request(client, target, report)
            return target.request_id if changed else None

        while True:
            due = await self._worker.read(store.due_requests, self._now(), service_id, self._batch)
            due = [t for t in due if t.request_id not in polled]
            if not due:
                break
            polled.update(t.request_id for t in due)
            tasks = [asyncio.ensure_future(one(t)) for t in due]
            try:
                done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            except asyncio.CancelledError:
                for task in tasks:
                    task.cancel()
                raise
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
            changed_ids: set[str] = set()
            for task in done:
                if task.cancelled():
                    continue
                error = task.exception()
                if error is not None:
                    self._changed(changed_ids)
                    raise error
                request_id = task.result()
                if request_id is not None:
                    changed_ids.add(request_id)
            self._changed(changed_ids)
        self.cycles += 1
        return report

    async def _poll_request(
        self, client: SensClient, target: store.PollTarget, report: PollReport
    ) -> bool:
        """List one request, store what changed and schedule its next poll."""
        now = self._now()
        reserve_at = _reserve_at(target)
        report.requests += 1
        try:
            report.list_calls += 1
            records = [
                r
                async for r in client.list_requests(
                    request_id=target.request_id, page_size=LIST_PAGE_SIZE
                )
            ]
        except (SensNetworkError, SensRateLimitError) as exc:
            raise PollerPaused(exc, offline=True) from exc
        except (SensAuthError, SensServiceNotFoundError) as exc:
            raise PollerPaused(exc, offline=False) from exc
        except SensError as exc:
            log.warning("history: polling %s failed: %s", target.request_id, exc)
            report.errors += 1
            age = (now - (reserve_at or target.accepted_at)).total_seconds()
            attempts = target.poll_attempts + 1
            next_at = now + timedelta(seconds=self.backoff.delay(attempts, max(age, 0.0)))
            await self._worker.write(
                _schedule_only, target.request_id, now, next_at, attempts, exc.message_en
            )
            return False
        # Content of a request found on the server: one result query, not one per message.
        result: MessageResult | None = None
        if target.needs_content and records:
            try:
                report.result_calls += 1
                result = await client.get_result(records[0].message_id)
            except (SensNetworkError, SensRateLimitError) as exc:
                raise PollerPaused(exc, offline=True) from exc
            except SensError as exc:
                log.info("history: result of %s unavailable: %s", records[0].message_id, exc)
        updates = [_to_update(r) for r in records]
        changed, _counts, final = await self._worker.write(
            self._store_poll, target, updates, result, now, reserve_at
        )
        report.changed_messages += changed
        if final:
            report.finished += 1
        return bool(changed) or final

    def _store_poll(
        self,
        conn: sqlite3.Connection,
        target: store.PollTarget,
        updates: list[MessageUpdate],
        result: MessageResult | None,
        now: datetime,
        reserve_at: datetime | None,
    ) -> tuple[int, store.Counts, bool]:
        """(worker thread) Results, counts and the next poll of one request, atomically."""
        changed = store.apply_updates(conn, target.request_id, updates)
        counts = store.refresh_counts(conn, target.request_id)
        if result is not None:
            store.fill_content(
                conn,
                target.request_id,
                subject=result.subject,
                content=result.content,
                files=[f.file_id for f in result.files],
            )
        expected = max(target.recipient_count, counts.total)
        final = counts.pending == 0 and len(updates) >= expected > 0
        since = reserve_at if reserve_at is not None and reserve_at < now else target.accepted_at
        age = max((now - since).total_seconds(), 0.0)
        error = None
        if not final and now - target.accepted_at > RETENTION:
            final, error = True, "expired"  # SENS no longer knows it
        attempts = 0 if changed else target.poll_attempts + 1
        if reserve_at is not None and reserve_at > now:
            next_at = reserve_at + timedelta(seconds=self.backoff.first)
        else:
            next_at = now + timedelta(seconds=self.backoff.delay(attempts, age))
        store.schedule_poll(
            conn,
            target.request_id,
            polled_at=now,
            next_at=next_at,
            attempts=attempts,
            final=final,
            error=error,
            listed=len(updates),
        )
        return changed, counts, final

    # -- forever -------------------------------------------------------------------------

    async def run(self) -> None:
        """Poll until cancelled; pauses while offline and after auth errors.

        The poller never dies of an error: anything unexpected is logged, reported as
        the 'error' state and retried after ``offline_max`` seconds.
        """
        failures = 0
        try:
            while True:
                try:
                    if not self.active:
                        failures = 0
                        self._set_state(PollerState("inactive"))
                        await self._sleep(self.backoff.idle_check)
                        continue
                    self._set_state(PollerState("polling", await self._unfinished()))
                    await self.poll_once()
                    failures = 0
                    wait = await self._until_next()
                    self._set_state(PollerState("idle", await self._unfinished()))
                except PollerPaused as pause:
                    failures += 1
                    wait = self.backoff.offline_delay(failures)
                    if not pause.offline:
                        wait = max(wait, self.backoff.offline_max)
                    log.info("history poller paused %.0f s: %s", wait, pause.error)
                    self._set_state(
                        PollerState(
                            "offline" if pause.offline else "error",
                            self.state.unfinished,
                            pause.error,
                            wait,
                        )
                    )
                except Exception as exc:
                    wait = self.backoff.offline_max
                    log.warning(
                        "history poller: unexpected error, retry in %.0f s", wait, exc_info=exc
                    )
                    self._set_state(PollerState("error", self.state.unfinished, exc, wait))
                await self._sleep(wait)
        finally:
            self._worker.close()

    async def _sleep(self, seconds: float) -> None:
        """Wait `seconds` or until :meth:`wake` (on loop futures: works in any Qt spin)."""
        if self._woken:
            self._woken = False
            return
        loop = _current_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiter = waiter

        def expire() -> None:
            if not waiter.done():
                waiter.set_result(None)

        handle = loop.call_later(seconds, expire)
        try:
            await waiter
        finally:
            handle.cancel()
            self._waiter = None

    async def _service_id(self) -> str | None:
        """The active service, asked of the client only when something waits for results."""
        if not self.active or not await self._worker.read(store.unfinished_count):
            return None
        try:
            return self._client_source().service_id
        except ConsoleError:
            return None

    async def _unfinished(self) -> int:
        return await self._worker.read(store.unfinished_count, await self._service_id())

    async def _until_next(self) -> float:
        service_id = await self._service_id()
        if service_id is None:
            return self.backoff.idle_check
        nxt = await self._worker.read(store.next_poll_time, service_id)
        if nxt is None:
            return self.backoff.idle_check
        seconds = (nxt - self._now()).total_seconds()
        return min(max(seconds, 0.0), self.backoff.idle_check)

    def close(self) -> None:
        self._worker.close()


def _schedule_only(
    conn: sqlite3.Connection,
    request_id: str,
    now: datetime,
    next_at: datetime,
    attempts: int,
    error: str,
) -> None:
    store.schedule_poll(
        conn,
        request_id,
        polled_at=now,
        next_at=next_at,
        attempts=attempts,
        final=False,
        error=error,
    )


_POLLERS: weakref.WeakKeyDictionary[Any, HistoryPoller] = weakref.WeakKeyDictionary()


def start_poller(context: AppContext, *, backoff: Backoff | None = None) -> HistoryPoller:
    """The context's poller, started as the named task :data:`POLLER_TASK` if not running.

    Safe to call from every page that wants results to follow (and from the app at start).
    The poller idles while an API PLEX profile is active, and relays the context's webhook
    results to its change listeners (so History refreshes the moment a result arrives).
    """
    poller = _POLLERS.get(context)
    if poller is None:
        # The poller must not keep the context alive (it is the weak key of _POLLERS).
        context_ref = weakref.ref(context)

        def client() -> SensClient:
            alive = context_ref()
            if alive is None:
                raise ConsoleError("The console is closing.", "콘솔을 닫는 중입니다.")
            return alive.client()

        def polls_sens() -> bool:
            alive = context_ref()
            return alive is not None and not alive.profile.is_apiplex

        poller = HistoryPoller(context.db, client, backoff=backoff, active=polls_sens)
        _POLLERS[context] = poller
        context.add_profile_listener(lambda _profile: poller.wake())
        # API PLEX results arrive by webhook: the views hear of them as of a poll.
        context.add_webhook_listener(poller.notify_changed)
    if not context.tasks.is_running(POLLER_TASK) and not context.tasks.closed:
        context.tasks.start(POLLER_TASK, poller.run())
    return poller


# ======================================================================================
# server search
# ======================================================================================


@dataclass(frozen=True)
class ServerSearch:
    """A search of what the account sent: request time in ``[start, end]`` and filters.

    ``status``: READY/PROCESSING/COMPLETED; ``result``: "success"/"fail" (the handset
    result); ``caller``/``recipient``: numbers (hyphens ignored).
    """

    start: datetime
    end: datetime
    type: str | None = None
    status: str | None = None
    result: str | None = None
    caller: str | None = None
    recipient: str | None = None
    content_type: str | None = None

    def filters(self) -> dict[str, str]:
        digits = store._digits
        found = {
            "type": self.type,
            "status": self.status,
            "status_name": self.result,
            "from_": digits(self.caller) or None,
            "to": digits(self.recipient) or None,
            "content_type": self.content_type,
        }
        return {k: v for k, v in found.items() if v}


@dataclass
class SearchProgress:
    """How far a server search is: windows done of all, messages and requests merged."""

    windows: int = 0
    window: int = 0
    messages: int = 0
    new_requests: int = 0
    updated_requests: int = 0
    done: bool = False
    request_ids: set[str] = field(default_factory=set)


async def search_server(
    db: Database,
    client: SensClient,
    search: ServerSearch,
    *,
    on_progress: Callable[[SearchProgress], None] | None = None,
    clock: Callable[[], float] = time.time,
    flush_every: int = 500,
    profile: str | None = None,
) -> SearchProgress:
    """Pull every message sent in the range and merge it into the store (no duplicates).

    New requests are recorded with ``origin='server'`` and scheduled for one poll by
    requestId, which completes them (a filtered search sees only part of a request) and
    fetches their text. Raises the client's errors (e.g. a range older than 90 days).
    """
    now = datetime.fromtimestamp(clock(), SEOUL)
    windows = legal_windows(search.start, search.end, kind="request", now=now)
    progress = SearchProgress(windows=len(windows))
    worker = _DbWorker(db, "history-search")
    filters: dict[str, Any] = dict(search.filters())
    buffer: list[MessageRecord] = []

    async def flush() -> None:
        if not buffer:
            return
        batch = list(buffer)
        buffer.clear()
        new, updated, ids = await worker.write(
            _merge_records, batch, client.service_id, profile, datetime.fromtimestamp(clock(), UTC)
        )
        progress.new_requests += new
        progress.updated_requests += updated
        progress.request_ids.update(ids)

    try:
        if on_progress is not None:
            on_progress(progress)
        for index, (window_start, window_end) in enumerate(windows, start=1):
            progress.window = index
            async for record in client.list_requests(
                request_start=window_start, request_end=window_end, **filters
            ):
                buffer.append(record)
                progress.messages += 1
                if len(buffer) >= flush_every:
                    await flush()
                    if on_progress is not None:
                        on_progress(progress)
            await flush()
            if on_progress is not None:
                on_progress(progress)
        progress.done = True
        if on_progress is not None:
            on_progress(progress)
        return progress
    finally:
        worker.close()


def _merge_records(
    conn: sqlite3.Connection,
    records: Sequence[MessageRecord],
    service_id: str,
    profile: str | None,
    now: datetime,
) -> tuple[int, int, set[str]]:
    """(worker thread) Merge search records by request: record new ones, update known."""
    groups: dict[str, list[MessageRecord]] = {}
    for record in records:
        if record.request_id:
            groups.setdefault(record.request_id, []).append(record)
    known = store.known_request_ids(conn, groups)
    new = updated = 0
    for request_id, items in groups.items():
        if request_id not in known:
            first = items[0]
            store.insert_accepted(
                conn,
                AcceptedRequest(
                    request_id=request_id,
                    accepted_at=first.request_time,
                    type=(first.type or "SMS").upper(),
                    caller=first.from_,
                    content="",
                    messages=[SentMessage(to=r.to, country_code=r.country_code) for r in items],
                    content_type=first.content_type,
                    country_code=first.country_code,
                    profile=profile,
                    service_id=service_id,
                    origin="server",
                ),
            )
            conn.execute(
                "UPDATE sent_requests SET content = NULL, next_poll_at = ? WHERE request_id = ?",
                (utc_text(now), request_id),
            )
            new += 1
        changed = store.apply_updates(conn, request_id, [_to_update(r) for r in items])
        store.refresh_counts(conn, request_id)
        if request_id in known and changed:
            updated += 1
    return new, updated, set(groups)


# ======================================================================================
# queries for the views
# ======================================================================================


class HistoryQueries:
    """Read access for the History views (SQL pages; nothing is loaded whole).

    Message rows come with ``provider`` and, for API PLEX rows, ``result_text``: what
    :func:`console.services.apiplex_sending.message_text` says of the message in
    `language` (`receiver_enabled` tells it whether webhook results can still arrive).
    """

    def __init__(
        self,
        db: Database,
        *,
        language: str = "ko",
        receiver_enabled: Callable[[], bool] | None = None,
    ) -> None:
        self.db = db
        self.language = language
        self._receiver_enabled = receiver_enabled or (lambda: True)
        self._worker = _DbWorker(db, "history-search-filter")

    def _conn(self) -> sqlite3.Connection:
        return self.db.connection()

    @staticmethod
    def needs_search(flt: HistoryFilter) -> bool:
        """Whether `flt` searches the messages (number or text): slow enough for a thread."""
        return bool(store._digits(flt.recipient) or (flt.text or "").strip())

    def resolve(self, flt: HistoryFilter) -> HistoryFilter:
        """Run the filter's message searches once (see ``store.resolve_filter``)."""
        return store.resolve_filter(self._conn(), flt)

    async def resolve_async(self, flt: HistoryFilter) -> HistoryFilter:
        """:meth:`resolve` on a worker thread (a million-message scan takes ~0.5 s)."""
        return await self._worker.read(store.resolve_filter, flt)

    def close(self) -> None:
        self._worker.close()

    def count_requests(self, flt: HistoryFilter) -> int:
        return store.count_requests(self._conn(), flt)

    def request_page(
        self, flt: HistoryFilter, sort: str, descending: bool, offset: int, limit: int
    ) -> list[dict[str, Any]]:
        rows = store.request_page(
            self._conn(), flt, sort=sort, descending=descending, offset=offset, limit=limit
        )
        return [dict(r) for r in rows]

    def request_rows(self, request_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        return {r["request_id"]: dict(r) for r in store.request_rows(self._conn(), request_ids)}

    def count_messages(self, request_id: str, flt: HistoryFilter) -> int:
        return store.count_messages(self._conn(), request_id, flt)

    def message_page(
        self,
        request_id: str,
        flt: HistoryFilter,
        sort: str,
        descending: bool,
        offset: int,
        limit: int,
    ) -> list[dict[str, Any]]:
        rows = store.message_page(
            self._conn(),
            request_id,
            flt,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=limit,
        )
        return self._with_provider([dict(r) for r in rows])

    def message_rows(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        rows = self._with_provider([dict(r) for r in store.message_rows_by_id(self._conn(), ids)])
        return {int(r["id"]): r for r in rows}

    def _with_provider(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add each row's ``provider`` and, for API PLEX rows, its ``result_text``."""
        if not rows:
            return rows
        from console.services.apiplex_sending import message_text

        ids = sorted({str(r["request_id"]) for r in rows})
        marks = ",".join("?" * len(ids))
        providers = dict(
            self._conn().execute(
                f"SELECT request_id, provider FROM sent_requests WHERE request_id IN ({marks})",
                ids,
            ).fetchall()
        )
        receiver = self._receiver_enabled()
        for row in rows:
            row["provider"] = providers.get(row["request_id"], "sens")
            if row["provider"] == APIPLEX and row.get("message_id"):
                try:
                    text = message_text(
                        self.db,
                        str(row["message_id"]),
                        language=self.language,
                        receiver_enabled=receiver,
                    )
                except sqlite3.Error:  # the API PLEX tables are unreadable: the stored text
                    log.warning("history: API PLEX state of %s unavailable", row["message_id"])
                    text = None
                row["result_text"] = text or row.get("status_message")
        return rows

    def summary(self, flt: HistoryFilter) -> Summary:
        return store.summary(self._conn(), flt)

    def daily_rates(self, flt: HistoryFilter) -> list[tuple[str, int, int, int]]:
        offset = datetime.now().astimezone().utcoffset() or timedelta(0)
        return store.daily_outcomes(self._conn(), flt, int(offset.total_seconds() // 60))

    def callers(self) -> list[str]:
        return store.distinct_callers(self._conn())

    def request(self, request_id: str) -> dict[str, Any] | None:
        row = store.request_row(self._conn(), request_id)
        return dict(row) if row is not None else None


@dataclass(frozen=True)
class ResendDraft:
    """What Compose needs to send a request again to some of its recipients."""

    request_id: str
    recipients: list[dict[str, Any]]
    content: str
    subject: str | None
    type: str
    caller: str
    content_type: str
    #: The recipients had different texts and no template was recorded: the content is
    #: one of them and the user should put the #{...} fields back.
    personalised: bool = False

    def prefill(self) -> dict[str, Any]:
        """Keyword arguments for ``navigator.open_compose``."""
        return {
            "recipients": self.recipients,
            "content": self.content,
            "subject": self.subject,
            "message_type": self.type,
            "caller": self.caller,
            "content_type": self.content_type,
        }


def failed_recipients(db: Database, request_id: str) -> ResendDraft | None:
    """The failed recipients of `request_id` with the request's text (None: unknown).

    A personalised send kept only each recipient's finished text, not the #{...}
    template: the template is taken from the send job when it recorded one
    (``meta["template"]``/``meta["subject_template"]``), otherwise the most common text
    of the failed recipients is used and ``personalised`` tells the caller to check it.
    """
    conn = db.connection()
    request = store.request_row(conn, request_id)
    if request is None:
        return None
    recipients = []
    texts: list[str] = []
    subjects: list[str | None] = []
    for row in store.recipients_of(conn, request_id, "failed"):
        fields = json.loads(row["fields"]) if row["fields"] else {}
        recipients.append({"phone": row["to_number"], "name": row["name"] or "", "fields": fields})
        texts.append(row["content"] or request["content"] or "")
        subjects.append(row["subject"] or request["subject"])
    content = max(set(texts), key=texts.count) if texts else request["content"] or ""
    subject = max(set(subjects), key=lambda s: subjects.count(s)) if subjects else None
    personalised = len(set(texts)) > 1 or len(set(subjects)) > 1
    template = store.job_templates(conn, request["job_id"]) if request["job_id"] else None
    if template is not None and template[0]:
        content, subject = template[0], template[1] if template[1] is not None else subject
        personalised = False
    return ResendDraft(
        request_id=request_id,
        recipients=recipients,
        content=content,
        subject=subject if subject is not None else request["subject"],
        type=request["type"],
        caller=request["caller"],
        content_type=request["content_type"],
        personalised=personalised,
    )


# ======================================================================================
# export
# ======================================================================================

_EXPORT_HEADERS = (
    ("요청 시각", "Request time"),
    ("요청 ID", "Request ID"),
    ("유형", "Type"),
    ("광고 여부", "Content type"),
    ("발신번호", "Caller"),
    ("제목/내용", "Subject/text"),
    ("순번", "No."),
    ("수신번호", "Number"),
    ("이름", "Name"),
    ("상태", "Status"),
    ("결과 코드", "Result code"),
    ("결과", "Result"),
    ("통신사", "Carrier"),
    ("완료 시각", "Completed at"),
)


def export_headers(language: str = "ko") -> list[str]:
    return [_pick(pair, language) for pair in _EXPORT_HEADERS]


def first_line(subject: str | None, content: str | None) -> str:
    """A request's title: its subject, else the first non-empty line of its text."""
    if subject:
        return subject
    for line in (content or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def export_row_values(row: sqlite3.Row | dict[str, Any], language: str) -> list[Any]:
    return [
        local_time(row["accepted_at"]),
        row["request_id"],
        row["type"],
        row["content_type"],
        row["caller"],
        first_line(row["subject"], row["message_content"] or row["content"]),
        int(row["seq"]) + 1,
        row["to_number"],
        row["name"] or "",
        outcome_text(row["outcome"], language),
        row["status_code"] or "",
        row_result_text(row, language),
        carrier_name(row["telco"], language),
        local_time(row["complete_time"]),
    ]


def export_history(
    db: Database, path: Path | str, flt: HistoryFilter, language: str = "ko"
) -> tuple[Path, int]:
    """Write every message of the current view to `path` (.xlsx or .csv); returns the
    path and the number of rows. Rows are streamed from the database."""
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        conn = db.connection()
        for row in store.export_rows(conn, flt):
            count += 1
            yield export_row_values(row, language)

    title = _pick(("발송 내역", "History"), language)
    written = export_table(path, export_headers(language), rows(), sheet_title=title)
    return written, count

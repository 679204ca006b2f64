"""The 080 opt-out list: download and cache it, add and remove numbers, export.

Advertising messages must not go to numbers on the service's 080 opt-out list. The list
lives on SENS; the console keeps a copy per service (:mod:`console.store.unsubscribes`)
so that Compose can exclude and Recipients can flag numbers even offline, and shows how
old that copy is. Before an advertisement send Compose calls :func:`refresh_if_stale`.

Numbers are compared in SENS's form: national digits without hyphens ("01012345678").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from console.domain.phone import InvalidPhoneNumber, normalize
from console.errors import ConsoleError
from console.providers.sens.errors import SensError
from console.services.exporting import export_table
from console.store import unsubscribes as store
from console.store.database import Database
from console.store.unsubscribes import OptOutEntry

log = logging.getLogger(__name__)

#: SENS takes at most this many numbers per add/delete call.
CHUNK_SIZE = 1000
#: A cached list younger than this is used as is before an advertisement send.
DEFAULT_MAX_AGE = timedelta(minutes=10)
#: When SENS cannot be reached, a cached list up to this old is still used (with a log
#: warning); an older one (or none) makes :func:`refresh_if_stale` raise.
DEFAULT_MAX_STALE = timedelta(hours=24)

__all__ = [
    "CHUNK_SIZE",
    "AddResult",
    "OptOutEntry",
    "OptOutListUnavailable",
    "OptOutPartialError",
    "ParsedNumbers",
    "add_numbers",
    "cache_age",
    "cached_entries",
    "export_entries",
    "numbers_from_file",
    "optout_numbers",
    "parse_numbers",
    "refresh_if_stale",
    "remove_numbers",
    "sync",
]


class UnsubscribeClient(Protocol):
    """What this service needs of :class:`console.providers.sens.SensClient`."""

    async def list_unsubscribes(self, **filters: Any) -> list[Any]: ...

    async def add_unsubscribes(self, numbers: Iterable[str]) -> Any: ...

    async def delete_unsubscribes(self, numbers: Iterable[str]) -> None: ...


class OptOutListUnavailable(ConsoleError):
    """The opt-out list could not be downloaded and no recent enough copy exists."""

    retryable = True


class OptOutPartialError(ConsoleError):
    """An add or remove stopped part-way; `done` numbers were handled before the error."""

    retryable = True

    def __init__(self, message_en: str, message_ko: str, done: int, cause: SensError) -> None:
        super().__init__(message_en, message_ko)
        self.done = done
        self.cause = cause


def _service_of(profile: Any) -> str:
    return str(getattr(profile, "service_id", profile))


# --------------------------------------------------------------------------- cache


def optout_numbers(db: Database, profile: Any) -> set[str]:
    """The cached opt-out numbers of `profile`'s service (a Profile or a service ID)."""
    return store.numbers(db, _service_of(profile))


def cached_entries(db: Database, service_id: str, search: str = "") -> list[OptOutEntry]:
    """The cached list, newest first; `search` keeps numbers containing those digits."""
    return store.entries(db, service_id, search)


def cache_age(
    db: Database, service_id: str, now: datetime | None = None
) -> timedelta | None:
    """How old the cached list is (None: never downloaded)."""
    synced = store.synced_at(db, service_id)
    if synced is None:
        return None
    return max((now or datetime.now(UTC)) - synced, timedelta(0))


def _entry(item: Any) -> OptOutEntry:
    return OptOutEntry(
        number=str(item.number),
        registered_at=getattr(item, "registered_at", None),
        kind=getattr(item, "kind", None),
    )


async def sync(db: Database, client: UnsubscribeClient, service_id: str) -> int:
    """Download the whole list (every page) and replace the cache; returns the count.

    A failed download raises the client's error and leaves the cache as it was.
    """
    started = datetime.now(UTC)
    items = await client.list_unsubscribes()
    entries = [_entry(i) for i in items]
    return await _in_thread(db, store.replace_all, db, service_id, entries, started)


async def refresh_if_stale(
    db: Database,
    client: UnsubscribeClient,
    profile: Any,
    *,
    max_age: timedelta = DEFAULT_MAX_AGE,
    max_stale: timedelta = DEFAULT_MAX_STALE,
) -> set[str]:
    """The opt-out numbers to exclude from an advertisement send, fresh enough.

    Downloads the list when the cache is older than `max_age`. If that fails, a cache up
    to `max_stale` old is used; otherwise :class:`OptOutListUnavailable` is raised, and
    the advertisement must not go out.
    """
    service_id = _service_of(profile)
    age = cache_age(db, service_id)
    if age is not None and age <= max_age:
        return store.numbers(db, service_id)
    try:
        await sync(db, client, service_id)
    except SensError as exc:
        if age is not None and age <= max_stale:
            log.warning("080 list refresh failed (%s); using the copy from %s ago", exc, age)
            return store.numbers(db, service_id)
        raise OptOutListUnavailable(
            "The 080 opt-out list could not be downloaded, and advertisements must not go to "
            f"numbers on it. {exc.message_en} Try again when SENS can be reached.",
            "080 수신거부 목록을 내려받지 못했습니다. 광고 문자는 이 목록의 번호로 보내면 "
            f"안 됩니다. {exc.message_ko} SENS에 연결되면 다시 시도하세요.",
        ) from exc
    return store.numbers(db, service_id)


async def _in_thread(db: Database, fn: Any, *args: Any) -> Any:
    """Run a store write off the GUI thread (an in-memory database stays on its thread)."""
    if str(db.path) == ":memory:":
        return fn(*args)
    return await asyncio.to_thread(fn, *args)


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class ParsedNumbers:
    """Numbers read from typed text, a paste or a file: usable ones and rejected cells."""

    valid: tuple[str, ...]
    invalid: tuple[str, ...]


def _split_cells(text: str) -> list[str]:
    cells: list[str] = []
    for line in text.splitlines():
        for part in line.replace(";", ",").replace("\t", ",").split(","):
            if part.strip():
                cells.append(part.strip())
    return cells


def parse_numbers(cells: str | Iterable[str]) -> ParsedNumbers:
    """Normalise typed or pasted numbers (one per line, or separated by , ; or tabs).

    Only domestic numbers can be on a Korean 080 list; duplicates are dropped.
    """
    raw = _split_cells(cells) if isinstance(cells, str) else [str(c).strip() for c in cells]
    valid: dict[str, None] = {}
    invalid: dict[str, None] = {}
    for cell in raw:
        if not cell:
            continue
        try:
            phone = normalize(cell)
        except InvalidPhoneNumber:
            invalid[cell] = None
            continue
        if not phone.is_domestic:
            invalid[cell] = None
            continue
        valid[phone.digits] = None
    return ParsedNumbers(tuple(valid), tuple(invalid))


def numbers_from_file(path: Path | str) -> ParsedNumbers:
    """The numbers of a spreadsheet or text file's phone column (blocking: use a thread).

    The column is guessed like a recipient import; a file of bare numbers works too.
    """
    from console.services.importing import guess_mapping, read_file

    table = read_file(path)
    mapping = guess_mapping(table)
    rows = table.rows[1:] if mapping.has_header else table.rows
    column = mapping.phone_column
    return parse_numbers(row[column] for row in rows if column < len(row) and row[column])


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class AddResult:
    """What an add did: numbers SENS registered (new or already listed) and calls made."""

    registered: int
    calls: int


def _chunks(numbers: Sequence[str], size: int = CHUNK_SIZE) -> list[list[str]]:
    unique = list(dict.fromkeys(n for n in numbers if n))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


async def add_numbers(
    db: Database, client: UnsubscribeClient, service_id: str, numbers: Sequence[str]
) -> AddResult:
    """Register `numbers` (SENS form) on the 080 list, 1,000 per call, caching each answer.

    Raises :class:`OptOutPartialError` when a call fails after others succeeded (their
    numbers are registered and cached), or the client's error when the first call fails.
    """
    done = 0
    calls = 0
    for chunk in _chunks(numbers):
        try:
            answer = await client.add_unsubscribes(chunk)
        except SensError as exc:
            if done == 0:
                raise
            raise OptOutPartialError(
                f"{done:,} of {len(set(numbers)):,} numbers were added; then SENS failed: "
                f"{exc.message_en} Add the rest again (numbers already listed are skipped).",
                f"{len(set(numbers)):,}개 중 {done:,}개를 등록한 뒤 SENS 오류가 났습니다: "
                f"{exc.message_ko} 나머지를 다시 추가하세요(이미 등록된 번호는 건너뜁니다).",
                done,
                exc,
            ) from exc
        calls += 1
        now = datetime.now(UTC)
        answered = [_entry(i) for i in answer] if isinstance(answer, list) and answer else []
        listed = {e.number for e in answered}
        entries = answered + [OptOutEntry(n, now, "M") for n in chunk if n not in listed]
        await _in_thread(db, store.upsert, db, service_id, entries)
        done += len(chunk)
    return AddResult(done, calls)


async def remove_numbers(
    db: Database, client: UnsubscribeClient, service_id: str, numbers: Sequence[str]
) -> int:
    """Take `numbers` off the 080 list, 1,000 per call; returns how many were removed."""
    done = 0
    for chunk in _chunks(numbers):
        try:
            await client.delete_unsubscribes(chunk)
        except SensError as exc:
            if done == 0:
                raise
            raise OptOutPartialError(
                f"{done:,} numbers were removed; then SENS failed: {exc.message_en}",
                f"{done:,}개를 삭제한 뒤 SENS 오류가 났습니다: {exc.message_ko}",
                done,
                exc,
            ) from exc
        await _in_thread(db, store.remove, db, service_id, chunk)
        done += len(chunk)
    return done


def export_entries(
    path: Path | str,
    entries: Sequence[OptOutEntry],
    headers: Sequence[str],
    kinds: dict[str, str],
    tz: Any = None,
) -> Path:
    """Write the list to .xlsx/.csv: number, registration time (local), how registered.

    `headers` and `kinds` ("M"/"C" -> words) come already translated from the page.
    """
    rows = [
        (
            e.number,
            e.registered_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
            if e.registered_at
            else "",
            kinds.get(e.kind or "", e.kind or ""),
        )
        for e in entries
    ]
    return export_table(path, headers, rows, sheet_title="080")

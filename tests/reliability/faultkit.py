"""Shared tools of the reliability suite and tests/benchmarks/bench_faults.py.

- :func:`make_specs`: a bulk send as journal batch specs (100 recipients per request).
- :class:`ObservingTransport`: wraps httpx's transport under a real ``SensClient`` and
  counts what came back (statuses, transport errors) and which signatures went out, so a
  test can prove that the faults it asked the simulator for really happened, and can
  search files for every signature the console actually sent.
- :func:`delivery_report`: duplicates and losses against the simulator's accepted log.
- :func:`journal_problems`: a store that is not what a crash may leave behind
  (integrity, half-recorded jobs, accepted batches without History).
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from console.providers.sens.signing import SIGNATURE_HEADER
from console.simulator import DEMO_CALLER_NUMBERS
from console.store.jobs import BatchRecipient, BatchSpec
from tests.support import batch_specs


def phones(total: int, prefix: str = "0105") -> list[str]:
    """`total` distinct mobile numbers ("0105" + 7 digits)."""
    return [f"{prefix}{i:07d}" for i in range(total)]


def make_specs(
    numbers: Sequence[str], *, content: str = "정기 점검 안내입니다", caller: str | None = None
) -> list[BatchSpec]:
    """LMS batches of up to 100 of `numbers`, each with a personalised line."""
    return batch_specs(
        numbers,
        caller=caller or DEMO_CALLER_NUMBERS[0],
        content=content,
        type="LMS",
        message=lambda n: {"to": n, "content": f"{n[-4:]}님, {content}"},
        recipient=lambda n: BatchRecipient(n, f"고객{n[-4:]}"),
        subject="안내",
    )


@dataclass
class Observed:
    """What an :class:`ObservingTransport` saw."""

    requests: int = 0
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    send_statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    errors: collections.Counter[str] = field(default_factory=collections.Counter)
    send_errors: collections.Counter[str] = field(default_factory=collections.Counter)
    signatures: set[str] = field(default_factory=set)

    @property
    def faults(self) -> int:
        """Answers that were faults: 5xx, 429 and broken connections."""
        bad = sum(n for status, n in self.statuses.items() if status >= 500 or status == 429)
        return bad + sum(self.errors.values())


class ObservingTransport(httpx.AsyncBaseTransport):
    """httpx's own transport, watched: counts answers and errors, keeps the signatures."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.inner = inner or httpx.AsyncHTTPTransport()
        self.seen = Observed()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        seen = self.seen
        seen.requests += 1
        is_send = request.method == "POST" and request.url.path.endswith("/messages")
        signature = request.headers.get(SIGNATURE_HEADER)
        if signature:
            seen.signatures.add(signature)
        try:
            response = await self.inner.handle_async_request(request)
        except httpx.TransportError as exc:
            seen.errors[type(exc).__name__] += 1
            if is_send:
                seen.send_errors[type(exc).__name__] += 1
            raise
        seen.statuses[response.status_code] += 1
        if is_send:
            seen.send_statuses[response.status_code] += 1
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass(frozen=True)
class Delivery:
    """Exactly-once check of one send against the simulator's accepted log."""

    sent: int
    duplicates: int
    losses: int
    strangers: int

    @property
    def exactly_once(self) -> bool:
        return not (self.duplicates or self.losses or self.strangers)


def delivery_report(accepted: Iterable[Any], expected: Iterable[str]) -> Delivery:
    """Duplicates (accepted more than once), losses (never) and strangers (not asked for)."""
    counts = collections.Counter(str(m.to) for m in accepted)
    wanted = set(expected)
    return Delivery(
        sent=sum(counts.values()),
        duplicates=sum(c - 1 for c in counts.values() if c > 1),
        losses=len(wanted - set(counts)),
        strangers=len(set(counts) - wanted),
    )


def journal_problems(db_path: Path) -> list[str]:
    """Everything wrong with a console store after a crash; [] when it is sound.

    Sound means: SQLite's integrity check passes; every job has all its batches (the
    plan is written in one piece) whose recipients add up; every accepted batch has a
    request ID and exactly one History request with one message row per recipient; no
    History request of a job belongs to a batch that is not accepted.
    """
    problems: list[str] = []
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            return [f"integrity_check: {check[:5]}"]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "send_jobs" not in tables:
            return problems
        for job_id, total_batches, total_recipients in conn.execute(
            "SELECT job_id, total_batches, total_recipients FROM send_jobs"
        ).fetchall():
            batches, recipients = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(recipient_count), 0) FROM send_batches "
                "WHERE job_id = ?",
                (job_id,),
            ).fetchone()
            if (batches, recipients) != (total_batches, total_recipients):
                problems.append(
                    f"job {job_id}: {batches}/{total_batches} batches, "
                    f"{recipients}/{total_recipients} recipients written"
                )
        for job_id, seq, request_id, count in conn.execute(
            "SELECT job_id, seq, request_id, recipient_count FROM send_batches "
            "WHERE state = 'accepted'"
        ).fetchall():
            if not request_id:
                problems.append(f"batch {job_id}/{seq}: accepted without a request ID")
                continue
            row = conn.execute(
                "SELECT job_id, batch_seq, recipient_count FROM sent_requests "
                "WHERE request_id = ?",
                (request_id,),
            ).fetchone()
            messages = conn.execute(
                "SELECT COUNT(*) FROM sent_messages WHERE request_id = ?", (request_id,)
            ).fetchone()[0]
            if row is None or (row[0], row[1]) != (job_id, seq) or messages != count:
                problems.append(f"batch {job_id}/{seq}: History does not match ({row}, {messages})")
        orphans = conn.execute(
            "SELECT r.request_id FROM sent_requests r LEFT JOIN send_batches b "
            "ON b.job_id = r.job_id AND b.seq = r.batch_seq "
            "WHERE r.job_id IS NOT NULL AND (b.state IS NULL OR b.state != 'accepted')"
        ).fetchall()
        if orphans:
            problems.append(f"{len(orphans)} History requests of batches not accepted")
    finally:
        conn.close()
    return problems

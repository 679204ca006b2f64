"""The History poller and server search against the SENS simulator over loopback."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.providers.sens.client import RetryPolicy, SensClient
from console.providers.sens.models import MessageItem, SendMessageRequest
from console.services.history import (
    Backoff,
    HistoryPoller,
    PollerPaused,
    ServerSearch,
    search_server,
)
from console.simulator import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    SimClock,
    Simulator,
    start,
)
from console.store.database import Database
from tests.support import send_and_record as record_send
from tests.support import wait_until

CALLER = DEMO_CALLER_NUMBERS[0]
FAST = Backoff(
    first=0.05,
    factor=1.5,
    ceilings=((math.inf, 0.3),),
    idle_check=0.1,
    offline_first=0.1,
    offline_max=0.3,
)


class Calls:
    """Counts the list and result calls a client makes (an httpx event hook)."""

    def __init__(self) -> None:
        self.lists: list[dict[str, str]] = []
        self.results: list[str] = []

    async def hook(self, request: httpx.Request) -> None:
        path = request.url.path
        if request.method == "GET" and path.endswith("/messages"):
            self.lists.append(dict(request.url.params))
        elif request.method == "GET" and "/messages/" in path:
            self.results.append(path.rsplit("/", 1)[-1])


def make_client(sim: Simulator | str, calls: Calls | None = None) -> SensClient:
    base = sim if isinstance(sim, str) else sim.base_url
    http = httpx.AsyncClient(timeout=5.0, event_hooks={"request": [calls.hook]} if calls else {})
    client = SensClient(
        DEMO_ACCESS_KEY,
        DEMO_SECRET_KEY,
        DEMO_SERVICE_ID,
        base_url=base,
        http=http,
        retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, max_retry_after=0.05),
    )
    client._owns_http = True  # close the hooked httpx client with the SensClient
    return client


async def send_and_record(
    db: Database, client: SensClient, phones: list[str], content: str = "점검 안내"
) -> str:
    """Send one request and record it the way the sending service does."""
    return await record_send(
        db,
        client,
        phones,
        content,
        caller=CALLER,
        service_id=DEMO_SERVICE_ID,
        name=lambda p: f"고객{p[-4:]}",
        unit_cost=9.0,
    )


@pytest.fixture
def simulate() -> Iterator[Callable[..., Simulator]]:
    """Starts SENS simulators with the given knobs; stops them all after the test."""
    started: list[Simulator] = []

    def make(**knobs: Any) -> Simulator:
        sim = start(**knobs)
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()


@contextlib.asynccontextmanager
async def polling(poller: HistoryPoller) -> AsyncIterator[asyncio.Task[Any]]:
    """The poller's loop running in a task for the body; cancelled (and awaited) after it."""
    task = asyncio.ensure_future(poller.run())
    try:
        yield task
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def phones(count: int, prefix: str = "0107") -> list[str]:
    return [f"{prefix}{i:07d}" for i in range(count)]


def stored(db: Database) -> dict[str, dict[str, Any]]:
    rows = db.connection().execute(
        "SELECT message_id, to_number, outcome, status, status_code, telco, complete_time "
        "FROM sent_messages"
    )
    return {r["to_number"]: dict(r) for r in rows}


async def truth(client: SensClient, request_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """number -> (status, statusCode) as the simulator reports now."""
    found = {}
    for rid in request_ids:
        async for r in client.list_requests(request_id=rid):
            found[r.to] = (r.status, r.status_code)
    return found


def counters(db: Database) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in db.connection().execute(
            "SELECT request_id, success_count, fail_count, pending_count, final, recipient_count "
            "FROM sent_requests ORDER BY request_id"
        )
    ]


def test_messages_go_from_pending_to_final_and_the_store_follows(
    qloop: Any, db: Database, simulate: Callable[..., Simulator]
) -> None:
    sim = simulate(
        time_scale=40,
        delivery_delay=(20.0, 20.0),
        delivery_jitter=0.2,
        seed=3,
        outcomes={"0": 0.6, "3001": 0.2, "2003": 0.2},
    )
    calls = Calls()

    async def scenario() -> None:
        client = make_client(sim, calls)
        try:
            ids = [await send_and_record(db, client, phones(40, f"010{i}")) for i in range(3)]
            poller = HistoryPoller(db, client, backoff=FAST)
            seen_states: Counter[str] = Counter()
            changes: list[set[str]] = []

            def on_change(request_ids: set[str]) -> None:
                changes.append(request_ids)
                for row in db.connection().execute("SELECT status, outcome FROM sent_messages"):
                    seen_states[f"{row[0]}:{row[1]}"] += 1

            poller.add_change_listener(on_change)
            async with polling(poller):
                await wait_until(
                    lambda: all(c[4] == 1 for c in counters(db)), timeout=30, interval=0.05
                )
            # Pending first (READY or PROCESSING), then final outcomes.
            assert seen_states["READY:pending"] + seen_states["PROCESSING:pending"] > 0
            assert any(k.startswith("COMPLETED:failed") for k in seen_states)
            poll_calls = list(calls.lists)
            real = await truth(client, ids)
            mine = stored(db)
            assert len(mine) == 120
            for number, (status, code) in real.items():
                assert status == "COMPLETED"
                assert mine[number]["status_code"] == code
                assert mine[number]["outcome"] == ("success" if code == "0" else "failed")
                assert mine[number]["telco"] in ("SKT", "KT", "LGT")
                assert mine[number]["complete_time"] is not None
            for _rid, ok, failed, pending, final, total in counters(db):
                assert pending == 0 and ok + failed == total == 40 and final == 1
            assert sum(c[1] for c in counters(db)) == sum(1 for v in real.values() if v[1] == "0")
            # Every list call asked by requestId with a 1000 page; never by message.
            assert all("requestId" in q and q["pageSize"] == "1000" for q in poll_calls)
            assert calls.results == []
            # Final requests are no longer polled.
            before = len(calls.lists)
            await poller.poll_once()
            assert len(calls.lists) == before
        finally:
            await client.aclose()

    qloop.run_until_complete(scenario())


def test_restart_in_the_middle_of_polling_resumes_from_the_store(
    qloop: Any, tmp_path: Path, simulate: Callable[..., Simulator]
) -> None:
    sim = simulate(time_scale=20, delivery_delay=(30.0, 30.0), delivery_jitter=0.3, seed=5)
    path = tmp_path / "console.db"

    async def scenario() -> None:
        client = make_client(sim)
        first_db = Database(path)
        ids = [await send_and_record(first_db, client, phones(30, f"011{i}")) for i in range(4)]
        poller = HistoryPoller(first_db, client, backoff=FAST)
        report = await poller.poll_once()
        assert report.list_calls == 4
        # Interrupted mid-poll: a second cycle is cancelled while its calls are in flight.
        async with polling(poller):
            await asyncio.sleep(0.15)
        mid = counters(first_db)
        assert any(c[3] > 0 for c in mid), "the restart should happen while messages are pending"
        scheduled = (
            first_db.connection()
            .execute("SELECT COUNT(*) FROM sent_requests WHERE last_polled_at IS NOT NULL")
            .fetchone()[0]
        )
        assert scheduled == 4
        first_db.close()
        await client.aclose()

        # A new run of the console: new database object, new client, new poller.
        calls = Calls()
        client = make_client(sim, calls)
        second_db = Database(path)
        poller = HistoryPoller(second_db, client, backoff=FAST)
        async with polling(poller):
            await wait_until(
                lambda: all(c[4] == 1 for c in counters(second_db)), timeout=30, interval=0.05
            )
        real = await truth(client, ids)
        mine = stored(second_db)
        assert len(mine) == 120
        assert all(mine[n]["status_code"] == code for n, (_s, code) in real.items())
        count = second_db.connection().execute("SELECT COUNT(*) FROM sent_messages").fetchone()[0]
        assert count == 120  # nothing recorded twice
        assert {q["requestId"] for q in calls.lists} <= set(ids)
        second_db.close()
        await client.aclose()

    qloop.run_until_complete(scenario())


def test_offline_pauses_without_spending_attempts_then_resumes(
    qloop: Any, db: Database, simulate: Callable[..., Simulator]
) -> None:
    sim = simulate(time_scale=50, delivery_delay=(5.0, 5.0), seed=7)
    dead = "http://127.0.0.1:9"  # nothing listens on the discard port

    async def scenario() -> None:
        good = make_client(sim)
        bad = make_client(dead)
        rid = await send_and_record(db, good, phones(10))
        current = {"client": bad}
        poller = HistoryPoller(db, lambda: current["client"], backoff=FAST)
        states: list[str] = []
        poller.add_state_listener(lambda s: states.append(s.kind))
        with pytest.raises(PollerPaused) as info:
            await poller.poll_once()
        assert info.value.offline
        row = (
            db.connection()
            .execute("SELECT poll_attempts, last_polled_at, pending_count FROM sent_requests")
            .fetchone()
        )
        assert tuple(row) == (0, None, 10)
        async with polling(poller):
            await wait_until(lambda: "offline" in states, timeout=5)
            current["client"] = good  # the network is back
            poller.wake()
            await wait_until(lambda: counters(db)[0][4] == 1, timeout=20, interval=0.05)
        assert counters(db)[0][0] == rid
        await good.aclose()
        await bad.aclose()

    qloop.run_until_complete(scenario())


def test_server_search_over_60_days_in_windows_without_duplicates(
    qloop: Any, db: Database, simulate: Callable[..., Simulator]
) -> None:
    day = 86400.0
    real_now = time.time()
    clock = SimClock(start=real_now - 60 * day + 3600)
    sim = simulate(clock=clock, seed=11)
    calls = Calls()

    async def scenario() -> None:
        client = make_client(sim, calls)
        sent: dict[str, int] = {}
        try:
            for step in range(3):
                for batch in range(2):
                    numbers = phones(15, f"01{step}{batch}")
                    answer = await client.send_message(
                        SendMessageRequest(
                            type="LMS" if batch else "SMS",
                            from_=CALLER,
                            content=f"{step}번째 달 안내 {batch}",
                            subject="안내" if batch else None,
                            messages=[MessageItem(to=n) for n in numbers],
                        )
                    )
                    sent[answer.request_id] = len(numbers)
                clock.advance(25 * day)
            # Bring the simulated clock back next to real time (it is 15 days behind... or
            # ahead); searches are made from the PC's clock.
            lag = time.time() - clock.now() - 60
            if lag > 0:
                clock.advance(lag)
            now = datetime.now(UTC)
            progress_seen: list[tuple[int, int, int]] = []
            result = await search_server(
                db,
                client,
                ServerSearch(start=now - timedelta(days=60), end=now),
                on_progress=lambda p: progress_seen.append((p.window, p.windows, p.messages)),
                flush_every=20,
            )
            assert result.done and result.windows == 3
            assert result.messages == 90 and result.new_requests == 6
            window_calls = [q for q in calls.lists if "requestStartTime" in q]
            assert len(window_calls) >= 3
            for q in window_calls:
                s = datetime.strptime(q["requestStartTime"], "%Y-%m-%d %H:%M:%S")
                e = datetime.strptime(q["requestEndTime"], "%Y-%m-%d %H:%M:%S")
                assert timedelta(0) <= e - s <= timedelta(days=30)
            assert progress_seen[-1] == (3, 3, 90)
            assert {1, 2, 3} <= {p[0] for p in progress_seen}  # progress through every window
            rows = (
                db.connection()
                .execute(
                    "SELECT request_id, recipient_count, origin, success_count + fail_count, "
                    "content "
                    "FROM sent_requests"
                )
                .fetchall()
            )
            assert {r[0]: r[1] for r in rows} == sent
            assert {r[2] for r in rows} == {"server"}
            assert all(r[3] == 15 for r in rows)  # results came with the search
            # A second search merges into the same rows.
            again = await search_server(
                db, client, ServerSearch(start=now - timedelta(days=60), end=now)
            )
            assert again.new_requests == 0 and again.messages == 90
            total = db.connection().execute("SELECT COUNT(*) FROM sent_messages").fetchone()[0]
            assert total == 90
            # The poller completes them by requestId and fetches each request's text once.
            calls.lists.clear()
            poller = HistoryPoller(db, client, backoff=FAST)
            report = await poller.poll_once()
            assert report.list_calls == 6 and report.result_calls == 6
            texts = dict(db.connection().execute("SELECT request_id, content FROM sent_requests"))
            assert all(t and "번째 달 안내" in t for t in texts.values())
            assert all(c[4] == 1 for c in counters(db)), (
                "complete server requests are final after one poll"
            )
        finally:
            await client.aclose()

    qloop.run_until_complete(scenario())


def test_filtered_server_search_sends_the_filters(
    qloop: Any, db: Database, simulate: Callable[..., Simulator]
) -> None:
    sim = simulate(
        time_scale=100, delivery_delay=(1.0, 1.0), seed=13, outcomes={"0": 0.5, "3001": 0.5}
    )
    calls = Calls()

    async def scenario() -> None:
        client = make_client(sim, calls)
        try:
            await client.send_message(
                SendMessageRequest(
                    type="SMS",
                    from_=CALLER,
                    content="필터",
                    messages=[MessageItem(to=n) for n in phones(20)],
                )
            )
            await asyncio.sleep(0.2)
            now = datetime.now(UTC)
            result = await search_server(
                db,
                client,
                ServerSearch(
                    start=now - timedelta(hours=1),
                    end=now,
                    type="SMS",
                    result="fail",
                    recipient="010-7000-000",
                ),
            )
            query = calls.lists[-1]
            assert query["type"] == "SMS" and query["statusName"] == "fail"
            assert query["to"] == "0107000000"
            assert result.messages <= 1
        finally:
            await client.aclose()

    qloop.run_until_complete(scenario())

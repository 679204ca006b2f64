"""History benchmark: 1,000,000 messages in the store, and a poll cycle over 10,000 pending.

Run: ``.venv/bin/python tests/benchmarks/bench_history.py [--messages N] [--rebuild]``

Prints figures and their ratio to the target (ratio <= 1 is within target):

- opening History (page built, first SQL page, summary and chart) within 200 ms;
- a status filter (Failed) within 500 ms;
- memory: RSS growth from before the page was built stays under 200 MB;
- a poll cycle over 10,000 pending messages (100 requests of 100 against the simulator)
  makes at most one list call per request (pageSize 1000) and no per-message calls.

The 1M-message database is built once (10,000 requests x 100) and cached in the temp
folder; ``--rebuild`` makes it again.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def build_store(path: Path, messages: int) -> None:
    """10,000 requests of 100 (or messages/100), results mixed: 94% delivered, 4% failed,
    2% pending, spread over the last 60 days."""
    from console.store.database import Database
    from console.store.history import AcceptedRequest, SentMessage, insert_accepted

    path.unlink(missing_ok=True)
    db = Database(path)
    per = 100
    requests = max(messages // per, 1)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with db.transaction() as conn:
        for i in range(requests):
            accepted = now - timedelta(seconds=i * (60 * 86400 // requests))
            insert_accepted(
                conn,
                AcceptedRequest(
                    request_id=f"bench-{i:06d}",
                    accepted_at=accepted,
                    type=("SMS", "LMS", "MMS")[i % 3],
                    caller=("0212345678", "01000000000", "0315551234")[i % 3],
                    content=f"{i}번 공지: 정기 점검 안내입니다. 자세한 내용은 홈페이지를 보세요.",
                    subject=None if i % 3 == 0 else f"공지 {i}",
                    messages=[
                        SentMessage(to=f"010{(i * per + j) % 100_000_000:08d}", name=f"고객{j}")
                        for j in range(per)
                    ],
                    content_type="AD" if i % 10 == 0 else "COMM",
                    cost=(9.0, 27.0, 85.0)[i % 3] * per,
                    service_id="ncp:sms:kr:bench",
                ),
            )
        stamp = now.isoformat(timespec="milliseconds")
        conn.execute(
            "UPDATE sent_messages SET message_id = 'm' || id, status = CASE "
            "WHEN id % 50 = 7 THEN 'PROCESSING' ELSE 'COMPLETED' END, "
            "outcome = CASE WHEN id % 50 = 7 THEN 'pending' WHEN id % 25 = 3 THEN 'failed' "
            "ELSE 'success' END, "
            "status_code = CASE WHEN id % 50 = 7 THEN NULL WHEN id % 25 = 3 THEN '3001' "
            "ELSE '0' END, telco = CASE id % 3 WHEN 0 THEN 'SKT' WHEN 1 THEN 'KT' "
            "ELSE 'LGT' END, complete_time = CASE WHEN id % 50 = 7 THEN NULL ELSE ? END",
            (stamp,),
        )
        conn.execute(
            "UPDATE sent_requests SET "
            "success_count = (SELECT COUNT(*) FROM sent_messages m WHERE m.request_id = "
            "sent_requests.request_id AND m.outcome = 'success'), "
            "fail_count = (SELECT COUNT(*) FROM sent_messages m WHERE m.request_id = "
            "sent_requests.request_id AND m.outcome = 'failed'), "
            "pending_count = (SELECT COUNT(*) FROM sent_messages m WHERE m.request_id = "
            "sent_requests.request_id AND m.outcome = 'pending')"
        )
        conn.execute("UPDATE sent_requests SET final = (pending_count = 0)")
    db.connection().execute("ANALYZE")
    db.close()
    print(f"built {requests * per:,} messages in {time.perf_counter() - started:.1f} s")


def report(name: str, value: float, limit: float, unit: str) -> bool:
    ratio = value / limit
    verdict = "ok" if ratio <= 1 else "OVER"
    print(
        f"{name:<44} {value:10.1f} {unit:<3} (target {limit:g} {unit}, ratio {ratio:.2f}) {verdict}"
    )
    return ratio <= 1


def bench_view(db_path: Path) -> bool:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    from console.context import AppContext
    from console.secrets import SecretStore
    from console.settings import Settings
    from console.store.database import Database

    home = Path(tempfile.mkdtemp(prefix="bench-history-"))
    os.environ["SENS_CONSOLE_HOME"] = str(home)
    from console.ui.history.page import HistoryPage
    from console.ui.main_window import MainWindow

    # Warm the OS file cache the way a second start of the console would find it.
    with open(db_path, "rb") as fh:
        while fh.read(1 << 24):
            pass
    baseline = rss_mb()
    db = Database(db_path)
    context = AppContext(db, Settings(), SecretStore(), language="ko")
    count = db.connection().execute("SELECT COUNT(*) FROM sent_messages").fetchone()[0]
    print(f"store: {count:,} messages in {db_path} ({db_path.stat().st_size / 1e6:.0f} MB)")

    # The console is running (main window on Compose, as at start); the user opens History.
    window = MainWindow.for_context(context)
    window.resize(1280, 820)
    window.open_page("compose")
    window.show()
    app.processEvents()
    started = time.perf_counter()
    window.open_page("history")
    app.processEvents()
    first_page = (time.perf_counter() - started) * 1000
    page = window.page("history")
    assert isinstance(page, HistoryPage), page
    rows = page.requests_model.rowCount()
    print(f"first page: {rows} of {page.requests_model.total:,} requests (period: 30 days)")

    ok = report("open History (first page, summary, chart)", first_page, 200, "ms")

    started = time.perf_counter()
    page.status_combo.setCurrentIndex(page.status_combo.findData("failed"))
    app.processEvents()
    status_ms = (time.perf_counter() - started) * 1000
    print(f"failed filter: {page.requests_model.total:,} requests, {page.summary.failed:,} failed")
    ok &= report("status filter (Failed)", status_ms, 500, "ms")

    # Whole period, every page scrolled through a few times, then other filters.
    page.from_date.setDate(page.from_date.date().addDays(-60))
    page.status_combo.setCurrentIndex(0)
    started = time.perf_counter()
    for _ in range(20):
        if page.requests_model.canFetchMore():
            page.requests_model.fetchMore()
    fetch_ms = (time.perf_counter() - started) * 1000
    print(f"20 more pages ({page.requests_model.rowCount():,} rows loaded): {fetch_ms:.0f} ms")

    def timed(label: str, action: Any) -> None:
        """Time `action` until the views show its result (searches run on a thread:
        the window stays responsive meanwhile; `gui` is what the GUI thread spent)."""
        started = time.perf_counter()
        gui = time.thread_time()
        task = action()
        if task is not None:
            loop.run_until_complete(task)
        app.processEvents()
        print(
            f"{label:<44} {(time.perf_counter() - started) * 1000:10.1f} ms "
            f"(GUI thread busy {(time.thread_time() - gui) * 1000:.0f} ms; "
            f"{page.requests_model.total:,} requests)"
        )

    page.recipient_edit.blockSignals(True)
    page.search_edit.blockSignals(True)
    page.recipient_edit.setText("0100012345")
    timed("recipient number filter", page.apply_filters)
    page.recipient_edit.clear()
    page.search_edit.setText("고객42")
    timed("full-text search (recipient name)", page.apply_filters)
    page.search_edit.clear()
    timed("no search (back to the period)", page.apply_filters)
    header = page.requests_view.horizontalHeader()
    timed(
        "sort by failed count",
        lambda: page.requests_view.sortByColumn(6, header.sortIndicatorOrder()),
    )
    page.recipient_edit.blockSignals(False)
    page.search_edit.blockSignals(False)
    page.search_edit.clear()
    page.apply_filters()
    page.select_request(page.requests_model.row_data(0)["request_id"])
    app.processEvents()
    grown = rss_mb() - baseline
    ok &= report("memory above start", grown, 200, "MB")

    window.close()
    loop.run_until_complete(context.aclose())
    shutil.rmtree(home, ignore_errors=True)
    return ok


def bench_poll(requests: int = 100, per: int = 100) -> bool:
    import httpx

    from console.providers.sens import SensClient
    from console.services.history import HistoryPoller
    from console.simulator import (
        DEMO_ACCESS_KEY,
        DEMO_CALLER_NUMBERS,
        DEMO_SECRET_KEY,
        DEMO_SERVICE_ID,
        start,
    )
    from console.store.database import Database
    from tests.support import send_and_record

    sim = start(delivery_delay=(3600.0, 3600.0))  # everything stays pending for an hour
    calls = {"list": 0, "result": 0, "other": 0}

    async def hook(request: httpx.Request) -> None:
        path = request.url.path
        if request.method == "GET" and path.endswith("/messages"):
            calls["list"] += 1
        elif request.method == "GET" and "/messages/" in path:
            calls["result"] += 1
        else:
            calls["other"] += 1

    folder = Path(tempfile.mkdtemp(prefix="bench-poll-"))
    db = Database(folder / "console.db")

    async def go() -> bool:
        http = httpx.AsyncClient(timeout=30, event_hooks={"request": [hook]})
        client = SensClient(
            DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID, base_url=sim.base_url, http=http
        )
        for i in range(requests):
            numbers = [f"010{i:03d}{j:05d}" for j in range(per)]
            await send_and_record(
                db,
                client,
                numbers,
                "poll bench",
                caller=DEMO_CALLER_NUMBERS[0],
                service_id=DEMO_SERVICE_ID,
            )
        calls.update(list=0, result=0, other=0)
        poller = HistoryPoller(db, client)
        started = time.perf_counter()
        result = await poller.poll_once()
        seconds = time.perf_counter() - started
        poller.close()
        pending = (
            db.connection()
            .execute(
                "SELECT COUNT(*) FROM sent_messages "
                "WHERE outcome = 'pending' AND message_id IS NOT NULL"
            )
            .fetchone()[0]
        )
        print(
            f"poll cycle: {requests} requests, {pending:,} pending messages listed, "
            f"{calls['list']} list calls, {calls['result']} result calls, {seconds:.2f} s"
        )
        ok = report("list calls per request", calls["list"] / requests, 1, "")
        print(f"{'per-message calls (result queries)':<44} {calls['result']:10d}     (target 0)")
        assert result.list_calls == calls["list"]
        await http.aclose()
        return ok and calls["result"] == 0 and calls["other"] == 0

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(go())
    finally:
        loop.close()
        db.close()
        sim.stop()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-view", action="store_true")
    parser.add_argument("--skip-poll", action="store_true")
    args = parser.parse_args()
    db_path = Path(tempfile.gettempdir()) / f"sens-console-bench-history-{args.messages}.db"
    ok = True
    if not args.skip_view:
        if args.rebuild or not db_path.exists():
            build_store(db_path, args.messages)
        ok &= bench_view(db_path)
    if not args.skip_poll:
        ok &= bench_poll()
    print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""The History page: models (qtmodeltester, paging), filters, sorting, summary, resend,
copy, export cell by cell, message detail, and the view following the poller."""

from __future__ import annotations

import asyncio
import csv
import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from console.context import AppContext
from console.providers.sens import codes
from console.providers.sens.models import MessageItem, SendMessageRequest
from console.services.history import Backoff, HistoryQueries, start_poller
from console.simulator import DEMO_CALLER_NUMBERS, DEMO_SERVICE_ID
from console.store.database import Database
from console.store.history import (
    AcceptedRequest,
    HistoryFilter,
    MessageUpdate,
    SentMessage,
    apply_updates,
    insert_accepted,
    refresh_counts,
    schedule_poll,
)
from console.ui.history import models as history_models
from console.ui.history.models import KEY_ROLE, MessagesModel, RequestsModel
from console.ui.history.page import HistoryPage
from tests.support import RecordingNavigator, send_and_record, wait_until

#: A service ID no poller in the tests asks about (seeded rows stay as seeded).
OTHER_SERVICE = "ncp:sms:kr:000000000000:seeded"
FAIL_CODES = ("3001", "2003", "3006")
FAST = Backoff(first=0.05, factor=1.5, ceilings=((math.inf, 0.3),), idle_check=0.1)


def seed_history(
    db: Database,
    *,
    requests: int = 12,
    per_request: int = 10,
    days: int = 6,
    seed: int = 1,
    now: datetime | None = None,
) -> list[str]:
    """Record `requests` sends spread over `days` with mixed outcomes; returns request IDs.

    Request i ("req-0000"...): recipients 010{i:02d}{j:06d} named 고객{i}-{j}; requests with
    i % 4 == 3 failed for j % 3 == 0, those with i % 5 == 4 have their last two pending,
    the rest were delivered. Type cycles SMS/LMS/MMS; i % 6 == 5 is an ad; callers
    alternate 0212345678 / 01000000000.
    """
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    ids: list[str] = []
    with db.transaction() as conn:
        for i in range(requests):
            rid = f"req-{i:04d}"
            accepted = now - timedelta(days=(i * days) // max(requests, 1), minutes=i)
            kind = ("SMS", "LMS", "MMS")[i % 3]
            numbers = [f"010{i:02d}{j:06d}" for j in range(per_request)]
            content = f"{i}번 안내: 정기 점검이 있습니다.\n자세한 내용은 홈페이지를 보세요."
            insert_accepted(
                conn,
                AcceptedRequest(
                    request_id=rid,
                    accepted_at=accepted,
                    type=kind,
                    caller="0212345678" if i % 2 == 0 else "01000000000",
                    content=content,
                    subject=f"점검 안내 {i}" if kind != "SMS" else None,
                    messages=[
                        SentMessage(to=n, name=f"고객{i}-{j}", fields={"code": str(j)})
                        for j, n in enumerate(numbers)
                    ],
                    content_type="AD" if i % 6 == 5 else "COMM",
                    cost=(9.0, 27.0, 85.0)[i % 3] * per_request,
                    service_id=OTHER_SERVICE,
                ),
            )
            updates = []
            for j, n in enumerate(numbers):
                if i % 5 == 4 and j >= per_request - 2:
                    updates.append(MessageUpdate(f"{rid}-m{j}", n, "PROCESSING", "pending"))
                    continue
                failed = i % 4 == 3 and j % 3 == 0
                code = rng.choice(FAIL_CODES) if failed else "0"
                updates.append(
                    MessageUpdate(
                        message_id=f"{rid}-m{j}",
                        to=n,
                        status="COMPLETED",
                        outcome="failed" if failed else "success",
                        status_code=code,
                        status_name="fail" if failed else "success",
                        complete_time=accepted + timedelta(seconds=5 + j),
                        telco=("SKT", "KT", "LGT")[j % 3],
                    )
                )
            apply_updates(conn, rid, updates)
            counts = refresh_counts(conn, rid)
            schedule_poll(
                conn,
                rid,
                polled_at=now,
                next_at=now + timedelta(days=1),
                attempts=0,
                final=counts.pending == 0,
            )
            ids.append(rid)
    return ids


@pytest.fixture
def seeded(app_context: AppContext) -> list[str]:
    return seed_history(app_context.db)


@pytest.fixture
def page(qtbot: Any, app_context: AppContext, seeded: list[str]) -> Iterator[HistoryPage]:
    widget = HistoryPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    yield widget


def shown_ids(model: RequestsModel) -> list[str]:
    while model.canFetchMore():
        model.fetchMore()
    return [model.index(r, 0).data(KEY_ROLE) for r in range(model.rowCount())]


def column(model: Any, key: str) -> int:
    return next(i for i, c in enumerate(model.columns) if c.key == key)


# -- models -----------------------------------------------------------------------------


def test_models_pass_the_model_tester(
    qtmodeltester: Any, app_context: AppContext, seeded: list[str], monkeypatch: Any
) -> None:
    monkeypatch.setattr(history_models, "PAGE_SIZE", 5)
    queries = HistoryQueries(app_context.db)
    requests = RequestsModel(queries, "en")
    requests.set_filter(HistoryFilter())
    qtmodeltester.check(requests)
    messages = MessagesModel(queries, "ko")
    messages.set_request(seeded[3])
    qtmodeltester.check(messages)
    messages.set_filter(HistoryFilter(outcome="failed"))
    qtmodeltester.check(messages)
    requests.sort(column(requests, "failed"), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(requests)


def test_models_load_sql_pages_on_demand(
    app_context: AppContext, seeded: list[str], monkeypatch: Any
) -> None:
    monkeypatch.setattr(history_models, "PAGE_SIZE", 5)
    model = RequestsModel(HistoryQueries(app_context.db), "en")
    model.set_filter(HistoryFilter())
    assert (model.rowCount(), model.total) == (5, 12)
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 10
    model.fetchMore()
    assert model.rowCount() == 12 and not model.canFetchMore()
    # Newest first by default; the loaded rows are what the SQL order gives.
    assert [model.index(r, 0).data(KEY_ROLE) for r in range(3)] == seeded[:3]


def test_request_and_message_rows_show_counts_meanings_and_colours(
    page: HistoryPage, seeded: list[str]
) -> None:
    model = page.requests_model
    row = model.find_row("req-0003")
    assert model.index(row, column(model, "failed")).data() == "4"
    assert model.index(row, column(model, "success")).data() == "6"
    assert model.index(row, column(model, "progress")).data() == "100%"
    assert model.index(row, 0).data(history_models.OUTCOME_ROLE) == "failed"
    pending_row = model.find_row("req-0004")
    assert model.index(pending_row, column(model, "progress")).data() == "80%"
    assert model.index(pending_row, 0).data(history_models.OUTCOME_ROLE) == "pending"
    assert model.index(pending_row, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert page.select_request("req-0003")
    messages = page.messages_model
    assert messages.total == 10
    first = {c.key: messages.index(0, i).data() for i, c in enumerate(messages.columns)}
    code = first["code"]
    assert code in FAIL_CODES
    assert first["number"] == "010-0300-0000" and first["name"] == "고객3-0"
    assert first["outcome"] == "Failed"
    assert first["result"] == codes.describe(code, "en")
    assert first["telco"] == "SK Telecom"
    brush = messages.index(0, column(messages, "outcome")).data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == history_models.COLOURS["failed"]
    second = messages.index(1, column(messages, "result")).data()
    assert second == "Succeeded"


# -- filters, sorting, summary ------------------------------------------------------------


def test_filters_narrow_the_requests_and_the_summary_follows(
    page: HistoryPage, seeded: list[str]
) -> None:
    assert len(shown_ids(page.requests_model)) == 12
    assert page.summary.sent == 120 and page.summary.failed == 12 and page.summary.pending == 4
    assert page.summary.delivered == 104
    assert "120" in page.summary_label.text()

    page.status_combo.setCurrentIndex(page.status_combo.findData("failed"))
    assert shown_ids(page.requests_model) == ["req-0003", "req-0007", "req-0011"]
    assert (page.summary.sent, page.summary.failed, page.summary.delivered) == (12, 12, 0)
    assert page.summary.delivery_rate == 0.0
    page.select_request("req-0007")
    assert page.messages_model.total == 4  # only the failed messages of that send

    page.status_combo.setCurrentIndex(page.status_combo.findData("pending"))
    assert shown_ids(page.requests_model) == ["req-0004", "req-0009"]
    assert page.summary.pending == 4

    page.status_combo.setCurrentIndex(0)
    page.type_combo.setCurrentIndex(page.type_combo.findData("MMS"))
    assert shown_ids(page.requests_model) == ["req-0002", "req-0005", "req-0008", "req-0011"]
    page.content_combo.setCurrentIndex(page.content_combo.findData("AD"))
    assert shown_ids(page.requests_model) == ["req-0005", "req-0011"]
    page.type_combo.setCurrentIndex(0)
    page.content_combo.setCurrentIndex(0)
    page.caller_combo.setCurrentIndex(page.caller_combo.findData("01000000000"))
    assert shown_ids(page.requests_model) == [f"req-{i:04d}" for i in range(1, 12, 2)]
    page.caller_combo.setCurrentIndex(0)


def test_number_and_text_search_run_off_the_gui_thread(
    page: HistoryPage, seeded: list[str], qloop: Any
) -> None:
    async def search(edit: Any, text: str, expected: list[str]) -> None:
        edit.setText(text)
        await wait_until(lambda: shown_ids(page.requests_model) == expected, timeout=5)

    async def scenario() -> None:
        await search(page.recipient_edit, "010-0800-0005", ["req-0008"])
        assert page.summary.sent == 1  # per message for a number filter
        page.select_request("req-0008")
        assert page.messages_model.total == 1  # only that recipient of the send
        await search(page.recipient_edit, "", [f"req-{i:04d}" for i in range(12)])
        await search(page.search_edit, "고객7-", ["req-0007"])
        await search(page.search_edit, "점검 안내 10", ["req-0010"])
        await search(page.search_edit, "1100000", ["req-0011"])  # digits inside a number
        await search(page.search_edit, "no such text", [])
        await wait_until(lambda: page.summary.sent == 0, timeout=5)
        assert page.summary.delivery_rate is None

    qloop.run_until_complete(scenario())


def test_period_filter_and_chart(page: HistoryPage, seeded: list[str]) -> None:
    days = page.chart.days
    assert sum(d[1] for d in days) == 104 and sum(d[2] for d in days) == 12
    assert [d[0] for d in days] == sorted(d[0] for d in days)
    today = page.to_date.date()
    page.from_date.setDate(today)
    ids = shown_ids(page.requests_model)
    assert ids and all(i in seeded[:3] for i in ids)
    assert len(page.chart.days) == 1
    page.chart.resize(380, 110)
    assert not page.chart.grab().isNull()


def test_sorting_by_any_column(page: HistoryPage) -> None:
    model = page.requests_model
    for key in ("failed", "pending", "cost", "caller", "subject", "progress", "type"):
        page.requests_view.sortByColumn(column(model, key), Qt.SortOrder.DescendingOrder)
        values = [model.row_data(r) for r in range(model.rowCount())]
        assert len(values) == 12
    page.requests_view.sortByColumn(column(model, "failed"), Qt.SortOrder.DescendingOrder)
    fails = [int(model.row_data(r)["fail_count"]) for r in range(model.rowCount())]
    assert fails == sorted(fails, reverse=True) and fails[0] == 4
    page.requests_view.sortByColumn(column(model, "cost"), Qt.SortOrder.AscendingOrder)
    costs = [float(model.row_data(r)["cost"]) for r in range(model.rowCount())]
    assert costs == sorted(costs)
    page.select_request("req-0003")
    messages = page.messages_model
    page.messages_view.sortByColumn(column(messages, "outcome"), Qt.SortOrder.AscendingOrder)
    outcomes = [messages.row_data(r)["outcome"] for r in range(messages.rowCount())]
    assert outcomes == sorted(outcomes)


# -- actions ------------------------------------------------------------------------------


def test_resend_opens_compose_with_failed_recipients_and_same_text(
    qtbot: Any, page: HistoryPage, app_context: AppContext
) -> None:
    navigator = RecordingNavigator()
    app_context.navigator = navigator
    page.select_request("req-0002")  # all delivered
    assert not page.resend_button.isEnabled()
    page.select_request("req-0007")
    assert page.resend_button.isEnabled()
    assert page.resend_button.text() == "Resend to 4 failed"
    qtbot.mouseClick(page.resend_button, Qt.MouseButton.LeftButton)
    assert len(navigator.prefills) == 1
    prefill = navigator.prefills[0]
    assert [r["phone"] for r in prefill["recipients"]] == [f"01007{j:06d}" for j in (0, 3, 6, 9)]
    assert prefill["recipients"][1] == {
        "phone": "01007000003",
        "name": "고객7-3",
        "fields": {"code": "3"},
    }
    assert prefill["content"].startswith("7번 안내: 정기 점검이 있습니다.")
    assert prefill["subject"] == "점검 안내 7"
    assert prefill["message_type"] == "LMS" and prefill["caller"] == "01000000000"


def test_resend_reaches_the_compose_page(
    qtbot: Any, main_window: Any, app_context: AppContext
) -> None:
    seed_history(app_context.db)
    main_window.show()
    main_window.open_page("history")
    page = main_window.page("history")
    assert page.select_request("req-0003")
    page.resend_failed()
    assert main_window.current_page_key() == "compose"
    compose = main_window.page("compose")
    phones = [r.phone for r in compose.imported]
    assert phones == [f"01003{j:06d}" for j in (0, 3, 6, 9)]


def test_copy_numbers(page: HistoryPage) -> None:
    page.select_request("req-0003")
    page.copy_numbers()
    assert QGuiApplication.clipboard().text().splitlines() == [f"01003{j:06d}" for j in range(10)]
    selection = page.messages_view.selectionModel()
    page.messages_view.selectRow(2)
    assert selection.selectedRows()
    page.copy_numbers()
    assert QGuiApplication.clipboard().text() == "01003000002"


def test_message_detail_without_a_listing_says_so(page: HistoryPage, qloop: Any) -> None:
    page.select_request("req-0003")
    page.messages_view.setCurrentIndex(page.messages_model.index(0, 0))
    dialog = page.show_detail()
    assert dialog is not None
    assert dialog.fields["number"].text() == "01003000000"
    assert dialog.fields["telco"].text() == "SK Telecom"
    assert dialog.content.toPlainText().startswith("3번 안내")

    async def settle() -> None:
        # The seeded message ID is unknown to SENS: the dialog shows the error, not a crash.
        await wait_until(
            lambda: "SENS" in dialog.state.text() and "Asking" not in dialog.state.text(),
            timeout=10,
        )

    qloop.run_until_complete(settle())
    dialog.close()


# -- export -------------------------------------------------------------------------------


def expected_rows(db: Database, flt: HistoryFilter, language: str) -> list[list[Any]]:
    conn = db.connection()
    rows = []
    for r in conn.execute(
        "SELECT r.request_id, r.accepted_at, r.type, r.content_type, r.caller, r.subject, "
        "r.content, m.seq, m.to_number, m.name, m.outcome, m.status, m.status_code, m.telco, "
        "m.complete_time FROM sent_requests r JOIN sent_messages m USING (request_id) "
        "WHERE r.fail_count > 0 AND m.outcome = 'failed' "
        "ORDER BY r.accepted_at DESC, r.request_id, m.seq"
    ):
        title = r["subject"] or r["content"].splitlines()[0]
        carrier = {
            "SKT": ("SK텔레콤", "SK Telecom"),
            "KT": ("KT", "KT"),
            "LGT": ("LG U+", "LG U+"),
        }[r["telco"]]
        rows.append(
            [
                datetime.fromisoformat(r["accepted_at"]).astimezone().replace(tzinfo=None),
                r["request_id"],
                r["type"],
                r["content_type"],
                r["caller"],
                title,
                r["seq"] + 1,
                r["to_number"],
                r["name"],
                "실패" if language == "ko" else "Failed",
                r["status_code"],
                codes.describe(r["status_code"], language),
                carrier[0] if language == "ko" else carrier[1],
                datetime.fromisoformat(r["complete_time"]).astimezone().replace(tzinfo=None),
            ]
        )
    return rows


def test_export_current_view_xlsx_and_csv_cell_by_cell(
    page: HistoryPage, app_context: AppContext, qloop: Any, tmp_path: Path
) -> None:
    page.status_combo.setCurrentIndex(page.status_combo.findData("failed"))
    flt = page.requests_model.filter
    expected = expected_rows(app_context.db, flt, "en")
    assert len(expected) == 12
    headers = [
        "Request time",
        "Request ID",
        "Type",
        "Content type",
        "Caller",
        "Subject/text",
        "No.",
        "Number",
        "Name",
        "Status",
        "Result code",
        "Result",
        "Carrier",
        "Completed at",
    ]
    xlsx = tmp_path / "history.xlsx"
    assert qloop.run_until_complete(page.export_to(xlsx)) == 12
    sheet = load_workbook(xlsx).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == headers
    assert len(cells) == 13
    for got, want in zip(cells[1:], expected, strict=True):
        for index, (g, w) in enumerate(zip(got, want, strict=True)):
            if isinstance(w, datetime):
                assert abs((g - w).total_seconds()) < 0.002, (index, g, w)
            else:
                assert g == w, (index, g, w)
    csv_path = tmp_path / "history.csv"
    assert qloop.run_until_complete(page.export_to(csv_path)) == 12
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == headers
    for got, want in zip(rows[1:], expected, strict=True):
        for g, w in zip(got, want, strict=True):
            if isinstance(w, datetime):
                assert g == w.isoformat(sep=" ", timespec="seconds")
            else:
                assert g == str(w)


# -- the view follows the poller ---------------------------------------------------------


def test_view_follows_the_poller_against_the_simulator(
    qtbot: Any, app_context: AppContext, qloop: Any
) -> None:
    client = app_context.client()  # demo mode: the embedded simulator
    numbers = [f"0109{i:07d}" for i in range(20)]

    rid = qloop.run_until_complete(
        send_and_record(
            app_context.db,
            client,
            numbers,
            "시뮬레이터 안내",
            caller=DEMO_CALLER_NUMBERS[0],
            service_id=DEMO_SERVICE_ID,
        )
    )
    start_poller(app_context, backoff=FAST)
    page = HistoryPage(app_context)
    qtbot.addWidget(page)
    page.show()
    model = page.requests_model
    row = model.find_row(rid)
    assert row >= 0
    assert model.index(row, column(model, "pending")).data() == "20"
    assert page.select_request(rid)
    pending_seen = page.messages_model.index(0, column(page.messages_model, "outcome")).data()
    assert pending_seen == "Pending"

    async def follow() -> None:
        await wait_until(
            lambda: model.index(model.find_row(rid), column(model, "pending")).data() == "0",
            timeout=20,
        )
        await wait_until(lambda: "All results are in." in page.poller_label.text(), timeout=5)
        await wait_until(lambda: page.summary.pending == 0, timeout=5)  # debounced

    qloop.run_until_complete(follow())
    data = model.row_data(model.find_row(rid))
    assert data["success_count"] + data["fail_count"] == 20
    outcomes = {
        page.messages_model.index(r, column(page.messages_model, "outcome")).data()
        for r in range(page.messages_model.rowCount())
    }
    assert outcomes <= {"Delivered", "Failed"}
    assert page.summary.pending == 0 and page.summary.sent == 20

    # The detail dialog shows SENS's full result, including the content.
    page.messages_view.setCurrentIndex(page.messages_model.index(0, 0))
    dialog = page.show_detail()
    assert dialog is not None

    async def detail() -> None:
        await wait_until(lambda: dialog.content.toPlainText() == "시뮬레이터 안내", timeout=10)
        await wait_until(lambda: dialog.state.text() == "Full result from SENS.", timeout=10)

    qloop.run_until_complete(detail())
    assert dialog.fields["number"].text() == numbers[0]
    dialog.close()
    asyncio.get_event_loop()  # loop still usable


def test_search_sens_pulls_sends_made_elsewhere_into_the_list(
    qtbot: Any, app_context: AppContext, qloop: Any
) -> None:
    client = app_context.client()  # demo mode: the embedded simulator
    numbers = [f"0105{i:07d}" for i in range(5)]

    async def send_elsewhere() -> str:
        answer = await client.send_message(
            SendMessageRequest(
                type="SMS",
                from_=DEMO_CALLER_NUMBERS[1],
                content="다른 PC에서 보낸 안내",
                messages=[MessageItem(to=n) for n in numbers],
            )
        )
        return answer.request_id

    rid = qloop.run_until_complete(send_elsewhere())
    page = HistoryPage(app_context)
    qtbot.addWidget(page)
    page.show()
    assert page.requests_model.total == 0
    messages: list[str] = []
    app_context.notifier = type(
        "Notes", (), {"info": lambda _s, text: messages.append(text), "error": print}
    )()
    windows_seen: list[str] = []

    async def search() -> None:
        task = page.search_sens()
        assert task is not None
        assert page.search_bar.isVisibleTo(page)
        while not task.done():
            windows_seen.append(page.search_label.text())
            await asyncio.sleep(0.01)
        await task

    qloop.run_until_complete(search())
    assert not page.search_bar.isVisibleTo(page)
    assert page.last_search is not None and page.last_search.messages == 5
    assert page.last_search.new_requests == 1
    assert shown_ids(page.requests_model) == [rid]
    assert messages and "5 messages in 1 sends (1 new)" in messages[-1]
    assert any(text.startswith("Period ") for text in windows_seen)
    assert page.select_request(rid)
    assert sorted(page.messages_model.row_data(r)["to_number"] for r in range(5)) == numbers
    # The caller filter now offers the caller found on the server.
    assert page.caller_combo.findData(DEMO_CALLER_NUMBERS[1]) > 0

    # A search stopped at once leaves no progress bar behind.
    async def stop_at_once() -> None:
        task = page.search_sens()
        assert task is not None and page.search_bar.isVisibleTo(page)
        page.cancel_search()
        await asyncio.gather(task, return_exceptions=True)
        await asyncio.sleep(0)

    qloop.run_until_complete(stop_at_once())
    assert not page.search_bar.isVisibleTo(page) and page.server_button.isEnabled()


def test_korean_user_sees_no_english_with_data(
    qtbot: Any, korean: Any, app_context: AppContext, qloop: Any
) -> None:
    from tests.gui.test_i18n_korean import english_left, english_words

    app_context.language = "ko"
    seed_history(app_context.db)
    page = HistoryPage(app_context)
    qtbot.addWidget(page)
    page.show()
    page.select_request("req-0007")
    brands = {"KT", "LG", "SK"}  # carriers' own names
    problems = english_left(page)
    for model in (page.requests_model, page.messages_model):
        for row in range(model.rowCount()):
            for col in range(model.columnCount()):
                text = model.index(row, col).data()
                if isinstance(text, str):
                    problems += [w for w in english_words(text) if w not in brands]
    page.messages_view.setCurrentIndex(page.messages_model.index(0, 0))
    dialog = page.show_detail()
    assert dialog is not None
    values = {label.text() for label in dialog.fields.values() if label.text()}
    problems += [p for p in english_left(dialog) if not any(repr(v) in p for v in values)]
    problems += english_words(page.poller_label.text())

    async def settle() -> None:  # the seeded message is unknown to SENS: said in Korean
        await wait_until(
            lambda: "SENS" in dialog.state.text() and "요청하는" not in dialog.state.text(),
            timeout=10,
        )

    qloop.run_until_complete(settle())
    problems += english_words(dialog.state.text())
    assert page.messages_model.index(0, column(page.messages_model, "result")).data() in {
        "가입자 없음",
        "단말기 전원 꺼짐",
        "착신 거절",
    }
    assert problems == []
    dialog.close()


def test_detail_of_an_api_plex_message_does_not_ask_sens(
    page: HistoryPage, app_context: AppContext
) -> None:
    with app_context.db.transaction() as conn:
        conn.execute("UPDATE sent_requests SET provider = 'apiplex' WHERE request_id = 'req-0003'")
    page.select_request("req-0003")
    page.messages_view.setCurrentIndex(page.messages_model.index(0, 0))
    dialog = page.show_detail()
    assert dialog is not None
    assert "API PLEX" in dialog.state.text()
    assert not app_context.tasks.is_running("history-detail")
    dialog.close()

"""Personalised send -> some messages fail at the simulator -> History's "resend to failed"
opens Compose with the #{...} template and subject template Compose recorded in the send
job's meta, not one recipient's finished text."""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from console.context import AppContext
from console.domain.models import Recipient
from console.secrets import SecretStore
from console.services.history import Backoff, start_poller
from console.services.sending import SUBJECT_TEMPLATE_META_KEY, TEMPLATE_META_KEY
from console.settings import Settings, data_dir
from console.store.database import Database
from console.store.jobs import JobStore
from console.ui.compose.page import ComposePage
from console.ui.history.page import HistoryPage
from tests.support import (
    RecordingNavigator,
    RecordingNotifier,
    send_from_compose,
    wait_until,
)

FAST = Backoff(first=0.05, factor=1.5, ceilings=((math.inf, 0.3),), idle_check=0.1)
TEMPLATE = (
    "#{이름}님, 안녕하세요. 12월 정기 점검이 있어 서비스가 잠시 멈춥니다. "
    "점검 시간은 새벽 2시부터 4시까지이며, 이용에 참고하시기 바랍니다."
)
SUBJECT = "#{이름}님께 드리는 점검 안내"
PEOPLE = [(f"0107777{i:04d}", name) for i, name in enumerate(
    ["김하나", "이두리", "박세나", "최네온", "정다섯", "한여섯", "오일곱", "유여덟"]
)]


class Navigator(RecordingNavigator):
    """Hands "resend" to the Compose page as the main window does."""

    def __init__(self) -> None:
        super().__init__()
        self.compose: ComposePage | None = None

    def open_compose(self, **prefill: Any) -> None:
        super().open_compose(**prefill)
        assert self.compose is not None
        self.compose.prefill(**prefill)


@pytest.fixture
def context(qloop: Any, console_home: Path) -> Iterator[AppContext]:
    """Demo mode whose simulator fails about half the deliveries (seeded: reproducible)."""
    from console.simulator import start

    ctx = AppContext(
        Database(data_dir() / "console.db"),
        Settings(),
        SecretStore(),
        language="en",
        simulator_starter=lambda: start(
            port=0, seed=7, outcomes={"0": 1.0, "3001": 1.0}, delivery_delay=0.1
        ),
    )
    ctx.notifier = RecordingNotifier()
    ctx.navigator = Navigator()
    yield ctx
    if not ctx.tasks.closed:
        qloop.run_until_complete(ctx.aclose())


def test_resend_to_failed_keeps_the_template(
    qtbot: Any, qloop: Any, context: AppContext
) -> None:
    navigator = context.navigator
    assert isinstance(navigator, Navigator)
    start_poller(context, backoff=FAST)
    compose = ComposePage(context)
    navigator.compose = compose
    history = HistoryPage(context)
    qtbot.addWidget(history)
    job: dict[str, str] = {}
    try:
        async def scenario() -> None:
            compose.prefill(recipients=[Recipient(phone, name) for phone, name in PEOPLE])
            compose.set_content(TEMPLATE)
            compose.subject_edit.setText(SUBJECT)
            await send_from_compose(compose, timeout=30)
            assert compose.last_progress is not None
            job["id"] = compose.last_progress.job_id
            rows = context.db.connection().execute(
                "SELECT request_id FROM sent_requests WHERE job_id = ?", (job["id"],)
            ).fetchall()
            assert len(rows) == 1
            job["request"] = rows[0][0]

            def settled() -> bool:
                history.refresh()
                row = history.requests_model.find_row(job["request"])
                if row < 0:
                    return False
                data = history.requests_model.row_data(row)
                return int(data["pending_count"]) == 0

            await wait_until(settled, timeout=30)

        qloop.run_until_complete(scenario())

        # The job recorded the text as typed.
        meta = JobStore(context.db).job(job["id"]).meta
        assert meta[TEMPLATE_META_KEY] == TEMPLATE
        assert meta[SUBJECT_TEMPLATE_META_KEY] == SUBJECT

        # What SENS got was personalised; some of it failed, some was delivered.
        sent = {m.to: m for m in context.simulator.accepted_messages()}
        assert sent[PEOPLE[0][0]].content.startswith(f"{PEOPLE[0][1]}님, 안녕하세요")
        outcomes = dict(
            context.db.connection().execute(
                "SELECT to_number, outcome FROM sent_messages WHERE request_id = ?",
                (job["request"],),
            ).fetchall()
        )
        failed = sorted(n for n, o in outcomes.items() if o == "failed")
        assert failed and len(failed) < len(PEOPLE)

        # Resend: Compose gets the template, the subject template and the failed people.
        assert history.select_request(job["request"])
        history.resend_failed()
        assert len(navigator.prefills) == 1
        prefill = navigator.prefills[0]
        assert prefill["content"] == TEMPLATE and prefill["subject"] == SUBJECT
        assert sorted(r["phone"] for r in prefill["recipients"]) == failed
        names = dict(PEOPLE)
        assert all(r["name"] == names[r["phone"]] for r in prefill["recipients"])
        assert compose.content() == TEMPLATE
        assert compose.subject_edit.text() == SUBJECT
        assert sorted(r.phone for r in compose.recipients()) == failed
        # No "put the #{...} fields back" warning: nothing was lost.
        assert not any("#{...}" in text for text in context.notifier.infos)  # type: ignore[attr-defined]
        assert context.notifier.errors == []  # type: ignore[attr-defined]
    finally:
        compose.close()
        shiboken6.delete(compose)
        gc.collect()

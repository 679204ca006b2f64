"""History with an API PLEX profile, end to end: the API PLEX demo simulator refuses or
fails messages, its webhooks reach the context's receiver, and the History page shows API
PLEX's own words (never SENS's "Unknown result code"), stays off SENS (no poll, no result
query, no server search) and refreshes the moment a webhook result arrives."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from console.context import AppContext
from console.domain.models import Draft, Recipient
from console.domain.plan import build_plan
from console.secrets import SecretStore
from console.services.apiplex_sending import (
    ApiPlexSendingService,
    request_id_for,
    specs_from_plan,
)
from console.services.history import POLLER_TASK
from console.settings import Settings, data_dir
from console.simulator.apiplex import DEMO_SENDER_NUMBERS
from console.store.database import Database
from console.ui.history.detail import MessageDetailDialog
from console.ui.history.page import HistoryPage
from tests.support import RecordingNotifier, wait_until


@pytest.fixture
def failing_context(qloop: Any, console_home: Path) -> Iterator[AppContext]:
    """The console with an API PLEX demo simulator whose every delivery fails with "2"."""
    from console.simulator.apiplex import start

    context = AppContext(
        Database(data_dir() / "console.db"),
        Settings(),
        SecretStore(),
        language="en",
        apiplex_simulator_starter=lambda: start(
            port=0, outcomes={"2": 1.0}, webhook_delay=0.05
        ),
    )
    context.notifier = RecordingNotifier()
    yield context
    if not context.tasks.closed:
        qloop.run_until_complete(context.aclose())


def column(model: Any, key: str) -> int:
    return next(i for i, c in enumerate(model.columns) if c.key == key)


async def send_apiplex(context: AppContext, numbers: list[str]) -> str:
    """Send one personalised API PLEX job (what Compose does) and return its job ID."""
    service = ApiPlexSendingService(
        context.db,
        context.apiplex_client(),
        language="en",
        receiver_enabled=lambda: context.webhook_receiving,
    )
    people = [Recipient(phone=n, name=f"고객{i}") for i, n in enumerate(numbers)]
    plan = build_plan(Draft(content="#{이름}님 안내입니다", caller=DEMO_SENDER_NUMBERS[0]), people)
    specs = specs_from_plan(plan)
    specs[0].body["messages"][-1]["to"] = "0101"  # API PLEX refuses it (G141)
    job_id = await service.create_job_async(specs, profile="demo-apiplex")
    progress = await service.run(job_id)
    assert progress.state == "completed"
    return job_id


def test_api_plex_history_shows_api_plex_results_and_never_asks_sens(
    qtbot: Any, qloop: Any, failing_context: AppContext
) -> None:
    context = failing_context
    context.settings.use_demo("APIPLEX")
    page = HistoryPage(context)
    qtbot.addWidget(page)
    sent: dict[str, str] = {}
    try:
        async def scenario() -> None:
            await wait_until(lambda: context.webhook_receiving, timeout=10)
            assert context.tasks.is_running(POLLER_TASK)
            poller = page.poller
            assert poller is not None
            await wait_until(lambda: poller.state.kind == "inactive", timeout=5)
            job_id = await send_apiplex(context, ["01055550001", "01055550002", "01055550003"])
            sent["request"] = request_id_for(job_id, 0)
            # The page is not shown (no refresh timer): only the webhook relay updates it.
            model = page.requests_model
            await wait_until(
                lambda: model.find_row(sent["request"]) >= 0
                and model.row_data(model.find_row(sent["request"]))["fail_count"] == 3,
                timeout=15,
            )

        qloop.run_until_complete(scenario())

        # (c) the poller idles without a client: no SENS simulator was started for it.
        assert context.simulator is None
        assert page.poller is not None and page.poller.state.kind == "inactive"
        assert "webhook" in page.poller_label.text()
        assert "cannot be checked" not in page.poller_label.text()

        # (a) the result column speaks API PLEX: refusal and delivery failure.
        assert page.select_request(sent["request"])
        messages = page.messages_model
        results = [
            messages.index(r, column(messages, "result")).data()
            for r in range(messages.rowCount())
        ]
        codes = [
            messages.index(r, column(messages, "code")).data() for r in range(messages.rowCount())
        ]
        assert codes == ["2", "2", "G141"]
        assert results[0] == "Not delivered: Invalid number or not a subscriber (2)."
        assert results[2].startswith("Refused by API PLEX: Recipient number exception")
        assert not any("Unknown result code" in text for text in results)

        # (b) detail: the stored API PLEX text, no SENS result query.
        page.messages_view.setCurrentIndex(messages.index(0, 0))
        dialog = page.show_detail()
        assert isinstance(dialog, MessageDetailDialog)
        assert dialog.fields["meaning"].text() == results[0]
        assert "API PLEX" in dialog.state.text()
        assert not context.tasks.is_running("history-detail")
        dialog.close()

        # (e) no server search, with the reason shown.
        assert not page.server_button.isEnabled()
        assert page.server_note.isVisibleTo(page)
        assert page.search_sens() is None
        assert any("API PLEX" in text for text in context.notifier.infos)  # type: ignore[attr-defined]

        # Export writes the same words as the view.
        from console.services.history import export_history

        path, count = export_history(context.db, Path(context.db.path).with_suffix(".csv"),
                                     page.requests_model.filter, "en")
        assert count == 3
        exported = path.read_text(encoding="utf-8-sig")
        assert "Invalid number or not a subscriber" in exported
        assert "Unknown result code" not in exported

        # Back to a SENS profile: search is offered again, the API PLEX rows stay as they are.
        context.settings.use_demo("SENS")
        assert page.server_button.isEnabled() and not page.server_note.isVisibleTo(page)

        async def sens_again() -> None:
            poller = page.poller
            assert poller is not None
            await wait_until(lambda: poller.state.kind != "inactive", timeout=5)

        qloop.run_until_complete(sens_again())
        # Nothing SENS could be asked about: the API PLEX rows are not SENS's to poll.
        assert context.simulator is None
        assert context.notifier.errors == []  # type: ignore[attr-defined]
    finally:
        page.close()
        shiboken6.delete(page)
        gc.collect()

"""Webhook receiver end to end through the console: the API PLEX demo sends from Compose,
the embedded simulator posts results to the receiver the context runs, History updates."""

from __future__ import annotations

import gc
from typing import Any

import shiboken6

from console.context import WEBHOOK_TASK, AppContext
from console.domain.models import Recipient
from console.store.apiplex import ApiPlexStore
from console.ui.compose.page import ComposePage
from tests.support import RecordingNotifier, send_from_compose, wait_until


def messages(context: AppContext) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in context.db.connection().execute(
            "SELECT m.*, r.provider, r.final FROM sent_messages m "
            "JOIN sent_requests r USING (request_id) ORDER BY m.id"
        )
    ]


def test_demo_results_reach_history_through_the_receiver(
    qtbot: Any, qloop: Any, app_context: AppContext
) -> None:
    app_context.notifier = RecordingNotifier()
    heard: list[set[str]] = []
    app_context.add_webhook_listener(heard.append)
    page = ComposePage(app_context)
    try:
        async def scenario() -> None:
            app_context.settings.use_demo("APIPLEX")
            await wait_until(lambda: app_context.webhook_receiving, timeout=10)
            assert app_context.tasks.is_running(WEBHOOK_TASK)
            page.prefill(recipients=[Recipient(f"0108000{i:04d}", f"고객{i}") for i in range(4)])
            page.set_content("#{이름}님, 데모 안내입니다.")
            await send_from_compose(page, timeout=30)
            await wait_until(
                lambda: [m["outcome"] for m in messages(app_context)] == ["success"] * 4,
                timeout=15,
            )

        qloop.run_until_complete(scenario())
        rows = messages(app_context)
        assert {r["provider"] for r in rows} == {"apiplex"}
        assert all(r["final"] == 1 and r["status"] == "COMPLETED" for r in rows)
        assert all(r["status_code"] == "0" and r["telco"] for r in rows)
        assert heard and set().union(*heard) == {rows[0]["request_id"]}
        store = ApiPlexStore(app_context.db)
        assert {m.state for m in store.messages()} == {"delivered"}
        assert len(store.webhook_log()) == 4
        sim = app_context.apiplex_simulator
        assert sim is not None and all(e["delivered"] for e in sim.webhook_log())
        assert app_context.notifier.errors == []  # type: ignore[attr-defined]
    finally:
        page.close()
        shiboken6.delete(page)
        gc.collect()

    # Quitting stops the receiver with the other tasks.
    receiver = app_context.webhook_receiver
    assert receiver is not None
    qloop.run_until_complete(app_context.aclose())
    assert not receiver.running and app_context.webhook_receiver is None


def test_receiver_port_taken_is_explained(qloop: Any, app_context: AppContext) -> None:
    import socket

    from console.settings import Profile

    app_context.notifier = RecordingNotifier()
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = int(blocker.getsockname()[1])
        profile = app_context.settings.save_profile(
            Profile(name="지점", service_id="", access_key="user", provider="APIPLEX",
                    webhook_enabled=True, webhook_port=port)
        )

        async def activate() -> None:
            app_context.set_active_profile(profile.id)
            await wait_until(lambda: app_context.webhook_error is not None, timeout=5)

        qloop.run_until_complete(activate())
    assert not app_context.webhook_receiving
    error = app_context.webhook_error
    assert error is not None and "another port" in error.message_en
    assert app_context.notifier.errors == [error]  # type: ignore[attr-defined]

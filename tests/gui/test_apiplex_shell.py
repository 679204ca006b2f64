"""The whole window with an API PLEX profile: every page opens, sends land in History."""

from __future__ import annotations

import asyncio
from typing import Any

from console.context import AppContext
from console.ui.main_window import PAGE_KEYS, MainWindow
from tests.support import RecordingNotifier, wait_until


def test_every_page_opens_with_the_api_plex_demo(
    qtbot: Any, qloop: Any, app_context: AppContext
) -> None:
    app_context.settings.use_demo("APIPLEX")
    window = MainWindow.for_context(app_context)
    qtbot.addWidget(window)
    app_context.notifier = RecordingNotifier()

    async def visit() -> None:
        await wait_until(lambda: app_context.webhook_receiving, timeout=10)
        for key in PAGE_KEYS:
            window.open_page(key)
            await asyncio.sleep(0.05)
        assert window.current_page_key() == PAGE_KEYS[-1]

    qloop.run_until_complete(visit())
    compose = window.page("compose")
    assert compose.apiplex  # type: ignore[attr-defined]
    assert window.demo_label.isVisibleTo(window)
    assert app_context.notifier.errors == []  # type: ignore[attr-defined]

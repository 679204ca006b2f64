"""Closing the main window while Compose is sending asks first; the answer is obeyed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from console.context import AppContext
from console.domain.models import Recipient
from console.secrets import SecretStore, memory_keyring
from console.session import DB_FILE_NAME
from console.settings import Settings, data_dir
from console.simulator import start
from console.store.database import Database
from console.ui.main_window import MainWindow
from tests.support import send_from_compose, wait_until


@pytest.fixture
def slow_demo(qloop: Any, console_home: Path) -> Iterator[AppContext]:
    """Demo mode against a simulator that takes 0.4 s per request: a send lasts a while."""
    context = AppContext(
        Database(data_dir() / DB_FILE_NAME),
        Settings(),
        SecretStore(memory_keyring()),
        language="en",
        simulator_starter=lambda: start(port=0, latency=0.4),
    )
    yield context
    if not context.tasks.closed:
        qloop.run_until_complete(context.aclose())


def question(window: MainWindow) -> QMessageBox:
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    return box


def button(box: QMessageBox, text: str) -> Any:
    [found] = [b for b in box.buttons() if b.text() == text]
    return found


def test_closing_while_sending_asks_and_keeps_sending_or_closes(
    qtbot: Any, qloop: Any, slow_demo: AppContext
) -> None:
    window = MainWindow.for_context(slow_demo)
    qtbot.addWidget(window)
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    window.show()
    page = window.page("compose")
    # Nothing running: the window closes without a question.
    assert window.closing_warnings() == []

    page.prefill(recipients=[Recipient(f"0107100{i:04d}") for i in range(250)])  # 3 batches
    page.set_content("정기 점검 안내입니다.")

    async def start_sending() -> None:
        page.send()
        await wait_until(lambda: page.confirm_sheet is not None, timeout=20)
        assert page.confirm_sheet is not None
        page.confirm_sheet.send_button.click()
        await wait_until(lambda: window.closing_warnings() != [], timeout=20)

    qloop.run_until_complete(start_sending())
    window.close()
    box = question(window)
    assert "Messages are being sent" in box.text()
    assert window.isVisible() and not closed
    button(box, "Keep sending").click()
    assert window.isVisible() and not closed and page.is_sending()

    window.close()
    button(question(window), "Close anyway").click()
    assert closed == [True] and not window.isVisible()


def test_closing_after_the_send_asks_nothing(
    qtbot: Any, qloop: Any, slow_demo: AppContext
) -> None:
    window = MainWindow.for_context(slow_demo)
    qtbot.addWidget(window)
    window.show()
    page = window.page("compose")
    page.prefill(recipients=[Recipient("01071009999")])
    page.set_content("안내")
    qloop.run_until_complete(send_from_compose(page))
    window.close()
    assert not window.isVisible()
    assert [b for b in window.findChildren(QMessageBox) if b.isVisible()] == []

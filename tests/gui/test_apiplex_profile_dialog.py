"""The profile dialog per provider, the API PLEX connection test and the API PLEX demo."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from console.context import AppContext
from console.providers.apiplex import DEFAULT_HOSTS
from console.simulator.apiplex import DEMO_SECRET_KEY, DEMO_USER_ID
from console.simulator.apiplex import start as start_apiplex
from console.ui.settings.page import SettingsPage
from console.ui.settings.profile_dialog import ProfileDialog
from tests.support import wait_until


@pytest.fixture
def apiplex_sim() -> Iterator[Any]:
    sim = start_apiplex(webhook_delay=0.05)
    yield sim
    sim.stop()


def rows_shown(dialog: ProfileDialog, *widgets: Any) -> list[bool]:
    return [dialog.form.isRowVisible(w) for w in widgets]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_fields_follow_the_provider(qtbot: Any, app_context: AppContext) -> None:
    dialog = ProfileDialog(app_context)
    qtbot.addWidget(dialog)
    sens_rows = (dialog.service_id, dialog.access_key, dialog.time_zone)
    apiplex_rows = (dialog.user_id, dialog.services_row, dialog.gms_sender, dialog.webhook_row)
    assert rows_shown(dialog, *sens_rows) == [True, True, True]
    assert rows_shown(dialog, *apiplex_rows) == [False] * 4
    dialog.provider.setCurrentIndex(dialog.provider.findData("APIPLEX"))
    assert rows_shown(dialog, *sens_rows) == [False, False, False]
    assert rows_shown(dialog, *apiplex_rows) == [True] * 4
    assert all(rows_shown(dialog, *dialog.apiplex_hosts.values()))
    assert dialog.apiplex_hosts["SMS"].placeholderText() == DEFAULT_HOSTS["SMS"]
    assert not dialog.webhook_port.isEnabled()
    dialog.webhook_enabled.setChecked(True)
    assert dialog.webhook_port.isEnabled()
    assert dialog.provider.model().item(1).isEnabled()  # type: ignore[attr-defined]


def test_save_an_api_plex_profile(qtbot: Any, app_context: AppContext) -> None:
    dialog = ProfileDialog(app_context)
    qtbot.addWidget(dialog)
    dialog.provider.setCurrentIndex(dialog.provider.findData("APIPLEX"))
    dialog.name.setText("지점")
    dialog.user_id.setText("branch-user")
    dialog.callers.setPlainText("1588-0000")
    dialog.apiplex_services["LMS"].setCurrentIndex(
        dialog.apiplex_services["LMS"].findData("lms-bulk")
    )
    dialog.gms_sender.setText("x")  # too short
    dialog.webhook_enabled.setChecked(True)
    dialog.webhook_port.setValue(9123)
    dialog.save()
    assert not dialog.error_label.isHidden()
    assert "GMS" in dialog.error_label.text()
    dialog.gms_sender.setText("MYSHOP")
    dialog.save()
    assert "secret key" in dialog.error_label.text()  # a new profile needs one
    dialog.secret.setText("s3cret")
    dialog.save()
    saved = dialog.saved_profile
    assert saved is not None and saved.is_apiplex
    assert saved.user_id == "branch-user" and saved.service_id == ""
    assert saved.apiplex_lms_service == "lms-bulk"
    assert saved.apiplex_hosts() == DEFAULT_HOSTS
    assert (saved.webhook_enabled, saved.webhook_port, saved.gms_sender) == (True, 9123, "MYSHOP")
    assert app_context.secrets.get(saved.id) == "s3cret"

    again = ProfileDialog(app_context, saved)
    qtbot.addWidget(again)
    assert again.is_apiplex() and again.user_id.text() == "branch-user"
    assert again.access_key.text() == "" and again.apiplex_hosts["SMS"].text() == ""
    assert again.apiplex_services["LMS"].currentData() == "lms-bulk"
    assert again.webhook_enabled.isChecked() and again.webhook_port.value() == 9123
    assert again.profile_from_fields() == saved


def test_connection_test_explains_what_it_can_check(
    qtbot: Any, qloop: Any, app_context: AppContext, apiplex_sim: Any
) -> None:
    dialog = ProfileDialog(app_context)
    qtbot.addWidget(dialog)
    dialog.provider.setCurrentIndex(dialog.provider.findData("APIPLEX"))
    dialog.name.setText("시뮬레이터")
    dialog.user_id.setText(DEMO_USER_ID)
    dialog.secret.setText(DEMO_SECRET_KEY)
    for edit in dialog.apiplex_hosts.values():
        edit.setText(apiplex_sim.base_url)

    async def press_and_wait() -> str:
        dialog.test_button.click()
        await wait_until(lambda: dialog.test_button.isEnabled() and dialog.test_result.text()
                         and not dialog.test_result.text().startswith("Testing"), timeout=20)
        return dialog.test_result.text()

    text = qloop.run_until_complete(press_and_wait())
    assert "API PLEX servers answer" in text
    assert "checked by the first send" in text
    assert apiplex_sim.accepted_messages() == []  # nothing was sent to test
    dialog.apiplex_hosts["GMS"].setText(f"http://127.0.0.1:{closed_port()}")
    text = qloop.run_until_complete(press_and_wait())
    assert text.startswith("Could not reach API PLEX")
    assert app_context.settings.profiles() == []


def test_api_plex_demo_from_the_settings_page(
    qtbot: Any, qloop: Any, app_context: AppContext
) -> None:
    page = SettingsPage(app_context)
    qtbot.addWidget(page)

    async def switch() -> None:
        page.apiplex_demo_button.click()
        await wait_until(lambda: app_context.webhook_receiving, timeout=10)
        page.refresh()

    qloop.run_until_complete(switch())
    profile = app_context.profile
    assert profile.is_demo and profile.is_apiplex
    assert "API PLEX demo mode is on" in page.active_label.text()
    assert not page.apiplex_demo_button.isEnabled() and page.demo_button.isEnabled()
    assert "listening at http://127.0.0.1:" in page.webhook_label.text()
    client = app_context.apiplex_client()
    assert app_context.apiplex_simulator is not None
    assert client.hosts["SMS"] == app_context.apiplex_simulator.base_url

    async def back() -> None:
        page.demo_button.click()
        await wait_until(lambda: not app_context.webhook_receiving)

    qloop.run_until_complete(back())
    assert not app_context.profile.is_apiplex and page.webhook_label.isHidden()

"""Test connection: demo mode via the embedded simulator, and each failure in plain words.

Real profiles are pointed at the simulator through the context's client factory, so the
SENS client, its signing and its error mapping are exercised for real.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from console.context import AppContext, ConnectionCheck, DemoUnavailableError, SecretMissingError
from console.providers.sens import RetryPolicy, SensClient
from console.secrets import SecretStore
from console.session import DB_FILE_NAME
from console.settings import Profile, Settings, data_dir
from console.simulator.demo import DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID
from console.store.database import Database
from console.ui.main_window import MainWindow
from console.ui.settings.profile_dialog import ProfileDialog
from tests.support import wait_until


def test_demo_mode_starts_the_simulator_lazily(qtbot, qloop, app_context: AppContext) -> None:
    window = MainWindow.for_context(app_context)
    qtbot.addWidget(window)
    assert app_context.is_demo and app_context.simulator is None
    assert window.connection_label.text() == "Simulator"
    check = qloop.run_until_complete(app_context.check_connection())
    assert check.ok, check.message_en
    assert app_context.simulator is not None
    client = app_context.client()
    assert isinstance(client, SensClient)
    assert app_context.client() is client  # long-lived
    assert window.connection_label.text() == "Connected"


def test_demo_profile_is_the_simulators_demo_account() -> None:
    # console.settings keeps its own copy (so start-up need not import the simulator).
    import console.simulator.demo as demo
    from console.settings import demo_profile

    profile = demo_profile()
    assert profile.service_id == demo.DEMO_SERVICE_ID
    assert profile.access_key == demo.DEMO_ACCESS_KEY
    assert profile.caller_numbers == tuple(demo.DEMO_CALLER_NUMBERS)


def test_demo_without_simulator_explains(qloop, app_context: AppContext) -> None:
    def missing() -> object:
        raise ImportError("no simulator in this build")

    app_context._simulator_starter = missing
    with pytest.raises(DemoUnavailableError) as info:
        app_context.client()
    assert "simulator" in info.value.message_en and "시뮬레이터" in info.value.message_ko
    check = qloop.run_until_complete(app_context.check_connection())
    assert check.kind == "demo"


@pytest.fixture
def sim_context(qloop, simulator: Any, console_home) -> Iterator[tuple[AppContext, dict[str, Any]]]:
    """A context whose real profiles talk to the simulator (knobs: client keyword args)."""
    client_kwargs: dict[str, Any] = {}

    def factory(access_key: str, secret: str, service_id: str, _url: str) -> SensClient:
        return SensClient(
            access_key, secret, service_id, base_url=simulator.base_url, **client_kwargs
        )

    context = AppContext(
        Database(data_dir() / DB_FILE_NAME),
        Settings(),
        SecretStore(),
        language="en",
        client_factory=factory,
    )
    yield context, client_kwargs
    qloop.run_until_complete(context.aclose())


def profile(**overrides: Any) -> Profile:
    values = {"name": "sim", "service_id": DEMO_SERVICE_ID, "access_key": DEMO_ACCESS_KEY}
    values.update(overrides)
    return Profile(**values)


def check(qloop, context: AppContext, p: Profile, secret: str) -> ConnectionCheck:
    return qloop.run_until_complete(context.check_connection(p, secret))


def test_outcomes_in_plain_words(qloop, sim_context) -> None:
    context, client_kwargs = sim_context
    assert check(qloop, context, profile(), DEMO_SECRET_KEY).kind == "ok"

    wrong_key = check(qloop, context, profile(), "not-the-secret")
    assert wrong_key.kind == "auth"
    assert "secret key is wrong" in wrong_key.message_en

    wrong_service = check(qloop, context, profile(service_id="ncp:sms:kr:1:nope"), DEMO_SECRET_KEY)
    assert wrong_service.kind == "service"
    assert "service ID" in wrong_service.message_en

    client_kwargs["clock"] = lambda: time.time() + 11 * 60  # the PC clock is 11 minutes fast
    skewed = check(qloop, context, profile(), DEMO_SECRET_KEY)
    assert skewed.kind == "clock"
    assert skewed.skew_seconds is not None and abs(skewed.skew_seconds - 660) < 30
    assert "clock" in skewed.message_en and "시계" in skewed.message_ko


def test_unreachable_server(qloop, console_home) -> None:
    def factory(access_key: str, secret: str, service_id: str, _url: str) -> SensClient:
        return SensClient(
            access_key,
            secret,
            service_id,
            base_url="http://127.0.0.1:9",
            retry=RetryPolicy(attempts=1),
        )

    context = AppContext(
        Database(data_dir() / DB_FILE_NAME), Settings(), SecretStore(), client_factory=factory
    )
    try:
        result = check(qloop, context, profile(), DEMO_SECRET_KEY)
        assert result.kind == "network"
        assert "인터넷" in result.message("ko")
    finally:
        qloop.run_until_complete(context.aclose())


def test_missing_secret_is_explained(qloop, sim_context) -> None:
    context, _ = sim_context
    saved = context.settings.save_profile(profile())
    context.set_active_profile(saved.id)
    with pytest.raises(SecretMissingError):
        context.client()
    result = qloop.run_until_complete(context.check_connection())
    assert result.kind == "secret"
    context.secrets.set(saved.id, DEMO_SECRET_KEY)
    assert isinstance(context.client(), SensClient)
    assert qloop.run_until_complete(context.check_connection()).ok


def test_profile_switch_replaces_the_client(qloop, sim_context) -> None:
    context, _ = sim_context
    first = context.settings.save_profile(profile(name="a"))
    second = context.settings.save_profile(profile(name="b"))
    for p in (first, second):
        context.secrets.set(p.id, DEMO_SECRET_KEY)
    heard: list[str] = []
    context.add_profile_listener(lambda p: heard.append(p.name))
    context.set_active_profile(first.id)
    client_a = context.client()
    context.set_active_profile(second.id)
    client_b = context.client()
    assert client_a is not client_b
    assert heard == ["a", "b"]

    async def closed() -> None:
        await asyncio.sleep(0.05)

    qloop.run_until_complete(closed())  # the old client's aclose task ran
    assert not context.tasks.running()


def test_dialog_test_button(qtbot, qloop, sim_context) -> None:
    context, _ = sim_context
    dialog = ProfileDialog(context)
    qtbot.addWidget(dialog)
    dialog.name.setText("시뮬레이터")
    dialog.service_id.setText(DEMO_SERVICE_ID)
    dialog.access_key.setText(DEMO_ACCESS_KEY)
    dialog.secret.setText("wrong-secret")

    async def press_and_wait(expect: Callable[[str], bool]) -> None:
        dialog.test_button.click()
        await wait_until(
            lambda: dialog.test_button.isEnabled() and expect(dialog.test_result.text())
        )

    qloop.run_until_complete(press_and_wait(lambda t: "wrong" in t))
    dialog.secret.setText(DEMO_SECRET_KEY)
    qloop.run_until_complete(press_and_wait(lambda t: t.startswith("Connected")))
    assert context.settings.profiles() == []  # testing saves nothing


def test_settings_page_test_button_in_demo_mode(qtbot, qloop, app_context: AppContext) -> None:
    window = MainWindow.for_context(app_context)
    qtbot.addWidget(window)
    window.open_page("settings")
    page = window.page("settings")
    assert page.test_result.isHidden()  # type: ignore[attr-defined]

    async def press() -> None:
        page.test_button.click()  # type: ignore[attr-defined]
        await wait_until(lambda: app_context.connection is not None)
        await wait_until(page.test_button.isEnabled)  # type: ignore[attr-defined]

    qloop.run_until_complete(press())
    assert not page.test_result.isHidden()  # type: ignore[attr-defined]
    assert page.test_result.text().startswith("Connected")  # type: ignore[attr-defined]
    assert window.connection_label.text() == "Connected"


def test_new_secret_for_the_active_profile_replaces_the_client(qloop, sim_context) -> None:
    context, _ = sim_context
    saved = context.settings.save_profile(profile())
    context.secrets.set(saved.id, "old-secret")
    context.set_active_profile(saved.id)
    old = context.client()
    assert context.client() is old
    context.secrets.set(saved.id, DEMO_SECRET_KEY)
    context.settings.save_profile(saved)  # what the profile dialog does after the secret
    new = context.client()
    assert new is not old
    assert qloop.run_until_complete(context.check_connection()).ok

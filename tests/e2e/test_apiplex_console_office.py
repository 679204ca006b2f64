"""A mixed office: one SENS profile and one API PLEX profile in the same console.

Each profile sends from the Compose page to its own simulator; both sends land in
History's tables; the API PLEX profile's webhook receiver runs only while it is active,
and the simulator's webhook results update the History rows.
"""

from __future__ import annotations

import asyncio
import gc
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from console.context import AppContext, ProviderMismatchError
from console.domain.models import Recipient
from console.providers.sens import SensClient
from console.secrets import SecretStore
from console.settings import Profile, Settings, data_dir
from console.simulator import demo as sens_demo
from console.simulator.apiplex import DEMO_SECRET_KEY, DEMO_SENDER_NUMBERS, DEMO_USER_ID
from console.simulator.apiplex import start as start_apiplex
from console.store.database import Database
from console.ui.compose.page import ComposePage
from tests.support import RecordingNotifier, send_from_compose, wait_until


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def apiplex_sim() -> Iterator[Any]:
    sim = start_apiplex(webhook_delay=0.05)
    yield sim
    sim.stop()


@pytest.fixture
def office(qloop: Any, simulator: Any, apiplex_sim: Any) -> Iterator[AppContext]:
    """A context with a SENS profile (to the SENS simulator) and an API PLEX profile (to
    the API PLEX simulator, webhook receiver on)."""
    settings = Settings()
    secrets = SecretStore()
    context = AppContext(
        Database(data_dir() / "console.db"),
        settings,
        secrets,
        language="en",
        client_factory=lambda key, secret, service, _base: SensClient(
            key, secret, service, base_url=simulator.base_url
        ),
    )
    context.notifier = RecordingNotifier()
    sens = settings.save_profile(
        Profile(
            name="Head office",
            service_id=sens_demo.DEMO_SERVICE_ID,
            access_key=sens_demo.DEMO_ACCESS_KEY,
            caller_numbers=tuple(sens_demo.DEMO_CALLER_NUMBERS),
        )
    )
    secrets.set(sens.id, sens_demo.DEMO_SECRET_KEY)
    base = apiplex_sim.base_url
    apiplex = settings.save_profile(
        Profile(
            name="Branch",
            service_id="",
            access_key=DEMO_USER_ID,
            provider="APIPLEX",
            caller_numbers=tuple(DEMO_SENDER_NUMBERS),
            apiplex_sms_host=base,
            apiplex_lms_host=base,
            apiplex_mms_host=base,
            apiplex_gms_host=base,
            webhook_enabled=True,
            webhook_port=free_port(),
        )
    )
    secrets.set(apiplex.id, DEMO_SECRET_KEY)
    yield context
    if not context.tasks.closed:
        qloop.run_until_complete(context.aclose())


def profile_named(context: AppContext, name: str) -> Profile:
    return next(p for p in context.settings.profiles() if p.name == name)


def history(context: AppContext) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in context.db.connection().execute(
            "SELECT * FROM sent_requests ORDER BY accepted_at"
        )
    ]


def test_mixed_office_sends_through_each_provider(
    qtbot: Any, qloop: Any, office: AppContext, simulator: Any, apiplex_sim: Any
) -> None:
    sens = profile_named(office, "Head office")
    branch = profile_named(office, "Branch")
    office.set_active_profile(sens.id)
    page = ComposePage(office)
    try:
        people = [Recipient(f"0107000{i:04d}", f"고객{i}") for i in range(12)]
        page.prefill(recipients=people)
        page.set_content("#{이름}님, 정기 점검 안내입니다.")
        assert not page.apiplex and page.subject_limit() == 40
        assert not page.reserve_radio.isHidden()
        qloop.run_until_complete(send_from_compose(page))
        assert page.last_progress is not None
        assert page.last_progress.accepted_recipients == 12
        assert len(simulator.accepted_messages()) == 12
        assert office.webhook_receiver is None

        # Switch to the API PLEX branch: the page follows, the receiver starts.
        async def receiver_up() -> None:
            office.set_active_profile(branch.id)
            await wait_until(lambda: office.webhook_receiving, timeout=10)

        qloop.run_until_complete(receiver_up())
        assert office.webhook_receiver is not None
        apiplex_sim.set_webhook_url(office.webhook_receiver.url)
        assert page.apiplex and page.subject_limit() == 50
        assert page.reserve_radio.isHidden() and not page.no_reservation_label.isHidden()
        assert not page.image_paths_edit.isHidden() and page.attachments.isHidden()
        with pytest.raises(ProviderMismatchError):
            office.client()
        page.new_message()
        page.prefill(recipients=people)
        page.set_content("#{이름}님, " + "지점 안내입니다. " * 10)  # LMS
        page.subject_edit.setText("가" * 24)  # 48 bytes: too long for SENS, fine for API PLEX
        page.recount()
        assert "48 / 50 bytes" in page.subject_counter.text()
        qloop.run_until_complete(send_from_compose(page))
        progress = page.last_progress
        assert progress is not None and progress.state == "completed"
        assert progress.accepted_recipients == 12
        assert "accepted by API PLEX" in page.progress_label.text()
        accepted = apiplex_sim.accepted_messages()
        assert len(accepted) == 12
        assert {m["title"] for m in accepted} == {"가" * 24}
        assert len(simulator.accepted_messages()) == 12  # nothing went to SENS

        rows = history(office)
        assert sorted(r["provider"] for r in rows) == ["apiplex", "apiplex", "sens"]
        assert {r["profile"] for r in rows if r["provider"] == "apiplex"} == {branch.id}

        async def delivered() -> None:
            await wait_until(
                lambda: sum(r["success_count"] for r in history(office)
                            if r["provider"] == "apiplex") == 12,
                timeout=15,
            )

        qloop.run_until_complete(delivered())

        async def back_to_sens() -> None:
            office.set_active_profile(sens.id)
            await asyncio.sleep(0.05)

        # Back to SENS: the receiver stops.
        qloop.run_until_complete(back_to_sens())
        assert office.webhook_receiver is None and not page.apiplex
    finally:
        page.close()
        shiboken6.delete(page)
        gc.collect()


def test_international_numbers_go_through_gms(
    qtbot: Any, qloop: Any, office: AppContext, apiplex_sim: Any, tmp_path: Path
) -> None:
    office.set_active_profile(profile_named(office, "Branch").id)
    page = ComposePage(office)
    try:
        page.set_country_code("41")
        page.numbers_edit.setPlainText("79 302 67 27")
        page._recipients_changed()
        page.set_content("Hello from the branch office")
        assert not page.gms_label.isHidden()
        qloop.run_until_complete(send_from_compose(page))
        assert page.last_progress is not None and page.last_progress.state == "completed"
        [message] = apiplex_sim.accepted_messages()
        assert message["product"] == "GMS"
        assert message["receiver_number"] == "41793026727"
    finally:
        page.close()
        shiboken6.delete(page)
        gc.collect()

"""Compose with an API PLEX profile (the API PLEX demo): limits, hidden features, MMS paths."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6

from console.context import AppContext
from console.domain.models import Recipient
from console.ui.compose.page import ComposePage
from tests.support import RecordingNotifier, wait_until


@pytest.fixture
def page(qtbot: Any, qloop: Any, app_context: AppContext) -> Iterator[ComposePage]:
    app_context.notifier = RecordingNotifier()
    app_context.settings.use_demo("APIPLEX")
    widget = ComposePage(app_context)
    widget.resize(1000, 720)
    yield widget
    widget.close()
    shiboken6.delete(widget)
    gc.collect()


def test_limits_and_features_follow_the_provider(page: ComposePage, app_context: Any) -> None:
    assert page.apiplex
    assert page.reserve_radio.isHidden() and not page.no_reservation_label.isHidden()
    assert page.attachments.isHidden() and not page.image_paths_edit.isHidden()
    page.set_content("가" * 60)  # LMS
    page.subject_edit.setText("제" * 25)  # 50 bytes
    page.recount()
    assert page.subject_counter.text() == "50 / 50 bytes"
    assert "bold" not in page.subject_counter.styleSheet()
    page.subject_edit.setText("제" * 26)
    page.recount()
    assert "bold" in page.subject_counter.styleSheet()
    # Advertisements: no 080 list to check against, and the page says so.
    page.content_type_combo.setCurrentIndex(page.content_type_combo.findData("AD"))
    assert "no 080 opt-out list" in page.optout_label.text()
    # Pictures from disk cannot go through API PLEX.
    page.add_images(["/tmp/photo.jpg"])
    assert page.images == [] and page.converting == 0
    assert "image upload" in str(app_context.notifier.errors[-1])


def test_pasted_paths_make_an_mms(page: ComposePage) -> None:
    page.set_content("사진 안내")
    page.recount()
    assert page.type_label.text() == "SMS"
    page.image_paths_edit.setPlainText("https://upload/a.jpg\n\nhttps://upload/b.jpg\n")
    page.recount()
    assert page.image_paths() == ["https://upload/a.jpg", "https://upload/b.jpg"]
    assert page.type_label.text() == "MMS"
    assert page.image_paths_label.isHidden()
    page.image_paths_edit.setPlainText("a\nb\nc\nd")
    page.recount()
    assert not page.image_paths_label.isHidden()
    assert "at most 3" in page.image_paths_label.text()
    assert page.draft().images == ("a", "b", "c", "d")
    assert page.draft_fields()["image_paths"] == "a\nb\nc\nd"


def test_mms_test_send_carries_the_paths(
    qloop: Any, page: ComposePage, app_context: AppContext
) -> None:
    page.prefill(recipients=[Recipient("01012345678", "고객")])
    page.set_content("#{이름}님, 신상품 사진입니다.")
    page.subject_edit.setText("신상품 안내")
    page.image_paths_edit.setPlainText("https://upload/mms/a.jpg\nhttps://upload/mms/b.jpg")
    page.test_number_edit.setText("010-9999-0000")

    async def scenario() -> None:
        page.test_send()
        await wait_until(
            lambda: page.last_progress is not None and page.last_progress.done
            and not page.is_sending(),
            timeout=30,
        )

    qloop.run_until_complete(scenario())
    assert page.last_progress is not None and page.last_progress.state == "completed"
    sim = app_context.apiplex_simulator
    assert sim is not None
    [message] = sim.accepted_messages()
    assert message["product"] == "MMS"
    assert message["receiver_number"] == "01099990000"
    assert message["title"] == "신상품 안내"
    assert message["file_path"] == ["https://upload/mms/a.jpg", "https://upload/mms/b.jpg"]
    assert message["msg"] == "고객님, 신상품 사진입니다."

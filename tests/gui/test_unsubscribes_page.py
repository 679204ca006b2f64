"""The 080 Opt-out page against the demo simulator: download, search, add, remove, export."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from console.services import unsubscribes as svc
from console.simulator import DEMO_SERVICE_ID
from console.store import unsubscribes as store
from console.ui.unsubscribes.model import OptOutFilterProxy, OptOutModel
from console.ui.unsubscribes.page import UnsubscribesPage
from tests.support import RecordingNotifier, signal_future, wait_until


def seed_cache(db: Any, count: int) -> None:
    now = datetime.now(UTC)
    entries = [
        svc.OptOutEntry(f"0103{i:07d}", now - timedelta(minutes=i), "C" if i % 3 else "M")
        for i in range(count)
    ]
    store.replace_all(db, DEMO_SERVICE_ID, entries, now)


def test_models_pass_the_model_tester(qtmodeltester, app_context) -> None:  # type: ignore[no-untyped-def]
    seed_cache(app_context.db, 25)
    model = OptOutModel()
    model.set_entries(svc.cached_entries(app_context.db, DEMO_SERVICE_ID))
    qtmodeltester.check(model)
    proxy = OptOutFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("010-3000-001")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 10  # 0103000001x
    assert model.index(0, 0).data() == "010-3000-0000"
    assert model.index(0, 2).data() in ("Added by hand", "By a call to 080")


def test_download_search_add_remove_export(  # type: ignore[no-untyped-def]
    qtbot, qloop, app_context, monkeypatch, tmp_path: Path
) -> None:
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    page = UnsubscribesPage(app_context)
    qtbot.addWidget(page)
    assert page.age_label.text() == "Not downloaded yet" and page.model.rowCount() == 0
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: asked.append(text) or True)

    async def go() -> None:
        app_context.client()  # start the demo simulator
        sim = app_context.simulator
        sim.register_call_unsubscribe("01077778888")
        changed = signal_future(page.changed)
        page.sync()
        await changed
        assert page.model.rowCount() == 1 and page.age_label.text() == "Downloaded just now"
        assert page.model.index(0, OptOutModel.COL_KIND).data() == "By a call to 080"

        # the dialog: typed and pasted numbers, one bad cell
        dialog = page.open_add_dialog()
        dialog.editor.setPlainText("010-1111-2222, 010 3333 4444\n02-123-4567\n12345")
        dialog.recount()
        assert dialog.numbers() == ("01011112222", "01033334444", "021234567")
        assert "not recognised" in dialog.count_label.text()
        changed = signal_future(page.changed)
        dialog.accept()
        await changed
        assert page.model.rowCount() == 4 and page.unsent_text == ""
        assert any("3 numbers added" in t for t in recorder.infos)

        # search by digits (hyphens ignored)
        page.search_edit.setText("3333-44")
        assert page.proxy.rowCount() == 1 and page.count_label.text() == "1 of 4 numbers"
        page.search_edit.clear()

        # remove two with a confirmation naming them
        page.select_numbers(["01011112222", "01077778888"])
        assert sorted(page.selected_numbers()) == ["01011112222", "01077778888"]
        changed = signal_future(page.changed)
        page.remove_selected()
        await changed
        assert "2 numbers" in asked[0] and "01077778888" in asked[0]
        assert svc.optout_numbers(app_context.db, DEMO_SERVICE_ID) == {
            "01033334444",
            "021234567",
        }
        listed = sim.state.list_unsubscribes(DEMO_SERVICE_ID, {})
        assert {e["clientTelNo"] for e in listed} == {"01033334444", "021234567"}

        # export what is shown
        out = tmp_path / "optout.csv"
        await page.export_to(out)
        text = out.read_text(encoding="utf-8-sig")
        assert text.splitlines()[0] == "Number,Registered,How"
        assert "01033334444" in text and len(text.splitlines()) == 3

    qloop.run_until_complete(go())


def test_import_file_in_dialog(qtbot, qloop, app_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app_context.notifier = RecordingNotifier()
    page = UnsubscribesPage(app_context)
    qtbot.addWidget(page)
    path = tmp_path / "numbers.csv"
    path.write_text(
        "이름,전화번호\n"
        + "\n".join(f"고객{i},010-4{i // 100:03d}-{i % 100:04d}" for i in range(1200)),
        encoding="cp949",
    )

    async def go() -> None:
        dialog = page.open_add_dialog()
        # Collect earlier tests' Qt garbage here, on the GUI thread: a collection that
        # happened to run in the reading thread would destroy their timers from there.
        gc.collect()
        await dialog.import_file(path)
        assert len(dialog.numbers()) == 1200
        changed = signal_future(page.changed)
        dialog.accept()
        await changed
        assert page.model.rowCount() == 1200
        assert any("1,200 numbers added" in t for t in app_context.notifier.infos)

    qloop.run_until_complete(go())


def test_offline_keeps_list_and_typed_numbers(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    seed_cache(app_context.db, 5)
    page = UnsubscribesPage(app_context)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 5

    async def go() -> None:
        app_context.client()
        app_context.simulator.stop()
        changed = signal_future(page.changed)
        page.sync()
        await changed
        assert page.model.rowCount() == 5 and recorder.errors
        changed = signal_future(page.changed)
        page.add_numbers(["01012121212"])
        await changed
        assert len(recorder.errors) == 2 and page.model.rowCount() == 5
        dialog = page.open_add_dialog()
        assert dialog.numbers() == ("01012121212",)  # nothing typed is lost

    qloop.run_until_complete(go())


def test_show_downloads_a_stale_copy(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    app_context.notifier = RecordingNotifier()
    page = UnsubscribesPage(app_context)
    qtbot.addWidget(page)

    async def go() -> None:
        app_context.client()
        app_context.simulator.register_call_unsubscribe("01056565656")
        page.show()
        assert page.age_timer.isActive()
        await wait_until(lambda: page.model.rowCount() == 1, timeout=10)
        page.hide()
        assert not page.age_timer.isActive()

    qloop.run_until_complete(go())


@pytest.mark.usefixtures("korean")
def test_korean_page_and_screenshot(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    app_context.language = "ko"
    app_context.notifier = RecordingNotifier()
    page = UnsubscribesPage(app_context)
    qtbot.addWidget(page)

    async def go() -> None:
        app_context.client()
        sim = app_context.simulator
        for number in ("01098765432", "01055501234", "0312345678"):
            sim.register_call_unsubscribe(number)
        await page.add_numbers([f"0102000{i:04d}" for i in range(12)])
        await page.sync()
        page.resize(900, 520)
        page.show()
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "전화번호"
        assert page.model.kind_text("C") == "080 전화로 등록"
        assert page.age_label.text() == "방금 내려받음"
        page.grab().save("/tmp/unsubscribes.png")

    qloop.run_until_complete(go())


def test_api_plex_profile_explains_and_switching_back_restores(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    stale = datetime.now(UTC) - timedelta(hours=1)
    entries = [svc.OptOutEntry(f"0107{i:07d}", stale, "M") for i in range(5)]
    store.replace_all(app_context.db, DEMO_SERVICE_ID, entries, stale)
    app_context.settings.use_demo("APIPLEX")
    page = UnsubscribesPage(app_context)
    qtbot.addWidget(page)

    async def go() -> None:
        page.show()
        assert page.gate.notice.isVisible() and not page.gate.body.isVisible()
        assert "API PLEX has no 080 opt-out list" in page.gate.notice.text()
        assert page.model.rowCount() == 0 and not page.age_timer.isActive()
        assert page.sync() is None and page.add_numbers(["01012345678"]) is None
        assert not app_context.tasks.is_running("optout-sync")
        # Back to SENS while shown: the cached list, and a download of the stale copy.
        app_context.settings.use_demo("SENS")
        assert not page.gate.notice.isVisible() and page.gate.body.isVisible()
        assert page.model.rowCount() == 5 and page.age_timer.isActive()
        await wait_until(lambda: app_context.simulator is not None, timeout=5)
        await wait_until(lambda: not app_context.tasks.is_running("optout-sync"), timeout=10)
        assert page.model.rowCount() == 0  # the simulator's list is empty: it replaced ours

    qloop.run_until_complete(go())
    assert recorder.errors == []

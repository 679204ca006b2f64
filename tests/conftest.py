"""Fixtures for the whole suite.

- Qt runs offscreen; the console's data and config live in a fresh temporary folder per
  test (``SENS_CONSOLE_HOME``), so tests never touch a real user's files.
- ``qloop``: a qasync event loop bound to the test's QApplication, set as the current
  asyncio loop and closed at teardown. Async GUI tests drive coroutines with
  ``qloop.run_until_complete(...)`` and await ``tests.support.wait_until`` inside them.
- ``memory_keyring`` (autouse): keyring's default backend is an in-memory one, so no test
  touches (or needs) the user's real keyring. Tests marked ``keyring`` get the real Secret
  Service instead (see tests/unit/test_secrets_secretservice.py).
- ``db``: a console database (``console.db``) in the test's temporary folder, closed at
  teardown.
- ``app_context``: an :class:`console.context.AppContext` on this test's data folder (demo
  mode, English) on the ``qloop``; closed (tasks cancelled) at teardown.
- ``korean``: Korean translators installed for the test (English again afterwards).
- ``main_window``: the console's main window on ``app_context`` (not shown).
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from console.store.database import Database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep Qt's own font warnings quiet on machines without the fonts the style asks for.
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")


@pytest.fixture(autouse=True)
def collect_garbage_on_main_thread() -> Iterator[None]:
    """Cyclic GC only between tests, on the main thread (as the app does with a timer).

    Automatic collection may run in any thread that allocates, e.g. an executor thread of
    a store call, and would then destroy Qt objects of an earlier test outside the GUI
    thread (Qt warnings, occasionally a segfault). See console/ui/common/garbage.py.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture(autouse=True)
def console_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data/config folder for this test."""
    home = tmp_path / "console-home"
    home.mkdir()
    monkeypatch.setenv("SENS_CONSOLE_HOME", str(home))
    return home


def _memory_keyring_class() -> type:
    """console.secrets.MemoryKeyring as a real KeyringBackend (keyring.set_keyring wants one)."""
    from keyring.backend import KeyringBackend

    from console.secrets import MemoryKeyring

    class _MemoryKeyring(MemoryKeyring, KeyringBackend):
        pass

    return _MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[object | None]:
    """keyring's backend for this test: in memory, unless the test is marked ``keyring``."""
    if request.node.get_closest_marker("keyring") is not None:
        yield None
        return
    import keyring

    previous = keyring.get_keyring()
    backend = _memory_keyring_class()()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def qloop(qapp):  # type: ignore[no-untyped-def]
    """A qasync loop for this test, closed (with its pending tasks cancelled) afterwards."""
    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    try:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()
        asyncio.set_event_loop(None)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A console database in this test's temporary folder, closed afterwards."""
    from console.store.database import Database

    database = Database(tmp_path / "console.db")
    yield database
    database.close()


@pytest.fixture
def simulator() -> Iterator[object]:
    """The SENS simulator on loopback with demo credentials (see console.simulator)."""
    from console.simulator import start

    sim = start(port=0)
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def app_context(qloop, console_home: Path):  # type: ignore[no-untyped-def]
    """An AppContext on this test's data folder; its tasks are cancelled at teardown."""
    from console.context import AppContext
    from console.secrets import SecretStore
    from console.session import DB_FILE_NAME
    from console.settings import Settings, data_dir
    from console.store.database import Database

    context = AppContext(
        Database(data_dir() / DB_FILE_NAME), Settings(), SecretStore(), language="en"
    )
    yield context
    if not context.tasks.closed:
        qloop.run_until_complete(context.aclose())


@pytest.fixture
def korean(qapp):  # type: ignore[no-untyped-def]
    """The Korean translations installed (as at a Korean start), removed afterwards."""
    from console.app import install_translators

    installed = install_translators(qapp, "ko")
    yield installed
    install_translators(qapp, "en")


@pytest.fixture
def main_window(qtbot, app_context):  # type: ignore[no-untyped-def]
    """The main window on ``app_context`` (call ``.show()`` when a test needs it shown)."""
    from console.ui.main_window import MainWindow

    window = MainWindow.for_context(app_context)
    qtbot.addWidget(window)
    return window

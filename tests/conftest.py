"""Fixtures for the whole suite.

- Qt runs offscreen; the console's data and config live in a fresh temporary folder per
  test (``SENS_CONSOLE_HOME``), so tests never touch a real user's files.
- ``qloop``: a qasync event loop bound to the test's QApplication, set as the current
  asyncio loop and closed at teardown. Async GUI tests drive coroutines with
  ``qloop.run_until_complete(...)`` and await ``tests.support.wait_until`` inside them.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep Qt's own font warnings quiet on machines without the fonts the style asks for.
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")


@pytest.fixture(autouse=True)
def console_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data/config folder for this test."""
    home = tmp_path / "console-home"
    home.mkdir()
    monkeypatch.setenv("SENS_CONSOLE_HOME", str(home))
    return home


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
def simulator() -> Iterator[object]:
    """The SENS simulator on loopback with demo credentials (see console.simulator)."""
    from console.simulator import start

    sim = start(port=0)
    try:
        yield sim
    finally:
        sim.stop()

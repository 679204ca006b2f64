"""Helpers shared by the tests (imported as ``tests.support``)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any


async def wait_until(
    predicate: Callable[[], bool], timeout: float = 5.0, interval: float = 0.01
) -> None:
    """Await until `predicate()` is true, letting the running (qasync) loop work meanwhile.

    Use this inside coroutines instead of ``qtbot.waitUntil``, which would re-enter the loop.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout} s")
        await asyncio.sleep(interval)


def signal_future(signal: Any) -> asyncio.Future[tuple[Any, ...]]:
    """A future resolved with the arguments of the next emission of a Qt `signal`."""
    loop = asyncio.get_event_loop()
    future: asyncio.Future[tuple[Any, ...]] = loop.create_future()

    def on_emit(*args: Any) -> None:
        if not future.done():
            future.set_result(args)
        with contextlib.suppress(RuntimeError, TypeError):
            signal.disconnect(on_emit)

    signal.connect(on_emit)
    return future


class RecordingNotifier:
    """The context's message bridge (``context.notifier``) for tests: keeps what was said."""

    def __init__(self) -> None:
        self.errors: list[Any] = []
        self.infos: list[str] = []

    def error(self, error: BaseException | str, *, dialog: bool = True) -> None:
        self.errors.append(error)

    def info(self, text: str) -> None:
        self.infos.append(text)


class RecordingNavigator:
    """The shell's navigator (``context.navigator``) for tests: keeps the pages opened
    and every Compose prefill handed over."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self.prefills: list[dict[str, Any]] = []

    def open_page(self, key: str) -> None:
        self.pages.append(key)

    def open_compose(self, **prefill: Any) -> None:
        self.prefills.append(prefill)


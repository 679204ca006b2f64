"""The one owner of the console's running asyncio tasks.

asyncio keeps only weak references to tasks, so a fire-and-forget ``create_task`` can be
garbage-collected mid-flight; and on quit, tasks left running are destroyed while pending.
:class:`TaskRunner` keeps a strong reference to every task it starts, gives each a name
(starting a name again cancels the previous run, e.g. a new history search cancels the old
one), reports failures to one error handler, and cancels everything on quit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorHandler = Callable[[BaseException], None]


class TaskRunner:
    """Named, referenced, cancellable tasks on the current (qasync) loop."""

    def __init__(self, on_error: ErrorHandler | None = None) -> None:
        self._tasks: dict[str, asyncio.Task[Any]] = {}
        self._anonymous: set[asyncio.Task[Any]] = set()
        self._closed = False
        #: Called with the exception of a task that failed (not cancelled).
        self.on_error: ErrorHandler | None = on_error

    def start(
        self, name: str, coro: Coroutine[Any, Any, T], *, replace: bool = True
    ) -> asyncio.Task[T]:
        """Run `coro` as task `name`; a previous run of `name` is cancelled first.

        With ``replace=False`` several tasks may share the name (each kept until done).
        """
        if self._closed:
            coro.close()
            raise RuntimeError("the task runner is shut down")
        if replace:
            previous = self._tasks.pop(name, None)
            if previous is not None and not previous.done():
                log.debug("task %s restarted: cancelling the previous run", name)
                previous.cancel()
                # Keep a reference until its cancellation has run to the end.
                self._anonymous.add(previous)
        task = _loop().create_task(coro, name=name)
        if replace:
            self._tasks[name] = task
        else:
            self._anonymous.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        name = task.get_name()
        if self._tasks.get(name) is task:
            del self._tasks[name]
        self._anonymous.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        if self._closed:
            # Failing while being cancelled on quit (e.g. a connection torn down mid-close):
            # worth a log line, not a dialog over a closing window.
            log.warning("task %s failed while shutting down", name, exc_info=exc)
            return
        if self.on_error is not None:
            self.on_error(exc)
        else:
            log.error("task %s failed", name, exc_info=exc)

    def get(self, name: str) -> asyncio.Task[Any] | None:
        """The running task called `name`, if any."""
        task = self._tasks.get(name)
        return task if task is not None and not task.done() else None

    def is_running(self, name: str) -> bool:
        return self.get(name) is not None

    def cancel(self, name: str) -> bool:
        """Cancel task `name`; True if there was one running."""
        task = self._tasks.get(name)
        if task is None or task.done():
            return False
        task.cancel()
        return True

    def running(self) -> list[asyncio.Task[Any]]:
        """Every task still running."""
        tasks = [*self._tasks.values(), *self._anonymous]
        return [t for t in tasks if not t.done()]

    async def shutdown(self, timeout: float = 5.0) -> None:
        """Cancel every task and wait (up to `timeout` s) until they have finished."""
        self._closed = True
        tasks = self.running()
        for task in tasks:
            task.cancel()
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            log.warning(
                "task %s did not finish within %.1f s of cancellation", task.get_name(), timeout
            )

    @property
    def closed(self) -> bool:
        return self._closed


def _loop() -> asyncio.AbstractEventLoop:
    """The running loop, or (before it runs, e.g. while the window is built) the set one."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.get_event_loop_policy().get_event_loop()

"""TaskRunner: named tasks are referenced, restarted, reported and cancelled on shutdown."""

from __future__ import annotations

import asyncio
import gc

import pytest

from console.tasks import TaskRunner


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_restarting_a_name_cancels_the_previous_run() -> None:
    async def body() -> None:
        runner = TaskRunner()
        started: list[int] = []
        cancelled: list[int] = []

        async def job(n: int) -> int:
            started.append(n)
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled.append(n)
                raise
            return n

        first = runner.start("search", job(1))
        await asyncio.sleep(0)
        second = runner.start("search", job(2))
        await asyncio.sleep(0)
        assert first.cancelled() or cancelled == [1]
        assert runner.get("search") is second
        await runner.shutdown()
        assert cancelled == [1, 2]
        assert second.cancelled()
        assert runner.running() == []

    run(body())


def test_tasks_are_kept_alive_without_caller_references() -> None:
    async def body() -> None:
        runner = TaskRunner()
        done = asyncio.Event()

        async def job() -> None:
            await asyncio.sleep(0.01)
            done.set()

        runner.start("bg", job())
        gc.collect()
        await asyncio.wait_for(done.wait(), 2)
        await asyncio.sleep(0)
        assert not runner.is_running("bg")

    run(body())


def test_failures_reach_the_error_handler() -> None:
    async def body() -> list[BaseException]:
        errors: list[BaseException] = []
        runner = TaskRunner(on_error=errors.append)

        async def boom() -> None:
            raise ValueError("boom")

        task = runner.start("boom", boom())
        with pytest.raises(ValueError):
            await task
        await asyncio.sleep(0)
        return errors

    errors = run(body())
    assert len(errors) == 1 and isinstance(errors[0], ValueError)


def test_parallel_tasks_with_replace_false_and_no_start_after_shutdown() -> None:
    async def body() -> None:
        runner = TaskRunner()
        events = [asyncio.Event() for _ in range(3)]
        tasks = [runner.start("upload", e.wait(), replace=False) for e in events]
        assert len(runner.running()) == 3
        assert runner.cancel("upload") is False  # not a replaceable name
        await runner.shutdown()
        assert all(t.cancelled() for t in tasks)
        coro = asyncio.sleep(0)
        with pytest.raises(RuntimeError):
            runner.start("late", coro)
        assert runner.closed

    run(body())


def test_cancel_by_name() -> None:
    async def body() -> None:
        runner = TaskRunner()
        task = runner.start("poll", asyncio.sleep(10))
        assert runner.cancel("poll") is True
        with pytest.raises(asyncio.CancelledError):
            await task
        assert runner.cancel("poll") is False

    run(body())


def test_failures_during_shutdown_are_logged_not_reported(caplog) -> None:  # type: ignore[no-untyped-def]
    async def body() -> list[BaseException]:
        errors: list[BaseException] = []
        runner = TaskRunner(on_error=errors.append)

        async def messy_cleanup() -> None:
            try:
                await asyncio.sleep(10)
            finally:
                raise OSError("connection torn down")

        runner.start("messy", messy_cleanup())
        await asyncio.sleep(0)
        await runner.shutdown()
        return errors

    assert run(body()) == []
    assert any("failed while shutting down" in r.getMessage() for r in caplog.records)

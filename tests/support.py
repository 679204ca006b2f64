"""Helpers shared by the tests (imported as ``tests.support``)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from console.store.jobs import BatchRecipient, BatchSpec


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


async def send_and_record(
    db: Any,
    client: Any,
    numbers: Sequence[str],
    content: str,
    *,
    caller: str,
    service_id: str,
    name: Callable[[str], str] = lambda _number: "",
    unit_cost: float | None = None,
) -> str:
    """Send one SMS request to `numbers` through the SENS `client` and record it in
    History's store `db` the way the sending service does; returns its request ID.

    `name` gives each number's recipient name, `unit_cost` the price per message (no
    cost recorded when None).
    """
    from console.providers.sens.models import MessageItem, SendMessageRequest
    from console.store.history import AcceptedRequest, SentMessage, insert_accepted

    answer = await client.send_message(
        SendMessageRequest(
            type="SMS",
            from_=caller,
            content=content,
            messages=[MessageItem(to=n) for n in numbers],
        )
    )
    with db.transaction() as conn:
        insert_accepted(
            conn,
            AcceptedRequest(
                request_id=answer.request_id,
                accepted_at=answer.request_time,
                type="SMS",
                caller=caller,
                content=content,
                messages=[SentMessage(to=n, name=name(n)) for n in numbers],
                cost=None if unit_cost is None else unit_cost * len(numbers),
                service_id=service_id,
            ),
        )
    return str(answer.request_id)


async def send_from_compose(page: Any, *, timeout: float = 60.0) -> None:
    """Send what the Compose `page` holds as a user does: Send, then Send on the
    confirmation sheet; returns when the job is done and the page no longer sends."""
    page.send()
    await wait_until(lambda: page.confirm_sheet is not None, timeout=20)
    assert page.confirm_sheet is not None
    page.confirm_sheet.send_button.click()
    await wait_until(
        lambda: page.last_progress is not None
        and page.last_progress.done
        and not page.is_sending(),
        timeout=timeout,
    )


def batch_specs(
    numbers: Sequence[str],
    *,
    caller: str,
    content: str,
    per_batch: int = 100,
    type: str = "SMS",
    message: Callable[[str], dict[str, str]] | None = None,
    recipient: Callable[[str], BatchRecipient] | None = None,
    unit_cost: float | None = None,
    **body: Any,
) -> list[BatchSpec]:
    """Send job batches for `numbers`, `per_batch` to a batch, as the journal stores them.

    Each body is the documented SENS one (`type`, COMM, +82, `caller`, `content`, one
    ``messages[]`` item per number: `message(number)`, default ``{"to": number}``) plus
    the extra `body` fields (subject, reserveTime, files ...). `recipient(number)` gives
    History's recipient (default: the number alone); `unit_cost` the price per message.
    """
    from console.store.jobs import BatchRecipient, BatchSpec

    make_item = message or (lambda n: {"to": n})
    make_recipient = recipient or BatchRecipient
    specs: list[BatchSpec] = []
    for start in range(0, len(numbers), per_batch):
        chunk = list(numbers[start : start + per_batch])
        spec_body = {
            "type": type,
            "contentType": "COMM",
            "countryCode": "82",
            "from": caller,
            "content": content,
            "messages": [make_item(n) for n in chunk],
            **body,
        }
        cost = None if unit_cost is None else unit_cost * len(chunk)
        specs.append(BatchSpec(type, spec_body, [make_recipient(n) for n in chunk], cost=cost))
    return specs


#: The list on the "명단" sheet of :func:`three_sheet_workbook`.
SHEET_LIST = (
    ("전화번호", "이름", "부서"),
    ("010-2345-6789", "김민준", "총무팀"),
    ("010-3456-7890", "이서연", "영업팀"),
    ("010-4567-8901", "박지훈", "개발팀"),
)


def three_sheet_workbook(path: Path, *, hidden_list: bool = False) -> Path:
    """An .xlsx as office files often are: a cover page with text ("표지"), an empty sheet
    ("빈 시트"), then the list ("명단": :data:`SHEET_LIST`, hidden if asked)."""
    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "표지"
    cover.append(["2026년 송년회 초대 명단"])
    cover.append(["총무팀 작성, 외부 배포 금지"])
    wb.create_sheet("빈 시트")
    names = wb.create_sheet("명단")
    for row in SHEET_LIST:
        names.append(list(row))
    if hidden_list:
        names.sheet_state = "hidden"
    wb.save(path)
    return path


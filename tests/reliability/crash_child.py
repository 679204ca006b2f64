"""The console's services in a child process, for test_crash_points.py to SIGKILL.

    python tests/reliability/crash_child.py MODE DATA_DIR [BASE_URL]

MODE is ``send`` (create the bulk job if there is none, then run every unfinished job),
``poll`` (poll History until every request is final), ``import`` (import one CSV into
saved lists again and again) or ``settings`` (save profiles and preferences in a loop).
The child prints ``GO`` when its imports are done and the work starts, then progress
lines; the parent kills it at a seeded moment after ``GO``.
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from console.providers.sens.client import RetryPolicy, SensClient  # noqa: E402
from console.simulator import (  # noqa: E402
    DEMO_ACCESS_KEY,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
)
from console.store.database import Database  # noqa: E402

DB_NAME = "console.sqlite3"
SEND_RECIPIENTS = 6_000
IMPORT_FILE = "명단.csv"


def _client(base_url: str) -> SensClient:
    return SensClient(
        DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID, base_url=base_url,
        retry=RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05),
    )


def send_numbers() -> list[str]:
    return [f"0107{i:07d}" for i in range(SEND_RECIPIENTS)]


async def send(folder: Path, base_url: str) -> None:
    from console.services.sending import SendingService
    from tests.reliability.faultkit import make_specs

    db = Database(folder / DB_NAME)
    client = _client(base_url)
    service = SendingService(db, client, concurrency=4, settle_seconds=0.5)
    print("GO", flush=True)
    jobs = service.unfinished_jobs()
    if not jobs and not service.store.jobs():
        job_id = service.create_job(make_specs(send_numbers()), profile="demo")
        jobs = [service.store.job(job_id)]
    for job in jobs:
        final = await service.run(
            job.job_id, lambda p: print("ACCEPTED", p.accepted_batches, flush=True)
        )
        print("FINAL", final.state, final.accepted_recipients, flush=True)
    await client.aclose()
    db.close()


async def poll(folder: Path, base_url: str) -> None:
    from console.services.history import Backoff, HistoryPoller
    from console.store import history as store

    db = Database(folder / DB_NAME)
    client = _client(base_url)
    backoff = Backoff(first=0.05, ceilings=((float("inf"), 0.2),), idle_check=0.1)
    poller = HistoryPoller(db, client, backoff=backoff)
    print("GO", flush=True)
    for _ in range(600):
        report = await poller.poll_once()
        left = store.unfinished_count(db.connection())
        print("POLLED", report.requests, report.changed_messages, left, flush=True)
        if not left:
            break
        await asyncio.sleep(0.05)
    print("FINAL", store.unfinished_count(db.connection()), flush=True)
    poller.close()
    await client.aclose()
    db.close()


def import_lists(folder: Path) -> None:
    from console.services import importing as imp
    from console.services.recipient_lists import RecipientLists

    db = Database(folder / DB_NAME)
    lists = RecipientLists(db)
    print("GO", flush=True)
    taken = {info.name for info in lists.lists()}
    for n in itertools.count():
        name = f"명단-{n}"
        if name in taken:
            continue
        result = imp.import_file(folder / IMPORT_FILE)
        info = lists.save_import(result, name)
        print("SAVED", info.name, info.count, flush=True)


def save_settings() -> None:
    from console.settings import Profile, Settings

    settings = Settings()
    print("GO", flush=True)
    for n in itertools.count():
        settings.save_profile(
            Profile(
                name=f"프로필 {n % 7}",
                service_id=f"ncp:sms:kr:{n % 7:012d}:svc",
                access_key=f"ACCESS{n % 7:014d}",
                caller_numbers=("0212345678",),
                id=f"p{n % 7}",
            )
        )
        settings.set_value("window", {"n": n, "pad": "가" * (n % 5000)})
        settings.set_language("ko" if n % 2 else "en")


def main() -> None:
    mode, folder = sys.argv[1], Path(sys.argv[2])
    base_url = sys.argv[3] if len(sys.argv) > 3 else ""
    if mode == "send":
        asyncio.run(send(folder, base_url))
    elif mode == "poll":
        asyncio.run(poll(folder, base_url))
    elif mode == "import":
        import_lists(folder)
    elif mode == "settings":
        save_settings()
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()

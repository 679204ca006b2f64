"""Kill the sending process with SIGKILL mid-job, restart it, and prove exactly-once delivery.

The simulator runs in this (test) process, like SENS it outlives the console; the console
runs in a real subprocess that journals to a SQLite file. Each round starts the sender,
waits until it reports a number of accepted batches (plus a random extra delay, so the
kill lands anywhere: between journal writes, mid-request, mid-reconciliation), kills it
with SIGKILL and starts it again; the last round runs to the end.
"""

from __future__ import annotations

import collections
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from console.simulator import start

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import asyncio, sys
from console.providers.sens.client import RetryPolicy, SensClient
from console.services.sending import SendingService
from console.simulator import DEMO_ACCESS_KEY, DEMO_CALLER_NUMBERS, DEMO_SECRET_KEY, DEMO_SERVICE_ID
from console.store.database import Database
from console.store.jobs import BatchRecipient, BatchSpec

db_path, base_url, total = sys.argv[1], sys.argv[2], int(sys.argv[3])

def specs():
    phones = [f"0106{i:07d}" for i in range(total)]
    out = []
    for s in range(0, total, 100):
        chunk = phones[s:s + 100]
        body = {"type": "LMS", "contentType": "COMM", "countryCode": "82",
                "from": DEMO_CALLER_NUMBERS[0], "subject": "안내", "content": "점검 안내입니다",
                "messages": [{"to": n} for n in chunk]}
        out.append(BatchSpec("LMS", body, [BatchRecipient(n) for n in chunk]))
    return out

async def main():
    db = Database(db_path)
    client = SensClient(DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID, base_url=base_url,
                        retry=RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05))
    service = SendingService(db, client, concurrency=4, settle_seconds=0.5)
    jobs = service.unfinished_jobs()
    if not jobs and not service.store.jobs():
        job_id = service.create_job(specs(), profile="demo")
        jobs = [service.store.job(job_id)]
    print("START", len(jobs), flush=True)
    for job in jobs:
        doubt = service.store.batches(job.job_id, ("sending", "ambiguous"))
        print("UNCERTAIN", len(doubt), flush=True)

    def progress(p):
        print("ACCEPTED", p.accepted_batches, p.state, flush=True)

    for job in jobs:
        final = await service.run(job.job_id, progress)
        print("FINAL", final.state, final.accepted_recipients, flush=True)
    await client.aclose()

asyncio.run(main())
"""


def _spawn(db_path: Path, base_url: str, total: int, log: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with log.open("a") as stderr:  # a file, not a pipe: a chatty child never blocks on it
        return subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db_path), base_url, str(total)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )


def _run_until(
    proc: subprocess.Popen[str], accepted: int, extra: float, timeout: float, uncertain: list[int]
) -> int:
    """Read progress until `accepted` batches are reported, wait `extra`, SIGKILL; returns the
    last count seen."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    last = 0
    for line in proc.stdout:
        if line.startswith("UNCERTAIN"):
            uncertain.append(int(line.split()[1]))
        if line.startswith("ACCEPTED"):
            last = int(line.split()[1])
            if last >= accepted:
                break
        if time.monotonic() > deadline:
            break
    time.sleep(extra)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return last


@pytest.mark.timeout(240)
def test_sigkill_mid_send_then_resume_sends_each_recipient_once(tmp_path: Path) -> None:
    total = 4000  # 40 requests of 100
    db_path = tmp_path / "console.db"
    log = tmp_path / "sender.log"
    rng = random.Random(20260101)
    sim = start(
        port=0, latency=0.08, drop_rate=0.1, error_rate=0.05, seed=3, db_path=tmp_path / "sim.db"
    )
    try:
        kills = 0
        uncertain: list[int] = []
        for target in (3, 12, 22, 30):
            proc = _spawn(db_path, sim.base_url, total, log)
            seen = _run_until(proc, target, rng.uniform(0.0, 0.25), 120, uncertain)
            kills += 1
            if seen >= 40:
                break
        final = _spawn(db_path, sim.base_url, total, log)
        out, _ = final.communicate(timeout=180)
        assert final.returncode == 0, log.read_text()[-3000:]
        uncertain += [int(x.split()[1]) for x in out.splitlines() if x.startswith("UNCERTAIN")]
        # the kills landed with requests in flight: those batches had to be looked up
        assert sum(uncertain) > 0
        assert "FINAL completed" in out or "START 0" in out, out[-2000:]

        accepted = sim.accepted_messages()
        counts = collections.Counter(m.to for m in accepted)
        duplicates = [n for n, c in counts.items() if c > 1]
        expected = {f"0106{i:07d}" for i in range(total)}
        assert not duplicates, f"{len(duplicates)} recipients received twice"
        assert set(counts) == expected, f"{len(expected - set(counts))} recipients lost"

        with sqlite3.connect(db_path) as conn:
            states = dict(conn.execute("SELECT state, COUNT(*) FROM send_batches GROUP BY state"))
            job_state = conn.execute("SELECT state FROM send_jobs").fetchone()[0]
            recorded = {r[0] for r in conn.execute("SELECT request_id FROM sent_requests")}
            history_recipients = conn.execute("SELECT COUNT(*) FROM sent_messages").fetchone()[0]
        assert states == {"accepted": 40} and job_state == "completed"
        assert recorded == {m.request_id for m in accepted}  # History matches SENS exactly
        assert history_recipients == total
        assert kills >= 3
    finally:
        sim.stop()

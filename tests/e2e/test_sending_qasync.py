"""The sending service on the window's qasync loop (journal thread + httpx on Qt's loop)."""

from __future__ import annotations

import asyncio
import collections
from pathlib import Path
from typing import Any

from console.providers.sens.client import SensClient
from console.services.sending import SendingService, SendProgress
from console.simulator import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    start,
)
from console.store.database import Database
from tests.support import batch_specs


def test_send_on_the_qasync_loop_keeps_the_loop_ticking(qloop: Any, tmp_path: Path) -> None:
    phones = [f"0108{i:07d}" for i in range(2000)]
    specs = batch_specs(phones, caller=DEMO_CALLER_NUMBERS[0], content="qasync")
    db = Database(tmp_path / "q.db")
    ticks: list[float] = []

    async def go(sim: Any) -> SendProgress:
        client = SensClient(
            DEMO_ACCESS_KEY, DEMO_SECRET_KEY, DEMO_SERVICE_ID, base_url=sim.base_url
        )
        service = SendingService(db, client, settle_seconds=0.2)
        job_id = await service.create_job_async(specs, profile="demo")
        stop = asyncio.Event()

        async def heartbeat() -> None:
            while not stop.is_set():
                await asyncio.sleep(0.01)
                ticks.append(asyncio.get_running_loop().time())

        beat = asyncio.ensure_future(heartbeat())
        try:
            return await service.run(job_id)
        finally:
            stop.set()
            await beat
            await client.aclose()

    with start(port=0, latency=0.02, drop_rate=0.1, seed=5) as sim:
        final = qloop.run_until_complete(go(sim))
        counts = collections.Counter(m.to for m in sim.accepted_messages())
    db.close()
    assert final.state == "completed", final.reason
    assert set(counts) == set(phones) and max(counts.values()) == 1
    assert len(ticks) > 10  # the loop kept serving timers during the send

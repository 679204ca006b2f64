"""A personalised draft planned by console.domain.plan goes out through SendingService:
SMS and LMS recipients in separate requests, each recipient's own text, History filled."""

from __future__ import annotations

import asyncio
from pathlib import Path

from console.domain.models import Draft, Recipient
from console.domain.plan import build_plan
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
from console.store.history import message_rows, requests_of_job


def test_personalised_plan_is_sent_with_the_right_types_and_texts(tmp_path: Path) -> None:
    recipients = [
        Recipient(f"0109{i:07d}", f"고객{i}", {"안내": "짧음" if i % 3 else "긴 " * 60})
        for i in range(250)
    ]
    draft = Draft(content="#{이름}님, #{안내}", caller=DEMO_CALLER_NUMBERS[0])
    plan = build_plan(draft, recipients, prices={"SMS": 9.9, "LMS": 30.0, "MMS": 100.0})
    assert {b.type for b in plan.batches} == {"SMS", "LMS"}
    db = Database(tmp_path / "p.db")

    async def go(sim: object) -> tuple[str, SendProgress]:
        client = SensClient(
            DEMO_ACCESS_KEY,
            DEMO_SECRET_KEY,
            DEMO_SERVICE_ID,
            base_url=sim.base_url,  # type: ignore[attr-defined]
        )
        service = SendingService(db, client)
        job_id = await service.create_job_async(plan, profile="demo", title="안내")
        try:
            return job_id, await service.run(job_id)
        finally:
            await client.aclose()

    with start(port=0) as sim:
        job_id, final = asyncio.run(go(sim))
        accepted = {m.to: m for m in sim.accepted_messages()}
    assert final.state == "completed" and final.accepted_recipients == 250
    assert len(accepted) == 250
    short, long_ = accepted["01090000001"], accepted["01090000000"]
    assert (short.type, short.content) == ("SMS", "고객1님, 짧음")
    assert long_.type == "LMS" and long_.content.startswith("고객0님, 긴 긴")
    requests = requests_of_job(db, job_id)
    assert len(requests) == len(plan.batches)
    price = {"SMS": 9.9, "LMS": 30.0}
    for request in requests:
        assert request.cost is not None
        assert abs(request.cost - price[request.type] * request.recipient_count) < 1e-6
    sms = next(r for r in requests if r.type == "SMS")
    rows = message_rows(db, sms.request_id)
    assert rows[0]["name"].startswith("고객") and rows[0]["fields"]["안내"] == "짧음"
    db.close()

"""The History poller and queries with two providers: API PLEX rows are never polled
through SENS, the poller idles (asking for no client) while an API PLEX profile is active,
webhook changes reach its listeners, and API PLEX rows read API PLEX's own words."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from console.errors import ConsoleError
from console.providers.sens.client import RetryPolicy, SensClient
from console.services.history import (
    Backoff,
    HistoryPoller,
    HistoryQueries,
    PollerState,
    is_apiplex_row,
    row_result_text,
)
from console.store.database import Database
from console.store.history import AcceptedRequest, HistoryFilter, SentMessage, insert_accepted

SERVICE = "ncp:sms:kr:1:unit"
FAST = Backoff(first=0.01, factor=1.0, ceilings=((math.inf, 0.05),), idle_check=0.02)


def record(db: Database, rid: str, provider: str, **extra: Any) -> None:
    with db.transaction() as conn:
        insert_accepted(
            conn,
            AcceptedRequest(
                request_id=rid,
                accepted_at=datetime.now(UTC) - timedelta(minutes=1),
                type="SMS",
                caller="0212345678",
                content="본문",
                messages=[SentMessage(to="01011112222")],
                service_id=SERVICE,
                provider=provider,
                **extra,
            ),
        )


def sens_client(asked: list[str]) -> SensClient:
    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params.get("requestId", ""))
        return httpx.Response(
            200,
            json={"statusCode": "202", "statusName": "success", "messages": [],
                  "pageSize": 1000, "itemCount": 0, "hasMore": False},
        )

    return SensClient(
        "AK", "SK", SERVICE, base_url="http://sens.test",
        transport=httpx.MockTransport(handler), retry=RetryPolicy(attempts=1),
    )


def test_api_plex_rows_are_never_polled_through_sens(qloop: Any, db: Database) -> None:
    record(db, "apiplex-job-0", "apiplex")
    record(db, "sens-1", "sens")
    asked: list[str] = []
    client = sens_client(asked)
    poller = HistoryPoller(db, client, backoff=FAST)
    report = qloop.run_until_complete(poller.poll_once())
    qloop.run_until_complete(client.aclose())
    assert asked == ["sens-1"]
    assert report.requests == 1


def test_only_api_plex_rows_waiting_needs_no_client(qloop: Any, db: Database) -> None:
    record(db, "apiplex-job-0", "apiplex")

    def no_client() -> SensClient:
        raise AssertionError("the poller asked for a SENS client")

    poller = HistoryPoller(db, no_client, backoff=FAST)
    assert qloop.run_until_complete(poller.poll_once()).requests == 0


def test_inactive_poller_idles_without_a_client_and_wakes_when_sens_is_back(
    qloop: Any, db: Database
) -> None:
    record(db, "sens-1", "sens")
    asked: list[str] = []
    client = sens_client(asked)
    sens_active = [False]
    sources: list[str] = []

    def source() -> SensClient:
        sources.append("asked")
        if not sens_active[0]:
            raise ConsoleError("API PLEX profile", "API PLEX 프로필")
        return client

    poller = HistoryPoller(db, source, backoff=FAST, active=lambda: sens_active[0])
    states: list[PollerState] = []
    poller.add_state_listener(states.append)

    async def scenario() -> None:
        task = asyncio.ensure_future(poller.run())
        try:
            await asyncio.sleep(0.15)
            assert {s.kind for s in states} == {"inactive"}
            assert sources == [] and asked == []
            sens_active[0] = True
            poller.wake()
            for _ in range(100):
                if asked:
                    break
                await asyncio.sleep(0.02)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await client.aclose()

    qloop.run_until_complete(scenario())
    assert asked and asked[0] == "sens-1"
    assert "error" not in {s.kind for s in states}


def test_webhook_changes_reach_the_change_listeners(db: Database) -> None:
    poller = HistoryPoller(db, lambda: sens_client([]), backoff=FAST)
    heard: list[set[str]] = []
    poller.add_change_listener(heard.append)
    poller.notify_changed({"apiplex-job-0"})
    poller.notify_changed(set())
    assert heard == [{"apiplex-job-0"}]


def test_api_plex_rows_read_their_stored_words_not_sens_codes(db: Database) -> None:
    record(db, "apiplex-job-0", "apiplex")
    record(db, "sens-1", "sens")
    with db.transaction() as conn:
        conn.execute(
            "UPDATE sent_messages SET outcome = 'failed', status = 'COMPLETED', "
            "status_code = 'G141', message_id = 'key-1', "
            "status_message = 'Refused by API PLEX: Recipient number exception (G141).' "
            "WHERE request_id = 'apiplex-job-0'"
        )
        conn.execute(
            "UPDATE sent_messages SET outcome = 'failed', status = 'COMPLETED', "
            "status_code = '3001', message_id = 'm-1' WHERE request_id = 'sens-1'"
        )
    queries = HistoryQueries(db, language="en")
    try:
        (apiplex,) = queries.message_page("apiplex-job-0", HistoryFilter(), "seq", False, 0, 10)
        (sens,) = queries.message_page("sens-1", HistoryFilter(), "seq", False, 0, 10)
        assert apiplex["provider"] == "apiplex" and sens["provider"] == "sens"
        assert is_apiplex_row(apiplex) and not is_apiplex_row(sens)
        # No API PLEX journal row for key-1: the text History stored is shown.
        assert row_result_text(apiplex, "en") == (
            "Refused by API PLEX: Recipient number exception (G141)."
        )
        assert "Unknown" not in row_result_text(apiplex, "en")
        assert row_result_text(sens, "en") != row_result_text(apiplex, "en")
        by_id = queries.message_rows([int(apiplex["id"])])
        assert by_id[int(apiplex["id"])]["provider"] == "apiplex"
        # An export row has no provider column: the local request ID tells.
        assert is_apiplex_row({"request_id": "apiplex-job-0"})
        assert not is_apiplex_row({"request_id": "sens-1"})
    finally:
        queries.close()

"""End to end: client -> simulator -> webhook POST -> local receiver -> store (by msg_key)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.providers.apiplex import (
    Acceptance,
    ApiPlexAmbiguousSendError,
    ApiPlexClient,
    BizMessage,
    DeliveryResult,
    GmsMessage,
)
from console.services.webhooks import WebhookReceiver, WebhookReceiverError, describe_state
from console.simulator.apiplex import DEMO_SECRET_KEY, DEMO_USER_ID, ApiPlexSimulator, start
from console.store.apiplex import ApiPlexStore, OutgoingMessage
from console.store.database import Database
from tests.support import wait_until

SENDER = "0212345678"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ApiPlexStore]:
    db = Database(tmp_path / "console.sqlite3")
    try:
        yield ApiPlexStore(db)
    finally:
        db.close()


@pytest.fixture
def receiver(store: ApiPlexStore) -> Iterator[WebhookReceiver]:
    r = WebhookReceiver(store, port=0, path="/apiplex/result")
    r.start()
    try:
        yield r
    finally:
        r.stop()


@pytest.fixture
def sim(receiver: WebhookReceiver) -> Iterator[ApiPlexSimulator]:
    s = start(port=0, seed=7, webhook_url=receiver.url, webhook_delay=0.05,
              webhook_retry_interval=0.05)
    try:
        yield s
    finally:
        s.stop()


def client(sim: ApiPlexSimulator, **kw: Any) -> ApiPlexClient:
    return ApiPlexClient(DEMO_USER_ID, DEMO_SECRET_KEY, base_url=sim.base_url, **kw)


async def journalled_send(
    store: ApiPlexStore, c: ApiPlexClient, messages: list[BizMessage], job: str
) -> list[Acceptance]:
    """What a sending service does: keys first, journal, send, store acceptances."""
    keyed = c.with_keys(messages)
    store.record_sending(
        [OutgoingMessage(m.msg_key or "", "SMS", m.receiver_number, m.sender_number,
                         c.service_ids["SMS"], m.title, m.echo_to_webhook) for m in keyed],
        profile_id="office-apiplex", job_ref=job,
    )
    try:
        result = await c.send_sms(keyed)
    except ApiPlexAmbiguousSendError as exc:
        store.mark_unknown(exc.msg_keys)
        raise
    for a in result:
        store.record_acceptance(a.key, product=a.product, code=a.code, desc=a.desc,
                                accepted=a.accepted, receiver=a.receiver)
    return result


def test_results_reach_the_store_and_the_callback_on_the_loop(
    store: ApiPlexStore, sim: ApiPlexSimulator
) -> None:
    seen: list[tuple[int, list[DeliveryResult]]] = []
    rejected_receiver = "0000"

    async def scenario() -> tuple[list[Acceptance], int]:
        loop_thread = threading.get_ident()
        receiver = WebhookReceiver(store, port=0,
                                   on_results=lambda rs: seen.append((threading.get_ident(), rs)))
        async with receiver:
            sim.set_webhook_url(receiver.url)
            async with client(sim) as c:
                messages = [BizMessage(f"010{i:08d}", f"안내 {i}", SENDER, echo_to_webhook=f"r{i}")
                            for i in range(12)]
                messages.append(BizMessage(rejected_receiver, "x", SENDER))
                result = await journalled_send(store, c, messages, "job-1")
            await wait_until(lambda: sum(len(rs) for _, rs in seen) == 12, timeout=10)
        return result, loop_thread

    result, loop_thread = asyncio.run(scenario())
    assert [a.accepted for a in result] == [True] * 12 + [False]
    assert {thread for thread, _ in seen} == {loop_thread}
    assert store.counts(job_ref="job-1") == {"delivered": 12, "rejected": 1}
    first = store.get(result[0].key)
    assert first is not None
    assert (first.state, first.result_code, first.result_ok, first.accept_code) == (
        "delivered", "0", True, "C100")
    assert first.carrier in ("SKT", "KT", "LGU") and first.done_date and first.request_date
    assert json.loads(first.result_raw or "{}")["echo_to_webhook"] == "r0"
    assert first.profile_id == "office-apiplex" and first.service_id == "sms-standard"
    bad = store.get(result[-1].key)
    assert bad is not None and (bad.state, bad.accept_code) == ("rejected", "G141")
    answers = [e["answer"] for e in sim.webhook_log()]
    assert answers == [{"code": "100", "desc": "Success"}] * 12
    assert len(store.webhook_log()) == 12


def test_failed_deliveries_are_stored_with_their_code(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    store = ApiPlexStore(db)
    receiver = WebhookReceiver(store, port=0)
    receiver.start()
    s = start(port=0, seed=3, webhook_url=receiver.url, webhook_delay=0.01,
              outcomes={"0": 1.0, "E": 1.0, "2": 1.0})
    try:
        async def go() -> list[Acceptance]:
            async with client(s) as c:
                result = await journalled_send(
                    store, c, [BizMessage(f"010{i:08d}", "x", SENDER) for i in range(20)], "j")
            await wait_until(lambda: store.counts().get("accepted", 0) == 0, timeout=10)
            return result

        asyncio.run(go())
        rows = store.messages(job_ref="j")
        codes = {r.result_code for r in rows}
        assert codes == {"0", "E", "2"}
        for r in rows:
            assert r.state == ("delivered" if r.result_code == "0" else "failed")
            assert r.result_ok is (r.result_code == "0")
    finally:
        s.stop()
        receiver.stop()
        db.close()


def test_gms_results_by_message_id(store: ApiPlexStore, sim: ApiPlexSimulator) -> None:
    sim.gms_outcomes = {9: 1.0}

    async def go() -> list[Acceptance]:
        async with client(sim) as c:
            result = await c.send_gms([GmsMessage("+41 79 302 67 27", "Hello"),
                                       GmsMessage("+44 7911 123456", "Hi")])
        for a in result:
            store.record_acceptance(a.key, product="GMS", code=a.code, desc=a.desc,
                                    accepted=a.accepted, receiver=a.receiver,
                                    sms_count=a.sms_count)
        await wait_until(lambda: store.counts().get("failed", 0) == 2, timeout=10)
        return result

    result = asyncio.run(go())
    row = store.get(result[0].key)
    assert row is not None
    assert (row.product, row.accept_code, row.result_code, row.sms_count) == (
        "GMS", "PENDING_ACCEPTED", "UNDELIVERABLE_NOT_DELIVERED", 1)
    assert row.receiver == "41793026727" and row.done_date and row.done_date.endswith("+0900")


def test_ambiguous_send_is_resolved_by_the_webhook(
    store: ApiPlexStore, receiver: WebhookReceiver
) -> None:
    s = start(port=0, latency=1.5, webhook_url=receiver.url, webhook_delay=0.01)
    try:
        async def go() -> tuple[str, ...]:
            async with client(s, timeout=httpx.Timeout(0.5, connect=5.0)) as c:
                with pytest.raises(ApiPlexAmbiguousSendError) as info:
                    await journalled_send(store, c, [BizMessage("01012345678", "x", SENDER)], "a")
            keys = info.value.msg_keys
            row = store.get(keys[0])
            assert row is not None and row.state in ("unknown", "delivered")
            await wait_until(lambda: getattr(store.get(keys[0]), "state", "") == "delivered",
                             timeout=10)
            return keys

        keys = asyncio.run(go())
        assert [m["msg_key"] for m in s.accepted_messages()] == list(keys)
    finally:
        s.stop()


def test_simulator_retries_until_the_receiver_answers_100(
    store: ApiPlexStore, receiver: WebhookReceiver
) -> None:
    wrong = receiver.url.replace("/apiplex/result", "/elsewhere")
    s = start(port=0, webhook_url=wrong, webhook_delay=0.01, webhook_retry_interval=0.02,
              webhook_max_attempts=3)
    try:
        async def go() -> None:
            async with client(s) as c:
                [a] = await c.send_sms([BizMessage("01012345678", "x", SENDER, msg_key="k1")])
                assert a.accepted
            await wait_until(lambda: len(s.webhook_log()) == 3, timeout=10)
            await asyncio.sleep(0.1)
            s.set_webhook_url(receiver.url)
            async with client(s) as c:
                await c.send_sms([BizMessage("01012345678", "x", SENDER, msg_key="k2")])
            await wait_until(lambda: len(s.webhook_log()) == 4, timeout=10)

        asyncio.run(go())
        log = s.webhook_log()
        assert [(e["key"], e["status"], e["delivered"]) for e in log[:3]] == [
            ("k1", 404, False)] * 3
        assert (log[3]["key"], log[3]["delivered"]) == ("k2", True)
        assert store.get("k1") is None
        k2 = store.get("k2")
        assert k2 is not None and k2.state == "delivered"  # result known before acceptance
    finally:
        s.stop()


def test_receiver_validates_bodies_and_is_idempotent(
    store: ApiPlexStore, receiver: WebhookReceiver
) -> None:
    body = {"results": [{"code": "0", "desc": "성공", "dest": "KT", "msg_key": "m1",
                         "request_date": "2026-01-01 10:00:00.000",
                         "done_date": "2026-01-01 10:00:02.000", "echo_to_webhook": "",
                         "message_type": "LMS"}]}
    store.record_sending([OutgoingMessage("m1", "LMS", "01012345678", SENDER)], job_ref="x")
    with httpx.Client() as http:
        for _ in range(2):  # API PLEX may deliver the same result again
            answer = http.post(receiver.url, json=body)
            assert answer.status_code == 200
            assert answer.json() == {"code": "100", "desc": "Success"}
        bad = http.post(receiver.url, content=b'{"results": [{"msg_key": "m2"}]}',
                        headers={"Content-Type": "application/json;charset=utf-8"})
        assert bad.status_code == 400 and bad.json()["code"] != "100"
        assert http.post(receiver.url.replace("/apiplex/result", "/x"), json=body).status_code \
            == 404
        assert http.get(receiver.url).status_code == 405
    row = store.get("m1")
    assert row is not None and (row.state, row.carrier, row.job_ref) == ("delivered", "KT", "x")
    assert store.get("m2") is None
    assert receiver.stats.received == 2 and receiver.stats.rejected == 1
    assert receiver.stats.last_error == "results[0].code is missing"
    assert [e["ok"] for e in store.webhook_log()] == [0, 1, 1]


def test_receiver_port_in_use_is_a_console_error(
    store: ApiPlexStore, receiver: WebhookReceiver
) -> None:
    other = WebhookReceiver(store, port=receiver.port)
    with pytest.raises(WebhookReceiverError) as info:
        other.start()
    assert "다른 포트" in info.value.message_ko
    assert not other.running


def test_store_never_downgrades_final_states(store: ApiPlexStore) -> None:
    store.record_result("g1", product="GMS", code="DELIVERED_TO_HANDSET", desc="", ok=True)
    store.record_result("g1", product="GMS", code="PENDING_ENROUTE", desc="", ok=True,
                        final=False)
    store.record_acceptance("g1", product="GMS", code="PENDING_ACCEPTED", desc="",
                            accepted=True)
    row = store.get("g1")
    assert row is not None
    assert (row.state, row.result_code, row.accept_code) == (
        "delivered", "DELIVERED_TO_HANDSET", "PENDING_ACCEPTED")
    store.record_sending([OutgoingMessage("s1", "SMS", "01012345678")])
    store.mark_unknown(["s1", "g1"])
    assert store.get("s1").state == "unknown"  # type: ignore[union-attr]
    assert store.get("g1").state == "delivered"  # type: ignore[union-attr]
    store.record_result("g2", product="GMS", code="PENDING_ENROUTE", desc="", ok=True,
                        final=False)
    assert store.counts() == {"delivered": 1, "unknown": 1, "pending": 1}
    assert {r.msg_key for r in store.messages(states=["pending", "unknown"])} == {"g2", "s1"}
    assert [r.msg_key for r in store.messages(limit=1)] == ["g2"]  # newest first


def test_history_texts_explain_each_state(store: ApiPlexStore) -> None:
    store.record_acceptance("a", product="SMS", code="C100", desc="success", accepted=True)
    store.record_acceptance("r", product="SMS", code="G140", desc="", accepted=False)
    store.record_acceptance("gr", product="GMS", code="REJECTED_SENDER", desc="", accepted=False)
    store.record_sending([OutgoingMessage("u", "SMS", "01012345678")])
    store.mark_unknown(["u"])
    store.record_result("f", product="SMS", code="E", desc="", ok=False,
                        raw={"msg_key": "f", "code": "E", "message_type": "SMS"})
    store.record_result("d", product="SMS", code="0", desc="", ok=True, carrier="SKT")

    def text(key: str, enabled: bool, lang: str = "ko") -> str:
        row = store.get(key)
        assert row is not None
        return describe_state(row, receiver_enabled=enabled).text(lang)

    assert "웹훅 수신기가 꺼져" in text("a", False) and "기다리는 중" in text("a", True)
    assert "webhook receiver is off" in text("a", False, "en")
    assert "발신번호 예외" in text("r", True) and "(G140)" in text("r", True)
    assert "발신자가 거부함" in text("gr", True)
    assert "다시 보내지 마세요" in text("u", True)
    assert "단말기 전원 꺼짐" in text("f", True) and text("f", True, "en").startswith("Not deliv")
    assert text("d", True) == "전달되었습니다 [SKT]."

"""The SENS simulator over real loopback HTTP, signed by a helper written here (not the
console's client), so these tests pin the wire contract the client is built against."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import math
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from PIL import Image

from console.simulator import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    Account,
    Simulator,
    start,
)

KST = ZoneInfo("Asia/Seoul")
BASE = f"/sms/v2/services/{DEMO_SERVICE_ID}"
CALLER = DEMO_CALLER_NUMBERS[0]


class Signer:
    """Sends requests signed the SENS v2 way: HMAC-SHA256 over
    "METHOD raw-path?query\\ntimestamp\\naccessKey" with the bytes that go on the wire."""

    def __init__(
        self, sim: Simulator, access: str = DEMO_ACCESS_KEY, secret: str = DEMO_SECRET_KEY
    ) -> None:
        self.sim = sim
        self.access = access
        self.secret = secret
        self.http = httpx.Client(base_url=sim.base_url, timeout=10)

    def close(self) -> None:
        self.http.close()

    def sign(self, method: str, target: str, timestamp: str) -> str:
        message = f"{method} {target}\n{timestamp}\n{self.access}".encode()
        return base64.b64encode(
            hmac.new(self.secret.encode(), message, hashlib.sha256).digest()
        ).decode()

    def __call__(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
        timestamp: int | None = None,
        target: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        request = self.http.build_request(method, path, params=params, json=json)
        ts = str(timestamp if timestamp is not None else int(time.time() * 1000))
        signed_target = target if target is not None else request.url.raw_path.decode("ascii")
        request.headers.update({
            "x-ncp-apigw-timestamp": ts,
            "x-ncp-iam-access-key": self.access,
            "x-ncp-apigw-signature-v2": self.sign(method, signed_target, ts),
        })
        if headers:
            request.headers.update(headers)
        return self.http.send(request)


@pytest.fixture
def call(simulator: Simulator) -> Iterator[Signer]:
    signer = Signer(simulator)
    yield signer
    signer.close()


def sms(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "SMS", "contentType": "COMM", "countryCode": "82", "from": CALLER,
        "content": "테스트 메시지", "messages": [{"to": "01012345678"}],
    }
    body.update(overrides)
    return body


def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.05)


# --- gateway: authentication --------------------------------------------------------------


def test_fixture_simulator_serves_on_loopback(simulator: Simulator) -> None:
    assert simulator.base_url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("missing", [
    "x-ncp-apigw-timestamp", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2",
])
def test_missing_auth_header_is_401(call: Signer, missing: str) -> None:
    ts = str(int(time.time() * 1000))
    headers = {
        "x-ncp-apigw-timestamp": ts,
        "x-ncp-iam-access-key": DEMO_ACCESS_KEY,
        "x-ncp-apigw-signature-v2": call.sign("GET", f"{BASE}/unsubscribes", ts),
    }
    del headers[missing]
    response = call.http.get(f"{BASE}/unsubscribes", headers=headers)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["errorCode"] == "200" and error["message"] == "Authentication Failed"
    assert missing in error["details"]


def test_wrong_key_or_secret_is_401(simulator: Simulator) -> None:
    for signer in (Signer(simulator, access="NOSUCHKEY"), Signer(simulator, secret="wrong")):
        response = signer("GET", f"{BASE}/unsubscribes")
        signer.close()
        assert response.status_code == 401
        assert response.json()["error"]["message"] == "Authentication Failed"


@pytest.mark.parametrize("offset_s", [-301, 301])
def test_timestamp_outside_five_minutes_is_401(call: Signer, offset_s: int) -> None:
    stamp = int((time.time() + offset_s) * 1000)
    response = call("GET", f"{BASE}/unsubscribes", timestamp=stamp)
    assert response.status_code == 401
    assert "timestamp" in response.json()["error"]["details"].lower()
    near = int((time.time() + 200) * 1000)
    assert call("GET", f"{BASE}/unsubscribes", timestamp=near).status_code == 200


def test_signature_covers_the_raw_encoded_target(call: Signer) -> None:
    params = {"requestStartTime": "2026-01-01 00:00:00", "requestEndTime": "2026-01-02 00:00:00",
              "to": "01012345678"}
    good = call("GET", f"{BASE}/messages", params=params)
    assert good.status_code in (200, 400)  # signature accepted (the window may be too old)
    decoded = f"{BASE}/messages?" + "&".join(f"{k}={v}" for k, v in params.items())
    bad = call("GET", f"{BASE}/messages", params=params, target=decoded)
    assert bad.status_code == 401
    no_query = call("GET", f"{BASE}/messages", params=params, target=f"{BASE}/messages")
    assert no_query.status_code == 401


def test_signed_date_header_and_json_content_type(call: Signer) -> None:
    response = call("GET", f"{BASE}/unsubscribes")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "GMT" in response.headers["date"]
    assert response.json() == []


# --- routing ------------------------------------------------------------------------------


def test_unknown_route_unknown_service_and_foreign_service() -> None:
    other = Account("ncp:sms:kr:999:other", "OTHERKEY", "other-secret", ("0311112222",))
    with start(port=0, accounts=[other]) as sim:
        call = Signer(sim)
        try:
            route = call("GET", f"{BASE}/nothing-here")
            assert route.status_code == 404 and route.json()["error"]["errorCode"] == "300"
            wrong_method = call("PUT", f"{BASE}/messages", json={})
            assert wrong_method.status_code == 404
            unknown = call("POST", "/sms/v2/services/ncp:sms:kr:0:nope/messages", json=sms())
            assert unknown.status_code == 404
            assert unknown.json()["statusName"] == "fail"
            foreign = call("GET", "/sms/v2/services/ncp:sms:kr:999:other/unsubscribes")
            assert foreign.status_code == 403
            own = Signer(sim, "OTHERKEY", "other-secret")
            try:
                sent = own("POST", "/sms/v2/services/ncp:sms:kr:999:other/messages",
                           json=sms(**{"from": "0311112222"}))
                assert sent.status_code == 202
            finally:
                own.close()
        finally:
            call.close()


def test_accounts_knob_accepts_mappings() -> None:
    extra = {"service_id": "ncp:sms:kr:2:extra", "access_key": "EXTRAKEY",
             "secret_key": "extra-secret", "callers": ["0319998888"]}
    with start(port=0, accounts=[extra]) as sim:
        own = Signer(sim, "EXTRAKEY", "extra-secret")
        try:
            path = "/sms/v2/services/ncp:sms:kr:2:extra/messages"
            assert own("POST", path, json=sms(**{"from": "0319998888"})).status_code == 202
            # Each service has its own caller numbers.
            assert own("POST", path, json=sms()).status_code == 400
        finally:
            own.close()
        assert [m.from_ for m in sim.accepted_messages()] == ["0319998888"]


def test_invalid_json_and_validation_errors_are_sens_shaped_400(call: Signer) -> None:
    response = call("POST", f"{BASE}/messages", json=None)
    assert response.status_code == 400
    request = call.http.build_request("POST", f"{BASE}/messages", content=b"{not json",
                                      headers={"Content-Type": "application/json"})
    ts = str(int(time.time() * 1000))
    request.headers.update({
        "x-ncp-apigw-timestamp": ts, "x-ncp-iam-access-key": DEMO_ACCESS_KEY,
        "x-ncp-apigw-signature-v2": call.sign("POST", f"{BASE}/messages", ts),
    })
    broken = call.http.send(request)
    assert broken.status_code == 400 and broken.json()["statusName"] == "fail"
    plain = call.http.build_request("POST", f"{BASE}/messages", content=b"{}",
                                    headers={"Content-Type": "text/plain"})
    plain.headers.update({
        "x-ncp-apigw-timestamp": ts, "x-ncp-iam-access-key": DEMO_ACCESS_KEY,
        "x-ncp-apigw-signature-v2": call.sign("POST", f"{BASE}/messages", ts),
    })
    assert call.http.send(plain).status_code == 415
    too_many = call("POST", f"{BASE}/messages",
                    json=sms(messages=[{"to": f"010{n:08d}"} for n in range(101)]))
    assert too_many.status_code == 400
    body = too_many.json()
    assert body["statusCode"] == "400" and "100" in body["errorMessage"]


# --- send, query, result ------------------------------------------------------------------


def test_send_then_follow_to_completion() -> None:
    with start(port=0, delivery_delay=(0.2, 0.3), delivery_jitter=0,
               outcomes={"0": 1}) as sim:
        call = Signer(sim)
        try:
            sent = call("POST", f"{BASE}/messages", json=sms(messages=[
                {"to": "01011112222"}, {"to": "01033334444", "content": "개별 내용"},
            ]))
            assert sent.status_code == 202
            request_id = sent.json()["requestId"]
            assert [m.request_id for m in sim.accepted_messages()] == [request_id] * 2

            def page() -> dict[str, Any]:
                response = call("GET", f"{BASE}/messages", params={"requestId": request_id})
                assert response.status_code == 200
                return response.json()

            first = page()
            assert first["statusCode"] == "202" and first["itemCount"] == 2
            assert {m["status"] for m in first["messages"]} <= {"READY", "PROCESSING"}
            wait_for(lambda: {m["status"] for m in page()["messages"]} == {"COMPLETED"})
            message_id = page()["messages"][1]["messageId"]
            result = call("GET", f"{BASE}/messages/{message_id}")
            assert result.status_code == 200
            (item,) = result.json()["messages"]
            assert item["content"] == "개별 내용" and item["statusCode"] == "0"
            assert item["statusName"] == "success"
            missing = call("GET", f"{BASE}/messages/nope")
            assert missing.status_code == 404
        finally:
            call.close()


def test_list_paging_with_next_token(call: Signer, simulator: Simulator) -> None:
    for _ in range(3):
        batch = [{"to": f"010{n:08d}"} for n in range(100)]
        assert call("POST", f"{BASE}/messages", json=sms(messages=batch)).status_code == 202
    now = datetime.fromtimestamp(simulator.clock.now(), KST)
    window = {"requestStartTime": (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
              "requestEndTime": (now + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
              "pageSize": "100"}
    ids: list[str] = []
    params = dict(window)
    pages = 0
    while True:
        response = call("GET", f"{BASE}/messages", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        pages += 1
        ids += [m["messageId"] for m in body["messages"]]
        if not body["hasMore"]:
            break
        params = {**window, "nextToken": body["nextToken"]}
    assert pages == 3 and len(set(ids)) == 300
    assert ids == [m.message_id for m in simulator.accepted_messages()]


def test_page_index_paging_knob() -> None:
    with start(port=0, paging="pageIndex") as sim:
        call = Signer(sim)
        try:
            sent = call("POST", f"{BASE}/messages",
                        json=sms(messages=[{"to": f"010{n:08d}"} for n in range(30)]))
            request_id = sent.json()["requestId"]
            first = call("GET", f"{BASE}/messages",
                         params={"requestId": request_id, "pageSize": "20"}).json()
            second = call("GET", f"{BASE}/messages", params={
                "requestId": request_id, "pageSize": "20", "pageIndex": "1",
            }).json()
            assert (first["pageIndex"], first["itemCount"], first["hasMore"]) == (0, 20, True)
            assert (second["pageIndex"], second["itemCount"], second["hasMore"]) == (1, 10, False)
            assert "nextToken" not in first
        finally:
            call.close()


def test_query_window_errors_over_http(call: Signer) -> None:
    both = call("GET", f"{BASE}/messages", params={
        "requestStartTime": "2026-01-01 00:00:00", "requestEndTime": "2026-01-02 00:00:00",
        "completeStartTime": "2026-01-01 00:00:00", "completeEndTime": "2026-01-02 00:00:00",
    })
    assert both.status_code == 400
    assert call("GET", f"{BASE}/messages").status_code == 400


# --- files and MMS ------------------------------------------------------------------------


def jpeg_b64(width: int, height: int) -> str:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (255, 200, 0)).save(out, "JPEG")
    return base64.b64encode(out.getvalue()).decode()


def test_upload_reuse_and_mms(call: Signer, simulator: Simulator) -> None:
    body = {"fileName": "notice.jpg", "fileBody": jpeg_b64(800, 600)}
    first = call("POST", f"{BASE}/files", json=body)
    assert first.status_code == 200
    again = call("POST", f"{BASE}/files", json=body)
    assert again.json() == first.json()
    too_big = call("POST", f"{BASE}/files",
                   json={"fileName": "big.jpg", "fileBody": jpeg_b64(1600, 100)})
    assert too_big.status_code == 400
    file_id = first.json()["fileId"]
    sent = call("POST", f"{BASE}/messages",
                json=sms(type="MMS", subject="안내", files=[{"fileId": file_id}]))
    assert sent.status_code == 202
    (logged,) = simulator.accepted_messages()
    assert logged.type == "MMS" and logged.files == (file_id,) and logged.subject == "안내"


# --- reservations -------------------------------------------------------------------------


def reserve_time(sim: Simulator, minutes_ahead: int) -> str:
    """The next whole minute at least `minutes_ahead` minutes after the simulator's now."""
    now = sim.clock.now() + minutes_ahead * 60
    return datetime.fromtimestamp(math.ceil(now / 60) * 60, KST).strftime("%Y-%m-%d %H:%M")


def test_reservation_runs_on_the_accelerated_clock() -> None:
    with start(port=0, time_scale=600, delivery_delay=(30, 30), delivery_jitter=0,
               outcomes={"0": 1}) as sim:
        call = Signer(sim)
        try:
            too_soon = call("POST", f"{BASE}/messages", json=sms(
                reserveTime=datetime.fromtimestamp(sim.clock.now() + 300, KST)
                .strftime("%Y-%m-%d %H:%M")))
            assert too_soon.status_code == 400
            sent = call("POST", f"{BASE}/messages", json=sms(reserveTime=reserve_time(sim, 11)))
            assert sent.status_code == 202, sent.text
            reserve_id = sent.json()["requestId"]
            keep = call("POST", f"{BASE}/messages", json=sms(reserveTime=reserve_time(sim, 60)))
            cancel_id = keep.json()["requestId"]

            def status(rid: str) -> str:
                response = call("GET", f"{BASE}/reservations/{rid}/reserve-status")
                assert response.status_code == 200
                return str(response.json()["reserveStatus"])

            assert status(reserve_id) == "READY"
            listed = call("GET", f"{BASE}/messages", params={"requestId": reserve_id}).json()
            assert listed["statusName"] == "reserved" and listed["messages"] == []
            assert call("DELETE", f"{BASE}/reservations/{cancel_id}").status_code == 204
            assert status(cancel_id) == "CANCELED"
            wait_for(lambda: status(reserve_id) == "DONE", timeout=15)
            late_cancel = call("DELETE", f"{BASE}/reservations/{reserve_id}")
            assert late_cancel.status_code == 400
            wait_for(lambda: call("GET", f"{BASE}/messages", params={"requestId": reserve_id})
                     .json()["messages"][0]["status"] == "COMPLETED", timeout=15)
            not_reserved = call("POST", f"{BASE}/messages", json=sms()).json()["requestId"]
            missing = call("GET", f"{BASE}/reservations/{not_reserved}/reserve-status")
            assert missing.status_code == 404
        finally:
            call.close()


# --- 080 ----------------------------------------------------------------------------------


def test_unsubscribes_over_http(call: Signer, simulator: Simulator) -> None:
    numbers = [{"clientTelNo": f"010{n:08d}"} for n in range(150)]
    added = call("POST", f"{BASE}/unsubscribes", json=numbers)
    assert added.status_code == 200 and len(added.json()) == 150
    assert added.json()[0]["registerType"] == "M"
    simulator.register_call_unsubscribe("01099998888")
    first = call("GET", f"{BASE}/unsubscribes").json()
    second = call("GET", f"{BASE}/unsubscribes", params={"pageIndex": "1"}).json()
    assert len(first) == 100 and len(second) == 51
    assert second[-1] == {**second[-1], "clientTelNo": "01099998888", "registerType": "C"}
    too_many = [{"clientTelNo": f"010{n:08d}"} for n in range(1001)]
    assert call("POST", f"{BASE}/unsubscribes", json=too_many).status_code == 400
    deleted = call("DELETE", f"{BASE}/unsubscribes", json=numbers[:50])
    assert deleted.status_code == 204 and deleted.content == b""
    remaining = call("GET", f"{BASE}/unsubscribes", params={"pageSize": "100", "pageIndex": "1"})
    assert len(remaining.json()) == 1

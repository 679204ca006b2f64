"""The simulator's reliability knobs, persistence, concurrency, clean stop and CLI, over
real loopback HTTP with a signing helper of this file's own."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from console.simulator import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    Simulator,
    start,
)

BASE = f"/sms/v2/services/{DEMO_SERVICE_ID}"


def signed(
    http: httpx.Client, method: str, path: str, *, params: dict[str, str] | None = None,
    json: Any = None, now: float | None = None,
) -> httpx.Response:
    request = http.build_request(method, path, params=params, json=json)
    ts = str(int((time.time() if now is None else now) * 1000))
    target = request.url.raw_path.decode("ascii")
    digest = hmac.new(
        DEMO_SECRET_KEY.encode(), f"{method} {target}\n{ts}\n{DEMO_ACCESS_KEY}".encode(),
        hashlib.sha256,
    ).digest()
    request.headers.update({
        "x-ncp-apigw-timestamp": ts,
        "x-ncp-iam-access-key": DEMO_ACCESS_KEY,
        "x-ncp-apigw-signature-v2": base64.b64encode(digest).decode(),
    })
    return http.send(request)


def sms(count: int = 1, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "SMS", "from": DEMO_CALLER_NUMBERS[0], "content": "공지",
        "messages": [{"to": f"010{n:08d}"} for n in range(count)],
    }
    body.update(overrides)
    return body


def client(sim: Simulator) -> httpx.Client:
    return httpx.Client(base_url=sim.base_url, timeout=10)


def test_drop_rate_accepts_then_drops_the_connection() -> None:
    with start(port=0, drop_rate=1.0) as sim, client(sim) as http:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            signed(http, "POST", f"{BASE}/messages", json=sms(3))
        logged = sim.accepted_messages()
        assert len(logged) == 3
        # The accepted request is really there: the client can find it afterwards.
        found = signed(http, "GET", f"{BASE}/messages",
                       params={"requestId": logged[0].request_id})
        assert found.status_code == 200 and found.json()["itemCount"] == 3
        # Only sends are dropped; a rejected send is answered normally.
        bad = signed(http, "POST", f"{BASE}/messages", json=sms(0))
        assert bad.status_code == 400


def test_drop_rate_is_a_fraction_and_seeded() -> None:
    def outcomes(seed: int) -> list[bool]:
        result = []
        with start(port=0, drop_rate=0.5, seed=seed) as sim, client(sim) as http:
            for _ in range(20):
                try:
                    signed(http, "POST", f"{BASE}/messages", json=sms())
                    result.append(True)
                except (httpx.RemoteProtocolError, httpx.ReadError):
                    result.append(False)
            assert len(sim.accepted_messages()) == 20
        return result

    first = outcomes(3)
    assert first == outcomes(3)
    assert 3 <= first.count(False) <= 17


def test_error_rate_answers_500_and_accepts_nothing() -> None:
    with start(port=0, error_rate=1.0) as sim, client(sim) as http:
        response = signed(http, "POST", f"{BASE}/messages", json=sms())
        assert response.status_code == 500
        assert response.json()["statusName"] == "fail"
        assert sim.accepted_messages() == ()


def test_rate_limit_answers_429_then_recovers() -> None:
    with start(port=0, rate_limit=5) as sim, client(sim) as http:
        statuses = [signed(http, "GET", f"{BASE}/unsubscribes").status_code for _ in range(15)]
        assert statuses[:5] == [200] * 5 and 429 in statuses
        limited = signed(http, "GET", f"{BASE}/unsubscribes")
        if limited.status_code == 429:
            assert limited.json()["error"]["errorCode"] == "420"
        time.sleep(0.5)
        assert signed(http, "GET", f"{BASE}/unsubscribes").status_code == 200


def test_latency_delays_every_answer() -> None:
    with start(port=0, latency=0.3) as sim, client(sim) as http:
        began = time.monotonic()
        assert signed(http, "GET", f"{BASE}/unsubscribes").status_code == 200
        assert time.monotonic() - began >= 0.3


def test_clock_skew_rejects_correct_clients_and_shows_in_date_header() -> None:
    with start(port=0, clock_skew=-600) as sim, client(sim) as http:
        response = signed(http, "GET", f"{BASE}/unsubscribes")
        assert response.status_code == 401
        assert "timestamp" in response.json()["error"]["details"].lower()
        server_time = parsedate_to_datetime(response.headers["date"]).timestamp()
        assert server_time == pytest.approx(time.time() - 600, abs=5)
        # A client that corrects for the skew it measured is accepted.
        fixed = signed(http, "GET", f"{BASE}/unsubscribes", now=time.time() - 600)
        assert fixed.status_code == 200


def _jpeg() -> str:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (0, 0, 0)).save(out, "JPEG")
    return base64.b64encode(out.getvalue()).decode()


def test_state_survives_a_restart_with_db_path(tmp_path: Path) -> None:
    db = tmp_path / "sens.sqlite3"
    with start(port=0, db_path=db, time_scale=100, delivery_delay=0.5) as sim, \
            client(sim) as http:
        sent = signed(http, "POST", f"{BASE}/messages", json=sms(5)).json()
        file = signed(http, "POST", f"{BASE}/files",
                      json={"fileName": "a.jpg", "fileBody": _jpeg()}).json()
        signed(http, "POST", f"{BASE}/unsubscribes", json=[{"clientTelNo": "01055556666"}])
        later = datetime.fromtimestamp(sim.clock.now() + 3 * 86400, UTC)
        reserved = signed(http, "POST", f"{BASE}/messages", json=sms(
            1, reserveTime=later.strftime("%Y-%m-%d %H:%M"), reserveTimeZone="UTC"))
        assert reserved.status_code == 202
        canceled = signed(http, "POST", f"{BASE}/messages", json=sms(
            1, reserveTime=later.strftime("%Y-%m-%d %H:%M"), reserveTimeZone="UTC")).json()
        assert signed(http, "DELETE",
                      f"{BASE}/reservations/{canceled['requestId']}").status_code == 204
        before = sim.accepted_messages()
        clock_before = sim.clock.now()
        before_page = signed(http, "GET", f"{BASE}/messages",
                             params={"requestId": sent["requestId"]}).json()
    with start(port=0, db_path=db, time_scale=100, delivery_delay=0.5) as sim, \
            client(sim) as http:
        assert sim.accepted_messages() == before
        assert sim.clock.now() >= clock_before
        after_page = signed(http, "GET", f"{BASE}/messages",
                            params={"requestId": sent["requestId"]}).json()
        assert [m["messageId"] for m in after_page["messages"]] == [
            m["messageId"] for m in before_page["messages"]
        ]
        again = signed(http, "POST", f"{BASE}/files",
                       json={"fileName": "a.jpg", "fileBody": _jpeg()}).json()
        assert again == file
        listed = signed(http, "GET", f"{BASE}/unsubscribes").json()
        assert [e["clientTelNo"] for e in listed] == ["01055556666"]
        reserve_id = reserved.json()["requestId"]
        status = signed(http, "GET", f"{BASE}/reservations/{reserve_id}/reserve-status")
        assert status.json()["reserveStatus"] == "READY"
        status = signed(http, "GET",
                        f"{BASE}/reservations/{canceled['requestId']}/reserve-status")
        assert status.json()["reserveStatus"] == "CANCELED"
        more = signed(http, "POST", f"{BASE}/messages", json=sms(2))
        assert more.status_code == 202
        ids = [m.message_id for m in sim.accepted_messages()]
        assert len(ids) == len(set(ids)) == len(before) + 2


def test_concurrent_sends_are_all_accepted_once() -> None:
    with start(port=0) as sim:
        http = client(sim)
        try:
            def send(n: int) -> str:
                response = signed(http, "POST", f"{BASE}/messages", json=sms(100))
                assert response.status_code == 202
                return str(response.json()["requestId"])

            began = time.monotonic()
            with ThreadPoolExecutor(8) as pool:
                request_ids = list(pool.map(send, range(80)))
            elapsed = time.monotonic() - began
        finally:
            http.close()
        assert len(set(request_ids)) == 80
        logged = sim.accepted_messages()
        assert len(logged) == 8000 and len({m.message_id for m in logged}) == 8000
        assert elapsed < 30


def test_stop_closes_keep_alive_connections_and_threads() -> None:
    sim = start(port=0)
    http = client(sim)
    try:
        assert signed(http, "GET", f"{BASE}/unsubscribes").status_code == 200  # keep-alive
        sim.stop()
        sim.stop()  # idempotent
        assert not [t for t in threading.enumerate() if t.name.startswith("sens-simulator")]
        with pytest.raises(OSError), socket.create_connection((sim.host, sim.port), timeout=1):
            pass
    finally:
        http.close()


def test_command_line_runs_in_the_foreground() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "console.simulator", "--port", "0", "--time-scale", "10",
         "--outcomes", "0=9,2003=1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("SENS simulator listening on http://127.0.0.1:")
        base_url = first.rsplit(" ", 1)[1].strip()
        banner = "".join(process.stdout.readline() for _ in range(5))
        assert DEMO_ACCESS_KEY in banner and DEMO_SECRET_KEY in banner
        assert DEMO_SERVICE_ID in banner
        with httpx.Client(base_url=base_url, timeout=10) as http:
            assert signed(http, "POST", f"{BASE}/messages", json=sms()).status_code == 202
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err

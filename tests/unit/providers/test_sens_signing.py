"""Signature v2: checked against HMACs computed here by hand, and over real loopback HTTP.

The property test sends arbitrary query parameters through ``httpx`` + :class:`SensAuth`
to a stdlib ``http.server`` on loopback, which recomputes the signature over the request
target exactly as it arrived on the socket (the request line) and decodes the query back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.providers.sens.signing import SensAuth, signature, signing_string

ACCESS = "AKIDEXAMPLE0000"
SECRET = "s3cr3t/with+chars="


def by_hand(method: str, target: str, timestamp: str, access: str, secret: str) -> str:
    message = method + " " + target + "\n" + timestamp + "\n" + access
    mac = hmac.new(secret.encode(), message.encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def test_signature_matches_hand_computed_hmac() -> None:
    target = "/sms/v2/services/ncp:sms:kr:123:demo/messages"
    expected = by_hand("POST", target, "1700000000000", ACCESS, SECRET)
    assert signature("POST", target, 1700000000000, ACCESS, SECRET) == expected
    assert signature("post", target, "1700000000000", ACCESS, SECRET) == expected


def test_signing_string_layout() -> None:
    assert signing_string("GET", "/a?b=c", 5, "AK") == "GET /a?b=c\n5\nAK"


def test_signature_changes_with_every_input() -> None:
    base = signature("GET", "/p", 1, "a", "s")
    assert signature("PUT", "/p", 1, "a", "s") != base
    assert signature("GET", "/q", 1, "a", "s") != base
    assert signature("GET", "/p", 2, "a", "s") != base
    assert signature("GET", "/p", 1, "b", "s") != base
    assert signature("GET", "/p", 1, "a", "t") != base


def test_auth_signs_the_encoded_target_on_the_wire() -> None:
    auth = SensAuth(ACCESS, SECRET, clock=lambda: 1700000000.123)
    request = httpx.Request(
        "GET",
        "https://sens.apigw.ntruss.com/sms/v2/services/ncp:sms:kr:1:demo/messages",
        params={"requestStartTime": "2024-01-01 10:00:00", "requestEndTime": "2024-01-02 10:00:00"},
    )
    flow = auth.auth_flow(request)
    signed = next(flow)
    # Spaces and colons go out encoded; the signature must cover exactly this text.
    target = (
        "/sms/v2/services/ncp:sms:kr:1:demo/messages"
        "?requestStartTime=2024-01-01+10%3A00%3A00&requestEndTime=2024-01-02+10%3A00%3A00"
    )
    assert signed.url.raw_path.decode() == target
    assert signed.headers["x-ncp-apigw-timestamp"] == "1700000000123"
    assert signed.headers["x-ncp-iam-access-key"] == ACCESS
    assert signed.headers["x-ncp-apigw-signature-v2"] == by_hand(
        "GET", target, "1700000000123", ACCESS, SECRET
    )
    with pytest.raises(StopIteration):
        next(flow)


def test_auth_repr_hides_the_secret() -> None:
    assert SECRET not in repr(SensAuth(ACCESS, SECRET))


class _Recorder(BaseHTTPRequestHandler):
    """Checks the signature over the raw request target, as the API Gateway would."""

    received: ClassVar[list[tuple[str, bool]]] = []

    def do_GET(self) -> None:
        target = self.path  # the request line's target, byte for byte (latin-1 decoded)
        expected = by_hand("GET", target, self.headers["x-ncp-apigw-timestamp"], ACCESS, SECRET)
        ok = hmac.compare_digest(expected, self.headers["x-ncp-apigw-signature-v2"] or "")
        self.received.append((target, ok))
        self.send_response(200 if ok else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def loopback() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.lists(st.tuples(_text.filter(bool), _text), max_size=6))
def test_any_query_round_trips_through_signing(
    loopback: str, params: list[tuple[str, str]]
) -> None:
    _Recorder.received.clear()
    with httpx.Client(auth=SensAuth(ACCESS, SECRET)) as client:
        response = client.get(f"{loopback}/sms/v2/services/ncp:sms:kr:1:x/messages", params=params)
    assert response.status_code == 200
    [(target, ok)] = _Recorder.received
    assert ok
    query = urlsplit(target).query
    decoded = parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="strict")
    # httpx groups repeated keys together; per key the values keep their order.
    assert sorted(decoded) == sorted(params)
    for key in {k for k, _ in params}:
        assert [v for k, v in decoded if k == key] == [v for k, v in params if k == key]

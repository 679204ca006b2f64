"""ApiPlexClient against the API PLEX simulator over loopback: every code path."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from console.providers.apiplex import (
    Acceptance,
    ApiPlexAmbiguousSendError,
    ApiPlexAuthError,
    ApiPlexClient,
    ApiPlexError,
    ApiPlexNetworkError,
    ApiPlexRateLimitError,
    ApiPlexServerError,
    ApiPlexValidationError,
    BizMessage,
    GmsMessage,
)
from console.simulator.apiplex import (
    DEMO_SECRET_KEY,
    DEMO_USER_ID,
    Account,
    ApiPlexSimulator,
    start,
)

T = TypeVar("T")
SENDER = "0212345678"
IMAGES = ("https://api-plex-upload-test/image/mms/demo/a.jpg",)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def sim() -> Iterator[ApiPlexSimulator]:
    s = start(port=0, seed=1)
    try:
        yield s
    finally:
        s.stop()


def client(sim: ApiPlexSimulator, **kw: Any) -> ApiPlexClient:
    kw.setdefault("backoff", 0.01)
    user = kw.pop("user_id", DEMO_USER_ID)
    secret = kw.pop("secret_key", DEMO_SECRET_KEY)
    return ApiPlexClient(user, secret, base_url=sim.base_url, **kw)


async def send(sim: ApiPlexSimulator, product: str, messages: list[Any], **kw: Any) -> Any:
    async with client(sim, **kw) as c:
        if product == "GMS":
            return await c.send_gms(messages)
        return await c.send_biz(product, messages)  # type: ignore[arg-type]


def sms(receiver: str = "01012345678", msg: str = "안내 문자입니다", **kw: Any) -> BizMessage:
    return BizMessage(receiver, msg, kw.pop("sender_number", SENDER), **kw)


# ---------------------------------------------------------------- accepted


def test_sms_accepted_with_generated_unique_keys(sim: ApiPlexSimulator) -> None:
    messages = [sms(f"0101234567{i}") for i in range(3)]
    result = run(send(sim, "SMS", messages))
    assert [a.accepted for a in result] == [True, True, True]
    assert {a.code for a in result} == {"C100"}
    assert result[0].meaning("ko") == "접수 성공" and result[0].meaning("en") == "Success"
    keys = [a.key for a in result]
    assert len(set(keys)) == 3 and all(keys)
    accepted = sim.accepted_messages()
    assert [m["msg_key"] for m in accepted] == keys
    assert [m["receiver_number"] for m in accepted] == [m.receiver_number for m in messages]
    assert accepted[0]["msg"] == "안내 문자입니다"
    assert accepted[0]["service_id"] == "sms-standard"


def test_caller_msg_key_and_optional_fields_reach_the_server(sim: ApiPlexSimulator) -> None:
    m = sms(msg_key="job1-0001", origin_cid="123456789", echo_to_webhook="row=7")
    [a] = run(send(sim, "SMS", [m]))
    assert a.key == "job1-0001" and a.receiver == "01012345678"
    [rec] = sim.accepted_messages()
    assert rec["origin_cid"] == "123456789" and rec["echo_to_webhook"] == "row=7"


def test_lms_title_and_mms_images(sim: ApiPlexSimulator) -> None:
    long_text = "가" * 900
    [lms] = run(send(sim, "LMS", [sms(msg=long_text, title="공지 제목")]))
    [mms] = run(
        send(
            sim,
            "MMS",
            [sms(msg="사진", title="사진", file_path=IMAGES * 3, sub_id="s1")],
            mms_service_id="mms-bulk",
        )
    )
    assert lms.accepted and mms.accepted
    first, second = sim.accepted_messages()
    assert (first["product"], first["title"], first["service_id"]) == (
        "LMS",
        "공지 제목",
        "lms-standard",
    )
    assert second["file_path"] == list(IMAGES * 3) and second["service_id"] == "mms-bulk"
    assert second["sub_id"] == "s1"


def test_send_is_split_into_requests_of_ten(sim: ApiPlexSimulator) -> None:
    messages = [sms(f"010{i:08d}") for i in range(25)]
    result = run(send(sim, "SMS", messages))
    assert len(result) == 25 and all(a.accepted for a in result)
    assert [a.receiver for a in result] == [m.receiver_number for m in messages]
    assert [r["items"] for r in sim.request_log()] == [10, 10, 5]


def test_with_keys_lets_the_caller_journal_before_sending(sim: ApiPlexSimulator) -> None:
    keyed = ApiPlexClient.with_keys([sms(), sms(msg_key="fixed")])
    assert keyed[1].msg_key == "fixed" and keyed[0].msg_key
    result = run(send(sim, "SMS", keyed))
    assert [a.key for a in result] == [m.msg_key for m in keyed]


# ---------------------------------------------------------------- per-message rejections


def test_http_200_with_per_message_rejections(sim: ApiPlexSimulator) -> None:
    messages = [
        sms(),
        sms(sender_number="0299999999"),  # not registered
        sms(receiver="12345"),  # not a phone number
        sms(echo_to_webhook="x" * 257),
        sms(msg="가" * 46),  # 92 bytes > 90
    ]
    result = run(send(sim, "SMS", messages, strict=False))
    assert [a.code for a in result] == ["C100", "G140", "G141", "G142", "C341"]
    assert [a.accepted for a in result] == [True, False, False, False, False]
    assert result[1].meaning("ko").startswith("발신번호 예외")
    assert result[3].meaning("en").startswith("Invalid echo_to_webhook")
    assert len(sim.accepted_messages()) == 1


def test_g110_credit_and_session_limits() -> None:
    accounts = {"small": Account("s3cret", services=("sms-standard",), credit=2)}
    s = start(port=0, accounts=accounts, session_limit=3)
    try:
        [g110] = run(send(s, "LMS", [sms(title="t")], user_id="small", secret_key="s3cret"))
        assert g110.code == "G110" and not g110.accepted
        result = run(send(s, "SMS", [sms(), sms(), sms()], user_id="small", secret_key="s3cret"))
        assert [a.code for a in result] == ["C100", "C100", "G150"]
        assert result[2].retryable
        demo = run(send(s, "SMS", [sms(), sms()]))
        assert [a.code for a in demo] == ["C100", "G160"]
    finally:
        s.stop()


def test_strict_mode_refuses_locally_before_any_request(sim: ApiPlexSimulator) -> None:
    bad = [
        sms(msg="가" * 46),
        sms(msg="똠 왔어요"),  # outside EUC-KR
        BizMessage("01012345678", "본문", SENDER, title="제" * 26),
        sms(echo_to_webhook="x" * 257),
    ]
    for product, message in [
        ("SMS", bad[0]),
        ("SMS", bad[1]),
        ("LMS", bad[2]),
        ("SMS", bad[3]),
        ("MMS", sms(title="t")),
    ]:
        with pytest.raises(ApiPlexValidationError) as info:
            run(send(sim, product, [message]))
        assert info.value.problems and info.value.message_ko
    assert sim.request_log() == []


def test_duplicate_keys_within_a_send_are_refused(sim: ApiPlexSimulator) -> None:
    with pytest.raises(ApiPlexValidationError, match="nothing was sent"):
        run(send(sim, "SMS", [sms(msg_key="k"), sms(msg_key="k")]))


# ---------------------------------------------------------------- request-level errors


@pytest.mark.parametrize(
    ("code", "error", "status"),
    [
        ("C400_1", ApiPlexValidationError, 400),
        ("C400_2", ApiPlexValidationError, 400),
        ("C400_3", ApiPlexValidationError, 400),
        ("C401_1", ApiPlexAuthError, 401),
        ("C401_2", ApiPlexAuthError, 401),
        ("C401_3", ApiPlexAuthError, 401),
        ("C404_1", ApiPlexValidationError, 404),
        ("C500_1", ApiPlexServerError, 500),
        ("G120", ApiPlexAuthError, 401),
        ("G210", ApiPlexValidationError, 400),
        ("G220", ApiPlexValidationError, 400),
        ("G250", ApiPlexServerError, 500),
        ("G410", ApiPlexServerError, 502),
        ("G900", ApiPlexServerError, 500),
        ("G910", ApiPlexServerError, 500),
        ("G920", ApiPlexServerError, 500),
    ],
)
def test_request_level_codes_raise_clear_errors(
    sim: ApiPlexSimulator, code: str, error: type[ApiPlexError], status: int
) -> None:
    sim.fail_next(code)
    with pytest.raises(error) as info:
        run(send(sim, "SMS", [sms()]))
    exc = info.value
    assert (exc.code, exc.status) == (code, status)
    assert exc.body and code in exc.body
    assert exc.message_ko != exc.message_en and exc.message_ko
    assert sim.accepted_messages() == []


def test_g310_credit_failure_is_a_plain_api_plex_error(sim: ApiPlexSimulator) -> None:
    sim.fail_next("G310")
    with pytest.raises(ApiPlexError) as info:
        run(send(sim, "SMS", [sms()]))
    assert type(info.value) is ApiPlexError and "잔액" in info.value.message_ko


def test_wrong_secret_and_malformed_credentials(sim: ApiPlexSimulator) -> None:
    with pytest.raises(ApiPlexAuthError) as wrong:
        run(send(sim, "SMS", [sms()], secret_key="nope"))
    assert wrong.value.code == "C401_3"
    with pytest.raises(ApiPlexAuthError) as empty:
        run(send(sim, "SMS", [sms()], secret_key=""))
    assert empty.value.code == "C401_2"
    with pytest.raises(ApiPlexAuthError) as gms:
        run(send(sim, "GMS", [GmsMessage("+41793026727", "hi")], secret_key="nope"))
    assert gms.value.code == "G120"
    with pytest.raises(ApiPlexValidationError):
        ApiPlexClient("a;b", "secret")


def test_unknown_service_id_is_c404(sim: ApiPlexSimulator) -> None:
    with pytest.raises(ApiPlexValidationError) as info:
        run(send(sim, "SMS", [sms()], sms_service_id="sms-premium"))
    assert (info.value.code, info.value.status) == ("C404_1", 404)


def test_missing_mms_image_reaches_the_server_as_c400_3(sim: ApiPlexSimulator) -> None:
    with pytest.raises(ApiPlexValidationError) as info:
        run(send(sim, "MMS", [sms(title="t")], strict=False))
    assert info.value.code == "C400_3" and "file_path" in (info.value.body or "")


def test_server_error_rate(sim: ApiPlexSimulator) -> None:
    sim.error_rate = 1.0
    with pytest.raises(ApiPlexServerError) as info:
        run(send(sim, "SMS", [sms()]))
    assert info.value.retryable and info.value.code == "C500_1"
    assert len(sim.request_log()) == 1  # a failed send is not retried


def test_failure_in_a_later_request_reports_earlier_acceptances(sim: ApiPlexSimulator) -> None:
    sim.fail_next("C500_1", skip=1)
    with pytest.raises(ApiPlexServerError) as info:
        run(send(sim, "SMS", [sms(f"010{i:08d}") for i in range(15)]))
    before = info.value.accepted_before
    assert len(before) == 10 and all(isinstance(a, Acceptance) and a.accepted for a in before)
    assert len(sim.accepted_messages()) == 10


# ---------------------------------------------------------------- 429, network, ambiguous


def test_rate_limit_is_retried_then_reported(sim: ApiPlexSimulator) -> None:
    sim.fail_next("429", count=2)
    [a] = run(send(sim, "SMS", [sms()]))
    assert a.accepted
    assert [r["status"] for r in sim.request_log()] == [429, 429, 200]
    sim.fail_next("429", count=5)
    with pytest.raises(ApiPlexRateLimitError) as info:
        run(send(sim, "SMS", [sms()], max_retries=1))
    assert info.value.status == 429 and info.value.retryable


def test_unreachable_server_is_a_network_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = ApiPlexClient(
        DEMO_USER_ID,
        DEMO_SECRET_KEY,
        base_url=f"http://127.0.0.1:{port}",
        backoff=0.01,
        max_retries=2,
    )

    async def go() -> None:
        async with c:
            await c.send_sms([sms()])

    with pytest.raises(ApiPlexNetworkError) as info:
        run(go())
    assert info.value.retryable and "발송되지 않았습니다" in info.value.message_ko


def test_timeout_after_the_request_was_written_is_ambiguous_and_not_retried() -> None:
    s = start(port=0, latency=1.5)
    try:
        with pytest.raises(ApiPlexAmbiguousSendError) as info:
            run(send(s, "SMS", [sms(), sms()], timeout=httpx.Timeout(0.5, connect=5.0)))
        accepted = s.accepted_messages()
        # the server did take the messages: exactly once, with the keys the error names
        assert [m["msg_key"] for m in accepted] == list(info.value.msg_keys)
        assert len(s.request_log()) <= 1
        assert not info.value.retryable
    finally:
        s.stop()


def test_dropped_connection_after_acceptance_is_ambiguous() -> None:
    s = start(port=0, drop_rate=1.0)
    try:
        with pytest.raises(ApiPlexAmbiguousSendError) as info:
            run(send(s, "GMS", [GmsMessage("+821012345678", "hello")]))
        assert [m["msg_key"] for m in s.accepted_messages()] == list(info.value.msg_keys)
        assert [r["status"] for r in s.request_log()] == [0]
    finally:
        s.stop()


def test_unreadable_200_answer_is_ambiguous() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>gateway</html>")

    async def go() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            c = ApiPlexClient("u", "k", http=http)
            await c.send_sms([sms()])

    with pytest.raises(ApiPlexAmbiguousSendError):
        run(go())


def test_documented_hosts_and_paths_are_used_by_default() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url} {request.headers['Authorization']}")
        assert request.headers["Content-Type"] == "application/json;charset=utf-8"
        if "gms" in request.url.path:
            return httpx.Response(
                200,
                json={
                    "messages": [
                        {
                            "to": "41793026727",
                            "messageId": "m1",
                            "smsCount": 1,
                            "status": {
                                "id": 26,
                                "groupId": 1,
                                "groupName": "PENDING",
                                "name": "PENDING_ACCEPTED",
                                "description": "x",
                            },
                        }
                    ]
                },
            )
        return httpx.Response(
            200, json={"results": [{"code": "C100", "msg_key": "k", "desc": "success"}]}
        )

    async def go() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            c = ApiPlexClient("user1", "sec", http=http, lms_service_id="lms-finance")
            await c.send_sms([sms(msg_key="k")])
            await c.send_lms([sms(msg_key="k")])
            await c.send_mms([sms(msg_key="k", file_path=IMAGES)])
            await c.send_gms([GmsMessage("+41 79 302 67 27", "hi", message_id="m1")])

    run(go())
    assert seen == [
        "https://0afupd5dlt.apigw.ntruss.com/sms-standard/v2/send user1;sec",
        "https://60zzfzb7bb.apigw.ntruss.com/lms-finance/v2/send user1;sec",
        "https://mr70wq2tj4.apigw.ntruss.com/mms-standard/v2/send user1;sec",
        "https://g8f5tsosp.apigw.ntruss.com/gms-kg/v1/send user1;sec",
    ]


# ---------------------------------------------------------------- GMS


def test_gms_accepted_with_status_mapping_and_default_sender(sim: ApiPlexSimulator) -> None:
    messages = [
        GmsMessage("+41 79 302 67 27", "Hello"),
        GmsMessage("82 10-1234-5678", "안녕하세요", sender="DEMOCO"),
    ]
    result = run(send(sim, "GMS", messages))
    assert [a.code for a in result] == ["PENDING_ACCEPTED", "PENDING_ACCEPTED"]
    assert all(a.accepted and a.status_id == 26 and a.status_group_id == 1 for a in result)
    assert result[0].meaning("ko") == "대기 수락 (대기)"
    assert [a.receiver for a in result] == ["41793026727", "821012345678"]
    first, second = sim.accepted_messages()
    assert first["sender_number"] == "ONSMS" and second["sender_number"] == "DEMOCO"
    assert first["receiver_number"] == "41793026727"
    assert len({a.key for a in result}) == 2


def test_gms_rejections_come_back_as_statuses(sim: ApiPlexSimulator) -> None:
    first = run(send(sim, "GMS", [GmsMessage("+41793026727", "a", message_id="dup")]))
    assert first[0].accepted
    result = run(
        send(
            sim,
            "GMS",
            [
                GmsMessage("+41793026727", "b", message_id="dup"),
                GmsMessage("+41793026727", "c", sender="NOTMINE"),
                GmsMessage("+41793026727", "x" * 800),
            ],
        )
    )
    assert [a.code for a in result] == [
        "REJECTED_DUPLICATE_MESSAGE_ID",
        "REJECTED_SENDER",
        "REJECTED_MESSAGE_TOO_LONG",
    ]
    assert not any(a.accepted for a in result)
    assert result[0].meaning("en").startswith("Rejected: duplicate message ID")


def test_gms_is_split_into_requests_of_ten(sim: ApiPlexSimulator) -> None:
    result = run(send(sim, "GMS", [GmsMessage(f"+4179302{i:04d}", "hi") for i in range(12)]))
    assert len(result) == 12 and all(a.accepted for a in result)
    assert [r["items"] for r in sim.request_log()] == [10, 2]


def test_gms_invalid_numbers_and_senders_are_refused_locally(sim: ApiPlexSimulator) -> None:
    for bad in ["+1 555 0100", "01012345678", "+82 10 1234", "hello"]:
        with pytest.raises(ApiPlexValidationError):
            run(send(sim, "GMS", [GmsMessage(bad, "hi")]))
    for sender in ["AB", "ABCDEFGHIJKLMN", "123456789012345", "한글발신"]:
        with pytest.raises(ApiPlexValidationError):
            run(send(sim, "GMS", [GmsMessage("+41793026727", "hi", sender=sender)]))
    assert sim.request_log() == []


def test_simulator_shares_no_code_with_the_client() -> None:
    script = (
        "import sys, console.simulator.apiplex, console.simulator.apiplex.__main__\n"
        "print(' '.join(sorted(m for m in sys.modules\n"
        "      if m.startswith(('console.providers', 'console.domain')))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""

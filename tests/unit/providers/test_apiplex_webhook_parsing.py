"""Parsing of the documented API PLEX webhook result bodies."""

from __future__ import annotations

import json

import pytest

from console.providers.apiplex import WebhookFormatError, parse_webhook_body

BIZ_SAMPLE = {
    "results": [
        {
            "code": "0",
            "desc": "성공",
            "dest": "LGU",
            "request_date": "2022-10-22 13:52:40.000",
            "done_date": "2022-10-22 13:52:44.390",
            "msg_key": "4b68ca16-7aa8-4a17-b74c-2b8e4adb13f8",
            "echo_to_webhook": "echo test",
            "message_type": "MMS",
        }
    ]
}

GMS_SAMPLE = {
    "results": [
        {
            "bulkId": "b1",
            "messageId": "user_key1",
            "to": "8210xxxxxxxx",
            "sentAt": "2023-06-06T13:36:19.258+0900",
            "doneAt": "2023-06-06T13:36:21.902+0900",
            "smsCount": 1,
            "status": {
                "groupId": 3,
                "groupName": "DELIVERED",
                "id": 5,
                "name": "DELIVERED_TO_HANDSET",
                "description": "Message delivered to handset",
            },
            "error": {
                "groupId": 0,
                "groupName": "OK",
                "id": 0,
                "name": "NO_ERROR",
                "description": "No Error",
                "permanent": False,
            },
        }
    ]
}


def test_biz_sample_body() -> None:
    [r] = parse_webhook_body(json.dumps(BIZ_SAMPLE, ensure_ascii=False).encode())
    assert (r.key, r.product, r.code, r.ok, r.final) == (
        "4b68ca16-7aa8-4a17-b74c-2b8e4adb13f8",
        "MMS",
        "0",
        True,
        True,
    )
    assert (r.carrier, r.request_date, r.done_date, r.echo_to_webhook) == (
        "LGU",
        "2022-10-22 13:52:40.000",
        "2022-10-22 13:52:44.390",
        "echo test",
    )
    assert r.meaning("ko") == "성공" and r.meaning("en") == "Delivered"


@pytest.mark.parametrize(
    ("code", "ok", "ko"),
    [
        ("E", False, "단말기 전원 꺼짐"),
        ("q", False, "메시지 키 중복"),
        ("Z9", False, "알 수 없는 코드 Z9"),
    ],
)
def test_biz_failure_codes(code: str, ok: bool, ko: str) -> None:
    body = {"results": [dict(BIZ_SAMPLE["results"][0], code=code, desc="")]}
    [r] = parse_webhook_body(body)
    assert r.ok is ok and r.meaning("ko").startswith(ko)


def test_gms_sample_body() -> None:
    [r] = parse_webhook_body(json.dumps(GMS_SAMPLE))
    assert (r.key, r.product, r.code, r.ok, r.final, r.receiver, r.sms_count) == (
        "user_key1",
        "GMS",
        "DELIVERED_TO_HANDSET",
        True,
        True,
        "8210xxxxxxxx",
        1,
    )
    assert r.meaning("ko") == "메시지가 핸드셋에 전달됨 (전달됨)"


def test_gms_pending_is_not_final_and_errors_are_explained() -> None:
    item = dict(GMS_SAMPLE["results"][0])
    item["status"] = {"groupId": 1, "id": 7, "name": "PENDING_ENROUTE"}
    [pending] = parse_webhook_body({"results": [item]})
    assert pending.ok and not pending.final
    item["status"] = {"groupId": 2, "id": 9, "name": "UNDELIVERABLE_NOT_DELIVERED"}
    item["error"] = {"groupId": 1, "id": 1, "name": "EC_UNKNOWN_SUBSCRIBER", "permanent": True}
    [failed] = parse_webhook_body({"results": [item]})
    assert not failed.ok and failed.final and failed.error_id == 1
    assert failed.meaning("ko").endswith("알 수 없는 가입자")
    assert failed.meaning("en").endswith("Unknown subscriber")


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"results": []}',
        b'{"result": [{"msg_key": "k", "code": "0"}]}',
        b'{"results": ["x"]}',
        b'{"results": [{"code": "0"}]}',
        b'{"results": [{"msg_key": "k"}]}',
        b'{"results": [{"msg_key": "k", "code": "0", "message_type": "FAX"}]}',
        b'{"results": [{"msg_key": {"a": 1}, "code": "0"}]}',
        b'{"results": [{"messageId": "m"}]}',
        b'{"results": [{"messageId": "m", "status": {"id": "five"}}]}',
        b"\xff\xfe",
    ],
)
def test_malformed_bodies_are_refused(body: bytes) -> None:
    with pytest.raises(WebhookFormatError):
        parse_webhook_body(body)

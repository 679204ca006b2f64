"""Every SENS endpoint over ``httpx.MockTransport``; the fake server verifies each signature."""

from __future__ import annotations

import base64
import itertools
import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from console.providers.sens import (
    MessageItem,
    SendMessageRequest,
    SensClient,
    SensQueryRangeError,
    SensValidationError,
)
from tests.unit.providers.sens_fakes import (
    ACCESS,
    BASE,
    NOW,
    PREFIX,
    SECRET,
    SERVICE,
    FakeSens,
    Seen,
    json_response,
    make_client,
    run,
)

SEOUL = ZoneInfo("Asia/Seoul")


def record(message_id: str, **extra: str) -> dict[str, str]:
    data = {
        "requestId": "RID-1",
        "messageId": message_id,
        "requestTime": "2026-11-20 11:00:00",
        "contentType": "COMM",
        "type": "SMS",
        "countryCode": "82",
        "from": "0212345678",
        "to": "01012345678",
        "status": "READY",
    }
    data.update(extra)
    return data


def test_send_message_typed_request() -> None:
    fake = FakeSens()
    fake.on(
        "POST",
        "/messages",
        json_response(
            202,
            {
                "requestId": "RID-1",
                "requestTime": "2026-11-20T12:00:01.250",
                "statusCode": "202",
                "statusName": "success",
            },
        ),
    )
    request = SendMessageRequest(
        type="lms",
        from_="0212345678",
        content="기본 내용",
        subject="제목",
        messages=[MessageItem("01012345678"), MessageItem("01087654321", "개별", "개별 내용")],
    )

    async def scenario() -> None:
        async with make_client(fake) as client:
            response = await client.send_message(request)
        assert response.request_id == "RID-1"
        assert response.request_time == datetime(2026, 11, 20, 12, 0, 1, 250000, tzinfo=SEOUL)
        assert response.request_time.utcoffset() == timedelta(hours=9)
        assert response.status_code == "202"

    run(scenario())
    [seen] = fake.seen
    assert seen.body == {
        "type": "LMS",
        "contentType": "COMM",
        "countryCode": "82",
        "from": "0212345678",
        "content": "기본 내용",
        "subject": "제목",
        "messages": [
            {"to": "01012345678"},
            {"to": "01087654321", "subject": "개별", "content": "개별 내용"},
        ],
    }


def test_send_message_mapping_and_reservation_and_files() -> None:
    fake = FakeSens()
    ok = {"requestId": "R", "requestTime": "2026-11-20T12:00:00.000", "statusCode": "202"}
    fake.on("POST", "/messages", json_response(202, ok))
    reserve_utc = datetime(2026, 11, 21, 1, 30, 59, tzinfo=UTC)  # 10:30 in Seoul
    typed = SendMessageRequest(
        "MMS",
        "0212345678",
        "사진",
        [MessageItem("01012345678")],
        content_type="AD",
        files=["FILE-1"],
        reserve_time=reserve_utc,
    )
    in_new_york = SendMessageRequest(
        "SMS",
        "0212345678",
        "x",
        [MessageItem("01012345678")],
        reserve_time=reserve_utc,
        reserve_time_zone="America/New_York",
    )

    async def scenario() -> None:
        async with make_client(fake) as client:
            await client.send_message(typed)
            await client.send_message(in_new_york)
            await client.send_message(
                {"type": "SMS", "from": "1", "content": "c", "messages": [{"to": "01000000000"}]}
            )

    run(scenario())
    first, second, third = (s.body for s in fake.seen)
    assert first["reserveTime"] == "2026-11-21 10:30"
    assert "reserveTimeZone" not in first
    assert first["files"] == [{"fileId": "FILE-1"}]
    assert first["contentType"] == "AD"
    assert second["reserveTime"] == "2026-11-20 20:30"
    assert second["reserveTimeZone"] == "America/New_York"
    assert third == {
        "type": "SMS",
        "from": "1",
        "content": "c",
        "messages": [{"to": "01000000000"}],
    }


def test_send_request_limits() -> None:
    with pytest.raises(ValueError):
        SendMessageRequest("SMS", "1", "c", [])
    with pytest.raises(ValueError):
        SendMessageRequest("SMS", "1", "c", [MessageItem(str(i)) for i in range(101)])
    with pytest.raises(ValueError):
        SendMessageRequest("FAX", "1", "c", [MessageItem("1")])
    assert len(SendMessageRequest("SMS", "1", "c", [MessageItem("1")] * 100).messages) == 100

    async def scenario() -> None:
        async with make_client(FakeSens()) as client:
            with pytest.raises(ValueError):
                await client.send_message({"type": "SMS", "messages": [{"to": "1"}] * 101})

    run(scenario())


def test_upload_file() -> None:
    fake = FakeSens()
    fake.on(
        "POST",
        "/files",
        json_response(
            200,
            {
                "fileId": "F-1",
                "createTime": "2026-11-20T12:00:00.000",
                "expireTime": "2026-11-26 12:00:00",
            },
        ),
    )
    data = b"\xff\xd8jpegbytes\xff\xd9"

    async def scenario() -> None:
        async with make_client(fake) as client:
            uploaded = await client.upload_file("photo.jpg", data)
            assert uploaded.file_id == "F-1"
            assert uploaded.create_time == datetime(2026, 11, 20, 12, tzinfo=SEOUL)
            assert uploaded.expire_time == datetime(2026, 11, 26, 12, tzinfo=SEOUL)
            for name, payload in (
                ("photo.png", data),
                ("x" * 37 + ".jpg", data),
                ("big.jpg", b"\0" * (300 * 1024 + 1)),
            ):
                with pytest.raises(SensValidationError) as caught:
                    await client.upload_file(name, payload)
                assert caught.value.status is None
                assert caught.value.message_ko != caught.value.message_en

    run(scenario())
    [seen] = fake.seen
    assert seen.body == {"fileName": "photo.jpg", "fileBody": base64.b64encode(data).decode()}


def test_list_requests_by_request_id_follows_next_token() -> None:
    fake = FakeSens()
    tokens = ["tok+/=1", "tok 2:x"]

    def page(seen: Seen) -> httpx.Response:
        token = seen.param("nextToken")
        assert seen.param("requestId") == "RID-1"
        assert seen.param("pageSize") is None  # SENS defaults to 1000 by request ID
        index = 0 if token is None else tokens.index(token) + 1
        body: dict[str, object] = {
            "statusCode": "202",
            "statusName": "success",
            "messages": [record(f"M{index}-{i}") for i in range(3)],
            "pageSize": 3,
            "itemCount": 3,
            "hasMore": index < 2,
        }
        if index < 2:
            body["nextToken"] = tokens[index]
        return httpx.Response(200, json=body)

    fake.on("GET", "/messages", page)

    async def scenario() -> list[str]:
        async with make_client(fake) as client:
            return [r.message_id async for r in client.list_requests(request_id="RID-1")]

    ids = run(scenario())
    assert ids == [f"M{p}-{i}" for p in range(3) for i in range(3)]
    assert [s.param("nextToken") for s in fake.seen] == [None, *tokens]


def test_list_requests_falls_back_to_page_index() -> None:
    fake = FakeSens()

    def page(seen: Seen) -> httpx.Response:
        index = int(seen.param("pageIndex") or 0)
        return httpx.Response(
            200,
            json={
                "statusCode": "202",
                "statusName": "success",
                "messages": [record(f"P{index}")],
                "pageIndex": index,
                "pageSize": 1,
                "itemCount": 1,
                "hasMore": index < 3,
            },
        )

    fake.on("GET", "/messages", page)

    async def scenario() -> list[str]:
        async with make_client(fake) as client:
            start = datetime(2026, 11, 19, 0, 0, tzinfo=SEOUL)
            return [r.message_id async for r in client.list_requests(request_start=start)]

    assert run(scenario()) == ["P0", "P1", "P2", "P3"]
    assert [s.param("pageIndex") for s in fake.seen] == [None, "1", "2", "3"]
    assert all(s.param("nextToken") is None for s in fake.seen)


def test_list_requests_parses_records_and_result_fields() -> None:
    fake = FakeSens()
    done = record(
        "M-DONE",
        status="COMPLETED",
        statusCode="3001",
        statusName="fail",
        statusMessage="no subscriber",
        completeTime="2026-11-20 11:00:05",
        telcoCode="SKT",
    )
    fake.on(
        "GET",
        "/messages",
        json_response(
            200,
            {
                "statusCode": "202",
                "messages": [record("M-R"), done],
                "pageSize": 20,
                "itemCount": 2,
                "hasMore": False,
            },
        ),
    )

    async def scenario() -> None:
        async with make_client(fake) as client:
            ready, completed = [r async for r in client.list_requests(request_id="RID-1")]
        assert ready.status == "READY" and not ready.completed
        assert ready.status_code is None and ready.complete_time is None
        assert ready.request_time == datetime(2026, 11, 20, 11, tzinfo=SEOUL)
        assert ready.from_ == "0212345678"
        assert ready.describe_result("ko") == "대기"
        assert completed.completed and not completed.succeeded
        assert completed.complete_time == datetime(2026, 11, 20, 11, 0, 5, tzinfo=SEOUL)
        assert completed.telco_code == "SKT"
        assert completed.describe_result("ko") == "가입자 없음"
        assert completed.describe_result("en") == "No subscriber"

    run(scenario())


def test_request_window_longer_than_30_days_is_split() -> None:
    fake = FakeSens()
    fake.on(
        "GET",
        "/messages",
        lambda seen: httpx.Response(
            200,
            json={
                "statusCode": "202",
                "messages": [record("M-" + (seen.param("requestStartTime") or ""))],
                "itemCount": 1,
                "hasMore": False,
            },
        ),
    )
    start = datetime(2026, 9, 1, 0, 0, tzinfo=SEOUL)
    end = datetime(2026, 11, 15, 0, 0, tzinfo=SEOUL)  # 75 days

    async def scenario() -> int:
        async with make_client(fake) as client:
            return len(
                [
                    r
                    async for r in client.list_requests(
                        request_start=start, request_end=end, type="SMS"
                    )
                ]
            )

    assert run(scenario()) == 3
    fmt = "%Y-%m-%d %H:%M:%S"
    windows = [
        (
            datetime.strptime(s.param("requestStartTime") or "", fmt),
            datetime.strptime(s.param("requestEndTime") or "", fmt),
        )
        for s in fake.seen
    ]
    assert windows[0][0] == datetime(2026, 9, 1)
    assert windows[-1][1] == datetime(2026, 11, 15)
    for (_, e1), (s2, _) in itertools.pairwise(windows):
        assert s2 - e1 == timedelta(seconds=1)
    assert all(e - s <= timedelta(days=30) for s, e in windows)
    assert all(s.param("type") == "SMS" and s.param("pageSize") == "100" for s in fake.seen)
    assert all(s.param("completeStartTime") is None for s in fake.seen)
    # The wire carries the encoded form that was signed.
    assert "requestStartTime=2026-09-01+00%3A00%3A00" in fake.seen[0].target


def test_completion_window_longer_than_24_hours_is_split_and_deduplicated() -> None:
    fake = FakeSens()
    fake.on(
        "GET",
        "/messages",
        json_response(200, {"statusCode": "202", "messages": [record("SAME")], "hasMore": False}),
    )
    end = datetime.fromtimestamp(NOW, tz=SEOUL)
    start = end - timedelta(hours=50)

    async def scenario() -> list[str]:
        async with make_client(fake) as client:
            return [
                r.message_id
                async for r in client.list_requests(complete_start=start, complete_end=end)
            ]

    assert run(scenario()) == ["SAME"]
    assert len(fake.seen) == 3
    for seen in fake.seen:
        s = datetime.fromisoformat(seen.param("completeStartTime") or "")
        e = datetime.fromisoformat(seen.param("completeEndTime") or "")
        assert timedelta(0) <= e - s < timedelta(hours=24)


def test_ranges_older_than_90_days_are_refused_before_sending() -> None:
    fake = FakeSens()
    client = make_client(fake)
    now = datetime.fromtimestamp(NOW, tz=SEOUL)
    with pytest.raises(SensQueryRangeError) as caught:
        client.list_requests(request_start=now - timedelta(days=91), request_end=now)
    assert "90일" in caught.value.message_ko
    assert "90 days" in caught.value.message_en
    with pytest.raises(SensQueryRangeError):
        client.list_requests(
            request_start=now - timedelta(days=1), complete_start=now - timedelta(hours=1)
        )
    with pytest.raises(SensQueryRangeError):
        client.list_requests(request_start=now, request_end=now - timedelta(days=1))
    with pytest.raises(ValueError):
        client.list_requests()
    with pytest.raises(TypeError):
        client.list_requests(request_id="R", colour="red")
    assert fake.seen == []
    run(client.aclose())


def test_search_filters_use_api_names() -> None:
    fake = FakeSens()
    fake.on("GET", "/messages", json_response(200, {"statusCode": "202", "messages": []}))

    async def scenario() -> None:
        async with make_client(fake) as client:
            async for _ in client.list_requests(
                request_id="R",
                from_="0212345678",
                to="01012345678",
                status_name="FAIL",
                content_type="AD",
                country_code="82",
                message_id="M",
                status="COMPLETED",
                page_size=50,
            ):
                pass

    run(scenario())
    assert dict(fake.seen[0].params) == {
        "requestId": "R",
        "from": "0212345678",
        "to": "01012345678",
        "statusName": "FAIL",
        "contentType": "AD",
        "countryCode": "82",
        "messageId": "M",
        "status": "COMPLETED",
        "pageSize": "50",
    }


def test_get_result() -> None:
    fake = FakeSens()
    fake.on(
        "GET",
        "/messages/M%2F1",
        json_response(
            200,
            {
                "statusCode": "200",
                "statusName": "success",
                "messages": [
                    {
                        "requestTime": "2026-11-20 11:00:00",
                        "contentType": "COMM",
                        "content": "안녕하세요",
                        "countryCode": "82",
                        "from": "0212345678",
                        "to": "01012345678",
                        "status": "COMPLETED",
                        "statusCode": "0",
                        "statusName": "success",
                        "statusMessage": "성공",
                        "completeTime": "2026-11-20 11:00:03",
                        "telcoCode": "KT",
                        "files": [{"name": "a.jpg", "fileId": "F1"}],
                    }
                ],
            },
        ),
    )

    async def scenario() -> None:
        async with make_client(fake) as client:
            result = await client.get_result("M/1")
        assert result.message_id == "M/1"
        assert result.request_id is None
        assert result.content == "안녕하세요"
        assert result.succeeded
        assert result.files[0].file_id == "F1" and result.files[0].name == "a.jpg"
        assert result.complete_time == datetime(2026, 11, 20, 11, 0, 3, tzinfo=SEOUL)

    run(scenario())


def test_reservation_status_and_cancel() -> None:
    fake = FakeSens()
    fake.on(
        "GET",
        "/reservations/RES-1/reserve-status",
        json_response(
            200,
            {
                "reserveId": "RES-1",
                "reserveTimeZone": "Asia/Tokyo",
                "reserveTime": "2026-11-21 10:30",
                "reserveStatus": "READY",
            },
        ),
    )
    fake.on("DELETE", "/reservations/RES-1", lambda seen: httpx.Response(204))

    async def scenario() -> None:
        async with make_client(fake) as client:
            status = await client.get_reservation_status("RES-1")
            assert await client.cancel_reservation("RES-1") is None
        assert status.reserve_id == "RES-1"
        assert status.status == "READY"
        assert status.reserve_time == datetime(2026, 11, 21, 10, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
        assert status.reserve_time_zone == "Asia/Tokyo"
        assert status.describe("ko") == "발송 대기"

    run(scenario())
    assert [(s.method, s.path) for s in fake.seen] == [
        ("GET", "/reservations/RES-1/reserve-status"),
        ("DELETE", "/reservations/RES-1"),
    ]


def test_list_unsubscribes_pages_through_everything() -> None:
    fake = FakeSens()
    numbers = [f"010{i:08d}" for i in range(250)]

    def page(seen: Seen) -> httpx.Response:
        size = int(seen.param("pageSize") or 100)
        index = int(seen.param("pageIndex") or 0)
        chunk = numbers[index * size : (index + 1) * size]
        return httpx.Response(
            200,
            json=[
                {"clientTelNo": n, "registerTime": "2026-11-01T09:30:00", "registerType": "C"}
                for n in chunk
            ],
        )

    fake.on("GET", "/unsubscribes", page)

    async def scenario() -> None:
        async with make_client(fake) as client:
            listed = await client.list_unsubscribes(
                start_time=datetime(2026, 10, 1, tzinfo=SEOUL), number=None
            )
        assert [u.number for u in listed] == numbers
        assert listed[0].registered_at == datetime(2026, 11, 1, 9, 30, tzinfo=SEOUL)
        assert listed[0].kind == "C"

    run(scenario())
    assert [s.param("pageIndex") for s in fake.seen] == ["0", "1", "2"]
    expected_ms = str(int(datetime(2026, 10, 1, tzinfo=SEOUL).timestamp() * 1000))
    assert fake.seen[0].param("startTime") == expected_ms
    assert fake.seen[0].param("clientTelNo") is None


def test_add_and_delete_unsubscribes_split_into_1000s() -> None:
    fake = FakeSens()

    def registered(seen: Seen) -> httpx.Response:
        return httpx.Response(
            200,
            json=[
                {
                    "clientTelNo": item["clientTelNo"],
                    "registerTime": "2026-11-20T12:00:00",
                    "registerType": "M",
                }
                for item in seen.body
            ],
        )

    fake.on("POST", "/unsubscribes", registered)
    fake.on("DELETE", "/unsubscribes", lambda seen: httpx.Response(204))
    numbers = [f"010{i:08d}" for i in range(2500)]

    async def scenario() -> None:
        async with make_client(fake) as client:
            added = await client.add_unsubscribes([*numbers, numbers[0]])
            assert [u.number for u in added] == numbers
            assert await client.delete_unsubscribes(iter(numbers[:1001])) is None

    run(scenario())
    sizes = [(s.method, len(s.body)) for s in fake.seen]
    assert sizes == [("POST", 1000), ("POST", 1000), ("POST", 500), ("DELETE", 1000), ("DELETE", 1)]
    assert fake.seen[0].body[0] == {"clientTelNo": numbers[0]}


def test_verify_makes_one_signed_read() -> None:
    fake = FakeSens()
    fake.on("GET", "/messages", json_response(200, {"statusCode": "202", "messages": []}))

    async def scenario() -> None:
        async with make_client(fake) as client:
            await client.verify()

    run(scenario())
    assert len(fake.seen) == 1


def test_caller_supplied_http_client_is_used_and_left_open() -> None:
    fake = FakeSens()
    fake.on("DELETE", "/reservations/X", lambda seen: httpx.Response(204))

    async def scenario() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(fake))
        client = SensClient(ACCESS, SECRET, SERVICE, base_url=BASE + "/sms/v2/", http=http)
        await client.cancel_reservation("X")
        await client.aclose()
        assert not http.is_closed
        await http.aclose()

    run(scenario())
    assert fake.seen[0].target == PREFIX + "/reservations/X"


def test_logs_and_reprs_never_contain_secret_or_signature(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeSens()
    fake.on(
        "GET",
        "/messages",
        json_response(500, {"error": "boom"}),
        json_response(200, {"statusCode": "202", "messages": []}),
    )
    signatures: list[str] = []

    def spy(request: httpx.Request) -> httpx.Response:
        signatures.append(request.headers["x-ncp-apigw-signature-v2"])
        return fake(request)

    caplog.set_level(logging.DEBUG)

    async def scenario() -> None:
        async with make_client(spy) as client:
            assert SECRET not in repr(client)
            async for _ in client.list_requests(request_id="R"):
                pass

    run(scenario())
    assert len(signatures) == 2
    text = caplog.text
    assert "retry" in text  # the retry was logged ...
    assert SECRET not in text  # ... without the secret
    assert all(sig not in text for sig in signatures)


def test_window_entirely_in_the_future_asks_nothing() -> None:
    fake = FakeSens()
    now = datetime.fromtimestamp(NOW, tz=SEOUL)

    async def scenario() -> list[object]:
        async with make_client(fake) as client:
            return [
                r
                async for r in client.list_requests(
                    request_start=now + timedelta(days=2), request_end=now + timedelta(days=3)
                )
            ]

    assert run(scenario()) == []
    assert fake.seen == []


def test_send_request_accepts_uploaded_files_and_rejects_both_http_and_transport() -> None:
    from console.providers.sens import UploadedFile

    uploaded = UploadedFile("F-9", None, None)
    request = SendMessageRequest("MMS", "1", "c", [MessageItem("2")], files=[uploaded, "F-10"])
    assert request.to_json()["files"] == [{"fileId": "F-9"}, {"fileId": "F-10"}]
    with pytest.raises(ValueError):
        SendMessageRequest("MMS", "1", "c", [MessageItem("2")], files=[""])

    async def scenario() -> None:
        async with httpx.AsyncClient() as http:
            with pytest.raises(ValueError):
                SensClient(
                    ACCESS, SECRET, SERVICE, http=http, transport=httpx.MockTransport(FakeSens())
                )

    run(scenario())

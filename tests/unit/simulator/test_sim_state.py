"""The simulated SENS rules, exercised without sockets (SensState is what the HTTP layer calls).

The clock is driven by hand so deliveries, reservations, expiry and retention are exact.
"""

from __future__ import annotations

import base64
import io
import re
from collections import Counter
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from console.simulator.clock import SimClock
from console.simulator.demo import DEMO_CALLER_NUMBERS, DEMO_SERVICE_ID
from console.simulator.state import ApiError, Behaviour, SensState

KST = ZoneInfo("Asia/Seoul")
SID = DEMO_SERVICE_ID
CALLER = DEMO_CALLER_NUMBERS[0]


class FakeTime:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 10, 0, 0, tzinfo=KST).timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def real() -> FakeTime:
    return FakeTime()


def make_state(real: FakeTime, **behaviour: Any) -> SensState:
    options: dict[str, Any] = {
        "ready_seconds": 1.0, "processing_seconds": 2.0, "jitter": 0.0, "outcomes": {"0": 1},
    }
    options.update(behaviour)
    return SensState(SimClock(real=real), Behaviour(**options))


@pytest.fixture
def state(real: FakeTime) -> SensState:
    return make_state(real)


def sms(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "SMS", "contentType": "COMM", "countryCode": "82", "from": CALLER,
        "content": "안녕하세요", "messages": [{"to": "01012345678"}],
    }
    body.update(overrides)
    return body


def rejected(call: Any, *args: Any, status: int = 400) -> dict[str, Any]:
    with pytest.raises(ApiError) as info:
        call(*args)
    assert info.value.status == status, info.value.body
    return info.value.body


# --- send ---------------------------------------------------------------------------------


def test_send_answers_like_sens(state: SensState) -> None:
    result = state.send(SID, sms())
    assert set(result) == {"requestId", "requestTime", "statusCode", "statusName"}
    assert result["statusCode"] == "202" and result["statusName"] == "success"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}", result["requestTime"])
    assert result["requestTime"] == "2026-03-02T10:00:00.000"  # Korea time
    (logged,) = state.accepted_messages()
    assert logged.request_id == result["requestId"]
    assert (logged.to, logged.from_, logged.type, logged.content) == (
        "01012345678", CALLER, "SMS", "안녕하세요",
    )


def test_type_is_case_insensitive(state: SensState) -> None:
    state.send(SID, sms(type="sms"))
    assert state.accepted_messages()[0].type == "SMS"


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"type": "KAKAO"}, "type"),
        ({"type": None}, "type"),
        ({"contentType": "PROMO"}, "contentType"),
        ({"countryCode": "+82"}, "countryCode"),
        ({"from": None}, "from"),
        ({"from": "02-1234-5678"}, "from"),
        ({"from": "0299999999"}, "registered"),
        ({"content": None}, "content"),
        ({"content": 5}, "content"),
        ({"messages": []}, "messages"),
        ({"messages": None}, "messages"),
        ({"messages": [{"to": "010-1234-5678"}]}, "to"),
        ({"messages": [{}]}, "to"),
        ({"messages": ["01012345678"]}, "messages[0]"),
        ({"subject": "제목"}, "subject"),
        ({"messages": [{"to": "01012345678", "subject": "제목"}]}, "subject"),
        ({"content": "", "messages": [{"to": "01012345678"}]}, "content"),
        ({"files": [{"fileId": "x"}]}, "MMS"),
        ({"reserveTime": "2026-03-02 11:00", "reserveTimeZone": "Mars/Olympus"}, "TimeZone"),
    ],
)
def test_send_rejects_invalid_fields(
    state: SensState, overrides: dict[str, Any], fragment: str
) -> None:
    body = rejected(state.send, SID, sms(**overrides))
    assert body["statusCode"] == "400" and body["statusName"] == "fail"
    assert fragment in body["errorMessage"]
    assert state.accepted_messages() == ()


def test_send_rejects_non_object_body(state: SensState) -> None:
    rejected(state.send, SID, [sms()])


def test_unknown_service_is_404(state: SensState) -> None:
    body = rejected(state.send, "ncp:sms:kr:1:nope", sms(), status=404)
    assert "ncp:sms:kr:1:nope" in body["errorMessage"]


def test_at_most_100_messages(state: SensState) -> None:
    many = [{"to": f"010{n:08d}"} for n in range(101)]
    rejected(state.send, SID, sms(messages=many))
    state.send(SID, sms(messages=many[:100]))
    assert len(state.accepted_messages()) == 100


def test_over_long_content_and_subject_are_truncated_not_rejected(state: SensState) -> None:
    state.send(SID, sms(content="가" * 46))  # 92 bytes
    state.send(SID, sms(type="LMS", subject="제" * 21, content="a" * 2001))
    short, long = state.accepted_messages()
    assert short.content == "가" * 46 and short.delivered_content == "가" * 45
    assert long.delivered_subject == "제" * 20 and long.subject == "제" * 21
    assert long.delivered_content == "a" * 2000


def test_per_message_overrides_win(state: SensState) -> None:
    state.send(SID, sms(type="LMS", subject="기본 제목", content="기본", messages=[
        {"to": "01011112222"},
        {"to": "01033334444", "content": "개별", "subject": "개별 제목"},
    ]))
    default, own = state.accepted_messages()
    assert (default.subject, default.content) == ("기본 제목", "기본")
    assert (own.subject, own.content) == ("개별 제목", "개별")


def test_mms_without_files_goes_as_lms(state: SensState, real: FakeTime) -> None:
    result = state.send(SID, sms(type="MMS", subject="s", files=[]))
    assert state.accepted_messages()[0].type == "LMS"
    page = state.list_messages(SID, {"requestId": result["requestId"]})
    assert page["messages"][0]["type"] == "LMS"


def test_unencodable_content_fails_delivery(state: SensState, real: FakeTime) -> None:
    result = state.send(SID, sms(content="축하해요 🎉"))
    real.now += 10
    (record,) = state.list_messages(SID, {"requestId": result["requestId"]})["messages"]
    assert record["statusCode"] == "3022" and record["statusName"] == "fail"


def test_ad_to_unsubscribed_number_fails_but_comm_goes(state: SensState, real: FakeTime) -> None:
    state.add_unsubscribes(SID, [{"clientTelNo": "01012345678"}])
    ad = state.send(SID, sms(contentType="AD", content="(광고) 가게 [무료수신거부]0801234567"))
    comm = state.send(SID, sms())
    real.now += 10
    (ad_record,) = state.list_messages(SID, {"requestId": ad["requestId"]})["messages"]
    (comm_record,) = state.list_messages(SID, {"requestId": comm["requestId"]})["messages"]
    assert ad_record["statusCode"] == "E917"
    assert comm_record["statusCode"] == "0"


def test_malformed_domestic_number_fails_delivery(state: SensState, real: FakeTime) -> None:
    result = state.send(SID, sms(messages=[{"to": "12345"}]))
    real.now += 10
    (record,) = state.list_messages(SID, {"requestId": result["requestId"]})["messages"]
    assert record["statusCode"] == "3003"


# --- progress and outcomes ----------------------------------------------------------------


def test_status_progresses_and_result_fields_appear_only_when_completed(
    state: SensState, real: FakeTime
) -> None:
    request_id = state.send(SID, sms())["requestId"]
    result_keys = {"statusCode", "statusName", "statusMessage", "completeTime", "telcoCode"}

    def record() -> dict[str, Any]:
        return state.list_messages(SID, {"requestId": request_id})["messages"][0]

    assert record()["status"] == "READY" and not result_keys & set(record())
    real.now += 1.5
    assert record()["status"] == "PROCESSING" and not result_keys & set(record())
    real.now += 2
    done = record()
    assert done["status"] == "COMPLETED" and result_keys <= set(done)
    assert done["statusCode"] == "0" and done["statusMessage"] == "성공"
    assert done["completeTime"] == "2026-03-02 10:00:03"
    assert done["telcoCode"] in ("SKT", "KT", "LGT")
    assert set(done) == {
        "requestId", "messageId", "requestTime", "contentType", "type", "countryCode", "from",
        "to", "completeTime", "telcoCode", "status", "statusCode", "statusName", "statusMessage",
    }


def test_outcomes_follow_the_mix_and_the_seed(real: FakeTime) -> None:
    def run(seed: int) -> list[str]:
        sim = make_state(real, seed=seed, outcomes={"0": 0.8, "2003": 0.1, "3001": 0.1})
        for batch in range(10):
            sim.send(SID, sms(messages=[{"to": f"010{batch:02d}{n:06d}"} for n in range(100)]))
        return [sim.messages[m.message_id].result_code for m in sim.accepted_messages()]

    first = run(7)
    assert first == run(7)
    assert first != run(8)
    counts = Counter(first)
    assert set(counts) == {"0", "2003", "3001"}
    assert 700 < counts["0"] < 900


def test_default_mix_is_mostly_success(real: FakeTime) -> None:
    sim = SensState(SimClock(real=real))
    for batch in range(10):
        sim.send(SID, sms(messages=[{"to": f"010{batch:02d}{n:06d}"} for n in range(100)]))
    counts = Counter(sim.messages[m.message_id].result_code for m in sim.accepted_messages())
    assert counts["0"] > 850 and len(counts) > 2


# --- files --------------------------------------------------------------------------------


def jpeg(width: int = 100, height: int = 80, pad_to: int | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, "JPEG")
    data = out.getvalue()
    if pad_to is not None:
        data += b"\0" * (pad_to - len(data))
    return data


def upload(state: SensState, name: str, data: bytes) -> dict[str, Any]:
    return state.upload_file(SID, {"fileName": name, "fileBody": base64.b64encode(data).decode()})


def test_upload_answers_with_id_and_six_day_expiry(state: SensState) -> None:
    result = upload(state, "photo.jpg", jpeg())
    assert set(result) == {"fileId", "createTime", "expireTime"}
    assert result["createTime"] == "2026-03-02T10:00:00.000"
    assert result["expireTime"] == "2026-03-08T10:00:00.000"


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("photo.png", jpeg(), "extension"),
        ("a" * 37 + ".jpg", jpeg(), "40"),  # 41 characters
        ("big.jpg", jpeg(pad_to=300 * 1024 + 1), "300KB"),
        ("wide.jpg", jpeg(1501, 10), "1501x10"),
        ("tall.jpeg", jpeg(10, 1441), "10x1441"),
        ("fake.jpg", b"not a jpeg at all", "JPEG"),
    ],
)
def test_upload_bounds(state: SensState, name: str, data: bytes, fragment: str) -> None:
    body = rejected(upload, state, name, data)
    assert fragment in body["errorMessage"]


def test_upload_limits_themselves_are_allowed(state: SensState) -> None:
    upload(state, "a" * 36 + ".jpg", jpeg(1500, 1440, pad_to=300 * 1024))
    upload(state, "UPPER.JPEG", jpeg())


def test_upload_rejects_bad_base64_and_missing_fields(state: SensState) -> None:
    rejected(state.upload_file, SID, {"fileName": "a.jpg", "fileBody": "@@@"})
    rejected(state.upload_file, SID, {"fileName": "a.jpg"})
    rejected(state.upload_file, SID, {"fileBody": "AAAA"})


def test_same_name_and_size_is_reused_until_expiry(state: SensState, real: FakeTime) -> None:
    first = upload(state, "same.jpg", jpeg())
    assert upload(state, "same.jpg", jpeg()) == first
    assert upload(state, "other.jpg", jpeg())["fileId"] != first["fileId"]
    real.now += 6 * 24 * 3600
    assert upload(state, "same.jpg", jpeg())["fileId"] != first["fileId"]


def test_mms_with_files_and_expired_file(state: SensState, real: FakeTime) -> None:
    file_id = upload(state, "photo.jpg", jpeg())["fileId"]
    result = state.send(SID, sms(type="MMS", subject="사진", files=[{"fileId": file_id}]))
    (logged,) = state.accepted_messages()
    assert logged.type == "MMS" and logged.files == (file_id,)
    real.now += 10
    message_id = state.list_messages(SID, {"requestId": result["requestId"]})["messages"][0][
        "messageId"
    ]
    detail = state.get_result(SID, message_id)["messages"][0]
    assert detail["files"] == [{"name": "photo.jpg", "fileId": file_id}]
    rejected(state.send, SID, sms(type="MMS", files=[{"fileId": "missing"}]))
    real.now += 6 * 24 * 3600
    body = rejected(state.send, SID, sms(type="MMS", files=[{"fileId": file_id}]))
    assert "expired" in body["errorMessage"]


# --- queries ------------------------------------------------------------------------------


def send_many(state: SensState, count: int) -> str:
    return state.send(SID, sms(messages=[{"to": f"010{n:08d}"} for n in range(count)]))[
        "requestId"
    ]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"requestStartTime": "2026-03-01 00:00:00"},
        {"requestStartTime": "2026-03-01 00:00:00", "requestEndTime": "2026-03-02 00:00:00",
         "completeStartTime": "2026-03-01 00:00:00", "completeEndTime": "2026-03-02 00:00:00"},
        {"requestStartTime": "2026-03-01T00:00:00", "requestEndTime": "2026-03-02 00:00:00"},
        {"requestStartTime": "2026-03-02 00:00:00", "requestEndTime": "2026-03-01 00:00:00"},
        {"requestStartTime": "2026-01-31 00:00:00", "requestEndTime": "2026-03-02 00:00:01"},
        {"completeStartTime": "2026-03-01 00:00:00", "completeEndTime": "2026-03-02 00:00:01"},
        {"requestStartTime": "2025-12-01 00:00:00", "requestEndTime": "2025-12-02 00:00:00"},
        {"requestId": "x", "pageSize": "0"},
        {"requestId": "x", "pageSize": "1001"},
        {"requestStartTime": "2026-03-01 00:00:00", "requestEndTime": "2026-03-02 00:00:00",
         "pageSize": "101"},
        {"requestId": "x", "pageSize": "ten"},
        {"requestId": "x", "status": "DONE"},
        {"requestId": "x", "statusName": "MAYBE"},
        {"requestId": "x", "nextToken": "garbage"},
    ],
)
def test_list_rejects_invalid_queries(state: SensState, params: dict[str, str]) -> None:
    rejected(state.list_messages, SID, params)


def test_window_limits_are_inclusive(state: SensState) -> None:
    state.list_messages(SID, {"requestStartTime": "2026-01-31 00:00:00",
                              "requestEndTime": "2026-03-02 00:00:00"})
    state.list_messages(SID, {"completeStartTime": "2026-03-01 00:00:00",
                              "completeEndTime": "2026-03-02 00:00:00"})
    state.list_messages(SID, {"requestId": "x", "pageSize": "1000"})


def test_next_token_paging(state: SensState, real: FakeTime) -> None:
    send_many(state, 45)
    real.now += 10
    window = {"requestStartTime": "2026-03-02 00:00:00", "requestEndTime": "2026-03-02 23:59:59"}
    seen: list[str] = []
    pages = []
    params = dict(window)
    while True:
        page = state.list_messages(SID, params)
        pages.append(page)
        seen += [m["messageId"] for m in page["messages"]]
        if not page["hasMore"]:
            assert "nextToken" not in page
            break
        params = {**window, "nextToken": page["nextToken"]}
    assert [p["itemCount"] for p in pages] == [20, 20, 5]
    assert all(p["pageSize"] == 20 and "pageIndex" not in p for p in pages)
    assert len(set(seen)) == 45
    assert seen == [m.message_id for m in state.accepted_messages()]
    # A token only continues the query it came from.
    other = {"requestStartTime": "2026-03-01 00:00:00", "requestEndTime": "2026-03-02 23:59:59"}
    rejected(state.list_messages, SID, {**other, "nextToken": pages[0]["nextToken"]})


def test_request_id_query_defaults_to_1000_per_page(state: SensState) -> None:
    request_id = send_many(state, 100)
    page = state.list_messages(SID, {"requestId": request_id})
    assert page["pageSize"] == 1000 and page["itemCount"] == 100 and not page["hasMore"]
    assert state.list_messages(SID, {"requestId": "unknown"})["messages"] == []


def test_page_index_paging_when_configured(real: FakeTime) -> None:
    state = make_state(real, paging="pageIndex")
    request_id = send_many(state, 45)
    pages = [
        state.list_messages(SID, {"requestId": request_id, "pageSize": "20", "pageIndex": str(i)})
        for i in range(3)
    ]
    assert [p["pageIndex"] for p in pages] == [0, 1, 2]
    assert [p["itemCount"] for p in pages] == [20, 20, 5]
    assert [p["hasMore"] for p in pages] == [True, True, False]
    assert all("nextToken" not in p for p in pages)
    rejected(state.list_messages, SID, {"requestId": request_id, "pageIndex": "-1"})


def test_complete_window_lists_only_completed_messages(state: SensState, real: FakeTime) -> None:
    send_many(state, 3)
    window = {"completeStartTime": "2026-03-02 09:00:00",
              "completeEndTime": "2026-03-02 11:00:00"}
    assert state.list_messages(SID, window)["messages"] == []
    real.now += 5
    records = state.list_messages(SID, window)["messages"]
    assert len(records) == 3 and {r["status"] for r in records} == {"COMPLETED"}


def test_filters(state: SensState, real: FakeTime) -> None:
    state.send(SID, sms(messages=[{"to": "01011112222"}, {"to": "01033334444", "content": "😀"}]))
    state.send(SID, sms(type="LMS", contentType="AD", content="(광고) x"))
    base = {"requestStartTime": "2026-03-02 00:00:00", "requestEndTime": "2026-03-02 23:59:59"}

    def count(**filters: str) -> int:
        return len(state.list_messages(SID, {**base, **filters})["messages"])

    assert count(status="READY") == 3 and count(status="COMPLETED") == 0
    real.now += 10
    assert count(type="LMS") == 1 and count(contentType="AD") == 1
    assert count(to="01033334444") == 1 and count(**{"from": CALLER}) == 3
    assert count(statusName="FAIL") == 1 and count(statusName="SUCCESS") == 2


def test_history_is_kept_90_days(state: SensState, real: FakeTime) -> None:
    request_id = send_many(state, 1)
    real.now += 10
    message_id = state.list_messages(SID, {"requestId": request_id})["messages"][0]["messageId"]
    real.now += 89 * 24 * 3600
    assert state.get_result(SID, message_id)["messages"][0]["status"] == "COMPLETED"
    real.now += 2 * 24 * 3600
    rejected(state.get_result, SID, message_id, status=404)
    assert state.list_messages(SID, {"requestId": request_id})["messages"] == []


def test_get_result_shows_requested_content_and_hides_results_until_done(
    state: SensState, real: FakeTime
) -> None:
    request_id = state.send(SID, sms(content="가" * 50))["requestId"]
    message_id = state.list_messages(SID, {"requestId": request_id})["messages"][0]["messageId"]
    pending = state.get_result(SID, message_id)
    assert pending["statusCode"] == "200" and pending["statusName"] == "success"
    (item,) = pending["messages"]
    assert item["status"] == "READY" and "statusCode" not in item and "completeTime" not in item
    assert item["content"] == "가" * 50  # as requested, not as truncated
    real.now += 5
    (item,) = state.get_result(SID, message_id)["messages"]
    assert item["statusCode"] == "0" and item["completeTime"] == "2026-03-02 10:00:03"
    rejected(state.get_result, SID, "no-such-message", status=404)


# --- reservations -------------------------------------------------------------------------


def test_reserve_time_must_be_ten_minutes_ahead(state: SensState) -> None:
    rejected(state.send, SID, sms(reserveTime="2026-03-02 10:09"))
    rejected(state.send, SID, sms(reserveTime="2026-03-02 10:10:00"))
    rejected(state.send, SID, sms(reserveTime="2026/03/02 10:30"))
    state.send(SID, sms(reserveTime="2026-03-02 10:10"))
    # 01:30 in UTC is 10:30 in Seoul (ahead), but 01:30 in Seoul is long past.
    state.send(SID, sms(reserveTime="2026-03-02 01:30", reserveTimeZone="UTC"))
    rejected(state.send, SID, sms(reserveTime="2026-03-02 01:30"))


def test_reservation_lifecycle(state: SensState, real: FakeTime) -> None:
    reserve_id = state.send(SID, sms(reserveTime="2026-03-02 11:00"))["requestId"]
    status = state.reservation_status(SID, reserve_id)
    assert status == {
        "reserveId": reserve_id, "reserveTimeZone": "Asia/Seoul",
        "reserveTime": "2026-03-02 11:00", "reserveStatus": "READY",
    }
    page = state.list_messages(SID, {"requestId": reserve_id})
    assert page["statusName"] == "reserved" and page["messages"] == []
    real.now += 3600
    assert state.reservation_status(SID, reserve_id)["reserveStatus"] == "PROCESSING"
    real.now += 1
    assert state.reservation_status(SID, reserve_id)["reserveStatus"] == "DONE"
    page = state.list_messages(SID, {"requestId": reserve_id})
    assert page["statusName"] == "success"
    assert page["messages"][0]["requestTime"] == "2026-03-02 11:00:00"
    body = rejected(state.cancel_reservation, SID, reserve_id)
    assert "DONE" in body["errorMessage"]


def test_cancel_reservation(state: SensState, real: FakeTime) -> None:
    reserve_id = state.send(SID, sms(reserveTime="2026-03-02 11:00"))["requestId"]
    state.cancel_reservation(SID, reserve_id)
    assert state.reservation_status(SID, reserve_id)["reserveStatus"] == "CANCELED"
    rejected(state.cancel_reservation, SID, reserve_id)
    real.now += 7200
    assert state.list_messages(SID, {"requestId": reserve_id})["messages"] == []
    assert state.reservation_status(SID, reserve_id)["reserveStatus"] == "CANCELED"


def test_reservation_fails_when_its_image_expires_first(
    state: SensState, real: FakeTime
) -> None:
    file_id = upload(state, "photo.jpg", jpeg())["fileId"]
    reserve_id = state.send(SID, sms(
        type="MMS", files=[{"fileId": file_id}], reserveTime="2026-03-09 10:00",
    ))["requestId"]
    assert state.reservation_status(SID, reserve_id)["reserveStatus"] == "READY"
    real.now += 7 * 24 * 3600 + 60
    assert state.reservation_status(SID, reserve_id)["reserveStatus"] == "FAIL"
    page = state.list_messages(SID, {"requestId": reserve_id})
    assert page["statusName"] == "fail" and page["messages"] == []
    rejected(state.cancel_reservation, SID, reserve_id)


def test_reservation_endpoints_need_a_reservation(state: SensState) -> None:
    request_id = state.send(SID, sms())["requestId"]
    rejected(state.reservation_status, SID, request_id, status=404)
    rejected(state.cancel_reservation, SID, "unknown", status=404)


# --- 080 ----------------------------------------------------------------------------------


def test_unsubscribe_register_list_delete(state: SensState, real: FakeTime) -> None:
    added = state.add_unsubscribes(SID, [{"clientTelNo": "01011112222"}])
    assert added == [{"clientTelNo": "01011112222", "registerTime": "2026-03-02T10:00:00",
                      "registerType": "M"}]
    real.now += 60.25
    state.add_unsubscribes(SID, [{"clientTelNo": "01033334444"}], register_type="C")
    listed = state.list_unsubscribes(SID, {})
    assert [e["clientTelNo"] for e in listed] == ["01011112222", "01033334444"]
    assert listed[1]["registerType"] == "C"
    assert listed[1]["registerTime"] == "2026-03-02T10:01:00.250"  # Jackson LocalDateTime
    assert len(state.list_unsubscribes(SID, {"clientTelNo": "01033334444"})) == 1
    since = int((real.now - 1) * 1000)
    assert len(state.list_unsubscribes(SID, {"startTime": str(since)})) == 1
    state.delete_unsubscribes(SID, [{"clientTelNo": "01011112222"}])
    assert [e["clientTelNo"] for e in state.list_unsubscribes(SID, {})] == ["01033334444"]


def test_unsubscribe_bounds_and_paging(state: SensState) -> None:
    numbers = [{"clientTelNo": f"010{n:08d}"} for n in range(1001)]
    rejected(state.add_unsubscribes, SID, numbers)
    rejected(state.add_unsubscribes, SID, [])
    rejected(state.add_unsubscribes, SID, [{"clientTelNo": "010-1111-2222"}])
    rejected(state.delete_unsubscribes, SID, numbers)
    assert len(state.add_unsubscribes(SID, numbers[:1000])) == 1000
    pages = [state.list_unsubscribes(SID, {"pageIndex": str(i)}) for i in range(11)]
    assert [len(p) for p in pages] == [100] * 10 + [0]
    assert len(state.list_unsubscribes(SID, {"pageSize": "30", "pageIndex": "1"})) == 30
    rejected(state.list_unsubscribes, SID, {"pageSize": "101"})
    rejected(state.list_unsubscribes, SID, {"pageIndex": "-1"})

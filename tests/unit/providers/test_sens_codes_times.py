"""Result-code tables against the reference text, SENS time formats and window splitting."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.providers.sens import codes
from console.providers.sens.errors import SensQueryRangeError
from console.providers.sens.models import MessageRecord, Unsubscribe
from console.providers.sens.times import format_minutes, format_seconds, parse_time
from console.providers.sens.windows import (
    COMPLETE_WINDOW,
    REQUEST_WINDOW,
    legal_windows,
    split_window,
)

SEOUL = ZoneInfo("Asia/Seoul")
REFERENCE = Path(__file__).resolve().parents[3].parent / "shared/reference/sens-sms-api-v2.ko.txt"


def _reference_codes() -> set[str]:
    text = REFERENCE.read_text(encoding="utf-8")
    tables = text[text.index("IB G/W Report Code\n\n코드") :]
    return {m.group(1) for m in re.finditer(r"^([0-9]{1,4}|[SE][0-9]{3})\t", tables, re.M)}


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference text not available")
def test_every_reference_code_is_in_the_tables() -> None:
    assert _reference_codes() == set(codes.ALL_RESULT_CODES)


def test_tables_do_not_overlap_and_have_both_languages() -> None:
    tables = (codes.IB_GW_REPORT_CODES, codes.IB_GW_RESPONSE_CODES, codes.IB_EMMA_CODES)
    assert sum(len(t) for t in tables) == len(codes.ALL_RESULT_CODES)
    for row in codes.ALL_RESULT_CODES.values():
        assert row.meaning_ko and row.meaning_en
    assert {r.category for r in codes.IB_GW_REPORT_CODES} == {"success", "failure", "invalid"}


def test_describe_and_retryability() -> None:
    assert codes.describe("3003", "ko") == "수신번호 형식 오류"
    assert codes.describe(3003, "en") == "Called number format error"
    assert codes.describe("s007", "ko") == "MMS 파일 만료"
    assert codes.describe("E915", "en") == "Duplicate message"
    assert codes.describe("9999", "ko") == "알 수 없는 결과 코드 9999"
    assert codes.describe("9999", "en") == "Unknown result code 9999"
    assert codes.describe(None, "ko") == "결과 없음"
    assert codes.is_success("0") and not codes.is_success("3000") and not codes.is_success(None)
    lookup = codes.lookup
    assert lookup("2003").retryable  # phone off: later may work
    assert not lookup("3001").retryable  # no subscriber
    assert lookup("1001").retryable and not lookup("1004").retryable
    assert codes.describe_reservation_status("stale", "en") == "Delivery request failed (timeout)"
    assert codes.lookup_reservation_status("FAIL").retryable  # type: ignore[union-attr]
    assert not codes.lookup_reservation_status("CANCELED").retryable  # type: ignore[union-attr]
    assert codes.describe_request_status("PROCESSING", "ko") == "처리 중"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T12:00:01.250", datetime(2026, 11, 20, 12, 0, 1, 250000, tzinfo=SEOUL)),
        ("2026-11-20 12:00:01", datetime(2026, 11, 20, 12, 0, 1, tzinfo=SEOUL)),
        ("2026-11-20 12:00", datetime(2026, 11, 20, 12, 0, tzinfo=SEOUL)),
        ("2026-11-20T12:00:01.123456789", datetime(2026, 11, 20, 12, 0, 1, 123456, tzinfo=SEOUL)),
        ("2026-11-20T03:00:00Z", datetime(2026, 11, 20, 12, 0, tzinfo=SEOUL)),
        ("2026-11-20T12:00:00+09:00", datetime(2026, 11, 20, 12, 0, tzinfo=SEOUL)),
        (1795143600000, datetime(2026, 11, 20, 12, 0, tzinfo=SEOUL)),
    ],
)
def test_parse_time_formats(text: object, expected: datetime) -> None:
    parsed = parse_time(text)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


def test_parse_time_rejects_garbage() -> None:
    assert parse_time(None) is None and parse_time("") is None
    for bad in ("20/11/2026", "2026-11-20 1200", True, [1]):
        with pytest.raises(ValueError):
            parse_time(bad)


def test_formats_sent_to_sens() -> None:
    moment = datetime(2026, 11, 20, 3, 4, 5, 999, tzinfo=UTC)
    assert format_seconds(moment) == "2026-11-20 12:04:05"
    assert format_seconds(datetime(2026, 11, 20, 12, 4, 5)) == "2026-11-20 12:04:05"  # naive: Seoul
    assert format_minutes(moment) == "2026-11-20 12:04"
    assert format_minutes(moment, ZoneInfo("Europe/Berlin")) == "2026-11-20 04:04"


def test_models_keep_aware_times() -> None:
    record = MessageRecord.from_json(
        {
            "requestId": "R",
            "messageId": "M",
            "requestTime": "2026-11-20 12:00:00",
            "contentType": "COMM",
            "type": "SMS",
            "countryCode": "82",
            "from": "1",
            "to": "2",
            "status": "READY",
        }
    )
    assert record.request_time.utcoffset() == timedelta(hours=9)
    entry = Unsubscribe.from_json(
        {"clientTelNo": "0101", "registerTime": "2026-11-01T09:00:00.5", "registerType": "M"}
    )
    assert entry.registered_at == datetime(2026, 11, 1, 9, 0, 0, 500000, tzinfo=SEOUL)


_moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(SEOUL)
)


@given(
    start=_moments,
    length=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=95)),
    span=st.sampled_from([REQUEST_WINDOW, COMPLETE_WINDOW, timedelta(seconds=1)]),
)
def test_split_window_covers_the_range_with_legal_windows(
    start: datetime, length: timedelta, span: timedelta
) -> None:
    if span == timedelta(seconds=1):
        length = min(length, timedelta(minutes=5))
    end = start + length
    windows = split_window(start, end, span)
    assert windows[0][0] == start.replace(microsecond=0)
    assert windows[-1][1] == end.replace(microsecond=0)
    for window_start, window_end in windows:
        assert timedelta(0) <= window_end - window_start < span
    for (_, previous_end), (next_start, _) in itertools.pairwise(windows):
        assert next_start - previous_end == timedelta(seconds=1)


def test_legal_windows_retention_rules() -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=SEOUL)
    # "Last 90 days" picked a moment ago: moved inside the limit, not refused.
    windows = legal_windows(now - timedelta(days=90, minutes=5), now, kind="request", now=now)
    assert windows[0][0] > now - timedelta(days=90)
    assert len(windows) == 3
    with pytest.raises(SensQueryRangeError) as caught:
        legal_windows(
            now - timedelta(days=120), now - timedelta(days=100), kind="complete", now=now
        )
    assert "2026-08-23" in caught.value.message_ko
    # A far-future end is cut at now (+ slack): no pointless windows.
    assert (
        len(
            legal_windows(
                now - timedelta(hours=1), now + timedelta(days=30), kind="complete", now=now
            )
        )
        == 1
    )
    with pytest.raises(ValueError):
        legal_windows(now, now, kind="sent", now=now)

"""Send plans: validation, type split, batches, cost, reservations (console.domain.plan)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.cost import DEFAULT_UNIT_PRICES, estimate
from console.domain.merge import MissingVariableError, render
from console.domain.models import Draft, Recipient, SendPlan
from console.domain.plan import (
    BATCH_SIZE,
    AdRulesError,
    ContentTooLongError,
    DraftInvalidError,
    EmptyContentError,
    InternationalSmsOnlyError,
    InvalidTimeZoneError,
    NightConsentRequiredError,
    NoCallerError,
    NoRecipientsError,
    ReservationTooSoonError,
    SubjectTooLongError,
    TooManyImagesError,
    UnsupportedCharactersError,
    build_plan,
    check_draft,
    destination,
    format_reserve_time,
    resolve_reservation,
)
from console.domain.text import measure
from console.errors import ConsoleError

SEOUL = ZoneInfo("Asia/Seoul")
NOON = datetime(2025, 5, 1, 12, 0, tzinfo=SEOUL)  # daytime in Seoul
NIGHT = datetime(2025, 5, 1, 22, 30, tzinfo=SEOUL)
CALLER = "02-1234-5678"
AD = "(광고) 네이버상회\n봄맞이 할인\n무료수신거부 080-123-4567"


def people(count: int, **fields: str) -> list[Recipient]:
    return [Recipient(f"010{i:08d}", f"고객{i}", dict(fields)) for i in range(count)]


def plan(draft: Draft, recipients: list[Recipient], **kwargs: object) -> SendPlan:
    kwargs.setdefault("now", NOON)
    return build_plan(draft, recipients, **kwargs)  # type: ignore[arg-type]


def problems(draft: Draft, recipients: list[Recipient], **kwargs: object) -> list[type]:
    kwargs.setdefault("now", NOON)
    return [type(p) for p in check_draft(draft, recipients, **kwargs)]  # type: ignore[arg-type]


# --- batches and types ---------------------------------------------------------------------


def test_plain_sms_is_one_request_without_per_message_content() -> None:
    result = plan(Draft("안녕하세요", subject="무시됨", caller=CALLER), people(3))
    assert len(result.batches) == 1
    batch = result.batches[0]
    assert batch.to_body() == {
        "type": "SMS",
        "contentType": "COMM",
        "countryCode": "82",
        "from": "0212345678",
        "content": "안녕하세요",
        "messages": [{"to": "01000000000"}, {"to": "01000000001"}, {"to": "01000000002"}],
    }
    assert result.counts == {"SMS": 3, "LMS": 0, "MMS": 0}
    assert "subject_dropped" in [n.code for n in result.notices]
    assert result.max_bytes == 10
    assert result.send_at is None


def test_batches_hold_at_most_100_messages() -> None:
    result = plan(Draft("안내", caller=CALLER), people(250))
    assert [len(b.messages) for b in result.batches] == [100, 100, 50]
    assert [b.index for b in result.batches] == [0, 1, 2]
    assert result.message_count == 250
    assert BATCH_SIZE == 100


def test_long_text_goes_as_lms_with_subject() -> None:
    text = "가" * 46  # 92 bytes
    result = plan(Draft(text, subject="공지", caller=CALLER), people(2))
    (batch,) = result.batches
    body = batch.to_body()
    assert body["type"] == "LMS" and body["subject"] == "공지"
    assert [n.code for n in result.notices] == ["lms"]


def test_force_lms_sends_short_text_as_lms() -> None:
    result = plan(Draft("짧은 글", subject="제목", caller=CALLER, force_lms=True), people(2))
    assert [b.type for b in result.batches] == ["LMS"]
    assert result.batches[0].subject == "제목"
    assert result.notices == ()


def test_images_make_mms_with_files() -> None:
    draft = Draft("사진 보세요", subject="사진", caller=CALLER, images=("f1", "f2"))
    (batch,) = plan(draft, people(1)).batches
    body = batch.to_body()
    assert body["type"] == "MMS"
    assert body["files"] == [{"fileId": "f1"}, {"fileId": "f2"}]
    assert body["subject"] == "사진"


def test_personalised_text_splits_sms_and_lms_requests() -> None:
    short = [Recipient("01011110000", "김"), Recipient("01011110001", "이")]
    long = [Recipient("01022220000", "가" * 45)]
    draft = Draft("#{name}님 안녕하세요", subject="안내", caller=CALLER)
    result = plan(draft, [short[0], long[0], short[1]])
    assert [(b.type, [m.to for m in b.messages]) for b in result.batches] == [
        ("SMS", ["01011110000", "01011110001"]),
        ("LMS", ["01022220000"]),
    ]
    sms, lms = result.batches
    # The most common text is the request's content; others carry their own.
    assert sms.content == "김님 안녕하세요"
    assert [m.content for m in sms.messages] == [None, "이님 안녕하세요"]
    assert sms.text_for(1) == "이님 안녕하세요"
    assert sms.subject is None and all(m.subject is None for m in sms.messages)
    assert lms.subject == "안내"
    assert "split" in [n.code for n in result.notices]
    assert result.counts == {"SMS": 2, "LMS": 1, "MMS": 0}


def test_personalised_subject_is_per_message_when_it_differs() -> None:
    recipients = [Recipient("01000000001", "김"), Recipient("01000000002", "김"),
                  Recipient("01000000003", "박")]
    draft = Draft("공지", subject="#{name}님께", caller=CALLER, force_lms=True)
    (batch,) = plan(draft, recipients).batches
    assert batch.subject == "김님께"
    assert [m.to_json() for m in batch.messages] == [
        {"to": "01000000001"},
        {"to": "01000000002"},
        {"to": "01000000003", "subject": "박님께"},
    ]


def test_reservation_fields_go_into_every_batch() -> None:
    at = datetime(2025, 5, 2, 9, 30)
    result = plan(Draft("예약", caller=CALLER, reserve_at=at), people(150))
    assert {b.reserve_time for b in result.batches} == {"2025-05-02 09:30"}
    body = result.batches[0].to_body()
    assert body["reserveTime"] == "2025-05-02 09:30"
    assert body["reserveTimeZone"] == "Asia/Seoul"
    assert result.send_at == datetime(2025, 5, 2, 9, 30, tzinfo=SEOUL)


# --- recipients ----------------------------------------------------------------------------


def test_duplicates_and_invalid_numbers_are_left_out_with_notices() -> None:
    recipients = [
        Recipient("010-1234-5678"),
        Recipient("01012345678"),
        Recipient("+82 10 1234 5678"),
        Recipient("전화없음"),
        Recipient("01099998888"),
    ]
    result = plan(Draft("안내", caller=CALLER), recipients)
    assert [m.to for m in result.batches[0].messages] == ["01012345678", "01099998888"]
    assert Counter(s.reason for s in result.skipped) == {"duplicate": 2, "invalid": 1}
    assert {"duplicate", "invalid"} <= {n.code for n in result.notices}
    kept = plan(Draft("안내", caller=CALLER), recipients, dedupe=False)
    assert kept.message_count == 4


def test_destination() -> None:
    assert destination("010-1234-5678") == "01012345678"
    assert destination("(02) 123 4567") == "021234567"
    assert destination("+82-10-1234-5678") == "01012345678"
    assert destination("+1 415 555 0100", "1") == "4155550100"
    assert destination("+44 20 7946 0000", "1") is None
    assert destination("+1 415 555 0100") is None  # not a domestic number
    assert destination("123") is None
    assert destination("010-1234-567a") is None
    assert destination("０１０１２３４５６７８") is None  # full-width digits are not sent


def test_ads_exclude_optout_numbers() -> None:
    recipients = people(5)
    optouts = ["010-0000-0001", "01000000003"]
    draft = Draft(AD, caller=CALLER, content_type="AD", sender_name="네이버상회")
    result = plan(draft, recipients, optouts=optouts)
    assert [r.phone for r in result.excluded] == ["01000000001", "01000000003"]
    assert result.message_count == 3
    assert "optout" in [n.code for n in result.notices]
    # Normal messages are not filtered by the advertising opt-out list.
    assert plan(Draft("안내", caller=CALLER), recipients, optouts=optouts).message_count == 5


def test_all_recipients_excluded_is_an_error_with_the_count() -> None:
    draft = Draft(AD, caller=CALLER, content_type="AD", sender_name="네이버상회")
    recipients = people(2)
    with pytest.raises(DraftInvalidError) as caught:
        plan(draft, recipients, optouts=[r.phone for r in recipients])
    (problem,) = caught.value.problems
    assert isinstance(problem, NoRecipientsError) and problem.left_out == 2


# --- validation ----------------------------------------------------------------------------


def test_empty_content_no_recipients_no_caller() -> None:
    assert problems(Draft("  \n", caller=CALLER), people(1)) == [EmptyContentError]
    assert problems(Draft("안녕", caller=CALLER), []) == [NoRecipientsError]
    assert problems(Draft("안녕", caller=""), people(1)) == [NoCallerError]


def test_every_problem_is_reported_at_once_in_both_languages() -> None:
    draft = Draft("😀", caller="", images=("a", "b", "c", "d"), subject="가" * 21)
    with pytest.raises(DraftInvalidError) as caught:
        plan(draft, [])
    found = [type(p) for p in caught.value.problems]
    assert found == [
        NoCallerError,
        TooManyImagesError,
        UnsupportedCharactersError,
        NoRecipientsError,
    ]
    error = caught.value
    assert isinstance(error, ConsoleError)
    assert "3 more" in error.message_en and "3건" in error.message_ko
    for problem in error.problems:
        assert problem.message_ko != problem.message_en


def test_unsupported_characters_in_content_subject_and_fields() -> None:
    draft = Draft("Café #{memo}", subject="🎉", caller=CALLER, force_lms=True)
    found = check_draft(draft, [Recipient("01012345678", fields={"memo": "naïve"})], now=NOON)
    assert [(type(p), getattr(p, "where", None), getattr(p, "chars", None)) for p in found] == [
        (UnsupportedCharactersError, "content", ["é"]),
        (UnsupportedCharactersError, "subject", ["🎉"]),
        (UnsupportedCharactersError, "fields", ["ï"]),
    ]


def test_characters_outside_euckr_are_a_warning() -> None:
    result = plan(Draft("똠방각하 #{name}", caller=CALLER), [Recipient("01011112222", "뷁")])
    notices = [n for n in result.notices if n.code == "outside_euckr"]
    assert len(notices) == 2
    assert "똠" in notices[0].message("ko") and "뷁" in notices[1].message("en")


def test_content_over_2000_bytes_is_an_error() -> None:
    assert problems(Draft("가" * 1000, caller=CALLER), people(1)) == []
    found = check_draft(Draft("가" * 1000 + "a", caller=CALLER), people(2), now=NOON)
    assert [type(p) for p in found] == [ContentTooLongError]
    assert isinstance(found[0], ContentTooLongError)
    assert (found[0].size, found[0].recipients) == (2001, 2)


def test_personalised_content_over_2000_bytes_names_how_many() -> None:
    recipients = [Recipient("01000000001", "가" * 10), Recipient("01000000002", "가" * 500)]
    found = check_draft(Draft("가" * 990 + "#{name}", caller=CALLER), recipients, now=NOON)
    assert len(found) == 1 and isinstance(found[0], ContentTooLongError)
    assert found[0].recipients == 1


def test_subject_over_40_bytes_is_an_error_for_lms_only() -> None:
    long_subject = "가" * 21  # 42 bytes
    assert problems(Draft("짧다", subject=long_subject, caller=CALLER), people(1)) == []
    draft = Draft("짧다", subject=long_subject, caller=CALLER, force_lms=True)
    assert problems(draft, people(1)) == [SubjectTooLongError]
    ok = Draft("짧다", subject="가" * 20, caller=CALLER, force_lms=True)
    assert problems(ok, people(1)) == []


def test_missing_variables_error_or_empty() -> None:
    recipients = [Recipient("01000000001", fields={"x": "1"}), Recipient("01000000002")]
    found = check_draft(Draft("#{x}#{y}", caller=CALLER), recipients, now=NOON)
    assert len(found) == 1 and isinstance(found[0], MissingVariableError)
    assert found[0].names == ["y", "x"] or found[0].names == ["x", "y"]
    assert found[0].recipients == 2
    lenient = Draft("값:#{x}", caller=CALLER, missing_variables="empty")
    result = plan(lenient, recipients)
    assert [result.batches[0].text_for(i) for i in range(2)] == ["값:1", "값:"]


def test_too_many_images() -> None:
    draft = Draft("사진", caller=CALLER, images=("a", "b", "c", "d"))
    assert problems(draft, people(1)) == [TooManyImagesError]


def test_international_is_sms_only() -> None:
    intl = Draft("hello", caller=CALLER, country_code="1")
    result = plan(intl, [Recipient("4155550100")])
    assert result.batches[0].country_code == "1"
    too_long = Draft("x" * 91, caller=CALLER, country_code="1")
    assert problems(too_long, [Recipient("4155550100")]) == [InternationalSmsOnlyError]


# --- advertising -------------------------------------------------------------------------------


def test_ad_rules_are_checked() -> None:
    draft = Draft("할인합니다", caller=CALLER, content_type="AD", sender_name="네이버상회")
    found = check_draft(draft, people(1), now=NOON)
    assert len(found) == 1 and isinstance(found[0], AdRulesError)
    assert [v.code for v in found[0].violations] == ["prefix", "sender", "optout"]
    good = Draft(AD, caller=CALLER, content_type="AD", sender_name="네이버상회")
    assert plan(good, people(1)).batches[0].content_type == "AD"


def test_ads_at_night_need_consent() -> None:
    draft = Draft(AD, caller=CALLER, content_type="AD", sender_name="네이버상회")
    assert problems(draft, people(1), now=NIGHT) == [NightConsentRequiredError]
    consented = Draft(
        AD, caller=CALLER, content_type="AD", sender_name="네이버상회", night_consent=True
    )
    assert problems(consented, people(1), now=NIGHT) == []
    assert problems(Draft("일반 안내", caller=CALLER), people(1), now=NIGHT) == []


def test_ad_reserved_for_the_night_needs_consent_even_if_sent_by_day() -> None:
    at = datetime(2025, 5, 1, 21, 0)
    draft = Draft(AD, caller=CALLER, content_type="AD", sender_name="네이버상회", reserve_at=at)
    found = check_draft(draft, people(1), now=NOON)
    assert len(found) == 1 and isinstance(found[0], NightConsentRequiredError)
    assert "21:00" in found[0].message_ko
    morning = Draft(
        AD, caller=CALLER, content_type="AD", sender_name="네이버상회",
        reserve_at=datetime(2025, 5, 2, 8, 0),
    )
    assert problems(morning, people(1), now=NIGHT) == []


def test_night_is_judged_in_seoul_for_domestic_recipients() -> None:
    # Reserved 09:00 in New York = 22:00 in Seoul: domestic recipients would get it at night.
    draft = Draft(
        AD, caller=CALLER, content_type="AD", sender_name="네이버상회",
        reserve_at=datetime(2025, 5, 2, 9, 0), reserve_tz="America/New_York",
    )
    assert problems(draft, people(1), now=NOON) == [NightConsentRequiredError]


# --- reservations --------------------------------------------------------------------------


def test_reservation_must_be_ten_minutes_ahead() -> None:
    now = datetime(2025, 5, 1, 12, 0, 30, tzinfo=SEOUL)
    with pytest.raises(ReservationTooSoonError) as caught:
        resolve_reservation(datetime(2025, 5, 1, 12, 10), "Asia/Seoul", now)
    assert caught.value.earliest == datetime(2025, 5, 1, 12, 11, tzinfo=SEOUL)
    assert "12:11" in caught.value.message_ko
    ok = resolve_reservation(datetime(2025, 5, 1, 12, 11), "Asia/Seoul", now)
    assert ok == datetime(2025, 5, 1, 12, 11, tzinfo=SEOUL)
    with pytest.raises(ReservationTooSoonError):
        resolve_reservation(datetime(2025, 4, 30, 12, 0), "Asia/Seoul", now)


def test_reservation_in_other_zones_and_aware_times() -> None:
    now = datetime(2025, 5, 1, 0, 0, tzinfo=UTC)
    local = resolve_reservation(datetime(2025, 5, 1, 9, 0), "Europe/Berlin", now)
    assert local.utcoffset() == timedelta(hours=2)
    aware = datetime(2025, 5, 1, 3, 0, 45, tzinfo=UTC)
    assert resolve_reservation(aware, "Asia/Seoul", now) == datetime(
        2025, 5, 1, 12, 0, tzinfo=SEOUL
    )
    assert format_reserve_time(aware, "Asia/Seoul") == "2025-05-01 12:00"
    assert format_reserve_time(datetime(2025, 12, 31, 23, 59), "UTC") == "2025-12-31 23:59"


def test_reservation_time_zone_must_exist() -> None:
    with pytest.raises(InvalidTimeZoneError):
        resolve_reservation(datetime(2030, 1, 1), "Mars/Olympus")
    draft = Draft("안내", caller=CALLER, reserve_at=datetime(2030, 1, 1), reserve_tz="Nowhere")
    assert problems(draft, people(1)) == [InvalidTimeZoneError]


def test_reservation_in_draft_too_soon() -> None:
    draft = Draft("안내", caller=CALLER, reserve_at=datetime(2025, 5, 1, 12, 5))
    assert problems(draft, people(1)) == [ReservationTooSoonError]


# --- cost ----------------------------------------------------------------------------------


def test_cost_is_count_times_unit_price() -> None:
    recipients = [Recipient("01000000001", "김"), Recipient("01000000002", "가" * 45)]
    result = plan(Draft("#{name}님", caller=CALLER), recipients, prices={"SMS": 8, "LMS": 25})
    lines = [(line.type, line.count, line.unit_price, line.amount) for line in result.cost.lines]
    assert lines == [("SMS", 1, 8, 8), ("LMS", 1, 25, 25)]
    assert result.cost.total == 33


def test_cost_rounds_fractional_prices_to_whole_won() -> None:
    assert estimate({"SMS": 3}, {"SMS": 8.4}).total == 25  # 25.2
    assert estimate({"SMS": 5}, {"SMS": 8.3}).total == 42  # 41.5 rounds half up
    assert estimate({"MMS": 2}).total == 2 * DEFAULT_UNIT_PRICES["MMS"]
    assert estimate({"SMS": 0}).lines == ()


# --- properties ----------------------------------------------------------------------------

recipient_strategy = st.builds(
    Recipient,
    phone=st.one_of(
        st.from_regex(r"010[0-9]{8}", fullmatch=True),
        st.from_regex(r"010-[0-9]{4}-000[0-9]", fullmatch=True),
        st.sampled_from(["", "abc", "12"]),
    ),
    name=st.text(alphabet="가나다라마바사abc ", max_size=60),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(recipient_strategy, max_size=260),
    st.sampled_from(["#{name}님 안녕하세요", "공지", "#{name}" * 3, "(광고)x"]),
    st.booleans(),
)
def test_plan_covers_every_recipient_exactly_once(
    recipients: list[Recipient], content: str, force_lms: bool
) -> None:
    draft = Draft(
        content, subject="제목", caller=CALLER, force_lms=force_lms, missing_variables="empty"
    )
    try:
        result = build_plan(draft, recipients, now=NOON)
    except DraftInvalidError as exc:
        assert all(isinstance(p, NoRecipientsError) for p in exc.problems)
        assert all(destination(r.phone) is None for r in recipients) or not recipients
        return
    planned = [r for b in result.batches for r in b.recipients]
    skipped = [s.recipient for s in result.skipped]
    assert sorted(map(id, planned + skipped)) == sorted(map(id, recipients))
    assert sum(result.counts.values()) == len(planned) == result.message_count
    for batch in result.batches:
        assert 1 <= len(batch.messages) <= BATCH_SIZE
        assert len(batch.messages) == len(batch.recipients)
        for position, recipient in enumerate(batch.recipients):
            text = batch.text_for(position)
            assert text == render(content, recipient, missing="empty")
            size = measure(text).bytes
            if batch.type == "SMS":
                assert size <= 90 and not force_lms
            else:
                assert force_lms or size > 90
            assert batch.messages[position].to == destination(recipient.phone)
        if batch.type == "SMS":
            assert batch.subject is None
    tos = [m.to for b in result.batches for m in b.messages]
    assert len(tos) == len(set(tos))

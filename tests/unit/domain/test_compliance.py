"""Advertising rules: format, footer, night consent, 080 exclusion (domain.compliance)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.compliance import (
    InvalidOptOutNumber,
    ad_footer,
    apply_ad_format,
    canonical_number,
    check_ad,
    exclude_optouts,
    format_optout_number,
    has_prefix,
    is_night,
    needs_night_consent,
    optout_number,
)
from console.errors import ConsoleError

GOOD = "(광고) 네이버상회\n봄맞이 전 품목 20% 할인!\n무료수신거부 080-123-4567"


def codes(content: str, sender: str = "네이버상회") -> list[str]:
    return [v.code for v in check_ad(content, sender)]


def test_a_correct_ad_passes() -> None:
    assert check_ad(GOOD, "네이버상회") == []


@pytest.mark.parametrize(
    "content",
    [
        GOOD,
        "(광고)네이버상회 할인 무료수신거부 0801234567",
        "( 광고 ) 네이버 상회 할인\n무료 수신거부 080 123 4567",
        "(광고) 네이버상회 할인 [무료 수신거부]08012345678",
        "(광고) 네이버상회 할인\n[무료수신거부] 080-1234-5678  \n",
        "(광고) 네이버상회 할인\n무료수신거부: 080.123.4567",
        "(광고) NAVER상회 할인\n무료수신거부 080-123-4567",
    ],
)
def test_spelling_variants_are_accepted(content: str) -> None:
    sender = "naver상회" if "NAVER" in content else "네이버상회"
    assert codes(content, sender) == []


def test_missing_prefix_is_reported() -> None:
    assert codes("네이버상회 할인\n무료수신거부 080-123-4567") == ["prefix"]
    # The prefix must be at the very start, not after whitespace or other text.
    assert codes(" (광고) 네이버상회\n무료수신거부 080-123-4567") == ["prefix"]
    assert codes("안내 (광고) 네이버상회\n무료수신거부 080-123-4567") == ["prefix"]


def test_sender_must_be_named() -> None:
    assert codes("(광고) 할인\n무료수신거부 080-123-4567") == ["sender"]
    assert codes("(광고) 할인\n무료수신거부 080-123-4567", sender="  ") == ["sender_unknown"]


def test_optout_line_must_end_the_message_with_a_free_number() -> None:
    assert codes("(광고) 네이버상회 할인") == ["optout"]
    assert codes("(광고) 네이버상회\n무료수신거부 080-123-4567\n감사합니다") == ["optout_not_last"]
    assert codes("(광고) 네이버상회\n무료수신거부 02-123-4567") == ["optout_not_free"]
    assert codes("(광고) 네이버상회\n무료수신거부 080-12") == ["optout"]


def test_everything_missing() -> None:
    assert codes("hello") == ["prefix", "sender", "optout"]


def test_violations_speak_korean_and_english() -> None:
    for violation in check_ad("hello", ""):
        assert violation.message("ko") == violation.message_ko
        assert violation.message("en") == violation.message_en
        assert any("\uac00" <= c <= "\ud7a3" for c in violation.message_ko)
        assert violation.message_en != violation.message_ko
        assert violation.message_en.startswith(("An ", "No ", "The "))


def test_footer_formats_080_numbers() -> None:
    assert ad_footer("0801234567") == "무료수신거부 080-123-4567"
    assert ad_footer("080-1234-5678") == "무료수신거부 080-1234-5678"
    assert format_optout_number("080 123 4567") == "080-123-4567"


@pytest.mark.parametrize("number", ["", "02-123-4567", "080-12-34", "010-1234-5678"])
def test_footer_refuses_numbers_that_are_not_free(number: str) -> None:
    with pytest.raises(InvalidOptOutNumber) as caught:
        ad_footer(number)
    assert isinstance(caught.value, ConsoleError)
    assert "080" in caught.value.message_ko


def test_apply_ad_format_adds_what_is_missing() -> None:
    assert (
        apply_ad_format("봄맞이 할인", "네이버상회", "0801234567")
        == "(광고)[네이버상회] 봄맞이 할인\n무료수신거부 080-123-4567"
    )
    assert (
        apply_ad_format("네이버상회 봄맞이 할인", "네이버상회", "0801234567")
        == "(광고) 네이버상회 봄맞이 할인\n무료수신거부 080-123-4567"
    )
    assert apply_ad_format("", "네이버상회", "0801234567") == (
        "(광고)[네이버상회]\n무료수신거부 080-123-4567"
    )


def test_apply_ad_format_keeps_what_is_right() -> None:
    assert apply_ad_format(GOOD, "네이버상회", "0809999999") == GOOD
    fixed = apply_ad_format("(광고)할인\n무료수신거부 02-123-4567", "네이버상회", "0801234567")
    assert fixed == "(광고)[네이버상회] 할인\n무료수신거부 080-123-4567"


@settings(deadline=None)
@given(st.text(max_size=60), st.sampled_from(["네이버상회", "ACME", "김밥천국 강남점"]))
def test_apply_ad_format_always_passes_and_is_idempotent(content: str, sender: str) -> None:
    once = apply_ad_format(content, sender, "080-123-4567")
    assert check_ad(once, sender) == []
    assert apply_ad_format(once, sender, "080-123-4567") == once
    assert has_prefix(once)
    assert optout_number(once) is not None


# --- night-time rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "night"),
    [(20, 59, False), (21, 0, True), (23, 30, True), (0, 0, True), (7, 59, True), (8, 0, False),
     (12, 0, False)],
)
def test_night_is_21_to_08_in_seoul(hour: int, minute: int, night: bool) -> None:
    naive = datetime(2025, 5, 1, hour, minute)
    assert needs_night_consent(naive, "Asia/Seoul") is night
    aware = naive.replace(tzinfo=ZoneInfo("Asia/Seoul"))
    assert needs_night_consent(aware, "Asia/Seoul") is night


def test_aware_times_are_converted_to_the_recipient_zone() -> None:
    # 13:00 UTC is 22:00 in Seoul (night) and 09:00 in New York (day).
    moment = datetime(2025, 5, 1, 13, 0, tzinfo=UTC)
    assert needs_night_consent(moment, "Asia/Seoul")
    assert not needs_night_consent(moment, "America/New_York")
    assert not is_night(moment, timezone(timedelta(hours=-4)))


# --- 080 opt-out exclusion -----------------------------------------------------------------


@dataclass
class Person:
    phone: str
    name: str = ""


def test_exclusion_keeps_order_and_matches_differently_written_numbers() -> None:
    people = [Person("010-1111-2222", "a"), Person("01033334444", "b"), Person("+82 10 5555 6666")]
    result = exclude_optouts(people, ["01011112222", "821055556666", "080-000-0000"])
    assert [p.name for p in result.kept] == ["b"]
    assert [p.phone for p in result.excluded] == ["010-1111-2222", "+82 10 5555 6666"]


def test_exclusion_of_strings_and_custom_keys() -> None:
    assert exclude_optouts(["0101", "0102"], ["0102"]).kept == ["0101"]
    pairs = [("x", "01012345678"), ("y", "01099998888")]
    result = exclude_optouts(pairs, ["010-9999-8888"], number_of=lambda pair: pair[1])
    assert result.kept == [pairs[0]] and result.excluded == [pairs[1]]
    assert exclude_optouts(["0101"], []).kept == ["0101"]


def test_canonical_number() -> None:
    assert canonical_number("+82-10-1234-5678") == "01012345678"
    assert canonical_number("82 010 1234 5678") == "01012345678"
    assert canonical_number("02-123-4567") == "021234567"
    assert canonical_number("1588-1234") == "15881234"


@settings(deadline=None)
@given(
    st.lists(st.from_regex(r"010[0-9]{8}", fullmatch=True), max_size=30),
    st.lists(st.from_regex(r"010[0-9]{8}", fullmatch=True), max_size=10),
)
def test_exclusion_partitions_the_list(numbers: list[str], optouts: list[str]) -> None:
    result = exclude_optouts(numbers, optouts)
    assert sorted(result.kept + result.excluded) == sorted(numbers)
    assert all(n in optouts for n in result.excluded)
    assert not any(n in optouts for n in result.kept)

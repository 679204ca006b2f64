"""Local checks of API PLEX bounds: EUC-KR bytes, MMS images, GMS numbers and senders."""

from __future__ import annotations

import pytest

from console.providers.apiplex import (
    ApiPlexValidationError,
    BizMessage,
    biz_problems,
    measure_euckr,
    normalize_gms_number,
)
from console.providers.apiplex.validation import gms_sender_problem


def test_euckr_measure_counts_ascii_one_and_korean_two() -> None:
    assert measure_euckr("abc").bytes == 3
    assert measure_euckr("한글").bytes == 4
    assert measure_euckr("가\n나").bytes == 5
    assert measure_euckr("").unsupported == ()


@pytest.mark.parametrize("ch", ["똠", "😀", "é", "햏"])
def test_characters_outside_euckr_are_reported_and_still_counted(ch: str) -> None:
    m = measure_euckr(f"a{ch}{ch}")
    assert m.unsupported == (ch,)
    assert m.bytes == 5


def test_euckr_hanja_and_symbols_are_supported() -> None:
    assert measure_euckr("漢字★※").unsupported == ()


def test_biz_limits_per_product() -> None:
    ok90 = BizMessage("01012345678", "가" * 45, "0212345678")
    assert biz_problems("SMS", ok90) == []
    over = BizMessage("01012345678", "가" * 45 + "a", "0212345678")
    assert any("91 bytes" in p for p in biz_problems("SMS", over))
    assert biz_problems("LMS", over) == []
    assert biz_problems("LMS", BizMessage("01012345678", "a" * 2001, "0212345678"))
    titled = BizMessage("01012345678", "x", "0212345678", title="가" * 25)
    assert biz_problems("LMS", titled) == []
    assert biz_problems("LMS", BizMessage("01012345678", "x", "0212345678", title="가" * 26))
    assert any("no title" in p for p in biz_problems("SMS", titled))


def test_mms_images_and_other_fields() -> None:
    base = BizMessage("01012345678", "x", "0212345678", file_path=("a", "b", "c"))
    assert biz_problems("MMS", base) == []
    four = BizMessage("01012345678", "x", "0212345678", file_path=("a", "b", "c", "d"))
    assert any("at most 3" in p for p in biz_problems("MMS", four))
    assert any("only MMS" in p for p in biz_problems("LMS", base))
    none = BizMessage("01012345678", "x", "0212345678")
    assert any("file_path" in p for p in biz_problems("MMS", none))
    echo = BizMessage("01012345678", "x", "0212345678", echo_to_webhook="가" * 86)  # 258 B
    assert any("echo_to_webhook" in p for p in biz_problems("SMS", echo))
    cid = BizMessage("01012345678", "x", "0212345678", origin_cid="12345678901")
    assert any("origin_cid" in p for p in biz_problems("SMS", cid))
    empty = BizMessage("", "", "")
    assert len(biz_problems("SMS", empty)) == 3


def test_biz_to_json_leaves_out_what_a_product_lacks() -> None:
    m = BizMessage(
        "01012345678",
        "본문",
        "0212345678",
        title="제목",
        msg_key="k",
        file_path=("p",),
        sub_id="s",
        echo_to_webhook="e",
        origin_cid="1",
    )
    assert set(m.to_json("SMS")) == {
        "msg_key",
        "sender_number",
        "receiver_number",
        "msg",
        "echo_to_webhook",
        "origin_cid",
    }
    assert set(m.to_json("LMS")) == set(m.to_json("SMS")) | {"title"}
    assert m.to_json("MMS")["file_path"] == ["p"] and m.to_json("MMS")["sub_id"] == "s"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+41 79 302 67 27", "41793026727"),
        ("41793026727", "41793026727"),
        ("0041793026727", "41793026727"),
        ("+82 10-1234-5678", "821012345678"),
        ("+1 (650) 253-0000", "16502530000"),
        ("  +44 7911 123456 ", "447911123456"),
    ],
)
def test_gms_numbers_are_normalised_to_international_digits(raw: str, expected: str) -> None:
    assert normalize_gms_number(raw) == expected


@pytest.mark.parametrize("raw", ["010-1234-5678", "+1 555", "+82 10 1234", "abc", "", "+999 1"])
def test_invalid_gms_numbers_raise_with_a_korean_message(raw: str) -> None:
    with pytest.raises(ApiPlexValidationError) as info:
        normalize_gms_number(raw)
    assert "국가 번호" in info.value.message_ko and info.value.problems


@pytest.mark.parametrize("sender", ["ONSMS", "ACME Corp", "123", "12345678901234", "Shop24"])
def test_valid_gms_senders(sender: str) -> None:
    assert gms_sender_problem(sender) is None


@pytest.mark.parametrize(
    "sender", ["AB", "12", "ABCDEFGHIJKLMN", "123456789012345", "가나다", "ACME!", ""]
)
def test_invalid_gms_senders(sender: str) -> None:
    assert gms_sender_problem(sender)

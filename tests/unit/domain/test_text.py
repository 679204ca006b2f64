"""Byte counting, encodability, message type, truncation and replacements (console.domain.text)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain import text as t
from console.domain.text import (
    LMS_MAX_BYTES,
    SMS_MAX_BYTES,
    SUBJECT_MAX_BYTES,
    byte_length,
    byte_lengths,
    is_encodable,
    measure,
    message_type,
    normalize_newlines,
    replace_unsupported,
    suggest_replacement,
    truncate_to_bytes,
)


def cp949_len(text: str) -> int:
    return len(text.encode("cp949"))


# --- measure -------------------------------------------------------------------------------


def test_limits_are_the_sens_limits() -> None:
    assert (SMS_MAX_BYTES, LMS_MAX_BYTES, SUBJECT_MAX_BYTES) == (90, 2000, 40)
    assert t.content_limit("SMS") == 90
    assert t.content_limit("MMS") == 2000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("hello", 5),
        ("안녕하세요", 10),
        ("안녕 hi", 7),
        ("가\n나", 5),
        ("①½·™€", 10),  # KS X 1001 symbols: 2 bytes each
        ("똠", 2),  # CP949-only syllable: 2 bytes
        ("ｅ", 2),  # full-width Latin is a 2-byte character
    ],
)
def test_bytes_as_sens_counts(text: str, expected: int) -> None:
    assert measure(text).bytes == expected
    assert byte_length(text) == expected


def test_crlf_and_lone_cr_count_as_one_newline() -> None:
    assert normalize_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert measure("가\r\n나").bytes == 5
    assert measure("a\rb").bytes == 3
    assert normalize_newlines("no newline") == "no newline"


def test_unsupported_characters_count_two_and_are_listed_once_in_order() -> None:
    result = measure("Café 😀 café 😀")
    assert result.unsupported == ["é", "😀"]
    assert result.outside_euckr == []
    # C a f é sp 😀 sp c a f é sp 😀 -> 9 ASCII + 4 unsupported x 2
    assert result.bytes == 9 + 8
    assert not result.sendable


def test_outside_euckr_is_found_where_the_euc_kr_codec_would_lie() -> None:
    # Python's euc_kr codec "encodes" 똠 as an 8-byte composition; we must not trust it.
    assert len("똠".encode("euc_kr")) == 8
    result = measure("똠방각하 똠")
    assert result.outside_euckr == ["똠"]
    assert result.unsupported == []
    assert result.sendable
    assert result.positions("outside_euckr") == [0, 5]


def test_ks_x_1001_membership_follows_the_cp949_byte_ranges() -> None:
    ks = t.ks_x_1001_chars()
    assert len(ks) > 8000
    assert "가" in ks and "똠" not in ks and "힣" not in ks and "a" not in ks
    for char in ("가", "힝", "漢", "①", "’"):
        lead, trail = char.encode("cp949")
        assert 0xA1 <= lead <= 0xFE and 0xA1 <= trail <= 0xFE
    lead, trail = "똠".encode("cp949")
    assert lead < 0xA1  # UHC extension area


def test_issue_positions_count_utf16_units_for_qt() -> None:
    text = "😀a똠é"
    result = measure(text)
    assert [(i.position, i.utf16_position, i.char, i.kind) for i in result.issues] == [
        (0, 0, "😀", "unsupported"),
        (2, 3, "똠", "outside_euckr"),
        (3, 4, "é", "unsupported"),
    ]
    for issue in result.issues:
        assert text[issue.position] == issue.char
        units = text.encode("utf-16-le")
        assert units[issue.utf16_position * 2 :].decode("utf-16-le").startswith(issue.char)


def test_positions_refer_to_the_text_as_given_even_with_crlf() -> None:
    text = "a\r\n😀"
    result = measure(text)
    assert result.positions("unsupported") == [3]
    assert result.bytes == 4


def test_is_encodable() -> None:
    assert is_encodable("a") and is_encodable("가") and is_encodable("똠")
    assert not is_encodable("😀") and not is_encodable("é")


def test_byte_lengths_matches_byte_length() -> None:
    values = ["", "abc", "가나", "홍길동1", "a\r\nb", "😀", "똠", *["김철수"] * 50]
    assert byte_lengths(values) == [byte_length(v) for v in values]
    ascii_only = ["1", "22", "333"]
    assert byte_lengths(ascii_only) == [1, 2, 3]


@settings(deadline=None)
@given(st.text(alphabet=st.characters(codec="cp949")))
def test_measure_is_never_below_the_cp949_length(text: str) -> None:
    normalized = normalize_newlines(text)
    assert measure(text).bytes >= cp949_len(normalized)
    # ... and for encodable text it is exactly what SENS receives.
    assert measure(text).bytes == cp949_len(normalized)
    assert measure(text).unsupported == []


@settings(deadline=None)
@given(st.text())
def test_measure_never_drops_below_the_encodable_part(text: str) -> None:
    result = measure(text)
    normalized = normalize_newlines(text)
    assert result.bytes == cp949_len_replace(normalized) + sum(
        1 for c in normalized if not is_encodable(c)
    )
    assert set(result.unsupported) == {c for c in text if not is_encodable(c)}


def cp949_len_replace(text: str) -> int:
    # An unencodable character becomes "?" (1 byte); we charge 2 for it.
    return len(text.encode("cp949", "replace"))


def test_measure_is_fast_on_a_2000_byte_message() -> None:
    message = ("안녕하세요 고객님, 이번 달 행사 안내입니다. 많은 참여 바랍니다!\n" * 40)
    message = truncate_to_bytes(message, 2000)
    assert measure(message).bytes <= 2000
    rounds = 200
    # CPU time, not wall time: other processes on a shared machine must not fail this.
    start = time.process_time()
    for _ in range(rounds):
        measure(message)
    per_call = (time.process_time() - start) / rounds
    assert per_call < 0.0002 * 2  # the target is 0.2 ms; margin for slow CI machines


# --- message type ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "images", "force", "expected"),
    [
        (0, False, False, "SMS"),
        (90, False, False, "SMS"),
        (91, False, False, "LMS"),
        (2000, False, False, "LMS"),
        (10, False, True, "LMS"),
        (10, True, False, "MMS"),
        (10, True, True, "MMS"),
    ],
)
def test_message_type(size: int, images: bool, force: bool, expected: str) -> None:
    assert message_type(size, images, force) == expected


# --- truncation --------------------------------------------------------------------------------


def test_truncate_never_splits_a_character() -> None:
    assert truncate_to_bytes("가나다abc", 5) == "가나"
    assert truncate_to_bytes("가나다abc", 6) == "가나다"
    assert truncate_to_bytes("가나다abc", 8) == "가나다ab"
    assert truncate_to_bytes("abc", 2) == "ab"
    assert truncate_to_bytes("abc", 0) == ""
    assert truncate_to_bytes("가나", 100) == "가나"
    assert truncate_to_bytes("a\r\nb", 2) == "a\n"


@settings(deadline=None)
@given(st.text(), st.integers(min_value=0, max_value=200))
def test_truncate_is_a_prefix_within_the_limit(text: str, limit: int) -> None:
    cut = truncate_to_bytes(text, limit)
    normalized = normalize_newlines(text)
    assert normalized.startswith(cut)
    assert measure(cut).bytes <= limit
    # It is the longest such prefix.
    if cut != normalized:
        assert measure(normalized[: len(cut) + 1]).bytes > limit


# --- replacements ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("‘", "'"),
        ("’", "'"),
        ("“", '"'),
        ("”", '"'),
        ("–", "-"),
        ("—", "-"),
        ("…", "..."),
        ("é", "e"),
        ("Å", "A"),
        ("ñ", "n"),
        ("ﬁ", "fi"),
        ("\u00a0", " "),
        ("\u200d", ""),
        ("\ufe0f", ""),
        ("😀", ""),
        ("🎉", ""),
        ("✓", "√"),
        ("❤", "♥"),
        ("가", "가"),
        ("똠", "똠"),
        ("a", "a"),
    ],
)
def test_suggest_replacement(char: str, expected: str) -> None:
    assert suggest_replacement(char) == expected


@settings(deadline=None)
@given(st.characters())
def test_every_suggestion_is_sendable(char: str) -> None:
    assert measure(suggest_replacement(char)).unsupported == []


def test_replace_unsupported_fixes_only_what_cannot_be_sent() -> None:
    fixed = replace_unsupported("Café “오픈” – 50% 할인 🎉❤️")
    assert fixed == "Cafe “오픈” - 50% 할인 ♥"
    assert measure(fixed).sendable
    assert replace_unsupported("그대로") == "그대로"


def test_no_issues_means_no_text_kept_and_equal_measures_compare_equal() -> None:
    assert measure("안녕").issues == []
    assert measure("안녕") == measure("안녕")
    assert measure("똠") == t.TextMeasure(2, [], ["똠"])


def test_lone_surrogates_are_unsupported_not_a_crash() -> None:
    result = measure("a\ud800b")
    assert result.unsupported == ["\ud800"]
    assert result.issues[0].position == 1 and result.issues[0].utf16_position == 1


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("가a😀é똠뷁\n’–①ｅ🎉")))
def test_issue_positions_point_at_their_characters(text: str) -> None:
    result = measure(text)
    expected = [(i, c) for i, c in enumerate(text) if not is_encodable(c) or (
        not c.isascii() and c not in t.ks_x_1001_chars()
    )]
    assert [(i.position, i.char) for i in result.issues] == expected
    units = text.encode("utf-16-le")
    for issue in result.issues:
        unit_text = units[issue.utf16_position * 2 :].decode("utf-16-le")
        assert unit_text.startswith(issue.char)
        assert issue.kind == ("unsupported" if not is_encodable(issue.char) else "outside_euckr")

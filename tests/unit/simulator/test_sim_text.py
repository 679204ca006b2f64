"""CP949 byte counting and SENS truncation in the simulator (independent of domain.text)."""

from __future__ import annotations

from console.simulator.text import byte_length, truncate, unencodable


def test_ascii_is_one_byte_and_newline_counts_one() -> None:
    assert byte_length("abc 123\n") == 8


def test_hangul_and_cp949_extension_characters_are_two_bytes() -> None:
    assert byte_length("가나다") == 6
    # '똠' is outside KS X 1001 (Python's euc_kr gives 8 bytes) but CP949 has it: 2 bytes.
    assert byte_length("똠") == 2
    assert byte_length("가a") == 3


def test_unencodable_characters_are_found_and_counted_two() -> None:
    assert unencodable("hi 😀 é 😀") == ["😀", "é"]
    assert unencodable("안녕") == []
    assert byte_length("a😀") == 3


def test_truncate_never_splits_a_character() -> None:
    text = "a" * 89 + "가"  # 91 bytes: the Hangul syllable does not fit in 90
    assert truncate(text, 90) == "a" * 89
    assert byte_length(truncate("가" * 50, 90)) == 90
    assert truncate("short", 90) == "short"


def test_truncate_keeps_exactly_fitting_text() -> None:
    text = "가" * 45
    assert truncate(text, 90) == text
    assert truncate(text, 89) == "가" * 44

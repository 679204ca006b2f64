"""console.domain.phone: what Korean spreadsheets contain, and what SENS needs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain import phone
from console.domain.phone import InvalidPhoneNumber, PhoneNumber, normalize, try_normalize
from console.errors import ConsoleError


@pytest.mark.parametrize(
    ("raw", "digits", "kind", "display"),
    [
        ("010-1234-5678", "01012345678", "mobile", "010-1234-5678"),
        ("01012345678", "01012345678", "mobile", "010-1234-5678"),
        ("010 1234 5678", "01012345678", "mobile", "010-1234-5678"),
        ("010.1234.5678", "01012345678", "mobile", "010-1234-5678"),
        ("(010) 1234-5678", "01012345678", "mobile", "010-1234-5678"),
        ("+82 10-1234-5678", "01012345678", "mobile", "010-1234-5678"),
        ("+82-010-1234-5678", "01012345678", "mobile", "010-1234-5678"),
        ("+82 (0)10 1234 5678", "01012345678", "mobile", "010-1234-5678"),
        ("821012345678", "01012345678", "mobile", "010-1234-5678"),
        ("0082-10-1234-5678", "01012345678", "mobile", "010-1234-5678"),
        ("'01012345678", "01012345678", "mobile", "010-1234-5678"),
        ("1012345678", "01012345678", "mobile", "010-1234-5678"),
        ("1012345678.0", "01012345678", "mobile", "010-1234-5678"),
        ("1.012345678E9", "01012345678", "mobile", "010-1234-5678"),
        ("1.012345678e+09", "01012345678", "mobile", "010-1234-5678"),
        (" ０１０－１２３４－５６７８ ", "01012345678", "mobile", "010-1234-5678"),
        ("010-1234-5678 (본인)", "01012345678", "mobile", "010-1234-5678"),
        ("tel:010-1234-5678", "01012345678", "mobile", "010-1234-5678"),
        ("011-123-4567", "0111234567", "mobile", "011-123-4567"),
        ("016-1234-5678", "01612345678", "mobile", "016-1234-5678"),
        ("019 123 4567", "0191234567", "mobile", "019-123-4567"),
        ("02-123-4567", "021234567", "landline", "02-123-4567"),
        ("(02) 1234-5678", "0212345678", "landline", "02-1234-5678"),
        ("212345678", "0212345678", "landline", "02-1234-5678"),
        ("+82 2 123 4567", "021234567", "landline", "02-123-4567"),
        ("031-123-4567", "0311234567", "landline", "031-123-4567"),
        ("064-1234-5678", "06412345678", "landline", "064-1234-5678"),
        ("070-1234-5678", "07012345678", "landline", "070-1234-5678"),
        ("1588-1234", "15881234", "representative", "1588-1234"),
        ("1600 1234", "16001234", "representative", "1600-1234"),
        ("18001234", "18001234", "representative", "1800-1234"),
    ],
)
def test_domestic_numbers(raw: str, digits: str, kind: str, display: str) -> None:
    number = normalize(raw)
    assert number == PhoneNumber(digits, "82", kind)  # type: ignore[arg-type]
    assert number.display == display
    assert number.is_domestic


def test_e164_and_internet_phone() -> None:
    assert normalize("010-1234-5678").e164 == "+821012345678"
    assert normalize("02-123-4567").e164 == "+8221234567"
    assert normalize("070-1234-5678").is_internet_phone
    assert not normalize("010-1234-5678").is_internet_phone


@pytest.mark.parametrize(
    ("raw", "cc", "digits", "display"),
    [
        ("+81 90-1234-5678", "81", "9012345678", "+81 90-1234-5678"),
        ("+1 650 253 0000", "1", "6502530000", "+1 650-253-0000"),
        ("+86 138 0013 8000", "86", "13800138000", "+86 138 0013 8000"),
        ("0081 90 1234 5678", "81", "9012345678", "+81 90-1234-5678"),
    ],
)
def test_international_numbers(raw: str, cc: str, digits: str, display: str) -> None:
    number = normalize(raw)
    assert (number.country_code, number.digits, number.kind) == (cc, digits, "international")
    assert number.display == display
    assert number.e164 == f"+{cc}{digits}"


def test_default_country_reads_national_numbers_of_that_country() -> None:
    number = normalize("090-1234-5678", default_country="81")
    assert (number.country_code, number.digits, number.kind) == (
        "81",
        "9012345678",
        "international",
    )


def test_spreadsheet_number_cells() -> None:
    assert normalize(1012345678.0).digits == "01012345678"  # type: ignore[arg-type]
    assert normalize(1012345678).digits == "01012345678"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", phone.EMPTY),
        ("   ", phone.EMPTY),
        ("-", phone.EMPTY),
        ("없음", phone.NOT_A_NUMBER),
        ("010-1234-567O", phone.NOT_A_NUMBER),
        ("010-1234-5678, 010-2222-3333", phone.MULTIPLE_NUMBERS),
        ("010-1234-5678/010-2222-3333", phone.MULTIPLE_NUMBERS),
        ("1234", phone.TOO_SHORT),
        ("010-1234-56789", phone.TOO_LONG),
        ("010-123-4567", phone.BAD_LENGTH),
        ("011-12-4567", phone.BAD_LENGTH),
        ("02-12-345", phone.TOO_SHORT),
        ("02-023-4567", phone.BAD_LENGTH),
        ("070-123-4567", phone.BAD_LENGTH),
        ("1588-123", phone.TOO_SHORT),
        ("1588-12345", phone.BAD_LENGTH),
        ("080-123-4567", phone.NOT_RECEIVABLE),
        ("0505-123-4567", phone.NOT_RECEIVABLE),
        ("090-1234-5678", phone.UNKNOWN_PREFIX),
        ("013-1234-5678", phone.UNKNOWN_PREFIX),
        ("+999 1234 5678", phone.INVALID_INTERNATIONAL),
        ("+81 12", phone.TOO_SHORT),
        ("9" * 80, phone.TOO_LONG),
    ],
)
def test_invalid_numbers_have_reasons(raw: str, code: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as info:
        normalize(raw)
    error = info.value
    assert error.code == code
    assert isinstance(error, ValueError) and isinstance(error, ConsoleError)
    assert error.reason("ko") and error.reason("en") and error.reason("ko") != error.reason("en")
    assert error.message("ko") != error.message("en")
    assert any("가" <= ch <= "힣" for ch in error.reason("ko"))
    assert try_normalize(raw) is None


def test_reason_text_covers_every_code() -> None:
    codes = [
        phone.EMPTY, phone.NOT_A_NUMBER, phone.MULTIPLE_NUMBERS, phone.TOO_SHORT, phone.TOO_LONG,
        phone.BAD_LENGTH, phone.UNKNOWN_PREFIX, phone.NOT_RECEIVABLE, phone.INVALID_INTERNATIONAL,
    ]  # fmt: skip
    for code in codes:
        assert phone.reason_text(code, "ko") not in (code, phone.reason_text(code, "en"))
    assert phone.reason_text("something-else") == "something-else"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_fuzz_never_crashes(raw: str) -> None:
    try:
        number = normalize(raw)
    except InvalidPhoneNumber as exc:
        assert exc.code in phone._REASONS
        return
    assert number.digits.isdigit() and number.digits.isascii()
    assert number.kind in ("mobile", "landline", "representative", "international")
    # Idempotent: the normalised form (and the display form) normalise to the same number.
    assert normalize(number.e164) == number
    assert normalize(number.display) == number


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["010", "011", "016", "02", "031", "051", "070"]),
    st.integers(min_value=2000, max_value=9999),
    st.integers(min_value=0, max_value=9999),
    st.sampled_from(["-", " ", ".", ""]),
    st.sampled_from(["", "'", "+82 ", "82"]),
)
def test_fuzz_written_forms_agree(prefix: str, middle: int, last: int, sep: str, lead: str) -> None:
    canonical = f"{prefix}{middle}{last:04d}"
    try:
        expected = normalize(canonical)
    except InvalidPhoneNumber:
        return
    written = f"{prefix}{sep}{middle}{sep}{last:04d}"
    written = lead + written[1:] if lead in ("+82 ", "82") else lead + written
    assert normalize(written) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=20), st.from_regex(r"01[0-9]-?\d{3,4}-?\d{4}\n?"))))
def test_normalize_many_agrees_with_normalize(raws: list[str]) -> None:
    results = phone.normalize_many(raws)
    assert set(results) == set(raws)
    for raw, result in results.items():
        try:
            expected: PhoneNumber | str = normalize(raw)
        except InvalidPhoneNumber as exc:
            expected = exc.code
        assert result == expected


def test_trailing_newline_is_not_part_of_the_number() -> None:
    assert normalize("010-1234-5678\n").digits == "01012345678"
    assert normalize("02-123-4567\n").digits == "021234567"
    assert phone.normalize_many(["010-1234-5678\n"])["010-1234-5678\n"] == normalize("01012345678")


def test_fullwidth_and_other_unicode_digits_become_ascii() -> None:
    for raw in ("０１０１２３４５６７８", "010１２３４5678"):
        assert normalize(raw).digits == "01012345678"
        assert phone.normalize_many([raw, ""])[raw] == normalize(raw)
    # Digits of other scripts are refused, never passed on as they are.
    assert phone.normalize_many(["٠١٠١٢٣٤٥٦٧٨"])["٠١٠١٢٣٤٥٦٧٨"] == phone.NOT_A_NUMBER
    assert phone.normalize_many(["", "010-1234-5678"])[""] == phone.EMPTY


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.from_regex(r"01[0-9]-?\d{3,4}-?\d{4}", fullmatch=True),
            st.text(alphabet="0123456789-\n\r ", max_size=14),
        ),
        max_size=30,
    )
)
def test_normalize_many_batches_agree_with_normalize(raws: list[str]) -> None:
    results = phone.normalize_many(raws)
    for raw in raws:
        try:
            expected: PhoneNumber | str = normalize(raw)
        except InvalidPhoneNumber as exc:
            expected = exc.code
        assert results[raw] == expected, raw


def _expected(raw: str) -> PhoneNumber | str:
    try:
        return normalize(raw)
    except InvalidPhoneNumber as exc:
        return exc.code


_CELLS = st.one_of(
    st.from_regex(r"01[0-9]-?\d{3,4}-?\d{4}", fullmatch=True),
    st.from_regex(r"-{0,6}0-{0,6}1(?:-{0,6}[0-9]){8,10}-{0,6}", fullmatch=True),
    st.from_regex(r"(?:\+82 ?|0)\d{1,2}[- ]?\d{3,4}[- ]?\d{4}", fullmatch=True),
    st.text(alphabet="0123456789-+ \r\n.'가０", max_size=16),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELLS, max_size=40))
def test_normalize_column_agrees_with_normalize(raws: list[str]) -> None:
    """The bulk path (joined text, one scan) gives each cell what normalize() gives it."""
    results = phone.normalize_column(raws)
    assert results == [_expected(raw) for raw in raws]
    assert [type(r) for r in results] == [type(_expected(raw)) for raw in raws]


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELLS, max_size=40))
def test_split_mobile_column_finds_every_cell_that_is_not_a_plain_mobile(raws: list[str]) -> None:
    split = phone.split_mobile_column(raws)
    if any("\n" in raw for raw in raws):
        assert split is None  # a cell's own newline would shift the lines
        return
    assert split is not None
    digits, others = split
    assert len(digits) == len(raws)
    assert others == sorted(set(others))
    for i, raw in enumerate(raws):
        if i in others:
            continue
        assert phone.mobile_number(digits[i]) == normalize(raw)
        assert normalize(raw).kind == "mobile"


def test_split_mobile_column_edges() -> None:
    assert phone.split_mobile_column([]) == ([], [])
    assert phone.normalize_column([]) == []
    assert phone.split_mobile_column(["010-1234-5678", "", "010-1234-5678\r", "02-123-4567"]) == (
        ["01012345678", "", "01012345678\r", "021234567"],
        [1, 2, 3],
    )
    assert phone.split_mobile_column(["010-1234-5678\n"]) is None
    # However the hyphens are placed, as long as the cell is not too long to be a number.
    spaced = "----".join("01012345678")
    stuffed = "010" + "-" * 60 + "12345678"
    assert normalize(spaced).digits == "01012345678"
    assert phone.normalize_column([spaced, "-0101234567-8", stuffed]) == [
        normalize(spaced),
        normalize("01012345678"),
        phone.NOT_A_NUMBER,
    ]
    assert phone.split_mobile_column([1012345678]) is None  # type: ignore[list-item]
    assert phone.normalize_column([1012345678.0, "x"]) == [  # type: ignore[list-item]
        normalize("01012345678"),
        phone.NOT_A_NUMBER,
    ]
    # Another default country: no bulk mobile path (010 is not a Japanese mobile prefix).
    assert phone.normalize_column(["090-1234-5678", "010-1234-5678"], "81") == [
        normalize("090-1234-5678", "81"),
        phone.INVALID_INTERNATIONAL,
    ]


def test_display_form_formats_known_numbers_and_keeps_unknown_text() -> None:
    from console.domain.phone import display_form

    assert display_form("01012345678") == "010-1234-5678"
    assert display_form("0212345678") == "02-1234-5678"
    assert display_form("15880000") == "1588-0000"
    assert display_form("not a number") == "not a number"
    assert display_form("") == ""

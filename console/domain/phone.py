"""Phone number normalisation and validation.

Recipient numbers arrive from Excel sheets, CSV exports and copied ranges in every shape:
``010-1234-5678``, ``010 1234 5678``, ``(02) 123-4567``, ``+82 10-1234-5678``, ``'01012345678``
(Excel's text apostrophe), ``1012345678`` (Excel dropped the leading zero), ``1.012345678E9``
(Excel turned it into a float). :func:`normalize` turns any of them into the one form SENS
wants in ``messages[].to`` (domestic numbers in national form, digits only) and says what
kind of number it is, or raises :class:`InvalidPhoneNumber` with a reason the user can act on.

Plain Korean numbers are handled by hand (fast, and the rules are local: mobile
010/011/016-019, Seoul 02, area codes 031-064, internet phones 070, representative numbers
15xx/16xx/18xx); only numbers written with a foreign country code go through
``phonenumbers``. Pure: no I/O.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Literal, NamedTuple

from console.errors import ConsoleError

PhoneKind = Literal["mobile", "landline", "representative", "international"]

KOREA = "82"

#: Mobile prefixes and the subscriber lengths (digits after the prefix) they allow.
MOBILE_PREFIXES: dict[str, tuple[int, ...]] = {
    "010": (8,),
    "011": (7, 8),
    "016": (7, 8),
    "017": (7, 8),
    "018": (7, 8),
    "019": (7, 8),
}
#: Geographic area codes outside Seoul (Seoul is "02").
AREA_CODES: frozenset[str] = frozenset(
    {
        "031", "032", "033", "041", "042", "043", "044",
        "051", "052", "053", "054", "055", "061", "062", "063", "064",
    }
)  # fmt: skip
INTERNET_PHONE_PREFIX = "070"
REPRESENTATIVE_PREFIXES: tuple[str, ...] = ("15", "16", "18")

# Reason codes (stable, for filters and tests); the sentences live in _REASONS.
EMPTY = "empty"
NOT_A_NUMBER = "not_a_number"
MULTIPLE_NUMBERS = "multiple_numbers"
TOO_SHORT = "too_short"
TOO_LONG = "too_long"
BAD_LENGTH = "bad_length"
UNKNOWN_PREFIX = "unknown_prefix"
NOT_RECEIVABLE = "not_receivable"
INVALID_INTERNATIONAL = "invalid_international"

_REASONS: dict[str, tuple[str, str]] = {
    EMPTY: ("The number is empty.", "번호가 비어 있습니다."),
    NOT_A_NUMBER: (
        "The number contains characters other than digits.",
        "번호에 숫자가 아닌 문자가 들어 있습니다.",
    ),
    MULTIPLE_NUMBERS: (
        "The cell contains more than one number; keep one number per row.",
        "한 칸에 번호가 여러 개 있습니다. 한 줄에 번호 하나만 넣어 주세요.",
    ),
    TOO_SHORT: ("The number is too short.", "번호가 너무 짧습니다."),
    TOO_LONG: ("The number is too long.", "번호가 너무 깁니다."),
    BAD_LENGTH: (
        "The number has the wrong number of digits for its prefix.",
        "앞자리에 비해 번호의 자릿수가 맞지 않습니다.",
    ),
    UNKNOWN_PREFIX: (
        "The number does not start like a Korean mobile, landline or representative number.",
        "휴대폰·일반전화·대표번호 형식이 아닌 앞자리입니다.",
    ),
    NOT_RECEIVABLE: (
        "This kind of number (080 toll-free, 050 safe number ...) cannot receive text messages.",
        "이 종류의 번호(080 수신자부담, 050 안심번호 등)는 문자를 받을 수 없습니다.",
    ),
    INVALID_INTERNATIONAL: (
        "The international number is not valid for its country code.",
        "국가번호에 맞지 않는 해외 번호입니다.",
    ),
}
#: Every reason code :func:`normalize` may give.
REASON_CODES: frozenset[str] = frozenset(_REASONS)


class InvalidPhoneNumber(ConsoleError, ValueError):
    """A value that is not a number we can send to, with the reason (code, Korean, English)."""

    def __init__(self, raw: str, code: str) -> None:
        en, ko = _REASONS[code]
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        super().__init__(f"{en} ({shown!r})", f"{ko} ({shown!r})")
        self.raw = raw
        self.code = code
        self.reason_en = en
        self.reason_ko = ko

    def reason(self, language: str = "ko") -> str:
        """The reason alone (without the value), for a table column."""
        return self.reason_ko if language.startswith("ko") else self.reason_en


def reason_text(code: str, language: str = "ko") -> str:
    """The sentence for a stored reason code (unknown codes are shown as they are)."""
    pair = _REASONS.get(code)
    if pair is None:
        return code
    return pair[1] if language.startswith("ko") else pair[0]


class PhoneNumber(NamedTuple):
    """A sendable number: `digits` go into SENS ``to``, `country_code` into ``countryCode``.

    Immutable and hashable. A named tuple rather than a frozen dataclass because a
    100,000-row import creates one per distinct number and deduplicates on it: tuple
    construction and hashing run in C, 3-4x faster than a frozen dataclass's.
    """

    digits: str
    country_code: str
    kind: PhoneKind

    @property
    def is_domestic(self) -> bool:
        return self.country_code == KOREA

    @property
    def is_internet_phone(self) -> bool:
        """070 numbers: landlines that may or may not take texts (usually do)."""
        return self.is_domestic and self.digits.startswith(INTERNET_PHONE_PREFIX)

    @property
    def e164(self) -> str:
        national = self.digits[1:] if self.is_domestic and self.digits[0] == "0" else self.digits
        return f"+{self.country_code}{national}"

    @property
    def display(self) -> str:
        """The familiar written form: 010-1234-5678, 02-123-4567, 1588-1234, +81 90-1234-5678."""
        if not self.is_domestic:
            return _format_international(self.e164)
        d = self.digits
        if self.kind == "representative":
            return f"{d[:4]}-{d[4:]}"
        head = 2 if d.startswith("02") else 3
        rest = d[head:]
        middle = len(rest) - 4
        return f"{d[:head]}-{rest[:middle]}-{rest[middle:]}"

    def __str__(self) -> str:
        return self.display


# --- cleaning ------------------------------------------------------------------------------

# Longer cells are not numbers (and would make the patterns below slow).
_MAX_TEXT = 64
# Separators people and programs put inside numbers.
_SEPARATORS = re.compile(r"[\s\-\.\(\)\[\]/_~\u2010-\u2015\u2212\u00b7\u30fb]+")
# A trailing or leading note without digits: "010-1234-5678 (본인)", "[집] 02-123-4567".
_NOTE = re.compile(r"[\(\[<{][^\d\)\]>}]*[\)\]>}]")
# Excel floats: 1012345678.0, 1.012345678E9, 1.012345678e+09.
_EXCEL_FLOAT = re.compile(r"^\d+(?:\.\d+)?[eE]\+?\d+$|^\d+\.0+$")
# Something that looks like two numbers in one cell.
_MULTI = re.compile(r"\d{7,}.*[,;/|&].*\d{7,}|\d[\d\- ]{8,}\d\s*[,;/|&]\s*\d[\d\- ]{8,}\d")
# Fast path: an already clean or conventionally hyphenated domestic number.
# (fullmatch only: "$" would accept a trailing newline)
_MOBILE = re.compile(r"(?:010-?\d{4}|01[16789]-?\d{3,4})-?\d{4}", re.ASCII)
_PLAIN = re.compile(r"0\d{1,2}-?\d{3,4}-?\d{4}|1[568]\d{2}-?\d{4}|0\d{8,10}", re.ASCII)


def _to_digits(raw: str) -> tuple[str, bool]:
    """Digits of `raw` and whether it was written with an international prefix (+ or 00)."""
    text = raw.strip().lstrip("'\u2018\u2019`")
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).strip()
    if len(text) > _MAX_TEXT:
        raise InvalidPhoneNumber(raw, TOO_LONG if text.isdigit() else NOT_A_NUMBER)
    if text.lower().startswith("tel:"):
        text = text[4:]
    if _EXCEL_FLOAT.match(text):
        with contextlib.suppress(InvalidOperation, ValueError, OverflowError):
            text = str(int(Decimal(text)))
    if _MULTI.search(text):
        raise InvalidPhoneNumber(raw, MULTIPLE_NUMBERS)
    text = _NOTE.sub("", text)
    text = _SEPARATORS.sub("", text)
    international = False
    if text.startswith("+"):
        international = True
        text = text[1:].lstrip("+")
    if not text:
        raise InvalidPhoneNumber(raw, EMPTY)
    if not text.isdigit() or not text.isascii():
        raise InvalidPhoneNumber(raw, NOT_A_NUMBER)
    if not international and text.startswith("00") and len(text) > 11:
        international = True
        text = text[2:]
    return text, international


def _classify_domestic(raw: str, d: str) -> PhoneNumber:
    """Classify a national-form Korean number (leading 0, or 15xx/16xx/18xx)."""
    n = len(d)
    if d[0] == "1":
        if d[:2] in REPRESENTATIVE_PREFIXES:
            if n == 8:
                return PhoneNumber(d, KOREA, "representative")
            raise InvalidPhoneNumber(raw, BAD_LENGTH)
        raise InvalidPhoneNumber(raw, UNKNOWN_PREFIX)
    if n < 9:
        raise InvalidPhoneNumber(raw, TOO_SHORT)
    if n > 11:
        raise InvalidPhoneNumber(raw, TOO_LONG)
    p3 = d[:3]
    lengths = MOBILE_PREFIXES.get(p3)
    if lengths is not None:
        if n - 3 in lengths:
            return PhoneNumber(d, KOREA, "mobile")
        raise InvalidPhoneNumber(raw, BAD_LENGTH)
    if d[1] == "2":  # Seoul: 02 + 7 or 8 digits; a subscriber number never starts with 0
        if n in (9, 10) and d[2] != "0":
            return PhoneNumber(d, KOREA, "landline")
        raise InvalidPhoneNumber(raw, BAD_LENGTH)
    if p3 in AREA_CODES:
        if n in (10, 11) and d[3] != "0":
            return PhoneNumber(d, KOREA, "landline")
        raise InvalidPhoneNumber(raw, BAD_LENGTH)
    if p3 == INTERNET_PHONE_PREFIX:
        if n == 11:
            return PhoneNumber(d, KOREA, "landline")
        raise InvalidPhoneNumber(raw, BAD_LENGTH)
    if p3 in ("080", "050", "030", "060"):
        raise InvalidPhoneNumber(raw, NOT_RECEIVABLE)
    raise InvalidPhoneNumber(raw, UNKNOWN_PREFIX)


def _domestic(raw: str, d: str) -> PhoneNumber:
    """A number written without a country code, possibly missing its leading zero."""
    if d[0] == "0":
        return _classify_domestic(raw, d)
    if d.startswith(REPRESENTATIVE_PREFIXES) and len(d) == 8:
        return PhoneNumber(d, KOREA, "representative")
    if d.startswith(KOREA) and len(d) >= 10:
        # 82 written without the plus: 821012345678, 82 2 123 4567, 82 010 ...
        rest = d[2:]
        try:
            return _classify_domestic(raw, rest if rest[0] == "0" else "0" + rest)
        except InvalidPhoneNumber:
            pass
    if 8 <= len(d) <= 10:
        # Excel dropped the leading zero: 1012345678 -> 01012345678, 212345678 -> 0212345678.
        try:
            return _classify_domestic(raw, "0" + d)
        except InvalidPhoneNumber:
            if d.startswith(REPRESENTATIVE_PREFIXES):  # 1588-12345: a mistyped 15xx number
                raise InvalidPhoneNumber(raw, BAD_LENGTH) from None
            raise
    if len(d) < 8:
        raise InvalidPhoneNumber(raw, TOO_SHORT)
    if len(d) > 11:
        raise InvalidPhoneNumber(raw, TOO_LONG)
    return _classify_domestic(raw, d)


def _international(raw: str, digits: str) -> PhoneNumber:
    """A number written with a country code (+81 90 ...): validated with phonenumbers."""
    if digits.startswith(KOREA):
        rest = digits[2:]
        if not rest:
            raise InvalidPhoneNumber(raw, TOO_SHORT)
        return _classify_domestic(raw, rest if rest[0] == "0" else "0" + rest)
    if len(digits) > 15:
        raise InvalidPhoneNumber(raw, TOO_LONG)
    if len(digits) < 7:
        raise InvalidPhoneNumber(raw, TOO_SHORT)
    import phonenumbers

    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneNumber(raw, INVALID_INTERNATIONAL) from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhoneNumber(raw, INVALID_INTERNATIONAL)
    national = phonenumbers.national_significant_number(parsed)
    return PhoneNumber(national, str(parsed.country_code), "international")


def _format_international(e164: str) -> str:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def normalize(raw: str, default_country: str = KOREA) -> PhoneNumber:
    """Clean and classify `raw`; raise :class:`InvalidPhoneNumber` (with a reason) if unusable.

    Numbers without a country code are read as numbers of `default_country` (a calling code
    such as "82"); anything written with "+"/"00" and a country code is read as such.
    """
    if not isinstance(raw, str):  # cells from spreadsheets: ints and floats
        raw = _cell_text(raw)
    if default_country == KOREA:
        if _MOBILE.fullmatch(raw) is not None:  # the common case, kept cheap
            return PhoneNumber(raw.replace("-", ""), KOREA, "mobile")
        if _PLAIN.fullmatch(raw) is not None:
            return _classify_domestic(raw, raw.replace("-", ""))
    digits, international = _to_digits(raw)
    if international:
        return _international(raw, digits)
    if default_country == KOREA:
        return _domestic(raw, digits)
    national = digits[1:] if digits[0] == "0" else digits
    return _international(raw, default_country + national)


def normalize_many(
    raws: Iterable[str],
    default_country: str = KOREA,
    into: dict[str, PhoneNumber | str] | None = None,
) -> dict[str, PhoneNumber | str]:
    """``{raw: PhoneNumber or reason code}`` for many cells, each distinct text once.

    With `into`, results are added to (and texts already in it skipped from) that dict.

    The importer's hot path: conventionally written Korean mobile numbers (most of any
    list) take a single regular expression match; everything else goes through
    :func:`normalize`. Same results as calling :func:`normalize` on each. (Batch tricks
    with ``map``/``zip`` over joined text measured slower than this plain loop.)
    """
    out: dict[str, PhoneNumber | str] = {} if into is None else into
    fast = _MOBILE.fullmatch if default_country == KOREA else None
    new = tuple.__new__
    for raw in raws:
        if raw in out:
            continue
        if fast is not None and type(raw) is str and fast(raw) is not None:
            out[raw] = new(PhoneNumber, (raw.replace("-", ""), KOREA, "mobile"))
            continue
        try:
            out[raw] = normalize(raw, default_country)
        except InvalidPhoneNumber as exc:
            out[raw] = exc.code
    return out


# In "\n" + cells joined by "\n": the newline in front of each cell that is not a plain
# mobile number (the leading literal lets the regex engine jump from newline to newline).
_BEFORE_NOT_MOBILE = re.compile(
    r"\n(?!(?:010-?\d{4}|01[16789]-?\d{3,4})-?\d{4}(?:\n|\Z))", re.ASCII
)
# The same over the cells with their hyphens removed: the newline in front of each cell
# that is not the digits of a mobile number. A cell of ASCII digits and hyphens whose
# digits are those of a mobile normalises to that mobile however the hyphens are placed,
# as long as the cell stays within _MAX_TEXT (see split_mobile_column).
_BEFORE_NOT_MOBILE_DIGITS = re.compile(r"\n(?!01(?:0\d{8}|[16789]\d{7,8})(?:\n|\Z))", re.ASCII)
_new_phone = functools.partial(tuple.__new__, PhoneNumber)


def split_mobile_column(raws: Sequence[str]) -> tuple[list[str], list[int]] | None:
    """The digits of every cell and the indexes of the cells that are not plain mobiles.

    For cells made of ASCII digits and hyphens only whose digits are those of a Korean
    mobile number (``010-1234-5678``, ``01012345678`` ...), ``digits[i]`` is what
    :func:`normalize` gives as ``PhoneNumber.digits`` (a mobile of country 82); every
    other cell is listed in the second list and must go through :func:`normalize`. None
    when the cells cannot be handled this way (cells that are not text, or contain
    newlines).

    The cells are joined with newlines and handled as one text: one regular-expression
    scan finds the cells that are not plain mobiles, and C-level ``replace``/``split`` make
    the digits, without a Python-level step per cell (the importer's hot path).
    """
    if not raws:
        return [], []
    try:
        text = "\n".join(raws)
    except TypeError:  # spreadsheet values that are not text
        return None
    if text.count("\n") != len(raws) - 1:  # a cell with a newline of its own
        return None
    bare = text.replace("-", "")
    digits = bare.split("\n")
    if "-----" in text:  # hyphen runs could make a cell longer than _MAX_TEXT
        pattern, text = _BEFORE_NOT_MOBILE, "\n" + text
    else:  # (<= 4 hyphens in each of <= 12 gaps: at most 59 characters)
        pattern, text = _BEFORE_NOT_MOBILE_DIGITS, "\n" + bare
    others: list[int] = []
    line = position = 0
    for match in pattern.finditer(text):
        start = match.start()
        line += text.count("\n", position, start)
        position = start
        others.append(line)
    return digits, others


def normalize_column(raws: Sequence[str], default_country: str = KOREA) -> list[PhoneNumber | str]:
    """``PhoneNumber`` or reason code for each cell of a column, in order.

    Same results as calling :func:`normalize` on each cell (reason code for invalid ones),
    but plain mobile numbers are recognised in bulk (:func:`split_mobile_column`) and
    every other distinct text is normalised once.
    """
    split = split_mobile_column(raws) if default_country == KOREA else None
    if split is None:
        numbers = normalize_many(raws, default_country)
        return list(map(numbers.__getitem__, raws))
    digits, others = split
    out: list[PhoneNumber | str] = list(
        map(_new_phone, zip(digits, itertools.repeat(KOREA), itertools.repeat("mobile")))
    )
    if others:
        numbers = normalize_many([raws[i] for i in others], default_country)
        for i in others:
            out[i] = numbers[raws[i]]
    return out


def mobile_number(digits: str) -> PhoneNumber:
    """The Korean mobile number of national-form `digits` known to be valid (no checks)."""
    return _new_phone((digits, KOREA, "mobile"))


def mobile_displays(digits: Iterable[str]) -> list[str]:
    """``mobile_number(d).display`` of each of `digits` (010-1234-5678), in bulk.

    For the digits of Korean mobile numbers (10 or 11 digits, see :func:`mobile_number`):
    the Recipients table formats a whole column of them for its first search, without a
    number object and a property call per row.
    """
    return [f"{d[:3]}-{d[3:-4]}-{d[-4:]}" for d in digits]


def _cell_text(value: object) -> str:
    """Text of a numeric spreadsheet cell (1012345678.0 -> "1012345678")."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def try_normalize(raw: str, default_country: str = KOREA) -> PhoneNumber | None:
    """:func:`normalize`, or None for an invalid number (for guessing, not for reporting)."""
    try:
        return normalize(raw, default_country)
    except InvalidPhoneNumber:
        return None


def display_form(raw: str, default_country: str = KOREA) -> str:
    """How a stored number is shown to people (010-1234-5678); unrecognised text as it is."""
    phone = try_normalize(raw, default_country) if raw else None
    return phone.display if phone is not None else raw

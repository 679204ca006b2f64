"""Advertising rules of the Korean Information and Communications Network Act (art. 50).

An advertising message (SENS contentType "AD") must start with "(광고)", name
the sender, end with a free opt-out line ("무료수신거부 080-xxx-xxxx"), must not
reach numbers on the 080 opt-out list, and needs separate consent to be sent
between 21:00 and 08:00 in the recipient's time.

The checks accept the spellings people actually type: "( 광고 )", "무료 수신거부",
"[무료수신거부]", "무료수신거부: 080 123 4567", "080-1234-5678".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from console.errors import ConsoleError

AD_PREFIX = "(광고)"
OPTOUT_LABEL = "무료수신거부"
NIGHT_START = time(21, 0)
NIGHT_END = time(8, 0)
DOMESTIC_TZ = "Asia/Seoul"

_PREFIX = re.compile(r"\(\s*광\s*고\s*\)")
# The opt-out line at the very end: label (optionally bracketed/spaced), then a number.
_OPTOUT_END = re.compile(
    r"[\[(【<]?\s*무\s*료\s*수\s*신\s*거\s*부\s*[\])】>]?\s*[:：]?\s*"
    r"(?P<number>\d[\d\s.\-]{6,16}\d)\s*$"
)
_OPTOUT_ANYWHERE = re.compile(r"무\s*료\s*수\s*신\s*거\s*부")
_SPACES = re.compile(r"\s+")


class InvalidOptOutNumber(ConsoleError):
    """The opt-out number given for the footer is not a free 080 number."""

    def __init__(self, number: str) -> None:
        self.number = number
        super().__init__(
            f'"{number}" is not a free 080 opt-out number. Enter the 080 number registered'
            " for opt-outs (for example 080-123-4567) in the profile settings.",
            f'"{number}"은(는) 무료 080 수신거부 번호가 아닙니다. 설정에서 수신거부용으로'
            " 등록한 080 번호(예: 080-123-4567)를 입력하세요.",
        )


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken advertising rule, with what to do about it."""

    code: str
    message_en: str
    message_ko: str

    def message(self, language: str = "ko") -> str:
        """The message in `language` ("ko" or anything else for English)."""
        return self.message_ko if language.startswith("ko") else self.message_en


PREFIX_MISSING = Violation(
    "prefix",
    'An advertisement must start with "(광고)". Use "Insert ad format" or type it at the'
    " very beginning.",
    '광고 메시지는 맨 앞이 "(광고)"로 시작해야 합니다. "광고 문구 넣기"를 누르거나 맨 앞에'
    " 직접 입력하세요.",
)
SENDER_MISSING = Violation(
    "sender",
    "An advertisement must name the sender. Add your company or shop name to the message.",
    "광고 메시지에는 보내는 사람(업체명)이 들어가야 합니다. 메시지에 업체명을 넣으세요.",
)
SENDER_UNKNOWN = Violation(
    "sender_unknown",
    "No sender name is set for advertisements. Enter your company or shop name in the"
    " profile settings.",
    "광고 발송용 업체명이 설정되어 있지 않습니다. 설정에서 업체명을 입력하세요.",
)
OPTOUT_MISSING = Violation(
    "optout",
    'An advertisement must end with a free opt-out line such as "무료수신거부'
    ' 080-123-4567". Use "Insert ad format" to add it at the end.',
    '광고 메시지는 "무료수신거부 080-123-4567"처럼 무료 수신거부 번호로 끝나야 합니다.'
    ' "광고 문구 넣기"를 눌러 맨 끝에 넣으세요.',
)
OPTOUT_NOT_LAST = Violation(
    "optout_not_last",
    "The opt-out line must be the last thing in the message. Move it to the end.",
    "수신거부 안내는 메시지의 맨 끝에 있어야 합니다. 맨 끝으로 옮기세요.",
)
OPTOUT_NOT_FREE = Violation(
    "optout_not_free",
    "The opt-out number must be a free 080 number. Replace it with your 080 opt-out number.",
    "수신거부 번호는 무료 080 번호여야 합니다. 080 수신거부 번호로 바꾸세요.",
)


_NON_DIGITS = re.compile(r"[^0-9]")


def _digits(text: str) -> str:
    return text if text.isdigit() and text.isascii() else _NON_DIGITS.sub("", text)


def _is_free_number(digits: str) -> bool:
    return digits.startswith("080") and len(digits) in (10, 11)


def format_optout_number(number: str) -> str:
    """An 080 number with hyphens: 080-123-4567 or 080-1234-5678."""
    digits = _digits(number)
    if not _is_free_number(digits):
        raise InvalidOptOutNumber(number)
    return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"


def ad_footer(number: str) -> str:
    """The opt-out line that ends an advertisement: "무료수신거부 080-123-4567"."""
    return f"{OPTOUT_LABEL} {format_optout_number(number)}"


def has_prefix(content: str) -> bool:
    """Whether the text starts (at its very first character) with "(광고)"."""
    return _PREFIX.match(content) is not None


def mentions_sender(content: str, sender_name: str) -> bool:
    """Whether the sender's name appears, ignoring spaces and letter case."""
    name = _SPACES.sub("", sender_name).casefold()
    return bool(name) and name in _SPACES.sub("", content).casefold()


def optout_number(content: str) -> str | None:
    """The digits of the opt-out number that ends the text, or None."""
    match = _OPTOUT_END.search(content.rstrip())
    return _digits(match.group("number")) if match else None


def check_ad(content: str, sender_name: str) -> list[Violation]:
    """The advertising rules `content` breaks (empty when it may be sent as an ad)."""
    violations: list[Violation] = []
    if not has_prefix(content):
        violations.append(PREFIX_MISSING)
    if not sender_name.strip():
        violations.append(SENDER_UNKNOWN)
    elif not mentions_sender(content, sender_name):
        violations.append(SENDER_MISSING)
    number = optout_number(content)
    if number is None:
        last_line = content.rstrip().rpartition("\n")[2]
        if _OPTOUT_ANYWHERE.search(content) and not _OPTOUT_ANYWHERE.search(last_line):
            violations.append(OPTOUT_NOT_LAST)
        else:
            violations.append(OPTOUT_MISSING)
    elif not _is_free_number(number):
        violations.append(OPTOUT_NOT_FREE)
    return violations


def apply_ad_format(content: str, sender_name: str, optout: str) -> str:
    """`content` with whatever the ad rules need added (the "insert ad format" button).

    Adds "(광고)" at the very start, "[sender]" right after it when the name is
    not in the text yet, and "무료수신거부 080-..." as the last line, keeping what
    is already right. Applying it again changes nothing.
    """
    footer = ad_footer(optout)
    text = content.strip()
    match = _PREFIX.match(text)
    if match:
        head, rest = text[: match.end()], text[match.end() :]
    else:
        head, rest = AD_PREFIX, text
    name = sender_name.strip()
    if name and not mentions_sender(rest, name):
        head = f"{head}[{name}]"
    if rest and not rest[0].isspace() and head != text[: len(head)]:
        rest = " " + rest  # separate what was inserted from the user's text
    number = optout_number(rest)
    if number is not None and not _is_free_number(number):
        end = _OPTOUT_END.search(rest.rstrip())
        assert end is not None
        rest = rest[: end.start()].rstrip()
        number = None
    result = head + rest
    if number is None:
        result = f"{result}\n{footer}"
    return result


def zone(tz: str | tzinfo) -> tzinfo:
    """A tzinfo from a TZ database name (or a tzinfo, returned as is)."""
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def is_night(when: datetime, tz: str | tzinfo = DOMESTIC_TZ) -> bool:
    """Whether `when` falls between 21:00 and 08:00 in `tz`.

    A naive `when` is read as a wall time in `tz`; an aware one is converted to it.
    """
    zone_info = zone(tz)
    local = when.replace(tzinfo=zone_info) if when.tzinfo is None else when.astimezone(zone_info)
    clock = local.time()
    return clock >= NIGHT_START or clock < NIGHT_END


def needs_night_consent(when: datetime, tz: str | tzinfo = DOMESTIC_TZ) -> bool:
    """Whether an advertisement sent (or reserved) at `when` needs separate night consent."""
    return is_night(when, tz)


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Exclusion(Generic[T]):
    """Recipients split by the 080 opt-out list, each side in the original order."""

    kept: list[T]
    excluded: list[T]


def canonical_number(number: str) -> str:
    """Digits of a number in domestic national form ("+82 10-1234-5678" -> "01012345678").

    Lets opt-out entries and recipients written differently still match.
    """
    digits = _digits(number)
    if digits.startswith("82") and len(digits) > 9:
        rest = digits[2:]
        digits = rest if rest.startswith("0") else "0" + rest
    return digits


def exclude_optouts(
    recipients: Iterable[T],
    optout_numbers: Iterable[str],
    number_of: Callable[[T], str] | None = None,
) -> Exclusion[T]:
    """Split `recipients` into those to keep and those on the 080 opt-out list.

    `number_of` extracts a recipient's number (default: its ``phone`` attribute,
    or the item itself when it is a string).
    """
    blocked = {canonical_number(n) for n in optout_numbers}
    blocked.discard("")
    if not blocked:
        return Exclusion(list(recipients), [])
    kept: list[T] = []
    excluded: list[T] = []
    for item in recipients:
        number = number_of(item) if number_of else _number_of(item)
        (excluded if canonical_number(number) in blocked else kept).append(item)
    return Exclusion(kept, excluded)


def _number_of(item: object) -> str:
    if isinstance(item, str):
        return item
    phone = getattr(item, "phone", None)
    if not isinstance(phone, str):
        raise TypeError(f"cannot find a phone number in {item!r}")
    return phone

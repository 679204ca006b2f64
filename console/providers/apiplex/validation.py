"""Checks against the documented bounds, done before a request is written.

API PLEX converts Biz Message text to EUC-KR and fails a message that is too long or
(the reference says) holds characters outside EUC-KR. Python's ``euc_kr`` codec is not
usable for counting (it encodes '똠' as an 8-byte KS X 1001 annex sequence), so a
character counts 1 byte when ASCII, 2 otherwise; it is *outside* EUC-KR when CP949 cannot
encode it or encodes it with a lead/trail byte below 0xA1 (the CP949 extension).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from console.providers.apiplex.errors import ApiPlexValidationError
from console.providers.apiplex.models import BizMessage, BizProduct, GmsMessage

MAX_MESSAGES_PER_REQUEST = 10
MSG_LIMITS: dict[str, int] = {"SMS": 90, "LMS": 2000, "MMS": 2000}
TITLE_LIMIT = 50
ECHO_LIMIT = 256
ORIGIN_CID_LIMIT = 10
MAX_FILES = 3

_ALPHA_SENDER = re.compile(r"[A-Za-z0-9 ]{3,13}")
_NUMERIC_SENDER = re.compile(r"[0-9]{3,14}")


@dataclass(frozen=True)
class EucKrMeasure:
    bytes: int
    #: Characters API PLEX cannot send (outside EUC-KR).
    unsupported: tuple[str, ...]


def measure_euckr(text: str) -> EucKrMeasure:
    """Byte length after EUC-KR conversion, and the characters that do not convert."""
    total = 0
    bad: list[str] = []
    for ch in text:
        if ord(ch) < 0x80:
            total += 1
            continue
        total += 2
        try:
            raw = ch.encode("cp949")
        except UnicodeEncodeError:
            bad.append(ch)
            continue
        if len(raw) != 2 or raw[0] < 0xA1 or raw[1] < 0xA1:
            bad.append(ch)
    return EucKrMeasure(total, tuple(dict.fromkeys(bad)))


def biz_problems(product: BizProduct, message: BizMessage) -> list[str]:
    """Every documented bound `message` breaks (English, one line each)."""
    problems: list[str] = []
    who = message.receiver_number or "?"
    if not message.sender_number.strip():
        problems.append(f"{who}: sender_number is required")
    if not message.receiver_number.strip():
        problems.append("receiver_number is required")
    if not message.msg:
        problems.append(f"{who}: msg is required")
    body = measure_euckr(message.msg)
    if body.bytes > MSG_LIMITS[product]:
        problems.append(f"{who}: msg is {body.bytes} bytes (limit {MSG_LIMITS[product]})")
    if body.unsupported:
        problems.append(f"{who}: msg has characters outside EUC-KR: {''.join(body.unsupported)}")
    if message.title:
        if product == "SMS":
            problems.append(f"{who}: SMS has no title")
        title = measure_euckr(message.title)
        if title.bytes > TITLE_LIMIT:
            problems.append(f"{who}: title is {title.bytes} bytes (limit {TITLE_LIMIT})")
        if title.unsupported:
            problems.append(
                f"{who}: title has characters outside EUC-KR: {''.join(title.unsupported)}"
            )
    if message.echo_to_webhook and len(message.echo_to_webhook.encode()) > ECHO_LIMIT:
        problems.append(f"{who}: echo_to_webhook is over {ECHO_LIMIT} bytes")
    if message.origin_cid and len(message.origin_cid.encode()) > ORIGIN_CID_LIMIT:
        problems.append(f"{who}: origin_cid is over {ORIGIN_CID_LIMIT} bytes")
    if product == "MMS":
        if not message.file_path:
            problems.append(f"{who}: MMS needs at least one file_path")
        if len(message.file_path) > MAX_FILES:
            problems.append(f"{who}: MMS takes at most {MAX_FILES} images")
    elif message.file_path:
        problems.append(f"{who}: only MMS carries images")
    return problems


def check_biz(product: BizProduct, messages: list[BizMessage]) -> None:
    """Raise :class:`ApiPlexValidationError` listing every problem of `messages`."""
    problems = [p for m in messages for p in biz_problems(product, m)]
    keys = [m.msg_key for m in messages if m.msg_key]
    if len(keys) != len(set(keys)):
        problems.append("msg_key values repeat within the send")
    if problems:
        raise ApiPlexValidationError(
            f"The {product} messages break API PLEX limits ({len(problems)} problems); "
            f"nothing was sent. First: {problems[0]}",
            f"{product} 메시지가 API PLEX 제한을 벗어납니다 ({len(problems)}건). "
            "발송하지 않았습니다. 내용(바이트 수, 제목, 이미지, 발신번호)을 고친 후 "
            "다시 보내세요.",
            problems=tuple(problems),
        )


def normalize_gms_number(raw: str) -> str:
    """The GMS ``to`` form of `raw`: E.164 digits without '+', e.g. "41793026727".

    Input may carry '+', spaces or hyphens; without '+' it must start with the country
    code. Raises :class:`ApiPlexValidationError` when phonenumbers finds it invalid.
    """
    import phonenumbers  # its metadata tables are large: loaded on the first GMS number

    text = raw.strip()
    candidate = text if text.startswith("+") else "+" + text.removeprefix("00")
    try:
        number = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException as exc:
        raise _bad_number(raw, str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise _bad_number(raw, "not a valid number for its country")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164.removeprefix("+")


def _bad_number(raw: str, why: str) -> ApiPlexValidationError:
    return ApiPlexValidationError(
        f"{raw!r} is not a valid international number ({why}). "
        "Enter it with the country code, e.g. +41 79 302 67 27.",
        f"{raw!r}은(는) 올바른 국제 전화번호가 아닙니다. "
        "국가 번호를 포함해 입력하세요 (예: +41 79 302 67 27).",
        problems=(f"{raw}: {why}",),
    )


def gms_sender_problem(sender: str) -> str | None:
    """Why `sender` cannot be a GMS ``from`` (letters 3-13 or digits 3-14), or None."""
    if _NUMERIC_SENDER.fullmatch(sender):
        return None
    if _ALPHA_SENDER.fullmatch(sender) and any(c.isalpha() for c in sender):
        return None
    return f"sender {sender!r} must be 3-13 letters/digits or 3-14 digits"


def check_gms(messages: list[GmsMessage], default_sender: str) -> list[GmsMessage]:
    """`messages` with normalised numbers; raises listing every invalid number/sender."""
    problems: list[str] = []
    out: list[GmsMessage] = []
    for m in messages:
        sender = m.sender or default_sender
        why = gms_sender_problem(sender)
        if why:
            problems.append(why)
        if not m.text:
            problems.append(f"{m.to}: text is required")
        try:
            to = normalize_gms_number(m.to)
        except ApiPlexValidationError as exc:
            problems.extend(exc.problems)
            continue
        out.append(GmsMessage(to, m.text, m.message_id, sender))
    ids = [m.message_id for m in messages if m.message_id]
    if len(ids) != len(set(ids)):
        problems.append("messageId values repeat within the send")
    if problems:
        raise ApiPlexValidationError(
            f"The GMS messages cannot be sent ({len(problems)} problems); nothing was sent. "
            f"First: {problems[0]}",
            f"GMS 메시지를 보낼 수 없습니다 ({len(problems)}건). 발송하지 않았습니다. "
            "국가 번호를 포함한 수신번호와 발신자(영문 3-13자 또는 숫자 3-14자리)를 확인하세요.",
            problems=tuple(problems),
        )
    return out

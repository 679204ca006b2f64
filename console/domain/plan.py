"""A draft + recipients -> checked SENS requests (batches of <= 100 messages of one type).

The plan is what the confirmation sheet shows and what the sending service
journals before the first request: which recipients get which text as which type,
who is left out and why, what it costs and when it goes out. Every problem that
would make SENS refuse or mangle the send is found here, before anything is sent.

Splitting: SENS sets `type` per request, so recipients whose personalised text
fits an SMS (<= 90 bytes) and those that need LMS go as separate requests (SMS is
cheaper), unless the draft forces LMS; with images everything is MMS. Within a
batch the most common text is the request's `content` and only recipients whose
text differs carry their own `messages[].content`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.domain.compliance import (
    DOMESTIC_TZ,
    Violation,
    canonical_number,
    check_ad,
    exclude_optouts,
    needs_night_consent,
)
from console.domain.cost import estimate
from console.domain.merge import LengthIndex, MissingVariableError, Template, parse
from console.domain.models import (
    Batch,
    BatchMessage,
    Draft,
    MessageType,
    Notice,
    Recipient,
    SendPlan,
    Skipped,
)
from console.domain.text import (
    LMS_MAX_BYTES,
    SMS_MAX_BYTES,
    SUBJECT_MAX_BYTES,
    byte_length,
    measure,
    message_type,
)
from console.errors import ConsoleError

#: SENS accepts at most 100 `messages` per request.
BATCH_SIZE = 100
#: SENS accepts at most this many files per MMS.
MAX_IMAGES = 3
#: A reservation must be at least this far ahead.
MIN_RESERVE_AHEAD = timedelta(minutes=10)
RESERVE_FORMAT = "%Y-%m-%d %H:%M"  # SENS "yyyy-MM-dd HH:mm"

_SEPARATORS = re.compile(r"[\s\-().]")


# --- Errors ------------------------------------------------------------------------------


class DraftInvalidError(ConsoleError):
    """The draft cannot be sent; ``problems`` lists every reason (each a ConsoleError)."""

    def __init__(self, problems: Sequence[ConsoleError]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        more = len(self.problems) - 1
        super().__init__(
            first.message_en + (f" (and {more} more problem(s))" if more else ""),
            first.message_ko + (f" (그 밖에 문제 {more}건)" if more else ""),
        )


class EmptyContentError(ConsoleError):
    """The message has no text."""

    def __init__(self) -> None:
        super().__init__(
            "The message is empty. Type the message to send.",
            "메시지 내용이 비어 있습니다. 보낼 내용을 입력하세요.",
        )


class NoCallerError(ConsoleError):
    """No (valid) caller number is chosen."""

    def __init__(self) -> None:
        super().__init__(
            "No caller number is selected. Choose one of the profile's registered numbers.",
            "발신번호가 선택되지 않았습니다. 프로필에 등록된 발신번호 중 하나를 고르세요.",
        )


class NoRecipientsError(ConsoleError):
    """Nobody is left to send to."""

    def __init__(self, left_out: int = 0) -> None:
        self.left_out = left_out
        if left_out:
            super().__init__(
                f"All {left_out:,} recipients were left out (opt-out list, duplicates or"
                " invalid numbers). Check the recipient list.",
                f"수신자 {left_out:,}명이 모두 제외되었습니다(수신거부, 중복, 잘못된 번호)."
                " 수신자 목록을 확인하세요.",
            )
        else:
            super().__init__(
                "There are no recipients. Add numbers or import a recipient list.",
                "수신자가 없습니다. 번호를 추가하거나 수신자 목록을 불러오세요.",
            )


class UnsupportedCharactersError(ConsoleError):
    """Characters SENS cannot encode (the send would fail)."""

    WHERE: ClassVar[dict[str, tuple[str, str]]] = {
        "content": ("the message", "메시지"),
        "subject": ("the subject", "제목"),
        "fields": ("the recipient data", "수신자 데이터"),
    }

    def __init__(self, chars: Sequence[str], where: str = "content") -> None:
        self.chars = list(chars)
        self.where = where
        shown = " ".join(self.chars[:10]) + (" …" if len(self.chars) > 10 else "")
        en, ko = self.WHERE.get(where, self.WHERE["content"])
        super().__init__(
            f"{en.capitalize()} contains characters that text messages cannot carry: {shown}."
            " Remove or replace them (emoji, accented letters).",
            f"{ko}에 문자 메시지로 보낼 수 없는 문자가 있습니다: {shown}. 이모지나 특수"
            " 문자를 지우거나 바꾸세요.",
        )


class ContentTooLongError(ConsoleError):
    """A personalised message is over the LMS/MMS limit (SENS would cut it)."""

    def __init__(self, size: int, recipients: int = 1) -> None:
        self.size = size
        self.recipients = recipients
        super().__init__(
            f"The message is {size:,} bytes for {recipients:,} recipient(s); at most"
            f" {LMS_MAX_BYTES:,} bytes can be sent. Shorten it.",
            f"메시지가 {size:,}바이트입니다(수신자 {recipients:,}명). 최대 {LMS_MAX_BYTES:,}"
            "바이트까지 보낼 수 있으니 줄여 주세요.",
        )


class SubjectTooLongError(ConsoleError):
    """The subject is over 40 bytes."""

    def __init__(self, size: int) -> None:
        self.size = size
        super().__init__(
            f"The subject is {size} bytes; at most {SUBJECT_MAX_BYTES} bytes are allowed"
            " (about 20 Korean characters). Shorten it.",
            f"제목이 {size}바이트입니다. 최대 {SUBJECT_MAX_BYTES}바이트(한글 약 20자)까지"
            " 쓸 수 있으니 줄여 주세요.",
        )


class TooManyImagesError(ConsoleError):
    """More images than an MMS can carry."""

    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(
            f"{count} images are attached; an MMS can carry at most {MAX_IMAGES}. Remove some.",
            f"이미지가 {count}개 첨부되었습니다. MMS에는 최대 {MAX_IMAGES}개까지 넣을 수"
            " 있으니 일부를 빼 주세요.",
        )


class InternationalSmsOnlyError(ConsoleError):
    """International sending is SMS only in SENS."""

    def __init__(self, country_code: str) -> None:
        self.country_code = country_code
        super().__init__(
            f"Messages to country code +{country_code} can only be SMS (up to"
            f" {SMS_MAX_BYTES} bytes, no images). Shorten the message or remove the images.",
            f"국가번호 +{country_code}(으)로는 SMS(최대 {SMS_MAX_BYTES}바이트, 이미지 없음)만"
            " 보낼 수 있습니다. 내용을 줄이거나 이미지를 빼세요.",
        )


class AdRulesError(ConsoleError):
    """An advertisement breaks the advertising rules."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = list(violations)
        super().__init__(
            " ".join(v.message_en for v in self.violations),
            " ".join(v.message_ko for v in self.violations),
        )


class NightConsentRequiredError(ConsoleError):
    """An advertisement between 21:00 and 08:00 without confirmed night-time consent."""

    def __init__(self, local_time: datetime) -> None:
        self.local_time = local_time
        shown = local_time.strftime("%H:%M")
        super().__init__(
            f"Advertisements at {shown} (between 21:00 and 08:00 recipient time) need the"
            " recipients' separate night-time consent. Confirm that you have it, or choose"
            " a time between 08:00 and 21:00.",
            f"{shown}은(는) 야간(21:00~08:00)이므로 광고를 보내려면 수신자의 별도 야간 수신"
            " 동의가 필요합니다. 동의를 받았음을 확인하거나 08:00~21:00 사이로 예약하세요.",
        )


class InvalidTimeZoneError(ConsoleError):
    """The reservation time zone is not a TZ database name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f'"{name}" is not a known time zone. Choose one from the list (e.g. Asia/Seoul).',
            f'"{name}"은(는) 알 수 없는 시간대입니다. 목록에서 고르세요(예: Asia/Seoul).',
        )


class ReservationTooSoonError(ConsoleError):
    """The reservation is in the past or less than 10 minutes ahead."""

    def __init__(self, earliest: datetime) -> None:
        self.earliest = earliest
        shown = earliest.strftime(RESERVE_FORMAT)
        super().__init__(
            f"A reservation must be at least 10 minutes ahead. Choose {shown} or later.",
            f"예약은 지금부터 10분 이후로만 할 수 있습니다. {shown} 이후로 고르세요.",
        )


# --- Reservation time --------------------------------------------------------------------


def time_zone(name: str) -> ZoneInfo:
    """The zone of a TZ database name, or InvalidTimeZoneError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidTimeZoneError(name) from exc


def _in_zone(when: datetime, zone: tzinfo) -> datetime:
    return when.replace(tzinfo=zone) if when.tzinfo is None else when.astimezone(zone)


def format_reserve_time(when: datetime, tz: str = DOMESTIC_TZ) -> str:
    """`when` as SENS `reserveTime` ("yyyy-MM-dd HH:mm") in zone `tz`.

    A naive `when` is already a wall time in `tz`; an aware one is converted.
    """
    return _in_zone(when, time_zone(tz)).strftime(RESERVE_FORMAT)


def resolve_reservation(
    when: datetime, tz: str = DOMESTIC_TZ, now: datetime | None = None
) -> datetime:
    """The reservation as an aware time in `tz`, cut to the minute (what SENS receives).

    Raises InvalidTimeZoneError, or ReservationTooSoonError when it is less than
    10 minutes after `now` (default: the current time).
    """
    zone = time_zone(tz)
    local = _in_zone(when, zone).replace(second=0, microsecond=0)
    current = _in_zone(now or datetime.now(UTC), zone)
    earliest = current + MIN_RESERVE_AHEAD
    if local < earliest:
        # The first whole minute that is allowed, for the message.
        rounded = earliest.replace(second=0, microsecond=0)
        if rounded < earliest:
            rounded += timedelta(minutes=1)
        raise ReservationTooSoonError(rounded)
    return local


# --- Planning ----------------------------------------------------------------------------


def destination(phone: str, country_code: str = "82") -> str | None:
    """The digits SENS `to` wants for `phone`, or None when it is not a usable number.

    Separators go; "+<country code>" goes (domestic numbers become "010..."); a
    "+" number of another country than `country_code` is not usable.
    """
    compact = phone if phone.isdigit() else _SEPARATORS.sub("", phone)
    if compact.startswith("+"):
        # International form: SENS takes the country separately (`countryCode`).
        if not compact.startswith("+" + country_code):
            return None
        if country_code == "82":
            compact = canonical_number(compact[1:])
        else:
            compact = compact[1 + len(country_code) :]
    if not compact.isdigit() or not compact.isascii() or not 7 <= len(compact) <= 15:
        return None
    return compact


@dataclass(slots=True)
class _Texts:
    """The kept recipients and their personalised texts, as parallel lists."""

    recipients: list[Recipient]
    tos: list[str]
    contents: list[str]
    subjects: list[str]
    sizes: list[int]


def check_draft(
    draft: Draft,
    recipients: Iterable[Recipient],
    *,
    optouts: Iterable[str] = (),
    prices: Mapping[str, float] | None = None,
    now: datetime | None = None,
    dedupe: bool = True,
) -> list[ConsoleError]:
    """Every reason `draft` cannot be sent to `recipients` (empty when it can)."""
    try:
        build_plan(draft, recipients, optouts=optouts, prices=prices, now=now, dedupe=dedupe)
    except DraftInvalidError as exc:
        return exc.problems
    return []


def build_plan(
    draft: Draft,
    recipients: Iterable[Recipient],
    *,
    optouts: Iterable[str] = (),
    prices: Mapping[str, float] | None = None,
    now: datetime | None = None,
    dedupe: bool = True,
) -> SendPlan:
    """Check `draft` and split it into SENS requests.

    `optouts` are the 080 opt-out numbers, applied to advertisements; `prices`
    the unit prices per type in won; `now` the current time (aware; default the
    clock); `dedupe` sends once per number. Raises DraftInvalidError listing
    every problem.
    """
    problems: list[ConsoleError] = []
    notices: list[Notice] = []
    template = parse(draft.content)
    subject_template = parse(draft.subject)
    has_images = bool(draft.images)
    is_ad = draft.content_type == "AD"

    if not draft.content.strip():
        problems.append(EmptyContentError())
    if destination(draft.caller) is None:
        problems.append(NoCallerError())
    if len(draft.images) > MAX_IMAGES:
        problems.append(TooManyImagesError(len(draft.images)))
    if is_ad:
        violations = check_ad(draft.content, draft.sender_name)
        if violations:
            problems.append(AdRulesError(violations))
    _check_characters(template, subject_template, problems, notices)

    kept, skipped = _select(draft, recipients, optouts if is_ad else (), dedupe)
    if not kept:
        problems.append(NoRecipientsError(len(skipped)))
    texts = _personalise(draft, template, subject_template, kept, problems, notices)

    typed: dict[MessageType, list[int]] = {"SMS": [], "LMS": [], "MMS": []}
    for position, size in enumerate(texts.sizes):
        typed[message_type(size, has_images, draft.force_lms)].append(position)
    _check_sizes(draft, texts, typed, problems, notices)

    send_at = _check_time(draft, is_ad, now, problems)
    if problems:
        raise DraftInvalidError(problems)

    reserve_time = send_at.strftime(RESERVE_FORMAT) if send_at is not None else None
    batches: list[Batch] = []
    for kind, positions in typed.items():
        for start in range(0, len(positions), BATCH_SIZE):
            chunk = positions[start : start + BATCH_SIZE]
            batches.append(_batch(len(batches), kind, chunk, texts, draft, reserve_time))
    counts = {kind: len(positions) for kind, positions in typed.items()}
    _notice_skipped(skipped, notices)
    return SendPlan(
        batches=tuple(batches),
        counts=counts,
        cost=estimate(counts, prices),
        skipped=tuple(skipped),
        notices=tuple(notices),
        max_bytes=max(texts.sizes, default=0),
        send_at=send_at,
    )


def _check_characters(
    template: Template,
    subject: Template,
    problems: list[ConsoleError],
    notices: list[Notice],
) -> None:
    """Unsupported / outside-EUC-KR characters in the literal text and the subject."""
    outside: list[str] = []
    for source, where in ((template.source, "content"), (subject.source, "subject")):
        result = measure(source)
        if result.unsupported:
            problems.append(UnsupportedCharactersError(result.unsupported, where))
        outside.extend(result.outside_euckr)
    if outside:
        notices.append(_outside_notice(outside))


def _outside_notice(chars: Sequence[str]) -> Notice:
    shown = " ".join(dict.fromkeys(chars))
    return Notice(
        "outside_euckr",
        f"Some phones may not show these characters: {shown}. Consider other words.",
        f"일부 휴대폰에서 다음 글자가 보이지 않을 수 있습니다: {shown}. 다른 표현을"
        " 고려하세요.",
    )


def _select(
    draft: Draft, recipients: Iterable[Recipient], optouts: Iterable[str], dedupe: bool
) -> tuple[list[tuple[Recipient, str]], list[Skipped]]:
    """Recipients with their `to` digits, minus invalid numbers, opt-outs and duplicates."""
    skipped: list[Skipped] = []
    valid: list[tuple[Recipient, str]] = []
    country = draft.country_code
    for recipient in recipients:
        phone = recipient.phone
        # Fast path for numbers already in SENS form (what the importer produces).
        if phone.isdigit() and phone.isascii() and 7 <= len(phone) <= 15:
            to: str | None = phone
        else:
            to = destination(phone, country)
        if to is None:
            skipped.append(Skipped(recipient, "invalid"))
        else:
            valid.append((recipient, to))
    split = exclude_optouts(valid, optouts, number_of=lambda pair: pair[1])
    skipped.extend(Skipped(recipient, "optout") for recipient, _ in split.excluded)
    if not dedupe:
        return split.kept, skipped
    seen: set[str] = set()
    kept: list[tuple[Recipient, str]] = []
    for recipient, to in split.kept:
        if to in seen:
            skipped.append(Skipped(recipient, "duplicate"))
        else:
            seen.add(to)
            kept.append((recipient, to))
    return kept, skipped


def _personalise(
    draft: Draft,
    template: Template,
    subject: Template,
    kept: Sequence[tuple[Recipient, str]],
    problems: list[ConsoleError],
    notices: list[Notice],
) -> _Texts:
    """Everyone's text, subject and byte size, built column-wise (see merge.LengthIndex).

    Checks the variables' values too: missing ones (per the draft's policy) and
    characters SENS cannot send (each distinct value measured once).
    """
    people = [recipient for recipient, _ in kept]
    tos = [to for _, to in kept]
    if not template.personalised and not subject.personalised:
        count = len(people)
        size = byte_length(template.source)
        return _Texts(
            people, tos, [template.source] * count, [subject.source] * count, [size] * count
        )
    index = LengthIndex(people)
    names = list(dict.fromkeys([*template.variables, *subject.variables]))
    lacking: frozenset[int] = frozenset().union(*(index.lacking(name) for name in names))
    if lacking and draft.missing_variables == "error":
        missing = [name for name in names if index.lacking(name)]
        problems.append(MissingVariableError(missing, len(lacking)))
        return _Texts([], [], [], [], [])
    values = measure("\n".join(dict.fromkeys(v for name in names for v in index.values(name))))
    if values.unsupported:
        problems.append(UnsupportedCharactersError(values.unsupported, "fields"))
    if values.outside_euckr:
        notices.append(_outside_notice(values.outside_euckr))
    return _Texts(
        people,
        tos,
        index.render_all(template),
        index.render_all(subject),
        index.lengths(template),
    )


def _check_sizes(
    draft: Draft,
    texts: _Texts,
    typed: Mapping[MessageType, Sequence[int]],
    problems: list[ConsoleError],
    notices: list[Notice],
) -> None:
    long = [texts.sizes[p] for kind in ("LMS", "MMS") for p in typed[kind]]
    over = [size for size in long if size > LMS_MAX_BYTES]
    if over:
        problems.append(ContentTooLongError(max(over), len(over)))
    with_subject = [texts.subjects[p] for kind in ("LMS", "MMS") for p in typed[kind]]
    longest_subject = max(map(byte_length, dict.fromkeys(with_subject)), default=0)
    if longest_subject > SUBJECT_MAX_BYTES:
        problems.append(SubjectTooLongError(longest_subject))
    if draft.country_code != "82" and (typed["LMS"] or typed["MMS"]):
        problems.append(InternationalSmsOnlyError(draft.country_code))
    sms, lms = len(typed["SMS"]), len(typed["LMS"])
    if sms and lms:
        notices.append(
            Notice(
                "split",
                f"{lms:,} personalised message(s) are over {SMS_MAX_BYTES} bytes and go as LMS;"
                f" {sms:,} go as SMS.",
                f"개인화된 메시지 {lms:,}건은 {SMS_MAX_BYTES}바이트를 넘어 LMS로, {sms:,}건은"
                " SMS로 보냅니다.",
            )
        )
    elif lms and not draft.force_lms:
        notices.append(
            Notice(
                "lms",
                f"The message is over {SMS_MAX_BYTES} bytes, so it goes as LMS.",
                f"메시지가 {SMS_MAX_BYTES}바이트를 넘어 LMS로 보냅니다.",
            )
        )
    if sms and draft.subject.strip():
        notices.append(
            Notice(
                "subject_dropped",
                "SMS has no subject; the subject is not sent with the SMS messages.",
                "SMS에는 제목이 없어 SMS로 보내는 메시지에는 제목이 빠집니다.",
            )
        )


def _check_time(
    draft: Draft, is_ad: bool, now: datetime | None, problems: list[ConsoleError]
) -> datetime | None:
    """The reservation (aware, in its zone) or now; checks the 10-minute and night rules."""
    current = now or datetime.now(UTC)
    send_at: datetime | None = None
    if draft.reserve_at is not None:
        try:
            send_at = resolve_reservation(draft.reserve_at, draft.reserve_tz, current)
        except (InvalidTimeZoneError, ReservationTooSoonError) as exc:
            problems.append(exc)
            return None
    if is_ad and not draft.night_consent:
        recipient_tz = DOMESTIC_TZ if draft.country_code == "82" else draft.reserve_tz
        try:
            zone = time_zone(recipient_tz)
        except InvalidTimeZoneError:
            zone = time_zone(DOMESTIC_TZ)
        moment = send_at if send_at is not None else current
        if needs_night_consent(moment, zone):
            problems.append(NightConsentRequiredError(_in_zone(moment, zone)))
    return send_at


def _batch(
    index: int,
    kind: MessageType,
    positions: Sequence[int],
    texts: _Texts,
    draft: Draft,
    reserve_time: str | None,
) -> Batch:
    """One request: the most common text is `content`; others carry their own."""
    contents = [texts.contents[p] for p in positions]
    content = Counter(contents).most_common(1)[0][0]
    subject: str | None = None
    subjects: list[str | None] = [None] * len(positions)
    if kind != "SMS":
        own = [texts.subjects[p] for p in positions]
        subject = Counter(own).most_common(1)[0][0]
        subjects = [None if text == subject else text for text in own]
    messages = tuple(
        map(
            BatchMessage,
            [texts.tos[p] for p in positions],
            [None if text == content else text for text in contents],
            subjects,
        )
    )
    return Batch(
        index=index,
        type=kind,
        content_type=draft.content_type,
        country_code=draft.country_code,
        from_=destination(draft.caller) or draft.caller,
        content=content,
        messages=messages,
        recipients=tuple(texts.recipients[p] for p in positions),
        subject=subject or None,
        file_ids=tuple(draft.images) if kind == "MMS" else (),
        reserve_time=reserve_time,
        reserve_time_zone=draft.reserve_tz if reserve_time else None,
    )


def _notice_skipped(skipped: Sequence[Skipped], notices: list[Notice]) -> None:
    counts: Counter[str] = Counter(s.reason for s in skipped)
    texts = {
        "optout": ("on the 080 opt-out list", "080 수신거부 목록에 있어"),
        "duplicate": ("duplicate numbers", "중복 번호라서"),
        "invalid": ("invalid numbers", "잘못된 번호라서"),
    }
    for reason, (en, ko) in texts.items():
        if counts[reason]:
            notices.append(
                Notice(
                    reason,
                    f"{counts[reason]:,} recipient(s) left out: {en}.",
                    f"수신자 {counts[reason]:,}명은 {ko} 제외했습니다.",
                )
            )

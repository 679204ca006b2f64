"""Dataclasses shared by the layers: what the user drafts, whom it goes to, how it is sent.

They are plain Python on purpose: the compose pane fills a :class:`Draft`, the
planner turns it into a :class:`SendPlan`, and the sending service turns each
:class:`Batch` into one SENS send request (:meth:`Batch.to_body` is that request's
JSON body) without knowing anything about personalisation or the rules behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, Literal

from console.domain.text import MessageType

ContentType = Literal["COMM", "AD"]
MissingPolicy = Literal["error", "empty"]
SkipReason = Literal["optout", "duplicate", "invalid"]

MESSAGE_TYPES: tuple[MessageType, ...] = ("SMS", "LMS", "MMS")

#: Variables every recipient has even without an imported column of that name.
BUILTIN_VARIABLES = {"name": "name", "이름": "name", "phone": "phone", "전화번호": "phone"}


@dataclass(frozen=True, slots=True)
class Recipient:
    """One addressee: a phone number (digits as SENS `to` wants them) and merge fields."""

    phone: str
    name: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)

    def value(self, variable: str) -> str | None:
        """The value of `#{variable}` for this recipient, or None when it has none.

        Imported columns win; "name"/"이름" and "phone"/"전화번호" fall back to
        the recipient's own name and number.
        """
        found = self.fields.get(variable)
        if found is not None:
            return found
        builtin = BUILTIN_VARIABLES.get(variable)
        if builtin == "name":
            return self.name or None
        if builtin == "phone":
            return self.phone
        return None


@dataclass(frozen=True, slots=True)
class Draft:
    """What the user composed, before it is checked and split into requests.

    ``images`` are the attachments in order: SENS fileIds once uploaded, or the
    local references (content hashes) the sending service resolves to fileIds.
    ``reserve_at`` is a wall time in ``reserve_tz`` when naive, converted to it
    when aware; None sends now.
    """

    content: str
    subject: str = ""
    caller: str = ""
    content_type: ContentType = "COMM"
    country_code: str = "82"
    force_lms: bool = False
    images: tuple[str, ...] = ()
    reserve_at: datetime | None = None
    reserve_tz: str = "Asia/Seoul"
    #: Advertisement mode: the sender's name that must appear in the text.
    sender_name: str = ""
    #: The user confirmed separate consent for advertising between 21:00 and 08:00.
    night_consent: bool = False
    #: What a `#{variable}` without a value becomes: an error, or empty text.
    missing_variables: MissingPolicy = "error"


@dataclass(frozen=True, slots=True)
class BatchMessage:
    """One entry of a request's `messages`; content/subject only when they differ."""

    to: str
    content: str | None = None
    subject: str | None = None

    def to_json(self) -> dict[str, str]:
        """The SENS `messages[]` item."""
        return sens_message_item(self.to, self.subject, self.content)


def sens_message_item(to: str, subject: str | None, content: str | None) -> dict[str, str]:
    """A SENS ``messages[]`` item: subject/content only when they override the request's.

    The one place the item's shape is written (the domain's batches and the SENS
    client's typed requests both use it).
    """
    item = {"to": to}
    if subject is not None:
        item["subject"] = subject
    if content is not None:
        item["content"] = content
    return item


def sens_send_body(
    *,
    type: str,
    content_type: str,
    country_code: str,
    from_: str,
    content: str,
    messages: list[dict[str, str]],
    subject: str | None = None,
    file_ids: tuple[str, ...] = (),
    reserve_time: str | None = None,
    reserve_time_zone: str | None = None,
) -> dict[str, Any]:
    """The JSON body of a SENS send request (POST .../messages), in the documented order.

    Optional fields are left out when empty; ``reserveTimeZone`` goes only with a
    ``reserveTime``, and only when a zone is given (SENS assumes Asia/Seoul).
    """
    body: dict[str, Any] = {
        "type": type,
        "contentType": content_type,
        "countryCode": country_code,
        "from": from_,
        "content": content,
        "messages": messages,
    }
    if subject is not None:
        body["subject"] = subject
    if file_ids:
        body["files"] = [{"fileId": file_id} for file_id in file_ids]
    if reserve_time is not None:
        body["reserveTime"] = reserve_time
        if reserve_time_zone:
            body["reserveTimeZone"] = reserve_time_zone
    return body


@dataclass(frozen=True, slots=True)
class Batch:
    """Everything one SENS send request needs (<= 100 messages of one type).

    ``recipients[i]`` is the recipient of ``messages[i]``.
    """

    index: int
    type: MessageType
    content_type: ContentType
    country_code: str
    from_: str
    content: str
    messages: tuple[BatchMessage, ...]
    recipients: tuple[Recipient, ...]
    subject: str | None = None
    file_ids: tuple[str, ...] = ()
    reserve_time: str | None = None
    reserve_time_zone: str | None = None

    def to_body(self) -> dict[str, Any]:
        """The JSON body of the SENS send request (POST .../messages); a reservation
        always names its zone (Asia/Seoul unless set)."""
        return sens_send_body(
            type=self.type,
            content_type=self.content_type,
            country_code=self.country_code,
            from_=self.from_,
            content=self.content,
            messages=[message.to_json() for message in self.messages],
            subject=self.subject,
            file_ids=self.file_ids,
            reserve_time=self.reserve_time,
            reserve_time_zone=self.reserve_time_zone or "Asia/Seoul",
        )

    def text_for(self, position: int) -> str:
        """The content the recipient at `position` receives."""
        own = self.messages[position].content
        return self.content if own is None else own


@dataclass(frozen=True, slots=True)
class Skipped:
    """A recipient the plan leaves out, and why."""

    recipient: Recipient
    reason: SkipReason


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning for the confirmation sheet (the send may go ahead)."""

    code: str
    message_en: str
    message_ko: str

    def message(self, language: str = "ko") -> str:
        """The message in `language` ("ko" or anything else for English)."""
        return self.message_ko if language.startswith("ko") else self.message_en


@dataclass(frozen=True, slots=True)
class CostLine:
    """Count x unit price of one message type, in won.

    Profiles may hold fractional unit prices (e.g. 8.4 won); the subtotal is
    rounded half up to whole won, computed in decimal so 0.1-steps stay exact.
    """

    type: MessageType
    count: int
    unit_price: float

    @property
    def amount(self) -> int:
        """The subtotal in whole won."""
        exact = Decimal(str(self.unit_price)) * self.count
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class CostEstimate:
    """The estimated price of a send, in whole won."""

    lines: tuple[CostLine, ...]

    @property
    def total(self) -> int:
        """The total in won."""
        return sum(line.amount for line in self.lines)


def _empty_counts() -> Mapping[MessageType, int]:
    return MappingProxyType(dict.fromkeys(MESSAGE_TYPES, 0))


@dataclass(frozen=True, slots=True)
class SendPlan:
    """A checked draft split into requests, with counts, cost and who is left out."""

    batches: tuple[Batch, ...]
    counts: Mapping[MessageType, int] = field(default_factory=_empty_counts)
    cost: CostEstimate = field(default_factory=lambda: CostEstimate(()))
    skipped: tuple[Skipped, ...] = ()
    notices: tuple[Notice, ...] = ()
    #: The longest personalised content, in bytes.
    max_bytes: int = 0
    #: When the send happens (aware), None for now.
    send_at: datetime | None = None

    @property
    def excluded(self) -> tuple[Recipient, ...]:
        """Recipients removed because they are on the 080 opt-out list."""
        return tuple(s.recipient for s in self.skipped if s.reason == "optout")

    @property
    def message_count(self) -> int:
        """How many messages the plan sends."""
        return sum(len(batch.messages) for batch in self.batches)

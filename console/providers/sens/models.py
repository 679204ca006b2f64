"""Typed requests and responses of the SENS SMS v2 API (frozen dataclasses).

Field names are the API's in snake_case (``from`` is ``from_``). Every time is a
timezone-aware datetime: SENS's own times are Seoul time unless an offset is given.
``from_json`` constructors take the decoded JSON the server sent and raise
:class:`~console.providers.sens.errors.SensServerError` when a mandatory field is
missing or unreadable, so a malformed answer surfaces as an error the user can report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console.domain.models import sens_message_item, sens_send_body

from . import codes
from .errors import SensServerError
from .times import SEOUL, format_minutes, parse_time, zone

__all__ = [
    "CONTENT_TYPES",
    "MAX_MESSAGES_PER_REQUEST",
    "MESSAGE_TYPES",
    "MessageItem",
    "MessageRecord",
    "MessageResult",
    "RequestPage",
    "ReservationStatusResult",
    "ResultFile",
    "SendMessageRequest",
    "SendMessageResponse",
    "Unsubscribe",
    "UploadedFile",
]

#: SENS accepts at most this many recipients (``messages``) per send request.
MAX_MESSAGES_PER_REQUEST = 100
MESSAGE_TYPES = ("SMS", "LMS", "MMS")
CONTENT_TYPES = ("COMM", "AD")


def _malformed(what: str, data: object) -> SensServerError:
    text = repr(data)
    return SensServerError(
        f"SENS sent an answer the console cannot read ({what}). Try again; if it keeps "
        "happening, report it with the log.",
        f"SENS가 읽을 수 없는 응답을 보냈습니다({what}). 다시 시도하고, 계속되면 로그와 함께 "
        "알려 주세요.",
        body=text[:2000],
    )


def _str(data: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise _malformed(f"missing '{key}'", data)
        return None
    return str(value)


def _req(data: Mapping[str, Any], key: str) -> str:
    value = _str(data, key)
    assert value is not None
    return value


def _time(data: Mapping[str, Any], key: str, *, required: bool, tz: Any = SEOUL) -> datetime | None:
    try:
        value = parse_time(data.get(key), tz)
    except ValueError as exc:
        raise _malformed(f"'{key}': {exc}", data) from exc
    if value is None and required:
        raise _malformed(f"missing '{key}'", data)
    return value


def _req_time(data: Mapping[str, Any], key: str) -> datetime:
    value = _time(data, key, required=True)
    assert value is not None
    return value


@dataclass(frozen=True)
class MessageItem:
    """One recipient of a send request; subject/content override the request's defaults."""

    to: str
    subject: str | None = None
    content: str | None = None

    def to_json(self) -> dict[str, str]:
        """The ``messages[]`` entry."""
        return sens_message_item(self.to, self.subject, self.content)


@dataclass(frozen=True)
class SendMessageRequest:
    """A send request (``POST /messages``): one type, one sender, 1-100 recipients.

    ``reserve_time`` is a datetime (converted into ``reserve_time_zone``; a naive one is
    already in that zone) or a preformatted ``"yyyy-MM-dd HH:mm"`` string. ``files`` are
    file IDs (or the :class:`UploadedFile` objects) from ``SensClient.upload_file`` (MMS).
    """

    type: str
    from_: str
    content: str
    messages: Sequence[MessageItem]
    content_type: str = "COMM"
    country_code: str = "82"
    subject: str | None = None
    files: Sequence[str | UploadedFile] = ()
    reserve_time: datetime | str | None = None
    reserve_time_zone: str | None = None

    def __post_init__(self) -> None:
        # Frozen: normalise through object.__setattr__ so equal requests compare equal.
        object.__setattr__(self, "messages", tuple(self.messages))
        # Accept UploadedFile objects as well as bare file IDs.
        files = tuple(getattr(f, "file_id", f) for f in self.files)
        if not all(isinstance(f, str) and f for f in files):
            raise ValueError("files must be file IDs (or UploadedFile objects)")
        object.__setattr__(self, "files", files)
        object.__setattr__(self, "type", self.type.upper())
        object.__setattr__(self, "content_type", self.content_type.upper())
        if self.type not in MESSAGE_TYPES:
            raise ValueError(f"type must be one of {MESSAGE_TYPES}, not {self.type!r}")
        if self.content_type not in CONTENT_TYPES:
            raise ValueError(f"content_type must be one of {CONTENT_TYPES}")
        if not 1 <= len(self.messages) <= MAX_MESSAGES_PER_REQUEST:
            raise ValueError(
                f"a send request needs 1 to {MAX_MESSAGES_PER_REQUEST} messages, "
                f"not {len(self.messages)}"
            )
        if self.reserve_time_zone:
            zone(self.reserve_time_zone)  # raises ValueError for an unknown zone

    def reserve_time_text(self) -> str | None:
        """``reserveTime`` as sent: ``yyyy-MM-dd HH:mm`` in the reservation's zone."""
        if self.reserve_time is None:
            return None
        if isinstance(self.reserve_time, str):
            return self.reserve_time
        return format_minutes(self.reserve_time, zone(self.reserve_time_zone))

    def to_json(self) -> dict[str, Any]:
        """The documented JSON body."""
        return sens_send_body(
            type=self.type,
            content_type=self.content_type,
            country_code=self.country_code,
            from_=self.from_,
            content=self.content,
            messages=[item.to_json() for item in self.messages],
            subject=self.subject,
            file_ids=tuple(str(f) for f in self.files),
            reserve_time=self.reserve_time_text(),
            reserve_time_zone=self.reserve_time_zone,
        )


@dataclass(frozen=True)
class SendMessageResponse:
    """SENS's receipt of a send request (202): the request ID to follow it by."""

    request_id: str
    request_time: datetime
    status_code: str
    status_name: str

    @classmethod
    def from_json(cls, data: Any) -> SendMessageResponse:
        if not isinstance(data, Mapping):
            raise _malformed("send response is not an object", data)
        return cls(
            request_id=_req(data, "requestId"),
            request_time=_req_time(data, "requestTime"),
            status_code=_req(data, "statusCode"),
            status_name=_str(data, "statusName", required=False) or "",
        )


@dataclass(frozen=True)
class UploadedFile:
    """An uploaded MMS image; SENS keeps it (and reuses same name+size) until ``expire_time``."""

    file_id: str
    create_time: datetime | None
    expire_time: datetime | None

    @classmethod
    def from_json(cls, data: Any) -> UploadedFile:
        if not isinstance(data, Mapping):
            raise _malformed("upload response is not an object", data)
        return cls(
            file_id=_req(data, "fileId"),
            create_time=_time(data, "createTime", required=False),
            expire_time=_time(data, "expireTime", required=False),
        )


@dataclass(frozen=True)
class MessageRecord:
    """One recipient's message as the request search lists it.

    ``status`` is READY, PROCESSING or COMPLETED; the result fields (``status_code`` to
    ``telco_code``) are None until COMPLETED. ``request_id`` and ``type`` are None only in a
    :class:`MessageResult`, whose endpoint does not return them.
    """

    request_id: str | None
    message_id: str
    request_time: datetime
    content_type: str
    type: str | None
    country_code: str
    from_: str
    to: str
    status: str
    status_code: str | None = None
    status_name: str | None = None
    status_message: str | None = None
    complete_time: datetime | None = None
    telco_code: str | None = None

    @property
    def completed(self) -> bool:
        """Whether SENS has a final result for this message."""
        return self.status.upper() == "COMPLETED"

    @property
    def succeeded(self) -> bool:
        """Whether the handset received it (COMPLETED with code 0)."""
        return self.completed and codes.is_success(self.status_code)

    def describe_result(self, language: str = "ko") -> str:
        """The result in words: the status while pending, the result code's meaning after."""
        if not self.completed:
            return codes.describe_request_status(self.status, language)
        return codes.describe(self.status_code, language)

    @staticmethod
    def _fields(data: Mapping[str, Any], message_id: str | None = None) -> dict[str, Any]:
        return {
            "request_id": _str(data, "requestId", required=message_id is None),
            "message_id": message_id or _req(data, "messageId"),
            "request_time": _req_time(data, "requestTime"),
            "content_type": _str(data, "contentType", required=False) or "COMM",
            "type": _str(data, "type", required=False),
            "country_code": _str(data, "countryCode", required=False) or "82",
            "from_": _req(data, "from"),
            "to": _req(data, "to"),
            "status": _req(data, "status"),
            "status_code": _str(data, "statusCode", required=False),
            "status_name": _str(data, "statusName", required=False),
            "status_message": _str(data, "statusMessage", required=False),
            "complete_time": _time(data, "completeTime", required=False),
            "telco_code": _str(data, "telcoCode", required=False),
        }

    @classmethod
    def from_json(cls, data: Any) -> MessageRecord:
        if not isinstance(data, Mapping):
            raise _malformed("message entry is not an object", data)
        return cls(**cls._fields(data))


@dataclass(frozen=True)
class ResultFile:
    """An image attached to an MMS, as the result endpoint reports it."""

    name: str | None
    file_id: str


@dataclass(frozen=True)
class MessageResult(MessageRecord):
    """One message's full result (``GET /messages/{messageId}``), with what was sent."""

    subject: str | None = None
    content: str | None = None
    files: tuple[ResultFile, ...] = field(default=())

    @classmethod
    def from_result_json(cls, data: Any, message_id: str) -> MessageResult:
        """Parse a result answer (``{"messages": [ {...} ]}``) for `message_id`."""
        if not isinstance(data, Mapping):
            raise _malformed("result is not an object", data)
        messages = data.get("messages")
        if not isinstance(messages, list) or not messages or not isinstance(messages[0], Mapping):
            raise _malformed("result has no message", data)
        entry = messages[0]
        raw_files = entry.get("files") or data.get("files") or []
        if not isinstance(raw_files, list):
            raise _malformed("'files' is not a list", data)
        files = tuple(
            ResultFile(name=_str(f, "name", required=False), file_id=_req(f, "fileId"))
            for f in raw_files
            if isinstance(f, Mapping)
        )
        return cls(
            **cls._fields(entry, message_id=str(entry.get("messageId") or message_id)),
            subject=_str(entry, "subject", required=False),
            content=entry.get("content") if isinstance(entry.get("content"), str) else None,
            files=files,
        )


@dataclass(frozen=True)
class RequestPage:
    """One page of a request search (for callers that page by hand)."""

    status_code: str | None
    status_name: str | None
    records: tuple[MessageRecord, ...]
    next_token: str | None
    page_index: int | None
    page_size: int | None
    item_count: int
    has_more: bool

    @classmethod
    def from_json(cls, data: Any) -> RequestPage:
        if not isinstance(data, Mapping):
            raise _malformed("search answer is not an object", data)
        raw = data.get("messages") or []
        if not isinstance(raw, list):
            raise _malformed("'messages' is not a list", data)
        records = tuple(MessageRecord.from_json(item) for item in raw)

        def _int(key: str) -> int | None:
            value = data.get(key)
            if value is None or value == "":
                return None
            try:
                return int(value)
            except (TypeError, ValueError, OverflowError) as exc:  # Overflow: inf, 1e400
                raise _malformed(f"'{key}' is not a number", data) from exc

        has_more = data.get("hasMore")
        if isinstance(has_more, str):
            has_more = has_more.strip().lower() == "true"
        item_count = _int("itemCount")
        return cls(
            status_code=_str(data, "statusCode", required=False),
            status_name=_str(data, "statusName", required=False),
            records=records,
            next_token=_str(data, "nextToken", required=False),
            page_index=_int("pageIndex"),
            page_size=_int("pageSize"),
            item_count=item_count if item_count is not None else len(records),
            has_more=bool(has_more),
        )


@dataclass(frozen=True)
class ReservationStatusResult:
    """The state of a reserved send (``reserveId`` is the send's request ID)."""

    reserve_id: str
    status: str
    reserve_time: datetime | None = None
    reserve_time_zone: str | None = None

    def describe(self, language: str = "ko") -> str:
        """The status in words."""
        return codes.describe_reservation_status(self.status, language)

    @classmethod
    def from_json(cls, data: Any) -> ReservationStatusResult:
        if not isinstance(data, Mapping):
            raise _malformed("reservation status is not an object", data)
        tz_name = _str(data, "reserveTimeZone", required=False)
        try:
            tz = zone(tz_name)
        except ValueError:
            tz = SEOUL
        return cls(
            reserve_id=_req(data, "reserveId"),
            status=_req(data, "reserveStatus"),
            reserve_time=_time(data, "reserveTime", required=False, tz=tz),
            reserve_time_zone=tz_name,
        )


@dataclass(frozen=True)
class Unsubscribe:
    """A number on the 080 opt-out list; ``kind`` is "M" (added by hand) or "C" (by call)."""

    number: str
    registered_at: datetime | None
    kind: str | None

    @classmethod
    def from_json(cls, data: Any) -> Unsubscribe:
        if not isinstance(data, Mapping):
            raise _malformed("opt-out entry is not an object", data)
        return cls(
            number=_req(data, "clientTelNo"),
            registered_at=_time(data, "registerTime", required=False),
            kind=_str(data, "registerType", required=False),
        )

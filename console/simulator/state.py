"""The simulated SENS service: accounts, messages, files, reservations and the 080 list.

Every public method takes what the HTTP layer received (a parsed JSON body, the query
parameters) and returns the JSON document to answer with, or raises :class:`ApiError` with
the status and body SENS would send. The HTTP server adds only transport concerns, so the
rules here can be tested without sockets.

Message progress is a pure function of the simulated clock: each message is stored with the
instants at which it becomes READY, PROCESSING and COMPLETED and with its (seeded) outcome,
so nothing has to run in the background and a restart with the same database continues
exactly where it stopped.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import hashlib
import itertools
import json
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.simulator import codes, text
from console.simulator.clock import SimClock
from console.simulator.demo import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
)
from console.simulator.jpeg import NotAJpeg, jpeg_size

#: SENS shows and reads times in Korea time.
SENS_TZ = ZoneInfo("Asia/Seoul")

MAX_MESSAGES_PER_REQUEST = 100
MAX_FILE_BYTES = 300 * 1024
MAX_FILE_NAME_CHARS = 40
MAX_IMAGE_WIDTH = 1500
MAX_IMAGE_HEIGHT = 1440
FILE_RETENTION_SECONDS = 6 * 24 * 3600
RESERVE_MIN_LEAD_SECONDS = 10 * 60
HISTORY_RETENTION_SECONDS = 90 * 24 * 3600
REQUEST_WINDOW_MAX_SECONDS = 30 * 24 * 3600
COMPLETE_WINDOW_MAX_SECONDS = 24 * 3600
LIST_PAGE_SIZE_DEFAULT = 20
LIST_PAGE_SIZE_MAX = 100
LIST_PAGE_SIZE_BY_REQUEST_ID = 1000
UNSUBSCRIBE_BATCH_MAX = 1000
UNSUBSCRIBE_PAGE_SIZE_DEFAULT = 100
UNSUBSCRIBE_PAGE_SIZE_MAX = 100

_DIGITS = re.compile(r"\d+")
_COUNTRY_CODE = re.compile(r"\d{1,4}")
_DOMESTIC_NUMBER = re.compile(r"0\d{8,10}")
_QUERY_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_RESERVE_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")

TYPES = ("SMS", "LMS", "MMS")
CONTENT_TYPES = ("COMM", "AD")
STATUSES = ("READY", "PROCESSING", "COMPLETED")


class ApiError(Exception):
    """An error answer: HTTP `status` and the JSON `body` SENS would send."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body


def sens_error(status: int, message: str) -> ApiError:
    """An error raised by the SENS service itself (not the API gateway)."""
    return ApiError(
        status, {"statusCode": str(status), "statusName": "fail", "errorMessage": message}
    )


def gateway_error(status: int, code: str, message: str, details: str) -> ApiError:
    """An error raised by the NAVER Cloud API gateway in front of SENS."""
    return ApiError(
        status, {"error": {"errorCode": code, "message": message, "details": details}}
    )


def bad_request(message: str) -> ApiError:
    return sens_error(400, message)


# --- time formats -------------------------------------------------------------------------


def format_iso_millis(epoch: float) -> str:
    """yyyy-MM-dd'T'HH:mm:ss.SSS in Korea time (send response, files, 080 list)."""
    moment = datetime.fromtimestamp(epoch, SENS_TZ)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def format_local_datetime(epoch: float) -> str:
    """A Java LocalDateTime as Jackson writes it (the 080 list's "format: LocalDateTime"):
    seconds always, the fraction only when it is not zero, e.g. 2026-03-02T10:00:00 or
    2026-03-02T10:00:00.250 -- clients must accept both."""
    moment = datetime.fromtimestamp(round(epoch, 3), SENS_TZ)
    millis = moment.microsecond // 1000
    base = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{millis:03d}" if millis else base


def format_seconds(epoch: float) -> str:
    """yyyy-MM-dd HH:mm:ss in Korea time (queries and results)."""
    return datetime.fromtimestamp(epoch, SENS_TZ).strftime("%Y-%m-%d %H:%M:%S")


def parse_query_time(name: str, value: str) -> float:
    """A yyyy-MM-dd HH:mm:ss query parameter (Korea time) as epoch seconds."""
    if not _QUERY_TIME.fullmatch(value):
        raise bad_request(f"{name} must be formatted as yyyy-MM-dd HH:mm:ss")
    try:
        moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError as exc:
        raise bad_request(f"{name} is not a valid time") from exc
    return moment.replace(tzinfo=SENS_TZ).timestamp()


# --- accounts and records -----------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """A SENS project the simulator knows: its service ID, API key pair and caller numbers."""

    service_id: str
    access_key: str
    secret_key: str
    callers: tuple[str, ...] = ()


DEMO_ACCOUNT = Account(
    DEMO_SERVICE_ID, DEMO_ACCESS_KEY, DEMO_SECRET_KEY, tuple(DEMO_CALLER_NUMBERS)
)


@dataclass(frozen=True)
class AcceptedMessage:
    """One message as the simulator accepted it (the reconciliation log).

    `content`/`subject` are what the request asked for (per-message overrides applied);
    `delivered_content`/`delivered_subject` are what reaches the phone after truncation.
    """

    request_id: str
    message_id: str
    to: str
    from_: str
    type: str
    content: str
    subject: str | None
    content_type: str
    accepted_at: datetime
    country_code: str = "82"
    delivered_content: str = ""
    delivered_subject: str | None = None
    files: tuple[str, ...] = ()
    reserve_time: datetime | None = None


@dataclass
class RequestRecord:
    request_id: str
    service_id: str
    seq: int
    accepted_at: float
    type: str
    content_type: str
    country_code: str
    from_: str
    reserve_at: float | None = None
    reserve_time: str | None = None
    reserve_time_zone: str | None = None
    canceled_at: float | None = None
    message_ids: list[str] = field(default_factory=list)
    #: A reservation whose attachment expires before its time fails when the time comes.
    failed: bool = False


@dataclass
class MessageRecord:
    message_id: str
    request_id: str
    service_id: str
    seq: int
    to: str
    from_: str
    type: str
    content_type: str
    country_code: str
    content: str
    subject: str | None
    delivered_content: str
    delivered_subject: str | None
    files: list[list[str]]  # [fileId, name] pairs
    accepted_at: float
    request_at: float  # when the messaging server takes it (send time or reservation time)
    processing_at: float
    complete_at: float
    result_code: str
    telco_code: str


@dataclass
class FileRecord:
    file_id: str
    service_id: str
    name: str
    size: int
    width: int
    height: int
    created_at: float
    expire_at: float


@dataclass
class UnsubscribeRecord:
    service_id: str
    number: str
    registered_at: float
    register_type: str  # "M" manual (API) or "C" call


# --- the service --------------------------------------------------------------------------


@dataclass(frozen=True)
class Behaviour:
    """The knobs that shape how messages progress."""

    seed: int = 0
    ready_seconds: float = 1.0
    processing_seconds: float = 2.0
    jitter: float = 0.5
    outcomes: Mapping[str, float] = field(default_factory=lambda: dict(codes.DEFAULT_OUTCOMES))
    paging: str = "nextToken"


class SensState:
    """All simulated SENS state, guarded by one lock (calls come from many HTTP threads)."""

    def __init__(
        self,
        clock: SimClock,
        behaviour: Behaviour | None = None,
        accounts: Iterable[Account] = (),
        persistence: Any = None,
    ) -> None:
        self.clock = clock
        self.behaviour = behaviour or Behaviour()
        if self.behaviour.paging not in ("nextToken", "pageIndex"):
            raise ValueError("paging must be 'nextToken' or 'pageIndex'")
        outcomes = {str(k): float(v) for k, v in self.behaviour.outcomes.items() if v > 0}
        if not outcomes:
            raise ValueError("outcomes needs at least one code with a positive weight")
        self._outcome_codes = list(outcomes)
        self._outcome_cumulative = list(itertools.accumulate(outcomes.values()))
        self._outcome_total = self._outcome_cumulative[-1]
        self._lock = threading.RLock()
        self.accounts_by_key: dict[str, Account] = {}
        self.accounts_by_service: dict[str, Account] = {}
        for account in (DEMO_ACCOUNT, *accounts):
            self.accounts_by_key[account.access_key] = account
            self.accounts_by_service[account.service_id] = account
        self.requests: dict[str, RequestRecord] = {}
        self.messages: dict[str, MessageRecord] = {}
        self.messages_by_service: dict[str, list[MessageRecord]] = {}
        self.files: dict[str, FileRecord] = {}
        self.unsubscribes: dict[str, dict[str, UnsubscribeRecord]] = {}
        self._seq = 0
        self._log: list[AcceptedMessage] = []
        self._persistence = persistence
        if persistence is not None:
            persistence.load_into(self)

    # -- helpers ---------------------------------------------------------------------------

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _draw(self, purpose: str, seq: int) -> bytes:
        """32 pseudo-random bytes that depend only on the seed, a purpose and a sequence
        number, so outcomes are reproducible whatever order concurrent requests arrive in
        (and cheap: one hash per message)."""
        return hashlib.blake2b(
            f"{self.behaviour.seed}:{purpose}:{seq}".encode(), digest_size=32
        ).digest()

    def _pick_outcome(self, fraction: float) -> str:
        index = bisect.bisect_right(self._outcome_cumulative, fraction * self._outcome_total)
        return self._outcome_codes[min(index, len(self._outcome_codes) - 1)]

    def account_for_service(self, service_id: str) -> Account:
        account = self.accounts_by_service.get(service_id)
        if account is None:
            raise sens_error(404, f"Not found service : {service_id}")
        return account

    def add_message_record(self, message: MessageRecord) -> None:
        """Index a message (its request must be known) and append it to the accepted log."""
        self.messages[message.message_id] = message
        self.messages_by_service.setdefault(message.service_id, []).append(message)
        request = self.requests[message.request_id]
        self._log.append(
            AcceptedMessage(
                request_id=message.request_id,
                message_id=message.message_id,
                to=message.to,
                from_=message.from_,
                type=message.type,
                content=message.content,
                subject=message.subject,
                content_type=message.content_type,
                accepted_at=datetime.fromtimestamp(message.accepted_at, UTC),
                country_code=message.country_code,
                delivered_content=message.delivered_content,
                delivered_subject=message.delivered_subject,
                files=tuple(fid for fid, _ in message.files),
                reserve_time=(
                    datetime.fromtimestamp(request.reserve_at, UTC)
                    if request.reserve_at is not None else None
                ),
            )
        )

    def _visible(self, message: MessageRecord, now: float) -> bool:
        """Reserved messages exist only once their time has come (and if not cancelled);
        history older than 90 days is gone."""
        if message.request_at > now:
            return False
        if now - message.request_at > HISTORY_RETENTION_SECONDS:
            return False
        request = self.requests[message.request_id]
        return request.canceled_at is None and not request.failed

    @staticmethod
    def status_of(message: MessageRecord, now: float) -> str:
        if now < message.processing_at:
            return "READY"
        if now < message.complete_at:
            return "PROCESSING"
        return "COMPLETED"

    # -- send ------------------------------------------------------------------------------

    def send(self, service_id: str, body: Any) -> dict[str, Any]:
        """POST /services/{serviceId}/messages."""
        with self._lock:
            self.account_for_service(service_id)
            plan = self._validate_send(service_id, body)
            return self._accept(service_id, plan)

    def _validate_send(self, service_id: str, body: Any) -> dict[str, Any]:
        account = self.account_for_service(service_id)
        if not isinstance(body, dict):
            raise bad_request("Request body must be a JSON object")

        def optional_str(obj: Mapping[str, Any], key: str, where: str = "") -> str | None:
            value = obj.get(key)
            if value is None:
                return None
            if not isinstance(value, str):
                raise bad_request(f"{where}{key} must be a string")
            return value

        raw_type = optional_str(body, "type")
        if raw_type is None or raw_type.upper() not in TYPES:
            raise bad_request("type must be one of SMS, LMS, MMS")
        msg_type = raw_type.upper()
        content_type = optional_str(body, "contentType") or "COMM"
        if content_type not in CONTENT_TYPES:
            raise bad_request("contentType must be COMM or AD")
        country_code = optional_str(body, "countryCode") or "82"
        if not _COUNTRY_CODE.fullmatch(country_code):
            raise bad_request("countryCode is not a supported country code")
        sender = optional_str(body, "from")
        if not sender:
            raise bad_request("from is required")
        if not _DIGITS.fullmatch(sender):
            raise bad_request("from must contain digits only")
        if sender not in account.callers:
            raise bad_request(f"from ({sender}) is not a registered calling number")
        default_subject = optional_str(body, "subject")
        default_content = optional_str(body, "content")
        if default_content is None:
            raise bad_request("content is required")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise bad_request("messages is required and must be a non-empty list")
        if len(messages) > MAX_MESSAGES_PER_REQUEST:
            raise bad_request(
                f"messages can contain at most {MAX_MESSAGES_PER_REQUEST} items"
            )

        files_raw = body.get("files")
        files: list[FileRecord] = []
        if files_raw is not None:
            if not isinstance(files_raw, list):
                raise bad_request("files must be a list")
            if files_raw and msg_type != "MMS":
                raise bad_request("files can only be used with type MMS")
            now = self.clock.now()
            for index, item in enumerate(files_raw):
                if not isinstance(item, dict):
                    raise bad_request(f"files[{index}] must be an object")
                file_id = optional_str(item, "fileId", f"files[{index}].")
                record = self.files.get(file_id or "")
                if record is None or record.service_id != service_id:
                    raise bad_request(f"files[{index}].fileId ({file_id}) does not exist")
                if record.expire_at <= now:
                    raise bad_request(f"files[{index}].fileId ({file_id}) has expired")
                files.append(record)
        if msg_type == "MMS" and not files:
            msg_type = "LMS"  # as SENS does: MMS without an attachment goes as LMS
        if msg_type == "SMS" and default_subject is not None:
            raise bad_request("subject can only be used with type LMS or MMS")

        items: list[dict[str, Any]] = []
        for index, item in enumerate(messages):
            where = f"messages[{index}]."
            if not isinstance(item, dict):
                raise bad_request(f"messages[{index}] must be an object")
            to = optional_str(item, "to", where)
            if not to:
                raise bad_request(f"{where}to is required")
            if not _DIGITS.fullmatch(to):
                raise bad_request(f"{where}to must contain digits only (no hyphens)")
            subject = optional_str(item, "subject", where)
            content = optional_str(item, "content", where)
            if subject is not None and msg_type == "SMS":
                raise bad_request(f"{where}subject can only be used with type LMS or MMS")
            effective_content = content if content else default_content
            if not effective_content:
                raise bad_request(f"{where}content is empty and there is no default content")
            effective_subject = subject if subject is not None else default_subject
            items.append({"to": to, "content": effective_content, "subject": effective_subject})

        reserve_at: float | None = None
        reserve_time = optional_str(body, "reserveTime")
        reserve_zone = optional_str(body, "reserveTimeZone")
        if reserve_time is not None:
            reserve_zone = reserve_zone or "Asia/Seoul"
            try:
                zone = ZoneInfo(reserve_zone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise bad_request(f"reserveTimeZone ({reserve_zone}) is not supported") from exc
            if not _RESERVE_TIME.fullmatch(reserve_time):
                raise bad_request("reserveTime must be formatted as yyyy-MM-dd HH:mm")
            try:
                local = datetime.strptime(reserve_time, "%Y-%m-%d %H:%M")
            except ValueError as exc:
                raise bad_request("reserveTime is not a valid time") from exc
            reserve_at = local.replace(tzinfo=zone).timestamp()
            if reserve_at - self.clock.now() < RESERVE_MIN_LEAD_SECONDS:
                raise bad_request("reserveTime must be at least 10 minutes from now")
        elif reserve_zone is not None:
            try:
                ZoneInfo(reserve_zone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise bad_request(f"reserveTimeZone ({reserve_zone}) is not supported") from exc

        return {
            "type": msg_type,
            "content_type": content_type,
            "country_code": country_code,
            "from": sender,
            "items": items,
            "files": files,
            "reserve_at": reserve_at,
            "reserve_time": reserve_time,
            "reserve_zone": reserve_zone if reserve_time is not None else None,
        }

    def _accept(self, service_id: str, plan: dict[str, Any]) -> dict[str, Any]:
        now = self.clock.now()
        seq = self.next_seq()
        draw = self._draw("request", seq)
        letters = "".join(_LETTERS[b % len(_LETTERS)] for b in draw[8:16])
        request_id = (
            f"VORSSA-{int(now)}-{seq % 10000:04d}-"
            f"{int.from_bytes(draw[:8], 'big') % 10**8:08d}-{letters}"
        )
        request = RequestRecord(
            request_id=request_id,
            service_id=service_id,
            seq=seq,
            accepted_at=now,
            type=plan["type"],
            content_type=plan["content_type"],
            country_code=plan["country_code"],
            from_=plan["from"],
            reserve_at=plan["reserve_at"],
            reserve_time=plan["reserve_time"],
            reserve_time_zone=plan["reserve_zone"],
        )
        start = plan["reserve_at"] if plan["reserve_at"] is not None else now
        files: list[FileRecord] = plan["files"]
        request.failed = plan["reserve_at"] is not None and any(
            f.expire_at <= start for f in files
        )
        blocked = self.unsubscribes.get(service_id, {})
        records: list[MessageRecord] = []
        for item in plan["items"]:
            mseq = self.next_seq()
            draw = self._draw("message", mseq)
            message_id = _uuid4(draw)
            content: str = item["content"]
            subject: str | None = item["subject"]
            limit = text.SMS_MAX_BYTES if plan["type"] == "SMS" else text.LMS_MAX_BYTES
            delivered_content = text.truncate(content, limit)
            delivered_subject = (
                text.truncate(subject, text.SUBJECT_MAX_BYTES) if subject is not None else None
            )
            jitter = self.behaviour.jitter
            ready = self.behaviour.ready_seconds * (1 + jitter * (2 * _fraction(draw, 16) - 1))
            processing = self.behaviour.processing_seconds * (
                1 + jitter * (2 * _fraction(draw, 20) - 1)
            )
            outcome = self._pick_outcome(_fraction(draw, 24))
            if text.unencodable(content) or (subject and text.unencodable(subject)):
                outcome = codes.CHARSET_ERROR
            elif plan["content_type"] == "AD" and item["to"] in blocked:
                outcome = codes.UNSUBSCRIBED
            elif plan["country_code"] == "82" and not _DOMESTIC_NUMBER.fullmatch(item["to"]):
                outcome = codes.NUMBER_FORMAT_ERROR
            record = MessageRecord(
                message_id=message_id,
                request_id=request_id,
                service_id=service_id,
                seq=mseq,
                to=item["to"],
                from_=plan["from"],
                type=plan["type"],
                content_type=plan["content_type"],
                country_code=plan["country_code"],
                content=content,
                subject=subject,
                delivered_content=delivered_content,
                delivered_subject=delivered_subject,
                files=[[f.file_id, f.name] for f in files],
                accepted_at=now,
                request_at=start,
                processing_at=start + max(0.0, ready),
                complete_at=start + max(0.0, ready) + max(0.0, processing),
                result_code=outcome,
                telco_code=codes.TELCO_CODES[draw[28] % len(codes.TELCO_CODES)],
            )
            records.append(record)
            request.message_ids.append(message_id)
        self.requests[request_id] = request
        for record in records:
            self.add_message_record(record)
        if self._persistence is not None:
            self._persistence.save_request(request, records, self.clock.now())
        return {
            "requestId": request_id,
            "requestTime": format_iso_millis(now),
            "statusCode": "202",
            "statusName": "success",
        }

    # -- files -----------------------------------------------------------------------------

    def upload_file(self, service_id: str, body: Any) -> dict[str, Any]:
        """POST /services/{serviceId}/files."""
        with self._lock:
            self.account_for_service(service_id)
            if not isinstance(body, dict):
                raise bad_request("Request body must be a JSON object")
            name = body.get("fileName")
            payload = body.get("fileBody")
            if not isinstance(name, str) or not name:
                raise bad_request("fileName is required")
            if not isinstance(payload, str) or not payload:
                raise bad_request("fileBody is required")
            if not name.lower().endswith((".jpg", ".jpeg")):
                raise bad_request("fileName must have a .jpg or .jpeg extension")
            if len(name) > MAX_FILE_NAME_CHARS:
                raise bad_request(f"fileName can be at most {MAX_FILE_NAME_CHARS} characters")
            try:
                data = base64.b64decode(payload, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise bad_request("fileBody is not valid Base64") from exc
            if len(data) > MAX_FILE_BYTES:
                raise bad_request("File size exceeds 300KB")
            try:
                width, height = jpeg_size(data)
            except NotAJpeg as exc:
                raise bad_request(f"fileBody is not a valid JPEG image: {exc}") from exc
            if width > MAX_IMAGE_WIDTH or height > MAX_IMAGE_HEIGHT:
                raise bad_request(
                    f"Image resolution {width}x{height} exceeds "
                    f"{MAX_IMAGE_WIDTH}x{MAX_IMAGE_HEIGHT}"
                )
            now = self.clock.now()
            for existing in self.files.values():
                if (
                    existing.service_id == service_id
                    and existing.name == name
                    and existing.size == len(data)
                    and existing.expire_at > now
                ):
                    return self._file_json(existing)
            seq = self.next_seq()
            record = FileRecord(
                file_id=_uuid4(self._draw("file", seq)),
                service_id=service_id,
                name=name,
                size=len(data),
                width=width,
                height=height,
                created_at=now,
                expire_at=now + FILE_RETENTION_SECONDS,
            )
            self.files[record.file_id] = record
            if self._persistence is not None:
                self._persistence.save_file(record, seq, now)
            return self._file_json(record)

    @staticmethod
    def _file_json(record: FileRecord) -> dict[str, Any]:
        return {
            "fileId": record.file_id,
            "createTime": format_iso_millis(record.created_at),
            "expireTime": format_iso_millis(record.expire_at),
        }

    # -- queries ---------------------------------------------------------------------------

    def list_messages(self, service_id: str, params: Mapping[str, str]) -> dict[str, Any]:
        """GET /services/{serviceId}/messages."""
        with self._lock:
            self.account_for_service(service_id)
            now = self.clock.now()
            request_id = params.get("requestId") or None
            req_start, req_end = params.get("requestStartTime"), params.get("requestEndTime")
            comp_start, comp_end = params.get("completeStartTime"), params.get("completeEndTime")
            has_request_window = req_start is not None or req_end is not None
            has_complete_window = comp_start is not None or comp_end is not None
            if has_request_window and has_complete_window:
                raise bad_request(
                    "requestStartTime/requestEndTime and completeStartTime/completeEndTime "
                    "cannot be used together"
                )
            if request_id is None and not has_request_window and not has_complete_window:
                raise bad_request(
                    "requestId, requestStartTime+requestEndTime or "
                    "completeStartTime+completeEndTime is required"
                )
            window: tuple[str, float, float] | None = None
            if has_request_window or has_complete_window:
                kind = "request" if has_request_window else "complete"
                start_raw, end_raw = (
                    (req_start, req_end) if has_request_window else (comp_start, comp_end)
                )
                start_name, end_name = f"{kind}StartTime", f"{kind}EndTime"
                if start_raw is None or end_raw is None:
                    raise bad_request(f"{start_name} and {end_name} must be used together")
                start = parse_query_time(start_name, start_raw)
                end = parse_query_time(end_name, end_raw)
                if end < start:
                    raise bad_request(f"{end_name} must not be before {start_name}")
                limit = (
                    REQUEST_WINDOW_MAX_SECONDS if kind == "request"
                    else COMPLETE_WINDOW_MAX_SECONDS
                )
                if end - start > limit:
                    raise bad_request(
                        "The search range from requestStartTime to requestEndTime is limited to "
                        "30 days" if kind == "request" else
                        "The search range from completeStartTime to completeEndTime is limited "
                        "to 24 hours"
                    )
                if start < now - HISTORY_RETENTION_SECONDS:
                    raise bad_request("Only the history of the last 90 days can be searched")
                window = (kind, start, end)

            filters = self._list_filters(params)
            max_size = LIST_PAGE_SIZE_BY_REQUEST_ID if request_id else LIST_PAGE_SIZE_MAX
            default_size = LIST_PAGE_SIZE_BY_REQUEST_ID if request_id else LIST_PAGE_SIZE_DEFAULT
            page_size = _int_param(params, "pageSize", default_size, 1, max_size)

            reserved = failed = False
            if request_id is not None:
                request = self.requests.get(request_id)
                if request is None or request.service_id != service_id:
                    candidates: list[MessageRecord] = []
                else:
                    reserved = (
                        request.reserve_at is not None
                        and request.reserve_at > now
                        and request.canceled_at is None
                    )
                    failed = (
                        request.failed
                        and request.reserve_at is not None
                        and request.reserve_at <= now
                    )
                    candidates = [self.messages[m] for m in request.message_ids]
            else:
                candidates = self.messages_by_service.get(service_id, [])
            selected: list[MessageRecord] = []
            kind, start, end = window if window is not None else ("", 0.0, 0.0)
            for message in candidates:
                # Cheap time checks first: window queries scan the whole history.
                if kind == "request":
                    if not start <= int(message.request_at) <= end:
                        continue
                elif kind == "complete" and (
                    message.complete_at > now or not start <= int(message.complete_at) <= end
                ):
                    continue
                if not self._visible(message, now):
                    continue
                if not self._matches(message, filters, now):
                    continue
                selected.append(message)
            if window is not None and window[0] == "complete":
                selected.sort(key=lambda m: (m.complete_at, m.seq))
            else:
                selected.sort(key=lambda m: (m.request_at, m.seq))

            fingerprint = _fingerprint(service_id, params)
            if self.behaviour.paging == "pageIndex":
                page_index = _int_param(params, "pageIndex", 0, 0, 10**9)
                offset = page_index * page_size
            else:
                token = params.get("nextToken")
                offset = _decode_token(token, fingerprint) if token else 0
            page = selected[offset:offset + page_size]
            has_more = offset + page_size < len(selected)
            result: dict[str, Any] = {
                "statusCode": "202",
                "statusName": "reserved" if reserved else "fail" if failed else "success",
                "messages": [self._record_json(m, now) for m in page],
            }
            if self.behaviour.paging == "pageIndex":
                result["pageIndex"] = page_index
            result["pageSize"] = page_size
            if self.behaviour.paging == "nextToken" and has_more:
                result["nextToken"] = _encode_token(offset + page_size, fingerprint)
            result["itemCount"] = len(page)
            result["hasMore"] = has_more
            return result

    @staticmethod
    def _list_filters(params: Mapping[str, str]) -> dict[str, str]:
        filters: dict[str, str] = {}
        for key in ("messageId", "type", "contentType", "countryCode", "status", "from", "to",
                    "statusName"):
            value = params.get(key)
            if value:
                filters[key] = value
        if "type" in filters and filters["type"].upper() not in TYPES:
            raise bad_request("type must be one of SMS, LMS, MMS")
        if "contentType" in filters and filters["contentType"] not in CONTENT_TYPES:
            raise bad_request("contentType must be COMM or AD")
        if "status" in filters and filters["status"] not in STATUSES:
            raise bad_request("status must be one of READY, PROCESSING, COMPLETED")
        if "statusName" in filters and filters["statusName"].upper() not in ("SUCCESS", "FAIL"):
            raise bad_request("statusName must be SUCCESS or FAIL")
        return filters

    def _matches(self, message: MessageRecord, filters: Mapping[str, str], now: float) -> bool:
        if not filters:
            return True
        if "messageId" in filters and message.message_id != filters["messageId"]:
            return False
        if "type" in filters and message.type != filters["type"].upper():
            return False
        if "contentType" in filters and message.content_type != filters["contentType"]:
            return False
        if "countryCode" in filters and message.country_code != filters["countryCode"]:
            return False
        if "from" in filters and message.from_ != filters["from"]:
            return False
        if "to" in filters and message.to != filters["to"]:
            return False
        status = self.status_of(message, now)
        if "status" in filters and status != filters["status"]:
            return False
        if "statusName" in filters:
            if status != "COMPLETED":
                return False
            success = message.result_code == "0"
            if success != (filters["statusName"].upper() == "SUCCESS"):
                return False
        return True

    def _record_json(self, message: MessageRecord, now: float) -> dict[str, Any]:
        status = self.status_of(message, now)
        record: dict[str, Any] = {
            "requestId": message.request_id,
            "messageId": message.message_id,
            "requestTime": format_seconds(message.request_at),
            "contentType": message.content_type,
            "type": message.type,
            "countryCode": message.country_code,
            "from": message.from_,
            "to": message.to,
        }
        if status == "COMPLETED":
            record["completeTime"] = format_seconds(message.complete_at)
            record["telcoCode"] = message.telco_code
        record["status"] = status
        if status == "COMPLETED":
            record.update(self._result_fields(message))
        return record

    @staticmethod
    def _result_fields(message: MessageRecord) -> dict[str, str]:
        return {
            "statusCode": message.result_code,
            "statusName": "success" if message.result_code == "0" else "fail",
            "statusMessage": codes.result_message(message.result_code),
        }

    def get_result(self, service_id: str, message_id: str) -> dict[str, Any]:
        """GET /services/{serviceId}/messages/{messageId}."""
        with self._lock:
            self.account_for_service(service_id)
            now = self.clock.now()
            message = self.messages.get(message_id)
            if (
                message is None
                or message.service_id != service_id
                or not self._visible(message, now)
            ):
                raise sens_error(404, f"Not found message : {message_id}")
            status = self.status_of(message, now)
            item: dict[str, Any] = {
                "requestTime": format_seconds(message.request_at),
                "contentType": message.content_type,
                "content": message.content,
                "countryCode": message.country_code,
                "from": message.from_,
                "to": message.to,
                "status": status,
            }
            if status == "COMPLETED":
                item.update(self._result_fields(message))
                item["completeTime"] = format_seconds(message.complete_at)
                item["telcoCode"] = message.telco_code
            if message.type == "MMS":
                item["files"] = [{"name": name, "fileId": fid} for fid, name in message.files]
            return {"statusCode": "200", "statusName": "success", "messages": [item]}

    # -- reservations ----------------------------------------------------------------------

    def _reservation(self, service_id: str, reserve_id: str) -> RequestRecord:
        request = self.requests.get(reserve_id)
        if request is None or request.service_id != service_id or request.reserve_at is None:
            raise sens_error(404, f"Not found reservation : {reserve_id}")
        return request

    def reserve_status_of(self, request: RequestRecord, now: float) -> str:
        if request.canceled_at is not None:
            return "CANCELED"
        assert request.reserve_at is not None
        if now < request.reserve_at:
            return "READY"
        if request.failed:
            return "FAIL"
        # The reservation is being handed to the messaging server until its messages are
        # queued (the READY span of its messages), then it is done.
        queued = min(
            (self.messages[m].processing_at for m in request.message_ids),
            default=request.reserve_at,
        )
        return "PROCESSING" if now < queued else "DONE"

    def reservation_status(self, service_id: str, reserve_id: str) -> dict[str, Any]:
        """GET /services/{serviceId}/reservations/{reserveId}/reserve-status."""
        with self._lock:
            self.account_for_service(service_id)
            request = self._reservation(service_id, reserve_id)
            return {
                "reserveId": request.request_id,
                "reserveTimeZone": request.reserve_time_zone,
                "reserveTime": request.reserve_time,
                "reserveStatus": self.reserve_status_of(request, self.clock.now()),
            }

    def cancel_reservation(self, service_id: str, reserve_id: str) -> None:
        """DELETE /services/{serviceId}/reservations/{reserveId}."""
        with self._lock:
            self.account_for_service(service_id)
            request = self._reservation(service_id, reserve_id)
            now = self.clock.now()
            status = self.reserve_status_of(request, now)
            if status != "READY":
                raise bad_request(
                    f"Reservation {reserve_id} cannot be canceled: its status is {status}"
                )
            request.canceled_at = now
            if self._persistence is not None:
                self._persistence.update_request(request, now)

    # -- 080 unsubscribes ------------------------------------------------------------------

    def list_unsubscribes(self, service_id: str, params: Mapping[str, str]) -> list[Any]:
        """GET /services/{serviceId}/unsubscribes."""
        with self._lock:
            self.account_for_service(service_id)
            page_size = _int_param(
                params, "pageSize", UNSUBSCRIBE_PAGE_SIZE_DEFAULT, 0, UNSUBSCRIBE_PAGE_SIZE_MAX
            )
            page_index = _int_param(params, "pageIndex", 0, 0, 10**9)
            start_ms = _int_param(params, "startTime", None, 0, 10**15)
            end_ms = _int_param(params, "endTime", None, 0, 10**15)
            number = params.get("clientTelNo") or None
            entries = sorted(
                self.unsubscribes.get(service_id, {}).values(),
                key=lambda e: (e.registered_at, e.number),
            )
            selected = [
                e for e in entries
                if (number is None or e.number == number)
                and (start_ms is None or e.registered_at * 1000 >= start_ms)
                and (end_ms is None or e.registered_at * 1000 <= end_ms)
            ]
            page = selected[page_index * page_size:(page_index + 1) * page_size]
            return [self._unsubscribe_json(e) for e in page]

    @staticmethod
    def _unsubscribe_json(entry: UnsubscribeRecord) -> dict[str, Any]:
        return {
            "clientTelNo": entry.number,
            "registerTime": format_local_datetime(entry.registered_at),
            "registerType": entry.register_type,
        }

    @staticmethod
    def _numbers_from(body: Any) -> list[str]:
        if not isinstance(body, list) or not body:
            raise bad_request("Request body must be a non-empty list of {clientTelNo}")
        if len(body) > UNSUBSCRIBE_BATCH_MAX:
            raise bad_request(f"At most {UNSUBSCRIBE_BATCH_MAX} numbers can be requested at once")
        numbers: list[str] = []
        for index, item in enumerate(body):
            value = item.get("clientTelNo") if isinstance(item, dict) else None
            if not isinstance(value, str) or not _DIGITS.fullmatch(value):
                raise bad_request(f"[{index}].clientTelNo must be a number without hyphens")
            numbers.append(value)
        return numbers

    def add_unsubscribes(
        self, service_id: str, body: Any, register_type: str = "M"
    ) -> list[Any]:
        """POST /services/{serviceId}/unsubscribes."""
        with self._lock:
            self.account_for_service(service_id)
            numbers = self._numbers_from(body)
            now = self.clock.now()
            table = self.unsubscribes.setdefault(service_id, {})
            result: list[Any] = []
            added: list[UnsubscribeRecord] = []
            for number in numbers:
                entry = table.get(number)
                if entry is None:
                    entry = UnsubscribeRecord(service_id, number, now, register_type)
                    table[number] = entry
                    added.append(entry)
                result.append(self._unsubscribe_json(entry))
            if self._persistence is not None and added:
                self._persistence.save_unsubscribes(added, now)
            return result

    def delete_unsubscribes(self, service_id: str, body: Any) -> None:
        """DELETE /services/{serviceId}/unsubscribes."""
        with self._lock:
            self.account_for_service(service_id)
            numbers = self._numbers_from(body)
            table = self.unsubscribes.setdefault(service_id, {})
            removed = [n for n in numbers if table.pop(n, None) is not None]
            if self._persistence is not None and removed:
                self._persistence.delete_unsubscribes(service_id, removed, self.clock.now())

    # -- inspection ------------------------------------------------------------------------

    def accepted_messages(self) -> tuple[AcceptedMessage, ...]:
        """Every message ever accepted, in acceptance order (a snapshot)."""
        with self._lock:
            return tuple(self._log)

    def close(self) -> None:
        with self._lock:
            if self._persistence is not None:
                self._persistence.close(self.clock.now())
                self._persistence = None


# --- ids and draws -------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _uuid4(draw: bytes) -> str:
    """A version-4 UUID string made from the first 16 bytes of `draw`."""
    raw = bytearray(draw[:16])
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _fraction(draw: bytes, offset: int) -> float:
    """A number in [0, 1) from four bytes of `draw`."""
    return int.from_bytes(draw[offset:offset + 4], "big") / 2**32


# --- parameter helpers --------------------------------------------------------------------


def _int_param(
    params: Mapping[str, str], name: str, default: int | None, low: int, high: int
) -> Any:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"-?\d+", raw):
        raise bad_request(f"{name} must be an integer")
    value = int(raw)
    if not low <= value <= high:
        raise bad_request(f"{name} must be between {low} and {high}")
    return value


def _fingerprint(service_id: str, params: Mapping[str, str]) -> str:
    """Ties a nextToken to the query it continues (a token from another query is rejected)."""
    relevant = sorted(
        (k, v) for k, v in params.items() if k not in ("nextToken", "pageSize", "pageIndex")
    )
    digest = hashlib.sha256(json.dumps([service_id, relevant]).encode()).hexdigest()
    return digest[:16]


def _encode_token(offset: int, fingerprint: str) -> str:
    raw = json.dumps({"o": offset, "q": fingerprint}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token: str, fingerprint: str) -> int:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset = data["o"]
        matches = data["q"] == fingerprint
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise bad_request("nextToken is invalid") from exc
    if not isinstance(offset, int) or offset < 0 or not matches:
        raise bad_request("nextToken is invalid")
    return offset


def record_to_json(record: Any) -> str:
    """Serialise one of the record dataclasses (persistence)."""
    return json.dumps(asdict(record), ensure_ascii=False, separators=(",", ":"))


def records_from(rows: Sequence[str], cls: Any) -> list[Any]:
    return [cls(**json.loads(row)) for row in rows]

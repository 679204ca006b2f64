"""Typed requests and answers of the API PLEX Biz Message (SMS/LMS/MMS) and GMS APIs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from console.providers.apiplex import codes

BizProduct = Literal["SMS", "LMS", "MMS"]
Product = Literal["SMS", "LMS", "MMS", "GMS"]

#: The sender GMS uses when the account has no registered sender ID (reference).
GMS_DEFAULT_SENDER = "ONSMS"


def new_msg_key() -> str:
    """A fresh message key (UUID4 text, the form API PLEX itself assigns)."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class BizMessage:
    """One item of ``msg_data``: a message to one recipient.

    ``msg_key`` None means "let the client generate one"; the generated key is in the
    returned :class:`Acceptance`, and it is the only handle on the message afterwards.
    """

    receiver_number: str
    msg: str
    sender_number: str
    title: str | None = None
    msg_key: str | None = None
    origin_cid: str | None = None
    echo_to_webhook: str | None = None
    #: MMS only: up to 3 image paths obtained from the API PLEX image upload.
    file_path: tuple[str, ...] = ()
    #: MMS only (reference): service sub account.
    sub_id: str | None = None

    def to_json(self, product: BizProduct) -> dict[str, Any]:
        """The documented ``msg_data`` item for `product` (fields SMS lacks are left out)."""
        item: dict[str, Any] = {}
        if self.msg_key:
            item["msg_key"] = self.msg_key
        if product == "MMS" and self.sub_id:
            item["sub_id"] = self.sub_id
        if product in ("LMS", "MMS") and self.title:
            item["title"] = self.title
        item["sender_number"] = self.sender_number
        item["receiver_number"] = self.receiver_number
        if self.origin_cid:
            item["origin_cid"] = self.origin_cid
        item["msg"] = self.msg
        if self.echo_to_webhook:
            item["echo_to_webhook"] = self.echo_to_webhook
        if product == "MMS":
            item["file_path"] = list(self.file_path)
        return item


@dataclass(frozen=True)
class GmsMessage:
    """One GMS message: an international number and UTF-8 text."""

    to: str
    text: str
    #: None: the client generates a unique one.
    message_id: str | None = None
    #: None: the client's default sender (``ONSMS`` when the account has none).
    sender: str | None = None


@dataclass(frozen=True)
class Acceptance:
    """How API PLEX answered for one message of an HTTP 200 send response."""

    #: msg_key (Biz) or messageId (GMS): the handle to store.
    key: str
    product: Product
    receiver: str
    #: Acceptance code (C100, G141 ...) or, for GMS, the status name (PENDING_ACCEPTED ...).
    code: str
    #: The server's own description of the code.
    desc: str
    accepted: bool
    retryable: bool
    meaning_en: str
    meaning_ko: str
    #: GMS only.
    status_id: int | None = None
    status_group_id: int | None = None
    sms_count: int | None = None

    def meaning(self, language: str = "ko") -> str:
        return self.meaning_ko if language.startswith("ko") else self.meaning_en

    @classmethod
    def from_biz_code(
        cls, key: str, product: Product, receiver: str, code: str, desc: str
    ) -> Acceptance:
        info = codes.acceptance(code)
        return cls(key, product, receiver, code, desc, info.ok, info.retryable, info.en, info.ko)

    @classmethod
    def from_gms_status(
        cls, key: str, receiver: str, status: dict[str, Any], sms_count: int | None
    ) -> Acceptance:
        status_id = _int(status.get("id"))
        group_id = _int(status.get("groupId"))
        row = codes.gms_status(
            status_id if status_id is not None else -1, group_id, str(status.get("name") or "")
        )
        desc = str(status.get("description") or row.name)
        return cls(
            key, "GMS", receiver, row.name, desc, row.ok,
            row.group_id == 5 and row.id in (12, 19, 20, 21),
            f"{row.en} ({row.group.en})", f"{row.ko} ({row.group.ko})",
            status_id=row.id, status_group_id=row.group_id, sms_count=sms_count,
        )


@dataclass(frozen=True)
class DeliveryResult:
    """One delivery result received by webhook (Biz Message or GMS)."""

    key: str
    product: str
    code: str
    desc: str
    #: Delivered (Biz code "0"; GMS status group DELIVERED or still PENDING).
    ok: bool
    #: No further result is expected for this key.
    final: bool
    meaning_en: str
    meaning_ko: str
    receiver: str | None = None
    carrier: str | None = None
    request_date: str | None = None
    done_date: str | None = None
    echo_to_webhook: str | None = None
    sms_count: int | None = None
    error_id: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    def meaning(self, language: str = "ko") -> str:
        return self.meaning_ko if language.startswith("ko") else self.meaning_en


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

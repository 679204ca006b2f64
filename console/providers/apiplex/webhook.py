"""Parsing of the delivery-result webhook bodies API PLEX posts to the customer's URL.

Biz Message (SMS/LMS/MMS): ``{"results":[{"msg_key","code","desc","dest","request_date",
"done_date","echo_to_webhook","message_type"}]}``. GMS: ``{"results":[{"bulkId",
"messageId","to","sentAt","doneAt","smsCount","status":{...},"error":{...}}]}``.
The answer the receiver must give is :data:`SUCCESS_ANSWER`.
"""

from __future__ import annotations

from typing import Any

from console.providers.apiplex import codes
from console.providers.apiplex.models import DeliveryResult
from console.providers.sens import strict_json

#: What the receiver answers when it took the body (reference: code "100").
SUCCESS_ANSWER: dict[str, str] = {"code": "100", "desc": "Success"}


class WebhookFormatError(ValueError):
    """The body is not a documented webhook result body."""


def parse_webhook_body(body: bytes | str | dict[str, Any]) -> list[DeliveryResult]:
    """Every result of a webhook body; raises :class:`WebhookFormatError` when malformed."""
    if isinstance(body, dict):
        data: Any = body
    else:
        try:
            # Strict: NaN/Infinity, 1e400 and deep nesting are malformed bodies too.
            data = strict_json.loads(body)
        except ValueError as exc:  # UnicodeDecodeError included
            raise WebhookFormatError(f"body is not JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise WebhookFormatError('body has no "results" array')
    if not data["results"]:
        raise WebhookFormatError('"results" is empty')
    out: list[DeliveryResult] = []
    for i, item in enumerate(data["results"]):
        if not isinstance(item, dict):
            raise WebhookFormatError(f"results[{i}] is not an object")
        if "msg_key" in item:
            out.append(_biz(i, item))
        elif "messageId" in item:
            out.append(_gms(i, item))
        else:
            raise WebhookFormatError(f"results[{i}] has neither msg_key nor messageId")
    return out


def _text(i: int, item: dict[str, Any], key: str, required: bool) -> str | None:
    value = item.get(key)
    if value is None or value == "":
        if required:
            raise WebhookFormatError(f"results[{i}].{key} is missing")
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise WebhookFormatError(f"results[{i}].{key} is not text")
    return str(value)


def _biz(i: int, item: dict[str, Any]) -> DeliveryResult:
    key = _text(i, item, "msg_key", True) or ""
    code = _text(i, item, "code", True) or ""
    message_type = _text(i, item, "message_type", False) or "SMS"
    if message_type not in ("SMS", "LMS", "MMS"):
        raise WebhookFormatError(f"results[{i}].message_type {message_type!r} is unknown")
    info = codes.result(code)
    return DeliveryResult(
        key=key,
        product=message_type,
        code=code,
        desc=_text(i, item, "desc", False) or info.ko,
        ok=info.ok,
        final=True,
        meaning_en=info.en,
        meaning_ko=info.ko,
        carrier=_text(i, item, "dest", False),
        request_date=_text(i, item, "request_date", False),
        done_date=_text(i, item, "done_date", False),
        echo_to_webhook=_text(i, item, "echo_to_webhook", False),
        raw=dict(item),
    )


def _gms(i: int, item: dict[str, Any]) -> DeliveryResult:
    key = _text(i, item, "messageId", True) or ""
    status = item.get("status")
    if not isinstance(status, dict) or "id" not in status:
        raise WebhookFormatError(f"results[{i}].status with an id is missing")
    try:
        status_id = int(status["id"])
        group_id = int(status["groupId"]) if status.get("groupId") is not None else None
    except (TypeError, ValueError, OverflowError) as exc:  # Overflow: inf from a dict body
        raise WebhookFormatError(f"results[{i}].status ids are not numbers") from exc
    row = codes.gms_status(status_id, group_id, str(status.get("name") or ""))
    meaning_en = f"{row.en} ({row.group.en})"
    meaning_ko = f"{row.ko} ({row.group.ko})"
    error_id: int | None = None
    error = item.get("error")
    if isinstance(error, dict) and error.get("id") is not None:
        try:
            error_id = int(error["id"])
        except (TypeError, ValueError, OverflowError) as exc:
            raise WebhookFormatError(f"results[{i}].error.id is not a number") from exc
        if error_id != 0:
            err = codes.gms_error(error_id, None, str(error.get("name") or ""))
            meaning_en += f": {err.en}"
            meaning_ko += f": {err.ko}"
    sms_count = item.get("smsCount")
    return DeliveryResult(
        key=key,
        product="GMS",
        code=row.name,
        desc=str(status.get("description") or row.ko),
        ok=row.ok,
        final=row.group.final,
        meaning_en=meaning_en,
        meaning_ko=meaning_ko,
        receiver=_text(i, item, "to", False),
        request_date=_text(i, item, "sentAt", False),
        done_date=_text(i, item, "doneAt", False),
        echo_to_webhook=_text(i, item, "echo_to_webhook", False),
        sms_count=int(sms_count) if isinstance(sms_count, int | str) and str(sms_count).isdecimal()
        else None,
        error_id=error_id,
        raw=dict(item),
    )

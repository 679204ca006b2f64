"""A strict API PLEX Biz Message + GMS server on loopback (stdlib only).

It implements the contract of ``apiplex-sms.en.txt``, ``apiplex-mms.en.txt`` and
``apiplex-gms.ko.txt`` on its own — it shares no code with ``console.providers`` or
``console.domain`` on purpose, so that it catches the client's mistakes:

- ``POST /{service_id}/v2/send`` (sms-*, lms-*, mms-*): ``Authorization: userId;secret``
  (C401_1/2/3), ``Content-Type`` JSON (C400_1), ``msg_data`` 1-10 objects (C400_1/2/3),
  unknown fields refused (C400_2), required fields (C400_3); per message G110 (service
  not enabled), G140 (sender not registered), G141 (bad recipient), G142 (echo over 256
  bytes), C341 (text over the EUC-KR byte limit), G150 (credit), G160 (per-session limit).
- ``POST /gms-kg/v1/send``: G120 for bad credentials, G210 for unparsable JSON, G220
  without ``messages``; per message a status of the GMS status table.
- After acceptance, delivery results are POSTed to ``webhook_url`` after
  ``webhook_delay`` seconds, retried up to 10 times until the answer's code is "100".
"""

from __future__ import annotations

import contextlib
import heapq
import json
import random
import re
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEMO_USER_ID = "demo-apiplex"
DEMO_SECRET_KEY = "demo-apiplex-secret-0000000000000000"
DEMO_SENDER_NUMBERS = ("0212345678", "01000000000")
DEMO_GMS_SENDERS = ("ONSMS", "DEMOCO")

BIZ_SERVICES = {
    "sms-standard": "SMS", "sms-bulk": "SMS", "sms-finance": "SMS", "sms-verify": "SMS",
    "lms-standard": "LMS", "lms-bulk": "LMS", "lms-finance": "LMS",
    "mms-standard": "MMS", "mms-bulk": "MMS", "mms-finance": "MMS",
}
BIZ_FIELDS = {
    "SMS": {"msg_key", "sender_number", "origin_cid", "receiver_number", "msg",
            "echo_to_webhook"},
    "LMS": {"msg_key", "title", "sender_number", "origin_cid", "receiver_number", "msg",
            "echo_to_webhook"},
    "MMS": {"msg_key", "sub_id", "title", "sender_number", "receiver_number", "origin_cid",
            "msg", "echo_to_webhook", "file_path"},
}
MSG_BYTES = {"SMS": 90, "LMS": 2000, "MMS": 2000}
GMS_FIELDS = {"from", "to", "messageId", "text"}

REQUEST_ERRORS = {
    "C400_1": (400, "invalid data type"),
    "C400_2": (400, "invalid request parameter"),
    "C400_3": (400, "missing required parameters"),
    "C401_1": (401, "authorization fail - authorization field error"),
    "C401_2": (401, "authorization fail - authorization value error"),
    "C401_3": (401, "authorization fail - invalid authorization"),
    "C404_1": (404, "not found"),
    "C500_1": (500, "internal server error"),
}
GATEWAY_ERRORS = {
    "G120": (401, "사용자 정보 오류"),
    "G210": (400, "요청 JSON 변환중 오류가 발생했습니다."),
    "G220": (400, "요청 JSON 파싱 오류-서비스 키 없음"),
    "G250": (500, "응답 JSON 오류"),
    "G310": (402, "여신 차감 실패"),
    "G410": (502, "Legacy 서비스 호출 오류"),
    "G900": (500, "Gateway 시스템 오류"),
    "G910": (500, "Gateway 시스템 오류(요청서비스 조회 실패)"),
    "G920": (500, "Gateway 시스템 오류(서비스 요청 결과 처리 오류)"),
}
ITEM_DESC = {
    "C100": "success", "C341": "MsgLengthOver", "G110": "API UNIQUE ID 예외",
    "G140": "발신번호 예외", "G141": "수신번호 예외", "G142": "echo_to_webhook 예외",
    "G150": "잔액 부족", "G160": "세션당 최대 전송 건수 초과",
}
BIZ_RESULT_DESC = {
    "0": "성공", "1": "전송 시간 초과", "2": "결번", "5": "이통사 결과 미수신",
    "8": "단말기 통화 중",
    "9": "음영 지역", "A": "단말기 메시지 저장 초과", "D": "착신 거절", "E": "전원 꺼짐",
    "F": "기타", "q": "메시지 키 중복", "d": "중복 수신번호 차단", "e": "서버 내부 오류",
}
#: GMS status table subset the simulator answers with: id -> (groupId, groupName, name, desc)
GMS_STATUS = {
    5: (3, "DELIVERED", "DELIVERED_TO_HANDSET", "Message delivered to handset"),
    2: (3, "DELIVERED", "DELIVERED_TO_OPERATOR", "Message delivered to operator"),
    9: (2, "UNDELIVERABLE", "UNDELIVERABLE_NOT_DELIVERED", "Message sent not delivered"),
    11: (5, "REJECTED", "REJECTED_SOURCE", "Invalid source address"),
    12: (5, "REJECTED", "REJECTED_NOT_ENOUGH_CREDITS", "Not enough credits"),
    13: (5, "REJECTED", "REJECTED_SENDER", "Sender rejected"),
    15: (4, "EXPIRED", "EXPIRED_EXPIRED", "Message expired"),
    23: (5, "REJECTED", "REJECTED_DUPLICATE_MESSAGE_ID", "Duplicate message ID"),
    25: (5, "REJECTED", "REJECTED_MESSAGE_TOO_LONG", "Message too long"),
    26: (1, "PENDING", "PENDING_ACCEPTED", "Message accepted, pending"),
    51: (5, "REJECTED", "MISSING_TO", "Destination missing"),
    52: (5, "REJECTED", "REJECTED_DESTINATION", "Invalid destination address"),
}
#: GMS error id used in webhooks per status id (0 = NO_ERROR).
GMS_STATUS_ERROR = {5: (0, 0, "OK", "NO_ERROR", "No Error", False),
                    2: (0, 0, "OK", "NO_ERROR", "No Error", False),
                    9: (1, 1, "HANDSET_ERRORS", "EC_UNKNOWN_SUBSCRIBER", "Unknown subscriber",
                        True),
                    15: (27, 1, "HANDSET_ERRORS", "EC_ABSENT_SUBSCRIBER", "Absent subscriber",
                         False)}

KST = timezone(timedelta(hours=9))
_MOBILE = re.compile(r"01[016789][0-9]{7,8}")
_LANDLINE = re.compile(r"0[2-6][0-9]{7,9}|1[5-9][0-9]{6}")
_GMS_TO = re.compile(r"\+?[1-9][0-9]{6,14}")
_GMS_FROM_ALPHA = re.compile(r"[A-Za-z0-9 ]{3,13}")
_GMS_FROM_NUM = re.compile(r"[0-9]{3,14}")


@dataclass
class Account:
    secret: str
    senders: tuple[str, ...] = DEMO_SENDER_NUMBERS
    services: tuple[str, ...] = tuple(BIZ_SERVICES)
    gms_senders: tuple[str, ...] = DEMO_GMS_SENDERS
    #: Messages that may still be accepted (None: unlimited); G150 when exhausted.
    credit: int | None = None


def _euckr_bytes(text: str) -> int:
    """EUC-KR length as API PLEX counts it: ASCII 1 byte, anything else 2."""
    return sum(1 if ord(c) < 0x80 else 2 for c in text)


def _gms_sms_count(text: str) -> int | None:
    """Segments of GSM-7 (160/153) or UCS-2 (70/67) text; None when over 5 segments."""
    gsm = all(ord(c) < 0x80 for c in text)
    single, multi = (160, 153) if gsm else (70, 67)
    n = len(text)
    count = 1 if n <= single else -(-n // multi)
    return count if count <= 5 else None


class _Reject(Exception):
    def __init__(self, code: str, description: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.description = description


@dataclass(order=True)
class _Delivery:
    due: float
    seq: int
    key: str = field(compare=False)
    body: dict[str, Any] = field(compare=False)
    attempts: int = field(default=0, compare=False)


class ApiPlexSimulator:
    """The running simulator: ``base_url`` for ``ApiPlexClient(base_url=...)``."""

    def __init__(
        self,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        seed: int | None = None,
        latency: float = 0.0,
        accounts: Mapping[str, Account] | None = None,
        error_rate: float = 0.0,
        drop_rate: float = 0.0,
        rate_limit: float | None = None,
        session_limit: int | None = None,
        webhook_url: str | None = None,
        webhook_delay: float = 0.2,
        webhook_retry_interval: float = 0.2,
        webhook_max_attempts: int = 10,
        outcomes: Mapping[str, float] | None = None,
        gms_outcomes: Mapping[int, float] | None = None,
    ) -> None:
        self._rng = random.Random(seed)
        self.latency = latency
        self.accounts: dict[str, Account] = {DEMO_USER_ID: Account(DEMO_SECRET_KEY)}
        self.accounts.update(accounts or {})
        self.error_rate = error_rate
        self.drop_rate = drop_rate
        self.rate_limit = rate_limit
        self.session_limit = session_limit
        self.webhook_url = webhook_url
        self.webhook_delay = webhook_delay
        self.webhook_retry_interval = webhook_retry_interval
        self.webhook_max_attempts = webhook_max_attempts
        self.outcomes = dict(outcomes or {"0": 1.0})
        self.gms_outcomes = dict(gms_outcomes or {5: 1.0})
        self._lock = threading.Lock()
        self._accepted: list[dict[str, Any]] = []
        self._seen_keys: set[str] = set()
        self._requests: list[float] = []
        self._session: list[float] = []
        self._forced: list[str | None] = []
        self._request_log: list[dict[str, Any]] = []
        self._webhook_log: list[dict[str, Any]] = []
        self._queue: list[_Delivery] = []
        self._seq = 0
        self._wake = threading.Condition(self._lock)
        self._stopping = False
        sim = self

        class Handler(_Handler):
            simulator = sim

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="apiplex-simulator",
            daemon=True,
        )
        self._poster = threading.Thread(
            target=self._post_loop, name="apiplex-simulator-webhooks", daemon=True
        )
        self._thread.start()
        self._poster.start()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._wake.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        self._poster.join(5)

    def accepted_messages(self) -> list[dict[str, Any]]:
        """Every message answered C100 (GMS: a PENDING status), oldest first (copies)."""
        with self._lock:
            return [dict(m) for m in self._accepted]

    def webhook_log(self) -> list[dict[str, Any]]:
        """Every webhook POST attempt: key, attempt, status, answer, delivered."""
        with self._lock:
            return [dict(e) for e in self._webhook_log]

    def fail_next(self, code: str, count: int = 1, *, skip: int = 0) -> None:
        """Answer `count` requests with the request-level/gateway `code` (or "429"),
        after letting `skip` authorised requests through normally."""
        if code not in REQUEST_ERRORS and code not in GATEWAY_ERRORS and code != "429":
            raise ValueError(f"unknown code {code}")
        with self._lock:
            self._forced = [None] * skip + [code] * count

    def request_log(self) -> list[dict[str, Any]]:
        """Every request received: path, number of items, HTTP status (0: dropped)."""
        with self._lock:
            return [dict(e) for e in self._request_log]

    def _log_request(self, path: str, items: int | None, status: int) -> None:
        with self._lock:
            self._request_log.append({"path": path, "items": items, "status": status})

    def set_webhook_url(self, url: str | None) -> None:
        with self._lock:
            self.webhook_url = url

    # ------------------------------------------------------------------ request logic

    def _authorize(self, header: str | None, gms: bool) -> tuple[str, Account]:
        if not header or not header.strip():
            raise _Reject("G120" if gms else "C401_1",
                          "there is no authorization key or value in http header")
        parts = header.split(";")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise _Reject("G120" if gms else "C401_2", "cannot separate values with ';'")
        account = self.accounts.get(parts[0])
        if account is None or account.secret != parts[1]:
            raise _Reject("G120" if gms else "C401_3",
                          "unable to find valid authorization information")
        return parts[0], account

    def _admit(self, user: str) -> str | None:
        """Common per-request gates: forced codes, error rate, rate limit."""
        with self._lock:
            if self._forced:
                forced = self._forced.pop(0)
                if forced is not None:
                    return forced
            now = time.monotonic()
            if self.rate_limit is not None:
                self._requests = [t for t in self._requests if now - t < 1.0]
                if len(self._requests) >= self.rate_limit:
                    return "429"
                self._requests.append(now)
            if self.error_rate and self._rng.random() < self.error_rate:
                return "C500_1"
        return None

    def _consume(self, account: Account) -> str | None:
        """Credit and session gates for one message (called with the lock held)."""
        now = time.monotonic()
        if self.session_limit is not None:
            self._session = [t for t in self._session if now - t < 60.0]
            if len(self._session) >= self.session_limit:
                return "G160"
        if account.credit is not None:
            if account.credit <= 0:
                return "G150"
            account.credit -= 1
        if self.session_limit is not None:
            self._session.append(now)
        return None

    def handle_biz(
        self, service_id: str, user: str, account: Account, data: Any
    ) -> dict[str, Any]:
        product = BIZ_SERVICES[service_id]
        if not isinstance(data, dict):
            raise _Reject("C400_1", "body must be a JSON object")
        extra = set(data) - {"msg_data"}
        if extra:
            raise _Reject("C400_2", f"unknown parameters: {sorted(extra)}")
        items = data.get("msg_data")
        if items is None:
            raise _Reject("C400_3", "msg_data is required")
        if not isinstance(items, list):
            raise _Reject("C400_1", "msg_data must be an array")
        if not items:
            raise _Reject("C400_3", "msg_data is empty")
        if len(items) > 10:
            raise _Reject("C400_2", "msg_data takes up to 10 records")
        for i, item in enumerate(items):
            self._check_biz_item(product, i, item)
        results: list[dict[str, Any]] = []
        now = datetime.now(KST)
        with self._lock:
            for item in items:
                key = item.get("msg_key") or str(uuid.uuid4())
                code = self._item_code(product, service_id, account, item)
                if code == "C100":
                    duplicate = key in self._seen_keys
                    self._seen_keys.add(key)
                    record = {
                        "product": product, "service_id": service_id, "user_id": user,
                        "msg_key": key, "sender_number": item["sender_number"],
                        "receiver_number": item["receiver_number"], "msg": item["msg"],
                        "title": item.get("title"), "file_path": list(item.get("file_path", [])),
                        "origin_cid": item.get("origin_cid"), "sub_id": item.get("sub_id"),
                        "echo_to_webhook": item.get("echo_to_webhook"),
                        "accepted_at": now.isoformat(), "duplicate": duplicate,
                    }
                    self._accepted.append(record)
                    self._schedule(key, self._biz_webhook(record, now, duplicate))
                results.append({"code": code, "msg_key": key, "desc": ITEM_DESC[code]})
        return {"results": results}

    def _check_biz_item(self, product: str, i: int, item: Any) -> None:
        if not isinstance(item, dict):
            raise _Reject("C400_1", f"msg_data[{i}] must be an object")
        unknown = set(item) - BIZ_FIELDS[product]
        if unknown:
            raise _Reject("C400_2", f"msg_data[{i}]: unknown parameters {sorted(unknown)}")
        required = ["sender_number", "receiver_number", "msg"]
        if product == "MMS":
            required.append("file_path")
        for name in required:
            if item.get(name) in (None, "", []):
                raise _Reject("C400_3", f"msg_data[{i}].{name} is required")
        for name, value in item.items():
            if name == "file_path":
                if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
                    raise _Reject("C400_1", f"msg_data[{i}].file_path must be a string array")
                if len(value) > 3:
                    raise _Reject("C400_2", f"msg_data[{i}].file_path takes up to 3 paths")
            elif value is not None and not isinstance(value, str):
                raise _Reject("C400_1", f"msg_data[{i}].{name} must be a string")
        if item.get("origin_cid") and len(item["origin_cid"].encode()) > 10:
            raise _Reject("C400_2", f"msg_data[{i}].origin_cid is over 10 bytes")

    def _item_code(self, product: str, service_id: str, account: Account, item: Any) -> str:
        """Per-message acceptance code (lock held)."""
        if service_id not in account.services:
            return "G110"
        if item["sender_number"].replace("-", "") not in account.senders:
            return "G140"
        receiver = item["receiver_number"]
        if not (_MOBILE.fullmatch(receiver) or _LANDLINE.fullmatch(receiver)):
            return "G141"
        echo = item.get("echo_to_webhook")
        if echo is not None and len(echo.encode()) > 256:
            return "G142"
        if _euckr_bytes(item["msg"]) > MSG_BYTES[product]:
            return "C341"
        if item.get("title") and _euckr_bytes(item["title"]) > 50:
            return "C341"
        return self._consume(account) or "C100"

    def handle_gms(self, user: str, account: Account, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or "messages" not in data:
            raise _Reject("G220", "요청 JSON 파싱 오류-서비스 키 없음")
        extra = set(data) - {"messages"}
        if extra:
            raise _Reject("C400_2", f"unknown parameters: {sorted(extra)}")
        items = data["messages"]
        if not isinstance(items, list):
            raise _Reject("C400_1", "messages must be an array")
        if not items:
            raise _Reject("C400_3", "messages is empty")
        if len(items) > 10:
            raise _Reject("C400_2", "messages takes up to 10 records")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise _Reject("C400_1", f"messages[{i}] must be an object")
            unknown = set(item) - GMS_FIELDS
            if unknown:
                raise _Reject("C400_2", f"messages[{i}]: unknown parameters {sorted(unknown)}")
            for name in ("from", "messageId", "text"):
                if item.get(name) in (None, ""):
                    raise _Reject("C400_3", f"messages[{i}].{name} is required")
            for name, value in item.items():
                if value is not None and not isinstance(value, str):
                    raise _Reject("C400_1", f"messages[{i}].{name} must be a string")
        out: list[dict[str, Any]] = []
        now = datetime.now(KST)
        with self._lock:
            for item in items:
                status_id, count = self._gms_status(account, item)
                group, group_name, name, desc = GMS_STATUS[status_id]
                to = item.get("to") or ""
                out.append({
                    "to": to,
                    "status": {"id": status_id, "groupId": group, "groupName": group_name,
                               "name": name, "description": desc},
                    "smsCount": count,
                    "messageId": item["messageId"],
                })
                if status_id == 26:
                    record = {
                        "product": "GMS", "user_id": user, "msg_key": item["messageId"],
                        "sender_number": item["from"], "receiver_number": to,
                        "msg": item["text"], "sms_count": count,
                        "accepted_at": now.isoformat(), "duplicate": False,
                    }
                    self._accepted.append(record)
                    self._schedule(item["messageId"], self._gms_webhook(record, now))
        return {"messages": out}

    def _gms_status(self, account: Account, item: dict[str, Any]) -> tuple[int, int]:
        sender = item["from"]
        to = item.get("to")
        count = _gms_sms_count(item["text"])
        if not to:
            return 51, 0
        if not _GMS_TO.fullmatch(to):
            return 52, 0
        alpha_ok = _GMS_FROM_ALPHA.fullmatch(sender) and any(c.isalpha() for c in sender)
        if not (alpha_ok or _GMS_FROM_NUM.fullmatch(sender)):
            return 11, 0
        if sender not in account.gms_senders and not sender.isdigit():
            return 13, 0
        if item["messageId"] in self._seen_keys:
            return 23, 0
        if count is None:
            return 25, 0
        if account.credit is not None and account.credit <= 0:
            return 12, 0
        if account.credit is not None:
            account.credit -= 1
        self._seen_keys.add(item["messageId"])
        return 26, count

    # ------------------------------------------------------------------ webhooks

    def _pick(self, weights: Mapping[Any, float]) -> Any:
        keys = list(weights)
        return self._rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def _biz_webhook(
        self, record: dict[str, Any], now: datetime, duplicate: bool
    ) -> dict[str, Any]:
        code = "q" if duplicate else str(self._pick(self.outcomes))
        done = now + timedelta(seconds=self.webhook_delay)
        return {"results": [{
            "code": code,
            "desc": BIZ_RESULT_DESC.get(code, "기타"),
            "dest": self._rng.choice(("SKT", "KT", "LGU")),
            "request_date": now.strftime("%Y-%m-%d %H:%M:%S.") + f"{now.microsecond // 1000:03d}",
            "done_date": done.strftime("%Y-%m-%d %H:%M:%S.") + f"{done.microsecond // 1000:03d}",
            "msg_key": record["msg_key"],
            "echo_to_webhook": record.get("echo_to_webhook") or "",
            "message_type": record["product"],
        }]}

    def _gms_webhook(self, record: dict[str, Any], now: datetime) -> dict[str, Any]:
        status_id = int(self._pick(self.gms_outcomes))
        group, group_name, name, desc = GMS_STATUS[status_id]
        err = GMS_STATUS_ERROR.get(status_id, (0, 0, "OK", "NO_ERROR", "No Error", False))
        done = now + timedelta(seconds=self.webhook_delay)

        def stamp(t: datetime) -> str:
            return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+0900"

        return {"results": [{
            "bulkId": f"bulk-{record['msg_key'][:8]}",
            "messageId": record["msg_key"],
            "to": record["receiver_number"],
            "sentAt": stamp(now),
            "doneAt": stamp(done),
            "smsCount": record["sms_count"],
            "status": {"groupId": group, "groupName": group_name, "id": status_id,
                       "name": name, "description": desc},
            "error": {"groupId": err[1], "groupName": err[2], "id": err[0], "name": err[3],
                      "description": err[4], "permanent": err[5]},
        }]}

    def _schedule(self, key: str, body: dict[str, Any]) -> None:
        """Queue a webhook POST (lock held); dropped when no URL is configured."""
        if not self.webhook_url:
            return
        self._seq += 1
        heapq.heappush(
            self._queue, _Delivery(time.monotonic() + self.webhook_delay, self._seq, key, body)
        )
        self._wake.notify_all()

    def _post_loop(self) -> None:
        while True:
            with self._lock:
                while not self._stopping and (
                    not self._queue or self._queue[0].due > time.monotonic()
                ):
                    timeout = self._queue[0].due - time.monotonic() if self._queue else None
                    self._wake.wait(timeout)
                if self._stopping:
                    return
                item = heapq.heappop(self._queue)
                url = self.webhook_url
            if url is None:
                continue
            item.attempts += 1
            status, answer = _post_json(url, item.body)
            delivered = status == 200 and isinstance(answer, dict) and answer.get("code") == "100"
            with self._lock:
                self._webhook_log.append({
                    "key": item.key, "attempt": item.attempts, "status": status,
                    "answer": answer, "delivered": delivered, "body": item.body,
                })
                if not delivered and item.attempts < self.webhook_max_attempts:
                    item.due = time.monotonic() + self.webhook_retry_interval
                    heapq.heappush(self._queue, item)


def _post_json(url: str, body: dict[str, Any]) -> tuple[int | None, Any]:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST",
        headers={"Content-Type": "application/json;charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        status = exc.code
    except (OSError, ValueError):
        return None, None
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")


class _Handler(BaseHTTPRequestHandler):
    simulator: ApiPlexSimulator
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._send_error("C404_1", "not found")

    _items: int | None = None

    def do_POST(self) -> None:
        sim = self.simulator
        self._items = None
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        gms = path == "/gms-kg/v1/send"
        match = re.fullmatch(r"/([a-z-]+)/v2/send", path)
        if not gms and (match is None or match.group(1) not in BIZ_SERVICES):
            self._send_error("C404_1", f"no API at {path}")
            return
        try:
            user, account = sim._authorize(self.headers.get("Authorization"), gms)
        except _Reject as exc:
            self._send_error(exc.code, exc.description)
            return
        gate = sim._admit(user)
        if gate == "429":
            self._send_json(429, {"error": {"errorCode": "429", "message": "Too Many Requests"}},
                            {"Retry-After": "0"})
            return
        if gate is not None:
            self._send_error(gate, "forced by the simulator")
            return
        content_type = (self.headers.get("Content-Type") or "").lower().replace(" ", "")
        if not content_type.startswith("application/json"):
            self._send_error("C400_1", "Content-Type must be application/json;charset=utf-8")
            return
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._send_error("G210" if gms else "C400_1", "request body is not JSON")
            return
        if isinstance(data, dict):
            listed = data.get("messages" if gms else "msg_data")
            self._items = len(listed) if isinstance(listed, list) else None
        try:
            if gms:
                answer = sim.handle_gms(user, account, data)
            else:
                assert match is not None
                answer = sim.handle_biz(match.group(1), user, account, data)
        except _Reject as exc:
            self._send_error(exc.code, exc.description)
            return
        if sim.latency:
            time.sleep(sim.latency)
        with sim._lock:
            drop = bool(sim.drop_rate) and sim._rng.random() < sim.drop_rate
        if drop:
            sim._log_request(self.path, self._items, 0)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._send_json(200, answer)

    def _send_error(self, code: str, description: str) -> None:
        if code in GATEWAY_ERRORS:
            status, desc = GATEWAY_ERRORS[code]
            self._send_json(status, {"code": code, "desc": desc})
            return
        status, name = REQUEST_ERRORS[code]
        self._send_json(status, {"code": code, "name": name, "description": description})

    def _send_json(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.simulator._log_request(self.path, self._items, status)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass

"""Optional local receiver for API PLEX delivery-result webhooks.

API PLEX reports delivery results only by POSTing them to the callback URL registered
for the account (there is no query API). The user may enable this small HTTP server on a
chosen host/port (typically behind the office's reverse proxy, which API PLEX reaches from
its documented IPs). It accepts the documented Biz Message and GMS result bodies, stores
each result by msg_key in :class:`~console.store.apiplex.ApiPlexStore`, answers exactly
``{"code":"100","desc":"Success"}`` and then tells the UI through `on_results`.

A body that cannot be parsed is answered HTTP 400 with a non-"100" code, and a storage
failure HTTP 500, so that API PLEX retries (it tries up to 10 times); storing is
idempotent, so retried deliveries do no harm.

The server runs in a thread (stdlib ``http.server``), independent of the UI loop; the
callback is handed to the asyncio loop that was running when :meth:`start` was called
(or to `loop`), so UI code never runs on the server thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from console.errors import ConsoleError
from console.providers.apiplex import codes
from console.providers.apiplex.models import DeliveryResult
from console.providers.apiplex.webhook import (
    SUCCESS_ANSWER,
    WebhookFormatError,
    parse_webhook_body,
)
from console.store.apiplex import ApiPlexMessage, ApiPlexStore

log = logging.getLogger(__name__)

ResultsCallback = Callable[[list[DeliveryResult]], None]

#: Largest body accepted (API PLEX sends one result per POST).
MAX_BODY = 1_048_576


class WebhookReceiverError(ConsoleError):
    """The receiver could not be started (port taken, address not available ...)."""


@dataclass
class ReceiverStats:
    """What the settings pane shows about the receiver."""

    received: int = 0
    rejected: int = 0
    last_received_at: float | None = None
    last_error: str | None = None


class WebhookReceiver:
    """A local HTTP endpoint for API PLEX result webhooks (start/stop from the UI)."""

    def __init__(
        self,
        store: ApiPlexStore,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        path: str | None = None,
        on_results: ResultsCallback | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
        max_body: int = MAX_BODY,
    ) -> None:
        self.store = store
        self.host = host
        self.requested_port = port
        #: Only POSTs to this path are taken (None: any path, for reverse proxies).
        self.path = path
        self.on_results = on_results
        self.max_body = max_body
        self.stats = ReceiverStats()
        self._loop = loop
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the webhook receiver is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The local URL API PLEX (or the reverse proxy) must POST to."""
        return f"http://{self.host}:{self.port}{self.path or '/'}"

    def start(self) -> None:
        if self._server is not None:
            return
        if self._loop is None:
            try:
                self._loop = asyncio.get_running_loop()
            except RuntimeError:
                self._loop = None
        receiver = self

        class Handler(_Handler):
            owner = receiver

        try:
            server = ThreadingHTTPServer((self.host, self.requested_port), Handler)
        except OSError as exc:
            raise WebhookReceiverError(
                f"The webhook receiver could not listen on {self.host}:{self.requested_port} "
                f"({exc.strerror or exc}). Choose another port in Settings.",
                f"웹훅 수신기를 {self.host}:{self.requested_port}에서 시작할 수 없습니다. "
                "설정에서 다른 포트를 선택하세요.",
            ) from exc
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="apiplex-webhook-receiver",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(5)

    async def __aenter__(self) -> WebhookReceiver:
        self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ handling

    def handle(self, body: bytes, remote: str | None) -> tuple[int, dict[str, str]]:
        """Validate, store and announce one webhook body; returns (HTTP status, answer)."""
        text = body.decode("utf-8", "replace")
        try:
            results = parse_webhook_body(body)
        except WebhookFormatError as exc:
            self._count(ok=False, error=str(exc))
            self._log(text, ok=False, error=str(exc), remote=remote)
            return 400, {"code": "400", "desc": f"Invalid body: {exc}"}
        try:
            for r in results:
                self.store.record_result(
                    r.key, product=r.product, code=r.code, desc=r.desc, ok=r.ok, final=r.final,
                    receiver=r.receiver, carrier=r.carrier, request_date=r.request_date,
                    done_date=r.done_date, sms_count=r.sms_count, raw=r.raw,
                )
        except sqlite3.Error as exc:
            log.exception("could not store an API PLEX webhook result")
            self._count(ok=False, error=str(exc))
            return 500, {"code": "500", "desc": "Could not store the result"}
        self._count(ok=True, error=None)
        self._log(text, ok=True, error=None, remote=remote)
        self._announce(results)
        return 200, dict(SUCCESS_ANSWER)

    def _count(self, *, ok: bool, error: str | None) -> None:
        with self._lock:
            if ok:
                self.stats.received += 1
                self.stats.last_received_at = time.time()
            else:
                self.stats.rejected += 1
                self.stats.last_error = error

    def _log(self, text: str, *, ok: bool, error: str | None, remote: str | None) -> None:
        try:
            self.store.log_webhook(text[: self.max_body], ok=ok, error=error, remote=remote)
        except sqlite3.Error:
            log.exception("could not log an API PLEX webhook body")

    def _announce(self, results: list[DeliveryResult]) -> None:
        callback = self.on_results
        if callback is None:
            return
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(callback, results)
                return
            except RuntimeError:  # the loop closed meanwhile
                pass
        try:
            callback(results)
        except Exception:
            log.exception("webhook results callback failed")


class _Handler(BaseHTTPRequestHandler):
    owner: WebhookReceiver
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("webhook receiver: " + format, *args)

    def do_GET(self) -> None:
        self._reply(405, {"code": "405", "desc": "Use POST"})

    def do_POST(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length <= 0 or length > self.owner.max_body:
            self.close_connection = True  # the unread body must not be taken for a request
            if length > 0:
                self._reply(413, {"code": "413", "desc": "Body too large"})
            else:
                self._reply(411 if length == 0 else 400, {"code": "400", "desc": "Body required"})
            return
        body = self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        if self.owner.path is not None and path != self.owner.path:
            self._reply(404, {"code": "404", "desc": "Not found"})
            return
        status, answer = self.owner.handle(body, self.client_address[0])
        self._reply(status, answer)

    def _reply(self, status: int, answer: dict[str, str]) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass


@dataclass(frozen=True)
class StateText:
    """A message state explained for History, in both languages."""

    en: str
    ko: str

    def text(self, language: str = "ko") -> str:
        return self.ko if language.startswith("ko") else self.en


def _acceptance_meaning(row: ApiPlexMessage) -> tuple[str, str]:
    code = row.accept_code or ""
    if row.product == "GMS" and not code.startswith(("C", "G")):
        for status in codes.GMS_STATUSES.values():
            if status.name == code:
                return status.en, status.ko
        return code, code
    info = codes.acceptance(code)
    return info.en, info.ko


def _result_meaning(row: ApiPlexMessage) -> tuple[str, str]:
    if row.result_raw:
        try:
            [parsed] = parse_webhook_body({"results": [json.loads(row.result_raw)]})
        except (WebhookFormatError, ValueError):
            pass
        else:
            return parsed.meaning_en, parsed.meaning_ko
    info = codes.result(row.result_code or "")
    return info.en, info.ko


def describe_state(row: ApiPlexMessage, *, receiver_enabled: bool) -> StateText:
    """What History shows for an API PLEX message, including why a state is the last known.

    API PLEX reports delivery only by webhook: without the receiver, "accepted" is the last
    state the console can ever know, and it says so.
    """
    code = f" ({row.accept_code})" if row.accept_code else ""
    if row.state == "sending":
        return StateText("Being sent to API PLEX.", "API PLEX로 보내는 중입니다.")
    if row.state == "accepted":
        if receiver_enabled:
            return StateText(
                "Accepted by API PLEX; waiting for the delivery result.",
                "API PLEX에 접수되었습니다. 발송 결과를 기다리는 중입니다.",
            )
        return StateText(
            "Accepted by API PLEX (last known state): API PLEX reports delivery results only "
            "to a webhook, and the webhook receiver is off. Enable it in Settings to see them.",
            "API PLEX에 접수되었습니다 (마지막으로 확인된 상태). API PLEX는 발송 결과를 웹훅으로만 "
            "알려 주는데 웹훅 수신기가 꺼져 있습니다. 결과를 보려면 설정에서 수신기를 켜세요.",
        )
    if row.state == "rejected":
        en, ko = _acceptance_meaning(row)
        return StateText(
            f"Refused by API PLEX: {en}{code}.", f"API PLEX가 접수를 거부했습니다: {ko}{code}."
        )
    if row.state == "unknown":
        return StateText(
            "API PLEX did not answer: it is not known whether this message was accepted. "
            "Do not resend it; its delivery result will settle it"
            + ("." if receiver_enabled else " once the webhook receiver is on."),
            "API PLEX가 응답하지 않아 접수 여부를 알 수 없습니다. 다시 보내지 마세요. "
            + ("발송 결과가 오면 확정됩니다." if receiver_enabled
               else "웹훅 수신기를 켜면 발송 결과로 확정됩니다."),
        )
    en, ko = _result_meaning(row)
    result = f" ({row.result_code})" if row.result_code else ""
    if row.state == "pending":
        return StateText(f"On its way: {en}{result}.", f"전달 중입니다: {ko}{result}.")
    if row.state == "delivered":
        carrier = f" [{row.carrier}]" if row.carrier else ""
        return StateText(f"Delivered{carrier}.", f"전달되었습니다{carrier}.")
    return StateText(f"Not delivered: {en}{result}.", f"전달되지 않았습니다: {ko}{result}.")

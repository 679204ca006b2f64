"""Async client of CJ API PLEX Biz Message (SMS/LMS/MMS) and GMS (global SMS).

One request carries at most 10 messages; :meth:`ApiPlexClient.send_biz` and
:meth:`ApiPlexClient.send_gms` split larger sends and return one
:class:`~console.providers.apiplex.models.Acceptance` per message, in input order.
An HTTP 200 may still reject single messages (their ``accepted`` is False); whole-request
failures raise :class:`~console.providers.apiplex.errors.ApiPlexError` subclasses.

Sends are retried only when the request certainly was not processed (connect errors)
or the gateway said 429. A request that was written but got no answer raises
:class:`ApiPlexAmbiguousSendError` and is never retried here.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Generator, Mapping, Sequence
from dataclasses import replace
from typing import Any

import httpx

from console.providers.apiplex.errors import (
    ApiPlexAmbiguousSendError,
    ApiPlexError,
    ApiPlexNetworkError,
    ApiPlexRateLimitError,
    ApiPlexServerError,
    ApiPlexValidationError,
    error_for_code,
)
from console.providers.apiplex.models import (
    GMS_DEFAULT_SENDER,
    Acceptance,
    BizMessage,
    BizProduct,
    GmsMessage,
    Product,
    new_msg_key,
)
from console.providers.apiplex.validation import (
    MAX_MESSAGES_PER_REQUEST,
    check_biz,
    check_gms,
)
from console.providers.sens import strict_json

#: Documented production hosts per product.
DEFAULT_HOSTS: dict[str, str] = {
    "SMS": "https://0afupd5dlt.apigw.ntruss.com",
    "LMS": "https://60zzfzb7bb.apigw.ntruss.com",
    "MMS": "https://mr70wq2tj4.apigw.ntruss.com",
    "GMS": "https://g8f5tsosp.apigw.ntruss.com",
}
GMS_SEND_PATH = "/gms-kg/v1/send"

#: Documented service IDs per product (chosen in the profile).
SERVICE_IDS: dict[str, tuple[str, ...]] = {
    "SMS": ("sms-standard", "sms-bulk", "sms-finance", "sms-verify"),
    "LMS": ("lms-standard", "lms-bulk", "lms-finance"),
    "MMS": ("mms-standard", "mms-bulk", "mms-finance"),
}

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
JSON_CONTENT_TYPE = "application/json;charset=utf-8"


class ApiPlexAuth(httpx.Auth):
    """Adds the documented ``Authorization: userId;secret_key`` header."""

    def __init__(self, user_id: str, secret_key: str) -> None:
        if not user_id or ";" in user_id:
            raise ApiPlexValidationError(
                "The API PLEX user ID is empty or contains ';'. Check the profile in Settings.",
                "API PLEX 사용자 ID가 비어 있거나 ';'를 포함합니다. 설정에서 프로필을 확인하세요.",
            )
        self._value = f"{user_id};{secret_key}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._value
        yield request


def chunks(items: Sequence[Any], size: int = MAX_MESSAGES_PER_REQUEST) -> list[list[Any]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


class ApiPlexClient:
    """One API PLEX account (user ID + secret key) with its chosen service IDs.

    `base_url`, when given, replaces every product host (the simulator serves all
    products on one host). `hosts` overrides single products' hosts.
    """

    def __init__(
        self,
        user_id: str,
        secret_key: str,
        *,
        sms_service_id: str = "sms-standard",
        lms_service_id: str = "lms-standard",
        mms_service_id: str = "mms-standard",
        hosts: Mapping[str, str] | None = None,
        base_url: str | None = None,
        gms_sender: str | None = None,
        http: httpx.AsyncClient | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        backoff: float = 0.5,
        strict: bool = True,
    ) -> None:
        self.user_id = user_id
        self._auth = ApiPlexAuth(user_id, secret_key)
        self.service_ids: dict[str, str] = {
            "SMS": sms_service_id, "LMS": lms_service_id, "MMS": mms_service_id,
        }
        merged = dict(DEFAULT_HOSTS)
        if base_url:
            merged = dict.fromkeys(DEFAULT_HOSTS, base_url)
        merged.update(hosts or {})
        self.hosts = {k: v.rstrip("/") for k, v in merged.items()}
        self.gms_sender = gms_sender or GMS_DEFAULT_SENDER
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        #: Refuse locally (before any request) messages that break documented bounds.
        self.strict = strict

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    async def __aenter__(self) -> ApiPlexClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ Biz Message

    def url_for(self, product: Product) -> str:
        if product == "GMS":
            return self.hosts["GMS"] + GMS_SEND_PATH
        return f"{self.hosts[product]}/{self.service_ids[product]}/v2/send"

    @staticmethod
    def with_keys(messages: Sequence[BizMessage]) -> list[BizMessage]:
        """`messages` with a fresh msg_key wherever none was set (journal them first)."""
        return [m if m.msg_key else replace(m, msg_key=new_msg_key()) for m in messages]

    async def send_sms(self, messages: Sequence[BizMessage]) -> list[Acceptance]:
        return await self.send_biz("SMS", messages)

    async def send_lms(self, messages: Sequence[BizMessage]) -> list[Acceptance]:
        return await self.send_biz("LMS", messages)

    async def send_mms(self, messages: Sequence[BizMessage]) -> list[Acceptance]:
        return await self.send_biz("MMS", messages)

    async def send_biz(
        self, product: BizProduct, messages: Sequence[BizMessage]
    ) -> list[Acceptance]:
        """Send `messages` in requests of <=10; one Acceptance per message, input order.

        If request k fails, the error raised carries the acceptances of requests
        1..k-1 in ``accepted_before``; later requests were not sent.
        """
        if product not in ("SMS", "LMS", "MMS"):
            raise ValueError(f"not a Biz Message product: {product}")
        keyed = self.with_keys(messages)
        if self.strict:
            check_biz(product, keyed)
        done: list[Acceptance] = []
        for batch in chunks(keyed):
            try:
                done.extend(await self.send_biz_request(product, batch, _checked=True))
            except ApiPlexError as exc:
                exc.accepted_before = tuple(done)
                raise
        return done

    async def send_biz_request(
        self, product: BizProduct, messages: Sequence[BizMessage], *, _checked: bool = False
    ) -> list[Acceptance]:
        """One request of at most 10 messages (for callers that journal per request)."""
        if not messages or len(messages) > MAX_MESSAGES_PER_REQUEST:
            raise ValueError(f"one request takes 1-{MAX_MESSAGES_PER_REQUEST} messages")
        keyed = self.with_keys(messages)
        if self.strict and not _checked:
            check_biz(product, keyed)
        body = {"msg_data": [m.to_json(product) for m in keyed]}
        keys = tuple(m.msg_key or "" for m in keyed)
        data = await self._post(self.url_for(product), body, keys)
        results = data.get("results")
        if not isinstance(results, list):
            raise _ambiguous(keys, "the answer has no results list", json.dumps(data))
        by_key = {str(r.get("msg_key")): r for r in results if isinstance(r, dict)}
        out: list[Acceptance] = []
        for i, m in enumerate(keyed):
            key = m.msg_key or ""
            item = by_key.get(key)
            if item is None and len(results) == len(keyed) and isinstance(results[i], dict):
                item = results[i]  # the server renamed the key: match by position
            if item is None:
                raise _ambiguous(keys, f"no result for msg_key {key}", json.dumps(data))
            out.append(
                Acceptance.from_biz_code(
                    key, product, m.receiver_number, str(item.get("code", "")),
                    str(item.get("desc", "")),
                )
            )
        return out

    # ------------------------------------------------------------------ GMS

    async def send_gms(self, messages: Sequence[GmsMessage]) -> list[Acceptance]:
        """Send GMS messages in requests of <=10 (numbers validated with phonenumbers)."""
        prepared = self._prepare_gms(messages)
        done: list[Acceptance] = []
        for batch in chunks(prepared):
            try:
                done.extend(await self._send_gms_prepared(batch))
            except ApiPlexError as exc:
                exc.accepted_before = tuple(done)
                raise
        return done

    async def send_gms_request(self, messages: Sequence[GmsMessage]) -> list[Acceptance]:
        if not messages or len(messages) > MAX_MESSAGES_PER_REQUEST:
            raise ValueError(f"one request takes 1-{MAX_MESSAGES_PER_REQUEST} messages")
        return await self._send_gms_prepared(self._prepare_gms(messages))

    def _prepare_gms(self, messages: Sequence[GmsMessage]) -> list[GmsMessage]:
        keyed = [
            m if m.message_id else replace(m, message_id=new_msg_key().replace("-", ""))
            for m in messages
        ]
        return check_gms(keyed, self.gms_sender)

    async def _send_gms_prepared(self, messages: list[GmsMessage]) -> list[Acceptance]:
        body = {
            "messages": [
                {"from": m.sender or self.gms_sender, "to": m.to, "messageId": m.message_id,
                 "text": m.text}
                for m in messages
            ]
        }
        keys = tuple(m.message_id or "" for m in messages)
        data = await self._post(self.url_for("GMS"), body, keys)
        out: list[Acceptance] = []
        if isinstance(data.get("messages"), list):
            by_id = {
                str(r.get("messageId")): r for r in data["messages"] if isinstance(r, dict)
            }
            for m in messages:
                item = by_id.get(m.message_id or "")
                if item is None or not isinstance(item.get("status"), dict):
                    raise _ambiguous(keys, f"no status for messageId {m.message_id}",
                                     json.dumps(data))
                count = item.get("smsCount")
                out.append(
                    Acceptance.from_gms_status(
                        m.message_id or "", m.to, item["status"],
                        int(count) if isinstance(count, int) else None,
                    )
                )
            return out
        if isinstance(data.get("results"), list):  # the common API PLEX answer form
            by_key = {str(r.get("msg_key")): r for r in data["results"] if isinstance(r, dict)}
            for m in messages:
                item = by_key.get(m.message_id or "")
                if item is None:
                    raise _ambiguous(keys, f"no result for messageId {m.message_id}",
                                     json.dumps(data))
                out.append(Acceptance.from_biz_code(
                    m.message_id or "", "GMS", m.to, str(item.get("code", "")),
                    str(item.get("desc", ""))))
            return out
        raise _ambiguous(keys, "the answer has no messages list", json.dumps(data))

    # ------------------------------------------------------------------ transport

    async def _post(self, url: str, body: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        """POST a send; map the answer or raise. Retries only what cannot double-send."""
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": JSON_CONTENT_TYPE, "Accept": "application/json"}
        attempt = 0
        while True:
            try:
                response = await self._http.post(
                    url, content=content, headers=headers, auth=self._auth, timeout=self._timeout
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                if attempt < self.max_retries:
                    attempt += 1
                    await asyncio.sleep(self._delay(attempt, None))
                    continue
                raise ApiPlexNetworkError(
                    f"Could not reach API PLEX ({type(exc).__name__}). Nothing was sent; "
                    "check the network connection and try again.",
                    "API PLEX 서버에 연결할 수 없습니다. 발송되지 않았습니다. "
                    "네트워크 연결을 확인한 후 다시 시도하세요.",
                ) from exc
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                raise ApiPlexAmbiguousSendError(
                    f"API PLEX did not answer ({type(exc).__name__}); the messages may or may "
                    "not have been accepted. Do not resend: wait for their delivery results.",
                    "API PLEX가 응답하지 않았습니다. 메시지가 접수되었는지 알 수 없습니다. "
                    "다시 보내지 말고 발송 결과(웹훅)를 기다리세요.",
                    msg_keys=keys,
                ) from exc
            if response.status_code == 429 and attempt < self.max_retries:
                attempt += 1
                await asyncio.sleep(self._delay(attempt, response.headers.get("Retry-After")))
                continue
            return self._answer(response, keys)

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            try:
                return min(30.0, max(0.0, float(retry_after)))
            except ValueError:
                pass
        return min(30.0, self.backoff * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)

    def _answer(self, response: httpx.Response, keys: tuple[str, ...]) -> dict[str, Any]:
        text = response.text
        status = response.status_code
        try:
            # Strict: NaN/Infinity, 1e400 and deep nesting are unreadable too (they would
            # raise OverflowError/RecursionError further on).
            data = strict_json.loads(response.content)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("code"), str) and not (
            isinstance(data.get("results"), list) or isinstance(data.get("messages"), list)
        ):
            detail = str(data.get("description") or data.get("desc") or data.get("name") or "")
            raise error_for_code(data["code"], status, text, detail)
        if status == 429:
            raise ApiPlexRateLimitError(
                "API PLEX is receiving too many requests (HTTP 429). Nothing was sent; "
                "wait a minute and send again.",
                "API PLEX 요청이 너무 많습니다 (HTTP 429). 발송되지 않았습니다. "
                "잠시 후 다시 보내세요.",
                status=status, body=text,
            )
        if status >= 500:
            raise ApiPlexServerError(
                f"API PLEX answered with a server error (HTTP {status}). "
                "Check History before sending again.",
                f"API PLEX 서버 오류입니다 (HTTP {status}). "
                "다시 보내기 전에 발송 내역을 확인하세요.",
                status=status, body=text,
            )
        if status in (401, 403):
            raise error_for_code("C401_3", status, text)
        if status >= 400:
            raise ApiPlexValidationError(
                f"API PLEX refused the request (HTTP {status}). Nothing was sent.",
                f"API PLEX가 요청을 거부했습니다 (HTTP {status}). 발송되지 않았습니다.",
                status=status, body=text,
            )
        if not isinstance(data, dict):
            raise _ambiguous(keys, f"unreadable answer (HTTP {status})", text)
        return data


def _ambiguous(keys: tuple[str, ...], why: str, body: str | None) -> ApiPlexAmbiguousSendError:
    return ApiPlexAmbiguousSendError(
        f"API PLEX gave an answer the console cannot read ({why}); the messages may or may "
        "not have been accepted. Do not resend: wait for their delivery results.",
        "API PLEX의 응답을 해석할 수 없습니다. 메시지가 접수되었는지 알 수 없습니다. "
        "다시 보내지 말고 발송 결과(웹훅)를 기다리세요.",
        body=body, msg_keys=keys,
    )

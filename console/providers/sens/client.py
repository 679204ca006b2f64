"""The SENS SMS v2 client: every endpoint, signed, typed, with errors a user understands.

One :class:`SensClient` per profile lives as long as the profile: it owns one
``httpx.AsyncClient`` (explicit timeouts, connection reuse) unless the caller passes its
own via ``http=`` (tests pass one built on ``httpx.MockTransport``; the app may share one).

Failures leave this module only as :mod:`~console.providers.sens.errors` classes; httpx
exceptions are mapped here, at the boundary, with ``raise ... from exc``.

Retries (bounded exponential backoff with full jitter, ``Retry-After`` honoured):

- reads and idempotent writes (search, result, reservation status/cancel, upload, 080
  list/add/delete) retry on 429, 5xx and network errors;
- a send retries only when the request certainly did not reach the server (could not
  connect) or SENS answered 429. A send that timed out or lost its connection after the
  request was written, or got 502/504 from the gateway, raises
  :class:`SensAmbiguousSendError` and is never retried here.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import logging
import random
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from . import strict_json
from .errors import (
    SensAmbiguousSendError,
    SensAuthError,
    SensCertificateError,
    SensClockSkewError,
    SensError,
    SensNetworkError,
    SensNotFoundError,
    SensQueryRangeError,
    SensRateLimitError,
    SensServerError,
    SensServiceNotFoundError,
    SensValidationError,
    server_detail,
)
from .models import (
    MAX_MESSAGES_PER_REQUEST,
    MessageRecord,
    MessageResult,
    RequestPage,
    ReservationStatusResult,
    SendMessageRequest,
    SendMessageResponse,
    Unsubscribe,
    UploadedFile,
)
from .signing import TIMESTAMP_HEADER, SensAuth
from .times import SEOUL, format_seconds, to_seoul
from .windows import legal_windows

__all__ = [
    "CLOCK_SKEW_LIMIT",
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "MAX_FILE_BYTES",
    "MAX_FILE_NAME_LENGTH",
    "MAX_UNSUBSCRIBES_PER_REQUEST",
    "RetryPolicy",
    "SensClient",
]

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://sens.apigw.ntruss.com"
#: Explicit timeouts: a send waits up to 30 s for SENS's answer before it is ambiguous.
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=30.0, pool=10.0)
#: The gateway rejects a timestamp this many seconds away from its clock.
CLOCK_SKEW_LIMIT = 300.0
#: A 401 with the PC this close to the limit (Date has 1 s resolution, plus latency) is
#: reported as clock skew.
CLOCK_SKEW_MARGIN = 15.0
#: 080 opt-out numbers per register/delete call.
MAX_UNSUBSCRIBES_PER_REQUEST = 1000
#: MMS image limits of the upload endpoint.
MAX_FILE_BYTES = 300 * 1024
MAX_FILE_NAME_LENGTH = 40
#: Request-search page size (the API's maximum) and the 080 list page size.
SEARCH_PAGE_SIZE = 100
UNSUBSCRIBE_PAGE_SIZE = 100
#: Stop following pages after this many (a server that never says "no more").
MAX_PAGES = 100_000
#: Consecutive non-empty pages that bring no message not already seen before a search
#: gives up: a server repeating a page (ignoring pageIndex) would otherwise be asked
#: MAX_PAGES times. More than one, because messages accepted while we page push older
#: ones onto the next page.
MAX_STALE_PAGES = 3

# Search filters: Python names (and the API's own names) -> query parameter.
_SEARCH_FILTERS = {
    "message_id": "messageId",
    "type": "type",
    "content_type": "contentType",
    "country_code": "countryCode",
    "status": "status",
    "from_": "from",
    "to": "to",
    "status_name": "statusName",
    "page_size": "pageSize",
}
_UNSUBSCRIBE_FILTERS = {
    "number": "clientTelNo",
    "client_tel_no": "clientTelNo",
    "start_time": "startTime",
    "end_time": "endTime",
    "page_size": "pageSize",
}

# Transport errors raised before any byte of the request left this machine.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry: ``attempts`` tries in all, full-jitter backoff."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    #: Longest ``Retry-After`` we are willing to wait between two tries.
    max_retry_after: float = 30.0

    def delay(self, retry: int, rng: random.Random, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `retry` (1-based)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (retry - 1)))
        wait = rng.uniform(0, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_retry_after))
        return wait


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


def _clock_skew(response: httpx.Response) -> float | None:
    """PC time minus server time, from the signed timestamp and the answer's Date header."""
    date = response.headers.get("Date")
    signed = response.request.headers.get(TIMESTAMP_HEADER)
    if not date or not signed:
        return None
    try:
        server = email.utils.parsedate_to_datetime(date).timestamp()
        pc = int(signed) / 1000
    except (TypeError, ValueError, IndexError):
        return None
    return pc - server


def _certificate_failure(exc: BaseException) -> bool:
    """Whether `exc` (an httpx connect error) comes from a failed TLS certificate check."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


class SensClient:
    """An async client for one SENS project (service ID) with one access/secret key pair.

    ``transport`` is used only when the client creates its own ``httpx.AsyncClient``;
    ``clock``, ``sleep`` and ``rng`` are injectable so tests need not wait or be lucky.
    """

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        service_id: str,
        base_url: str = DEFAULT_BASE_URL,
        http: httpx.AsyncClient | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if not service_id:
            raise ValueError("service_id is required")
        if http is not None and transport is not None:
            raise ValueError("pass either http or transport, not both")
        root = base_url.rstrip("/")
        if not root.endswith("/sms/v2"):
            root += "/sms/v2"
        if not root.startswith(("http://", "https://")):
            raise ValueError(f"base_url must be an http(s) URL, not {base_url!r}")
        self.service_id = service_id
        self.base_url = base_url
        self._root = f"{root}/services/{quote(service_id, safe=':')}"
        self._auth = SensAuth(access_key, secret_key, clock=clock)
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._retry = retry or RetryPolicy()
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": "sens-console"},
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"SensClient(service_id={self.service_id!r}, base_url={self.base_url!r})"

    async def __aenter__(self) -> SensClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_http:
            await self._http.aclose()

    # ------------------------------------------------------------------ messages

    async def send_message(
        self, request: SendMessageRequest | Mapping[str, Any]
    ) -> SendMessageResponse:
        """Send (or reserve) one request of 1-100 messages; the answer holds its request ID.

        Raises :class:`SensAmbiguousSendError` when SENS may have accepted it without our
        knowing: look the batch up before sending it again.
        """
        if isinstance(request, SendMessageRequest):
            body: Mapping[str, Any] = request.to_json()
        else:
            body = request
            messages = body.get("messages")
            if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_MESSAGES_PER_REQUEST:
                raise ValueError(f"a send request needs 1 to {MAX_MESSAGES_PER_REQUEST} messages")
        answer = await self._call("POST", "/messages", json=body, send=True)
        try:
            data = strict_json.loads(answer.content)
            response = SendMessageResponse.from_json(data)
        except (ValueError, SensServerError) as exc:
            # SENS said yes but we cannot read the request ID: the send is not lost, only
            # unidentified, so it must be looked up, never sent again.
            raise SensAmbiguousSendError(
                status=answer.status_code,
                body=answer.text[:2000],
                detail="unreadable answer to a send",
            ) from exc
        self._check_body_status(response.status_code, response.status_name, data)
        return response

    async def upload_file(self, file_name: str, data: bytes) -> UploadedFile:
        """Upload a JPEG for MMS; SENS reuses a file of the same name and size for 6 days."""
        if not file_name.lower().endswith((".jpg", ".jpeg")):
            raise SensValidationError(
                f"SENS accepts only JPEG images (.jpg, .jpeg) for MMS, not '{file_name}'. "
                "Attach the image again so the console can convert it.",
                f"MMS에는 JPEG 이미지(.jpg, .jpeg)만 보낼 수 있습니다('{file_name}'). 이미지를 "
                "다시 첨부하면 콘솔이 변환합니다.",
                status=None,
            )
        if len(file_name) > MAX_FILE_NAME_LENGTH:
            raise SensValidationError(
                f"The image file name is longer than {MAX_FILE_NAME_LENGTH} characters. "
                "Rename the file and attach it again.",
                f"이미지 파일 이름이 {MAX_FILE_NAME_LENGTH}자를 넘습니다. 이름을 줄여 다시 "
                "첨부하세요.",
                status=None,
            )
        if len(data) > MAX_FILE_BYTES:
            raise SensValidationError(
                f"The image is {len(data) // 1024} KB; SENS accepts at most 300 KB. Attach it "
                "again so the console can shrink it.",
                f"이미지 크기가 {len(data) // 1024}KB입니다. SENS는 300KB까지만 받습니다. 다시 "
                "첨부하면 콘솔이 크기를 줄입니다.",
                status=None,
            )
        body = {"fileName": file_name, "fileBody": base64.b64encode(data).decode("ascii")}
        return UploadedFile.from_json(await self._call_json("POST", "/files", json=body))

    def list_requests(
        self,
        *,
        request_id: str | None = None,
        request_start: datetime | None = None,
        request_end: datetime | None = None,
        complete_start: datetime | None = None,
        complete_end: datetime | None = None,
        **filters: Any,
    ) -> AsyncIterator[MessageRecord]:
        """Every message matching the search, across all pages and legal windows.

        Give a request ID, a request-time window or a completion window (not both windows;
        a missing end means now). Longer windows are split into the 30-day / 24-hour pieces
        SENS accepts; a start older than 90 days raises :class:`SensQueryRangeError` here,
        before anything is sent. `filters`: message_id, type, content_type, country_code,
        status, from_, to, status_name, page_size (or the API's camelCase names).
        """
        params = self._search_filters(filters)
        has_request = request_start is not None or request_end is not None
        has_complete = complete_start is not None or complete_end is not None
        if has_request and has_complete:
            raise SensQueryRangeError(
                "Search by request time or by completion time, not both at once.",
                "요청 시간과 완료 시간으로 동시에 조회할 수 없습니다. 하나만 선택하세요.",
            )
        if not (request_id or has_request or has_complete):
            raise ValueError("give request_id, a request-time window or a completion window")
        if request_id:
            params["requestId"] = request_id
        now = datetime.fromtimestamp(self._clock(), tz=SEOUL)
        windows: list[tuple[str, str, datetime, datetime]] = []
        for start, end, kind, names in (
            (request_start, request_end, "request", ("requestStartTime", "requestEndTime")),
            (complete_start, complete_end, "complete", ("completeStartTime", "completeEndTime")),
        ):
            if start is None and end is None:
                continue
            if start is None:
                raise ValueError(f"a {kind} window needs a start")
            for window_start, window_end in legal_windows(
                start, end if end is not None else now, kind=kind, now=now
            ):
                windows.append((names[0], names[1], window_start, window_end))
        if not request_id:
            params.setdefault("pageSize", str(SEARCH_PAGE_SIZE))  # else SENS's 1000 applies
        queries: list[dict[str, str]] = []
        for start_name, end_name, window_start, window_end in windows:
            query = dict(params)
            query[start_name] = format_seconds(window_start)
            query[end_name] = format_seconds(window_end)
            queries.append(query)
        if not (has_request or has_complete):
            queries.append(params)
        # A window entirely in the future leaves no query at all: nothing can match.
        return self._iterate_requests(queries)

    async def _iterate_requests(
        self, queries: list[dict[str, str]]
    ) -> AsyncIterator[MessageRecord]:
        seen: set[str] = set()
        for query in queries:
            async for record in self._pages(query):
                if record.message_id in seen:
                    continue
                seen.add(record.message_id)
                yield record

    async def _pages(self, query: dict[str, str]) -> AsyncIterator[MessageRecord]:
        """Follow ``nextToken``; fall back to ``pageIndex`` when the server pages the old way.

        Ends with a :class:`SensServerError` when the server makes no progress: the same
        token twice, or :data:`MAX_STALE_PAGES` pages in a row with nothing new.
        """
        token: str | None = None
        page_index: int | None = None
        tokens_seen: set[str] = set()
        ids_seen: set[str] = set()
        stale = 0
        for number in range(MAX_PAGES):
            if number:
                # Hand the loop back between pages: the window stays live and a cancel
                # lands even when every answer arrives without waiting (a mock, a cache).
                await asyncio.sleep(0)
            params = dict(query)
            if token is not None:
                params["nextToken"] = token
            elif page_index is not None:
                params["pageIndex"] = str(page_index)
            page = RequestPage.from_json(await self._call_json("GET", "/messages", params=params))
            fresh = [record for record in page.records if record.message_id not in ids_seen]
            stale = stale + 1 if page.records and not fresh else 0
            if stale >= MAX_STALE_PAGES:
                logger.warning("search: %d pages in a row repeated earlier ones; stopping", stale)
                raise SensServerError(
                    "SENS kept sending the same result page. Try the search again later; if "
                    "it keeps happening, narrow the search.",
                    "SENS가 같은 조회 결과 페이지를 계속 보냈습니다. 잠시 후 다시 조회하고, "
                    "계속되면 조회 기간을 줄이세요.",
                )
            for record in fresh:
                ids_seen.add(record.message_id)
                yield record
            if page.next_token:
                if page.next_token in tokens_seen:
                    raise SensServerError(
                        "SENS sent the same result page twice. Try the search again later.",
                        "SENS가 같은 조회 페이지를 반복해서 보냈습니다. 잠시 후 다시 조회하세요.",
                    )
                tokens_seen.add(page.next_token)
                token = page.next_token
                continue
            if page.has_more and not tokens_seen and page.records:
                # Past the page asked for and past the one the server says it sent, so a
                # server echoing a stale pageIndex cannot make us ask for one page forever.
                asked = page_index or 0
                reported = page.page_index if page.page_index is not None else asked
                page_index = max(asked, reported) + 1
                continue
            return
        raise SensServerError(
            "SENS kept sending result pages without end. Narrow the search and try again.",
            "SENS가 끝없이 조회 페이지를 보냈습니다. 조회 기간을 줄여 다시 시도하세요.",
        )

    async def get_result(self, message_id: str) -> MessageResult:
        """The full result of one message (by the message ID the search returned)."""
        data = await self._call_json(
            "GET", f"/messages/{quote(message_id, safe='')}", item="message"
        )
        return MessageResult.from_result_json(data, message_id)

    # -------------------------------------------------------------- reservations

    async def get_reservation_status(self, reserve_id: str) -> ReservationStatusResult:
        """The state of a reserved send (reserve ID = the send's request ID)."""
        data = await self._call_json(
            "GET", f"/reservations/{quote(reserve_id, safe='')}/reserve-status", item="reservation"
        )
        return ReservationStatusResult.from_json(data)

    async def cancel_reservation(self, reserve_id: str) -> None:
        """Cancel a reserved send that has not gone out yet."""
        await self._call(
            "DELETE", f"/reservations/{quote(reserve_id, safe='')}", item="reservation"
        )

    # ------------------------------------------------------------ 080 opt-outs

    async def list_unsubscribes(self, **filters: Any) -> list[Unsubscribe]:
        """Every number on the 080 opt-out list (all pages).

        `filters`: number (or client_tel_no), start_time, end_time (registration time;
        datetimes are sent as epoch milliseconds, the reference's Integer), page_size.
        """
        params: dict[str, str] = {}
        for key, value in filters.items():
            name = _UNSUBSCRIBE_FILTERS.get(key, key)
            if name not in _UNSUBSCRIBE_FILTERS.values():
                raise TypeError(f"unknown 080 list filter {key!r}")
            if value is None:
                continue
            if isinstance(value, datetime):
                value = int(to_seoul(value).timestamp() * 1000)
            params[name] = str(value)
        page_size = int(params.setdefault("pageSize", str(UNSUBSCRIBE_PAGE_SIZE)))
        if page_size <= 0:
            raise ValueError("page_size must be positive")
        result: list[Unsubscribe] = []
        numbers: set[tuple[str, datetime | None]] = set()
        for page_index in range(MAX_PAGES):
            query = dict(params, pageIndex=str(page_index))
            data = await self._call_json("GET", "/unsubscribes", params=query)
            if isinstance(data, Mapping):  # tolerate a wrapped list
                data = data.get("unsubscribes") or data.get("items") or data.get("content") or []
            if not isinstance(data, list):
                raise SensServerError(
                    "SENS sent an unreadable 080 opt-out list. Try again later.",
                    "SENS가 읽을 수 없는 080 수신거부 목록을 보냈습니다. 잠시 후 다시 시도하세요.",
                    body=repr(data)[:2000],
                )
            page = [Unsubscribe.from_json(item) for item in data]
            fresh = [u for u in page if (u.number, u.registered_at) not in numbers]
            if page and not fresh:
                # The server ignored pageIndex and repeated a page: we already have it all.
                logger.warning("080 list: page %d repeated the previous one; stopping", page_index)
                break
            for entry in fresh:
                numbers.add((entry.number, entry.registered_at))
                result.append(entry)
            if len(page) < page_size:
                break
        return result

    async def add_unsubscribes(self, numbers: Iterable[str]) -> list[Unsubscribe]:
        """Put `numbers` on the 080 opt-out list, 1,000 per call; returns what SENS registered."""
        registered: list[Unsubscribe] = []
        for chunk in _chunks(numbers, MAX_UNSUBSCRIBES_PER_REQUEST):
            data = await self._call_json(
                "POST", "/unsubscribes", json=[{"clientTelNo": n} for n in chunk]
            )
            if isinstance(data, list):
                registered.extend(Unsubscribe.from_json(item) for item in data)
        return registered

    async def delete_unsubscribes(self, numbers: Iterable[str]) -> None:
        """Take `numbers` off the 080 opt-out list, 1,000 per call."""
        for chunk in _chunks(numbers, MAX_UNSUBSCRIBES_PER_REQUEST):
            await self._call("DELETE", "/unsubscribes", json=[{"clientTelNo": n} for n in chunk])

    # ---------------------------------------------------------------- checking

    async def verify(self) -> None:
        """Check key, signature, clock and service ID with one cheap signed read.

        Raises the same errors as any call (auth, clock skew, unknown service, network).
        """
        now = datetime.fromtimestamp(self._clock(), tz=SEOUL)
        params = {
            "requestStartTime": format_seconds(now - timedelta(minutes=1)),
            "requestEndTime": format_seconds(now),
            "pageSize": "1",
        }
        await self._call_json("GET", "/messages", params=params)

    # ---------------------------------------------------------------- plumbing

    @staticmethod
    def _search_filters(filters: Mapping[str, Any]) -> dict[str, str]:
        params: dict[str, str] = {}
        for key, value in filters.items():
            name = _SEARCH_FILTERS.get(key, key)
            if name not in _SEARCH_FILTERS.values():
                raise TypeError(f"unknown search filter {key!r}")
            if value is not None:
                params[name] = str(value)
        return params

    def _check_body_status(self, code: str | None, name: str | None, data: Any) -> None:
        """A 2xx answer whose body says the request failed is an error all the same."""
        if code is None:
            return
        try:
            status = int(code)
        except ValueError:
            status = None
        failed = (status is not None and not 200 <= status < 300) or (
            (name or "").lower() == "fail"
        )
        if failed:
            raise self._error_for(status or 400, repr(data)[:2000], send=False, item=None)

    async def _call_json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        send: bool = False,
        item: str | None = None,
    ) -> Any:
        response = await self._call(method, path, params=params, json=json, send=send, item=item)
        if not response.content:
            return None
        try:
            return strict_json.loads(response.content)
        except ValueError as exc:
            raise SensServerError(
                "SENS sent an answer that is not JSON. Try again later.",
                "SENS가 읽을 수 없는 응답을 보냈습니다. 잠시 후 다시 시도하세요.",
                status=response.status_code,
                body=response.text[:2000],
            ) from exc

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        send: bool = False,
        item: str | None = None,
    ) -> httpx.Response:
        """One API call with retries; returns a 2xx response or raises a SensError."""
        url = self._root + path
        retry = 0
        while True:
            retry_after: float | None = None
            try:
                response = await self._http.request(
                    method, url, params=params, json=json, auth=self._auth
                )
            except _NOT_SENT as exc:
                if _certificate_failure(exc):
                    # The handshake failed before the request was written; trying again
                    # meets the same certificate, so say so now.
                    logger.warning("%s %s: TLS certificate not verified (%s)", method, path, exc)
                    raise SensCertificateError(detail=f"{type(exc).__name__}: {exc}") from exc
                error: SensError = SensNetworkError(detail=f"{type(exc).__name__}: {exc}")
                cause: BaseException = exc
            except httpx.UnsupportedProtocol as exc:
                raise SensNetworkError(
                    f"The SENS address '{self.base_url}' is not usable. Check Settings > Profile.",
                    f"SENS 주소 '{self.base_url}'를 사용할 수 없습니다. "
                    "설정 > 프로필을 확인하세요.",
                    detail=str(exc),
                ) from exc
            except httpx.TransportError as exc:
                detail = f"{type(exc).__name__}: {exc}"
                if send:
                    logger.warning("send %s: no answer after writing (%s)", path, detail)
                    raise SensAmbiguousSendError(detail=detail) from exc
                error = SensNetworkError(
                    "SENS did not answer in time or the connection broke. Check the internet "
                    "connection and try again.",
                    "SENS가 제때 응답하지 않았거나 연결이 끊어졌습니다. 인터넷 연결을 확인한 뒤 "
                    "다시 시도하세요.",
                    detail=detail,
                )
                cause = exc
            except httpx.RequestError as exc:  # decoding, redirects: the answer was unusable
                raise SensServerError(
                    "SENS sent an answer the console cannot read. Try again later.",
                    "SENS가 읽을 수 없는 응답을 보냈습니다. 잠시 후 다시 시도하세요.",
                ) from exc
            else:
                logger.debug("%s %s -> %d", method, path, response.status_code)
                if response.is_success:
                    return response
                body = response.text[:4000]
                error = self._error_for(
                    response.status_code, body, send=send, item=item, response=response
                )
                cause = httpx.HTTPStatusError(
                    f"{response.status_code}", request=response.request, response=response
                )
                retry_after = _retry_after(response)
                if isinstance(error, SensRateLimitError):
                    error.retry_after = retry_after
            retryable = isinstance(error, SensNetworkError | SensRateLimitError) or (
                not send and isinstance(error, SensServerError)
            )
            retry += 1
            if not retryable or retry >= self._retry.attempts:
                raise error from cause
            wait = self._retry.delay(retry, self._rng, retry_after)
            logger.info(
                "%s %s failed (%s); retry %d in %.1f s",
                method,
                path,
                type(error).__name__,
                retry,
                wait,
            )
            await self._sleep(wait)

    def _error_for(
        self,
        status: int,
        body: str,
        *,
        send: bool,
        item: str | None,
        response: httpx.Response | None = None,
    ) -> SensError:
        """The SensError for an HTTP error `status` with the server's `body`."""
        detail = server_detail(body)
        if status == 401 or status == 403:
            skew = _clock_skew(response) if response is not None else None
            if skew is not None and abs(skew) >= CLOCK_SKEW_LIMIT - CLOCK_SKEW_MARGIN:
                return SensClockSkewError(skew, status=status, body=body)
            error = SensAuthError(status=status, body=body)
            error.skew_seconds = skew
            return error
        if status == 404:
            lowered = (detail or "").lower()
            if item is None or ("service" in lowered and item not in lowered):
                return SensServiceNotFoundError(self.service_id, status=status, body=body)
            if item == "reservation":
                return SensNotFoundError(
                    "SENS has no such reservation. It may have been sent, cancelled or be older "
                    "than 90 days; refresh the reservation list.",
                    "SENS에 해당 예약이 없습니다. 이미 발송·취소되었거나 90일이 지났을 수 "
                    "있습니다. 예약 목록을 새로 고치세요.",
                    status=status,
                    body=body,
                )
            return SensNotFoundError(status=status, body=body)
        if status == 429:
            return SensRateLimitError(status=status, body=body)
        if status >= 500 or status == 408:
            if send and status in (502, 504):
                return SensAmbiguousSendError(status=status, body=body, detail=f"HTTP {status}")
            return SensServerError(status=status, body=body)
        shown_en = f": {detail}" if detail else ""
        shown_ko = f"({detail})" if detail else ""
        if send:
            return SensValidationError(
                f"SENS refused the message{shown_en}. Check the sender number, recipients and "
                "text, then send again.",
                f"SENS가 메시지를 거부했습니다{shown_ko}. 발신번호, 수신번호, 내용을 확인한 뒤 "
                "다시 보내세요.",
                status=status,
                body=body,
            )
        return SensValidationError(
            f"SENS refused the request{shown_en}. Check what you entered and try again.",
            f"SENS가 요청을 거부했습니다{shown_ko}. 입력한 내용을 확인한 뒤 다시 시도하세요.",
            status=status,
            body=body,
        )


def _chunks(numbers: Iterable[str], size: int) -> list[list[str]]:
    """`numbers` without duplicates (first kept), in lists of at most `size`."""
    unique = list(dict.fromkeys(n for n in numbers if n))
    return [unique[i : i + size] for i in range(0, len(unique), size)]

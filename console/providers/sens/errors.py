"""The SENS error tree: one class per cause, each with a Korean and English sentence.

The client turns every failure (an HTTP error status, an httpx transport exception, an
answer it cannot read) into one of these at its boundary, so callers never see httpx
exceptions and the UI can show ``exc.message(language)`` as is. The server's status and
body are kept for the log and for support.

::

    ConsoleError
     └─ SensError                  .status .body .message_ko .message_en .retryable
         ├─ SensAuthError          401/403: wrong key, signature or permission
         │   └─ SensClockSkewError the PC clock is off by .skew_seconds (from the Date header)
         ├─ SensServiceNotFoundError  the service ID does not exist for this key
         ├─ SensNotFoundError      404 for a message, reservation or other item
         ├─ SensValidationError    400, or a request the client refuses before sending
         │   └─ SensQueryRangeError   a query window SENS cannot answer (older than 90 days)
         ├─ SensRateLimitError     429
         ├─ SensServerError        5xx or an unreadable answer
         ├─ SensNetworkError       the server was not reached; nothing was processed
         │   └─ SensCertificateError  the server's TLS certificate could not be verified
         └─ SensAmbiguousSendError a send whose fate is unknown; look it up, never resend
"""

from __future__ import annotations

from typing import Any

from console.errors import ConsoleError

from . import strict_json

__all__ = [
    "SensAmbiguousSendError",
    "SensAuthError",
    "SensCertificateError",
    "SensClockSkewError",
    "SensError",
    "SensNetworkError",
    "SensNotFoundError",
    "SensQueryRangeError",
    "SensRateLimitError",
    "SensServerError",
    "SensServiceNotFoundError",
    "SensValidationError",
    "server_detail",
]


class SensError(ConsoleError):
    """Any failure talking to SENS, with the HTTP status and body when there was an answer."""

    retryable = False

    def __init__(
        self,
        message_en: str,
        message_ko: str,
        *,
        status: int | None = None,
        body: str | None = None,
    ) -> None:
        super().__init__(message_en, message_ko)
        self.status = status
        self.body = body

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message_en={self.message_en!r})"


class SensAuthError(SensError):
    """SENS refused the credentials: wrong access/secret key, bad signature or no permission."""

    #: PC time minus server time when the answer had a Date header (None otherwise).
    skew_seconds: float | None = None

    def __init__(
        self,
        message_en: str | None = None,
        message_ko: str | None = None,
        *,
        status: int | None = 401,
        body: str | None = None,
    ) -> None:
        if status == 403:
            default_en = (
                "This access key is not allowed to use SENS (403 Forbidden). Check in the NAVER "
                "Cloud console that the key's account has SENS permission, then check the keys "
                "in Settings > Profile."
            )
            default_ko = (
                "이 Access Key에는 SENS 사용 권한이 없습니다(403). 네이버 클라우드 콘솔에서 계정 "
                "권한을 확인한 뒤 설정 > 프로필에서 키를 확인하세요."
            )
        else:
            default_en = (
                "SENS rejected the Access Key or Secret Key. Check the keys in Settings > Profile."
            )
            default_ko = (
                "Access Key 또는 Secret Key가 올바르지 않습니다. 설정 > 프로필에서 키를 확인하세요."
            )
        super().__init__(
            message_en or default_en, message_ko or default_ko, status=status, body=body
        )


def _duration(seconds: float, language: str) -> str:
    """A short human duration ("7분", "1 hour 3 minutes") for the clock-skew message.

    The server's Date header has whole-second resolution and the answer takes a moment to
    arrive, so beyond 90 seconds the skew is rounded to whole minutes ("7분", not "6분 59초").
    """
    total = round(abs(seconds))
    if total >= 90:
        total = round(abs(seconds) / 60) * 60
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if language == "ko":
        parts = [f"{hours}시간"] if hours else []
        if minutes:
            parts.append(f"{minutes}분")
        if not hours and (secs or not minutes):
            parts.append(f"{secs}초")
        return " ".join(parts)
    en: list[str] = []
    if hours:
        en.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        en.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if not hours and (secs or not minutes):
        en.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(en)


class SensClockSkewError(SensAuthError):
    """SENS refused the request because the PC clock is too far from the server's.

    ``skew_seconds`` is PC time minus server time: positive when the PC clock is fast,
    negative when it is slow.
    """

    retryable = False

    def __init__(self, skew_seconds: float, *, status: int | None = 401, body: str | None = None):
        self.skew_seconds = skew_seconds
        if skew_seconds < 0:
            ko_dir, en_dir = "늦습니다", "slow"
        else:
            ko_dir, en_dir = "빠릅니다", "fast"
        message_ko = (
            f"PC 시계가 {_duration(skew_seconds, 'ko')} {ko_dir}. SENS는 5분 넘게 차이 나는 "
            "요청을 거부합니다. Windows 설정 > 시간 및 언어에서 '자동으로 시간 설정'을 켜고 "
            "다시 시도하세요."
        )
        message_en = (
            f"The PC clock is {_duration(skew_seconds, 'en')} {en_dir}. SENS rejects requests "
            "more than 5 minutes off. Turn on automatic time setting in the system's date and "
            "time settings, then try again."
        )
        super().__init__(message_en, message_ko, status=status, body=body)


class SensServiceNotFoundError(SensError):
    """The SENS service ID does not exist (or does not belong to this key)."""

    def __init__(self, service_id: str, *, status: int | None = 404, body: str | None = None):
        self.service_id = service_id
        super().__init__(
            f"SENS does not know the service ID '{service_id}'. Copy the service ID from the "
            "SENS project in the NAVER Cloud console into Settings > Profile.",
            f"SENS 서비스 ID '{service_id}'를 찾을 수 없습니다. 네이버 클라우드 콘솔의 SENS "
            "프로젝트에서 서비스 ID를 복사해 설정 > 프로필에 입력하세요.",
            status=status,
            body=body,
        )


class SensNotFoundError(SensError):
    """A message, reservation or other item SENS does not have (404)."""

    def __init__(
        self,
        message_en: str = (
            "SENS could not find the requested item. It may be older than 90 days or the ID "
            "may be wrong; search the history again."
        ),
        message_ko: str = (
            "SENS에서 요청한 항목을 찾을 수 없습니다. 90일이 지났거나 ID가 잘못되었을 수 "
            "있습니다. 발송 내역을 다시 조회하세요."
        ),
        *,
        status: int | None = 404,
        body: str | None = None,
    ) -> None:
        super().__init__(message_en, message_ko, status=status, body=body)


class SensValidationError(SensError):
    """SENS (400) or the client refused the request's content; changing the input helps."""

    def __init__(
        self,
        message_en: str,
        message_ko: str,
        *,
        status: int | None = 400,
        body: str | None = None,
    ) -> None:
        super().__init__(message_en, message_ko, status=status, body=body)


class SensQueryRangeError(SensValidationError):
    """A history query the client refuses before asking: SENS keeps only 90 days."""

    def __init__(self, message_en: str, message_ko: str) -> None:
        super().__init__(message_en, message_ko, status=None, body=None)


class SensRateLimitError(SensError):
    """SENS answered 429: too many requests in a short time."""

    retryable = True

    def __init__(
        self, *, status: int | None = 429, body: str | None = None, retry_after: float | None = None
    ) -> None:
        self.retry_after = retry_after
        super().__init__(
            "SENS is receiving too many requests from this account. Wait a minute and try again.",
            "SENS에 요청이 너무 많습니다. 1분쯤 기다린 뒤 다시 시도하세요.",
            status=status,
            body=body,
        )


class SensServerError(SensError):
    """SENS answered 5xx or with something the client cannot read."""

    retryable = True

    def __init__(
        self,
        message_en: str | None = None,
        message_ko: str | None = None,
        *,
        status: int | None = None,
        body: str | None = None,
    ) -> None:
        shown = f" ({status})" if status else ""
        super().__init__(
            message_en
            or f"The SENS server had an error{shown}. Try again in a few minutes; if it keeps "
            "happening, check the NAVER Cloud status page.",
            message_ko
            or f"SENS 서버에 오류가 발생했습니다{shown}. 몇 분 뒤 다시 시도하고, 계속되면 네이버 "
            "클라우드 서비스 상태를 확인하세요.",
            status=status,
            body=body,
        )


class SensNetworkError(SensError):
    """The request never reached SENS (no connection, DNS, proxy): nothing was processed."""

    retryable = True

    def __init__(
        self, message_en: str | None = None, message_ko: str | None = None, *, detail: str = ""
    ) -> None:
        self.detail = detail
        super().__init__(
            message_en
            or "Could not reach the SENS server. Check the internet connection (and proxy or "
            "firewall), then try again. Nothing was sent.",
            message_ko
            or "SENS 서버에 연결할 수 없습니다. 인터넷 연결(프록시, 방화벽)을 확인한 뒤 다시 "
            "시도하세요. 아무것도 발송되지 않았습니다.",
            status=None,
            body=None,
        )


class SensCertificateError(SensNetworkError):
    """The server did not prove it is SENS: its TLS certificate failed verification.

    The request was never written (the handshake failed first), so nothing was sent. The
    usual causes are on the PC's side: a proxy or antivirus that intercepts HTTPS, or a PC
    date far off (every certificate then looks expired or not yet valid). Retrying does not
    help until that is fixed, so the client does not retry it.
    """

    def __init__(self, *, detail: str = "") -> None:
        super().__init__(
            "The SENS server's security certificate could not be verified, so the console "
            "did not connect and nothing was sent. This usually means a proxy or security "
            "program is intercepting HTTPS traffic, or the PC's date and time are wrong. Check "
            "the PC's date and time, or ask your network administrator, then try again.",
            "SENS 서버의 보안 인증서를 확인할 수 없어 연결하지 않았습니다. 아무것도 발송되지 "
            "않았습니다. 보통 HTTPS 통신을 가로채는 프록시·보안 프로그램이 있거나 PC의 날짜와 "
            "시간이 틀린 경우입니다. PC의 날짜와 시간을 확인하거나 네트워크 관리자에게 문의한 "
            "뒤 다시 시도하세요.",
            detail=detail,
        )


class SensAmbiguousSendError(SensError):
    """A send whose outcome is unknown: SENS may or may not have accepted it.

    Raised when the connection failed or timed out after the request was written, or the
    gateway reported that the backend did not answer (502/504). Never resend blindly: look
    the batch up (``list_requests``) first. The client itself never retries this.
    """

    retryable = False

    def __init__(
        self, *, status: int | None = None, body: str | None = None, detail: str = ""
    ) -> None:
        self.detail = detail
        super().__init__(
            "The send request got no clear answer: SENS may or may not have accepted it. Do "
            "not send again yet; check the history first (the console does this for you).",
            "발송 요청에 대한 응답을 받지 못했습니다. 메시지가 접수되었을 수도 있습니다. 다시 "
            "보내지 말고 먼저 발송 내역을 확인하세요(콘솔이 자동으로 확인합니다).",
            status=status,
            body=body,
        )


def server_detail(body: str | None) -> str | None:
    """The human part of a SENS / API Gateway error body, if it has one.

    SENS answers ``{"status": 400, "errorMessage": "..."}``; the API Gateway in front of it
    answers ``{"error": {"errorCode": "200", "message": "...", "details": "..."}}``.
    """
    if not body:
        return None
    try:
        data: Any = strict_json.loads(body)
    except ValueError:
        text = body.strip()
        return text[:300] if text and not text.startswith("<") else None
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    if isinstance(error, dict):
        parts = [str(error[k]) for k in ("message", "details") if error.get(k)]
        if parts:
            return " - ".join(parts)
    for key in ("errorMessage", "message", "statusMessage", "detail", "error"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return None

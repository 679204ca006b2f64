"""The API PLEX error tree (mirrors the SENS one so that callers can treat both alike).

::

    ConsoleError
     └── ApiPlexError                 .status, .body, .code (C401_1, G210 ...), .retryable
          ├── ApiPlexAuthError         C401_x, G120: wrong user ID / secret key
          ├── ApiPlexValidationError   C400_x, C404_1, G210/G220, local checks before sending
          ├── ApiPlexRateLimitError    HTTP 429 from the API gateway
          ├── ApiPlexServerError       C500_1, G2xx/G4xx/G9xx gateway failures, other 5xx
          ├── ApiPlexNetworkError      could not reach the server: nothing was sent
          └── ApiPlexAmbiguousSendError  the send may or may not have been accepted

Request-level errors concern the whole request; per-message rejections of an HTTP 200
answer are *not* errors but :class:`~console.providers.apiplex.models.Acceptance` values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.errors import ConsoleError
from console.providers.apiplex import codes

if TYPE_CHECKING:
    from console.providers.apiplex.models import Acceptance


class ApiPlexError(ConsoleError):
    """An API PLEX request failed as a whole."""

    def __init__(
        self,
        message_en: str,
        message_ko: str | None = None,
        *,
        status: int | None = None,
        body: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message_en, message_ko)
        #: HTTP status of the answer (None when there was none).
        self.status = status
        #: The server's body text (None when there was none).
        self.body = body
        #: The documented code (C401_1, G210 ...) when the body carried one.
        self.code = code
        #: In a split send: the acceptances of the earlier requests, answered before this
        #: error (later requests were not sent).
        self.accepted_before: tuple[Acceptance, ...] = ()


class ApiPlexAuthError(ApiPlexError):
    """The user ID or secret key was refused."""


class ApiPlexValidationError(ApiPlexError):
    """The request was malformed or broke a documented bound; fix it before resending."""

    def __init__(
        self,
        message_en: str,
        message_ko: str | None = None,
        *,
        status: int | None = None,
        body: str | None = None,
        code: str | None = None,
        problems: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message_en, message_ko, status=status, body=body, code=code)
        #: One line per problem found by the local checks (English, for logs and tests).
        self.problems = problems


class ApiPlexRateLimitError(ApiPlexError):
    retryable = True


class ApiPlexServerError(ApiPlexError):
    retryable = True


class ApiPlexNetworkError(ApiPlexError):
    """The server could not be reached; the request was certainly not processed."""

    retryable = True


class ApiPlexAmbiguousSendError(ApiPlexError):
    """The request was written but no answer came: it may or may not have been accepted.

    Never retried by the client. API PLEX has no lookup by msg_key, so the caller should
    keep the msg_keys (``msg_keys``) as "unknown" and wait for their webhook results;
    resending with the *same* msg_keys lets API PLEX flag duplicates (result code "q").
    """

    def __init__(
        self,
        message_en: str,
        message_ko: str | None = None,
        *,
        status: int | None = None,
        body: str | None = None,
        code: str | None = None,
        msg_keys: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message_en, message_ko, status=status, body=body, code=code)
        self.msg_keys = msg_keys


def error_for_code(
    code: str, status: int | None, body: str | None, detail: str = ""
) -> ApiPlexError:
    """The error for a documented request-level/gateway `code` (None-safe for unknown codes)."""
    known = codes.request_error(code)
    what_en = known.en if known else f"Unknown error code {code}"
    what_ko = known.ko if known else f"알 수 없는 오류 코드 {code}"
    suffix_en = f" ({detail})" if detail else ""
    if code.startswith("C401") or code == "G120":
        return ApiPlexAuthError(
            f"API PLEX refused the credentials: {what_en}{suffix_en}. "
            "Check the user ID and secret key of the profile in Settings.",
            f"API PLEX가 인증 정보를 거부했습니다: {what_ko}. "
            "설정에서 프로필의 사용자 ID와 비밀키(secret key)를 확인하세요.",
            status=status, body=body, code=code,
        )
    if code.startswith(("C400", "C404")) or code in ("G210", "G220"):
        return ApiPlexValidationError(
            f"API PLEX refused the request: {what_en}{suffix_en}. "
            "Nothing was sent; check the message fields and the service ID.",
            f"API PLEX가 요청을 거부했습니다: {what_ko}. "
            "발송되지 않았습니다. 메시지 항목과 서비스 ID를 확인하세요.",
            status=status, body=body, code=code,
        )
    if code == "G310":
        return ApiPlexError(
            f"API PLEX could not charge the account: {what_en}. "
            "Check the account's credit with CJ API PLEX.",
            f"API PLEX 계정 차감에 실패했습니다: {what_ko}. API PLEX 계정의 잔액을 확인하세요.",
            status=status, body=body, code=code,
        )
    return ApiPlexServerError(
        f"API PLEX reported a server error: {what_en}{suffix_en}. Try again in a few minutes.",
        f"API PLEX 서버 오류입니다: {what_ko}. 몇 분 후에 다시 시도하세요.",
        status=status, body=body, code=code,
    )

"""NAVER Cloud SENS SMS v2: signed, typed async client (see ``client.SensClient``)."""

from .client import DEFAULT_BASE_URL, RetryPolicy, SensClient
from .errors import (
    SensAmbiguousSendError,
    SensAuthError,
    SensClockSkewError,
    SensError,
    SensNetworkError,
    SensNotFoundError,
    SensQueryRangeError,
    SensRateLimitError,
    SensServerError,
    SensServiceNotFoundError,
    SensValidationError,
)
from .models import (
    MAX_MESSAGES_PER_REQUEST,
    MessageItem,
    MessageRecord,
    MessageResult,
    ReservationStatusResult,
    ResultFile,
    SendMessageRequest,
    SendMessageResponse,
    Unsubscribe,
    UploadedFile,
)
from .signing import SensAuth, signature

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_MESSAGES_PER_REQUEST",
    "MessageItem",
    "MessageRecord",
    "MessageResult",
    "ReservationStatusResult",
    "ResultFile",
    "RetryPolicy",
    "SendMessageRequest",
    "SendMessageResponse",
    "SensAmbiguousSendError",
    "SensAuth",
    "SensAuthError",
    "SensClient",
    "SensClockSkewError",
    "SensError",
    "SensNetworkError",
    "SensNotFoundError",
    "SensQueryRangeError",
    "SensRateLimitError",
    "SensServerError",
    "SensServiceNotFoundError",
    "SensValidationError",
    "Unsubscribe",
    "UploadedFile",
    "signature",
]

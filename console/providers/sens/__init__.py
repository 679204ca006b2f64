"""NAVER Cloud SENS SMS v2: signed, typed async client (see ``client.SensClient``).

The public names below are re-exported here but imported on first use: services import
``console.providers.sens.errors`` and friends at start-up, which must not load httpx
and the client with them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import DEFAULT_BASE_URL, RetryPolicy, SensClient
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

#: Where each public name lives (its submodule), imported on first access.
_SOURCES: dict[str, str] = {
    "DEFAULT_BASE_URL": "client",
    "MAX_MESSAGES_PER_REQUEST": "models",
    "MessageItem": "models",
    "MessageRecord": "models",
    "MessageResult": "models",
    "ReservationStatusResult": "models",
    "ResultFile": "models",
    "RetryPolicy": "client",
    "SendMessageRequest": "models",
    "SendMessageResponse": "models",
    "SensAmbiguousSendError": "errors",
    "SensAuth": "signing",
    "SensAuthError": "errors",
    "SensCertificateError": "errors",
    "SensClient": "client",
    "SensClockSkewError": "errors",
    "SensError": "errors",
    "SensNetworkError": "errors",
    "SensNotFoundError": "errors",
    "SensQueryRangeError": "errors",
    "SensRateLimitError": "errors",
    "SensServerError": "errors",
    "SensServiceNotFoundError": "errors",
    "SensValidationError": "errors",
    "Unsubscribe": "models",
    "UploadedFile": "models",
    "signature": "signing",
}

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
    "SensCertificateError",
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


if not TYPE_CHECKING:  # (type checkers see the imports above instead)

    def __getattr__(name: str) -> Any:
        """Import a re-exported name from its submodule on first use (PEP 562)."""
        module = _SOURCES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *_SOURCES})

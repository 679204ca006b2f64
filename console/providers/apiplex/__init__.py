"""CJ API PLEX provider: Biz Message (SMS/LMS/MMS) and GMS global SMS (async httpx, no Qt).

The public names below are re-exported here but imported on first use: Compose and the
services import ``console.providers.apiplex.validation`` and friends at start-up, which
must not load httpx and the client with them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from console.providers.apiplex.client import (
        DEFAULT_HOSTS,
        GMS_SEND_PATH,
        SERVICE_IDS,
        ApiPlexAuth,
        ApiPlexClient,
    )
    from console.providers.apiplex.errors import (
        ApiPlexAmbiguousSendError,
        ApiPlexAuthError,
        ApiPlexError,
        ApiPlexNetworkError,
        ApiPlexRateLimitError,
        ApiPlexServerError,
        ApiPlexValidationError,
    )
    from console.providers.apiplex.models import (
        GMS_DEFAULT_SENDER,
        Acceptance,
        BizMessage,
        DeliveryResult,
        GmsMessage,
        new_msg_key,
    )
    from console.providers.apiplex.validation import (
        biz_problems,
        measure_euckr,
        normalize_gms_number,
    )
    from console.providers.apiplex.webhook import (
        SUCCESS_ANSWER,
        WebhookFormatError,
        parse_webhook_body,
    )

#: Where each public name lives (its submodule), imported on first access.
_SOURCES: dict[str, str] = {
    "DEFAULT_HOSTS": "client",
    "GMS_DEFAULT_SENDER": "models",
    "GMS_SEND_PATH": "client",
    "SERVICE_IDS": "client",
    "SUCCESS_ANSWER": "webhook",
    "Acceptance": "models",
    "ApiPlexAmbiguousSendError": "errors",
    "ApiPlexAuth": "client",
    "ApiPlexAuthError": "errors",
    "ApiPlexClient": "client",
    "ApiPlexError": "errors",
    "ApiPlexNetworkError": "errors",
    "ApiPlexRateLimitError": "errors",
    "ApiPlexServerError": "errors",
    "ApiPlexValidationError": "errors",
    "BizMessage": "models",
    "DeliveryResult": "models",
    "GmsMessage": "models",
    "WebhookFormatError": "webhook",
    "biz_problems": "validation",
    "measure_euckr": "validation",
    "new_msg_key": "models",
    "normalize_gms_number": "validation",
    "parse_webhook_body": "webhook",
}

__all__ = [
    "DEFAULT_HOSTS",
    "GMS_DEFAULT_SENDER",
    "GMS_SEND_PATH",
    "SERVICE_IDS",
    "SUCCESS_ANSWER",
    "Acceptance",
    "ApiPlexAmbiguousSendError",
    "ApiPlexAuth",
    "ApiPlexAuthError",
    "ApiPlexClient",
    "ApiPlexError",
    "ApiPlexNetworkError",
    "ApiPlexRateLimitError",
    "ApiPlexServerError",
    "ApiPlexValidationError",
    "BizMessage",
    "DeliveryResult",
    "GmsMessage",
    "WebhookFormatError",
    "biz_problems",
    "measure_euckr",
    "new_msg_key",
    "normalize_gms_number",
    "parse_webhook_body",
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
